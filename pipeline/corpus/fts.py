"""The character index's tokens: how ``para_fts`` (an FTS5 table over every paragraph, ``schema.TABLES``)
sees a text, and how a query is put to it. Each Han character (and each other letter or digit) is its
own token, so a phrase query finds every substring occurrence, which a word index cannot (干部 inside
领导干部). Used by the store (writing the index), the ledger (deleting a page's rows from it) and the
search.
"""

from __future__ import annotations

import functools
import re
from typing import Any

# Every character that is not a letter or digit (punctuation, spaces) is indexed as this one token, so
# that a phrase of letters and digits matches exactly where the substring occurs, never across them.
OTHER_TOKEN = "ǂ"


class _FtsTable(dict[int, str]):
    """``str.translate`` table for ``fts_chars``, filled on first sight of each character."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        lowered = char.lower()
        value = (lowered if len(lowered) == 1 else char) if char.isalnum() else OTHER_TOKEN
        self[code] = value
        return value


_FTS_TABLE = _FtsTable()


def fts_chars(text: str) -> str:
    """The FTS5 form of a text: every character a token of its own (letters and digits lower-cased,
    anything else as ``OTHER_TOKEN``), so a phrase query of a string's characters finds exactly the
    paragraphs where the string occurs (case-insensitively). One ``translate`` and one ``join``, both
    in C; a letter whose lower case is two characters (İ) stays as it is, one token."""
    return " ".join(text.translate(_FTS_TABLE))


# The one-pass form of ``fts_chars`` (``fts_chars_many``): ``[\W_]`` is exactly "not ``isalnum``" and
# ``str.lower`` agrees with the table character by character, except for these two: İ (its lower case is
# two characters; the table keeps it) and Σ (``lower`` gives ς at the end of a word, the table σ).
_NOT_ALNUM = re.compile(r"[\W_]")
_LOWER_IN_CONTEXT = re.compile("[\u0130\u03a3]")


@functools.cache
def _not_alnum_table() -> Any:
    """Per code point of the Basic Multilingual Plane: True where ``_NOT_ALNUM`` matches (every such code
    point in one string made from a numpy range, each match replaced by NUL, itself not alphanumeric);
    64 KB, made once a process (10 ms)."""
    import numpy as np

    every = np.arange(0x10000, dtype=np.uint32).tobytes().decode("utf-32-le", "surrogatepass")
    return np.frombuffer(_NOT_ALNUM.sub("\x00", every).encode("utf-32-le", "surrogatepass"), dtype=np.uint32) == 0


def fts_chars_many(texts: list[str]) -> list[str]:
    """``[fts_chars(t) for t in texts]``, for all the paragraphs of a page at once, three times as fast:
    the texts joined, letters lowered by ``str.lower`` and non-alphanumerics replaced by a table of
    code points (both in C, lengths unchanged), then a space put between characters by interleaving UTF-32 code units in
    numpy instead of ``" ".join`` making one string object per character; each text's form is a
    slice of the result (text i at characters [s, s + n) of the joined text: [2s, 2(s + n) - 1))."""
    joined = "\n".join(texts)
    if len(joined) < 2 or _LOWER_IN_CONTEXT.search(joined):
        return [fts_chars(text) for text in texts]
    import numpy as np  # here, not at module level: ``jianghua search`` does not need it

    # OTHER_TOKEN wherever the text is not alphanumeric, into the lowered text: a table lookup per code
    # unit (the regex's replacement per match cost half of this function, punctuation being common), or
    # the regex for a text beyond the table (a character outside the Basic Multilingual Plane, rare)
    points = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if points.max() > 0xFFFF:
        units = np.frombuffer(_NOT_ALNUM.sub(OTHER_TOKEN, joined).lower().encode("utf-32-le", "surrogatepass"),
                              dtype=np.uint32)
    else:
        units = np.frombuffer(joined.lower().encode("utf-32-le", "surrogatepass"), dtype=np.uint32).copy()
        units[_not_alnum_table()[points]] = ord(OTHER_TOKEN)
    spaced = np.full(2 * units.size - 1, ord(" "), dtype=np.uint32)
    spaced[0::2] = units
    whole = spaced.tobytes().decode("utf-32-le", "surrogatepass")
    forms, start = [], 0
    for text in texts:
        forms.append(whole[2 * start:2 * (start + len(text)) - 1] if text else "")
        start += len(text) + 1
    return forms


def fts_query_chars(text: str) -> str:
    """The phrase tokens of a query string: its letters and digits, as ``fts_chars`` indexes them
    (other characters are dropped, so a query with punctuation is verified against the text)."""
    return " ".join("".join(ch for ch in text if ch.isalnum()).translate(_FTS_TABLE))
