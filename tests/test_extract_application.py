"""Application rules, table-driven."""

import pytest
from jianghua.extract.application import application_rules


def _only(result):
    return {key: value for key, value in result.items() if value}


@pytest.mark.parametrize(("text", "expected"), [
    ("职院符合以上基本条件和资格者均可报名，每人限报1个职位。", {"max_posts_per_applicant": [{"value": 1}]}),
    ("每人限報一個職位。", {"max_posts_per_applicant": [{"value": 1}]}),
    ("每人可填报２个竞聘岗位。", {"max_posts_per_applicant": [{"value": 2}]}),
    ("每一职位报名人数原则上不能低于3人，否则该职位不再列入本次竞争上岗职位。",
     {"min_applicants_per_post": [{"value": 3, "comparator": "不能低于"}]}),
    ("每一職位報名人數原則上不得少於三人。", {"min_applicants_per_post": [{"value": 3, "comparator": "不得少于"}]}),
    ("在做好组织推荐的同时，要重视群众推荐，积极鼓励符合条件的干部个人自荐。",
     {"recommendation_modes": [{"value": "组织推荐"}, {"value": "群众推荐"}, {"value": "个人自荐"}]}),
    ("報名方式我們採取了個人自薦的方式。", {"recommendation_modes": [{"value": "个人自荐"}]}),
    ("民主推荐是干部工作的基本环节。", {}),
    ("每2个月撰写一次工作总结。", {}),
])
def test_application_rules(extract_field, text, expected):
    assert _only(extract_field(application_rules, text)) == expected
