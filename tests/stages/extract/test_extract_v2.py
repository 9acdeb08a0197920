"""campaign-rules.v2: the record's standing, and the rule forms v2 reads (each case written for the test)."""

import json

import pytest
from jianghua import resources
from jianghua.errors import JianghuaError
from jianghua.stages.extract import SCHEMA_NAME, extract, record_errors
from jianghua.stages.extract.duties import duties
from jianghua.stages.extract.eligibility import eligibility
from jianghua.stages.extract.periods import ratios_and_periods
from jianghua.stages.extract.positions import positions
from jianghua.stages.extract.scoring import scoring
from jianghua.stages.extract.thresholds import thresholds
from jianghua.stages.extract.voice import standing


def _document(rules_document, text, genre=None, title=""):
    doc = rules_document(text)
    doc.title = title
    if genre:
        doc.classification = {"genre": genre}
    return doc


LAW = "\n".join(["中华人民共和国未成年人保护法", "第一条 为了保护未成年人，制定本法。",
                 "第二条 本法所称未成年人是指未满十八周岁的公民。",
                 "第三条 不满十六周岁的未成年人由常务委员会主任负责。", "第四条 本法自公布之日起施行。"])
CANDIDATE = ("尊敬的各位领导、各位评委：\n大家好！我叫王某，今年38岁，中共党员，本科学历。"
             "今天我竞聘的岗位是财务科科长。如果我有幸竞聘成功，我将做好三件事。")
NOVEL = ("“这次竞聘，你报不报名？”老李问道。\n她笑了笑，说：“年龄35周岁以下才能报。”\n"
         "他低着头没有说话。她又说：“每人限报一个岗位。”他点点头，走出了办公室。")


def test_law_text_gives_an_empty_record(rules_document):
    record = extract(_document(rules_document, LAW, "plan_or_regulation"), "law#1")
    assert record["standing"]["kind"] == "law"
    assert record["people"] == [] and record["eligibility"]["max_age"] == []
    assert not record_errors(record)


def test_a_candidate_account_gives_only_the_post_competed_for(rules_document):
    record = extract(_document(rules_document, CANDIDATE, "meeting_speech"), "cand#1")
    assert record["standing"]["kind"] == "candidate"
    assert [(p["title"], p["competed"]) for p in record["positions"]] == [("财务科科长", True)]
    assert record["eligibility"]["max_age"] == [] and record["eligibility"]["party_membership"] == []
    assert record["eligibility"]["other"] == [] and record["people"] == []
    assert not record_errors(record)


def test_fiction_gives_nothing_whatever_its_genre(rules_document):
    for genre in ("other", "news_report"):
        record = extract(_document(rules_document, NOVEL, genre), "novel#1")
        assert record["standing"]["kind"] == "narrative", genre
        assert record["application_rules"]["max_posts_per_applicant"] == []


def test_a_leaders_speech_about_a_candidates_speech_states_rules(rules_document):
    doc = _document(rules_document, "同志们：\n今天，8名竞聘者依次进行了竞聘演讲。各单位要按1:2的比例确定考察对象。",
                    "meeting_speech", title="竞聘演讲答辩会领导总结讲话")
    assert standing(doc).kind == "rules"


def test_v1_records_stay_readable_and_unknown_schemas_are_refused():
    v1 = json.loads(resources.read_text("schema/campaign-rules.v1.json"))
    assert v1["properties"]["schema"]["const"] == "campaign-rules.v1"
    record = {"schema": "campaign-rules.v1", "extractor": "rules.fields.v1", "doc_id": "d", "organization": None,
              "speaker": None, "date_of_text": None, "positions": [],
              "position_counts": {"total": None, "principal": None, "deputy": None, "by_status": []},
              "eligibility": {k: [] for k in ("education", "max_age", "birth_date", "tenure", "party_membership", "other")},
              "application_rules": {k: [] for k in ("max_posts_per_applicant", "min_applicants_per_post", "recommendation_modes")},
              "timeline": [], "stages": [],
              "scoring": {"scale": None, "full_marks": [], "component_sets": [], "rater_weights": [], "trimming": []},
              "ratios_and_periods": {k: [] for k in ("inspection_ratio", "publicity", "term", "probation", "other")},
              "panel": {k: [] for k in ("raters", "sizes", "shares", "sources")},
              "statistics": [], "cited_documents": [], "people": []}
    assert record_errors(record) == []
    assert record_errors({**record, "schema": SCHEMA_NAME})  # a v1 record is no v2 record
    with pytest.raises(JianghuaError, match="R510"):
        record_errors({**record, "schema": "campaign-rules.v9"})


