"""Stage ``clean``: the combined prefilters never hide a line that a pattern row matches."""

from __future__ import annotations

import pytest
from jianghua import resources
from jianghua.clean import INLINE_PATTERNS, LINE_PATTERNS
from jianghua.split import _COLLECTION_PATTERNS, collection_heading
from jianghua.structure import _ANY_MARKER, MARKERS


def _seed_lines(seed_pages) -> list[str]:
    lines = [line.text for page in seed_pages.values() for line in page.lines if line.text]
    lines += [line.canon for page in seed_pages.values() for line in page.lines]
    return lines


def test_marker_and_collection_prefilters_agree_with_the_rows(seed_pages):
    texts = _seed_lines(seed_pages) + ["第一篇：竞争上岗动员讲话", "篇二 述职报告", "一、提高认识", "（三）严格程序", "①报名"]
    markers = collection = 0
    for text in texts:
        row_marker = any(pattern.match(text) for _kind, pattern in MARKERS)
        assert bool(_ANY_MARKER.match(text)) == row_marker, text
        markers += row_marker
        if any(pattern.match(text) for pattern in _COLLECTION_PATTERNS):
            collection += 1
            assert "篇" in text
    assert markers > 20 and collection >= 2
    assert collection_heading("第一篇：竞争上岗动员讲话").number == 1


# --- the screens before the pattern rows (screens.table_screen) ------------------------------------

FURNITURE = [
    "网站首页 新闻 动态 关于 我们", "首页 新闻 动态 关于 我们 联系", "首页 > 新闻 > 正文", "首页 &gt; 新闻 &gt; 正文", "首页 » 新闻 » 讲话",
    "当前位置：首页", "发布时间：2020-01-01", "2020-01-01 12:00 阅读：123", "阅读 123 评论 4", "目录", "文章目录", "正文",
    "第一篇：a第二篇：b", "看过这篇的人还看了", "相关文章：", "本站推荐其他文章：", "猜你喜欢", "本文共3页", "上一页 下一页", "[1] [2] [3]",
    "第2页共3页", "2/3页", "上一篇：关于加强管理的通知", "©2020 某某网", "Copyright 2020", "某某网 版权所有", "All Rights Reserved",
    "客服电话：123", "京ICP备123号", "免责声明：本站", "1234567", "以下是小编为大家整理的讲话稿", "希望对你有所帮助", "下载：",
    "上传时间：2020", "— 3 —", "如有侵权请联系删除", "文档页数：3", "（更多内容请访问本站）", "(本文来源：网络)", "第 3 页 共 5 页",
    "共5页第3页", "（更多精彩内容请访问 首页：www.x.com）",
]
TEXT = ["同志们：", "一、提高认识，加强领导", "第一条 为了规范管理，制定本办法。", "2020年1月1日", "第三章 附则", "关于加强干部队伍建设的讲话"]


def _probe_texts(lines: list[str]) -> list[str]:
    texts = list(lines) + FURNITURE + TEXT
    for furniture in FURNITURE:
        for text in TEXT:
            texts += [furniture + text, text + furniture, text[:3] + furniture + text[3:], " " + furniture]
    return texts


def _first_code(rows, text):
    return next((code for code, pattern, _d in rows if pattern.search(text)), None)


@pytest.mark.parametrize("table", [LINE_PATTERNS, INLINE_PATTERNS])
def test_the_screen_of_a_table_keeps_the_first_matching_row(sample_pages, table):
    from jianghua.clean import first_row_code
    from jianghua.screens import table_screen

    rows = resources.pattern_table(table)
    screen = table_screen(rows)
    assert screen is not None
    lines = [line.canon for page in sample_pages.values() for line in page.lines]
    hits = 0
    for text in _probe_texts(lines):
        code = _first_code(rows, text)
        assert first_row_code(table, text) == code, text
        if code is not None:
            hits += 1
            assert screen(text), text
    assert hits > 100


def test_a_screen_covers_rows_that_cannot_join_a_union():
    import re

    from jianghua.screens import table_screen

    regexes = [r"^x|y\d", r"(z)\1", r"(?P<n>q)r(?P=n)", r"(?i)copyright", r"(?m)^foot", r"(?<=目)录$", r"^(?i:abc)\d",
               r"\A\d{5,}$", r"^[^。]{1,30}(>|»)", r"第\d+页", r"^(首页|主页)\s", r"(?:版权|版權)所有", r"^$", r"^\s*$", r"\d{6}", r"[A-Z]{2}\d"]
    rows = tuple((f"r{n}", re.compile(regex), "") for n, regex in enumerate(regexes))
    rows += (("icp", re.compile("icp备", re.IGNORECASE), ""),)
    screen = table_screen(rows)
    assert screen is not None
    probes = ["x", "ax", "y1", "ay1", "zz", "az z", "qrq", "qrr", "COPYRIGHT 2020", "a\nfoot", "foot", "afoot", "目录", "录",
              "ABC1", "abc1", "xabc1", "12345", "1234", "a12345", "首页 > 新闻", "首页 》 新闻", "第3页", "第页", "首页 a",
              "主页", "ICP备", "京icp备", "版權所有", "", "  ", "同志们：", "a 12345", "邮编 100000", "型号 XY9"]
    probes += [a + b for a in probes for b in ("", "同志们", "\n", " ")]
    matched = 0
    for text in probes:
        code = _first_code(rows, text)
        if code is not None:
            matched += 1
            assert screen(text), (code, text)
    assert matched > 40


