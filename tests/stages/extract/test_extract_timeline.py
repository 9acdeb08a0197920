"""Timeline entries and the procedure's steps, table-driven."""

import pytest
from jianghua.stages.extract.procedure import stages
from jianghua.stages.extract.timeline import timeline


def _entries(result):
    return [{k: v for k, v in entry.items() if k not in ("label", "text")} for entry in result]


@pytest.mark.parametrize(("text", "year", "expected"), [
    ("1、报名（6月12日至6月14日）。职院符合条件者均可报名。", None,
     [{"stage": "报名", "start": "--06-12", "end": "--06-14"}]),
    ("1、報名（６月１２日至６月１４日）。", 2014, [{"stage": "报名", "start": "2014-06-12", "end": "2014-06-14"}]),
    ("3、考试及民主测评（6月18日）。", None,
     [{"stage": "考试", "start": "--06-18", "end": "--06-18"},
      {"stage": "民主测评", "start": "--06-18", "end": "--06-18"}]),
    ("经资格审查合格的人员于6月18日参加演讲答辩。", None, [{"stage": "面试", "start": "--06-18", "end": "--06-18"}]),
    ("本次竞争上岗工作自今天动员会后开始，6月底前基本结束。", None, [{"stage": "全程", "end": "--06-30"}]),
    ("本次竞争上岗工作6月底前基本结束。", 2016, [{"stage": "全程", "end": "2016-06-30"}]),
    ("对拟提拔人选进行任前公示（7天）。", None, [{"stage": "公示", "duration_days": 7}]),
    ("公示期为7个工作日。", None, [{"stage": "公示", "duration_days": 7, "working_days": True}]),
    # dates with no stage are no timeline: 2014年4月, 中央颁布了…
    ("2014年4月，中央颁布了5个文件。", None, []),
    ("2023年，全镇43人报名参与。", None, []),
])
def test_timeline(extract_field, text, year, expected):
    assert _entries(extract_field(timeline, text, year=year)) == expected


@pytest.mark.parametrize(("text", "year", "expected"), [
    ("县卫生健康局于今年4月在局机关开展了股级干部竞争上岗。", 2023, [{"stage": "全程", "start": "2023-04", "end": "2023-04"}]),
    ("我于去年4月从县财政局到镇挂任副镇长。", 2023, [{"stage": "全程", "start": "2022-04", "end": "2022-04"}]),
    ("我于去年4月从县财政局到镇挂任副镇长。", None, [{"stage": "全程", "start": "--04", "end": "--04"}]),
    ("8月2日，我市在市委党校举行全市万名干部下基层动员部署会。", None,
     [{"stage": "动员", "start": "--08-02", "end": "--08-02"}]),
    ("这次军训为期14天。", None, [{"stage": "全程", "duration_days": 14}]),
    ("工作队自202222年6月进驻新塘村。", None, [{"stage": "全程", "start": "--06", "end": "--06"}]),  # a damaged year
    # a range across a year end keeps its end's own year (review 10)
    ("挂职时间为2023年7月至2024年6月。", None, [{"stage": "全程", "start": "2023-07", "end": "2024-06"}]),
    # no event of the campaign: a birth date, a cut-off date, a bare month in words, a title, a dateline
    ("竞聘副职的年龄在45周岁以下（1980年6月30日以后出生）。", None, []),
    ("挂职时间计算截止到2015年3月31日。", None, []),
    ("同学们，秋风送爽的九月，你们开始了军训。", None, []),
    ("2014年4月，中央颁布了《党政机关竞争上岗工作暂行规定》等5个文件。", None, []),
    ("本报昆明4月9日电 挂职干部培训会举行。", None, []),
])
def test_campaign_dates(extract_field, text, year, expected):
    assert _entries(extract_field(timeline, text, year=year)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("经过公开职位、组织报名、笔试、民主测评、面试、组织考察和公示七个环节，最终26名同志脱颖而出。",
     ["公开职位", "组织报名", "笔试", "民主测评", "面试", "组织考察", "公示"]),
    ("經過公開職位、組織報名、筆試、面試和公示五個環節。", ["公开职位", "组织报名", "笔试", "面试", "公示"]),
    ("程序为：组织报名、资格审查、笔试、面试、组织考察、任前公示。",
     ["组织报名", "资格审查", "笔试", "面试", "组织考察", "任前公示"]),
    ("（三）时间安排及方法程序\n1、报名（6月12日至6月14日）。\n2、资格审查（6月15日）。\n3、组织考察。",
     ["报名", "资格审查", "组织考察"]),
    ("竞争上岗工作应当进行笔试、面试。", []),
    ("宣传政策、访问民情、化解矛盾七个方面。", []),
])
def test_stages(extract_field, text, expected):
    assert [step["name"] for step in extract_field(stages, text)] == expected