def _components(result):
    return [[(c["name"], c.get("percent", c.get("points")), c.get("weight")) for c in s["components"]]
            for s in result["component_sets"]]


@pytest.mark.parametrize(("text", "expected"), [
    ("综合成绩=笔试成绩×30%+演讲答辩成绩×50%+民主测评成绩×20%。",
     [[("笔试", 30, 0.3), ("演讲答辩", 50, 0.5), ("民主测评", 20, 0.2)]]),
    ("理论考试占30%，实际操作占70%。", [[("理论考试", 30, 0.3), ("实际操作", 70, 0.7)]]),
    ("笔试和面试成绩按4︰6的比例折合。", [[("笔试", 40, 0.4), ("面试", 60, 0.6)]]),
    ("综合成绩按笔试、适岗评价、面试4︰2︰4的比例计算。", [[("笔试", 40, 0.4), ("适岗评价", 20, 0.2), ("面试", 40, 0.4)]]),
    ("专业笔试、竞聘演讲、民主测评分别按照30%、40%、30%计算综合成绩。",
     [[("专业笔试", 30, 0.3), ("竞聘演讲", 40, 0.4), ("民主测评", 30, 0.3)]]),
    ("笔试和面试成绩各占50%。", [[("笔试", 50, 0.5), ("面试", 50, 0.5)]]),
    ("笔试成绩占百分之四十，面试成绩占百分之六十。", [[("笔试", 40, 0.4), ("面试", 60, 0.6)]]),
    ("民主测评占三成，面试占七成。", [[("民主测评", 30, 0.3), ("面试", 70, 0.7)]]),
])
def test_scoring_components_each_with_its_own_weight(extract_field, text, expected):
    assert _components(extract_field(scoring, text)) == expected


def test_each_component_has_its_own_evidence(rules_document):
    from jianghua.stages.extract.context import Context

    ctx = Context(rules_document("笔试占40%、面试占60%。"), "case")
    (component_set,) = scoring(ctx)["component_sets"]
    assert "evidence" not in component_set
    assert [c["evidence"]["text"] for c in component_set["components"]] == ["笔试占40%", "面试占60%"]


def test_rater_weights_are_groups_of_people_not_components(extract_field):
    result = extract_field(scoring, "民主测评由班子成员、中层人员、职工代表按4︰3︰3加权计算。")
    assert result["rater_weights"] == [{"groups": ["班子成员", "中层人员", "职工代表"], "ratio": [4, 3, 3],
                                        "weights": [0.4, 0.3, 0.3]}]
    assert result["component_sets"] == []


def test_a_multiplier(extract_field):
    assert extract_field(scoring, "赞成率乘以30即为民主测评成绩。")["component_sets"][0]["components"] == [
        {"name": "民主测评", "points": 30, "multiplier": 30}]


@pytest.mark.parametrize(("text", "field", "expected"), [
    ("竞争科长职位须任副科长满2年。", "tenure", [{"kind": "rank", "rank": "副科长", "years": 2, "comparator": "满", "scope": "科长"}]),
    ("具有5年以上工龄。", "tenure", [{"kind": "service", "years": 5, "comparator": "以上"}]),
    ("具有五年以上教龄。", "tenure", [{"kind": "teaching", "years": 5, "comparator": "以上"}]),
    ("在本单位工作满2年。", "tenure", [{"kind": "unit", "rank": None, "years": 2, "comparator": "满"}]),
    ("年龄计算截至2012年7月31日。", "cutoff_date", [{"date": "2012-07-31", "about": "年龄"}]),
    ("男性年龄55周岁以下，女性年龄50周岁以下。", "max_age",
     [{"years": 55, "comparator": "以下", "sex": "male"}, {"years": 50, "comparator": "以下", "sex": "female"}]),
    ("年龄在周岁以下。", "max_age", []),  # a template blank gives no value, never a wrong one
    ("近三年年度考核均为称职以上等次。", "other", [{"condition": "近三年年度考核均为称职以上等次"}]),
])
def test_eligibility_forms(extract_field, text, field, expected):
    found = extract_field(eligibility, text)[field]
    assert [{k: v for k, v in item.items() if v is not None} for item in found] == [
        {k: v for k, v in item.items() if v is not None} for item in expected]


