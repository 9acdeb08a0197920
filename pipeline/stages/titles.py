"""Title choice: which of the short lines heading a document is its title, and what of that line
is the title.

A document's title is never furniture, and never a line that merely names the site, the column or
the whole collection when the document has a name of its own. ``split`` calls :func:`choose_title`
with the lines between the document's start and its first body line (its *head*), nearest last:

1. every head line is read as a title (:func:`read_title`): site names, column tags, page markers,
   file extensions and announced counts are cut (``resources/split/title_trim.tsv``); what is left
   is rejected when it is a menu, a field label, a reader control, a byline, a date, a sentence, a
   salutation, an enumerated heading or a fragment (``title_lines.tsv``: not_title); it scores more
   when it ends in a document type (讲话, 方案, 总结 ... ``doc_types.txt``), less when it names a
   collection or a column (范文, 精选, N篇: generic) or only a genre (竞聘演讲稿);
2. the nearest good title to the body wins (a page prints its site title first, the body's own
   heading last); a weak one (a slogan) only when nothing good is there;
3. a title broken over two lines is joined (淮安百货集团组织 / 2011年度中层干部竞聘演讲会;
   main line / ——subtitle; 发文机关 / 关于……的办法; ……竞争上岗 / 实施方案: a type alone under a title's part);
4. a title that does not fit the body is no title: a candidate's speech title (竞聘演讲) over a
   leader's speech to 同志们, a leader's speech title over a candidate's speech, a report's or a rule's
   title (……工作总结, ……实施方案) over a speech to 同志们;
5. with no head title, the body's first line may carry one glued to it (:func:`glued_title`): before
   a salutation (……上的讲话同志们：), after a page marker (第1页共4页……方案……方案为深化), in 【】 before
   the first sentence, or before an opening phrase (……工作情况汇报今年3月……); or the speech names
   it (我今天演讲的题目是《……》), a reprint states it (原标题：……) or a site's blurb quotes it
   (下面是小编为大家整理的……的讲话，供大家参考); a Q&A page's question is its title
   (:func:`question_title`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from .. import resources
from .salutations import alternation as salutation_words
from .settings import TitleSettings, default_settings

DOC_TYPES = "split/doc_types.txt"
TITLE_LINES = "split/title_lines.tsv"
TITLE_TRIM = "split/title_trim.tsv"
SITE_NAMES = "split/site_names.txt"
_WORDS = resources.WordGroups("split/title_words.tsv", ("sequence", "competing", "spoken", "mobilizing", "report", "spoken_report", "rule", "genre_lead", "genre", "genre_tail",
                "text_opens", "purpose", "not_title_start", "dateline_lead", "news_event", "speech_end", "regulation_part",
                "rule_name", "voice_intent", "voice_apply", "voice_compete", "voice_self", "voice_competed", "voice_post", "site_tail"))
_words, _any = _WORDS.words, _WORDS.any


# The numbers (a title's length and CJK characters, how much of a text is read to judge a title ...) are
# the ``TitleSettings`` of the stages that read titles (rejoin, split: resources/settings.toml [titles]);
# each function takes them as ``s`` (the packaged defaults when None).
# Scores (read_title): 2 a title ending in a document type, 1 any other specific one (GOOD); a
# slogan-like one (勇于创新，积极搭建……) is WEAK; a collection's or a genre's name, or a short line
# naming nothing, scores below WEAK and is no title.
GOOD = 1.0
WEAK = 0.5
TYPED = 2.0

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_CHAR = re.compile(f"[{CJK}]")
_CN = "一二三四五六七八九十百零〇两"
# what makes a line a sentence: a full stop, a semicolon, or ！ ？ before more text (a headline may end in
# one: 竞聘上岗，我们准备好了！ / 挂职干部如何尽快进入角色？)
_SENTENCE = re.compile(r"[。；;]|[！!？?](?=\s*\S)(?!\s*(?:—|–|--))")  # (a question over its ——subtitle stays a title; a lone - no dash)
_OPEN_END = re.compile(r"[：:，,、（(“‘《—\-的了着在和与及或把被对从向给让使而并且之]$")
# the enumerations that open a paragraph inside a document (一、 （一） 1、 ① 一是 第一， 第二点 首先); no title opens so
ENUMERATION = (rf"(?:[{_CN}]+[、.．]|[（(][{_CN}\d]+[)）]|\d+[、．]|\d+\.(?!\d)|[①-⑳]|[{_CN}]是|[{_CN}]要|第[{_CN}\d]+[，、：,]"
               rf"|第[{_CN}\d]+(?:点|条|句话)|{_any('sequence')})")
_ENUMERATED = re.compile(rf"^{ENUMERATION}")
_CHAPTER = re.compile(rf"^第[{_CN}\d]+[章节回部卷集篇](?:分)?")
# a salutation line: its opening words, or whom it addresses before its colon (resources/split/salutations.tsv)
SALUTATION = re.compile(rf"^(?:{salutation_words('opening')}[^。！？]{{0,60}}|[^。！？，]{{0,40}}{salutation_words('addressed')})[：:]$")
# a salutation run on after a title on its line: its words, or 各位…、 / 全体…： naming whom it addresses
_SALUTATION_START = re.compile(rf"(?:{salutation_words('glued')}|各位[^\s，。！？：:、]{{1,6}}[、，,：:]|全体[^\s，。！？：:]{{1,12}}[：:])")
# A part's mark in brackets after a title (（一）, （上）, （续）, （之一）, （第二部分）): a piece of a document, no
# status note after its type
_PART_MARK = (rf"(?:[{_CN}\d]{{1,3}}|[上中下]篇?|续篇?|完|之[{_CN}\d]{{1,3}}|第[{_CN}\d]{{1,3}}(?:部分|篇|章|节|讲|期|集))[)）]")
# (a note in brackets after it, its edition, names no document either: 讲话（摘要）, 述职报告（通用版）)
BARE_GENRE = re.compile(rf"^{_any('genre_lead')}?{_any('genre')}{_any('genre_tail')}?(?:[（(](?!{_PART_MARK})[^（()）]{{1,12}}[)）])?$")


@dataclass(frozen=True)
class Title:
    text: str  # canonical
    original: str  # as the page writes it


@dataclass(frozen=True)
class HeadLine:
    """A line of a document's head: its canonical and original text, whether clean removed it, and
    whether a pattern row naming page furniture did (a notice, a disclaimer, a pager: never a title;
    a line the line model removed may still be one)."""

    text: str
    original: str
    removed: bool = False
    furniture: bool = False


# The fewest characters of a letter-spaced title (驻 村 工 作 队 管 理 办 法; title_trim.tsv code spacing
# cuts its blanks).
LETTER_SPACED_MIN = 4


def letter_spaced(text: str) -> bool:
    """Whether a line is a document's title letter-spaced (驻 村 工 作 队 管 理 办 法; clean reads it as a
    menu row): single characters between blanks, ending in a document type, no site's UI word in them
    (首 页 新 闻 通 知 is a menu)."""
    if not _spaced_letters(text):
        return False
    from .lines import lexicon  # (the line model's UI lexicon; imported here as title_chooser does)

    joined = "".join(text.split())
    return ends_in_doc_type(joined) and not lexicon()[0].search(joined) and not _type_label(joined)


def _spaced_letters(text: str) -> bool:
    """Whether a line is single characters between blanks, at least ``LETTER_SPACED_MIN`` of them."""
    parts = text.split()
    return len(parts) >= LETTER_SPACED_MIN and all(len(part) == 1 for part in parts)


def spaced_label(text: str) -> bool:
    """Whether a line is a column's label letter-spaced (规 章 制 度): never a title, no text."""
    return _spaced_letters(text) and _type_label("".join(text.split()))


