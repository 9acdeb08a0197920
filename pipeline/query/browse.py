"""Browsing the corpus: the list of documents with their metadata (``jianghua docs``, the web's
``/docs``), sortable and filtered by ``filters``, and facet counts (documents per genre, topic, year,
site and organization among the filtered documents, as Datasette shows them)."""

from __future__ import annotations

import json
from typing import Any

from .. import validate
from ..corpus.reads import DOC_LIST_COLUMNS, FACETS
from ..corpus.store import Corpus
from ..offsets import OffsetMap
from .filters import Filters
from .search import time_limited

FACET_VALUES = 30  # values shown per facet (the most frequent), as Datasette's default


@time_limited
def documents(corpus: Corpus, filters: Filters | None = None, sort: str = "id", descending: bool = False,
              limit: int | None = 100, offset: int = 0) -> dict[str, Any]:
    """The documents ``filters`` keep, one row each (``DOC_LIST_COLUMNS``), sorted by ``sort`` (rows
    without a value last, then by id), ``limit`` at a time (None: all); with the total."""
    validate.one_of("sort", sort, tuple(DOC_LIST_COLUMNS))
    limit = validate.count("limit", limit)
    offset = validate.whole_number("offset", offset)
    filters = (filters or Filters()).checked()
    where, params = filters.sql()
    total = corpus.document_count(where, params)
    rows = corpus.document_list(where, params, sort, descending, limit, offset)
    corpus.intact((v for r in rows for v in r.values()), "the documents' list")
    return {"total": total, "sort": sort, "descending": descending, "offset": offset, "filters": filters.params(),
            "documents": rows}


@time_limited
def facets(corpus: Corpus, filters: Filters | None = None, limit: int = FACET_VALUES) -> dict[str, list[dict[str, Any]]]:
    """For each facet (genre, topic, year, site, org), the documents per value among those ``filters``
    keep, most first (years in order); a value of None is a document without one."""
    filters = (filters or Filters()).checked()
    where, params = filters.sql()
    out: dict[str, list[dict[str, Any]]] = {}
    for name in FACETS:
        out[name] = [{"value": value, "count": n} for value, n in corpus.facet_counts(name, where, params, limit)]
    return out


def heading_in_script(text: str, original: str, omap: OffsetMap, start: int, heading: str) -> str:
    """A section's heading as the original script writes it: the heading's span in the canonical text
    (it starts at the section's start, after its marker) mapped through the offset map."""
    at = text.find(heading, start)
    if at < 0 or not heading:
        return heading
    o_start, o_end = omap.span(at, at + len(heading))
    return original[o_start:o_end]


def document_view(corpus: Corpus, ref: str, original: bool = False) -> dict[str, Any]:
    """One document for reading (``jianghua show``): its metadata, genre and topic with their
    confidence, the heading tree and the text, title and headings in the chosen script."""
    row = corpus.document(ref)
    omap = OffsetMap(json.loads(row["offset_map"]), len(row["text"]), len(row["original"]))
    sections = []
    for s in corpus.sections(row["id"]):
        heading = heading_in_script(row["text"], row["original"], omap, s["start"], s["heading"]) if original else s["heading"]
        sections.append({"number": s["number"], "level": s["level"], "heading": heading, "role": s["role"],
                         "start": s["start"], "end": s["end"]})
    return {
        "id": row["uid"], "source": row["source"], "site": row["site"], "ordinal": row["ordinal"],
        "title": row["title_original"] if original else row["title"], "script": row["script"],
        "shown_script": "original" if original else "canonical", "complete": bool(row["complete"]),
        "flags": json.loads(row["flags"]), "n_chars": row["n_chars"],
        "genre": row["genre"], "genre_confidence": row["genre_confidence"], "topic": row["topic"],
        "topic_confidence": row["topic_confidence"],
        "low_confidence": None if row["low_confidence"] is None else bool(row["low_confidence"]),
        "organization": row["organization"], "year": row["year"], "duplicate_of": row["duplicate_of"],
        "sections": sections, "text": row["original"] if original else row["text"],
    }
