"""The furniture line model (jianghua.stages.lines): its features, its protections and its smoothing, on lines
written here; its training (jianghua.training.train_lines) reproducible from the devset's dev split and the seeds."""

from __future__ import annotations

import json

import numpy as np
import pytest
from jianghua.errors import JianghuaError
from jianghua.stages import lines


def _feature(text: str, name: str, **kwargs) -> float:
    return lines.own_features(text, **kwargs)[lines.OWN_NAMES.index(name)]


@pytest.mark.parametrize("text, name, expected", [
    ("首页 > 新闻中心 > 正文", "separators", 0.5),
    ("同志们：", "salutation", 1.0),
    ("同志们：", "ends_colon", 1.0),
    ("2021-03-13 05:21:48", "date", 1.0),
    ("2021-03-13 05:21:48", "time", 1.0),
    ("二〇〇八年十一月二十日", "date_alone", 1.0),
    ("2013/5/14", "date_alone", 1.0),
    ("最新网址：www.example.cc", "url", 1.0),
    ("欢迎来到某某范文网", "site_name", 1.0),
    ("第5部分 风波_仕途笔记 - 某某阁", "site_decor", 1.0),
    ("首页 新闻 图片 视频 专题", "menu_row", 1.0),
    ("（三）严格考察", "heading", 1.0),
    ("在全市干部大会上的讲话", "title_suffix", 1.0),
    ("中共某某县委组织部", "org_name", 1.0),
    ("【编辑：张三】", "bracketed", 1.0),
    ("上一篇", "lex_nav", 1.0),
    ("上一篇", "lex_any", 1.0),
    ("全文共3356字", "lex_paywall", 3 / 8),
    ("来源：某某日报", "meta_label", 1.0),
    ("笔试科目：公共基础知识", "meta_label", 0.0),
    ("我们要把这次竞争上岗工作组织好、实施好，确保取得实效。", "ends_sentence", 1.0),
    ("我们要把这次竞争上岗工作组织好、实施好，确保取得实效。", "body_like", 1.0),
    ("我们要把这次竞争上岗工作组织好、实施好，确保取得实效。", "lex_any", 0.0),
    ("护眼", "very_short", 1.0),
    ("English", "latin", 1.0),
    # UI words counted whatever the line's length: a long SEO blurb holds three
    ("下面是小编为大家整理的一篇竞聘演讲稿，内容写得很实在，希望对你有所帮助，仅供参考。", "lex_hits", 1.0),
    ("下面是小编写的一篇竞聘演讲稿，内容写得很实在。", "lex_hits", 1 / 3),
    ("上一篇 下一篇 全文共3356字", "lex_kinds", 2 / 3),
    ("一、总则……………………3", "toc_leader", 1.0),
    ("1.2 基本原则.............5", "toc_leader", 1.0),
    ("一、总则", "toc_leader", 0.0),
    ("首页 新闻 图片", "spaces", 1.0),
    ("首页>>新闻", "symbols", 2 / 6),
    # shapes, not words: label:value pairs, e-mail, a short bracketed segment, counts with a unit, no CJK
    ("作者：王五 时间：2024-01-02 阅读：35", "key_values", 1.0),
    ("撰文|李四", "key_values", 0.0),
    ("要求：各单位认真组织，按时报送。", "key_values", 1 / 3),
    ("投稿邮箱：tougao@example.cn", "email", 1.0),
    ("[置顶] 关于开展评选的通知", "inner_bracket", 1.0),
    ("会议指出（三）", "inner_bracket", 1.0),
    ("阅读(123) 共5页 37.5 KB", "counts", 1.0),
    ("浏览 56次", "counts", 1 / 3),
    ("共有代表350人出席。", "counts", 0.0),  # a count inside a sentence: a word goes on after its unit
    ("2024 03 12", "no_cjk", 1.0),
    ("2024年", "no_cjk", 0.0),
])
def test_own_features(text, name, expected):
    assert _feature(text, name) == pytest.approx(expected)


def test_features_of_the_page_title_and_repeats():
    assert _feature("看了“竞争上岗动员讲话”的人还看了：", "holds_title", title="竞争上岗动员讲话") == 1.0
    assert _feature("竞争上岗动员讲话", "holds_title", title="竞争上岗动员讲话") == 0.0
    assert _feature("信息来源：", "repeated", repeated=True) == 1.0
    assert lines.page_title(["首页 > 讲话", "竞争上岗动员讲话", "同志们："]) == "竞争上岗动员讲话"


