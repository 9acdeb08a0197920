"""The extractors' view of a document: rule text cut by a page's fixed-width line breaks read whole."""


def test_a_page_of_short_lines_is_not_wrapped():
    from jianghua.stages.extract.context import _wrap_width

    assert _wrap_width(["一、竞聘岗位", "办公室主任1名", "财务科科长1名", "二、报名条件", "年龄在45周岁以下。"]) is None
    lines = ["本次竞争上岗工作在局党组的统一领", "导下进行。各科室要高度重视认真组", "织实施。报名后由人事科进行资格审",
             "查。审查通过的人员参加笔试。笔试", "合格的人员进入面试。面试后进行民", "主测评和组织考察。考察结束后由局", "示。"]
    assert _wrap_width(lines) == (len, 16)


def test_a_line_opening_with_a_comma_goes_on_the_line_before(rules_document):
    from jianghua.stages.extract.context import Context

    ctx = Context(rules_document("面试：竞聘者作岗位陈述并回答提问\n，满分100分，占总成绩60%。\n三、有关要求"), "case")
    assert ctx.text == "面试：竞聘者作岗位陈述并回答提问，满分100分，占总成绩60%。\n三、有关要求"


def test_a_column_of_equal_width_lines_without_punctuation_is_not_joined(rules_document):
    from jianghua.stages.extract.context import Context

    lines = ["档案室主任岗位须年龄在38周岁以下学历本科", "审计科科长岗位须年龄在42周岁以下学历大专", "规划科科长岗位须年龄在36周岁以下学历硕士",
             "统计科科长岗位须年龄在48周岁以下学历中专", "督查科科长岗位须年龄在39周岁以下学历本科", "安全科科长岗位须年龄在44周岁以下学历大专"]
    ctx = Context(rules_document("\n".join(lines)), "case")
    assert ctx.text == "\n".join(lines)


def test_a_wrapped_line_of_prose_is_joined(rules_document):
    from jianghua.stages.extract.context import Context

    lines = ["本次竞争上岗工作在局党组的统一领", "导下进行。各科室要高度重视认真组", "织实施。报名后由人事科进行资格审",
             "查。审查通过的人员参加笔试。笔试", "合格的人员进入面试。面试后进行民", "主测评和组织考察。考察结束后由局", "党组研究决定。"]
    ctx = Context(rules_document("\n".join(lines)), "case")
    assert ctx.text == "".join(lines)


def test_a_post_name_broken_by_the_page_is_joined(rules_document):
    from jianghua.stages.extract.context import Context

    ctx = Context(rules_document("拟选拔档案室主任1名，审批股\n股长2名。\n二、报名条件"), "case")
    assert ctx.text == "拟选拔档案室主任1名，审批股股长2名。\n二、报名条件"
    # (a line holding no comma, as a title or a unit's signature, is left: 县审批股 / 主任 王某)
    kept = "县行政审批局审批股\n主任 王明\n2024年3月1日"
    assert Context(rules_document(kept), "case").text == kept
