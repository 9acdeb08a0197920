"""Ratios and periods: inspection ratio, publicity, term, probation, other quotas."""

import pytest
from jianghua.stages.extract.periods import ratios_and_periods


def _only(result):
    return {key: value for key, value in result.items() if value}


@pytest.mark.parametrize(("text", "expected"), [
    ("各职位按照拟选人数1：1的比例确定考察对象。", {"inspection_ratio": [{"ratio": "1:1", "governs": "考察", "competitive": False}]}),
    ("按１∶２的差额比例确定考察人选。", {"inspection_ratio": [{"ratio": "1:2", "governs": "考察", "competitive": True}]}),
    ("按照擬選人數1:1的比例確定考察對象。", {"inspection_ratio": [{"ratio": "1:1", "governs": "考察", "competitive": False}]}),
    ("对拟提拔人选进行任前公示（7天）。", {"publicity": [{"days": 7}]}),
    ("公示期为七个工作日。", {"publicity": [{"days": 7, "working_days": True}]}),
    ("行政领导职务实行聘任制，聘期三年，新提拔干部第一年为试聘期。",
     {"term": [{"years": 3, "about": "聘期"}], "probation": [{"months": 12}]}),
    ("其中三年聘期滿職位4個。", {"term": [{"years": 3, "about": "聘期"}]}),
    ("试用期为六个月。", {"probation": [{"months": 6}]}),
    ("差额比例为1：3。", {"other": [{"name": "差额", "value": "1：3"}]}),
    ("公示期间，如群众反映有关人选存在突出问题的，要取消拟任职资格。", {}),
])
def test_ratios_and_periods(extract_field, text, expected):
    assert _only(extract_field(ratios_and_periods, text)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a secondment's or a post's span however named
    ("选派期限为两年，期满后经考核合格的回原单位。", [("选派期限", 2)]),
    ("聘任期限为3年，实行任期目标管理。", [("聘任期限", 3)]),
    ("援疆幹部在疆工作時間為一年半。", [("在疆工作时间", 1.5)]),
    ("这批干部将在基层锻炼两年。", [("在基层锻炼", 2)]),
    # a span named by 派驻 / 援藏 + 时间 with no other word the prefilter knows
    ("派驻时间：两年。", [("派驻时间", 2)]),
    ("援藏时间为一年半。", [("援藏时间", 1.5)]),
    # ... not a tenure nor the time since
    ("他在基层工作两年来，积累了经验。", []),
    ("须在村工作5年以上。", []),
])
def test_terms_in_other_words(extract_field, text, expected):
    assert [(term["about"], term["years"]) for term in extract_field(ratios_and_periods, text)["term"]] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("考试时间：6月18日上午9:00-11:30（笔试），6月25日（面试）。", []),  # a time of day is no ratio
    ("面试时间为14:30至17:00，按1:3的比例确定面试人选。", ["1:3"]),
    ("按照1：3的比例确定参加面试人选。", ["1:3"]),
    ("请于9:30前到达考场，面试于15:00-18:00举行，差额比例为1:2。", []),
    ("报名材料在16:45之前交齐，面试按1:3比例确定人选。", ["1:3"]),
])
def test_a_time_of_day_is_no_ratio(extract_field, text, expected):
    assert [value["ratio"] for value in extract_field(ratios_and_periods, text)["shortlist_ratio"]] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("三年为一个任期，期满重新竞聘。", [("任期", 3)]),
    ("村委會兩年一屆，可以連任。", [("届", 2)]),
    ("中层干部三年一聘。", [("聘", 3)]),
    ("挂职期限：一年。", [("挂职期限", 1)]),
    ("第一年为试用期。", []),  # a probation, no term
    ("这十年一届届班子都很重视。", []),
    # a cycle written 一聘N年, a span named 聘用期限 / 选派期
    ("中层干部一聘三年，期满重新竞聘。", [("聘", 3)]),
    ("聘用期限为三年。", [("聘用期限", 3)]),
    ("选派期为两年，选派期间不得擅自离岗。", [("选派期", 2)]),
    ("他在村里第一任3年就干出了成绩。", []),  # (第一任: an ordinal, no cycle)
])
def test_terms_as_cycles_and_after_a_colon(extract_field, text, expected):
    assert [(term["about"], term["years"]) for term in extract_field(ratios_and_periods, text)["term"]] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("按1比3比例确定考察对象。", ["1:3"]),
    ("按2:1:1的比例确定考察对象。", []),  # three parts: no ratio of people to posts
    # an Arabic ratio right after a word ending in a Chinese numeral (统一, 第一) is read (review 9, finding 2)
    ("面试结束后，各岗位统一2:5的比例确定考察人选。", ["2:5"]),
    ("按第一1:4的比例确定考察对象。", ["1:4"]),
    ("按十一比三确定考察对象。", ["11:3"]),  # (a Chinese ratio is still read from its first numeral)
])
def test_a_selection_ratio_has_two_parts(extract_field, text, expected):
    assert [value["ratio"] for value in extract_field(ratios_and_periods, text)["inspection_ratio"]] == expected