def test_context_features_see_the_neighbours():
    texts = ["首页 > 讲话", "浏览次数：12", "同志们：今天我们召开竞争上岗动员大会，主要任务是动员部署。",
             "一是统一思想。二是严格程序。三是严肃纪律。大家要高度重视，认真组织实施好。", "分享到"]
    x = lines.line_features(texts)
    column = {name: i for i, name in enumerate(lines.FEATURE_NAMES)}
    assert x.shape == (5, len(lines.FEATURE_NAMES))
    assert x[:, column["in_head"]].tolist() == [1, 1, 0, 0, 0]
    assert x[:, column["in_tail"]].tolist() == [0, 0, 0, 0, 1]
    assert x[:, column["next_body_like"]].tolist() == [0, 1, 1, 0, 0]
    assert x[:, column["dist_up"]].tolist() == [1, 1, 0, 0, 0.25]
    assert x[:, column["prev_lex"]][4] == 0 and x[:, column["next_lex"]][3] == 1.0


def test_near_lex_and_the_main_body_block():
    body = "我们要把这次竞争上岗工作组织好、实施好，确保取得实效，让干部群众满意。"
    texts = ["首页 > 讲话", "相关阅读：竞争上岗动员讲话的写法，仅供参考。" * 2, "", "", "", "",
             body, body, "浏览次数：12", body, "护眼", "点击排行"]
    texts = [t or "一段短话" for t in texts]
    x = lines.line_features(texts)
    column = {name: i for i, name in enumerate(lines.FEATURE_NAMES)}
    # the blurb (body-like, line 1) stands apart from the text (lines 6-9): outside the main block
    assert x[:, column["out_of_block"]].tolist() == [1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1]
    # the most UI of the two lines on each side
    assert x[10, column["near_lex"]] == 1.0 and x[6, column["near_lex"]] == pytest.approx(x[8, column["lex_any"]])
    assert lines.line_features([body, "首页"])[:, column["out_of_block"]].tolist() == [0, 1]
    assert lines.line_features(["首页", "护眼"])[:, column["out_of_block"]].tolist() == [1, 1]


def test_a_sentence_between_sentences_is_inside_the_body():
    body = "我们要把这次竞争上岗工作组织好、实施好，确保取得实效，让干部群众满意。"
    with_ui = "详细的报名表可以到组织部网站下载，来源于各单位推荐的人选一律公示。"
    assert lines.inside_body([body, with_ui, body]) == [False, True, False]
    assert lines.inside_body([body, with_ui, "分享到"]) == [False, False, False]
    assert lines.inside_body([body, "浏览次数：12", body]) == [False, False, False]
    assert lines.inside_body([with_ui]) == [False]


@pytest.mark.parametrize("text, expected", [
    ("一、提高认识", True), ("（三）严格程序", True), ("第十二条 本办法自公布之日起施行。", True), ("第 10 条 规定", True),
    ("## 第二章 总则", True), ("同志们：", True), ("尊敬的各位领导：", True), ("二〇〇八年十一月二十日", True),
    ("，在", True), ("在全市干部大会上的讲话", True), ("竞争上岗动员讲话（精选5篇）", True),
    ("第5部分 风波_仕途笔记 - 某某阁", False), ("首页 > 讲话", False), ("护眼", False), ("浏览次数：12", False),
    ("这是一句很长的话。在全市干部大会上的讲话", False),
    # a table of contents' entry (a dot leader up to its page number) is the model's, heading marker or not
    ("一、总则..................3", False), ("1.2基本原则………………5", False), ("在全市干部大会上的讲话……7", False),
])
def test_protected(text, expected):
    assert lines.protected(text) is expected


@pytest.mark.parametrize("text, expected", [
    ("会议要求各单位认真组织。", True), ("以下是小编整理的讲话，仅供参考。", False),
    ("近年来我们在干部选拔任用工作中坚持公开公平公正的原则不断完善制度规范程序严格把关取得了较好的效果", True), ("首页 > 讲话", False), ("竞岗现场", False),
    ("二、交流轮岗的对象与条件和程序及其管理考核的有关要求说明..................5", False),
])
def test_plain_sentence(text, expected):
    assert lines.plain_sentence(text) is expected


