"""Posts open for selection and their counts.

- Lists after 分别是：/ 职位为：/ 包括：/ 正职3个： in a sentence about 职位/岗位: ``三年聘期满职位4个，分别是：教务处处长、
  人事处处长…`` gives each title with the status its clause states (聘期满 -> term_expired, 空缺 -> vacant,
  新设/新增 -> new) and a count for that status group; a list in brackets after a count (科长职位3个（综合科、绿化
  管理科、市政设施科）), a list before 等N个岗位 (拿出教务处主任、德育处副主任等5个岗位), and the lines under a
  heading about posts (一、竞争职位 / 1.部门经理（…）3名 / 2.水厂厂长（2名）).
- A post offered by name: ``推出街道综治科科长职位``, ``拿出12个班组长岗位``; a group of posts a campaign is run
  for: ``对局部科室和站所负责人岗位实行公开竞争上岗``; the post a seconded cadre holds (in a sentence about 挂职,
  选派...): ``到镇挂任党委委员、副镇长``, ``分别担任县发改局、住建局、文旅局副局长``.
- Rank: a campaign that opens posts of one rank only (对…中层正职岗位实行竞争上岗) gives each listed
  post that rank, with ``rank_evidence`` pointing at that sentence.
- Counts: ``职位共8个``, ``共拿出81个正副职中层职位``, ``正职职位28个、副职职位53个``, ``提出25个竞岗职位``;
  a count per applicant (每人限报1个职位) is an application rule, not a post count; a level (科级职位64个) is
  no rank. ``post_counts`` gives every count statement (a report may state several).
"""

from __future__ import annotations

import re
from typing import Any

from ... import resources
from .context import Context
from .numbers import MASKED_FIGURE, NUMBER, Number, parse_number
from .sections import rule_sections

POST_SUFFIX = (r"(?:处长|主任|书记|科长|所长|站长|部长|局长|校长|院长|队长|经理|主管|秘书长|馆长|主席|组长|护士长|行长|镇长|乡长|"
               r"县长|厂长|股长|会长|总监|负责人|助理|委员|班长|园长|社长|台长|段长|区长|庭长|主编|总编|干事|科员|专员|"
               r"调研员|指导员|教导员|辅导员|班主任|董事长|理事长|监事长)")
# (posts sharing a count need no word about posts: 综合股股长、财务股股长各1名)
_PREFILTER = re.compile(r"职位|岗位|职数|职缺|正职|副职|名额|选拔|遴选|选调|竞聘|竞争上岗|所称|[0-9一二三四五六七八九十]职|"
                        r"各\s*[0-9一二三四五六七八九十两]+\s*[名职]")
_STATUS_CUES = (("term_expired", re.compile(r"聘期(?:已)?(?:届)?满|任期(?:已)?(?:届)?满|到期")),
                ("vacant", re.compile(r"空缺")),
                ("new", re.compile(r"新设|新增|新设置")))
_RANK_WORD = r"(?:正职|副职|[副]?(?:科长|股长|部长|处长|所长|主任|经理|校长|局长)|[正副](?:科|股|处|部)级?)"  # (副处长 before 副处)
# The forms of post lists, post counts and posts competed for (resources/extract/positions.tsv says what each is).
_FORMS = resources.rule_table(
    "extract/positions.tsv",
    {"NUMBER": NUMBER, "MASKED_FIGURE": MASKED_FIGURE, "POST_SUFFIX": POST_SUFFIX, "POST_TITLE_END": POST_SUFFIX[3:-1],
     "RANK_WORD": _RANK_WORD},
    ("list", "bracketed", "before_count", "counted_list", "group", "seconded", "secondment", "not_a_post",
     "total", "ranked", "campaign_rank", "masked_total", "competed", "competed_unpunctuated", "not_a_campaign_post"),
    single=("list", "bracketed", "before_count", "counted_list", "seconded", "secondment", "not_a_post",
            "campaign_rank", "competed_unpunctuated", "not_a_campaign_post"))
