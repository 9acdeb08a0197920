"""The frame of the ``jianghua`` command line: the Typer app, the options every command shares, and the one
place where errors become messages and exit statuses.

Commands raise, they never catch to print: ``_CodedErrors`` turns a coded error (``JianghuaError``)
raised anywhere under a command into ``jianghua: [CODE] message`` on stderr and the code's exit status
(``errors.EXIT_STATUS``: 0 ok, 1 partial, 2 usage, 3 data, 4 internal; docs/errors.md), with a library
argument shown as its option (``limit`` -> ``--limit``). ``open_corpus`` opens the corpus a command
works on and ``reading`` maps what SQLite raises on a damaged or unreadable database to its code
(D430, D432), so no command repeats a handler. Heavy libraries are imported inside the commands.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from .. import errors
from ..errors import JianghuaError

if TYPE_CHECKING:
    from ..corpus.store import Corpus


def shown(exc: JianghuaError, options: frozenset[str] = frozenset()) -> str:
    """The error's message as the command line shows it: the library argument it is about spelled as
    its option (``min_count`` -> ``--min-count``) where the message names it, when the command line has
    such an option (``options``; a positional argument such as a query keeps its name)."""
    text = str(exc)
    option = "--" + exc.argument.replace("_", "-") if exc.argument else ""
    if exc.argument and option in options:
        text = re.sub(rf"(?<![\w-]){re.escape(exc.argument)}(?![\w-])", option, text, count=1)
    return text


def _options(command: Any) -> frozenset[str]:
    """Every long option of a command and of the commands under it."""
    found = {opt for param in getattr(command, "params", ()) for opt in getattr(param, "opts", ()) if opt.startswith("--")}
    for sub in getattr(command, "commands", {}).values():
        found |= _options(sub)
    return frozenset(found)


class _CodedErrors(TyperGroup):
    """One handler for the whole command line: a coded error raised anywhere under a command becomes its
    message on stderr and its code's exit status."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except JianghuaError as exc:
            typer.echo(f"jianghua: {shown(exc, _options(self))}", err=True)
            raise typer.Exit(exc.exit_status) from None


app = typer.Typer(cls=_CodedErrors, add_completion=False, no_args_is_help=True, rich_markup_mode="rich",
                  help="jianghua: a clean, queryable corpus of Chinese official speeches and reports.\n\n"
                       "Example: [bold]jianghua ingest corpora/sample --db demo.db[/bold]")
export_app = typer.Typer(no_args_is_help=True, help="Export a table of the corpus (documents, paragraphs, rules, passages, ...).")
app.add_typer(export_app, name="export")
evaluate_app = typer.Typer(no_args_is_help=True, help="Evaluate extraction or classification against a golden annotation.")
app.add_typer(evaluate_app, name="evaluate")

DbOption = Annotated[str, typer.Option("--db", help="Corpus database file (default: ./jianghua.db, or $JIANGHUA_DB).",
                                       show_default=False)]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable JSON on stdout.")]

MAX_WORKERS = 1024  # --workers: processes, not threads; more than this is a typo

# What the command line adds to a corpus error of the library: the command that mends it.
_HINTS = {
    "D401": ": run 'jianghua ingest PATH --db {path}' first",
    "D430": "; 'jianghua verify --db {path}' lists what is wrong",
}


def _db(db: str | None) -> str:
    from ..corpus.store import default_db

    return db or default_db()


def _hinted(exc: JianghuaError, path: str) -> JianghuaError:
    hint = _HINTS.get(exc.code)
    if hint is None:
        return exc
    message = str(exc).removeprefix(f"[{exc.code}] ")
    return JianghuaError(exc.code, message + hint.format(path=path), exc.argument)


@contextmanager
def reading(path: str) -> Iterator[None]:
    """A command's work on the corpus at ``path``: an exception SQLite raises on a damaged or unreadable
    database becomes its coded error (D430, D432: never a traceback, never a partial answer with exit
    0), and a corpus error gets the command that mends it."""
    from ..corpus.store import corpus_error

    try:
        yield
    except (sqlite3.DatabaseError, json.JSONDecodeError) as exc:
        raise _hinted(corpus_error(path, exc), path) from exc
    except JianghuaError as exc:
        raise _hinted(exc, path) from exc


def open_corpus(db: str, readonly: bool = True, create: bool = True) -> Corpus:
    """The corpus of ``--db``: read-only for the query commands; writable (``create=False``: an existing
    one) for those that write. Coded errors for a missing, foreign, damaged or unwritable file."""
    from ..corpus.store import Corpus

    path = _db(db)
    with reading(path):
        return Corpus(path, readonly=readonly, create=create)


def _number(name: str, value: int, low: int = 0, high: int | None = None) -> int:
    """An integer option of the command itself (the library checks its own arguments), checked like them."""
    from .. import validate

    return validate.whole_number(name, value, low, validate.MAX_COUNT if high is None else high)


def _choice(name: str, value: str | None, valid: tuple[str, ...]) -> None:
    """An option of the command itself with a closed set of values (Q734 listing them)."""
    from .. import validate

    validate.one_of(name, value, valid)


# every control character but tab and line feed, shown as an escape (\x1b) instead of acting on the terminal
_CONTROLS = {c: f"\\x{c:02x}" for c in (*range(0x00, 0x09), *range(0x0b, 0x20), *range(0x7f, 0xa0))}


def _printable(text: object) -> str:
    """Text for a terminal: a corpus or a file name may hold an ESC (a colour, a cursor move, a title
    change) or a NUL; they are printed escaped."""
    return str(text).translate(_CONTROLS)


def _query(db: str, as_json: bool, call, reuse: bool = False):
    """Run a read-only query command: open the corpus, turn errors into messages, print JSON when asked
    (then return None), else return the result for the command's own table. With ``reuse`` (a query of
    the reuse index), a note on stderr when the index does not cover the documents as they are."""
    corpus = open_corpus(db)
    if reuse:
        from ..reuse import coverage

        covered, detail = coverage(corpus)
        if not covered:
            typer.echo(f"jianghua: note: {detail}", err=True)
    with reading(_db(db)):
        result = call(corpus)
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2, default=str))
        return None
    return result


def _print_rows(title: str, columns: list[str], rows: list[list[object]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(*columns, title=title)
    for row in rows:
        table.add_row(*[str(v) for v in row])
    Console().print(table)


def quarantined(path: str, exc: errors.Quarantine) -> JianghuaError:
    """A page given on the command line that ingest would quarantine: its ledger code, as an error."""
    return JianghuaError(exc.code.code, f"{path}: {str(exc).removeprefix(f'[{exc.code.code}] ')}")
