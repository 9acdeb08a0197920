"""The scoring panel: rater groups, sizes, shares, sources."""

import pytest
from jianghua.stages.extract.panel import panel


def _only(result):
    return {key: value for key, value in result.items() if value}


@pytest.mark.parametrize(("text", "expected"), [
    ("参加演讲答辩会的人员为专家评委、院党委全体成员和优秀教师代表。",
     {"raters": [{"group": "专家评委"}, {"group": "院党委全体成员"}, {"group": "优秀教师代表"}]}),
    ("专家评委人数原则上不少于7人，全部从校外聘请。",
     {"sizes": [{"group": "专家评委", "count": 7, "comparator": "不少于"}],
      "sources": [{"group": "专家评委", "source": "校外", "all": True}]}),
    ("專家評委人數原則上不少於７人，全部從校外聘請。",
     {"sizes": [{"group": "专家评委", "count": 7, "comparator": "不少于"}],
      "sources": [{"group": "专家评委", "source": "校外", "all": True}]}),
    ("优秀教师代表人数原则上不少于30人，其中高级职称人数不少于40%。",
     {"sizes": [{"group": "优秀教师代表", "count": 30, "comparator": "不少于"}],
      "shares": [{"group": "高级职称", "of_group": "优秀教师代表", "percent": 40, "comparator": "不少于"}]}),
    ("優秀教師代表人數原則上不少於三十人，其中高級職稱人數不少於４０℅。",
     {"sizes": [{"group": "优秀教师代表", "count": 30, "comparator": "不少于"}],
      "shares": [{"group": "高级职称", "of_group": "优秀教师代表", "percent": 40, "comparator": "不少于"}]}),
    ("每一职位报名人数原则上不能低于3人。", {}),
    ("评委由县公司领导、相关部门负责人和职工代表组成，全程接受纪委监督。",
     {"raters": [{"group": "县公司领导"}, {"group": "相关部门负责人"}, {"group": "职工代表"}]}),
    ("由学校领导和中层干部代表共15人组成评委会现场打分。", {"raters": [{"group": "学校领导"}, {"group": "中层干部代表"}]}),
    ("集团领导班子部分成员到会并担任评委。", {"raters": [{"group": "集团领导班子部分成员"}]}),
    ("组长：校长；副组长：党支部书记、分管副校长；成员：工会主席及教师代表3人。",
     {"members": [{"role": "组长", "who": "校长"}, {"role": "副组长", "who": "党支部书记、分管副校长"},
                  {"role": "成员", "who": "工会主席及教师代表3人"}]}),
    ("小组成员：张三。", {}),  # members are listed with their 组长
    ("甄審小組由副分署長、主任秘書等七人組成之。", {"sizes": [{"group": "甄审小组", "count": 7}]}),
    # a panel named by its kind alone, and a body whose leader is named with 由…任组长
    ("考评组由5名专家组成，现场打分。", {"sizes": [{"group": "考评组", "count": 5}]}),
    ("各单位要成立由主要负责同志任组长的竞争上岗工作小组，具体组织实施。",
     {"bodies": [{"name": "竞争上岗工作小组", "leader": "主要负责同志"}]}),
])
def test_panel(extract_field, text, expected):
    assert _only(extract_field(panel, text)) == expected


@pytest.mark.parametrize(("text", "size", "evidence"), [
    # a group word alone (评委, 考官) before 由…组成
    ("面试评委由5名专家组成，其中外单位专家2名。", {"group": "面试评委", "count": 5}, "5名专家组成"),
    # the count before the group, after it, a body set up with its size, raters invited by count
    ("演讲答辩会上，由局领导和各科室负责人组成的11人评委团现场打分。", {"group": "评委团", "count": 11},
     "由局领导和各科室负责人组成的11人评委团"),
    ("评委9人，由局党组成员和外请专家组成。", {"group": "评委", "count": 9}, "评委9人"),
    ("成立由7名同志组成的评审小组，负责答辩评分工作。", {"group": "评审小组", "count": 7}, "7名同志组成的评审小组"),
    ("聘請７名評委現場打分。", {"group": "评委", "count": 7}, "7名评委"),  # (evidence text is the canonical text)
])
def test_panel_sizes_as_plans_and_reports_write_them(rules_document, text, size, evidence):
    from jianghua.stages.extract.context import Context

    found = panel(Context(rules_document(text), "case"))["sizes"]
    assert [({"group": s["group"], "count": s["count"]}, s["evidence"]["text"]) for s in found] == [(size, evidence)]


def test_a_count_of_people_that_serves_no_panel_is_no_size(extract_field):
    assert extract_field(panel, "参加人员共56人，评委打分后当场公布。")["sizes"] == []
