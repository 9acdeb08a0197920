"""Stage ``clean``: mark every line of a page that is site chrome or page furniture, with a reason.

1. whole-line patterns (``resources/clean/line_patterns.tsv``): navigation, breadcrumbs, metadata,
   tables of contents, pagination, footers, counters, editors' intros;
2. block rules: the title lines under a "related articles" header, a table of contents between
   目录 and 正文, repeats of the page title;
3. lines learned as recurring on most pages of the same site (``learn_site_lines``);
4. inline furniture (``inline_patterns.tsv``): ads and page footers inside a content line.
Removed text is kept on the page (``page.removed``) with its reason code, never silently dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from functools import cache, lru_cache

from . import resources
from .document import Line, Page, Removed
from .normalize import canonical_lines, normalize, normalize_with_positions
from .screens import table_screen

LINE_PATTERNS = "clean/line_patterns.tsv"
INLINE_PATTERNS = "clean/inline_patterns.tsv"
PROTECTED = "clean/protected_lines.txt"

# Site-wide recurring lines: a site needs this many pages before anything is learned from it, and a
# line must recur on this share of them. Formulae of speeches (同志们：) are protected.
SITE_MIN_PAGES = 3
SITE_MIN_SHARE = 0.6
SITE_MAX_LINE_CHARS = 80
# Furniture is short and rarely a sentence; a line with sentence punctuation is only learned when
# it is very short, so that one speech copied onto many pages of a site is never taken for furniture.
SITE_MAX_SENTENCE_CHARS = 25
SITE_MAX_SENTENCE_END_CHARS = 12

# A line under a "related articles" header is a listed title while it is short and has no sentence.
RELATED_MAX_CHARS = 60

_HEADING_MARK = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、．]|第[一二三四五六七八九十]+[，、：])")
_SENTENCE_END = re.compile(r"[。！？；]")
_CLAUSE_MARK = re.compile(r"[，；,;]")
_SENTENCE_MARK = re.compile(r"[。！？!?]")


def site_line_key(line: str) -> str:
    """The canonical form of a short line, under which it is counted across a site's pages ("" for a
    line too long, or too much a sentence, ever to be taken for furniture)."""
    stripped = line.strip()
    if len(stripped) > SITE_MAX_LINE_CHARS:
        return ""
    key = _canonical_line(stripped)
    if len(key) > SITE_MAX_SENTENCE_CHARS and _CLAUSE_MARK.search(key):
        return ""
    if len(key) > SITE_MAX_SENTENCE_END_CHARS and _SENTENCE_MARK.search(key):
        return ""
    return key


def site_line_keys(lines: Iterable[str]) -> set[str]:
    """``{site_line_key(line) for line in lines} - {""}``, the short lines normalized together
    (``normalize.canonical_lines``): pass 1 of ingest keys every page this way."""
    short = [stripped for line in lines if len(stripped := line.strip()) <= SITE_MAX_LINE_CHARS]
    keys = set()
    for key in canonical_lines(short):
        if len(key) > SITE_MAX_SENTENCE_CHARS and _CLAUSE_MARK.search(key):
            continue
        if len(key) > SITE_MAX_SENTENCE_END_CHARS and _SENTENCE_MARK.search(key):
            continue
        keys.add(key)
    keys.discard("")
    return keys


@lru_cache(maxsize=4096)
def _canonical_line(text: str) -> str:
    """``normalize(text).text`` without the offset map. Memoized: recurring lines are what pass 1 of
    ingest looks for, and the pages of a site come one after another."""
    return normalize_with_positions(text, None, None)[0]


def learn_site_lines(pages: Iterable[Iterable[str]], keyed: bool = False) -> frozenset[str]:
    """Canonical lines that recur on at least ``SITE_MIN_SHARE`` of one site's pages.

    ``pages`` holds each page's lines, or with ``keyed`` each page's set of ``site_line_key`` s."""
    counts: Counter[str] = Counter()
    n_pages = 0
    for lines in pages:
        n_pages += 1
        counts.update(set(lines) if keyed else {key for line in lines if (key := site_line_key(line))})
    return select_site_lines(counts, n_pages)


def select_site_lines(counts: Counter[str], n_pages: int) -> frozenset[str]:
    """The rule itself: from how many of a site's ``n_pages`` pages each key appears on."""
    if n_pages < SITE_MIN_PAGES:
        return frozenset()
    protected = resources.phrase_list(PROTECTED)
    needed = max(2, int(n_pages * SITE_MIN_SHARE + 0.999))
    return frozenset(key for key, n in counts.items()
                     if n >= needed and key not in protected and not _HEADING_MARK.match(key))


