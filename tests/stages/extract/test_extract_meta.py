"""Organization, speaker and the document's own date."""

import pytest
from jianghua.stages.extract.meta import date_of_text, organization, speaker


@pytest.mark.parametrize(("text", "expected"), [
    ("街道党工委书记在机关中层干部竞争上岗动员大会上的讲话\n（2014年9月）\n同志们：", {"value": "2014-09"}),
    ("在大会上的讲话\n（２０１４年９月１日）\n同志们：", {"value": "2014-09-01"}),
    ("讲话正文。\n二〇一四年九月", {"value": "2014-09"}),
    ("2014年4月，中央颁布了5个文件。", None),
    ("（9月1日）\n同志们：", None),
    ("讲话正文。\n汕头市市政园林局\n二00八年十一月二十日", {"value": "2008-11-20"}),
    ("正文标题\n发表时间:2022/9/21 16:42:08\n同志们：", {"value": "2022-09-21"}),
    ("正文标题\n撰稿人：郭晓彤 审核人： 发布时间:2023-03-093月8日上午，演讲如期举行。", {"value": "2023-03-09"}),
    ("正文标题\n2009-04-10 来源：光明日报\n本报讯", {"value": "2009-04-10"}),
    ("分公司召开动员部署会2025-04-18 16:30   作者：分公司\n正文。", {"value": "2025-04-18"}),
    ("县人社局驻新塘村工作队（2023年11月20日）根据省、市工作部署，开展帮扶。", {"value": "2023-11-20"}),
    ("在 2025 年县对口援派挂职干部\n欢迎座谈会上的讲话\n同志们：", {"value": "2025"}),
])
def test_date_of_text(extract_field, text, expected):
    assert extract_field(date_of_text, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("王秀卓局长在中层干部竞争上岗动员大会上的讲话\n同志们：", {"name": "王秀卓", "role": "局长"}),
    ("王秀卓局長在中層幹部競爭上崗動員大會上的講話\n同志們：", {"name": "王秀卓", "role": "局长"}),
    ("街道党工委书记在机关中层干部竞争上岗动员大会上的讲话\n同志们：", {"role": "街道党工委书记"}),
    ("在中层干部竞争上岗动员大会上的讲话\n同志们：", None),
    ("在驻村工作队员派驻动员会议上的讲话\n乡党委书记 周建国\n同志们：", {"name": "周建国", "role": "乡党委书记"}),
    ("在动员部署大会上的讲话 党委书记、董事长  XX 同志们：今天召开大会。", {"name": "XX", "role": "党委书记、董事长"}),
    ("扎根帮扶共前行\n\n威宁县雪山镇罗家寨村驻村工作队队长\n\n去年四月，我来到罗家寨村。",
     {"role": "威宁县雪山镇罗家寨村驻村工作队队长"}),
    # a name and 同志 opening the text, a byline holding only a name over the salutation, a spaced two-character name
    ("李建国同志在全县选派干部挂职动员会上的讲话\n同志们：\n今天召开会议。", {"name": "李建国"}),
    ("在全县选派干部挂职动员会上的讲话\n李建国\n同志们：\n今天召开会议。", {"name": "李建国"}),
    ("在全县选派干部挂职动员会上的讲话\n县委常委、组织部部长　王　平\n同志们：", {"name": "王平", "role": "县委常委、组织部部长"}),
    # a byline in brackets, a name and 同志 over the salutation
    ("驻村帮扶工作总结\n（县财政局驻石门村第一书记 王建设）\n2023年以来，我按照安排驻村。",
     {"name": "王建设", "role": "县财政局驻石门村第一书记"}),
    ("在竞聘动员会上的讲话\n王建设同志\n同志们：\n今天召开会议。", {"name": "王建设"}),
    # a role and a name glued on the text's first line (a speaker the splitter cut from the front of a title)
    ("县委书记王某某\n同志们：\n今天召开会议。", {"name": "王某某", "role": "县委书记"}),
    ("县委常委、组织部部长李建国：\n同志们：\n今天召开会议。", {"name": "李建国", "role": "县委常委、组织部部长"}),
    # a chain of seven roles and more keeps its speaker, whole (review 9, finding 1)
    ("在全区机关作风建设会议上的讲话\n区委常委、区委秘书长、区直机关工委书记、区委办主任、区档案局局长、区保密局局长、"
     "区委机要局局长、区委督查室主任 张某某\n同志们：", {"name": "张某某", "role": "区委常委、区委秘书长、区直机关工委书记、"
                                                  "区委办主任、区档案局局长、区保密局局长、区委机要局局长、区委督查室主任"}),
    ("副区长、区委常委、区政府党组成员、区公安分局局长、区公安分局党委书记、区委政法委副书记、区督查组组长李某某\n同志们：\n今天开会。",
     {"name": "李某某", "role": "副区长、区委常委、区政府党组成员、区公安分局局长、区公安分局党委书记、区委政法委副书记、区督查组组长"}),
    # further down the text, such a line is no byline
    ("同志们：\n今天召开会议。\n下面请大家讨论。\n县委书记王某某", None),
    # a theme naming a post, with no name, over the text is no speaker (review finding 7)
    ("争当新时代称职的社区党委书记\n同志们：\n今天召开会议。", None),
    # further down, a name and 同志 is a caption, not who speaks
    ("在大会上的讲话\n同志们：\n今天召开大会。\n刘建平同志在会后作总结讲话", None),
])
def test_speaker(extract_field, text, expected):
    assert extract_field(speaker, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("起草制定了《金港镇推行机关中层干部竞争上岗实施意见》。", "金港镇"),
    ("处里先制定下发了临江市公路管理处机关《竞争上岗、双向择岗工作方案》。", "临江市公路管理处"),  # two verbs, a longer name
    ("县人社局党组高度重视此次竞聘工作，专门召开会议研究部署。", "县人社局党组"),
    ("本次竞聘的组织工作由县委组织部具体负责。", "县委组织部"),
    ("起草制定了《金港鎮推行機關中層幹部競爭上崗實施意見》。", "金港镇"),
    ("根据××职院县级领导干部队伍建设的实际需要，市委决定实行竞争上岗。", "××职院"),
    ("2023年，**镇在中层干部选任工作中，大胆创新。", "**镇"),
    ("我们××局能不能在竞争中站稳脚跟", "××局"),
    ("顾大局，对国土局发展负责。", "国土局"),
    ("根据我街道机关干部队伍建设的实际，对街道发展负责。", None),
    # the subject that runs the campaign, cut from the time and place after it
    ("县卫生健康局于今年4月在局机关和局属单位开展了股级干部竞争上岗。", "县卫生健康局"),
    ("大家好！这次县委面向全县公开选拔12名乡镇副科级领导干部。", "县委"),
    ("鄂州水务集团机关中层管理人员竞争上岗演讲如期举行。", "鄂州水务集团"),
    ("市委组织部制定了《市直机关中层干部竞争上岗工作方案》。", "市委组织部"),  # 市委 + 组织部 is one name
    ("花鸟乡党委按照县委组织部关于中层岗位“每年一竞”的要求，完成了竞聘。", "花鸟乡党委"),
    # a unit acted on the orders of gives way to the unit acting in the same sentence
    ("根据县委组织部的批复，县卫生健康局于今年4月开展了股级干部竞争上岗。", "县卫生健康局"),
    ("根据市委组织部统一安排，我于3月到镇挂职副镇长。", "市委组织部"),
    ("经党组研究，今年选派12名干部挂职。", "党组"),
    ("经县委、县政府研究，今天安排股级职位竞争上岗。", "县委"),
    ("经委党委研究决定，对中层干部实行竞争上岗。", "经委党委"),  # 经委 is the unit, not 经…研究
    ("总经理办公会研究确定拟聘人选。", None),
    ("竞聘工作在局党委统一领导下进行。", "局党委"),
    ("本方案自发布之日起施行，由局人事科负责解释。", "局人事科"),
    ("在两地党委政府的坚强领导下，我们始终坚持。", None),
    ("王秀卓局长在会上讲话，市水利局机关中层职位竞争上岗实施方案已印发。", None),  # 局长 is no unit; 实施方案 no verb
    # a name ends before a verb (联合, 开展...), a question names no unit, 牵头 and 成立 are acts of the unit
    ("县委组织部联合县人社局开展乡镇事业单位人员竞争上岗工作。", "县委组织部"),
    ("挂职期满考核不合格怎么办", None),
    ("由市委组织部牵头，市人社局具体负责的公开遴选工作日前启动。", "市委组织部"),
    ("县财政局成立了竞争上岗工作领导小组。", "县财政局"),
    ("今年以来，市国土资源局积极推进中层干部竞争上岗。", "市国土资源局"),
    ("某某公司中层管理人员竞聘上岗实施方案\n为建立科学的选人用人机制，公司决定实行竞聘上岗。", "某某公司"),  # a title line kept
    # an event sentence with a longer name of the event, a preamble naming the plan's makers, one's sending unit,
    # and 和 inside a unit's own name (a signature line)
    ("3月15日，县自然资源局中层干部竞聘上岗演讲答辩会在局三楼会议室举行。", "县自然资源局"),
    ("为落实省委部署，中共江北县委组织部、县农业农村局联合制定本方案。", "中共江北县委组织部"),
    ("我是县财政局选派到大坪村的第一书记。", "县财政局"),
    ("现将有关事项通知如下。\n青山区人力资源和社会保障局\n2021年5月6日", "青山区人力资源和社会保障局"),
    ("经县委和县政府研究，决定开展竞争上岗。", "县委"),
    # units named by a school's, a bank's or a cooperative's word; a 党组会议 that decides is the 党组
    ("同志们：\n今天，县供销社召开中层干部竞争上岗动员大会。", "县供销社"),
    ("近日，市第一中学举行中层干部竞聘上岗演讲答辩会。", "市第一中学"),
    ("日前，青山农商银行开展中层干部竞聘上岗。", "青山农商银行"),
    ("经县林业局党组会议研究，决定在局机关开展股级干部竞争上岗。", "县林业局党组"),
    # 社 alone ends no name (面向社会)
    ("市人社局面向社会公开选拔中层干部。", "市人社局"),
])
def test_organization(extract_field, text, expected):
    found = extract_field(organization, text)
    assert (found["name"] if found else None) == expected


