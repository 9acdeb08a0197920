"""Stage ``clean``: the combined prefilters never hide a line that a pattern row matches."""

from __future__ import annotations

import re

import numpy as np
import pytest
from jianghua import _reference, resources
from jianghua.stages.clean import INLINE_PATTERNS, LINE_PATTERNS, TAIL_PATTERNS
from jianghua.stages.normalize import normalize
from jianghua.stages.split import _COLLECTION_PATTERNS, collection_heading
from jianghua.stages.structure import _ANY_MARKER, MARKERS

from tests.support import needs_screens


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
    "（责任编辑：王某）", "来源：某某日报", "更多精彩内容请关注本站", "点击查看全文", "©某某网", "扫描二维码关注",
]
TEXT = ["同志们：", "一、提高认识，加强领导", "第一条 为了规范管理，制定本办法。", "2020年1月1日", "第三章 附则", "关于加强干部队伍建设的讲话"]


def _probe_texts(lines: list[str]) -> list[str]:
    texts = list(lines) + FURNITURE + TEXT
    for furniture in FURNITURE:
        for text in TEXT:
            texts += [furniture + text, text + furniture, text[:3] + furniture + text[3:], " " + furniture]
    return texts


@needs_screens
@pytest.mark.parametrize("table, least", [(LINE_PATTERNS, 100), (INLINE_PATTERNS, 100), (TAIL_PATTERNS, 5)])
def test_the_screen_of_a_table_keeps_the_first_matching_row(sample_pages, table, least):
    from jianghua.stages.clean import first_row_code
    from jianghua.stages.screens import table_screen

    rows = resources.pattern_table(table)
    screen = table_screen(rows)
    assert screen is not None
    lines = [line.canon for page in sample_pages.values() for line in page.lines]
    hits = 0
    for text in _probe_texts(lines):
        code = _reference.first_row_code(rows, text)
        assert first_row_code(table, text) == code, text
        if code is not None:
            hits += 1
            assert screen(text), text
    assert hits >= least


@needs_screens
def test_a_screen_covers_rows_that_cannot_join_a_union():
    import re

    from jianghua.stages.screens import table_screen

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
        code = _reference.first_row_code(rows, text)
        if code is not None:
            matched += 1
            assert screen(text), (code, text)
    assert matched > 40


@needs_screens
def test_the_regex_parser_reads_as_the_screens_expect():
    from jianghua.stages.screens import _parser_ok

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

    from jianghua import errors
    from jianghua.stages import clean as clean_module
    from jianghua.stages.runner import prepare

    if not screens:
        monkeypatch.setattr(clean_module, "_table", lambda name: (resources.pattern_table(name), None))
    states = []
    for site_lines in (frozenset(), frozenset({"某某县人民政府", "短标题"})):
        for path, data in _raw_pages():
            try:
                page = prepare(data, path, until="normalize")
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
    from jianghua.stages.clean import site_line_key
    from jianghua.stages.normalize import normalize

    lines = [line.orig for page in sample_pages.values() for line in page.lines] + ["  資訊與程式 ", "著作權", "Ａ，Ｂ"]
    for line in lines:
        if len(line.strip()) <= 80:
            key = site_line_key(line)
            assert key in ("", normalize(line.strip()).text), line


def _learning_pages(seeds_dir):
    from jianghua.stages.runner import page_lines_for_learning

    from tests.conftest import SAMPLE

    paths = sorted(seeds_dir.iterdir()) + sorted(p for p in SAMPLE.rglob("*") if p.is_file())
    return [page_lines_for_learning(path.read_bytes()) for path in paths]


def _edge_lines() -> list[str]:
    """Lines for every decision ``normalize_lines`` makes for lines deciding on their own: each script, a simplified line with one and
    with two Taiwan marks (only two make it Taiwan), conversion damage, 著, pinyin glue, empty lines."""
    from jianghua import resources

    taiwan = [k for k, v in resources.mapping_table("normalize/taiwan_phrases.tsv") if k != v][:3]
    damage = [k for k, v in resources.mapping_table("normalize/conversion_damage.tsv") if k != v][:2]
    return ["", "  ", "第一章 总则", "第一章 總則", "干部競爭上岗", "學(xué)習(xí)贯彻", "本辦法所稱資訊，指程式",
            "看著他", "著作權法", f"推进{taiwan[0]}建设", f"推进{taiwan[0]}和{taiwan[1]}", f"{taiwan[2]}{taiwan[2]}",
            f"{damage[0]}与{taiwan[1]}", f"{damage[0]}{damage[1]}", "Ａ，Ｂ", "abc, def", "（一）报名条件"]


def test_lines_with_their_own_decisions_equal_each_line_normalized_on_its_own(seeds_dir):
    import random

    from jianghua.stages.normalize import normalize, normalize_lines

    lines = [line.strip() for page in _learning_pages(seeds_dir) for line in page] + _edge_lines()
    rng = random.Random(7)
    for batch in [lines, _edge_lines(), *(rng.sample(lines, 40) for _ in range(20))]:
        assert normalize_lines(batch, offsets=False) == [normalize(line).text for line in batch]
    edge = _edge_lines()
    with_maps = [(o, c, m.breakpoints()) for o, c, m in normalize_lines(edge)]
    assert with_maps == [(line, (n := normalize(line)).text, n.omap.breakpoints()) for line in edge]
    assert normalize_lines([], offsets=False) == []


def test_site_line_keys_equal_the_key_of_each_line(seeds_dir):
    from jianghua.stages.clean import site_line_key, site_line_keys

    pages = _learning_pages(seeds_dir) + [_edge_lines()]
    for page in pages:
        assert site_line_keys(page) == {key for line in page if (key := site_line_key(line))}
    assert sum(len(site_line_keys(page)) for page in pages) > 100


# --- the line model in the clean stage, never losing a body -----------------------------------------

def _page(text: str, model="default"):

    from jianghua.stages.clean import clean
    from jianghua.stages.runner import prepare

    page = prepare(text.encode("utf-8"), "t.txt", until="normalize")
    return clean(page, collection_heading=collection_heading, model=model)


BODY_LINE = "会议强调，要严格按照规定的程序和标准组织实施竞争上岗，做到公开、平等、竞争、择优，确保工作取得实效。"


@pytest.mark.parametrize("line", [
    "以上意见仅供参考，请各单位结合本地实际认真研究执行。",
    "文中部分统计数据来源于网络公开资料，均已经有关部门逐一核实。",
    "我们要牢记版权所有者的合法权益，依法保护知识产权，营造良好的创新环境。",
])
def test_a_body_paragraph_with_a_notice_word_stays(line):
    page = _page("关于做好竞争上岗工作的通知\n\n" + BODY_LINE + "\n\n" + line + "\n\n" + BODY_LINE + "\n")
    assert [r for r in page.removed if normalize(r.text).text == line] == []
    assert any(current.text == line for current in page.lines)


@pytest.mark.parametrize("tail", ["上一篇", "二维码", "查看更多", "打赏", "我要纠错", "本文链接："])
def test_a_lone_ui_line_under_the_last_paragraph_goes(tail):
    page = _page("在全市干部大会上的讲话\n" + BODY_LINE + "\n" + BODY_LINE + "\n" + tail + "\n")
    assert [r.text for r in page.removed] == [tail]


def test_the_model_never_decides_a_sentence_between_sentences():
    """A line the model might take for furniture (a UI word, no full stop at its end) is the text's when a
    body-like line stands right above and right below it; alone at the foot of the page it is the model's."""
    from jianghua.stages.clean import model_fixed

    with_ui = "报名表可在组织部网站下载，来源于各单位推荐的人选一律公示，接受群众监督"
    fixed = model_fixed([None, None, None, None], [BODY_LINE, with_ui, BODY_LINE, with_ui])
    assert fixed == [False, False, False, None]


@pytest.mark.parametrize("inline, kept", [
    ("让各方面英才脱颖而......此处隐藏1132字,下载文档可见......按程序一步一步走稳走实。", "让各方面英才脱颖而按程序一步一步走稳走实。"),
    ("医院的根底打得更牢、第2页共3页优势做得更强。", "医院的根底打得更牢、优势做得更强。"),
    ("增收目标三落实。—2—（三）村基础设施明显改善。", "增收目标三落实。（三）村基础设施明显改善。"),
    ("详见附件。《某某工作总结_2》由会员分享，可在线阅读，更多相关《某某工作总结》请在某某文库上搜索。", "详见附件。"),
    ("会议结束。（未完，全文共1272字，当前显示303字）", "会议结束。"),
])
def test_inline_furniture_is_cut_out_of_the_sentence(inline, kept):
    page = _page(BODY_LINE + "\n" + inline + "\n" + BODY_LINE + "\n")
    assert page.lines[1].text == kept
    assert {r.code for r in page.removed} <= {"paywall", "pagination", "docshare"} and page.removed


def test_a_page_on_one_line_keeps_its_body(seeds_dir):
    """Issue 14: a seed page with its newlines removed was removed whole as site_intro (and 003 as footer)."""
    from jianghua.stages.runner import process_page

    for name, most in (("000_86ae1a88adefc9d4.txt", 0.98), ("003_da667016ec724c29.txt", 0.97)):
        flat = (seeds_dir / name).read_text(encoding="utf-8").replace("\r", "").replace("\n", "")
        page = process_page(flat.encode("utf-8"), name)
        assert page.code == "J100" and len(page.documents) == 1, name
        assert len(page.documents[0].text) >= most * len(flat.strip()), name
        # every removal by clean carries its score; the split stage's records (a document's own title
        # line taken out of its text) carry none
        assert all(r.score is not None or r.code in ("paywall", "pagination", "ad", "docshare", "doc_title")
                   for r in page.removed)


