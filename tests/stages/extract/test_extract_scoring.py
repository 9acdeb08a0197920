"""Scoring: component sets and their weights, rater-group ratios, trimming, full marks, scale."""

import pytest
from jianghua.stages.extract.scoring import scoring


def _only(result):
    return {key: value for key, value in result.items() if value}


@pytest.mark.parametrize(("text", "expected"), [
    ("在竞岗中，我们运用了百分制，笔试、民主测评、面试分别占30分、40分、30分。",
     {"scale": {"value": "百分制"},
      "component_sets": [{"unit": "分", "total": 100, "adds_up": True, "components": [
          {"name": "笔试", "points": 30, "weight": 0.3}, {"name": "民主测评", "points": 40, "weight": 0.4},
          {"name": "面试", "points": 30, "weight": 0.3}]}]}),
    ("筆試、面試分別佔４０％、５０％。",
     {"component_sets": [{"unit": "%", "total": 90, "adds_up": False, "components": [
         {"name": "笔试", "percent": 40, "weight": 0.444444}, {"name": "面试", "percent": 50, "weight": 0.555556}]}]}),
    ("笔试成绩占40%，面试成绩占60%。",
     {"component_sets": [{"unit": "%", "total": 100, "adds_up": True, "components": [
         {"name": "笔试", "percent": 40, "weight": 0.4}, {"name": "面试", "percent": 60, "weight": 0.6}]}]}),
    ("最后按专家评委、院党委全体成员、学院全体中层干部和优秀教师代表４：３：１.５：１.５的比例计算总成绩。",
     {"rater_weights": [{"groups": ["专家评委", "院党委全体成员", "学院全体中层干部", "优秀教师代表"],
                         "ratio": [4, 3, 1.5, 1.5], "weights": [0.4, 0.3, 0.15, 0.15]}]}),
    ("按专家评委、群众代表4∶6的比例计算总成绩。",
     {"rater_weights": [{"groups": ["专家评委", "群众代表"], "ratio": [4, 6], "weights": [0.4, 0.6]}]}),
    ("笔试成绩和面试成绩均占50%。",
     {"component_sets": [{"unit": "%", "total": 100, "adds_up": True, "components": [
         {"name": "笔试", "percent": 50, "weight": 0.5}, {"name": "面试", "percent": 50, "weight": 0.5}]}]}),
    # components of a list weighted together may be any short name of an assessment
    ("理论知识考试和实际操作考核分别占40%、60%。",
     {"component_sets": [{"unit": "%", "total": 100, "adds_up": True, "components": [
         {"name": "理论知识考试", "percent": 40, "weight": 0.4}, {"name": "实际操作考核", "percent": 60, "weight": 0.6}]}]}),
    ("个人陈述和现场答辩各占50%。",
     {"component_sets": [{"unit": "%", "total": 100, "adds_up": True, "components": [
         {"name": "个人陈述", "percent": 50, "weight": 0.5}, {"name": "现场答辩", "percent": 50, "weight": 0.5}]}]}),
    ("专家评委打分分别去掉1个最高分、1个最低分。", {"trimming": [{"drop_highest": 1, "drop_lowest": 1}]}),
    ("去掉一个最高分和一个最低分。", {"trimming": [{"drop_highest": 1, "drop_lowest": 1}]}),
    ("分别进行打分，满分各为100分。", {"full_marks": [{"value": 100}]}),
    ("各职位按照拟选人数1：1的比例确定考察对象。", {}),
])
def test_scoring(extract_field, text, expected):
    assert _only(extract_field(scoring, text)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("笔试：主要考察岗位专业知识，满分100分，占总成绩40%。", [("笔试", 40, "占总成绩40%")]),
    ("笔试采取闭卷方式，满分100分，占总成绩的40%。", [("笔试", 40, "占总成绩的40%")]),
    ("笔试成绩按照百分之三十计入总成绩。", [("笔试", 30, "笔试成绩按照百分之三十")]),
    # its full marks between the name and the weight
    ("笔试满分100分，占总成绩的40%；面试满分100分，占总成绩的60%。", [("笔试", 40, "占总成绩的40%"), ("面试", 60, "占总成绩的60%")]),
])
def test_a_component_heading_its_sentence(rules_document, text, expected):
    from jianghua.stages.extract.context import Context

    found = scoring(Context(rules_document(text), "case"))
    assert [(c["name"], c["percent"], c["evidence"]["text"]) for s in found["component_sets"] for c in s["components"]] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("报名人员中，女性干部占32%，少数民族干部占15%。", []),  # shares of people, no rating
    ("民主测评中，班子成员占40%，职工代表占60%。", [["班子成员", "职工代表"]]),
    # the rating named in the sentence before, in the same paragraph
    ("民主评议由本单位干部参加。其中，班子成员占20%，职工代表占80%。", [["班子成员", "职工代表"]]),
    ("民主评议已经结束。\n报名人员中，女性干部占32%，少数民族干部占15%。", []),
])
def test_rater_weights_need_a_rating(extract_field, text, expected):
    assert [weights["groups"] for weights in extract_field(scoring, text)["rater_weights"]] == expected


