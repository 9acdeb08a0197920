"""Stage ``clean``: mark every line of a page that is site chrome or page furniture, with a reason.

0. a line too long to be one paragraph of a page (a page that arrived on one line) is cut into its
   sentences, so that each is judged on its own; what is kept of it is joined again at the end (5.);
1. the high-precision layer: whole-line patterns (``resources/clean/line_patterns.tsv``: navigation,
   breadcrumbs, metadata, tables of contents, pagination, footers, counters, editors' intros), block
   rules (the titles under a "related articles" header, a table of contents between 目录 and 正文, or
   a run of headings the page prints again below: a table of contents no 目录 line announces),
   lines learned as recurring on most pages of the same site (``learn_site_lines``), and inline
   furniture cut out of a content line (``inline_patterns.tsv``: hidden-text and paywall notices,
   page markers, injected ads; ``tail_patterns.tsv``, tried only on a line that does not end a
   sentence: sign-offs, sources, links and disclaimers glued after its last sentence);
2. the line model (:mod:`jianghua.lines`): every line scored from its own features and its
   neighbours', smoothed over the page; it removes what the patterns did not list, on sites never
   seen. Headings, speech formulae, collection headings and title lines are never its to remove;
   photo captions and a list of other documents' titles under the text's last sentence go by shape;
3. never lose a body: a removal that would take most of the page's sentence-like text keeps only its
   strong evidence (flag J111), and a page whose every line would go is kept whole (flag J110);
4. repeats of the page title;
5. the kept sentences of a long line joined back into one line.
Removed text is kept on the page (``page.removed``) with its reason code and the line model's score,
never silently dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from .. import errors, resources
from ..document import Line, Page, Removed
from ..offsets import OffsetMap, concat
from . import lines
from .normalize import normalize, normalize_lines
from .screens import any_of, table_screen
from .settings import CleanSettings, RejoinSettings, default_settings
from .split import ragged_cut
from .split import wrap_width as fixed_width
from .structure import MARKERS

LINE_PATTERNS = "clean/line_patterns.tsv"
INLINE_PATTERNS = "clean/inline_patterns.tsv"
TAIL_PATTERNS = "clean/tail_patterns.tsv"
# A line ending in one of these ends a sentence: no tail row (``TAIL_PATTERNS``) is tried on it.
_SENTENCE_FINAL = frozenset("。！？!?；;")
_CONTINUED = _SENTENCE_FINAL | frozenset("，,、：:")  # a line ending so goes on (no tail glued after it)
_WRAPPED_MIN_CHARS = 20  # a line this long that ends no sentence, on most of a page's such lines: a hard-wrapped page
PROTECTED = "clean/protected_lines.txt"
# Labels of a record printed alone on their line, the value on the next (_pattern_layer).
RECORD_LABELS = "clean/record_labels.txt"
_RECORD_VALUE_MAX_CHARS = 80

# The stage's numbers (site-line learning, long lines, the guard of step 3...) are ``CleanSettings``,
# their values and why in resources/settings.toml [clean].
# The reason recorded for a line the line model removed.
MODEL_CODE = "line_model"
# The code of the pattern row for a line of stray symbols (a lone "|" or "?"): removed, but left out
# of the line model's context, where it would count as sure furniture beside its neighbours.
JUNK_CODE = "junk"
# The reason of a title in a list of other documents' titles under the text (``_trailing_titles``).
TITLE_LIST_CODE = "title_list"
# The code of the editor's-intro rows (下面是小编为大家整理的…), whole-line and inline.
INTRO_CODE = "site_intro"

_HEADING_MARK = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、．]|第[一二三四五六七八九十]+[，、：])")
_SENTENCE_END = re.compile(r"[。！？；]")
_CLAUSE_MARK = re.compile(r"[，；,;]")
_SENTENCE_MARK = re.compile(r"[。！？!?]")


def site_line_key(line: str, settings: CleanSettings | None = None) -> str:
    """The canonical form of a short line, under which it is counted across a site's pages ("" for a
    line too long, or too much a sentence, ever to be taken for furniture)."""
    s = settings or default_settings().clean
    stripped = line.strip()
    if len(stripped) > s.site_max_line_chars:
        return ""
    key = _canonical_line(stripped)
    if len(key) > s.site_max_sentence_chars and _CLAUSE_MARK.search(key):
        return ""
    if len(key) > s.site_max_sentence_end_chars and _SENTENCE_MARK.search(key):
        return ""
    return key


def site_line_keys(lines: Iterable[str], settings: CleanSettings | None = None) -> set[str]:
    """``{site_line_key(line) for line in lines} - {""}``, the short lines normalized together
    (``normalize.normalize_lines``, each line with its own decisions): pass 1 of ingest keys every page this way."""
    s = settings or default_settings().clean
    max_line, max_sentence, max_sentence_end = s.site_max_line_chars, s.site_max_sentence_chars, s.site_max_sentence_end_chars
    short = [stripped for line in lines if len(stripped := line.strip()) <= max_line]
    keys = set()
    for key in normalize_lines(short, offsets=False):
        if len(key) > max_sentence and _CLAUSE_MARK.search(key):
            continue
        if len(key) > max_sentence_end and _SENTENCE_MARK.search(key):
            continue
        keys.add(key)
    keys.discard("")
    return keys


@lru_cache(maxsize=4096)
def _canonical_line(text: str) -> str:
    """``normalize(text).text`` without the offset map. Memoized: recurring lines are what pass 1 of
    ingest looks for, and the pages of a site come one after another."""
    return normalize(text).text


def learn_site_lines(pages: Iterable[Iterable[str]], keyed: bool = False,
                     settings: CleanSettings | None = None) -> frozenset[str]:
    """Canonical lines that recur on at least ``site_min_share`` of one site's pages.

    ``pages`` holds each page's lines, or with ``keyed`` each page's set of ``site_line_key`` s."""
    s = settings or default_settings().clean
    counts: Counter[str] = Counter()
    n_pages = 0
    for page_lines in pages:
        n_pages += 1
        counts.update(set(page_lines) if keyed else {key for line in page_lines if (key := site_line_key(line, s))})
    return select_site_lines(counts, n_pages, s)


def select_site_lines(counts: Counter[str], n_pages: int, settings: CleanSettings | None = None) -> frozenset[str]:
    """The rule itself: from how many of a site's ``n_pages`` pages each key appears on."""
    s = settings or default_settings().clean
    if n_pages < s.site_min_pages:
        return frozenset()
    protected = resources.phrase_list(PROTECTED)
    needed = max(2, int(n_pages * s.site_min_share + 0.999))
    return frozenset(key for key, n in counts.items()
                     if n >= needed and key not in protected and not _HEADING_MARK.match(key))