def spaced_column(text: str) -> bool:
    """Whether a letter-spaced label names a portal's column (通 知 公 告, 规 章 制 度), not one document's genre."""
    joined = "".join(text.split())
    return _spaced_letters(text) and (line_mark(joined, "generic") or line_mark(joined, "not_title"))


def _type_label(title: str) -> bool:
    """Whether a letter-spaced line names a type or a genre and nothing else (规 章 制 度, 工 作 总 结): a
    portal's column label, spaced out as a label is, not a document's title."""
    return type_alone(title) or bool(BARE_GENRE.match(title)) or line_mark(title, "generic")


# The codes of clean's pattern rows whose lines are never a title (``HeadLine.furniture``); metadata
# (标题：…), breadcrumbs and tables of contents hold titles, and are read as such elsewhere; a caption
# row takes a title marked with a photo ([图]……报告).
NEVER_TITLE_CODES = frozenset({"footer", "paywall", "site_intro", "pagination", "share", "comments", "nav", "site_nav",
                               "junk", "counter", "journal", "related_header", "spam"})


# --- the resources ------------------------------------------------------------------------------

@cache
def _doc_type_end() -> re.Pattern[str]:
    words = sorted(resources.phrase_list(DOC_TYPES), key=len, reverse=True)
    # a short note in brackets after the type: its status or edition (（试行）, （征求意见稿）, (2022年修订), （摘要）),
    # not a piece's number (（一）)
    return re.compile(rf"(?:{'|'.join(map(re.escape, words))})(?:范文|范本|精选)?(?:[（(](?!{_PART_MARK})[^（()）]{{1,12}}[)）])?$")



@cache
def doc_type_ends() -> tuple[str, ...]:
    """The document types as a tuple, for ``str.endswith``."""
    return tuple(resources.phrase_list(DOC_TYPES))


@cache
def doc_type_words() -> str:
    """The document types as one regex alternation, longest first."""
    return "|".join(map(re.escape, sorted(resources.phrase_list(DOC_TYPES), key=len, reverse=True)))


def ends_in_doc_type(text: str) -> bool:
    return bool(_doc_type_end().search(text))


@cache
def _line_rows(code: str) -> tuple[re.Pattern[str], ...]:
    return tuple(pattern for row_code, pattern, _d in resources.pattern_table(TITLE_LINES) if row_code == code)


def line_mark(text: str, code: str) -> bool:
    """Whether a row of ``title_lines.tsv`` with ``code`` (not_title, generic) finds something in ``text``."""
    return any(pattern.search(text) for pattern in _line_rows(code))


@cache
def _site_name_end() -> re.Pattern[str]:
    """A listed site's name at the end of a line, after a separator or a blank, or alone (the separator
    and the blanks before it are cut by :func:`cut_site_name`: spelled in the pattern, nested blanks
    tried at every blank of a long run took cubic time)."""
    names = "|".join(map(re.escape, sorted(resources.phrase_list(SITE_NAMES), key=len, reverse=True)))
    return re.compile(rf"(?:^|(?<=[-–—_|｜·:：\s]))(?:{names})\s*$")


_SITE_SEPARATOR = re.compile(r"[-–—_|｜·:：]{1,2}$")