def test_a_page_whose_every_line_would_go_is_kept_whole():
    page = _page("以下是小编为大家整理的竞争上岗动员讲话稿，仅供参考，希望对大家有所帮助。\n")
    assert [line.removed for line in page.lines if line.text] == [None]
    assert page.removed == [] and page.code == "J110"
    assert page.flags[-1] == {"kind": "kept_whole", "code": "J110", "lines": 1}


def test_weak_removals_of_most_sentences_are_refused():
    from jianghua.stages.lines import FEATURE_NAMES, LineModel

    weak = LineModel(FEATURE_NAMES, np.zeros(len(FEATURE_NAMES)), 0.4, 0.1, 0.5, 30, False, {})  # scores 0.6
    sentences = ["会员代表大会要高度重视这次换届工作，切实加强组织领导。", "各分会要按照会员大会的部署，认真做好候选人推荐工作。",
                 "会员大会选举产生新一届理事会，任期五年，可以连选连任。"]  # a UI word each: the model decides them
    page = _page("\n".join(sentences) + "\n", model=weak)
    assert [line.removed for line in page.lines if line.text] == [None, None, None]
    # (the middle sentence, between two sentences, is the text's: never the model's to decide)
    assert page.code == "J111" and page.flags[-1] == {"kind": "removal_refused", "code": "J111", "lines": 2,
                                                      "characters": len(sentences[0]) + len(sentences[2])}
    assert page.removed == []


def test_removed_lines_carry_the_model_score():
    page = _page("首页 > 讲话稿 > 正文\n\n在全市竞争上岗动员大会上的讲话\n\n同志们：\n\n" + BODY_LINE + "\n\n分享到：\n")
    codes = {r.code: r.score for r in page.removed}
    assert set(codes) == {"site_nav", "site_intro"}
    assert all(0.0 < score < 1.0 for score in codes.values())


def test_the_line_model_removes_nothing_of_the_seeds(seed_pages):
    """No body line of the seeds is removed: the seeds' furniture is all the high-precision layer's."""
    assert [(name, r.text) for name, page in seed_pages.items() for r in page.removed if r.code == "line_model"] == []


def test_a_table_of_contents_ends_at_its_last_entry():
    page = _page("办法\n\n目录\n\n一、总则......1\n\n二、程序......2\n\n一、总则\n\n" + BODY_LINE + "\n\n二、程序\n\n" + BODY_LINE + "\n")
    assert [(r.code, r.text) for r in page.removed] == [("toc", "目录"), ("toc", "一、总则......1"), ("toc", "二、程序......2")]


# kinds of furniture the patterns and the model remove on every dev page (the devset's DEV split)
_DEV_KINDS = {
    "paywall": re.compile(r"全文共\d+字|此处隐藏|登录|登陆|注册|会员"),
    "metadata": re.compile(r"^\s*(发布时间|发表时间|时间|来源|信息来源|浏览次数|访问次数|作者)\s*[:：]"),
    "breadcrumb": re.compile(r">|当前位置|您的位置|您现在的位置"),
    "blurb": re.compile(r"小编|为您|为你|为大家"),
    "journal": re.compile(r"^(摘要|关键词|分类号|基金)$|^[A-Z]\d{3}"),
    "caption": re.compile(r"^\s*\S{2,12}现场$"),
    "pager": re.compile(r"^上一条|^下一条"),
}
# how many dev lines each kind has at least (the kinds added for FIELD-NOTES' forms are rarer on dev)
_DEV_KIND_LINES = {"journal": 4, "caption": 2, "pager": 1}


@pytest.mark.parametrize("kind", sorted(_DEV_KINDS))
def test_every_dev_furniture_line_of_a_kind_is_removed(devset_dir, kind):
    from jianghua.stages.runner import process_page
    from jianghua.training.devset import fold, load_devset

    pattern = _DEV_KINDS[kind]
    checked = 0
    for labelled in load_devset(devset_dir, "dev"):
        wanted = [line for line in labelled.furniture if pattern.search(line)]
        if not wanted:
            continue
        page = process_page(labelled.path.read_bytes(), str(labelled.path))
        produced = fold("\n".join(doc.text for doc in page.documents))
        for line in wanted:
            checked += 1
            assert fold(line) not in produced, (labelled.id, line)
    assert checked >= _DEV_KIND_LINES.get(kind, 8)


# --- furniture kinds of FIELD-NOTES.md, in general forms written here (issue 15, item 2) ------------

_TITLE = "在全县中层干部竞争上岗动员大会上的讲话"
_BODY2 = "各单位要高度重视，加强组织领导，认真制定工作方案，明确责任分工，确保各项工作有序推进。"


@pytest.mark.parametrize("furniture, code", [
    ("|", "junk"),
    ("------", "junk"),
    ("（第4页）", "pagination"),
    ("第2页，共5页", "pagination"),
    ("- 3 -", "pagination"),
    ("上一条：某某局召开动员会 下一条：某某局开展培训", "pagination"),
    ("【返回顶部】", "nav"),
    ("【打印】 【关闭】", "nav"),
    ("（本章完）", "nav"),
    ("更多>>", "nav"),
    ("阅读排行", "nav"),
    ("相关新闻", "nav"),
    ("微信扫一扫 分享到朋友圈", "share"),
    ("打开APP，查看更多精彩内容", "share"),
    ("用手机看", "share"),
    ("网友评论", "comments"),
    ("已有3条评论", "comments"),
    ("还剩2页未读，继续阅读", "paywall"),
    ("试读结束，如需阅读全文请购买", "paywall"),
    ("展开全文", "paywall"),
    # a count of characters shown, kept back or left, however the site words it
    ("本文仅显示前1500字，下载完整文档后可编辑打印", "paywall"),
    ("该文已预览800字，开通会员查看全部", "paywall"),
    ("剩余2630字，请登录后阅读", "paywall"),
    ("试读已结束，如需继续请订阅", "paywall"),
    ("技术支持：某某科技有限公司", "footer"),
    ("主办：某某县委组织部 承办：某某县信息中心", "footer"),
    ("版权声明：本文内容由互联网用户自发贡献，本站不拥有所有权。", "footer"),
    ("一审：张某 二审：李某 三审：王某", "metadata"),
    ("编审：张某", "metadata"),
    ("2021-04-18 16:30   作者：某某分公司", "metadata"),
    ("图为会议现场。", "caption"),
    ("图片来源：某某网", "caption"),
    ("竞聘会现场", "caption"),
    ("摘要", "journal"),
    ("关键词", "journal"),
    ("【分类号】", "journal"),
    ("2012年第3期45-48,共4页", "journal"),
    ("《组织人事研究》2015年第4期56-59,共4页", "journal"),
    ("D630.3 [政治法律—政治学]", "journal"),
    # more kinds from FIELD-NOTES
    ("2012-03-21 00:00:00张某", "metadata"),
    ("37.5 KB |", "metadata"),  # (repair drops the "- " a doc-sharing site writes before it)
    ("- 2页", "metadata"),
    ("申明敬告：本站不保证该用户上传的文档完整性", "footer"),
    ("版权说明：本文档由用户提供并上传", "footer"),
    ("顶点笔趣阁", "nav"),
    ("上一章 目录 下一章", "nav"),
    ("字体 护眼 关灯", "nav"),
    ("加入书签 投推荐票", "nav"),
    ("【字体：大 中 小】", "nav"),
    ("登录 注册", "nav"),
    ("手机浏览器扫描二维码访问", "share"),
    ("您现在的位置：首页>>讲话稿>>正文公司新闻", "breadcrumb"),
    ("出处：《组织人事学研究》2019年第3期", "journal"),
    ("某某大学新闻网", "nav"),
    ("正文复制", "nav"),
    ("A+ A-", "nav"),
    ("澳门威尼斯人娱乐城 真人百家乐 bet365体育 皇冠足球比分", "spam"),
    # a journal index's citation and English record lines, vote and rating rows, a Q&A page's labels
    ("引用本文：张某. 论基层干部的培养[J]. 某某学报, 2016(2): 31-35.", "journal"),
    ("[3] 李某. 公务员遴选制度研究[D]. 北京: 某某大学, 2014.", "journal"),
    ("［2］王某．干部交流的实践与思考［J］．某某论坛，2011（4）：8-10．", "journal"),
    ("Journal of Cadre Training Studies, 2018, Vol.12, No.4", "journal"),
    ("WANG Fang (School of Politics, Example University, Nanjing 210000)", "journal"),
    ("顶一下(5) 踩一下(0)", "counter"),
    ("本文对您有帮助吗？ 有帮助 没帮助", "counter"),
    ("★★★☆☆ 3.0分", "counter"),
    ("★★★★★", "counter"),
    ("有用 12 没用 0", "counter"),
    ("张某. 干部工作论[M]. 北京：某某出版社，2015.", "journal"),
    ("其他2条回答", "comments"),
    ("提问者采纳", "comments"),
    ("追答：按文件里的比例折算", "comments"),
])
def test_a_furniture_kind_is_removed_wherever_it_stands(furniture, code):
    """A furniture line at the foot of a page and between two paragraphs is removed with its kind's code."""
    for text in (_TITLE + "\n同志们：\n" + BODY_LINE + "\n" + _BODY2 + "\n" + furniture + "\n",
                 _TITLE + "\n同志们：\n" + BODY_LINE + "\n" + furniture + "\n" + _BODY2 + "\n"):
        page = _page(text)
        assert [(r.code, r.text) for r in page.removed if r.text == furniture] == [(code, furniture)]
        assert all(line.removed is None for line in page.lines if line.text in (BODY_LINE, _BODY2))


