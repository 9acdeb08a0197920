"""Posts open for selection and their counts.

- Lists after 分别是：/ 职位为：/ 包括：in a sentence about 职位/岗位: ``三年聘期满职位4个，分别是：教务处处长、
  人事处处长…`` gives each title with the status its clause states (聘期满 -> term_expired, 空缺 -> vacant,
  新设/新增 -> new) and a count for that status group.
- A post offered by name: ``推出街道综治科科长职位``.
- Rank: a campaign that opens posts of one rank only (对…中层正职岗位实行竞争上岗) gives each listed
  post that rank, with ``rank_evidence`` pointing at that sentence.
- Counts: ``职位共8个``, ``共拿出81个正副职中层职位``, ``正职职位28个、副职职位53个``, ``提出25个竞岗职位``;
  a count per applicant (每人限报1个职位) is an application rule, not a post count.
"""

from __future__ import annotations

import re
from typing import Any

from .context import Context
from .numbers import NUMBER, parse_number

POST_SUFFIX = (r"(?:处长|主任|书记|科长|所长|站长|部长|局长|校长|院长|队长|经理|主管|秘书长|馆长|主席|组长|护士长|行长|镇长|乡长|"
               r"县长|厂长|股长|会长|总监|负责人|助理|委员|班长)")
_PREFILTER = re.compile(r"职位|岗位|职数")
_STATUS_CUES = (("term_expired", re.compile(r"聘期(?:已)?(?:届)?满|任期(?:已)?(?:届)?满|到期")),
                ("vacant", re.compile(r"空缺")),
                ("new", re.compile(r"新设|新增|新设置")))
_LIST = re.compile(r"(?:分别是|分别为|职位为|岗位为|职位是|岗位是|包括)[：:]?(?P<list>[^；。]+)")
_OFFERED = re.compile(rf"(?:推出|拿出|设置|公开)(?P<title>[^，。；、\d]{{2,20}}?{POST_SUFFIX})(?:等)?(?:职位|岗位)")
_TOTALS = (
    re.compile(rf"(?:职位|岗位)(?:共|共计)?(?:有|计|设|设置)?(?P<n>{NUMBER})\s*[个個箇]"),
    re.compile(rf"共(?:拿出|推出|设置|设|提出|有|计)?(?P<n>{NUMBER})\s*[个個箇][^，。；（）、]{{0,8}}?(?:职位|岗位)"),
    re.compile(rf"(?:提出|拿出|推出|设置|确定|角逐|对)(?P<n>{NUMBER})\s*[个個箇][^，。；（）、]{{0,10}}?(?:职位|岗位)"),
    re.compile(r"(?<![0-9])(?P<n>[0-9]+|[二三四五六七八九十][零一二三四五六七八九十百]*)\s*[个個箇](?:中层|管理|科级|股级|领导|干部)[^，。；（）、]{0,6}?(?:职位|岗位)"),
)
_RANK_WORD = r"(?:正职|副职|[正副]?(?:科|股|处|部)级?|[副]?(?:科长|股长|部长|处长|所长|主任|经理|校长|局长))"
# 正职职位28个 / 副科长职位4个 / 股长61个 / 6个副部长职位 (副 makes a deputy post, anything else a principal one)
_RANKED = (re.compile(rf"(?P<rank>{_RANK_WORD})(?:级)?(?:职位|岗位|职数)?(?:共|为)?(?P<n>{NUMBER})\s*[个個名]"),
           re.compile(rf"(?P<n>{NUMBER})\s*[个個](?P<rank>{_RANK_WORD})(?:级)?(?:职位|岗位)"))
# The campaign opens posts of one rank only: 对职院部分中层正职岗位实行竞争上岗.
_CAMPAIGN_RANK = re.compile(r"对[^。；]{0,20}?(?P<rank>正职|副职)(?:领导)?(?:岗位|职位)(?:实行|进行|开展)竞(?:争上岗|聘)")
_GROUP_COUNT = re.compile(rf"(?:职位|岗位)(?P<n>{NUMBER})个")
# One listed post, with how many are open when the list says so: 办公室副主任（2名）, 科员2名.
_LISTED_POST = re.compile(rf"(?P<title>[^\d（）()]{{2,20}}{POST_SUFFIX})(?:[（(]?(?P<n>{NUMBER})\s*(?:名|个|人)[)）]?)?")
# What makes a count that of one group of posts, not the total: 正职职位28个, 空缺职位3个, 聘期满职位4个.
_GROUP_QUALIFIER = re.compile(r"(?:正职|副职|空缺|新设|新增|满|级|[正副](?:科|处|股))$")
# A sentence about what one applicant may apply for (每人限报1个职位) states no post count.
_ABOUT_ONE_APPLICANT = re.compile(r"每(?:人|名)|限报|填报|可报|改报")


