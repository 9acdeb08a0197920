"""The ``jianghua`` command line: argument parsing, progress and messages over the library.

Exit codes: 0 success; 1 partial (some files not ingested, a check failed); 2 nothing done or a
usage error. Heavy libraries are imported inside the commands that need them.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from typing import Annotated

import typer

from .errors import JianghuaError

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode="rich",
                  help="jianghua: a clean, queryable corpus of Chinese official speeches and reports.\n\n"
                       "Example: [bold]jianghua ingest corpora/sample --db demo.db[/bold]")
export_app = typer.Typer(no_args_is_help=True, help="Export a table of the corpus (documents, paragraphs, rules, passages, ...).")
app.add_typer(export_app, name="export")
evaluate_app = typer.Typer(no_args_is_help=True, help="Evaluate extraction or classification against a golden annotation.")
app.add_typer(evaluate_app, name="evaluate")

DbOption = Annotated[str, typer.Option("--db", help="Corpus database file (default: ./jianghua.db, or $JIANGHUA_DB).",
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
    workers: Annotated[int, typer.Option(help="Worker processes for the per-page stages (default: all cores).",
                                         show_default=False)] = 0,
    engine: Annotated[str, typer.Option(help="local (worker processes) or dask (a Dask cluster, via Parquet shards).")] = "local",
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address (tcp://HOST:PORT); default a LocalCluster.")] = None,
    shards: Annotated[str, typer.Option(help="With --engine dask: the folder for the Parquet shards.")] = "jianghua-shards",
    no_reuse: Annotated[bool, typer.Option("--no-reuse", help="Do not rebuild the reuse index at the end.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Ingest scraped pages into the corpus: decode, repair, clean, normalize, split, segment, index.

    Every input file gets one ledger row: ingested, duplicate, quarantined or error.
    Exit 0 when all files are in, 1 when some are not, 2 when nothing was ingested.

    With --engine dask the per-page stages run on a Dask cluster and write Parquet shards to --shards,
    which are then loaded into --db (see also 'jianghua load').

    Example: [bold]jianghua ingest ../shared/seeds corpora/sample --db corpus.db[/bold]
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from .ingest import ingest_paths
    from .store import Corpus

    missing = [p for p in paths if not __import__("os").path.exists(p)]
    if missing:
        typer.echo(f"jianghua: [E901] no such file or folder: {', '.join(missing)}", err=True)
        raise typer.Exit(2)
    path = _db(db)
    console = Console(stderr=True)
    if engine not in ("local", "dask"):
        typer.echo(f"jianghua: --engine must be local or dask, not {engine!r}", err=True)
        raise typer.Exit(2)
    dask_client = None
    try:
        corpus = Corpus(path)
        if engine == "dask":
            from .distributed import client, ingest_dask

            dask_client = client(scheduler, workers or (__import__("os").cpu_count() or 1))
            manifest = ingest_dask(paths, shards, max_bytes=max_bytes, reuse=None if no_reuse else {}, dask_client=dask_client)
            console.print(f"shards: {shards} ({manifest['partitions']} partitions, {manifest['seconds']} s); loading")
    except JianghuaError as exc:
        if dask_client is not None:
            dask_client.close()
        _fail(exc)
    if engine == "dask":
        from .distributed import DaskEngine

        assert dask_client is not None
        try:  # the reuse build's tasks run on the same cluster
            _load_and_report(corpus, shards, path, as_json, console, reuse=not no_reuse, engine=DaskEngine(dask_client))
        finally:
            dask_client.close()
        return
    n_workers = workers or (__import__("os").cpu_count() or 1)
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  TextColumn("{task.fields[name]}"), console=console, disable=as_json or not console.is_terminal) as bar:
        task = bar.add_task("ingest", total=None, name="")
        try:
            summary = ingest_paths(
                corpus, paths, max_bytes=max_bytes, workers=n_workers,
                on_start=lambda n: bar.update(task, total=n),
                progress=lambda name, n: bar.update(task, advance=n, name=name[-40:]))
        except (KeyboardInterrupt, sqlite3.Error, JianghuaError) as exc:
            stopped = ("interrupted" if isinstance(exc, KeyboardInterrupt) else str(exc) if isinstance(exc, JianghuaError)
                       else f"[D403] writing {path} failed: {exc}")
            typer.echo(f"jianghua: {stopped}. Every file committed before the stop is complete and the rest are"
                       " not in the database: run the same command again to go on.", err=True)
            raise typer.Exit(130 if isinstance(exc, KeyboardInterrupt) else 2) from None
        reuse_result = None
        if not no_reuse and (summary.files["ingested"] or _reuse_behind(corpus)):
            reuse_result = _build_reuse(corpus, console, quiet=True, workers=n_workers, bar=bar)
    corpus.close()
    if reuse_result is not None:
        summary.stages["reuse"] = reuse_result["seconds"]
        summary.seconds += reuse_result["seconds"]
    result = summary.as_dict() | {"database": path}
    if reuse_result is not None:
        result["reuse"] = {k: v for k, v in reuse_result.items() if k != "params"}
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        files = ", ".join(f"{n} {status}" for status, n in sorted(summary.files.items())) or "none new"
        console.print(f"[bold]{sum(summary.files.values())} files[/bold]: {files}"
                      + (f"; {summary.unchanged} already in, unchanged" if summary.unchanged else ""))
        console.print(f"{summary.documents} documents, {summary.characters:,} characters in {summary.seconds:.1f} s"
                      f" ({_stages(summary.stages, reuse_result)})")
        for problem in summary.problems[:20]:
            console.print(f"  [yellow]{problem['status']}[/yellow] {problem['path']}: {problem['message']}")
        if len(summary.problems) > 20:
            console.print(f"  ... and {len(summary.problems) - 20} more: see 'jianghua stats --ledger'")
        if reuse_result is not None:
            console.print(_reuse_line(reuse_result))
        console.print(f"database: {path}")
    raise typer.Exit(summary.exit_code)


@app.command()
def load(
    shards: Annotated[str, typer.Argument(help="A folder of Parquet shards written by 'ingest --engine dask'.")],
    db: DbOption = "",
    no_reuse: Annotated[bool, typer.Option("--no-reuse", help="Do not rebuild the reuse index at the end.")] = False,
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address (tcp://HOST:PORT) to run the reuse build's"
                                                       " tasks on; default: local worker processes.")] = None,
    workers: Annotated[int, typer.Option(help="Local worker processes for the reuse build (default: all cores).",
                                         show_default=False)] = 0,
    as_json: JsonOption = False,
) -> None:
    """Build (or extend) the SQLite corpus from Parquet shards, exactly as a plain ingest would, then
    the reuse index (from the candidate pairs the Dask job computed, when they fit this corpus).

    Example: [bold]jianghua load /shared/out/shards --db corpus.db[/bold]
    """
    from rich.console import Console

    from .store import Corpus

    try:
        corpus = Corpus(_db(db))
    except JianghuaError as exc:
        _fail(exc)
    if scheduler:
        from .distributed import DaskEngine, client

        dask_client = client(scheduler, 1)
        try:
            _load_and_report(corpus, shards, _db(db), as_json, Console(stderr=True), reuse=not no_reuse,
                             engine=DaskEngine(dask_client))
        finally:
            dask_client.close()
        return
    _load_and_report(corpus, shards, _db(db), as_json, Console(stderr=True), reuse=not no_reuse,
                     workers=workers or (__import__("os").cpu_count() or 1))


def _load_and_report(corpus, shards: str, path: str, as_json: bool, console, reuse: bool = True, engine=None,
                     workers: int = 1) -> None:
    from .distributed import load as load_shards

    try:
        summary = load_shards(shards, corpus)
    except JianghuaError as exc:
        _fail(exc)
    if reuse and (summary.files["ingested"] or _reuse_behind(corpus)):
        _build_reuse(corpus, console, quiet=as_json, shards=shards, engine=engine, workers=workers)
    corpus.close()
    result = summary.as_dict() | {"database": path, "shards": shards}
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        files = ", ".join(f"{n} {status}" for status, n in sorted(summary.files.items())) or "none new"
        console.print(f"[bold]{sum(summary.files.values())} files[/bold]: {files}; {summary.documents} documents")
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
        corpus = Corpus(_db(db), create=False)
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


@app.command()
def migrate(db: DbOption = "", as_json: JsonOption = False) -> None:
    """Bring a database built by an older jianghua up to date: add the tables and indexes this build
    expects and fill the stored rules table (rule_rows) the web workbench's /rules reads.

    Opening a database writable does this anyway (ingest, verify); migrate does only this, in seconds.

    Example: [bold]jianghua migrate --db corpus.db --json[/bold]
    """
    import sqlite3
    import time
    from pathlib import Path

    from .store import Corpus

    path = _db(db)
    if not Path(path).exists():
        _fail(JianghuaError("D401", f"no corpus database at {path}: run 'jianghua ingest PATH --db {path}' first"))
    objects = "SELECT name FROM sqlite_master WHERE type IN ('table', 'index') AND name NOT LIKE 'sqlite_%'"
    try:
        with Corpus(path, readonly=True) as before:  # D402 for a file that is not a jianghua corpus: never convert it
            had = {r[0] for r in before.db.execute(objects)}
            was_ready = before.rule_rows_ready()
        started = time.perf_counter()
        corpus = Corpus(path)  # writable: runs the migration
    except JianghuaError as exc:
        _fail(exc)
    except sqlite3.Error as exc:  # e.g. a schema-1 database from before a column this build indexes
        _fail(JianghuaError("D402", f"{path} cannot be brought up to date ({exc}): it was built by a much older "
                                    "jianghua; re-ingest into a new database"))
    seconds = time.perf_counter() - started
    with corpus:
        added = sorted({r[0] for r in corpus.db.execute(objects)} - had)
        rows = corpus.db.execute("SELECT count(*) FROM rule_rows").fetchone()[0]
        version = corpus._version()
        filled = not was_ready and corpus.rule_rows_ready()
    if as_json:
        typer.echo(json.dumps({"database": path, "schema_version": version, "added": added,
                               "rule_rows": {"filled": filled, "rows": rows}, "seconds": round(seconds, 2)},
                              ensure_ascii=False, indent=2))
        return
    typer.echo(f"{path}: schema version {version}")
    typer.echo(f"added: {', '.join(added)}" if added else "tables and indexes: all present")
    typer.echo(f"rule_rows: {'filled with' if filled else 'already current,'} {rows:,} rows")
    typer.echo(f"{seconds:.1f} s")


@export_app.command("rules")
def export_rules(
    db: DbOption = "",
    fmt: Annotated[str, typer.Option("--format", help="jsonl, csv or parquet.")] = "jsonl",
    output: Annotated[str | None, typer.Option("--output", "-o", help="Output file (default: stdout).")] = None,
) -> None:
    """One record per extracted rule value: doc_id, field, value, start, end, orig_start, orig_end, sentence.

    Example: [bold]jianghua export rules --format csv -o rule-values.csv[/bold]
    """
    _export("rules", db, fmt, output)


@app.command()
def rules(
    doc_ids: Annotated[list[str] | None, typer.Argument(help="Document ids (default with --all: every document).")] = None,
    db: DbOption = "",
    all_docs: Annotated[bool, typer.Option("--all", help="Every document that states rules.")] = False,
    fmt: Annotated[str, typer.Option("--format", help="json (a list), jsonl, or csv (one row per value).")] = "json",
    validate: Annotated[bool, typer.Option(help="Validate each record against the published schema.")] = True,
) -> None:
    """The campaign rules extracted from documents, as JSON valid against campaign-rules.v1.json.

    Every value carries its evidence: document id, offsets in the canonical and original text, sentence.

    Example: [bold]jianghua rules --all --format jsonl > rules.jsonl[/bold]
    """
    from .export import evidence_items
    from .extract import validator

    if not doc_ids and not all_docs:
        typer.echo("jianghua: give document ids or --all", err=True)
        raise typer.Exit(2)
    if fmt not in ("json", "jsonl", "csv"):
        typer.echo(f"jianghua: --format must be json, jsonl or csv, not {fmt!r}", err=True)
        raise typer.Exit(2)
    corpus = _open(db)
    try:
        rows = [corpus.document(d) for d in doc_ids] if doc_ids else list(corpus.documents())
    except JianghuaError as exc:
        _fail(exc)
    records = [json.loads(r["rules"]) for r in rows if r["rules"]]
    if validate:
        check = validator()
        for record in records:
            problems = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in check.iter_errors(record)]
            if problems:
                typer.echo(f"jianghua: [V501] {record.get('doc_id')} does not validate: {problems[:3]}", err=True)
                raise typer.Exit(1)
    if fmt == "json":
        typer.echo(json.dumps(records, ensure_ascii=False, indent=2))
    elif fmt == "jsonl":
        for record in records:
            typer.echo(json.dumps(record, ensure_ascii=False))
    else:
        import csv as csvlib

        writer = csvlib.writer(sys.stdout)
        writer.writerow(["doc_id", "field", "value", "start", "end", "orig_start", "orig_end", "sentence"])
        for record in records:
            for item in evidence_items(record):
                ev = item["evidence"]
                writer.writerow([record.get("doc_id"), item["field"], json.dumps(item["value"], ensure_ascii=False),
                                 ev.get("start"), ev.get("end"), ev.get("orig_start"), ev.get("orig_end"), ev.get("sentence")])


@app.command("classify")
def classify_command(
    target: Annotated[str, typer.Argument(help="A page file (classified after cleaning and splitting) or a document id.")],
    db: DbOption = "",
    as_json: JsonOption = False,
) -> None:
    """Genre and topic of a document (or of every document of a page file), with probabilities and the
    features that decided them, and the role of each section.

    Example: [bold]jianghua classify ../shared/seeds/004_918b39668ea2ac01.txt[/bold]
    """
    import os

    from .classify import label_document

    results = []
    if os.path.isfile(target):
        from . import errors as err
        from .stages import process_page

        try:
            page = process_page(open(target, "rb").read(), target)
        except err.Quarantine as exc:
            typer.echo(f"jianghua: {target}: {exc}", err=True)
            raise typer.Exit(2) from None
        except JianghuaError as exc:
            _fail(exc)
        for doc in page.documents:
            results.append({"ordinal": doc.ordinal, "title": doc.title, **label_document(doc)})
    else:
        corpus = _open(db)
        try:
            row = corpus.document(target)
        except JianghuaError as exc:
            _fail(exc)
        stored = json.loads(row["classification"]) if row["classification"] else None
        if stored is None:
            typer.echo(f"jianghua: {target} has no classification; re-ingest it", err=True)
            raise typer.Exit(1)
        results.append({"id": row["uid"], "ordinal": row["ordinal"], "title": row["title"], **stored})
    if as_json:
        typer.echo(json.dumps(results, ensure_ascii=False, indent=2))
        return
    for r in results:
        flag = " [yellow](low confidence)[/yellow]" if r.get("low_confidence") else ""
        from rich.console import Console

        console = Console()
        console.print(f"[bold]#{r['ordinal']} {r['title']}[/bold]")
        console.print(f"  genre [bold]{r['genre']}[/bold] {r['genre_confidence']:.2f} · topic [bold]{r['topic']}[/bold] "
                      f"{r['topic_confidence']:.2f}{flag}")
        top = r.get("top_features") or {}
        for head in ("genre", "topic"):
            features = top.get(head) or []
            shown = ", ".join(f"{f.get('feature', f) if isinstance(f, dict) else f}" for f in features[:6])
            console.print(f"  [dim]{head} features: {shown}[/dim]")
        roles = r.get("section_roles") or []
        if roles:
            console.print(f"  [dim]section roles: {', '.join(roles)}[/dim]")


@app.command()
def train(
    output: Annotated[str | None, typer.Option(help="Model file to write (default: the package's shipped model).")] = None,
    seed: Annotated[int, typer.Option(help="Random seed (training is deterministic for a seed).")] = 0,
    as_json: JsonOption = False,
) -> None:
    """Rebuild the genre/topic model from corpora/labels (and the seeds and bench laws when ../shared is
    present), deterministically, with its model card (data hash, versions, cross-validated scores).

    Example: [bold]jianghua train[/bold]
    """
    try:
        from .train import train as run
    except ImportError as exc:
        typer.echo(f"jianghua: training needs scikit-learn: pip install 'jianghua[train]' ({exc})", err=True)
        raise typer.Exit(2) from None
    try:
        summary = run(output=output, seed=seed)
    except JianghuaError as exc:
        _fail(exc)
    typer.echo(json.dumps(summary, ensure_ascii=False, indent=2, default=str) if as_json else
               f"model written: {summary.get('model') or summary.get('output') or output}")


@evaluate_app.command("classify")
def evaluate_classify(
    seed: Annotated[int, typer.Option(help="Random seed of the folds.")] = 0,
    as_json: JsonOption = False,
) -> None:
    """Grouped cross-validation (documents of one page in one fold): macro-F1 per label and confusion
    matrices for genre and topic, plus truncation and script robustness.

    Example: [bold]jianghua evaluate classify --json[/bold]
    """
    try:
        from .train import evaluate_classifier
    except ImportError as exc:
        typer.echo(f"jianghua: evaluation needs scikit-learn: pip install 'jianghua[train]' ({exc})", err=True)
        raise typer.Exit(2) from None
    result = evaluate_classifier(seed=seed)
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2, default=str))
        return
    for head in ("genre", "topic"):
        data = result.get(head) or {}
        labels = data.get("labels") or []
        confusion = data.get("confusion") or []
        f1 = data.get("f1") or {}
        _print_rows(f"{head}: macro-F1 {data.get('macro_f1', float('nan')):.3f}, accuracy {data.get('accuracy', float('nan')):.3f}"
                    " (rows: true label, columns: predicted)",
                    ["label", "F1", *[str(i) for i in range(len(labels))]],
                    [[f"{i} {label}", round(f1.get(label, float("nan")), 3) if isinstance(f1, dict) else "", *row]
                     for i, (label, row) in enumerate(zip(labels, confusion, strict=False))])


@evaluate_app.command("rules")
def evaluate_rules(
    gold: Annotated[str, typer.Option("--gold", help="Folder of golden records named '<file name>#<ordinal>.json'.")],
    db: DbOption = "",
    as_json: JsonOption = False,
) -> None:
    """Field-level precision and recall of the extracted rules against a golden annotation.

    Documents are matched by their source file's name and ordinal (e.g. 000_86ae1a88adefc9d4.txt#1).

    Example: [bold]jianghua evaluate rules --gold tests/golden/rules --db seeds.db[/bold]
    """
    import os

    from .extract.evaluate import evaluate

    corpus = _open(db)
    predicted = {f"{os.path.basename(r['source'])}#{r['ordinal']}": json.loads(r["rules"])
                 for r in corpus.documents() if r["rules"]}
    try:
        result = evaluate(gold, predicted)
    except (OSError, ValueError) as exc:
        typer.echo(f"jianghua: cannot read the golden annotation in {gold}: {exc}", err=True)
        raise typer.Exit(2) from None
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2, default=list))
        return
    _print_rows(f"precision {result['precision']:.3f} · recall {result['recall']:.3f} "
                f"({result['matched']} matched, {result['predicted']} predicted, {result['golden']} golden)",
                ["field", "matched", "predicted", "golden", "precision", "recall"],
                [[f, c["matched"], c["predicted"], c["golden"],
                  round(c["matched"] / c["predicted"], 3) if c["predicted"] else "-",
                  round(c["matched"] / c["golden"], 3) if c["golden"] else "-"] for f, c in result["by_field"].items()])


@evaluate_app.command("devset")
def evaluate_devset_command(
    root: Annotated[str, typer.Option("--root", help="The devset folder (labels/ and pages/); default $JIANGHUA_DEVSET "
                                      "or ../shared/devset.", show_default=False)] = "",
    split: Annotated[str, typer.Option(help="test (pages numbered a multiple of 3), dev or all.")] = "test",
    workers: Annotated[int, typer.Option(help="Worker processes for the ingest.")] = 1,
    keep_db: Annotated[str | None, typer.Option("--db", help="Keep the scratch corpus in this file (it must not exist).")] = None,
    pages: Annotated[bool, typer.Option("--pages", help="Also list, page by page, what went wrong.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Ingest the labelled development pages into a scratch corpus and score the whole pipeline:
    documents found whole / merged / not found, furniture lines removed and left, body characters lost,
    titles right, genre and topic macro-F1, rule-fact recall and precision; overall and per page kind.

    Example: [bold]jianghua evaluate devset --split test[/bold]
    """
    import os

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from .devset import SPLITS, evaluate_devset

    if split not in SPLITS:
        _fail(JianghuaError("Q720", f"unknown split {split!r}; valid: {', '.join(SPLITS)}"))
    if keep_db and os.path.exists(keep_db):
        _fail(JianghuaError("D411", f"{keep_db} exists; --db takes a new file for the scratch corpus"))
    folder = root or os.environ.get("JIANGHUA_DEVSET") or "../shared/devset"
    console = Console(stderr=True)
    with Progress(TextColumn("[bold]devset"), BarColumn(), MofNCompleteColumn(), console=console,
                  disable=as_json or not console.is_terminal) as bar:
        task = bar.add_task("devset", total=None)
        try:
            report = evaluate_devset(folder, split, workers=max(1, workers), db=keep_db,
                                     progress=lambda _name, n: bar.update(task, advance=n))
        except JianghuaError as exc:
            _fail(exc)
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    _print_devset(report, pages)


