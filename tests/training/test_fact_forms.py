"""The rule passages written in real pages' forms (jianghua.training.fact_forms) and the training units
made of them (train_facts.form_rows)."""

from __future__ import annotations

import re
from collections import Counter

from jianghua.stages.extract import learned
from jianghua.training import fact_forms, train_facts


def test_every_form_is_a_field_the_step_builds_values_for():
    assert set(fact_forms.FORMS) <= set(learned.BUILDERS)


def test_each_template_gives_its_passages_and_each_passage_one_rule_between_two_clauses_of_none():
    passages = fact_forms.passages()
    templates = sum(len(templates) for _headings, templates in fact_forms.FORMS.values())
    assert len(passages) == templates * fact_forms.PER_TEMPLATE
    counts = Counter(label for _text, label in fact_forms.labelled_clauses())
    for field, (_headings, templates) in fact_forms.FORMS.items():
        lone_steps = sum(template == "{step}" for template in templates)  # (a step alone: three clauses a passage)
        assert counts[field] == (len(templates) + 2 * lone_steps) * fact_forms.PER_TEMPLATE
    assert counts[fact_forms.NONE] == 2 * len(passages)
    assert all(p.clauses[0][1] == p.clauses[-1][1] == fact_forms.NONE for p in passages)


def test_a_clause_is_one_unit_filled_and_the_fillers_vary():
    clauses = [text for text, _label in fact_forms.labelled_clauses()]
    assert not [text for text in clauses if "{" in text or re.search("[。；，！？]", text) or len(text) < learned.MIN_UNIT]
    rules = [text for text, label in fact_forms.labelled_clauses() if label == "organization"]
    assert len(set(rules)) == len(rules)  # no two organization passages read alike
    assert fact_forms.passages() == fact_forms.passages()  # (deterministic)


def test_form_units_carry_their_label_and_tokens_as_a_documents_units_do():
    rows = train_facts.form_rows()
    passage = fact_forms.passages()[0]
    first = rows[:len(passage.clauses)]
    assert [row.text for row in first] == [text for text, _label in passage.clauses]
    assert [row.label for row in first] == [label for _text, label in passage.clauses]
    assert first[1].tokens == learned.unit_tokens(passage.clauses[1][0], passage.heading, passage.clauses[0][0],
                                                  passage.clauses[2][0], 1, 3, passage.genre, passage.topic)
    assert all(row.page.startswith(train_facts.FORMS_PAGE) and not row.covered and row.values == {} for row in rows)
