"""Reported figures: head counts, shares, age and education profiles, money."""

import pytest
from jianghua.stages.extract.statistics import statistics


def _items(result):
    return [{k: v for k, v in item.items() if k != "about"} for item in result]


@pytest.mark.parametrize(("text", "expected"), [
    ("全镇108名机关干部共有43人报名参与，占干部总数的40%,经过七个环节，最终26名同志脱颖而出。",
     [{"kind": "people", "value": 108, "unit": "名"}, {"kind": "people", "value": 43, "unit": "人"},
      {"kind": "people", "value": 26, "unit": "名"}, {"kind": "share", "value": 40, "unit": "%"}]),
    ("全鎮１０８名機關幹部共有４３人報名參與，佔幹部總數的４０℅。",
     [{"kind": "people", "value": 108, "unit": "名"}, {"kind": "people", "value": 43, "unit": "人"},
      {"kind": "share", "value": 40, "unit": "%"}]),
    ("26名中层干部中,35周岁以下12人，较竞岗前多8人，大专以上文化程度达22人（其中本科15人）。",
     [{"kind": "age_profile", "value": 12, "unit": "人", "age": 35, "comparator": "以下"},
      {"kind": "education_profile", "value": 22, "unit": "人", "education": "大专", "comparator": "以上"},
      {"kind": "education_profile", "value": 15, "unit": "人", "education": "本科"},
      {"kind": "people", "value": 26, "unit": "名"}]),
    ("反对的人员我估计占机关人数的比例不足5%。", [{"kind": "share", "value": 5, "unit": "%", "comparator": "不足"}]),
    # money only as the campaign's funds: an economy's output or a village's income is no figure of the campaign
    ("争取省厅补助资金1150万元，累计投入帮扶资金186.5万元。",
     [{"kind": "money", "value": 1150, "unit": "万元"}, {"kind": "money", "value": 186.5, "unit": "万元"}]),
    ("全县地区生产总值突破200亿元，外贸进出口总值突破3亿美元。", []),
    ("完成3000万元以上投资项目7个，完成固定资产投资20.25亿元。", []),
    ("去年村集体经营性收入只有1.2万元。", []),
    # average ages, competition ratios, approximate and other counts
    ("新任中层干部平均年龄31.2岁，竞聘比例达到2.4:1。",
     [{"kind": "average_age", "value": 31.2, "unit": "岁"}, {"kind": "ratio", "ratio": "2.4:1"}]),
    ("已累计选派2860余名干部参加挂职锻炼。", [{"kind": "people", "value": 2860, "unit": "名", "comparator": "余"}]),
    ("培训结束后，这批干部将到省直56个部门挂职锻炼。", [{"kind": "count", "value": 56, "unit": "个"}]),
    ("本次竞争上岗的职位共8个，新设职位1个。", []),  # posts are counted by positions
    ("专家评委打分去掉1个最高分。", []),
    # rules and conversational counts are no statistics
    ("专家评委人数原则上不少于7人。", []),
    ("笔试成绩占40%。", []),
    ("竞聘人员的笔试、面试成绩各占50%。", []),  # each score's weight
    ("刚才，三名同志分别谈了经验体会。", []),
    # figures spelled out in news: two numerals or more, and ratios in words
    ("此次竞聘共有一百二十六名干部报名，竞争比例达到十比一。",
     [{"kind": "ratio", "ratio": "10:1"}, {"kind": "people", "value": 126, "unit": "名"}]),
    ("经过激烈角逐，最终二十三名同志竞聘成功。", [{"kind": "people", "value": 23, "unit": "名"}]),
    ("本次竞聘共有52人报名，竞争比为5︰1。", [{"kind": "ratio", "ratio": "5:1"}, {"kind": "people", "value": 52, "unit": "人"}]),
    ("报名率要达到100%。", []),
    # a change (比上年增加了20人) and a quota its clause sets (每周至少走访5户) are no reported figures
    ("今年共有156名干部参加竞聘，比上年增加了20人。", [{"kind": "people", "value": 156, "unit": "名"}]),
    ("报名人数较去年减少12人，竞聘岗位增长了3个。", []),
    ("驻村干部每周至少走访5户农户，每月不少于联系3户困难户。", []),
    ("每名评委最多推荐2人，共有48名职工参加推荐。", [{"kind": "people", "value": 48, "unit": "名"}]),
    # the figures of a vote: voters, valid ballots, turnout
    ("本次竞聘参加投票126人，收回有效票120张，投票率95.2%。",
     [{"kind": "people", "value": 126, "unit": "人"}, {"kind": "count", "value": 120, "unit": "张"},
      {"kind": "share", "value": 95.2, "unit": "%"}]),
])
def test_statistics(extract_field, text, expected):
    assert _items(extract_field(statistics, text)) == expected


def test_a_figures_evidence_is_the_figure(extract_field, rules_document):
    from jianghua.stages.extract.context import Context

    doc = rules_document("经初赛、复赛层层选拔，从全校280余名报名选手中产生了决赛选手。")
    (found,) = statistics(Context(doc, "case"))
    assert (found["evidence"]["text"], found["about"]) == ("280余名", "报名选手中产生了")


