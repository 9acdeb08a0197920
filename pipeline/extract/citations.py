"""Cited documents: titles in 《》 that are regulations, plans or notices (by their last word,
``resources/extract/citation_kinds.tsv``); 《××党建网》, 《七品村官》 or a form 《…报名表》 are not."""

from __future__ import annotations

import re
from typing import Any

from .context import Context
from .lexicon import citation_kinds

_TITLE = re.compile(r"《(?P<title>[^《》\n]{1,80})》")


def kind_of(title: str) -> str | None:
    for suffix, kind in citation_kinds():
        if title.endswith(suffix):
            return kind
    return None


def cited_documents(ctx: Context) -> list[dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for match in _TITLE.finditer(ctx.text):
        title = match.group("title").strip()
        kind = kind_of(title)
        if kind and title not in found:
            found[title] = ctx.value(match.start(), match.end(), title=title, kind=kind)
    return list(found.values())
