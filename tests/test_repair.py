"""Repairs of scraping damage, table-driven."""

from __future__ import annotations

import pytest
from jianghua.repair import repair

CASES = [
    ("學(xué)習(xí)啦小(xiǎo)編(biān)", "學習啦小編", {"glued_pinyin": 4}),
    ("這是我們的(de)工(gōng)作(zuò)和(hé)學(xué)習(xí)", "這是我們的工作和學習", {"glued_pinyin": 6}),
    ("按(GDP)計算", "按(GDP)計算", {}),
    ("在&ldquo;十二五&rdquo;開局", "在“十二五”開局", {"html_entity": 2}),
    ("在ldquo;十二五rdquo;開局&nbsp;之年", "在“十二五”開局\xa0之年", {"bare_entity": 2, "html_entity": 1}),
    ("由区·委·组·织·部负责", "由区委组织部负责", {"filter_dots": 1}),
    ("马克思·韦伯的理论", "马克思·韦伯的理论", {}),
    ("条件如下：\n- 1、具有大学本科学历\n2、身体健康", "条件如下：\n1、具有大学本科学历\n2、身体健康", {"list_bullet": 1}),
    ("- 这是破折号开头的一句话", "- 这是破折号开头的一句话", {}),
]


@pytest.mark.parametrize("text, expected, repairs", CASES)
def test_table(text, expected, repairs):
    result = repair(text)
    assert result.text == expected
    assert result.repairs == repairs


def _pdf_page(n: int, body: str) -> str:
    return f"{n}、{body}"


def test_pdf_page_numbers_are_removed_and_pages_joined():
    pages = [
        "挂职干部工作会议讲话稿 同志们： 今天召开会议。" + "我们要认真做好挂职干部的管理工作，" * 12 + "这是全县各民",
        "主党派共同努力的结果。" + "挂职期间大家表现出色，" * 14 + "为下一步工作打",
        "下了基础。 一、总结经验 " + "各单位要加强管理，" * 20 + "谢谢大家。",
    ]
    text = "\n".join(_pdf_page(i + 1, p) for i, p in enumerate(pages))
    result = repair(text)
    assert result.repairs["pdf_page_numbers"] == 3
    assert "各民主党派" in result.text and "打下了基础" in result.text
    assert "\n2、" not in result.text and not result.text.startswith("1、")
    lines = [line for line in result.text.split("\n") if line]
    assert lines[0] == "挂职干部工作会议讲话稿"
    assert "一、总结经验" in lines


def test_numbered_list_is_not_taken_for_page_numbers():
    text = "\n".join(f"{i}、具有大学本科以上学历，身体健康，任现职满三年以上。" for i in range(1, 6))
    assert repair(text).text == text


def test_lost_characters_are_flagged_not_guessed():
    result = repair("群眾??傮w要求是，我們?cè)在全市")
    flags = [f for f in result.flags if f["kind"] == "lost_character"]
    assert flags and flags[0]["count"] >= 2
    assert "??傮w" in result.text
