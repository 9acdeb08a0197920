"""Where documents start on a page: the rules of ``split``, step 1.

The page is read as its lines in order (:class:`View`), the ones ``clean`` removed included: they are
never text, but a removed line may still be a heading. The first rule that finds anything gives the
collection's headings:

a. collection headings (``headings.collection_heading``), one form per page (the first one's), a
   series numbered on (a lone heading counts only as 篇一);
b. a series of titles with the same words and a number after them (…总结1 / …总结2, …讲话（一）);
c. numbered document titles (1、……讲话 / 2、……讲话), or numbering markers alone on a line before each
   speech's salutation or each document's title (（一） / 同志们：, （一） / ……工作总结);
d. the same keyword line before each document, each time followed by the document's own title, or
   each time by a speech's salutation (the same title printed over each speech).

Then inside each part between headings (and before the first):

e. after a finished paragraph (not a site's blurb), a new salutation (同志们：) starts a new speech,
   with the title line just above it; right after a speech's thanks (谢谢大家！), so does a salutation
   glued to its first sentence (尊敬的各位领导：大家好！我叫……) or a line opening with 大家好; a document's title line (……的讲话, ……实施方案), or any
   title with a dateline or a metadata line under it (an article's head), starts a document, unless
   it repeats the title of the one before (a site prints it again mid-text);
f. a table of contents of chapters glued to chapter 1 (第一章报到第二章…第十五章… 第一章报到宋知远…)
   starts the chapter; so does chapter 1's line after a table on lines of its own under a text of
   its own (a book's blurb), the table no text; under a title alone the table is a law's.

Speed: every line of every page passes here, and most are sentences no rule looks at. The lines
each rule needs are picked out in one pass (``View.picked``) in which a long line costs two
substring tests; the rules then read only the lines picked for them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate
from operator import add

from .. import resources
from ..document import Line, Page
from .headings import (
    CN_NUM,
    ENUM_START,
    SENTENCE_PUNCT,
    Heading,
    bare_marker,
    collection_heading,
    names_whole_document,
    numbered_title,
    series_heading,
)
from .headings import (
    words as heading_words,
)
from .salutations import alternation as salutation_words
from .screens import any_of
from .settings import SplitSettings, TitleSettings, default_settings
from .titles import (
    BARE_GENRE,
    SALUTATION,
    WEAK,
    Title,
    doc_type_ends,
    is_title_line,
    line_mark,
    read_title,
    trim_title,
)

# A line naming a whole document inside a page is at least ``document_min_chars`` long (其他规定 names a
# part); rejoin reads it too (a title printed again under itself): TitleSettings, read by both stages.
# The other numbers (a blurb's length, a menu item's, a table of contents' chapters...) are the split
# stage's settings (``SplitSettings``, resources/settings.toml [split]), on the view (``View.settings``).

_WORDS = resources.WordGroups("split/boundary_words.tsv", ("thanks", "finished", "exhortation", "forwarding", "forwarding_close", "forwarding_end", "issuer",
                "this_meeting", "meeting", "occasion", "today", "convene", "day_time", "self_intro", "speaker_label",
                "speech_opens", "agenda_lead", "toc_label", "metadata_when", "metadata_time", "metadata_field"))
_words, _any = _WORDS.words, _WORDS.any


_FINISHED_ENDS = tuple("。！？!?…”’」』")
# A paragraph that finishes a text: its final punctuation, or a speech's thanks with it lost.
_FINISHED = (*_FINISHED_ENDS, *_words("thanks"))
# A speech's last words (a candidate's or a leader's): the next one may open on the following line with
# its salutation glued to its first sentence (尊敬的各位领导：大家好！我叫……) or with 大家好 alone.
# (split's rejoin reads them too: no sentence goes on after them)
LAST_WORDS = _words("thanks", "finished")
_CLOSING = re.compile(rf"{_any('thanks', 'finished')}[！!。.]?$", re.MULTILINE)
# A speech's closing exhortation (……作出新的更大贡献！, 奋力开创……新局面！): a new salutation after it opens
# another speech
_EXHORTATION = re.compile(rf"(?:(?:作出|做出)[^。！？]{{0,12}}贡献|{_any('exhortation')})[！!]$")
# (a quick look first: most pages hold none)
_CLOSING_SCREEN = any_of(LAST_WORDS)
# A text's signature date (二00八年十一月二十日, 2023年5月6日): the text before it is finished.
_DATE = rf"[（(]?(?:\d{{4}}|[{CN_NUM}0０Ｏ○]{{4}})年[\d{CN_NUM}]{{1,3}}月[\d{CN_NUM}]{{1,3}}日[)）]?"
_SIGNED = re.compile(rf"^{_DATE}$")
# A notice that forwards a text (关于印发……的通知, ……现印发给你们, 特此通知): the title after its signature
# is its attachment's, part of it.
_FORWARDING = re.compile(rf"{_any('forwarding', 'forwarding_close')}|{_any('forwarding_end')}[。！]?$")


def _signed(page_view: View, line: int, lo: int) -> bool:
    """Whether ``line`` is a signature's date under its issuer (a date alone is a chronicle's entry)."""
    texts = page_view.texts
    if _SIGNED_LINE.match(texts[line]):
        return True
    issuer = page_view.previous(line, lo) if _SIGNED.match(texts[line]) else None
    return issuer is not None and bool(_SIGNER.match(texts[issuer]))


def _dates(text: str) -> bool:
    """Whether a line is a signature's date (2023年6月28日), alone or after its issuer on one line."""
    return bool(_SIGNED.match(text) or _SIGNED_LINE.match(text))


def _issues(text: str) -> bool:
    """Whether a line names a signature's issuer (某某县交通运输局党委), alone or before its date on one line."""
    return bool(_SIGNER.match(text) or _SIGNED_LINE.match(text))