def cut_site_name(text: str) -> str:
    """``text`` without a listed site's name at its end and the separator or blanks before it."""
    found = _site_name_end().search(text)
    if found is None:
        return text
    head = text[:found.start()].rstrip()
    separator = _SITE_SEPARATOR.search(head)
    return head[:separator.start()] if separator else head


# A separator between a title and what a site prints after it: a bar, an underscore, or a dash with a
# blank beside it (a subtitle's —— stands glued to both parts: 统一思想——在……上的讲话).
_HAS_SEPARATOR = re.compile(r"[|｜_＿\-–—]")
# (a dash is a site's separator as a hyphen or an en dash; an em dash opens a subtitle: ……思想 — 全面提升……)
# (blanks before a separator are taken from the first of their run only, (?<!\s): tried at each blank of a long
# run, the search was quadratic)
_SUFFIX_SEPARATOR = re.compile(r"(?:(?<!\s)\s+)?[|｜_＿]\s*|(?<!\s)\s+[-–]{1,2}\s*|(?:(?<!\s)\s+)?[-–]{1,2}\s+")
# The most characters of one segment printed after a title (a column's or a site's name), and the
# fewest CJK characters of a title that names no document type before them (公开选拔 - 百度百科 is a
# listed site's entry, cut by site_names.txt; a shorter head may be a slogan over its subtitle).
SUFFIX_SEGMENT_MAX = 16
SUFFIX_TITLE_MIN_CJK = 8


@lru_cache(maxsize=8192)
def trim_title(text: str) -> str:
    """``text`` with what ``title_trim.tsv`` cuts (site names, tags, page markers ...), a listed site's
    name at its end (``site_names.txt``) and short segments after a title (:func:`_title_head`) cut, repeatedly."""
    rows = resources.pattern_table(TITLE_TRIM)
    previous = None
    text = text.strip()
    while text != previous:
        previous = text
        for _code, pattern, _d in rows:
            text = pattern.sub("", text).strip()
        text = cut_site_name(text).strip()
        text = _title_head(text)
    return text.strip(" -—–_|·")


# The rows of title_trim.tsv cutting what says who speaks or when (a speaker's post and name before the
# title, a byline or a date after it): cut from the title, they stay the text's (for extraction).
SPOKEN_CODES = ("speaker", "byline", "date")


@cache
def _spoken_rows() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((code, pattern) for code, pattern, _d in resources.pattern_table(TITLE_TRIM) if code in SPOKEN_CODES)


def spoken_parts(text: str) -> tuple[int, int]:
    """Where the title stands in a title line that also says who speaks or when (县委书记王某某：在……上的讲话,
    ……的讲话（2023年3月5日）, ……的讲话 县委书记 王某某): ``(start, end)`` of the title, the rest being the
    speaker's or the date's; ``(0, len(text))`` when the line holds none."""
    start, end = 0, len(text)
    for code, pattern in _spoken_rows():
        if code == "speaker":
            if (match := pattern.match(text)) is not None:
                start = match.end()
        elif (match := pattern.search(text, start, end)) is not None and match.end() == end and match.start() > start:
            end = match.start()
    return start, end


def _title_head(text: str) -> str:
    """A title with short segments after it, each after a separator: the title alone (……的讲话 - 范文大全,
    ……实施方案|讲话稿|某某网, ……动员会 - 海川公文: the site's or column's names a site prints after its
    titles, listed or not). A segment naming a document of its
    own (……——在……上的讲话) is a subtitle: kept."""
    if not _HAS_SEPARATOR.search(text):  # most lines: nothing to split
        return text
    parts = _SUFFIX_SEPARATOR.split(text)
    if len(parts) < 2:  # a hyphen glued between words cuts only after a document type
        parts = _BARE_HYPHEN.split(text)
        if len(parts) < 2 or not ends_in_doc_type(parts[0]) or not all(_glued_site_segment().match(part) for part in parts[1:]):
            return text  # (a subtitle has its punctuation: ……总结-扎根,帮扶,共前行; a post, an occasion, a status: ……-财务科长)
    if len(_CJK_CHAR.findall(parts[0])) < (4 if ends_in_doc_type(parts[0]) else SUFFIX_TITLE_MIN_CJK):
        return text
    if all(0 < len(part) <= SUFFIX_SEGMENT_MAX and (not ends_in_doc_type(part) or BARE_GENRE.match(part))
           for part in parts[1:]):  # a column named by a genre alone (|讲话稿|) is no subtitle
        return parts[0]
    return text


# A hyphen glued between words after a document type (……实施方案-某某文库-免费下载: a page's <title>); not
# between digits (2023-2024学年), nor a dash run (——). Each segment after it a site's or a column's name: a plain
# word ending in a site's word (title_words.tsv site_tail), never a post, an occasion or a status (……稿-财务科长,
# ……报告-在……会议上, ……方案-试行: the title's own).
@cache
def _glued_site_segment() -> re.Pattern[str]:
    return re.compile(rf"^\w{{0,12}}{_any('site_tail')}$")


_BARE_HYPHEN = re.compile(r"(?<=[^\d\s\-–—])[-–](?=[^\d\s\-–—])")


# --- one line read as a title -------------------------------------------------------------------

def _settings(s: TitleSettings | None) -> TitleSettings:
    return s if s is not None else default_settings().titles


def read_title(text: str, s: TitleSettings | None = None) -> tuple[str, float] | None:
    """The title in a head line and its score, or None when the line is no title (module docstring)."""
    return _read_title(text, _settings(s))


