"""Browsing the corpus: the list of documents with their metadata (``jianghua docs``, the web's
``/docs``), sortable and filtered by ``filters``, and facet counts (documents per genre, topic, year,
site and organization among the filtered documents, as Datasette shows them)."""

from __future__ import annotations

import json
from typing import Any

from .. import validate
from ..corpus.store import Corpus
from ..offsets import OffsetMap
from .filters import FROM_DOCUMENTS, Filters, paging
from .search import time_limited

# column -> SQL over FROM_DOCUMENTS; also the sort keys
DOC_LIST_COLUMNS: dict[str, str] = {
    "id": "d.uid", "title": "d.title", "genre": "d.genre", "topic": "d.topic", "org": "d.organization",
    "year": "d.year", "source": "f.path", "site": "g.site", "chars": "d.n_chars", "script": "d.script",
    "duplicate_of": "d.duplicate_of",
}
FACETS = {"genre": "d.genre", "topic": "d.topic", "year": "d.year", "site": "g.site", "org": "d.organization"}
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
    column = DOC_LIST_COLUMNS[sort]
    direction = "DESC" if descending else "ASC"
    if sort == "id":  # ids sort as the listing of the sources does: by input file, then place in it
        order = f"f.path {direction}, d.ordinal {direction}"
    else:
        order = f"{column} IS NULL, {column} {direction}, f.path, d.ordinal"
    total = int(corpus.db.execute(f"SELECT count(*) FROM {FROM_DOCUMENTS} WHERE 1{where}", params).fetchone()[0])
    sql = (f"SELECT {', '.join(f'{expr} AS {name}' for name, expr in DOC_LIST_COLUMNS.items())}, d.genre_confidence,"
           f" d.topic_confidence FROM {FROM_DOCUMENTS} WHERE 1{where} ORDER BY {order}")
    page_sql, page_args = paging(limit, offset)
    sql += page_sql
    args = [*params, *page_args]
    rows = [dict(r) for r in corpus.db.execute(sql, args)]
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
    for name, expr in FACETS.items():
        order = f"{expr} IS NULL, {expr} DESC" if name == "year" else f"{expr} IS NULL, count(*) DESC, {expr}"
        rows = corpus.db.execute(f"SELECT {expr}, count(*) FROM {FROM_DOCUMENTS} WHERE 1{where} GROUP BY 1 ORDER BY {order}"
                                 f" LIMIT {int(limit)}", params).fetchall()
        out[name] = [{"value": value, "count": int(n)} for value, n in rows]
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
