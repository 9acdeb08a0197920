"""Sections named by their heading (``sections``) and what the field extractors read from their items:
conditions (eligibility ``other``), steps (``stages``)."""

import pytest
from jianghua.stages.extract.context import Context
from jianghua.stages.extract.eligibility import eligibility
from jianghua.stages.extract.procedure import stages
from jianghua.stages.extract.sections import marker_at, rule_sections


def _items(rules_document, text, kind):
    ctx = Context(rules_document(text), "case")
    return [(ctx.text[s.heading[0]:s.heading[1]], [ctx.text[a:b] for a, b in s.items]) for s in rule_sections(ctx, kind)]


@pytest.mark.parametrize(("text", "rank"), [
    ("一、报名条件", 0), ("（二）资格条件", 1), ("3、近三年", 2), ("3.近三年", 2), ("（4）笔试", 3), ("⑤身体健康", 4),
    ("第九条 笔试", 5), ("一是要严格", 5), ("3.5万元", None), ("报名条件", None),
])
def test_marker_ranks(text, rank):
    found = marker_at(text, 0)
    assert (found[0] if found else None) == rank


def test_items_under_a_marked_heading_stop_at_the_next_part(rules_document):
    text = "三、报名条件\n1、近三年年度考核均为称职以上等次；\n2、每月在岗不少于20天。\n四、实施步骤\n（一）发布公告。"
    assert _items(rules_document, text, "conditions") == [
        ("报名条件", ["近三年年度考核均为称职以上等次；", "每月在岗不少于20天。"])]


def test_a_group_line_is_no_item_and_a_broken_item_goes_on(rules_document):
    text = ("（二）资格条件\n1、甲类职位：副校长\n①具有高级专业技术职务，\n从事教学工作8年以上；\n②年龄在45周岁以下。\n"
            "2、乙类职位：中心小学校长\n①具有中级以上专业技术职务。\n三、考试")
    assert _items(rules_document, text, "conditions") == [
        # (a line ending with a comma is a sentence the page broke: the context reads it whole)
        ("资格条件", ["具有高级专业技术职务，从事教学工作8年以上；", "年龄在45周岁以下。", "具有中级以上专业技术职务。"])]


def test_a_flattened_plan_and_an_unmarked_heading(rules_document):
    assert _items(rules_document, "四、方法和步骤（一）公布方案（4月10日）。（二）资格审查（4月15日）。", "procedure") == [
        ("方法和步骤", ["公布方案（4月10日）。", "资格审查（4月15日）。"])]
    assert _items(rules_document, "竞聘程序：\n1.个人报名；\n2.演讲答辩。\n以上工作由人事科负责。", "procedure") == [
        ("竞聘程序", ["个人报名；", "演讲答辩。"])]


@pytest.mark.parametrize("text", [
    "凡是符合条件的人员都要踊跃报名。\n1、近三年考核均为称职以上。",  # a sentence naming conditions is no heading
    "三、报名和资格审查\n1、报名时间为5月6日至10日。",  # a step named after them
    "一、工作要求\n1、每月在岗不少于20天。",  # a heading naming something else
])
def test_no_conditions_section(rules_document, text):
    assert _items(rules_document, text, "conditions") == []


def test_every_checkable_condition_of_a_conditions_section(extract_field):
    text = ("三、竞聘条件\n1、拥护党的路线方针政策，作风正派；\n2、学历要求：具有大学本科以上学历；\n"
            "3、持有计算机等级证书；\n4、每月在岗不少于20天，身体健康；\n5、具有较强的组织协调能力。\n四、竞聘程序")
    found = extract_field(eligibility, text)
    assert found["education"] == [{"minimum": "大学本科", "comparator": "以上"}]
    assert [value["condition"] for value in found["other"]] == ["持有计算机等级证书", "每月在岗不少于20天"]


def test_the_same_clauses_outside_a_conditions_section_state_nothing_new(extract_field):
    text = "一、工作要求\n1、持有计算机等级证书；\n2、每月在岗不少于20天。"
    assert extract_field(eligibility, text)["other"] == []


def test_steps_of_a_procedure_section_beyond_the_step_words(extract_field):
    text = ("四、竞聘程序\n（一）制订方案。由办公室拟定。\n（二）发布公告。在内部公布岗位。\n（三）开考比例。不低于3:1。\n"
            "（四）领取准考证。凭身份证领取。\n五、工作纪律")
    assert [step["name"] for step in extract_field(stages, text)] == ["制订方案", "发布公告", "领取准考证"]