@pytest.mark.parametrize(("text", "expected"), [
    # average scores (not a rule to take the average: 取平均分)
    ("参加笔试的考生平均成绩为76.4分。", [{"kind": "average_score", "value": 76.4, "unit": "分"}]),
    ("笔试平均分72.6分，面试平均得分81.3分。",
     [{"kind": "average_score", "value": 72.6, "unit": "分"}, {"kind": "average_score", "value": 81.3, "unit": "分"}]),
    ("評委打分去掉一個最高分和一個最低分後取平均分。", []),
    # an average age that changed: the new one
    ("新任中层干部平均年龄由原来的46.2岁下降到39.8岁。", [{"kind": "average_age", "value": 39.8, "unit": "岁"}]),
    # a competition ratio in digits around 比
    ("经资格审查，平均竞争比例5.5比1。", [{"kind": "ratio", "ratio": "5.5:1"}]),
    # a weight in brackets after its component is no share of people
    ("总成绩由笔试成绩（占30%）、面试成绩（占50%）、民主测评（占20%）三部分组成。", []),
])
def test_averages_ratios_and_weights(extract_field, text, expected):
    assert _items(extract_field(statistics, text)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a head count in one numeral where a count is stated
    ("最终八人竞聘成功，其中原中层干部五人，新提拔三人。", [8, 5, 3]),
    ("工作隊實行“隊長+隊員”模式，共三人。", [3]),
    ("今年接收了二名来自高校的挂职干部。", [2]),
    ("比赛共评出一等奖二名、二等奖四名、三等奖六名。", [2, 4, 6]),
    # ... and not in talk
    ("刚才，三名同志分别谈了体会，讲得很好。", []),
    ("有的同志一人报了两个岗位。", []),
    ("有两名同志因个人事项报告不如实被取消了资格。", []),
])
def test_head_counts_in_one_numeral(extract_field, text, expected):
    assert [item["value"] for item in extract_field(statistics, text) if item["kind"] == "people"] == expected


def test_profiles_in_chinese_numerals(extract_field):
    found = extract_field(statistics, "26名中层干部中，三十五岁以下的有十二人，本科以上学历的有二十二人。")
    assert [(item["kind"], item["value"]) for item in found] == [("age_profile", 12), ("education_profile", 22), ("people", 26)]
    # other counts only in digits (二十三个部门 in words is mostly talk)
    assert extract_field(statistics, "这批干部分赴全市二十三个部门和十五个乡镇挂职。") == []


def test_a_profile_in_numerals_is_no_eligibility_rule(extract_field):
    from jianghua.stages.extract.eligibility import eligibility

    found = extract_field(eligibility, "新任干部中，三十五岁以下的有十二人，本科以上学历的有二十二人。")
    assert (found["max_age"], found["education"]) == ([], [])


@pytest.mark.parametrize("text", ["每个村选派一两个干部参加挂职。", "报名参加竞聘的只有三四人。", "到会的干部职工七八十名。"])
def test_two_neighbouring_numerals_are_a_guess(extract_field, text):
    assert extract_field(statistics, text) == []


@pytest.mark.parametrize(("text", "expected"), [
    # a pass mark is a rule, not a reported average
    ("笔试平均得分达到70分以上的，方可参加面试。", []),
    ("笔试平均成绩达到70分的，进入面试。", []),
    ("本次竞聘笔试平均得分为73.5分。", [("average_score", 73.5)]),
    # a share-out counts no one
    ("竞聘投票实行一人一票。", []),
    ("参加面试的人员五人一组。", []),
    ("参加面试的考生按12人一组进行。", []),
    ("本次竞聘共选派三名干部。", [("people", 3)]),
])
def test_pass_marks_and_share_outs_are_no_figures(extract_field, text, expected):
    assert [(item["kind"], item["value"]) for item in extract_field(statistics, text)] == expected


def test_the_shares_of_a_places_standing_profile_are_no_campaign_figures(extract_field):
    text = "全镇现有党员320名，其中60岁以上的128人，占40%；35岁以下的48人，仅占15%。"
    assert extract_field(statistics, text) == []
    # a share standing alone is still a figure
    assert [(item["kind"], item["value"]) for item in extract_field(statistics, "女干部占干部总数的比例不足15%。")] == [("share", 15)]


@pytest.mark.parametrize(("text", "expected"), [
    # those who failed or were warned are no figure of the campaign; who applied and who succeeded are
    ("本次有31人报名竞聘，最终9人竞聘成功，落选的22名同志由党委书记逐一谈话。", [31, 9, 22]),
    ("本次有31人报名竞聘，最终9人竞聘成功，未竞聘成功的22名同志由党委书记逐一谈话。", [31, 9]),
    ("经考察，12名同志走上新岗位，另有4名原任科长落聘。", [12]),
    ("年内抽查挂职干部在岗情况，对6名出勤不足的干部进行了通报。", []),
    # the speakers of the meeting a speech closes are its proceedings; those who came to it are its figure
    ("同志们：刚才，6位驻村第一书记作了交流发言，讲得很实在。", []),
    ("同志们：今天全县驻村第一书记共68名参加会议。", [68]),
    # a post a rule sets is a rule, not a reported figure
    ("每个帮扶工作组设组长1名。", []),
    ("全体职工及新设科室负责人共45人参加会议。", [45]),
    ("选派工作组成员，确保每个村有2名驻村干部。", []),
    ("共选派驻村干部45名，配备专职联络员1名。", [45]),
    # a superlative is no quota (review 10, finding 5): 最多的岗位 reports a figure
    ("本次报名人数最多的岗位有15人竞争。", [15]),
    ("共有干部1,256人参加。", [1256]),  # thousands grouped by a comma (review 10, finding 10)
    ("每个岗位最多推荐2人。", []),
])
def test_failures_and_posts_set_by_rule_are_no_head_counts(extract_field, text, expected):
    assert [item["value"] for item in extract_field(statistics, text) if item["kind"] == "people"] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("报名时须提交身份证复印件2张、近期免冠照片4张。", []),
    ("本次测评共发出测评票86张，收回86张。", [86]),
])
def test_what_an_applicant_hands_in_is_no_count(extract_field, text, expected):
    assert [item["value"] for item in extract_field(statistics, text) if item["kind"] == "count"] == expected