(_LIST,), (_BRACKETED,), (_BEFORE_COUNT,), (_COUNTED_LIST,) = (_FORMS[code] for code in ("list", "bracketed", "before_count",
                                                                                      "counted_list"))
(_SECONDED,), (_SECONDMENT,), (_NOT_A_POST,), (_CAMPAIGN_RANK,) = (
    _FORMS[code] for code in ("seconded", "secondment", "not_a_post", "campaign_rank"))
_GROUPS, _TOTALS, _RANKED, _MASKED_TOTAL, _COMPETED = (_FORMS[code] for code in ("group", "total", "ranked", "masked_total",
                                                                               "competed"))
_GROUP_COUNT = re.compile(rf"(?:职位|岗位)(?P<n>{NUMBER})个")
# One listed post, with how many are open when the list says so: 办公室副主任（2名）, 科员2名, 副主任（各1名）.
_LISTED_POST = re.compile(rf"(?P<title>[^\d（）()]{{0,20}}{POST_SUFFIX}(?:[（(][^\d（）()]{{1,8}}[)）])?)"
                          rf"(?:[（(]?(?:各)?(?P<n>{NUMBER})\s*(?:名|个|人|职)[)）]?)?")
# What makes a count that of one group of posts, not the total: 正职职位28个, 空缺职位3个, 聘期满职位4个.
_GROUP_QUALIFIER = re.compile(r"(?:正职|副职|空缺|新设|新增|满|[正副](?:科|处|股)级?|科长|股长|处长|部长|所长|主任|经理|局长|校长)$")
_LIST_LEAD = re.compile(r"(?:本次|此次|这次)?(?:共)?(?:设置|拿出|推出|设立|设|有|竞聘|竞争)(?:了)?")
# (a verb followed by 中心 or 服务, or by a unit's one-character word and its head's title, is inside the post's
# name: 人才招聘中心主任, 干部选拔服务站站长, 招聘科科长; 竞聘办公室主任 and 竞聘科长 are the verb and the post)
_LAST_VERB = re.compile(r"^.*(?:竞争上岗|竞聘上岗|竞聘|竞争|选拔|遴选|选调|招聘|拿出|推出|设置|设立)(?:了)?"
                        r"(?!中心|服务|[科股处室站所办部组]副?(?:科长|股长|处长|主任|站长|所长|部长|组长))")
_ITEM = re.compile(r"(?:[^、，,；;（(]|[（(][^）)]*[)）])+")  # a piece of a list, brackets and all
# (a table flattened into lines keeps a post's count in its own column: 综合科科长\t1)
_LINE_POST = re.compile(rf"(?P<title>[^\d（）()、，。；：\t]{{2,20}}?{POST_SUFFIX})(?:[（(](?!{NUMBER}\s*[名个人])[^（）()]{{0,30}}[)）])?"
                        rf"(?:\s*[（(]?(?P<shared>各)?\s*(?P<n>{NUMBER})\s*(?:名|个|人)[)）]?|[ \t\u3000]+(?P<column>[0-9]{{1,2}}))?")
_ITEM_LABEL = re.compile(r"[^、，。；：:（()）\d\n]{2,8}[：:]\s*")  # a group of posts named before them: 机关科室：
_LINE_END_PUNCTUATION = "。；;，, \t\u3000"
_LEVEL_ONLY = re.compile(r"(?:[正副]?(?:科|股|处|局|县|厅|部)级|中层|领导|管理|干部|正职|副职)+")
_SCOPE_BEFORE_POST = re.compile(r"[^、，,（(]{2,20}的")
# A sentence about what one applicant may apply for (每人限报1个职位) states no post count.
_ABOUT_ONE_APPLICANT = re.compile(r"每(?:人|名)|限报|填报|可报|改报")

def _total(text: str) -> re.Match[str] | None:
    """The first statement of how many posts the campaign opens in a sentence: a count of one group
    (正职职位28个, 空缺职位3个, 新设职位1个) or of what one applicant may apply for is not the total."""
    found = []
    for pattern in _TOTALS:
        for total in pattern.finditer(text):
            before = text[max(0, total.start() - 4):total.start()]
            if _for_one_applicant(text, total) or _GROUP_QUALIFIER.search(before):
                continue
            found.append(total)
            break
    return min(found, key=lambda total: total.start(), default=None)


