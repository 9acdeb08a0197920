"""Title choice (jianghua.stages.titles) on lines written for the purpose: what is a title, what of a line is
the title, which head line wins, titles glued to the text."""

from __future__ import annotations

import pytest
from jianghua.stages.titles import (
    BARE_GENRE,
    GOOD,
    WEAK,
    HeadLine,
    blurb_title,
    breadcrumb_title,
    choose_title,
    fits_body,
    glued_title,
    line_mark,
    named_title,
    read_title,
    trim_title,
)

SPEECH = "同志们：\n今天召开动员大会，主要是对中层干部竞争上岗工作进行部署。"
CANDIDATE = "尊敬的各位领导、各位评委：\n大家好！我竞聘的岗位是办公室主任。我叫张某。"
NEWS = "3月18日，县交通局召开中层干部竞聘上岗动员会，部署竞聘工作。"


@pytest.mark.parametrize("line", [
    "正文复制", "APP下载", "- A+", "笔趣阁", "手机浏览器扫描二维码访问", "论文部分内容阅读", "内容预览：",
    "通知公告", "工作动态", "本文来源于网络", "未经允许不得转载",
    "首页 > 文章中心 > 正文", "网站首页 工作总结 讲话稿 演讲稿 心得体会", "English", "摘要", "关键词", "目录",
    "上一章 目录 下一章", "字体：大 中 小", "时间：2023-05-01", "2015-03-24 09:36:18 文章来源：兰河县政务网",
    "发布时间：2023-05-01 来源：本站 浏览：123", "湖州交通集团长兴分公司副经理 沈立群", "威宁县雪山镇罗家寨村驻村工作队队长",
    "下面是小编为大家整理的讲话稿，供大家参考。", "灵感范文站", "校园要闻", "同志们：", "一、统一思想，提高认识",
    "（一）情境式问题", "子里嗡嗡的，像塞了", "第1页共8页", "竞聘演讲稿", "工作总结", "学术讲座", "点击排行榜",
    "尊敬的各位领导 各位同事", "中共某某县委组织部", "淮安清源供水有限公司", "上一章 目录 下一章", "道客巴巴", "原创力文档",
    "所属栏目：领导讲话", "热门标签：竞聘演讲稿", "TAG：竞聘演讲稿", "相关专题：竞聘上岗演讲稿", "文档格式：doc", "联系我们", "网站地图",
    "县委书记王某某", "市委常委、组织部部长李某某", "县委书记XXX", "主讲人：王某", "二〇二一年五月六日",
])
def test_lines_that_are_no_title(line):
    read = read_title(line)
    assert read is None or read[1] < WEAK, (line, read)


@pytest.mark.parametrize("line, title, good", [
    ("在全县中层干部竞争上岗动员大会上的讲话", "在全县中层干部竞争上岗动员大会上的讲话", True),
    ("[图]市市政园林局中层领导职位竞争上岗工作情况报告", "市市政园林局中层领导职位竞争上岗工作情况报告", True),
    ("【遴选备考】在新提任科级领导干部任前集体谈话会上的讲话", "在新提任科级领导干部任前集体谈话会上的讲话", True),
    ("第5部分 竞岗风波，初尝机关冷暖_仕途笔记（一个科员的升迁） - 书趣阁", "第5部分 竞岗风波，初尝机关冷暖", False),
    ("贵州53名农业科技干部人才下派9市州挂职——中新网", "贵州53名农业科技干部人才下派9市州挂职", True),
    ("中层干部竞聘上岗及人员双向选择实施细则 第2页", "中层干部竞聘上岗及人员双向选择实施细则", True),
    ("干部交流轮岗管理办法.docx", "干部交流轮岗管理办法", True),
    ("新生军训动员大会校长讲话稿范文 篇7", "新生军训动员大会校长讲话稿范文", True),
    ("竞聘办公室主任演讲稿", "竞聘办公室主任演讲稿", True),  # a post in a title is no byline
    ("我当村支部书记的日子", "我当村支部书记的日子", True),
    ("怎样当好一名办公室主任", "怎样当好一名办公室主任", True),  # a post a title speaks of, no author's post
    ("1.  中层干部竞聘演讲稿", "中层干部竞聘演讲稿", True),
    ("竞聘演讲稿", "竞聘演讲稿", False),  # a genre's name alone
    ("工作总结范文", "工作总结范文", False),
    ("# 北京市公路条例", "# 北京市公路条例", True),
    ("档案法", "档案法", True),
    ("[浙江]德清公路召开中层岗位竞聘上岗动员会", "[浙江]德清公路召开中层岗位竞聘上岗动员会", True),
    ("竞职演讲稿：每一次跌倒都是向上的台阶", "竞职演讲稿：每一次跌倒都是向上的台阶", True),
    ("勇于创新，积极搭建年轻干部成长舞台", "勇于创新，积极搭建年轻干部成长舞台", False),  # a slogan: weak
    ("第14节", "第14节", True),
    ("题名：公开选拔与竞争上岗的适用边界", "公开选拔与竞争上岗的适用边界", True),
    ("××区机关中层干部竞争上岗实施方案.pdf 上传时间：2022-11-03 页数：5", "××区机关中层干部竞争上岗实施方案", True),
    ("年轻干部挂职锻炼动员会讲话.docx - 37.5 KB |", "年轻干部挂职锻炼动员会讲话", True),
    ("问：竞聘上岗是什么意思？", "竞聘上岗是什么意思？", True),
    ("在全县中层干部竞争上岗动员大会上的讲话作者:admin 发布时间:2021-03-01", "在全县中层干部竞争上岗动员大会上的讲话", True),
    ("【精品】在全县中层干部竞争上岗动员大会上的讲话", "在全县中层干部竞争上岗动员大会上的讲话", True),  # a chapter's label (it loses to a document's title above it)
    # a headline ending in ！ (a sentence has it before more text)
    ("县交通局中层干部竞聘上岗圆满完成！", "县交通局中层干部竞聘上岗圆满完成！", True),
])
def test_titles_read_from_lines(line, title, good):
    read = read_title(line)
    if line == "竞聘演讲稿":
        assert read is not None and read[0] == title and read[1] < WEAK
        return
    assert read is not None and read[0] == title, (line, read)
    assert (read[1] >= GOOD) is good, (line, read)


