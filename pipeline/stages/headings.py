"""Lines that head documents or parts of them, each read alone: collection headings (篇一, 第一篇：…,
…篇2, 【篇一：…】, 范文1, 精选范文一：…, 演讲稿二：…), titles with a piece number after them (…总结1, …讲话（一）), numbered
document titles (1、……的讲话), numbering markers alone on a line (（一）), and the enumerations that
open a paragraph inside a document (一、 （一） 1、 一是 第一，). ``boundaries`` decides which of them
start documents on a page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import resources
from .salutations import alternation as salutation_words
from .settings import TitleSettings, default_settings
from .titles import ENUMERATION, GOOD, ends_in_doc_type, read_title

CN_NUM = "一二三四五六七八九十百零〇两"
_CN_VALUES = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

_WORDS = resources.WordGroups("split/heading_words.tsv", ("piece", "piece_word", "piece_praise", "number_mark", "announced",
                                                          "document_end", "sample", "agenda_verb"))
words, _any = _WORDS.words, _WORDS.any


# --- collection headings ------------------------------------------------------------------------
_N = rf"[{CN_NUM}\d]{{1,3}}"
_SALUTATION_START = salutation_words("opening")
_SALUTATION_IN = re.compile(_SALUTATION_START)
_PIECE = _any("piece")
# NO.1 / No.2 / NO：3 (a number mark some sites print between pieces)
_NO = rf"{_any('number_mark')}\s*[.．:：]?"
_PIECE_WORD = _any("piece_word")
# Forms of a collection heading, by style; a page's headings all have the first one's style.
# (each run of blanks has one place: blanks before and after an optional bracket or colon, each a run of its
# own, took cubic time on a heading spaced out, 篇一 and 5,000 blanks)
_COLLECTION_PATTERNS = (
    # 0 and 1 with the speech's salutation glued after the heading, however long the line:
    # 第一篇：同志们：今天…… / 篇1：尊敬的各位领导……
    re.compile(rf"^[【\[]?第\s*(?P<n>{_N})\s*篇\s*(?:[】\]]\s*)?(?:[：:、.．]\s*)?(?P<title>)(?P<rest>{_SALUTATION_START}.*)$"),
    re.compile(rf"^[【\[]?{_PIECE}\s*[（(]?(?P<n>{_N})[)）]?\s*(?:[】\]]\s*)?(?:[：:、.．]\s*)?(?P<title>)(?P<rest>{_SALUTATION_START}.*)$"),
    # 0: 第一篇：title / 【第一篇】title
    re.compile(rf"^[【\[]?第\s*(?P<n>{_N})\s*篇\s*(?:[】\]]\s*)?(?:[：:、.．]\s*)?(?P<title>.{{0,80}})$"),
    # 1: 篇一：title / 篇1 / 篇(1) / 范文1：title / 【范文一】title
    re.compile(rf"^[【\[]?{_PIECE}\s*[（(]?(?P<n>{_N})[)）]?\s*(?:[】\]]\s*)?(?:[：:、.．]\s*)?(?P<title>.{{0,80}})$"),
    # 1: 精选范文一：title / 演讲稿二：title / 参考范文3：title (a piece word, its number, a colon)
    re.compile(rf"^[【\[]?{_any('piece_praise')}?{_PIECE_WORD}\s*(?P<n>{_N})\s*(?:[】\]]\s*)?[：:]\s*(?P<title>(?:.{{2,80}})?)$"),
    # 2: 【篇一：title】 / （篇2） / 【范文二：title】 / 【第二篇：title】
    re.compile(rf"^[【\[（(]\s*{_PIECE}\s*(?P<n>{_N})\s*(?:[：:、.．]\s*)?(?P<title>[^】\]）)]{{0,80}})[】\]）)]$"),
    re.compile(rf"^[【\[（(]\s*第\s*(?P<n>{_N})\s*篇\s*(?:[：:、.．]\s*)?(?P<title>[^】\]）)]{{0,80}})[】\]）)]$"),
    # 3: title篇一 / title 篇(2) / title（篇2） / title（汇总12篇）篇一 / title（第二篇）
    re.compile(rf"^(?P<title>[^。！？；]{{2,80}}?)\s*(?:[（(【\[]\s*)?篇\s*[（(]?(?P<n>{_N})[)）】\]]?$"),
    re.compile(rf"^(?P<title>[^。！？；]{{2,80}}?)\s*(?:[（(【\[]\s*)?第\s*(?P<n>{_N})\s*篇[)）】\]]?$"),
    # 4: title范文1 (the speech's salutation sometimes glued after it)
    re.compile(rf"^(?P<title>[^。！？；，,：:]{{2,60}}?(?:范文|范本|例文|范例|样文))\s*(?P<n>\d{{1,2}}|[{CN_NUM}]{{1,3}})"
               rf"(?P<rest>{_SALUTATION_START}.*)?$"),
    # 5: NO.1 / No.2：title / 【1】 / 【2】title (a number alone as the piece's mark: ``boundaries`` takes it
    # only over a speech's salutation or a title, and a title after it only when it names a whole document)
    re.compile(rf"^【?\s*{_NO}\s*(?P<n>\d{{1,2}})\s*】?\s*[：:、.．]?\s*(?P<title>[^。！？；]{{0,80}})$"),
    re.compile(r"^【\s*(?P<n>\d{1,2})\s*】\s*(?P<title>[^。！？；]{0,80})$"),  # ([1] is a pager's or a note's)
)
_COLLECTION_STYLES = (0, 1, 0, 1, 1, 2, 2, 3, 3, 4, 5, 5)
_NUMBER_MARK_START = re.compile(r"^(?:【\s*\d|【?\s*(?:NO|No|no)\s*[.．:：]?\s*\d)")
_LIST_NUMBER = re.compile(r"^\d{1,2}[.．]\s+")
_ANNOUNCED = re.compile(rf"\s*[（(]\s*{_any('announced')}?\s*{_N}\s*篇\s*[)）]")
# title1 / title一 / title（一） after the same words each time: a series (style 8)
_SERIES = re.compile(rf"^(?P<title>[^。！？；，,：:]{{4,60}}?)\s*(?P<n>[（(][{CN_NUM}\d]{{1,3}}[)）]|\d{{1,2}}|[{CN_NUM}]{{1,3}})"
                     rf"(?P<rest>{_SALUTATION_START}.*)?$")
# What a whole document's title ends in (narrower than titles.doc_types: no part of a text is named so).
TITLE_ENDS = words("document_end")
TITLE_SUFFIX = re.compile(f"{_any('document_end')}$")
# a site's 范文 after the document type (……讲话稿范文) still names a whole document
_SAMPLE_SUFFIX = words("sample")
# an agenda's item names a report or a speech given at a meeting, not a document (听取……的汇报, 县长作讲话)
_AGENDA_ITEM = re.compile(rf"^(?:\d{{1,2}}\s*[、.．]\s*)?(?:{_any('agenda_verb')}|[^，。]{{1,8}}(?<![工合协操创制运动])作(?:重要)?(?:讲话|报告|汇报|发言)$)")


def names_whole_document(text: str) -> bool:
    """Whether ``text`` ends in what a whole document's title ends in (``TITLE_ENDS``), a site's 范文 after it perhaps."""
    if (sample := next((word for word in _SAMPLE_SUFFIX if text.endswith(word)), None)) is not None:
        text = text[:-len(sample)]
    return text.endswith(TITLE_ENDS) and not _AGENDA_ITEM.match(text)
_NUMBERED_TITLE = re.compile(
    rf"^(?:(?P<n>\d{{1,2}})\s*[、.．]|[（(](?P<p>[{CN_NUM}\d]{{1,3}})[)）]|(?P<c>[{CN_NUM}]{{1,3}})[、.．])\s*(?P<title>[^。！？；，]{{4,60}})$")
# A numbering marker alone on its line, before a speech's salutation: （一） / 一、 / 1.
_BARE_MARKER = re.compile(rf"^(?:[（(](?P<p>[{CN_NUM}\d]{{1,3}})[)）]|(?P<c>[{CN_NUM}]{{1,3}})[、.．]|(?P<n>\d{{1,2}})[、.．])$")

# (A collection heading's word, 篇, 范文 ..., stands within ``heading_word_within`` characters of the line's
# start; a document title is at most ``document_max_chars`` long, longer lines are text: TitleSettings,
# resources/settings.toml [titles], each function's ``s``, the packaged defaults when None.)

# an enumeration (titles.ENUMERATION), or a speech turning to 同志们 again before its next points
ENUM_START = re.compile(rf"^(?:{ENUMERATION}|同志们)")
MARKER_ONLY = re.compile(rf"^(?:[{CN_NUM}]+[、.．]|[（(][{CN_NUM}\d]+[)）]|\d+[、．.])$")
SENTENCE_PUNCT = re.compile(r"[。！？；]")


def chinese_number(value: str) -> int | None:
    if value.isdigit():
        return int(value)
    total, current = 0, 0
    for ch in value:
        if ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch in _CN_VALUES:
            current = _CN_VALUES[ch]
        else:
            return None
    return total + current


@dataclass
class Heading:
    number: int
    title: str  # the heading's own title ("" for 篇2)
    style: int
    label: str = ""  # the heading as a title (its list number and announced count cut): …篇2, …范文1
    marker: str = ""  # the piece's number as written (篇二), for a heading whose title is generic
    rest: int | None = None  # where text glued after the heading starts (…范文1各位领导：, 篇1：同志们：)
    numbering: str = ""  # for numbered titles: the kind of number (1、 / （一） / 一、)
    generic: bool = False  # a numbered title naming a genre alone (1、竞聘演讲稿), no document


def collection_heading(text: str, s: TitleSettings | None = None) -> Heading | None:
    """The collection heading ``text`` is (one of the forms above), or None."""
    start = text[:(s or default_settings().titles).heading_word_within]
    if not ("篇" in start or "范文" in start or "范本" in start or "例文" in start or "范例" in start or "样文" in start
            or "稿" in start or _NUMBER_MARK_START.match(text)):
        return None  # every form holds one of these words near its start; most lines none
    listed = len(text)
    text = _LIST_NUMBER.sub("", text)
    listed -= len(text)  # a list number cut before the heading: where the line's text is, it is not
    for style, pattern in zip(_COLLECTION_STYLES, _COLLECTION_PATTERNS, strict=True):
        match = pattern.match(text)
        if not match:
            continue
        n = chinese_number(match.group("n"))
        title = match.group("title").strip(" ：:】]")
        if n is None or n > 100 or (style >= 3 and SENTENCE_PUNCT.search(title)):
            continue
        if style == 5 and title and (read_title(title, s) is None or title.startswith("《")):
            continue  # 【1】《……条例》, 【2】张某.论……[J]: a reference list's item, no piece
        rest = match.start("rest") if "rest" in pattern.groupindex and match.group("rest") else None
        if style <= 2 and rest is None and SENTENCE_PUNCT.search(title):
            # 篇一：……的讲话同志们：今天…… / 篇一：今天召开……。: the text goes on on the heading's line
            # (kept as text, never as the heading), after the title where a salutation opens it
            title_at = match.start("title")
            opening = _SALUTATION_IN.search(match.group("title"))
            cut = opening.start() if opening is not None and opening.start() >= 4 else 0
            title, rest = match.group("title")[:cut].strip(" ：:"), title_at + cut
        if rest is not None:
            rest += listed
        if style == 3:
            title = _ANNOUNCED.sub("", title).strip()
            label = _ANNOUNCED.sub("", text).strip()
        elif style == 4:
            label = text[:rest].strip() if rest is not None else text.strip()
        else:
            label = title
        written = re.search(rf"第\s*{match.group('n')}\s*篇|{_PIECE_WORD}\s*{match.group('n')}|{_PIECE}\s*[（(]?{match.group('n')}[)）]?", text)
        marker = re.sub(r"[（()）\s]", "", written.group()) if written else f"篇{match.group('n')}"
        if style == 5:
            marker = str(n)
        return Heading(n, title, style, label, marker, rest)
    return None


def series_heading(text: str, s: TitleSettings | None = None) -> Heading | None:
    """A title with a number after it (…总结1, …发言稿二, …讲话（一）): one piece of a series."""
    if len(text) > (s or default_settings().titles).document_max_chars + 20:
        return None
    if text.startswith(("【", "[")) and text.endswith(("】", "]")):  # 【竞聘演讲稿一】
        text = text[1:-1].strip()
    match = _SERIES.match(text)
    if not match or not ends_in_doc_type(match.group("title")):
        return None
    n = chinese_number(match.group("n").strip("（()）"))
    if n is None or n > 50:
        return None
    rest = match.start("rest") if match.group("rest") else None
    label = text[:rest].strip() if rest is not None else text.strip()
    return Heading(n, match.group("title").strip(), 8, label, "", rest)


def _numbering(match: re.Match[str]) -> tuple[int | None, str]:
    """The number of a numbered line and its kind: "n" 1、 / "p" （一） / "c" 一、."""
    kind = "n" if match.group("n") else "p" if match.group("p") else "c"
    return chinese_number(match.group(kind)), kind


def numbered_title(text: str, s: TitleSettings | None = None) -> Heading | None:
    """A numbered title naming a whole document (1、在……会上的讲话, （二）……实施方案): a piece of a
    collection when its siblings follow, numbered on."""
    match = _NUMBERED_TITLE.match(text)
    if not match:
        return None
    title = match.group("title").strip()
    n, kind = _numbering(match)
    if n is None or not names_whole_document(title) or (read := read_title(title, s)) is None:
        return None
    # a genre's name alone (1、竞聘演讲稿) heads a piece only over a speech's salutation (``boundaries``)
    return Heading(n, title, 9, title, numbering=kind, generic=read[1] < GOOD)


def bare_marker(text: str) -> Heading | None:
    match = _BARE_MARKER.match(text)
    if not match:
        return None
    n, kind = _numbering(match)
    return None if n is None else Heading(n, "", 6, "", text.strip(), numbering=kind)



# --- a collection flattened onto one line -------------------------------------------------------

# A piece's heading inside a line: 篇一： / 篇(2) / 第三篇： / 范文4 / 【篇五】, at the line's start or after
# a sentence's end or a blank (……谢谢大家！篇二：在……上的讲话同志们：……).
_INLINE_HEADING = re.compile(
    rf"(?:(?<=^)|(?<=[。！？!?”’」』\s]))[【\[]?\s*(?:第\s*(?P<a>{_N})\s*篇|篇\s*[（(]?(?P<b>{_N})[)）]?|范文\s*(?P<c>{_N}))"
    r"\s*[】\]]?\s*[：:、.．]?\s*")
_SALUTATION_OPENS = re.compile(rf"(?:{salutation_words('glued')}|各位[^\s，。！？：:、]{{1,6}}[、，,：:])")


def _stands_apart(text: str, match: re.Match[str]) -> bool:
    """Whether an inline heading is set off from what follows it (a colon, a bracket, a blank) or has the
    speech's salutation right after it: 第一篇讲的是…… is prose naming a book's part, no heading."""
    return (match.group(0)[-1] in "：:、.．】] \t\u3000"
            or _SALUTATION_OPENS.match(text, match.end()) is not None)


def flattened_pieces(text: str, s: TitleSettings | None = None) -> list[int]:
    """Where a line holding a whole collection (its headings and texts run together, line breaks lost)
    is cut into lines: before each piece's heading, and after a heading's title where the speech's
    salutation follows it (篇一：title同志们：…… -> 篇一：title / 同志们：……), else after the heading (the
    title stays glued to the text, read from there). Empty unless two headings or more stand in the
    line numbered on from 1 (一, 二, …), each followed by text."""
    if "篇" not in text and "范文" not in text:
        return []
    found: list[re.Match[str]] = []
    for match in _INLINE_HEADING.finditer(text):
        n = chinese_number(match.group("a") or match.group("b") or match.group("c"))
        if n == len(found) + 1 and _stands_apart(text, match):
            found.append(match)
    if len(found) < 2:
        return []
    title_max = (s or default_settings().titles).document_max_chars
    cuts: list[int] = []
    ends = [m.start() for m in found[1:]] + [len(text)]
    for match, end in zip(found, ends, strict=True):
        if end - match.end() < title_max // 2:
            return []  # a list of headings (a table of contents), not pieces with their text
        if match.start() > 0:
            cuts.append(match.start())
        opening = _SALUTATION_OPENS.search(text, match.end(), min(end, match.end() + title_max))
        if opening is not None and opening.start() > match.end():
            cuts.append(opening.start())
    return cuts
