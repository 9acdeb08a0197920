"""Stable codes for everything that can happen to an input file or a resource, with the exit status each
gives the command line.

The same code appears in the ingest ledger, in log messages and in docs/errors.md, so a user can search
for it. Codes never change meaning; new situations get new codes. Every code is registered here: the
ledger codes as ``Code`` objects (``ALL_CODES``), the others in ``COMMAND_CODES`` (what the code means);
``EXIT_STATUS`` gives each its exit status (``Exit``), which the command line exits with.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum


class Exit(IntEnum):
    """The command line's exit statuses (docs/errors.md)."""

    OK = 0  # done, every input accounted for
    PARTIAL = 1  # done, but not for everything: some files not ingested, a check failed
    USAGE = 2  # a bad command line: an unknown option value, a number out of range, a malformed query
    DATA = 3  # an input, the corpus, an output path, a model or a data file cannot be used as it is
    INTERNAL = 4  # a failure of jianghua or of its environment (worker processes, an unexpected error)


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
KEPT_WHOLE = _c("J110", Status.INGESTED, "kept_whole",
                "ingested whole: every line looked like furniture, so none was removed (see the page's flags)")
REMOVAL_REFUSED = _c("J111", Status.INGESTED, "removal_refused",
                     "ingested; removals that would have taken most of the page's sentences on weak evidence were refused")
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
    for c in (OK, OK_LOSSY, OK_NO_DOCUMENTS, KEPT_WHOLE, REMOVAL_REFUSED, DUPLICATE_BYTES, EMPTY, BLANK, BINARY, UNDECODABLE,
              TOO_LARGE, UNSUPPORTED, UNREADABLE, INTERNAL)
}


class JianghuaError(Exception):
    """An error a user can act on: carries a stable code and says what to do. ``argument`` names the
    library argument a message is about (``limit``, ``min_count``): the command line shows it as its
    option (``--limit``), the web workbench as its query parameter."""

    def __init__(self, code: str, message: str, argument: str | None = None):
        super().__init__(f"[{code}] {message}")
        self.code = code
        self.argument = argument

    @property
    def exit_status(self) -> Exit:
        return exit_status(self.code)


class Quarantine(Exception):
    """Raised inside a stage when a file must be quarantined rather than ingested."""

    def __init__(self, code: Code, **details: object):
        super().__init__(code.message(**details))
        self.code = code
        self.details = details


