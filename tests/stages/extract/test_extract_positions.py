"""Posts and position counts, table-driven."""

import pytest
from jianghua.stages.extract.positions import _COUNTED_LIST, positions, post_counts


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
    # counts by rank after a verb of selection, in a list, and a rank's cadres counted after it
    ("本次共拿出7个处长、17个副处长职位。", [{"title": "副处长"}], {"principal": {"value": 7}, "deputy": {"value": 17}}),
    ("拟选拔7名处长、17名副处长。", [], {"principal": {"value": 7}, "deputy": {"value": 17}}),
    ("拟选拔副处级领导干部8名，正科级领导干部１２名。", [], {"principal": {"value": 12}, "deputy": {"value": 8}}),
    # a post selected with its count after it; a count of civil servants selected
    ("公开选拔副县长1名。", [{"title": "副县长"}], {"total": {"value": 1}}),
    ("本次面向全市公开遴选十二名公务员。", [], {"total": {"value": 12}}),
    ("2022年3月，我被选派到青山镇挂职任党委委员、副镇长。", [{"title": "党委委员、副镇长", "seconded": True}], {}),
    # list leads as plans write them, a count for each of a list, a verb before the list that is no part of a title
    ("竞聘岗位及职数：办公室主任1名，财务科科长1名。",
     [{"title": "办公室主任", "count": 1}, {"title": "财务科科长", "count": 1}], {}),
    ("本次竞聘的岗位有：办公室主任、财务科科长。", [{"title": "办公室主任"}, {"title": "财务科科长"}], {}),
    ("竞聘职位：党政办副主任、社会事务办副主任（各1名）。",
     [{"title": "党政办副主任"}, {"title": "社会事务办副主任", "count": 1}], {}),
    ("面向全局公开竞聘办公室主任、财务科科长等8个中层岗位。",
     [{"title": "办公室主任"}, {"title": "财务科科长"}], {"total": {"value": 8}}),
    # the count after a list is one rank's when another rank is counted beside it
    ("这次拿出了局办公室主任、政策法规科科长2个正科级职位和5个副科级职位进行竞争上岗。",
     [{"title": "局办公室主任"}, {"title": "政策法规科科长"}], {"principal": {"value": 2}, "deputy": {"value": 5}}),
    # a list in brackets after a count, a list before 等N个岗位, a count after a colon
    ("本次拿出的中层领导职位共7个，其中科长职位3个（综合科、绿化管理科、市政设施科），副科长职位4个。",
     [{"title": t} for t in ("综合科", "绿化管理科", "市政设施科")],
     {"total": {"value": 7}, "principal": {"value": 3}, "deputy": {"value": 4}}),
    ("这次学校拿出教务处主任、德育处副主任、总务处副主任等5个岗位进行竞聘，每人限报一个岗位。",
     [{"title": t} for t in ("教务处主任", "德育处副主任", "总务处副主任")], {"total": {"value": 5}}),
    ("本次拿出中层岗位7个，其中正职3个：综合办公室主任、市场营销部经理；副职4个：财务部副经理、物资供应部副经理（2名）。",
     [{"title": "综合办公室主任"}, {"title": "市场营销部经理"}, {"title": "财务部副经理"},
      {"title": "物资供应部副经理", "count": 2}], {"total": {"value": 7}, "principal": {"value": 3}, "deputy": {"value": 4}}),
    # groups of posts named with their count or as what the campaign is run for; a level is no rank
    ("此次共拿出12个班组长岗位。", [{"title": "班组长"}], {"total": {"value": 12}}),
    ("决定对局部科室和站所负责人岗位实行公开竞争上岗。", [{"title": "局部科室和站所负责人"}], {}),
    ("共拿出科级职位64个，其中正科22个、副科42个。", [],
     {"total": {"value": 64}, "principal": {"value": 22}, "deputy": {"value": 42}}),
    ("这次县委面向全县公开选拔12名乡镇副科级领导干部。", [], {"total": {"value": 12}}),
    # 岗位：…, N职, titles with an alias in brackets, a count after the list
    ("竞聘岗位：办公室主任、人事科科长。", [{"title": "办公室主任"}, {"title": "人事科科长"}], {}),
    ("本次设置办公室主任1职、财务科科长2职。", [{"title": "办公室主任", "count": 1}, {"title": "财务科科长", "count": 2}], {}),
    # a verb inside the post's name is no lead: the post starts after the lead verb before it
    ("面向全局公开竞聘人才招聘中心主任1职、财务科科长2职。",
     [{"title": "人才招聘中心主任", "count": 1}, {"title": "财务科科长", "count": 2}], {}),
    ("本次竞聘办公室主任1职、招聘科科长2职。", [{"title": "办公室主任", "count": 1}, {"title": "招聘科科长", "count": 2}], {}),
    ("本次竞聘的职位为科长（主任）、副科长（副主任）。", [{"title": "科长（主任）"}, {"title": "副科长（副主任）"}], {}),
    ("本次拿出办公室主任、财务科科长2个职位。", [{"title": "办公室主任"}, {"title": "财务科科长"}], {"total": {"value": 2}}),
    ("共设置股长职位9个、副股长职位6个。", [], {"principal": {"value": 9}, "deputy": {"value": 6}}),
    ("本次共開放職缺三名。", [], {"total": {"value": 3}}),
])
def test_positions(extract_field, text, posts, counts):
    assert _run(extract_field, text) == (posts, counts)


