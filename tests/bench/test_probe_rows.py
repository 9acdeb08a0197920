"""bench/probe_rows.py: the probes' row reader names the file and line of a malformed row."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from probe_rows import probe_rows  # noqa: E402


def test_rows_skip_comments_and_blank_lines(tmp_path):
    path = tmp_path / "p.tsv"
    path.write_text("# a note\n\na\ttune\tx\nb\thold\ty\n", encoding="utf-8")
    assert list(probe_rows(path, 3, 1, ("tune", "hold"))) == [["a", "tune", "x"], ["b", "hold", "y"]]


@pytest.mark.parametrize("row, reason", [
    ("a\ttune", ":1: 2 tab-separated fields, 3 expected"),
    ("a\tmiddle\tx", ":1: half 'middle' is none of tune, hold"),
])
def test_a_malformed_row_stops_with_its_file_and_line(tmp_path, row, reason):
    path = tmp_path / "p.tsv"
    path.write_text(row + "\n", encoding="utf-8")
    with pytest.raises(SystemExit) as stopped:
        list(probe_rows(path, 3, 1, ("tune", "hold")))
    assert str(stopped.value) == f"{path}{reason}"