# An attachment line's label before the name (附件：, 附件1：, 附件：1.): what follows is the attachment's name
_ATTACHMENT_LABEL = re.compile(rf"^附件\s*[\d{CN_NUM}]{{0,2}}\s*[：:]?\s*(?:\d{{1,2}}[.、．]\s*)?")
_OMITTED = re.compile(r"[（(][^（()）]{0,6}[)）]$")  # (略), (另发) after an attachment's name
# the shorter of an attachment's name and a title standing whole in the longer one holds this many characters
ATTACHMENT_NAME_MIN = 4


def _attached(texts: list[str], block: list[int], title: str) -> bool:
    """Whether a signature's lines ``block`` name the attachment whose title follows them: an attachment
    line naming it (附件：……实施方案, the name equal to the title, or one standing whole in the other), or
    one naming nothing (附件, 附件1) right above it. A name that is only a genre (附件：工作方案) or names
    something else (附件：名单) attaches no other title."""
    for j in block:
        if line_mark(texts[j], "attachment"):
            named = _attachment_name(texts[j])
            if not named:
                if j == block[-1]:
                    return True
                continue
            if _same_name(named, title):
                return True
    return False


def _same_name(named: str, title: str) -> bool:
    """Whether an attachment's name (word characters only) names the title ``title``: equal, or one
    standing whole in the other, neither a genre only."""
    theirs = _NOT_WORD.sub("", trim_title(title))
    return named == theirs or (not BARE_GENRE.match(named) and not BARE_GENRE.match(theirs)
                               and min(len(named), len(theirs)) >= ATTACHMENT_NAME_MIN
                               and (named in theirs or theirs in named))


def _names_attachment(texts: list[str], block: list[int]) -> bool:
    """Whether one of the lines ``block`` names an attachment (附件：名单; not a bare 附件, 附件1)."""
    return any(line_mark(texts[j], "attachment") and _attachment_name(texts[j]) for j in block)


def _attachment_name(text: str) -> str:
    """The name an attachment line gives (附件1：……实施方案（略） -> ……实施方案), its word characters only."""
    return _NOT_WORD.sub("", _OMITTED.sub("", trim_title(_ATTACHMENT_LABEL.sub("", text))))


# an item of a numbered list of attachments (附件：1.……清单 / 2.……名单)
_ATTACHMENT_ITEM = re.compile(r"^(?:\d{1,2}[.、．]|[（(]\d{1,2}[)）])\s*\S")
_ATTACHMENT_ITEM_LABEL = re.compile(r"^(?:\d{1,2}[.、．]|[（(]\d{1,2}[)）])\s*")


def _attachment_list(page_view: View, at: int, lo: int) -> list[int]:
    """The lines right above line ``at`` (a signature's) when they end a numbered list of attachments
    under an attachment line naming the first (附件：1.……清单 / 2.……名单), else []."""
    texts, most = page_view.texts, page_view.titles.document_max_chars
    items: list[int] = []  # the list's item lines, page order
    j = page_view.previous(at, lo)
    while (j is not None and _ATTACHMENT_ITEM.match(texts[j]) and len(texts[j]) <= most
           and not SENTENCE_PUNCT.search(texts[j])):
        items, j = [j, *items], page_view.previous(j, lo)
    if items and j is not None and line_mark(texts[j], "attachment") and (_attachment_name(texts[j]) or _BARE_ATTACHMENT.match(texts[j])):
        return [j, *items]
    return []


_BARE_ATTACHMENT = re.compile(r"^附件\s*[：:]?\s*$")  # (附件： on its own line over the list)


def _lists_title(texts: list[str], listed: list[int], title: str) -> bool:
    """Whether a numbered list of attachments ``listed`` names the title after the signature under it."""
    return any(_same_name(_item_name(texts[j]), title) for j in listed)


# how many lines above a list of attachments the sentence forwarding a text (现将《……》印发给你们) is looked for
FORWARDING_LINES = 8
_BOOK_NAME = re.compile(r"《([^《》\n]{1,60})》")


def _forwards_title(page_view: View, first: int, lo: int, titles: list[str], title: str) -> bool:
    """Whether the notice above a list of attachments (its first line ``first``) forwards, by its 《…》
    name in its title or in its forwarding sentence (关于印发《……规定》的通知 / 现将《……规定》印发给你们),
    the text whose title follows its signature: its attachment, printed after it, whatever the list calls it."""
    sentences = list(titles)
    j = page_view.previous(first, lo)
    while j is not None and len(sentences) < len(titles) + FORWARDING_LINES:
        sentences.append(page_view.texts[j])
        j = page_view.previous(j, lo)
    return any(_same_name(_NOT_WORD.sub("", name), title) for text in sentences if _forwards(text, [])
               for name in _BOOK_NAME.findall(text))


def _item_name(text: str) -> str:
    """The name an attachment line or an item of their list gives, its word characters only."""
    return _attachment_name(text) if text.startswith("附件") else _attachment_name(_ATTACHMENT_ITEM_LABEL.sub("", text))


def _forwards(last_text: str, titles: list[str]) -> bool:
    return bool(_FORWARDING.search(last_text)) or any(word in t for t in titles for word in _words("forwarding"))


# The issuer's name over that date (汕头市市政园林局, 中共某某县委组织部).
ISSUER = _any("issuer")
_SIGNER = re.compile(rf"^[^，。；：:\s]{{2,24}}{ISSUER}$")
# the issuer and the date on one line (某某县交通运输局党委 2023年6月28日)
_SIGNED_LINE = re.compile(rf"^[^，。；：:\s]{{2,24}}{ISSUER}[ \t\u3000]+{_DATE}$")
# how far into a line a glued salutation's colon may stand (尊敬的各位领导、各位评委、同志们：)
SALUTATION_COLON_CHARS = 40
_SERIES_ENDS = frozenset("0123456789）)" + CN_NUM)
_NUMBER_CHARS = "0123456789（()） " + CN_NUM
_SENTENCE_ENDS = frozenset("。！？；")
_NUMBER_FIRST = frozenset("0123456789（(" + CN_NUM)
# each word spelled out: with a group among the alternatives the engine can no longer skip to the
# words' first characters, and tried at every position it scanned a page four times slower
# (the piece words of resources/split/heading_words.tsv, a number mark's NO/No and 【)
_HEADING_WORD = re.compile(resources.alternation(dict.fromkeys((*heading_words("piece"), *heading_words("piece_word"),
                                                                "NO", "No", "【"))))