@lru_cache(maxsize=8192)
def _read_title(text: str, s: TitleSettings) -> tuple[str, float] | None:
    """``read_title``, cached by line and settings (frozen, so a settings file's numbers are their own key)."""
    title = trim_title(text)
    if not title or len(title) > s.max_chars or text.rstrip().endswith(("：", ":")):
        return None
    cjk = len(_CJK_CHAR.findall(title))
    typed = ends_in_doc_type(title)
    least = s.typed_min_cjk if typed else s.min_cjk  # 民法, 档案法: a document type names enough
    if not ((cjk >= least and cjk * 2 >= len(title.replace(" ", ""))) or _CHAPTER.match(title)):
        return None
    if _SENTENCE.search(title) or _OPEN_END.search(title) or _ENUMERATED.match(title) or SALUTATION.match(title):
        return None
    if line_mark(title, "not_title") or spaced_label(text):
        return None
    score = GOOD + (1.0 if typed else 0.0)
    if line_mark(title, "generic"):  # a collection's or a column's name
        score -= 1.0
    if BARE_GENRE.match(title):  # 竞聘演讲稿, 工作总结: a genre, no document's name
        score -= 2.0
    if cjk <= 6 and not typed and not _CHAPTER.match(title):  # 学术讲座: a column's name more often
        score -= 1.0
    if not typed and ("，" in title or _SPACED.match(title)):  # a slogan heading the text (勇于创新，积极搭建……)
        score -= 0.5
    return title, score


_SPACED = re.compile(r"^\S{2,12}(?:\s+\S{2,12}){1,2}$")


def is_title_line(text: str, s: TitleSettings | None = None) -> bool:
    """Whether ``text`` reads as a good title (a heading of a document, not furniture)."""
    read = read_title(text, s)
    return read is not None and read[1] >= GOOD


# --- the choice ---------------------------------------------------------------------------------

# A title broken over two lines: the first part ends where no title ends, or the second part opens
# with a dash (a subtitle) or with 关于 under the issuing body's name.
_BROKEN_END = re.compile(r"(?:组织|召开|举办|举行|开展|关于|印发|转发|批转|暨|在|对|和|与|及|于|之|的)$")
_SECOND_PART = re.compile(r"^(?:——|—|--|关于|[（(]在)")  # (（在……会议上的讲话）: a subtitle in brackets)
# The most CJK characters of a title's second line holding its document type alone (……竞争上岗 / 实施方案).
TYPE_ALONE_MAX_CJK = 6


def type_alone(text: str) -> bool:
    """Whether a title line is a document type with little before it (实施方案, 管理办法): a title's second
    line when a title's first part stands above it."""
    return ends_in_doc_type(text) and len(_CJK_CHAR.findall(text)) <= TYPE_ALONE_MAX_CJK


_ISSUER = re.compile(r"(?:公司|集团|委员会|党委|党组|政府|办公室|办公厅|局|厅|院|委|部|中心|学校|大学|学院)$")


@dataclass(frozen=True)
class Choice:
    """The title read from head lines ``first``..``last``; ``fits`` False when it is a title, but one
    that does not fit the body (a site title over another kind of text)."""

    title: Title
    first: int
    last: int
    fits: bool = True


def spaced_type(text: str) -> str | None:
    """A document type or a genre letter-spaced on its own line (实 施 方 案, 倡 议 书: clean reads it as a
    column's label), joined; None for any other line."""
    if not _spaced_letters(text):
        return None
    joined = "".join(text.split())
    return joined if type_alone(joined) or BARE_GENRE.match(joined) else None


def glue_parts(upper: str, lower: str) -> str:
    """Two parts of a title broken over two lines, joined; a genre word printed at the end of the first
    and again at the start of the type under it said once (……创建倡议 / 倡议书: ……创建倡议书)."""
    for k in range(min(len(upper), len(lower) - 1), 1, -1):
        if upper.endswith(lower[:k]) and _CJK_CHAR.match(lower[0]):
            return upper + lower[k:]
    return upper + lower


def _read_head(head: Sequence[HeadLine], s: TitleSettings) -> tuple[list[tuple[str, float] | None], dict[int, int]]:
    """Each head line read as a title (None: no title, or furniture), a letter-spaced type read as its
    joined words (score 0: never a title alone, a title's second line); and the lines that complete a
    title broken over two lines after a part that is no title alone (关于开展……工作的 / 实 施 方 案), read
    joined: ``{second: first}``."""
    read: list[tuple[str, float] | None] = []
    for line in head:
        spaced = spaced_type(line.text)
        read.append((spaced, 0.0) if spaced is not None else None if line.furniture else read_title(line.text, s))
    joined: dict[int, int] = {}
    for index in range(len(head) - 1):
        upper, lower = head[index], head[index + 1]
        if (read[index] is not None or upper.removed or upper.furniture or not _BROKEN_END.search(upper.text.strip())
                or (lower.furniture or lower.removed) and read[index + 1] is None):
            continue
        second = read[index + 1][0] if read[index + 1] is not None else lower.text.strip()  # type: ignore[index]
        whole = read_title(glue_parts(upper.text.strip(), second), s)
        if whole is not None and whole[1] >= GOOD:
            read[index + 1], joined[index + 1] = whole, index
    return read, joined


