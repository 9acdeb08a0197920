"""Stage ``normalize``: original script -> canonical mainland simplified text, with an offset map.

Steps, in order (each keeps the offset map exact):
1. character map (1:1): full-width letters and digits to ASCII, ℅/％ to %, ∶ to ：, 「」『』 to “”‘’,
   ideographic and no-break spaces to a space, and a few variant characters;
2. ASCII punctuation inside Chinese text to its Chinese form (1:1): , ; : ! ? and (…) pairs;
3. OpenCC t2s on the lines that hold traditional-only characters (mainland text passes untouched);
4. phrase repairs: converter damage everywhere (乙个 -> 一个, 提公升 -> 提升), Taiwan vocabulary
   (程式 -> 程序, 资讯 -> 信息) only where the text was traditional or shows Taiwan conversion
   (``shows_taiwan``: a damage form and one more mark, or three Taiwan terms).
``normalize`` is idempotent: the output of every step is a fixed point of that step.

Two entry points: :func:`normalize` (one text -> :class:`Normalized`, its offset map built on demand)
and :func:`normalize_lines` (many lines at once: a page's lines with the page's decisions, or short
lines each deciding its own script, with or without their maps).
"""

from __future__ import annotations

import bisect
import difflib
import itertools
import re
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Literal, overload

from .. import resources
from ..offsets import OffsetMap
from .settings import NormalizeSettings, default_settings

NORMALIZER_VERSION = "normalize.v1"

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_CHAR = re.compile(f"[{CJK}]")

# (The share of traditional forms among script-marked characters from which a text is "hant", and up
# to which it is "hans": ``hant_share``, ``hans_share`` of NormalizeSettings, resources/settings.toml.)


@dataclass(frozen=True, eq=False)
class Normalized:
    """What :func:`normalize` gives: the canonical text, the decisions taken, and the map back."""

    text: str
    script: str  # "hans", "hant", "mixed" or "none"
    taiwan: bool  # Taiwan-vocabulary reversal was applied
    positions: list[int] | None  # each canonical character's position in the original; None: identity
    orig_len: int  # length of the original text

    @cached_property
    def omap(self) -> OffsetMap:
        """The offset map between the canonical text and the original (built on first use)."""
        if self.positions is None:
            return OffsetMap.identity(len(self.text))
        return OffsetMap.from_array(self.positions, self.orig_len)


# --- step 1: character map -------------------------------------------------------------------

def _char_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0xFF10, 0xFF1A):  # ０-９
        table[code] = chr(code - 0xFEE0)
    for code in list(range(0xFF21, 0xFF3B)) + list(range(0xFF41, 0xFF5B)):  # Ａ-Ｚ ａ-ｚ
        table[code] = chr(code - 0xFEE0)
    table.update({ord("℅"): "%", ord("％"): "%", ord("∶"): "：", ord("「"): "“", ord("」"): "”",
                  ord("『"): "‘", ord("』"): "’", 0x3000: " ", 0xA0: " ", ord("．"): ".", ord("＋"): "+",
                  ord("－"): "-", ord("／"): "/", ord("＝"): "=", ord("＜"): "<", ord("＞"): ">"})
    for _n, (variant, mainland, _note) in resources.tsv("normalize/variants.tsv", 3, 2):
        table[ord(variant)] = mainland
    return table


@cache
def char_table() -> dict[int, str]:
    return _char_table()


@cache
def _char_table_pattern() -> re.Pattern[str]:
    return _char_class(frozenset(chr(code) for code in char_table()))


@cache
def _char_runs_pattern() -> re.Pattern[str]:
    return re.compile(_char_table_pattern().pattern + "+")


def map_characters(text: str) -> str:
    """Step 1. ``text.translate(char_table())``, but only over the runs of mapped characters that a
    character class finds (C, set bitmap): translate's per-character dictionary lookups are the slow
    part, and mapped characters are few. Exact: the class holds every key of the table, so the
    characters between runs are ones translate leaves as they are."""
    table = char_table()
    return _char_runs_pattern().sub(lambda m: m.group().translate(table), text)