def test_the_regex_parser_reads_as_the_screens_expect():
    from jianghua.screens import _parser_ok

    assert _parser_ok()


def _raw_pages() -> list[tuple[str, bytes]]:
    from tests.conftest import SAMPLE

    pages = [(str(path), path.read_bytes()) for path in sorted(SAMPLE.rglob("*")) if path.is_file()]
    furniture = "\n".join(["关于加强干部队伍建设的讲话", "首页 > 新闻 > 正文", "关于加强干部队伍建设的讲话", "目录", "一、提高认识",
                           "二、加强领导", "正文", "同志们：（更多内容请访问本站）今天我们召开会议。", "（更多内容请访问本站）",
                           "某某县人民政府", "相关文章：", "关于做好年度考核工作的通知", "关于开展调研的通知",
                           "会议指出，要加强领导，落实责任，确保各项工作取得实效，这是一段很长的正文句子。", "猜你喜欢",
                           "短标题", "", "第一篇：竞争上岗动员讲话", "同志们：", "版权所有 某某网", "第 3 页 共 5 页"])
    return pages + [("furniture.txt", furniture.encode("utf-8"))]


def _cleaned_state(monkeypatch, screens: bool) -> list:
    import hashlib

    from jianghua import clean as clean_module
    from jianghua import errors
    from jianghua.document import Page
    from jianghua.stages import decode, normalize_lines, repair

    if not screens:
        monkeypatch.setattr(clean_module, "_table", lambda name: (resources.pattern_table(name), None))
    states = []
    for site_lines in (frozenset(), frozenset({"某某县人民政府", "短标题"})):
        for path, data in _raw_pages():
            page = Page(path=path, sha256=hashlib.sha256(data).hexdigest(), size=len(data), site="x")
            try:
                decode(page, data)
                repair(page)
                normalize_lines(page)
            except errors.Quarantine:
                continue
            clean_module.clean(page, site_lines, collection_heading=collection_heading)
            states.append((page.title, [(r.line, r.code, r.text) for r in page.removed],
                           [(line.orig, line.canon, line.omap.breakpoints(), line.removed) for line in page.lines]))
    monkeypatch.undo()
    return states


def test_clean_gives_the_same_pages_with_and_without_screens(monkeypatch):
    screened = _cleaned_state(monkeypatch, screens=True)
    plain = _cleaned_state(monkeypatch, screens=False)
    assert screened == plain
    codes = {code for _title, removed, _lines in screened for _n, code, _t in removed}
    assert {"breadcrumb", "toc", "related_list", "ad", "title_repeat", "site_recurring", "footer"} <= codes


def test_site_line_key_is_the_normalized_line(sample_pages):
    from jianghua.clean import site_line_key
    from jianghua.normalize import normalize

    lines = [line.orig for page in sample_pages.values() for line in page.lines] + ["  資訊與程式 ", "著作權", "Ａ，Ｂ"]
    for line in lines:
        if len(line.strip()) <= 80:
            key = site_line_key(line)
            assert key in ("", normalize(line.strip()).text), line


def _learning_pages(seeds_dir):
    from jianghua.stages import page_lines_for_learning

    from tests.conftest import SAMPLE

    paths = sorted(seeds_dir.iterdir()) + sorted(p for p in SAMPLE.rglob("*") if p.is_file())
    return [page_lines_for_learning(path.read_bytes()) for path in paths]


def _edge_lines() -> list[str]:
    """Lines for every decision ``canonical_lines`` makes: each script, a simplified line with one and
    with two Taiwan marks (only two make it Taiwan), conversion damage, 著, pinyin glue, empty lines."""
    from jianghua import resources

    taiwan = [k for k, v in resources.mapping_table("normalize/taiwan_phrases.tsv") if k != v][:3]
    damage = [k for k, v in resources.mapping_table("normalize/conversion_damage.tsv") if k != v][:2]
    return ["", "  ", "第一章 总则", "第一章 總則", "干部競爭上岗", "學(xué)習(xí)贯彻", "本辦法所稱資訊，指程式",
            "看著他", "著作權法", f"推进{taiwan[0]}建设", f"推进{taiwan[0]}和{taiwan[1]}", f"{taiwan[2]}{taiwan[2]}",
            f"{damage[0]}与{taiwan[1]}", f"{damage[0]}{damage[1]}", "Ａ，Ｂ", "abc, def", "（一）报名条件"]


def test_canonical_lines_equal_each_line_normalized_on_its_own(seeds_dir):
    import random

    from jianghua.normalize import canonical_lines, normalize_with_positions

    lines = [line.strip() for page in _learning_pages(seeds_dir) for line in page] + _edge_lines()
    rng = random.Random(7)
    for batch in [lines, _edge_lines(), *(rng.sample(lines, 40) for _ in range(20))]:
        assert canonical_lines(batch) == [normalize_with_positions(line, None, None)[0] for line in batch]
    assert canonical_lines([]) == []


def test_site_line_keys_equal_the_key_of_each_line(seeds_dir):
    from jianghua.clean import site_line_key, site_line_keys

    pages = _learning_pages(seeds_dir) + [_edge_lines()]
    for page in pages:
        assert site_line_keys(page) == {key for line in page if (key := site_line_key(line))}
    assert sum(len(site_line_keys(page)) for page in pages) > 100