def test_weights_as_factors(extract_field):
    [found] = extract_field(scoring, "综合成绩=笔试成绩×0.4+面试成绩×0.6。")["component_sets"]
    assert [(c["name"], c["percent"], c["weight"]) for c in found["components"]] == [("笔试", 40.0, 0.4), ("面试", 60.0, 0.6)]
    assert found["adds_up"] is True
    assert extract_field(scoring, "笔试成绩乘以30即为总成绩。")["component_sets"] == []  # no factor, no component


@pytest.mark.parametrize(("text", "expected"), [
    ("笔试、面试、民主测评的权重分别为30%、50%、20%。", [("笔试", 30), ("面试", 50), ("民主测评", 20)]),
    ("民主测评、个人述职、组织考察三项按5:3:2权重组成综合成绩。", [("民主测评", 50.0), ("个人述职", 30.0), ("组织考察", 20.0)]),
])
def test_weights_named_as_weights_and_items_counted_first(extract_field, text, expected):
    [found] = extract_field(scoring, text)["component_sets"]
    assert [(c["name"], c["percent"]) for c in found["components"]] == expected


@pytest.mark.parametrize("text", ["赞成率乘以30即为民主测评成绩。", "民主测评成绩为赞成率乘以30。", "民主测评得分=赞成率×30。"])
def test_a_multiplier_before_or_after_its_component(extract_field, text):
    [found] = extract_field(scoring, text)["component_sets"]
    assert found["components"] == [{"name": "民主测评", "points": 30, "multiplier": 30}]


def test_weights_listed_after_yi(extract_field):
    [found] = extract_field(scoring, "笔试成绩和面试成绩分别以40%和60%的权重计入总成绩。")["component_sets"]
    assert [(c["name"], c["percent"]) for c in found["components"]] == [("笔试", 40), ("面试", 60)]


@pytest.mark.parametrize(("text", "expected"), [
    # the lead 民主测评中 says where the weights apply: the evidence begins at the first group
    ("考核采取述职和民主测评，民主测评中班子成员意见占30%、职工代表意见占70%。", "班子成员意见占30%、职工代表意见占70%"),
    ("民主测评中，班子成员占40%，职工代表占60%。", "班子成员占40%，职工代表占60%"),  # no lead in the set: kept as it is
])
def test_rater_weights_evidence_begins_past_a_lead(rules_document, text, expected):
    from jianghua.stages.extract.context import Context

    [weights] = scoring(Context(rules_document(text), "case"))["rater_weights"]
    assert weights["evidence"]["text"] == expected


def test_weights_named_before_their_ratio(extract_field):
    [found] = extract_field(scoring, "竞职演讲、民主测评、组织考察的权重依次为2:5:3。")["component_sets"]
    assert [(c["name"], c["percent"]) for c in found["components"]] == [("竞职演讲", 20.0), ("民主测评", 50.0), ("组织考察", 30.0)]
    # a ratio named 比例 may count people, not weigh scores
    assert extract_field(scoring, "笔试和面试的比例为1:3。")["component_sets"] == []