def two_line_titles(head: Sequence[HeadLine], s: TitleSettings | None = None) -> list[tuple[int, Title]]:
    """Every pair of head lines ``(first, first + 1)`` that reads as one title broken over two lines (the
    first, naming no document type, ends where no title ends; or the second opens a subtitle, or is a
    type alone, letter-spaced or not), with the title read from both: the title chooser's join candidates,
    whichever the rules chose."""
    s = _settings(s)
    out = []
    for index in range(len(head) - 1):
        upper, lower = head[index], head[index + 1]
        if upper.furniture or lower.furniture or upper.removed and not lower.removed:
            continue
        top, under = upper.text.strip(), _second_line(lower.text.strip())
        if ends_in_doc_type(trim_title(top)) or not (_BROKEN_END.search(top) or _SECOND_PART.match(under) or type_alone(under)):
            continue
        whole = read_title(glue_parts(top, under), s)
        if whole is not None and whole[1] >= GOOD and len(top) + len(under) <= s.max_chars:
            original = trim_title(glue_parts(upper.original.strip(), _second_line(lower.original.strip()))) or whole[0]
            out.append((index, Title(whole[0], original)))
    return out


def choose_title(head: Sequence[HeadLine], body: str, s: TitleSettings | None = None) -> Choice | None:
    """The title among ``head`` (page order, nearest the body last) for a document whose text starts
    with ``body`` (module docstring, 2-4)."""
    s = _settings(s)
    read, joined = _read_head(head, s)
    good = [index for index, r in enumerate(read) if r is not None and r[1] >= GOOD]
    weak = [(r[1], index) for index, r in enumerate(read) if r is not None and r[1] >= WEAK]
    if not weak:
        return _short_title(head, read, body, s)
    chosen = good[-1] if good else max(weak)[1]  # the nearest good one, else the best weak one
    typed = [index for index in good if read[index][1] >= TYPED]  # type: ignore[index]
    if _CHAPTER.match(read[chosen][0]) and typed:  # type: ignore[index]
        chosen = typed[-1]  # 第一章 总则 heads a part of the text named above it (……条例)
    if _type_under(head, read, chosen, s):  # ……竞争上岗 / 工作方案: the type under it, read alone as a bare genre
        chosen += 1
    text = read[chosen][0]  # type: ignore[index]
    original = trim_title(head[chosen].original) or text
    first = chosen
    if chosen in joined:  # a part that is no title alone over the rest (关于开展……的 / 实 施 方 案)
        first = joined[chosen]
        original = trim_title(glue_parts(head[first].original.strip(), _second_line(head[chosen].original).strip())) or text
    elif chosen > 0 and not head[chosen - 1].removed:
        before = read_title(head[chosen - 1].text, s)
        before_text = head[chosen - 1].text
        issuer = bool(_ISSUER.search(before_text)) and head[chosen].text.startswith("关于") and len(before_text) <= 24
        if issuer or (before is not None and len(before_text) + len(text) <= s.max_chars and not ends_in_doc_type(before[0])
                      and (_BROKEN_END.search(before_text) or _SECOND_PART.match(head[chosen].text)
                           or (type_alone(text) and not line_mark(before[0], "generic")))):
            lower = _second_line(head[chosen].text)
            text = trim_title(glue_parts(before_text, lower)) or glue_parts(before_text, lower)  # (a date after it cut)
            original = trim_title(glue_parts(head[chosen - 1].original.strip(), _second_line(head[chosen].original).strip())) or text
            first = chosen - 1
    whole = _whole_title(head, read, first, text)
    if whole is not None:  # the title broken in two under its whole printing: the whole one
        text, original, first = read[whole][0], trim_title(head[whole].original) or read[whole][0], whole  # type: ignore[index]
    return Choice(Title(text, original), first, chosen, fits_body(text, body, s))


def _type_under(head: Sequence[HeadLine], read: list[tuple[str, float] | None], chosen: int, s: TitleSettings) -> bool:
    """Whether the head line under the chosen title is the title's second line holding its type alone,
    read as a weak title since its words are a bare genre's (工作方案, 述职报告): joined to it below. Not
    under a title naming a type or a genre itself, nor one with a colon (竞职演讲稿：每一次跌倒……, then a
    column's 竞聘演讲稿), nor under a slogan or a question, a whole title (青春无悔 奋斗有我 / 我为什么来竞聘, then a
    column's 竞聘演讲稿: title_lines.tsv code slogan)."""
    under = chosen + 1
    if (under >= len(head) or head[under].removed and spaced_type(head[under].text) is None
            or (r := read[under]) is None or r[1] >= GOOD):
        return False
    text = read[chosen][0]  # type: ignore[index]
    return (type_alone(r[0]) and not any(word in text for word in doc_type_ends()) and not _COLON.search(text)
            and not line_mark(text, "generic") and not line_mark(head[chosen].text.strip(), "slogan")
            and len(head[chosen].text) + len(head[under].text) <= s.max_chars)


_COLON = re.compile("[：:]")


def _second_line(text: str) -> str:
    """A title's second line as it reads after its first: letter-spaced words joined (:func:`_spaced_joined`), a
    bracketed occasion written as a subtitle (（在……会议上的讲话）: ——在……会议上的讲话)."""
    text = _spaced_joined(text)
    bracketed = _BRACKETED_OCCASION.match(text.strip())
    return "——" + bracketed[1] if bracketed else text


_BRACKETED_OCCASION = re.compile(r"^[（(](在[^（()）]{2,60})[)）]$")