@pytest.mark.parametrize("text, expected", [
    ("在全区人才工作推进会上的讲话", True),
    ("2022年度社区书记述职报告（3篇）", True),
    ("竞聘上岗实施方案", True),
    ("会议听取了各单位的工作汇报。", False),  # a sentence
    ("附件：竞聘报名登记表", False),  # a label
    ("附件竞聘上岗实施细则", False),  # an appendix
    ("一、指导思想和基本原则方案", False),  # a heading
    ("在全区人才工作推进会上的讲话_某某范文网", False),  # decorated: the patterns' and the model's
    ("某某镇人民政府", False),  # no title suffix
    ("，并形成书面报告", False),  # the tail of a sentence
])
def test_listed_title(text, expected):
    assert lines.listed_title(text) is expected


def test_body_like_is_the_feature_of_one_line():
    texts = ["首页", "会议强调，要严格程序，确保工作取得实效", "会议强调要严格按照规定的程序和标准组织实施竞争上岗。", "某" * 80,
             "某某集团中层干部竞聘演讲会现场图片新闻报道"]
    assert [lines.body_like(t) for t in texts] == lines.shape(texts).body.tolist() == [False, False, True, True, False]


def test_neighbour_rules():
    assert lines.table_rows(["环节 | 内容 | 说明", "报名 | 个人报名 | 审核", "首页 | 新闻", "正文。"]) == [True, True, False, False]
    assert lines.signature_lines(["中共某某县委组织部", "2019年4月8日", "某某局"]) == [True, False, False]
    assert lines.continuations(["这是一个很长很长的句子，说到一半被硬换行切断了，在这里没有任何标点符号的结尾", "结束。", "（一）", "竞聘职位"]) == \
        [False, True, False, True]
    # a long bar of menu words ends without punctuation too: the line under it is no rest of a sentence
    assert lines.continuations(["网站首页 要闻动态 通知公告 政策文件 办事指南 互动交流 专题专栏 信息公开",
                                "关于开展年度考核工作的通知"]) == [False, False]
    assert lines.open_sentence("各单位要结合本单位实际，认真组织好本次公开选拔工作的报名和资格审查以及")
    assert not lines.open_sentence("首页 | 新闻中心 | 通知公告 | 人事任免 | 党建工作 | 联系我们")
    assert lines.cut_off_tail(["正文第一段。", "为深入"]) and not lines.cut_off_tail(["正文。", "点击排行榜"])
    assert not lines.cut_off_tail(["正文。", "English"])


# scores, fixed, lengths -> furniture (low 0.2, high 0.8, own_min 30, edges say nothing)
@pytest.mark.parametrize("scores, fixed, lengths, expected", [
    # sure lines follow their score
    ([0.9, 0.1, 0.1], None, [10, 40, 40], [True, False, False]),
    # an unsure short line between two furniture lines is furniture, between body lines body
    ([0.9, 0.5, 0.9, 0.1], None, [10, 10, 10, 40], [True, True, True, False]),
    ([0.1, 0.7, 0.1], None, [40, 10, 40], [False, False, False]),
    # between body and furniture: its own score
    ([0.1, 0.6, 0.9], None, [40, 10, 10], [False, True, True]),
    ([0.1, 0.4, 0.9], None, [40, 10, 10], [False, False, True]),
    # an unsure long line is kept whatever its neighbours
    ([0.9, 0.7, 0.9], None, [10, 50, 10], [True, False, True]),
    # a line of a few characters is never sure by itself
    ([0.1, 0.95, 0.1], None, [40, 3, 40], [False, False, False]),
    # the page's edge says nothing: the other side decides
    ([0.5, 0.1], None, [10, 40], [False, False]),
    ([0.9, 0.5], None, [10, 10], [True, True]),
    # fixed lines are sure whatever their score; no sure line at all: own scores
    ([0.1, 0.5, 0.1], [True, None, True], [40, 10, 40], [True, True, True]),
    ([0.9, 0.5, 0.9], [False, None, False], [10, 10, 10], [False, False, False]),
    ([0.6, 0.4], None, [10, 10], [True, False]),
])
def test_smoothing(scores, fixed, lengths, expected):
    assert lines.smooth(scores, 0.2, 0.8, fixed, lengths, own_min=30, edges_furniture=False) == expected