def test_a_rank_from_another_sentence_has_its_own_evidence(rules_document):
    from jianghua.stages.extract.context import Context

    doc = rules_document("对职院部分中层正职岗位实行竞争上岗。\n空缺职位1个，分别是：团委书记。")
    posts, _counts = positions(Context(doc, "case"))
    assert posts[0]["rank"] == "正职"
    assert posts[0]["rank_evidence"]["text"] == "正职"
    assert posts[0]["evidence"]["text"] == "团委书记"


def test_posts_under_a_heading_about_posts(extract_field):
    text = "五、竞聘岗位及名额\n1.部门经理（生产技术部、客户服务部、财务部）3名\n2.水厂厂长（2名）\n3.一线班组长（6名）\n六、竞聘条件"
    posts, _counts = extract_field(positions, text)
    assert [(p["title"], p.get("count")) for p in posts] == [("部门经理", 3), ("水厂厂长", 2), ("一线班组长", 6)]


@pytest.mark.parametrize(("text", "titles"), [
    ("我于去年4月从县财政局到镇挂任党委委员、副镇长，挂职期限为一年半。", ["党委委员、副镇长"]),
    ("按照市委组织部的统一安排，他们挂职两年，分别担任县发改局、住建局、文旅局副局长。", ["县发改局、住建局、文旅局副局长"]),
    ("他担任村党支部书记多年。", []),  # no secondment in the sentence
    # a title of one character and a post word (副局长, 副镇长)
    ("他被安排到县商务局挂任副局长，分管招商工作。", ["副局长"]),
    ("去年我从市直单位挂职副镇长，为期一年。", ["副镇长"]),
])
def test_the_post_a_seconded_cadre_holds(extract_field, text, titles):
    posts, _counts = extract_field(positions, text)
    assert [p["title"] for p in posts] == titles


@pytest.mark.parametrize(("text", "expected"), [
    ("今天我竞聘的岗位是财务科科长。我今年38岁。", ["财务科科长"]),
    # a page that dropped its punctuation: the shortest title ending with a post word
    ("今天我竞聘的岗位是市第二人民医院重症医学科护士长重症医学科收治的是全院最危重的病人", ["市第二人民医院重症医学科护士长"]),
    # ... only where the forms that need punctuation find nothing
    ("我竞聘的岗位是党委办公室主任助理，我今年38岁。", ["党委办公室主任助理"]),
    ("我今天要竞聘的是政工科副科长这个岗位。", ["政工科副科长"]),
    ("我申请竞聘的岗位是财务部会计岗。", ["财务部会计岗"]),
    ("非常感谢组织给我这次竞聘银行大堂经理的机会。", ["银行大堂经理"]),
    ("本人竞聘幼儿园园长一职。", ["幼儿园园长"]),
    # no 我 before the verb, or the candidate come to compete
    ("我叫孙七，今天竞聘的是营销科副科长一职。", ["营销科副科长"]),
    ("我是来竞聘质检车间主任的，谢谢大家。", ["质检车间主任"]),
])
def test_the_post_a_candidate_competes_for(extract_field, text, expected):
    from jianghua.stages.extract.positions import competed_posts

    assert [post["title"] for post in extract_field(competed_posts, text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("我竞聘的是护士长岗位，我有信心。", ["护士长"]),  # a post named by its post word alone
    ("我叫李四，这次我申请竞聘的岗位是：信息中心主任。", ["信息中心主任"]),
    # an election in a pupils' or students' body is no cadre campaign
    ("大家好，我叫王五，我想竞选的是副班长。", []),
    ("我叫赵六，我竞选的是学生会主席。", []),
])
def test_competed_posts_round_four(extract_field, text, expected):
    from jianghua.stages.extract.positions import competed_posts

    assert [p["title"] for p in extract_field(competed_posts, text)] == expected