@pytest.mark.parametrize(("text", "expected"), [
    ("任期为三年到五年。", [{"min_years": 3, "max_years": 5, "about": "任期"}]),
    ("挂职期限为一年半。", [{"years": 1.5, "about": "挂职期限"}]),
    ("挂职时间为6个月。", [{"years": 0.5, "about": "挂职时间"}]),
    ("开展为期半年的蹲点帮扶。", [{"years": 0.5}]),
    ("驻村时间不少于两年。", [{"years": 2, "comparator": "不少于", "about": "驻村时间"}]),
    ("试用期一年。", []),
])
def test_terms_and_ranges(extract_field, text, expected):
    assert extract_field(ratios_and_periods, text)["term"] == expected


@pytest.mark.parametrize(("text", "field", "expected"), [
    ("按1︰3的比例确定考察对象。", "inspection_ratio", [{"ratio": "1:3", "governs": "考察", "competitive": True}]),
    ("按十比一的比例确定考察人选。", "inspection_ratio", [{"ratio": "10:1", "governs": "考察", "competitive": False}]),
    ("笔试成绩按1:5的比例确定进入面试人选。", "shortlist_ratio", [{"ratio": "1:5", "governs": "面试", "competitive": True}]),
    ("按不超过计划3倍比例入围。", "shortlist_ratio",
     [{"ratio": "1:3", "multiple": 3, "comparator": "不超过", "governs": "入围", "competitive": True}]),
])
def test_ratios_say_what_they_govern(extract_field, text, field, expected):
    assert extract_field(ratios_and_periods, text)[field] == expected


@pytest.mark.parametrize(("text", "field", "expected"), [
    ("考察对象按1:1.5的比例确定。", "inspection_ratio", [{"ratio": "1:1.5", "governs": "考察", "competitive": True}]),
    ("考察对象按照职位数1∶2的比例从高分到低分依次确定。", "inspection_ratio",
     [{"ratio": "1:2", "governs": "考察", "competitive": True}]),
    ("面试和考察分别按1:5和1:3的比例确定人选。", "inspection_ratio", [{"ratio": "1:3", "governs": "考察", "competitive": True}]),
    ("面试和考察分别按1:5和1:3的比例确定人选。", "shortlist_ratio", [{"ratio": "1:5", "governs": "面试", "competitive": True}]),
    ("考察对象名单在本机关公示，时间不少于3个工作日。", "publicity", [{"days": 3, "working_days": True}]),
    ("公示期为5个事情日。", "publicity", [{"days": 5, "working_days": True}]),  # 工作 spun to 事情
    ("他们挂职两年，分别担任县发改局副局长。", "term", [{"years": 2, "about": "挂职"}]),
    ("挂职两年来，我学到很多。", "term", []),
    ("此次选派的30名干部将到乡镇挂职锻炼一年。", "term", [{"years": 1, "about": "挂职"}]),
])
def test_ratios_and_periods_named_first(extract_field, text, field, expected):
    assert extract_field(ratios_and_periods, text)[field] == expected


@pytest.mark.parametrize(("text", "field", "expected"), [
    ("对拟任人选在全局范围内进行为期5天的公示。", "publicity", [{"days": 5}]),
])
def test_publicity_written_as_a_duration(extract_field, text, field, expected):
    assert extract_field(ratios_and_periods, text)[field] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("得票率低于60%的不予聘任。", [{"subject": "得票率", "comparator": "低于", "value": 60, "unit": "%"}]),
    ("赞成率在50%以下(含50%)的，取消其竞争资格。",
     [{"subject": "赞成率", "comparator": "以下", "value": 50, "unit": "%", "inclusive": True}]),
    ("满分100分，以60分为合格线。", [{"subject": "合格线", "comparator": "不低于", "value": 60, "unit": "分"}]),
    ("优秀等次比例不超过30%。", [{"subject": "优秀", "comparator": "不超过", "value": 30, "unit": "%"}]),
    ("平均得票率低于去年。", []),
])
def test_thresholds(extract_field, text, expected):
    assert extract_field(thresholds, text) == expected