@pytest.mark.parametrize(("text", "genre", "expected"), [
    ("动员会召开。党组成员、副局长周明远出席并讲话。", "news_report", {"name": "周明远", "role": "党组成员、副局长"}),
    ("演讲会结束后，刘建平同志作了总结发言。", "news_report", {"name": "刘建平"}),
    ("会上，集团党委副书记、总经理孙维民表示，要以平常心看待结果。", "news_report",
     {"name": "孙维民", "role": "集团党委副书记、总经理"}),
    ("会上，集团党委副书记、总经理孙维民表示，要以平常心看待结果。", "meeting_speech", None),  # a speech's speaker is not whom it reports
    ("公司召开竞聘动员会，党委书记、董事长张伟出席会议并作动员讲话。", "news_report", {"name": "张伟", "role": "党委书记、董事长"}),
    ("挂职动员会召开。县委副书记王平就做好挂职工作作了部署。", "news_report", {"name": "王平", "role": "县委副书记"}),
    ("会上，副部长刘洋宣读了名单，县委常委、组织部部长李建国讲话。", "news_report", {"name": "李建国", "role": "县委常委、组织部部长"}),
    ("公司党委书记张伟要求，各部门要高度重视竞聘工作。", "news_report", {"name": "张伟", "role": "公司党委书记"}),
])
def test_a_news_report_names_who_spoke(rules_document, text, genre, expected):
    from jianghua.stages.extract.context import Context

    doc = rules_document(text)
    doc.classification = {"genre": genre}
    found = speaker(Context(doc, "case"))
    assert ({k: v for k, v in found.items() if k != "evidence" and v is not None} if found else None) == (
        {k: v for k, v in expected.items() if v is not None} if expected else None)


