"""bench/probe_who_where.py: its cases are rows of bench/probe/who_where.tsv, read by bench/probe_rows.py."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import probe_who_where  # noqa: E402


def test_the_cases_are_read_with_their_line_breaks_tabs_and_spans():
    cases = {name: (text, expected) for name, text, expected in probe_who_where.CASES}
    assert len(cases) == len(probe_who_where.CASES) == 74
    text, expected = cases["org-issuer-line"]
    assert text.startswith("县委组织部关于选派优秀年轻干部到村任职的通知\n各乡镇党委，县直各单位：\n")
    assert expected == {"organization": ["县委组织部"], "date_of_text": ["2023年4月6日"]}
    assert all(span in text for text, expected in cases.values() for spans in expected.values() for span in spans)
    assert any("\t" in text for text, _expected in cases.values()) and any(
        "\n" in span for _text, expected in cases.values() for spans in expected.values() for span in spans)


def test_a_span_outside_its_text_stops_naming_the_case(tmp_path):
    path = tmp_path / "who_where.tsv"
    path.write_text("# comment\nc1\ttune\t县委组织部\\n通知\torganization=县委组织部 || speaker=王某\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="not in the text of c1"):
        probe_who_where.cases(path)


def test_a_row_of_another_half_stops_with_its_file_and_line(tmp_path):
    path = tmp_path / "who_where.tsv"
    path.write_text("c1\thold\t县委组织部\torganization=县委组织部\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="who_where.tsv:1"):
        probe_who_where.cases(path)