def _is_listed_title(text: str, s: CleanSettings) -> bool:
    """Whether a line may be an entry of a related list: short, no sentence in it but a question a Q&A page lists
    (竞聘演讲稿开头怎么写？ under 相关问题)."""
    if len(text) > s.related_max_chars:
        return False
    return _SENTENCE_END.search(text.rstrip("？?")) is None


def _mark(page: Page, line: Line, code: str, marks: dict[int, Removed] | None = None) -> None:
    if line.removed is None:
        line.removed = code
        removed = Removed(line=line.number, code=code, text=line.orig.strip())
        page.removed.append(removed)
        if marks is not None:
            marks[id(line)] = removed


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


# The model argument's default: the shipped line model. ``None`` runs the high-precision layer alone.
DEFAULT_MODEL = "default"


@dataclass
class ModelInputs:
    """A page after steps 0 and 1, as the line model sees it (``model_inputs``)."""

    with_text: list[tuple[Line, str]]  # every line with text (removed or not) and its text, in order
    kept: list[tuple[Line, str]]  # the lines the high-precision layer left, with their text
    marks: dict[int, Removed]  # the removals so far, by ``id`` of the line
    split: bool  # whether step 0 cut a long line into its sentences
    fixed: list[bool | None]  # per line of ``with_text``: ``model_fixed``
    shape: lines.Shape  # per line of ``with_text``: its length classes (``lines.shape``)
    width: int = 0  # the width the page is hard-wrapped at (``wrap_width``), 0 when it is not

    @property
    def texts(self) -> list[str]:
        return [text for _line, text in self.with_text]


def model_inputs(page: Page, site_lines: frozenset[str] = frozenset(), collection_heading=None,
                 settings: CleanSettings | None = None, rejoin: RejoinSettings | None = None) -> ModelInputs:
    """Steps 0 and 1 on ``page`` and what the line model reads of it: the lines with text and each
    one's class fixed before the model. Ingest (``clean``) and training (``train_lines``) both take the
    model's inputs from here, so the model is trained on the lines it scores. ``rejoin``: the settings
    the split stage finds a page's wrap width by (``wrap_width``), the packaged defaults when None."""
    s = settings or default_settings().clean
    split = _split_long_lines(page, s)
    marks: dict[int, Removed] = {}
    with_text: list[tuple[Line, str]] = []
    kept = _pattern_layer(page, site_lines, collection_heading, marks, with_text, s)
    if s.patterns:
        _unheaded_toc(page, kept, marks, s)
        kept = _rule_block_kept(page, with_text, kept, marks)
    texts = [text for _line, text in with_text]
    shape = lines.shape(texts)
    width = wrap_width(page, rejoin)
    # (a paragraph's first line counts its indent, as the rejoin does)
    cut = [width > 0 and len(line.canon.rstrip()) >= width for line, _text in with_text]
    fixed = model_fixed([line.removed for line, _text in with_text], texts, collection_heading, shape, cut)
    return ModelInputs(with_text, kept, marks, split, fixed, shape, width)


# The pattern rows' code for a page's record lines (发布时间：…, 时间：…), some of which a notice's rules share.
METADATA_CODE = "metadata"


def _rule_block_kept(page: Page, with_text: list[tuple[Line, str]], kept: list[tuple[Line, str]],
                     marks: dict[int, Removed]) -> list[tuple[Line, str]]:
    """Step 1a: a line the metadata rows removed that stands in a notice's block of rules (``lines.rule_block``:
    时间：2025年12月1日 under 报名地点：…) is the notice's, and goes back to the text; the block stops at the title
    (the first line kept outside it): a record above it is the header's. Returns the lines left."""
    candidates = [line for line, text in with_text
                  if line.removed == METADATA_CODE and id(line) in marks and lines.rule_like(text)]
    if not candidates:  # (most pages: no record line a rule could be)
        return kept
    block = lines.rule_block([text for _line, text in with_text])
    title = next((i for i, (line, text) in enumerate(with_text) if line.removed is None and text.strip() and not block[i]),
                 len(with_text))
    restored = False
    for i, ((line, _text), in_block) in enumerate(zip(with_text, block, strict=True)):
        if in_block and i > title and line in candidates:
            _unmark(page, line, marks)
            restored = True
    return [(line, text) for line, text in with_text if line.removed is None] if restored else kept


