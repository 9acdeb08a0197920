"""Who may apply: minimum education, maximum age, birth-date bounds, tenure at a rank, party
membership, and the other conditions of the same sentences kept as text.

``7、具有大学本科以上学历，现任副处级职务或任正科级职务3年以上、任副科级职务4年以上，…，科级干部年龄一般
在45周岁以下，身体健康。其中团委书记人选1971年5月31日以后出生，中共正式党员。`` gives one value per rule; a
clause opening with 其中…人选 scopes the rest of its sentence to that post. A sentence is an
eligibility sentence when one specific rule matches in it; its other clauses become ``other``. A
figure followed by a head count (35周岁以下12人, 大专以上文化程度达22人) is a statistic, not a rule.
"""

from __future__ import annotations

import re
from typing import Any

from ... import resources
from .context import Context, Fields, clauses
from .dates import DATE, find_dates
from .gates import may_match_any
from .markers import HEADING_LINE
from .numbers import MASKED_FIGURE, NUMBER, parse_number
from .sections import rule_sections, self_accounts

EDUCATION = r"(?:博士研究生|硕士研究生|博士|硕士|研究生|全日制大学本科|大学本科|本科|大学专科|大专|专科|高中|中专)"
ELIGIBILITY_FIELDS = ("education", "max_age", "birth_date", "tenure", "cutoff_date", "party_membership", "other")

_HEAD_COUNT_AFTER = re.compile(r"^(?:的)?(?:人员)?(?:只有|仅有|仅|达|有|为|共)?\s*(?:[0-9]+|[零〇一二两三四五六七八九十百]+)\s*(?:人|名)"
                               # ... or a share of them (本科以上学历的占到八成以上, 35岁以下的占42%)
                               r"|^(?:的)?(?:人员|同志|干部)?(?:占|达)[到了]?[^，。；]{0,6}?(?:[0-9.]+\s*[%％]|[一二三四五六七八九]成)")
_PREFILTER = re.compile(r"学历|学位|文化程度|岁|出生|党员|党龄|年以上|对象|满|工龄|教龄|截至|截止|职称|职务|考核|在编|编制|调剂|优先|任够|任满|身体|级(?:及|或)?以下|处分|违纪|违法|不参加|不参与|"
                        r"事故|处分|不参加|不能参加|不能报名|(?:不得|不再|不予)(?:参加|报名|参与|竞聘|列为|受理)|在岗正式|正式在编|"
                        r"资格证|从业资格|执业资格|职业资格|上岗证|执业证书|退休|前[0-9一二三四五六七八九十]{1,2}名|第[一二三1-3]名|等奖")
# The forms of each rule (resources/extract/eligibility.tsv says what each is).
_FORMS = resources.rule_table(
    "extract/eligibility.tsv", {"NUMBER": NUMBER, "EDUCATION": EDUCATION, "DATE": DATE, "MASKED_FIGURE": MASKED_FIGURE},
    ("education", "education_label", "max_age", "birth", "tenure", "service", "cutoff", "party", "candidates", "other",
     "item_rule", "item_not_rule", "item_label"),
    single=("education", "education_label", "birth", "tenure", "cutoff", "party", "candidates", "item_rule", "item_not_rule", "item_label"))
(_EDUCATION,), (_EDUCATION_LABEL,), (_BIRTH,), (_TENURE,), (_CUTOFF,), (_PARTY,), (_CANDIDATES,) = (
    _FORMS[code] for code in ("education", "education_label", "birth", "tenure", "cutoff", "party", "candidates"))