def _spaced_joined(text: str) -> str:
    """A line of single characters between blanks joined (实 施 方 案, 倡 议 书); any other line as it is."""
    parts = text.split()
    return "".join(parts) if len(parts) >= 2 and all(len(part) == 1 for part in parts) else text


def _short_title(head: Sequence[HeadLine], read: list[tuple[str, float] | None], body: str,
                 s: TitleSettings) -> Choice | None:
    """A short name (a book's, an essay's: 挂职两年) when nothing better heads the text: read as a
    column's name unless the text names it too."""
    for index in range(len(head) - 1, -1, -1):
        r = read[index]
        if (r is not None and r[1] >= 0 and not ends_in_doc_type(r[0]) and not line_mark(r[0], "generic")
                and len(r[0]) >= s.short_named_min and r[0] in body[:s.fit_chars]):
            return Choice(Title(r[0], trim_title(head[index].original) or r[0]), index, index)
    return None


_WORD = re.compile(r"\w")


def _whole_title(head: Sequence[HeadLine], read: list[tuple[str, float] | None], first: int, text: str) -> int | None:
    """An earlier head line holding the chosen title as its end (the title printed whole, then broken
    over two lines above the text): its index."""
    key = "".join(_WORD.findall(text))
    for index in range(first - 1, -1, -1):
        r = read[index]
        if r is not None and r[1] >= GOOD:
            whole = "".join(_WORD.findall(r[0]))
            if len(whole) > len(key) and whole.endswith(key):
                return index
    return None


_BREADCRUMB = re.compile(r"\s*(?:>|&gt;|»|›|→)\s*")


def breadcrumb_title(head: Sequence[HeadLine], body: str, s: TitleSettings | None = None) -> Title | None:
    """The last step of a breadcrumb (首页 > 讲话稿 > 在……上的讲话) when it reads as a good title
    naming more than a column (a site prints the title there too): for a text with no other."""
    for line in reversed(head):
        steps = [step for step in _BREADCRUMB.split(line.text) if step.strip()]
        if len(steps) < 2 or "：" in steps[-1] or ":" in steps[-1]:
            continue
        read = read_title(steps[-1], s)
        if (read is not None and read[1] >= GOOD and len(_CJK_CHAR.findall(read[0])) >= _settings(s).breadcrumb_min_cjk
                and fits_body(read[0], body, s)):
            return Title(read[0], read[0])
    return None


def is_issuer_heading(head: Sequence[HeadLine], first: int, last: int) -> bool:
    """Whether a title read from two head lines is an official document's heading block (the issuing
    body's name over 关于……): part of the document's text, not only its title."""
    return last == first + 1 and bool(_ISSUER.search(head[first].text)) and head[last].text.startswith("关于")


# A candidate's own speech (竞聘演讲) and a leader's (动员讲话): a title of the one over the other's
# text is a site title that does not fit.
_CANDIDATE_TITLE = re.compile(rf"{_any('competing')}[^讲]{{0,12}}?{_any('spoken')}(?:稿|词)?(?:范文|范本|精选|大全)?$")
_LEADER_TITLE = re.compile(rf"{_any('mobilizing')}[^演]{{0,12}}(?:讲话|发言)(?:稿)?$")
_CANDIDATE_VOICE = re.compile(rf"我{_any('voice_intent')}?{_any('voice_apply')}|{_any('voice_self')}|{_any('voice_competed')}的{_any('voice_post')}")
_LEADER_OPENING = re.compile(rf"^[^。！？\n]{{0,30}}{salutation_words('comrades')}[^。！？\n]{{0,10}}[：:]")
# how far into a text a candidate's own voice (我竞聘……, 本人……) is looked for: their speech says so early; a
# leader's may quote 本人 later (须由本人提出申请)
_VOICE_CHARS = 300
# a speech's salutation to a group (同志们, 各位教官、各位老师、亲爱的新同学们): no candidate's (who address 领导, 评委)
_ADDRESS_OPENING = re.compile(rf"^(?![^。！？\n]{{0,40}}{salutation_words('judges')})[^。！？\n]{{0,30}}{salutation_words('audience')}[^。！？\n]{{0,10}}[：:]")


# A report's or a rule's title (……工作总结, ……实施方案) over a speech to 同志们: a page filed under one genre
# holding another (a speech on a page titled 总结); 报告 stays (a congress's 工作报告 is spoken to 同志们).
_WRITTEN_TITLE = re.compile(rf"{_any('report', 'spoken_report', 'rule')}(?:范文|范本)?$")


# a candidate's salutation (to 领导 and 评委) at the text's start, and the post named as competed for
_CANDIDATE_OPENING = re.compile(rf"^[^。！？\n]{{0,30}}{salutation_words('judges')}[^。！？\n]{{0,20}}[：:]")
_COMPETING_VOICE = re.compile(rf"我{_any('voice_intent')}?{_any('voice_compete')}|{_any('voice_competed')}的{_any('voice_post')}")
# a written report's or a rule's title (no spoken 汇报, 心得, 体会): over a candidate's speech, a site's
_RULE_TITLE = re.compile(rf"{_any('report', 'rule')}(?:范文|范本)?$")


def _candidate_speech(head: str) -> bool:
    """Whether a text opens as a candidate's speech: a salutation to 领导/评委, the post competed for."""
    return bool(_CANDIDATE_OPENING.match(head)) and bool(_COMPETING_VOICE.search(head[:_VOICE_CHARS]))