def wrap_width(page: Page, rejoin: RejoinSettings | None = None) -> int:
    """The width ``page`` is hard-wrapped at, as the split stage's rejoin finds it (a fixed width, else
    the shortest line of a ragged band), looked at once the patterns removed their lines; 0 when the
    page is not wrapped."""
    r = rejoin or default_settings().rejoin
    return fixed_width(page, r) or ragged_cut(page, r)


def clean(page: Page, site_lines: frozenset[str] = frozenset(), collection_heading=None,
          model: lines.LineModel | str | None = DEFAULT_MODEL, settings: CleanSettings | None = None,
          rejoin: RejoinSettings | None = None) -> Page:
    """Mark furniture lines of ``page`` (``line.removed``) and strip inline furniture (module docstring).
    ``settings`` (and ``rejoin``, what finds a wrapped page's width): the packaged defaults when None."""
    s = settings or default_settings().clean
    inputs = model_inputs(page, site_lines, collection_heading, s, rejoin)
    line_model = lines.default_model() if model == DEFAULT_MODEL else model
    if isinstance(line_model, lines.LineModel):
        _model_layer(page, inputs, line_model)
        _continued_furniture(page, inputs)
        if s.patterns:
            _trailing_captions(page, inputs.with_text, inputs.marks)
            _trailing_titles(page, inputs.with_text, inputs.marks, collection_heading)
            _leading_titles(page, inputs.with_text, inputs.marks)
    _guard(page, inputs.with_text, inputs.marks, s)
    _remove_title_repeats(page, inputs.kept)
    if inputs.split:
        _join_long_lines(page)
    return page


# What each reason code means, for ``jianghua show --removed``: the codes not named by a pattern row
# (those read their first row's description) and the split stage's.
REASONS = {
    MODEL_CODE: "scored as furniture by the line model (jianghua.lines) and its neighbours",
    "site_recurring": "recurs on most pages of the same site",
    "related_list": "a title listed under a related-articles header",
    TITLE_LIST_CODE: "one of the titles of other documents listed under the text",
    "toc": "a table-of-contents line",
    "title_repeat": "a repeat of the page's or the document's title",
    "emptied": "nothing was left once inline furniture was cut out",
    "page_title": "the page's title, above the collection's first heading",
    "preamble": "text above a collection's first heading",
    "doc_heading": "a collection heading (kept as the document's start, not furniture)",
    "doc_title": "the document's own title, taken as its title",
}


def reason(code: str) -> str:
    """A short description of a removal code (``REASONS``, else the first pattern row with the code)."""
    if code in REASONS:
        return REASONS[code]
    for table in (LINE_PATTERNS, INLINE_PATTERNS, TAIL_PATTERNS):
        for row_code, _pattern, description in resources.pattern_table(table):
            if row_code == code:
                return description
    return code


# --- 0. a page on one line ----------------------------------------------------------------------