def _is_listed_title(text: str) -> bool:
    if len(text) > RELATED_MAX_CHARS or _SENTENCE_END.search(text):
        return False
    return True


def _mark(page: Page, line: Line, code: str) -> None:
    if line.removed is None:
        line.removed = code
        page.removed.append(Removed(line=line.number, code=code, text=line.orig.strip()))


# Almost no line is furniture: each table gets one screen (``screens.table_screen``) true wherever a
# row matches, so most lines cost one or two regex calls instead of one per row.
@cache
def _table(name: str) -> tuple[tuple[tuple[str, re.Pattern[str], str], ...], Callable[[str], object] | None]:
    rows = resources.pattern_table(name)
    return rows, table_screen(rows)


def first_row_code(name: str, text: str) -> str | None:
    """The code of the first row of the pattern table ``name`` that finds something in ``text``."""
    rows, screen = _table(name)
    if screen is not None and not screen(text):
        return None
    for code, pattern, _description in rows:
        if pattern.search(text):
            return code
    return None


def _remove_inline(page: Page, line: Line, rows: tuple[tuple[str, re.Pattern[str], str], ...]) -> bool:
    """Cut what the inline patterns ``rows`` find out of ``line``; whether anything was cut."""
    cut = False
    for code, pattern, _description in rows:
        while True:
            match = pattern.search(line.canon)
            if not match:
                break
            o_start, o_end = line.omap.span(match.start(), match.end())
            page.removed.append(Removed(line=line.number, code=code, text=line.orig[o_start:o_end]))
            new_orig = line.orig[:o_start] + line.orig[o_end:]
            normalized = normalize(new_orig, script=page.script, taiwan=page.taiwan)
            line.orig, line.canon, line.omap = new_orig, normalized.text, normalized.omap
            cut = True
    return cut


def clean(page: Page, site_lines: frozenset[str] = frozenset(), collection_heading=None) -> Page:
    """Mark furniture lines of ``page`` (``line.removed``) and strip inline furniture."""
    inline_rows, inline_screen = _table(INLINE_PATTERNS)

    lines = page.lines
    following: list[Line | None] | None = None  # the next line with text, made when first needed
    kept: list[tuple[Line, str]] = []  # the lines left with their text, in order
    in_related = False
    in_toc = False
    for index, line in enumerate(lines):
        text = line.text
        if not text:
            continue
        if collection_heading is not None and collection_heading(text):
            in_related = in_toc = False
            kept.append((line, text))
            continue
        code = first_row_code(LINE_PATTERNS, text)
        if code is None and text in site_lines:
            code = "site_recurring"
        if code == "related_header":
            _mark(page, line, "related_list")
            in_related = True
            continue
        if code == "toc" and text in ("目录", "文章目录", "本文目录"):
            _mark(page, line, "toc")
            in_toc = True
            continue
        if code == "toc" and text == "正文":
            _mark(page, line, "toc")
            in_toc = False
            continue
        if code:
            _mark(page, line, code)
            continue
        if in_toc:
            _mark(page, line, "toc")
            continue
        if in_related:
            if following is None:
                following = _following(lines)
            after = following[index]
            # a title followed by a paragraph is the next article (or a teaser), not a listed title
            opens_text = after is not None and not _is_listed_title(after.text) and first_row_code(LINE_PATTERNS, after.text) is None
            if _is_listed_title(text) and not opens_text:
                _mark(page, line, "related_list")
                continue
            in_related = False
        if (inline_screen is None or inline_screen(line.canon)) and _remove_inline(page, line, inline_rows):
            text = line.text
            if not text:
                line.removed = line.removed or "emptied"
                continue
        kept.append((line, text))
    _remove_title_repeats(page, kept)
    return page


def _following(lines: list[Line]) -> list[Line | None]:
    """For each line, the next line after it with text. (Made when a page first needs it: a line only
    changes when the loop reaches it, so the lines after the current one are as they were at first.)"""
    result: list[Line | None] = [None] * len(lines)
    after = None
    for index in range(len(lines) - 1, -1, -1):
        result[index] = after
        if lines[index].text:
            after = lines[index]
    return result


def _remove_title_repeats(page: Page, kept: list[tuple[Line, str]]) -> None:
    """The page title appears again under itself (a heading, a breadcrumb tail): keep the first.
    ``kept``: the lines ``clean`` left, with their final text."""
    kept = [(line, text) for line, text in kept if line.removed is None]
    if not kept:
        return
    title = kept[0][1]
    if len(title) > 60 or _SENTENCE_END.search(title):
        return
    page.title = title
    for line, text in kept[1:]:
        if text == title:
            _mark(page, line, "title_repeat")
