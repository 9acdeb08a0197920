"""Field-level matching of rules records (what evaluate counts)."""

import json

import pytest
from jianghua.training.rules_eval import evaluate, flatten, normalize_value


@pytest.mark.parametrize(("value", "expected"), [
    (45, 45), (45.0, 45), (0.333333, 0.3333), ("  ４５周岁 ", "45周岁"), ([4, 3, 1.5], (4, 3, 1.5)), (True, True),
])
def test_normalize_value(value, expected):
    assert normalize_value(value) == expected


def test_flatten_keys_list_items_and_ignores_evidence_and_helpers():
    record = {"schema": "campaign-rules.v1", "doc_id": "d",
              "positions": [{"title": "团委书记", "status": "vacant", "evidence": {"start": 1}}],
              "timeline": [{"stage": "报名", "start": "--06-12", "label": "组织报名", "text": "6月12日"}],
              "scoring": {"rater_weights": [{"groups": ["a", "b"], "ratio": [4, 6], "weights": [0.4, 0.6]}],
                          "scale": None},
              "statistics": []}
    assert flatten(record) == {
        ("positions[团委书记].title", "团委书记"), ("positions[团委书记].status", "vacant"),
        ("timeline[报名].stage", "报名"), ("timeline[报名].start", "--06-12"),
        ("scoring.rater_weights[a+b].groups", ("a", "b")), ("scoring.rater_weights[a+b].ratio", (4, 6)),
        ("scoring.rater_weights[a+b].weights", (0.4, 0.6)),
    }


def test_precision_and_recall_are_field_level(tmp_path):
    (tmp_path / "p.txt#1.json").write_text(json.dumps(
        {"doc": "p.txt#1", "organization": {"name": "金港镇"}, "people": [{"name": "王秀卓", "role": "局长"}]}),
        encoding="utf-8")
    predicted = {"p.txt#1": {"organization": {"name": "金港镇", "evidence": {}},
                             "people": [{"name": "王秀卓", "role": "副局长"}]},
                 "other.txt#1": {"organization": {"name": "不计"}}}
    result = evaluate(tmp_path, predicted)
    assert (result["matched"], result["predicted"], result["golden"]) == (2, 3, 3)
    assert result["precision"] == pytest.approx(2 / 3) and result["recall"] == pytest.approx(2 / 3)
    assert result["documents"]["p.txt#1"]["missed"] == [("people[王秀卓].role", "局长")]
