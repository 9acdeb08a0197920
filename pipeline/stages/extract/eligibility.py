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

from .context import Context, Fields, clauses
from .dates import DATE, find_dates
from .gates import may_match_any
from .numbers import NUMBER, parse_number

EDUCATION = r"(?:博士研究生|硕士研究生|博士|硕士|研究生|全日制大学本科|大学本科|本科|大学专科|大专|专科|高中|中专)"
ELIGIBILITY_FIELDS = ("education", "max_age", "birth_date", "tenure", "cutoff_date", "party_membership", "other")

_HEAD_COUNT_AFTER = re.compile(r"^(?:的)?(?:人员)?(?:达|有|为|共)?\s*[0-9]+\s*(?:人|名)")
_PREFILTER = re.compile(r"学历|文化程度|岁|出生|党员|党龄|年以上|对象|满|工龄|教龄|截至|截止|职称|职务|考核|在编|调剂|优先|任够|任满|身体|"
                        r"事故|处分|不参加|不能参加|不能报名|(?:不得|不再|不予)(?:参加|报名|参与|竞聘|列为|受理)|在岗正式|正式在编|"
                        r"资格证|从业资格|执业资格|职业资格|上岗证|执业证书")
_EDUCATION = re.compile(rf"(?P<edu>{EDUCATION})(?:及)?(?P<cmp>以上)(?:学历|文化程度|学位)")
_MAX_AGE = (
    re.compile(rf"(?P<years>{NUMBER})\s*周?\s*岁\s*(?P<cmp>以\s*下|以\s*内|及\s*以\s*下|左\s*右)"),
    re.compile(rf"(?P<cmp>不超过|不得超过|不大于|未满|不满)(?P<years>{NUMBER})\s*周?岁"),
)
_BIRTH = re.compile(rf"(?P<date>{DATE})(?P<cmp>及以后|以后|之后|后|及以前|以前|之前|前)出生")
_TENURE = re.compile(
    rf"任(?P<rank>[正副]?(?:处|科|股|局|厅|部|县|乡|镇|所|团)级(?:领导)?)(?:职务|职位|岗位)?(?:满)?"
    rf"(?P<years>{NUMBER})年(?P<cmp>及以上|以上)?")
