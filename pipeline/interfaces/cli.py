"""The ``jianghua`` command line: argument parsing, progress and messages over the library.

The corpus, pipeline and training commands are here, the research commands in ``cli_research``; both
register on the app of ``app``, which turns errors into messages and exit statuses (0 success, 1 partial,
2 usage, 3 data, 4 internal: docs/errors.md). Heavy libraries are imported inside the commands that
need them.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import sqlite3
import sys
from collections.abc import Iterator
from typing import Annotated, Any

import typer

from .. import errors
from ..errors import JianghuaError
from .app import (
    MAX_WORKERS,
    DbOption,
    JsonOption,
    _choice,
    _db,
    _number,
    _print_rows,
    _printable,
    app,
    evaluate_app,
    open_corpus,
    quarantined,
    reading,
)


@contextlib.contextmanager
def _needs_sklearn(what: str) -> Iterator[None]:
    """Imports of the training modules: scikit-learn missing is M704 (an extra to install); any other
    import error is a bug and stays one."""
    try:
        yield
    except ModuleNotFoundError as exc:
        if exc.name is None or exc.name.split(".")[0] != "sklearn":
            raise
        raise errors.M704.error(what=what) from None


def _cores() -> int:
    """The worker processes a command runs when --workers is not given: every core."""
    return os.cpu_count() or 1


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
    settings: Annotated[str | None, typer.Option(help="A TOML file of stage settings to change (the keys of "
                                                      "resources/settings.toml).")] = None,
    as_json: JsonOption = False,
) -> None:
    """Ingest scraped pages into the corpus: decode, repair, clean, normalize, split, segment, index.

    Every input file gets one ledger row: ingested, duplicate, quarantined or error.
    Exit 0 when every file is ingested or a duplicate of one (J201), 1 when any is quarantined or in
    error, 3 when none is in.

    With --engine dask the per-page stages run on a Dask cluster and write Parquet shards to --shards,
    which are then loaded into --db (see also 'jianghua load').

    With --settings the stages run with the numbers that file sets (the packaged defaults for the rest);
    pages made with other settings are processed again.

    Example: [bold]jianghua ingest ../shared/seeds corpora/sample --db corpus.db[/bold]
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from ..corpus.store import corpus_error
    from ..engines.ingest import ingest_paths

    missing = [p for p in paths if not os.path.lexists(p)]  # a dangling symlink gets a ledger row
    if missing:
        raise errors.E901.error("missing", paths=", ".join(missing))
    path = _db(db)
    console = Console(stderr=True)
    workers = _number("--workers", workers, 0, MAX_WORKERS)
    max_bytes = _number("--max-bytes", max_bytes, 1, 2**40)
    _choice("--engine", engine, ("local", "dask"))
    from ..stages.settings import load_settings

    stage_settings = load_settings(settings) if settings is not None else None
    corpus = open_corpus(db, readonly=False)
    if engine == "dask":
        from ..engines.distributed import DaskEngine, client, ingest_dask

        dask_client = client(scheduler, workers or _cores())
        try:
            manifest = ingest_dask(paths, shards, max_bytes=max_bytes, reuse=None if no_reuse else {}, dask_client=dask_client,
                                   settings=stage_settings)
            console.print(f"shards: {shards} ({manifest['partitions']} partitions, {manifest['seconds']} s); loading")
            # the reuse build's tasks run on the same cluster
            _load_and_report(corpus, shards, path, as_json, console, reuse=not no_reuse, engine=DaskEngine(dask_client))
        finally:
            dask_client.close()
        return
    from rich.markup import escape

    from ..engines.ingest import Summary
    from ..reuse import reuse_needed

    summary = Summary()
    n_workers = workers or _cores()
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  TextColumn("{task.fields[name]}"), console=console, disable=as_json or not console.is_terminal) as bar:
        task = bar.add_task("ingest", total=None, name="")
        try:
            ingest_paths(corpus, paths, max_bytes=max_bytes, workers=n_workers, settings=stage_settings,
                         on_start=lambda n: bar.update(task, total=n), summary=summary,
                         progress=lambda name, n: bar.update(task, advance=n, name=_printable(name[-40:])))
        except (KeyboardInterrupt, sqlite3.Error, JianghuaError) as exc:
            error = exc if not isinstance(exc, sqlite3.Error) else corpus_error(path, exc, writing=True)
            stopped = str(error) if isinstance(error, JianghuaError) else "interrupted"
            to_do = max(0, summary.inputs - summary.kept - summary.unchanged)
            typer.echo(f"jianghua: {stopped}. Kept: the {summary.kept} files this run committed (each complete)"
                       f" and the {summary.unchanged} already in. Still to do: {to_do} of the {summary.inputs} input files,"
                       " then the reuse index: run the same command again to go on.",
                       err=True)
            status = error.exit_status if isinstance(error, JianghuaError) else 130
            raise typer.Exit(status) from None
        reuse_result = None
        if not no_reuse and (summary.files["ingested"] or reuse_needed(corpus)):
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
        if summary.reprocessed:
            console.print(f"{summary.reprocessed} of them were already in but made by older stages or data:"
                          " processed again, their new pages replacing the old")
        console.print(f"{summary.documents} documents, {summary.characters:,} characters in {summary.seconds:.1f} s"
                      f" ({_stages(summary.stages, reuse_result)})")
        for problem in summary.problems[:20]:
            console.print(f"  [yellow]{problem['status']}[/yellow] {escape(_printable(problem['path']))}:"
                          f" {escape(_printable(problem['message']))}")
        if len(summary.problems) > 20:
            console.print(f"  ... and {len(summary.problems) - 20} more: see 'jianghua stats --ledger'")
        if reuse_result is not None:
            console.print(_reuse_line(reuse_result))
        console.print(f"database: {escape(path)}")
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

    corpus = open_corpus(db, readonly=False)
    if scheduler:
        from ..engines.distributed import DaskEngine, client

        dask_client = client(scheduler, 1)
        try:
            _load_and_report(corpus, shards, _db(db), as_json, Console(stderr=True), reuse=not no_reuse,
                             engine=DaskEngine(dask_client))
        finally:
            dask_client.close()
        return
    _load_and_report(corpus, shards, _db(db), as_json, Console(stderr=True), reuse=not no_reuse,
                     workers=workers or _cores())