@pytest.mark.parametrize("line", [
    "显示屏前，12名竞聘者依次抽签确定演讲顺序。",  # 显示 opening a sentence is no count of characters
    "主办单位：县委组织部",
    "报名方式：扫描二维码填写报名表。",
    "审核通过后，由组织部统一安排笔试。",
    "关键词：竞争上岗 程序公正 公信力",
    "摘要：本文以某省为例，讨论挂职干部的角色定位问题。",
    "图书馆、档案馆要做好资料整理工作。",
    "会议现场气氛热烈，竞聘者逐一上台演讲，评委现场打分、当场公布成绩。",
    "▲严格程序，全程公开",
    "（记者 张三 通讯员 李四）",
    "基金项目：某某研究课题(AB2012-117)",
    "初审：6月1日至3日",
    "×××",
    "“",
    "扫描二维码报名",
    "格式：统一用A4纸打印",
    "上一章讲了选拔的程序。",
    "出处不明的材料不得作为依据。",
    "他沉迷于网络赌场和百家乐，最终走上了违法犯罪道路。",
    "温馨提示：报名时请携带身份证原件。",
    "我们要支持改革，反对形式主义，为敢于担当的干部撑腰鼓劲。",  # 支持 / 反对 in a sentence: no vote row
    "这样的培训对你有帮助吗？回答是肯定的。",
    "In recent years, our county has held four rounds of open selection, and the results were good.",
    "引用文件要注明出处和文号。",
    "★★★ 三星级党支部评定标准",  # stars heading a plan's rating level: no rating row
    "★★★★ 四星级党支部：得分85分以上",
    "中央印发的《某某工作条例》[Z]对干部选拔任用作出了明确规定，我们要认真贯彻执行",  # [Z] in a sentence: no reference
    # words of portal and forum furniture inside the text's own lines (furn10)
    "今天是我们全县干部大会召开的日子，意义重大。",  # 今天是 in a sentence: no date bar
    "楼主你好，竞聘演讲稿一般包括自我介绍、竞聘优势、工作设想三部分。",  # an answer addressing the asker
    "我没再追问，转身回到了办公室。",
    "大家要敢于支持正确意见，敢于反对错误做法。",  # 支持 反对 in a sentence: no forum controls
    "文号统一由县委办公室编排。",
    # the review's forms of furn10's rows (mendfurn): a date bar's, a floor's, a follow-up's, a record's words
    "同志们：今天是2024年第一个工",  # a speech's first line wrapped after 今天是 and a year
    "今天是2024年的最后一天",
    "3楼",  # an office list's floor
    "地板",
    "楼上",
    "追问：我们的初心还在吗？这是每个党员都要回答的问题。",  # a speech's 追问, a sentence after the question
    "有效性：经过三年的实践检验，这套办法行之有效",  # a disclosure record's label over a sentence
    "时效性：信息报送要快，不得迟报漏报",
    "文号：按照县委办发〔2024〕3号文件执行，各单位务必落实",
    "提问时间为20分钟",  # a Q&A record's labels with no stamp
    "回答时间不超过3分钟",
    "悬赏10分制考核办法",
])
def test_a_body_line_like_a_furniture_kind_stays(line):
    page = _page(_TITLE + "\n同志们：\n" + BODY_LINE + "\n" + line + "\n" + _BODY2 + "\n")
    assert [r.text for r in page.removed if r.text == line] == []


@pytest.mark.parametrize("inline, kept, code", [
    ("确保工作取得实效。立某某文库", "确保工作取得实效。", "site_name"),
    ("确保工作取得实效。©某某范文网 版权所有", "确保工作取得实效。", "footer"),
    ("确保工作取得实效。请关注某某网获取更多!!!", "确保工作取得实效。", "site_intro"),
    ("我们学习了中国政府网。", "我们学习了中国政府网。", None),
    # a paywall notice glued to the last sentence: the sentence stays (the whole line went as a notice)
    ("确保工作取得实效。全文共1200字，仅供站内会员学习参考，请【登录网站】查", "确保工作取得实效。", "paywall"),
    ("确保工作取得实效。省略912字，正式会员可完整阅读", "确保工作取得实效。", "paywall"),
    ("确保工作取得实效。预览结束", "确保工作取得实效。", "paywall"),
    ("确保工作取得实效。《某某讲话稿.docx》由用户上传分享，可免费在线阅读，更多请访问本站。", "确保工作取得实效。", "docshare"),
    ("确保工作取得实效。全文共五部分。", "确保工作取得实效。全文共五部分。", None),
    # brackets with 剩余, 未完成, 隐藏 in them but no way to read hidden text (mendfurn)
    ("会议决定（剩余经费用于开通网上办事大厅）。", "会议决定（剩余经费用于开通网上办事大厅）。", None),
    ("会员大会如期召开（未完成缴费的会员，不得参加本次投票）。", "会员大会如期召开（未完成缴费的会员，不得参加本次投票）。", None),
    ("理事增补三名（剩余名额由各会员单位推荐产生）。", "理事增补三名（剩余名额由各会员单位推荐产生）。", None),
    ("举报人信息予以保密（此处隐藏身份信息，详见下载附件）。", "举报人信息予以保密（此处隐藏身份信息，详见下载附件）。", None),
    # an editor's intro glued before the text: the intro goes, the text stays (it went with the intro)
    ("下面是小编为大家整理的讲话稿，供大家参考。同志们：今天召开动员大会。", "同志们：今天召开动员大会。", "site_intro"),
    ("今天小编为大家推荐几篇讲话稿，欢迎阅读。同志们：今天召开动员大会。", "同志们：今天召开动员大会。", "site_intro"),
])
def test_inline_furniture_glued_to_the_last_sentence(inline, kept, code):
    page = _page(BODY_LINE + "\n" + inline + "\n" + _BODY2 + "\n")
    assert page.lines[1].text == kept
    assert [r.code for r in page.removed] == ([code] if code else [])


def test_anchored_rows_are_screened_by_their_first_characters():
    """``screens._anchored_dispatch``: a line is tried against the anchored rows that may start with its
    first character (optional brackets, alternatives, classes, \\s and \\d read from the parse tree),
    plus the rows whose first character is not known; every line a row matches passes the screen."""
    from jianghua.stages.screens import _anchored_dispatch, _first_chars, _raw_parse

    regexes = [r"^(首页|主页)\s", r"^[（(【]?\s*(责任编辑|编辑)\s*[:：]", r"^\d{4}年\d{1,2}月", r"^(?:a|bc)?[de]f",
               r"^[^。]{1,30}\.(doc|pdf)$", r"^(\S{1,6}\s+){5,}\S{1,6}$", r"^x*y", r"^(?:第\d+页)?共\d+页$", r"^[A-Z]\d"]
    patterns = [re.compile(regex) for regex in regexes]
    dispatch = _anchored_dispatch(patterns)
    assert dispatch is not None
    first = _first_chars(list(_raw_parse(r"^[（(【]?\s*(责任编辑|编辑)")))
    assert first is not None and first.chars == frozenset("（(【责编") and len(first.categories) == 1
    assert _first_chars(list(_raw_parse(r"^[^。]{1,30}\.doc"))) is None
    probes = ["首页 新闻", "主页 ", "首页新闻", "（ 责任编辑：张三", "【编辑:李四", " 编辑：王五", "2020年3月", "２０２０年3月", "٢٠٢٠年3月",
              "af", "bcdf", "adf", "ef", "讲话.doc", "a b c d e f", "y", "xxy", "x", "第3页共4页", "共4页", "Z9", "同志们：", "", " ", "\u3000首页 新闻"]
    probes += [prefix + probe for probe in probes for prefix in ("", " ", "1", "首")]
    matched = 0
    for text in probes:
        if any(pattern.match(text) for pattern in patterns):
            matched += 1
            assert dispatch(text), text
    assert matched > 20
    assert not dispatch("第一条 为了规范管理，制定本办法。")


# --- photo captions under an article (FIELD-NOTES: at the bottom furniture, between paragraphs text) ---

_NEWS_PARA = "4月15日，某某集团举办中层干部竞聘演讲会，共有31位同志取得演讲资格，角逐14个中层岗位。"
_NEWS_PARA2 = "演讲会结束后，集团董事长作了总结发言，对新上岗的同志提出三点要求。"
_CAPTIONS = ["竞聘者依次上台陈述任职设想", "考评小组成员现场评分,职工代表列席旁听", "王某同志在演讲会后作总结讲话"]