def test_a_short_line_of_ui_words_is_judged_by_its_own_score():
    assert lines.ui_only(["上一篇", "二维码", "打印", "附件", "说明", "上一篇 下一篇", ""]) == [
        True, True, True, False, False, False, False]
    # a lone 上一篇 under the last paragraph: sure by its score; a short line of other words follows its context
    assert lines.smooth([0.1, 0.95], 0.2, 0.8, None, [40, 3], 30, False, [False, True]) == [False, True]
    assert lines.smooth([0.1, 0.95], 0.2, 0.8, None, [40, 3], 30, False, [False, False]) == [False, False]
    body = "同志们：今天召开竞争上岗动员大会，主要任务是动员部署，希望大家积极参与。"
    # as at ingest, the sentence is fixed as body before the model (clean.model_fixed: a plain sentence)
    assert lines.decide([body, "上一篇"], fixed=[False, None])[0] == [False, True]
    assert lines.decide([body, "附件"], fixed=[False, None])[0] == [False, False]


# scores, fixed, silent -> furniture (low 0.2, high 0.8, own_min 30, edges say nothing; all lines 10 long)
@pytest.mark.parametrize("scores, fixed, silent, expected", [
    # a line under the title looks past it: furniture above the title, text below: its own score
    ([0.9, 0.0, 0.6, 0.1], [None, False, None, None], [False, True, False, False], [True, False, True, False]),
    ([0.9, 0.0, 0.4, 0.1], [None, False, None, None], [False, True, False, False], [True, False, False, False]),
    # furniture on both sides past the title: furniture
    ([0.9, 0.0, 0.4, 0.9], [None, False, None, None], [False, True, False, False], [True, False, True, True]),
    # the title counting as text (not silent): a line between it and the text stays
    ([0.9, 0.0, 0.6, 0.1], [None, False, None, None], None, [True, False, False, False]),
    # nothing sure past the title (the page's edge, other unsure lines): the title counts as text
    ([0.0, 0.6, 0.7], [False, None, None], [True, False, False], [False, False, False]),
    ([0.6, 0.0, 0.6, 0.1], [None, False, None, None], [False, True, False, False], [False, False, False, False]),
    # between two title lines: a title printed over two lines stays
    ([0.9, 0.0, 0.6, 0.0, 0.1], [None, False, None, False, None], [False, True, False, True, False],
     [True, False, False, False, False]),
])
def test_a_title_line_says_nothing_of_its_neighbours(scores, fixed, silent, expected):
    assert lines.smooth(scores, 0.2, 0.8, fixed, [10] * len(scores), 30, False, None, silent) == expected


def test_title_lines_are_titles_fixed_as_text():
    texts = ["首页 > 讲话", "在全区人才工作推进会上的讲话", "一、总体要求", "在全区人才工作推进会上的讲话"]
    assert lines.title_lines(texts, [None, False, False, None]) == [False, True, False, False]
    assert lines.title_lines(texts, None) == [False] * 4


def test_page_edges_as_furniture_when_asked():
    assert lines.smooth([0.5, 0.1], 0.2, 0.8, None, [10, 40], 30, edges_furniture=True) == [True, False]


def test_decide_skips_the_model_when_every_line_is_fixed():
    furniture, scores = lines.decide(["a", "b"], None, [False, False])
    assert furniture == [False, False] and scores.tolist() == [0.0, 0.0]
    furniture, scores = lines.decide(["首页 > 讲话", "b"], None, [True, False])  # a removed line is scored
    assert furniture == [True, False] and 0.0 < scores[0] < 1.0 and scores[1] == 0.0


def test_the_lexicon_matches_the_longest_word():
    pattern, kinds = lines.lexicon()
    assert [m.group() for m in pattern.finditer("网站首页 上一篇 字体大小：大 全文共3字")] == ["网站首页", "上一篇", "字体大小", "全文共"]
    assert kinds["全文共"] == lines.LEXICON_KINDS.index("paywall")


