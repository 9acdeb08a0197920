"""The learned fact units (jianghua.stages.extract.learned): units, tokens, value builders, the model file
and the step that adds values where no written rule found one."""

from __future__ import annotations

import numpy as np
import pytest
from jianghua.errors import JianghuaError
from jianghua.stages.extract import extract, learned, nlp, record_errors
from jianghua.stages.extract.context import Context

PLAN = ("一、报名条件\n（一）具有大学本科以上学历；\n（二）同时参加工作满5年，身体健康。\n二、实施步骤\n"
        "竞聘按照报名、资格审查、笔试、面试的程序进行。报名时间为2023年5月8日至12日。")


@pytest.fixture(scope="module")
def ctx_of(rules_document):
    nlp.load()
    return lambda text: Context(rules_document(text), "case")


def test_units_are_clauses_without_markers_or_connectors(ctx_of):
    found = learned.units(ctx_of(PLAN))
    assert [(u.text, u.sentence) for u in found] == [
        ("报名条件", 0), ("具有大学本科以上学历", 1), ("参加工作满5年", 2), ("身体健康", 2), ("实施步骤", 3),
        ("竞聘按照报名、资格审查、笔试、面试的程序进行", 4), ("报名时间为2023年5月8日至12日", 5)]
    ctx = ctx_of(PLAN)
    assert all(ctx.text[u.start:u.end] == u.text for u in learned.units(ctx))


def test_a_long_clause_is_cut_at_its_list_commas(ctx_of):
    posts = "、".join(f"第{n}工作组组长" for n in range(1, 13))  # 12 posts, 95 characters, no comma
    found = learned.units(ctx_of(f"本次拿出{posts}。"))
    assert [u.text for u in found] == ["本次拿出第1工作组组长"] + [f"第{n}工作组组长" for n in range(2, 13)]


def test_unit_tokens_name_grams_context_shape_and_document():
    tokens = learned.unit_tokens("年满5年", "条件", "甲", "", 1, 2, "plan_or_regulation", "competitive_selection")
    assert tokens == ["u年", "u满", "u5", "u年", "u年满", "u满5", "u5年", "u年满5", "u满5年",
                      "h条", "h件", "h条件", "p甲", "s:len0", "s:numeral", "s:digit", "s:pos2",
                      "g:plan_or_regulation", "t:competitive_selection"]


@pytest.mark.parametrize(("field", "text", "expected"), [
    ("stages", "竞聘按照报名、资格审查、笔试、面试的程序进行",
     [{"name": "报名"}, {"name": "资格审查"}, {"name": "笔试"}, {"name": "面试"}]),
    ("stages", "依次走完了发布岗位、个人报名、演讲答辩等环节", [{"name": "发布岗位"}, {"name": "个人报名"}, {"name": "演讲答辩"}]),
    ("stages", "这是一个很长的句子而且不是任何步骤的列表也没有顿号", []),
    ("positions", "此次共拿出办公室主任、财务科科长等2个岗位", [{"title": "办公室主任"}, {"title": "财务科科长"}]),
    ("positions", "各单位要高度重视", []),
    ("positions", "办公室主任等职位由副局长兼任", []),  # kept out of the campaign
    ("statistics", "共选派干部120余名", [{"kind": "people", "value": 120, "unit": "名", "comparator": "余"}]),
    ("statistics", "投入资金25万元", [{"kind": "money", "value": 25, "unit": "万元"}]),
    ("statistics", "年龄在35岁以下", []),  # an age limit, not a figure
    ("eligibility.tenure", "参加工作满5年", [{"years": 5, "kind": "service"}]),
    ("eligibility.tenure", "报名时间为2023年5月", []),  # a year is no tenure
    ("ratios.term_years", "挂职时间为一年", [{"years": 1, "about": "挂职时间"}]),
    ("ratios.term_years", "驻村时间为6个月", [{"years": 0.5, "about": "驻村时间"}]),
    ("timeline", "报名时间为2023年5月8日至12日",
     [{"stage": "报名", "label": "报名", "text": "2023年5月8日至12日", "start": "2023-05-08", "end": "2023-05-12"}]),
    ("timeline", "2023年5月8日召开大会", []),  # a date without a stage beside it
    ("organization", "市委组织部制定了方案", [{"name": "市委组织部"}]),
    ("organization", "本办法由市委组织部负责解释", [{"name": "市委组织部"}]),
    ("organization", "经县委、县政府研究", [{"name": "县委"}]),
    ("organization", "各单位要高度重视这次工作", []),
    ("eligibility.other", "身体健康", []),  # too short to be a condition of its own
    ("eligibility.other", "近三年年度考核均为称职以上", [{"condition": "近三年年度考核均为称职以上"}]),
])
def test_values_built_from_a_unit(ctx_of, field, text, expected):
    ctx = ctx_of(text + "。")
    (unit,) = learned.units(ctx)
    built = learned.build_values(ctx, field, unit)
    assert [fields for _a, _b, fields in built] == expected
    assert all(unit.start <= a < b <= unit.end for a, b, _fields in built)