def test_counts_by_rank_with_an_alias_and_a_lead(extract_field):
    from jianghua.stages.extract.positions import positions

    posts, counts = extract_field(positions, "面向全局公开竞聘科长（主任）2名、副科长（副主任）3名。")
    assert [(p["title"], p.get("count")) for p in posts] == [("科长（主任）", 2), ("副科长（副主任）", 3)]
    assert (counts["principal"]["value"], counts["deputy"]["value"]) == (2, 3)


def test_a_rank_count_after_another_has_its_own_evidence(rules_document):
    from jianghua.stages.extract.context import Context
    from jianghua.stages.extract.positions import positions

    _posts, counts = positions(Context(rules_document("选拔7名处长、17名副处长。"), "case"))
    assert (counts["principal"]["evidence"]["text"], counts["deputy"]["evidence"]["text"]) == ("7名处长", "17名副处长")


def test_a_masked_count_of_a_level_is_no_post(extract_field):
    from jianghua.stages.extract.positions import positions

    posts, counts = extract_field(positions, "共拿出x个科级岗位。")
    assert posts == [] and counts["total"] == {"masked": "x"}


@pytest.mark.parametrize(("text", "expected"), [
    # a post whose name holds a pupils' word is still a post (刑警大队大队长, 值班长)
    ("我竞聘的岗位是刑警大队大队长。", ["刑警大队大队长"]),
    ("我竞聘的岗位是交警中队中队长。", ["交警中队中队长"]),
    ("我竞聘的岗位是运行值班长。", ["运行值班长"]),
])
def test_a_post_holding_a_pupils_word_is_a_post(extract_field, text, expected):
    from jianghua.stages.extract.positions import competed_posts

    assert [p["title"] for p in extract_field(competed_posts, text)] == expected


def test_a_long_list_of_posts_under_a_heading_is_read_whole(extract_field):
    offices = ["办公室", "财务科", "人事科", "法规科", "审计科", "预算科", "国库科", "税政科", "农业科", "经建科",
               "行政科", "社保科", "教科文科", "综合科", "会计科", "监督科", "采购科", "信息科", "票据科", "资产科",
               "债务科", "金融科", "绩效科", "投资科", "外经科"]
    text = "一、竞聘岗位\n" + "\n".join(f"{office}科长1名" for office in offices) + "\n二、报名条件\n年龄在45周岁以下。"
    posts, _counts = extract_field(positions, text)
    assert [post["title"] for post in posts] == [f"{office}科长" for office in offices]


def _titled_candidate(rules_document, title: str, body: str, topic: str = "competitive_selection"):
    from jianghua.stages.extract.context import Context

    doc = rules_document(body)
    doc.title, doc.title_original = title, title
    doc.classification = {"genre": "candidate_speech", "topic": topic}
    return Context(doc, "case")


def test_a_post_named_only_in_the_title_is_cited_from_the_title(rules_document):
    from jianghua.stages.extract.positions import competed_posts

    ctx = _titled_candidate(rules_document, "关于竞聘装配车间主任的演讲稿", "各位领导：\n我叫周八，今年四十岁。")
    assert competed_posts(ctx) == [{"title": "装配车间主任", "competed": True, "evidence": {
        "doc_id": "case", "start": 4, "end": 10, "orig_start": 4, "orig_end": 10, "text": "装配车间主任",
        "sentence": "关于竞聘装配车间主任的演讲稿", "source": "title"}}]


@pytest.mark.parametrize(("title", "topic"), [
    ("竞聘科长的演讲稿范文", "competitive_selection"),  # a rank alone: a 范文 title written for every 科长
    ("竞选社区文体队队长演讲稿", "other"),  # an election that is no cadre campaign
])
def test_a_title_naming_no_one_post_gives_none(rules_document, title, topic):
    from jianghua.stages.extract.positions import competed_posts

    assert competed_posts(_titled_candidate(rules_document, title, "各位领导：\n我叫周八，今年四十岁。", topic)) == []


