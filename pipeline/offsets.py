"""Offset maps between a canonical text and the original it was normalized from.

A map is stored as breakpoints ``[(canon_pos, orig_pos), ...]``: from each breakpoint on, canonical
and original advance together one character at a time until the next breakpoint. An identity map
has no breakpoints. A span ``[start, end)`` of the canonical text maps to ``[orig(start),
orig_end(end))`` of the original; inside a replaced phrase of different length (许可权 -> 权限) the
interior maps to the phrase's start, so a span never cuts a replaced phrase in the original.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

_NO_BREAKPOINTS: tuple[int, ...] = ()
_new_object = object.__new__


class OffsetMap:
    __slots__ = ("_canon", "_orig", "canon_len", "orig_len")

    def __init__(self, breakpoints: Sequence[Sequence[int]], canon_len: int, orig_len: int):
        self._canon: Sequence[int] = [int(c) for c, _o in breakpoints]
        self._orig: Sequence[int] = [int(o) for _c, o in breakpoints]
        self.canon_len = canon_len
        self.orig_len = orig_len

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        # One per line of every page: skip __init__, and share one empty tuple as the (never
        # mutated) breakpoint lists instead of allocating two empty lists per map.
        omap = _new_object(cls)
        omap._canon = omap._orig = _NO_BREAKPOINTS
        omap.canon_len = omap.orig_len = length
        return omap

    @classmethod
    def from_array(cls, positions: Sequence[int], orig_len: int) -> OffsetMap:
        """From a per-character array: ``positions[i]`` is the original index of canonical char i."""
        breakpoints: list[tuple[int, int]] = []
        previous = -1
        for canon, orig in enumerate(positions):
            if orig != previous + 1 or (canon == 0 and orig != 0):
                breakpoints.append((canon, orig))
            previous = orig
        return cls(breakpoints, len(positions), orig_len)

    def to_array(self) -> list[int]:
        return [self.orig(i) for i in range(self.canon_len)]

    @property
    def is_identity(self) -> bool:
        return not self._canon and self.canon_len == self.orig_len

    def breakpoints(self) -> list[list[int]]:
        return [[c, o] for c, o in zip(self._canon, self._orig, strict=True)]

    def orig(self, pos: int) -> int:
        """Original index of canonical position ``pos`` (0 <= pos <= canon_len)."""
        if pos >= self.canon_len:
            return self.orig_len
        k = bisect_right(self._canon, pos) - 1
        if k < 0:
            return pos
        return self._orig[k] + (pos - self._canon[k])

    def span(self, start: int, end: int) -> tuple[int, int]:
        o_start = self.orig(start)
        o_end = max(o_start, self.orig(end) if end < self.canon_len else self.orig_len)
        return o_start, o_end

    def compose(self, inner: OffsetMap) -> OffsetMap:
        """``self`` maps canonical -> middle; ``inner`` maps middle -> original."""
        if inner.is_identity:
            return self
        if self.is_identity:
            return inner
        positions = [inner.orig(self.orig(i)) for i in range(self.canon_len)]
        return OffsetMap.from_array(positions, inner.orig_len)

    def to_json(self) -> list[list[int]]:
        return self.breakpoints()


def concat(pieces: Sequence[tuple[str, str, OffsetMap]], sep: str = "\n") -> tuple[str, str, OffsetMap]:
    """Join (canonical, original, map) pieces with ``sep`` into one text pair with its map.

    The breakpoints are those ``OffsetMap.from_array`` finds in the per-character positions of the
    joined text (a breakpoint wherever a position is not the previous one plus 1, the one before the
    first being -1), collected run by run: an identity piece and the separator are each one run of
    consecutive positions, so only the characters of non-identity pieces are visited one by one."""
    canon_parts: list[str] = []
    orig_parts: list[str] = []
    breakpoints: list[tuple[int, int]] = []
    canon_total = orig_total = 0
    expected = 0  # the position that continues the current run (previous position + 1)
    identity = True
    n_sep = len(sep)
    for index, (canon, orig, omap) in enumerate(pieces):
        if index:
            canon_parts.append(sep)
            orig_parts.append(sep)
            if n_sep:
                if orig_total != expected:
                    breakpoints.append((canon_total, orig_total))
                canon_total += n_sep
                orig_total += n_sep
                expected = orig_total
        canon_parts.append(canon)
        orig_parts.append(orig)
        n_canon = len(canon)
        if omap.is_identity:
            if n_canon:
                if orig_total != expected:
                    breakpoints.append((canon_total, orig_total))
                expected = orig_total + n_canon
        else:
            identity = False
            for i in range(n_canon):
                position = orig_total + omap.orig(i)
                if position != expected:
                    breakpoints.append((canon_total + i, position))
                expected = position + 1
        canon_total += n_canon
        orig_total += len(orig)
    canon_text = "".join(canon_parts)
    orig_text = "".join(orig_parts)
    if identity and len(canon_text) == len(orig_text):
        return canon_text, orig_text, OffsetMap.identity(len(canon_text))
    return canon_text, orig_text, OffsetMap(breakpoints, canon_total, len(orig_text))