def fits_body(title: str, body: str, s: TitleSettings | None = None) -> bool:
    """Whether ``title`` can be the title of a text starting with ``body`` (module docstring, 4)."""
    head = body[:_settings(s).fit_chars]
    if ((_WRITTEN_TITLE.search(title) and _LEADER_OPENING.match(head))
            or (_RULE_TITLE.search(title) and _candidate_speech(head))):
        return False  # a report's or a rule's title over a speech (a page filed as 总结 holding one)
    if _CANDIDATE_TITLE.search(title) and _ADDRESS_OPENING.match(head) and not _CANDIDATE_VOICE.search(head[:_VOICE_CHARS]):
        return False
    if _LEADER_TITLE.search(title) and not _LEADER_OPENING.match(head) and _CANDIDATE_VOICE.search(head[:_VOICE_CHARS]):
        return False
    return True


# --- a title glued to the first body line -------------------------------------------------------

_PAGE_MARK = r"(?:第\s*\d+\s*页\s*共\s*\d+\s*页|\d{1,2}[、.]?(?=[^\d\s年月日.、]))"
_PAGE_MARK_ONLY = re.compile(r"^(?:第\s*\d+\s*页\s*共\s*\d+\s*页|\d{1,2}[、.]?)$")
_OPENING = rf"(?:{_any('text_opens')}|为{_any('purpose')}|\d{{4}}年|\d{{1,2}}月\d{{1,2}}日)"


@cache
def _glued_patterns(flattened_min: int) -> tuple[tuple[str, re.Pattern[str]], ...]:
    # a document type, and a bracket after it perhaps (……办法（试行）, ……方案（2023年修订）)
    types = rf"(?:{doc_type_words()})(?:[（(][^（()）。！？\n]{{1,30}}[)）])?"
    body = r"[^。！？；，,：:\n]"
    return (
        # ……上的讲话同志们： / 1、……主持词范本各位领导、同志们：
        ("salutation", re.compile(
            rf"^(?P<mark>{_PAGE_MARK}|[^\n]{{0,160}}?[。！]\s*)?\s*(?P<title>{body}{{4,70}}?(?:{types}))(?:范本|范文)?"
            rf"(?:\s+[^\s。！？，]{{2,16}}\s+[^\s。！？，]{{2,4}})?(?:\s*[（(]\d{{4}}年\d{{1,2}}月\d{{1,2}}日[)）])?"
            rf"\s*(?={_SALUTATION_START.pattern})")),
        # 关于……的通知各科室、各单位：经研究…… (a notice's title run into its addressees)
        ("addressee", re.compile(rf"^(?P<mark>)(?P<title>{body}{{4,70}}?(?:{types}))"
                                 rf"(?=各[^\s。！？：:，,、]{{1,12}}(?:[、，,][^\s。！？：:]{{1,15}}){{0,4}}[：:])")),
        # 第1页共4页……实施方案……实施方案为深化…… (doc-sharing text flattened to one line)
        ("page_mark", re.compile(rf"^(?P<mark>第\s*\d+\s*页\s*共\s*\d+\s*页)\s*(?P<title>{body}{{4,60}}?(?:{types}))")),
        # 【竞聘上岗是什么意思】“竞聘上岗”是……
        ("bracket", re.compile(r"^(?P<mark>)【(?P<title>[^】]{4,40})】(?=.{10,})")),
        # ……工作情况汇报今年3月至5月，……
        ("opening", re.compile(rf"^(?P<mark>)(?P<title>{body}{{8,60}}?(?:{types}))(?={_OPENING})")),
        # ……实施方案……实施方案为深化…… (the title printed twice before the text)
        ("doubled", re.compile(rf"^(?P<mark>)(?P<title>{body}{{6,60}}?(?:{types}))(?P=title)")),
        # 市人社局召开中层干部竞争上岗动员会4月11日，…… (a news title run into its first sentence)
        ("dateline", re.compile(rf"^(?P<mark>)(?P<title>{body}{{10,50}}?)"
                                rf"(?=(?:\d{{4}}年)?\d{{1,2}}月\d{{1,2}}日[^，。,]{{0,8}}[，,]|(?:近日|日前)[，,]|(?:本报讯|本网讯)(?:[（(][^)）\n]{{0,20}}[)）])?[，,]?)")),
        # a whole document flattened to one line, its title first, its dateline soon after:
        # ……工作自评报告真蹲实驻促开展 ……工作队（2023年11月20日）根据……
        ("flattened", re.compile(rf"^(?P<mark>)(?P<title>{body}{{10,60}}?(?:{types}))"
                                 rf"(?=[^。！？，,]{{0,60}}[（(]\d{{4}}年.{{{flattened_min}}})")),
    )


_NOT_TITLE_START = re.compile(rf"^{_any('not_title_start')}")
# (A news title run into its dateline, ……动员会4月11日，: the dateline stands within ``dateline_screen_chars``.)
_DATELINE_NEAR = re.compile(r"\d{1,2}月\d{1,2}日|近日[，,]|日前[，,]|本报讯")
_DATELINE_LEAD = _words("dateline_lead")
# A news title names an event: what was held, launched, done (召开, 举行, 启动 ... 会, 赛).
_NEWS_TITLE = re.compile(_any("news_event"))
_SPEECH_END = re.compile(rf"{_any('speech_end')}$")
_NAMED = re.compile(r"(?:题目是|题目叫|题为|所著的?|新书|长篇小说|小说)[：:]?\s*《(?P<title>[^》。！？\n]{2,30})》")


@cache
def _doc_type_anywhere() -> re.Pattern[str]:
    return re.compile(doc_type_words())