# A sentence and what closes it (quotes, brackets); the rest of a line is its last piece.
_SENTENCE_PIECE = re.compile(r"[^。！？!?；]*[。！？!?；]+[”’」』）)]*|[^。！？!?；]+$")
# A run of two or more blanks inside a long line stands where a line break was.
_BLANK_RUN = re.compile(r"\s{2,}")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` spans that cover ``text`` piece after piece: each sentence with its closing
    punctuation, cut again at runs of blanks (where a line break was)."""
    spans: list[tuple[int, int]] = []
    for match in _SENTENCE_PIECE.finditer(text):
        start = match.start()
        for blank in _BLANK_RUN.finditer(text, match.start(), match.end()):
            if blank.start() > start:
                spans.append((start, blank.start()))
                start = blank.start()
        spans.append((start, match.end()))
    if spans and spans[-1][1] < len(text):
        spans.append((spans[-1][1], len(text)))
    return spans or [(0, len(text))]


def _piece(line: Line, start: int, end: int) -> Line:
    o_start, o_end = line.omap.span(start, end)
    if line.omap.is_identity:
        omap = OffsetMap.identity(end - start)
    else:
        omap = OffsetMap.from_array([line.omap.orig(i) - o_start for i in range(start, end)], o_end - o_start)
    return Line(line.number, line.orig[o_start:o_end], line.canon[start:end], omap)


def _split_long_lines(page: Page, s: CleanSettings) -> bool:
    """Step 0: each line longer than ``long_line_chars`` replaced by its sentences (``sentence_spans``),
    each a ``Line`` with the line's number. Whether any line was cut."""
    long_line = s.long_line_chars
    if len(page.text) <= long_line or max(map(len, page.text.split("\n"))) <= long_line // 2:
        return False  # (normalizing never doubles a line: this skips the loop on every usual page)
    out: list[Line] = []
    for line in page.lines:
        if len(line.canon) <= long_line:
            out.append(line)
            continue
        # the spans cover the canonical line; its original is covered too when the first starts at 0
        out.extend(_piece(line, start, end) for start, end in sentence_spans(line.canon))
    page.lines = out
    return True


def _join_long_lines(page: Page) -> None:
    """Step 5: the kept pieces of each cut line joined into one line again (a removed piece between
    two kept ones is cut out of the line, as inline furniture is)."""
    out: list[Line] = []
    index = 0
    n = len(page.lines)
    while index < n:
        stop = index + 1
        while stop < n and page.lines[stop].number == page.lines[index].number:
            stop += 1
        group = page.lines[index:stop]
        kept = [line for line in group if line.removed is None]
        if len(group) == 1 or not kept:
            out.extend(group)
        else:
            canon, orig, omap = concat([(line.canon, line.orig, line.omap) for line in kept], sep="")
            out.append(Line(group[0].number, orig, canon, omap))
        index = stop
    page.lines = out


# --- 1. the high-precision layer ----------------------------------------------------------------

def _pattern_layer(page: Page, site_lines: frozenset[str], collection_heading, marks: dict[int, Removed],
                   with_text: list[tuple[Line, str]], s: CleanSettings) -> list[tuple[Line, str]]:
    """Step 1: patterns, block rules, site lines, inline furniture. Returns the lines left, in order,
    with their text; ``with_text`` gets every line with text (removed or not), in order. With the
    setting ``patterns`` false only lines of stray symbols (``JUNK_CODE``) go here: the rest is the
    line model's."""
    if not s.patterns:
        return _junk_layer(page, with_text)
    inline_rows, inline_screen = _table(INLINE_PATTERNS)

    page_lines = page.lines
    following: list[Line | None] | None = None  # the next line with text, made when first needed
    kept: list[tuple[Line, str]] = []  # the lines left with their text, in order
    in_related = False
    in_toc = False
    toc_entries: set[str] = set()  # the headings the table of contents listed so far
    table = _table_lines(page_lines)
    # Furniture glued after a sentence (the tail rows) is looked for on a line that ends no sentence; on a
    # hard-wrapped page (most long lines end no sentence) only below its last line that ends one: above it
    # every such line goes on in the next (…。审核：各单位要对申报材料进行严格 / 审查。)
    long_lines = [ln.canon.rstrip() for ln in page_lines if len(ln.canon) >= _WRAPPED_MIN_CHARS]
    wrapped = sum(ln[-1:] not in _SENTENCE_FINAL for ln in long_lines) * 2 > len(long_lines) >= 4
    last_sentence = max((i for i, ln in enumerate(page_lines) if ln.canon.rstrip()[-1:] in _SENTENCE_FINAL),
                        default=-1) if wrapped else -1
    labels = resources.phrase_list(RECORD_LABELS)
    value_due = False  # the line above was a record's label alone (出处, 基金, 分类号…): this line is its value
    for index, line in enumerate(page_lines):
        text = line.text
        if not text:
            continue
        with_text.append((line, text))
        if id(line) in table or (collection_heading is not None and collection_heading(text)):
            in_related = in_toc = value_due = False
            kept.append((line, text))
            continue
        if value_due and len(text) <= _RECORD_VALUE_MAX_CHARS and not _SENTENCE_END.search(text):
            value_due = False
            _mark(page, line, "journal", marks)
            continue
        value_due = False
        code = first_row_code(LINE_PATTERNS, text)
        if code == INTRO_CODE and _text_after_intro(text, inline_rows, s):
            code = None  # an editor's intro glued before the text: the inline rows below cut the intro alone
        if code is None and text in site_lines:
            code = "site_recurring"
        if code == "related_header":
            _mark(page, line, "related_list", marks)
            in_related = True
            continue
        if code == "toc" and text.rstrip("：:") in ("目录", "文章目录", "本文目录"):
            _mark(page, line, "toc", marks)
            in_toc = True
            toc_entries = set()
            continue
        if code == "toc" and text == "正文":
            _mark(page, line, "toc", marks)
            in_toc = False
            continue
        if code:
            _mark(page, line, code, marks)
            value_due = code == "journal" and text.strip("【】[]［］:： ") in labels
            if code == JUNK_CODE:  # a lone symbol says nothing of its neighbours: the model never sees it
                with_text.pop()
            continue
        if in_toc:
            entry = _toc_entry(text, s)
            # the table ends at the first line that is no entry: a sentence, or a heading it listed
            if entry is not None and entry not in toc_entries:
                toc_entries.add(entry)
                _mark(page, line, "toc", marks)
                continue
            in_toc = False
        if in_related:
            if following is None:
                following = _following(page_lines)
            after = following[index]
            # a title followed by a paragraph is the next article (or a teaser), not a listed title
            opens_text = after is not None and not _is_listed_title(after.text, s) and first_row_code(LINE_PATTERNS, after.text) is None
            if _is_listed_title(text, s) and not opens_text:
                _mark(page, line, "related_list", marks)
                continue
            in_related = False
        cut = (inline_screen is None or inline_screen(line.canon)) and _remove_inline(page, line, inline_rows)
        if line.canon and line.canon.rstrip()[-1:] not in _CONTINUED and index > last_sentence:
            tail_rows, tail_screen = _table(TAIL_PATTERNS)
            if (tail_screen is None or tail_screen(line.canon)) and _remove_inline(page, line, tail_rows):
                cut = True
        if cut:
            text = line.text
            if not text:
                line.removed = line.removed or "emptied"
                with_text.pop()
                continue
            with_text[-1] = (line, text)
        kept.append((line, text))
    return kept


def _junk_layer(page: Page, with_text: list[tuple[Line, str]]) -> list[tuple[Line, str]]:
    """Step 1 with the pattern layer switched off (setting ``patterns``): only the lines of stray symbols
    (the ``JUNK_CODE`` row: a lone "|" or "?", debris of the page's markup, not a site's furniture) are
    removed; every other line with text is kept for the line model."""
    kept: list[tuple[Line, str]] = []
    for line in page.lines:
        text = line.text
        if not text:
            continue
        if first_row_code(LINE_PATTERNS, text) == JUNK_CODE:
            _mark(page, line, JUNK_CODE)
            continue
        with_text.append((line, text))
        kept.append((line, text))
    return kept


# A table of contents without a 目录 line: at least this many heading lines in a row...
TOC_RUN = 3
# ...of which at least this many stand again further down the page (the text's own headings).
TOC_REPEATS = 2
# An entry with its dot leader and page number is at most this long.
TOC_LINE_MAX_CHARS = 80


def _unheaded_toc(page: Page, kept: list[tuple[Line, str]], marks: dict[int, Removed], s: CleanSettings) -> None:
    """Step 1b: a table of contents no 目录 line announces: ``TOC_RUN`` or more heading lines in a row
    (a heading's marker: 一、 （一） 1. 第一章; each a ``_toc_entry``, short and no sentence), at least
    ``TOC_REPEATS`` of which the page prints again further down, where the text they head stands. A
    text's headings stand once each with its text between them; a run of them repeated below is the
    site's list (FIELD-NOTES: a table of contents repeating the body's headings is furniture where it
    stands, the headings in the body are not)."""
    texts = [text for _line, text in kept]
    # each line's entry when it is a heading listed: short, or ending in a page number (a quick look first:
    # a law's articles are headings, never entries)
    entry_max = s.toc_entry_max_chars
    listed = [_toc_entry(text, s) if (text[-1].isdigit() and len(text) <= TOC_LINE_MAX_CHARS
                                      or len(text) <= entry_max and "。" not in text)
              and lines.heading_marked(text) else None for text in texts]
    index = 0
    while index < len(texts):
        if listed[index] is None:
            index += 1
            continue
        stop = index
        entries: list[str] = []
        # the run ends where a heading it listed comes again, or its numbering starts again: there the text begins
        numbers: list[tuple[str, str] | None] = []
        while (stop < len(texts) and (entry := listed[stop]) is not None and entry not in entries
               and ((number := _numbering(texts[stop])) is None or number not in numbers)):
            entries.append(entry)
            numbers.append(number)
            stop += 1
        if stop - index >= TOC_RUN:
            below = set(texts[stop:])
            if ((_stands_apart(texts, index, stop, entries, s) and sum(entry in below for entry in entries) >= TOC_REPEATS)
                    or _numbering_restarts(texts, index, stop, entries, s)):
                for line, _text in kept[index:stop]:
                    _mark(page, line, "toc", marks)
        index = stop


def _stands_apart(texts: Sequence[str], index: int, stop: int, entries: list[str], s: CleanSettings) -> bool:
    """Whether the run of headings ``texts[index:stop]`` stands apart from the text it lists, as a table of
    contents does: above the text's first paragraph (no sentence above it but a heading's, an entry the
    run broke on: 1、A类职位：副校长3个；; no line announcing a list: …岗位如下：), and the text below opens
    with the run's first entry (the first of its entries printed again). A plan's heading over its list of posts, the posts printed again below as the
    subheadings of a later section, is the text's own: its first entry never comes again, or a paragraph
    stands above it."""
    if any((_SENTENCE_END.search(text) or _sentence_like(text, s) or text.endswith(("：", ":")))
           and not lines.heading_marked(text) for text in texts[:index]):
        return False
    listed = set(entries)
    first_again = next((text for text in texts[stop:] if text in listed), None)
    return first_again == entries[0]


# The heading markers a table of contents numbers its entries with (structure.MARKERS' kinds), and the
# first value of each.
_TOC_MARKERS = tuple((kind, pattern) for kind, pattern in MARKERS if kind in ("cn_dun", "cn_paren", "num_dun", "num_paren", "circled"))
_FIRST_VALUE = {"cn_dun": "一", "cn_paren": "一", "num_dun": "1", "num_paren": "1", "circled": "①"}


def _numbering(text: str) -> tuple[str, str] | None:
    """A line's heading marker as (kind, value): ("cn_dun", "二") for 二、…, None for no such marker."""
    for kind, pattern in _TOC_MARKERS:
        match = pattern.match(text)
        if match:
            return kind, match.group(1)
    return None


def _numbering_restarts(texts: Sequence[str], index: int, stop: int, entries: list[str], s: CleanSettings) -> bool:
    """Whether the run of headings ``texts[index:stop]`` is a table of contents listing headings the page never
    prints (FIELD-NOTES: tables of contents listing headings out of order or headings that never appear): it
    stands at the top of the text (nothing above it but short lines: no sentence, no label, no heading), its
    entries are numbered with one kind of marker from the first, each number once (一、 二、 三、, or out of
    order after the first), none of them comes again, and the text below numbers its own headings again from the first with the same kind
    (一、…) right under it, no sentence between: a text's headings run once, with text between them. An
    outline whose numbering the text never starts again, or a list a sentence under it speaks of, is the
    text's own."""
    above = texts[:index]
    if any(_SENTENCE_END.search(text) or _sentence_like(text, s) or text.endswith(("：", ":")) or lines.heading_marked(text)
           for text in above):
        return False
    numbers = [number for text in texts[index:stop] if (number := _numbering(text)) is not None]
    if len(numbers) != stop - index:
        return False
    kind = numbers[0][0]
    values = [value for _kind, value in numbers]
    if any(k != kind for k, _value in numbers) or values[0] != _FIRST_VALUE[kind] or len(set(values)) != len(values):
        return False
    listed = set(entries)
    rest = texts[stop:]
    if any(text in listed for text in rest):
        return False
    restart = next((k for k, text in enumerate(rest) if _numbering(text) == (kind, values[0])), None)
    # the text starts right under its contents: a sentence between them (为…对以上职位开展竞争上岗。) speaks of
    # the list above it -- a plan's list of posts or steps, the text's own
    return restart is not None and not any(_SENTENCE_END.search(text) or _sentence_like(text, s) for text in rest[:restart])


def _text_after_intro(text: str, inline_rows: tuple[tuple[str, re.Pattern[str], str], ...], s: CleanSettings) -> bool:
    """Whether a line the editor's-intro row matches goes on, after the intro the inline rows cut out of
    it, with a text of its own (导语：本站为你整理了…，希望对你有帮助。同志们：今天……): sentence-like, as step 3
    counts text (FIELD-NOTES: a blurb is sometimes glued to the title or the first sentence)."""
    if len(text) < 2 * s.sentence_like_chars:
        return False
    rest = text
    for code, pattern, _description in inline_rows:
        if code == INTRO_CODE:
            rest = pattern.sub("", rest, count=1)
    rest = rest.strip()
    return rest != text.strip() and _sentence_like(rest, s)


def _table_lines(page_lines: list[Line]) -> set[int]:
    """The ``id`` s of the lines that are rows of a table drawn with "|" (``lines.table_rows``): text,
    never furniture, though a row of short cells looks like a menu."""
    if not _may_hold_a_table([line.canon for line in page_lines]):
        return set()
    with_text = [line for line in page_lines if line.text]
    return {id(line) for line, row in zip(with_text, lines.table_rows([line.text for line in with_text]), strict=True)
            if row}


_TABLE_MARK = re.compile("[|\u2500-\u257f]")


def _may_hold_a_table(texts: Sequence[str]) -> bool:
    return _TABLE_MARK.search("\n".join(texts)) is not None


# A table-of-contents entry: a heading with a dot leader and a page number, or a short heading.
# (each run of leader characters or of blanks is tried from its first character only: tried at every
# blank of a long run, blanks on both sides of the leader took quartic time, 34 s on 500 blanks)
_TOC_LEADER = re.compile(r"(?:(?<![.…·．_—-])[.…·．_—-]{3,}\s*|(?<!\s)\s{2,})\d{1,4}$")


def _toc_entry(text: str, s: CleanSettings) -> str | None:
    """The heading a table-of-contents line lists, or None when the line is no entry."""
    heading = _TOC_LEADER.sub("", text).strip()
    if heading != text.strip():
        return heading or None
    if len(text) > s.toc_entry_max_chars or _SENTENCE_END.search(text):
        return None
    return heading


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


# --- 2. the line model --------------------------------------------------------------------------

def model_protected(text: str, collection_heading=None) -> bool:
    """Lines the line model never removes by themselves: collection headings (the split stage's),
    headings and speech formulae, the protected phrases, and title lines (the split stage chooses
    among them). ``model_fixed`` adds what only a line's neighbours tell."""
    if text in resources.phrase_list(PROTECTED) or lines.protected(text):
        return True
    return collection_heading is not None and collection_heading(text) is not None


def model_fixed(removed: Sequence[str | None], texts: Sequence[str], collection_heading=None,
                shape: lines.Shape | None = None, cut: Sequence[bool] | None = None) -> list[bool | None]:
    """For each line with text, the class fixed before the line model: True for a line the
    high-precision layer removed, False for a protected line, a row of a "|" table, a signature
    (an organization over a date), the rest of an open sentence (``lines.continuations``), a
    sentence without a UI word (``lines.plain_sentence``), a sentence between two sentences
    (``lines.inside_body``), a line of a hard-wrapped paragraph that reads as such a sentence once
    rejoined (``lines.wrapped_plain``) or the words a cut-off page ends in (``lines.cut_off_tail``); None
    for the lines the model decides. ``shape``: ``lines.shape(texts)``, when the caller has it; ``cut``:
    per line, whether it is as long as the page's wrap width (``wrap_width``), when the page is wrapped."""
    table = lines.table_rows(texts)
    inside = lines.inside_body(texts, shape)
    signature = lines.signature_lines(texts)
    goes_on = lines.continuations(texts)
    wrapped = lines.wrapped_plain(texts, cut, removed) if cut is not None and any(cut) else [False] * len(texts)
    fixed: list[bool | None] = []
    for index, text in enumerate(texts):
        if removed[index] is not None:
            fixed.append(True)
        elif (inside[index] or table[index] or signature[index] or (goes_on[index] and removed[index - 1] is None)
              or wrapped[index] or model_protected(text, collection_heading) or lines.plain_sentence(text)):  # (cheapest first)
            fixed.append(False)
        else:
            fixed.append(None)
    if fixed and fixed[-1] is None and lines.cut_off_tail(texts):
        fixed[-1] = False
    return fixed


def _model_layer(page: Page, inputs: ModelInputs, model: lines.LineModel) -> None:
    """Step 2: score every line with text; the lines the patterns removed count as sure furniture in
    the smoothing, protected lines as sure body (``model_fixed``); the others the model decides, but for
    a rule's "label：value" lines and a résumé's career (``lines.body_labelled``), which it scores and
    never removes (the text of a short-line notice: the model, trained on the lines it decides, is not
    retrained on them)."""
    if not inputs.with_text:
        return
    marks = inputs.marks
    furniture, scores = lines.decide(inputs.texts, model, inputs.fixed, inputs.shape)
    text = lines.body_labelled(inputs.texts)
    for (line, _text), is_furniture, score, sure, kept in zip(inputs.with_text, furniture, scores.tolist(), inputs.fixed,
                                                              text, strict=True):
        if line.removed is not None:
            removed = marks.get(id(line))
            if removed is not None:
                removed.score = round(score, 4)
        elif is_furniture and sure is None and not kept:
            _mark(page, line, MODEL_CODE, marks)
            marks[id(line)].score = round(score, 4)


# The rest of a furniture line wrapped onto the next line is at most this long (a notice's tail, not a paragraph).
CONTINUED_MAX_CHARS = 40


def _continued_furniture(page: Page, inputs: ModelInputs) -> None:
    """Step 2a: the rest of a line the model removed, wrapped onto the next line (``lines.continuations``: the
    removed line is an open sentence), goes with it. ``model_fixed`` kept such a line as the rest of a
    sentence before the model decided the line above; a notice a fixed-width page wraps is furniture on both
    lines. Only a short rest (``CONTINUED_MAX_CHARS``) that nothing else protects, and not a sentence
    between two of the text's (``lines.inside_body``)."""
    if not any(removed.code == MODEL_CODE for removed in inputs.marks.values()):
        return  # (most pages: the model removed nothing, so no line goes on from a removed one)
    texts = inputs.texts
    goes_on = lines.continuations(texts)
    inside = lines.inside_body(texts, inputs.shape)
    for index in range(1, len(texts)):
        line, text = inputs.with_text[index]
        above = inputs.marks.get(id(inputs.with_text[index - 1][0]))
        if (line.removed is None and goes_on[index] and above is not None and above.code == MODEL_CODE
                and len(text) <= CONTINUED_MAX_CHARS and not inside[index] and not model_protected(text)):
            _mark(page, line, MODEL_CODE, inputs.marks)
            inputs.marks[id(line)].score = above.score


# --- 3. never lose a body -----------------------------------------------------------------------

def _sentence_like(text: str, s: CleanSettings) -> bool:
    return len(text) >= 80 or (len(text) >= s.sentence_like_chars and bool(_SENTENCE_MARK.search(text) or _SENTENCE_END.search(text)))


def _strong(text: str, removed: Removed, s: CleanSettings) -> bool:
    if removed.code == MODEL_CODE:
        return (removed.score or 0.0) >= s.strong_score
    return len(text) <= s.strong_pattern_chars


def _unmark(page: Page, line: Line, marks: dict[int, Removed]) -> None:
    removed = marks.pop(id(line))
    page.removed.remove(removed)
    line.removed = None


CAPTION_ACTIONS = "clean/caption_actions.txt"
# A caption under an article is this long; a run of at least CAPTION_RUN of them after the last
# paragraph (a line ending in a full stop) are the photos' captions.
CAPTION_MIN, CAPTION_MAX, CAPTION_RUN = 6, 40, 2
_CAPTION_NOT = re.compile(r"^(?:附|\d|[一二三四五六七八九十]+[、.．]|[（(])|[：:。！？!?；;…”’」』]$|[：:]")


@cache
def _caption_action() -> re.Pattern[str]:
    return any_of(resources.phrase_list(CAPTION_ACTIONS))


def _trailing_captions(page: Page, with_text: list[tuple[Line, str]], marks: dict[int, Removed]) -> None:
    """Step 2b: the photo captions a portal prints under an article (FIELD-NOTES: at the bottom they
    are furniture, between paragraphs often text): at least ``CAPTION_RUN`` short lines with no full
    stop, each naming what the people photographed do, after the page's last paragraph."""
    run: list[Line] = []
    for line, text in reversed(with_text):
        if line.removed is not None:
            continue
        if CAPTION_MIN <= len(text) <= CAPTION_MAX and not _CAPTION_NOT.search(text) and _caption_action().search(text):
            run.append(line)
            continue
        if len(run) >= CAPTION_RUN and _SENTENCE_END.search(text[-1]):
            for caption in reversed(run):  # in page order
                _mark(page, caption, "caption", marks)
        return


# A list of other documents' titles under the text holds at least this many.
TITLE_LIST_RUN = 2
# The number or bullet a sidebar puts before each title it lists (1. / 1、 / 1 / ① / · / ▪), a site's list
# either way: the title after it is what ``lines.listed_title`` reads.
_LIST_MARK = re.compile(r"^(?:\d{1,2}(?:[.、．]\s*|\s+)|[（(]\d{1,2}[)）]\s*|[①-⑳]\s*|[·•▪▫◆◇■□●○►▶]\s*)")


def _trailing_titles(page: Page, with_text: list[tuple[Line, str]], marks: dict[int, Removed],
                     collection_heading=None) -> None:
    """Step 2c: a list of other documents' titles under the text (a sidebar, a related list whose header
    the patterns do not know: 猜你想看 on a site never seen): at least ``TITLE_LIST_RUN`` title lines
    (``lines.listed_title``) with nothing after them and the text's last paragraph right above them
    (ending a sentence, or ``lines.body_like``: a page cut off mid-sentence too, or the date signing it; the lines already
    removed left out). One document has one title, and it stands above its text: title
    lines under the last sentence are the site's, whatever their words. A collection heading (the next
    piece's) stops the run. A sidebar numbers or bullets its titles (``_LIST_MARK``): the title after the
    mark is read, and in a run holding ``TITLE_LIST_RUN`` such titles a marked line shaped as a title
    (``_marked_title``: no sentence, no label) goes with them, whatever its last word (…工作计划)."""
    run: list[Line] = []
    titles = 0
    for line, text in reversed(with_text):
        if line.removed is not None:
            continue
        if collection_heading is None or collection_heading(text) is None:
            unmarked = _LIST_MARK.sub("", text, count=1)
            if unmarked and lines.listed_title(unmarked):
                run.append(line)
                titles += 1
                continue
            if unmarked != text and _marked_title(unmarked):
                run.append(line)
                continue
        if (titles >= TITLE_LIST_RUN and (_SENTENCE_END.search(text[-1]) or lines.body_like(text) or lines.date_line(text))
                and not _announces_a_list(text)):
            for title in reversed(run):  # in page order
                _mark(page, title, TITLE_LIST_CODE, marks)
        return


def _leading_titles(page: Page, with_text: list[tuple[Line, str]], marks: dict[int, Removed]) -> None:
    """Step 2d: a numbered or bulleted list of other documents' titles above the text (a sidebar or a related
    list printed first, a collection's table of contents): ``TITLE_LIST_RUN`` or more marked lines in a row
    (``_LIST_MARK``) standing above the page's first paragraph (``lines.body_like``), each a title after its
    mark (``lines.listed_title``, or ``_marked_title`` with two titles among them), not under a line
    announcing a list (a colon). A document has one title: titles listed one after another with nothing
    between them, above its text, are the site's (a collection's pieces each have their text under them)."""
    run: list[Line] = []
    titles = 0
    above = ""

    def close() -> None:
        if len(run) >= TITLE_LIST_RUN and titles >= TITLE_LIST_RUN and not above.endswith(("：", ":")):
            for title in run:
                _mark(page, title, TITLE_LIST_CODE, marks)

    for line, text in with_text:
        if line.removed is not None:
            continue
        if lines.body_like(text):
            break
        unmarked = _LIST_MARK.sub("", text, count=1)
        if unmarked and unmarked != text and (lines.listed_title(unmarked) or _marked_title(unmarked)):
            run.append(line)
            titles += lines.listed_title(unmarked)
            continue
        close()
        run, titles, above = [], 0, text
    close()


def _marked_title(text: str) -> bool:
    """Whether the words after a list mark are shaped as a title: 4 to 60 characters, no sentence mark or
    clause comma, no label (a colon), no heading's marker of its own."""
    return (4 <= len(text) <= 60 and _SENTENCE_MARK.search(text) is None and _SENTENCE_END.search(text) is None
            and not any(mark in text for mark in "，,：:") and lines.title_candidate(text))


LIST_ANNOUNCERS = "clean/list_announcers.txt"
# the last sentence of a line (what it says just above what follows it)
_LAST_SENTENCE = re.compile(r"[^。！？；]*[。！？；]?$")


@cache
def _announcer() -> re.Pattern[str]:
    return any_of(resources.phrase_list(LIST_ANNOUNCERS))


def _announces_a_list(text: str) -> bool:
    """Whether a line announces the list printed under it: it ends in a colon, or its last sentence says so
    (``LIST_ANNOUNCERS``: 现将下列文件印发给你们 / 依照下列法规执行 / 依据如下)."""
    if text.endswith(("：", ":")):
        return True
    last = _LAST_SENTENCE.search(text.rstrip("。！？；"))
    return _announcer().search(last.group() if last else text) is not None


def _guard(page: Page, with_text: list[tuple[Line, str]], marks: dict[int, Removed], s: CleanSettings) -> None:
    """Step 3: removals that would take most of the page's sentence-like text keep only the strong
    ones (flag J111); a page whose every line would go is kept whole (flag J110). ``with_text``: the
    page's lines with text, with their text."""
    if not marks:
        return
    taken = [(line, text) for line, text in with_text if id(line) in marks and _sentence_like(text, s)]
    total = sum(len(text) for _line, text in with_text if _sentence_like(text, s))
    if taken and sum(len(text) for _line, text in taken) > s.guard_share * total:
        weak = [(line, text) for line, text in taken if not _strong(text, marks[id(line)], s)]
        for line, _text in weak:
            _unmark(page, line, marks)
        if weak:
            _flag(page, errors.REMOVAL_REFUSED, lines=len(weak), characters=sum(len(text) for _line, text in weak))
    if not any(line.removed is None for line, _text in with_text):
        restored = [line for line, _text in with_text if id(line) in marks]
        if not restored:  # (a page of stray symbols only: nothing to keep, whichever the setting patterns)
            return
        for line in restored:
            _unmark(page, line, marks)
        _flag(page, errors.KEPT_WHOLE, lines=len(restored))


def _flag(page: Page, code: errors.Code, **details: object) -> None:
    page.flags.append({"kind": code.slug, "code": code.code, **details})
    if page.code == errors.OK.code:
        page.code = code.code


# --- 4. title repeats ---------------------------------------------------------------------------

def _remove_title_repeats(page: Page, kept: list[tuple[Line, str]]) -> None:
    """The page title appears again under itself (a heading, a breadcrumb tail): keep the first.
    ``kept``: the lines ``clean`` left, with their final text."""
    kept = [(line, text) for line, text in kept if line.removed is None]
    if not kept:
        return
    title = kept[0][1]
    if len(title) > 60 or _SENTENCE_END.search(title) or not lines.title_candidate(title):
        return
    page.title = title
    for line, text in kept[1:]:
        if text == title:
            _mark(page, line, "title_repeat")