def test_duties(extract_field):
    found = extract_field(duties, "挂职期间人事、工资关系保留在原单位，每月在镇工作时间不少于20天。")
    assert [(d["kind"], d["rule"]) for d in found] == [
        ("residency", "在镇工作时间不少于20天"), ("status_kept", "人事、工资关系保留在原单位")] or \
        sorted(d["kind"] for d in found) == ["residency", "status_kept"]
    residency = next(d for d in found if d["kind"] == "residency")
    assert (residency["per"], residency["comparator"], residency["days"]) == ("每月", "不少于", 20)


@pytest.mark.parametrize(("text", "expected"), [
    ("每人演讲时间不超过5分钟，答辩时间不超过3分钟。", [("time_limit", "每人演讲时间不超过5分钟"), ("time_limit", "答辩时间不超过3分钟")]),
    ("年度考核分为优秀、称职、基本称职、不称职四个等次。", [("assessment", "年度考核分为优秀、称职、基本称职、不称职四个等次")]),
    ("驻村干部实行每日签到、每周报告制度。", [("reporting", "实行每日签到、每周报告制度")]),
    ("驻村期间，队员原单位职务、工资福利待遇不变。", [("status_kept", "原单位职务、工资福利待遇不变")]),
    ("挂职期间，挂职干部工资福利待遇由原单位负责。", [("status_kept", "工资福利待遇由原单位负责")]),
    ("累计旷岗3天以上或年度考核不称职的，由县委组织部召回。", [("leave", "旷岗3天以上或年度考核不称职的，由县委组织部召回")]),
    ("挂职干部由接收单位和派出单位共同管理。", [("management", "由接收单位和派出单位共同管理")]),
    ("挂職幹部同時接受派出單位和我縣的雙重管理。", [("management", "接受派出单位和我县的双重管理")]),
    ("驻村干部由乡党委统一管理。", []),  # one unit managing is no rule the pages state as one
    ("挂职干部每季度要向派出单位和县委组织部书面汇报一次工作。", [("reporting", "每季度要向派出单位和县委组织部书面汇报一次")]),
    ("建立挂职干部工作日志制度。", [("reporting", "建立挂职干部工作日志制度")]),
    ("竞聘者依次登台进行了8分钟的演讲。", [("time_limit", "进行了8分钟的演讲")]),
])
def test_more_duties(extract_field, text, expected):
    assert [(d["kind"], d["rule"]) for d in extract_field(duties, text)] == expected


@pytest.mark.parametrize(("text", "field", "expected"), [
    ("近三年无教学事故，年度考核合格以上。", "other", [{"condition": "近三年无教学事故"}]),
    ("交流到本局不足一年的干部亦不参加。", "other", [{"condition": "交流到本局不足一年的干部亦不参加"}]),
    ("具有高级教师专业技术职务。", "other", [{"condition": "具有高级教师专业技术职务"}]),
    ("从事高中教育教学工作8年以上。", "tenure", [{"kind": "experience", "years": 8, "comparator": "以上"}]),
])
def test_more_eligibility_forms(extract_field, text, field, expected):
    found = extract_field(eligibility, text)[field]
    assert [{k: v for k, v in item.items() if v is not None} for item in found] == expected


def test_post_counts_by_rank(extract_field):
    _posts, counts = extract_field(positions, "此次竞聘岗位共设31个，其中科长职位3个、副科长职位4个。")
    assert (counts["total"]["value"], counts["principal"]["value"], counts["deputy"]["value"]) == (31, 3, 4)


def test_regression_a_ratio_governs_a_step_only_across_words(extract_field):
    # 4：6 weighs raters; the ratio governing 考察 is the next one, not 4：6 read across it
    found = extract_field(ratios_and_periods, "按评委、群众代表4：6的比例计算总成绩，按1∶2的差额比例确定考察对象。")
    assert found["inspection_ratio"] == [{"ratio": "1:2", "governs": "考察", "competitive": True}]


