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


# The one-pass form of ``fts_chars`` (``fts_chars_many``) looks each code point's token up in a numpy
# table made from the same rule as ``_FtsTable``: one path for every text. Measured on 20 MB of the bench
# corpus (1,853 pages, CPU seconds): 0.11 s against 0.85 s for ``fts_chars`` text by text, in a ``rows``
# stage of 1.45 s (the difference is half the stage; issue 19's bar for a fast path is 10%). The table
# replaced three paths (a BMP table after ``str.lower``, a regex for astral text, ``fts_chars`` per text
# around İ and Σ), which took 0.23-0.28 s.
_NOT_ALNUM = re.compile(r"[\W_]")  # exactly "not ``str.isalnum``"


@functools.cache
def _token_table() -> Any:
    """Per code point (all 0x110000, surrogates included), the code point of its token: lower case for a
    letter or digit (one character; İ, whose lower case is two, stays as it is), ``OTHER_TOKEN`` for
    anything else -- ``_FtsTable``'s rule. Made once a process (0.15 CPU s; 4.4 MB, made a plane of
    65,536 code points at a time so that making it costs little more): each plane as one string,
    lowered at once (only İ lowers to two characters, set aside first; Σ there is followed by a
    letter, so it lowers to σ as alone) and its non-alphanumerics found by one regex."""
    import numpy as np  # here, not at module level: ``jianghua search`` does not need it

    table = np.empty(0x110000, dtype=np.uint32)
    for first in range(0, 0x110000, 0x10000):
        points = np.arange(first, first + 0x10000, dtype=np.uint32)
        if first == 0:
            points[0x130] = 0  # İ
        plane = points.tobytes().decode("utf-32-le", "surrogatepass")
        lowered = np.frombuffer(plane.lower().encode("utf-32-le", "surrogatepass"), dtype=np.uint32).copy()
        alnum = np.frombuffer(_NOT_ALNUM.sub("\x00", plane).encode("utf-32-le", "surrogatepass"), dtype=np.uint32) != 0
        assert lowered.size == alnum.size == 0x10000
        if first == 0:
            lowered[0x130], alnum[0x130] = 0x130, True
        table[first:first + 0x10000] = np.where(alnum, lowered, np.uint32(ord(OTHER_TOKEN)))
    assert not _NOT_ALNUM.match("\u0130")
    return table


def fts_chars_many(texts: list[str]) -> list[str]:
    """``[fts_chars(t) for t in texts]`` (the reference, compared in tests/corpus/test_store.py), for all
    the paragraphs of a page at once: the texts joined, each code point replaced by its token from
    ``_token_table`` and a space put between tokens by interleaving UTF-32 code units in numpy, instead
    of ``translate`` and ``" ".join`` making one string object per character; each text's form is a
    slice of the result (text i at characters [s, s + n) of the joined text: [2s, 2(s + n) - 1))."""
    joined = "\n".join(texts)
    if not joined:
        return ["" for _ in texts]
    import numpy as np

    units = _token_table()[np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)]
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
