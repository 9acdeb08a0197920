"""The research commands of the ``jianghua`` command line: browsing, search and concordance, word
statistics, reused passages, rules and exports. Every one takes the same document filters
(``--genre --topic --org --year --source --site --exclude-duplicates``); an unknown label is an error
listing the valid ones (exit 2), never an empty result. Registered on ``app.app`` when ``cli`` loads.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer

from .. import errors
from .app import (
    DbOption,
    JsonOption,
    _choice,
    _db,
    _print_rows,
    _query,
    app,
    export_app,
    open_corpus,
    reading,
)

BROWSE, QUERY, STATS, REUSE, RULES = "Browse", "Search and concordance", "Word statistics", "Reused passages", "Rules"

GenreOpt = Annotated[str | None, typer.Option("--genre", help="Only documents of this genre.", rich_help_panel="Filters")]
TopicOpt = Annotated[str | None, typer.Option("--topic", help="Only documents of this topic.", rich_help_panel="Filters")]
OrgOpt = Annotated[str | None, typer.Option("--org", help="Only documents whose organization contains this.",
                                            rich_help_panel="Filters")]
YearOpt = Annotated[int | None, typer.Option("--year", help="Only documents dated this year.", rich_help_panel="Filters")]
SourceOpt = Annotated[str | None, typer.Option("--source", help="Only documents whose source path contains this.",
                                               rich_help_panel="Filters")]
SiteOpt = Annotated[str | None, typer.Option("--site", help="Only documents of this site (the input file's folder).",
                                             rich_help_panel="Filters")]
DupOpt = Annotated[bool, typer.Option("--exclude-duplicates", help="Count a duplicated document once: leave out its"
                                      " copies, keep the canonical one.", rich_help_panel="Filters")]
StopOpt = Annotated[str, typer.Option("--stopwords", help="default (the built-in list of Chinese function words), none,"
                                      " or a file of one word per line. Stopwords are left out of the list shown; every"
                                      " count is over all words.")]
FormatOpt = Annotated[str, typer.Option("--format", help="jsonl, csv or parquet.")]
OutputOpt = Annotated[str | None, typer.Option("--output", "-o", help="Output file (default: stdout).")]
ExcelOpt = Annotated[bool, typer.Option("--excel", help="CSV for Excel: UTF-8 with a byte-order mark.")]


def _filters(genre: str | None = None, topic: str | None = None, org: str | None = None, year: int | None = None,
             source: str | None = None, site: str | None = None, exclude_duplicates: bool = False):
    from ..query.filters import Filters

    return Filters(genre=genre, topic=topic, org=org, year=year, source=source, site=site,
                   exclude_duplicates=exclude_duplicates)


def _highlight(text: str, spans: list[tuple[int, int]]) -> str:
    from rich.markup import escape

    out, last = [], 0
    for start, end in spans:
        out.append(escape(text[last:start]) + "[bold reverse]" + escape(text[start:end]) + "[/bold reverse]")
        last = end
    return "".join(out) + escape(text[last:])


def _write(records: list[dict[str, Any]], columns: tuple[str, ...], fmt: str, excel: bool = False) -> None:
    from ..query.export import write_records

    write_records(records, columns, fmt, sys.stdout, excel=excel)


# --- browse ---------------------------------------------------------------------------------------------

@app.command(rich_help_panel=BROWSE)
def docs(
    db: DbOption = "",
    genre: GenreOpt = None, topic: TopicOpt = None, org: OrgOpt = None, year: YearOpt = None, source: SourceOpt = None,
    site: SiteOpt = None, exclude_duplicates: DupOpt = False,
    sort: Annotated[str, typer.Option(help="id, title, genre, topic, org, year, source, site, chars, script or"
                                           " duplicate_of.")] = "id",
    desc: Annotated[bool, typer.Option("--desc", help="Sort in descending order.")] = False,
    limit: Annotated[int, typer.Option(help="Documents to show (0: all).")] = 100,
    offset: Annotated[int, typer.Option(help="Skip this many (paging).")] = 0,
    as_json: JsonOption = False,
) -> None:
    """List the documents: id, title, genre, topic, organization, year, source, characters.

    Documents without a value of the sort column come last. The table shows each source's file name
    (a terminal narrower than 120 columns: id, title, genre, year, characters); --json gives every
    column (the full source path, site, script, confidences) and the total.

    Example: [bold]jianghua docs --genre mobilization_speech --sort chars --desc[/bold]
    """
    from ..query.browse import documents

    result = _query(db, as_json, lambda c: documents(c, _filters(genre, topic, org, year, source, site, exclude_duplicates),
                                                     sort=sort, descending=desc, limit=limit or None, offset=offset))
    if result is None:
        return
    from rich.console import Console
    from rich.table import Column, Table

    console = Console()
    rows = result["documents"]
    wide = console.width >= 120  # a narrow terminal gets id, title, genre, year and characters
    names = ["id", "title", "genre", "topic", "org", "year", "file", "chars"] if wide else ["id", "title", "genre", "year", "chars"]
    columns = {"id": Column("id", no_wrap=True, min_width=12), "title": Column("title", overflow="fold", min_width=12),
               "year": Column("year", no_wrap=True), "chars": Column("chars", justify="right", no_wrap=True)}
    table = Table(*[columns.get(n) or Column(n, no_wrap=True, overflow="ellipsis", max_width=22) for n in names],
                  title=f"{result['total']} documents" + (f" (showing {offset + 1}-{offset + len(rows)})"
                                                          if len(rows) < result["total"] else ""))
    for r in rows:
        cells = {"id": r["id"], "title": r["title"] or "", "genre": r["genre"] or "", "topic": r["topic"] or "",
                 "org": r["org"] or "", "year": str(r["year"] or ""), "file": r["source"].rsplit("/", 1)[-1],
                 "chars": f"{r['chars']:,}"}
        table.add_row(*[cells[n] for n in names])
    console.print(table)


@app.command(rich_help_panel=BROWSE)
def dist(
    term: Annotated[str, typer.Argument(help="A word, phrase or query (as in 'search'), in either script.")],
    db: DbOption = "",
    by: Annotated[str, typer.Option(help="Group by genre, topic, year or site.")] = "genre",
    genre: GenreOpt = None, topic: TopicOpt = None, org: OrgOpt = None, year: YearOpt = None, source: SourceOpt = None,
    site: SiteOpt = None, exclude_duplicates: DupOpt = False,
    as_json: JsonOption = False,
) -> None:
    """A term's distribution by group: occurrences, per 10,000 characters, documents holding it.

    Occurrences are the concordance's hits ('kwic' shows them); documents without a year (or genre...)
    form the group "unknown".

    Example: [bold]jianghua dist 竞争上岗 --by genre[/bold]
    """
    from ..query.search import distribution

    result = _query(db, as_json, lambda c: distribution(c, term, by, _filters(genre, topic, org, year, source, site,
                                                                              exclude_duplicates)))
    if result is None:
        return
    total = result["total"]
    _print_rows(f"{result['normalized']} by {by}: {total['occurrences']} occurrences in {total['documents_with']} of"
                f" {total['documents']} documents", [by, "occurrences", "per 10k chars", "documents with it", "documents",
                                                     "characters"],
                [[g, v["occurrences"], v["per_10k_chars"], v["documents_with"], v["documents"], v["characters"]]
                 for g, v in result["groups"].items()])


# --- search and concordance -------------------------------------------------------------------------------

@app.command(rich_help_panel=QUERY)
def search(
    query: Annotated[str, typer.Argument(help='Terms, "phrases", prefixes (竞*), AND/OR/NOT and parentheses, in either script.')],
    db: DbOption = "",
    genre: GenreOpt = None, topic: TopicOpt = None, org: OrgOpt = None, year: YearOpt = None, source: SourceOpt = None,
    site: SiteOpt = None, exclude_duplicates: DupOpt = False,
    limit: Annotated[int, typer.Option(help="Results to show.")] = 20,
    offset: Annotated[int, typer.Option(help="Skip this many results (paging).")] = 0,
    as_json: JsonOption = False,
) -> None:
    """Full-text search over the canonical text; results in the original script, hits highlighted.

    Every term is a substring query (干部 finds 领导干部), the query is normalized like the corpus
    (幹部 finds 干部), and hits are verified against the text. 竞* finds the words that begin with 竞.

    Example: [bold]jianghua search '幹部 AND (竞争上岗 OR 竞聘) NOT 挂职' --genre mobilization_speech[/bold]
    """
    from ..query.search import search as run

    filters = _filters(genre, topic, org, year, source, site, exclude_duplicates)
    result = _query(db, as_json, lambda c: run(c, query, filters, limit=limit, offset=offset))
    if result is None:
        return
    from rich.console import Console

    console = Console()
    console.print(f"{'at least ' if result.get('total_capped') else ''}[bold]{result['total']}[/bold] paragraphs match "
                  f"{result['understood']}")
    for r in result["results"]:
        spans = [(h["orig_start"], h["orig_end"]) for h in r["hits"]]
        console.print(f"[dim]{r['doc_id']} · {r['title']} · {r['source']}[/dim]")
        console.print(_highlight(r["original"][:400], [s for s in spans if s[1] <= 400]))


@app.command(rich_help_panel=QUERY)
def kwic(
    query: Annotated[str, typer.Argument(help='A word or phrase in either script, or a query as in search: "phrases",'
                                              " 竞* (words beginning with 竞), A OR B, A NOT B.")],
    db: DbOption = "",
    window: Annotated[int, typer.Option(help="Characters of context on each side.")] = 20,
    sort: Annotated[str | None, typer.Option(help="Sort by left or right context.")] = None,
    limit: Annotated[int | None, typer.Option(help="Lines to show (0: all; default 200 in the table, all in csv and"
                                                    " jsonl).", show_default=False)] = None,
    canonical: Annotated[bool, typer.Option("--canonical", help="Show canonical text instead of the original script.")] = False,
    genre: GenreOpt = None, topic: TopicOpt = None, org: OrgOpt = None, year: YearOpt = None, source: SourceOpt = None,
    site: SiteOpt = None, exclude_duplicates: DupOpt = False,
    fmt: Annotated[str, typer.Option("--format", help="table (for reading), csv or jsonl (one line per hit, every"
                                                      " column: doc_id, title, source, genre, topic, year, start, end,"
                                                      " left, keyword, right).")] = "table",
    excel: ExcelOpt = False,
    as_json: JsonOption = False,
) -> None:
    """Concordance (KWIC) lines in the original script: every hit of the query with its context.

    The query language is search's: a phrase, OR, NOT, a prefix 竞* (the line shows the whole word);
    with AND (or several terms), each term's hits in the paragraphs holding all of them are lines.
    Not supported (an error says so): * inside or before a word, regular expressions, NEAR/proximity.

    Example: [bold]jianghua kwic 干部 --window 15 --sort right[/bold]
    """
    from ..query.search import KWIC_COLUMNS
    from ..query.search import kwic as run

    _choice("--format", fmt, ("table", "csv", "jsonl"))
    if excel and fmt != "csv":
        raise errors.X607.error("cli_excel", format=fmt)
    filters = _filters(genre, topic, org, year, source, site, exclude_duplicates)
    lines = (200 if fmt == "table" else 0) if limit is None else limit
    result = _query(db, as_json, lambda c: run(c, query, window=window, sort=sort, limit=lines or None,
                                                   filters=filters, original=not canonical,
                                                   count_cap=None if fmt != "table" else 2000))
    if result is None:
        return
    if fmt != "table":
        _write(result["lines"], KWIC_COLUMNS, fmt, excel)
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


# --- word statistics ---------------------------------------------------------------------------------------

@app.command(rich_help_panel=STATS)
def freq(
    db: DbOption = "",
    by: Annotated[str | None, typer.Option(help="Group by genre, topic, year or site.")] = None,
    ngram: Annotated[int, typer.Option(help="Word n-grams of this length (inside one clause: never across punctuation).")] = 1,
    top: Annotated[int, typer.Option(help="How many per group.")] = 30,
    genre: GenreOpt = None, topic: TopicOpt = None, org: OrgOpt = None, year: YearOpt = None, source: SourceOpt = None,
    site: SiteOpt = None, exclude_duplicates: DupOpt = False,
    stopwords: StopOpt = "none",
    as_json: JsonOption = False,
) -> None:
    """Word (or word n-gram) frequencies: count, per 10,000 tokens, and documents holding it.

    Tokens are jieba words; punctuation is not a token and ends a clause, so an n-gram is always a piece
    of one clause of the text.

    Example: [bold]jianghua freq --by genre --ngram 2 --top 20[/bold]
    """
    from ..query.textstat import freq as run

    filters = _filters(genre, topic, org, year, source, site, exclude_duplicates)
    result = _query(db, as_json, lambda c: run(c, by=by, ngram=ngram, top=top, filters=filters, stop=stopwords))
    if result is None:
        return
    for group, data in result["groups"].items():
        _print_rows(f"{group} ({data['tokens']:,} {'tokens' if ngram == 1 else f'{ngram}-grams'}, {data['documents']} documents)",
                    ["word" if ngram == 1 else "n-gram", "count", "per 10k", "documents"],
                    [[" ".join(r["words"]), r["count"], r["per_10k"], r["documents"]] for r in data["top"]])


@app.command(rich_help_panel=STATS)
def collocates(
    word: Annotated[str, typer.Argument(help="The node word in either script, or a prefix such as 竞*.")],
    db: DbOption = "",
    measure: Annotated[str, typer.Option(help="mi (mutual information) or llr (log-likelihood).")] = "llr",
    window: Annotated[int, typer.Option(help="Words on each side, in the same paragraph.")] = 5,
    min_count: Annotated[int, typer.Option(help="Least co-occurrences.")] = 3,
    top: Annotated[int, typer.Option(help="How many.")] = 30,
    genre: GenreOpt = None, topic: TopicOpt = None, org: OrgOpt = None, year: YearOpt = None, source: SourceOpt = None,
    site: SiteOpt = None, exclude_duplicates: DupOpt = False,
    stopwords: StopOpt = "default",
    as_json: JsonOption = False,
) -> None:
    """Collocates of a word within a window of jieba words, scored by MI or log-likelihood.

    A co-occurrence is a node token and a collocate token at most --window words apart, each token in
    at most one pair: overlapping windows never count a token twice, so 'together' is never more than
    either word's frequency. Function words (--stopwords default) are not listed.

    Example: [bold]jianghua collocates 竞争上岗 --measure mi --window 4[/bold]
    """
    from ..query.textstat import collocates as run

    filters = _filters(genre, topic, org, year, source, site, exclude_duplicates)
    result = _query(db, as_json, lambda c: run(c, word, window=window, measure=measure, min_count=min_count, top=top,
                                                   filters=filters, stop=stopwords))
    if result is None:
        return
    _print_rows(f"collocates of {result['normalized']} ({result['occurrences']} occurrences in {result['tokens']:,} tokens,"
                f" {measure}, stopwords: {result['stopwords']})",
                ["word", "together", "frequency", measure], [[r["word"], r["count"], r["frequency"], r["score"]]
                                                              for r in result["collocates"]])


@app.command(rich_help_panel=STATS)
def keyness(
    target: Annotated[str, typer.Option("--target", help="The target group: a genre, topic, year or site (see --by).")],
    reference: Annotated[str | None, typer.Option("--reference", help="The reference group (default: all others).")] = None,
    by: Annotated[str, typer.Option(help="Group by genre, topic, year or site.")] = "genre",
    db: DbOption = "",
    top: Annotated[int, typer.Option(help="How many.")] = 30,
    min_count: Annotated[int, typer.Option(help="Least occurrences in target and reference together.")] = 3,
    genre: GenreOpt = None, topic: TopicOpt = None, org: OrgOpt = None, year: YearOpt = None, source: SourceOpt = None,
    site: SiteOpt = None, exclude_duplicates: DupOpt = False,
    stopwords: StopOpt = "none",
    as_json: JsonOption = False,
) -> None:
    """Key words of a group against a reference: signed log-likelihood G2 (positive: more frequent in
    the target), p-value and log ratio; then the words most under-represented.

    Example: [bold]jianghua keyness --target mobilization_speech --reference experience_report[/bold]
    """
    from ..query.textstat import keyness as run

    filters = _filters(genre, topic, org, year, source, site, exclude_duplicates)
    result = _query(db, as_json, lambda c: run(c, target, reference, by=by, top=top, min_count=min_count, filters=filters,
                                                   stop=stopwords))
    if result is None:
        return
    columns = ["word", "target", "reference", "G2", "p", "log ratio"]
    for title, rows in ((f"key words of {target} against {result['reference']}", result["key"]),
                        (f"least key (under-represented in {target})", result["negative"])):
        _print_rows(title, columns, [[r["word"], r["target"], r["reference"], r["g2"], r["p"], r["log_ratio"]] for r in rows])


# --- reused passages ------------------------------------------------------------------------------------

@app.command(rich_help_panel=REUSE)
def passages(
    db: DbOption = "",
    min_docs: Annotated[int, typer.Option(help="Only clusters found in at least this many documents (of those the"
                                               " filters keep).")] = 2,
    role: Annotated[str | None, typer.Option(help="Only clusters with an occurrence in a section of this role.")] = None,
    kind: Annotated[str | None, typer.Option(help="furniture, template or shared.")] = None,
    genre: GenreOpt = None, topic: TopicOpt = None, org: OrgOpt = None, year: YearOpt = None, source: SourceOpt = None,
    site: SiteOpt = None, exclude_duplicates: DupOpt = False,
    limit: Annotated[int, typer.Option(help="How many clusters (0: all).")] = 30,
    offset: Annotated[int, typer.Option(help="Skip this many (paging).")] = 0,
    as_json: JsonOption = False,
) -> None:
    """Reused-passage clusters, biggest first: paragraphs and sentences shared between documents.

    Example: [bold]jianghua passages --min-docs 3 --role requirements[/bold]
    """
    from ..reuse.listing import passage_page

    filters = _filters(genre, topic, org, year, source, site, exclude_duplicates)
    result = _query(db, as_json, lambda c: passage_page(c, min_docs=min_docs, role=role, kind=kind, filters=filters,
                                                        limit=limit or None, offset=offset), reuse=True)
    if result is None:
        return
    clusters = result["clusters"]
    _print_rows(f"{result['total']} reused passages" + (f" (showing {offset + 1}-{offset + len(clusters)})"
                                                         if len(clusters) < result["total"] else ""),
                ["id", "docs", "sites", "kind", "passage"],
                [[c["id"], c["n_docs"], c["n_sites"], c["kind"], (c["text"] or "")[:60]] for c in clusters])


@app.command(rich_help_panel=REUSE)
def variants(
    passage: Annotated[str, typer.Argument(help="A passage cluster id, or a text in either script.")],
    db: DbOption = "",
    limit: Annotated[int, typer.Option(help="Variants to show (0: all).")] = 50,
    plain: Annotated[bool, typer.Option("--plain", help="Each variant's own text only, no markers: ready to copy.")] = False,
    markers: Annotated[bool, typer.Option("--markers", help="Mark differences [-removed-]{+added+} even on a terminal"
                                                            " (they are used whenever the output is not one).")] = False,
    as_json: JsonOption = False,
) -> None:
    """Every variant of a passage, its differences from the representative marked.

    On a terminal the differences are coloured; piped or redirected (or with --markers) they are
    written [-removed-]{+added+}, so both readings stay apart; --plain writes each variant's own text.

    Example: [bold]jianghua variants "要正确对待组织，正确对待自己，正确对待别人"[/bold]
    """
    from rich.console import Console
    from rich.markup import escape

    from ..reuse import variants as run
    from ..reuse.listing import marked_text

    result = _query(db, as_json, lambda c: run(c, passage, limit=limit or None), reuse=True)
    if result is None:
        return
    console = Console()
    text_only = plain or markers or not console.is_terminal
    header = (f"passage {result['cluster']} ({result['kind']}, {result['n_docs']} documents, {result['n_sites']} sites)")
    related = ""
    if result.get("related"):
        related = "the same text in other extents (jianghua variants ID):\n" + "\n".join(
            f"  {r['cluster']} ({r['n_docs']} documents): {r['text'][:50]}" for r in result["related"][:10])
    if text_only:
        typer.echo(header + ("" if plain else "; [-removed-]{+added+} against the representative"))
        if related and not plain:  # before the first variant: each variant's block stays its own text
            typer.echo(related)
    else:
        console.print(f"[bold]{escape(header)}[/bold]; [red strike]removed[/red strike] [green]added[/green] against the representative")
    for v in result["variants"]:
        meta = f"{v['doc_id']} {v['title'] or ''} · {v['site']} · similarity {v['similarity']}"
        if text_only:
            typer.echo(f"\n# {meta}")
            typer.echo(v["text"] if plain else marked_text(v["segments"]))
            continue
        parts = []
        for seg in v["segments"]:
            if seg["op"] == "equal":
                parts.append(escape(seg["b"]))
            if seg["op"] in ("replace", "delete"):
                parts.append(f"[red strike]{escape(seg['a'])}[/red strike]")
            if seg["op"] in ("replace", "insert"):
                parts.append(f"[green]{escape(seg['b'])}[/green]")
        console.print(f"\n[dim]{escape(meta)}[/dim]")
        console.print("".join(parts))
    if related and not text_only:
        console.print(escape(related), style="dim")


@app.command(rich_help_panel=REUSE)
def substitutions(
    db: DbOption = "",
    min_count: Annotated[int, typer.Option(help="Only substitutions seen at least this often.")] = 1,
    limit: Annotated[int, typer.Option(help="How many (0: all).")] = 50,
    genre: GenreOpt = None, topic: TopicOpt = None, org: OrgOpt = None, year: YearOpt = None, source: SourceOpt = None,
    site: SiteOpt = None, exclude_duplicates: DupOpt = False,
    as_json: JsonOption = False,
) -> None:
    """Word substitutions between reused texts (公开→公然, 平等→同等): the spun-copy signal.

    What is counted: one per place (a document and an offset in it) where a reused text reads the word
    B and the text it is compared with reads A, the words around being equal. A duplicate copy is
    compared with its canonical document; any other document with the representative of each
    passage it shares (what 'variants' marks), in passages at least 85% alike. 'docs' is the number of
    documents with such a place; the filters keep the documents whose places count.

    Example: [bold]jianghua substitutions --min-count 2[/bold]
    """
    from ..reuse.listing import substitutions as run

    filters = _filters(genre, topic, org, year, source, site, exclude_duplicates)
    rows = _query(db, as_json, lambda c: run(c, filters, min_count=min_count, limit=limit or None), reuse=True)
    if rows is None:
        return
    _print_rows("word substitutions (places where B stands for A)", ["A", "B", "places", "in duplicates", "in passages", "docs"],
                [[r["a"], r["b"], r["count"], r["duplicate_count"], r["passage_count"], r["n_docs"]] for r in rows])


# --- rules and exports ---------------------------------------------------------------------------------------

@app.command(rich_help_panel=RULES)
def rules(
    doc_ids: Annotated[list[str] | None, typer.Argument(help="Document ids (or --all).")] = None,
    db: DbOption = "",
    all_docs: Annotated[bool, typer.Option("--all", help="Every document whose record states rules (as many as 'stats'"
                                                         " counts), or with the filters, those they keep.")] = False,
    include_empty: Annotated[bool, typer.Option("--include-empty", help="With --all: also the documents whose record"
                                                                        " states nothing.")] = False,
    fmt: Annotated[str, typer.Option("--format", help="json (a list), jsonl, or csv (one row per value: doc_id, field, value,"
                                                      " evidence_text, start, end, orig_start, orig_end, sentence).")] = "json",
    excel: ExcelOpt = False,
    genre: GenreOpt = None, topic: TopicOpt = None, org: OrgOpt = None, year: YearOpt = None, source: SourceOpt = None,
    site: SiteOpt = None, exclude_duplicates: DupOpt = False,
    validate: Annotated[bool, typer.Option(help="Validate each record against the published schema.")] = True,
) -> None:
    """The campaign rules extracted from documents, as JSON valid against campaign-rules.v2.json (records
    written by an older release stay valid against the schema they name, campaign-rules.v1.json).

    Every value carries its evidence: document id, offsets in the canonical and original text, the
    evidenced text and its sentence.

    Example: [bold]jianghua rules --all --format jsonl > rules.jsonl[/bold]
    """
    from ..query.export import RULE_VALUE_COLUMNS, rule_value_rows
    from ..stages.extract import record_errors

    filters = _filters(genre, topic, org, year, source, site, exclude_duplicates)
    if not doc_ids and not all_docs:
        typer.echo("jianghua: give document ids or --all", err=True)
        raise typer.Exit(2)
    _choice("--format", fmt, ("json", "jsonl", "csv"))
    if excel and fmt != "csv":
        raise errors.X607.error("cli_excel", format=fmt)
    corpus = open_corpus(db)
    with reading(_db(db)):
        if doc_ids:
            rows = [corpus.document(d) for d in doc_ids]
        else:
            checked = filters.checked()
            kept = corpus.document_ids(*checked.documents_sql())
            stating = corpus.stating_documents()
            rows = [r for r in corpus.documents() if r["id"] in kept and (include_empty or r["id"] in stating)]
        records = [json.loads(r["rules"]) for r in rows if r["rules"]]
    if validate:
        for record in records:
            problems = record_errors(record)
            if problems:
                raise errors.V501.error(doc=record.get("doc_id"), problems=problems[:3])
    if fmt == "json":
        typer.echo(json.dumps(records, ensure_ascii=False, indent=2))
    elif fmt == "jsonl":
        for record in records:
            typer.echo(json.dumps(record, ensure_ascii=False))
    else:
        _write([row for record in records for row in rule_value_rows(record.get("doc_id"), record)], RULE_VALUE_COLUMNS,
               "csv", excel)


def _export(table: str, db: str, fmt: str, output: str | None, filters: Any = None, excel: bool = False) -> None:
    from ..query.export import export

    corpus = open_corpus(db)
    with reading(_db(db)):
        count = export(corpus, table, fmt, output, filters=filters, excel=excel)
    if output:
        typer.echo(f"{count} {table} written to {output}", err=True)


EXPORTS = {
    "documents": """One record per document: id, source, ordinal, title, text, original, script, complete, sections...

    Example: [bold]jianghua export documents --format parquet -o docs.parquet[/bold]
    """,
    "paragraphs": """One record per paragraph: doc_id, ordinal, kind, section, start, end, text, words.

    Example: [bold]jianghua export paragraphs --format csv -o paragraphs.csv[/bold]
    """,
    "rules": """One record per extracted rule value: doc_id, field, value, evidence_text, start, end, orig_start,
    orig_end, sentence.

    Example: [bold]jianghua export rules --format csv --excel -o rule-values.csv[/bold]
    """,
    "rule-table": """The workbench's rules table (/rules.csv): one row per document that states rules.

    Columns: doc_id, title, genre, organization, date_of_text, posts, principal, deputy, max_age, education,
    score_weights, rater_weights, publicity_days, term_years, inspection_ratio, source.

    Example: [bold]jianghua export rule-table --format csv -o rules-table.csv[/bold]
    """,
    "passages": """One record per passage occurrence: cluster, doc_id, start, end, text (offsets into the
    document's canonical text), n_docs, n_sites, kind.

    Example: [bold]jianghua export passages --format csv -o passages.csv[/bold]
    """,
    "duplicates": """One record per document in a duplicate cluster: canonical copy, coverage, what it lacks
    (missing paragraphs) and changes (substituted words).

    Example: [bold]jianghua export duplicates -o duplicates.jsonl[/bold]
    """,
    "substitutions": """Word substitutions with their places counted as 'jianghua substitutions' counts them.

    Example: [bold]jianghua export substitutions --format csv[/bold]
    """,
}


def _export_command(table: str, doc: str) -> None:
    def command(
        db: DbOption = "",
        fmt: FormatOpt = "jsonl",
        output: OutputOpt = None,
        excel: ExcelOpt = False,
        genre: GenreOpt = None, topic: TopicOpt = None, org: OrgOpt = None, year: YearOpt = None, source: SourceOpt = None,
        site: SiteOpt = None, exclude_duplicates: DupOpt = False,
    ) -> None:
        _export(table, db, fmt, output, _filters(genre, topic, org, year, source, site, exclude_duplicates), excel)

    command.__doc__ = doc
    command.__name__ = f"export_{table.replace('-', '_')}"
    export_app.command(table)(command)


for _table, _doc in EXPORTS.items():
    _export_command(_table, _doc)
