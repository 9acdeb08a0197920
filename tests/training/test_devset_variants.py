"""bench/devset_variants.py: the wrap at another width and the ragged wrap break only long lines, keep
every character in order, and never leave a full-width mark at a line's start."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import devset_variants  # noqa: E402

# made-up lines (not devset text): a short title, a long paragraph with marks
TITLE = "关于开展驻村帮扶工作的通知"
PARAGRAPH = ("各乡镇党委、县直各单位：为深入推进乡村振兴，县委决定从机关选派干部驻村帮扶，现将有关事项通知如下。"
             "驻村干部每月在村时间不少于二十天，由乡镇党委负责日常管理，县委组织部每季度督查一次，年底考核。")


def test_wrap_at_a_width_breaks_long_lines_only():
    wrapped = devset_variants._wrap_at(23)(f"{TITLE}\n{PARAGRAPH}").split("\n")
    assert wrapped[0] == TITLE
    assert [len(line) for line in wrapped[1:-1]] == [23] * (len(PARAGRAPH) // 23)
    assert "".join(wrapped[1:]) == PARAGRAPH


def test_ragged_wrap_keeps_marks_at_line_ends_and_is_the_same_every_run():
    once = devset_variants._ragged(f"{TITLE}\n{PARAGRAPH}")
    lines = once.split("\n")
    assert lines[0] == TITLE and "".join(lines[1:]) == PARAGRAPH
    assert not any(line[0] in devset_variants._NO_LINE_START for line in lines[1:])
    assert all(26 <= len(line) for line in lines[1:-1])
    assert len({len(line) for line in lines[1:]}) > 1
    assert devset_variants._ragged(f"{TITLE}\n{PARAGRAPH}") == once