@pytest.mark.parametrize(("text", "total"), [
    ("共拿出81个正副职中层职位（其中：正职职位28个、副职职位53个）。", 81),  # the total, not the first group
    ("新设职位1个，分别是：招生办主任。", None),  # a count of new posts is no total
    ("空缺职位3个。", None),
])
def test_regression_a_group_count_is_not_the_total(extract_field, text, total):
    _posts, counts = extract_field(positions, text)
    assert (counts["total"] or {}).get("value") == total


@pytest.mark.parametrize(("text", "expected"), [
    ("年龄45周岁以下，身体健康。", [{"condition": "身体健康"}]),
    ("最后，祝大家工作顺利，身体健康。", []),  # a wish states no condition
    ("现任副处级干部竞争者年龄原则上应能任够一个聘期。", [{"condition": "现任副处级干部竞争者年龄原则上应能任够一个聘期"}]),
])
def test_regression_other_conditions(extract_field, text, expected):
    assert extract_field(eligibility, text)["other"] == expected


def test_masked_figures_give_masked_values(extract_field):
    from jianghua.stages.extract.statistics import statistics

    _posts, counts = extract_field(positions, "今天，x名竞聘者围绕各自报名的x个科级岗位依次进行了演讲。")
    assert counts["total"] == {"masked": "x"}
    assert extract_field(statistics, "这次共有×××名干部报名参加竞聘。") == [
        {"kind": "people", "masked": "×××", "unit": "名", "about": "干部报名参加竞聘"}]
    assert extract_field(statistics, "综合成绩=笔试成绩×40%+面试成绩×60%，共有12名干部报名。") == [
        {"kind": "people", "value": 12, "unit": "名", "about": "干部报名"}]  # × is a product here, no mask


def test_an_arrival_duty_and_a_title_named_by_its_rank(extract_field):
    assert [(d["kind"], d["days"]) for d in extract_field(duties, "挂职干部须在15天内到岗。")] == [("arrival", 15)]
    assert extract_field(eligibility, "竞聘科主任须具有副主任医师以上职称。")["other"] == [{"condition": "具有副主任医师以上职称"}]


@pytest.mark.parametrize(("text", "expected"), [
    ("每人至少承担一项专项工作任务。", ["每人至少承担一项专项工作任务"]),
    ("原则上每人分管或协管1至2项具体工作。", ["原则上每人分管或协管1至2项具体工作"]),
    ("每位挂职干部在挂职期间要完成一篇有分量的调研报告。", ["每位挂职干部在挂职期间要完成一篇有分量的调研报告"]),
    ("年龄不超过45周岁。", []),  # an age limit is no quota
    ("力争每人每年至少促成一个合作项目落地。", []),  # a hope, not an obligation
    ("挂职期间，每名干部争取至少办成两件实事。", []),
    # the work of a unit that organizes or manages is no duty of those sent
    ("县委组织部要建立挂职干部联系制度，每季度至少召开一次座谈会。", []),
    ("各级党委要加强领导，每半年至少听取一次驻村工作汇报。", []),
    ("竞聘工作领导小组负责审核，每个岗位至少确定2名考察人选。", []),
    ("挂职干部由县委组织部统一管理，每人至少联系3户农户。", ["每人至少联系3户农户"]),  # (the unit is no subject of 要)
    # ... but a later clause naming those sent as its subject states their duty (review 10, finding 4)
    ("县委组织部要加强日常管理，挂职干部每季度至少撰写1篇调研报告。", ["挂职干部每季度至少撰写1篇调研报告"]),
    ("县委组织部要求挂职干部每季度至少撰写2篇调研报告。", ["县委组织部要求挂职干部每季度至少撰写2篇调研报告"]),
    # a superlative is no quota (报名人数最多的岗位, finding 5)
    ("本次报名人数最多的岗位有15人竞争。", []),
])
def test_quantified_obligations_are_quotas(rules_document, text, expected):
    record = extract(_document(rules_document, text, "plan_or_regulation"), "q#1")
    assert [d["rule"] for d in record["duties"] if d["kind"] == "quota"] == expected
    assert not record_errors(record)


