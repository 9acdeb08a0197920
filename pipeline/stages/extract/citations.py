"""Cited documents: titles in 《》 that are regulations, plans or notices (by their last word,
``resources/extract/citation_kinds.tsv``; a title broken by a line break too); 《××党建网》, 《七品村官》 or a form
《…报名表》 are not. A document cited by its number (黄组通[*]36号文件, 市组通(202117)号, 县委发〔2020〕12号) is a
notice titled by that number."""

from __future__ import annotations

import re
from typing import Any

from .context import Context
from .lexicon import citation_kinds

_TITLE = re.compile(r"《(?P<title>[^《》]{1,80})》")
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
        title = re.sub(r"\s+", "", match.group("title"))  # 《\n党政领导干部选拔任用工作条例》
        kind = kind_of(title)
        if kind and title not in found:
            found[title] = ctx.value(match.start(), match.end(), title=title, kind=kind)
    if "号" in ctx.text:
        for match in _NUMBERED.finditer(ctx.text):
            lead = _LEAD.match(match.group("title"))
            start = match.start("title") + (lead.end() if lead else 0)
            title = re.sub(r"\s+", "", ctx.text[start:match.end("title")])
            if len(title) > 4 and title not in found:
                found[title] = ctx.value(start, match.end("title"), title=title, kind="notice")
    return sorted(found.values(), key=lambda cited: cited["evidence"]["start"])