# Codes of the other families, raised as JianghuaError by the commands and the library (the ledger codes
# above are ``Code`` objects). Every code a JianghuaError carries is listed here with what it means:
# tests/test_validate.py checks that each code raised under pipeline/ is registered.
COMMAND_CODES: dict[str, str] = {
    # D4xx: the corpus database
    "D401": "no corpus database at the path given",
    "D402": "the file is not a jianghua corpus (another SQLite database, another kind of file, an empty file given to a"
            " command that reads a corpus, or another schema version)",
    "D403": "writing the database failed",
    "D404": "no such document",
    "D410": "not a devset folder, or a label or page of it cannot be read",
    "D411": "the scratch database of 'evaluate devset --db' exists already",
    "D430": "the corpus database is damaged: SQLite found corruption while reading it",
    "D431": "the database path is a folder or another kind of non-regular file",
    "D432": "the corpus database cannot be opened, created or read (permissions, a missing folder, an I/O error, a"
            " read-only folder holding a write-ahead log)",
    "D433": "the command writes to the corpus, and the database (or its folder) is read-only",
    # E9xx beyond the ledger's: an input named on the command line
    "E901": "a file or folder named on the command line cannot be read, or holds nothing to read",
    # Q7xx: queries and the values of options
    "Q701": "malformed search query",
    "Q702": "the index could not run the query",
    "Q703": "unknown sort order",
    "Q704": "unknown grouping (--by)",
    "Q705": "--ngram below 1",
    "Q706": "unknown association measure",
    "Q707": "no documents of the target group",
    "Q720": "unknown devset split",
    "Q721": "bad number of cross-validation folds",
    "Q730": "the query is longer than the query size limit",
    "Q731": "the query nests parentheses deeper than the limit",
    "Q732": "the query has more terms than the limit",
    "Q733": "a number out of its range (a negative limit, a year past 9999, an integer too big for SQLite) or not a"
            " whole number",
    "Q734": "an unknown value of an option with a closed set (the message lists the valid values)",
    "Q735": "the search ran past its time limit (60 s; 20 s in the web workbench)",
    "Q736": "a --stopwords file cannot be read or has a line that is not one word (file:line)",
    # X6xx: exports
    "X601": "unknown export table",
    "X602": "unknown export format",
    "X603": "parquet needs an output file",
    "X604": "the output file's folder does not exist",
    "X605": "the output path is a folder",
    "X606": "the output file cannot be written (permissions, a special file such as /proc/version, a full disk)",
    "X607": "--excel with a format other than CSV",
    # R5xx, M7xx, S8xx, V5xx, U8xx: resources, models, the Dask engine, rules records, reuse
    "R500": "a bad line in a resource file (file:line)",
    "R501": "a bad stage settings file: not TOML, an unknown table or key, a missing key or a value of the wrong type"
            " (file:line and the key)",
    "R510": "a rules record names a schema this version does not know",
    "M701": "incompatible or malformed model",
    "M702": "missing model",
    "M703": "bad training data",
    "S800": "the Dask engine needs Dask installed",
    "S801": "the shard folder already holds shards",
    "S802": "no shards in the folder",
    "S803": "too many partitions for the candidate order key",
    "S804": "a damaged or foreign shard",
    "S805": "worker processes cannot start",
    "V501": "a rules record does not validate against the published schema",
    "U801": "bad reuse parameters",
    "U802": "no reuse tables, or tables built by another version: run 'jianghua reuse'",
    "U803": "no such reused passage (a cluster id or a text that matches none, or a text too short to look up)",
    "U804": "(retired: no longer raised since the reuse build draws its MinHash permutations itself; kept so the code never"
            " takes another meaning)",
    # W9xx: the web workbench
    "W901": "unknown grouping of the overview's counts",
    "W902": "the request's URL or query string is over the size limit (HTTP 414)",
    "W903": "the Host header names a host this server does not answer for (DNS rebinding guard, HTTP 421)",
    "W904": "no such page (HTTP 404)",
    "W905": "the server failed on this request (HTTP 500; details in the server's log, not in the page)",
    "W906": "the method is not allowed on this page (HTTP 405)",
    "W907": "the request is not valid HTTP/1.1, e.g. raw non-ASCII bytes in its URL (HTTP 400)",
}


class ResourceError(JianghuaError):
    """A bad line in a data file under resources/, reported as file:line like jieba does."""

    def __init__(self, resource: str, line: int, reason: str):
        super().__init__("R500", f"{resource}:{line}: {reason}")


# The exit status of every code: what a command that stops with it exits with. A ledger code is a file's
# outcome: ingested or a duplicate is OK, quarantined or unreadable is DATA when the command was about
# that one file (``normalize FILE``, ``classify FILE``) and makes an ingest run PARTIAL when other files
# went in (DATA when none did); tests/test_validate.py checks that every registered code has one.
_EXITS: dict[Exit, str] = {
    Exit.OK: "J100 J101 J102 J110 J111 J201",
    Exit.USAGE: "D411 Q701 Q703 Q704 Q705 Q706 Q707 Q720 Q721 Q730 Q731 Q732 Q733 Q734 Q735 X601 X602 X603 X607 S800 U801 W901",
    Exit.DATA: "Q301 Q302 Q303 Q304 Q305 Q306 E901 D401 D402 D403 D404 D410 D430 D431 D432 D433 Q702 Q736"
               " X604 X605 X606 R500 R501 R510 M701 M702 M703 S801 S802 S803 S804 V501 U802 U803 U804"
               " W902 W903 W904 W906 W907",
    Exit.INTERNAL: "E900 S805 W905",
}
EXIT_STATUS: dict[str, Exit] = {code: status for status, codes in _EXITS.items() for code in codes.split()}


def exit_status(code: str) -> Exit:
    """The exit status of ``code`` (DATA for a code this build does not know: never raised by it)."""
    return EXIT_STATUS.get(code, Exit.DATA)