def test_vote_qa_footer_and_record_words_count_as_ui():
    """Words of vote rows, Q&A pages, footer links and doc-sharing records weigh as their kinds; a line of
    them holds no plain sentence for ``plain_sentence`` to keep."""
    pattern, kinds = lines.lexicon()
    text = "顶一下 踩一下 最佳答案 隐私政策 内容提供方 用户上传"
    assert [m.group() for m in pattern.finditer(text)] == ["顶一下", "踩一下", "最佳答案", "隐私政策", "内容提供方", "用户上传"]
    assert [lines.LEXICON_KINDS[kinds[w]] for w in ("顶一下", "最佳答案", "隐私政策", "内容提供方", "用户上传")] == [
        "action", "action", "nav", "meta", "notice"]
    assert not lines.plain_sentence("本资料由用户上传，仅供学习参考，如有问题请联系管理员处理。")
    assert lines.plain_sentence("我们没有再追问，会议继续进行，大家依次发言。")  # 追问 in a sentence: no UI word


def test_a_model_file_that_does_not_fit_is_refused():
    data = json.loads(lines.resources.read_text(lines.MODEL_RESOURCE))
    model = lines.model_from_dict(data)
    assert model.names == lines.FEATURE_NAMES and model.weights.shape == (len(lines.FEATURE_NAMES),)
    for broken in ({**data, "version": "furniture-lines.v0"}, {**data, "features": data["features"][:-1]},
                   {**data, "weights": data["weights"][:-1]}, {k: v for k, v in data.items() if k != "low"}):
        with pytest.raises(JianghuaError, match="M701"):
            lines.model_from_dict(broken)


def test_neighbour_scores_read_the_first_pass_around_each_line():
    first = np.array([0.9, 0.2, 0.6, 0.1])
    expected = np.array([
        # own, previous, next, both sides, max and mean of the two lines on each side (edges count 0)
        [0.9, 0.0, 0.2, 0.0, 0.6, 0.2],
        [0.2, 0.9, 0.6, 0.6, 0.9, 0.4],
        [0.6, 0.2, 0.1, 0.1, 0.9, 0.3],
        [0.1, 0.6, 0.0, 0.0, 0.6, 0.2],
    ])
    assert np.allclose(lines.neighbour_scores(first), expected)
    # a line fixed before the model counts as 1 (the patterns removed it) or 0 (protected)
    fixed = lines.neighbour_scores(first, [True, None, False, None])
    assert fixed[:, 0].tolist() == [1.0, 0.2, 0.0, 0.1]
    assert fixed[1, 1:4].tolist() == [1.0, 0.0, 0.0]


def test_the_second_pass_reads_the_first_and_its_neighbours():
    n = len(lines.FEATURE_NAMES)
    features = np.zeros((3, n))
    # the first pass scores every line 0.5 (bias 0); the second adds 4 for each furniture neighbour's score
    context = np.zeros(n + len(lines.NEIGHBOUR_NAMES))
    context[n + lines.NEIGHBOUR_NAMES.index("both_sides")] = 4.0
    one_pass = lines.LineModel(lines.FEATURE_NAMES, np.zeros(n), 0.0, 0.1, 0.9, 60, False, {})
    two_pass = lines.LineModel(lines.FEATURE_NAMES, np.zeros(n), 0.0, 0.1, 0.9, 60, False, {}, context, -1.0)
    assert one_pass.score_page(features).tolist() == [0.5, 0.5, 0.5]
    scores = two_pass.score_page(features, [True, None, True])
    assert scores[1] == pytest.approx(1 / (1 + np.exp(-3.0)))  # furniture on both sides: 4 * 1 - 1
    assert scores[0] == pytest.approx(1 / (1 + np.exp(1.0)))  # the page's edge on one side: min 0


def test_a_model_file_with_a_second_pass_of_the_wrong_size_is_refused():
    data = json.loads(lines.resources.read_text(lines.MODEL_RESOURCE))
    model = lines.model_from_dict(data)
    assert model.context_weights is not None
    assert model.context_weights.shape == (len(lines.FEATURE_NAMES) + len(lines.NEIGHBOUR_NAMES),)
    assert data["context_features"] == list(lines.NEIGHBOUR_NAMES)
    with pytest.raises(JianghuaError, match="M701"):
        lines.model_from_dict({**data, "context_weights": data["context_weights"][:-1]})
    one_pass = lines.model_from_dict({k: v for k, v in data.items() if not k.startswith("context_")})
    assert one_pass.context_weights is None


def test_scores_are_probabilities():
    model = lines.default_model()
    x = lines.line_features(["首页 > 讲话 > 正文", "同志们：今天我们召开会议，主要任务是动员部署竞争上岗工作。"])
    scores = model.score(x)
    assert np.all((scores > 0) & (scores < 1)) and scores[0] > scores[1]


