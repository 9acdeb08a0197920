"""Rule forms of real pages (issue 16, round 3): short cases written for the test, and the dev split's
labelled facts of each form found (the label spans are read from ../shared/devset, never copied here)."""

import json

import pytest
from jianghua.stages.extract.procedure import stages
from jianghua.stages.normalize import normalize
from jianghua.training.devset import extracted_values


def _names(extract_field, text):
    return [step["name"] for step in extract_field(stages, text)]


def _missed(devset_dir, page_id, field):
    """The labelled facts of ``field`` on a dev page that no extracted evidence lies in (spans as the page's
    text holds them after normalization; a fact whose span the pipeline dropped counts as missed)."""
    from jianghua.stages.runner import process_page

    assert int(page_id.rsplit("-", 1)[1]) % 3, "dev pages only"
    labels = json.loads((devset_dir / "labels" / f"{page_id}.json").read_text(encoding="utf-8"))
    page = process_page((devset_dir / "pages" / f"{page_id}.txt").read_bytes(), page_id)
    missed = []
    for labelled in labels["documents"]:
        for fact in (f for f in labelled["facts"] if f["field"] == field):
            span = normalize(fact["span"]).text
            found = False
            for doc in page.documents:
                # (rejoin undoes the page's hard breaks where it can: the span without its break then)
                text = span if span in doc.text else span.replace("\n", "")
                at = doc.text.find(text)
                if at < 0:
                    continue
                found = found or any(at <= e["start"] and e["end"] <= at + len(text)
                                     for _f, e in extracted_values(doc.rules))
            if not found:
                missed.append(fact["span"])
    return missed


# --- stages -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # a plan flattened to one line: its numbered step headings follow a full stop or the heading of the steps
    ("四、方法和步骤（一）公布方案和报名（5月6日至5月8日）。（二）资格审查（5月9日）。（三）笔试（5月12日），满分100分。",
     ["公布方案和报名", "资格审查", "笔试"]),
    # two steps after a lead that splits them (采取…和…的方式)
    ("这次会议主要采取民主测评和现场演讲答辩的方式进行。", ["民主测评", "现场演讲答辩"]),
    # step headings named 评价 / 调动
    ("（三）笔试\n闭卷考试。\n（四）适岗评价\n按成绩确定人选。\n（五）公示和调动\n公示5个工作日。",
     ["笔试", "适岗评价", "公示和调动"]),
    # the assessment closing a term
    ("挂职期满，由县委组织部会同接收单位进行考核。", ["期满考核"]),
    ("任职期满，县委组织部将组织考核，考核结果为优秀的优先提拔。", ["期满考核"]),
    ("驻村期满由乡党委出具鉴定意见。", ["期满考核"]),
    # not steps: a probation's end, a pair of assessment means in a report's reflections
    ("试用期满考核合格的，正式任职。", []),
    ("二是考试与考察相结合，避免了一考定终身。", []),
])
def test_stage_forms(extract_field, text, expected):
    assert _names(extract_field, text) == expected


def test_term_end_assessment_evidence_is_the_assessment(rules_document):
    from jianghua.stages.extract.context import Context

    found = stages(Context(rules_document("挂职期满，由市委组织部会同接收单位进行考核，考核结果存入档案。"), "case"))
    assert [(s["name"], s["evidence"]["text"]) for s in found] == [("期满考核", "进行考核")]


@pytest.mark.parametrize(("page_id", "field"), [
    ("plan-05", "stages"),   # step headings in a plan flattened to one line
    ("plan-08", "stages"),   # 适岗评价, 公示和调动
    ("mob-20", "stages"),    # 挂职期满, …进行考核
    ("mob-14", "stages"),    # 任职期满，…将组织考核
    ("exp-20", "stages"),    # 挂职期满由…出具鉴定意见
])
def test_dev_stage_facts_found(devset_dir, page_id, field):
    assert _missed(devset_dir, page_id, field) == []