_MENU_NUMBER = re.compile(r"^\d{1,2}[.、．]")
_PIECE_NUMBER = re.compile(rf"(?:(?<!\s)\s+)?[（(][{CN_NUM}\d]{{1,3}}[)）]$")
_PART_HEADING = re.compile(rf"^(?:#|.{{0,20}}附件|附：|附:|第[{CN_NUM}\d]+[章节编部条款卷]|[{CN_NUM}]+[、.．]|[（(][{CN_NUM}\d]+[)）]|\d+[、.．\s])")
_CHAPTER = re.compile(rf"第[{CN_NUM}\d]+章")
_CHAPTER_LINE = re.compile(rf"^第[{CN_NUM}\d]+章(?:\s|[^。！？，]{{0,30}}$)")  # a chapter's heading, or a table's entry
_NOT_WORD = re.compile(r"\W")

@dataclass
class View:
    """The page's lines in order: content lines (after rejoin) and lines ``clean`` removed."""

    lines: list[Line]
    texts: list[str]
    removed: list[bool]
    body: list[bool]  # content lines that are text: a sentence, an enumerated line, a salutation, a long line
    picked: dict[str, list[int]] = field(default_factory=dict)  # the lines each rule looks at
    joined: str = ""  # the lines' texts joined by "\n"
    starts: list[int] = field(default_factory=list)  # where each line starts in ``joined`` (and its end)
    settings: SplitSettings = field(default_factory=lambda: default_settings().split)
    titles: TitleSettings = field(default_factory=lambda: default_settings().titles)

    def holds(self, needle: str, lo: int, hi: int) -> bool:
        """Whether lines ``lo``..``hi`` hold ``needle`` (within one line)."""
        return self.joined.find(needle, self.starts[lo], self.starts[hi]) >= 0

    def previous(self, i: int, lo: int) -> int | None:
        """The content line before line ``i`` (not before ``lo``)."""
        for j in range(i - 1, lo - 1, -1):
            if not self.removed[j]:
                return j
        return None

    def next(self, i: int, hi: int) -> int | None:
        """The content line after line ``i`` (before ``hi``)."""
        for j in range(i + 1, hi):
            if not self.removed[j]:
                return j
        return None


def view(page: Page, lines: list[Line], settings: SplitSettings | None = None,
         titles: TitleSettings | None = None) -> View:
    # the content lines, in order, and the removed lines that hold text, put in place by line number
    kept = list(lines)
    removed = [False] * len(kept)
    ghosts = [raw for raw in page.lines if raw.removed is not None and raw.canon.strip()]
    if ghosts:
        numbers = [line.number for line in kept]
        for ghost in reversed(ghosts):  # from the end, so that the places found stay right
            at = bisect_right(numbers, ghost.number)
            kept.insert(at, ghost)
            removed.insert(at, True)
    body = [not r for r in removed] if ghosts else [True] * len(kept)
    page_view = View(kept, [line.canon.strip() for line in kept], removed, body,
                     settings=settings or default_settings().split, titles=titles or default_settings().titles)
    _pick(page_view)
    return page_view


def _pick(page_view: View) -> None:
    """Pick out the lines each rule looks at. A line longer than ``body_line_chars`` is a sentence: it is
    only looked at when a collection heading's word stands at its start (……范文1尊敬的各位领导：……,
    the speech glued to its heading) or when it names four chapters (a table of contents glued to
    chapter 1); both are found by scanning the whole page at once."""
    texts, removed, body = page_view.texts, page_view.removed, page_view.body
    s = page_view.settings
    short_line, toc_min_chapters, menu_item_chars = s.body_line_chars, s.toc_min_chapters, s.menu_item_chars
    lengths = list(map(len, texts))
    heads: list[int] = []
    removed_heads: list[int] = []
    headings: list[int] = []
    series: list[int] = []
    numbered: list[int] = []
    salutations: list[int] = []
    chapters: list[int] = []
    joined = page_view.joined = "\n".join(texts)
    # where each line starts in ``joined``: the lengths before it, and one "\n" after each line before it
    starts = page_view.starts = list(map(add, accumulate(lengths, initial=0), range(len(texts) + 1)))
    for match in _HEADING_WORD.finditer(joined):
        i = bisect_right(starts, match.start()) - 1
        if (lengths[i] <= short_line or match.start() - starts[i] < s.heading_scan_chars) and (not headings or headings[-1] != i):
            headings.append(i)
    if joined.count("章") >= toc_min_chapters:
        chapters = [i for i, text in enumerate(texts) if not removed[i] and text.count("章") >= toc_min_chapters]
    in_menu = False
    chapter_lines: list[int] = []
    for i in [i for i, n in enumerate(lengths) if n <= short_line]:
        text = texts[i]
        if text[0] == "第" and _CHAPTER_LINE.match(text):
            chapter_lines.append(i)
        last = text[-1]
        if last in _SENTENCE_ENDS:  # most short lines: a sentence
            in_menu = False
            continue
        if last in _SERIES_ENDS and text.rstrip(_NUMBER_CHARS).endswith(doc_type_ends()):
            series.append(i)  # a title with a number after it
        if removed[i]:
            if not SENTENCE_PUNCT.search(text):
                removed_heads.append(i)
            continue
        if text[0] in _NUMBER_FIRST and (len(text) <= s.bare_marker_max or names_whole_document(text)):
            numbered.append(i)  # a numbered document title, or a numbering marker alone
        colon = last in "：:"
        salutation = colon and bool(SALUTATION.match(text))
        if salutation:
            salutations.append(i)
        in_menu = len(text) <= menu_item_chars + 4 and _menu_item(text, in_menu, menu_item_chars)
        if in_menu or not (SENTENCE_PUNCT.search(text) or ENUM_START.match(text) or (colon and (len(text) > 12 or salutation))):
            body[i] = False
            heads.append(i)
    if _CLOSING_SCREEN.search(joined):
        salutations = _openings_after_closings(page_view, salutations)
    if "大家好" in joined:
        salutations = _greetings(page_view, salutations)
    if "召开" in joined or "举行" in joined or "尊敬的" in joined:
        salutations = _occasions(page_view, salutations)
    if joined.count("我叫") + joined.count("本人叫") >= 2:
        salutations = _introductions(page_view, salutations)
    page_view.picked = {"heads": heads, "removed_heads": removed_heads, "headings": headings,
                        "series": series, "numbered": numbered, "salutations": salutations, "chapters": chapters,
                        "chapter_lines": chapter_lines}