def test_a_role_on_the_first_line_under_a_title_kept_apart(rules_document):
    """A report whose title the pipeline keeps apart (doc.title) opens with its author's role: the first line
    is no title then, and names the speaker; with no title kept apart the first line is taken for the title."""
    from jianghua.stages.extract.context import Context

    text = "镇驻村工作队队长\n去年四月，我来到村里担任驻村工作队队长。"
    doc = rules_document(text)
    assert speaker(Context(doc, "case")) is None
    doc.title = "驻村工作队队长年度工作总结"
    found = speaker(Context(doc, "case"))
    assert (found["role"], found["evidence"]["text"]) == ("镇驻村工作队队长", "镇驻村工作队队长")


@pytest.mark.parametrize(("text", "expected"), [
    # a subtitle under the title: a dash, the speaker's roles, the name, 同志在…上的讲话
    ("——县委常委、组织部部长王建华同志在全县竞争上岗动员大会上的讲话\n同志们：今天召开会议。",
     ("王建华", "县委常委、组织部部长", "县委常委、组织部部长王建华")),
    ("王秀卓局长在全县竞争上岗动员大会上的讲话\n同志们：", ("王秀卓", "局长", "王秀卓局长")),
    # a subtitle naming no one names no speaker
    ("——在全县竞争上岗动员大会上的讲话\n同志们：", None),
])
def test_speaker_subtitles(rules_document, text, expected):
    from jianghua.stages.extract.context import Context
    from jianghua.stages.extract.meta import speaker

    doc = rules_document(text)
    doc.classification = {"genre": "mobilization_speech"}
    found = speaker(Context(doc, "case"))
    assert (found and (found.get("name"), found.get("role"), found["evidence"]["text"])) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("报名时间：2020年5月6日至5月10日。\n其他事项另行通知。", None),  # a step's date, not the text's
    ("发布时间：2020年5月6日\n正文。", "2020-05-06"),
    ("时间：2020年5月6日\n正文。", "2020-05-06"),
])
def test_a_date_label_is_a_publication_label(extract_field, text, expected):
    found = extract_field(date_of_text, text)
    assert (found and found["value"]) == expected