@pytest.mark.parametrize("line, trimmed", [
    ("竞争上岗实施方案（通用12篇）", "竞争上岗实施方案"),
    ("竞争上岗工作总结范文10篇", "竞争上岗工作总结"),
    ("挂职副镇长工作总结汇总十篇", "挂职副镇长工作总结"),
    ("第5部分 竞岗风波，初尝机关冷暖(1 / 2)", "第5部分 竞岗风波，初尝机关冷暖"),
    ("第14节 (第3/3页)", "第14节"),
    ("正文 第十二章 竞聘风波", "第十二章 竞聘风波"),
    ("【竞聘上岗是什么意思】", "【竞聘上岗是什么意思】"),  # a bracket that is the title itself stays
    # a listed site's name after a separator or a blank (site_names.txt), a date after the title
    ("在中层干部竞聘动员会上的讲话 - 道客巴巴", "在中层干部竞聘动员会上的讲话"),
    ("中层干部竞聘实施方案|原创力文档", "中层干部竞聘实施方案"),
    ("中层干部竞聘实施方案 学习啦", "中层干部竞聘实施方案"),
    ("关于开展竞聘上岗工作的通知 2021-05-06 09:30", "关于开展竞聘上岗工作的通知"),
    ("关于开展竞聘上岗工作的通知 2021年5月6日", "关于开展竞聘上岗工作的通知"),
    ("2021年5月6日在全县干部大会上的讲话", "2021年5月6日在全县干部大会上的讲话"),
    ("在县委书记知乎专栏上的讲话", "在县委书记知乎专栏上的讲话"),  # a site's name inside a title stays
    # short segments after a title ending in a document type: a site's or a column's names, listed or not
    ("在全县驻村工作动员会上的讲话 - 范文大全", "在全县驻村工作动员会上的讲话"),
    ("在全县驻村工作动员会上的讲话|讲话稿|范文先生网", "在全县驻村工作动员会上的讲话"),
    ("在全县驻村工作动员会上的讲话 - 海川公文", "在全县驻村工作动员会上的讲话"),
    ("在全县驻村工作动员会上的讲话_领导讲话_公文素材库", "在全县驻村工作动员会上的讲话"),
    ("县交通局召开中层干部竞聘上岗动员会 - 海川公文", "县交通局召开中层干部竞聘上岗动员会"),
    ("挂职期满考核不合格怎么办|问答|某某网", "挂职期满考核不合格怎么办"),
    # ... but not a subtitle naming a document, nor a slogan over its subtitle, nor a short head (a listed
    # site's entry is cut by its name)
    ("凝心聚力 实干争先 - 在全县驻村工作动员会上的讲话", "凝心聚力 实干争先 - 在全县驻村工作动员会上的讲话"),
    ("统一思想——在全县驻村工作动员会上的讲话", "统一思想——在全县驻村工作动员会上的讲话"),
    ("竞争上岗 - 让能者上", "竞争上岗 - 让能者上"),
    # an em dash opens a subtitle, whatever it says (a site's separator is a hyphen, an en dash, _ or |)
    ("坚持以人民为中心的发展思想 — 全面提升基层治理水平", "坚持以人民为中心的发展思想 — 全面提升基层治理水平"),
    # a column tag naming a genre before the title, a date in brackets after it
    ("【讲话稿】在全县驻村工作动员会上的讲话", "在全县驻村工作动员会上的讲话"),
    ("在全县驻村工作动员会上的讲话（2023年3月5日）", "在全县驻村工作动员会上的讲话"),
    ("乡镇干部驻村工作心得体会（精选）", "乡镇干部驻村工作心得体会"),
    # a piece's number before the title (NO.1 ……), not a name's (No.1中学……)
    ("NO.2 在全县驻村工作动员会上的讲话", "在全县驻村工作动员会上的讲话"),
    ("No.1中学校长竞聘演讲稿", "No.1中学校长竞聘演讲稿"),
    # a document number in brackets after the title; the blanks of a letter-spaced title, not a slogan's
    ("干部交流轮岗管理办法（某组通〔2022〕31号）", "干部交流轮岗管理办法"),
    ("附件1：某局中层干部竞争上岗实施方案", "某局中层干部竞争上岗实施方案"),
    ("驻 村 工 作 队 管 理 办 法", "驻村工作队管理办法"),
    ("凝心聚力 真抓实干", "凝心聚力 真抓实干"),
    ("第一章 总则", "第一章 总则"),
])
def test_trim_title(line, trimmed):
    assert trim_title(line) == trimmed