def test_retraining_gives_the_shipped_model(devset_dir, seeds_dir, tmp_path):
    """`jianghua train-furniture` rebuilds resources/models/furniture-lines.v1.json byte for byte."""
    pytest.importorskip("sklearn")
    from jianghua.training.train_lines import default_output, train

    shared = devset_dir.parent
    if seeds_dir.parent != shared:
        pytest.skip("the devset and the seeds are not in one shared folder")
    summary = train(tmp_path / "model.json", shared=shared)
    assert (tmp_path / "model.json").read_text(encoding="utf-8") == default_output().read_text(encoding="utf-8")
    assert summary["pages"]["devset"] == 93 and summary["pages"]["seed"] == 5
    assert summary["cross_validation"]["seed"]["body_removed"] == 0


# --- quick looks before a regex (lines._decorated, the last character before _MARKER_ONLY, the page
# before table_rows' per-line counts): the same answers as the regexes alone ---------------------------

DECORATED = ["仕途笔记_某某阁", "讲话 - 某某网", "讲话 | 某某网", "讲话 – 某某网", "讲话 — 某某网", "讲话（1 / 2）", "讲话(3/4)",
             "首页 > 讲话", "首页 » 讲话", "首页 › 讲话", "首页 &gt; 讲话"]
PLAIN = ["第一条 为了规范管理，制定本办法。", "讲话-某某网", "（一）严格程序", "2019/5/14", "a&b", "某某—讲话", "——讲话稿"]


@pytest.mark.parametrize("text", DECORATED + PLAIN)
def test_the_decoration_screen_agrees_with_the_regex(text):
    assert lines._decorated(text) is (lines._SITE_DECOR.search(text) is not None)
    assert lines._decorated(text) is (text in DECORATED)


def test_the_quick_looks_agree_with_the_regexes_on_real_lines(seed_pages, sample_pages):
    texts = [line.text for page in [*seed_pages.values(), *sample_pages.values()] for line in page.lines if line.text]
    texts += DECORATED + PLAIN + ["一、", "（三）", "12.", "3、", "十二．", "(4)", "│ 环节 │", "a|b|c", "a|b"]
    assert len(texts) > 500
    for text in texts:
        assert lines._decorated(text) is (lines._SITE_DECOR.search(text) is not None), text
    goes_on = lines.continuations(texts)
    for i in range(1, len(texts)):
        previous = texts[i - 1]
        open_end = (len(previous) >= lines.OPEN_LINE_CHARS and previous[-1] not in lines._CLOSING
                    and lines._CLAUSE_MARK.search(previous) is not None
                    and not lines.toc_entry(previous) and lines._DATE_TIME.search(previous) is None)
        assert goes_on[i] is (open_end or lines._MARKER_ONLY.match(previous) is not None), previous
    bars = [text.count("|") for text in texts]
    assert lines.table_rows(texts) == [
        (count >= 2 and ((i > 0 and bars[i - 1] == count) or (i + 1 < len(texts) and bars[i + 1] == count)))
        or lines._BOX_DRAWING.search(texts[i]) is not None for i, count in enumerate(bars)]
    assert lines.table_rows(["正文。", "第二段。"]) == [False, False]


# --- a hard-wrapped paragraph, rejoined ----------------------------------------------------------------

_WRAP_LINES = [
    "某某县召开机关中层干部竞聘动员会",  # a title, shorter than the width
    "近日，某某县委组织部召开机关中层干",  # a paragraph cut at 17 characters
    "部竞聘动员会，对报名、笔试和面试的",
    "各个环节作出部署",
    "欢迎下载本站更多范文，如需获取完整",  # a notice holding a UI word, cut the same way
    "文档请联系在线客服",
]


def test_wrapped_plain_marks_a_paragraph_that_reads_as_a_sentence_once_rejoined():
    cut = [len(text) >= 17 for text in _WRAP_LINES]
    assert cut == [False, True, True, False, True, False]
    assert lines.wrapped_plain(_WRAP_LINES, cut, [None] * 6) == [False, True, True, True, False, False]