_MAX_AGE, _SERVICE, _OTHER = _FORMS["max_age"], _FORMS["service"], _FORMS["other"]
(_ITEM_RULE,), (_ITEM_NOT_RULE,), (_ITEM_LABEL,) = (_FORMS[code] for code in ("item_rule", "item_not_rule", "item_label"))
_ITEM_CLAUSE = re.compile(r"[^，,；;。！？!?]+")
_ITEM_SENTENCE = re.compile(r"[^；;。！？!?]+")
_LEAD_OF_CASES = re.compile(r"(?:下列|以下|如下)情形")
_SCOPE_HEAD = re.compile(r"(?:竞争|竞聘|报考|提任|报名|申报)(?P<scope>[^，。；、\d]{1,14}?)(?:职位|岗位)?(?:的|者)?(?:[，,]|须|应|一般|$)")
_SCOPE = re.compile(r"^(?:其中|对于|对)?(?P<scope>[^，。；\d]{2,12}?)(?:人选|职位|岗位)")
# ... who applies in general (竞聘人员须, 竞争上岗人员须, 报考对象须, 竞聘的同志须) is no post's own scope
_ANYONE = re.compile(r"^(?:的)?(?:上岗|工作)?(?:人员|者|对象|同志|干部|人)$")
# ... and a scope is a post's name (正职, 副职, 办公室主任岗位), not the words after the verb (报名人员年龄不超过二十五周岁,
# 竞聘者均为中共党员, 竞聘正职岗位年龄一般…)
_POST_SCOPE = re.compile(r"[^年龄均都为是原则要求具有须应]{0,12}?(?:职|职位|岗位|长|主任|书记|委员|干事|科员|级)")
_MARKER = HEADING_LINE  # (a clause's marker, dropped before its words are read)
_AGE_SCOPE_TRIM = re.compile(r"(?:一般|原则上|须|应|要)+$")
_HEALTH = re.compile(r"身体健康")
# a sentence reporting the past or the present (三年来没有受到处分, 现有科级以下干部120人) states facts, not conditions,
# unless a rule's words are in it, another rule is read there, or a heading naming conditions is over it
_FACT = re.compile(r"^[^，。；]{0,8}?(?:年来|以来)|现有|目前|去年|前年|上半年|共有|截至目前")
_CONDITION_CUE = re.compile(r"须|应|要求|条件|必须|具有|具备|符合|报名|竞聘|竞争|参加|应聘|报考|推荐|选派|选拔|不得|不能|优先|资格|人选|对象|限")
_DEADLINE = re.compile(r"(?:报名|申报|提交|受理|报送|递交|缴费|接收|投递)(?!人员|者|对象|人)")
_COUNTED = re.compile(r"年龄|年限|工龄|教龄|党龄|任职|任现职|工作经历|服务")  # (what a cut-off date counts: 报名人员年龄计算截至…)
_REQUIRED = re.compile(r"须|应|要求|必须|限")  # (before a degree without 以上: 须具有大学本科学历 states a rule)
_RULES = (_EDUCATION, _EDUCATION_LABEL, *_MAX_AGE, _BIRTH, _TENURE, *_SERVICE, _CUTOFF, _PARTY, _CANDIDATES, *_OTHER)
# A person's biography (我叫…，1985年3月出生，中共党员 / 李明同志，男，汉族…) states who someone is, not who may apply:
# its sentence gives no rule unless a requirement's word is in it
_BIOGRAPHY = re.compile(r"我叫|我是|本人(?:是|叫|系)|(?<![以之])(?:[0-9０-９]{4}|[一二〇零○]{4})年(?:[0-9０-９]{1,2}月)?(?:[0-9０-９]{1,2}日)?出生(?![的后前])"
                        r"|汉族|(?:^|[，,、])\s*[男女]\s*[，,、]|今年[0-9０-９一二三四五六七八九十]+岁")
_REQUIREMENT = re.compile(r"须|应|要求|必须|条件|限|不超过|不得|报名|竞聘|报考|人选")
# ... nor when it names a post or a count of posts (办公室副主任1名，男，35周岁以下 / 副科级岗位：…，男，…), or opens with the
# sex a post's line gives after its count (1、综合股股长：1名。男，年龄40周岁以下): a post's requirements
_POST_NAMED = re.compile(r"(?<![0-9０-９第])(?:[0-9０-９]{1,3}|[一二两三四五六七八九十]{1,3})\s*名(?![单次额])|岗位|职位|^\s*[男女]\s*[，,、]")
# a clause reporting what those appointed are (均为中共党员, 全部具有大学本科以上学历) states a profile, not a rule
_PROFILED = re.compile(r"(?:均|都|全部|全都|皆)(?:为|是|系|具有|具备|有)?$")
# ... unless the clause requires it (要求竞聘者均为中共党员, 竞聘人员原则上均为中共党员)
_REQUIRES = re.compile(r"要求|原则上|须|应|必须|一般")
# A template's blank where a figure belongs (任现职满年, 年龄在周岁以下, 工作年以上): no condition is read from it
_BLANK = re.compile(r"(?:满|在|为|于|龄)(?:周岁|岁|年)(?!代|度|级|初|底|末|来)|(?<![0-9０-９零〇一二两三四五六七八九十百])(?:周岁|年)(?:及)?以[上下]")
_SEX = re.compile(r"(?P<sex>男|女)(?:性|同志|干部)?[^，。；男女]{0,6}$")