def _titled(rules_document, title: str, title_original: str, text: str, genre: str | None = None):
    from jianghua.stages.extract.context import Context

    doc = rules_document(text)
    doc.title, doc.title_original = title, title_original
    doc.classification = {"genre": genre} if genre else None
    return Context(doc, "case")


def test_a_speaker_named_only_in_the_title_is_cited_from_the_title(rules_document):
    ctx = _titled(rules_document, "镇党委书记在中层干部竞聘动员会上的讲话", "鎮黨委書記在中層幹部競聘動員會上的講話",
                  "同志们：\n今天召开动员会。")
    assert speaker(ctx) == {"role": "镇党委书记", "evidence": {
        "doc_id": "case", "start": 0, "end": 5, "orig_start": 0, "orig_end": 5, "text": "镇党委书记",
        "sentence": "镇党委书记在中层干部竞聘动员会上的讲话", "source": "title"}}


def test_a_named_speaker_in_a_glossed_title_maps_to_the_original_past_the_glosses(rules_document):
    ctx = _titled(rules_document, "张立新同志在挂职干部座谈会上的讲话", "張(zhāng)立新同志在掛職幹部座談會上的講話",
                  "同志们：\n今天召开座谈会。")
    found = speaker(ctx)
    assert {key: value for key, value in found.items() if key != "evidence"} == {"name": "张立新"}
    assert (found["evidence"]["start"], found["evidence"]["end"]) == (0, 3)
    assert (found["evidence"]["orig_start"], found["evidence"]["orig_end"]) == (0, 10)


@pytest.mark.parametrize(("title", "expected"), [
    ("XXX同志在全县选派干部动员会上的讲话", {"name": "XXX"}),
    ("县委书记×××在全县驻村工作会议上的讲话", {"name": "×××", "role": "县委书记"}),
    ("局长在中层干部竞聘上岗动员会上的讲话", {"role": "局长"}),
    ("在全县干部挂职工作会上的讲话", None),
])
def test_a_masked_name_or_a_bare_role_in_the_title(rules_document, title, expected):
    found = speaker(_titled(rules_document, title, title, "同志们：\n今天召开会议。"))
    assert ({key: value for key, value in found.items() if key != "evidence"} if found else None) == expected