def _print_devset(report: dict, pages: bool) -> None:
    def pct(value: float | None) -> str:
        return "-" if value is None else f"{100 * value:.1f}%"

    def row(name: str, block: dict) -> list[object]:
        d, f, b, t, r = block["documents"], block["furniture"], block["body"], block["titles"], block["facts"]
        return [name, block["pages"], f"{d['whole']}/{d['labelled']}", d["merged"], d["not_found"], d["spurious"],
                f"{f['removed']}/{f['labelled']}", pct(b["lost_share"]), f"{t['right']}/{t['labelled']}",
                f"{block['genre']['macro_f1']:.3f}", f"{block['topic']['macro_f1']:.3f}",
                f"{r['found']}/{r['labelled']}", f"{r['in_fact']}/{r['values']}"]

    columns = ["kind", "pages", "whole", "merged", "lost", "spurious", "furniture", "body lost", "titles",
               "genre F1", "topic F1", "facts", "values"]
    rows: list[list[object]] = [row(kind, block) for kind, block in report["by_kind"].items()] + [row("all", report["overall"])]
    table: list[list[object]] = [list(columns), *rows]
    widths = [max(len(str(line[i])) for line in table) for i in range(len(columns))]
    typer.echo(f"devset {report['split']} split ({report['root']}): documents whole, merged with a neighbour, not found,"
               " spurious; furniture lines out of the documents; body characters lost; titles right; genre and topic"
               " macro-F1; labelled facts found; extracted values inside a labelled fact")
    for line in table:
        typer.echo("  ".join(str(cell).rjust(width) if i else str(cell).ljust(width)
                             for i, (cell, width) in enumerate(zip(line, widths, strict=True))))
    o = report["overall"]
    typer.echo(f"documents whole {pct(o['documents']['whole_share'])} · furniture removed {pct(o['furniture']['removed_share'])}"
               f" · body lost {pct(o['body']['lost_share'])} · titles right {pct(o['titles']['right_share'])}"
               f" · genre macro-F1 {o['genre']['macro_f1']:.3f} · topic macro-F1 {o['topic']['macro_f1']:.3f}"
               f" · fact recall {pct(o['facts']['recall'])} · fact precision {pct(o['facts']['precision'])}")
    if pages:
        for page in report["pages"]:
            problems = []
            docs = page["documents"]
            for key in ("merged", "not_found", "spurious"):
                if docs.get(key):
                    problems.append(f"{key} {docs[key]}")
            if page["furniture_left"]:
                problems.append("furniture left: " + " | ".join(page["furniture_left"]))
            if page["body_lost"]:
                problems.append(f"body lost {page['body_lost']}/{page['body_chars']}")
            for gold, got in page["wrong_titles"]:
                problems.append(f"title {got!r}, labelled {gold!r}")
            for name in ("genre", "topic"):
                for gold, got in page[name]:
                    if gold != got:
                        problems.append(f"{name} {got}, labelled {gold}")
            if page["facts_missed"]:
                problems.append(f"{len(page['facts_missed'])} facts missed")
            if page["values_outside_facts"]:
                problems.append(f"{len(page['values_outside_facts'])} values outside facts")
            if problems:
                typer.echo(f"{page['id']}: " + "; ".join(problems))


