"""Training of the learned fact units (jianghua.training.train_facts): units and labels from the dev split,
thresholds chosen on grouped cross-validation, the model file."""

from __future__ import annotations

import shutil

import pytest
from jianghua.stages.extract import learned
from jianghua.training import train_facts
from jianghua.training.train_facts import Collected, UnitRow


def _row(page, best_field, keys_per_value, covered=False, label="none"):
    return UnitRow(page, [], label, covered, {best_field: keys_per_value})


def test_thresholds_need_precision_over_all_units_and_over_the_added_ones():
    facts = {f"f{i}": "positions" for i in range(8)} | {"s1": "stages", "s2": "stages"}
    rows = ([_row("a", "positions", [[f"f{i}"]]) for i in range(6)]  # six right values
            + [_row("a", "positions", [[]])]  # ... one wrong, scored lower
            + [_row("b", "stages", [["s1"], []], covered=False), _row("b", "stages", [["s2"]], covered=True)])
    scored = [("positions", 0.95)] * 6 + [("positions", 0.45)] + [("stages", 0.95), ("stages", 0.95)]
    collected = Collected(rows, facts, found_by_rules={"f0", "f1", "s2"})
    chosen, figures = train_facts.choose_thresholds(collected, scored)
    # positions: 7 values at 0.3 and 0.4 (6/7 = 0.857 right), 6 right of 6 from 0.5 on
    assert chosen == {"positions": 0.5}
    row = figures["positions"]["table"][2]
    assert row["threshold"] == 0.5
    assert row["learner"] == {"values": 6, "right": 6, "precision": 1.0, "facts_found": 6, "facts_labelled": 8, "new_facts": 4}
    # stages: 3 values, 2 right (fewer than MIN_VALUES, and 1 of 2 added values wrong): never added
    assert figures["stages"]["threshold"] is None
    assert figures["stages"]["table"][0]["added"] == {"values": 2, "right": 1, "precision": 0.5, "facts_found": 1,
                                                      "facts_labelled": 2, "new_facts": 1}


def test_classes_keep_fields_with_enough_units():
    rows = [UnitRow("a", [], "stages", False)] * train_facts.MIN_CLASS_UNITS + [UnitRow("a", [], "panel", False)] * 3 + [
        UnitRow("a", [], learned.NONE, False)]
    assert train_facts.classes_of(rows) == {"stages": "stages", "panel": learned.OTHER, learned.NONE: learned.NONE}
    assert train_facts.learnable(rows)
    assert not train_facts.learnable([UnitRow("a", [], learned.NONE, False)] * 5)


@pytest.fixture(scope="module")
def two_pages(devset_dir, tmp_path_factory):
    root = tmp_path_factory.mktemp("devset")
    for sub in ("labels", "pages"):
        (root / sub).mkdir()
    for page_id in ("plan-01", "mob-01"):
        shutil.copy(devset_dir / "labels" / f"{page_id}.json", root / "labels")
        shutil.copy(devset_dir / "pages" / f"{page_id}.txt", root / "pages")
    return root


def test_collected_units_carry_the_labels_of_the_facts_they_lie_in(two_pages):
    collected = train_facts.collect(two_pages)
    assert {row.page for row in collected.rows} == {"plan-01", "mob-01"}
    labelled = [row for row in collected.rows if row.label != learned.NONE]
    assert labelled and all(row.label in set(collected.facts.values()) for row in labelled)
    # a value a unit gives is right only by a fact of the same page and a fact key the collection knows
    for row in collected.rows:
        for keys in row.values.values():
            assert all(key.startswith(row.page + "#") and key in collected.facts for value in keys for key in value)
    assert collected.found_by_rules <= set(collected.facts)


@pytest.mark.slow
def test_retraining_gives_the_shipped_model(devset_dir, tmp_path):
    pytest.importorskip("sklearn")
    summary = train_facts.train(tmp_path / "model.json", root=devset_dir)
    shipped = (learned.resources.path(learned.MODEL_RESOURCE)).read_text(encoding="utf-8")
    assert (tmp_path / "model.json").read_text(encoding="utf-8") == shipped
    assert summary["thresholds"] == dict(learned.load_model().thresholds)


def test_thresholds_are_chosen_apart_on_the_units_of_reports_and_of_other_texts():
    facts = {f"o{i}": "eligibility.other" for i in range(12)} | {f"s{i}": "stages" for i in range(6)}
    rows = ([UnitRow("a", [], "eligibility.other", False, {"eligibility.other": [[f"o{i}"]]}) for i in range(6)]
            + [UnitRow("r", [], "eligibility.other", False, {"eligibility.other": [[f"o{i}"] if i < 9 else []]}, report=True)
               for i in range(6, 12)]  # in reports, half of the conditions are wrong
            + [UnitRow("r", [], "stages", False, {"stages": [[f"s{i}"]]}, report=True) for i in range(6)])
    scored = [("eligibility.other", 0.95)] * 12 + [("stages", 0.95)] * 6
    collected = Collected(rows, facts, found_by_rules=set())
    texts = train_facts.field_figures(collected, scored, "eligibility.other", 0.5, only_uncovered=False, report=False)
    reports = train_facts.field_figures(collected, scored, "eligibility.other", 0.5, only_uncovered=False, report=True)
    every = train_facts.field_figures(collected, scored, "eligibility.other", 0.5, only_uncovered=False)
    assert [(f["values"], f["right"]) for f in (texts, reports, every)] == [(6, 6), (6, 3), (12, 9)]
    assert train_facts.choose_thresholds(collected, scored, report=False)[0] == {"eligibility.other": 0.3}
    assert train_facts.choose_thresholds(collected, scored, report=True)[0] == {"stages": 0.3}


def test_a_report_threshold_needs_right_values_the_step_adds():
    # in reports, tenures are right at every threshold, but the written rules cover each of them: the step would
    # add nothing there, so what it would add on real reports (a person's own years of service) was never measured
    facts = {f"t{i}": "eligibility.tenure" for i in range(8)} | {f"p{i}": "positions" for i in range(8)}
    rows = ([UnitRow("r", [], "eligibility.tenure", True, {"eligibility.tenure": [[f"t{i}"]]}, report=True) for i in range(8)]
            + [UnitRow("r", [], "positions", i >= 4, {"positions": [[f"p{i}"]]}, report=True) for i in range(8)])
    scored = [("eligibility.tenure", 0.95)] * 8 + [("positions", 0.95)] * 8
    collected = Collected(rows, facts, found_by_rules=set())
    chosen, figures = train_facts.choose_thresholds(collected, scored, report=True)
    assert chosen == {}  # positions: 4 right values added, fewer than MIN_VALUES
    assert figures["eligibility.tenure"]["table"][0]["added"]["values"] == 0
    assert figures["positions"]["table"][0]["added"]["right"] == 4 < train_facts.MIN_VALUES
    # ... while texts stating rules keep their rule (an untested addition there is one the rules would make)
    as_texts = Collected([UnitRow(r.page, r.tokens, r.label, r.covered, r.values) for r in rows], facts, set())
    assert train_facts.choose_thresholds(as_texts, scored, report=False)[0] == {"eligibility.tenure": 0.3, "positions": 0.3}
    rows.append(UnitRow("r", [], "positions", False, {"positions": [["p7"]]}, report=True))  # a fifth right value added
    assert train_facts.choose_thresholds(Collected(rows, facts, set()), [*scored, ("positions", 0.95)], report=True)[0] == {
        "positions": 0.3}
