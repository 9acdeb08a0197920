"""Routes of the web workbench: thin views over ``jianghua.query``, ``jianghua.store`` and friends."""

from __future__ import annotations

import io
import json
import logging
import os
import sqlite3
from collections.abc import Callable, Collection
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ... import errors, validate
from ...corpus.store import RULE_TABLE_COLUMNS, Corpus, corpus_error
from ...errors import JianghuaError
from ...labels import GENRES, ROLES, TOPICS
from ...offsets import OffsetMap
from ...query import browse
from ...query import search as q
from ...query.export import evidence_items, rule_table, write_records
from ...query.filters import Filters, from_options
from ...reuse import listing as reuse_listing
from ...reuse.listing import cluster_sizes, shared_passages
from .charts import bar_chart
from .guard import LOOPBACK_HOSTS, Guard

log = logging.getLogger("jianghua.web")

PAGE_SIZE = 50
# a search of a request stops after this long (Q735): a browser user does not wait longer, and a
# request that would run for minutes must not hold one of the server's threads that long
WEB_QUERY_SECONDS = 20.0
# a formula cluster on a law corpus has thousands of occurrences: the page diffs the first ones
VARIANTS_SHOWN = 20


def _env() -> Environment:
    env = Environment(loader=PackageLoader("jianghua.interfaces.web", "templates"), autoescape=select_autoescape(["html"]))
    env.globals["bar_chart"] = lambda *a, **k: Markup(bar_chart(*a, **k))
    env.filters["urlencode_params"] = lambda params, **overrides: urlencode({**dict(params), **overrides})
    return env


def _int_param(request: Request, name: str, default: int, low: int = 0, high: int = validate.MAX_COUNT) -> int:
    """An integer query parameter for navigation (a page, a context width): anything that is not a
    whole number in [low, high] (``?page=abc``, ``²``, a number too big for SQLite) means the default."""
    try:
        return validate.whole_number(name, request.query_params.get(name, ""), low, high)
    except JianghuaError:
        return default


# The HTTP status of an error by its code: what the URL names does not exist (404), the corpus cannot
# be read (500: the server's side), else the request's parameters are wrong (400).
NOT_FOUND_CODES = ("D404", "U803", "W904")
SERVER_CODES = ("D401", "D402", "D403", "D430", "D431", "D432", "D433", "U802", "W905")


def error_status(code: str) -> int:
    return 404 if code in NOT_FOUND_CODES else 500 if code in SERVER_CODES else 400


