"""The procedure's steps (``stages``): enumerations and numbered step headings, each step's evidence its name."""

import pytest
from jianghua.stages.extract import procedure
from jianghua.stages.extract.procedure import stages


def _names(extract_field, text):
    return [step["name"] for step in extract_field(stages, text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("竞争上岗按照公布职位、个人报名、资格审查、笔试、面试答辩、民主测评、组织考察、局党组讨论决定、任前公示等步骤进行。",
     ["公布职位", "个人报名", "资格审查", "笔试", "面试答辩", "民主测评", "组织考察", "局党组讨论决定", "任前公示"]),
    ("经过资格审查、笔试、面试、民主测评、组织考察和县委常委会研究，最终确定了16名人选。",
     ["资格审查", "笔试", "面试", "民主测评", "组织考察", "县委常委会研究"]),
    ("经过公开职位、组织报名、笔试、民主测评、面试、组织考察和公示七个环节。",
     ["公开职位", "组织报名", "笔试", "民主测评", "面试", "组织考察", "公示"]),
    # a tail counting the items makes a list of steps whatever they are called
    ("工作分宣传动员、中层干部竞争上岗、职工双向选择三个阶段。", ["宣传动员", "中层干部竞争上岗", "职工双向选择"]),
    ("考试分笔试和面试两个环节。", ["笔试", "面试"]),
    ("整个过程分动员、报名、考试、考察、公示五步走。", ["动员", "报名", "考试", "考察", "公示"]),
    ("遴选工作按报名—资格审查—笔试—面试—考察—公示的顺序进行。", ["报名", "资格审查", "笔试", "面试", "考察", "公示"]),
    ("考试分为笔试、面试两部分。", ["笔试", "面试"]),
    ("考试内容分为理论知识、业务能力两部分。", []),
    ("雙向選擇分兩輪進行，第一輪由中層幹部選擇員工。", ["双向选择"]),
    ("这次选拔坚持公开报名、公开考试、公开考察、公开公示。", ["公开报名", "公开考试", "公开考察", "公开公示"]),
    ("坚持民主、公开、竞争、择优的原则。", []),
    ("按照宣布岗位、小我私家报名、资格审核、现场演讲答辩、民主测评、院务会讨论、公示的程序举行。",
     ["宣布岗位", "小我私家报名", "资格审核", "现场演讲答辩", "民主测评", "院务会讨论", "公示"]),
    ("竞聘采取“个人报名、资格审核、笔试、竞聘答辩、综合评议、聘任公示”的办法进行。",
     ["个人报名", "资格审核", "笔试", "竞聘答辩", "综合评议", "聘任公示"]),
    ("此次竞聘采取“个人述职+现场答辩”的方式进行。", ["个人述职", "现场答辩"]),
    # not steps: assessment means, a plain list, a list of two without a lead that splits
    ("考察采取民主测评、个别谈话、实地走访等方式进行。", []),
    ("笔试、面试成绩分别按40%和60%计入总成绩。", []),
    ("经个人报名、资格审查，共有19名干部符合条件。", []),
])
def test_enumerations(extract_field, text, expected):
    assert _names(extract_field, text) == expected


def test_numbered_step_headings(extract_field):
    text = ("四、实施步骤\n（一）发布公告（6月16日至6月18日）。在内网公布岗位。\n（二）报名与资格审查（6月19日）。个人自荐。\n"
            "（三）综合成绩计算。综合成绩=笔试成绩×30%。\n（四）组织考察。按1︰2的比例确定考察对象。\n五、有关要求")
    found = extract_field(stages, text)
    assert [(s["order"], s["name"]) for s in found] == [(1, "发布公告"), (2, "报名与资格审查"), (3, "组织考察")]


def test_articles_and_unnumbered_step_headings(extract_field):
    text = "第九条 笔试。主要测试专业知识。\n第十条 面试。重点测试能力。\n笔试：满分100分。\n三、报名条件\n第十一条 附则。"
    assert _names(extract_field, text) == ["笔试", "面试", "笔试"]


