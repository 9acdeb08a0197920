"""The classifier: golden seed labels, JSON inference against scikit-learn, refusal of incompatible
model files, the view (script, spinning), script and truncation robustness, section roles."""

from __future__ import annotations

import json

import pytest
from jianghua.document import Document, Section
from jianghua.offsets import OffsetMap
from jianghua.stages import classify as cl
from jianghua.stages.settings import default_settings

from ..conftest import GOLDEN

GOLDEN_LABELS = json.loads((GOLDEN / "classify_seeds.json").read_text(encoding="utf-8"))


def _doc(title: str, text: str, sections: list[Section] | None = None) -> Document:
    return Document(ordinal=1, title=title, text=text, original=text, omap=OffsetMap.identity(len(text)),
                    sections=sections or [])


@pytest.fixture(scope="module")
def model():
    return cl.load_model()


# --- golden: every seed document as a careful reader labels it --------------------------------------

@pytest.mark.seeds
def test_every_seed_document_is_annotated(seed_pages):
    annotated = {(name, int(k)) for name, docs in GOLDEN_LABELS.items() if not name.startswith("_") for k in docs}
    produced = {(name, doc.ordinal) for name, page in seed_pages.items() for doc in page.documents}
    assert annotated == produced


@pytest.mark.seeds
@pytest.mark.parametrize("name", sorted(k for k in GOLDEN_LABELS if not k.startswith("_")))
def test_seed_genre_and_topic(name, seed_pages, model):
    for doc in seed_pages[name].documents:
        expected = GOLDEN_LABELS[name][str(doc.ordinal)]
        got = cl.classify(doc, model)
        assert (got["genre"], got["topic"]) == (expected["genre"], expected["topic"]), (name, doc.ordinal, got["genre_probabilities"])


# --- the shipped model and the result shape ---------------------------------------------------------

def test_result_shape(model):
    result = cl.classify(_doc("在中层干部竞争上岗动员大会上的讲话", "同志们：\n今天召开动员大会，对竞争上岗工作进行部署。\n谢谢大家！"), model)
    assert result["genre"] == "mobilization_speech" and result["topic"] == "competitive_selection"
    assert set(result["genre_probabilities"]) == set(cl.GENRES)
    assert set(result["topic_probabilities"]) == set(cl.TOPICS)
    assert abs(sum(result["genre_probabilities"].values()) - 1) < 1e-9
    assert result["genre_confidence"] == max(result["genre_probabilities"].values())
    assert isinstance(result["low_confidence"], bool)
    assert result["top_features"]["genre"] and all({"feature", "weight"} <= set(f) for f in result["top_features"]["genre"])
    assert result["classifier"] == cl.CLASSIFIER_VERSION


def test_model_file_is_small_and_current(model):
    path = cl.default_model_path()
    with open(path, "rb") as handle:
        size = len(handle.read())
    assert size < 3_200_000
    assert model.meta["training"]["items"] >= 250
    floors = json.loads((GOLDEN / "classify_floors.json").read_text(encoding="utf-8"))
    assert model.meta["metrics"]["pages"]["genre"]["macro_f1"] >= floors["genre_macro_f1"]
    assert model.meta["metrics"]["pages"]["topic"]["macro_f1"] >= floors["topic_macro_f1"]


def test_load_model_is_cached():
    assert cl.load_model() is cl.load_model()


def test_low_confidence_is_flagged_not_relabelled(model):
    result = cl.classify(_doc("", "这个文档几乎什么也没有说。"), model)
    assert result["genre"] in cl.GENRES
    assert result["low_confidence"] == (result["genre_confidence"] < default_settings().classify.genre_min_confidence
                                        or result["topic_confidence"] < default_settings().classify.topic_min_confidence)


# --- refusal of model files -------------------------------------------------------------------------

def _shipped() -> dict:
    with open(cl.default_model_path(), encoding="utf-8") as handle:
        return json.load(handle)