def _model(classes, vocabulary, coef, thresholds, intercept=None, report_thresholds=None):
    """A FactModel written by hand: ``coef`` rows are tokens, columns classes."""
    data = {"format": learned.MODEL_FORMAT, "format_version": learned.MODEL_FORMAT_VERSION, "classes": classes,
            "vocabulary": vocabulary, "idf": [1.0] * len(vocabulary), "coef": [v for row in coef for v in row],
            "intercept": intercept or [0.0] * len(classes), "thresholds": thresholds}
    if report_thresholds is not None:
        data["report_thresholds"] = report_thresholds
    return learned.model_from_dict(data)


@pytest.mark.parametrize("copies", [4, 10])  # 8 units a label (two classes: none, other), 20 (three fields)
def test_probabilities_are_scikit_learns(copies):
    pytest.importorskip("sklearn")
    from jianghua.training import train_facts
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    texts = ["报名时间为5月", "笔试成绩占40%", "大会取得圆满成功", "报名截止6月", "面试成绩占60%", "同志们辛苦了"] * copies
    labels = ["timeline", "scoring.component", "none"] * (2 * copies)
    rows = [train_facts.UnitRow(f"p{i % 5}", learned.unit_tokens(t, "", "", "", i, 24, None, None), label, False)
            for i, (t, label) in enumerate(zip(texts, labels, strict=True))]
    model = train_facts.model_of(train_facts.fit(rows, c=1.0))
    vectorizer = TfidfVectorizer(analyzer=lambda tokens: tokens, min_df=2, max_features=train_facts.MAX_FEATURES,
                                 sublinear_tf=True)
    x = vectorizer.fit_transform([row.tokens for row in rows])
    mapping = train_facts.classes_of(rows)
    classifier = LogisticRegression(C=1.0, max_iter=3000, class_weight="balanced").fit(x, [mapping[row.label] for row in rows])
    probe = [learned.unit_tokens("报名时间为7月", "", "", "", 0, 1, None, None)]
    assert model.classes == (("none", "other") if copies == 4 else ("none", "scoring.component", "timeline"))
    assert model.classes == tuple(classifier.classes_)
    assert np.allclose(model.probabilities(probe), classifier.predict_proba(vectorizer.transform(probe)), atol=1e-9)


def test_the_model_file_is_checked():
    with pytest.raises(JianghuaError) as caught:
        learned.model_from_dict({"format": "jianghua.genre-topic"})
    assert caught.value.code == "M701"
    with pytest.raises(JianghuaError, match="no value is built for"):
        _model(["none", "panel"], ["u甲"], [[0.0, 1.0]], {"panel": 0.5})
    with pytest.raises(JianghuaError, match="not classes"):
        _model(["none", "stages"], ["u甲"], [[0.0, 1.0]], {"positions": 0.5})
    with pytest.raises(JianghuaError, match="not classes"):
        _model(["none", "stages"], ["u甲"], [[0.0, 1.0]], {"stages": 0.5}, report_thresholds={"positions": 0.5})
    with pytest.raises(JianghuaError, match=r"report_thresholds of \['stages'\] are not probabilities"):
        _model(["none", "stages"], ["u甲"], [[0.0, 1.0]], {"stages": 0.5}, report_thresholds={"stages": 1.5})
    assert _model(["none", "stages"], ["u甲"], [[0.0, 1.0]], {"stages": 0.5}).report_thresholds == {}  # (a v1 file without them)
    shipped = learned.load_model()
    assert learned.NONE in shipped.classes and set(shipped.thresholds) <= set(learned.BUILDERS)
    assert all(0 < t < 1 for t in (*shipped.thresholds.values(), *shipped.report_thresholds.values()))
    assert set(shipped.report_thresholds) <= set(learned.BUILDERS)