def _total(text: str) -> re.Match[str] | None:
    """The first statement of how many posts the campaign opens in a sentence: a count of one group
    (正职职位28个, 空缺职位3个, 新设职位1个) or of what one applicant may apply for is not the total."""
    found = []
    for pattern in _TOTALS:
        for total in pattern.finditer(text):
            before = text[max(0, total.start() - 4):total.start()]
            if _ABOUT_ONE_APPLICANT.search(text[max(0, total.start() - 4):total.end()]) or _GROUP_QUALIFIER.search(before):
                continue
            found.append(total)
            break
    return min(found, key=lambda total: total.start(), default=None)


def _status(text: str) -> str | None:
    for status, cue in _STATUS_CUES:
        if cue.search(text):
            return status
    return None


def _split_pair(item: str, start: int) -> list[tuple[str, int]]:
    """'A和B' as two posts when both halves are posts, else the item itself (with its offset)."""
    stripped = item.strip()
    start += item.index(stripped) if stripped else 0
    halves = re.split(r"和|及", stripped)
    if len(halves) == 2 and all(_LISTED_POST.fullmatch(half) for half in halves):
        return [(halves[0], start), (halves[1], start + len(halves[0]) + 1)]
    return [(stripped, start)]


# The post a candidate competes for: 今天我竞聘的岗位是财务科科长 / 我竞聘的是…校长一职 / 竞聘教导主任的演讲稿.
_COMPETED = (
    re.compile(rf"(?:我|本人)(?:这次|今天|此次)?(?:报名)?竞(?:聘|选|争)的(?:岗位|职位|职务)?(?:是|为)[：:]?"
               rf"(?P<title>[^，。；！!、\s“”《》]{{2,20}}?{POST_SUFFIX})(?=一职|岗位|职位|[，。；！!\s]|$)"),
    re.compile(rf"(?:参加|竞聘|竞选|竞争)(?P<title>[^，。；！!、\s“”《》的我]{{2,16}}?{POST_SUFFIX})(?:一职|岗位|职位)?"
               rf"(?:的竞(?:聘|选)|的演讲|演讲)"),
    re.compile(rf"当好(?:一名|一个)?(?P<title>[^，。；！!、\s“”《》的]{{2,12}}?{POST_SUFFIX})(?=[》”，。！!\s]|$)"),
)


def competed_posts(ctx: Context) -> list[dict[str, Any]]:
    """The post a candidate competes for (a candidate speech states no other post), once per title."""
    found: dict[str, dict[str, Any]] = {}
    for pattern in _COMPETED:
        for match in pattern.finditer(ctx.text):
            title = match.group("title")
            if title not in found:
                found[title] = ctx.value(match.start("title"), match.end("title"), title=title, competed=True)
    return sorted(found.values(), key=lambda post: post["evidence"]["start"])


def positions(ctx: Context) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    posts: list[dict[str, Any]] = []
    counts: dict[str, Any] = {"total": None, "principal": None, "deputy": None, "by_status": []}
    seen_titles: set[str] = set()
    for sentence in ctx.select(_PREFILTER):
        text, base = sentence.text, sentence.start
        listed = _LIST.search(text)
        if listed:
            lead = re.split(r"[，,：:]", text[:listed.start()].rstrip("，,：: "))[-1]
            status = _status(lead)
            group = _GROUP_COUNT.search(lead)
            if status and group:
                offset = base + text.rindex(lead, 0, listed.start())
                counts["by_status"].append(ctx.value(offset + group.start(), offset + group.end(), status=status,
                                                     count=parse_number(group.group("n"))))
            list_start = base + listed.start("list")
            for item in re.finditer(r"[^、，,]+", listed.group("list")):
                for piece, start in _split_pair(item.group(), list_start + item.start()):
                    listed_post = _LISTED_POST.fullmatch(piece)
                    if listed_post and listed_post.group("title") not in seen_titles:
                        seen_titles.add(listed_post.group("title"))
                        count = parse_number(listed_post.group("n")) if listed_post.group("n") else None
                        posts.append(ctx.value(start, start + len(piece), title=listed_post.group("title"),
                                               status=status, count=count))
        for offered in _OFFERED.finditer(text):
            title = offered.group("title")
            if title not in seen_titles:
                seen_titles.add(title)
                posts.append(ctx.value(base + offered.start("title"), base + offered.end("title"), title=title,
                                       status=_status(text)))
        if _ABOUT_ONE_APPLICANT.search(text) and "共" not in text:
            continue
        if counts["total"] is None:
            total = _total(text)
            if total:
                counts["total"] = ctx.value(base + total.start(), base + total.end(), value=parse_number(total.group("n")))
        for ranked in (found for pattern in _RANKED for found in pattern.finditer(text)):
            key = "deputy" if ranked.group("rank").startswith("副") else "principal"
            if counts[key] is None:
                counts[key] = ctx.value(base + ranked.start(), base + ranked.end(),
                                        value=parse_number(ranked.group("n")))
    campaign_rank = _CAMPAIGN_RANK.search(ctx.text)
    if campaign_rank:
        for post in posts:
            if "rank" not in post:  # stated in another sentence: that sentence is its own evidence
                post["rank"] = campaign_rank.group("rank")
                post["rank_evidence"] = ctx.evidence(campaign_rank.start("rank"), campaign_rank.end("rank"))
    return posts, counts