def _openings_after_closings(page_view: View, salutations: list[int]) -> list[int]:
    """``salutations`` with the lines that open a speech right after one closed (rule e): after a line
    ending in thanks (谢谢大家！), a salutation glued to its first sentence (尊敬的各位领导：大家好！……)
    or a line opening with 大家好. Only after such a close: inside a speech 同志们：…… goes on."""
    texts, found = page_view.texts, set(salutations)
    for match in _CLOSING.finditer(page_view.joined):
        i = bisect_right(page_view.starts, match.start()) - 1
        if page_view.removed[i]:
            continue
        after = page_view.next(i, len(texts))
        if after is None or after in found:
            continue
        text = texts[after]
        colon = next((k for k, ch in enumerate(text[:SALUTATION_COLON_CHARS]) if ch in "：:"), -1)
        if text.startswith("大家好") or (colon > 0 and SALUTATION.match(text[:colon + 1])) or _SELF_INTRO.match(text):
            found.add(after)
    return sorted(found)


# A speech's first words: its salutation and greeting on one line (尊敬的各位领导、各位评委：大家好！我叫……,
# the colon often a comma), or the greeting alone opening a paragraph (大家好！我是……).
_HELLO = rf"大家{_any('day_time')}?好"
_GREETING = re.compile(rf"^(?:{salutation_words('opening')}[^。！？\n]{{0,40}}?[，,：:]\s*)?{_HELLO}(?=[！!，,。.～~\s]|$)")  # not 大家好好准备
# a paragraph this long is text; a shorter one may be a greeting of its own (上午好！) over 大家好
_GREETING_AFTER_CHARS = 12


# after the greeting on its line: nothing, or the speaker's own words (我叫…, 今天我…, 本人…); a host's greeting
# mid-programme goes on with the programme (各位来宾，大家好！现在进入晚会的第二篇章…): no new speech
_SPEAKER_OPENS = re.compile(r"[！!，,。.～~\s]*(?:$|(?:今天|首先|下面)?[，,]?(?:我|本人))")


def _opens_a_speech(text: str, greeting_end: int) -> bool:
    return text.startswith("尊敬的") or bool(_SPEAKER_OPENS.match(text, greeting_end))


def _greetings(page_view: View, salutations: list[int]) -> list[int]:
    """``salutations`` with the lines that open a speech by greeting (rule e): a salutation and 大家好 on
    one line, or a line opening with 大家好, after a paragraph of text (candidates' speeches one after
    another, the last one's close not a thanks: 请大家支持我。 / 谢谢大家的支持！)."""
    texts, found = page_view.texts, set(salutations)
    for i in {bisect_right(page_view.starts, m.start()) - 1 for m in re.finditer(_HELLO, page_view.joined)}:
        greeting = None if i in found or page_view.removed[i] else _GREETING.match(texts[i])
        if greeting is None or not _opens_a_speech(texts[i], greeting.end()):
            continue
        before = page_view.previous(i, 0)
        if before is not None and len(texts[before]) > _GREETING_AFTER_CHARS:
            found.add(i)
    return sorted(found)


# A salutation glued to a sentence announcing the meeting (同志们：今天我们召开……会议, 同志们：根据……安排，今天在这里
#举行……): a speech opening on its occasion. Inside a speech 同志们：…… goes on with its points instead.
_OCCASION_OPENS = re.compile(r"^(?:同志们|各位[^。！？：:]{0,20}|[^。！？：:]{0,20}同志们)[：:]\s*(?:[^。！？]{0,30}[，,])?"
                             rf"{_any('today')}[^。！？，,]{{0,12}}{_any('convene')}(?:了)?[^。！？]{{0,40}}{_any('meeting', 'occasion')}")


# the meeting named as the one under way (这次会议, 此次大会): a speech's closing words recalling its occasion
_MEETING_RECALLED = re.compile(rf"{_any('this_meeting')}[^。！？，,]{{0,6}}{_any('meeting')}")


# 尊敬的……：glued to the first sentence: a speech's first words wherever they stand (no speech turns to
# 尊敬的…… again mid-text)
_HONORED = re.compile(r"^尊敬的[^。！？：:]{1,40}[：:]\s*\S")


def _occasions(page_view: View, salutations: list[int]) -> list[int]:
    """``salutations`` with the lines that open a speech (rule e) by a salutation glued to a sentence
    announcing the meeting or to the first sentence after 尊敬的……：, speeches following one another with
    no thanks between (the part's first one, and one after no finished paragraph, are sorted out by
    ``_restarts``)."""
    texts, found = page_view.texts, set(salutations)
    for i, text in enumerate(texts):
        if i in found or page_view.removed[i] or not text.startswith(("同志们", "各位", "尊敬的")) and "同志们" not in text[:24]:
            continue
        if _HONORED.match(text):
            found.add(i)
        elif (occasion := _OCCASION_OPENS.match(text)) and not _MEETING_RECALLED.search(occasion.group(0)) \
                and page_view.next(i, len(texts)) is not None:
            found.add(i)  # (a closing paragraph recalls this meeting, 今天召开这次会议, and no text follows it)
    return sorted(found)