def _head(*lines: str, removed: tuple[int, ...] = ()) -> list[HeadLine]:
    return [HeadLine(text, text, index in removed) for index, text in enumerate(lines)]


@pytest.mark.parametrize("head, body, title, first, last", [
    # the nearest good line to the body: the body's own heading over the page title
    (("竞聘教导主任的演讲稿", "关于竞聘教导主任的演讲稿"), CANDIDATE, "关于竞聘教导主任的演讲稿", 1, 1),
    # furniture is never chosen, however near
    (("在全县中层干部竞争上岗动员大会上的讲话", "时间：2023-05-01", "分享"), SPEECH, "在全县中层干部竞争上岗动员大会上的讲话", 0, 0),
    # a slogan under the title is weak: the title wins
    (("乡镇中层干部竞争上岗经验交流材料", "勇于创新，积极搭建年轻干部成长舞台"), NEWS, "乡镇中层干部竞争上岗经验交流材料", 0, 0),
    # only weak ones: the best, of equals the nearest
    (("乡村振兴驻村工作队队长年度工作总结-扎根，帮扶，共前行", "扎根，帮扶，共前行", "乡村振兴驻村工作队队长年度工作总结-扎根，帮扶，共前行"),
     NEWS, "乡村振兴驻村工作队队长年度工作总结-扎根，帮扶，共前行", 2, 2),
    # a title broken over two lines: a verb at the end of the first, a dash or 关于 opening the second
    (("淮安百货集团组织", "2011—2012年度中层干部竞聘演讲会"), NEWS, "淮安百货集团组织2011—2012年度中层干部竞聘演讲会", 0, 1),
    (("统一思想 狠抓落实", "——在全县中层干部竞争上岗动员大会上的讲话"), SPEECH, "统一思想 狠抓落实——在全县中层干部竞争上岗动员大会上的讲话", 0, 1),
    # (the date after the subtitle is no part of the joined title)
    (("统一思想 狠抓落实", "——在全县中层干部竞争上岗动员大会上的讲话（2023年3月6日）"), SPEECH,
     "统一思想 狠抓落实——在全县中层干部竞争上岗动员大会上的讲话", 0, 1),
    (("淮安清源供水有限公司", "关于内部岗位竞聘的实施办法"), NEWS, "淮安清源供水有限公司关于内部岗位竞聘的实施办法", 0, 1),
    # a document type alone on the second line under a title's first part; a site's name over a type is no part
    (("某某县人民医院中层干部竞争上岗", "实施方案"), NEWS, "某某县人民医院中层干部竞争上岗实施方案", 0, 1),
    (("驻村工作队员", "管理办法"), NEWS, "驻村工作队员管理办法", 0, 1),
    (("公文范文网", "挂职工作总结"), NEWS, "挂职工作总结", 1, 1),
    # a site section's name over a type alone is no part of it (the section words: title_lines.tsv generic)
    (("政策法规", "实施方案"), NEWS, "实施方案", 1, 1),
    (("党建园地", "管理办法"), NEWS, "管理办法", 1, 1),
    # a chapter's heading under the document's title heads a part of it
    (("北京市公路条例", "第一章 总则"), NEWS, "北京市公路条例", 0, 0),
    (("仕途笔记", "第五章 竞岗风波"), NEWS, "第五章 竞岗风波", 1, 1),
    # the title printed whole, then broken over two lines above the text
    (("最高人民法院关于审理生态环境侵权纠纷案件的解释", "2023年6月5日", "最高人民法院关于审理", "生态环境侵权纠纷案件的解释"), NEWS,
     "最高人民法院关于审理生态环境侵权纠纷案件的解释", 0, 3),
    # a removed line (clean took it) can still be the title
    (("首页", "在全县干部大会上的讲话"), SPEECH, "在全县干部大会上的讲话", 1, 1),
])
def test_choose_title(head, body, title, first, last):
    removed = (1,) if head == ("首页", "在全县干部大会上的讲话") else ()
    choice = choose_title(_head(*head, removed=removed), body)
    assert choice is not None and choice.fits
    assert (choice.title.text, choice.first, choice.last) == (title, first, last)