def test_a_speech_saying_for_example_is_no_explainer(rules_document):
    text = ("同志们：\n比如有的同志担心考不好，通常这种顾虑是多余的。往往越是放下包袱，越能发挥好。\n"
            "这次竞聘岗位共8个，报名截止时间为6月15日。")
    record = extract(_document(rules_document, text, "other"), "s#1")
    assert record["standing"]["kind"] == "rules"
    assert record["position_counts"]["total"]["value"] == 8


@pytest.mark.parametrize("text", [
    "\n".join(["沿革：", "1.中华民国九十年三月十六日司法院院台厅民三字第 06457 号令订定发布全文 15 条",
               "第 1 条 本规则依公证法订定之。", "第 2 条 本规则所称簿册，指公证簿册。"]),
    "\n".join(["1983年4月29日 河南省第六届人民代表大会第一次会议通过", "为了绿化祖国，现作如下决议。", "每人每年义务植树三至五棵。"]),
    # a law on selection (遴选) is still a law: its legislative history stands over its articles
    "\n".join(["1.中华民国一百年三月一日司法院院台人字第 1000005050 号令订定发布全文 12 条", "第 1 条 本办法依法院组织法订定之。",
               "第 2 条 法官助理之遴选，由遴选委员会办理。", "第 3 条 遴选委员会置委员七人。", "第 4 条 应遴选者须具有硕士以上学历。"]),
    "\n".join(["1.中华民国一百零四年六月十一日教育部台教人（二）字第 1040069647B", "号令订定发布全文 10 条；并自发布日施行",
               "第 1 条 本办法依专科学校法订定之。", "第 2 条 遴选会置委员九人至十五人。", "第 3 条 遴选会遴选校长。",
               "第 4 条 遴选会遴选时应公开。"]),
    "\n".join(["（2005年6月23日国务院、中央军事委员会令第438号公布）", "第一条 为了规范文职人员的选调、竞聘和考核，制定本条例。",
               "第二条 文职人员的选调按照公开选拔的原则进行。", "第三条 选调人员须具有本科以上学历。"]),
])
def test_law_text_by_its_legislative_header(rules_document, text):
    record = extract(_document(rules_document, text, "plan_or_regulation"), "law#2")
    assert record["standing"]["kind"] == "law"


def test_posts_counted_by_rank_are_no_head_counts(rules_document):
    """中层正职5名 is five posts (a position count), not five people: no statistic repeats it as a head count."""
    text = "关于中层干部竞争上岗的实施方案\n一、竞聘职位\n本次拿出中层正职5名，副职8名。共有64名干部报名参加。"
    record = extract(_document(rules_document, text, "plan_or_regulation"), "r#1")
    assert (record["position_counts"]["principal"]["value"], record["position_counts"]["deputy"]["value"]) == (5, 8)
    assert [(s["kind"], s["value"], s["evidence"]["text"]) for s in record["statistics"]] == [("people", 64, "64名")]
    assert not record_errors(record)


def test_posts_counted_by_name_are_no_head_counts(rules_document):
    """处长7名 is seven posts of the positions: the statistics keep the campaign's post count, no head count of 7 people."""
    text = "关于处级干部竞争上岗的实施方案\n一、竞聘职位\n本次竞聘处长7名、副处长17名。报名人数共计95人。"
    record = extract(_document(rules_document, text, "plan_or_regulation"), "r#2")
    assert [(post["title"], post["count"]) for post in record["positions"]] == [("处长", 7), ("副处长", 17)]
    assert [(s["kind"], s["value"]) for s in record["statistics"] if s["kind"] != "posts"] == [("people", 95)]
    assert not record_errors(record)


def test_a_post_counted_again_is_no_head_count(rules_document):
    """办公室主任1名 named again after the post list is one post, not one person; 选调31名干部 counts people."""
    text = ("关于中层干部竞聘上岗的实施方案\n一、竞聘岗位\n岗位：办公室主任、财务科科长。\n拟选拔办公室主任1名，财务科科长1名。\n"
            "二、其他\n从基层选调31名干部到机关跟班学习。")
    record = extract(_document(rules_document, text, "plan_or_regulation"), "r#3")
    assert [(s["kind"], s["value"]) for s in record["statistics"] if s["kind"] != "posts"] == [("people", 31)]
    assert not record_errors(record)