# A candidate's self-introduction opening a paragraph (我叫……, 大家好！我叫……): the second one on a page is
# another candidate's speech (nobody introduces themself twice).
_SELF_INTRO = re.compile(rf"^(?:{_HELLO}[！!，,。]?\s*)?{_any('self_intro')}")


_NAMED_AS = re.compile(rf"{_any('self_intro')}(?P<name>[^\s，,。！？、：:（(]{{1,3}})")


def _introductions(page_view: View, salutations: list[int]) -> list[int]:
    """``salutations`` with the lines opening on a self-introduction naming someone not named so
    before (rule e): the next candidate's speech."""
    texts, found = page_view.texts, set(salutations)
    names: set[str] = set()
    for i, text in enumerate(texts):
        if page_view.removed[i]:
            continue
        named = {m.group("name")[:2] for m in _NAMED_AS.finditer(text)}
        if _SELF_INTRO.match(text) and names and not named & names and i not in found:
            found.add(i)
        names |= named
    return sorted(found)


def _menu_item(text: str, in_menu: bool, max_chars: int) -> bool:
    """A numbered menu or breadcrumb item (1. 首页 / 2. 演讲稿): the first names a page of the site,
    the next ones follow it; each is a few characters after its number."""
    numbered = _MENU_NUMBER.match(text)
    if not numbered:
        return False
    rest = text[numbered.end():].strip()
    return 0 < len(rest) <= max_chars and (in_menu or line_mark(rest, "not_title"))


def is_blurb(text: str, s: SplitSettings) -> bool:
    """A site's blurb about its pieces (下面是小编为大家整理的……): never a document's text."""
    return len(text) <= s.blurb_max_chars and line_mark(text, "blurb")


# --- the starts -----------------------------------------------------------------------------------

@dataclass
class Start:
    at: int  # the line the document starts at
    heading: Heading | None = None  # that line is this collection heading (not text)
    title: Title | None = None  # a title known from how the start was found
    # a chapter glued after a table of contents: where the chapter (its title) and its text start in the line
    chapter: tuple[int, int] | None = None
    # a table of contents on lines of its own before the chapter: lines toc[0]..toc[1] (no text)
    toc: tuple[int, int] | None = None


def document_starts(page_view: View) -> list[Start]:
    """Every document start, in page order (module docstring)."""
    starts = _collection_starts(page_view)
    bounds = [s.at for s in starts] + [len(page_view.texts)]
    extra: list[Start] = []
    # the part before the first heading, then each heading's part with that heading's title
    parts = [(0, bounds[0], "")] + [(s.at + 1, stop, s.heading.title if s.heading else "")
                                    for s, stop in zip(starts, bounds[1:], strict=True)]
    for lo, hi, own in parts:
        extra.extend(_restarts(page_view, lo, hi, own))
    for i in page_view.picked["chapters"]:
        chapter = _chapter_start(page_view.texts[i], page_view.settings, page_view.titles)
        if chapter is not None:
            at, text_at, title = chapter
            extra.append(Start(i, None, Title(title, title), (at, text_at)))
    extra.extend(_chapter_after_toc(page_view))
    return sorted(starts + extra, key=lambda s: s.at)


def _collection_starts(page_view: View) -> list[Start]:
    texts = page_view.texts
    found = [(i, h) for i in page_view.picked["headings"] if (h := collection_heading(texts[i], page_view.titles))
             and (h.style != 5 or _heads_a_piece(page_view, i, h.title))]
    if found:
        style = found[0][1].style
        found = _without_contents([(i, h) for i, h in found if h.style == style])
        if found and (len(found) >= 2 or found[0][1].number == 1):
            return [Start(i, h) for i, h in found]
    return _series_starts(page_view) or _numbered_starts(page_view) or _keyword_starts(page_view)


def _heads_a_piece(page_view: View, i: int, title: str) -> bool:
    """Whether a number mark (NO.1, 【2】) stands over a piece: a speech's salutation or greeting on the
    next content line, a title under a bare mark, a paragraph of text under a mark with a title naming a
    whole document (a number alone over a list's text marks no piece, nor do the items of a reference
    list, nor a mark with a section's name over a plan's section: 【1】竞聘岗位)."""
    after = page_view.next(i, len(page_view.texts))
    if after is None:
        return False
    text = page_view.texts[after]
    if SALUTATION.match(text) or _GREETING.match(text) or _SALUTATION_GLUED.match(text):
        return True
    if title:
        return names_whole_document(title) and page_view.body[after] and bool(SENTENCE_PUNCT.search(text))
    return is_title_line(text, page_view.titles)


# a salutation's first words, its colon on this line or the next (尊敬的各位领导、各位评委：大家好！……,
# 尊敬的各位首长、教官， / 老师们、同学们：)
_SALUTATION_GLUED = re.compile(rf"^{salutation_words('opening')}[^。！？]{{0,40}}[：:，,]")


def _without_contents(found: list[tuple[int, Heading]]) -> list[tuple[int, Heading]]:
    """``found`` without a table of contents listing the headings on lines of their own: a heading whose
    next line is another heading, printed again further down (第一篇：甲 / 第二篇：乙 / 第一篇：甲 / text)."""
    at = {i for i, _h in found}
    later: dict[tuple[int, str], int] = {}
    for i, h in found:
        later[(h.number, h.title)] = i  # where each heading stands last
    return [(i, h) for i, h in found
            if not (i + 1 in at and later[(h.number, h.title)] > i)]  # (removed lines count: clean may take either)


def _numbered_on(found: list[tuple[int, Heading]]) -> bool:
    numbers = [h.number for _i, h in found]
    return len(found) >= 2 and numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _series_starts(page_view: View) -> list[Start]:
    """Titles with the same words and a number after them, numbered on: …总结1, …总结2."""
    by_title: dict[str, list[tuple[int, Heading]]] = {}
    for i in page_view.picked["series"]:
        if h := series_heading(page_view.texts[i], page_view.titles):
            by_title.setdefault(h.title, []).append((i, h))
    best: list[tuple[int, Heading]] = []
    for found in by_title.values():
        if _numbered_on(found) and len(found) > len(best):
            best = found
    return [Start(i, h) for i, h in best]