# --- eligibility.other --------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("竞聘人员应具备以下条件：连续两年年度考核为优秀等次。", ["连续两年年度考核为优秀等次"]),
    ("近三年年度考核中至少有一年为优秀等次。", ["近三年年度考核中至少有一年为优秀等次"]),
    ("竞聘者须取得会计师以上资格证书。", ["取得会计师以上资格证书"]),
    ("原则上应具有相应岗位的从业资格。", ["具有相应岗位的从业资格"]),
    ("报名对象为全局正式在编职工。", ["全局正式在编职工"]),
    ("竞聘人员须为本单位在岗在编人员，试用期内人员不得报名。", ["本单位在岗在编人员", "试用期内人员不得报名"]),
    ("受到党纪政务处分在影响期内的，不得参加竞聘。", ["受到党纪政务处分在影响期内的，不得参加竞聘"]),
    ("距法定退休年龄不足2年的不再参加竞聘。", ["距法定退休年龄不足2年的不再参加竞聘"]),
    ("距法定退休年龄不足三年。", ["距法定退休年龄不足三年"]),
    # the exclusions listed after their lead, each one, not the lead (it states none of them)
    ("有下列情形之一的，不得报名：（一）正在接受纪律审查的；（二）试用期未满的。", ["正在接受纪律审查的", "试用期未满的"]),
    # a wish or a plain statement is no condition
    ("祝大家工作顺利，万事如意。", []),
])
def test_other_condition_forms(extract_field, text, expected):
    from jianghua.stages.extract.eligibility import eligibility

    assert [c["condition"] for c in extract_field(eligibility, text)["other"]] == expected


# --- organization -------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # a unit hosting an event (a contest, a ceremony) runs no selection campaign (4 of 5 such dev documents label none)
    ("本次活动由校团委主办、学生会承办。", None),
    ("校团委主办、演讲协会承办的第五届演讲比赛落下帷幕。", None),
    ("4月18日，市分公司召开劳动竞赛动员会。", None),
    ("学校团委、学生会联合举办主题演讲比赛。", None),
    # a unit cited (根据/按照 its notice) is no subject; a quoted title names no unit
    ("根据县委组织部《关于选派干部到乡镇挂职的通知》，我于3月到镇报到。", None),
    ("依据《公司章程》，公司开展中层竞聘。", None),
    ("按照省委组织部关于选派年轻干部到基层挂职锻炼的安排，我到镇挂任副书记。", "省委组织部"),
    # a unit managing the seconded day to day runs no campaign; one organizing it does
    ("驻村期间由乡党委统一管理。", None),
    ("竞聘工作由县委组织部负责组织实施。", "县委组织部"),
    ("为做好驻村帮扶工作，县委组织部近日下发通知，要求各单位选派优秀干部驻村。", "县委组织部"),
    ("市委组织部把挂职干部管理作为一项重要工作来抓。", "市委组织部"),
    ("学校党委组织部要加强对挂职干部的跟踪管理。", "学校党委组织部"),
    # the unit a speaker speaks for is no unit running the campaign
    ("首先，我代表县委组织部，对大家的到来表示欢迎！", None),
    ("我代表县委组织部表示欢迎。经县委研究，决定从县直单位选派30名干部到村任职。", "县委"),
    # a level of the hierarchy is no unit's name
    ("公开选拔工作在同级党委领导下进行。", None),
])
def test_organization_forms(extract_field, text, expected):
    from jianghua.stages.extract.meta import organization

    found = extract_field(organization, text)
    assert (found and found["name"]) == expected


@pytest.mark.parametrize(("page_id", "field"), [
    ("exp-17", "organization"),   # 市委组织部把挂职干部管理作为…
])
def test_dev_organization_facts_found(devset_dir, page_id, field):
    assert _missed(devset_dir, page_id, field) == []


