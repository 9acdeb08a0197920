"""Stage ``clean``: the combined prefilters never hide a line that a pattern row matches."""

from __future__ import annotations

import pytest
from jianghua import resources
from jianghua.clean import INLINE_PATTERNS, LINE_PATTERNS
from jianghua.split import _COLLECTION_PATTERNS, collection_heading
from jianghua.structure import _ANY_MARKER, MARKERS


def _seed_lines(seed_pages) -> list[str]:
    lines = [line.text for page in seed_pages.values() for line in page.lines if line.text]
    lines += [line.canon for page in seed_pages.values() for line in page.lines]
    return lines


@pytest.mark.parametrize("table", [LINE_PATTERNS, INLINE_PATTERNS])
def test_the_union_of_a_pattern_table_finds_every_line_a_row_finds(seed_pages, table):
    union = resources.any_pattern(table)
    assert union is not None
    rows = resources.pattern_table(table)
    hits = 0
    for text in _seed_lines(seed_pages):
        row_hit = any(pattern.search(text) for _code, pattern, _d in rows)
        assert bool(union.search(text)) == row_hit, text
        hits += row_hit
    assert hits > 0 or table == INLINE_PATTERNS


def test_a_table_with_back_references_gets_no_union(monkeypatch):
    import re

    rows = (("a", re.compile(r"(x)\1"), ""), ("b", re.compile("y"), ""))
    monkeypatch.setattr(resources, "pattern_table", lambda name: rows)
    resources.any_pattern.cache_clear()
    try:
        assert resources.any_pattern("whatever.tsv") is None
    finally:
        resources.any_pattern.cache_clear()


def test_marker_and_collection_prefilters_agree_with_the_rows(seed_pages):
    texts = _seed_lines(seed_pages) + ["第一篇：竞争上岗动员讲话", "篇二 述职报告", "一、提高认识", "（三）严格程序", "①报名"]
    markers = collection = 0
    for text in texts:
        row_marker = any(pattern.match(text) for _kind, pattern in MARKERS)
        assert bool(_ANY_MARKER.match(text)) == row_marker, text
        markers += row_marker
        if any(pattern.match(text) for pattern in _COLLECTION_PATTERNS):
            collection += 1
            assert "篇" in text
    assert markers > 20 and collection >= 2
    assert collection_heading("第一篇：竞争上岗动员讲话").number == 1
