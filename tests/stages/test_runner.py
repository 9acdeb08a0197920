"""The runner's hand-offs from the page stages to extract: each document's removed head lines and the
page's stamp (stage ``date``)."""

from __future__ import annotations

from jianghua.document import Document, Line, Page, Removed
from jianghua.offsets import OffsetMap
from jianghua.stages.runner import Context, _canonical_span, _doc_heads, _removed_texts, _stamp


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