@pytest.mark.parametrize("tail, removed", [
    (_CAPTIONS, _CAPTIONS),
    (_CAPTIONS[:2], _CAPTIONS[:2]),
    (_CAPTIONS[:1], []),  # one short line alone may be the text's last words
    (["某某集团党委", "2023年4月15日"], []),  # a signature names no action
    (["附件：竞聘报名表", "1.竞聘人员上台演讲顺序表"], []),
])
def test_captions_under_the_last_paragraph_are_furniture(tail, removed):
    page = _page("某某集团举办中层干部竞聘演讲会\n" + _NEWS_PARA + "\n" + _NEWS_PARA2 + "\n" + "\n".join(tail) + "\n")
    assert [r.text for r in page.removed if r.code == "caption"] == removed


def test_captions_between_paragraphs_stay():
    page = _page("某某集团举办中层干部竞聘演讲会\n" + _NEWS_PARA + "\n" + "\n".join(_CAPTIONS) + "\n" + _NEWS_PARA2 + "\n")
    assert [r.text for r in page.removed if r.code == "caption"] == []


# --- a list of other documents' titles under the text, with no header the patterns know ---------------

_LISTED = ["乡镇机关干部作风建设实施方案", "在全区人才工作推进会上的讲话", "2022年度社区书记述职报告（3篇）"]


@pytest.mark.parametrize("tail, removed", [
    (_LISTED, _LISTED),
    (_LISTED[:2], _LISTED[:2]),
    (_LISTED[:1], []),  # one title alone under the text may be the next piece's, or the text's last words
    (["附件：岗位竞聘报名表", "附件2：竞聘岗位职责说明"], []),  # an appendix's titles are the text's
    (["某某镇人民政府", "2023年4月15日"], []),  # a signature
    (["篇二：在全区人才工作推进会上的讲话", "乡镇机关干部作风建设实施方案"], []),  # the next piece of a collection
    (["（一）报名和资格审查办法", "（二）考试考察办法"], []),  # headings
])
def test_titles_listed_under_the_last_paragraph_are_furniture(tail, removed):
    page = _page("某某集团举办中层干部竞聘演讲会\n" + _NEWS_PARA + "\n" + _NEWS_PARA2 + "\n" + "\n".join(tail) + "\n")
    assert [r.text for r in page.removed if r.code == "title_list"] == removed


@pytest.mark.parametrize("tail, removed", [
    # a sidebar numbers or bullets its titles; a marked title with another last word goes with them
    (["1. 乡镇机关干部作风建设实施方案", "2. 某某街道2024年工作计划", "3. 在全区人才工作推进会上的讲话"], "all"),
    (["· 乡镇机关干部作风建设实施方案", "· 在全区人才工作推进会上的讲话"], "all"),
    (["① 乡镇机关干部作风建设实施方案", "② 某某街道2024年工作计划", "③ 2022年度社区书记述职报告"], "all"),
    # the text's own lists: steps, posts, or a single title among them
    (["1. 加强组织领导", "2. 严格工作纪律", "3. 强化宣传引导"], []),
    (["1. 办公室主任", "2. 财务科科长", "3. 审计科副科长"], []),
    (["1. 加强组织领导", "2. 乡镇机关干部作风建设实施方案"], []),
    (["一是加强组织领导，明确责任分工。", "二是严格工作纪律，确保公平公正。"], []),
])
def test_numbered_titles_under_the_last_paragraph_are_furniture(tail, removed):
    page = _page("某某集团举办中层干部竞聘演讲会\n" + _NEWS_PARA + "\n" + _NEWS_PARA2 + "\n" + "\n".join(tail) + "\n")
    assert [r.text for r in page.removed if r.code == "title_list"] == (tail if removed == "all" else removed)
    if removed == []:
        kept = [line.text for line in page.lines if line.removed is None]
        assert all(normalize(line).text in kept for line in tail)


def test_titles_listed_under_the_texts_signature_go_too():
    page = _page("某某集团举办中层干部竞聘演讲会\n" + _NEWS_PARA + "\n" + _NEWS_PARA2 + "\n某某镇人民政府\n2023年4月15日\n"
                 + "\n".join(_LISTED) + "\n")
    assert [r.text for r in page.removed if r.code == "title_list"] == _LISTED
    kept = [line.text for line in page.lines if line.removed is None]
    assert "某某镇人民政府" in kept and "2023年4月15日" in kept


def test_titles_listed_under_a_page_cut_off_mid_sentence_go_too():
    cut = _NEWS_PARA2.rstrip("。")[:-4] + "，"
    page = _page("某某集团举办中层干部竞聘演讲会\n" + _NEWS_PARA + "\n" + cut + "\n" + "\n".join(_LISTED) + "\n")
    assert [r.text for r in page.removed if r.code == "title_list"] == _LISTED


def test_titles_between_paragraphs_stay():
    page = _page("某某集团举办中层干部竞聘演讲会\n" + _NEWS_PARA + "\n" + "\n".join(_LISTED) + "\n" + _NEWS_PARA2 + "\n")
    assert [r.text for r in page.removed if r.code == "title_list"] == []


@pytest.mark.parametrize("announcer", [
    "经厂党委研究同意，现将下列制度印发给你们，请认真遵照执行。",
    "本次选拔工作严格按照以下规定进行。",
    "本办法的主要依据如下：",
    "请各单位组织干部职工认真学习下述文件：",
])
def test_titles_a_last_sentence_announces_are_the_texts_list(announcer):
    """A notice's documents or a plan's laws, announced by the line above them (下列, 以下, 如下, a colon), are
    the text's own list: kept, though they stand under its last sentence."""
    page = _page("关于印发机关管理制度的通知\n" + _NEWS_PARA + "\n" + announcer + "\n" + "\n".join(_LISTED) + "\n")
    assert [r.text for r in page.removed if r.code == "title_list"] == []
    assert all(title in [line.text for line in page.lines if line.removed is None] for title in _LISTED)


def test_the_title_list_reason_is_described():
    from jianghua.stages.clean import TITLE_LIST_CODE, reason

    assert reason(TITLE_LIST_CODE) == "one of the titles of other documents listed under the text"


# --- a table of contents no 目录 line announces --------------------------------------------------------

_HEADS = ["一、总体要求", "二、竞聘职位", "三、报名条件"]
_UNDER = ["坚持公开、平等、竞争、择优的原则，严格按程序办事。", "本次拿出科长岗位三个、副科长岗位五个面向全局竞聘。",
          "报名人员须在现岗位工作满两年，近三年年度考核均为称职以上。"]


def _plan(toc: list[str], heads: list[str] = _HEADS) -> str:
    body = [line for head, under in zip(heads, _UNDER, strict=True) for line in (head, under)]
    return "\n".join(["某某局中层干部竞聘上岗实施方案", *toc, *body]) + "\n"


@pytest.mark.parametrize("toc, removed", [
    (_HEADS, _HEADS),
    ([f"{head}…………{page}" for head, page in zip(_HEADS, (1, 2, 4), strict=True)],
     [f"{head}…………{page}" for head, page in zip(_HEADS, (1, 2, 4), strict=True)]),
    (_HEADS[:2], []),  # two headings in a row may be a heading and its first subheading
    # headings the page never prints again, the text numbering its own from 一、 again: a table of contents
    # listing headings that never appear (FIELD-NOTES)
    (["一、指导思想", "二、组织领导", "三、方法步骤"], ["一、指导思想", "二、组织领导", "三、方法步骤"]),
    (["一、指导思想", "二、组织领导"], []),  # two: a heading and its first subheading
])
def test_a_run_of_headings_printed_again_below_is_a_table_of_contents(toc, removed):
    page = _page(_plan(toc))
    assert [r.text for r in page.removed if r.code == "toc"] == removed
    kept = [line.text for line in page.lines if line.removed is None]
    assert all(head in kept for head in _HEADS) and all(under in kept for under in _UNDER)


@pytest.mark.parametrize("outline", [
    ["（一）指导思想", "（二）组织领导", "（三）方法步骤"],  # the text's headings are 一、…: no restart of （一）
    ["1. 指导思想", "2. 组织领导", "3. 方法步骤"],
])
def test_headings_the_text_never_numbers_again_are_its_outline(outline):
    """A run of headings never printed again is a table of contents only when the text below numbers its own
    headings again from the first with the same kind of marker; else it is kept (an outline, a list of posts)."""
    page = _page(_plan(outline))
    assert [r.text for r in page.removed if r.code == "toc"] == []
    kept = [line.text for line in page.lines if line.removed is None]
    assert all(normalize(line).text in kept for line in outline)


def test_numbered_lines_under_a_paragraph_or_a_heading_are_no_table_of_contents():
    """A list under a paragraph or under a heading of the text, the text numbering again below, is the text's:
    a plan's posts (1. 2. 3.) under 一、竞聘岗位, its duties numbered again under 二、岗位职责."""
    posts = ["1. 综合科科长", "2. 计划科科长", "3. 审计科副科长"]
    duties = ["1. 负责机关文稿起草、会务组织和督查督办工作。", "2. 负责年度计划编制、统计分析和项目管理工作。"]
    for intro in (["为规范选人用人工作，经研究决定开展中层岗位竞聘，现制定本方案。"], ["一、竞聘岗位"]):
        text = "\n".join(["某某局中层岗位竞聘方案", *intro, *posts, "二、岗位职责", *duties]) + "\n"
        page = _page(text)
        assert [r.text for r in page.removed if r.code == "toc"] == []