STAGES_MODEL = ("none", "stages"), ["u报名", "u面试"], [[0.0, 3.0], [0.0, 3.0]]


def test_the_step_adds_values_only_where_no_rule_value_lies(ctx_of):
    model = _model(*STAGES_MODEL, {"stages": 0.6})
    ctx = ctx_of("首先个人报名、单位推荐、集体面试。其次面试。")
    record = {"stages": [{"order": 1, "name": "面试", "evidence": ctx.evidence(ctx.text.index("其次") + 2, len(ctx.text) - 1)}]}
    assert learned.add_learned(ctx, record, model, None, None) == 3
    assert [(s["order"], s["name"], s.get("method")) for s in record["stages"]] == [
        (1, "面试", None), (2, "个人报名", "learned"), (3, "单位推荐", "learned"), (4, "集体面试", "learned")]
    assert [s["evidence"]["text"] for s in record["stages"][1:]] == ["个人报名", "单位推荐", "集体面试"]


def test_below_its_threshold_a_unit_gives_nothing(ctx_of):
    model = _model(*STAGES_MODEL, {"stages": 0.99})
    record = {"stages": []}
    assert learned.add_learned(ctx_of("个人报名、单位推荐、集体面试。"), record, model, None, None) == 0
    assert record["stages"] == []


def test_only_texts_stating_rules_in_their_own_voice_get_learned_values(rules_document):
    model = _model(("none", "eligibility.other", "stages"), ["u方言", "u走访"], [[0.0, 3.0, 0.0], [0.0, 0.0, 3.0]],
                   {"eligibility.other": 0.6, "stages": 0.6})
    plan = rules_document("本次竞聘面向全体职工，参加竞聘的同志须熟练使用当地方言和普通话交流，不得代为报名。"
                          "全镇将依次开展摸底走访、建档立卡、结对帮扶，各村不得缺项。")
    record = extract(plan, "plan", fact_model=model)
    assert record["standing"]["kind"] == "rules" and record_errors(record) == []
    assert [(v["condition"], v["method"]) for v in record["eligibility"]["other"]] == [
        ("参加竞聘的同志须熟练使用当地方言和普通话交流", "learned")]
    assert [(v["order"], v["name"], v["evidence"]["text"]) for v in record["stages"]] == [
        (1, "摸底走访", "摸底走访"), (2, "建档立卡", "建档立卡"), (3, "结对帮扶", "结对帮扶")]
    rules_alone = extract(plan, "plan", fact_model=None)
    assert rules_alone["eligibility"]["other"] == [] and rules_alone["stages"] == []
    candidate = rules_document("我叫王某，今年35岁。我竞聘的岗位是办公室主任，我会熟练使用当地方言和普通话交流。")
    record = extract(candidate, "cand", fact_model=model)
    assert record["standing"]["kind"] == "candidate" and record["eligibility"]["other"] == []


def test_a_learned_organization_only_where_the_rules_found_none(ctx_of):
    model = _model(("none", "organization"), ["u组织部"], [[0.0, 3.0]], {"organization": 0.6})
    ctx = ctx_of("市委组织部制定了方案。")
    record = {"organization": None}
    assert learned.add_learned(ctx, record, model, None, None) == 1
    assert (record["organization"]["name"], record["organization"]["method"]) == ("市委组织部", "learned")
    assert record["organization"]["evidence"]["text"] == "市委组织部"
    found = {"name": "县委", "evidence": ctx.evidence(0, 2)}
    record = {"organization": dict(found)}
    assert learned.add_learned(ctx_of("各乡镇：县委组织部制定了方案。"), record, model, None, None) == 0
    assert record["organization"] == found


def test_a_value_the_record_already_holds_is_not_added_again(ctx_of):
    model = _model(*STAGES_MODEL, {"stages": 0.6})
    ctx = ctx_of("首先个人报名、单位推荐、集体面试。")
    record = {"stages": [{"order": 1, "name": "集体面试", "evidence": ctx.evidence(0, 2)}]}
    assert learned.add_learned(ctx, record, model, None, None) == 2
    assert [(s["order"], s["name"]) for s in record["stages"]] == [(1, "集体面试"), (2, "个人报名"), (3, "单位推荐")]