def test_a_byline_in_the_body_wins_over_the_title(rules_document):
    ctx = _titled(rules_document, "镇党委书记在中层干部竞聘动员会上的讲话", "", "镇党委书记 刘振华\n同志们：\n今天召开动员会。")
    assert speaker(ctx)["name"] == "刘振华" and speaker(ctx)["evidence"].get("source") is None


def test_the_year_of_a_title_dates_the_text_cited_from_the_title(rules_document):
    ctx = _titled(rules_document, "在2026年选派干部欢送会上的讲话", "", "同志们：\n今天欢送选派干部。")
    assert date_of_text(ctx) == {"value": "2026", "evidence": {
        "doc_id": "case", "start": 1, "end": 5, "orig_start": 1, "orig_end": 5, "text": "2026",
        "sentence": "在2026年选派干部欢送会上的讲话", "source": "title"}}


_STAMP = {"line": 3, "canon": "发布时间:2031-05-06 10:20", "orig": "發布時間:2031-05-06 10:20", "start": 5, "end": 15,
          "orig_start": 5, "orig_end": 15, "value": "2031-05-06"}


def test_a_news_report_is_dated_by_the_page_stamp_cited_as_metadata(rules_document):
    ctx = _titled(rules_document, "某局中层干部竞聘演讲举行", "", "5月6日上午，某局举行竞聘演讲。", genre="news_report")
    assert date_of_text(ctx, _STAMP) == {"value": "2031-05-06", "evidence": {
        "doc_id": "case", "start": 5, "end": 15, "orig_start": 5, "orig_end": 15, "text": "2031-05-06",
        "sentence": "发布时间:2031-05-06 10:20", "source": "metadata", "line": 3}}


@pytest.mark.parametrize("genre", ["mobilization_speech", "plan_or_regulation", None])
def test_the_page_stamp_does_not_date_a_speech_or_a_plan_a_site_posted(rules_document, genre):
    ctx = _titled(rules_document, "在竞聘动员会上的讲话", "", "同志们：\n今天召开动员会。", genre=genre)
    assert date_of_text(ctx, _STAMP) is None


def test_the_text_own_dateline_wins_over_the_stamp(rules_document):
    ctx = _titled(rules_document, "某局竞聘演讲举行", "", "某局举行竞聘演讲。\n2031年5月7日", genre="news_report")
    assert date_of_text(ctx, _STAMP)["value"] == "2031-05-07"


def test_organization_keeps_every_place_naming_the_unit_as_mentions(rules_document):
    from jianghua.stages.extract.context import Context

    text = ("经县水利局党组研究，决定在局机关开展中层干部竞争上岗。\n"
            "一、竞聘职位\n局机关中层正职3名。\n"
            "二、其他\n本方案由县水利局党组负责解释。")
    found = organization(Context(rules_document(text), "case"))
    assert found["name"] == "县水利局党组" and found["evidence"]["start"] == 1
    assert [(m["start"], m["text"]) for m in found["mentions"]] == [(1, "县水利局党组"), (text.index("本方案由") + 4, "县水利局党组")]


def test_a_unit_named_once_has_no_mentions(rules_document):
    from jianghua.stages.extract.context import Context

    found = organization(Context(rules_document("经县水利局党组研究，决定在局机关开展中层干部竞争上岗。"), "case"))
    assert found["name"] == "县水利局党组" and "mentions" not in found


def test_a_byline_the_cleaner_removed_with_the_title_names_the_speaker_as_metadata(rules_document):
    ctx = _titled(rules_document, "在挂职干部派驻动员会上的讲话", "", "同志们：\n今天召开派驻动员会。")
    line = "某某范文网整理。 在挂职干部派驻动员会上的讲话 镇党委书记 林国栋"
    head = [{"line": 2, "canon": line, "orig": line, "omap": None}]
    assert speaker(ctx, head) == {"name": "林国栋", "role": "镇党委书记", "evidence": {
        "doc_id": "case", "start": 24, "end": 33, "orig_start": 24, "orig_end": 33, "text": "镇党委书记 林国栋",
        "sentence": line, "source": "metadata", "line": 2}}
    assert speaker(ctx, [{**head[0], "canon": "作者：林国栋 编辑：王某"}]) is None  # no role: no byline


