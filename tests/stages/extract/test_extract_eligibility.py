"""Eligibility rules, table-driven: (text, expected field values without evidence)."""

import pytest
from jianghua.stages.extract.eligibility import eligibility


def _only(result):
    return {key: value for key, value in result.items() if value}


@pytest.mark.parametrize(("text", "expected"), [
    ("具有大学本科以上学历，科级干部年龄一般在45周岁以下，身体健康。",
     {"education": [{"minimum": "大学本科", "comparator": "以上"}],
      "max_age": [{"years": 45, "comparator": "以下", "scope": "科级干部"}],
      "other": [{"condition": "身体健康"}]}),
    # traditional script and full-width digits
    ("具有大學本科以上學歷，年齡一般在４５週歲以下，身體健康。",
     {"education": [{"minimum": "大学本科", "comparator": "以上"}],
      "max_age": [{"years": 45, "comparator": "以下"}],
      "other": [{"condition": "身体健康"}]}),
    ("年龄不超过四十周岁。", {"max_age": [{"years": 40, "comparator": "不超过"}]}),
    ("其中团委书记人选1971年5月31日以后出生，中共正式党员。",
     {"birth_date": [{"date": "1971-05-31", "bound": "after", "comparator": "以后", "scope": "团委书记"}],
      "party_membership": [{"value": "中共正式党员", "scope": "团委书记"}]}),
    ("其中團委書記人選１９７１年５月３１日以後出生，中共正式黨員。",
     {"birth_date": [{"date": "1971-05-31", "bound": "after", "comparator": "以后", "scope": "团委书记"}],
      "party_membership": [{"value": "中共正式党员", "scope": "团委书记"}]}),
    ("现任副处级职务或任正科级职务3年以上、任副科级职务四年以上。",
     {"tenure": [{"kind": "rank", "rank": "正科级", "years": 3, "comparator": "以上"},
                 {"kind": "rank", "rank": "副科级", "years": 4, "comparator": "以上"}]}),
    ("此次竞聘的主要对象为：符合条件的现任副科长、非领导职务干部。",
     {"other": [{"condition": "符合条件的现任副科长、非领导职务干部"}]}),
    # a profile of who was chosen is a statistic, not a rule
    ("26名中层干部中，35周岁以下12人，大专以上文化程度达22人。", {}),
    ("他们的学历普遍较高。", {}),
    ("要迅速组织党员干部深入春耕生产一线。", {}),
])
def test_eligibility(extract_field, text, expected):
    assert _only(extract_field(eligibility, text)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("竞聘人员须具有大学本科学历。", [("大学本科", None)]),  # required in so many words, without 以上
    ("学历要求：全日制本科。", [("本科", None)]),  # after a label
    ("学历：大专以上。", [("大专", "以上")]),
    ("具有硕士及以上学位。", [("硕士", "以上")]),
    ("本人具有大学本科学历。", []),  # a degree held is biography, no rule
])
def test_education_forms_round_four(extract_field, text, expected):
    from jianghua.stages.extract.eligibility import eligibility

    assert [(v["minimum"], v.get("comparator")) for v in extract_field(eligibility, text)["education"]] == expected


def test_years_of_work_without_full(extract_field):
    from jianghua.stages.extract.eligibility import eligibility

    [tenure] = extract_field(eligibility, "参加工作3年以上。")["tenure"]
    assert (tenure["kind"], tenure["years"], tenure["comparator"]) == ("service", 3, "以上")
    assert extract_field(eligibility, "他参加工作3年，表现突出。")["tenure"] == []