def _numbered_starts(page_view: View) -> list[Start]:
    """Numbered titles of whole documents (1、……讲话 / 2、……讲话), or numbering markers alone on their
    line before each speech's salutation (（一） / 同志们：): one kind of number, numbered on."""
    texts, hi = page_view.texts, len(page_view.texts)
    found: list[tuple[int, Heading]] = []
    for i in page_view.picked["numbered"]:
        heading = numbered_title(texts[i], page_view.titles)
        if heading is not None and heading.generic:
            after = page_view.next(i, hi)
            if after is None or not SALUTATION.match(texts[after]):
                heading = None  # 1、竞聘演讲稿 over a speech's salutation heads it; else a list's item
        if heading is None and (heading := bare_marker(texts[i])) is not None:
            after = page_view.next(i, hi)
            if after is None or not (SALUTATION.match(texts[after]) or _document_title(texts[after], page_view.titles)):
                heading = None  # （一） over a speech's salutation, or over a document's title
        if heading is not None and i + 1 < hi:
            found.append((i, heading))
    best: list[tuple[int, Heading]] = []
    for kind in ("n", "p", "c"):  # one kind of numbering, numbered on from its first
        run = [(i, h) for i, h in found if h.numbering == kind]
        if _numbered_on(run) and len(run) > len(best):
            best = run
    return [Start(i, h) for i, h in best]


def _keyword_starts(page_view: View) -> list[Start]:
    """The same keyword line before each document, each time followed by the document's own title."""
    texts = page_view.texts
    heads = [texts[i] for i in page_view.picked["heads"]] + [texts[i] for i in page_view.picked["removed_heads"]]
    if len(set(heads)) == len(heads):  # no line printed twice: no keyword line
        return []
    places: dict[str, list[int]] = {}
    for i in sorted(page_view.picked["heads"] + page_view.picked["removed_heads"]):  # removed: still a keyword
        if len(texts[i]) <= page_view.titles.document_max_chars:
            places.setdefault(texts[i], []).append(i)
    for text, found in places.items():
        if len(found) >= 2 and read_title(text, page_view.titles) is not None and (
                all(_title_then_body(page_view, i + 1, text) for i in found)
                or (all(_salutation_under(page_view, i) for i in found)
                    and all(_ended_before(page_view, a, b) for a, b in zip(found, found[1:], strict=False)))):
            return [Start(i, Heading(n, "", 7, text)) for n, i in enumerate(found, start=1)]
    return []


def _ended_before(page_view: View, a: int, b: int) -> bool:
    """Whether a text stands between two printings of a title (lines ``a`` and ``b``) and ends before the
    second as a speech ends (its thanks, a closing exhortation, a signature): a title printed again over a
    speech's next page, its speech going on, starts no new one."""
    before = page_view.previous(b, a + 1)
    return (any(page_view.body[a:b]) and before is not None
            and bool(_CLOSING.search(page_view.texts[before]) or _EXHORTATION.search(page_view.texts[before])
                     or _signed(page_view, before, a + 1)))


def _salutation_under(page_view: View, i: int) -> bool:
    """Whether a speech's salutation (同志们：) is the next content line under line ``i`` (a title printed
    again over each speech of a page: clean takes the repeats for the page title's)."""
    after = page_view.next(i, len(page_view.texts))
    return after is not None and bool(SALUTATION.match(page_view.texts[after]))


def _title_then_body(page_view: View, i: int, keyword: str) -> bool:
    if i + 1 >= len(page_view.texts) or page_view.removed[i] or page_view.removed[i + 1]:
        return False
    text = page_view.texts[i]
    return not page_view.body[i] and text != keyword and read_title(text, page_view.titles) is not None and page_view.body[i + 1]


