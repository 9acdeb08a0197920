"""Cited documents: titles in 《》 (or 〈〉, or <<>> in ASCII) that are regulations, plans or notices (by their last word,
``resources/extract/citation_kinds.tsv``, a bracketed 试行/暂行/修订 after it left aside; a title broken by a
line break too); 《××党建网》, 《七品村官》 or a form 《…报名表》 are not. A document cited by its number
(黄组通[*]36号文件, 市组通(202117)号, 县委发〔2020〕12号) is a notice titled by that number. A title written
without brackets after 根据/按照/依据… (根据县委组织部关于开展中层干部竞争上岗工作的通知要求) is cited when it
reads 关于…的 + a kind of document; an agreement the parties signed (根据校地双方签订的合作协议) is cited too."""

from __future__ import annotations

import re
from typing import Any

from .context import Context
from .lexicon import citation_kinds

# (<<…>>: a site or a conversion that wrote 《》 in ASCII)
_TITLE = re.compile(r"《(?P<title>[^《》]{1,80})》|〈(?P<title2>[^〈〉《》]{1,80})〉|<<(?P<title3>[^<>《》\n]{1,80})>>")
# a title in quotes (「」 on Taiwan-style pages, “” on some sites) is a document only when it reads like one: 关于…, or
# six characters or more ending with a kind of rule text (“一岗双责”, “三会一课” are slogans)
_QUOTED = re.compile(r"[「“](?P<title>(?![一二两三四五六七八九十百千万])[^「」“”《》、，,\n]{6,60})[」”]")  # (“三公开、两测评、一决定”)
_QUOTED_KINDS = ("条例", "规定", "办法", "细则", "方案", "意见", "通知", "决定", "公告", "通告", "简章", "规则")
# a quoted clause opening with a verb or naming rules in general is a slogan or a demand (“坚决贯彻落实好上级的各项决定”,
# “严格执行有关规定”), not a title
_SLOGAN = re.compile(r"^(?:坚决|严格|认真|切实|全面|深入|自觉|始终|贯彻|落实|执行|遵守|遵照|按照|服从|维护|做到|做好|抓好|加强|推进|确保)"
                     r"|各项|有关|相关|上级")
_QUALIFIER = re.compile(r"[（(](?:试行|暂行|修订|修正|草案|征求意见稿|\d{4}年(?:修订|修正)?)[)）]$")
_CITING = r"(?:根据|按照|依据|依照|遵照|参照|贯彻|落实|执行)"
# 根据县委组织部关于开展…工作的通知要求: the title from 关于 to its kind (group "title")
_UNBRACKETED = re.compile(rf"{_CITING}[^，。；：:《》〈〉“”\n]{{0,14}}?(?P<title>关于[^，。；：:《》〈〉“”\n]{{4,40}}?的"
                          r"(?:通知|意见|实施意见|指导意见|决定|办法|规定|实施方案|工作方案|方案|批复|函))")
_AGREEMENT = re.compile(rf"{_CITING}[^，。；《》\n]{{0,10}}?(?:签订|签署|达成)的(?P<title>[^，。；《》\n]{{0,8}}?(?:协议|协定|合同|备忘录))")
_NUMBERED = re.compile(r"(?P<title>[\u4e00-\u9fff]{1,6}(?:发|通|办|字|函)\s*[〔\[［（(【]\s*[0-9*＊×xX]{1,8}\s*[〕\]］）)】]"
                       r"\s*[0-9*＊×xX]{0,4}\s*号)(?:文件)?")
_LEAD = re.compile(r"(?:按照|根据|依据|依照|遵照|参照|执行|落实|贯彻|印发|下发|转发|按|据)+")


def kind_of(title: str) -> str | None:
    for suffix, kind in citation_kinds():
        if title.endswith(suffix):
            return kind
    return None


def cited_documents(ctx: Context) -> list[dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for match in _TITLE.finditer(ctx.text):
        title = re.sub(r"\s+", "", match.group("title") or match.group("title2") or match.group("title3"))  # 《\n党政领导干部选拔任用工作条例》
        kind = kind_of(_QUALIFIER.sub("", title))
        if kind and title not in found:
            found[title] = ctx.value(match.start(), match.end(), title=title, kind=kind)
    for match in _QUOTED.finditer(ctx.text):
        title = re.sub(r"\s+", "", match.group("title"))
        bare = _QUALIFIER.sub("", title)
        if title not in found and bare.endswith(_QUOTED_KINDS) and (
                bare.startswith("关于") or (len(bare) >= 8 and not _SLOGAN.search(bare))):
            found[title] = ctx.value(match.start(), match.end(), title=title, kind=kind_of(bare) or "notice")
    if "号" in ctx.text:
        for match in _NUMBERED.finditer(ctx.text):
            lead = _LEAD.match(match.group("title"))
            start = match.start("title") + (lead.end() if lead else 0)
            title = re.sub(r"\s+", "", ctx.text[start:match.end("title")])
            if len(title) > 4 and title not in found:
                found[title] = ctx.value(start, match.end("title"), title=title, kind="notice")
    for pattern, kind in ((_UNBRACKETED, None), (_AGREEMENT, "agreement")):
        for match in pattern.finditer(ctx.text):
            title = re.sub(r"\s+", "", match.group("title"))
            if title not in found and not any(title in known for known in found):
                found[title] = ctx.value(match.start("title"), match.end("title"), title=title, kind=kind or kind_of(title) or "notice")
    return sorted(found.values(), key=lambda cited: cited["evidence"]["start"])