def test_one_step_heading_is_no_procedure(extract_field):
    assert _names(extract_field, "（一）发布公告。在内网公布岗位。\n（二）有关要求。") == []


@pytest.mark.parametrize(("text", "expected"), [
    ("考察结束后，由局党组集体研究确定拟任人选，并在全局范围内进行公示。", ["考察", "集体研究确定", "公示"]),
    ("面试结束后，根据综合成绩按1︰2的比例确定考察对象。", ["面试", "确定考察对象"]),
    ("筆試結束後，按成績從高到低確定面試人選。", ["笔试", "确定面试人选"]),  # traditional script
    ("公示期满无异议后，办理任职手续。", ["公示", "办理任职手续"]),
    ("报名后，由局人事科进行资格审查，审查通过的参加笔试。", ["报名", "资格审查", "笔试"]),
    ("面試後進行民主測評和組織考察。", ["面试", "民主测评", "组织考察"]),
    # the step without the verb that brings it
    ("初审结束后，由纪检组开展政审，合格的进入面试。", []),
    ("笔试结束后，成绩合格的人员进入面试。", ["笔试", "面试"]),
    # one step and no order
    ("报名后要认真准备，不要有思想负担。", []),
    ("考察后勤保障工作很重要。", []),
])
def test_steps_named_in_order_in_a_sentence(extract_field, text, expected):
    assert _names(extract_field, text) == expected


def test_a_lead_with_a_particle(extract_field):
    assert _names(extract_field, "本次竞聘经过了报名、资格审查、笔试、面试、考察等环节。") == ["报名", "资格审查", "笔试", "面试", "考察"]


@pytest.mark.parametrize(("text", "expected"), [
    # ordinals alone in their clause, the steps in sentences of their own
    ("首先，公布竞聘岗位和条件；其次，个人自愿报名；再次，进行资格审查；最后，组织演讲答辩。",
     ["公布竞聘岗位和条件", "个人自愿报名", "资格审查", "演讲答辩"]),
    ("第一步，个人报名；第二步，资格审查；第三步，竞聘演讲；第四步，民主测评。", ["个人报名", "资格审查", "竞聘演讲", "民主测评"]),
    ("主要有以下几个环节：第一，个人报名；第二，资格审查；第三，竞聘演讲；第四，民主测评。",
     ["个人报名", "资格审查", "竞聘演讲", "民主测评"]),
    ("第一，要提高认识；第二，要加强领导；第三，要严明纪律。", []),
    ("竞聘分四个阶段进行：第一阶段为动员报名，第二阶段为资格审查，第三阶段为笔试面试，第四阶段为考察任用。",
     ["动员报名", "资格审查", "笔试面试", "考察任用"]),
    # 先…再…然后…最后 (traditional script, a clause after a colon)
    ("選拔辦法：先由個人報名，再進行資格審查，然後組織筆試，最後由黨委研究決定。", ["个人报名", "资格审查", "笔试", "党委研究决定"]),
    # wishes in order name no step; two steps are no sequence; 先后 / 先进 open no sequence
    ("首先，要提高认识；其次，要加强领导；最后，要严明纪律。", []),
    ("竞聘者先进行述职演讲，然后回答评委提问，最后由全体职工进行民主测评。", ["述职演讲", "回答评委提问", "全体职工进行民主测评"]),
    ("先报名，再考试。", []),
    ("先后经过了报名阶段，评出先进个人，再进行表彰。", []),
])
def test_steps_told_with_ordinals(extract_field, text, expected):
    assert _names(extract_field, text) == expected


def test_rule_text_on_a_page_wrapped_at_a_fixed_width(extract_field, monkeypatch):
    """A page broken every 16 characters whatever the sentence: a line of that width stopping mid-sentence is
    cut by the page even without a comma in it (…面试后进行民 / 主测评和组织考察)."""
    from jianghua.stages.extract import context

    sentence = ("本次竞争上岗工作在局党组的统一领导下进行。各科室要高度重视认真组织实施。报名后由人事科进行资格审查。"
                "审查通过的人员参加笔试。笔试合格的人员进入面试。面试后进行民主测评和组织考察。考察结束后由局党组"
                "集体研究决定拟任人选并进行公示。")
    wrapped = "\n".join(sentence[at:at + 16] for at in range(0, len(sentence), 16))
    assert "进行民\n主测评" in wrapped and "资格审\n查" in wrapped
    steps = ["报名", "资格审查", "面试", "民主测评", "组织考察", "考察", "集体研究决定", "公示"]
    assert _names(extract_field, wrapped) == _names(extract_field, sentence) == steps
    monkeypatch.setattr(context, "_wrap_width", lambda lines: None)  # (without the page's width: the breaks stay)
    assert _names(extract_field, wrapped) == []



