"""jieba's output with the domain dictionary, pinned: a dictionary or version change is a diff here."""

from __future__ import annotations

import pytest
from jianghua import resources
from jianghua.stages.segment import BACKENDS, Segmenter, default_segmenter

from tests.conftest import GOLDEN


@pytest.mark.parametrize("backend", BACKENDS)
def test_pinned_segmentation(backend):
    sentences = (GOLDEN / "segment_sentences.txt").read_text(encoding="utf-8").splitlines()
    pins = (GOLDEN / "segment_pins.txt").read_text(encoding="utf-8").splitlines()
    assert len(sentences) == len(pins) >= 40
    segmenter = Segmenter(backend=backend)
    diffs = []
    for sentence, pin in zip(sentences, pins, strict=True):
        got = " | ".join(segmenter.cut(sentence))
        if got != pin:
            diffs.append((sentence, pin, got))
    assert not diffs, diffs[:3]


def test_domain_terms_stay_whole():
    segmenter = default_segmenter()
    for term in ("竞争上岗", "民主测评", "资格审查", "任前公示", "德才兼备", "中层干部", "挂职锻炼", "干部下基层"):
        assert segmenter.cut(term) == [term]
    assert "竞争上岗" in segmenter.cut("这次中层干部竞争上岗工作要坚持德才兼备的原则")


def test_user_dictionary_is_well_formed():
    words = set()
    for number, line in resources.data_lines("lexicon/userdict.txt"):
        word, freq, tag = line.split(" ")
        assert freq.isdigit() and tag.isalpha(), number
        assert word not in words, (number, word)
        words.add(word)
    assert len(words) >= 400


def test_segmenters_do_not_share_state():
    plain = Segmenter(userdict=None)
    domain = default_segmenter()
    assert plain.cut("任前公示") != domain.cut("任前公示") or domain.cut("任前公示") == ["任前公示"]
    assert domain.cut("任前公示") == ["任前公示"]


def test_backends_agree_on_the_seed_pages(seeds_dir):
    python, rust = Segmenter(backend="jieba"), Segmenter(backend="rjieba")
    for path in sorted(seeds_dir.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            assert python.cut(line) == rust.cut(line), line[:40]


def test_regex_whitespace_is_what_strip_removes():
    # Segmenter.cut keeps the backend's list untouched when re's \s finds nothing in the text
    import re
    import sys

    space = re.compile(r"\s")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        assert (space.match(char) is not None) == (char.strip() == ""), hex(code)


SEGMENT_TRICKY = ["", " ", "\u3000", "第一条　为了规范", "第二条 本法", "好\t好", "a b", "\r\n", "竞争上岗\n", "  前后  ",
                  "\x1c任前公示\x1f", "\x85民主测评\u2028", "ＡＢＣ　１２３", "𠀀𠀁 好", "中层干部\xa0竞争上岗"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_cut_equals_the_plain_filter(backend, seeds_dir):
    segmenter = Segmenter(backend=backend)
    if backend == "rjieba":
        def raw(text):
            return segmenter._rs.cut(text, hmm=False)
    else:
        def raw(text):
            return segmenter._tokenizer.lcut(text, HMM=False)
    texts = list(SEGMENT_TRICKY)
    for path in sorted(seeds_dir.glob("*.txt")):
        texts += path.read_text(encoding="utf-8").splitlines()[:200]
    kept_whole = 0
    for text in texts:
        words = raw(text)
        assert "".join(words) == text  # the words are the text's pieces, in order
        got = segmenter.cut(text)
        assert got == [w for w in words if w.strip()], text[:40]
        kept_whole += len(got) == len(words) > 0
    assert kept_whole >= 20