# The last character of a unit's name (财务科, 办公室, 市场部...): a deputy's title after it is a post's title.
_UNIT_WORD_ENDS = frozenset("科股处室部局所站队办组心")
_BEFORE_A_RANK = ("设置", "拿出", "推出", "提出", "设立", "其中", "共有", "设", "有", "含", "共", "为", "是", "即", "个", "個", "名",
                  "竞聘", "选拔", "遴选", "选调", "招聘")


def _inside_a_title(text: str, match: re.Match[str]) -> bool:
    """Whether a ranked count's rank is the end of a post's title (财务科科长2个职位: 2 posts in all, not 2 科长)."""
    rank = match.group("rank")
    if match.start("rank") == 0:
        return False
    before = text[:match.start("rank")]
    if rank.startswith(("正", "副")):  # …和财务科副科长两个岗位 (the last post of a list, the posts' count after it), not
        # 中层副职5个, 其中副科长4个, 综合股副股长2名 or 办公室副主任2个职位，… (posts of that title)
        return _one_posts_count(text, match) and bool(_JOINED_POSTS.search(_clause_before(text, match.start("rank"))))
    return not before.endswith(_BEFORE_A_RANK) and "\u4e00" <= before[-1] <= "\u9fff"


_JOINED_POSTS = re.compile(r"[和及与、]")


def _clause_before(text: str, end: int) -> str:
    return re.split(r"[，,。；;：:]", text[:end])[-1]


def _one_posts_count(text: str, match: re.Match[str]) -> bool:
    """Whether a deputy's ranked count is that of one post named before it (a unit's word, the title, the count and
    岗位/职位: 办公室副主任2个职位, 财务科副科长两个岗位)."""
    rank, before = match.group("rank"), text[:match.start("rank")]
    return (rank.startswith("副") and before != "" and before[-1] in _UNIT_WORD_ENDS
            and rank.endswith(("长", "主任", "经理")) and text.startswith(("岗位", "职位"), match.end()))


def _one_of_ranked_counts(text: str, total: re.Match[str]) -> bool:
    """Whether a total's number counts one rank of a sentence that counts two or more ranks."""
    ranked = {m.start("n") for pattern in _RANKED for m in pattern.finditer(text)}
    return total.start("n") in ranked and len(ranked) >= 2


def _for_one_applicant(text: str, match: re.Match[str]) -> bool:
    """Whether a count is what one applicant may apply for (每人限报1个职位), not a count of posts."""
    return bool(_ABOUT_ONE_APPLICANT.search(text, max(0, match.start() - 4), match.end()))


def _count_start(match: re.Match[str]) -> int:
    """Where a count's evidence starts: at its number, or at the words naming what it counts when they come
    first (职位共8个, 副股长职位6个)."""
    return match.start() if match.start() < match.start("n") and not _VERB_FIRST.match(match.group()) else match.start("n")


_VERB_FIRST = re.compile(r"拿出|推出|设置|设|提出|有|计|确定|角逐|选拔|遴选|选调|招聘|竞聘|产生")


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

# Two posts a seconded cadre may hold, joined by 和/及 (分别挂任县长助理和乡镇党委副书记): each ends with a post's word.
_SECONDED_PAIR = re.compile(rf"(?P<first>.+?{POST_SUFFIX})(?:和|及)(?P<second>.+?(?:{POST_SUFFIX}|副职|正职))")


def _seconded_posts(title: str, start: int) -> list[tuple[str, int]]:
    """The posts of a seconded title: two posts joined by 和/及 are two (with their offsets), else the title."""
    pair = _SECONDED_PAIR.fullmatch(title)
    if pair is None:
        return [(title, start)]
    return [(pair.group("first"), start + pair.start("first")), (pair.group("second"), start + pair.start("second"))]