# --- review 9 mends ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("field", "text", "expected"), [
    # (1) a written-out year is no figure of years, nor a year before or from which something counts
    ("ratios.term_years", "聘期自二〇二一年起计算", []),
    ("eligibility.tenure", "参加工作须在二〇一七年以前", []),
    ("eligibility.tenure", "二〇〇六年以前参加工作", []),
    ("eligibility.tenure", "一九九五年以前参加工作", []),
    ("eligibility.tenure", "95年以前参加工作", []),
    ("eligibility.tenure", "参加工作满八年", [{"years": 8, "kind": "service"}]),
    ("eligibility.tenure", "参加工作满十二年", [{"years": 12, "kind": "service"}]),
    # (2) a masked figure: nothing, whatever other number the clause holds
    ("ratios.term_years", "聘期为×年（每一年考核一次）", []),
    ("ratios.term_years", "任期X年（自二〇二一年起计算）", []),
    ("eligibility.tenure", "参加工作满＿年（含一年试用期）", []),
    ("ratios.term_years", "试用期满后聘期三年", [{"years": 3, "about": "试用期"}]),
    ("ratios.term_years", "每一年考核一次后聘期两年", [{"years": 2, "about": "聘期"}]),
    # (4) a lead word inside a longer word, a post's word inside a longer word, a group's composition
    ("positions", "竞聘者可报考党政办主任、人事科科长中的一个职位",
     [{"title": "党政办主任"}, {"title": "人事科科长"}]),
    ("positions", "由分管副局长任组长", []),
    ("positions", "健全干部监督运行长效机制", []),
    ("positions", "营造想干事、能干事的氛围", []),
    ("positions", "办公室科长助理（享受副主任待遇）", [{"title": "办公室科长"}]),
    ("positions", "选派年轻干部担任社区第一书记", [{"title": "社区第一书记"}]),
    # (5) rules for cadres already on a placement are no eligibility
    ("eligibility.other", "下派干部在挂职期间人事关系不变", []),
    ("eligibility.other", "不得以驻村为由推脱本单位工作", []),
    ("eligibility.other", "驻村干部与派出单位工作脱钩", []),
    ("eligibility.other", "任现职期间年度考核均为称职以上", [{"condition": "任现职期间年度考核均为称职以上"}]),
    # (10) a single short clause is a stage only where a step is named
    ("stages", "局党委研究同意", []),
    ("stages", "总体要求", []),
    ("stages", "为进一步优化班子结构", []),
    ("stages", "然后进入组织考察阶段", [{"name": "进入组织考察"}]),
    ("stages", "通过民主测评", [{"name": "民主测评"}]),
])
def test_values_the_review_found_wrong(ctx_of, field, text, expected):
    ctx = ctx_of(text + "。")
    (unit,) = learned.units(ctx)
    assert [fields for _a, _b, fields in learned.build_values(ctx, field, unit)] == expected


def test_a_step_marker_or_a_heading_naming_steps_makes_a_single_clause_a_stage(ctx_of):
    ctx = ctx_of("第三步：组织考察。")
    (unit,) = learned.units(ctx)
    assert [fields for _a, _b, fields in learned.build_values(ctx, "stages", unit)] == [{"name": "组织考察"}]
    ctx = ctx_of("他说：组织考察。")
    (unit, ) = [u for u in learned.units(ctx) if u.text == "组织考察"]
    assert learned.build_values(ctx, "stages", unit) == []


def _unstructured(text):
    """A document as a page of PDF lines gives it: its sentences run across the line breaks."""
    from jianghua.document import Document
    from jianghua.stages.normalize import normalize

    normalized = normalize(text)
    return Document(ordinal=1, title="", text=normalized.text, original=text, omap=normalized.omap)


def test_a_clause_wrapped_by_a_line_break_is_one_unit(ctx_of):
    nlp.load()
    ctx = Context(_unstructured("竞聘者可报考党政办主任、人事\n科科长中的一个职位。参加工作须在二〇\n一七年以前。"), "case")
    found = learned.units(ctx)
    assert [(u.text, u.breaks) for u in found] == [
        ("竞聘者可报考党政办主任、人事科科长中的一个职位", (14,)), ("参加工作须在二〇一七年以前", (8,))]
    built = learned.build_values(ctx, "positions", found[0])
    assert [(fields["title"], ctx.text[a:b]) for a, b, fields in built] == [
        ("党政办主任", "党政办主任"), ("人事科科长", "人事\n科科长")]
    assert learned.build_values(ctx, "eligibility.tenure", found[1]) == []
    assert (found[1].start, found[1].end) == (ctx.text.index("参加"), ctx.text.index("以前") + 2)