# Years of service in every form: 任副科长满2年 / 在中层副职岗位任职2年以上 / 在本单位工作满2年 / 任教满5年 /
# 5年以上工龄 / 五年以上教龄 / 具有3年以上工作经历 / 副科级两年以上 / 正科满3年.
_SERVICE = (
    re.compile(rf"(?P<verb>任|担任|在)(?P<what>[^，。；、,\d的]{{0,14}}?)(?:职务|职级|岗位|职位)?"
               rf"(?P<act>任职|工作|任教|从事[^，。；\d]{{0,10}}?工作)?(?:时间)?(?:已)?(?P<full>满)?(?P<years>{NUMBER})\s*(?:个)?年"
               rf"(?P<cmp>以上|及以上)?"),
    re.compile(rf"(?P<act>参加工作|连续工作|工作|任教|任职)(?P<full>满)(?P<years>{NUMBER})\s*年(?P<cmp>以上|及以上)?"),
    re.compile(rf"(?P<years>{NUMBER})\s*年(?P<cmp>以上|及以上)(?P<what>[^，。；\d]{{0,12}}?)"
               rf"(?P<act>工龄|教龄|工作经历|任职经历|工作经验|管理经验)"),
    re.compile(rf"(?P<act>工龄|教龄)(?:满|在)?(?P<years>{NUMBER})\s*年(?P<cmp>以上|及以上)?"),
    re.compile(rf"(?P<act>从事[^，。；\d]{{1,12}}?工作)(?P<full>满)?(?P<years>{NUMBER})\s*年(?P<cmp>以上|及以上)?"),
    re.compile(rf"(?P<what>[正副](?:科|处|股|局|厅|县|乡)级?|副职|正职)(?:职务)?(?P<full>满)?(?P<years>{NUMBER})\s*年(?P<cmp>以上|及以上)?"),
)
_SCOPE_HEAD = re.compile(r"(?:竞争|竞聘|报考|提任|报名|申报)(?P<scope>[^，。；、\d]{1,14}?)(?:职位|岗位)?(?:的|者)?(?:[，,]|须|应|一般|$)")
_CUTOFF = re.compile(rf"(?P<about>[^，。；、\d]{{0,8}}?)(?:计算)?(?:截至|截止到|截止至|截止)(?:时间为)?(?P<date>{DATE})")
_PARTY = re.compile(r"(?:中共|中国共产党)(?:正式|预备)?党员|正式党员|党龄(?:满)?[0-9一二三四五六七八九十]+年以上")
_SCOPE = re.compile(r"^(?:其中|对于|对)?(?P<scope>[^，。；\d]{2,12}?)(?:人选|职位|岗位)")
_CANDIDATES = re.compile(r"(?:竞聘|竞争|参加|参与)[^，。；]{0,6}?对象(?:为|是)[：:]?(?P<condition>[^。；]+)")
_MARKER = re.compile(r"^[-\s]*(?:[0-9]+[、.．]|[（(][0-9一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、)\s*")
_AGE_SCOPE_TRIM = re.compile(r"(?:一般|原则上|须|应|要)+$")
# Other conditions, each a rule of its own kind (a sentence's other clauses are not conditions):
# 近三年年度考核均为称职以上等次 / 具有中级以上专业技术职称 / 在编在岗 / 同等条件下优先考虑.
_OTHER = (
    re.compile(r"(?:近|连续|最近)[一二两三四五1-5]年(?:来)?(?:的)?(?:年度)?(?:绩效)?考核(?:结果)?(?:均|都)?(?:为|在|是|达到|被确定为|被评为)?"
               r"(?:(?:称职|合格|良好|优秀)(?:（[^（）]{1,4}）)?(?:及|或)?以上|优秀)(?:等次|等级)?(?:[，,]其中至少有?[0-9一二两三]年为优秀)?"),
    # an appraisal with one excellent year: 近三年年度考核中至少有一年为优秀等次
    re.compile(r"(?:近|连续|最近)[一二两三四五1-5]年(?:来)?(?:的)?(?:年度)?考核中(?:至少)?有[0-9一二两三](?:个)?年(?:度)?(?:为|被评为|被确定为)优秀(?:等次)?"),
    # certificates and licences: 取得会计师以上资格证书 / 具有相应岗位的从业资格 / 持有…证书
    re.compile(r"(?:取得|具有|具备|持有)[^，。；、\d]{1,12}?(?:资格证书|资格证|从业资格|执业资格|职业资格|上岗证|执业证书)"),
    # employment status: 正式在编职工 / 在岗正式员工 / 在岗在编人员
    re.compile(r"[^，。；、\d须为是的]{0,8}?(?:正式在编|在岗在编|在岗正式|在编正式)(?:的)?[^，。；、\d]{0,6}?(?:人员|干部|职工|教师|员工)"),
    # who may not take part: 受到党纪政务处分在影响期内的，不得参加竞聘 / 试用期内人员不得报名
    re.compile(r"[^，。；：:、]{4,30}?(?:的|人员|干部)[，,]?(?:均|一律|亦|也)?(?:不得|不能|不再|不予)(?:参加|报名|参与|竞聘|列为|受理)"
               r"[^，。；：:（(]{0,10}"),
    re.compile(r"(?:具有|具备)?(?:初级|中级|副高级?|高级|助理[^，。；、\d]{0,4}?师)(?:及|或)?以上"
               r"(?:专业技术|教师专业技术|教师)?(?:职称|职务|资格|任职资格)"),
    re.compile(r"(?:[^，。；、\d须为是的]{0,8}?)在编在岗(?:的)?(?:[^，。；、\d]{0,12}?(?:人员|干部|职工|教师|员工))?"),
    re.compile(r"[^，。；]{2,20}?[，,]?同等条件下优先(?:考虑|选拔|聘用)"),
    re.compile(r"(?:具有|具备)(?:正高级|副高级|高级|中级)(?:教师|会计|工程师)?专业技术(?:职称|职务|资格)"),
    # a title named by its rank: 竞聘科主任须具有副主任医师以上职称 / 具有助理工程师及以上职称
    re.compile(r"(?:具有|具备)[^，。；、\d]{1,8}?(?:医师|药师|护师|技师|教师|工程师|会计师|经济师|讲师|教授)(?:及|或)?以上"
               r"(?:职称|专业技术职务|专业技术资格|任职资格|资格)"),
    # a clean record: 近三年无教学事故 / 上一年度未发生安全生产责任事故
    re.compile(r"(?:近|最近|上)[一二两三四五1-5]?(?:个)?年(?:度)?(?:内|来)?(?:无|未发生|没有发生|没有|未出现|未受)[^，。；]{1,12}?(?:事故|处分|处理|违纪)"),
    # who may not take part: 交流到本局不足一年的干部亦不参加
    re.compile(r"[^，。；、]{2,14}?(?:不足|缺乏|未满)[一二两三四五1-5](?:个)?年的[^，。；]{0,6}?(?:亦|也|均)?(?:不参加|不得参加|不能参加|不得报名|不能报名)"),
    # an age that lets the holder serve a whole term: 现任副处级干部竞争者年龄原则上应能任够一个聘期
    re.compile(r"[^，。；、]{0,16}?年龄[^，。；、\d]{0,6}?任(?:满|够|足)一(?:个|届)(?:聘期|任期)"),
)
_HEALTH = re.compile(r"身体健康")
_RULES = (_EDUCATION, *_MAX_AGE, _BIRTH, _TENURE, *_SERVICE, _CUTOFF, _PARTY, _CANDIDATES, *_OTHER)
_SEX = re.compile(r"(?P<sex>男|女)(?:性|同志|干部)?[^，。；男女]{0,6}$")


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