def _before_count_items(listed: str) -> list[tuple[str, int]]:
    """The posts of a list before a count (办公室主任、财务科科长2个职位 / 综合科科长和财务科副科长两个岗位), with
    their offsets in it: the lead words before the first (上岗共拿出办公室主任: the last verb and what precedes it) dropped."""
    items: list[tuple[str, int]] = []
    for item in re.finditer(r"[^、，,]+", listed):
        items += _split_pair(item.group(), item.start())
    if items:
        first, start = items[0]
        lead = _LAST_VERB.search(first)
        if lead and lead.end() < len(first):
            items[0] = (first[lead.end():], start + lead.end())
    return items


# A rank alone names no one's post: a 范文 site's title 竞聘科长的演讲稿 is written for every 科长.
_BARE_RANK = re.compile(POST_SUFFIX)


def _titled_post_may_count(ctx: Context) -> bool:
    """Whether the title may name the post competed for (车间主任竞争上岗演讲稿, 竞聘教导主任的演讲稿): a
    title, in a campaign's speech (a student union's or owners' election, topic other, has no post of one)."""
    classification = ctx.doc.classification
    topic = classification.get("topic") if isinstance(classification, dict) else None
    return bool((ctx.doc.title or "").strip()) and topic != "other"


def competed_posts(ctx: Context) -> list[dict[str, Any]]:
    """The post a candidate competes for (a candidate speech states no other post), once per title; a
    post in a pupils', students' or owners' body (班长, 学生会主席, 业委会主任) is no cadre campaign's post."""
    found: dict[str, dict[str, Any]] = {}
    for patterns in (_COMPETED, _FORMS["competed_unpunctuated"]):  # (the second only where the first find nothing)
        for pattern in patterns if not found else ():
            for match in pattern.finditer(ctx.text):
                title = match.group("title")
                if title not in found and not _FORMS["not_a_campaign_post"][0].search(title):
                    found[title] = ctx.value(match.start("title"), match.end("title"), title=title, competed=True)
    if not found and _titled_post_may_count(ctx):  # a post named only in the title: evidence source title
        heading = ctx.doc.title
        for pattern in _COMPETED:
            titled = pattern.search(heading)
            title = titled.group("title") if titled else ""
            if titled and title and not _BARE_RANK.fullmatch(title) and not _FORMS["not_a_campaign_post"][0].search(title):
                return [ctx.title_value(titled.start("title"), titled.end("title"), title=title, competed=True)]
    return sorted(found.values(), key=lambda post: post["evidence"]["start"])