def test_trimming_runs_of_brackets_is_linear(ctx_of):
    import time

    for run in ("（" * 20_000, "）" * 20_000):
        ctx = ctx_of(f"参加工作满5年，{run}具有本科学历。")
        began = time.process_time()
        found = learned.units(ctx)
        for unit in found:
            for field in learned.BUILDERS:
                learned.build_values(ctx, field, unit)
        assert time.process_time() - began < 2.0  # (quadratic: 10 s and more)
        assert [u.text for u in found][0] == "参加工作满5年"
    assert learned._trimmed("（副）科长）", 0, 6) == (0, 6)  # a bracket with its partner in the piece stays
    assert learned._trimmed("“科长）”", 0, 5) == (1, 3)


def test_only_a_text_stating_rules_with_directive_phrasing_is_read_and_a_report_against_its_own_thresholds(rules_document):
    model = _model(("none", "stages", "eligibility.other"), ["u走访", "u方言"], [[0.0, 3.0, 0.0], [0.0, 0.0, 3.0]],
                   {"stages": 0.6, "eligibility.other": 0.6}, report_thresholds={"stages": 0.6})
    plan = "全镇将依次开展摸底走访、建档立卡、结对帮扶，各村不得缺项。参加竞聘的同志须熟练使用当地方言交流。"
    doc = rules_document(plan)
    record = extract(doc, "plan", fact_model=model)
    assert [s["name"] for s in record["stages"]] == ["摸底走访", "建档立卡", "结对帮扶"]
    assert [v["condition"] for v in record["eligibility"]["other"]] == ["参加竞聘的同志须熟练使用当地方言交流"]
    assert (model.threshold("stages", True), model.threshold("eligibility.other", True)) == (0.6, None)
    for genre in learned.REPORTING_GENRES:  # (a report's steps are the campaign's; its conditions are not taken)
        doc = rules_document(plan)
        doc.classification = {"genre": genre, "topic": "competitive_selection"}
        assert learned.reports(doc)
        record = extract(doc, "report", fact_model=model)
        assert [s["name"] for s in record["stages"]] == ["摸底走访", "建档立卡", "结对帮扶"]
        assert record["eligibility"]["other"] == []
    told = rules_document("去年全镇依次开展了摸底走访、建档立卡、结对帮扶，效果很好。")
    record = extract(told, "told", fact_model=model)
    assert (record["standing"]["kind"], record["standing"]["reason"]) == ("rules", "directive phrasing 0")
    assert record["stages"] == []


def _write(path, content):
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return str(path)


def _shipped_data():
    import json

    from jianghua import resources

    return json.loads(resources.read_text(learned.MODEL_RESOURCE))


@pytest.mark.parametrize(("name", "damage"), [
    ("gzip", lambda data: b"\x1f\x8b\x08\x00\xff\xfe"),
    ("list", lambda data: "[]"),
    ("null", lambda data: "null"),
    ("truncated", lambda data: '{"format": "jianghua.fact-units", '),
    ("thresholds_list", lambda data: {**data, "thresholds": []}),
    ("threshold_nan", lambda data: {**data, "thresholds": {**data["thresholds"], "stages": float("nan")}}),
    ("threshold_above_one", lambda data: {**data, "thresholds": {**data["thresholds"], "stages": 5.0}}),
    ("threshold_text", lambda data: {**data, "thresholds": {**data["thresholds"], "stages": "0.5"}}),
    ("coef_null", lambda data: {**data, "coef": [None] * len(data["coef"])}),
    ("idf_infinite", lambda data: {**data, "idf": [float("inf")] * len(data["idf"])}),
    ("version", lambda data: {**data, "format_version": 2}),
    ("format", lambda data: {**data, "format": "jianghua.genre-topic"}),
])
def test_a_damaged_model_file_is_a_coded_error_naming_the_file(tmp_path, name, damage):
    import json

    damaged = damage(_shipped_data())
    path = _write(tmp_path / f"{name}.json", damaged if isinstance(damaged, (str, bytes)) else json.dumps(damaged))
    with pytest.raises(JianghuaError) as caught:
        learned.load_model(path)
    assert caught.value.code == "M701"
    assert path in str(caught.value) and "`jianghua train-facts`" in str(caught.value)