@pytest.mark.parametrize(("text", "expected"), [
    ("公司总经理张立伟在动员会上强调，要严格按程序办事。", {"name": "张立伟", "role": "公司总经理"}),
    ("县委副书记陈志刚对选派工作进行了动员部署。", {"name": "陈志刚", "role": "县委副书记"}),
    ("市委组织部副部长黄海涛出席欢送会并讲话。", {"name": "黄海涛", "role": "市委组织部副部长"}),
    ("公司党委书记吴江同志就做好竞聘工作提出三点要求。", {"name": "吴江", "role": "公司党委书记"}),
])
def test_who_spoke_at_the_event_a_news_report_tells(rules_document, text, expected):
    ctx = _titled(rules_document, "", "", text, genre="news_report")
    found = speaker(ctx)
    assert {key: value for key, value in found.items() if key != "evidence"} == expected


def test_a_writer_byline_in_a_metadata_line_names_no_speaker(rules_document):
    text = "5月6日下午，县林业局召开竞争上岗动员会。局党组书记、局长赵志远出席会议并讲话。"
    ctx = _titled(rules_document, "县林业局召开竞争上岗动员会", "", text, genre="news_report")
    line = "发布时间：2031-05-07 09:15  来源：县林业局  作者：综合股股长 钱文静"
    head = [{"line": 2, "canon": line, "orig": line, "omap": None}]
    found = speaker(ctx, head)
    assert (found["name"], found["role"], found["evidence"]["text"]) == ("赵志远", "局党组书记、局长", "局党组书记、局长赵志远")
    edited = "来源：县林业局  责任编辑：综合股股长 钱文静"
    assert speaker(_titled(rules_document, "在动员会上的讲话", "", "同志们：\n今天召开动员会。"),
                   [{**head[0], "canon": edited, "orig": edited}]) is None
    # (a speech a site posts under 作者: the speaker)
    posted = "日期：2031-05-07  作者：县林业局局长 赵志远"
    found = speaker(_titled(rules_document, "在动员会上的讲话", "", "同志们：\n今天召开动员会。"),
                    [{**head[0], "canon": posted, "orig": posted}])
    assert (found["name"], found["role"]) == ("赵志远", "县林业局局长")


@pytest.mark.parametrize("title", [
    "学习省委书记在全省组织工作会议上的重要讲话心得体会",
    "认真贯彻落实县委书记在全县干部大会上的讲话精神",
    "关于局党组书记在竞聘动员会上的讲话的学习体会",
    "县委书记在全县干部大会上的讲话读后感",
])
def test_a_title_about_a_speech_names_no_speaker(rules_document, title):
    assert speaker(_titled(rules_document, title, "", "我们认真学习了这篇讲话，收获很大。")) is None


@pytest.mark.parametrize(("title", "expected"), [
    ("县委书记在全县干部大会上的讲话（摘要）", {"role": "县委书记"}),
    ("赵志远同志在竞聘动员会上的讲话稿", {"name": "赵志远"}),
])
def test_a_title_ending_in_the_speech_names_its_speaker(rules_document, title, expected):
    found = speaker(_titled(rules_document, title, "", "我们召开动员会。"))
    assert {key: value for key, value in found.items() if key != "evidence"} == expected


def test_a_role_and_name_opening_a_profile_names_no_speaker(rules_document):
    profile = "驻村第一书记赵志远\n2030年，县林业局选派赵志远到河口村担任第一书记。他走遍全村每一户。"
    assert speaker(_titled(rules_document, "", "", profile)) is None
    speech = "驻村第一书记赵志远\n同志们：\n今天召开村民代表会议。"
    found = speaker(_titled(rules_document, "", "", speech))
    assert (found["name"], found["role"], found["evidence"]["start"]) == ("赵志远", "驻村第一书记", 0)