def test_a_list_a_sentence_under_it_speaks_of_is_no_table_of_contents():
    """Posts listed under the title, a sentence below speaking of them (以上职位), the text numbering its own
    items from 1、 again: the text's list, kept (a table of contents has its text's headings right under it)."""
    posts = ["1、办公室副主任", "2、财务科科长", "3、人事科副科长"]
    text = "\n".join(["某某局中层干部竞争上岗公告", *posts, "为优化干部队伍结构，经研究，决定对以上职位开展竞争上岗。",
                      "1、报名条件。任现职满两年，近两年年度考核称职以上。", "2、报名时间。5月6日至5月8日。"]) + "\n"
    page = _page(text)
    assert [r.text for r in page.removed if r.code == "toc"] == []
    kept = [line.text for line in page.lines if line.removed is None]
    assert all(post in kept for post in posts)


def test_the_texts_own_headings_in_a_row_are_no_table_of_contents():
    """Headings with no text between them (a chapter over its first section) stand once: kept."""
    text = "\n".join(["某某局中层干部竞聘上岗实施方案", "第一章 总则", "一、总体要求", "（一）指导思想", _UNDER[0],
                     "二、竞聘职位", _UNDER[1]]) + "\n"
    page = _page(text)
    assert [r.text for r in page.removed if r.code == "toc"] == []


_POSTS = ["（一）综合科科长", "（二）计划科科长", "（三）审计科副科长"]
_DUTIES = ["负责机关文稿起草、会务组织和督查督办工作。", "负责年度计划编制、统计分析和项目管理工作。",
           "协助科长做好内部审计、专项检查和整改督促工作。"]


@pytest.mark.parametrize("intro", [
    ["为规范选人用人工作，经研究决定开展中层岗位竞聘，现制定本方案。"],  # a paragraph above the list
    [],  # right under the title: the first heading (一、竞聘岗位) never comes again
])
def test_a_plans_posts_printed_again_as_subheadings_are_no_table_of_contents(intro):
    """A plan lists its posts under one heading and heads a later section's paragraphs with them: the
    list is the text's, not a table of contents standing apart from it."""
    duties = [line for post, duty in zip(_POSTS, _DUTIES, strict=True) for line in (post, duty)]
    text = "\n".join(["某某局中层岗位竞聘方案", *intro, "一、竞聘岗位", *_POSTS, "二、岗位职责", *duties,
                      "三、报名条件", _UNDER[2]]) + "\n"
    page = _page(text)
    assert [r.text for r in page.removed if r.code == "toc"] == []
    kept = [line.text for line in page.lines if line.removed is None and line.text]
    assert kept[-len(duties) - 3:] == ["二、岗位职责", *duties, "三、报名条件", _UNDER[2]]
    assert kept.count(_POSTS[0]) == 2


def test_a_list_of_posts_under_a_paragraph_is_no_table_of_contents():
    """The same posts, a run starting at the first post after a paragraph: a paragraph stands above it."""
    duties = [line for post, duty in zip(_POSTS, _DUTIES, strict=True) for line in (post, duty)]
    text = "\n".join(["某某局中层岗位竞聘方案", "一、竞聘岗位", "本次竞聘共拿出三个岗位，具体岗位列后。", *_POSTS,
                      "二、岗位职责", *duties]) + "\n"
    page = _page(text)
    assert [r.text for r in page.removed if r.code == "toc"] == []


# --- kinds of furniture FIELD-NOTES.md describes that the dev pages show once or not at all -----------
# (strings written here after the kinds; each must go wherever a site puts it: above the title, or under
# the text)

_TITLE = "在全县中层干部竞争上岗动员大会上的讲话"
_TEXT = ["同志们：今天我们召开全县中层干部竞争上岗动员大会，主要任务是统一思想，明确要求，动员大家积极参与。",
         "这次竞争上岗拿出十二个中层职位，面向全县符合条件的干部公开竞争，按照报名、资格审查、笔试、面试的程序进行。",
         "希望大家正确对待，积极参与，以良好的精神面貌迎接挑战，确保这项工作取得圆满成功。"]


@pytest.mark.parametrize("line, code", [
    ("首页>>工作总结>>正文公司新闻", "breadcrumb"),
    ("当前位置 首页 讲话稿", "breadcrumb"),
    ("所在栏目：领导讲话", "metadata"),
    ("发布者：管理员 浏览：356次", "metadata"),
    ("录入：admin 审核：张某", "metadata"),
    ("标签：竞聘演讲稿 竞聘", "metadata"),
    ("热门搜索：竞聘演讲稿 述职报告 工作总结", "metadata"),
    ("本文链接：https://www.example.com/a/123.html", "metadata"),
    ("内容来自用户：张三", "metadata"),
    ("135人阅读", "counter"),
    ("已浏览 321 次", "counter"),
    ("阅读(123) 评论(4)", "counter"),
    ("您是第123456位访客", "counter"),
    ("[ 2021-03-01 ]", "metadata"),
    ("2021年3月1日 星期一", "metadata"),
    ("发布于 3天前", "metadata"),
    ("共享于2020-02-02", "metadata"),
    ("请输入关键字", "nav"),
    ("一秒记住【某某小说网】", "nav"),
    ("请记住本书首发域名：abcd.com。某某阁手机版阅读网址：m.abcd.com", "nav"),
    ("加入书架", "nav"),
    ("温馨提示：按 回车[Enter]键 返回书目，按 ←键 返回上一页。", "nav"),
    ("【大 中 小】", "nav"),
    ("微信 微博 QQ空间", "share"),
    ("长按识别二维码关注", "share"),
    ("阅读原文", "nav"),
    ("验证码：", "comments"),
    ("用户名： 密码：", "comments"),
    ("您可能感兴趣的文章", "related_list"),
    ("— THE END —", "footer"),
    ("本文由某某网整理发布", "footer"),
    ("10 积分", "paywall"),
    ("VIP专享", "paywall"),
    ("今天小编为大家推荐《竞聘演讲稿(精选3篇)》", "site_intro"),
    ("请关注本站!!!", "site_intro"),
    ("bet365体育在线投注", "spam"),
    ("本文已影响 1234 人", "counter"),
    ("猜你感兴趣", "related_list"),
    ("文档分类：党团工作", "metadata"),
    ("索引号：000014349/2021-00123", "metadata"),
    ("DOI：10.3969/j.issn.1000-0000.2019.03.002", "metadata"),
    ("【机构】某某大学公共管理学院", "journal"),
    ("某某阁 www.example.com", "nav"),
    ("最佳答案", "comments"),
    ("采纳率：80%", "comments"),
    ("点击查看大图", "nav"),
    # a government portal's disclosure record, date bar, accessibility bar and footer (furn10)
    ("索 引 号：114403000071/2024-00077   生成日期：2024-02-20", "metadata"),
    ("发文日期：2023年11月02日", "metadata"),
    ("成文日期：2023-10-30  有效性：有效", "metadata"),
    ("文    号：某人社发〔2024〕9号", "metadata"),
    ("今天是：2024年5月6日 星期一", "metadata"),
    ("无障碍浏览 | 长者模式 | English", "nav"),
    ("【我要纠错】 【打印本页】 【关闭窗口】", "nav"),
    ("网站地图 | 联系我们 | 隐私声明", "footer"),
    ("本网站由某某区人民政府办公室主办 政府网站标识码：4401000031", "footer"),
    # a forum's and a Q&A page's post furniture (furn10)
    ("沙发", "comments"),
    ("#3楼", "comments"),
    ("#12", "comments"),
    ("只看该作者 | 倒序浏览 | 阅读模式", "comments"),
    ("回复 引用 举报", "comments"),
    ("追问：那这个比例是按总分算的吗？", "comments"),
    ("问题补充：去年的文件还能用吗？谢谢！", "comments"),
    ("浏览860次  提问时间：2022-07-19", "comments"),
    ("已解决 悬赏20分", "comments"),
])
def test_furniture_of_sites_never_seen_goes_above_the_title_and_under_the_text(line, code):
    for lines in ([line, _TITLE, *_TEXT], [_TITLE, *_TEXT, line]):
        page = _page("\n".join(lines) + "\n")
        assert [(r.code, r.text) for r in page.removed] == [(code, line)]
        assert [current.text for current in page.lines if current.removed is None and current.text] == [
            normalize(text).text for text in (_TITLE, *_TEXT)]