def test_a_missing_model_file_or_a_directory_is_a_coded_error(tmp_path):
    for path, code in ((str(tmp_path / "absent.json"), "M702"), (str(tmp_path), "M701")):
        with pytest.raises(JianghuaError) as caught:
            learned.load_model(path)
        assert caught.value.code == code
        assert path in str(caught.value) and "`jianghua train-facts`" in str(caught.value)


def test_without_a_usable_shipped_model_the_rules_run_alone_with_one_warning(rules_document, monkeypatch):
    import warnings

    plan = rules_document("报名条件：具有大学本科以上学历。")
    monkeypatch.setattr(learned, "MODEL_RESOURCE", "models/fact-units.absent.json")
    learned.load_model.cache_clear()
    learned.shipped_model.cache_clear()
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            records = [extract(plan, f"plan{n}") for n in range(3)]
        assert [str(w.message).split(";")[0] for w in caught] == [
            f"[M702] fact model {learned.resources.path('models/fact-units.absent.json')} is missing: build it with"
            " `jianghua train-facts`"]
        assert [[v["minimum"] for v in r["eligibility"]["education"]] for r in records] == [["大学本科"]] * 3
    finally:
        monkeypatch.undo()
        learned.load_model.cache_clear()
        learned.shipped_model.cache_clear()
    assert learned.shipped_model() is not None


def test_with_the_written_rules_of_the_learned_fields_off_only_the_learned_values_stand(rules_document):
    """bench/learned_only.toml (extract.written_learned_fields = false): the written rules' values of every
    field the learned step gives are dropped before it runs; the other fields keep theirs."""
    from dataclasses import replace

    from jianghua.stages.settings import default_settings

    off = replace(default_settings().extract, written_learned_fields=False)
    model = _model(("none", "stages"), ["u摸底", "u走访"], [[0.0, 3.0], [0.0, 3.0]], {"stages": 0.6})
    plan = rules_document("本次竞聘面向全体职工，参加竞聘的同志须具有大学本科以上学历，年龄在40周岁以下，"
                          "参加工作满5年。竞聘按照报名、资格审查、笔试、面试的程序进行。"
                          "全镇将依次开展摸底走访、建档立卡、结对帮扶，各村不得缺项。")
    written = extract(plan, "plan", fact_model=None)
    assert [s["name"] for s in written["stages"]] == ["报名", "资格审查", "笔试", "面试"]
    assert [t["years"] for t in written["eligibility"]["tenure"]] == [5]
    alone = extract(plan, "plan", settings=off, fact_model=model)
    assert record_errors(alone) == []
    assert [(s["name"], s["method"]) for s in alone["stages"]] == [("摸底走访", "learned"), ("建档立卡", "learned"), ("结对帮扶", "learned")]
    assert alone["eligibility"]["tenure"] == [] and alone["eligibility"]["other"] == [] and alone["positions"] == []
    assert alone["organization"] is None and alone["ratios_and_periods"]["term"] == []
    assert alone["eligibility"]["education"] == written["eligibility"]["education"] != []  # (not a learned field)
    assert alone["eligibility"]["max_age"] == written["eligibility"]["max_age"] != []


def test_the_step_reads_its_words_from_one_data_file():
    from jianghua import resources

    table = resources.word_groups("extract/learned_words.tsv", learned.WORD_GROUPS)
    assert table["step_word"] == ("步骤", "程序", "环节", "阶段", "流程")
    assert table["tenure_teaching"] == ("教龄", "任教")
    assert learned._CONNECTOR.match("并且同时").group() == "并且"  # (the longer word first)
    assert learned._TERM_ABOUT.search("挂职期限为一年").group() == "挂职期限"
    assert learned._PLACED.search("挂职期满后回原单位").group() == "挂职期满"
    assert learned._PLACED.search("不得以驻村为由").group() == "为由"
    assert [kind for kind, words in learned._TENURE_KINDS if words.search("在本单位任教满3年")] == ["teaching", "unit"]


@pytest.mark.parametrize(("text", "kind"), [("具有5年以上教龄", "teaching"), ("参加工作满3年", "service"),
                                            ("在现岗位工作2年以上", "post"), ("在本系统工作满4年", "unit")])
def test_a_tenure_takes_the_kind_of_the_first_word_group_it_holds(ctx_of, text, kind):
    ctx = ctx_of(text + "。")
    (unit,) = learned.units(ctx)
    assert [fields.get("kind") for _a, _b, fields in learned.build_values(ctx, "eligibility.tenure", unit)] == [kind]