def test_no_title_among_furniture():
    assert choose_title(_head("手机浏览器扫描二维码访问"), NEWS) is None
    assert choose_title(_head("摘要", "关键词"), NEWS) is None


@pytest.mark.parametrize("title, body, fits", [
    # a speech filed under a report's or a rule's title; a congress's 工作报告 is spoken to 同志们
    ("2023年驻村工作总结", SPEECH, False),
    ("某局中层干部竞争上岗实施方案", SPEECH, False),
    ("在县第十次党代会上的报告", SPEECH, True),
    ("供电所所长竞聘演讲", SPEECH, False),  # a candidate's speech title over a leader's speech to 同志们
    ("供电所所长竞聘演讲", CANDIDATE, True),
    ("在竞聘上岗动员会上的讲话", CANDIDATE, False),  # a leader's speech title over a candidate's speech
    ("在竞聘上岗动员会上的讲话", SPEECH, True),
    ("县交通局召开中层干部竞聘上岗动员会", NEWS, True),
])
def test_a_title_fits_its_body(title, body, fits):
    assert fits_body(title, body) is fits


def test_a_site_title_that_does_not_fit_is_chosen_but_marked():
    choice = choose_title(_head("供电所所长竞聘演讲"), SPEECH)
    assert choice is not None and not choice.fits


@pytest.mark.parametrize("line, title, rest", [
    ("在全市公开选拔市属国有企业副职领导人员工作会上讲话 同志们：", "在全市公开选拔市属国有企业副职领导人员工作会上讲话", "同志们："),
    ("1重症医学科护士长竞聘演讲稿各位领导各位评委老师同事们大家好", "重症医学科护士长竞聘演讲稿", "各位领导各位评委老师同事们大家好"),
    ("1、街道中层岗位竞争上岗大会主持词范本各位领导、同志们：为了激发活力。", "街道中层岗位竞争上岗大会主持词", "各位领导、同志们：为了激发活力。"),
    ("第1页共3页在庆祝建院六十周年大会上的讲话尊敬的各位老领导：", "在庆祝建院六十周年大会上的讲话", "尊敬的各位老领导："),
    ("市水利局中层职位竞争上岗实施方案市水利局中层职位竞争上岗实施方案为深化干部人事制度改革，制定本方案。",
     "市水利局中层职位竞争上岗实施方案", "为深化干部人事制度改革，制定本方案。"),
    ("【竞聘上岗是什么意思】“竞聘上岗”是机关单位选用人员时常用的一种方式。", "竞聘上岗是什么意思", "“竞聘上岗”是机关单位选用人员时常用的一种方式。"),
    ("市地税局机关中层干部竞争上岗工作情况汇报今年3月至5月，市局党组按照部署开展竞争上岗。",
     "市地税局机关中层干部竞争上岗工作情况汇报", "今年3月至5月，市局党组按照部署开展竞争上岗。"),
    ("老金范文，海量公文素材，下载网址：www.x.com。 在柳河乡驻村工作队派驻动员会议上的讲话 乡党委书记 周建国 同志们： 今天开会。",
     "在柳河乡驻村工作队派驻动员会议上的讲话", "同志们： 今天开会。"),
    # salutations of other audiences; a news title run into its dateline
    ("在2023年新生开学典礼上的讲话亲爱的同学们：大家好！", "在2023年新生开学典礼上的讲话", "亲爱的同学们：大家好！"),
    ("在全市组织工作会议上的讲话各位委员、同志们：今天开会。", "在全市组织工作会议上的讲话", "各位委员、同志们：今天开会。"),
    ("在全县干部职工大会上的讲话全体干部职工：今天开会。", "在全县干部职工大会上的讲话", "全体干部职工：今天开会。"),
    ("市人社局召开中层干部竞争上岗动员会4月11日，市人社局召开动员会。", "市人社局召开中层干部竞争上岗动员会", "4月11日，市人社局召开动员会。"),
    ("县财政局举行股级干部竞聘演讲会近日，县财政局举行竞聘演讲会。", "县财政局举行股级干部竞聘演讲会", "近日，县财政局举行竞聘演讲会。"),
    # more openings of a text run into its title
    ("在全县中层干部竞争上岗动员大会上的讲话今天召开动员大会，主要任务是统一思想。", "在全县中层干部竞争上岗动员大会上的讲话",
     "今天召开动员大会，主要任务是统一思想。"),
    ("关于开展中层干部竞争上岗的实施方案当前，我局中层干部队伍年龄偏大。", "关于开展中层干部竞争上岗的实施方案",
     "当前，我局中层干部队伍年龄偏大。"),
    # a notice's title run into its addressees; a speech's date between its title and its salutation; a
    # news title run into 本报讯（记者……）
    ("关于开展中层干部竞争上岗工作的通知各科室、各单位：经研究，决定开展竞争上岗。", "关于开展中层干部竞争上岗工作的通知",
     "各科室、各单位：经研究，决定开展竞争上岗。"),
    ("在全县驻村工作动员会上的讲话（2023年3月1日）同志们：今天开会。", "在全县驻村工作动员会上的讲话", "同志们：今天开会。"),
    ("县交通局召开中层干部竞聘上岗动员会本报讯（记者 张某）3月18日，县交通局召开动员会。", "县交通局召开中层干部竞聘上岗动员会",
     "本报讯（记者 张某）3月18日，县交通局召开动员会。"),
])
def test_glued_titles(line, title, rest):
    found = glued_title(line)
    assert found is not None
    assert found[0].text == title and line[found[1]:].strip() == rest