def _export_command(table: str, doc: str) -> None:
    def command(
        db: DbOption = "",
        fmt: Annotated[str, typer.Option("--format", help="jsonl, csv or parquet.")] = "jsonl",
        output: Annotated[str | None, typer.Option("--output", "-o", help="Output file (default: stdout).")] = None,
    ) -> None:
        _export(table, db, fmt, output)

    command.__doc__ = doc
    export_app.command(table)(command)


_export_command("passages", """One record per passage occurrence: cluster, doc_id, start, end, text (offsets into the
    document's canonical text), n_docs, n_sites, kind.

    Example: [bold]jianghua export passages --format csv -o passages.csv[/bold]
    """)
_export_command("duplicates", """One record per document in a duplicate cluster: canonical copy, coverage, what it lacks
    (missing paragraphs) and changes (substituted words).

    Example: [bold]jianghua export duplicates -o duplicates.jsonl[/bold]
    """)
_export_command("substitutions", """Word substitutions between aligned variants with counts.

    Example: [bold]jianghua export substitutions --format csv[/bold]
    """)
_export_command("rule-table", """The workbench's rules table (/rules.csv): one row per document that states rules.

    Columns: doc_id, title, genre, organization, date_of_text, posts, principal, deputy, max_age, education,
    score_weights, rater_weights, publicity_days, term_years, inspection_ratio, source.

    Example: [bold]jianghua export rule-table --format csv -o rules-table.csv[/bold]
    """)