# --- a plan's phases and the dates right after a step's heading (issue 16, round 8) ------------------

@pytest.mark.parametrize(("text", "expected"), [
    # phases named as numbered headings, their dates in parentheses, whatever the phases' words
    ("（一）宣传发动阶段（2023年4月10日—4月15日）\n（二）组织实施阶段（2023年4月16日—5月20日）",
     [{"stage": "动员", "label": "宣传发动阶段", "start": "2023-04-10", "end": "2023-04-15"},
      {"stage": "组织实施", "label": "组织实施阶段", "start": "2023-04-16", "end": "2023-05-20"}]),
    # phases listed after a count, each followed by its dates
    ("分为两个阶段：报名考试阶段，5月11日至24日；考察任用阶段，5月25日至31日。",
     [{"stage": "报名", "label": "报名考试阶段", "start": "2023-05-11", "end": "2023-05-24"},
      {"stage": "组织考察", "label": "考察任用阶段", "start": "2023-05-25", "end": "2023-05-31"}]),
    # a date opening a step's item under the heading of the steps dates that step, not the whole campaign
    ("三、方法步骤\n1、个人报名。3月2日至3月6日，填写报名表。\n2、资格审查。3月7日至3月8日。",
     [{"stage": "报名", "label": "个人报名", "start": "2023-03-02", "end": "2023-03-06"},
      {"stage": "资格审查", "label": "资格审查", "start": "2023-03-07", "end": "2023-03-08"}]),
])
def test_a_date_after_a_steps_heading_dates_that_step(extract_field, text, expected):
    found = [{k: v for k, v in entry.items() if k != "text"} for entry in extract_field(timeline, text, year=2023)]
    assert found == expected


def test_a_dated_steps_evidence_is_its_heading_and_its_date(rules_document):
    from jianghua.stages.extract.context import Context

    ctx = Context(rules_document("（一）动员部署阶段（6月1日—6月9日）\n（二）总结阶段（6月10日）"), "case")
    evidence = [ctx.text[e["evidence"]["start"]:e["evidence"]["end"]] for e in timeline(ctx)]
    assert evidence == ["动员部署阶段（6月1日—6月9日", "总结阶段（6月10日"]


@pytest.mark.parametrize(("text", "expected"), [
    # phases as headings or list items: two at least
    ("（一）宣传发动阶段（4月10日—4月15日）\n（二）组织实施阶段（4月16日—5月20日）\n（三）总结验收阶段（5月下旬）",
     ["宣传发动阶段", "组织实施阶段", "总结验收阶段"]),
    ("分为三个阶段：动员部署阶段，3月1日至5日；报名考试阶段，3月6日至20日；考察任用阶段，3月21日至31日。",
     ["动员部署阶段", "报名考试阶段", "考察任用阶段"]),
    ("第一阶段：宣传动员（3月1日—3月5日）\n第二阶段：报名审查（3月6日—3月12日）", ["宣传动员", "报名审查"]),
    # not phases: one alone, and 这一阶段 / 下一阶段 / 新的发展阶段 in a speech
    ("（一）准备阶段（4月）。", []),
    ("这一阶段，要认真做好准备。下一阶段要抓好落实。我们正处在新的发展阶段。", []),
    # steps separated by commas between a lead and a tail
    ("这次竞聘按照个人报名，资格审查，笔试，面试，组织考察的程序进行。", ["个人报名", "资格审查", "笔试", "面试", "组织考察"]),
    # ... but not clauses that are no steps
    ("按照要求，认真做好准备，切实加强领导，确保工作顺利进行的程序进行。", []),
    ("经局务会议集体研究决定，这次竞聘不再组织笔试，直接进入面试环节。", []),
    # 依次进行 leads a list; a quoted list before 的方式
    ("选拔工作依次进行报名、资格审查、考试、考察、决定任用。", ["报名", "资格审查", "考试", "考察", "决定任用"]),
    ("本次选拔实行“考试+考察+票决”的方式。", ["考试", "考察", "票决"]),
    # a regime of periodic steps after a lead
    ("今年的劳动竞赛实行月度评比、季度通报、年终总评。", ["月度评比", "季度通报", "年终总评"]),
    ("工作队实行周例会、月报告制度。", ["周例会", "月报告制度"]),
    # ... not without a lead, nor items of which one is not periodic
    ("我们要加强月度调度、季度督查。", []),
    ("实行年薪制、绩效工资制。", []),
])
def test_phases_and_other_lists_of_steps(extract_field, text, expected):
    assert [step["name"] for step in extract_field(stages, text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a date after a label naming a stage's time dates that stage, the label in its evidence
    ("报名时间：2023年6月5日至6月9日（工作日）。", [("报名", "报名时间：2023年6月5日至6月9日")]),
    ("竞聘演讲时间：7月2日。", [("面试", "竞聘演讲时间：7月2日")]),
    # ... a label naming no stage dates nothing
    ("会议时间：7月2日。", []),
])
def test_a_date_after_a_stages_time_label(rules_document, text, expected):
    from jianghua.stages.extract.context import Context

    ctx = Context(rules_document(text), "case")
    ctx.default_year = 2023
    found = [(entry["stage"], ctx.text[entry["evidence"]["start"]:entry["evidence"]["end"]]) for entry in timeline(ctx)]
    assert found == expected