@pytest.mark.parametrize("inline, kept, code", [
    ("面向全县符合条件的干部第2页/共3页公开竞争。", "面向全县符合条件的干部公开竞争。", "pagination"),
    ("面向全县符合条件的干部（第2页）公开竞争。", "面向全县符合条件的干部公开竞争。", "pagination"),
    ("面向全县符合条件的干部，- 2 -公开竞争。", "面向全县符合条件的干部，公开竞争。", "pagination"),
    ("面向全县符合条件的干部(此处隐藏300字)公开竞争。", "面向全县符合条件的干部公开竞争。", "paywall"),
    # new forms of the same notices (furn10): brackets, doubled dashes, bare hyphens, a page count, a VIP notice
    ("面向全县符合条件的【此处隐藏856字】干部公开竞争。", "面向全县符合条件的干部公开竞争。", "paywall"),
    ("面向全县符合条件的干部……此处隐藏2048字，请下载后查看……公开竞争。", "面向全县符合条件的干部公开竞争。", "paywall"),
    ("面向全县符合条件的干部——3——公开竞争。", "面向全县符合条件的干部公开竞争。", "pagination"),
    ("面向全县符合条件的干部 -4- 公开竞争。", "面向全县符合条件的干部公开竞争。", "pagination"),
    ("面向全县符合条件的干部公开竞争。（未完待续，全文共3120字）", "面向全县符合条件的干部公开竞争。", "paywall"),
    ("面向全县符合条件的干部公开竞争。[本文共4页，当前第1页]", "面向全县符合条件的干部公开竞争。", "pagination"),
    ("面向全县符合条件的干部公开竞争。（此处内容已隐藏，开通VIP查看全文）", "面向全县符合条件的干部公开竞争。", "paywall"),
    ("面向全县符合条件的干…………此处省略800字…………部公开竞争。", "面向全县符合条件的干部公开竞争。", "paywall"),
    ("确保这项工作取得圆满成功。（责任编辑：王某）", "确保这项工作取得圆满成功。", "metadata"),
    ("确保这项工作取得圆满成功。来源：某某日报", "确保这项工作取得圆满成功。", "metadata"),
    ("确保这项工作取得圆满成功。更多精彩内容请关注本站", "确保这项工作取得圆满成功。", "site_intro"),
    ("确保这项工作取得圆满成功。点击查看全文>>", "确保这项工作取得圆满成功。", "paywall"),
    ("确保这项工作取得圆满成功。本文来自网络，版权归原作者所有", "确保这项工作取得圆满成功。", "footer"),
    ("确保这项工作取得圆满成功。©某某网", "确保这项工作取得圆满成功。", "footer"),
    ("确保这项工作取得圆满成功。扫描二维码关注公众号", "确保这项工作取得圆满成功。", "share"),
])
def test_furniture_glued_into_a_sentence_is_cut_out(inline, kept, code):
    page = _page("\n".join([_TITLE, _TEXT[0], inline, _TEXT[2]]) + "\n")
    assert page.lines[2].text == normalize(kept).text
    assert [r.code for r in page.removed] == [code]


def test_an_editors_intro_glued_before_the_text_loses_the_intro_alone():
    """The whole-line intro row took the line with the first paragraph glued after the intro (FIELD-NOTES:
    a blurb is sometimes glued to the title or the first sentence): the text is kept, the intro cut."""
    intro = "【导语】本站为你整理了竞聘讲话稿，希望对你有帮助。"
    page = _page("\n".join([_TITLE, intro + _TEXT[0], *_TEXT[1:]]) + "\n")
    assert [current.text for current in page.lines if current.removed is None and current.text] == [
        normalize(text).text for text in (_TITLE, *_TEXT)]
    assert [(r.code, r.text) for r in page.removed] == [("site_intro", intro)]
    alone = _page("\n".join([_TITLE, intro, *_TEXT]) + "\n")  # on its own line it goes whole
    assert [(r.code, r.text) for r in alone.removed] == [("site_intro", intro)]


_SPEECH_HEAD = "在全县政务服务工作会议上的讲话\n同志们：\n今年以来，全县政务服务工作取得了明显成效，群众满意度不断提升。\n"
_SPEECH_TAIL = "\n下一步，各部门要进一步提高服务水平，推动政务服务再上新台阶。\n"


@pytest.mark.parametrize("body_line", [
    "群众可通过微信扫码关注“政务服务”公众号，随时查询办理进度。",  # a sentence about a QR code is no QR widget
    "（一）深入阅读原文，准确把握精神实质",  # a study speech's heading
    "认真阅读原文，把握核心要义",
    "相关问题及整改情况",  # a heading opening with a Q&A label's words
    "分类：一类岗位、二类岗位",  # a generic label of the text's own
    "公众号：要加强政务新媒体管理",
    "四、结果查询\n群众可扫码查询。",
    "未经许可，任何单位和个人不得擅自占用城市道路。",  # a rule's words, no copyright notice
    "简介：张三，男，汉族，1980年5月出生，大学学历，经单位推荐参加本次竞聘。",  # 推荐 by a unit, not by the site
    "前言：为了做好档案整理工作，现就有关事项制定如下方案。",
])
def test_body_lines_with_furniture_words_are_kept(body_line):
    from jianghua.stages.runner import process_page

    page = process_page((_SPEECH_HEAD + body_line + _SPEECH_TAIL).encode("utf-8"), "t.txt")
    kept = "\n".join(doc.text for doc in page.documents)
    assert all(normalize(part).text in kept for part in body_line.split("\n"))


def test_a_hard_wrapped_page_keeps_its_lines_whole():
    from jianghua.stages.runner import process_page

    wrapped = ("关于规范项目申报工作的通知\n各单位：\n为进一步规范项目申报工作，现将有关事项通知如下。一是明确申报范\n"
               "围。各单位要严格按照申报指南确定的范围组织申报，不得超范围申报项目。二是规范审批流\n"
               "程。审核：各单位要对申报材料进行严格审查，确保材料真实、准确、完整，对不符合要求的\n"
               "一律退回。三是推行“一码通办”。扫码就能访问政务服务平台，群众办事更加方便快捷高效。\n")
    page = process_page(wrapped.encode("utf-8"), "t.txt")
    kept = "".join(doc.text for doc in page.documents).replace("\n", "")
    for words in ("审核：各单位要对申报材料进行严格审查", "扫码就能访问政务服务平台"):
        assert words in kept


# --- the rest of a wrapped furniture line -------------------------------------------------------------

_WRAPPED_NOTICE = "本篇资料由会员上传分享，仅供学习交流使用，如内容涉及您的权益，请通过页面底部"


@pytest.mark.parametrize("rest, removed", [
    ("的联系方式与本站取得联系，我们会尽快处理。", True),  # the notice's rest: goes with it
    # a rest as long as a paragraph is no notice's tail: kept whatever the line above
    ("的联系方式与本站取得联系，我们会尽快处理，也可以在工作日拨打服务电话，工作人员将逐一记录并及时答复。", False),
])
def test_the_rest_of_a_notice_the_model_removed_goes_with_it(rest, removed):
    from jianghua.stages import clean as clean_stage
    from jianghua.stages.runner import prepare

    text = "某某集团举办中层干部竞聘演讲会\n" + _NEWS_PARA + "\n" + _NEWS_PARA2 + "\n" + _WRAPPED_NOTICE + "\n" + rest + "\n"
    page = prepare(text.encode("utf-8"), "t.txt", until="normalize")
    inputs = clean_stage.model_inputs(page, collection_heading=collection_heading)
    notice = next(line for line, text in inputs.with_text if text == _WRAPPED_NOTICE)
    rest_line = next(line for line, text in inputs.with_text if text == normalize(rest).text)
    assert inputs.fixed[inputs.texts.index(normalize(rest).text)] is False  # the rest of an open sentence
    clean_stage._mark(page, notice, clean_stage.MODEL_CODE, inputs.marks)
    inputs.marks[id(notice)].score = 0.97
    clean_stage._continued_furniture(page, inputs)
    assert (rest_line.removed == clean_stage.MODEL_CODE) is removed
    if removed:
        assert inputs.marks[id(rest_line)].score == 0.97


def test_the_rest_of_a_kept_line_stays():
    """The rest of an open sentence the model kept is the text's: nothing removed."""
    from jianghua.stages import clean as clean_stage
    from jianghua.stages.runner import prepare

    text = "某某集团举办中层干部竞聘演讲会\n" + _NEWS_PARA + "\n" + _WRAPPED_NOTICE + "\n的联系方式与本站取得联系。\n"
    page = prepare(text.encode("utf-8"), "t.txt", until="normalize")
    inputs = clean_stage.model_inputs(page, collection_heading=collection_heading)
    clean_stage._continued_furniture(page, inputs)
    assert page.removed == []


# --- a numbered list of other documents' titles above the text ----------------------------------------

_HEAD_LIST = ["1、乡镇机关干部作风建设实施方案", "2、某某街道2024年工作计划", "3、在全区人才工作推进会上的讲话"]


@pytest.mark.parametrize("above", [[], ["某某集团举办中层干部竞聘演讲会"]])
def test_numbered_titles_above_the_text_are_furniture(above):
    page = _page("\n".join([*above, *_HEAD_LIST, _NEWS_PARA, _NEWS_PARA2]) + "\n")
    assert [r.text for r in page.removed if r.code == "title_list"] == _HEAD_LIST
    kept = [line.text for line in page.lines if line.removed is None and line.text]
    assert kept == [*above, _NEWS_PARA, _NEWS_PARA2]


@pytest.mark.parametrize("lines_", [
    # a collection: each numbered title has its text under it
    ["1、乡镇机关干部作风建设实施方案", _NEWS_PARA, "2、在全区人才工作推进会上的讲话", _NEWS_PARA2],
    # announced by a colon: the text's list
    ["本次会议审议以下文件：", *_HEAD_LIST, _NEWS_PARA],
    # a list of posts under the title (no title among them)
    ["某某局中层岗位竞聘方案", "1、办公室主任", "2、财务科科长", "3、审计科副科长", _NEWS_PARA],
    # one title only, numbered with a step
    ["某某局中层岗位竞聘方案", "1、加强组织领导", "2、乡镇机关干部作风建设实施方案", _NEWS_PARA],
])
def test_numbered_lines_above_the_text_that_are_its_own_stay(lines_):
    page = _page("\n".join(lines_) + "\n")
    assert [r.text for r in page.removed if r.code == "title_list"] == []


