"""The devset scorer (jianghua.training.devset) on the labelled development pages, and the pipeline's floors on
the test split (tests/golden/devset_floors.json)."""

from __future__ import annotations

import json

import pytest
from jianghua.errors import JianghuaError
from jianghua.training.devset import (
    ProducedDoc,
    extracted_values,
    fold,
    furniture_line_numbers,
    labelled_bodies,
    load_devset,
    macro_f1,
    page_split,
    score_page,
)

from ..conftest import GOLDEN


def test_fold_drops_pinyin_punctuation_and_script():
    assert fold("領(lǐng)導幹部， 競聘ＡＢ１２！") == "领导干部竞聘ab12"
    assert fold("個(ge) 人") == "个人"


def test_split_rule_and_unknown_split(devset_dir):
    assert page_split("mob-03") == "test" and page_split("mob-04") == "dev"
    with pytest.raises(JianghuaError, match="Q720"):
        load_devset(devset_dir, "train")


def test_every_label_matches_its_page(devset_dir):
    pages = load_devset(devset_dir, "all")
    assert len(pages) == 136
    assert sum(len(p.documents) for p in pages) == 171
    for page in pages:
        assert len(furniture_line_numbers(page)) == len(page.furniture), page.id
        for doc, body in zip(page.documents, labelled_bodies(page), strict=True):
            assert body, (page.id, doc.ordinal)
            # the label's ends are raw characters: they may run into a furniture line, never past it
            assert fold(body).startswith(fold(doc.first)[:3]) and fold(body).endswith(fold(doc.last)[-3:]), (page.id, doc.ordinal)


def _produced(text: str, title: str = "", rules=None, genre="other", topic="other") -> ProducedDoc:
    return ProducedDoc(1, title, text, genre, topic, rules)


def test_two_documents_opening_on_the_same_words_are_no_merge(tmp_path):
    """Each document's ends are looked for in the other's text only beyond what its own body holds."""
    from jianghua.training.devset import LabelledDoc, LabelledPage

    one = "尊敬的各位领导、各位评委：\n大家好！我竞聘办公室主任一职。\n请大家支持我，谢谢大家！"
    two = "尊敬的各位领导、各位评委：\n大家好！我竞聘财务科科长一职。\n我会守好每一分钱。谢谢！"
    raw = f"{one}\n{two}\n"
    docs = [LabelledDoc(n, "", "candidate_speech", "competitive_selection", True, body[:12], body[-12:], [])
            for n, body in enumerate((one, two), start=1)]
    page = LabelledPage("cand-01", tmp_path / "cand-01.txt", raw, "", "", [], [], docs)
    apart = score_page(page, [_produced(one), _produced(two)])
    assert dict(apart.documents) == {"whole": 2, "spurious": 0}
    together = score_page(page, [_produced(raw)])
    assert together.documents["merged"] == 2


def test_score_page_counts_merges_furniture_and_facts(devset_dir):
    page = next(p for p in load_devset(devset_dir, "dev") if len(p.documents) >= 2)
    bodies = labelled_bodies(page)
    merged = _produced("\n".join(bodies) + "\n" + page.furniture[0] if page.furniture else "\n".join(bodies))
    score = score_page(page, [merged])
    assert score.documents["merged"] == len(page.documents) and score.documents["whole"] == 0
    assert score.body_lost == 0
    if page.furniture:
        assert page.furniture[0].strip() in score.furniture_left
    apart = [ProducedDoc(i + 1, d.title, body, d.genre, d.topic, None) for i, (d, body) in
             enumerate(zip(page.documents, bodies, strict=True))]
    score = score_page(page, apart)
    assert score.documents["whole"] == len(page.documents) and not score.furniture_left
    assert score.titles_right == len(page.documents)
    assert all(g == p for g, p in score.genre + score.topic)


def test_a_fact_is_found_by_evidence_inside_its_span(devset_dir):
    page = next(p for p in load_devset(devset_dir, "dev") if len(p.documents) == 1 and p.documents[0].facts)
    body = labelled_bodies(page)[0]
    fact = next(f for f in page.documents[0].facts if f["span"] in body)
    start = body.index(fact["span"])
    rules = {"x": {"value": 1, "evidence": {"start": start, "end": start + len(fact["span"])}},
             "y": [{"value": 2, "evidence": {"start": 0, "end": 1}}]}
    assert [name for name, _e in extracted_values(rules)] == ["x", "y"]
    score = score_page(page, [_produced(body, rules=rules)])
    assert any(f["found"] and f["span"] == fact["span"] for f in score.facts)
    assert [v["in_fact"] for v in score.values][0] is True


def test_macro_f1_counts_missing_documents_as_wrong():
    f1, per = macro_f1([("a", "a"), ("b", "(not found)")], ["a", "b"])
    assert per["a"]["f1"] == 1.0 and per["b"]["f1"] == 0.0 and f1 == 0.5