@export_app.command("documents")
def export_documents(
    db: DbOption = "",
    fmt: Annotated[str, typer.Option("--format", help="jsonl, csv or parquet.")] = "jsonl",
    output: Annotated[str | None, typer.Option("--output", "-o", help="Output file (default: stdout).")] = None,
) -> None:
    """One record per document: id, source, ordinal, title, text, original, script, complete, sections...

    Example: [bold]jianghua export documents --format parquet -o docs.parquet[/bold]
    """
    _export("documents", db, fmt, output)


@export_app.command("paragraphs")
def export_paragraphs(
    db: DbOption = "",
    fmt: Annotated[str, typer.Option("--format", help="jsonl, csv or parquet.")] = "jsonl",
    output: Annotated[str | None, typer.Option("--output", "-o", help="Output file (default: stdout).")] = None,
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

    try:
        data = sys.stdin.buffer.read() if file == "-" else open(file, "rb").read()
    except OSError as exc:
        typer.echo(f"jianghua: {file}: [E901] the file could not be read ({exc.strerror or exc})", err=True)
        raise typer.Exit(2) from None
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


def _filters(genre: str | None, topic: str | None, org: str | None, year: int | None, source: str | None):
    from .query import Filters

    return Filters(genre=genre, topic=topic, org=org, year=year, source=source)


GenreOpt = Annotated[str | None, typer.Option("--genre", help="Only documents of this genre.")]
TopicOpt = Annotated[str | None, typer.Option("--topic", help="Only documents of this topic.")]
OrgOpt = Annotated[str | None, typer.Option("--org", help="Only documents whose organization contains this.")]
YearOpt = Annotated[int | None, typer.Option("--year", help="Only documents dated this year.")]
SourceOpt = Annotated[str | None, typer.Option("--source", help="Only documents whose source path contains this.")]


def _open(db: str):
    from .store import Corpus

    try:
        return Corpus(_db(db), readonly=True)
    except JianghuaError as exc:
        _fail(exc)


def _query(db: str, as_json: bool, call):
    """Run a read-only query command: open the corpus, turn errors into messages, print JSON when asked
    (then return None), else return the result for the command's own table."""
    corpus = _open(db)
    try:
        result = call(corpus)
    except JianghuaError as exc:
        _fail(exc)
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2, default=str))
        return None
    return result