# --- a journal index's record: a label alone, its value under it --------------------------------------

_ABSTRACT = "选派干部到基层挂职，是干部培养中延续多年的做法。本文以某省为例，讨论挂职干部的角色定位和考核办法。"


def test_a_record_label_alone_takes_its_value_on_the_next_line():
    record = ["出处", "《某某行政学报》", "基金", "省社科规划课题(AB2016-031)", "分类号", "D035.2"]
    page = _page("\n".join([*record, "摘要", _ABSTRACT]) + "\n")
    assert [(r.code, r.text) for r in page.removed] == [("journal", text) for text in (*record, "摘要")]
    assert [line.text for line in page.lines if line.removed is None and line.text] == [_ABSTRACT]


@pytest.mark.parametrize("lines_", [
    ["摘要", "某某课题组"],  # the abstract's label: what follows is the text, whatever its length
    ["基金", "本课题得到省社科基金资助。"],  # a sentence under the label: no value
])
def test_lines_under_other_labels_stay(lines_):
    page = _page("\n".join([*lines_, _ABSTRACT]) + "\n")
    kept = [line.text for line in page.lines if line.removed is None and line.text]
    assert kept == [lines_[1], _ABSTRACT]


@pytest.mark.parametrize("mark", ["1.", "·", "①", "(2)"])
def test_a_list_mark_alone_above_or_under_the_text_is_read_safely(mark):
    """A line holding a list mark only leaves no title to read: nothing removed as a title list, no error."""
    for text in ("\n".join([mark, *_HEAD_LIST[:1], _NEWS_PARA, _NEWS_PARA2]),
                 "\n".join([_NEWS_PARA, _NEWS_PARA2, mark, _LISTED[0]])):
        page = _page(text + "\n")
        assert [r.text for r in page.removed if r.code == "title_list"] == []


# --- a hard-wrapped page: its paragraphs read rejoined before the line model ----------------------------

_WRAP_WIDTH = 18
_WRAPPED_PARAGRAPHS = [
    "近日，某某县委组织部召开机关中层干部竞聘动员会，对报名、笔试和面试的各个环节作出部署。会议强调要公开公平",
    "会议要求各单位高度重视，认真做好宣传动员工作，引导符合条件的干部积极报名参加竞聘。",
    "欢迎下载本站更多范文，如需获取完整文档请联系在线客服。",  # a notice: a UI word in it
]


def _wrapped_page_inputs():
    from jianghua.stages import clean as clean_stage
    from jianghua.stages.runner import prepare

    def wrap(paragraph: str) -> list[str]:
        return [paragraph[i:i + _WRAP_WIDTH] for i in range(0, len(paragraph), _WRAP_WIDTH)]

    text = "\n".join(["某某县召开机关中层干部竞聘动员会"] + [line for p in _WRAPPED_PARAGRAPHS for line in wrap(p)]) + "\n"
    page = prepare(text.encode("utf-8"), "t.txt", until="normalize")
    return clean_stage, page, clean_stage.model_inputs(page, collection_heading=collection_heading)


def test_the_lines_of_a_wrapped_paragraph_that_reads_as_a_sentence_are_body_before_the_model():
    clean_stage, page, inputs = _wrapped_page_inputs()
    assert inputs.width == _WRAP_WIDTH == clean_stage.wrap_width(page)
    # the title and the notice's two lines are the model's to decide; the two paragraphs' five lines are body
    assert inputs.fixed == [None, False, False, False, False, False, False, None, None]
    # read line by line (no width), the same lines were all the model's
    unwrapped = clean_stage.model_fixed([None] * 9, inputs.texts, collection_heading, inputs.shape)
    assert unwrapped == [None, None, None, False, None, None, False, None, None]


def test_a_page_with_no_wrap_width_fixes_nothing_more():
    from jianghua.stages import clean as clean_stage
    from jianghua.stages.runner import prepare

    text = "某某县召开机关中层干部竞聘动员会\n" + "\n".join(_WRAPPED_PARAGRAPHS) + "\n"
    page = prepare(text.encode("utf-8"), "t.txt", until="normalize")
    inputs = clean_stage.model_inputs(page, collection_heading=collection_heading)
    assert inputs.width == 0
    assert inputs.fixed == [None, False, False, None]


def test_on_a_wrapped_page_the_notice_goes_whole_and_the_paragraphs_stay():
    from jianghua.stages.runner import process_page

    lines_ = ["某某县召开机关中层干部竞聘动员会"] + [p[i:i + _WRAP_WIDTH] for p in _WRAPPED_PARAGRAPHS
                                                 for i in range(0, len(p), _WRAP_WIDTH)]
    page = process_page(("\n".join(lines_) + "\n").encode("utf-8"), "t.txt")
    assert [(r.code, r.text) for r in page.removed if r.code == "line_model"] == [
        ("line_model", "欢迎下载本站更多范文，如需获取完整文"), ("line_model", "档请联系在线客服。")]
    assert [doc.text.replace("\n", "") for doc in page.documents] == ["".join(_WRAPPED_PARAGRAPHS[:2])]


def test_a_wrapped_paragraphs_indented_first_line_counts_its_indent():
    from jianghua.stages import clean as clean_stage
    from jianghua.stages.runner import prepare

    # each paragraph indented by two blanks and wrapped with them: its first line holds 16 characters of text
    paragraphs = ["  " + _WRAPPED_PARAGRAPHS[0] + "各单位要按时上报名单，并做好材料报送工作。",
                  "  " + _WRAPPED_PARAGRAPHS[1] + "组织部将全程监督，确保竞聘工作风清气正、平稳有序。",
                  "  " + _WRAPPED_PARAGRAPHS[2]]
    lines_ = ["某某县召开机关中层干部竞聘动员会"] + [p[i:i + _WRAP_WIDTH] for p in paragraphs
                                                 for i in range(0, len(p), _WRAP_WIDTH)]
    page = prepare(("\n".join(lines_) + "\n").encode("utf-8"), "t.txt", until="normalize")
    inputs = clean_stage.model_inputs(page, collection_heading=collection_heading)
    assert inputs.width == _WRAP_WIDTH
    assert [len(text) for text in inputs.texts[1:5]] == [16, 18, 18, 18]
    assert inputs.fixed == [None] + [False] * 9 + [None, None]