@pytest.mark.parametrize(("key", "value", "message"), [
    ("format_version", 1, "format version 1"),
    ("sklearn_version", "2.0.1", "scikit-learn 2.0.1"),
    ("sklearn_version", "0.24.2", "scikit-learn 0.24.2"),
    ("classifier_version", "classifier.genre.v0", "classifier.genre.v0"),
    ("format", "something-else", "not a jianghua.genre-topic model"),
])
def test_incompatible_model_is_refused(tmp_path, key, value, message):
    data = _shipped()
    data[key] = value
    path = tmp_path / "model.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(cl.ModelError) as caught:
        cl.load_model(str(path))
    text = str(caught.value)
    assert caught.value.code == cl.MODEL_INCOMPATIBLE
    assert message in text and str(path) in text and "jianghua train" in text


def test_malformed_and_missing_model_are_refused(tmp_path):
    data = _shipped()
    data["heads"]["genre"]["coef"] = data["heads"]["genre"]["coef"][:2]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(cl.ModelError, match="malformed"):
        cl.load_model(str(bad))
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(cl.ModelError, match="not valid JSON"):
        cl.load_model(str(broken))
    with pytest.raises(cl.ModelError) as caught:
        cl.load_model(str(tmp_path / "absent.json"))
    assert caught.value.code == cl.MODEL_MISSING and "jianghua train" in str(caught.value)


# --- JSON inference equals scikit-learn ------------------------------------------------------------

def test_json_inference_matches_sklearn_predict_proba(small_training):
    items, data, fitted = small_training
    from jianghua.training.train import design_matrix

    model = cl.model_from_dict(json.loads(json.dumps(data)))
    probes = items[::3] + [
        _item_like("在驻村工作队员欢送会上的讲话", "各位队员：\n明天你们就要出发了。祝大家工作顺利！"),
        _item_like("", "第一条 为规范竞争上岗工作，制定本办法。"),
        _item_like("短", "短"),
    ]
    matrix = design_matrix(fitted.vectorizer, probes)
    for name in ("genre", "topic"):
        expected = fitted.heads[name].predict_proba(matrix)
        head = model.heads[name]
        assert list(head.labels) == [str(c) for c in fitted.heads[name].classes_]
        for row, item in zip(expected, probes, strict=True):
            got = cl.predict_head(head, *cl.vector_arrays(model, *cl.view(item.title, item.text)))
            assert max(abs(a - b) for a, b in zip(got, row, strict=True)) < 1e-6, (name, item.title)
            result = cl.classify_text(item.title, item.text, model)
            assert result[f"{name}_probabilities"] == dict(zip(head.labels, got, strict=True))


def _item_like(title: str, text: str):
    from jianghua.training.train import Item

    return Item("probe", "0", "other", "other", "probe", title, text, "probe")


# --- robustness -------------------------------------------------------------------------------------

SCRIPT_FLOOR = 0.95


@pytest.mark.seeds
def test_script_robustness_on_seeds_and_sample(seed_pages, sample_documents, model):
    """The same document in traditional script (OpenCC s2t) gets the same genre and topic."""
    from opencc import OpenCC

    s2t = OpenCC("s2t")
    docs = [doc for page in seed_pages.values() for doc in page.documents] + sample_documents
    same = 0
    for doc in docs:
        simplified = cl.classify(doc, model)
        traditional = cl.classify_text(s2t.convert(doc.title), s2t.convert(doc.text), model)
        same += (simplified["genre"], simplified["topic"]) == (traditional["genre"], traditional["topic"])
    share = same / len(docs)
    print(f"script robustness: {same}/{len(docs)} = {share:.1%}")
    assert share >= SCRIPT_FLOOR


def test_traditional_page_through_the_pipeline_gets_the_same_labels(sample_pages, model):
    """xuexi-hant/002 is the Big5, Taiwan-converted spun copy of fanwen-hans/001 #1."""
    original = sample_pages["fanwen-hans/001-zhongceng-jingzheng-shanggang-dongyuan-jingxuan.txt"].documents[0]
    copy = sample_pages["xuexi-hant/002-shichang-jianguan-dongyuan-big5.txt"].documents[0]
    a, b = cl.classify(original, model), cl.classify(copy, model)
    assert (a["genre"], a["topic"]) == (b["genre"], b["topic"]) == ("mobilization_speech", "competitive_selection")


