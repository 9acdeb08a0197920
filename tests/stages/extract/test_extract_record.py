"""``extract`` end to end on a made-up plan in traditional script with full-width digits: the record
validates, values are what the text states, and month-day dates take the document's year."""

from jianghua.stages.extract import extract, validator

TRADITIONAL_PLAN = """\
張明局長在中層幹部競爭上崗動員大會上的講話
（２０１６年５月）
同志們：
起草制定了《東山鎮機關中層幹部競爭上崗實施方案》。本次競爭上崗的職位共３個，目前空缺職位３個，分別是：辦公室主任、財政所所長、文化站站長。
參加競爭上崗者須具有大專以上學歷，年齡在４０週歲以下，中共正式黨員。
１、報名（６月１２日至６月１４日）。每人限報１個職位。
２、筆試及面試（６月２０日）。筆試、面試分別佔４０％、６０％。
按評委、群眾代表４：６的比例計算總成績，按１∶２的差額比例確定考察對象，任前公示７天，試用期一年。
"""


def test_a_traditional_full_width_plan(rules_document):
    doc = rules_document(TRADITIONAL_PLAN)
    record = extract(doc, "plan#1")
    assert not list(validator().iter_errors(record))
    assert record["organization"]["name"] == "东山镇"
    assert (record["speaker"]["name"], record["speaker"]["role"]) == ("张明", "局长")
    assert record["date_of_text"]["value"] == "2016-05"
    assert [p["title"] for p in record["positions"]] == ["办公室主任", "财政所所长", "文化站站长"]
    assert {p["status"] for p in record["positions"]} == {"vacant"}
    assert record["position_counts"]["total"]["value"] == 3
    assert record["eligibility"]["max_age"][0]["years"] == 40
    assert record["eligibility"]["education"][0]["minimum"] == "大专"
    timeline = {e["stage"]: (e.get("start"), e.get("end"), e.get("duration_days")) for e in record["timeline"]}
    assert timeline["报名"] == ("2016-06-12", "2016-06-14", None)
    assert timeline["笔试"] == ("2016-06-20", "2016-06-20", None)
    assert timeline["公示"] == (None, None, 7)
    assert record["application_rules"]["max_posts_per_applicant"][0]["value"] == 1
    (components,) = record["scoring"]["component_sets"]
    assert [(c["name"], c["weight"]) for c in components["components"]] == [("笔试", 0.4), ("面试", 0.6)]
    assert components["adds_up"] is True
    assert record["scoring"]["rater_weights"][0]["weights"] == [0.4, 0.6]
    assert record["ratios_and_periods"]["inspection_ratio"][0]["ratio"] == "1:2"
    assert record["ratios_and_periods"]["probation"][0]["months"] == 12
    for evidence in (record["organization"]["evidence"], record["timeline"][0]["evidence"]):
        assert doc.text[evidence["start"]:evidence["end"]] == evidence["text"]
        assert doc.original[evidence["orig_start"]:evidence["orig_end"]] != evidence["text"]  # traditional there


def test_without_its_own_date_a_document_gets_no_year(rules_document):
    record = extract(rules_document("１、報名（６月１２日至６月１４日）。"), "d#1")
    assert record["timeline"][0]["start"] == "--06-12"  # never this year


def test_an_empty_document_gives_an_empty_valid_record(rules_document):
    record = extract(rules_document("同志们：\n谢谢大家！"), "e#1")
    assert not list(validator().iter_errors(record))
    assert record["organization"] is None and record["positions"] == [] and record["statistics"] == []


_NEWS_PAGE = """首页 > 新闻中心 > 基层动态
清河县水务局举行中层干部竞聘演讲会
发布时间：2031-05-06 10:20  来源：县水务局  浏览次数：35
5月6日上午，清河县水务局在三楼会议室举行中层干部竞聘演讲会，23名干部参加竞聘。局党组书记、局长陈立新出席并讲话。
陈立新指出，这次竞聘拿出8个中层岗位，按照公开、平等、竞争、择优的原则进行。经过演讲答辩、民主测评和组织考察，最终确定拟任人选。
竞聘演讲会由局党组副书记主持，全体干部职工参加了会议。
"""


def test_a_news_report_cites_its_removed_stamp_line_as_its_date():
    from jianghua.stages.extract import record_errors
    from jianghua.stages.runner import process_page

    page = process_page(_NEWS_PAGE.encode("utf-8"), "news.txt")
    (doc,) = page.documents
    assert [removed.code for removed in page.removed if removed.line == 3] == ["metadata"]
    evidence = doc.rules["date_of_text"]["evidence"]
    assert doc.rules["date_of_text"]["value"] == "2031-05-06" and doc.year == 2031
    assert {key: evidence[key] for key in ("start", "end", "orig_start", "orig_end", "text", "source", "line")} == {
        "start": 5, "end": 15, "orig_start": 5, "orig_end": 15, "text": "2031-05-06", "source": "metadata", "line": 3}
    assert evidence["sentence"] == "发布时间：2031-05-06 10:20  来源：县水务局  浏览次数：35"
    assert record_errors(doc.rules) == []
    assert record_errors({**doc.rules, "date_of_text": {"value": "2031-05-06", "evidence": {**evidence, "source": "footer"}}})


_HEADED_PAGE = """首页 > 讲话稿
范文网整理发布。 在乡镇机关中层干部竞聘动员会上的讲话 镇党委书记 林国栋
同志们：
今天召开全镇机关中层干部竞聘动员会。这次竞聘拿出中层岗位6个，其中正职2个、副职4个。
报名人员须年龄在45周岁以下，具有大专以上学历，在本镇工作满2年。
竞聘按照报名、资格审查、演讲答辩、民主测评、组织考察、公示、聘任的程序进行。
希望大家积极参与，公平竞争。
"""


def test_a_removed_head_line_hands_its_byline_to_the_speaker():
    from jianghua.stages.extract import record_errors
    from jianghua.stages.runner import process_page

    page = process_page(_HEADED_PAGE.encode("utf-8"), "speech.txt")
    (doc,) = page.documents
    found = doc.rules["speaker"]
    assert (found["name"], found["role"], found["evidence"]["source"], found["evidence"]["line"]) == ("林国栋", "镇党委书记", "metadata", 2)
    assert found["evidence"]["sentence"][found["evidence"]["start"]:found["evidence"]["end"]] == "镇党委书记 林国栋"
    assert record_errors(doc.rules) == []


def test_the_speaker_is_not_repeated_among_the_people(rules_document):
    doc = rules_document("在中层干部竞争上岗动员大会上的讲话\n局长 陈志明\n同志们：\n今天召开大会，对竞争上岗工作进行部署。"
                         "刚才，王建华副局长宣读了实施方案，陈志明局长作了部署。")
    record = extract(doc, "s#1")
    assert record["speaker"]["name"] == "陈志明"
    assert [(person["name"], person["role"]) for person in record["people"]] == [("王建华", "副局长")]