# a birth bound after its label (出生年月：1985年1月以后: the label is a clause of its own)
_BIRTH_LABEL = re.compile(r"出生(?:日期|年月|时间)\s*[：:]\s*$")


def _service_kind(match: re.Match[str]) -> str | None:
    """The kind of a years-of-service match, None when it states no rule (工作了5年 is biography)."""
    groups = match.groupdict()
    act, what = groups.get("act") or "", groups.get("what") or ""
    if not (groups.get("full") or groups.get("cmp") or act in ("工龄", "教龄")):
        return None
    if act == "教龄" or act == "任教":
        return "teaching"
    if act == "工龄" or act in ("参加工作",):
        return "service"
    if act in ("工作经历", "任职经历", "工作经验", "管理经验") or act.startswith("从事"):
        return "experience"
    if groups.get("verb") == "在":
        return "post" if re.search(r"岗位|职位|职务|副职|正职", what) else "unit"
    if what:
        return "rank"
    return "service" if act in ("工作", "连续工作") else None


def _born(match: re.Match[str]) -> bool:
    """Whether a match of the birth row bounds a birth date: 出生 after the date or 出生日期… before it."""
    return bool(match.group("born") or match.group().startswith("出生"))


def _followed_by_head_count(text: str, end: int) -> bool:
    return bool(_HEAD_COUNT_AFTER.match(text[end:]))