@pytest.mark.seeds
def test_truncation_share_is_reported(seed_pages, sample_documents, model):
    docs = [d for page in seed_pages.values() for d in page.documents] + sample_documents
    long_docs = [d for d in docs if len(d.text) > 500]
    same = sum(cl.classify(d, model)["genre"] == cl.classify_text(d.title, d.text[:500], model)["genre"] for d in long_docs)
    share = same / len(long_docs)
    print(f"truncation robustness (first 500 chars, shipped model): {same}/{len(long_docs)} = {share:.1%}")
    cv = model.meta["metrics"]["truncation"]
    print(f"truncation robustness (cross-validated, model card): {cv['same_genre_share']:.1%} of {cv['documents']}")
    assert share >= 0.8 and cv["same_genre_share"] >= 0.8


# --- section roles ----------------------------------------------------------------------------------

ROLE_CASES = [
    ("一、", "一、统一思想，充分认识这次竞争上岗工作的重要意义", "mobilization_speech", "significance"),
    ("二、", "二、竞聘工作的指导思想、基本原则和有关规定。", "mobilization_speech", "guiding_principles"),
    ("（一）", "（一）竞聘职位", "mobilization_speech", "arrangements"),
    ("（三）", "（三）时间安排及方法程序", "plan_or_regulation", "arrangements"),
    ("三、", "三、竞聘工作的有关要求", "mobilization_speech", "requirements"),
    ("（四）", "（四）公道正派，严肃纪律。", "mobilization_speech", "requirements"),
    ("（一）", "（一）竞争上岗是人事制度改革的必然要求。", "mobilization_speech", "significance"),
    ("三要", "三要端正态度，统一认识。", "mobilization_speech", "requirements"),
    ("一是", "一是拓宽了选拔人才视野。", "meeting_speech", "results"),
    ("一、", "一、“党外干部挂职锻炼工作”实现了个人成长和工作推进的双丰收", "mobilization_speech", "results"),
    ("四、", "四、存在的问题和不足", "experience_report", "problems"),
    ("五、", "五、希望和号召", "mobilization_speech", "exhortation"),
    ("一、", "一、基本情况", "experience_report", "background"),
    ("四、", "四、成绩计算和递补", "plan_or_regulation", "arrangements"),
    ("一、", "一、坚持公正重“平等”。", "experience_report", "arrangements"),
    ("一是", "一是熟悉情况，有较强的综合协调能力。", "candidate_speech", "other"),
]


@pytest.mark.parametrize(("marker", "heading", "genre", "role"), ROLE_CASES)
def test_heading_roles(marker, heading, genre, role):
    doc = _doc("t", heading, [Section(level=1, marker=marker, heading=heading, start=0, end=len(heading))])
    assert cl.section_roles(doc, genre) == [role]


def test_unmatched_child_takes_its_parents_role():
    sections = [Section(1, "二、", "二、做好竞争上岗工作的几点要求", 0, 10),
                Section(2, "一是", "一是正视自己，选好适合自己的岗位。", 2, 10, parent=0)]
    assert cl.section_roles(_doc("t", "x" * 10, sections), "mobilization_speech") == ["requirements", "requirements"]


@pytest.mark.seeds
def test_section_roles_of_a_seed_speech(seed_pages):
    doc = seed_pages["000_86ae1a88adefc9d4.txt"].documents[1]
    roles = cl.section_roles(doc)
    assert len(roles) == len(doc.sections)
    assert roles[:3] == ["significance", "guiding_principles", "requirements"]
    assert set(roles) <= set(cl.ROLES)