def test_a_dated_unit_takes_the_stage_named_beside_it_in_its_clause(ctx_of):
    ctx = ctx_of("2023年4月6日至10日：个人报名，4月15日：组织笔试。")
    found = learned.units(ctx)
    assert [u.text for u in found] == ["2023年4月6日至10日", "个人报名", "4月15日", "组织笔试"]
    assert [fields["stage"] for _a, _b, fields in learned.build_values(ctx, "timeline", found[0])] == ["报名"]
    assert [(f["stage"], f["start"]) for _a, _b, f in learned.build_values(ctx, "timeline", found[2])] == [("笔试", "--04-15")]
    lone = ctx_of("2023年5月8日，全体干部参加。")
    assert learned.build_values(lone, "timeline", learned.units(lone)[0]) == []  # (no stage in its sentence: none)


@pytest.mark.parametrize(("field", "text", "evidence"), [
    ("eligibility.tenure", "报名人员须在本单位工作满2年以上", "本单位工作满2年"),
    ("eligibility.tenure", "具有5年以上教龄", "5年以上教龄"),
    ("eligibility.tenure", "参加工作满5年", "参加工作满5年"),
    ("ratios.term_years", "选派干部聘期为2年", "聘期为2年"),
    ("ratios.term_years", "第一书记任期三年", "任期三年"),
    ("ratios.term_years", "挂职时间为一年半", "挂职时间为一年半"),
    ("eligibility.tenure", "连续工作满两年半", "工作满两年半"),
])
def test_a_years_value_cites_its_figure_cue_and_kind_not_the_whole_clause(ctx_of, field, text, evidence):
    ctx = ctx_of(text + "。")
    (unit,) = learned.units(ctx)
    assert [ctx.text[a:b] for a, b, _fields in learned.build_values(ctx, field, unit)] == [evidence]


# --- the second review's findings ---------------------------------------------------------------------


def _built(ctx_of, field, text):
    ctx = ctx_of(text + "。")
    return [(ctx.text[a:b], fields) for unit in learned.units(ctx) for a, b, fields in learned.build_values(ctx, field, unit)]


@pytest.mark.parametrize(("text", "expected"), [
    ("在本单位工作满2年且参加工作5年以上", [("本单位工作满2年", {"years": 2, "kind": "unit"}),
                                           ("参加工作5年", {"years": 5, "kind": "service"})]),
    ("参加工作5年以上且在本单位工作满2年", [("参加工作5年", {"years": 5, "kind": "service"}),
                                           ("本单位工作满2年", {"years": 2, "kind": "unit"})]),
    ("任现职务满1年且工龄10年以上", [("现职务满1年", {"years": 1, "kind": "post"}),
                                     ("工龄10年", {"years": 10, "kind": "service"})]),
    ("工作满3年且教龄5年以上", [("工作满3年", {"years": 3, "kind": "service"}), ("教龄5年", {"years": 5, "kind": "teaching"})]),
    ("年满35周岁且工作满3年", [("工作满3年", {"years": 3, "kind": "service"})]),  # (the 满 of 年满: no cue)
    ("参加工作满5年且近3年考核称职", [("参加工作满5年", {"years": 5, "kind": "service"})]),  # (a part naming no tenure)
])
def test_a_tenure_takes_the_kind_of_the_word_beside_its_figure(ctx_of, text, expected):
    assert _built(ctx_of, "eligibility.tenure", text) == expected


@pytest.mark.parametrize(("field", "text", "expected"), [
    ("ratios.term_years", "挂职时间为一年半", [("挂职时间为一年半", {"years": 1.5, "about": "挂职时间"})]),
    ("eligibility.tenure", "连续工作满两年半", [("工作满两年半", {"years": 2.5, "kind": "service"})]),
    ("ratios.term_years", "驻村时间为半年", [("驻村时间为半年", {"years": 0.5, "about": "驻村时间"})]),
])
def test_half_years_count(ctx_of, field, text, expected):
    assert _built(ctx_of, field, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("可续任1年", []), ("原则上不超过10年", []), ("为期两年", []),  # no term's word: no term
    ("挂职期限为1年至2年", [("挂职期限为1年至2年", {"min_years": 1, "max_years": 2, "about": "挂职期限"})]),
    ("聘期为2年", [("聘期为2年", {"years": 2, "about": "聘期"})]),
])
def test_a_term_needs_a_term_word_and_reads_a_range_whole(ctx_of, text, expected):
    assert _built(ctx_of, "ratios.term_years", text) == expected


