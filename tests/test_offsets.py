"""Offset maps: ``concat`` collects breakpoints run by run; it must equal the per-character form."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jianghua.offsets import OffsetMap, concat


def _concat_reference(pieces, sep="\n"):
    """``concat`` as first written: every character's original position, then ``from_array``."""
    canon_parts, orig_parts, positions = [], [], []
    orig_total, identity = 0, True
    for index, (canon, orig, omap) in enumerate(pieces):
        if index:
            canon_parts.append(sep)
            orig_parts.append(sep)
            positions.extend(range(orig_total, orig_total + len(sep)))
            orig_total += len(sep)
        canon_parts.append(canon)
        orig_parts.append(orig)
        if omap.is_identity:
            positions.extend(range(orig_total, orig_total + len(canon)))
        else:
            identity = False
            positions.extend(orig_total + omap.orig(i) for i in range(len(canon)))
        orig_total += len(orig)
    canon_text, orig_text = "".join(canon_parts), "".join(orig_parts)
    if identity and len(canon_text) == len(orig_text):
        return canon_text, orig_text, OffsetMap.identity(len(canon_text))
    return canon_text, orig_text, OffsetMap.from_array(positions, len(orig_text))


def _key(result):
    canon, orig, omap = result
    return canon, orig, omap.breakpoints(), omap.canon_len, omap.orig_len, omap.is_identity, omap.to_array()


@st.composite
def pieces(draw):
    """(canonical, original, map) pieces: identity maps, maps of shortened or lengthened text, and
    canonical strings longer or shorter than their map says (concat reads the map past its end)."""
    out = []
    for _ in range(draw(st.integers(0, 5))):
        orig = draw(st.text(alphabet="ab中", max_size=8))
        kind = draw(st.sampled_from(["identity", "array", "mismatch", "identity-other-length"]))
        if kind == "identity":
            out.append((orig.upper(), orig, OffsetMap.identity(len(orig))))
        elif kind == "identity-other-length":
            out.append((draw(st.text(alphabet="xy", max_size=8)), orig, OffsetMap.identity(len(orig))))
        else:
            n_canon = draw(st.integers(0, 8))
            positions = sorted(draw(st.lists(st.integers(0, max(0, len(orig) - 1)), min_size=n_canon, max_size=n_canon)))
            omap = OffsetMap.from_array(positions, len(orig))
            canon = "c" * (n_canon if kind == "array" else draw(st.integers(0, 10)))
            out.append((canon, orig, omap))
    return out


@settings(max_examples=500, deadline=None)
@given(pieces(), st.sampled_from(["\n", "", "--", " "]))
def test_concat_equals_the_per_character_form(items, sep):
    assert _key(concat(items, sep)) == _key(_concat_reference(items, sep))


@pytest.mark.parametrize("sep", ["\n", ""])
def test_concat_of_real_lines(seeds_dir, sep):
    from jianghua.stages.normalize import normalize_lines

    for path in sorted(seeds_dir.iterdir()):
        text = path.read_bytes().decode("utf-8", errors="replace")
        for script, taiwan in (("hant", True), ("hans", False)):
            lines = normalize_lines(text, script, taiwan)
            items = [(canon.strip(), orig, omap) for orig, canon, omap in lines]  # stripped: maps past their text
            for chosen in (items, [(c, o, m) for c, o, m in items if m.is_identity], items[:1], []):
                assert _key(concat(chosen, sep)) == _key(_concat_reference(chosen, sep))


def test_identity_map_behaves_as_one_built_from_breakpoints():
    fast, built = OffsetMap.identity(5), OffsetMap([], 5, 5)
    for omap in (fast, built):
        assert omap.is_identity and omap.breakpoints() == [] and omap.to_json() == []
        assert [omap.orig(i) for i in range(7)] == [0, 1, 2, 3, 4, 5, 5]
        assert omap.span(1, 3) == (1, 3) and omap.span(2, 9) == (2, 5)
    other = OffsetMap.from_array([0, 0, 1, 3], 4)
    assert fast.compose(other) is other and other.compose(fast) is other
    assert OffsetMap.identity(3) is not OffsetMap.identity(3)
    restored = pickle.loads(pickle.dumps(fast))
    assert (restored.breakpoints(), restored.canon_len, restored.orig_len, restored.is_identity) == ([], 5, 5, True)