def _restarts(page_view: View, lo: int, hi: int, own: str = "") -> list[Start]:
    """Documents following one another inside lines ``lo``..``hi`` (module docstring, e)."""
    texts, body = page_view.texts, page_view.body
    salutations = set(page_view.picked["salutations"])
    events = sorted(i for i in (*page_view.picked["heads"], *salutations) if lo <= i < hi)
    starts: list[Start] = []
    titles = [own] if own else []  # titles of the current document (its head)
    k = 0
    while k < len(events):
        i = events[k]
        between: list[int] = []  # content lines that are no text, right above line ``at``
        at: int | None = i
        if not body[i]:
            between = [i]
            while k + 1 < len(events) and not body[events[k + 1]] and page_view.next(between[-1], hi) == events[k + 1]:
                k += 1
                between.append(events[k])
            at = page_view.next(between[-1], hi)
            if at is not None and k + 1 < len(events) and events[k + 1] == at:
                k += 1  # the salutation after the head lines: handled with them
        k += 1
        signed = 0  # a signature's lines (the issuer, the date) closing the text before: no head
        while signed < len(between) - 1 and (_dates(texts[between[signed]]) or _issues(texts[between[signed]])
                                             or line_mark(texts[between[signed]], "attachment")):
            signed += 1
        # the text names its attachment (附件：……) with its signature: the title after it is the attachment's, its own
        listed = _attachment_list(page_view, between[0], lo) if signed else []
        if (signed and page_view.previous(between[0], lo) is not None and any(_dates(texts[j]) for j in between[:signed])
                and (_attached(texts, between[:signed], texts[between[signed]])
                     or _lists_title(texts, listed, texts[between[signed]])
                     or (bool(listed) and _forwards_title(page_view, listed[0], lo, titles, texts[between[signed]])))):
            continue
        # (a notice naming another attachment (附件：名单) forwards no text printed after its signature)
        signature = [j for j in between[:signed] if not line_mark(texts[j], "attachment")]
        if (signature and (last := page_view.previous(between[0], lo)) is not None and _dates(texts[signature[-1]])
                and any(_issues(texts[j]) for j in signature)
                and (_names_attachment(texts, between[:signed]) or bool(listed)
                     or not _forwards(texts[last], titles))):
            between = between[signed:]
            before: int | None = signature[-1]  # (the date, an attachment line below it perhaps)
        else:
            before = page_view.previous(between[0] if between else i, lo)
        if before is None:  # the head of the part's first document
            titles.extend(read[0] for j in between if (read := read_title(texts[j], page_view.titles)) is not None)
            continue
        if at is None or not (texts[before].endswith(_FINISHED) or _signed(page_view, before, lo)) or before in salutations:
            continue
        start = None
        if at in salutations:  # a title of any length right above a new salutation heads its speech
            above = [j for j in between if _document_title(texts[j], page_view.titles) or read_title(texts[j], page_view.titles)
                     or _SPEECH_HEAD.match(texts[j])]
            if above:
                start = above[0]
            elif (_CLOSING.search(texts[before]) or _EXHORTATION.search(texts[before]) or _signed(page_view, before, lo)
                  or _opens_speech(page_view, at, hi)):
                start = at  # (a speech turning to 同志们： again before its last points goes on)
        elif between and _document_title(texts[between[0]], page_view.titles) and not _repeats(texts[between[0]], titles):
            start = between[0]
        elif between and (dated := _dated_title(page_view, between, at)) is not None and not _repeats(texts[dated], titles):
            start = dated
        elif between and _CLOSING.search(texts[before]) and _heads_after_closing(texts[between[0]], page_view.titles) \
                and not _repeats(texts[between[0]], titles):
            start = between[0]  # after a speech's thanks, any title (我的老师, 教师日记) or a diary's date starts the next text
        if start is None or is_blurb(texts[before], page_view.settings):
            continue
        # a lone piece number after the title (……制度（二）, its first piece not on the page) says nothing
        numbered = _PIECE_NUMBER.search(texts[start]) if start != at else None
        title = (Title(trim_title(texts[start][:numbered.start()]) or texts[start][:numbered.start()],
                       page_view.lines[start].orig.strip()) if numbered else None)
        if title is None and between and start == between[0]:
            read = read_title(texts[start], page_view.titles)
            if read is not None and 0 <= read[1] < WEAK and not line_mark(read[0], "generic") and _CLOSING.search(texts[before]):
                title = Title(read[0], trim_title(page_view.lines[start].orig.strip()) or read[0])  # 教师日记 after a thanks
        starts.append(Start(start, title=title))
        titles = [read[0] for j in between if j >= start and (read := read_title(texts[j], page_view.titles)) is not None]
    return sorted(starts + _removed_dated_titles(page_view, lo, hi, own, {s.at for s in starts}), key=lambda s: s.at)


def _removed_dated_titles(page_view: View, lo: int, hi: int, own: str, found: set[int]) -> list[Start]:
    """Another article's head that ``clean`` took whole, its title and the dateline under it (a news
    page printing several articles, rule e): the title starts the article when text stands before it
    and a paragraph of text after its dateline (a list of related titles and dates has none)."""
    texts, removed = page_view.texts, page_view.removed
    starts = []
    for i in page_view.picked["removed_heads"]:
        if not lo <= i < hi - 2 or i in found or not removed[i + 1] or i - 1 in found:
            continue
        meta = texts[i + 1]
        if not _METADATA.search(meta) or _CLAUSE.search(meta) or not is_title_line(texts[i], page_view.titles):
            continue
        before, after = page_view.previous(i, lo), page_view.next(i + 1, hi)
        if (before is None or after is None or not texts[before].endswith(_FINISHED_ENDS)
                or not page_view.body[after] or not texts[after].endswith(_FINISHED_ENDS)
                or is_blurb(texts[before], page_view.settings) or (own and _repeats(texts[i], [own]))):
            continue
        starts.append(Start(i))
    return starts


# A speech's first words after its salutation: the occasion (今天……, 根据……安排, 受……委托), a greeting, a
# candidate naming themself; a speech turning to 同志们： again mid-text goes on with its points instead.
_SPEECH_OPENS = re.compile(rf"^(?:[^。！？\n]{{0,24}}[，,])?(?:{_any('speech_opens')}|受[^。！？，\n]{{1,12}}委托"
                           rf"|经[^。！？，\n]{{1,12}}研究|{_HELLO})")


def _opens_speech(page_view: View, at: int, hi: int) -> bool:
    """Whether the salutation on line ``at`` opens a speech: 尊敬的……, or its first words (on its line
    after the colon, else on the next line) open one (``_SPEECH_OPENS``)."""
    text = page_view.texts[at]
    if text.startswith("尊敬的") or _SPEECH_OPENS.match(text):  # (大家好！ alone on its line)
        return True
    colon = next((k for k, ch in enumerate(text[:SALUTATION_COLON_CHARS]) if ch in "：:"), -1)
    rest = text[colon + 1:].strip() if colon >= 0 else ""
    if not rest and (after := page_view.next(at, hi)) is not None:
        rest = page_view.texts[after]
    return bool(_SPEECH_OPENS.match(rest))


# A diary entry's date: its weekday (and the weather) after it (2023年9月1日 星期五 晴)
_DIARY_DATE = re.compile(rf"^(?:\d{{4}}|[{CN_NUM}〇○]{{4}})年[\d{CN_NUM}]{{1,2}}月[\d{CN_NUM}]{{1,3}}日\s*(?:星期|周|礼拜)[一二三四五六日天]")


# An item of a meeting's agenda (第二项议程, 议程三, 下面进行第三项): a host's script goes on after thanking a speaker
_AGENDA_ITEM = re.compile(rf"^{_any('agenda_lead')}?(?:进行)?(?:第[{CN_NUM}\d]{{1,3}}项|议程[{CN_NUM}\d]{{1,3}}|第[{CN_NUM}\d]{{1,3}}个议程)")


def _heads_after_closing(text: str, ts: TitleSettings) -> bool:
    """Whether a head line right after a speech's thanks heads another text: any title but an agenda's item,
    or a diary's date."""
    if _AGENDA_ITEM.match(text):
        return False
    return read_title(text, ts) is not None or bool(_DIARY_DATE.match(text))