@pytest.mark.parametrize("text", ["报名结束后：5月20日召开动员大会", "资格审查通过的人员：5月20日参加培训",
                                  "面试入围人员名单：5月15日在网站公布", "笔试成绩公布后：5月20日",
                                  "5月8日至12日：各单位不得组织报名"])
def test_a_date_takes_no_step_a_label_only_mentions(ctx_of, text):
    assert _built(ctx_of, "timeline", text) == []


@pytest.mark.parametrize(("text", "stage"), [("报名时间：5月8日", "报名"), ("笔试：5月8日", "笔试"),
                                             ("5月8日至12日：个人报名", "报名")])
def test_a_date_takes_the_step_its_label_is(ctx_of, text, stage):
    assert [fields["stage"] for _text, fields in _built(ctx_of, "timeline", text)] == [stage]


def test_the_connector_jing_leaves_jingguo_whole(ctx_of):
    ctx = ctx_of("经过摸底调研、个别谈话、集体研究，确定人选。")
    assert learned.units(ctx)[0].text == "经过摸底调研、个别谈话、集体研究"
    assert _built(ctx_of, "stages", "经过摸底调研、个别谈话、集体研究") == [
        ("摸底调研", {"name": "摸底调研"}), ("个别谈话", {"name": "个别谈话"}), ("集体研究", {"name": "集体研究"})]
    assert learned.units(ctx_of("经县委研究，同意选派。"))[0].text == "县委研究"  # (经 alone is still trimmed)


def _learned_values(value):
    if isinstance(value, dict):
        return ([value] if value.get("method") == "learned" else []) + [v for item in value.values() for v in _learned_values(item)]
    if isinstance(value, list):
        return [v for item in value for v in _learned_values(item)]
    return []


# reports of one person's career: the facts they state are theirs, not a campaign's
REPORTS = [
    "扎根基层的好书记\n本报讯 王某今年45岁，参加工作已经22年，在现岗位工作了8年。2019年他被选派到某村担任第一书记。"
    "按规定第一书记每月在村不少于20天。村民们说，他是我们的贴心人。",
    "某局竞争上岗顺利完成\n本报讯 近日，某局完成科级干部竞争上岗。此次竞聘当上了办公室主任的李某，先后担任过团委书记、"
    "办公室副主任。张某被任命为综合科科长。张某已在本系统工作17年。",
    "挂职干部王某的一年\n本报讯（记者 张三）近日，记者来到某县，见到了市里选派的挂职干部王某。按规定，挂职干部每月在岗不少于"
    "20天。王某到县里挂职已满两年，跑遍了全县18个乡镇。去年，他的聘期延长一年。他说：“要把工作干好。”",
]


def test_a_report_gives_no_learned_value_without_a_threshold_measured_on_what_the_step_adds():
    from jianghua.stages.runner import process_page

    shipped = learned.load_model()
    assert dict(shipped.report_thresholds) == {}  # (no field met MIN_VALUES right added values on the dev reports)
    for text in REPORTS:
        (doc,) = process_page(text.encode(), "report.txt").documents
        assert learned.reports(doc), doc.classification
        assert _learned_values(doc.rules) == []


@pytest.mark.parametrize(("field", "text", "expected"), [
    ("ratios.term_years", "聘期一般为3至5年", [("聘期一般为3至5年", {"min_years": 3, "max_years": 5, "about": "聘期"})]),
    ("ratios.term_years", "聘期为1—2年", [("聘期为1—2年", {"min_years": 1, "max_years": 2, "about": "聘期"})]),
    ("eligibility.tenure", "现任职务满1年且工龄10年", [("现任职务满1年", {"years": 1, "kind": "post"}),
                                                   ("工龄10年", {"years": 10, "kind": "service"})]),
    ("eligibility.tenure", "具有2年以上基层工作经历", [("2年", {"years": 2})]),  # (工作 alone names no kind)
    ("positions", "竞聘者可担任办公室副主任", [("办公室副主任", {"title": "办公室副主任"})]),
    ("positions", "先后担任过团委书记、办公室副主任", []),  # (posts a person held)
    ("positions", "张某原为财务科副科长", []),
    ("positions", "此次竞聘当上了办公室主任", []),
    ("positions", "张某被任命为综合科科长", []),
])
def test_ranges_kinds_and_posts_the_reviewers_probes_read(ctx_of, field, text, expected):
    assert _built(ctx_of, field, text) == expected
