"""Word lists and regex tables the extractors share, loaded once from ``resources/extract/``."""

from __future__ import annotations

import re
from functools import cache

from ... import resources

CJK = r"\u4e00-\u9fff"
# Characters that do not occur inside a given name in these texts; they stop a name at an office
# word (党委秦松强副书记, 宣传部部长). 志 is no stop (张志强, 李志刚): 同 alone stops a name before 同志.
NAME_STOP = "系办体委部局长市县区镇乡的了和在是党政府等与及同书记主任副组员为任处科厅所站院校会上下中对从把将被让给就也都还又要们这那个一各全本该此其有无不我你他她它"


@cache
def surnames() -> tuple[str, ...]:
    return tuple(sorted(resources.phrase_list("extract/surnames.txt"), key=len, reverse=True))


@cache
def roles() -> tuple[str, ...]:
    return tuple(sorted(resources.phrase_list("extract/roles.txt"), key=len, reverse=True))


@cache
def not_names() -> frozenset[str]:
    return resources.phrase_list("extract/not_names.txt")


@cache
def org_suffixes() -> tuple[str, ...]:
    return tuple(sorted(resources.phrase_list("extract/org_suffixes.txt"), key=len, reverse=True))


@cache
def name_pattern() -> str:
    """A person's name: a surname and one or two given-name characters. The one-character surnames,
    which come last (longest first), are one character class: the same matches as their
    alternation, tested at once instead of one after the other."""
    longer = [re.escape(s) for s in surnames() if len(s) > 1]
    single = "".join(re.escape(s) for s in surnames() if len(s) == 1)
    surname = "|".join(longer + ([f"[{single}]"] if single else []))
    return rf"(?:{surname})(?:(?![{NAME_STOP}])[{CJK}]){{1,2}}"


@cache
def role_pattern() -> str:
    return "|".join(re.escape(role) for role in roles())


def is_name(text: str) -> bool:
    return not any(text.startswith(word) for word in not_names())


@cache
def citation_kinds() -> tuple[tuple[str, str], ...]:
    rows = [(suffix, kind) for _n, (suffix, kind, _note) in resources.tsv("extract/citation_kinds.tsv", 3, 2)]
    return tuple(sorted(rows, key=lambda row: len(row[0]), reverse=True))
