"""The one set of document filters every query takes, on the command line and in the web workbench:
``--genre --topic --org --year --source --site --exclude-duplicates``.

A filter keeps the documents it names; the commands then count, list or search inside them. Each
value is checked before any query runs (``Filters.checked``): a genre or topic outside the closed sets
is Q734 listing the valid ones, a year outside 1-9999 is Q733, so a typo is an error, never an empty
result.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from .. import validate
from ..corpus.reads import FROM_DOCUMENTS, documents_sql, filter_where, paging
from ..labels import GENRES, TOPICS
from ..stages.normalize import normalize

__all__ = ["FROM_DOCUMENTS", "Filters", "from_options", "paging"]  # FROM_DOCUMENTS, paging: the corpus's, for reuse


@dataclass(frozen=True)
class Filters:
    genre: str | None = None
    topic: str | None = None
    org: str | None = None  # a part of the organization's name (canonical script)
    year: int | None = None
    source: str | None = None  # a part of the input file's path
    site: str | None = None  # the site (the input file's folder), exactly
    exclude_duplicates: bool = False  # count a duplicated document once: drop the copies, keep the canonical one

    def checked(self) -> Filters:
        """These filters with their values checked: a genre or topic of the closed sets (Q734), a year
        in range (Q733), texts within the size limit (Q730), exclude_duplicates a yes/no value (Q734); raises
        otherwise."""
        return Filters(genre=validate.one_of("genre", self.genre, GENRES),
                       topic=validate.one_of("topic", self.topic, TOPICS),
                       org=validate.text_size("org", self.org) if self.org else None,
                       year=validate.year(self.year),
                       source=validate.text_size("source", self.source) if self.source else None,
                       site=validate.text_size("site", self.site) if self.site else None,
                       exclude_duplicates=validate.flag("exclude_duplicates", self.exclude_duplicates))

    def active(self) -> bool:
        return any(value for value in asdict(self).values())

    def params(self) -> dict[str, str]:
        """The filters as URL parameters (the web's links keep them), empty ones left out."""
        out = {k: str(v) for k, v in asdict(self).items() if v and k != "exclude_duplicates"}
        if self.exclude_duplicates:
            out["exclude_duplicates"] = "1"
        return out

    def sql(self) -> tuple[str, list[Any]]:
        """`` AND ...`` clauses over ``FROM_DOCUMENTS`` (aliases d, g, f) and their parameters
        (``corpus.reads.filter_where``; the organization compared in the canonical script)."""
        org = normalize(self.org).text.strip() if self.org else None
        return filter_where(genre=self.genre, topic=self.topic, organization=org, year=self.year,
                            source=self.source, site=self.site, exclude_duplicates=self.exclude_duplicates)

    def documents_sql(self, column: str = "d.id") -> tuple[str, list[Any]]:
        """The query of ``column`` (``d.id`` or ``d.uid``) of the documents these filters keep and its
        parameters (``corpus.reads.documents_sql``), for an ``IN (...)`` clause of a query over another table."""
        return documents_sql(*self.sql(), column=column)


def from_options(genre: str | None = None, topic: str | None = None, org: str | None = None, year: Any = None,
                 source: str | None = None, site: str | None = None, exclude_duplicates: Any = False) -> Filters:
    """Filters from option or URL values ("" means none; a year as text or int), checked."""
    return Filters(genre=genre or None, topic=topic or None, org=org or None,
                   year=validate.year(year), source=source or None, site=site or None,
                   exclude_duplicates=validate.flag("exclude_duplicates", exclude_duplicates)).checked()