def positions(ctx: Context) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    posts: list[dict[str, Any]] = []
    counts: dict[str, Any] = {"total": None, "principal": None, "deputy": None, "by_status": []}
    seen_titles: set[str] = set()
    spans: list[tuple[int, int]] = []

    def add_post(start: int, end: int, title: str, **fields: Any) -> None:
        start, end = ctx.trim(start, end)
        if title in seen_titles or any(a < end and start < b for a, b in spans):
            return
        seen_titles.add(title)
        spans.append((start, end))
        posts.append(ctx.value(start, end, title=title, **fields))

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
            for named in re.finditer(r"[^、，,]+", listed.group("list")):
                for piece, start in _split_pair(named.group(), list_start + named.start()):
                    scope = _SCOPE_BEFORE_POST.match(piece)  # 市直机关内设机构的科长（主任）: the post is after 的
                    if scope and _LISTED_POST.fullmatch(piece[scope.end():]):
                        piece, start = piece[scope.end():], start + scope.end()
                    listed_post = _LISTED_POST.fullmatch(piece)
                    if listed_post:
                        count = parse_number(listed_post.group("n")) if listed_post.group("n") else None
                        add_post(start, start + len(piece), listed_post.group("title"), status=status, count=count)
        for bracketed in _BRACKETED.finditer(text):
            list_start = base + bracketed.start("list")
            for named in re.finditer(r"[^、，,]+", bracketed.group("list")):
                add_post(list_start + named.start(), list_start + named.end(), named.group().strip(), status=_status(text))
        for before in _BEFORE_COUNT.finditer(text):
            items = _before_count_items(before.group("list"))
            if len(items) >= 2 and all(_LISTED_POST.fullmatch(item) for item, _start in items):
                for item, start in items:
                    add_post(base + before.start("list") + start, base + before.start("list") + start + len(item), item,
                             status=_status(text))
                if counts["total"] is None and not _one_of_ranked_counts(text, before):
                    # 拿出办公室主任、财务科科长2个职位: the count after the list is the total (but not in 2个正科级职位和5个副科级职位)
                    counts["total"] = ctx.value(base + before.end("list"), base + before.end(),
                                                value=parse_number(before.group("n")))
        for counted in _COUNTED_LIST.finditer(text):  # 办公室主任1职、财务科科长2职
            for item_start, piece, title, count in _counted_items(counted):
                add_post(base + item_start, base + item_start + len(piece), title, count=count)
        for offered in (found for pattern in _GROUPS for found in pattern.finditer(text)):
            add_post(base + offered.start("title"), base + offered.end("title"), offered.group("title"),
                     status=_status(text))
        for pattern in _MASKED_TOTAL:
            for masked in pattern.finditer(text):
                if counts["total"] is None:
                    counts["total"] = ctx.value(base + masked.start("masked"), base + masked.end(), masked=masked.group("masked"))
                title = (masked.groupdict().get("title") or "").strip()
                if len(title) >= 2 and not _LEVEL_ONLY.fullmatch(title):  # (x个科级岗位: a count, no post)
                    add_post(base + masked.start("title"), base + masked.end(), title + text[masked.end() - 2:masked.end()])
        if counts["total"] is None:
            total = _total(text)
            if total and _one_of_ranked_counts(text, total):
                total = None  # 选拔7名处长、17名副处长: 7 counts the principal posts only
            if total:
                counts["total"] = ctx.value(base + _count_start(total), base + total.end(),
                                            value=parse_number(total.group("n")))
        per_post = [ranked for ranked in (found for pattern in _RANKED for found in pattern.finditer(text))
                    if _one_posts_count(text, ranked) and not _inside_a_title(text, ranked)]
        if counts["deputy"] is None and len(per_post) >= 2:  # 办公室副主任2个职位，财务科副科长3个职位: 5 deputy posts
            per_post.sort(key=lambda ranked: ranked.start())
            counts["deputy"] = ctx.value(base + per_post[0].start("rank"), base + per_post[-1].end(),
                                         value=sum(parse_number(ranked.group("n")) or 0 for ranked in per_post))
        for ranked in (found for pattern in _RANKED for found in pattern.finditer(text)):
            key = "deputy" if ranked.group("rank").startswith("副") else "principal"
            if counts[key] is None and not _for_one_applicant(text, ranked) and not _inside_a_title(text, ranked):
                # (the evidence is the count and its rank: 17名副处长 of 选拔7名处长、17名副处长)
                counts[key] = ctx.value(base + min(ranked.start("n"), ranked.start("rank")), base + ranked.end(),
                                        value=parse_number(ranked.group("n")))
    for start, end, title, count in _section_posts(ctx):
        add_post(start, end, title, count=count)
    for sentence in ctx.select(_SECONDMENT):
        for seconded in _SECONDED.finditer(sentence.text):
            title = seconded.group("title")
            if not _NOT_A_POST.search(title):
                for part, start in _seconded_posts(title, sentence.start + seconded.start("title")):
                    add_post(start, start + len(part), part, seconded=True)
    posts.sort(key=lambda post: post["evidence"]["start"])
    campaign_rank = _CAMPAIGN_RANK.search(ctx.text)
    if campaign_rank:
        for post in posts:
            if "rank" not in post:  # stated in another sentence: that sentence is its own evidence
                post["rank"] = campaign_rank.group("rank")
                post["rank_evidence"] = ctx.evidence(campaign_rank.start("rank"), campaign_rank.end("rank"))
    return posts, counts


