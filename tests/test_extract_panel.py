"""The scoring panel: rater groups, sizes, shares, sources."""

import pytest
from jianghua.extract.panel import panel


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
])
def test_panel(extract_field, text, expected):
    assert _only(extract_field(panel, text)) == expected
