"""Application rules, table-driven."""

import pytest
from jianghua.stages.extract.application import application_rules


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
    ("每人只能报名竞争一个职位，并可选择是否服从调剂。", {"max_posts_per_applicant": [{"value": 1}]}),
    ("競聘者限填報一個崗位。", {"max_posts_per_applicant": [{"value": 1}]}),
    ("第一轮：员工最多可填报两个志愿部门。", {"max_posts_per_applicant": [{"value": 2}]}),
    ("每个岗位报名不足3人的，暂缓竞聘。",
     {"min_applicants_per_post": [{"value": 3, "comparator": "不足", "consequence": "暂缓竞聘"}]}),
    ("报名人数与遴选计划数之比原则上不低于3:1；达不到的，可适当降低开考比例，但不得低于2∶1。",
     {"min_applicants_per_post": [{"ratio": "3:1", "comparator": "不低于"}, {"ratio": "2:1", "comparator": "不得低于"}]}),
    ("民主推荐采取会议推荐和个别谈话推荐相结合的方式进行。",
     {"recommendation_modes": [{"value": "会议推荐"}, {"value": "谈话推荐"}]}),
    ("经个人报名、资格审查，共有19名干部符合条件。", {}),  # registration is a step, not a way to be put forward
    ("每2个月撰写一次工作总结。", {}),
])
def test_application_rules(extract_field, text, expected):
    assert _only(extract_field(application_rules, text)) == expected
