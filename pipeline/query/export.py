"""Exports of a corpus to JSON Lines, CSV and Parquet, with stable column names.

``documents``: id, source, site, ordinal, title, title_original, text, original, script, complete,
n_chars, flags, sections, offset_map. ``paragraphs``: doc_id, ordinal, kind, section, start, end,
text, words. Nested fields (sections, flags, offset_map) are JSON strings in CSV and Parquet.
Every table takes the document filters (``filters.Filters``): only rows of the documents they keep.
CSV for Excel (``excel``) starts with a UTF-8 byte-order mark, which Excel needs to read UTF-8.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator
from typing import IO, Any

from .. import errors, validate
from ..corpus.schema import RULE_TABLE_COLUMNS
from ..corpus.store import Corpus
from .filters import Filters

FORMATS = ("jsonl", "csv", "parquet")
DOCUMENT_COLUMNS = ("id", "source", "site", "ordinal", "title", "title_original", "text", "original", "script",
                    "complete", "n_chars", "flags", "sections", "offset_map", "genre", "genre_confidence", "topic",
                    "topic_confidence", "low_confidence", "duplicate_of", "organization", "year", "rules")
PARAGRAPH_COLUMNS = ("doc_id", "ordinal", "kind", "section", "start", "end", "text", "words")
NESTED = ("flags", "sections", "offset_map", "rules", "missing", "extra", "changes", "examples")
RULE_VALUE_COLUMNS = ("doc_id", "field", "value", "evidence_text", "start", "end", "orig_start", "orig_end", "sentence")
BOM = "\ufeff"


def _kept(corpus: Corpus, filters: Filters | None) -> set[int] | None:
    """The ids of the documents ``filters`` keep (None: every document)."""
    if filters is None or not filters.active():
        return None
    return corpus.document_ids(*filters.checked().documents_sql())


def document_records(corpus: Corpus, filters: Filters | None = None) -> Iterator[dict[str, Any]]:
    keep = _kept(corpus, filters)
    for row in corpus.documents():
        if keep is not None and row["id"] not in keep:
            continue
        sections = [{"number": s["number"], "level": s["level"], "marker": s["marker"], "heading": s["heading"],
                     "start": s["start"], "end": s["end"], "role": s["role"]} for s in corpus.sections(row["id"])]
        yield {
            "id": row["uid"], "source": row["source"], "site": row["site"], "ordinal": row["ordinal"],
            "title": row["title"], "title_original": row["title_original"], "text": row["text"],
            "original": row["original"], "script": row["script"], "complete": bool(row["complete"]),
            "n_chars": row["n_chars"], "flags": json.loads(row["flags"]), "sections": sections,
            "offset_map": json.loads(row["offset_map"]), "genre": row["genre"],
            "genre_confidence": row["genre_confidence"], "topic": row["topic"], "topic_confidence": row["topic_confidence"],
            "low_confidence": None if row["low_confidence"] is None else bool(row["low_confidence"]),
            "duplicate_of": row["duplicate_of"], "organization": row["organization"], "year": row["year"],
            "rules": json.loads(row["rules"]) if row["rules"] else None,
        }


def paragraph_records(corpus: Corpus, filters: Filters | None = None) -> Iterator[dict[str, Any]]:
    where, params = filters.checked().sql() if filters is not None else ("", [])
    for r in corpus.paragraph_rows(where, params):
        yield {"doc_id": r["uid"], "ordinal": r["ordinal"], "kind": r["kind"], "section": r["section"],
               "start": r["start"], "end": r["end"], "text": r["text"], "words": r["words"]}


def evidence_items(record: Any, path: str = "") -> list[dict[str, Any]]:
    """Every value of a rules record that carries evidence: its field path, the value without evidence,
    and the evidence (one row per value, the long form a spreadsheet or R wants)."""
    items: list[dict[str, Any]] = []
    if isinstance(record, dict):
        if isinstance(record.get("evidence"), dict):
            value = {k: v for k, v in record.items() if k != "evidence" and not k.endswith("_evidence")}
            items.append({"field": path, "value": value, "evidence": record["evidence"]})
        for key, value in record.items():
            if key != "evidence" and not key.endswith("_evidence"):
                items.extend(evidence_items(value, f"{path}.{key}" if path else key))
    elif isinstance(record, list):
        for index, value in enumerate(record):
            items.extend(evidence_items(value, f"{path}[{index}]"))
    return items


def rule_value_rows(doc_id: str | None, record: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """One row per value of a rules record (``RULE_VALUE_COLUMNS``): the value without its evidence, the
    evidenced text, its offsets and its sentence. Evidence cited from the title or a removed metadata line
    (``source``) has no offsets in the text: they are left empty, its sentence is that title or line."""
    for item in evidence_items(record):
        ev = item["evidence"]
        in_text = ev.get("source", "body") == "body"
        yield {"doc_id": doc_id, "field": item["field"], "value": json.dumps(item["value"], ensure_ascii=False),
               "evidence_text": ev.get("text"), "start": ev.get("start") if in_text else None,
               "end": ev.get("end") if in_text else None, "orig_start": ev.get("orig_start") if in_text else None,
               "orig_end": ev.get("orig_end") if in_text else None, "sentence": ev.get("sentence")}


def rule_value_records(corpus: Corpus, filters: Filters | None = None) -> Iterator[dict[str, Any]]:
    keep = _kept(corpus, filters)
    for row in corpus.rule_records():
        if keep is None or row["id"] in keep:
            yield from rule_value_rows(row["uid"], json.loads(row["rules"]))


def rule_table(corpus: Corpus, sort: str = "doc_id", needle: str = "", limit: int | None = None, offset: int = 0,
               with_rules: bool = False, filters: Filters | None = None) -> tuple[list[dict[str, Any]], int]:
    """The campaign-rules table (``RULE_TABLE_COLUMNS``, one row per document that states rules), sorted
    by a column (empty values last, then by doc_id), filtered by a substring of any column, one page at a
    time; (rows, total). ``filters`` keep the rows of the documents they keep. ``with_rules`` adds each
    row's full rules record (``rules``). A plain indexed
    query over ``rule_rows``; a read-only database built before that table gets it computed in a
    temporary table first (slow on a large corpus: opening the database writable stores it once)."""
    where, params = filters.checked().sql() if filters is not None else ("", [])
    rows, total = corpus.rule_table_page(where, params, sort, needle, limit, offset)
    if with_rules and rows:
        records = corpus.rules_of([r["id"] for r in rows])
        for r in rows:
            r["rules"] = json.loads(records[r["id"]])
    for r in rows:
        del r["id"]
    return rows, total


def rule_table_records(corpus: Corpus, filters: Filters | None = None) -> Iterator[dict[str, Any]]:
    yield from rule_table(corpus, filters=filters)[0]


PASSAGE_COLUMNS = ("cluster", "doc_id", "start", "end", "text", "n_docs", "n_sites", "kind", "paragraph", "site",
                   "boilerplate_score")
DUPLICATE_COLUMNS = ("cluster", "doc_id", "canonical", "duplicate_of", "coverage", "missing", "extra", "changes")
SUBSTITUTION_COLUMNS = ("a", "b", "count", "duplicate_count", "passage_count", "n_docs", "examples")


def _passages(corpus: Corpus, filters: Filters | None = None) -> Iterator[dict[str, Any]]:
    from ..reuse.listing import passage_occurrences

    yield from passage_occurrences(corpus, filters)


def _duplicates(corpus: Corpus, filters: Filters | None = None) -> Iterator[dict[str, Any]]:
    from ..reuse.listing import duplicate_rows

    yield from duplicate_rows(corpus, filters)


def _substitutions(corpus: Corpus, filters: Filters | None = None) -> Iterator[dict[str, Any]]:
    from ..reuse.listing import substitutions

    yield from substitutions(corpus, filters)


TABLES = {"documents": (document_records, DOCUMENT_COLUMNS), "paragraphs": (paragraph_records, PARAGRAPH_COLUMNS),
          "rules": (rule_value_records, RULE_VALUE_COLUMNS), "rule-table": (rule_table_records, RULE_TABLE_COLUMNS),
          "passages": (_passages, PASSAGE_COLUMNS), "duplicates": (_duplicates, DUPLICATE_COLUMNS),
          "substitutions": (_substitutions, SUBSTITUTION_COLUMNS)}


def _flat(record: dict[str, Any]) -> dict[str, Any]:
    return {k: json.dumps(v, ensure_ascii=False) if k in NESTED else v for k, v in record.items()}


def export(corpus: Corpus, table: str, fmt: str, output: str | None, filters: Filters | None = None,
           excel: bool = False) -> int:
    if table not in TABLES:
        raise errors.X601.error(table=table, valid=", ".join(TABLES))
    if fmt not in FORMATS:
        raise errors.X602.error(format=fmt, valid=", ".join(FORMATS))
    if excel and fmt != "csv":
        raise errors.X607.error("", "excel", format=fmt)
    producer, columns = TABLES[table]
    if fmt == "parquet" and not output:
        raise errors.X603.error()
    if output:
        validate.output_path(output)  # X604-X606 before any record is read
    filters = (filters or Filters()).checked()  # Q733/Q734 before any record is read
    records = producer(corpus, filters)
    if fmt == "parquet":
        assert output is not None
        return _parquet(records, columns, output)
    if not output:
        return write_records(records, columns, fmt, sys.stdout, excel=excel)
    with validate.written_atomically(output) as handle:  # a failure half-way leaves no partial file
        return write_records(records, columns, fmt, handle, excel=excel)


def write_records(records: Iterable[dict[str, Any]], columns: tuple[str, ...], fmt: str, handle: IO[str],
                  excel: bool = False) -> int:
    """Write records as JSON Lines or CSV (``columns``, nested fields as JSON; ``excel``: after a
    byte-order mark) to ``handle``; returns how many."""
    count = 0
    if fmt == "jsonl":
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    else:
        if excel:
            handle.write(BOM)
        writer = csv.DictWriter(handle, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        for record in records:
            writer.writerow(_flat(record))
            count += 1
    return count


def _parquet(records: Iterator[dict[str, Any]], columns: tuple[str, ...], output: str) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [_flat(r) for r in records]
    table = pa.Table.from_pylist(rows) if rows else pa.table({c: pa.array([], pa.string()) for c in columns})
    with validate.written_atomically(output, binary=True) as handle:
        pq.write_table(table, handle)
    return len(rows)