# --- speaker and date_of_text -------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("县委常委、组织部部长 张志强\n（2022年3月15日）\n同志们：今天召开大会。", ("县委常委、组织部部长", "张志强")),
    ("在竞争上岗动员大会上的讲话\n党委书记　刘××\n同志们：今天召开大会。", ("党委书记", "刘××")),
    ("在竞争上岗动员大会上的讲话\n××局局长 王某某\n同志们：今天召开大会。", ("××局局长", "王某某")),
    ("在竞争上岗动员大会上的讲话\n作者：局党组书记 陈立新\n同志们：今天召开大会。", ("局党组书记", "陈立新")),
])
def test_speaker_bylines(extract_field, text, expected):
    from jianghua.stages.extract.meta import speaker

    found = extract_field(speaker, text)
    assert (found["role"], found["name"]) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("为优化干部队伍结构，制定本方案。\n某某公司党委\n2021年9月16日印发", "2021-09-16"),
    ("为优化干部队伍结构，制定本方案。\n某某公司\n二〇二一年九月十六日", "2021-09-16"),
    # a date inside a sentence is no dating line
    ("为优化干部队伍结构，2021年9月16日公司制定本方案。", None),
])
def test_dating_lines(extract_field, text, expected):
    from jianghua.stages.extract.meta import date_of_text

    found = extract_field(date_of_text, text)
    assert (found and found["value"]) == expected


# --- positions ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("选派的同志到村担任党组织书记助理，任职时间两年。", ["党组织书记助理"]),
    ("这次竞聘的全部为副总经理、副总会计师等副职岗位。", ["副总经理、副总会计师等副职"]),
    ("拟选派12名干部挂任园区管委会副主任、企业总经理助理等职务。", ["园区管委会副主任、企业总经理助理"]),
    ("本次竞聘机关部门副职和二级单位副职岗位共16个。", ["机关部门副职和二级单位副职"]),
    ("其中挂任县直部门副职的12名，挂任乡镇领导班子副职的19名。", ["县直部门副职", "乡镇领导班子副职"]),
    # 组织 in a post is no organizing work
    ("县委组织部在会上作了讲话，将组织考核。", []),
    ("此次对综合科科长、财务科副科长两个岗位实行竞争上岗。", ["综合科科长", "财务科副科长"]),
    # 对照 (measured against) opens no list of posts
    ("我们对照办公室主任、财务科科长两个岗位的要求进行了考察。", []),
    # the posts a plan defines as its scope, each after the words scoping it
    ("本办法所称中层干部，是指市直机关内设机构的科长（主任）、副科长（副主任）。", ["科长（主任）", "副科长（副主任）"]),
    # posts on the lines under a heading: a closing full stop, a group named before them
    ("一、竞聘岗位\n综合股股长、财务股股长、信息中心副主任。\n二、竞聘条件", ["综合股股长", "财务股股长", "信息中心副主任"]),
    ("一、竞聘岗位\n（一）机关科室：办公室主任1名、人事科科长1名。\n（二）下属单位：供水所所长1名。\n二、竞聘条件",
     ["办公室主任", "人事科科长", "供水所所长"]),
])
def test_position_forms(extract_field, text, expected):
    from jianghua.stages.extract.positions import positions

    posts, _counts = extract_field(positions, text)
    assert [p["title"] for p in posts] == expected


@pytest.mark.parametrize(("page_id", "field"), [
    ("mob-04", "positions"),   # 全部为…等副职岗位
    ("mob-17", "positions"),   # 挂任…等职务
    ("mob-14", "positions"),   # 担任村党组织书记助理
])
def test_dev_position_facts_found(devset_dir, page_id, field):
    assert _missed(devset_dir, page_id, field) == []


# --- statistics ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("三是办实事，累计帮助各村解决水、路、电等实际问题300多件。", [("count", 300)]),
    # one figure and unit counted once in a document (the first mention is its evidence)
    ("局机关28名干部分成7个小组，对口包联红石乡7个村。", [("people", 28), ("count", 7)]),
    ("每人每月发放400元的到村工作补贴。", [("money", 400)]),
    ("给予每人每年不少于1万元的工作经费和生活补助。", [("money", 1)]),
    ("驻村工作得到群众认可，群众满意率为98%。", [("share", 98)]),
    # thresholds and incomes are no figures of the campaign
    ("得票率低于60%的不予聘任，赞成率达到50%以上的方可聘任。", []),
    ("驻村以来，村集体收入达到12万元。", []),
])
def test_statistic_forms(extract_field, text, expected):
    from jianghua.stages.extract.statistics import statistics

    assert [(s["kind"], s.get("value")) for s in extract_field(statistics, text)] == expected


