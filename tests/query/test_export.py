"""Rule value rows (jianghua.query.export): one row per evidenced value."""

from __future__ import annotations

from jianghua.query.export import rule_value_rows


def test_evidence_outside_the_text_gives_a_row_without_text_offsets():
    body = {"doc_id": "d", "start": 1, "end": 5, "orig_start": 1, "orig_end": 5, "text": "县水利局", "sentence": "经县水利局研究。"}
    title = {"doc_id": "d", "start": 0, "end": 5, "orig_start": 0, "orig_end": 5, "text": "镇党委书记",
             "sentence": "镇党委书记在动员会上的讲话", "source": "title"}
    record = {"organization": {"name": "县水利局", "evidence": body}, "speaker": {"role": "镇党委书记", "evidence": title}}
    rows = list(rule_value_rows("d", record))
    assert [(r["field"], r["start"], r["end"], r["orig_start"], r["orig_end"], r["sentence"]) for r in rows] == [
        ("organization", 1, 5, 1, 5, "经县水利局研究。"), ("speaker", None, None, None, None, "镇党委书记在动员会上的讲话")]