def test_role_screen_changes_no_role(sample_documents):
    """heading_role passes over a heading holding none of its rules' required strings: the first rule
    that matches, tried one by one, must give the same role everywhere."""
    import random

    def plain(heading: str, genre: str) -> str | None:
        return next((rule.role for rule in cl.role_rules()
                     if (not rule.genres or genre in rule.genres) and rule.pattern.search(heading)), None)

    rng = random.Random(0)
    headings = [s.heading for doc in sample_documents for s in doc.sections] + [case[1] for case in ROLE_CASES]
    headings += ["第三条 本办法所称的需要", "工作原则，", "坚持原则", "", "了解情况", "拓宽了视野", "不足之处", "必然要求"]
    alphabet = sorted(set("".join(headings)) | set("了为除重主需必只坚持要求"))
    headings += ["".join(rng.choices(alphabet, k=rng.randint(1, 12))) for _ in range(3000)]
    for genre in cl.GENRES:
        for heading in headings:
            assert cl.heading_role(heading, genre) == plain(heading, genre), (genre, heading)


def test_role_lexicon_bad_line_is_reported_as_file_line(monkeypatch):
    from jianghua import resources
    from jianghua.errors import ResourceError

    real_tsv = resources.tsv

    def fake_tsv(name, columns, min_columns=None):
        if name == cl.ROLE_RULES:
            return [(7, ["not_a_role", "x", ""])]
        return real_tsv(name, columns, min_columns)

    monkeypatch.setattr(resources, "tsv", fake_tsv)
    cl.role_rules.cache_clear()
    try:
        with pytest.raises(ResourceError, match=r"section_roles.tsv:7"):
            cl.role_rules()
    finally:
        cl.role_rules.cache_clear()



# --- the view: script, spinning, head and tail ------------------------------------------------------

def test_long_text_is_read_by_its_head_and_tail():
    text = "甲" * (cl.VIEW_HEAD_CHARS + 10) + "乙" * (cl.VIEW_TAIL_CHARS + 10)
    title, viewed = cl.view("题", text)
    assert title == "题" and viewed == "甲" * cl.VIEW_HEAD_CHARS + "\n" + "乙" * cl.VIEW_TAIL_CHARS


def test_traditional_text_is_viewed_in_simplified_script():
    assert cl.view("競爭上崗動員會上的講話", "同志們：\n這次競聘工作") == ("竞争上岗动员会上的讲话", "同志们：\n这次竞聘工作")


SPIN_CASES = [
    # phrases only a spinner writes are undone wherever they occur
    ("请x书记作发动讲话。", "请x书记作动员讲话。"),
    ("面向全校小我私家报名。", "面向全校个人报名。"),
    # one sign of spinning is not enough: 果真 is an adverb in a novel, 事情 a plain word
    ("他果真把这件事情办成了。", "他果真把这件事情办成了。"),
    # two signs: the spinner's words are undone too
    ("启动中层治理岗位竞聘事情，果真选拔，全部事情美满竣事。", "启动中层管理岗位竞聘工作，公开选拔，全部工作圆满结束。"),
    ("坚持果真、一律、竞争、择优，严酷举行，乐成走上岗位。", "坚持公开、平等、竞争、择优，严格进行，成功走上岗位。"),
    ("加强基层治理，开展工作。", "加强基层治理，开展工作。"),
]


@pytest.mark.parametrize(("spun", "plain"), SPIN_CASES)
def test_spinning_is_undone(spun, plain):
    assert cl.unspin("", spun) == ("", plain)


def test_spinning_signs_in_the_title_count():
    assert cl.unspin("果真选拔中层治理职员", "竣事后事情照常。") == ("公开选拔中层管理人员", "结束后工作照常。")


def test_spun_words_bad_line_is_reported_as_file_line(monkeypatch):
    from jianghua import resources
    from jianghua.errors import ResourceError

    real_tsv = resources.tsv
    for bad, reason in ((["果真", "公开", "often"], "unknown kind"), (["果真", "果真", "sign"], "different original")):
        def fake_tsv(name, columns, min_columns=None, bad=bad):
            if name == cl.SPUN_WORDS:
                return [(3, ["小我私家", "个人", "always"]), (9, bad)]
            return real_tsv(name, columns, min_columns)

        monkeypatch.setattr(resources, "tsv", fake_tsv)
        cl.unspinner.cache_clear()
        try:
            with pytest.raises(ResourceError, match=rf"spun_words.tsv:9: .*{reason}"):
                cl.unspinner()
        finally:
            cl.unspinner.cache_clear()