@pytest.mark.parametrize(("page_id", "field"), [
    ("mob-14", "statistics"),   # 400元的到村工作补贴
    ("mtg-16", "statistics"),   # 累计…300多件
])
def test_dev_statistic_facts_found(devset_dir, page_id, field):
    assert _missed(devset_dir, page_id, field) == []


# --- timeline -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("报名时间为通知发布之日起5个工作日。", [("报名", 5)]),
    ("拟任人选应于公示结束后10个工作日内到岗。", [("全程", 10)]),
    ("5月10日前，各单位将推荐人选报局人事科。", [("全程", "05-10")]),
])
def test_timeline_forms(extract_field, text, expected):
    from jianghua.stages.extract.timeline import timeline

    found = extract_field(timeline, text, year=2023)
    assert [(t["stage"], t.get("duration_days") or (t.get("end") or "")[-5:]) for t in found] == expected


# --- rule text broken by a hard line break --------------------------------------------------------

def test_rule_text_broken_by_a_hard_line_break_is_read_whole(rules_document):
    from jianghua.stages.extract import extract, record_errors

    doc = rules_document("选派干部须具有大学本科以上学历，年龄35周岁以\n下，工作期间接受双重管理，挂职期限统一为\n两年，每人限报一个岗位。")
    doc.classification = {"genre": "plan_or_regulation"}
    record = extract(doc, "case")
    assert [a["years"] for a in record["eligibility"]["max_age"]] == [35]
    assert record["eligibility"]["max_age"][0]["evidence"]["text"] == "35周岁以\n下"
    assert [t.get("years") for t in record["ratios_and_periods"]["term"]] == [2]
    assert not record_errors(record)


def test_a_title_over_a_byline_is_not_joined(rules_document):
    from jianghua.stages.extract.context import Context

    ctx = Context(rules_document("在全县选派干部驻村工作动员大会上的讲话\n县委副书记 王建国\n同志们：今天召开大会。"), "case")
    assert ctx.text == ctx.doc.text


@pytest.mark.parametrize(("page_id", "field"), [
    ("mtg-04", "ratios.term_years"),   # 挂职期限统一为 / 两年
    ("plan-04", "ratios.inspection"),  # 按出缺人數二 / 倍推薦人選
])
def test_dev_facts_across_hard_line_breaks_found(devset_dir, page_id, field):
    assert _missed(devset_dir, page_id, field) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("设置岗位如下：1.办公室主任1名；2.人事科科长1名；3.财务科副科长2名。",
     [("办公室主任", 1), ("人事科科长", 1), ("财务科副科长", 2)]),
    ("竞聘职位及职数具体为：(1)综合科科长1名;(2)业务科副科长2名。其他人员不参加。", [("综合科科长", 1), ("业务科副科长", 2)]),
])
def test_posts_listed_in_running_text(extract_field, text, expected):
    from jianghua.stages.extract.positions import positions

    posts, _counts = extract_field(positions, text)
    assert [(p["title"], p.get("count")) for p in posts] == expected


@pytest.mark.parametrize(("text", "principal", "deputy"), [
    ("设置科长岗位3职、副科长岗位4职。", 3, 4),
    ("本次竞聘正职2职，副职5职。", 2, 5),
])
def test_counts_of_posts_in_zhi(extract_field, text, principal, deputy):
    from jianghua.stages.extract.positions import positions

    _posts, counts = extract_field(positions, text)
    assert (counts["principal"]["value"], counts["deputy"]["value"]) == (principal, deputy)


# --- thresholds and applicants per post ------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("面试满分为100分，60分为合格分数线。", [("合格线", 60)]),
    ("得票数未超过半数的，不得确定为考察对象。", [("得票", 50.0)]),
])
def test_threshold_forms(extract_field, text, expected):
    from jianghua.stages.extract.thresholds import thresholds

    assert [(t["subject"], t["value"]) for t in extract_field(thresholds, text)] == expected


def test_applicants_per_post_against_the_posts_competed_for(extract_field):
    from jianghua.stages.extract.application import application_rules

    found = extract_field(application_rules, "报名人数与竞聘岗位数之比不低于3:1，达不到比例的核减或取消该职位。")
    assert [m.get("ratio") for m in found["min_applicants_per_post"]] == ["3:1"]