def eligibility(ctx: Context) -> dict[str, list[dict[str, Any]]]:
    fields = Fields(ctx, ELIGIBILITY_FIELDS)
    result, add = fields.result, fields.add

    accounts = self_accounts(ctx, "conditions")  # 我认为自己具备以下条件：… states no rule
    listed = [(section.heading[0], section.items[-1][1]) for kind in ("conditions", "exclusions")
              for section in rule_sections(ctx, kind) if section.items]
    for sentence in ctx.select(_PREFILTER):
        text, base = sentence.text, sentence.start
        if not may_match_any(_RULES, text) or any(a < sentence.end and sentence.start < b for a, b in accounts):
            continue  # no rule can match: nothing is consumed, so there is no "other" condition either
        if _BIOGRAPHY.search(text) and not _REQUIREMENT.search(text) and not _POST_NAMED.search(text):
            continue  # 我叫张建华，男，1985年3月出生，中共党员: someone's biography
        consumed: list[tuple[int, int]] = []
        scope: str | None = None
        post_scope: str | None = None
        named_post = False
        for clause_start, clause_end in clauses(sentence):
            clause = text[clause_start - base:clause_end - base]
            scoped = _SCOPE.match(_MARKER.sub("", clause))
            if scoped and (clause.startswith("其中") or any(_born(match) for match in _BIRTH.finditer(clause))):
                scope = scoped.group("scope")
            scope_head = _SCOPE_HEAD.search(clause)  # 竞聘正职须具有…, 竞聘副职须…: each post's own rule
            if scope_head:
                post_scope = scope_head.group("scope")
                named_post = bool(re.match(r"职位|岗位", clause[scope_head.end("scope"):]))  # (竞聘正科级岗位须…)
            post = None if post_scope is None or _ANYONE.match(post_scope) or not (
                named_post or _POST_SCOPE.fullmatch(post_scope)) else post_scope
            for match in _EDUCATION.finditer(clause):
                degree = match.group("edu")
                if not match.group("cmp") and not _REQUIRED.search(clause, 0, match.start()):
                    continue  # 具有大学本科学历: biography, unless required (须具有大学本科学历)
                if _PROFILED.search(re.sub(r"(?:具有|具备)$", "", clause[:match.start()])) and not _REQUIRES.search(clause, 0, match.start()):
                    continue  # 全部具有大学本科以上学历: those appointed, not a rule
                if not _followed_by_head_count(clause, match.end()):
                    add("education", (degree, scope or post), clause_start + match.start(), clause_start + match.end(),
                        minimum=degree, comparator=match.group("cmp"), scope=scope or post)
                    consumed.append((clause_start, clause_end))
            for pattern in _MAX_AGE:
                for match in pattern.finditer(clause):
                    if _followed_by_head_count(clause, match.end()):
                        continue
                    head = _MARKER.sub("", clause[:match.start()])
                    age_scope = scope
                    if "年龄" in head:
                        age_scope = _AGE_SCOPE_TRIM.sub("", head[:head.index("年龄")]).strip() or scope
                    sex = _SEX.search(clause[:match.start()])
                    if sex and age_scope and age_scope.startswith(sex.group("sex")) and len(age_scope) <= 3:
                        age_scope = scope  # 男性年龄… : the sex is no scope
                    comparator = re.sub(r"^[（(]含[)）]", "及", re.sub(r"\s", "", match.group("cmp")))  # （含）以下 = 及以下
                    written = match.groupdict().get("years")  # (None for a masked limit: XX周岁以下)
                    if written and parse_number(written) is None:
                        continue  # (a run of 311 nines is no age)
                    add("max_age", (written or match.group("masked"), sex and sex.group("sex"), age_scope),
                        clause_start + match.start(), clause_start + match.end(),
                        years=parse_number(written) if written else None, masked=match.groupdict().get("masked"),
                        comparator=comparator, scope=age_scope,
                        sex={"男": "male", "女": "female"}[sex.group("sex")] if sex else None,
                        approximate=True if comparator == "左右" else None)
                    consumed.append((clause_start, clause_end))
            for match in _BIRTH.finditer(clause):
                if not _born(match) and not _BIRTH_LABEL.search(text, 0, clause_start - base + match.start()):
                    continue  # (2023年5月6日以后: a date, no birth)
                dates = find_dates(match.group("date"))
                if not dates or dates[0].start.year is None:
                    continue
                comparator = match.group("cmp")
                bound = "after" if "后" in comparator else "before"
                add("birth_date", dates[0].start.iso(), clause_start + match.start(), clause_start + match.end(),
                    date=dates[0].start.iso(), bound=bound, comparator=comparator, scope=scope)
                consumed.append((clause_start, clause_end))
            served: list[tuple[int, int]] = []  # one value per phrase: 在本单位工作满2年 is not also 工作满2年
            for match in _TENURE.finditer(clause):
                served.append(match.span())
                add("tenure", ("rank", match.group("rank"), match.group("years")), clause_start + match.start(),
                    clause_start + match.end(), kind="rank", rank=match.group("rank"),
                    years=parse_number(match.group("years")), comparator=match.group("cmp"), scope=post_scope)
                consumed.append((clause_start, clause_end))
            for pattern in _SERVICE:
                for match in pattern.finditer(clause):
                    if any(a < match.end() and match.start() < b for a, b in served):
                        continue
                    kind = _service_kind(match)
                    years = parse_number(match.group("years"))
                    if kind is None or years is None or years > 40 or _followed_by_head_count(clause, match.end()):
                        continue
                    what = (match.groupdict().get("what") or "").strip() or None
                    served.append(match.span())
                    add("tenure", (kind, what, years, post_scope), clause_start + match.start(),
                        clause_start + match.end(), kind=kind, rank=what if kind == "rank" else None,
                        years=years, comparator=match.group("cmp") or ("满" if match.groupdict().get("full") else None),
                        scope=post_scope)
                    consumed.append((clause_start, clause_end))
            for match in _CUTOFF.finditer(clause):
                dates = find_dates(match.group("date"))
                if _DEADLINE.search(match.group("about")) and not _COUNTED.search(match.group("about")):
                    continue  # 报名时间截至…: a deadline of the timeline, not the day ages and years are counted to
                if dates and dates[0].start.year is not None:
                    add("cutoff_date", dates[0].start.iso(), clause_start + match.start(), clause_start + match.end(),
                        date=dates[0].start.iso(), about=match.group("about").strip() or None)
                    consumed.append((clause_start, clause_end))
            for match in _PARTY.finditer(clause):
                if _PROFILED.search(clause[:match.start()]) and not _REQUIRES.search(clause, 0, match.start()):
                    continue  # 均为中共党员: those appointed, not a rule
                add("party_membership", match.group(), clause_start + match.start(), clause_start + match.end(),
                    value=match.group(), scope=scope)
                consumed.append((clause_start, clause_end))
        for match in _EDUCATION_LABEL.finditer(text):  # 学历要求：全日制本科 (the label and the degree are two clauses)
            if not fields.covers(base + match.start("edu"), base + match.end()):
                add("education", match.group("edu"), base + match.start(), base + match.end(),
                    minimum=match.group("edu"), comparator=match.group("cmp"))
                consumed.append((base + match.start(), base + match.end()))
        stated: list[tuple[int, int]] = []  # one value per phrase: 距法定退休年龄不足2年的 inside …的，不再参加竞聘
        conditional = bool(consumed) or bool(_CONDITION_CUE.search(text)) or any(
            start <= sentence.start < end for start, end in listed)
        for pattern in _OTHER:
            for match in pattern.finditer(text):
                if any(a < match.end() and match.start() < b for a, b in stated) or _LEAD_OF_CASES.search(
                        text, max(0, match.start() - 2), match.end()):
                    continue  # (有下列情形之一的，不得参加竞聘： leads the exclusions, it states none: see _listed_conditions)
                if (not conditional and _FACT.search(text)) or _followed_by_head_count(text, match.end()):
                    continue  # 三年来没有受到处分 / 现有科级以下干部120人: a statement of fact
                stated.append(match.span())
                condition = match.group()
                add("other", condition, base + match.start(), base + match.end(), condition=condition)
        for match in _CANDIDATES.finditer(text):  # who the campaign is for, unless its rules were read one by one
            condition = match.group("condition").strip()
            start = base + match.start("condition") + (len(match.group("condition")) - len(match.group("condition").lstrip()))
            if not fields.covers(start, start + len(condition)):
                add("other", condition, start, start + len(condition), condition=condition)
        if consumed:  # 身体健康 is a condition beside others, not in a wish (祝大家工作顺利，身体健康)
            for match in _HEALTH.finditer(text):
                add("other", match.group(), base + match.start(), base + match.end(), condition=match.group())
    _listed_conditions(ctx, fields)
    return result