def test_spun_copy_gets_the_labels_of_the_plain_text(model):
    plain = ("为进一步激发中层干部队伍活力，学校于3月15日启动了中层管理岗位竞聘工作，面向全校教职工公开选拔中层管理人员，"
             "至4月9日全部工作圆满结束。整个活动坚持公开、平等、竞争、择优的原则，严格按照岗位发布、个人报名、资格审核、"
             "演讲答辩、民主测评、组织考察、公示的步骤进行。此次竞聘共设置岗位34个，共有41名同志报名参加，31位同志成功走上中层管理岗位。")
    spun = (plain.replace("管理", "治理").replace("工作", "事情").replace("公开", "果真").replace("结束", "竣事")
            .replace("成功", "乐成").replace("平等", "一律").replace("严格", "严酷").replace("个人", "小我私家").replace("圆满", "美满"))
    assert cl.view("", spun) == cl.view("", plain)
    a, b = cl.classify_text("", plain, model), cl.classify_text("", spun, model)
    assert (a["genre"], a["topic"]) == (b["genre"], b["topic"])


# --- features and inference -------------------------------------------------------------------------

def test_gram_keys_are_the_keys_of_the_ngrams():
    import random

    import numpy as np

    rng = random.Random(0)
    alphabet = list("a0 \n要是了") + ["𠀀", "\uffff", "\x00", "\U0010ffff"]
    values = ["", "a", "ab", "abc", "要是了"] + ["".join(rng.choices(alphabet, k=rng.randint(0, 12))) for _ in range(500)]
    for value in values:
        expected = [cl.gram_key(gram) for gram in cl.char_ngrams(value)]
        assert cl.gram_keys(value).tolist() == expected, value
    # grams of different lengths never share a key (code point 0 included)
    grams = ["\x00", "\x00\x00", "\x00\x00\x00", "a", "\x00a", "a\x00", "\U0010ffff" * 3]
    assert len({cl.gram_key(g) for g in grams}) == len(grams)
    assert np.array(cl.gram_key("\U0010ffff" * 3), dtype=np.int64) > 0


def _tiny_model(grams: list[str]) -> cl.Model:
    import numpy as np

    idf = np.array([1.0 + k / 7 for k in range(len(grams))])
    return cl.Model(path="<tiny>", grams=tuple(grams), idf=idf, structural=cl.structural_names(), struct_weight=0.5,
                    heads={}, meta={})


def test_vectors_are_sublinear_tfidf_of_the_vocabulary_and_the_structural_cues():
    import math
    from collections import Counter

    model = _tiny_model(["a", "ab", "abc", "0", " ", "0 ", "𠀀", "了", "为了解"])
    for title, text in (("", ""), ("ab", "abcabc 12"), ("", "𠀀了为了解\t\n\n0"), ("短", "abababab")):
        counts = Counter(g for g in cl.char_ngrams(cl.ngram_text(title, text)) if g in model.grams)
        raw = {model.grams.index(g): (1 + math.log(n)) * model.idf[model.grams.index(g)] for g, n in counts.items()}
        norm = math.sqrt(sum(v * v for v in raw.values()))
        expected = {k: v / norm for k, v in raw.items()}
        for k, value in enumerate(cl.structural_features(title, text)):
            if value:
                expected[len(model.grams) + k] = value * model.struct_weight
        got = cl.vectorize(model, title, text)
        assert got.keys() == expected.keys() and all(abs(got[k] - v) < 1e-12 for k, v in expected.items()), (title, text)


def test_top_features_are_the_largest_positive_pushes(model):
    result = cl.classify_text("在中层干部竞争上岗动员大会上的讲话", "同志们：\n今天召开动员大会，对竞争上岗工作进行部署。", model)
    for name in ("genre", "topic"):
        weights = [f["weight"] for f in result["top_features"][name]]
        assert weights == sorted(weights, reverse=True) and all(w > 0 for w in weights)
        assert 0 < len(weights) <= default_settings().classify.top_features