@pytest.mark.parametrize("text", ["县委副书记王明在讲话中指出，要严格选派程序。", "县委副书记王明讲话时强调，要严格选派程序。"])
def test_a_news_report_names_who_spoke(rules_document, text):
    from jianghua.stages.extract.context import Context
    from jianghua.stages.extract.meta import speaker

    doc = rules_document(text)
    doc.classification = {"genre": "news_report"}
    found = speaker(Context(doc, "case"))
    assert (found["role"], found["name"]) == ("县委副书记", "王明")


def test_each_components_full_marks(extract_field):
    from jianghua.stages.extract.scoring import scoring

    found = extract_field(scoring, "笔试满分100分，主要测试理论知识。面试满分100分，重点测试能力。总成绩满分100分。")
    assert [m["value"] for m in found["full_marks"]] == [100, 100]


def test_dev_full_marks_of_each_component_found(devset_dir):
    assert _missed(devset_dir, "plan-08", "scoring.full_marks") == []


# --- panel bodies -------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("市委成立公开选拔工作领导小组，负责组织实施。", [("公开选拔工作领导小组", None)]),
    ("局党组成立了以局长为组长的竞争上岗领导小组，下设办公室和监督组。", [("竞争上岗领导小组", "局长")]),
    ("各单位要成立竞争上岗工作小组，具体负责竞聘工作。", [("竞争上岗工作小组", None)]),
    ("成立工作组。", []),  # a kind of body with no name of its own
])
def test_panel_bodies(rules_document, text, expected):
    from jianghua.stages.extract import extract, record_errors

    doc = rules_document(text)
    doc.classification = {"genre": "plan_or_regulation"}
    record = extract(doc, "case")
    assert [(b["name"], b.get("leader")) for b in record["panel"]["bodies"]] == expected
    assert [b["evidence"]["text"] for b in record["panel"]["bodies"]] == [name for name, _leader in expected]
    assert not record_errors(record)


def test_v2_records_written_before_bodies_stay_valid(rules_document):
    from jianghua.stages.extract import extract, record_errors

    doc = rules_document("市委成立公开选拔工作领导小组，负责组织实施。")
    doc.classification = {"genre": "plan_or_regulation"}
    record = extract(doc, "case")
    del record["panel"]["bodies"]
    assert not record_errors(record)


@pytest.mark.parametrize(("text", "org", "date"), [
    ("中共青山县委组织部关于选派干部到村任职的通知\n各乡镇党委：\n为加强基层建设，决定选派干部到村任职。", "中共青山县委组织部", None),
    ("主办单位：校团委\n承办单位：演讲协会\n本次演讲比赛共有20名选手参加。", None, None),
    ("为加强基层建设，选派干部到村任职。\n县委组织部办公室 2021年3月2日印发", "县委组织部办公室", "2021-03-02"),
])
def test_issuer_host_and_printed_lines(rules_document, text, org, date):
    from jianghua.stages.extract import extract

    doc = rules_document(text)
    doc.classification = {"genre": "plan_or_regulation"}
    record = extract(doc, "case")
    assert (record["organization"] and record["organization"]["name"]) == org
    assert (record["date_of_text"] and record["date_of_text"]["value"]) == date


def test_spun_words_for_thresholds(extract_field):
    """Synonym-spun text (洗稿): 不足 -> 缺乏, 达到 -> 到达."""
    from jianghua.stages.extract.application import application_rules
    from jianghua.stages.extract.statistics import statistics
    from jianghua.stages.extract.thresholds import thresholds

    text = "每个岗位报名缺乏3人的，暂缓竞聘。得票率未到达60%的，不予聘任。"
    assert [m["value"] for m in extract_field(application_rules, text)["min_applicants_per_post"]] == [3]
    assert [(t["subject"], t["value"]) for t in extract_field(thresholds, text)] == [("得票率", 60)]
    assert extract_field(statistics, text) == []


def test_a_speechs_section_headings_are_no_procedure(extract_field):
    text = "同志们：今天召开大会。（一）统一思想。要提高认识。（二）加强日常考核。要严格管理。（三）搞好培训。要提升能力。"
    assert _names(extract_field, text) == []


# --- standing -----------------------------------------------------------------------------------