# --- step 2: punctuation in Chinese context ----------------------------------------------------

_PUNCT = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}
# a single ASCII mark with Chinese (or a closing Chinese quote/bracket) before it, and not a URL,
# time (05:21) or ratio (1:1); "?" only when it reads as a question mark, not a lost character.
# The mark comes first and the lookbehinds then test it with the character before it: a pattern
# that starts with a character class lets re skip to the marks in C instead of trying the
# lookbehind at every position (8x faster; it matches what the lookbehind-first form matched).
_PUNCT_RE = re.compile(
    rf"[,;:!?](?:(?<=[{CJK}”’）》」』][,;:!])(?![/\d])"
    rf"|(?<=[{CJK}]\?)(?=[{CJK}“‘《]|\s|$)(?<!\?\?))"
)
_PAREN_RE = re.compile(rf"\(([^()\n]{{0,80}}?[{CJK}][^()\n]{{0,80}}?)\)")


def _punctuate(text: str) -> str:
    if "(" in text:
        text = _PAREN_RE.sub(lambda m: "（" + m.group(1) + "）", text)
    return _PUNCT_RE.sub(lambda m: _PUNCT[m.group(0)], text)


# --- step 3: OpenCC ---------------------------------------------------------------------------

@cache
def _t2s():
    from opencc import OpenCC

    return OpenCC("t2s")


@cache
def _script_sets() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(traditional-only, simplified-only, all t2s-convertible characters), derived from OpenCC.

    Traditional-only excludes characters OpenCC may keep in simplified text (乾, 於): they are not
    evidence of script, but in a traditional text they are converted like the rest."""
    from opencc import OpenCC

    block = [chr(c) for c in range(0x4E00, 0xA000)]
    joined = "\n".join(block)
    to_simp = _t2s().convert(joined).split("\n")
    to_trad = OpenCC("s2t").convert(joined).split("\n")
    ambiguous = _self_mapping_traditional()
    convertible = frozenset(ch for ch, s, t in zip(block, to_simp, to_trad, strict=True) if s != ch and t == ch)
    trad_only = convertible - ambiguous
    simp_only = frozenset(ch for ch, s, t in zip(block, to_simp, to_trad, strict=True) if t != ch and s == ch)
    return trad_only, simp_only, convertible


def _self_mapping_traditional() -> frozenset[str]:
    """Characters OpenCC may keep in simplified output (乾 in 乾隆, 於 in surnames): not evidence of
    traditional script (``resources/normalize/ambiguous_traditional.txt``)."""
    return resources.phrase_list("normalize/ambiguous_traditional.txt")


def _char_class(chars: frozenset[str]) -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(ch) for ch in sorted(chars)) + "]")


@cache
def _script_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Character classes of the traditional-only, simplified-only and t2s-convertible sets: a regex
    character class tests a character in C (a set bitmap), ten times faster than ``str.translate``
    with a table of a few thousand entries."""
    return tuple(_char_class(chars) for chars in _script_sets())  # type: ignore[return-value]


# From this length on, detect_script counts with numpy (one table lookup per character) instead of
# two regex passes that build a list of every match; below it numpy's fixed cost is the larger.
_NUMPY_MIN_CHARS = 2000