def create_app(db_path: str, hosts: Collection[str] | None = LOOPBACK_HOSTS) -> Starlette:
    """The workbench over the corpus at ``db_path``, opened read-only for every request, answering only
    requests whose ``Host`` is one of ``hosts`` (None: any; see ``guard``)."""
    Corpus(db_path, readonly=True).close()  # fail early on a missing or wrong file, or another schema
    env = _env()
    # the server's paths stay out of pages: a message naming the database names its file only
    shown_as = {os.path.abspath(db_path): Path(db_path).name, db_path: Path(db_path).name}

    def page(name: str, request: Request, data: dict[str, Any], status: int = 200) -> Response:
        if request.query_params.get("format") == "json":
            return JSONResponse(data, status_code=status)
        html = env.get_template(name).render(request=request, **data)
        return HTMLResponse(html, status_code=status)

    def error(request: Request, code: str, message: str, status: int | None = None) -> Response:
        for path, name in sorted(shown_as.items(), key=lambda item: -len(item[0])):
            message = message.replace(path, name)
        return page("error.html", request, {"error": message, "code": code, "status": status or error_status(code),
                                            "active": None}, status=status or error_status(code))

    def view(handler: Callable[[Request, Corpus], tuple[str, dict[str, Any]] | Response]):
        # a plain function: Starlette runs it in its thread pool, so one slow query does not hold up
        # the other requests (each request opens its own read-only connection, in its own thread)
        def endpoint(request: Request) -> Response:
            try:
                corpus = Corpus(db_path, readonly=True)
                corpus.query_seconds = WEB_QUERY_SECONDS
                try:
                    result = handler(request, corpus)
                finally:
                    corpus.close()
            except JianghuaError as exc:
                return error(request, exc.code, str(exc))
            except (sqlite3.DatabaseError, json.JSONDecodeError) as exc:  # a damaged corpus: D430
                failure = corpus_error(db_path, exc)
                return error(request, failure.code, str(failure))
            if isinstance(result, Response):
                return result
            name, data = result
            return page(name, request, data)

        return endpoint

    async def not_found(request: Request, exc: Exception) -> Response:
        if isinstance(exc, HTTPException) and exc.status_code == 405:
            return error(request, "W906", f"[W906] {errors.W906.text(method=request.method)}", status=405)
        return error(request, "W904", f"[W904] {errors.W904.text(path=request.url.path[:200])}", status=404)

    async def server_error(request: Request, exc: Exception) -> Response:
        log.exception("request %s failed", request.url.path[:200])  # the details go to the log, not the page
        return error(request, "W905", f"[W905] {errors.W905.text()}", status=500)

    routes = [
        Route("/", view(overview)),
        Route("/search", view(search)),
        Route("/search.csv", view(kwic_download("csv"))),
        Route("/search.jsonl", view(kwic_download("jsonl"))),
        Route("/docs", view(documents)),
        Route("/doc/{uid}", view(document)),
        Route("/rules", view(rules_table)),
        Route("/rules.csv", view(rules_csv)),
        Route("/passages", view(passages)),
        Route("/substitutions", view(substitutions)),
        Route("/passages/{cluster}", view(passage_variants)),
        Mount("/static", app=StaticFiles(packages=[("jianghua.interfaces.web", "static")]), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={404: not_found, 405: not_found, 500: server_error})
    app.add_middleware(Guard, hosts=hosts)
    return app


# --- overview ------------------------------------------------------------------------------------

def _file_state(path: str) -> tuple[tuple[int, int] | None, ...]:
    """(mtime, size) of the database and of its write-ahead log: any write to the corpus changes one."""
    state: list[tuple[int, int] | None] = []
    for name in (path, path + "-wal"):
        try:
            st = os.stat(name)
        except OSError:
            state.append(None)
        else:
            state.append((st.st_mtime_ns, st.st_size))
    return tuple(state)


# The corpus-wide part of the overview (counts, the cluster-size histogram: a scan of every cluster
# row), kept per database while its files are unchanged. Nothing that depends on a request is kept.
_SUMMARIES: dict[str, tuple[tuple[Any, ...], dict[str, Any]]] = {}


def _summary(corpus: Corpus) -> dict[str, Any]:
    state = _file_state(corpus.path)
    kept = _SUMMARIES.get(corpus.path)
    if kept is not None and kept[0] == state:
        return kept[1]
    stats = corpus.overview()
    clusters = [(f"{n_docs} documents", count) for n_docs, count in cluster_sizes(corpus)]
    summary = {"stats": stats, "by_genre": corpus.label_counts("genre"), "by_topic": corpus.label_counts("topic"),
               "by_year": sorted((c for c in corpus.label_counts("year") if c[0] != "unknown"), key=lambda c: c[0]),
               "clusters": clusters}
    _SUMMARIES[corpus.path] = (state, summary)  # the state read before the queries: a write meanwhile shows next time
    return summary


def _link(path: str, **params: Any) -> str:
    return f"{path}?{urlencode({k: v for k, v in params.items() if v not in (None, '')})}"


def overview(request: Request, corpus: Corpus) -> tuple[str, dict[str, Any]]:
    term = request.query_params.get("term", "").strip()
    by = request.query_params.get("by", "genre")
    if by not in ("genre", "topic", "year"):
        by = "genre"
    term_chart: list[tuple[str, float]] = []
    term_links: list[str | None] = []
    if term:
        counts = q.term_by(corpus, term, by)
        term_chart = [(g, v["per_document"]) for g, v in counts["groups"].items()]
        term = counts["normalized"]
        term_links = [None if g == "unknown" else _link("/search", q=term, **{by: g}) for g, _v in term_chart]
    summary = _summary(corpus)
    links = {name: [None if value == "unknown" else _link("/docs", **{name: value}) for value, _n in summary[f"by_{name}"]]
             for name in ("genre", "topic", "year")}
    return "overview.html", {**summary, "term": term, "by": by, "term_chart": term_chart, "term_links": term_links,
                             "links": links, "active": "overview"}


# --- search and concordance ---------------------------------------------------------------------

FILTER_PARAMS = ("genre", "topic", "org", "year", "source", "site", "exclude_duplicates")


def _filter_params(request: Request) -> dict[str, str]:
    return {k: request.query_params.get(k, "").strip() for k in FILTER_PARAMS}


def _filters(request: Request) -> tuple[Filters, dict[str, str]]:
    """The document filters of the request and their texts; raises Q733/Q734 for a year that is not
    one or an unknown genre or topic (the same checks as the command line's)."""
    params = _filter_params(request)
    return from_options(**params), params


def _choices(corpus: Corpus) -> dict[str, list[str]]:
    """The values the filter forms offer: the labels present in the corpus, the sites."""
    return {"genres": [g for g, _n in corpus.label_counts("genre") if g in GENRES],
            "topics": [t for t, _n in corpus.label_counts("topic") if t in TOPICS],
            "sites": corpus.sites()}


def search(request: Request, corpus: Corpus) -> tuple[str, dict[str, Any]]:
    text = request.query_params.get("q", "").strip()
    sort = request.query_params.get("sort") or None
    if sort not in (None, "left", "right"):
        sort = None
    window = min(60, max(5, _int_param(request, "window", 25)))
    page_no = _int_param(request, "page", 1, low=1, high=validate.MAX_COUNT // PAGE_SIZE)
    params = _filter_params(request)
    data: dict[str, Any] = {"q": text, "sort": sort, "window": window, "page": page_no, "params": params,
                            **_choices(corpus), "lines": [], "total": 0, "paragraphs": 0, "active": "search", "error": None}
    if text:
        try:
            filters, params = _filters(request)
            # unsorted pages stream from the index; sorting needs every line
            result = q.kwic(corpus, text, window=window, sort=sort, limit=None if sort else page_no * PAGE_SIZE,
                            filters=filters, sort_cap=q.COUNT_CAP)
        except JianghuaError as exc:
            data["error"] = str(exc)
            return "search.html", data
        lines = result["lines"]
        data.update(total=result["total"], capped=result.get("total_capped", False), normalized=result["normalized"],
                    lines=lines[(page_no - 1) * PAGE_SIZE: page_no * PAGE_SIZE],
                    pages=max(1, -(-result["total"] // PAGE_SIZE)),
                    downloads={fmt: f"/search.{fmt}?{urlencode({k: v for k, v in request.query_params.items() if k not in ('page', 'format')})}"
                               for fmt in ("csv", "jsonl")})
    return "search.html", data


def kwic_download(fmt: str) -> Callable[[Request, Corpus], Response]:
    """Every concordance line of the search page's query and filters, as CSV (for Excel: ``excel=1``)
    or JSON Lines, the columns of ``jianghua kwic --format csv``."""
    def download(request: Request, corpus: Corpus) -> Response:
        text = request.query_params.get("q", "").strip()
        if not text:
            raise errors.Q701.error("web_empty")
        sort = request.query_params.get("sort") or None
        window = min(200, max(0, _int_param(request, "window", 25)))
        filters, _params = _filters(request)
        result = q.kwic(corpus, text, window=window, sort=sort if sort in ("left", "right") else None, limit=None,
                        filters=filters, count_cap=None)
        buffer = io.StringIO()
        write_records(result["lines"], q.KWIC_COLUMNS, fmt, buffer, excel=fmt == "csv" and _flag(request, "excel"))
        media = "text/csv; charset=utf-8" if fmt == "csv" else "application/x-ndjson; charset=utf-8"
        return Response(buffer.getvalue(), media_type=media,
                        headers={"Content-Disposition": f'attachment; filename="jianghua-kwic.{fmt}"'})

    return download


def _flag(request: Request, name: str) -> bool:
    return validate.flag(name, request.query_params.get(name, ""))


# --- the document list --------------------------------------------------------------------------

DOCS_PAGE = 100


def documents(request: Request, corpus: Corpus) -> tuple[str, dict[str, Any]]:
    """The documents the filters keep, sortable, with facets: counts per genre, topic, year, site and
    organization among them, each a link adding that filter (Datasette's facets)."""
    filters, params = _filters(request)
    sort = request.query_params.get("sort", "id")
    if sort not in browse.DOC_LIST_COLUMNS:
        sort = "id"
    descending = _flag(request, "desc")
    page_no = _int_param(request, "page", 1, low=1, high=validate.MAX_COUNT // DOCS_PAGE)
    result = browse.documents(corpus, filters, sort=sort, descending=descending, limit=DOCS_PAGE,
                              offset=(page_no - 1) * DOCS_PAGE)
    facets = browse.facets(corpus, filters)
    kept = {k: v for k, v in request.query_params.items() if k in FILTER_PARAMS and v}
    facet_links = {name: [{"value": f["value"], "count": f["count"], "active": str(f["value"]) == params.get(name),
                           "link": None if f["value"] is None else _link("/docs", **{**kept, name: f["value"]})}
                          for f in values] for name, values in facets.items()}
    removals = {name: _link("/docs", **{k: v for k, v in kept.items() if k != name}) for name in kept}
    return "documents.html", {"documents": result["documents"], "total": result["total"], "facets": facet_links,
                              "removals": removals, "params": params, "sort": sort, "desc": descending,
                              "columns": ["id", "title", "genre", "topic", "org", "year", "site", "chars"],
                              "page": page_no, "pages": max(1, -(-result["total"] // DOCS_PAGE)),
                              **_choices(corpus), "active": "docs"}


# --- documents -----------------------------------------------------------------------------------

def _marked(text: str, spans: list[tuple[int, int, str, str]]) -> Markup:
    """``text`` with <mark> around each span (start, end, css class, id); everything escaped."""
    out, position = [], 0
    for start, end, css, ident in sorted(spans):
        if start < position or end <= start:
            continue
        out.append(escape(text[position:start]))
        out.append(f'<mark class="{escape(css)}" id="{escape(ident)}">{escape(text[start:end])}</mark>')
        position = end
    out.append(escape(text[position:]))
    return Markup("".join(out))


def document(request: Request, corpus: Corpus) -> tuple[str, dict[str, Any]]:
    uid = request.path_params["uid"]
    row = corpus.document(uid)
    script = request.query_params.get("script", "original")
    original = script != "canonical"
    omap = OffsetMap(json.loads(row["offset_map"]), len(row["text"]), len(row["original"]))
    source_text = row["original"] if original else row["text"]
    rules = json.loads(row["rules"]) if row["rules"] else None
    evidence = evidence_items(rules) if rules else []
    highlight = request.query_params.get("hl", "")
    spans: list[tuple[int, int, str, str]] = []
    for index, item in enumerate(evidence):
        ev = item["evidence"]
        start, end = (ev.get("orig_start"), ev.get("orig_end")) if original else (ev.get("start"), ev.get("end"))
        # (evidence cited from the title or a removed metadata line has its offsets there, not in the text)
        if isinstance(start, int) and isinstance(end, int) and ev.get("source", "body") == "body":
            spans.append((start, end, "evidence", f"ev{index}"))
            item["anchor"] = f"ev{index}"
    if highlight and "-" in highlight:  # ?hl=START-END in the canonical text; anything else is no highlight
        a, b = highlight.split("-", 1)
        try:
            hit = (validate.whole_number("hl", a, 0, len(row["text"])), validate.whole_number("hl", b, 0, len(row["text"])))
        except JianghuaError:
            hit = None
        if hit is not None and hit[0] < hit[1]:
            start, end = omap.span(*hit) if original else hit
            spans.append((start, end, "hit", "hit"))
    paragraphs = []
    for par in corpus.paragraphs(row["id"]):
        p_start, p_end = omap.span(par["start"], par["end"]) if original else (par["start"], par["end"])
        local = [(max(s, p_start) - p_start, min(e, p_end) - p_start, css, ident) for s, e, css, ident in spans
                 if s < p_end and e > p_start]
        paragraphs.append({"kind": par["kind"], "html": _marked(source_text[p_start:p_end], local)})
    sections = [dict(s) for s in corpus.sections(row["id"])]
    duplicates = corpus.copies(uid, row["duplicate_of"])
    shared = shared_passages(corpus, uid)
    classification = json.loads(row["classification"]) if row["classification"] else None
    doc = {k: row[k] for k in row.keys() if k not in ("text", "original", "offset_map")}
    data = {"doc": doc, "script": "original" if original else "canonical", "paragraphs": paragraphs,
            "sections": sections, "evidence": evidence, "classification": classification, "duplicates": duplicates,
            "shared": shared, "active": "search"}
    if request.query_params.get("format") == "json":
        data["paragraphs"] = [{"kind": p["kind"], "text": str(p["html"].striptags())} for p in paragraphs]
    return "document.html", data


# --- rules table ---------------------------------------------------------------------------------

RULES_PAGE = 100


def rules_table(request: Request, corpus: Corpus) -> tuple[str, dict[str, Any]]:
    needle = request.query_params.get("filter", "").strip()
    sort = request.query_params.get("sort", "doc_id")
    if sort not in RULE_TABLE_COLUMNS:
        sort = "doc_id"
    filters, params = _filters(request)
    page_no = _int_param(request, "page", 1, low=1, high=validate.MAX_COUNT // RULES_PAGE)
    precomputed = corpus.rule_rows_ready()
    as_json = request.query_params.get("format") == "json"
    rows, total = rule_table(corpus, sort, needle, limit=RULES_PAGE, offset=(page_no - 1) * RULES_PAGE, with_rules=as_json,
                             filters=filters)
    if as_json:
        return "rules.html", {"rows": [r["rules"] for r in rows], "total": total, "page": page_no,
                              "filter": needle, "filters": filters.params()}
    same = urlencode({k: v for k, v in request.query_params.items() if k not in ("page", "format")})
    return "rules.html", {"rows": rows, "columns": RULE_TABLE_COLUMNS, "sort": sort, "filter": needle, "active": "rules",
                          "total": total, "page": page_no, "pages": max(1, -(-total // RULES_PAGE)), "params": params,
                          **_choices(corpus), "same": same, "precomputed": precomputed, "db_path": corpus.path}


def rules_csv(request: Request, corpus: Corpus) -> Response:
    """The table with the page's filter and filters, as ``jianghua export rule-table --format csv``
    writes it (``excel=1``: with a byte-order mark for Excel)."""
    filters, _params = _filters(request)
    needle = request.query_params.get("filter", "").strip()
    sort = request.query_params.get("sort", "doc_id")
    buffer = io.StringIO()
    write_records(rule_table(corpus, sort if sort in RULE_TABLE_COLUMNS else "doc_id", needle, filters=filters)[0],
                  RULE_TABLE_COLUMNS, "csv", buffer, excel=_flag(request, "excel"))
    return Response(buffer.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="jianghua-rules.csv"'})


# --- passages -----------------------------------------------------------------------------------

PASSAGES_PAGE = 100


def passages(request: Request, corpus: Corpus) -> tuple[str, dict[str, Any]]:
    if not corpus.has_table("passage_clusters"):
        return "passages.html", {"clusters": [], "missing": True, "active": "passages", "params": {}}
    from ...reuse import PASSAGE_KINDS

    filters, params = _filters(request)
    params |= {k: request.query_params.get(k, "").strip() for k in ("role", "kind", "min_docs")}
    min_docs = validate.whole_number("--min-docs", params["min_docs"]) if params["min_docs"] else 2  # Q733 if not one
    page_no = _int_param(request, "page", 1, low=1, high=validate.MAX_COUNT // PASSAGES_PAGE)
    result = reuse_listing.passage_page(corpus, min_docs=min_docs, role=params["role"] or None, kind=params["kind"] or None,
                                     filters=filters, limit=PASSAGES_PAGE, offset=(page_no - 1) * PASSAGES_PAGE)
    return "passages.html", {"clusters": result["clusters"], "total": result["total"], "params": params,
                             "same": urlencode({k: v for k, v in request.query_params.items() if k in FILTER_PARAMS and v}),
                             "page": page_no,
                             "pages": max(1, -(-result["total"] // PASSAGES_PAGE)), "roles": ROLES, "kinds": PASSAGE_KINDS,
                             **_choices(corpus), "active": "passages"}


SUBSTITUTIONS_PAGE = 100


def substitutions(request: Request, corpus: Corpus) -> tuple[str, dict[str, Any]]:
    """Word substitutions among the documents the filters keep, counted per place
    (``reuse_listing.substitutions``), most first, one page at a time."""
    if not corpus.has_table("passage_clusters"):
        return "substitutions.html", {"rows": [], "missing": True, "active": "passages", "params": {}}
    filters, params = _filters(request)
    page_no = _int_param(request, "page", 1, low=1, high=validate.MAX_COUNT // SUBSTITUTIONS_PAGE)
    rows = _substitutions(corpus, filters)
    return "substitutions.html", {"rows": rows[(page_no - 1) * SUBSTITUTIONS_PAGE:page_no * SUBSTITUTIONS_PAGE],
                                  "total": len(rows), "params": params, "page": page_no,
                                  "pages": max(1, -(-len(rows) // SUBSTITUTIONS_PAGE)), **_choices(corpus),
                                  "active": "passages"}


# Substitutions are counted from the passages at request time (``reuse_listing.substitutions``); the
# counts of a filter are kept while the database files are unchanged, as the overview's are.
_SUBSTITUTIONS: dict[tuple[str, str], tuple[tuple[Any, ...], list[dict[str, Any]]]] = {}


def _substitutions(corpus: Corpus, filters: Filters) -> list[dict[str, Any]]:
    key = (corpus.path, json.dumps(filters.params(), sort_keys=True))
    state = _file_state(corpus.path)
    kept = _SUBSTITUTIONS.get(key)
    if kept is not None and kept[0] == state:
        return kept[1]
    rows = reuse_listing.substitutions(corpus, filters)
    if len(_SUBSTITUTIONS) > 64:
        _SUBSTITUTIONS.clear()
    _SUBSTITUTIONS[key] = (state, rows)
    return rows


def passage_variants(request: Request, corpus: Corpus) -> tuple[str, dict[str, Any]]:
    from ... import reuse

    data = reuse.variants(corpus, request.path_params["cluster"], limit=VARIANTS_SHOWN)
    return "variants.html", {"variants": data, "active": "passages"}