# A novel's chapter heading glued before its text by a blank (第十二章 竞聘风波 李明走进会议室……); not a
# regulation's (第一章 总则 第一条 ……, 第一章 总则 为规范……制定本办法: the chapter is a part of the text named
# above it, its name one of a regulation's parts or its text one that states the rules' own purpose)
_REGULATION_PART = _any("regulation_part")
_GLUED_CHAPTER = re.compile(
    rf"^(?!第[{_CN}\d]+[章回节]\s*{_REGULATION_PART}(?:\s|$))"
    rf"(?P<title>第[{_CN}\d]+[章回节](?:\s*[^\s。！？，,：:；“”\"]{{1,20}})?)\s+(?!第[{_CN}\d]+条)"
    rf"(?![^。]*本{_any('rule_name')})(?=\S{{10}})")


def glued_title(text: str, s: TitleSettings | None = None) -> tuple[Title, int] | None:
    """A title run into the start of a body line, and where the line's text goes on after it (the
    page marker before the title and a doubled title cut with it). Canonical text only."""
    s = _settings(s)
    if text.startswith("第") and (chapter := _GLUED_CHAPTER.match(text)) is not None:
        return Title(chapter.group("title"), chapter.group("title")), chapter.end()
    if (not text.startswith("【") and not _doc_type_anywhere().search(text, 0, s.glued_screen_chars)
            and not _DATELINE_NEAR.search(text, 0, s.dateline_screen_chars)):
        return None  # every form but 【……】 and a news title over its dateline ends in a document type
    for kind, pattern in _glued_patterns(s.flattened_min):
        match = pattern.match(text)
        if not match:
            continue
        title = match.group("title").strip()
        half = len(title) // 2
        if len(title) % 2 == 0 and title[:half] == title[half:]:  # printed twice
            title = title[:half]
        read = read_title(title, s)
        if read is None or read[1] < GOOD:
            continue
        end = match.end("title") if kind != "bracket" else match.end()
        if kind == "salutation":
            end = match.end()  # the 范本 after the title goes with it
        rest = text[end:]
        if rest.lstrip().startswith(title):  # printed twice
            end += len(rest) - len(rest.lstrip()) + len(title)
        mark = match.group("mark") or ""
        if mark and not _PAGE_MARK_ONLY.match(mark) and not line_mark(mark, "blurb"):
            continue  # only a site's blurb stands before a title on its line
        if kind in ("opening", "flattened", "dateline") and (len(title) < 10 or _NOT_TITLE_START.match(title)
                                                             or (title.startswith("在") and not _SPEECH_END.search(title))):
            continue
        if kind == "addressee" and "关于" not in title:
            continue  # 现将有关事项通知各单位：: a sentence's verb, no notice's title (关于……的通知)
        if kind == "dateline" and (title.endswith(_DATELINE_LEAD) or not _NEWS_TITLE.search(title)):
            continue  # 市委组织部于4月11日: the sentence's own subject and verb, no title
        return Title(read[0], read[0]), end
    return None


_QUESTION = re.compile(r"^(?:问题|提问|问)?[：:]?\s*(?P<title>[^。！!；;？?\n]{6,50})[？?]$")


def question_title(line: str, s: TitleSettings | None = None) -> Title | None:
    """A Q&A page's question heading its text (竞聘上岗失败了怎么办？): the title of a text that has no
    other. The line stays the text's first (the answer reads on from it)."""
    line = trim_title(line) if line.endswith(("？", "?")) else cut_site_name(line).strip()  # …？ - 百度知道
    match = _QUESTION.match(line) if line.endswith(("？", "?")) else None
    if match is None or (read := read_title(match.group("title"), s)) is None:
        return None
    return Title(read[0], read[0])


def named_title(text: str, s: TitleSettings | None = None) -> str | None:
    """A title the text names itself: 我今天演讲的题目是《……》, ……所著的《……》."""
    fit_chars = _settings(s).fit_chars
    if "《" not in text[:fit_chars]:
        return None
    match = _NAMED.search(text[:fit_chars])
    return match.group("title") if match else None


# A site's blurb quoting the title: 下面是小编为大家整理的……的讲话，供大家参考 /
# 【导语】湖南：……的公告 已发布.
_QUOTE_END = r"(?=[，,。》”\s]|供|希望|欢迎|已发布|发布了|$)"
_YEAR_LEAD = re.compile(r"^(?:\d{4}年度|最新)")


@cache
def _blurb_patterns() -> tuple[re.Pattern[str], ...]:
    types = doc_type_words()
    return (
        re.compile(rf"(?:整理的|整理了|推荐的|分享的|带来的|收集的|准备的)(?:一篇|几篇|一些)?(?:关于)?(?P<title>[^，,。；！？《》]{{6,70}}?(?:{types})){_QUOTE_END}"),
        re.compile(rf"(?:^|[：:】\s])(?P<title>[^：:】\s，,。；！？]{{6,60}}?(?:{types}))\s*(?:已发布|发布了|出炉)"),
    )


def blurb_title(text: str, s: TitleSettings | None = None) -> str | None:
    """The title a site's blurb line quotes (module docstring, 5), or None."""
    if not line_mark(text, "blurb") and "导语" not in text:
        return None
    for pattern in _blurb_patterns():
        match = pattern.search(text)
        if match and (read := read_title(match.group("title"), s)) is not None and read[1] >= GOOD:
            return _YEAR_LEAD.sub("", read[0])
    return None