def _listed_conditions(ctx: Context, fields: Fields) -> None:
    """The conditions enumerated under a heading naming conditions (``sections``): each clause of an item
    that no rule read and that states something checkable (``item_rule``, not ``item_not_rule``) is a
    condition of its own (``other``), its evidence the clause. Under a heading or lead naming who may not
    apply (有下列情形之一的，不得参加竞聘：), each item is an exclusion whatever its words, its evidence the item
    up to its first stop."""
    for section in rule_sections(ctx, "exclusions"):
        for start, end in section.items:
            # an item up to its first stop; items written on one line without markers (…的；…的。) are each one
            pieces = [piece.span() for piece in _ITEM_SENTENCE.finditer(ctx.text, start, end)] or [(start, end)]
            unmarked = len(pieces) > 1 and all(ctx.text[piece_end - 1:piece_end + 1] in ("的；", "的;")
                                               for _piece_start, piece_end in pieces[:-1])
            for piece in pieces if unmarked else pieces[:1]:
                item_start, item_end = ctx.trim(*piece)
                if item_end - item_start >= 4 and not fields.covers(item_start, item_end):
                    text = ctx.text[item_start:item_end]
                    fields.add("other", text, item_start, item_end, condition=text, excludes=True)
    for section in rule_sections(ctx, "conditions"):
        for start, end in section.items:
            label = _ITEM_LABEL.match(ctx.text, start, end)
            for clause in _ITEM_CLAUSE.finditer(ctx.text, label.end() if label else start, end):
                clause_start, clause_end = ctx.trim(*clause.span())
                text = ctx.text[clause_start:clause_end]
                if (clause_end - clause_start < 4 or fields.covers(clause_start, clause_end)
                        or _ITEM_NOT_RULE.search(text) or not _ITEM_RULE.search(text) or _BLANK.search(text)):
                    continue
                fields.add("other", text, clause_start, clause_end, condition=text)
