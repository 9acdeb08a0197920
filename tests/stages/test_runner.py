"""The runner's hand-offs from the page stages to extract: each document's removed head lines and the
page's stamp (stage ``date``)."""

from __future__ import annotations

import pytest
from jianghua.document import Document, Line, Page, Removed
from jianghua.offsets import OffsetMap
from jianghua.stages.runner import Context, _canonical_span, _doc_heads, _removed_texts, _stamp, process_page


def _line(number: int, orig: str, canon: str, omap: OffsetMap | None = None) -> Line:
    return Line(number, orig, canon, omap or OffsetMap.identity(len(canon)))


def test_a_part_cut_off_a_line_is_read_in_its_canonical_form():
    # 會(huì)議 glossed in the original: the canonical line is two characters shorter per gloss
    orig = "會(huì)議通知 局長 王大明"
    canon = "会议通知 局长 王大明"
    omap = OffsetMap.from_array([0, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], len(orig))
    assert _canonical_span(omap, 10, len(orig)) == (5, len(canon))
    page = Page(path="p.txt", sha256="0" * 64, size=0, lines=[_line(1, orig, canon, omap)],
                removed=[Removed(1, "doc_title", "局長 王大明")])
    assert _removed_texts(page) == {1: ("局长 王大明", "局長 王大明", None)}


def test_each_document_gets_the_removed_lines_above_its_body():
    lines = [_line(n, text, text) for n, text in enumerate(["首页 > 新闻", "发布时间：2031-05-06", "正文一", "相关阅读", "第二篇", "正文二"], 1)]
    page = Page(path="p.txt", sha256="0" * 64, size=0, lines=lines,
                removed=[Removed(1, "site_nav", "首页 > 新闻"), Removed(2, "metadata", "发布时间：2031-05-06"),
                         Removed(4, "related", "相关阅读")])
    first = Document(1, "", "正文一", "正文一", OffsetMap.identity(3), first_line=3, last_line=3)
    second = Document(2, "第二篇", "正文二", "正文二", OffsetMap.identity(3), first_line=6, last_line=6)
    page.documents = [first, second]
    heads = _doc_heads(page, _removed_texts(page))
    assert [entry["line"] for entry in heads[1]] == [1, 2] and [entry["line"] for entry in heads[2]] == [4]
    page.documents = [first]
    assert _stamp(_removed_texts(page), 3, Context()) == {
        "line": 2, "canon": "发布时间：2031-05-06", "orig": "发布时间：2031-05-06", "start": 5, "end": 15,
        "orig_start": 5, "orig_end": 15, "value": "2031-05-06"}


# --- adversarial pages: no page from an unseen site stalls an ingest ----------------------------------------------

_NOTICE_HEAD = "关于开展机关中层干部竞争上岗工作的通知\n各科室：\n"
_ADVERSARIAL_PAGES = {
    "blanks after a colon": "报名条件：" + " " * 20000 + "x\n",
    "a line of blanks": " " * 20000 + "\n本次竞聘职位为办公室主任。\n",
    "ideographic blanks": "\u3000" * 20000 + "\n",
    "blank lines": "\n" * 20000 + "本次竞聘职位为办公室主任。\n",
    "a list of posts sharing a count": "本次竞聘职位为：" + "办公室主任、" * 1500 + "各1名。\n",
    "a list of posts each counted": "拟选拔" + "办公室主任1名、" * 1500 + "财务科科长2名。\n",
    "a list of posts before a count": "拿出" + "综合科科长、" * 1500 + "等5个岗位\n",
    "a list of steps": "程序包括：" + "报名、" * 3000 + "等环节\n",
    "repeated words": "竞聘" * 5000 + "\n",
    "repeated words spaced": "竞聘 " * 5000 + "\n",
    "digits": "1" * 5000 + "\n",
    "lines of numbers": "".join(f"{i}\n" for i in range(3000)),
    "page marks": "".join(f"第{i}页共3000页\n—{i}—\n" for i in range(1500)),
    "colons": "：" * 5000 + "\n",
    "labels": "报名条件：" * 2000 + "\n",
    "ratios": "按1:3" * 2000 + "比例\n",
    "dates": "2024年3月1日" * 1000 + "\n",
    "date lines": "2024年3月1日\n" * 2000,
    "open brackets": "（" * 5000 + "\n",
    "numbered brackets": "（一）" * 3000 + "\n",
    "book title marks": "《" * 5000 + "\n",
    "percentages": "笔试成绩占" + "30%、" * 2000 + "\n",
    "salutations": "同志们：\n" * 3000,
}


@pytest.mark.parametrize("name", list(_ADVERSARIAL_PAGES))
def test_an_adversarial_page_is_processed_in_bounded_time(name):
    """A notice holding a long run of one form (20,000 blanks, a 9,000-character list of posts, 3,000
    、-separated steps, repeated words, digits, page marks, colons, ratios, dates, brackets) is processed
    whole in under 2 s CPU (each stage linear in the page: the list of posts took 3.8 s in extract/procedure,
    a list of steps of unbounded length tried at each of its items)."""
    import time

    process_page(_NOTICE_HEAD.encode("utf-8"), "warm.txt")  # (the models and tables loaded once, outside the bound)
    page_text = _NOTICE_HEAD + _ADVERSARIAL_PAGES[name]
    started = time.process_time()
    page = process_page(page_text.encode("utf-8"), "page.txt")
    assert time.process_time() - started < 2.0
    assert [d.title for d in page.documents][:1] == ["关于开展机关中层干部竞争上岗工作的通知"]