def test_probation_of_a_year_and_a_half(extract_field):
    assert [item["months"] for item in extract_field(ratios_and_periods, "试用期为一年半。")["probation"]] == [18]
    assert [item["months"] for item in extract_field(ratios_and_periods, "试用期一年。")["probation"]] == [12]


def test_a_long_run_of_ratios_is_read_in_linear_time(extract_field):
    import time

    text = "比例" + "2:1比" * 3000 + "考察"
    started = time.process_time()
    found = extract_field(ratios_and_periods, text)["inspection_ratio"]
    assert time.process_time() - started < 0.5
    assert found == []


def test_a_long_run_of_numerals_before_digits_is_read_in_linear_time(extract_field):
    import time

    text = "比例" + "一1" * 3000 + "比3考察"
    started = time.process_time()
    extract_field(ratios_and_periods, text)
    assert time.process_time() - started < 0.5


@pytest.mark.parametrize(("text", "expected"), [
    # a term as the span of its dates, to the half year (a month alone runs to its end)
    ("挂职期限自2023年3月至2024年3月。", [("挂职期限", 1)]),
    ("挂职时间：2023年3月至2025年2月。", [("挂职时间", 2)]),
    ("聘期自2023年1月1日至2025年12月31日。", [("聘期", 3)]),
    ("挂职时间为2023年3月1日至2023年8月31日。", [("挂职时间", 0.5)]),
    ("聘期自2023年1月5日至2024年4月20日。", []),  # (no whole or half year: 1.29 years)
    # 时间 / 期限 alone after a clause about a secondment
    ("选派10名干部到乡镇挂职，时间为两年。", [("时间", 2)]),
    ("本次培训在党校举行，时间为两天。", []),
    ("报名结束后，时间为一年的考察期开始。", []),
    ("挂职干部锻炼期为一年。", [("锻炼期", 1)]),
    # review 10, finding 6: a time after a clause about training or study is no term
    ("选派30名干部参加脱产培训，时间为3个月。", []),
    ("选派干部到省直单位挂职学习，时间为半年。", []),
    # finding 7: 5 or 11 months are no half or whole year; a validity is no term; other spellings of a span
    ("挂职时间为2023年3月至2023年7月。", []),
    ("挂职时间为2023年3月至2024年1月。", []),
    ("挂职时间：2022年10月—2023年4月。", [("挂职时间", 0.5)]),
    ("成绩有效期自2023年1月1日至2024年12月31日。", []),
    ("挂职期限为2023年3月至9月。", [("挂职期限", 0.5)]),
    ("挂职期限为2023年3月至6月。", []),
    ("挂职期限自2023年3月起至2024年3月止。", [("挂职期限", 1)]),
    ("聘期自2023年3月1日至2025年2月28日。", [("聘期", 2)]),
    ("聘期自2023年3月1日至2025年1月31日。", []),  # (a month short of two years)
    ("选派10名干部到乡镇挂职锻炼，挂职时间为2023年3月\n至2024年3月，期满后回原单位。", [("挂职时间", 1)]),  # (a hard break)
    # finding 8: a numeral after a word ending in a numeral character
    ("挂职干部聘期统一三年，期满后回原单位。", [("聘期", 3)]),
    ("驻村工作队员任期统一两年。", [("任期", 2)]),
])
def test_terms_as_date_spans_and_after_a_secondment(extract_field, text, expected):
    assert [(term.get("about"), term["years"]) for term in extract_field(ratios_and_periods, text)["term"]] == expected