@pytest.fixture
def judged(rules_document):
    """A factory: (raw text, the genre the classifier gave) -> the document's standing and its record."""
    from jianghua.stages.extract import extract

    def judge(text: str, genre: str):
        doc = rules_document(text)
        doc.classification = {"genre": genre}
        record = extract(doc, "case")
        return record["standing"]["kind"], record

    return judge


def test_a_leader_speaking_of_failed_candidates_is_no_candidate(judged):
    """如果竞聘不成功 in a leader's speech is about the candidates: the speech keeps its rules."""
    kind, record = judged("同志们：\n今天召开中层干部竞争上岗动员大会。下面我讲三点意见。如果竞聘不成功，也不要灰心。"
                          "我相信大家能够正确对待。我再强调一下，竞聘人员年龄须在45周岁以下。", "mobilization_speech")
    assert kind == "rules"
    assert [a["years"] for a in record["eligibility"]["max_age"]] == [45]


@pytest.mark.parametrize(("text", "genre", "expected"), [
    # a candidate hoping to win is a candidate
    ("尊敬的各位领导：如果有幸竞聘成功，我将努力工作。我今年38岁，本科学历。", "meeting_speech", "candidate"),
    # 摘要 / 关键词 / 本文 left by a journal index do not make a report that states rules a research paper ...
    ("摘要：本文介绍了某局开展中层干部竞争上岗的做法。关键词：竞争上岗；干部\n某局今年拿出8个中层职位开展竞争上岗，"
     "报名者须具有大学本科以上学历，年龄须在45周岁以下，按1:3的比例确定考察对象，每人限报1个职位，不得兼报。", "experience_report", "rules"),
    # ... while a paper is research
    ("摘要：本文研究了干部选拔制度的演变。关键词：干部；制度\n研究发现，竞争上岗提高了选拔质量。", "experience_report", "research"),
    # “…”的原则，演讲答辩 / “…”的问题 quote no one: a regulation with chapters keeps its rules ...
    ("第一章 总则\n第一条 为规范竞争上岗工作，坚持“公开、平等、竞争、择优”的原则，演讲答辩实行公开。\n"
     "第二章 条件\n第二条 解决“能上不能下”的问题，竞聘人员年龄须在45周岁以下。", "plan_or_regulation", "rules"),
    # a participant's essay after a campaign (心得体会, first person, no rule phrasing) states no rules
    ("今年4月，集团面向全系统公开竞聘部门负责人，我报名参加了。虽然我最终没能进入考察环节，但我收获很多。"
     "我体会到，竞聘比的是平时的积累。我会继续努力。", "other", "explainer"),
    # ... while a chapter of dialogue is fiction
    ("第三章 竞聘\n“你报不报名？”老李问道。\n“年龄够吗？”她笑着说。\n他说：“够了。”", "other", "narrative"),
])
def test_standing_of_real_page_kinds(judged, text, genre, expected):
    assert judged(text, genre)[0] == expected


# --- synonym spinning ---------------------------------------------------------------------------

def test_spun_text_is_read_in_the_words_the_rules_know(rules_document):
    """A spun page (竣事 for 结束, 举行 for 进行, 事情 for 工作) gives the rules it states, with evidence in
    its own words; a single spinner's word in plain prose changes nothing."""
    from jianghua.stages.extract import extract

    doc = rules_document("竞聘职员须在本单元事情满2年。考察竣事后，由局党组研究确定拟任人选，并举行公示。果真选拔要严酷法式。")
    doc.classification = {"genre": "plan_or_regulation"}
    record = extract(doc, "spun")
    assert [(s["name"], s["evidence"]["text"]) for s in record["stages"]] == [
        ("考察", "考察"), ("研究确定", "研究确定"), ("公示", "公示")]
    assert [t["evidence"]["text"] for t in record["eligibility"]["tenure"]] == ["在本单元事情满2年"]
    plain = rules_document("考察后勤工作的事情很多。会议在礼堂举行。")
    plain.classification = {"genre": "plan_or_regulation"}
    assert extract(plain, "plain")["stages"] == []