@pytest.mark.parametrize("line", [
    "根据市委组织部的统一安排，我局制定了竞争上岗实施方案，今年共拿出6个职位。",
    "竞争上岗工作总结大会于3月18日召开，会议由局长主持。",
    "今天召开动员大会，主要是部署工作。",
    "按照工作方案要求，各单位要认真组织。",
    "市委组织部联合市人社局于4月11日，召开中层干部竞争上岗动员会。",
    "今年4月11日，市人社局召开中层干部竞争上岗动员会。",
    "全县共选派驻村干部一百二十名3月5日，他们全部到岗。",
    "现将有关事项通知各单位：一、竞聘职位。",
])
def test_no_glued_title_in_a_sentence(line):
    assert glued_title(line) is None


def test_titles_named_by_the_text_or_quoted_by_a_blurb():
    assert named_title("尊敬的各位评委：\n我今天演讲的题目是《怎样当好一名办公室主任》。") == "怎样当好一名办公室主任"
    assert named_title("南山客所著的《挂职两年》讲述一名干部挂职的全过程。") == "挂职两年"
    assert named_title("根据《党政领导干部选拔任用工作条例》，制定本方案。") is None
    assert blurb_title("下面是小编为大家整理的2024年度市委副书记在全市劳动竞赛推进大会上的讲话，供大家参考。") == "市委副书记在全市劳动竞赛推进大会上的讲话"
    assert blurb_title("【导语】湖南：2016年娄底部分市直机关公开遴选12名公务员的公告 已发布。") == "2016年娄底部分市直机关公开遴选12名公务员的公告"
    assert blurb_title("以下是小编为大家整理的竞聘演讲稿范文，供大家参考。") is None  # a genre's name is no title
    assert blurb_title("3月18日，县委召开会议，部署全年工作。") is None  # no blurb


def test_a_breadcrumb_ends_with_the_title_when_nothing_else_names_it():
    assert breadcrumb_title(_head("当前位置：首页 > 讲话稿 > 在全县干部下基层动员大会上的讲话"), SPEECH) is not None
    assert breadcrumb_title(_head("当前位置：首页 > 讲话稿 > 在全县干部下基层动员大会上的讲话"), SPEECH).text == "在全县干部下基层动员大会上的讲话"
    assert breadcrumb_title(_head("位置：首页 > 省直机关遴选 > 考试公告"), NEWS) is None  # a column's name
    assert breadcrumb_title(_head("在全县干部下基层动员大会上的讲话"), SPEECH) is None  # no breadcrumb


def test_a_title_about_copyright_is_a_title_and_a_mid_sentence_dateline_no_title_end():
    from jianghua.stages.titles import glued_title, read_title

    assert read_title("关于明确职务作品版权归属问题的通知") is not None
    assert glued_title("县委组织部认真做好干部选拔任用工作近日又出台了新的考核办法。") is None


@pytest.mark.parametrize("body, fits", [
    # a leader's speech to new students under a site's candidate-speech title: no fit
    ("各位教官、各位老师、亲爱的新同学们：\n上午好！\n今天举行新生军训动员大会。" + "大家要服从指挥，刻苦训练。" * 25
     + "训练期间请假须由本人提出申请。", False),
    # a candidate addressing 领导 and 老师们: fits
    ("各位领导、老师们：\n大家好！\n此刻站在这里，我的心情很激动。", True),
    ("尊敬的各位评委、同学们：\n大家好！我竞选的是学生会主席。", True),
])
def test_a_candidate_title_over_a_speech_to_a_group(body, fits):
    from jianghua.stages.titles import fits_body

    assert fits_body("个人竞聘演讲稿", body) is fits


@pytest.mark.parametrize("line, title", [
    ("第1页共3页某某市机关中层干部竞争上岗实施办法（试行）为了规范竞争上岗工作，制定本办法。", "某某市机关中层干部竞争上岗实施办法（试行）"),
    ("某某局中层干部选拔方案（2023年修订）为进一步规范选拔工作，制定本方案。", "某某局中层干部选拔方案（2023年修订）"),
])
def test_a_glued_title_keeps_its_bracket(line, title):
    from jianghua.stages.titles import glued_title

    found = glued_title(line)
    assert found is not None and found[0].text == title and line[found[1]:].startswith("为")


