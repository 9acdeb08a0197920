"""Splitting pages into documents and documents into their heading tree, on written examples."""

from __future__ import annotations

import pytest
from jianghua.split import chinese_number, collection_heading, is_complete
from jianghua.stages import process_page
from jianghua.structure import sentences

BODY = "同志们：\n今天召开动员大会，主要是对中层干部竞争上岗工作进行部署。\n希望大家积极参与，谢谢大家！"


def _docs(text: str):
    return process_page(text.encode("utf-8"), "page.txt").documents


@pytest.mark.parametrize("line, number, title", [
    ("篇一", 1, ""),
    ("第三篇：在中层干部竞争上岗动员大会上的讲话", 3, "在中层干部竞争上岗动员大会上的讲话"),
    ("第12篇:述职报告", 12, "述职报告"),
    ("干部下基层动员会上的讲话篇2", 2, "干部下基层动员会上的讲话"),
    ("科级干部竞争上岗动员讲话篇十一", 11, "科级干部竞争上岗动员讲话"),
    ("篇四：竞聘演讲稿", 4, "竞聘演讲稿"),
])
def test_collection_headings(line, number, title):
    heading = collection_heading(line)
    assert heading is not None and heading.number == number and heading.title == title


@pytest.mark.parametrize("line", ["一、充分认识竞争上岗的重要意义", "这一篇讲话很好。", "第一条 为了规范竞争上岗工作"])
def test_not_collection_headings(line):
    assert collection_heading(line) is None


@pytest.mark.parametrize("text, value", [("一", 1), ("十", 10), ("十二", 12), ("二十三", 23), ("两", 2), ("7", 7)])
def test_chinese_numbers(text, value):
    assert chinese_number(text) == value


def test_page_collection_with_numbered_titles():
    page = ("竞争上岗讲话稿精选\n\n1、在局机关竞争上岗动员会上的讲话\n\n" + BODY + "\n\n"
            "2、在中层干部竞聘演讲会上的讲话\n\n" + BODY.replace("动员大会", "演讲会") + "\n")
    docs = _docs(page)
    assert [d.title for d in docs] == ["在局机关竞争上岗动员会上的讲话", "在中层干部竞聘演讲会上的讲话"]
    assert all(d.complete for d in docs)


def test_toc_is_not_a_document_and_titles_come_from_headings():
    page = ("竞争上岗讲话\n\n目录\n\n第一篇:甲局动员讲话第二篇:乙局动员讲话\n\n正文\n\n"
            "第一篇:甲局动员讲话\n\n" + BODY + "\n\n第二篇:乙局动员讲话\n\n" + BODY + "\n")
    docs = _docs(page)
    assert [(d.ordinal, d.title) for d in docs] == [(1, "甲局动员讲话"), (2, "乙局动员讲话")]


def test_trailing_teasers_are_short_incomplete_documents():
    page = ("某镇竞争上岗经验交流材料\n\n" + "我们的主要做法是公开职位、组织报名、笔试、面试。" * 4 + "\n\n"
            "中层干部竞争上岗制度\n\n为进一步拓宽选人用人渠道，根据实际情况特制定本制度。一 竞争上岗是指...\n\n"
            "中层干部竞聘方案\n\n为充实中层干部队伍，结合我院实际，制定本方案。一 指导思想...\n")
    docs = _docs(page)
    assert [(d.title, d.complete) for d in docs] == [
        ("某镇竞争上岗经验交流材料", True), ("中层干部竞争上岗制度", False), ("中层干部竞聘方案", False)]
    assert docs[1].flags[0]["kind"] == "teaser"


def test_hard_line_breaks_are_rejoined_but_headings_are_not():
    page = ("在动员大会上的讲话\n\n一、要充分认识竞争上岗的重要意义，切实增强工作的自觉性\n\n"
            "竞争上岗是深化干部人事制度改革的重要举措，对于建设高素质干部队伍、激发干部活力具有十分重要\n\n"
            "的意义。大家要正确对待。\n\n（一）\n\n竞聘职位\n\n本次共拿出8个职位。完成投资20.\n\n25亿元。\n")
    doc = _docs(page)[0]
    lines = doc.text.split("\n")
    assert lines[0] == "一、要充分认识竞争上岗的重要意义，切实增强工作的自觉性"
    assert "十分重要的意义。大家要正确对待。" in lines[1]
    assert "（一）竞聘职位" in lines and "本次共拿出8个职位。完成投资20.25亿元。" in lines


@pytest.mark.parametrize("text, complete", [
    ("谢谢大家！", True), ("提几点要求和希望：", False), ("为依据，进...", False), ("形成了良好氛围", False),
    ("工作顺利。\n中共××县委组织部\n2023年6月1日", True), ("各项工作。”", True),
])
def test_completeness(text, complete):
    assert is_complete(text) is complete


def test_heading_tree_nests_in_order_of_appearance():
    page = ("关于竞争上岗的讲话\n\n同志们：\n\n一、统一思想\n\n（一）认识意义。竞争上岗很重要。\n\n1、报名。每人限报1个职位。\n\n"
            "2、资格审查。由组织部负责。\n\n（二）明确要求。一是要公开。二是要公正。\n\n二、加强领导\n\n第一，要落实责任。第二，要严肃纪律。\n\n谢谢大家！\n")
    doc = _docs(page)[0]
    tree = [(s.number, s.level, s.heading) for s in doc.sections]
    assert tree == [("1", 1, "一、统一思想"), ("1.1", 2, "（一）认识意义。"), ("1.1.1", 3, "1、报名。"),
                    ("1.1.2", 3, "2、资格审查。"), ("1.2", 2, "（二）明确要求。"), ("2", 1, "二、加强领导"),
                    ("2.1", 2, "第一，要落实责任。")]
    kinds = [p.kind for p in doc.paragraphs]
    assert kinds[0] == "address" and kinds[1] == "heading"
    for p in doc.paragraphs:
        assert p.section is None or doc.sections[p.section].start <= p.start < doc.sections[p.section].end


def test_sentences():
    assert sentences("一是要公开。二是要公正！好吗？") == [(0, 6), (6, 12), (12, 15)]
    assert sentences("他说：“要公开。”然后走了") == [(0, 9), (9, 13)]
