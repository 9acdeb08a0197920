"""bench/probe_rules.py: its cases parse with every fact span inside its text, come in two halves, and
the scorer counts a found fact and a false value as the devset scorer does."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import probe_rules  # noqa: E402


def test_cases_parse_into_two_halves_with_their_spans_in_their_texts():
    cases = probe_rules.cases()
    assert {case.half for case in cases} == set(probe_rules.HALVES)
    assert len({case.id for case in cases}) == len(cases)
    for case in cases:
        assert all(fact["span"] in case.raw for fact in case.facts), case.id


def test_a_span_outside_its_text_is_an_error_of_the_file(tmp_path):
    path = tmp_path / "rules.tsv"
    path.write_text("x\ttune\t标题\\n正文写明任期三年。\tratios.term_years=任期五年\n", encoding="utf-8")
    with pytest.raises(ValueError, match="任期五年"):
        probe_rules.cases(path)


def test_the_scorer_counts_found_facts_and_false_values(tmp_path):
    path = tmp_path / "rules.tsv"
    # a plan stating a term (a fact) and a trap: a speech's narrative figures (no fact)
    path.write_text("t1\ttune\t关于选派干部驻村的实施方案\\n一、选派干部驻村任期两年，期满轮换。\tratios.term_years=驻村任期两年\n"
                    "t2\thold\t在全县经济工作会议上的讲话\\n同志们：\\n去年全县粮食总产量达到32万吨。\t\n", encoding="utf-8")
    report = probe_rules.score(probe_rules.cases(path))
    assert (report["tune"]["facts"], report["tune"]["found"]) == (1, 1)
    assert report["tune"]["values"] == report["tune"]["in_fact"] >= 1
    assert (report["hold"]["facts"], report["hold"]["values"], report["hold"]["in_fact"]) == (0, 0, 0)
