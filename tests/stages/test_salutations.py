"""The salutation words (jianghua.stages.salutations): one data file read by every stage that looks for a
salutation; its groups, their regexes, and the stages' patterns built on them."""

from __future__ import annotations

import re

import pytest
from jianghua.stages import headings, lines, salutations, structure, title_chooser, titles
from jianghua.stages.extract import meta

from tests.stages.test_split import _docs


def test_every_group_has_its_words():
    assert salutations.words("opening") == ("同志们", "各位", "尊敬的", "亲爱的", "老师们", "同学们", "女士们", "先生们", "朋友们")
    assert salutations.words("judges") == ("评委", "领导")
    assert salutations.words("comrades") == ("同志们", "各位同志")
    assert "各位" not in salutations.words("glued")  # a bare 各位 stands in running text too
    assert {"各位领导", "大家好"} <= set(salutations.words("glued"))


def test_an_alternation_puts_the_longer_words_first():
    assert salutations.alternation("comrades") == "(?:各位同志|同志们)"
    assert re.fullmatch(salutations.alternation("judges"), "评委")


@pytest.mark.parametrize("line, salutation", [
    ("同志们：", True), ("尊敬的各位领导、各位评委：", True), ("女士们、先生们、朋友们：", True),
    ("亲爱的战友们：", True), ("各位家长：", True), ("全县广大家长们：", True), ("会议要求：", False), ("工作要求如下：", False),
])
def test_a_salutation_line(line, salutation):
    assert bool(titles.SALUTATION.match(line)) is salutation


_BODY = "新学期开始了，我们要努力学习，认真读书，团结同学，尊敬老师，做一个全面发展的好学生。"


@pytest.mark.parametrize("salutation, cuts", [
    ("老师们、同学们：", [12, 62, 74]), ("各位老师：", [12, 59, 71]), ("亲爱的同学们：", [12, 61, 73]),
])
def test_a_salutation_glued_after_a_piece_title_is_cut_off_it(salutation, cuts):
    line = f"篇一：在开学典礼上的讲话{salutation}{_BODY}篇二：在毕业典礼上的讲话{salutation}{_BODY}"
    assert headings.flattened_pieces(line) == cuts


def test_a_teachers_salutation_is_an_address_paragraph():
    # (structure read 同志们, 各位 and 尊敬的 alone, so 老师们、同学们： was a subtitle)
    doc = _docs("开学典礼讲话\n\n老师们、同学们：\n\n新学期开始了。我们要努力学习。\n")[0]
    assert [p.kind for p in doc.paragraphs] == ["address", "body"]
    assert structure._ADDRESS.match("亲爱的同学们：")


def test_a_byline_over_any_salutation():
    assert meta._SALUTATION.match("\u3000老师们、同学们：")
    assert not meta._SALUTATION.match("会议要求：")


@pytest.mark.parametrize("line", ["女士们、先生们：", "大家好！我叫张某。", "各位领导：", "亲爱的同学们："])
def test_the_line_model_reads_a_salutation(line):
    assert lines._SALUTATION.match(line)
    assert lines.protected(line)


def test_the_title_chooser_reads_a_salutation_near_the_text_start():
    assert title_chooser._SALUTATION_OPEN.match("（2023年3月1日）亲爱的同学们：")
    assert not title_chooser._SALUTATION_OPEN.match("会议要求：")