@pytest.mark.parametrize("line, title", [
    ("第十二章 竞聘风波 李明走进会议室的时候，大家已经到齐了。", "第十二章 竞聘风波"),
    ("第3回 夜谈 老周把茶杯往桌上一放，半天没有说话。", "第3回 夜谈"),
    # a regulation's chapter over its first article, a chapter line alone: no title glued to a text
    ("第一章 总则 第一条 为了规范竞争上岗工作，制定本办法。", None),
    ("第三章 附则", None),
    # a regulation's first chapter over its purpose, with or without the chapter's name (review finding 10)
    ("第一章 总则 为了做好机关中层干部轮岗交流工作，根据有关规定，制定本规定。", None),
    ("第二章 为了加强竞聘人员的日常管理，结合本局实际，特制定本细则。", None),
])
def test_a_chapter_heading_glued_before_its_text(line, title):
    from jianghua.stages.titles import glued_title

    found = glued_title(line)
    assert (found[0].text if found is not None else None) == title


@pytest.mark.parametrize("title, fits", [
    # a page filed as 总结 or 方案 holding a candidate's speech: the site's title does not fit
    ("中层干部竞聘工作总结", False),
    ("中层干部竞争上岗实施方案", False),
    # a report a candidate reads out, a spoken 体会: they fit
    ("个人述职报告", True),
    ("竞聘上岗心得体会", True),
])
def test_a_written_title_over_a_candidates_speech(title, fits):
    from jianghua.stages.titles import fits_body

    assert fits_body(title, "尊敬的各位领导、各位评委：\n大家好！我竞聘的岗位是办公室主任。") is fits


@pytest.mark.parametrize("line, generic", [
    ("竞聘岗位演讲稿", True),  # a genre named by its occasion alone: a collection's or a column's name
    ("竞聘上岗的发言稿", True),
    ("竞聘演讲稿", False),  # (a genre alone: BARE_GENRE reads it)
    ("竞聘办公室主任岗位演讲稿", False),  # a post named: one speech's title
])
def test_a_genre_named_by_its_occasion_is_generic(line, generic):
    assert line_mark(line, "generic") is generic


# --- the words of resources/split/title_words.tsv and the patterns built on them ------------------------

@pytest.mark.parametrize("title, bare", [
    ("竞聘演讲稿", True), ("个人总结范文", True), ("述职报告", True), ("工作总结大全", True),
    ("办公室主任竞聘演讲稿", False), ("关于竞争上岗的实施方案", False),
])
def test_a_bare_genre_name(title, bare):
    assert bool(BARE_GENRE.match(title)) is bare


@pytest.mark.parametrize("title, body, fits", [
    ("竞争上岗办公室主任竞聘演讲稿", "同学们：\n今天是开学的日子。", False),  # a candidate's title over a teacher's speech
    ("县直单位中层干部工作总结", SPEECH, False),  # a report's title over a leader's speech
    ("县直单位中层干部竞争上岗实施细则", CANDIDATE, False),  # a rule's title over a candidate's speech
    ("县直单位中层干部竞争上岗心得体会", CANDIDATE, True),  # (心得 is read out: no rule's title)
    ("在中层干部竞争上岗动员会上的讲话", CANDIDATE, False),  # a leader's title over a candidate's speech
    ("在中层干部竞争上岗动员会上的讲话", SPEECH, True),
])
def test_a_title_fits_its_text_by_its_genre_words(title, body, fits):
    assert fits_body(title, body) is fits


@pytest.mark.parametrize("line, title", [
    ("关于开展中层干部竞争上岗工作的实施方案为进一步深化干部人事制度改革，经研究决定……", "关于开展中层干部竞争上岗工作的实施方案"),
    ("县交通局中层干部竞争上岗工作总结近年来，我局认真贯彻落实……", "县交通局中层干部竞争上岗工作总结"),
    ("县交通局中层干部竞聘上岗实施方案根据县委要求，经研究决定，制定本方案。", "县交通局中层干部竞聘上岗实施方案"),
])
def test_a_title_run_into_the_text_s_first_words(line, title):
    glued = glued_title(line)
    assert glued is not None and (glued[0].text, glued[1]) == (title, len(title))


@pytest.mark.parametrize("line, title", [
    ("第一章 总则 第一条 为了规范中层干部竞争上岗工作，制定本办法。", None),  # a regulation's part
    ("第一章 奖励与处罚 对表现突出的干部给予表彰奖励，对违纪的给予处分。", None),
    ("第十二章 竞聘风波 李明走进会议室，看见大家都在等他。", "第十二章 竞聘风波"),  # a novel's chapter
    ("市人社局召开中层干部竞争上岗动员会4月11日，市人社局召开动员会。", "市人社局召开中层干部竞争上岗动员会"),
    ("根据县委安排的竞聘上岗工作实施方案今年以来，我们认真开展工作。", None),  # the text's own first words
])
def test_a_chapter_or_a_news_title_run_into_its_text(line, title):
    glued = glued_title(line)
    assert (glued[0].text if glued else None) == title