def test_test_split_floors(devset_test_report):
    floors = json.loads((GOLDEN / "devset_floors.json").read_text(encoding="utf-8"))
    o = devset_test_report["overall"]
    assert o["documents"]["labelled"] == 50
    assert o["documents"]["whole_share"] >= floors["documents_whole_share"]
    assert o["documents"]["merged"] <= floors["documents_merged_max"]
    assert o["furniture"]["removed_share"] >= floors["furniture_removed_share"]
    assert o["body"]["lost_share"] <= floors["body_lost_share_max"]
    assert o["titles"]["right_share"] >= floors["titles_right_share"]
    assert o["genre"]["macro_f1"] >= floors["genre_macro_f1"]
    assert o["topic"]["macro_f1"] >= floors["topic_macro_f1"]
    assert o["facts"]["recall"] >= floors["fact_recall"]
    assert o["facts"]["precision"] >= floors["fact_precision"]


def test_cli_evaluate_devset_json(devset_dir):
    from jianghua.interfaces.cli import app
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, ["evaluate", "devset", "--root", str(devset_dir), "--split", "test", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["split"] == "test" and report["overall"]["pages"] == 42
    assert set(report["by_kind"]) == {"cand", "exp", "mob", "mtg", "news", "oth", "plan"}
    bad = CliRunner().invoke(app, ["evaluate", "devset", "--root", str(devset_dir), "--split", "nope"])
    assert bad.exit_code == 2 and "Q720" in bad.output and "test, dev, all" in bad.output


def test_evidence_cited_from_a_removed_metadata_line_is_matched_in_that_line(devset_dir):
    # a dev page whose labelled date stands in a furniture line (the page's stamp), read at run time
    page, fact, line = next((p, f, line) for p in load_devset(devset_dir, "dev") if len(p.documents) == 1
                            for f in p.documents[0].facts if f["field"] == "date_of_text"
                            for line in p.furniture if f["span"] in line)
    body = labelled_bodies(page)[0]
    at = line.index(fact["span"])
    metadata = {"start": at, "end": at + len(fact["span"]), "text": fact["span"], "sentence": line, "source": "metadata"}
    score = score_page(page, [_produced(body, rules={"date_of_text": {"value": "x", "evidence": metadata}})])
    assert [f["found"] for f in score.facts if f["span"] == fact["span"]] == [True]
    assert [v["in_fact"] for v in score.values] == [True]
    # the same offsets read in a line that does not hold the span there: neither found nor in a fact
    elsewhere = {**metadata, "sentence": "某" * at + "无关的文字" * 5}
    score = score_page(page, [_produced(body, rules={"date_of_text": {"value": "x", "evidence": elsewhere}})])
    assert [f["found"] for f in score.facts if f["span"] == fact["span"]] == [False]
    assert [v["in_fact"] for v in score.values] == [False]


def test_evidence_cited_from_the_title_is_matched_in_the_title():
    from jianghua.training.devset import _outside_holds

    title = "镇党委书记在竞聘动员会上的讲话"
    evidence = {"start": 0, "end": 5, "sentence": title, "source": "title"}
    assert _outside_holds("镇党委书记", evidence) and _outside_holds("鎮黨委書記在", evidence)
    assert not _outside_holds("竞聘动员会", evidence)  # in the title, but not around the evidence
    assert not _outside_holds("党委书记", {**evidence, "start": 6, "end": 8})


def test_a_value_with_mentions_is_one_value_found_by_any_of_its_places():
    from jianghua.training.devset import value_evidences

    first, second = {"start": 0, "end": 2, "text": "甲局"}, {"start": 10, "end": 12, "text": "甲局"}
    rules = {"organization": {"name": "甲局", "evidence": first, "mentions": [first, second]}}
    assert list(value_evidences(rules)) == [("organization", [first, second])]
    assert list(extracted_values(rules)) == [("organization", first)]


def test_organization_mentions_count_only_against_organization_facts(tmp_path):
    """A mention of the organization found inside another field's fact neither finds that fact nor makes the
    organization a correct value; against an organization fact it does both."""
    from jianghua.training.devset import LabelledDoc, LabelledPage

    text = "县水利局决定开展中层干部竞争上岗。竞聘报名工作由县水利局负责组织实施。"
    second = text.index("县水利局", 4)
    own, mention = {"start": 0, "end": 4, "text": "县水利局"}, {"start": second, "end": second + 4, "text": "县水利局"}
    rules = {"organization": {"name": "县水利局", "evidence": own, "mentions": [own, mention]}}

    def scored(facts):
        doc = LabelledDoc(1, "", "plan_or_regulation", "competitive_selection", True, text[:12], text[-12:], facts)
        page = LabelledPage("plan-01", tmp_path / "plan-01.txt", text, "", "", [], [], [doc])
        return score_page(page, [_produced(text, rules=rules)])

    other_field = scored([{"field": "stages", "span": "竞聘报名工作由县水利局负责组织实施", "value": ""}])
    assert [f["found"] for f in other_field.facts] == [False]
    assert [(v["field"], v["in_fact"]) for v in other_field.values] == [("organization", False)]
    its_own = scored([{"field": "organization", "span": "由县水利局负责", "value": "县水利局"}])
    assert [f["found"] for f in its_own.facts] == [True]
    assert [(v["field"], v["in_fact"]) for v in its_own.values] == [("organization", True)]