# --- a speech's "…阶段" clauses are no phases (review 8, finding 1) ------------------------------------

_WHERE_THE_WORK_STANDS = ("改革已进入攻坚阶段，发展已进入关键阶段。同志们要鼓足干劲。\n目前正处于爬坡过坎阶段。3月底前，各乡镇要完成项目申报。\n"
                          "脱贫攻坚进入决战阶段。2023年5月，全县召开了推进会。")


def test_clauses_ending_in_jieduan_name_no_steps(extract_field):
    assert extract_field(stages, _WHERE_THE_WORK_STANDS) == []
    assert extract_field(stages, "招商引资正在迈入提质阶段：项目要落地。\n园区建设已经到了收官阶段：要加快验收。") == []


def test_a_long_run_of_blanks_after_a_colon_is_read_in_linear_time(extract_field):
    """A phase may open after a colon and blanks; a run of 20,000 blanks there is read in one pass (the blanks
    before and after the optional marker once overlapped: 14.7 s for a page holding such a line)."""
    import time

    started = time.process_time()
    assert extract_field(stages, "各科室：" + " " * 20000 + "x\n经研究决定开展竞争上岗。") == []
    assert time.process_time() - started < 1.0


def test_dates_after_such_clauses_date_no_phase(extract_field):
    found = [(entry["stage"], entry["text"]) for entry in extract_field(timeline, _WHERE_THE_WORK_STANDS, year=2023)]
    assert found == [("全程", "3月底"), ("全程", "2023年5月")]


@pytest.mark.parametrize(("text", "expected"), [
    # unnumbered phases still count as headings (a colon or a bracket after them) or as a list's items (after ：/；)
    ("动员部署阶段：召开动员会。\n报名审核阶段（3月6日—3月12日）", ["动员部署阶段", "报名审核阶段"]),
    ("工作分两步：宣传发动阶段，4月上旬；组织实施阶段，4月中旬。", ["宣传发动阶段", "组织实施阶段"]),
    # ... but not at a sentence's start followed by a comma or a full stop
    ("攻坚克难阶段，要打硬仗。\n巩固提升阶段。要抓长效。", []),
])
def test_unnumbered_phases_are_headings_or_list_items(extract_field, text, expected):
    assert [step["name"] for step in extract_field(stages, text)] == expected


# --- slogans are no periodic steps (review 8, finding 6) ----------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("要坚持月月有安排、周周有督查。实行年轻干部培养、月度考核。", []),
    ("我们坚持年年有变化、季季有亮点。", []),
    ("项目建设实行周调度、月通报、季度讲评、年终考核。", ["周调度", "月通报", "季度讲评", "年终考核"]),
    ("专班实行每周一调度、每月一通报。", ["每周一调度", "每月一通报"]),
])
def test_a_periodic_step_is_a_period_and_a_step(extract_field, text, expected):
    assert [step["name"] for step in extract_field(stages, text)] == expected
