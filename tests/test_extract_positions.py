"""Posts and position counts, table-driven."""

import pytest
from jianghua.extract.positions import positions


def _run(extract_field, text):
    posts, counts = extract_field(positions, text)
    return posts, {key: value for key, value in counts.items() if value}


@pytest.mark.parametrize(("text", "posts", "counts"), [
    ("本次竞争上岗的职位共8个，其中三年聘期满职位4个，分别是：教务处处长、人事处处长、师范部主任、外语系主任；"
     "目前空缺职位2个，分别是：团委书记、音乐系主任。",
     [{"title": t, "status": "term_expired"} for t in ("教务处处长", "人事处处长", "师范部主任", "外语系主任")]
     + [{"title": "团委书记", "status": "vacant"}, {"title": "音乐系主任", "status": "vacant"}],
     {"total": {"value": 8}, "by_status": [{"status": "term_expired", "count": 4}, {"status": "vacant", "count": 2}]}),
    # traditional script, full-width digits, a rank stated for the whole campaign
    ("市委決定對職院部分中層正職崗位實行競爭上崗。新設職位１個，分別是：招生辦主任和就業辦主任。",
     [{"title": "招生办主任", "rank": "正职", "status": "new"}, {"title": "就业办主任", "rank": "正职", "status": "new"}],
     {"by_status": [{"status": "new", "count": 1}]}),
    ("共拿出81個正副職中層職位（其中：正職職位28個、副職職位53個）。", [],
     {"total": {"value": 81}, "principal": {"value": 28}, "deputy": {"value": 53}}),
    ("这次竞聘推出街道综治科科长职位。", [{"title": "街道综治科科长"}], {}),
    ("空缺職位分別為：辦公室副主任（２名）、財政所所長。",
     [{"title": "办公室副主任", "status": "vacant", "count": 2}, {"title": "财政所所长", "status": "vacant"}], {}),
    ("最终提出二十五个竞岗职位。", [], {"total": {"value": 25}}),
    ("每人限报1个职位。", [], {}),
    ("每人可填报2个竞聘岗位。", [], {}),
])
def test_positions(extract_field, text, posts, counts):
    assert _run(extract_field, text) == (posts, counts)


def test_a_rank_from_another_sentence_has_its_own_evidence(rules_document):
    from jianghua.extract.context import Context

    doc = rules_document("对职院部分中层正职岗位实行竞争上岗。\n空缺职位1个，分别是：团委书记。")
    posts, _counts = positions(Context(doc, "case"))
    assert posts[0]["rank"] == "正职"
    assert posts[0]["rank_evidence"]["text"] == "正职"
    assert posts[0]["evidence"]["text"] == "团委书记"