def test_trim_title_is_linear_in_a_long_run_of_blanks():
    """(a row of title_trim.tsv, or the site name's separator, opening on nested blanks took cubic time:
    20,000 blanks ran for minutes)"""
    import time

    text = "讲话" + " " * 20000 + "x"
    started = time.process_time()
    assert trim_title(text) == text
    assert time.process_time() - started < 1.0


@pytest.mark.parametrize("line, trimmed", [
    ("某某县工作会议讲话 - 新华网", "某某县工作会议讲话"),
    ("某某县工作会议讲话  人民网", "某某县工作会议讲话"),
    ("某某县工作会议讲话（第2/3页）", "某某县工作会议讲话"),
    ("某某县工作会议讲话   第2页", "某某县工作会议讲话"),
])
def test_trim_title_cuts_what_follows_a_run_of_blanks(line, trimmed):
    assert trim_title(line) == trimmed


@pytest.mark.parametrize("head, candidate, competing", [
    ("尊敬的各位领导：我今天竞聘的岗位是财务科科长。", True, True),
    ("大家好！我叫王某，现任办公室副主任。", True, False),
    ("各位评委：本人自愿报名参加这次竞争上岗。", True, False),
    ("我要应聘后勤科科长一职。", True, True),
    ("同志们：今天召开全局竞争上岗动员大会。", False, False),
])
def test_a_candidates_voice_is_read_by_words_of_title_words(head, candidate, competing):
    """(the candidate's voice words are data, resources/split/title_words.tsv voice_*: the same heads read)"""
    from jianghua.stages import titles as titles_module

    assert (bool(titles_module._CANDIDATE_VOICE.search(head)), bool(titles_module._COMPETING_VOICE.search(head))) == (
        candidate, competing)


# --- titles broken over two lines, letter-spaced types, notes under a title, a page's <title> (issue 15, 4) --------

PLAN = "为进一步激发干部队伍活力，经研究，决定开展中层干部竞争上岗工作，现制定如下方案。"


@pytest.mark.parametrize("lines, removed, title, first, last", [
    # a part that is no title alone (its 的 open) over a letter-spaced type clean took for a label
    (("关于开展后勤部门竞争上岗工作的", "实 施 方 案"), {1}, "关于开展后勤部门竞争上岗工作的实施方案", 0, 1),
    # a whole part over a letter-spaced type
    (("某某水务公司中层干部竞争上岗", "实 施 方 案"), {1}, "某某水务公司中层干部竞争上岗实施方案", 0, 1),
    # a genre word at the end of the first part printed again at the start of the type under it
    (("全民健身活动月倡议", "倡 议 书"), set(), "全民健身活动月倡议书", 0, 1),
    # an issuer's line ending in 关于印发 over the issued rule's name
    (("某某区人民政府办公室关于印发", "《某某区干部挂职锻炼管理办法》的通知"), set(),
     "某某区人民政府办公室关于印发《某某区干部挂职锻炼管理办法》的通知", 0, 1),
])
def test_a_title_broken_over_two_lines_is_joined(lines, removed, title, first, last):
    choice = choose_title([HeadLine(line, line, index in removed) for index, line in enumerate(lines)], PLAN)
    assert (choice.title.text, choice.first, choice.last) == (title, first, last)


@pytest.mark.parametrize("line", ["（2024.3.8区政府第9次常务会议审议通过）", "（区政府第9次常务会议审议通过）",
                                  "【2024年3月8日区政府常务会议通过】", "（2024年3月8日印发，自2024年4月1日起施行）"])
def test_an_adoption_note_is_read_by_its_verb_whatever_its_date(line):
    """(review 10, 3: a note with a dotted date, with no date, in square brackets)"""
    assert read_title(line) is None


@pytest.mark.parametrize("line", ["（在2024年全区农业农村工作会议上的讲话）", "(在二〇二四年全区宣传工作会议上的讲话)",
                                  "（在全区新闻发布会上的讲话）"])
def test_a_bracketed_occasion_with_a_year_is_no_adoption_note(line):
    assert read_title(line) == (line, 1.0)


@pytest.mark.parametrize("lines, title", [
    (("守正创新 勇毅前行", "（在2024年全区农业农村工作会议上的讲话）"), "守正创新 勇毅前行——在2024年全区农业农村工作会议上的讲话"),
    (("守正创新 勇毅前行", "(在全区农业农村工作会议上的讲话)"), "守正创新 勇毅前行——在全区农业农村工作会议上的讲话"),
])
def test_a_slogan_over_a_bracketed_occasion_is_joined_as_over_its_dash_subtitle(lines, title):
    """(review 10, 2: the bracketed occasion read as the dash form, 守正创新 勇毅前行——在……的讲话)"""
    choice = choose_title(_head(*lines), "同志们：\n今天我们召开全区农业农村工作会议，主要任务是部署今年工作。")
    assert (choice.title.text, choice.title.original, choice.first, choice.last) == (title, title, 0, 1)


