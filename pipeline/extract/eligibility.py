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
_PREFILTER = re.compile(r"学历|文化程度|岁|出生|党员|党龄|年以上|对象")
_EDUCATION = re.compile(rf"(?P<edu>{EDUCATION})(?:及)?(?P<cmp>以上)(?:学历|文化程度|学位)")
_MAX_AGE = (
    re.compile(rf"(?P<years>{NUMBER})\s*周?岁(?P<cmp>以下|以内|及以下)"),
    re.compile(rf"(?P<cmp>不超过|不得超过|不大于|未满|不满)(?P<years>{NUMBER})\s*周?岁"),
)
_BIRTH = re.compile(rf"(?P<date>{DATE})(?P<cmp>及以后|以后|之后|后|及以前|以前|之前|前)出生")
_TENURE = re.compile(
    rf"任(?P<rank>[正副]?(?:处|科|股|局|厅|部|县|乡|镇|所|团)级(?:领导)?)(?:职务|职位|岗位)?(?:满)?"
    rf"(?P<years>{NUMBER})年(?P<cmp>及以上|以上)?")
_PARTY = re.compile(r"(?:中共|中国共产党)(?:正式|预备)?党员|正式党员|党龄(?:满)?[0-9一二三四五六七八九十]+年以上")
_SCOPE = re.compile(r"^(?:其中|对于|对)?(?P<scope>[^，。；\d]{2,12}?)(?:人选|职位|岗位)")
_CANDIDATES = re.compile(r"(?:竞聘|竞争|参加|参与)[^，。；]{0,6}?对象(?:为|是)[：:]?(?P<condition>[^。；]+)")
_MARKER = re.compile(r"^[-\s]*(?:[0-9]+[、.．]|[（(][0-9一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、)\s*")
_AGE_SCOPE_TRIM = re.compile(r"(?:一般|原则上|须|应|要)+$")
_RULES = (_EDUCATION, *_MAX_AGE, _BIRTH, _TENURE, _PARTY, _CANDIDATES)


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
                    add("max_age", str(match.group("years")), clause_start + match.start(),
                        clause_start + match.end(), years=parse_number(match.group("years")),
                        comparator=match.group("cmp"), scope=age_scope)
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
            for match in _TENURE.finditer(clause):
                add("tenure", match.group("rank"), clause_start + match.start(), clause_start + match.end(),
                    rank=match.group("rank"), years=parse_number(match.group("years")),
                    comparator=match.group("cmp"))
                consumed.append((clause_start, clause_end))
            for match in _PARTY.finditer(clause):
                add("party_membership", match.group(), clause_start + match.start(), clause_start + match.end(),
                    value=match.group(), scope=scope)
                consumed.append((clause_start, clause_end))
        if consumed:
            for clause_start, clause_end in clauses(sentence):
                if (clause_start, clause_end) in consumed:
                    continue
                clause = text[clause_start - base:clause_end - base]
                marker = _MARKER.match(clause)
                skip = marker.end() if marker else 0
                condition = clause[skip:].strip()
                if len(condition) >= 2 and re.search(r"[\u4e00-\u9fff]", condition):
                    start = clause_start + skip + (len(clause[skip:]) - len(clause[skip:].lstrip()))
                    add("other", condition, start, start + len(condition), condition=condition)
        for match in _CANDIDATES.finditer(text):
            condition = match.group("condition").strip()
            start = base + match.start("condition") + (len(match.group("condition")) - len(match.group("condition").lstrip()))
            add("other", condition, start, start + len(condition), condition=condition)
    return result