@pytest.mark.parametrize(("text", "expected"), [
    ("年龄计算截止到2023年5月31日，任职年限计算截至2023年4月30日。", ["2023-05-31", "2023-04-30"]),
    ("報名時間截至2023年5月20日。", []),  # a deadline of the timeline, not the day ages are counted to
    ("报名材料提交截止2023年6月1日。", []),
])
def test_cutoff_dates_are_not_deadlines(extract_field, text, expected):
    assert [value["date"] for value in extract_field(eligibility, text)["cutoff_date"]] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # preferences of a kind of applicant, a clean record however worded, a ceiling of rank
    ("熟悉财务管理工作，具有注册会计师资格者优先。", ["具有注册会计师资格者优先"]),
    ("有基層工作經歷的優先考慮。", ["有基层工作经历的优先考虑"]),
    ("近三年年度考核均为称职以上等次，且未受过任何处分。", ["近三年年度考核均为称职以上等次", "未受过任何处分"]),
    ("无违法违纪记录，没有受到党纪政务处分。", ["无违法违纪记录", "没有受到党纪政务处分"]),
    ("选派对象为县直单位科级及以下干部。", ["科级及以下干部"]),
    ("挂职干部原则上为副科级以下年轻干部。", ["副科级以下年轻干部"]),
    # who the campaign is for: one value, unless its rules were read one by one
    ("本次选拔对象为：在编在岗的机关干部。", ["在编在岗的机关干部"]),
    # exclusions written on one line after their lead, without markers: each one
    ("有下列情形之一的，不得参加竞聘：受到诫勉处理未满一年的；年度考核为基本称职的。",
     ["受到诫勉处理未满一年的", "年度考核为基本称职的"]),
    # virtues and wishes are no condition
    ("具有良好的政治素质和职业道德。", []),
    ("全县副科级以上干部参加了会议。", []),
])
def test_other_conditions_in_general_forms(extract_field, text, expected):
    assert [value["condition"] for value in extract_field(eligibility, text)["other"]] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("年龄在45周岁（含）以下。", [(45, "及以下")]),
    ("報名者年齡須在三十周歲至四十五周歲之間。", [(45, "之间")]),
    ("年龄在25至35周岁之间。", [(35, "之间")]),
])
def test_age_limits_inclusive_and_ranges(extract_field, text, expected):
    assert [(value["years"], value["comparator"]) for value in extract_field(eligibility, text)["max_age"]] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("报名人员须为编制内正式职工。", ["编制内正式职工"]),
    ("上年度考核为称职以上等次。", ["上年度考核为称职以上等次"]),
    ("2022年度考核結果為合格及以上。", ["2022年度考核结果为合格及以上"]),
    ("近三年年度考核均为称职以上等次。", ["近三年年度考核均为称职以上等次"]),  # one value, not two
    ("试用期未满的人员，一律不参加竞聘。", ["试用期未满的人员，一律不参加竞聘"]),
    ("借调人员和挂职人员不参加本次竞聘。", ["借调人员和挂职人员不参加本次竞聘"]),
    ("年度考核工作要认真组织。", []),
])
def test_appraisals_payroll_and_exclusions_in_other_words(extract_field, text, expected):
    assert [value["condition"] for value in extract_field(eligibility, text)["other"]] == expected


def test_an_age_limit_raised_for_women(extract_field):
    limits = extract_field(eligibility, "年龄在45周岁以下，女性年龄可放宽至50周岁。")["max_age"]
    assert [(value["years"], value["comparator"], value.get("sex")) for value in limits] == [
        (45, "以下", None), (50, "放宽至", "female")]


def test_a_masked_age_limit_is_masked_and_a_blank_gives_none(extract_field):
    [limit] = extract_field(eligibility, "年龄在XX周岁以下，具有大专以上学历。")["max_age"]
    assert limit == {"masked": "XX", "comparator": "以下"}
    assert extract_field(eligibility, "年龄在周岁以下。")["max_age"] == []  # a template blank: no value


def test_a_record_with_a_masked_age_limit_validates(rules_document):
    from jianghua.stages.extract import extract, record_errors

    record = extract(rules_document("竞聘条件：年龄在××周岁以下，具有大学本科以上学历。"), "case")
    assert [limit.get("masked") for limit in record["eligibility"]["max_age"]] == ["××"]
    assert record_errors(record) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("参聘人员年龄计算截至2024年6月30日，须在40周岁以下。",
     {"max_age": [{"years": 40, "comparator": "以下"}],
      "cutoff_date": [{"date": "2024-06-30", "about": "参聘人员年龄"}]}),
    ("报名人员年龄计算截止到2024年6月30日。", {"cutoff_date": [{"date": "2024-06-30", "about": "报名人员年龄"}]}),
    ("申报人员任职年限计算截止到2022年12月31日。",
     {"cutoff_date": [{"date": "2022-12-31", "about": "申报人员任职年限"}]}),
    # a deadline for handing in forms is the timeline's, not the day ages are counted to
    ("报名时间截至2024年6月30日。", {}),
    ("材料提交截止2024年6月30日。", {}),
])
def test_a_cut_off_names_its_subject_not_a_deadline(extract_field, text, expected):
    assert _only(extract_field(eligibility, text)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # statements of fact: no rule's words, no rule read beside them, no conditions heading over them
    ("五年来，全站职工没有受过任何处分，站里现有科级以下干部35人。", {}),
    ("去年我们没有受到任何党纪处分。", {}),
    # the same words as a condition
    ("应聘人员须无违法违纪记录，未受过任何处分。",
     {"other": [{"condition": "无违法违纪记录"}, {"condition": "未受过任何处分"}]}),
    ("一、报名条件\n（一）没有受到党纪政务处分；\n（二）科级以下干部。",
     {"other": [{"condition": "没有受到党纪政务处分"}, {"condition": "科级以下干部"}]}),
])
def test_a_clean_record_or_rank_ceiling_needs_a_condition(extract_field, text, expected):
    assert _only(extract_field(eligibility, text)) == expected


