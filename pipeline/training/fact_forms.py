"""Rule passages written for this module, in the forms real pages state rules in (FIELD-NOTES.md, issue 16):
more training units for the learned fact units (``train_facts``), beside the dev split's.

The dev split holds a few dozen units of each field, most of them in the phrasings of the pages the
written rules were fitted to. Each *form* here is one way a notice, a plan or a mobilization speech states
a rule -- the unit that runs the campaign (经…研究决定, 按照…的统一部署, 由…组织实施, 本办法由…负责解释,
…成立领导小组, a notice's signature), the steps of a procedure (…等程序, 分…三个阶段, a step alone under
实施步骤), the posts offered (拿出…等N个岗位, 竞聘岗位为…), a term (挂职时间为一年, 聘期三年), a dated step
(报名时间为…至…), years of service, the other conditions of eligibility -- and the clauses around it that
state no rule (purposes, exhortations, a narrated past, a candidate's own record). A passage is a section
heading and its clauses in order, each clause labelled with its field or ``none``; the filler words (units,
posts, steps, dates, figures) are dealt round so that no two passages of a form read alike.

Every string is written for this module; no devset text is kept here. ``passages()`` is deterministic
(no random state): the same code gives the same training units.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import cycle, islice

NONE = "none"  # (learned.NONE: a clause stating no rule)

# --- filler words ---------------------------------------------------------------------------------

UNITS = ("县委组织部", "市人力资源和社会保障局党组", "区卫生健康委员会党委", "青禾镇党委", "市水务集团有限公司",
         "省交通运输厅党组", "县教育局党组", "市林业和草原局", "职业技术学院党委", "县人民医院党委", "市税务局党委",
         "区委", "市委", "县委、县政府", "局党组", "公司党委", "市委组织部、市财政局", "学校党委组织部", "集团公司",
         "县自然资源局")
POSTS = ("办公室主任", "财务科副科长", "人事股股长", "信息中心副主任", "综合科科长", "安全监督科副科长",
         "后勤服务中心主任", "党建工作办公室副主任", "副镇长", "村党组织第一书记", "项目部经理", "质检站站长",
         "宣传科副科长", "规划股副股长", "档案室主任", "营业部副经理")
STEPS = ("发布公告", "个人报名", "资格审查", "笔试", "面试", "演讲答辩", "民主测评", "组织考察", "党组讨论决定",
         "任前公示", "体检", "办理聘任手续", "双向选择", "适岗评价", "民主推荐", "集体研究")
DATES = ("3月5日", "2024年4月10日", "4月上旬", "5月20日", "6月底前", "7月1日", "8月12日", "9月中旬", "10月8日",
         "11月下旬", "2023年12月1日", "1月15日")
YEARS = ("一", "两", "三", "2", "3", "1", "五", "半")
AREAS = ("财务管理", "工程建设", "人事档案", "信息化", "安全生产", "农村工作", "法律法规", "文秘写作")

# clauses stating no rule, around the rules (a purpose, an exhortation, a narrated past, a speaker's aside)
FILLER = ("为进一步深化干部人事制度改革", "激发干部队伍的活力", "现将有关事项通知如下", "确保工作公开公平公正",
          "各单位要高度重视", "认真做好宣传发动工作", "切实加强组织领导", "营造风清气正的选人用人环境",
          "这次竞争上岗意义重大", "希望大家正确对待", "去年我们也开展过类似的工作", "取得了较好的效果",
          "同志们", "下面我讲三点意见", "大家要端正心态", "以平常心对待竞争", "要严格遵守工作纪律",
          "对违反纪律的严肃处理", "结合我单位实际", "制定本方案", "广大干部积极支持", "形成了良好的氛围",
          "我叫李明", "今年三十五岁", "2009年参加工作", "本科学历", "谢谢大家")
# clauses naming steps, posts or terms without stating a rule of this campaign (hard negatives)
NEAR_MISSES = ("笔试面试是检验能力的重要方式", "考察工作要突出实绩", "公示期间要认真受理群众来信来访",
               "要把想干事能干事的干部选出来", "挂职期间要与派出单位保持联系", "不得以挂职为由推脱工作",
               "驻村期间由乡镇党委统一管理", "过去三年我们选派了一批干部", "这些同志在岗位上表现突出",
               "几年来全局上下团结奋斗", "报名工作已经顺利结束", "上一轮聘期内大家辛勤工作")

GENRES = ("plan_or_regulation", "mobilization_speech", "meeting_speech")
TOPICS = ("competitive_selection", "secondment", "grassroots_assignment")


@dataclass(frozen=True)
class Passage:
    """A section heading and its clauses in order, each with its field (``none``: no rule)."""

    form: str
    genre: str
    topic: str
    heading: str
    clauses: tuple[tuple[str, str], ...]


def _deal(words: tuple[str, ...], start: int, count: int) -> list[str]:
    """``count`` words of ``words`` from ``start`` on, round the list (distinct while count <= len)."""
    return list(islice(cycle(words), start, start + count))


# --- forms: field -> (headings, templates); a template's slots: {unit} {post} {posts} {steps} {n} {date} {date2} {area} --

FORMS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "organization": (
        ("", "组织领导", "工作要求", "总体安排"),
        ("经{unit}研究决定", "{unit}决定在机关内部开展中层干部竞争上岗", "按照{unit}的统一部署",
         "由{unit}统一组织实施", "本方案由{unit}负责解释", "{unit}成立竞争上岗工作领导小组",
         "根据{unit}的安排", "经{unit}研究同意", "{unit}负责竞聘工作的组织实施", "{unit}", "由{unit}具体负责",
         "{unit}决定从机关选派一批干部到村任职")),
    "stages": (
        ("实施步骤", "方法步骤", "竞聘程序", "选派程序", "工作程序", ""),
        ("竞争上岗按照{steps}的程序进行", "主要包括{steps}等环节", "选拔工作分{steps}三个阶段进行",
         "按照{steps}等步骤依次进行", "经过{steps}等程序产生人选", "采取{steps}的办法", "依次为{steps}",
         "{step}")),
    "positions": (
        ("竞聘职位", "竞聘岗位及职数", "选派岗位", "职位设置", ""),
        ("此次拿出{posts}等{n}个岗位进行竞聘", "竞聘岗位为{post}", "设{post}岗位1名", "面向全县公开选拔{post}",
         "本次竞聘的职位是{posts}", "选派干部担任{post}", "共设置{posts}{n}个职位", "推出{post}一职")),
    "ratios.term_years": (
        ("任职期限", "挂职时间", "聘期管理", "选派期限", ""),
        ("挂职时间为{n}年", "聘期{n}年", "驻村期限原则上为{n}年", "任期{n}年", "服务期不少于{n}年",
         "为期{n}年的挂职锻炼", "一个聘期为{n}年", "选派期限一般为{n}年")),
    "timeline": (
        ("时间安排", "工作步骤", "报名时间和方式", "进度安排"),
        ("报名时间为{date}至{date2}", "{date}组织笔试", "面试定于{date}进行", "{date}前完成考察工作",
         "资格审查于{date}结束", "{date}至{date2}进行民主测评", "演讲答辩安排在{date}举行", "{date}前报送推荐人选")),
    "eligibility.tenure": (
        ("报名条件", "竞聘资格", "基本条件", "资格条件"),
        ("在本单位工作满{n}年", "任现职{n}年以上", "具有{n}年以上工龄", "从事{area}工作{n}年以上",
         "参加工作{n}年以上", "具有{n}年以上教龄")),
    "eligibility.other": (
        ("报名条件", "竞聘资格", "基本条件", "任职条件", "资格条件"),
        ("具有良好的政治素质和职业道德", "近三年年度考核均为合格以上等次", "能够坚持正常工作",
         "熟悉{area}业务", "具备履行岗位职责所需的专业知识和工作能力", "无违纪违法记录", "未受过党纪政务处分",
         "同等条件下具有{area}经历的优先", "服从组织安排", "须为在编在岗的正式职工", "作风正派",
         "有较强的组织协调能力", "正在接受纪律审查的不得报名", "事业心和责任感强")),
}


def _filled(template: str, k: int) -> str:
    steps = _deal(STEPS, k, 3 + k % 4)
    posts = _deal(POSTS, k, 2 + k % 3)
    return template.format(
        unit=UNITS[k % len(UNITS)], post=POSTS[k % len(POSTS)], posts="、".join(posts),
        steps="、".join(steps[:-1]) + ("和" if k % 3 == 0 else "、") + steps[-1], step=STEPS[k % len(STEPS)],
        n=YEARS[k % len(YEARS)] if "{n}年" in template else str(2 + k % 7), date=DATES[k % len(DATES)],
        date2=DATES[(k + 1) % len(DATES)], area=AREAS[k % len(AREAS)])


PER_TEMPLATE = 4  # passages made of each template (their fillers dealt round)


def passages() -> list[Passage]:
    """Every passage of every form, in a fixed order (module docstring)."""
    out = []
    k = 0
    for field, (headings, templates) in FORMS.items():
        for t, template in enumerate(templates):
            for repeat in range(PER_TEMPLATE):
                k += 1
                before = FILLER[k % len(FILLER)]
                after = (NEAR_MISSES if k % 2 else FILLER)[(k * 7) % (len(NEAR_MISSES) if k % 2 else len(FILLER))]
                rule = _filled(template, k)
                # a step alone under a heading naming steps: the passage lists a few, one a clause
                clauses = ([(rule, field), (_filled(template, k + 1), field), (_filled(template, k + 2), field)]
                           if template == "{step}" else [(rule, field)])
                out.append(Passage(f"{field}:{t}", GENRES[(k + repeat) % len(GENRES)], TOPICS[k % len(TOPICS)],
                                   headings[(t + repeat) % len(headings)],
                                   ((before, NONE), *clauses, (after, NONE))))
    return out


def labelled_clauses() -> Iterator[tuple[str, str]]:
    """Every clause of every passage with its field (for tests and counts)."""
    for passage in passages():
        yield from passage.clauses