@pytest.mark.parametrize(("title", "expected"), [
    # a notice's or a plan's title naming its issuer, over a text that names no unit
    ("中共青山县委组织部关于开展优秀年轻干部到村任职工作的实施方案", (0, 9, "中共青山县委组织部")),
    ("青山县财政局中层干部竞争上岗实施方案", (0, 6, "青山县财政局")),
    # not the unit named where a speech, a report or a news item says the campaign is run (the devset's convention)
    ("中心学校中层干部竞聘动员会讲话", None),
    ("县委组织部长在全县驻村第一书记座谈会上的讲话", None),
])
def test_a_unit_named_only_in_a_notice_title_is_cited_from_the_title(rules_document, title, expected):
    ctx = _titled(rules_document, title, "", "为加强干部队伍建设，结合我局实际，制定本方案。")
    found = organization(ctx)
    if expected is None:
        assert found is None
    else:
        start, end, name = expected
        evidence = found["evidence"]
        assert (found["name"], evidence["source"], evidence["start"], evidence["end"], evidence["text"]) == (
            name, "title", start, end, name)


def test_a_unit_in_the_text_wins_over_the_title(rules_document):
    ctx = _titled(rules_document, "青山县财政局中层干部竞争上岗实施方案", "", "经局党组研究，决定开展中层干部竞争上岗。")
    found = organization(ctx)
    assert (found["name"], found["evidence"].get("source", "body")) == ("局党组", "body")
    assert organization(ctx, from_title=False)["name"] == "局党组"
    untitled = _titled(rules_document, "青山县财政局中层干部竞争上岗实施方案", "", "结合实际，制定本方案。")
    assert organization(untitled, from_title=False) is None


@pytest.mark.parametrize(("text", "expected"), [
    # the day of a speech in its subtitle, before 在…讲话, or in a bracket with a note
    ("推进驻村帮扶\n——在2023年3月5日全县驻村工作会议上的讲话\n同志们：", {"value": "2023-03-05"}),
    ("2023年3月5日在全县驻村工作会议上的讲话\n同志们：\n今天召开会议。", {"value": "2023-03-05"}),
    ("在中层干部竞聘工作会议上的讲话\n（2022年6月8日，根据录音整理）\n同志们：", {"value": "2022-06-08"}),
    # a year alone there is the year of an event the text names, not the text's day
    ("会议学习了集团在2025年劳动竞赛启动仪式上的讲话精神。", None),
    # the day of a leader's speech a line studies or praises is not the text's day
    ("认真学习领会总书记在2024年6月9日考察调研时的重要讲话精神\n同志们：\n今天开会。", None),
    ("同志们：\n总书记在2024年6月9日视察我省时的重要讲话，为我们做好工作提供了遵循。", None),
    ("推进乡村振兴\n——在2024年6月9日全县乡村振兴动员大会上的讲话（摘要）\n同志们：", {"value": "2024-06-09"}),
])
def test_date_of_a_speech_in_its_subtitle(extract_field, text, expected):
    assert extract_field(date_of_text, text) == expected


def test_a_speech_title_with_its_day_dates_the_text_from_the_title(rules_document):
    title = "凝心聚力推进驻村帮扶——在2023年3月5日全县驻村工作会议上的讲话"
    found = date_of_text(_titled(rules_document, title, "", "同志们：\n今天召开会议。"))
    assert (found["value"], found["evidence"]["source"], found["evidence"]["text"]) == ("2023-03-05", "title", "2023年3月5日")


@pytest.mark.parametrize(("text", "expected"), [
    # a note closing a speech naming its author
    ("在选调生培训班开班式上的讲话\n同志们：\n今天开班了，我讲几点意见。\n（作者系市委常委、组织部部长）",
     {"role": "市委常委、组织部部长"}),
    ("在选调生培训班开班式上的讲话\n同志们：\n今天开班了。\n（作者系县委书记 王建国）", {"name": "王建国", "role": "县委书记"}),
    # a note about something else names no speaker
    ("在选调生培训班开班式上的讲话\n同志们：\n今天开班了。\n（本文有删节）", None),
])
def test_an_author_note_closing_a_speech_names_its_speaker(extract_field, text, expected):
    assert extract_field(speaker, text) == expected


