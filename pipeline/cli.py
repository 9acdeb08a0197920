"""The ``jianghua`` command line: argument parsing, progress and messages over the library.

Exit codes: 0 success; 1 partial (some files not ingested, a check failed); 2 nothing done or a
usage error. Heavy libraries are imported inside the commands that need them.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from .errors import JianghuaError

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode="rich",
                  help="jianghua: a clean, queryable corpus of Chinese official speeches and reports.\n\n"
                       "Example: [bold]jianghua ingest corpora/sample --db demo.db[/bold]")
export_app = typer.Typer(no_args_is_help=True, help="Export a table of the corpus (documents, paragraphs).")
app.add_typer(export_app, name="export")

DbOption = Annotated[str, typer.Option("--db", help="Corpus database file [default: ./jianghua.db or $JIANGHUA_DB].",
                                       show_default=False)]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable JSON on stdout.")]


def _db(db: str | None) -> str:
    from .store import default_db

    return db or default_db()


def _fail(exc: JianghuaError, code: int = 2) -> None:
    typer.echo(f"jianghua: {exc}", err=True)
    raise typer.Exit(code)


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files or folders (searched recursively).")],
    db: DbOption = "",
    max_bytes: Annotated[int, typer.Option(help="Quarantine files larger than this.")] = 20 * 1024 * 1024,
    as_json: JsonOption = False,
) -> None:
    """Ingest scraped pages into the corpus: decode, repair, clean, normalize, split, segment, index.

    Every input file gets one ledger row: ingested, duplicate, quarantined or error.
    Exit 0 when all files are in, 1 when some are not, 2 when nothing was ingested.

    Example: [bold]jianghua ingest ../shared/seeds corpora/sample --db corpus.db[/bold]
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from .ingest import ingest_paths
    from .store import Corpus

    missing = [p for p in paths if not __import__("os").path.exists(p)]
    if missing:
        typer.echo(f"jianghua: no such file or folder: {', '.join(missing)}", err=True)
        raise typer.Exit(2)
    path = _db(db)
    console = Console(stderr=True)
    try:
        corpus = Corpus(path)
    except JianghuaError as exc:
        _fail(exc)
    with Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  TextColumn("{task.fields[name]}"), console=console, disable=as_json or not console.is_terminal) as bar:
        task = bar.add_task("ingest", total=None, name="")
        summary = ingest_paths(
            corpus, paths, max_bytes=max_bytes,
            on_start=lambda n: bar.update(task, total=n),
            progress=lambda name, n: bar.update(task, advance=n, name=name[-40:]))
    corpus.close()
    result = summary.as_dict() | {"database": path}
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        files = ", ".join(f"{n} {status}" for status, n in sorted(summary.files.items())) or "none new"
        console.print(f"[bold]{sum(summary.files.values())} files[/bold]: {files}"
                      + (f"; {summary.unchanged} already in, unchanged" if summary.unchanged else ""))
        console.print(f"{summary.documents} documents, {summary.characters:,} characters in {summary.seconds:.1f} s")
        for problem in summary.problems[:20]:
            console.print(f"  [yellow]{problem['status']}[/yellow] {problem['path']}: {problem['message']}")
        if len(summary.problems) > 20:
            console.print(f"  ... and {len(summary.problems) - 20} more: see 'jianghua stats --ledger'")
        console.print(f"database: {path}")
    raise typer.Exit(summary.exit_code)