@cache
def _script_codes():
    """Per code point: 1 traditional-only, 2 simplified-only, 3 other ``_CJK_CHAR``, 0 anything else."""
    import numpy as np

    codes = np.zeros(0x110000, dtype=np.uint8)
    # the CJK class read from the compiled regex itself (every code point it matches, ~0.1 s once a process),
    # so that whatever CJK lists -- ranges, single or astral characters -- both paths count the same. Every
    # code point in one string made from a numpy range (a string of one-character strings cost 120 MB
    # of peak memory in every worker); each match replaced by U+0000, which is not CJK itself.
    every = np.arange(0x110000, dtype=np.uint32).tobytes().decode("utf-32-le", "surrogatepass")
    marked = np.frombuffer(_CJK_CHAR.sub("\x00", every).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    assert marked.size == 0x110000 and not _CJK_CHAR.match("\x00")
    codes[1:][marked[1:] == 0] = 3
    trad_only, simp_only, _ = _script_sets()
    codes[[ord(ch) for ch in trad_only]] = 1
    codes[[ord(ch) for ch in simp_only]] = 2
    return codes


def _script_counts(text: str) -> tuple[int, int, bool]:
    """(traditional-only characters, simplified-only characters, whether any CJK character) of ``text``."""
    if len(text) >= _NUMPY_MIN_CHARS:
        import numpy as np

        # surrogatepass: a lone surrogate is one code unit like any other character (class 0)
        points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        counts = np.bincount(_script_codes()[points], minlength=4).tolist()
        return counts[1], counts[2], counts[1] + counts[2] + counts[3] > 0
    trad_pattern, simp_pattern, _ = _script_patterns()
    trad = len(trad_pattern.findall(text))
    simp = len(simp_pattern.findall(text))
    return trad, simp, trad + simp > 0 or _CJK_CHAR.search(text) is not None


def detect_script(text: str, settings: NormalizeSettings | None = None) -> str:
    """"hant", "hans", "mixed" or "none" (no CJK); ``settings``: the packaged defaults when None."""
    return _script_of(*_script_counts(text), settings or default_settings().normalize)


def detect_scripts(lines: list[str], settings: NormalizeSettings | None = None) -> list[str]:
    """``[detect_script(line, settings) for line in lines]``, counted in one numpy pass over the joined lines
    (each character's class from ``_script_codes``, counted per line by one ``bincount``) instead of three
    regex calls a line: pass 1 of ingest asks it of ~8,000 short lines a megabyte (0.32 -> 0.09 CPU s on
    20 MB of the bench corpus)."""
    import numpy as np

    s = settings or default_settings().normalize
    if len(lines) < 2:
        return [detect_script(line, s) for line in lines]
    points = np.frombuffer("\n".join(lines).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    lengths = np.fromiter(map(len, lines), dtype=np.intp, count=len(lines)) + 1  # each line and its "\n"
    owner = np.repeat(np.arange(len(lines)), lengths)[:-1]  # the line of each character ("\n" is class 0)
    counts = np.bincount(owner * 4 + _script_codes()[points], minlength=4 * len(lines)).reshape(-1, 4)
    trad, simp, other = counts[:, 1].tolist(), counts[:, 2].tolist(), counts[:, 3].tolist()
    return [_script_of(t, si, t + si + o > 0, s) for t, si, o in zip(trad, simp, other, strict=True)]


def _script_of(trad: int, simp: int, has_cjk: bool, s: NormalizeSettings) -> str:
    """The script of a text with ``trad`` traditional-only and ``simp`` simplified-only characters."""
    marked = trad + simp
    if marked == 0:
        return "hans" if has_cjk else "none"
    share = trad / marked
    if share >= s.hant_share:
        return "hant"
    if share <= s.hans_share:
        return "hans"
    return "mixed"


def _traditional_pattern(traditional_text: bool) -> re.Pattern[str]:
    """What makes a line need t2s: any convertible character in a traditional text, a
    traditional-only one elsewhere."""
    trad_pattern, _, convertible_pattern = _script_patterns()
    return convertible_pattern if traditional_text else trad_pattern


def _convert_t2s(text: str, traditional_text: bool) -> tuple[str, list[int] | None]:
    """t2s line by line where needed; returns (text, per-char positions or None for identity)."""
    needs_t2s = _traditional_pattern(traditional_text)
    if not needs_t2s.search(text):
        return text, None
    lines = text.split("\n")
    converted_lines = _t2s_lines(text, lines)
    out: list[str] = []
    positions: list[int] | None = None
    offset = 0
    for index, line in enumerate(lines):
        converted = converted_lines[index] if needs_t2s.search(line) else line
        if len(converted) != len(line) and positions is None:
            positions = list(range(sum(len(x) + 1 for x in out)))
        if positions is not None:
            positions.extend(_align(line, converted, offset))
            if index < len(lines) - 1:
                positions.append(offset + len(line))
        out.append(converted)
        offset += len(line) + 1
    return "\n".join(out), positions


def _t2s_lines(text: str, lines: list[str]) -> list[str]:
    """t2s of each line, from one conversion of the whole text (one call instead of one per line:
    OpenCC's dictionary phrases never hold a line break, so the lines convert as they would alone)."""
    converter = _t2s()
    converted = converter.convert(text).split("\n")
    if len(converted) != len(lines):  # never expected; stay exact
        return [converter.convert(line) for line in lines]
    return converted


def _align(orig: str, new: str, base: int) -> list[int]:
    if len(orig) == len(new):
        return list(range(base, base + len(new)))
    positions: list[int] = []
    matcher = difflib.SequenceMatcher(a=orig, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            positions.extend(range(base + i1, base + i2))
        else:
            span = max(1, i2 - i1)
            positions.extend(base + i1 + min(k, span - 1) for k in range(j2 - j1))
    return positions


# --- step 4: phrase tables ---------------------------------------------------------------------

@cache
def _phrase_regex(name: str) -> tuple[re.Pattern[str], dict[str, str]]:
    table = dict(resources.mapping_table(name))
    keys = sorted(table, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, keys))), table


# A text that is not traditional is taken for Taiwan-converted (its Taiwan vocabulary reversed) when,
# before converter damage is repaired, it shows a damage form and one more mark, or ``taiwan_min_terms``
# distinct Taiwan terms (NormalizeSettings: why 3, in resources/settings.toml).
def _taiwan_found(damage: set[str], terms: set[str], min_terms: int) -> bool:
    return (bool(damage) and len(damage) + len(terms) >= 2) or len(terms) >= min_terms


def shows_taiwan(text: str, settings: NormalizeSettings | None = None) -> bool:
    """Whether a text in simplified characters (after t2s, before damage repairs) shows Taiwan
    conversion: a converter's damage form (乙个, 提公升) and one more mark, or ``taiwan_min_terms``
    distinct Taiwan terms (程式, 资讯, 物件, ...)."""
    damage = {m.group(0) for m in _phrase_regex("normalize/conversion_damage.tsv")[0].finditer(text)}
    terms = {m.group(0) for m in _phrase_regex("normalize/taiwan_phrases.tsv")[0].finditer(text)}
    return _taiwan_found(damage, terms, (settings or default_settings().normalize).taiwan_min_terms)


def _replace_phrases(text: str, pattern: re.Pattern[str], table: dict[str, str],
                     positions: list[int] | None) -> tuple[str, list[int] | None]:
    matches = [m for m in pattern.finditer(text) if table[m.group(0)] != m.group(0)]
    if not matches:
        return text, positions
    base = positions if positions is not None else list(range(len(text)))
    out: list[str] = []
    new_positions: list[int] = []
    last = 0
    for m in matches:
        out.append(text[last:m.start()])
        new_positions.extend(base[last:m.start()])
        replacement = table[m.group(0)]
        out.append(replacement)
        span = m.end() - m.start()
        new_positions.extend(base[m.start() + min(k, span - 1)] for k in range(len(replacement)))
        last = m.end()
    out.append(text[last:])
    new_positions.extend(base[last:])
    new_text = "".join(out)
    if len(new_text) == len(text) and positions is None:
        return new_text, None
    return new_text, new_positions


# Traditional 著 as the aspect particle is 着 in mainland text; OpenCC keeps 著 because 著 is also a
# simplified character (著名, 显著). Only in traditional text, and not in the 著-words. (著 first, and
# the lookbehind tests it with the character before: re then skips to each 著 in C.)
_ZHE = re.compile(r"著(?<![显卓昭编原土名巨遗专论合拙译撰所新旧大]著)(?![名作称述录书者述])")


def normalize(text: str, script: str | None = None, taiwan: bool | None = None, *,
              settings: NormalizeSettings | None = None) -> Normalized:
    """Canonical mainland simplified text for ``text`` with the map back to ``text`` (one of the stage's
    two entry points; :func:`normalize_lines` is the other).

    ``script`` None: detected on the text; ``taiwan`` None: decided on the text itself (traditional, or
    ``shows_taiwan`` after t2s); given, they let a caller normalize a page line by line with the page's
    decisions. The decisions are taken with ``settings`` (the packaged defaults when None). The offset
    map is built only when asked for (``Normalized.omap``): a caller that wants the text alone pays nothing.
    """
    orig_len = len(text)
    script = script or detect_script(text, settings)
    text, positions = _converted(text, script)
    if taiwan is None:
        taiwan = script in ("hant", "mixed") or shows_taiwan(text, settings)
    text, positions = _repaired(text, positions, script, taiwan)
    return Normalized(text, script, taiwan, positions, orig_len)


def _converted(text: str, script: str) -> tuple[str, list[int] | None]:
    """Steps 1-3: characters mapped, punctuation unified, t2s where the script needs it."""
    return _convert_t2s(_punctuate(map_characters(text)), script in ("hant", "mixed"))


def _repaired(text: str, positions: list[int] | None, script: str, taiwan: bool) -> tuple[str, list[int] | None]:
    """Step 4: converter damage everywhere, 著 in traditional text, Taiwan vocabulary where ``taiwan``."""
    damage, dtable = _phrase_regex("normalize/conversion_damage.tsv")
    text, positions = _replace_phrases(text, damage, dtable, positions)
    if script in ("hant", "mixed") and "著" in text:
        text = _ZHE.sub("着", text)  # 1:1, the map is unchanged
    if taiwan:
        tw, ttable = _phrase_regex("normalize/taiwan_phrases.tsv")
        text, positions = _replace_phrases(text, tw, ttable, positions)
    return text, positions


@overload
def normalize_lines(lines: str | list[str], script: str | None = ..., taiwan: bool | None = ..., *,
                    offsets: Literal[True] = ..., done: Normalized | None = ...,
                    settings: NormalizeSettings | None = ...) -> list[tuple[str, str, OffsetMap]]: ...
@overload
def normalize_lines(lines: str | list[str], script: str | None = ..., taiwan: bool | None = ..., *,
                    offsets: Literal[False], done: Normalized | None = ...,
                    settings: NormalizeSettings | None = ...) -> list[str]: ...
def normalize_lines(lines: str | list[str], script: str | None = None, taiwan: bool | None = None, *,
                    offsets: bool = True, done: Normalized | None = None,
                    settings: NormalizeSettings | None = None) -> list[tuple[str, str, OffsetMap]] | list[str]:
    """Every line of ``lines`` (a text cut at its line breaks, or a list of lines holding none) as
    :func:`normalize` gives it, in a few calls instead of one per line (the stage's second entry point).

    ``script`` given: every line takes the page's ``script`` and ``taiwan`` decisions (the ingest stage;
    ``taiwan`` None: decided on the whole text). ``script`` None: each line decides its own (pass 1 of
    ingest keys every short line of every page this way). ``offsets``: (original, canonical, map) of
    each line; False: the canonical lines alone. ``done``: ``normalize(text, script, taiwan)`` of the
    joined lines when the caller has it already.
    """
    s = settings or default_settings().normalize
    if isinstance(lines, str):
        text, originals = lines, lines.split("\n")
    else:
        text, originals = "\n".join(lines), list(lines)
        if len(text.split("\n")) != len(originals):  # a line holds a break: never expected; stay exact
            done_lines = [normalize(line, script, taiwan, settings=s) for line in originals]
            return [(o, n.text, n.omap) for o, n in zip(originals, done_lines, strict=True)] if offsets \
                else [n.text for n in done_lines]
    if script is None:
        canonicals = _own_decisions(originals, s)
        if not offsets:
            return canonicals
        return [(o, (n := normalize(o, settings=s)).text, n.omap) for o in originals]
    whole = done if done is not None else normalize(text, script, taiwan, settings=s)
    if not offsets:
        return whole.text.split("\n") if whole.text.count("\n") == len(originals) - 1 \
            else [normalize(o, script, whole.taiwan, settings=s).text for o in originals]
    return _page_lines(originals, whole, s)


def _page_lines(originals: list[str], whole: Normalized, s: NormalizeSettings) -> list[tuple[str, str, OffsetMap]]:
    """(original, canonical, map) of every line, cut from the whole text's result: every step works
    within a line (no pattern or phrase spans a line break; t2s runs line by line), so the whole
    text's result cut at its line breaks is the lines' results."""
    canonicals = whole.text.split("\n")
    positions = whole.positions
    if len(originals) != len(canonicals):  # a step changed line breaks: never expected; stay exact
        return [(line, (n := normalize(line, whole.script, whole.taiwan, settings=s)).text, n.omap)
                for line in originals]
    if positions is None:
        return [(o, c, OffsetMap.identity(len(c))) for o, c in zip(originals, canonicals, strict=True)]
    lines = []
    orig_start = canon_start = 0
    for orig, line in zip(originals, canonicals, strict=True):
        segment = positions[canon_start:canon_start + len(line)]
        if len(line) == len(orig) and segment == list(range(orig_start, orig_start + len(orig))):
            omap = OffsetMap.identity(len(line))
        else:
            omap = OffsetMap.from_array([p - orig_start for p in segment], len(orig))
        lines.append((orig, line, omap))
        orig_start += len(orig) + 1
        canon_start += len(line) + 1
    return lines


def _own_decisions(lines: list[str], s: NormalizeSettings) -> list[str]:
    """``[normalize(line).text for line in lines]`` -- each line with its own script and Taiwan
    decisions -- in one call per script instead of one per line (a call per line cost about 20 us,
    mostly fixed costs). Exact: lines are grouped by their own ``detect_script``; a group is converted
    (steps 1-3) and repaired (step 4) as one text with that script (every step works within a line);
    a line outside ``hant`` and ``mixed`` is Taiwan when its converted text ``shows_taiwan``, and such
    a line (rare) is normalized again on its own."""
    out: list[str | None] = [None] * len(lines)
    if not lines:
        return []
    groups: dict[str, list[int]] = {}
    for index, script in enumerate(detect_scripts(lines, s)):
        groups.setdefault(script, []).append(index)
    for script, members in groups.items():
        taiwan = script in ("hant", "mixed")
        converted, positions = _converted("\n".join(lines[i] for i in members), script)
        pre = converted.split("\n")
        parts = _repaired(converted, positions, script, taiwan)[0].split("\n")
        if len(pre) != len(members) or len(parts) != len(members):  # a step changed line breaks: never expected
            for index in members:
                out[index] = normalize(lines[index], settings=s).text
            continue
        retaiwan = set() if taiwan else _lines_showing_taiwan(pre, s)
        for k, (index, part) in enumerate(zip(members, parts, strict=True)):
            out[index] = normalize(lines[index], script, True, settings=s).text if k in retaiwan else part
    return out  # type: ignore[return-value]


def _lines_showing_taiwan(parts: list[str], s: NormalizeSettings) -> set[int]:
    """The indexes of ``parts`` that ``shows_taiwan``, from one search per table of the joined parts
    (no mark holds a line break, so every match lies within one part)."""
    joined = "\n".join(parts)
    starts = list(itertools.accumulate((len(p) + 1 for p in parts[:-1]), initial=0))
    found: dict[int, tuple[set[str], set[str]]] = {}
    for kind, name in enumerate(("normalize/conversion_damage.tsv", "normalize/taiwan_phrases.tsv")):
        for m in _phrase_regex(name)[0].finditer(joined):
            found.setdefault(bisect.bisect_right(starts, m.start()) - 1, (set(), set()))[kind].add(m.group(0))
    return {index for index, (damage, terms) in found.items() if _taiwan_found(damage, terms, s.taiwan_min_terms)}