def test_wrapped_plain_parts_paragraphs_at_a_removed_line_and_ends_one_at_a_closed_line():
    cut = [len(text) >= 17 for text in _WRAP_LINES]
    # the patterns removed the paragraph's second line: the first line and the rest are no sentence apart
    removed = [None, None, "site_recurring", None, None, None]
    assert lines.wrapped_plain(_WRAP_LINES, cut, removed) == [False] * 6
    # a line at the width closed by a full stop ends its paragraph: the line after it starts another
    texts = ["近日某某县召开了机关中层干部竞聘动员大会。", "会议强调"]
    assert lines.wrapped_plain(texts, [True, False], [None, None]) == [False, False]
    # a page not wrapped (no line at a width): nothing marked
    assert lines.wrapped_plain(_WRAP_LINES, [False] * 6, [None] * 6) == [False] * 6


def test_a_title_s_end_is_read_from_title_ends_txt():
    """(the words a title ends in for the line model are data, resources/clean/title_ends.txt)"""
    from jianghua.stages import lines as lines_module

    assert [bool(lines_module._TITLE_SUFFIX.search(t)) for t in (
        "某局中层干部竞争上岗实施方案", "竞聘人员名单", "中华人民共和国公务员法", "某局召开竞聘动员会", "方案一")] == [
        True, True, True, False, False]


# --- a rule's label：value lines and a résumé's career (clean/rule_labels.tsv): never the model's ---------------

@pytest.mark.parametrize("text, expected", [
    ("评议时间：2025年12月1日至12月15日", True),
    ("報名地點：縣人社局二樓", True),
    ("申报条件：具有大学本科以上学历", True),
    ("联系人：李四", True),
    ("附件：1.某某县水利局绩效评议登记表", True),
    ("拟任：某县水利局局长", True),
    ("时间：2025年12月1日", False),  # a rule word alone may be a page's metadata
    ("发布时间：2025-12-01 10:30", False),  # a metadata label
    ("更新时间：2025-12-01", False),
    ("联系电话：0771-1112222", False),  # (a site footer's)
    ("评议时间：", False),  # no value
    ("主要经历：", False),
    ("首页 > 评议时间：通知", False),
    ("考核时间：2025-12-01至2025-12-20", True),  # a period written with numbers
    ("会议时间：2025-12-01 09:00", False),  # a numeric stamp alone: a page record's
    ("报名地点：县人社局 截止时间：12月5日", False),  # several labels to a row: a page record's
    ("笔试时间和地点：2016年7月24日上午，具体考点另行通知", True),  # a label longer than a record's
    ("笔试科目：公共基础知识和申论", True),
])
def test_a_rule_line_is_a_label_of_the_rule_words_with_a_value(text, expected):
    assert lines.rule_line(text) is expected


def test_a_rule_block_holds_the_lines_a_record_shares_with_a_notice():
    """A bare 时间：… or a label whose value is a numeric stamp is a notice's inside its block of rules (beside a
    rule line, or two such lines in a row), a page's record alone in the header above the title."""
    notice = ["一、会议安排", "时间：2025年12月1日上午9时", "会议时间：2025-12-01", "地点：县委党校报告厅", "二、参会人员"]
    assert lines.rule_block(notice) == [False, True, True, True, False]
    assert lines.rule_block(["报名地点：县人社局", "会议时间：2025-12-01"]) == [True, True]
    # a stamp with a time of day is never a rule's value, beside rule lines or not (mendfurn)
    assert lines.rule_block(["报名时间：2024年6月10日至14日", "报名地点：县人社局", "时间：2024-06-03 15:40"]) == [True, True, False]
    assert lines.rule_block(["时间：2024年6月3日 15:40", "地点：某某县", "关于举办培训班的通知"]) == [False, False, False]
    assert not lines.rule_like("会议时间：2025-12-01 09:00") and not lines.rule_line("联系人：2025-12-01 09:00")
    assert lines.rule_block(["时间：2025-11-25 10:12", "来源：县委办公室", "关于召开全县干部大会的通知"]) == [False, False, False]
    assert lines.rule_block(["会议时间：2025-12-01 09:00", "关于召开全县干部大会的通知"]) == [False, False]
    assert lines.rule_block(["报名地点：县人社局", "时间：2024-05-06 10:12  来源：某某网"]) == [True, False]  # two labels: a record
    assert lines.body_labelled(notice) == lines.rule_block(notice)