# A speech's own head line over its salutation, its title lost: who speaks (讲话人：……) or when (2023年3月5日)
_SPEECH_HEAD = re.compile(rf"^(?:{_any('speaker_label')}\s*[：:]\s*\S.{{0,30}}|[（(]?\d{{4}}年\d{{1,2}}月\d{{1,2}}日[)）]?)$")


# A dateline or a metadata line under an article's title (发布时间：…, 来源：…, 2022-04-12 15:30).
_METADATA = re.compile(rf"^(?:{_any('metadata_when')}?{_any('metadata_time')}|{_any('metadata_field')})\s*[：:]"
                       r"|^\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}|来源[：:]")


_CLAUSE = re.compile("[，。；！？]")  # a sentence starting with a date is no dateline


def _dated_title(page_view: View, between: list[int], at: int) -> int | None:
    """The first of the head lines ``between`` when it is a title with a dateline or a metadata line
    after it (another article's head, whatever its title ends in): its index."""
    first = between[0]
    if not is_title_line(page_view.texts[first], page_view.titles):
        return None
    return first if any(_METADATA.search(text := page_view.texts[m]) and not _CLAUSE.search(text)
                        for m in range(first + 1, at)) else None


def _document_title(text: str, t: TitleSettings) -> bool:
    """A line naming a whole document: a title ending in a document's genre (讲话, 方案, 总结 ...), a
    piece number after it perhaps (……制度（二）), not a part's heading (第二章……规定, ## 一、……,
    附件1……, 其他规定)."""
    if text.endswith(("）", ")")):
        text = _PIECE_NUMBER.sub("", text)
    return (len(text) >= t.document_min_chars and names_whole_document(text) and not _PART_HEADING.match(text)
            and is_title_line(text, t))


def _repeats(text: str, titles: list[str]) -> bool:
    """Whether a title line repeats one of ``titles``, whole or shortened (a site printing the title
    again inside the text, 在……总结大会上的讲话 for 在……总结暨……聘用大会上的讲话): the shorter one's
    characters all stand in the longer one, in order."""
    mine = _NOT_WORD.sub("", trim_title(text))
    return any(_within(mine, theirs) or _within(theirs, mine)
               for title in titles if (theirs := _NOT_WORD.sub("", title)))


def _within(short: str, long: str) -> bool:
    """Whether the characters of ``short`` all stand in ``long``, in order."""
    rest = iter(long)
    return len(short) <= len(long) and all(ch in rest for ch in short)


_TOC_LABEL = re.compile(rf"^(?:{_any('toc_label')}|目\s+录)[：:]?$")


def _chapter_after_toc(page_view: View) -> list[Start]:
    """Chapter 1 on a line of its own after a table of contents on lines of its own: the chapters
    named on one line (第一章 报到 第二章 旧吉普 …) or one a line (at least ``toc_min_chapters``
    chapter lines in a row), then the first chapter's line again, below a text of its own (a book's
    blurb). The chapter starts there, its line its title; the table of contents (and a 目录 line above
    it) is no text. Under a title alone the table is a law's or a regulation's: one document; under
    a title below a text (a notice printing a regulation), the regulation starts at its title."""
    texts, removed = page_view.texts, page_view.removed
    toc_min_chapters = page_view.settings.toc_min_chapters
    hi = len(texts)
    runs: list[tuple[int, int, str]] = []  # (first line, line after the last, the first chapter's key)
    for i in page_view.picked["chapters"]:  # a whole table on one line (目录：第一章 报到 第二章 …)
        marks = list(_CHAPTER.finditer(texts[i]))
        if len(marks) >= toc_min_chapters and marks[0].start() <= page_view.settings.toc_label_chars:
            runs.append((i, i + 1, _key(texts[i][marks[0].start():marks[1].start()])))
    lines = page_view.picked["chapter_lines"]
    k = 0
    while k < len(lines):  # one chapter a line
        j = k
        first = _key(texts[lines[k]])
        while j + 1 < len(lines) and lines[j + 1] == lines[j] + 1 and _key(texts[lines[j + 1]]) != first:
            j += 1  # the table ends where its first chapter's line comes again
        if j - k + 1 >= toc_min_chapters:
            runs.append((lines[k], lines[j] + 1, _key(texts[lines[k]])))
        k = j + 1
    starts = []
    for lo, end, first in runs:
        at = next((i for i in lines if i >= end and _key(texts[i]) == first), None)
        if at is None or removed[at] or (page_view.next(at, hi) is None):
            continue
        if not any(page_view.body[j] and not removed[j] for j in range(lo)):
            continue  # nothing but a title above: the table of a law or a regulation, one document
        if lo > 0 and _TOC_LABEL.match(texts[lo - 1]):
            lo -= 1
        above = page_view.previous(lo, 0)
        if above is not None and not page_view.body[above] and is_title_line(texts[above], page_view.titles):
            starts.append(Start(above, toc=(lo, end)))  # a regulation's title over its table, under a notice
            continue
        title = Title(texts[at], page_view.lines[at].orig.strip())
        starts.append(Start(at, title=title, toc=(lo, end)))
    return starts


def _key(text: str) -> str:
    return _NOT_WORD.sub("", text)


def _chapter_start(text: str, s: SplitSettings, t: TitleSettings) -> tuple[int, int, str] | None:
    """A table of contents of chapters with chapter 1 glued after it (第一章报到第二章…第十五章… 第一章报到
    宋知远…): where chapter 1 starts, where its text starts, its title."""
    marks = list(_CHAPTER.finditer(text))
    if len(marks) < s.toc_min_chapters:
        return None
    first = marks[0].group()
    again = next((m for m in marks[1:] if m.group() == first), None)
    if again is None:
        return None
    title = first + text[marks[0].end():marks[1].start()].strip()
    if not text.startswith(title, again.start()) or len(title) > t.document_max_chars:
        return None
    return again.start(), again.start() + len(title), title