def test_a_bracketed_adoption_note_under_a_title_is_no_title():
    assert read_title("（2022年9月3日区政府第12次常务会议通过）") is None
    assert read_title("（二〇二二年九月三日印发）") is None
    choice = choose_title(_head("某某区事业单位中层岗位竞聘暂行办法", "（2022年9月3日区政府第12次常务会议通过）"), PLAN)
    assert (choice.title.text, choice.first, choice.last) == ("某某区事业单位中层岗位竞聘暂行办法", 0, 0)


@pytest.mark.parametrize("line, title", [
    ("某某银行中层干部竞聘上岗实施方案-某某文库-免费下载", "某某银行中层干部竞聘上岗实施方案"),  # a page's <title>
    ("县委办关于印发考核办法的通知-原创-精品", "县委办关于印发考核办法的通知"),
    ("乡村振兴工作队队长年度工作总结-扎根,帮扶,共前行", "乡村振兴工作队队长年度工作总结-扎根,帮扶,共前行"),  # a subtitle
    ("2022-2023学年第二学期教学工作总结", "2022-2023学年第二学期教学工作总结"),  # digits: no separator
    ("竞争上岗-实施方案", "竞争上岗-实施方案"),  # a typed segment after it: no site's name
    # a post, an occasion, a status, a department, a period after the hyphen: the title's own (review 10, 1)
    ("竞聘演讲稿-办公室主任", "竞聘演讲稿-办公室主任"),
    ("在全县防汛工作会议上的讲话-在2024年汛前调度会上", "在全县防汛工作会议上的讲话-在2024年汛前调度会上"),
    ("政府工作报告-在区第八届人民代表大会上", "政府工作报告-在区第八届人民代表大会上"),
    ("农村人居环境整治工作方案-试行", "农村人居环境整治工作方案-试行"),
    ("2024年工作总结-人事科", "2024年工作总结-人事科"),
    ("个人工作总结-下半年", "个人工作总结-下半年"),
    ("某某镇防汛应急预案编制方案-某某范文网", "某某镇防汛应急预案编制方案"),  # a site's name: cut
])
def test_a_site_name_after_a_glued_hyphen_is_cut_only_after_a_document_type(line, title):
    assert trim_title(line) == title


@pytest.mark.parametrize("line", ["第三届职工运动会开幕词", "全县教育工作会议闭幕词", "新春团拜会欢迎词", "关于全县安全生产检查情况的通报",
                                  "驻村工作队员廉洁自律责任书", "招募志愿者启事"])
def test_the_document_types_of_meetings_notices_and_pledges_name_a_document(line):
    assert read_title(line) == (line, 2.0)


@pytest.mark.parametrize("line, score", [
    ("某某学院中层干部换届聘任工作实施办法（试行）", 2.0),  # a status in brackets after the type: still typed
    ("某某局中层干部竞争上岗实施方案（征求意见稿）", 2.0),
    ("在全县驻村工作会议上的讲话(2022年修订)", 2.0),
    ("如何当好驻村第一书记？——在全县驻村干部培训班上的讲话", 2.0),  # a question over its ——subtitle
    ("竞聘演讲稿(一)", 0.0),  # a piece's number after a genre's name: no type note, still a bare genre
])
def test_a_note_after_the_type_and_a_question_over_its_subtitle_read_as_typed_titles(line, score):
    assert read_title(line) == (line, score)


def test_a_mark_before_more_text_still_makes_a_sentence():
    assert read_title("你好！我是新来的") is None


@pytest.mark.parametrize("line", ["为什么要改革？-因为形势变了", "真好！-大家都这么说"])
def test_a_lone_hyphen_after_a_question_or_an_exclamation_is_no_subtitle(line):
    """(review 10, 7: only a dash run, —— — – --, opens a subtitle after ？ ！)"""
    assert read_title(line) is None


@pytest.mark.parametrize("line, score", [
    # a note in brackets after a bare genre: still a bare genre (review 10, 6)
    ("讲话（摘要）", 0.0),
    ("述职报告（通用版）", 0.0),
    # a part's mark after the type: no status note (the line reads as it did without the type's note)
    ("总结（上）", None),
    ("在全区科技工作会议上的讲话（续）", 1.0),
    ("年度工作实施方案（之一）", 1.0),
    ("安全生产工作方案（第二部分）", 1.0),
    # a status note after a named document: still typed
    ("在全区科技工作会议上的讲话（摘要）", 2.0),
])
def test_a_bracket_after_the_type_makes_no_bare_genre_or_part_a_typed_title(line, score):
    read = read_title(line)
    assert (read[1] if read is not None else None) == score


@pytest.mark.parametrize("line, read", [
    # a portal's menu guides: no document's type (review 10, 4)
    ("办事指南", ("办事指南", -1.0)),
    ("服务指南", ("服务指南", -1.0)),
    ("投资指南", ("投资指南", -1.0)),
    # a guide named by its work: typed
    ("某某区中层干部竞聘工作指南", ("某某区中层干部竞聘工作指南", 2.0)),
])
def test_a_menu_guide_is_no_typed_title(line, read):
    assert read_title(line) == read