def test_the_body_post_wins_over_the_title(rules_document):
    from jianghua.stages.extract.positions import competed_posts

    ctx = _titled_candidate(rules_document, "竞聘装配车间主任的演讲稿", "各位领导：\n我竞聘的岗位是质检科科长。")
    assert [(post["title"], post["evidence"].get("source")) for post in competed_posts(ctx)] == [("质检科科长", None)]


@pytest.mark.parametrize(("text", "posts"), [
    # posts each with a count, after commas; posts sharing one count (各1名)
    ("根据工作需要，拟选拔办公室主任1名，业务科科长2名。",
     [{"title": "办公室主任", "count": 1}, {"title": "业务科科长", "count": 2}]),
    ("经研究，决定公开竞聘综合股股长、财务股股长各1名，业务股副股长2名。",
     [{"title": "综合股股长", "count": 1}, {"title": "财务股股长", "count": 1}, {"title": "业务股副股长", "count": 2}]),
    ("經研究，決定公開競聘綜合股股長、財務股股長各１名。",
     [{"title": "综合股股长", "count": 1}, {"title": "财务股股长", "count": 1}]),
    # (a shared count opening the sentence, with no word about posts; a count after 各 is only the posts' before it)
    ("规划股股长、审批股股长各2名，档案室主任1名。",
     [{"title": "规划股股长", "count": 2}, {"title": "审批股股长", "count": 2}, {"title": "档案室主任", "count": 1}]),
    ("拟选拔档案室主任、规划股股长1名，审批股股长各2名。",
     [{"title": "档案室主任"}, {"title": "规划股股长", "count": 1}, {"title": "审批股股长", "count": 2}]),
    # the lead before the first post ends at its last verb (竞争上岗 one verb), with a count of its own or a shared one
    ("这次竞争上岗推出档案室主任1名，审批股股长2名。",
     [{"title": "档案室主任", "count": 1}, {"title": "审批股股长", "count": 2}]),
    ("这次竞争上岗推出规划股股长、审批股股长各1名，档案室主任2名。",
     [{"title": "规划股股长", "count": 1}, {"title": "审批股股长", "count": 1}, {"title": "档案室主任", "count": 2}]),
    ("今年竞聘上岗档案室主任1名，审批股股长2名。",
     [{"title": "档案室主任", "count": 1}, {"title": "审批股股长", "count": 2}]),
    # a count of people, not of posts, after a post word is no list
    ("会上，办公室主任1名、科员2名作了发言。", []),
])
def test_posts_each_with_a_count_or_sharing_one(extract_field, text, posts):
    found, _counts = extract_field(positions, text)
    assert [{k: v for k, v in p.items() if k in ("title", "count")} for p in found] == posts


@pytest.mark.parametrize(("text", "titles"), [
    # two posts joined by 和 are two
    ("这批同志到我县挂职，分别挂任县长助理和乡镇党委副书记，挂职时间一年。", ["县长助理", "乡镇党委副书记"]),
    ("他们挂职两年，分别担任县发改局、住建局、文旅局副局长和两个乡镇的党委副书记。", ["县发改局、住建局、文旅局副局长", "两个乡镇的党委副书记"]),
])
def test_two_posts_a_seconded_cadre_may_hold(extract_field, text, titles):
    posts, _counts = extract_field(positions, text)
    assert [p["title"] for p in posts] == titles


@pytest.mark.parametrize(("text", "expected"), [
    ("大家好！我应聘的岗位是客户服务部经理。我叫李明。", ["客户服务部经理"]),
    ("竞聘演讲\n竞聘岗位：办公室副主任\n尊敬的各位领导：\n大家好！", ["办公室副主任"]),
    ("競聘崗位：財務科副科長\n各位領導：", ["财务科副科长"]),
])
def test_competed_posts_applied_for_or_in_a_header_line(extract_field, text, expected):
    from jianghua.stages.extract.positions import competed_posts

    assert [p["title"] for p in extract_field(competed_posts, text)] == expected


def test_a_seconded_post_after_an_ascii_comma(extract_field):
    # (a line a fixed-width page opened with its comma keeps it ASCII: the clause before it is no part of the post)
    text = "按照省委组织部关于选派年轻干部到基层挂职锻炼的安排\n,我从省交通运输厅到青山镇挂任党委副书记,为期两年。"
    posts, _counts = extract_field(positions, text)
    assert [(p["title"], p["seconded"]) for p in posts] == [("党委副书记", True)]