def test_the_stage_can_skip_or_use_another_model(model):
    doc = _doc("在驻村工作队员派驻动员会上的讲话", "同志们：\n今天召开动员会，部署驻村工作。")
    with cl.skipping_classification():
        assert cl.annotate(doc).classification is None
    with cl.classifying_with(model):
        assert cl.annotate(doc).classification["genre"] in cl.GENRES
    assert cl.annotate(_doc(doc.title, doc.text)).classification == doc.classification


@pytest.mark.parametrize(("title", "text", "expected"), [
    # a mobilization meeting of a cadre campaign, in the text and in the title
    ("在中层干部竞争上岗动员大会上的讲话", "同志们：今天召开竞聘动员会。", {"mobilize_cadre": 1.0, "mobilize_cadre_head": 1.0}),
    # a 动员大会 of 军训 or a skills contest names no cadre campaign
    ("在新生军训动员大会上的讲话", "同学们：今天召开军训动员大会。", {"mobilize_other": 1.0, "mobilize_other_head": 1.0}),
    ("", "同志们：技能竞赛动员部署会今天召开。", {"mobilize_other": 1.0}),
    # a cadre campaign without a mobilization meeting, and neither
    ("驻村工作总结", "我们选派了第一书记。", {}),
    ("", "同志们好。", {}),
])
def test_mobilization_meeting_with_and_without_a_cadre_campaign(title, text, expected):
    names = cl.structural_names()
    values = dict(zip(names, cl.structural_features(title, text), strict=True))
    mobilizing = {name: value for name, value in values.items() if name.startswith("mobilize_") and value}
    assert mobilizing == expected


def test_rate_our_unit_counts_an_institution_speaking_of_itself():
    names = cl.structural_names()
    at = names.index("rate_our_unit")
    # 200 characters with two 我县/我局 (10 per 1000, half 2 -> 10/12); 我国 and 本文 are not a unit's voice
    text = "我县推行竞争上岗，我局也在做。" + "。" * 185
    assert len(text) == 200
    assert cl.structural_features("", text)[at] == pytest.approx(10 / 12)
    assert cl.structural_features("", "本文研究我国干部选拔制度。" + "。" * 187)[at] == 0.0
    # a candidate's self-account (我所在的, 我办事, 我处理, 我行我素) is no unit speaking
    own = "我所在的科室，我办事认真，我处理问题，不我行我素。" + "。" * 175
    assert cl.structural_features("", own)[at] == 0.0


def test_unspin_undoes_a_spinners_names_of_offices_wherever_they_occur():
    # phrases no plain page writes (组织部 -> 构造部, 县政府 -> 县当局, 各位领导 -> 各位向导): undone even alone
    assert cl.unspin("县委构造部通知", "各位向导：县当局和党构造都要参加。") == \
        ("县委组织部通知", "各位领导：县政府和党组织都要参加。")
    # the single words stay where the text shows no other sign of spinning (外国当局, 向导 as a guide)
    assert cl.unspin("", "外国当局请了一位向导。") == ("", "外国当局请了一位向导。")
    # 构造部 / 各位向导 alone are no spinner's sign: a machine's 构造部分, a tour guide greeted, stay
    assert cl.unspin("", "机械的构造部分很精巧。") == ("", "机械的构造部分很精巧。")
    assert cl.unspin("", "各位向导：景区接待要热情周到。") == ("", "各位向导：景区接待要热情周到。")


def test_rate_farewell_counts_the_words_of_leaving():
    at = cl.structural_names().index("rate_farewell")
    # 200 characters with 期满 and 回原单位 (10 per 1000, half 2 -> 10/12); a candidate's 我竞聘 is none
    text = "挂职期满，明天我就回原单位了。" + "。" * 185
    assert len(text) == 200
    assert cl.structural_features("", text)[at] == pytest.approx(10 / 12)
    assert cl.structural_features("", "我竞聘办公室副主任，请大家支持我。" + "。" * 183)[at] == 0.0
