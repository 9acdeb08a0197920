"""Loading of data files under ``jianghua/resources`` with ``importlib.resources``.

Every loader reports a malformed line as ``file:line`` (:class:`~jianghua.errors.ResourceError`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from . import errors


def path(name: str):  # -> Traversable
    return resources.files("jianghua").joinpath("resources", *name.split("/"))


def read_text(name: str) -> str:
    return path(name).read_text(encoding="utf-8")


def model_json(name: str, what: str) -> dict[str, Any]:
    """A shipped model file's JSON: M702 when the file is missing, M701 when it is not JSON (``what``
    names the model in the message, e.g. "the title chooser")."""
    try:
        raw = read_text(name)
    except OSError as exc:
        raise errors.M702.error(model=what, path=name, reason=exc) from exc
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise errors.M701.error("not_json", path=name, reason=exc) from exc
    if not isinstance(data, dict):
        raise errors.M701.error("not_object", path=name)
    return data


def data_lines(name: str) -> Iterator[tuple[int, str]]:
    """Non-blank lines of a data file with their 1-based numbers; ``#`` starts a comment line."""
    for number, line in enumerate(read_text(name).splitlines(), start=1):
        stripped = line.rstrip("\n")
        if not stripped.strip() or stripped.lstrip().startswith("#"):
            continue
        yield number, stripped


def tsv(name: str, columns: int, min_columns: int | None = None) -> list[tuple[int, list[str]]]:
    """Tab-separated rows; each row must have ``min_columns..columns`` fields."""
    rows = []
    least = columns if min_columns is None else min_columns
    for number, line in data_lines(name):
        fields = line.split("\t")
        if not least <= len(fields) <= columns:
            raise errors.R500.error("fields", path=name, line=number, least=least, most=columns, got=len(fields))
        rows.append((number, fields + [""] * (columns - len(fields))))
    return rows


@cache
def pattern_table(name: str) -> tuple[tuple[str, re.Pattern[str], str], ...]:
    """Rows ``code<TAB>regex<TAB>description``, compiled once."""
    table = []
    for number, (code, regex, description) in tsv(name, 3, 2):
        try:
            compiled = re.compile(regex)
        except re.error as exc:
            raise errors.R500.error("regex", path=name, line=number, error=exc) from exc
        table.append((code, compiled, description))
    return tuple(table)


@cache
def mapping_table(name: str) -> tuple[tuple[str, str], ...]:
    """Rows ``from<TAB>to[<TAB>note]``."""
    rows = []
    seen: set[str] = set()
    for number, (source, target, _note) in tsv(name, 3, 2):
        if not source:
            raise errors.R500.error("empty", path=name, line=number, what="source phrase")
        if source in seen:
            raise errors.R500.error("duplicate", path=name, line=number, what="source phrase", value=source)
        seen.add(source)
        rows.append((source, target))
    return tuple(rows)


@cache
def phrase_list(name: str) -> frozenset[str]:
    return frozenset(line.strip() for _n, line in data_lines(name))


_FRAGMENT = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")  # (a quantifier, {2,8}, holds no capital letter)


def parse_rule_rows(name: str, rows: Iterable[tuple[int, str]], fragments: Mapping[str, str], codes: Iterable[str],
                    single: Iterable[str] = ()) -> dict[str, tuple[re.Pattern[str], ...]]:
    """The patterns of a rule table, by code, in file order: rows ``code<TAB>regex[<TAB>example]``;
    ``{NAME}`` in a regex stands for the shared fragment ``fragments[NAME]`` (a number, a date, a post's
    title ending). An unknown code or fragment, a regex that does not compile, a code of ``codes``
    with no row or one of ``single`` with a second row is reported as ``file:line`` (R500)."""
    wanted, once = tuple(codes), frozenset(single)
    table: dict[str, list[re.Pattern[str]]] = {code: [] for code in wanted}
    last = 0
    for number, line in rows:
        last = number
        fields = line.split("\t")
        if not 2 <= len(fields) <= 3:
            raise errors.R500.error("fields", path=name, line=number, least=2, most=3, got=len(fields))
        code, regex = fields[0], fields[1]
        if code not in table:
            raise errors.R500.error("unknown", path=name, line=number, what="code", value=code, valid=", ".join(wanted))
        if code in once and table[code]:
            raise errors.R500.error("second_row", path=name, line=number, code=code)

        def fragment(found: re.Match[str], number: int = number) -> str:
            if found.group(1) not in fragments:
                raise errors.R500.error("unknown_fragment", path=name, line=number, fragment=found.group(1),
                                        valid=", ".join(sorted(fragments)))
            return fragments[found.group(1)]

        try:
            table[code].append(re.compile(_FRAGMENT.sub(fragment, regex)))
        except re.error as exc:
            raise errors.R500.error("regex", path=name, line=number, error=exc) from exc
    for code, patterns in table.items():
        if not patterns:
            raise errors.R500.error("no_row", path=name, line=last, code=code)
    return {code: tuple(patterns) for code, patterns in table.items()}


def rule_table(name: str, fragments: Mapping[str, str], codes: Iterable[str],
               single: Iterable[str] = ()) -> dict[str, tuple[re.Pattern[str], ...]]:
    """The rule table ``name`` under resources/ (``parse_rule_rows``)."""
    return parse_rule_rows(name, data_lines(name), fragments, codes, single)


def parse_word_groups(name: str, rows: Iterable[tuple[int, list[str]]],
                      groups: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """The words of each group of ``groups`` in ``rows`` (``(line number, [group, words, note])``, the
    words separated by blanks), in file order; a group may take several rows. A row of an unknown group
    or with no word, a word twice in a group or a group with no row is reported as ``file:line`` (R500)."""
    wanted = tuple(groups)
    table: dict[str, list[str]] = {group: [] for group in wanted}
    last = 0
    for number, (group, words, _note) in rows:
        last = number
        if group not in table:
            raise errors.R500.error("unknown", path=name, line=number, what="group", value=group, valid=", ".join(wanted))
        if not words.split():
            raise errors.R500.error("empty", path=name, line=number, what="word list")
        for word in words.split():
            if word in table[group]:
                raise errors.R500.error("duplicate", path=name, line=number, what=f"word of {group}", value=word)
            table[group].append(word)
    for group, found in table.items():
        if not found:
            raise errors.R500.error("no_row", path=name, line=last, code=group)
    return {group: tuple(found) for group, found in table.items()}


@cache
def word_groups(name: str, groups: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """The word groups of the data file ``name`` (rows ``group<TAB>words[<TAB>note]``): ``parse_word_groups``."""
    return parse_word_groups(name, tsv(name, 3, 2), groups)


@dataclass(frozen=True)
class WordGroups:
    """The word groups of one data file (``word_groups``): a stage's vocabulary, its regexes' grammar
    staying in the stage's code."""

    name: str
    groups: tuple[str, ...]

    def words(self, *groups: str) -> tuple[str, ...]:
        """The words of ``groups``, in file order."""
        table = word_groups(self.name, self.groups)
        return tuple(word for group in groups for word in table[group])

    def any(self, *groups: str) -> str:
        """A regex group finding any word of ``groups``: ``(?:谢谢大家|谢谢)``."""
        return f"(?:{alternation(self.words(*groups))})"


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words`` (escaped), the longer words first so that none stops short at a
    shorter word it starts with: ``谢谢大家|谢谢``. Bare: the caller groups it where it needs to."""
    return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