def _counted_items(counted: re.Match[str]) -> list[tuple[int, str, str, Number | None]]:
    """The posts of a counted list (办公室主任1职、财务科科长2职 / 综合股股长、财务股股长各1名): (offset in the
    text, the item, its title, its count), the lead before the first post dropped (本次竞争上岗拿出办公室主任1名: the
    last verb and what precedes it; 本次有办公室主任1名); a count after 各 is every post's before it since the last count."""
    found: list[tuple[int, str, str, Number | None]] = []
    sharing: list[int] = []  # the posts a following 各N名 counts
    for item in _ITEM.finditer(counted.group()):
        item_start, piece = counted.start() + item.start(), item.group()
        lead = _LAST_VERB.search(piece) or _LIST_LEAD.match(piece)
        if lead:  # 本次设置办公室主任1职 / 面向全局公开竞聘科长（主任）2名: the post starts after the verb
            item_start, piece = item_start + lead.end(), piece[lead.end():]
        listed_post = _LISTED_POST.fullmatch(piece.strip())
        if not listed_post:
            sharing = []
            continue
        count = parse_number(listed_post.group("n")) if listed_post.group("n") else None
        found.append((item_start, piece, listed_post.group("title"), count))
        if count is None:
            sharing.append(len(found) - 1)
            continue
        if _SHARED_COUNT.search(piece):
            for index in sharing:
                found[index] = found[index][:3] + (count,)
        sharing = []
    return found


_SHARED_COUNT = re.compile(rf"各\s*{NUMBER}\s*(?:名|个|人|职)[)）]?\s*$")


def _section_posts(ctx: Context) -> list[tuple[int, int, str, Any]]:
    """Posts listed as the items of a section about posts (``sections``: under a heading 一、竞争职位 /
    五、竞聘岗位及名额, or after a lead 设置岗位如下：): an item whose every piece (between 、，；) is a post,
    after a label naming a group of posts (机关科室：)."""
    found: list[tuple[int, int, str, Any]] = []
    for section in rule_sections(ctx, "positions"):
        for start, end in section.items:
            label = _ITEM_LABEL.match(ctx.text, start, end)  # （一）机关科室：办公室主任1名、…
            items_start = label.end() if label else start
            stop = ctx.text.find("。", items_start, end)  # (the item's first sentence: 2.…2名。其他人员不参加。)
            end = stop if stop >= 0 else end
            while end > items_start and ctx.text[end - 1] in _LINE_END_PUNCTUATION:
                end -= 1  # 综合股股长、财务股股长。
            pieces = [ctx.trim(items_start + m.start(), items_start + m.end())
                      for m in _ITEM.finditer(ctx.text[items_start:end])]
            parsed = [_LINE_POST.fullmatch(ctx.text, a, b) for a, b in pieces if b > a]
            if not parsed or not all(parsed):
                continue
            sharing: list[int] = []  # posts before 各N名 (综合股股长、财务股股长各1名): each counted by it
            for match in parsed:
                assert match is not None
                number = match.group("n") or match.group("column")
                count = parse_number(number) if number else None
                found.append((match.start(), match.end(), match.group("title"), count))
                if count is None:
                    sharing.append(len(found) - 1)
                    continue
                for index in sharing if match.group("shared") else ():
                    found[index] = found[index][:3] + (count,)
                sharing = []
    return found


def post_counts(ctx: Context) -> list[dict[str, Any]]:
    """Every statement of how many posts are open (职位共8个, 正职3个, 副股长职位6个), in text order: a report
    may count the posts of more than one campaign."""
    found: list[dict[str, Any]] = []
    for sentence in ctx.select(_PREFILTER):
        text, base = sentence.text, sentence.start
        matches = [m for m in (_total(text),) if m] + [m for pattern in _RANKED for m in pattern.finditer(text)
                                                       if not _for_one_applicant(text, m) and not _inside_a_title(text, m)]
        taken: list[tuple[int, int]] = []
        for match in sorted(matches, key=lambda m: m.start()):
            if any(a < match.end() and match.start() < b for a, b in taken):
                continue
            taken.append(match.span())
            found.append(ctx.value(base + _count_start(match), base + match.end(), value=parse_number(match.group("n"))))
    return found