def test_a_news_report_names_who_stated_requirements(rules_document):
    ctx = _titled(rules_document, "县委召开选派干部座谈会", "",
                  "5月9日，县委召开选派干部座谈会。县委书记李强对做好选派工作提出三点要求。", genre="news_report")
    found = speaker(ctx)
    assert (found["name"], found["role"], found["evidence"]["text"]) == ("李强", "县委书记", "县委书记李强")


def test_a_role_line_in_a_plan_is_a_post_of_its_table_not_a_speaker(rules_document):
    text = "序号\n岗位名称\n综合科科长\n1\n财务科副科长\n2"
    assert speaker(_titled(rules_document, "竞聘岗位一览表", "", text, genre="plan_or_regulation")) is None
    report = "扎根帮扶共前行\n驻村工作队队长\n去年四月，我来到村里。"
    assert speaker(_titled(rules_document, "扎根帮扶共前行", "", report, genre="experience_report"))["role"] == "驻村工作队队长"


_LONG_SPEECH = "同志们：\n" + "今天召开动员大会，对竞争上岗工作进行部署。\n" * 8 + "谢谢大家！\n"


@pytest.mark.parametrize(("signature", "expected"), [
    # a signature closing a speech: a role and a name, in brackets, after 讲话人：
    ("局党组书记、局长 陈志明", {"name": "陈志明", "role": "局党组书记、局长"}),
    ("（县委副书记 王××）", {"name": "王××", "role": "县委副书记"}),
    ("讲话人：局长 陈志明", {"name": "陈志明", "role": "局长"}),
    # a line of prose or a line with no name signs nothing
    ("请大家认真抓好落实。", None),
])
def test_a_signature_closing_a_speech_names_its_speaker(extract_field, signature, expected):
    assert extract_field(speaker, "在竞争上岗动员大会上的讲话\n" + _LONG_SPEECH + signature) == expected


def test_a_name_and_a_colon_before_the_speech_title_names_the_speaker(extract_field):
    assert extract_field(speaker, "陈志明：在中层干部竞争上岗动员大会上的讲话\n同志们：\n今天召开大会。") == {"name": "陈志明"}


@pytest.mark.parametrize(("genre", "text", "expected"), [
    # a news report's closing line names its reporter, a plan's its contact: no speaker
    ("news_report", "6月3日，市委召开年轻干部培养工作推进会。\n会议要求，各地要把工作抓细抓实。\n会议由市委常委主持。\n"
                    "（市委组织部干部科科长 赵亮）", None),
    ("plan_or_regulation", "一、选拔范围\n全局在编干部。\n二、报名办法\n联系人：\n组织科科长 孙敏", None),
    # ... a speech's closing signature names its speaker
    ("meeting_speech", "同志们：\n今天开会，我讲两点意见。\n一、统一思想\n要把工作抓细抓实。\n市委常委、组织部部长 赵亮",
     ("赵亮", "市委常委、组织部部长")),
])
def test_a_closing_line_names_a_speaker_only_in_a_speech(rules_document, genre, text, expected):
    found = speaker(_titled(rules_document, "", "", text, genre=genre))
    assert (found and (found["name"], found["role"])) == expected


_LONG_CHAIN = "区委常委、区委秘书长、区直机关工委书记、区委办主任、区档案局局长、区保密局局长、区委机要局局长"


@pytest.mark.parametrize("byline", [_LONG_CHAIN + " 张某某", _LONG_CHAIN + "张某某", "——" + _LONG_CHAIN + "张某某"])
def test_a_byline_of_seven_roles_under_the_title_is_no_title_and_names_the_speaker(byline):
    """(review 9, finding 1: a chain of seven roles and more, spaced from the name or glued, after a dash or not)"""
    from jianghua.stages.runner import process_page

    page = process_page(f"在全区机关作风建设会议上的讲话\n{byline}\n同志们：\n今天召开会议，部署今年的工作。\n".encode(), "page.txt")
    document = page.documents[0]
    assert document.title == "在全区机关作风建设会议上的讲话"
    assert (document.rules["speaker"]["name"], document.rules["speaker"]["role"]) == ("张某某", _LONG_CHAIN)
