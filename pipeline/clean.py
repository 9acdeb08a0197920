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
from collections.abc import Iterable

from . import resources
from .document import Line, Page, Removed
from .normalize import normalize

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


def site_line_key(line: str) -> str:
    stripped = line.strip()
    if len(stripped) > SITE_MAX_LINE_CHARS:
        return ""
    key = normalize(stripped).text
    if len(key) > SITE_MAX_SENTENCE_CHARS and re.search(r"[，；,;]", key):
        return ""
    if len(key) > SITE_MAX_SENTENCE_END_CHARS and re.search(r"[。！？!?]", key):
        return ""
    return key


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


def _remove_inline(page: Page, line: Line) -> None:
    prefilter = resources.any_pattern(INLINE_PATTERNS)
    if prefilter is not None and not prefilter.search(line.canon):
        return
    for code, pattern, _description in resources.pattern_table(INLINE_PATTERNS):
        while True:
            match = pattern.search(line.canon)
            if not match:
                break
            o_start, o_end = line.omap.span(match.start(), match.end())
            page.removed.append(Removed(line=line.number, code=code, text=line.orig[o_start:o_end]))
            new_orig = line.orig[:o_start] + line.orig[o_end:]
            normalized = normalize(new_orig, script=page.script, taiwan=page.taiwan)
            line.orig, line.canon, line.omap = new_orig, normalized.text, normalized.omap


def clean(page: Page, site_lines: frozenset[str] = frozenset(), collection_heading=None) -> Page:
    """Mark furniture lines of ``page`` (``line.removed``) and strip inline furniture."""
    patterns = resources.pattern_table(LINE_PATTERNS)

    def line_code(text: str) -> str | None:
        """The first row of the line patterns matching ``text``. (Not prefiltered by their union: most
        rows are anchored at ^ and fail at once, while a union must be tried at every position.)"""
        return next((c for c, p, _d in patterns if p.search(text)), None)

    in_related = False
    in_toc = False
    content = [line for line in page.lines if line.text]
    following = {id(a): b for a, b in zip(content, content[1:], strict=False)}
    for line in page.lines:
        text = line.text
        if not text:
            continue
        if collection_heading is not None and collection_heading(text):
            in_related = in_toc = False
            continue
        code = line_code(text)
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
            after = following.get(id(line))
            # a title followed by a paragraph is the next article (or a teaser), not a listed title
            opens_text = after is not None and not _is_listed_title(after.text) and line_code(after.text) is None
            if _is_listed_title(text) and not opens_text:
                _mark(page, line, "related_list")
                continue
            in_related = False
        _remove_inline(page, line)
        if not line.text:
            line.removed = line.removed or "emptied"
    _remove_title_repeats(page)
    return page


def _remove_title_repeats(page: Page) -> None:
    """The page title appears again under itself (a heading, a breadcrumb tail): keep the first."""
    kept = [line for line in page.lines if line.removed is None and line.text]
    if not kept:
        return
    first = kept[0]
    title = first.text
    if len(title) > 60 or _SENTENCE_END.search(title):
        return
    page.title = title
    for line in kept[1:]:
        if line.text == title:
            _mark(page, line, "title_repeat")