# --- forms of issue 16 item 3, round 4 -----------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # a dash joining steps reads as an arrow; 执行/设置 lead a list, 六道关口 closes one
    ("竞聘按照“公布岗位—个人报名—资格审查—演讲答辩—民主测评”的程序进行。", ["公布岗位", "个人报名", "资格审查", "演讲答辩", "民主测评"]),
    ("竞聘工作严格执行报名、资格审查、笔试、面试、公示等程序。", ["报名", "资格审查", "笔试", "面试", "公示"]),
    ("竞争上岗工作设置了报名、资格审查、笔试、面试、考察、公示六道关口。", ["报名", "资格审查", "笔试", "面试", "考察", "公示"]),
    # a pause dash before exhortations names no step
    ("工作分三步走——宣传动员、竞聘上岗、总结提高。", []),
])
def test_stage_lists_round_four(extract_field, text, expected):
    assert _names(extract_field, text) == expected


def test_a_ratio_before_the_components_it_weights(extract_field):
    from jianghua.stages.extract.periods import ratios_and_periods
    from jianghua.stages.extract.scoring import scoring

    found = extract_field(scoring, "按4︰3︰3加权计算笔试、面试和考察成绩。")
    [components] = [s["components"] for s in found["component_sets"]]
    assert [(c["name"], c["weight"]) for c in components] == [("笔试", 0.4), ("面试", 0.3), ("考察", 0.3)]
    # a weight ratio is no selection ratio; a selection ratio beside 综合成绩 still is one
    assert extract_field(ratios_and_periods, "按6:4的比例折算笔试和面试成绩。")["shortlist_ratio"] == []
    found = extract_field(ratios_and_periods, "按照职位数1︰2的比例，根据综合成绩从高到低确定考察对象。")
    assert [r["ratio"] for r in found["inspection_ratio"]] == ["1:2"]


@pytest.mark.parametrize(("text", "ratio"), [
    ("竞争比例不低于3:1。", "3:1"), ("各职位竞争比例原则上不低于3︰1，达不到的核减职位。", "3:1"),
])
def test_a_competition_ratio_is_a_floor_of_applicants(extract_field, text, ratio):
    from jianghua.stages.extract.application import application_rules

    assert [r["ratio"] for r in extract_field(application_rules, text)["min_applicants_per_post"]] == [ratio]


def test_a_line_broken_after_a_dangling_word_is_read_whole(rules_document):
    from jianghua.stages.extract import extract

    doc = rules_document("二、挂职安排\n这次选派的干部挂职期限统一为\n两年，挂职期间人事关系不变。")
    doc.classification = {"genre": "plan_or_regulation"}
    [term] = extract(doc, "case")["ratios_and_periods"]["term"]
    assert term["years"] == 2 and term["evidence"]["text"] == "挂职期限统一为\n两年"


def test_a_signature_with_its_date_on_one_line(rules_document):
    from jianghua.stages.extract import extract

    doc = rules_document("一、竞聘岗位\n办公室主任。\n青山县财政局 2020年3月1日")
    doc.classification = {"genre": "plan_or_regulation"}
    assert extract(doc, "case")["organization"]["name"] == "青山县财政局"
    doc = rules_document("同志们：\n今天开会。\n县委书记 2020年3月1日")  # a role is no unit
    doc.classification = {"genre": "mobilization_speech"}
    assert extract(doc, "case")["organization"] is None


@pytest.mark.parametrize(("text", "expected"), [
    ("按综合得分从高到低确定考察人选。", ["确定考察人选"]),
    ("上台顺序由现场抽签产生。", ["抽签"]),
    ("选手通过抽签确定演讲顺序。", ["抽签"]),
    ("他的名次从高到低排列。", []),  # a rank with nothing picked by it
])
def test_steps_named_by_what_is_done(extract_field, text, expected):
    assert _names(extract_field, text) == expected


def test_steps_in_quotes_before_a_manner_and_a_degree_with_an_alias(extract_field):
    from jianghua.stages.extract.eligibility import eligibility

    assert _names(extract_field, "竞聘采取“个人陈述+现场答问”方式进行。") == ["个人陈述", "现场答问"]
    found = extract_field(eligibility, "竞聘班组长须具有中专（高中）及以上学历。")["education"]
    assert [(v["minimum"], v["comparator"]) for v in found] == [("中专", "以上")]