_ADVERSARIAL_LINES = [
    *[(word + "      ") * (5000 // (len(word) + 6)) + "看不清？"
      for word in ("支持", "反对", "顶", "有用", "是", "★", "评分", "【", "[J]", "Vol", "回答", "《", "a", "1")],
    " " * 5000 + "x", "字体" + " " * 5000 + "x", "大" + " " * 2500 + "中" + " " * 2500 + "x",
    "这篇文章对你有帮助吗？" + "有用      " * 600 + "看不清？",
    "《" + "题 " * 2000 + "[J]对",
]


@pytest.mark.parametrize("table", [LINE_PATTERNS, INLINE_PATTERNS, TAIL_PATTERNS])
def test_no_pattern_row_backtracks_on_a_long_line_of_spaces_and_repeated_words(table):
    """Each row answers on a 5,000-char line of repeated vote words and spaces, or of spaces between a row's
    words (字体 … 大 … 中), in under 0.5 s (no nested \\s*)."""
    import time

    slow = []
    for code, regex, _ in resources.pattern_table(table):
        for text in _ADVERSARIAL_LINES:
            started = time.process_time()
            regex.search(text)
            if time.process_time() - started > 0.5:
                slow.append((code, regex.pattern[:60], text[:12]))
                break
    assert slow == []


def test_a_page_ending_in_a_spaced_vote_row_is_cleaned_and_the_row_removed():
    row = "支持      反对      顶      踩"
    page = _page(_TITLE + "\n同志们：\n" + BODY_LINE + "\n" + _BODY2 + "\n" + row + "\n")
    assert [(r.code, r.text) for r in page.removed if r.text == row] == [("counter", row)]


def test_with_the_pattern_layer_off_only_stray_symbols_go_before_the_model():
    """The setting ``clean.patterns`` false (bench/model_only.toml): no pattern row, block rule or inline row
    removes anything; a lone "|" still goes as junk; a model that scores every line 0 removes nothing more."""
    from dataclasses import replace

    from jianghua.stages.clean import clean
    from jianghua.stages.lines import FEATURE_NAMES, LineModel
    from jianghua.stages.runner import prepare
    from jianghua.stages.settings import default_settings

    text = ("首页 > 讲话稿 > 正文\n\n|\n\n在全市竞争上岗动员大会上的讲话\n\n" + BODY_LINE
            + "\n\n会议结束。（未完，全文共1272字，当前显示303字）\n\n分享到：\n")
    silent = LineModel(FEATURE_NAMES, np.zeros(len(FEATURE_NAMES)), -20.0, 0.1, 0.9, 60, False, {})
    off = replace(default_settings().clean, patterns=False)
    page = clean(prepare(text.encode("utf-8"), "t.txt", until="normalize"), collection_heading=collection_heading,
                 model=silent, settings=off)
    assert [(r.code, r.text) for r in page.removed] == [("junk", "|")]
    assert [line.text for line in page.lines if line.text and line.removed is None] == [
        "首页 > 讲话稿 > 正文", "在全市竞争上岗动员大会上的讲话", BODY_LINE, "会议结束。（未完，全文共1272字，当前显示303字）", "分享到："]
    on = clean(prepare(text.encode("utf-8"), "t.txt", until="normalize"), collection_heading=collection_heading,
               model=silent)
    assert {r.code for r in on.removed} == {"site_nav", "junk", "paywall", "site_intro"}


# --- a short-line notice's rule lines and a résumé's career: body, never the line model's (review 9: 1, 2) ----

_NOTICE = ("当前位置：首页 > 通知公告\n关于开展2025年度绩效评议工作的通知\n各科室、各下属单位：\n现将有关事项通知如下：\n"
           "评议对象：{} 全体在编人员\n{}\n评议方式：述职、民主测评\n联系人：李四，联系电话：0771-1112222\n"
           "附件：1.某某县水利局2025年度绩效评议登记表及主要事迹材料汇总表\n县水利局\n2025年11月3日\n扫一扫在手机打开当前页\n")


@pytest.mark.parametrize("rule", ["评议时间：2025年12月1日至12月15日", "考试时间：2025年12月6日上午9时",
                                  "会议地点：县水利局三楼会议室", "申报时间：即日起至12月31日", "报名地点：县人社局二楼",
                                  "評議時間：2025年12月1日至12月15日"])
def test_a_short_line_notice_keeps_its_rule_lines_while_its_furniture_goes(rule):
    page = _page(_NOTICE.format("全县", rule))
    assert [(r.code, r.text) for r in page.removed] == [
        ("breadcrumb", "当前位置：首页 > 通知公告"), ("share", "扫一扫在手机打开当前页")]
    kept = [line.text for line in page.lines if line.text and line.removed is None]
    assert normalize(rule).text in kept and "联系人：李四，联系电话：0771-1112222" in kept  # (traditional: read as simplified)
    assert "附件：1.某某县水利局2025年度绩效评议登记表及主要事迹材料汇总表" in kept


@pytest.mark.parametrize("career", [
    ["1993年9月至1999年6月 某乡农技站技术员", "1999年6月至2008年2月 某乡副乡长", "2008年2月至今 某县农业农村局局长"],
    ["1993年9月至1999年6月 某鄉農技站技術員", "1999年6月至2008年2月 某鄉副鄉長", "2008年2月至今 某縣農業農村局局長"],
    ["1993.09—1999.06 某乡农技站技术员", "1999.06—2008.02 某乡副乡长"],
    ["1993.09-1999.06 某乡农技站技术员", "1999.06-2008.02 某乡副乡长", "2008.02- 某县农业农村局局长"],
])
def test_a_resume_keeps_its_dated_career_lines(career):
    page = _page("拟提拔人选简介\n李四，男，汉族，1971年3月生，大学学历，1993年9月参加工作。\n主要经历：\n"
                 + "\n".join(career) + "\n")
    assert page.removed == []
    assert [line.text for line in page.lines if line.text][3:] == [normalize(line).text for line in career]


def test_a_page_of_stray_symbols_only_gets_the_same_status_with_either_setting():
    """(review 9: 7) Its lines go as junk; nothing is kept whole (no J110), with the pattern layer on or off."""
    from dataclasses import replace

    from jianghua.stages.clean import clean
    from jianghua.stages.runner import prepare
    from jianghua.stages.settings import default_settings

    outcomes = []
    for patterns in (True, False):
        s = replace(default_settings().clean, patterns=patterns)
        page = clean(prepare(b"|\n?\n|\n", "t.txt", until="normalize"), collection_heading=collection_heading,
                     settings=s)
        outcomes.append((page.code, page.flags, [r.code for r in page.removed]))
    assert outcomes == [("J100", [], ["junk", "junk", "junk"])] * 2


def test_a_record_line_inside_a_notices_block_of_rules_stays():
    """A bare 时间：… the metadata row removes, and a rule's label with a numeric stamp, stand in a notice's
    block of rules (``lines.rule_block``): the notice's text; the same 时间：… over the title is the site's."""
    rules = ["时间：2025年12月1日上午9时", "会议时间：2025-12-01", "地点：县委党校报告厅"]
    page = _page("\n".join(["关于召开全县干部大会的通知", "各乡镇党委，县直各单位：", BODY_LINE, "一、会议安排", *rules,
                            "二、参会人员", _BODY2]) + "\n")
    assert [line.text for line in page.lines if line.text in rules and line.removed is None] == rules
    header = _page("\n".join(["时间：2025-11-25 10:12", "来源：县委办公室", "关于召开全县干部大会的通知", BODY_LINE,
                              "报名地点：县委组织部", _BODY2]) + "\n")
    assert [(r.code, r.text) for r in header.removed] == [("metadata", "时间：2025-11-25 10:12"), ("metadata", "来源：县委办公室")]


@pytest.mark.parametrize("line", [
    "按1-2-3的顺序依次抽签，抽签结果当场公布。",  # hyphens between digits: no page number
    "报名情况将在（会员大会）上通报，未完成报名的不得参加笔试。",  # a bracket without a hidden-text notice
    "全书共12页，当前第一部分介绍基本情况。",
])
def test_a_sentence_like_an_inline_notice_stays_whole(line):
    page = _page("\n".join([_TITLE, _TEXT[0], line, _TEXT[2]]) + "\n")
    assert page.lines[2].text == normalize(line).text
    assert page.removed == []


# --- the review's findings on furn10's rows (mendfurn) --------------------------------------------------


@pytest.mark.parametrize("entries", [
    ["基层党组织建设薄弱", "资金使用不规范", "干部作风不扎实"],
    ["资金不足怎么办？", "人员不够怎么办？", "制度不全怎么办？"],
])
def test_a_report_s_list_under_its_related_problems_heading_stays(entries):
    """相关问题 heads a report's own list of problems too: its label alone goes (as before furn10), never the
    lines under it as a related list."""
    page = _page("\n".join([_TITLE, _TEXT[0], "相关问题", *entries, _TEXT[2]]) + "\n")
    assert [(r.code, r.text) for r in page.removed] == [("comments", "相关问题")]
    assert [line.text for line in page.lines if line.removed is None and line.text] == [
        normalize(text).text for text in (_TITLE, _TEXT[0], *entries, _TEXT[2])]


def test_an_office_move_list_keeps_its_bare_floors():
    floors = ["办公室搬迁安排如下：", "2楼", "组织部", "3楼", "宣传部", "4楼", "统战部"]
    page = _page("\n".join([_TITLE, _TEXT[0], *floors, _TEXT[2]]) + "\n")
    assert [r.text for r in page.removed if r.text in floors] == []


@pytest.mark.parametrize("word", ["回复", "网站地图", "English"])
def test_a_long_run_of_a_control_word_is_matched_in_linear_time(word):
    """A row repeating a word with an optional separator after it matches a blank one way only (``\\s*(?:[|｜]\\s*)?``):
    30 words and an x fail at once (the blank read two ways doubled the time per word)."""
    import time

    text = f"{word} " * 30 + "x"
    rows = [pattern for _code, pattern, _description in resources.pattern_table(LINE_PATTERNS) if word in pattern.pattern]
    assert rows
    start = time.process_time()
    assert [pattern.pattern for pattern in rows if pattern.search(text)] == []
    assert time.process_time() - start < 1.0


@pytest.mark.parametrize("record", ["时间：2024-06-03 15:40", "时间：2024年6月3日 15:40"])
def test_a_record_stamped_with_a_time_of_day_goes_under_a_notices_rules_and_above_its_title(record):
    """A stamp with a time of day is never a rule's value (``lines.rule_block``): after the notice's 报名时间/报名地点
    lines it is the site's record and goes; above the title with a 地点 line it goes as on de628f9."""
    rules = ["报名时间：2024年6月10日至14日", "报名地点：县人社局三楼"]
    tail = _page("\n".join(["关于举办全县档案业务培训班的通知", "各乡镇，县直各单位：", BODY_LINE, "一、报名安排", *rules, record])
                 + "\n")
    assert [(r.code, r.text) for r in tail.removed] == [("metadata", record)]
    head = _page("\n".join([record, "地点：某某县", "关于举办全县档案业务培训班的通知", "各乡镇，县直各单位：", BODY_LINE,
                             *rules, _BODY2]) + "\n")
    assert [r.text for r in head.removed][:1] == [record]
    assert [line.text for line in head.lines if line.removed is None and line.text][-4:] == [BODY_LINE, *rules, _BODY2]


def test_a_bare_record_date_pair_above_the_title_is_not_restored_as_a_block():
    """The block stops at the title: 时间：… / 地点：… above it are the header's (the metadata row's 时间：… stays
    removed), the same pair under the title the notice's."""
    pair = ["时间：2024年6月3日", "地点：县委党校"]
    head = _page("\n".join([*pair, "关于举办全县档案业务培训班的通知", BODY_LINE, _BODY2]) + "\n")
    assert ("metadata", pair[0]) in [(r.code, r.text) for r in head.removed]
    body = _page("\n".join(["关于举办全县档案业务培训班的通知", BODY_LINE, "一、培训安排", *pair, _BODY2]) + "\n")
    assert [line.text for line in body.lines if line.text in pair and line.removed is None] == pair