# --- exclusions led by 情况/者, template blanks, titles right after 具有 (issue 16, round 8) -------------

def test_an_exclusion_lead_may_say_qingkuang_and_zhe(extract_field):
    found = extract_field(eligibility, "凡有下列情况之一者，不能报名：1.试用期未满的；2.已办理退休手续的。")
    assert [(item["condition"], item.get("excludes")) for item in found["other"]] == [
        ("试用期未满的", True), ("已办理退休手续的", True)]


def test_a_heading_of_exclusions_may_say_qingkuang(extract_field):
    found = extract_field(eligibility, "四、不能参加竞聘的情况\n1.受到处分影响期未满的；\n2.正在接受审查的。")
    assert [item["condition"] for item in found["other"]] == ["受到处分影响期未满的", "正在接受审查的"]


def test_a_templates_blank_gives_no_condition(extract_field):
    found = extract_field(eligibility, "一、报名条件\n1.年龄在周岁以下；\n2.任现职满年以上；\n3.任现职满3年以上。")
    assert found["other"] == [] and found["max_age"] == []
    assert [(item["years"], item["comparator"]) for item in found["tenure"]] == [(3, "以上")]
    # ... nor blanks in one item's clauses (年龄在周岁以下，具有学历，任现职满年), nor 工作年以上
    found = extract_field(eligibility, "一、竞聘条件\n年龄在周岁以下，具有学历，任现职满年。\n在本单位工作年以上。\n近两年年度考核均为称职以上。")
    assert [item["condition"] for item in found["other"]] == ["近两年年度考核均为称职以上"]


def test_a_title_right_after_juyou_is_a_condition(extract_field):
    found = extract_field(eligibility, "竞聘财务科科长的，须具有会计师以上职称。")
    assert [item["condition"] for item in found["other"]] == ["具有会计师以上职称"]


def test_what_a_rank_in_a_contest_earns_is_a_rule(extract_field):
    found = extract_field(eligibility, "本届岗位练兵决赛中获得前三名的职工，按规定晋升相应技能等级；获得第一名的，授予“岗位标兵”称号。")
    assert [item["condition"] for item in found["other"]] == [
        "获得前三名的职工，按规定晋升相应技能等级", "获得第一名的，授予“岗位标兵”称号"]


@pytest.mark.parametrize("text", ["他在比赛中获得第一名，被授予先进个人称号。", "去年他获得一等奖，单位奖励他5000元。"])
def test_a_rank_someone_won_is_no_rule(extract_field, text):
    assert extract_field(eligibility, text)["other"] == []


# a prize someone won, told in news, is no rule (review 8, finding 5) ...
@pytest.mark.parametrize("text", [
    "近日全省技能大赛落幕，我局选手王强荣获第一名，将被授予省技术能手称号；李红获得三等奖，给予通报表彰。",
    "在市级岗位练兵比武中，二分队取得第二名，给予嘉奖。",
])
def test_a_prize_won_in_news_is_no_rule(extract_field, text):
    assert extract_field(eligibility, text)["other"] == []


# ... what the rules grant a rank without 的 is one
def test_what_the_rules_grant_a_rank_is_a_rule(extract_field):
    found = extract_field(eligibility, "技能比武获得一等奖，可晋升一级技能等级；进入前五名，按规定推荐参加省赛。")
    assert [item["condition"] for item in found["other"]] == ["获得一等奖，可晋升一级技能等级", "进入前五名，按规定推荐参加省赛"]