def test_items_of_a_procedure_mostly_named_like_steps_are_all_steps(extract_field):
    text = "竞聘工作按以下程序进行：一是个人报名；二是资格审查；三是岗位双选；四是党委决定。"
    assert _names(extract_field, text) == ["个人报名", "资格审查", "岗位双选", "党委决定"]
    # an attribute of the procedure among them is none
    assert _names(extract_field, "竞聘工作按以下程序进行：一是个人报名；二是资格审查；三是开考比例。") == ["个人报名", "资格审查"]


def test_a_templates_blanks_and_masked_figures_name_no_step(extract_field):
    text = "二、程序\n公示天。选拔名副处级干部。\n按x:x比例确定考察人选。任期xx年。"
    assert _names(extract_field, text) == []
    assert _names(extract_field, "二、程序\n公示5天。\n按1:2比例确定考察人选。") == []  # (figures: no step's name either)


def test_a_step_told_again_by_its_deed_is_no_later_step(extract_field):
    text = ("三、工作步骤\n（一）个人自荐。填写自荐表。\n（二）资格审核。由办公室审核。\n（三）竞职演讲。每人讲6分钟。\n"
            "（四）民主测评。职工代表参加。\n（五）公示。公示7天。\n四、工作要求\n竞职演讲分两轮进行，投票分两轮进行。")
    assert _names(extract_field, text) == ["个人自荐", "资格审核", "竞职演讲", "民主测评", "公示", "投票"]


_MANY_STEPS = [f"第{n}轮评议" for n in "一二三四五六七八九十"] + [f"第十{n}轮评议" for n in "一二三四五六七八九"] + [
    f"第二十{n}轮评议" for n in ("", "一", "二", "三", "四", "五")]


def test_a_list_of_steps_longer_than_the_cap_is_kept_whole(extract_field):
    """(review 9, finding 9: a list of 25 steps and more was matched from its second item)"""
    assert len(_MANY_STEPS) == procedure.MAX_STEPS + 1
    text = "本次竞聘按照" + "、".join(_MANY_STEPS) + "等环节进行。"
    assert _names(extract_field, text) == _MANY_STEPS
    unled = "、".join(_MANY_STEPS) + "等环节依次进行。"
    assert _names(extract_field, unled) == _MANY_STEPS


def test_a_count_of_many_digits_ends_its_list(extract_field):
    """(review 9, finding 9: 等12345个环节 left the bare 个环节)"""
    assert _names(extract_field, "竞聘按照个人报名、资格审查、笔试、面试等12345个环节进行。") == ["个人报名", "资格审查", "笔试", "面试"]


def test_a_list_of_fifteen_hundred_steps_is_read_whole_in_linear_time(extract_field):
    """(a step overlapping those found is looked up among its neighbours: 3,000 steps took 13 s when each was
    compared with every other)"""
    import time

    names = ["个人报名", "资格审查", "笔试", "面试", "组织考察", "任前公示"] * 250
    text = "本次竞聘按照" + "、".join(names) + "等环节进行。"
    started = time.process_time()
    found = _names(extract_field, text)
    assert time.process_time() - started < 1.0
    # (followed back over procedure.WHOLE_LIST_CHARS characters at most, whole items only)
    assert found == names[-len(found):]
    followed = len("、".join(found[:-procedure.MAX_STEPS])) + 1  # (the characters followed back)
    assert procedure.WHOLE_LIST_CHARS - len("资格审查、") <= followed <= procedure.WHOLE_LIST_CHARS
