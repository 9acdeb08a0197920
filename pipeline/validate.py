"""Input validation shared by the command line and the web workbench: what a whole number, an option
with a closed set of values, a search query and an output path may be.

The library's query functions (``query``, ``reuse``, ``export``) call these on their arguments, so the
CLI and the web get the same checks and the same coded errors. ``name`` is the argument's name in the
library (``limit``, ``min_count``); the error carries it (``JianghuaError.argument``) and the command
line shows it as its option (``--limit``). A value outside its range is an error
(Q733), never clamped in silence and never handed to SQLite to overflow; an unknown value of a closed
set (Q734) is an error listing the valid ones, never an empty result.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from . import errors

# SQLite stores integers in 64 bits: a larger Python int raises OverflowError when bound.
SQLITE_MAX_INTEGER = 2**63 - 1
# Counts a user asks for (--limit, --offset, --top, --min-count, a page number...): far above any corpus
# (the bench corpus has 0.6 M paragraphs), far below what overflows when multiplied by a page size.
MAX_COUNT = 2**31 - 1
# Characters of context (--window) and words of a collocation window: a paragraph is rarely longer.
MAX_WINDOW = 10_000
YEARS = (1, 9999)

# Search queries: a researcher's query has a few terms; these bound the work one query can ask for.
# 3,000 OR-ed copies of one term kept SQLite's FTS5 busy for over 120 s, 3,000 AND-ed terms and 600
# nested parentheses overflowed Python's recursion limit in the parser: the caps sit far above any
# real query and far below either failure (64 OR-ed copies of 依法 over 12 MB of the bench corpus's
# laws: 0.1 s). What still runs long stops at the search time limit (store.QUERY_SECONDS, Q735).
MAX_QUERY_CHARS = 1_000  # Q730: characters of a query, a KWIC word or a term to chart
MAX_PASSAGE_CHARS = 20_000  # Q730: characters of a passage text looked up by 'variants'
MAX_QUERY_TERMS = 64  # Q732: terms and phrases in one query
MAX_QUERY_DEPTH = 16  # Q731: nested parentheses

_WHOLE = re.compile(r"[+-]?[0-9]{1,30}")  # ASCII digits only: "²".isdigit() is True, int("²") fails


def _argument(name: str) -> str | None:
    """The library argument a value belongs to (``limit``), for the interfaces to spell as theirs; None
    for a name given already as a command-line option (``--workers``) or as words (``query``)."""
    return name if name.isidentifier() else None


def whole_number(name: str, value: object, low: int = 0, high: int = MAX_COUNT) -> int:
    """``value`` (an int, or a text of ASCII digits with an optional sign) as an int in [low, high];
    Q733 naming ``name`` and the range otherwise."""
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and _WHOLE.fullmatch(value.strip()):
        number = int(value.strip())
    if number is None or not low <= number <= high:
        shown = repr(value) if isinstance(value, str) else str(value)
        kind = "a whole number" if number is None else "out of range"
        raise errors.Q733.error("", _argument(name), name=name, low=low, high=high, value=shown[:40], kind=kind)
    return number


def count(name: str, value: int | None, high: int = MAX_COUNT) -> int | None:
    """A non-negative count (a limit, an offset, a top-N); None passes (no limit)."""
    return None if value is None else whole_number(name, value, 0, high)


def year(value: object) -> int | None:
    """A year filter: None or empty means none; else a whole number in ``YEARS``."""
    if value is None or value == "":
        return None
    return whole_number("year", value, *YEARS)


def one_of(name: str, value: str | None, valid: Collection[str]) -> str | None:
    """``value`` if it is one of ``valid`` (None and "" pass as None: no filter); Q734 listing the
    valid values otherwise."""
    if value is None or value == "":
        return None
    if value not in valid:
        raise errors.Q734.error("", _argument(name), name=name, value=value[:60], valid=", ".join(valid))
    return value


# the spellings of a yes/no value (an option or URL parameter such as exclude_duplicates=1)
FLAG_TRUE = ("1", "true", "on", "yes")
FLAG_FALSE = ("", "0", "false", "off", "no")


def flag(name: str, value: object) -> bool:
    """A yes/no value: True for 1, true, on, yes; False for 0, false, off, no, "" and None (any case);
    Q734 listing those for anything else (``exclude_duplicates=ture`` must not quietly mean no)."""
    if isinstance(value, bool) or value is None:
        return bool(value)
    spelled = str(value).strip().lower()
    if spelled in FLAG_TRUE:
        return True
    if spelled not in FLAG_FALSE:
        raise errors.Q734.error("", _argument(name), name=name, value=str(value)[:60],
                                valid=", ".join(FLAG_TRUE + FLAG_FALSE[1:]))
    return False


def text_size(name: str, text: str, limit: int = MAX_QUERY_CHARS) -> str:
    """``text`` if it has at most ``limit`` characters; Q730 otherwise."""
    if len(text) > limit:
        raise errors.Q730.error("", _argument(name), name=name, length=len(text), limit=limit)
    return text


def query_shape(terms: int, depth: int) -> None:
    """Q732 for a query of more than ``MAX_QUERY_TERMS`` terms, Q731 for parentheses nested deeper
    than ``MAX_QUERY_DEPTH`` (checked on the tokens, before the parser recurses)."""
    if terms > MAX_QUERY_TERMS:
        raise errors.Q732.error(terms=terms, limit=MAX_QUERY_TERMS)
    if depth > MAX_QUERY_DEPTH:
        raise errors.Q731.error(depth=depth, limit=MAX_QUERY_DEPTH)


# --- output files ---------------------------------------------------------------------------------

def output_path(path: str | os.PathLike[str]) -> Path:
    """An output file the command may write: its folder exists (X604), it is not a folder (X605),
    and if it exists it is a regular file we may write (X606: /proc/version, a device, a FIFO)."""
    target = Path(path)
    if target.is_dir():
        raise errors.X605.error(path=target, example=target / "out.jsonl")
    folder = target.parent
    if not folder.is_dir():
        raise errors.X604.error(path=target, folder=folder)
    if target.exists() and not target.is_file():
        raise errors.X606.error("not_regular", path=target)
    if (target.exists() and not os.access(target, os.W_OK)) or not os.access(folder, os.W_OK | os.X_OK):
        raise errors.X606.error(path=target, reason="permission denied")
    if target.exists() and _special_filesystem(target):
        raise errors.X606.error("kernel", path=target)
    return target


def _special_filesystem(path: Path) -> bool:
    """True for a file under /proc or /sys (root may open some for writing; they are not data files)."""
    resolved = path.resolve()
    return any(resolved.is_relative_to(root) for root in (Path("/proc"), Path("/sys"), Path("/dev")))


@contextmanager
def written_atomically(path: str | os.PathLike[str], binary: bool = False) -> Iterator[IO[Any]]:
    """A file handle for ``path`` (checked by ``output_path``) whose content appears there only when
    the block completes: it is written to a temporary file beside it and renamed over it, so a failure
    half-way (a damaged corpus, a full disk, Ctrl-C) leaves no partial file and an existing one intact.
    Write errors are X606."""
    target = output_path(path)
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise errors.X606.error(path=target, reason=exc.strerror or exc) from exc
    try:
        handle: IO[Any] = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="")
        with handle:
            yield handle
        if target.exists():  # keep the permissions of the file we replace
            os.chmod(temporary, target.stat().st_mode & 0o7777)
        else:
            os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise errors.X606.error(path=target, reason=exc.strerror or exc) from exc
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