def _followed_by_head_count(text: str, end: int) -> bool:
    return bool(_HEAD_COUNT_AFTER.match(text[end:]))


def eligibility(ctx: Context) -> dict[str, list[dict[str, Any]]]:
    fields = Fields(ctx, ELIGIBILITY_FIELDS)
    result, add = fields.result, fields.add

    for sentence in ctx.select(_PREFILTER):
        text, base = sentence.text, sentence.start
        if not may_match_any(_RULES, text):
            continue  # no rule can match: nothing is consumed, so there is no "other" condition either
        consumed: list[tuple[int, int]] = []
        scope: str | None = None
        post_scope: str | None = None
        for clause_start, clause_end in clauses(sentence):
            clause = text[clause_start - base:clause_end - base]
            scoped = _SCOPE.match(_MARKER.sub("", clause))
            if scoped and (clause.startswith("其中") or _BIRTH.search(clause)):
                scope = scoped.group("scope")
            for match in _EDUCATION.finditer(clause):
                if not _followed_by_head_count(clause, match.end()):
                    add("education", match.group("edu"), clause_start + match.start(), clause_start + match.end(),
                        minimum=match.group("edu"), comparator=match.group("cmp"), scope=scope)
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
                    comparator = re.sub(r"\s", "", match.group("cmp"))
                    add("max_age", (str(match.group("years")), sex and sex.group("sex"), age_scope),
                        clause_start + match.start(), clause_start + match.end(),
                        years=parse_number(match.group("years")), comparator=comparator, scope=age_scope,
                        sex={"男": "male", "女": "female"}[sex.group("sex")] if sex else None,
                        approximate=True if comparator == "左右" else None)
                    consumed.append((clause_start, clause_end))
            for match in _BIRTH.finditer(clause):
                dates = find_dates(match.group("date"))
                if not dates or dates[0].start.year is None:
                    continue
                comparator = match.group("cmp")
                bound = "after" if "后" in comparator else "before"
                add("birth_date", dates[0].start.iso(), clause_start + match.start(), clause_start + match.end(),
                    date=dates[0].start.iso(), bound=bound, comparator=comparator, scope=scope)
                consumed.append((clause_start, clause_end))
            scope_head = _SCOPE_HEAD.search(clause)
            if scope_head:
                post_scope = scope_head.group("scope")
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
                if dates and dates[0].start.year is not None:
                    add("cutoff_date", dates[0].start.iso(), clause_start + match.start(), clause_start + match.end(),
                        date=dates[0].start.iso(), about=match.group("about").strip() or None)
                    consumed.append((clause_start, clause_end))
            for match in _PARTY.finditer(clause):
                add("party_membership", match.group(), clause_start + match.start(), clause_start + match.end(),
                    value=match.group(), scope=scope)
                consumed.append((clause_start, clause_end))
        for pattern in _OTHER:
            for match in pattern.finditer(text):
                condition = match.group()
                add("other", condition, base + match.start(), base + match.end(), condition=condition)
        if consumed:  # 身体健康 is a condition beside others, not in a wish (祝大家工作顺利，身体健康)
            for match in _HEALTH.finditer(text):
                add("other", match.group(), base + match.start(), base + match.end(), condition=match.group())
        for match in _CANDIDATES.finditer(text):
            condition = match.group("condition").strip()
            start = base + match.start("condition") + (len(match.group("condition")) - len(match.group("condition").lstrip()))
            add("other", condition, start, start + len(condition), condition=condition)
    return result