@pytest.mark.parametrize(("text", "expected"), [
    # someone's biography states no rule (an experience report, a news profile)
    ("我叫张建华，男，汉族，1985年3月出生，中共党员，大学本科学历，现任县财政局预算股股长。", {}),
    ("其中，李明同志，男，1986年出生，中共党员，研究生学历，现任市发改委副主任。", {}),
    ("我是县农业局干部王强，今年40岁，中共党员。", {}),
    # ... and what those appointed are is a profile, not a rule
    ("新任干部平均年龄36.5岁，均为中共党员，全部具有大学本科以上学历。", {}),
    ("这次走上中层岗位的同志，本科以上学历的占到八成以上。", {}),
    ("全村现有党员41名，35岁以下的只有4人。", {}),
    # a rule beside a birth-date bound stays a rule
    ("年龄在40周岁以下（1983年1月1日以后出生），中共党员，党龄满3年。",
     {"max_age": [{"years": 40, "comparator": "以下"}],
      "birth_date": [{"date": "1983-01-01", "bound": "after", "comparator": "以后"}],
      "party_membership": [{"value": "中共党员"}, {"value": "党龄满3年"}]}),
    # party membership forms: probationary members included, years in the party
    ("中共党员（含预备党员），入党5年以上。", {"party_membership": [{"value": "中共党员（含预备党员）"}, {"value": "入党5年以上"}]}),
    # education per post: each post's own minimum (a rule for everyone who applies has no scope)
    ("竞聘正职须具有大学本科以上学历，竞聘副职须具有大专以上学历。",
     {"education": [{"minimum": "大学本科", "comparator": "以上", "scope": "正职"},
                    {"minimum": "大专", "comparator": "以上", "scope": "副职"}]}),
    ("竞聘人员须具有大学本科以上学历。", {"education": [{"minimum": "大学本科", "comparator": "以上"}]}),
])
def test_biographies_profiles_party_forms_and_education_per_post(extract_field, text, expected):
    assert _only(extract_field(eligibility, text)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("出生日期在1983年1月1日以后。", {"birth_date": [{"date": "1983-01-01", "bound": "after", "comparator": "以后"}]}),
    ("年龄上限为45周岁。", {"max_age": [{"years": 45, "comparator": "上限"}]}),
    # review 10, finding 12: other wordings of the same bounds (the comparator as a word, not as written)
    ("年龄上限45周岁。", {"max_age": [{"years": 45, "comparator": "上限"}]}),
    ("出生日期须在1985年1月1日（含）以后。", {"birth_date": [{"date": "1985-01-01", "bound": "after", "comparator": "以后"}]}),
    ("出生年月：1985年1月以后。", {"birth_date": [{"date": "1985-01", "bound": "after", "comparator": "以后"}]}),
    ("出生于1983年1月1日以后。", {"birth_date": [{"date": "1983-01-01", "bound": "after", "comparator": "以后"}]}),
    ("报名材料须于2023年5月6日以前提交。", {}),  # (a date bound, no birth)
])
def test_a_birth_bound_named_first_and_an_age_ceiling(extract_field, text, expected):
    assert _only(extract_field(eligibility, text)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # review 10, finding 1: a post's requirements naming the sex are no biography (the post or its count is named)
    ("办公室副主任1名，男，35周岁以下，大学本科以上学历，中共党员。",
     {"education": [{"minimum": "大学本科", "comparator": "以上"}], "max_age": [{"years": 35, "comparator": "以下"}],
      "party_membership": [{"value": "中共党员"}]}),
    ("综合科科员：1名，女，30周岁以下，全日制本科以上学历。",
     {"education": [{"minimum": "本科", "comparator": "以上"}], "max_age": [{"years": 30, "comparator": "以下"}]}),
    ("1、综合股股长：1名。男，年龄40周岁以下，本科以上学历。",
     {"education": [{"minimum": "本科", "comparator": "以上"}], "max_age": [{"years": 40, "comparator": "以下"}]}),
    ("副科级岗位：1985年1月1日以后出生，男，本科以上学历。",
     {"education": [{"minimum": "本科", "comparator": "以上"}],
      "birth_date": [{"date": "1985-01-01", "bound": "after", "comparator": "以后"}]}),
    # finding 2: no scope unless the words after the verb name a post
    ("报名人员年龄不超过二十五周岁，具有全日制大专以上学历。",
     {"education": [{"minimum": "大专", "comparator": "以上"}],
      "max_age": [{"years": 25, "comparator": "不超过", "scope": "报名人员"}]}),
    ("竞聘办公室主任岗位须具有大学本科以上学历。", {"education": [{"minimum": "大学本科", "comparator": "以上", "scope": "办公室主任"}]}),
    ("竞聘正科级岗位须具有大学本科以上学历，竞聘副科级岗位须具有大专以上学历。",
     {"education": [{"minimum": "大学本科", "comparator": "以上", "scope": "正科级"},
                    {"minimum": "大专", "comparator": "以上", "scope": "副科级"}]}),
    # finding 3: a required membership is a rule, whatever 均 says
    ("要求竞聘者均为中共党员，具有大学本科以上学历。",
     {"education": [{"minimum": "大学本科", "comparator": "以上"}], "party_membership": [{"value": "中共党员"}]}),
    ("竞聘人员原则上均为中共党员。", {"party_membership": [{"value": "中共党员"}]}),
    # finding 8: a numeral after 统一 (no 一三十五)
    ("年龄统一三十五周岁以下。", {"max_age": [{"years": 35, "comparator": "以下"}]}),
])
def test_a_posts_requirements_and_required_membership_are_rules(extract_field, text, expected):
    assert _only(extract_field(eligibility, text)) == expected