def _highlight(text: str, spans: list[tuple[int, int]]) -> str:
    from rich.markup import escape

    out, last = [], 0
    for start, end in spans:
        out.append(escape(text[last:start]) + "[bold reverse]" + escape(text[start:end]) + "[/bold reverse]")
        last = end
    return "".join(out) + escape(text[last:])


@app.command()
def search(
    query: Annotated[str, typer.Argument(help='Terms, "phrases", AND/OR/NOT and parentheses, in either script.')],
    db: DbOption = "",
    genre: GenreOpt = None, topic: TopicOpt = None, org: OrgOpt = None, year: YearOpt = None, source: SourceOpt = None,
    limit: Annotated[int, typer.Option(help="Results to show.")] = 20,
    offset: Annotated[int, typer.Option(help="Skip this many results (paging).")] = 0,
    as_json: JsonOption = False,
) -> None:
    """Full-text search over the canonical text; results in the original script, hits highlighted.

    Every term is a substring query (干部 finds 领导干部), the query is normalized like the corpus
    (幹部 finds 干部), and hits are verified against the text.

    Example: [bold]jianghua search '幹部 AND (竞争上岗 OR 竞聘) NOT 挂职' --genre mobilization_speech[/bold]
    """
    from .query import search as run

    result = _query(db, as_json, lambda c: run(c, query, _filters(genre, topic, org, year, source), limit=limit, offset=offset))
    if result is None:
        return
    from rich.console import Console

    console = Console()
    console.print(f"{'at least ' if result.get('total_capped') else ''}[bold]{result['total']}[/bold] paragraphs match "
                  f"{' '.join(result['normalized'])}")
    for r in result["results"]:
        spans = [(h["orig_start"], h["orig_end"]) for h in r["hits"]]
        console.print(f"[dim]{r['doc_id']} · {r['title']} · {r['source']}[/dim]")
        console.print(_highlight(r["original"][:400], [s for s in spans if s[1] <= 400]))