@app.command()
def show(
    doc_id: Annotated[str, typer.Argument(help="Document id (as in 'export documents') or row number.")],
    db: DbOption = "",
    original: Annotated[bool, typer.Option("--original", help="Show the cleaned original script instead of canonical.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Show one document: title, source, heading tree and text.

    Example: [bold]jianghua show 86ae1a88ad-1 --original[/bold]
    """
    from .store import Corpus

    try:
        corpus = Corpus(_db(db), readonly=True)
        row = corpus.document(doc_id)
    except JianghuaError as exc:
        _fail(exc)
    sections = corpus.sections(row["id"])
    if as_json:
        typer.echo(json.dumps({
            "id": row["uid"], "source": row["source"], "ordinal": row["ordinal"], "title": row["title"],
            "script": row["script"], "complete": bool(row["complete"]), "flags": json.loads(row["flags"]),
            "text": row["original"] if original else row["text"],
            "sections": [{"number": s["number"], "heading": s["heading"], "start": s["start"], "end": s["end"]} for s in sections],
        }, ensure_ascii=False, indent=2))
        return
    from rich.console import Console

    console = Console()
    console.print(f"[bold]{row['title_original'] if original else row['title']}[/bold]")
    console.print(f"[dim]{row['uid']} · {row['source']} #{row['ordinal']} · {row['script']} · "
                  f"{'complete' if row['complete'] else 'INCOMPLETE'} · {row['n_chars']} chars[/dim]")
    for s in sections:
        console.print(f"[dim]{'  ' * (s['level'] - 1)}{s['number']} {s['heading'][:50]}[/dim]")
    console.print()
    console.print(row["original"] if original else row["text"], markup=False, highlight=False)


@app.command()
def stats(
    db: DbOption = "",
    ledger: Annotated[bool, typer.Option("--ledger", help="List every input file with its status.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Counts of files by ledger status, documents, characters, and furniture removed by reason.

    Example: [bold]jianghua stats --ledger --json[/bold]
    """
    from .store import Corpus

    try:
        corpus = Corpus(_db(db), readonly=True)
    except JianghuaError as exc:
        _fail(exc)
    result = corpus.stats()
    if ledger:
        result["ledger"] = [{k: r[k] for k in ("path", "status", "code", "message", "sha256", "site")} for r in corpus.ledger()]
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title=f"corpus {result['database']}", show_header=False)
    for key, value in result.items():
        if key not in ("ledger", "database"):
            table.add_row(key, json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else str(value))
    console.print(table)
    if ledger:
        lt = Table("status", "code", "path", "message")
        for r in result["ledger"]:
            lt.add_row(r["status"], r["code"], r["path"], r["message"])
        console.print(lt)


@app.command()
def verify(db: DbOption = "", as_json: JsonOption = False) -> None:
    """Check the corpus invariants; exit 1 when one fails.

    Every file accounted for, PRAGMA integrity_check, FTS5 integrity, documents and index agree.

    Example: [bold]jianghua verify --db corpus.db[/bold]
    """
    from .store import Corpus

    try:
        corpus = Corpus(_db(db))
    except JianghuaError as exc:
        _fail(exc)
    checks = corpus.verify()
    failed = [c for c in checks if not c["ok"]]
    if as_json:
        typer.echo(json.dumps({"ok": not failed, "checks": checks}, ensure_ascii=False, indent=2))
    else:
        for c in checks:
            typer.echo(f"{'ok  ' if c['ok'] else 'FAIL'} {c['check']}: {c['detail']}")
    raise typer.Exit(1 if failed else 0)


@export_app.command("documents")
def export_documents(
    db: DbOption = "",
    fmt: Annotated[str, typer.Option("--format", help="jsonl, csv or parquet.")] = "jsonl",
    output: Annotated[str | None, typer.Option("--output", "-o", help="Output file (default: stdout).")] = None,  # noqa: UP007
) -> None:
    """One record per document: id, source, ordinal, title, text, original, script, complete, sections...

    Example: [bold]jianghua export documents --format parquet -o docs.parquet[/bold]
    """
    _export("documents", db, fmt, output)


@export_app.command("paragraphs")
def export_paragraphs(
    db: DbOption = "",
    fmt: Annotated[str, typer.Option("--format", help="jsonl, csv or parquet.")] = "jsonl",
    output: Annotated[str | None, typer.Option("--output", "-o", help="Output file (default: stdout).")] = None,  # noqa: UP007
) -> None:
    """One record per paragraph: doc_id, ordinal, kind, section, start, end, text, words.

    Example: [bold]jianghua export paragraphs --format csv -o paragraphs.csv[/bold]
    """
    _export("paragraphs", db, fmt, output)


def _export(table: str, db: str, fmt: str, output: str | None) -> None:
    from .export import export
    from .store import Corpus

    try:
        corpus = Corpus(_db(db), readonly=True)
        count = export(corpus, table, fmt, output)
    except JianghuaError as exc:
        _fail(exc)
    if output:
        typer.echo(f"{count} {table} written to {output}", err=True)


@app.command()
def normalize(
    file: Annotated[str, typer.Argument(help="A text file, or - for standard input.")] = "-",
    canonical_only: Annotated[bool, typer.Option("--text-only", help="Print the canonical text only (no page analysis).")] = False,
    as_json: JsonOption = False,
) -> None:
    """Clean and normalize a page as a text filter: the documents' canonical text on stdout.

    With --text-only, only the script/vocabulary normalization runs (no cleaning or splitting).

    Example: [bold]cat page.txt | jianghua normalize - > clean.txt[/bold]
    """
    from . import errors as err
    from .normalize import normalize as normalize_text

    data = sys.stdin.buffer.read() if file == "-" else open(file, "rb").read()
    if canonical_only:
        from .decode import decode_bytes

        try:
            text = decode_bytes(data).text
        except err.Quarantine as exc:
            typer.echo(f"jianghua: {file}: {exc}", err=True)
            raise typer.Exit(2) from None
        typer.echo(normalize_text(text).text, nl=False)
        return
    from .stages import process_page

    try:
        page = process_page(data, file)
    except err.Quarantine as exc:
        typer.echo(f"jianghua: {file}: {exc}", err=True)
        raise typer.Exit(2) from None
    if as_json:
        typer.echo(json.dumps({
            "script": page.script, "encoding": page.encoding, "repairs": page.repairs, "flags": page.flags,
            "removed": [{"line": r.line, "code": r.code, "text": r.text} for r in page.removed],
            "documents": [{"ordinal": d.ordinal, "title": d.title, "complete": d.complete, "text": d.text}
                          for d in page.documents]}, ensure_ascii=False, indent=2))
        return
    for doc in page.documents:
        typer.echo(f"# {doc.title}\n")
        typer.echo(doc.text + "\n")


def main() -> None:
    try:
        app()
    except JianghuaError as exc:
        typer.echo(f"jianghua: {exc}", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