def _load_and_report(corpus, shards: str, path: str, as_json: bool, console, reuse: bool = True, engine=None,
                     workers: int = 1) -> None:
    from ..engines.distributed import load as load_shards
    from ..reuse import reuse_needed

    summary = load_shards(shards, corpus)
    if reuse and (summary.files["ingested"] or reuse_needed(corpus)):
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
    removed: Annotated[bool, typer.Option("--removed", help="Show what was taken off the document's page, and why, instead of its text.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Show one document: title, source, genre and topic (with the classifier's confidence), heading
    tree and text; with --original, title, headings and text in the original script; with --removed,
    every line and inline piece the clean and split stages took off its page, with the reason and the
    line model's score.

    Example: [bold]jianghua show 86ae1a88ad-1 --original[/bold]
    """
    from ..query.browse import document_view

    corpus = open_corpus(db)
    with reading(_db(db)):
        if removed:
            _show_removed(corpus, corpus.document(doc_id), as_json)
            return
        view = document_view(corpus, doc_id, original)
    if as_json:
        typer.echo(json.dumps(view, ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.markup import escape

    def label(name: str) -> str:
        value, confidence = view[name], view[f"{name}_confidence"]
        return f"{value or 'unclassified'}" + (f" ({confidence:.2f})" if confidence is not None else "")

    console = Console()
    console.print(f"[bold]{escape(_printable(view['title']))}[/bold]")
    console.print(f"[dim]{view['id']} · {escape(_printable(view['source']))} #{view['ordinal']} · {view['script']} · "
                  f"{'complete' if view['complete'] else 'INCOMPLETE'} · {view['n_chars']} chars[/dim]")
    console.print(f"[dim]genre {label('genre')} · topic {label('topic')}"
                  + (" · low confidence" if view["low_confidence"] else "")
                  + (f" · {escape(view['organization'])}" if view["organization"] else "")
                  + (f" · {view['year']}" if view["year"] else "")
                  + (f" · copy of {view['duplicate_of']}" if view["duplicate_of"] else "") + "[/dim]")
    for s in view["sections"]:
        role = f" [{s['role']}]" if s["role"] else ""
        heading = " ".join(s["heading"].split())
        console.print(f"[dim]{'  ' * (s['level'] - 1)}{s['number']}{escape(role)} {escape(_printable(heading))}[/dim]", no_wrap=True,
                      overflow="ellipsis")
    console.print()
    console.print(_printable(view["text"]), markup=False, highlight=False)


def _show_removed(corpus, row, as_json: bool) -> None:
    from ..stages.clean import reason

    taken = [{**r, "reason": reason(r["code"])} for r in corpus.removed(row["page_id"])]
    if as_json:
        typer.echo(json.dumps({"id": row["uid"], "source": row["source"], "removed": taken}, ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table("line", "code", "score", "text", "why", title=f"taken off the page of {row['uid']} ({row['source']})")
    for r in taken:
        table.add_row(str(r["line"]), r["code"], "" if r["score"] is None else f"{r['score']:.2f}", escape(_printable(r["text"])), r["reason"])
    Console().print(table)
    if not taken:
        typer.echo("nothing was removed from this page")


@app.command()
def stats(
    db: DbOption = "",
    ledger: Annotated[bool, typer.Option("--ledger", help="List every input file with its status.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Counts of files by ledger status, documents, characters, and furniture removed by reason.

    Example: [bold]jianghua stats --ledger --json[/bold]
    """
    corpus = open_corpus(db)
    with reading(_db(db)):
        result = corpus.stats()
        if ledger:
            result["ledger"] = [{k: r[k] for k in ("path", "status", "code", "message", "sha256", "site")} for r in corpus.ledger()]
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console()
    table = Table(title=f"corpus {result['database']}", show_header=False)
    for key, value in result.items():
        if key not in ("ledger", "database"):
            table.add_row(key, json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else str(value))
    console.print(table)
    if ledger:
        lt = Table("status", "code", "path", "message")
        for r in result["ledger"]:
            lt.add_row(r["status"], r["code"], Text(_printable(r["path"])), Text(_printable(r["message"])))
        console.print(lt)


@app.command()
def verify(db: DbOption = "", as_json: JsonOption = False) -> None:
    """Check the corpus invariants; exit 1 when one fails (3 when the file is not a corpus).

    Every file accounted for, PRAGMA integrity_check, FTS5 integrity, documents and index agree.
    Read-only: verify never writes to the database (a read-only file is checked all the same); a check
    that cannot run is reported as not checked ("n/a"), damage found as a failed check.

    Example: [bold]jianghua verify --db corpus.db[/bold]
    """
    from ..corpus.store import verify_file

    with reading(_db(db)):
        checks = verify_file(_db(db))
    failed = [c for c in checks if not c["ok"]]
    if as_json:
        typer.echo(json.dumps({"ok": not failed, "checks": checks}, ensure_ascii=False, indent=2))
    else:
        for c in checks:
            typer.echo(f"{'FAIL' if not c['ok'] else 'ok  ' if c['checked'] else 'n/a '} {c['check']}: {c['detail']}")
    raise typer.Exit(1 if failed else 0)


@app.command()
def migrate(db: DbOption = "", as_json: JsonOption = False) -> None:
    """Bring a database built by an older jianghua up to date: run the numbered migrations it has not had
    (each listed with what it applies and what it changed here), and fill the stored rules table
    (rule_rows) the web workbench's /rules reads.

    Opening a database writable does this anyway (ingest, reuse); migrate does only this, in seconds.
    It also counts the pages made by older stages or data (each page records the versions of the
    stages and the digest of the data that made it): the next ingest of their files processes them
    again; migrate itself changes no document.

    Example: [bold]jianghua migrate --db corpus.db --json[/bold]
    """
    import time

    from ..corpus.migrations import MIGRATIONS
    from ..corpus.store import Corpus

    path = _db(db)
    with reading(path):
        # D402 for a file that is not a jianghua corpus (never converted) or of a newer version
        with Corpus(path, readonly=True, older=True) as before:
            had = before.schema_objects()
            was_ready = before.rule_rows_ready()
            was = before._version()
        started = time.perf_counter()
        corpus = Corpus(path)  # writable: runs the migrations
    seconds = time.perf_counter() - started
    with corpus:
        added = sorted(corpus.schema_objects() - had)
        rows = corpus.count("rule_rows")
        version = corpus._version()
        filled = not was_ready and corpus.rule_rows_ready()
        changed = {migration.number: what for migration, what in corpus.migrated}
        from ..stages.runner import versions_json

        older = corpus.pages_made_by_older_stages(versions_json())
    migrations: list[dict[str, Any]] = [{"number": m.number, "name": m.name, "applies": m.applies,
                                         "ran": m.number in changed, "changed": changed.get(m.number, [])}
                                        for m in MIGRATIONS]
    if as_json:
        typer.echo(json.dumps({"database": path, "schema_version": version, "was": was, "migrations": migrations,
                               "added": added, "rule_rows": {"filled": filled, "rows": rows},
                               "seconds": round(seconds, 2), "pages_made_by_older_stages": older},
                              ensure_ascii=False, indent=2))
        return
    typer.echo(f"{path}: schema version {version}" + (f" (was {was})" if was != version else ""))
    for m in migrations:
        done = "; ".join(m["changed"]) or "nothing to change" if m["ran"] else "had it already"
        typer.echo(f"migration {m['number']:04d} {m['name']} ({m['applies']}): {done}")
    typer.echo(f"added: {', '.join(added)}" if added else "tables and indexes: all present")
    typer.echo(f"rule_rows: {'filled with' if filled else 'already current,'} {rows:,} rows")
    if older:
        typer.echo(f"{older:,} pages were made by older stages or data (or by a build that did not record them): their"
                   " documents stay as they are until 'jianghua ingest' of the same files processes them again")
    else:
        typer.echo("every page was made by this build's stages and data")
    typer.echo(f"{seconds:.1f} s")


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

    from ..stages.classify import label_document

    results = []
    if os.path.isfile(target):
        from .. import errors as err
        from ..stages.runner import process_page

        try:
            page = process_page(open(target, "rb").read(), target)
        except err.Quarantine as exc:
            raise quarantined(target, exc) from None
        for doc in page.documents:
            results.append({"ordinal": doc.ordinal, "title": doc.title, **label_document(doc)})
    else:
        corpus = open_corpus(db)
        with reading(_db(db)):
            row = corpus.document(target)
            stored = json.loads(row["classification"]) if row["classification"] else None
        if stored is None:
            raise errors.D404.error("unclassified", ref=target, path=_db(db))
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
    """Rebuild the genre/topic model from corpora/labels (and, when ../shared is present, the seeds, the
    bench laws and the devset's dev split), deterministically, with its model card (sources, data hash,
    versions, cross-validated scores and calibration, the devset's test split).

    Example: [bold]jianghua train[/bold]
    """
    with _needs_sklearn("training"):
        from ..training.classify_eval import train as run
    summary = run(output=output, seed=_number("--seed", seed, 0, 2**32 - 1))
    typer.echo(json.dumps(summary, ensure_ascii=False, indent=2, default=str) if as_json else
               f"model written: {summary.get('model') or summary.get('output') or output}")


def _train_model(module: str, output: str | None, as_json: bool) -> None:
    """Run ``training.<module>.train`` (it needs scikit-learn) and say where the model went."""
    with _needs_sklearn("training"):
        run = importlib.import_module(f"..training.{module}", __package__).train
    summary = run(output=output)
    typer.echo(json.dumps(summary, ensure_ascii=False, indent=2) if as_json else f"model written: {summary['output']}")


@app.command("train-furniture")
def train_furniture(
    output: Annotated[str | None, typer.Option(help="Model file to write (default: the package's shipped model).")] = None,
    as_json: JsonOption = False,
) -> None:
    """Rebuild the furniture line model (the clean stage's) from the devset's dev split and the seeds
    under ../shared, deterministically: thresholds chosen on grouped cross-validation, figures in the file.

    Example: [bold]jianghua train-furniture --json[/bold]
    """
    _train_model("train_lines", output, as_json)


@app.command("train-titles")
def train_titles(
    output: Annotated[str | None, typer.Option(help="Model file to write (default: the package's shipped model).")] = None,
    as_json: JsonOption = False,
) -> None:
    """Rebuild the title chooser (the split stage's) from the devset's dev split and the seeds under
    ../shared, deterministically: C chosen on grouped cross-validation, which also decides whether the
    chooser ships (it must beat the rules' titles right on the dev split); figures in the file.

    Example: [bold]jianghua train-titles --json[/bold]
    """
    _train_model("train_titles", output, as_json)


@app.command("train-facts")
def train_facts(
    output: Annotated[str | None, typer.Option(help="Model file to write (default: the package's shipped model).")] = None,
    as_json: JsonOption = False,
) -> None:
    """Rebuild the learned fact units' model (the extract stage's last step) from the devset's dev split under
    ../shared, deterministically: each field's threshold chosen on grouped cross-validation so the values it
    adds are right 9 times in 10; per-field figures in the file.

    Example: [bold]jianghua train-facts --json[/bold]
    """
    _train_model("train_facts", output, as_json)


@evaluate_app.command("classify")
def evaluate_classify(
    seed: Annotated[int, typer.Option(help="Random seed of the folds.")] = 0,
    as_json: JsonOption = False,
) -> None:
    """Grouped cross-validation of the training recipe (a page's documents in one fold): macro-F1 and
    confusion matrices for genre and topic, the reliability of the confidence (table and ECE), truncation
    and script robustness; then the shipped model on the devset's test split (as `evaluate devset`
    counts it, and over the documents found) and on the written examples.

    Example: [bold]jianghua evaluate classify --json[/bold]
    """
    with _needs_sklearn("evaluation"):
        from ..training.classify_eval import evaluate, report_lines
    result = evaluate(seed=_number("--seed", seed, 0, 2**32 - 1))
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2, default=str))
        return
    typer.echo("\n".join(report_lines(result)))


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

    from ..training.rules_eval import evaluate

    corpus = open_corpus(db)
    with reading(_db(db)):
        predicted = {f"{os.path.basename(r['source'])}#{r['ordinal']}": json.loads(r["rules"])
                     for r in corpus.documents() if r["rules"]}
    try:
        result = evaluate(gold, predicted)
    except (OSError, ValueError) as exc:
        raise errors.E901.error("golden_unreadable", path=gold, reason=exc) from exc
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
    cross_validate: Annotated[bool, typer.Option(
        "--cross-validate", help="Score the dev split with the learned models (line model, title chooser) fitted "
        "without each page: grouped K-fold cross-validation, the pages run in this process (needs scikit-learn "
        "and ../shared/seeds).")] = False,
    folds: Annotated[int, typer.Option(help="Folds of --cross-validate (pages grouped, dealt by a hash of their id).")] = 5,
    settings: Annotated[str | None, typer.Option(help="A TOML file of stage settings to change (the keys of "
                                                      "resources/settings.toml); with --cross-validate the line "
                                                      "models are fitted with them too.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Ingest the labelled development pages into a scratch corpus and score the whole pipeline:
    documents found whole / merged / not found, furniture lines removed and left, body characters lost,
    titles right, genre and topic macro-F1, rule-fact recall and precision; overall and per page kind.

    With --cross-validate (dev split only), each dev page is cleaned by a line model fitted without it:
    the honest figure for what is learned (the shipped models were fitted on the dev split).

    Example: [bold]jianghua evaluate devset --split test[/bold]

    With --settings the stages run with the numbers that file sets: bench/model_only.toml switches the
    pattern layer off (clean.patterns = false), and with --cross-validate gives the line model's own figure
    on sites no pattern was written for.

    Example: [bold]jianghua evaluate devset --split dev --cross-validate --folds 5[/bold]

    Example: [bold]jianghua evaluate devset --split dev --cross-validate --settings bench/model_only.toml[/bold]
    """

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from ..training.devset import SPLITS, evaluate_devset

    if split not in SPLITS:
        raise errors.Q720.error(split=split, valid=", ".join(SPLITS))
    workers = _number("--workers", workers, 0, MAX_WORKERS)
    if keep_db and os.path.exists(keep_db):
        raise errors.D411.error("cli_exists", path=keep_db)
    if cross_validate and split != "dev":
        raise errors.Q721.error("cli_split", split=split)
    if cross_validate and keep_db:
        raise errors.Q721.error("cli_db")
    folder = root or os.environ.get("JIANGHUA_DEVSET") or "../shared/devset"
    from ..stages.settings import load_settings

    stage_settings = load_settings(settings) if settings is not None else None
    console = Console(stderr=True)
    with Progress(TextColumn("[bold]devset" + (" (cross-validated)" if cross_validate else "")), BarColumn(),
                  MofNCompleteColumn(), console=console, disable=as_json or not console.is_terminal) as bar:
        task = bar.add_task("devset", total=None)
        if cross_validate:
            with _needs_sklearn("cross-validation"):
                from ..training.devset_cv import cross_validate_devset
            report = cross_validate_devset(folder, _number("--folds", folds, 2),
                                           progress=lambda _name, n: bar.update(task, advance=n),
                                           on_start=lambda total: bar.update(task, total=total),
                                           settings=stage_settings)
        else:
            report = evaluate_devset(folder, split, workers=max(1, workers), db=keep_db,
                                     progress=lambda _name, n: bar.update(task, advance=n), settings=stage_settings)
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
    cv = report.get("cross_validation")
    scope = f"devset {report['split']} split, cross-validated ({cv['folds']} folds)" if cv else f"devset {report['split']} split"
    typer.echo(f"{scope} ({report['root']}): documents whole, merged with a neighbour, not found,"
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
    from .. import errors as err
    from ..stages.normalize import normalize as normalize_text

    try:
        data = sys.stdin.buffer.read() if file == "-" else open(file, "rb").read()
    except OSError as exc:
        raise errors.E901.error(path=file, reason=exc.strerror or exc) from None
    if canonical_only:
        from ..stages.decode import decode_bytes

        try:
            text = decode_bytes(data).text
        except err.Quarantine as exc:
            raise quarantined(file, exc) from None
        typer.echo(normalize_text(text).text, nl=False)
        return
    from ..stages.runner import process_page

    try:
        page = process_page(data, file)
    except err.Quarantine as exc:
        raise quarantined(file, exc) from None
    if as_json:
        typer.echo(json.dumps({
            "script": page.script, "encoding": page.encoding, "repairs": page.repairs, "flags": page.flags,
            "removed": [{"line": r.line, "code": r.code, "text": r.text, "score": r.score} for r in page.removed],
            "documents": [{"ordinal": d.ordinal, "title": d.title, "complete": d.complete, "text": d.text}
                          for d in page.documents]}, ensure_ascii=False, indent=2))
        return
    for doc in page.documents:
        typer.echo(f"# {doc.title}\n")
        typer.echo(doc.text + "\n")


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

    corpus = open_corpus(db, readonly=False, create=False)
    workers = _number("--workers", workers, 0, MAX_WORKERS)
    console = Console(stderr=True)
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  TextColumn("{task.fields[name]}"), console=console, disable=as_json or not console.is_terminal) as bar:
        try:
            result = _build_reuse(corpus, console, quiet=True, workers=workers or _cores(),
                                  rebuild=rebuild, bar=bar)
        except sqlite3.Error as exc:
            from ..corpus.store import corpus_error

            raise corpus_error(_db(db), exc, writing=True) from exc
    corpus.close()
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2, default=str))
    else:
        console.print(_reuse_line(result))


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
    from ..reuse import build_reuse

    candidates = None
    if shards:
        from ..engines.distributed import read_candidates

        candidates, reason = read_candidates(shards, corpus)
        if not quiet:
            console.print(f"reuse candidates: {reason}" + ("" if candidates is not None else "; computing them here"))
    progress = None
    if bar is not None:
        task = bar.add_task("reuse", total=None, name="")
        progress = lambda stage, done, total: bar.update(task, completed=done, total=total, name=stage)  # noqa: E731
    try:
        result = build_reuse(corpus, progress=progress, candidates=candidates, workers=workers, rebuild=rebuild, engine=engine)
    except KeyboardInterrupt:
        documents = corpus.count("documents")
        typer.echo(f"jianghua: interrupted while building the reuse index. Kept: every ingested file and its"
                   f" {documents} documents, and the reuse index as it was before this build. Still to do: folding"
                   " the documents it lacks into the index: 'jianghua ingest' or 'jianghua reuse' does it.",
                   err=True)
        raise typer.Exit(130) from None
    if not quiet:
        console.print(_reuse_line(result))
    return result


@app.command()
def serve(
    db: DbOption = "",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8765,
    host: Annotated[str, typer.Option(help="Address to bind; anything but loopback exposes the corpus to the network.")] = "127.0.0.1",
    allow_host: Annotated[list[str] | None, typer.Option(
        "--allow-host", help="Also answer requests for this host name (repeatable), e.g. the machine's name on the"
                             " network. Requests naming any other host are refused (DNS rebinding).")] = None,
) -> None:
    """A local web workbench over the corpus (read-only): search and concordance, documents with their
    rules and evidence, reused passages, the rules table, overview charts.

    It answers only requests addressed to the address it is bound to (loopback: 127.0.0.1, localhost,
    ::1) and to the --allow-host names; bound to 0.0.0.0 or :: without --allow-host it answers any.

    Example: [bold]jianghua serve --db corpus.db --port 8765[/bold]  then open http://127.0.0.1:8765/
    """
    from .web import create_app
    from .web.guard import LOOPBACK_HOSTS, allowed_hosts
    from .web.server import run

    port = _number("--port", port, 0, 65535)
    hosts = allowed_hosts(host, allow_host or ())
    application = create_app(_db(db), hosts=hosts)
    if host not in LOOPBACK_HOSTS:
        typer.echo(f"jianghua: warning: binding {host} makes the corpus reachable from other machines"
                   + ("; any Host header is accepted (give --allow-host NAME to restrict)" if hosts is None else ""), err=True)
    typer.echo(f"jianghua: serving {_db(db)} on http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    run(application, host=host, port=port)


# the research commands (docs, dist, search, kwic, freq, ..., rules, export): registered on ``app`` on import
from . import cli_research  # noqa: E402,F401


def main() -> None:
    """The console script ``jianghua``: a coded error raised outside a command (while the command line
    itself is read) ends the same way as one raised inside."""
    try:
        app()
    except JianghuaError as exc:
        typer.echo(f"jianghua: {exc}", err=True)
        sys.exit(exc.exit_status)


if __name__ == "__main__":
    main()