@app.command()
def kwic(
    word: Annotated[str, typer.Argument(help="A word or phrase, in either script.")],
    db: DbOption = "",
    window: Annotated[int, typer.Option(help="Characters of context on each side.")] = 20,
    sort: Annotated[str | None, typer.Option(help="Sort by left or right context.")] = None,
    limit: Annotated[int, typer.Option(help="Lines to show (0: all).")] = 200,
    canonical: Annotated[bool, typer.Option("--canonical", help="Show canonical text instead of the original script.")] = False,
    genre: GenreOpt = None, topic: TopicOpt = None, org: OrgOpt = None, year: YearOpt = None, source: SourceOpt = None,
    as_json: JsonOption = False,
) -> None:
    """Concordance (KWIC) lines of a word, in the original script.

    Example: [bold]jianghua kwic 干部 --window 15 --sort right[/bold]
    """
    from .query import kwic as run

    result = _query(db, as_json, lambda corpus: run(corpus, word, window=window, sort=sort, limit=limit or None,
                                                   filters=_filters(genre, topic, org, year, source), original=not canonical))
    if result is None:
        return
    from rich.cells import cell_len
    from rich.console import Console
    from rich.markup import escape

    console = Console()
    console.print(f"{'at least ' if result.get('total_capped') else ''}[bold]{result['total']}[/bold] occurrences of {result['normalized']}"
                  + (f" (showing {len(result['lines'])})" if len(result["lines"]) < result["total"] else ""))
    widest = max((cell_len(line["keyword"]) for line in result["lines"]), default=4)
    side = max(8, (console.width - widest - 16) // 2)  # cells per side; 14 for the document id
    for line in result["lines"]:
        left = line["left"].replace("\n", " ")
        while cell_len(left) > side:
            left = left[1:]
        right = line["right"].replace("\n", " ")
        while cell_len(right) > side:
            right = right[:-1]
        pad = " " * (side - cell_len(left))
        console.print(f"{pad}{escape(left)} [bold reverse]{escape(line['keyword'])}[/bold reverse] {escape(right)}"
                      f"{' ' * (side - cell_len(right))} [dim]{line['doc_id']}[/dim]", highlight=False)


def _print_rows(title: str, columns: list[str], rows: list[list[object]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(*columns, title=title)
    for row in rows:
        table.add_row(*[str(v) for v in row])
    Console().print(table)


@app.command()
def freq(
    db: DbOption = "",
    by: Annotated[str | None, typer.Option(help="Group by genre, topic or year.")] = None,
    ngram: Annotated[int, typer.Option(help="Word n-grams of this length.")] = 1,
    top: Annotated[int, typer.Option(help="How many per group.")] = 30,
    as_json: JsonOption = False,
) -> None:
    """Word (or word n-gram) frequencies over the corpus, optionally by group.

    Example: [bold]jianghua freq --by genre --ngram 2 --top 20[/bold]
    """
    from .query import freq as run

    result = _query(db, as_json, lambda c: run(c, by=by, ngram=ngram, top=top))
    if result is None:
        return
    for group, data in result["groups"].items():
        _print_rows(f"{group} ({data['tokens']} tokens)", ["word", "count", "per 10k"],
                    [[w, n, round(n * 10000 / max(1, data["tokens"]), 1)] for w, n in data["top"]])


@app.command()
def collocates(
    word: Annotated[str, typer.Argument(help="The node word, in either script.")],
    db: DbOption = "",
    measure: Annotated[str, typer.Option(help="mi (mutual information) or llr (log-likelihood).")] = "llr",
    window: Annotated[int, typer.Option(help="Words on each side.")] = 5,
    min_count: Annotated[int, typer.Option(help="Least co-occurrences.")] = 3,
    top: Annotated[int, typer.Option(help="How many.")] = 30,
    as_json: JsonOption = False,
) -> None:
    """Collocates of a word within a window of jieba words, scored by MI or log-likelihood.

    Example: [bold]jianghua collocates 竞争上岗 --measure mi --window 4[/bold]
    """
    from .query import collocates as run

    result = _query(db, as_json, lambda c: run(c, word, window=window, measure=measure, min_count=min_count, top=top))
    if result is None:
        return
    _print_rows(f"collocates of {result['normalized']} ({result['occurrences']} occurrences, {measure})",
                ["word", "together", "frequency", measure], [[r["word"], r["count"], r["frequency"], r["score"]] for r in result["collocates"]])


@app.command()
def keyness(
    target: Annotated[str, typer.Option("--target", help="The target group (a genre by default).")],
    reference: Annotated[str | None, typer.Option("--reference", help="The reference group (default: all others).")] = None,
    by: Annotated[str, typer.Option(help="Group by genre, topic or year.")] = "genre",
    db: DbOption = "",
    top: Annotated[int, typer.Option(help="How many.")] = 30,
    as_json: JsonOption = False,
) -> None:
    """Key words of a group against a reference (signed log-likelihood G2).

    Example: [bold]jianghua keyness --target mobilization_speech --reference experience_report[/bold]
    """
    from .query import keyness as run

    result = _query(db, as_json, lambda c: run(c, target, reference, by=by, top=top))
    if result is None:
        return
    _print_rows(f"key words of {target} against {result['reference']}", ["word", "target", "reference", "G2"],
                [[r["word"], r["target"], r["reference"], r["g2"]] for r in result["key"]])


@app.command()
def reuse(
    db: DbOption = "",
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Build the index from scratch instead of adding the new documents.")] = False,
    workers: Annotated[int, typer.Option(help="Worker processes for units, alignments and duplicate checks (default: all cores).",
                                         show_default=False)] = 0,
    as_json: JsonOption = False,
) -> None:
    """Find duplicate documents, reused passages and word substitutions: bring the reuse index up to date.

    MinHash LSH on character shingles proposes candidates (sub-quadratic), alignment gives exact
    offsets; the index and its parameters are kept in the corpus, so only documents added since the
    last build are folded in (documents deleted or replaced roll it back to before the first of them).
    'ingest' runs this at its end unless --no-reuse.

    Example: [bold]jianghua reuse --db corpus.db --json[/bold]
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from .store import Corpus

    try:
        corpus = Corpus(_db(db), create=False)
    except JianghuaError as exc:
        _fail(exc)
    console = Console(stderr=True)
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  TextColumn("{task.fields[name]}"), console=console, disable=as_json or not console.is_terminal) as bar:
        result = _build_reuse(corpus, console, quiet=True, workers=workers or (__import__("os").cpu_count() or 1),
                              rebuild=rebuild, bar=bar)
    corpus.close()
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2, default=str))
    else:
        console.print(_reuse_line(result))


def _reuse_behind(corpus) -> bool:
    """True when the reuse index does not cover the corpus (never built, built by another version,
    documents added without it, or documents it covers gone)."""
    from .reuse import index_status

    status = index_status(corpus)
    return not status["built"] or bool(status["behind"] or status["removed"])


def _stages(stages: dict, reuse_result: dict | None) -> str:
    parts = [f"{name} {seconds:.1f} s" for name, seconds in stages.items()]
    if reuse_result is not None and reuse_result.get("steps"):
        steps = ", ".join(f"{name} {seconds:.1f}" for name, seconds in reuse_result["steps"].items() if seconds >= 0.05)
        parts[-1] += f": {steps}"
    return "; ".join(parts)


def _reuse_line(result: dict) -> str:
    return (f"reuse ({result['mode']}, {result['seconds']:.1f} s): {result['new_documents']} documents folded in;"
            f" {result['duplicate_documents']} duplicate copies in {result['duplicate_clusters']} clusters,"
            f" {result['passage_clusters']} reused passages, {result['substitutions']} substitutions")


def _build_reuse(corpus, console, quiet: bool = False, shards: str | None = None, workers: int = 1, rebuild: bool = False,
                 bar=None, engine=None) -> dict:
    """Bring the reuse index up to date; with ``shards``, from the candidates the Dask job left there
    when they fit this corpus (else the MinHash candidates are computed here, and the reason is
    printed). ``bar``: a rich Progress to show the steps in (a row is added to it)."""
    from .reuse import build_reuse

    candidates = None
    if shards:
        from .distributed import read_candidates

        candidates, reason = read_candidates(shards, corpus)
        if not quiet:
            console.print(f"reuse candidates: {reason}" + ("" if candidates is not None else "; computing them here"))
    progress = None
    if bar is not None:
        task = bar.add_task("reuse", total=None, name="")
        progress = lambda stage, done, total: bar.update(task, completed=done, total=total, name=stage)  # noqa: E731
    result = build_reuse(corpus, progress=progress, candidates=candidates, workers=workers, rebuild=rebuild, engine=engine)
    if not quiet:
        console.print(_reuse_line(result))
    return result


@app.command()
def passages(
    db: DbOption = "",
    min_docs: Annotated[int, typer.Option(help="Only clusters found in at least this many documents.")] = 2,
    topic: TopicOpt = None,
    role: Annotated[str | None, typer.Option(help="Only clusters with an occurrence in a section of this role.")] = None,
    kind: Annotated[str | None, typer.Option(help="furniture, template or shared.")] = None,
    limit: Annotated[int, typer.Option(help="How many clusters.")] = 30,
    as_json: JsonOption = False,
) -> None:
    """Reused-passage clusters, biggest first: paragraphs and sentences shared between documents.

    Example: [bold]jianghua passages --min-docs 3 --role requirements[/bold]
    """
    from .reuse import passages as run

    clusters = _query(db, as_json, lambda c: run(c, min_docs=min_docs, topic=topic, role=role, limit=limit, kind=kind))
    if clusters is None:
        return
    _print_rows(f"{len(clusters)} reused passages", ["id", "docs", "sites", "kind", "passage"],
                [[c["id"], c["n_docs"], c["n_sites"], c["kind"], (c["text"] or "")[:60]] for c in clusters])


@app.command()
def variants(
    passage: Annotated[str, typer.Argument(help="A passage cluster id, or a text in either script.")],
    db: DbOption = "",
    limit: Annotated[int, typer.Option(help="Variants to show (0: all).")] = 50,
    as_json: JsonOption = False,
) -> None:
    """Every variant of a passage side by side, differences from the representative marked.

    Example: [bold]jianghua variants "要正确对待组织，正确对待自己，正确对待别人"[/bold]
    """
    from rich.console import Console
    from rich.markup import escape

    from .reuse import variants as run

    result = _query(db, as_json, lambda c: run(c, passage, limit=limit or None))
    if result is None:
        return
    console = Console()
    console.print(f"[bold]passage {result['cluster']}[/bold] ({result['kind']}, {result['n_docs']} documents, "
                  f"{result['n_sites']} sites); [red strike]removed[/red strike] [green]added[/green] against the representative")
    for v in result["variants"]:
        parts = []
        for seg in v["segments"]:
            if seg["op"] == "equal":
                parts.append(escape(seg["b"]))
            if seg["op"] in ("replace", "delete"):
                parts.append(f"[red strike]{escape(seg['a'])}[/red strike]")
            if seg["op"] in ("replace", "insert"):
                parts.append(f"[green]{escape(seg['b'])}[/green]")
        console.print(f"\n[dim]{v['doc_id']} {v['title'] or ''} · {v['site']} · similarity {v['similarity']}[/dim]")
        console.print("".join(parts))


@app.command()
def substitutions(
    db: DbOption = "",
    min_count: Annotated[int, typer.Option(help="Only substitutions seen at least this often.")] = 1,
    limit: Annotated[int, typer.Option(help="How many.")] = 50,
    as_json: JsonOption = False,
) -> None:
    """Word substitutions between aligned variants (公开→公然, 平等→同等): the spun-copy signal.

    Example: [bold]jianghua substitutions --min-count 2[/bold]
    """
    from .reuse import substitution_list

    rows = _query(db, as_json, lambda c: substitution_list(c, min_count=min_count, limit=limit))
    if rows is None:
        return
    _print_rows("word substitutions", ["from", "to", "count"], [[r["a"], r["b"], r["count"]] for r in rows])


@app.command()
def serve(
    db: DbOption = "",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8765,
    host: Annotated[str, typer.Option(help="Address to bind; anything but loopback exposes the corpus to the network.")] = "127.0.0.1",
) -> None:
    """A local web workbench over the corpus (read-only): search and concordance, documents with their
    rules and evidence, reused passages, the rules table, overview charts.

    Example: [bold]jianghua serve --db corpus.db --port 8765[/bold]  then open http://127.0.0.1:8765/
    """
    import uvicorn

    from .web import create_app

    try:
        application = create_app(_db(db))
    except JianghuaError as exc:
        _fail(exc)
    if host not in ("127.0.0.1", "localhost", "::1"):
        typer.echo(f"jianghua: warning: binding {host} makes the corpus reachable from other machines", err=True)
    typer.echo(f"jianghua: serving {_db(db)} on http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    uvicorn.run(application, host=host, port=port, log_level="warning")


def main() -> None:
    try:
        app()
    except JianghuaError as exc:
        typer.echo(f"jianghua: {exc}", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