def test_items_after_a_lead_inside_a_paragraph(rules_document, extract_field):
    text = "同志们，这次竞聘分以下几个步骤进行：一是公开报名。填写报名表。二是资格审查。三是演讲答辩。每人不超过8分钟。"
    assert [step["name"] for step in extract_field(stages, text)] == ["公开报名", "资格审查", "演讲答辩"]
    text = "报名人员须具备以下条件：一是持有机动车驾驶证；二是每月在岗不少于20天。"
    assert [value["condition"] for value in extract_field(eligibility, text)["other"]] == [
        "持有机动车驾驶证", "每月在岗不少于20天"]
    text = "竞聘工作按以下程序进行：\n第一步，个人报名；\n第二步，资格审查；\n第三步，民主测评。"
    assert [step["name"] for step in extract_field(stages, text)] == ["个人报名", "资格审查", "民主测评"]


@pytest.mark.parametrize(("text", "expected"), [
    ("竞聘程序：报名→资格审查→笔试→面试→公示。", ["报名", "资格审查", "笔试", "面试", "公示"]),
    ("竞聘工作按以下程序进行：首先是公布岗位和条件，其次是个人报名，然后进行资格审查，最后由党委研究决定。",
     ["公布岗位和条件", "个人报名", "资格审查", "党委研究决定"]),
    ("整个竞聘分为三个阶段：第一阶段为宣传发动阶段（5月1日至5日）；第二阶段为报名和资格审查阶段；第三阶段为考试考察阶段。",
     ["宣传发动阶段", "报名和资格审查阶段", "考试考察阶段"]),
    # wishes told in order name no step
    ("首先要提高认识，其次要端正态度，最后要严守纪律。", []),
    # two arrows between words that are no steps
    ("思路：发现问题→分析问题→解决问题。", []),
])
def test_steps_told_in_order(extract_field, text, expected):
    assert [step["name"] for step in extract_field(stages, text)] == expected


def test_exclusions_after_a_lead_or_under_a_heading(extract_field):
    text = ("二、竞聘条件\n（一）具有大专以上学历。\n有下列情形之一的，不得参加竞聘：\n1.受到处分期间或处分影响期未满的；\n"
            "2.新录用人员试用期未满的。\n三、竞聘程序")
    found = extract_field(eligibility, text)["other"]
    assert found == [{"condition": "受到处分期间或处分影响期未满的", "excludes": True},
                     {"condition": "新录用人员试用期未满的", "excludes": True}]
    text = "三、不得参加竞聘的情形\n（一）在编不在岗的；\n（二）正在接受审查的。\n四、竞聘程序"
    assert [value["condition"] for value in extract_field(eligibility, text)["other"]] == ["在编不在岗的", "正在接受审查的"]


def test_cases_that_are_no_exclusions(extract_field):
    # cases in which cadres must rotate are no conditions of a campaign
    assert extract_field(eligibility, "一、应当交流的情形\n1.在同一岗位任职满6年的；\n2.因任职回避需要交流的。")["other"] == []


def test_an_item_without_a_stop_does_not_run_on_into_the_next_heading(rules_document):
    text = ("三、报名条件\n1、近三年年度考核均为称职以上等次\n2、具有大学本科以上学历\n竞聘程序\n"
            "本次竞聘严格按程序进行，凡违反纪律的予以处分。")
    assert _items(rules_document, text, "conditions") == [
        ("报名条件", ["近三年年度考核均为称职以上等次", "具有大学本科以上学历"])]


def test_a_leads_items_end_at_the_next_part_of_the_document(rules_document):
    text = "报名人员须具备以下条件：\n一、具有大学本科以上学历；\n二、年龄在35周岁以下；\n三、报名程序\n四、考试"
    [(_lead, items)] = _items(rules_document, text, "conditions")
    assert items == ["具有大学本科以上学历；", "年龄在35周岁以下；"]


# --- one marker table (extract/markers.tsv), rules only where rules are stated -------------------------

