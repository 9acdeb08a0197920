"""Stage ``repair``: undo the damage scraping did to the page text, before anything else reads it.

Repairs, each counted in ``page.repairs`` (and every doubtful spot flagged in ``page.flags``):
1. HTML entity debris: ``&ldquo;``, ``&#8220;``, and bare ``ldquo;`` left by a half-done unescape;
2. pinyin glued after characters by "learning" sites: 學(xué)習(xí) -> 學習;
3. dots inserted to dodge keyword filters: 区·委·组·织·部 -> 区委组织部;
4. PDF/DOCX page numbers at line starts inside running text (``民\\n2、主党派``), with the page lines
   joined back and paragraphs recovered from the spaces the converter left between them;
5. list bullets left before numbered items (``- 1、``), which would hide the item's marker;
6. ``?`` where a converter lost a character (``我們?cè)``): flagged, not guessed.
All repairs are script-agnostic: they run before normalization, on the original script.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import cache

from .. import resources
from .settings import RepairSettings, default_settings

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"

_NAMED_ENTITY = re.compile(r"&(?:#\d{2,6}|#x[0-9a-fA-F]{2,5}|[a-zA-Z]{2,8});")
# bare entity names after a half-done unescape ("在ldquo;十二五rdquo;"), only the common ones
_BARE_ENTITY = re.compile(r"(?<![A-Za-z&])(ldquo|rdquo|lsquo|rsquo|hellip|mdash|ndash|middot|nbsp|quot|amp|lt|gt|times|bull);")
_BARE_MAP = {"ldquo": "“", "rdquo": "”", "lsquo": "‘", "rsquo": "’", "hellip": "…", "mdash": "—",
             "ndash": "–", "middot": "·", "nbsp": " ", "quot": '"', "amp": "&", "lt": "<", "gt": ">",
             "times": "×", "bull": "•"}

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
# (xué) after a Han character: letters of pinyin with at least one tone mark ...
_PINYIN_TONED = re.compile(rf"(?<=[{CJK}])\(([a-zü{_TONED}]{{0,6}}[{_TONED}][a-zü{_TONED}]{{0,6}})\)")
# ... or toneless syllables (de, le, men), accepted only on pages that carry toned ones
_PINYIN_ANY = re.compile(rf"(?<=[{CJK}])\(([a-zü{_TONED}]{{1,7}})\)")
# ... or a gloss a line break cut in two (竞争(zh / ēng)上岗, the page hard-wrapped inside it): cut when its
# letters carry a tone mark, or, on a page carrying toned glosses, when its halves joined are a syllable
# (normalize/pinyin_syllables.txt: 附表(a / ) and 辅助(cat / ) are no gloss); inside a word (a Han character
# after it) the word's halves are joined, else the line break is kept
_PINYIN_BROKEN = re.compile(rf"(?<=[{CJK}])\(([a-zü{_TONED}]{{1,6}})[ \t]*(\r?\n)[ \t\u3000]*([a-zü{_TONED}]{{0,6}})\)(?=([{CJK}])?)")
_TONE = re.compile(f"[{_TONED}]")
_UNTONED = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ", "aaaaeeeeiiiioooouuuuüüüünnnm")
PINYIN_SYLLABLES = "normalize/pinyin_syllables.txt"


@cache
def pinyin_syllables() -> frozenset[str]:
    return frozenset(word for _number, line in resources.data_lines(PINYIN_SYLLABLES) for word in line.split())
# (a page carries glued pinyin when ``RepairSettings.pinyin_min_toned`` toned ones are found)
# Both pinyin patterns match "(" and a pinyin letter: a page without that pair has no glued pinyin.
# (A literal first character lets re skip ahead in C; the lookbehinds above make it try every position.)
_PINYIN_OPEN = re.compile(rf"\([a-zü{_TONED}]")

FILTER_DOTS = "·•・‧"
_DOTTED = re.compile(rf"[{CJK}](?:[{FILTER_DOTS}][{CJK}]){{3,}}")
# Every _DOTTED match contains dot, Han, dot, Han, dot: a page without that has nothing to undot.
# Searched first because it starts with a (rare) dot, where _DOTTED tries every Han character.
_DOTTED_CORE = re.compile(rf"[{FILTER_DOTS}][{CJK}][{FILTER_DOTS}][{CJK}][{FILTER_DOTS}]")
_DOTS = str.maketrans("", "", FILTER_DOTS)

_PAGE_PREFIX = re.compile(r"^\s*(\d{1,3})\s*[、.．]\s*")
# A run of lines that are PDF pages: consecutive numbers, long lines, mostly cut mid-sentence (how many
# and how long: ``RepairSettings``, resources/settings.toml [repair]).
TERMINAL = "。！？!?；;：:…”’」』）)"

# a Markdown/HTML-list bullet left in front of a numbered item ("- 1、具有…") hides the item's marker
_BULLET_ITEM = r"[-•·*][ \t]+(?=\d{1,2}[、.．]|[一二三四五六七八九十]+、|[（(])"
_BULLET = re.compile(rf"(?m)^([ \t\u3000]*){_BULLET_ITEM}")
# _BULLET without its line-start part: found by a fast scan for the bullet, and absent from most pages
_BULLET_ANYWHERE = re.compile(_BULLET_ITEM)
_PDF_FOOTER = re.compile(r"\s*第\s*\d+\s*页\s*共\s*\d+\s*页\s*$")
_LOST_CHAR = re.compile(rf"\?{{2,}}|\?(?=[a-zA-Z{_TONED};)])|(?<=[a-z{_TONED}])\)?\?")


@dataclass
class Repaired:
    text: str
    repairs: dict[str, int] = field(default_factory=dict)
    flags: list[dict[str, object]] = field(default_factory=list)


def _count(repairs: dict[str, int], key: str, n: int) -> None:
    if n:
        repairs[key] = repairs.get(key, 0) + n


def fix_entities(text: str, repairs: dict[str, int]) -> str:
    if "&" in text:
        text, n = _NAMED_ENTITY.subn(lambda m: html.unescape(m.group(0)), text)
        _count(repairs, "html_entity", n)
    if ";" in text:
        text, n = _BARE_ENTITY.subn(lambda m: _BARE_MAP[m.group(1)], text)
        _count(repairs, "bare_entity", n)
    return text


def strip_pinyin(text: str, repairs: dict[str, int], settings: RepairSettings | None = None) -> str:
    if "(" not in text or not _PINYIN_OPEN.search(text):
        return text
    toned = len(_PINYIN_TONED.findall(text))
    any_gloss = toned >= (settings or default_settings().repair).pinyin_min_toned
    if any_gloss:
        text, n = _PINYIN_ANY.subn("", text)
    else:
        text, n = _PINYIN_TONED.subn("", text)
    _count(repairs, "glued_pinyin", n)
    if "\n" in text:
        broken = 0

        def cut(found: re.Match[str]) -> str:
            nonlocal broken
            letters = found.group(1) + found.group(3)
            if not (_TONE.search(letters) or (any_gloss and found.group(3) and letters.translate(_UNTONED) in pinyin_syllables())):
                return found.group(0)
            broken += 1
            return "" if found.group(4) else found.group(2)

        text = _PINYIN_BROKEN.sub(cut, text)
        _count(repairs, "glued_pinyin", broken)
    return text


def undot(text: str, repairs: dict[str, int]) -> str:
    # four C scans for a dot are much cheaper than one regex scan; most pages have none
    if not any(dot in text for dot in FILTER_DOTS) or not _DOTTED_CORE.search(text):
        return text

    def fix(m: re.Match[str]) -> str:
        return m.group(0).translate(_DOTS)

    text, n = _DOTTED.subn(fix, text)
    _count(repairs, "filter_dots", n)
    return text


_HEADING_START = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d+[、.．](?!\d))")
_TITLE_END = re.compile(r"(?:讲话|讲话稿|講話|講話稿|发言|發言|发言稿|发言材料|材料|报告|報告|方案|演讲稿|演講稿)$")


def _paragraphs_from_run(run: str) -> list[str]:
    """Split joined PDF page text into paragraphs at the spaces the converter left."""
    pieces = re.split(r"[ \u3000]+", run)
    paragraphs: list[str] = []
    current = ""
    for piece in pieces:
        if not current:
            current = piece
            continue
        breaks = (
            current[-1] in TERMINAL
            or _HEADING_START.match(piece)
            or (_HEADING_START.match(current) and len(current) <= 60 and not re.search(r"[。！？；]", current))
            or (not paragraphs and len(current) <= 40 and _TITLE_END.search(current))
        )
        if breaks:
            paragraphs.append(current)
            current = piece
        elif re.search(rf"[{CJK}]$", current) and re.match(rf"^[{CJK}“]", piece):
            current += piece  # a stray space inside a phrase ("各位 朋友")
        else:
            current += " " + piece
    if current:
        paragraphs.append(current)
    return paragraphs


def unpaginate_pdf(text: str, repairs: dict[str, int], flags: list[dict[str, object]],
                   settings: RepairSettings | None = None) -> str:
    s = settings or default_settings().repair
    lines = text.split("\n")
    content = [(i, line) for i, line in enumerate(lines) if line.strip()]
    k = 0
    replaced: dict[int, list[str]] = {}
    drop: set[int] = set()
    while k < len(content):
        run = [content[k]]
        match = _PAGE_PREFIX.match(content[k][1])
        if match:
            expected = int(match.group(1)) + 1
            j = k + 1
            while j < len(content):
                m2 = _PAGE_PREFIX.match(content[j][1])
                if not m2 or int(m2.group(1)) != expected:
                    break
                run.append(content[j])
                expected += 1
                j += 1
        if len(run) >= s.pdf_min_pages:
            bodies = [_PAGE_PREFIX.sub("", line, count=1) for _i, line in run]
            avg = sum(len(b) for b in bodies) / len(bodies)
            cut = sum(1 for b in bodies[:-1] if b.rstrip() and b.rstrip()[-1] not in TERMINAL)
            if avg >= s.pdf_min_avg_chars and cut * 2 >= len(bodies) - 1:
                joined = "".join(b.strip() for b in bodies)
                # the converter's "第7页 共7页" footer, before paragraphs are cut at its space
                joined, footers = _PDF_FOOTER.subn("", joined)
                _count(repairs, "pdf_page_footer", footers)
                replaced[run[0][0]] = _paragraphs_from_run(joined)
                drop.update(i for i, _l in run[1:])
                _count(repairs, "pdf_page_numbers", len(run))
                flags.append({"kind": "pdf_pages", "pages": len(run), "first_line": run[0][0] + 1})
                k += len(run)
                continue
        k += 1
    if not replaced:
        return text
    out: list[str] = []
    for i, line in enumerate(lines):
        if i in replaced:
            out.append("\n\n".join(replaced[i]))
        elif i not in drop:
            out.append(line)
    return "\n".join(out)


def strip_bullets(text: str, repairs: dict[str, int]) -> str:
    if not _BULLET_ANYWHERE.search(text):  # every _BULLET match holds a _BULLET_ANYWHERE match
        return text
    text, n = _BULLET.subn(r"\1", text)
    _count(repairs, "list_bullet", n)
    return text


def flag_lost_chars(text: str, flags: list[dict[str, object]]) -> None:
    if "?" not in text:  # every alternative of _LOST_CHAR matches a "?"
        return
    positions = [m.start() for m in _LOST_CHAR.finditer(text)]
    if positions:
        flags.append({"kind": "lost_character", "count": len(positions), "char_offsets": positions[:50],
                      "note": "'?' where a converter lost a character; kept, not guessed"})


def repair(text: str, settings: RepairSettings | None = None) -> Repaired:
    """Run every repair over one page's text (``settings``: the packaged defaults when None)."""
    s = settings or default_settings().repair
    repairs: dict[str, int] = {}
    flags: list[dict[str, object]] = []
    text = fix_entities(text, repairs)
    text = strip_pinyin(text, repairs, s)
    text = undot(text, repairs)
    text = strip_bullets(text, repairs)
    text = unpaginate_pdf(text, repairs, flags, s)
    flag_lost_chars(text, flags)
    return Repaired(text=text, repairs=repairs, flags=flags)
