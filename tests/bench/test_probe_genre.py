"""bench/probe_genre.py: its texts parse into two disjoint halves covering the same traps and genres,
each text gets every noisy form, and the scorers (macro-F1, ECE) give the figures worked out by hand."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import probe_genre  # noqa: E402
from jianghua.labels import GENRES, TOPICS  # noqa: E402


def test_texts_come_in_two_disjoint_halves_with_the_same_traps():
    items = probe_genre.texts()
    assert len({item.id for item in items}) == len(items)
    tune = [item for item in items if item.half == "tune"]
    hold = [item for item in items if item.half == "hold"]
    assert {item.text for item in tune}.isdisjoint({item.text for item in hold})
    assert {item.trap for item in tune} == {item.trap for item in hold}
    assert {item.genre for item in tune} == {item.genre for item in hold} == set(GENRES)
    assert all(item.genre in GENRES and item.topic in TOPICS for item in items)
    assert all(120 <= len(item.text) <= 600 for item in items)


def test_every_text_gets_every_noisy_form():
    items = [probe_genre.Text("a", "tune", "other", "other", "x", "标题甲", "公开选拔工作的体会。" * 8),
             probe_genre.Text("b", "tune", "news_report", "other", "x", "标题乙", "本报讯 会议召开。" * 8)]
    forms = probe_genre.noisy(items)
    assert [noise for _item, noise, _t, _b in forms] == list(probe_genre.NOISES) * 2
    by = {(item.id, noise): (title, body) for item, noise, title, body in forms}
    assert by[("a", "clean")] == ("标题甲", items[0].text)
    assert by[("a", "traditional")][1].startswith("公開選拔")
    assert by[("a", "mistitled")] == ("标题乙", items[0].text)  # the title of the other genre's text
    assert by[("a", "truncated")][1] == items[0].text[:44]  # 55% of 80 characters
    assert by[("a", "pinyin")][1] == items[0].text[:37] + "jingpin" + items[0].text[37:74] + "yanjianggao" + \
        items[0].text[74:] + "fanwen"


def test_macro_f1_and_ece_by_hand():
    # label a: tp 1, fp 1, fn 1 -> 0.5; label b: tp 1, fp 1, fn 1 -> 0.5; label c: fp 0, fn... none right -> 0
    assert probe_genre.macro_f1(["a", "a", "b", "b"], ["a", "b", "b", "a"]) == pytest.approx(0.5)
    assert probe_genre.macro_f1(["a", "b"], ["a", "c"]) == pytest.approx((1.0 + 0.0 + 0.0) / 3)
    # two rows at 0.9 (one right: |0.5 - 0.9| = 0.4), two at 0.55 (both right: 0.45): (0.4 + 0.45) / 2
    assert probe_genre.ece([0.9, 0.9, 0.55, 0.55], [True, False, True, True]) == pytest.approx(0.425)