@pytest.mark.parametrize(("text", "codes", "matches"), [
    ("3.5万元", ("item",), False), ("3.近三年", ("item",), True), ("（十二）", ("chapter",), True),
    ("（12）", ("subitem",), True), ("第二步", ("step",), True), ("第九条", ("article",), True), ("二是", ("enumeration",), True),
])
def test_markers_are_one_table(text, codes, matches):
    import re

    from jianghua.stages.extract.markers import alternation

    assert bool(re.match(alternation(*codes), text)) is matches


def test_posts_under_a_heading_read_through_sections(extract_field):
    from jianghua.stages.extract.positions import positions

    # unmarked post lines, one a line: every line is an item under a heading of posts
    posts, _counts = extract_field(positions, "一、竞聘岗位\n办公室主任1名\n财务科科长1名\n人事科科长1名\n二、竞聘条件\n年龄在40周岁以下。")
    assert [(p["title"], p.get("count")) for p in posts] == [("办公室主任", 1), ("财务科科长", 1), ("人事科科长", 1)]
    # an item that is not a list of posts is passed over, the next one is read
    posts, _counts = extract_field(positions, "一、竞聘岗位\n1.岗位职数以附件为准。\n2.人事科科长1名。\n二、竞聘条件")
    assert [(p["title"], p.get("count")) for p in posts] == [("人事科科长", 1)]


def test_a_first_person_account_states_no_condition(extract_field):
    account = "我认为自己具备以下条件：一是具有大学本科以上学历；二是年龄在35周岁以下；三是近三年年度考核均为称职以上。"
    assert {k: v for k, v in extract_field(eligibility, account).items() if v} == {}
    rule = "报名人员须具备以下条件：一是具有大学本科以上学历；二是年龄在35周岁以下。"
    found = extract_field(eligibility, rule)
    assert [v["minimum"] for v in found["education"]] == ["大学本科"] and [v["years"] for v in found["max_age"]] == [35]


def test_exhortations_under_a_procedure_heading_are_no_steps(extract_field):
    text = "三、工作程序\n（一）加强领导：成立领导小组。\n（二）严格纪律：不得说情。\n（三）广泛宣传：营造氛围。\n四、其他"
    assert [s["name"] for s in extract_field(stages, text)] == []
    text = "四、实施步骤\n（一）制订方案。由人事科起草。\n（二）领取准考证：7月1日。\n（三）严格考察。"
    assert [s["name"] for s in extract_field(stages, text)] == ["制订方案", "领取准考证", "严格考察"]


def test_a_long_section_keeps_its_first_items(rules_document):
    from jianghua.stages.extract.sections import MAX_ITEMS

    text = "竞聘程序：\n" + "\n".join(f"{n}.第{n}项工作；" for n in range(1, MAX_ITEMS + 6))
    ctx = Context(rules_document(text), "case")
    [section] = rule_sections(ctx, "procedure")
    assert len(section.items) == MAX_ITEMS and ctx.text[slice(*section.items[0])] == "第1项工作；"
    assert rule_sections(ctx, "procedure")[0] is section  # found once per document


@pytest.mark.parametrize("text", [
    "二、报名条件\n凡我局在编在岗干部，须具备以下条件：\n1、具有大学本科及以上学历；\n2、年龄在45周岁以下；\n3、中共党员。",
    "报名人员应如实填写本人信息，并具备以下条件：一是具有大学本科及以上学历；二是年龄在45周岁以下；三是中共党员。",
])
def test_a_units_voice_or_the_applicants_own_details_are_no_self_account(extract_field, text):
    found = extract_field(eligibility, text)
    ages = [(age["years"], age["comparator"]) for age in found["max_age"]]
    assert (found["education"], ages, found["party_membership"]) == (
        [{"minimum": "大学本科", "comparator": "以上"}], [(45, "以下")], [{"value": "中共党员"}])


def test_a_candidates_own_degree_is_no_requirement(extract_field):
    found = extract_field(eligibility, "我叫张明，今年38岁，学历为大学本科，2005年参加工作。我竞聘的岗位是办公室主任。")
    assert found["education"] == []


def test_a_step_previewed_in_the_opening_is_not_the_first_step(rules_document):
    text = ("为做好竞聘工作，本次竞聘按综合得分从高到低确定考察人选。\n三、工作程序\n（一）发布公告。\n（二）个人报名。\n"
            "（三）资格审查。\n（四）深入考察。")
    found = stages(Context(rules_document(text), "case"))
    assert [step["name"] for step in found][:1] == ["发布公告"]
    assert "确定考察人选" not in [step["name"] for step in found]