def test_a_record_stamped_with_a_time_or_a_contents_entry_is_no_open_sentence():
    """The line under a site's record line (a date and time, commas in it) or under a table of contents'
    entry is no rest of a sentence; a sentence with a time of day in it still goes on."""
    assert lines.continuations(["2013-06-02 11:48:09 下载本文 作者：会员上传，共享于本站", "简介：小编为你整理了多篇范文"]) == [False, False]
    assert lines.continuations(["一、总则，目的和依据，适用范围………………………………3", "二、岗位设置………………5"]) == [False, False]
    assert lines.continuations(["报名时间为每天上午8:30至12:00，下午14:30至17:30，地点在", "县人事局。"]) == [False, True]


def test_portal_and_forum_record_words_count_as_ui():
    """Words of a government portal's disclosure record and of a forum or Q&A post (furn10) weigh as their kinds;
    a follow-up question's label only with its colon (追问 in a sentence stays a sentence's word)."""
    pattern, kinds = lines.lexicon()
    assert [m.group() for m in pattern.finditer("索引号 发文日期 长者模式 只看该作者 追问：")] == [
        "索引号", "发文日期", "长者模式", "只看该作者", "追问："]
    assert [lines.LEXICON_KINDS[kinds[w]] for w in ("发布机构", "无障碍", "倒序浏览", "提问时间")] == ["meta", "nav", "action", "meta"]
    assert not lines.plain_sentence("追问：那这个比例是按总分算的吗？")
    assert lines.plain_sentence("楼主说得对，我们单位也是这样做的。")  # 楼主 in an answer's sentence: no UI word


def test_a_career_is_a_run_of_dated_lines():
    texts = ["主要经历：", "1993年9月至1999年6月 某乡农技站技术员", "1999.06—2008.02 某乡副乡长", "2008年2月至今 某局局长",
             "2024-12-01 某某新闻标题", "2001年5月至2010年3月 某县财政局副局长", "备注"]
    assert lines.career_lines(texts) == [False, True, True, True, False, False, False]  # (a lone dated line: no run)
    assert lines.career_lines([]) == []
    assert lines.body_labelled(["联系人：李四", "当前位置：首页", *texts[1:3]]) == [True, False, True, True]


# --- the model file's second pass (review 9: 5) -----------------------------------------------------------

@pytest.mark.parametrize("change, reason", [
    ({"context_features": ["bogus"]}, "context_features are not this build's"),
    ({"context_features": list(reversed(lines.NEIGHBOUR_NAMES))}, "context_features are not this build's"),
    ({"context_bias": None}, "needs both context_weights and context_bias"),  # (None: the key removed)
    ({"context_weights": None}, "needs both context_weights and context_bias"),
    ({"context_weights": "nan"}, "not a finite number"),
    ({"weights": "inf"}, "not a finite number"),
    ({"bias": float("nan")}, "not a finite number"),
    ({"context_bias": float("-inf")}, "not a finite number"),
])
def test_a_model_file_with_a_wrong_second_pass_is_refused_naming_the_file(change, reason):
    data = json.loads(lines.resources.read_text(lines.MODEL_RESOURCE))
    for key, value in change.items():
        if value is None:
            del data[key]
        elif value in ("nan", "inf"):
            data[key] = [float(value)] * len(data[key])
        else:
            data[key] = value
    with pytest.raises(JianghuaError, match="M701") as raised:
        lines.model_from_dict(data, "models/broken.json")
    assert "models/broken.json" in str(raised.value) and reason in str(raised.value)


# --- the shape features in linear time (review 9: 3, 4) ----------------------------------------------------

@pytest.mark.parametrize("text, email, counts", [
    ("邮箱：office@example.gov.cn", 1.0, 0.0),
    ("阅读(123) 共5页 37.5 KB 2416字", 0.0, 1.0),
    ("1.2.3人", 0.0, 1 / 3),
    ("v12345x6人", 0.0, 1 / 3),
])
def test_the_email_and_count_features_read_as_before(text, email, counts):
    assert (_feature(text, "email"), _feature(text, "counts")) == (email, pytest.approx(counts))


@pytest.mark.parametrize("text", ["1" * 20000, "a" * 20000, "." * 20000 + "x", "1.1" * 7000])
def test_own_features_are_linear_on_a_long_run(text):
    import time

    started = time.process_time()
    lines.own_features(text)
    assert time.process_time() - started < 0.5
