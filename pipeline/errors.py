"""Stable codes for everything that can happen to an input file or a resource.

The same code appears in the ingest ledger, in log messages and in the README, so a user can search
for it. Codes never change meaning; new situations get new codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    """Ledger status of one input file: every file gets exactly one current row with one of the first
    four; an earlier version of a file keeps its row as ``superseded`` (history, no documents)."""

    INGESTED = "ingested"
    DUPLICATE = "duplicate"
    QUARANTINED = "quarantined"
    ERROR = "error"
    SUPERSEDED = "superseded"


@dataclass(frozen=True)
class Code:
    code: str
    status: Status
    slug: str
    text: str

    def message(self, **details: object) -> str:
        extra = ", ".join(f"{k}={v}" for k, v in details.items())
        return f"[{self.code}] {self.text}" + (f" ({extra})" if extra else "")


def _c(code: str, status: Status, slug: str, text: str) -> Code:
    return Code(code, status, slug, text)


OK = _c("J100", Status.INGESTED, "ok", "ingested")
OK_LOSSY = _c("J101", Status.INGESTED, "invalid_bytes_replaced",
              "ingested; a few invalid byte sequences were replaced with U+FFFD and flagged")
OK_NO_DOCUMENTS = _c("J102", Status.INGESTED, "no_documents",
                     "ingested, but nothing but page furniture was found: no documents")
DUPLICATE_BYTES = _c("J201", Status.DUPLICATE, "same_bytes", "the same bytes were already ingested")
EMPTY = _c("Q301", Status.QUARANTINED, "empty", "the file is empty")
BLANK = _c("Q302", Status.QUARANTINED, "whitespace_only", "the file holds only whitespace")
BINARY = _c("Q303", Status.QUARANTINED, "binary", "the file is binary, not text")
UNDECODABLE = _c("Q304", Status.QUARANTINED, "undecodable",
                 "no supported encoding decodes the file without losing text")
TOO_LARGE = _c("Q305", Status.QUARANTINED, "too_large", "the file is over the size cap")
UNSUPPORTED = _c("Q306", Status.QUARANTINED, "unsupported_type", "the file type is not supported")
UNREADABLE = _c("E901", Status.ERROR, "unreadable", "the file could not be read")
INTERNAL = _c("E900", Status.ERROR, "internal_error", "processing failed with an internal error")

ALL_CODES: dict[str, Code] = {
    c.code: c
    for c in (OK, OK_LOSSY, OK_NO_DOCUMENTS, DUPLICATE_BYTES, EMPTY, BLANK, BINARY, UNDECODABLE,
              TOO_LARGE, UNSUPPORTED, UNREADABLE, INTERNAL)
}


class JianghuaError(Exception):
    """An error a user can act on: carries a stable code and says what to do."""

    def __init__(self, code: str, message: str):
        super().__init__(f"[{code}] {message}")
        self.code = code


class Quarantine(Exception):
    """Raised inside a stage when a file must be quarantined rather than ingested."""

    def __init__(self, code: Code, **details: object):
        super().__init__(code.message(**details))
        self.code = code
        self.details = details


# Codes of other families, listed here so the README and the code agree (raised as JianghuaError):
# D401 no database, D402 schema version, D403 writing the database failed, D404 no such document; Q701-Q707 malformed queries;
# X601-X603 export arguments; R500 bad resource line; M701 incompatible or malformed model,
# M702 missing model, M703 bad training data; S800-S804 Dask engine and shards, S805 worker processes cannot start; V501 invalid rules record.


class ResourceError(JianghuaError):
    """A bad line in a data file under resources/, reported as file:line like jieba does."""

    def __init__(self, resource: str, line: int, reason: str):
        super().__init__("R500", f"{resource}:{line}: {reason}")
