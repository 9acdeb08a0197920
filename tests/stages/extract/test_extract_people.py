"""Named people and roles."""

import pytest
from jianghua.stages.extract.people import people


@pytest.mark.parametrize(("text", "expected"), [
    ("王秀卓局长在中层干部竞争上岗动员大会上的讲话", [{"name": "王秀卓", "role": "局长"}]),
    ("刚才党委秦松强副书记宣读了《竞争上岗实施意见》。", [{"name": "秦松强", "role": "副书记"}]),
    ("剛才黨委秦鬆強副書記宣讀了《競爭上崗實施意見》。", [{"name": "秦松强", "role": "副书记"}]),
    ("由我任组长，钟建波、余清水同志任副组长，党工委委员为成员。",
     [{"name": "钟建波", "role": "副组长"}, {"name": "余清水", "role": "副组长"}]),
    ("由钟建波同志为组长，徐卫国、吕萍同志为成员。",
     [{"name": "钟建波", "role": "组长"}, {"name": "徐卫国", "role": "成员"}, {"name": "吕萍", "role": "成员"}]),
    ("市文联主席周喜俊同志完成的评剧", [{"name": "周喜俊", "role": "市文联主席"}]),
    ("刚才，德民同志宣读了《实施方案》。", []),  # a name alone is no person of the campaign (issue 16: name and role)
    # posts and bodies are no people
    ("目前空缺职位4个，分别是：团委书记、机电工程系主任、音乐系主任。", []),
    ("院党委全体成员、学院全体中层干部", []),
    ("司法所长、合管所长、计生办主任、文明办副主任等领导职位由助理级以上干部兼任", []),
    ("陆书记从全局和战略的高度作了部署", []),
])
def test_people(extract_field, text, expected):
    assert extract_field(people, text) == expected