def test_counts_by_rank_after_a_colon(extract_field):
    _posts, counts = extract_field(positions, "竞聘职位数：正职：3个；副职：5个。")
    assert (counts["principal"]["value"], counts["deputy"]["value"]) == (3, 5)


@pytest.mark.parametrize(("text", "posts"), [
    # a list joined by 和 before its count, a lead verb before the list
    ("本次面向全局公开竞聘综合科科长和财务科副科长两个岗位。", ["综合科科长", "财务科副科长"]),
    ("这次竞争上岗共拿出办公室主任、人事科科长、财务科科长等6个中层职位。", ["办公室主任", "人事科科长", "财务科科长"]),
])
def test_a_list_before_its_count(extract_field, text, posts):
    found, counts = extract_field(positions, text)
    assert [p["title"] for p in found] == posts


def test_a_table_of_posts_flattened_into_lines_under_a_heading(extract_field):
    text = "一、竞聘岗位\n岗位名称\t职数\n综合科科长\t1\n财务科副科长\t2\n二、报名条件\n具有本科以上学历。"
    found, _counts = extract_field(positions, text)
    assert [(p["title"], p.get("count")) for p in found] == [("综合科科长", 1), ("财务科副科长", 2)]


@pytest.mark.parametrize(("text", "deputy"), [
    # the count after a list's last title counts the list, not deputies
    ("本次面向全局公开竞聘综合科科长和财务科副科长两个岗位。", None),
    # ... but two posts of a deputy's title, and deputies counted after 中层 or 其中, are deputy counts
    ("经研究，决定公开竞聘业务股副股长2名。", 2),
    ("共设中层职位8个，其中中层正职3个，中层副职5个。", 5),
])
def test_a_deputy_title_ending_a_list_counts_no_deputies(extract_field, text, deputy):
    _posts, counts = extract_field(positions, text)
    assert (counts["deputy"] or {}).get("value") == deputy


@pytest.mark.parametrize(("text", "deputy", "statements"), [
    # deputy posts counted one post at a time are summed (each count a statement of its own)
    ("今年共拿出中层职位6个，其中档案室副主任2个职位，审批股副股长4个职位。", 6, [6, 2, 4]),
    ("这次设置档案室副主任2个岗位，规划股副股长1个岗位。", 3, [2, 1]),
    ("这次设置档案室副主任2个岗位。", 2, [2]),
    # ... but a deputy's title ending a list joined by 、 counts the list
    ("这次设置档案室主任、规划股副股长2个岗位。", None, []),
])
def test_deputy_posts_counted_one_by_one(extract_field, rules_document, text, deputy, statements):
    from jianghua.stages.extract.context import Context

    _posts, counts = extract_field(positions, text)
    assert (counts["deputy"] or {}).get("value") == deputy
    assert [found["value"] for found in post_counts(Context(rules_document(text), "case"))] == statements


@pytest.mark.parametrize("text", [
    "副职：3个工作日内完成公示。",
    "正职：5个工作日内报送材料。",
])
def test_days_after_a_rank_and_a_colon_are_no_count(extract_field, text):
    posts, counts = extract_field(positions, text)
    assert (posts, counts["principal"], counts["deputy"]) == ([], None, None)


def test_a_long_run_of_posts_without_counts_is_no_counted_list():
    # (the cap of 12 posts before one count; a run of 2,000 posts is searched in linear time)
    assert _COUNTED_LIST.search("档案室主任、" * 2000) is None
    found = _COUNTED_LIST.search("档案室主任、" * 20 + "规划股股长各1名")
    assert found is not None and found.group().count("、") == 11


def test_a_post_name_broken_by_the_page_is_read_whole(extract_field):
    text = "拟选拔档案室主任1名，审批股\n股长2名，规划股副股长1名。"
    posts, _counts = extract_field(positions, text)
    assert [(p["title"], p.get("count")) for p in posts] == [("档案室主任", 1), ("审批股股长", 2), ("规划股副股长", 1)]


@pytest.mark.parametrize(("text", "posts"), [
    # posts sharing a count under a heading about posts
    ("一、竞聘岗位\n规划股股长、审批股股长各2名。\n二、报名条件\n具有本科以上学历。", [("规划股股长", 2), ("审批股股长", 2)]),
])
def test_posts_sharing_a_count_under_a_heading(extract_field, text, posts):
    found, _counts = extract_field(positions, text)
    assert [(p["title"], p.get("count")) for p in found] == posts
