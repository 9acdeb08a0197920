"""Dates, month parts, ranges and durations; the year comes from the document, never from today."""

import pytest
from jianghua.stages.extract.dates import PartialDate, find_dates, find_durations, parse_date
from jianghua.stages.normalize import normalize


@pytest.mark.parametrize(("text", "expected"), [
    ("1971年5月31日", "1971-05-31"), ("１９７１年５月３１日", "1971-05-31"),
    ("2014年9月", "2014-09"), ("２０１４年９月", "2014-09"), ("二〇一四年九月", "2014-09"),
    ("2014年", "2014"), ("6月12日", "--06-12"), ("6月12号", "--06-12"), ("6月12號", "--06-12"),
    ("十二月三十一日", "--12-31"), ("6月", "--06"),
    ("2月30日", None), ("13月1日", None), ("6月底", None), ("今天", None),
])
def test_parse_date(text, expected):
    parsed = parse_date(text)
    assert (parsed.iso() if parsed else None) == expected


def test_parse_date_takes_the_default_year_only_when_the_text_has_none():
    assert parse_date("6月12日", default_year=2014).iso() == "2014-06-12"
    assert parse_date("2013年6月12日", default_year=2014).iso() == "2013-06-12"


@pytest.mark.parametrize(("text", "year", "expected"), [
    ("1、报名（6月12日至6月14日）。", None, [("--06-12", "--06-14", "6月12日至6月14日")]),
    ("报名（６月１２日至１４日）", None, [("--06-12", "--06-14", "６月１２日至１４日")]),
    ("6月12日-14日报名", 2014, [("2014-06-12", "2014-06-14", "6月12日-14日")]),
    ("報名時間為6月12日到6月14日", None, [("--06-12", "--06-14", "6月12日到6月14日")]),
    ("6月底前基本结束", None, [("--06-30", "--06-30", "6月底")]),
    ("2月底前", 2016, [("2016-02-29", "2016-02-29", "2月底")]),
    ("7月上旬", None, [("--07-01", "--07-10", "7月上旬")]),
    ("于6月18日参加演讲答辩", None, [("--06-18", "--06-18", "6月18日")]),
    ("（2014年9月）", None, [("2014-09", "2014-09", "2014年9月")]),
    ("2023年，为进一步", None, [("2023", "2023", "2023年")]),
    ("一去二三里", None, []),
])
def test_find_dates(text, year, expected):
    found = [(d.start.iso(), d.end.iso(), text[d.begin:d.finish]) for d in find_dates(text, year)]
    assert found == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("任前公示（7天）", [(7, False)]), ("公示七天", [(7, False)]), ("公示期为7个工作日", [(7, True)]),
    ("公示期為7個工作日", [(7, True)]), ("公示１周", [(7, False)]), ("试用1个月", [(30, False)]),
    ("公示期", []),
])
def test_find_durations(text, expected):
    assert [(d.days, d.working_days) for d in find_durations(text)] == expected


def test_partial_date_iso():
    assert PartialDate(None, 6, None).iso() == "--06"
    assert PartialDate(2014, None, None).iso() == "2014"


@pytest.mark.parametrize(("text", "expected"), [
    ("今年3月至5月，市局党组开展了竞争上岗。", [("3月至5月", "--03", "--05")]),
    ("发布时间:2023-03-093月8日上午，演讲举行。", [("3月8日", "--03-08", "--03-08")]),  # 93月 is no month
])
def test_regression_month_ranges_and_glued_timestamps(text, expected):
    found = find_dates(text)
    assert [(text[d.begin:d.finish], d.start.iso(), d.end.iso()) for d in found] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("我于XX年3月到镇挂职。", ["--03"]),  # a masked year: unknown, never the document's own
    ("於20XX年5月12日召開動員大會。", ["--05-12"]),
    ("于**年6月至8月开展。", ["--06/--08"]),
    ("于2016年3月到镇挂职。", ["2016-03"]),
    ("于3月到镇挂职。", ["2019-03"]),
])
def test_a_masked_year_is_never_the_documents(text, expected):
    dates = find_dates(normalize(text).text, default_year=2019)
    assert [date.start.iso() if date.start == date.end else f"{date.start.iso()}/{date.end.iso()}" for date in dates] == expected
