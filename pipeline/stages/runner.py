"""The stage registry and the per-page runner: the architecture in one place.

Per file:  1 decode -> 2 repair
Per page (or per part of a long one):  3 normalize (line by line) -> 4 clean -> 5 rejoin -> 6 split -> 7 date
Per document:  8 structure -> 9 segment -> 10 classify (genre, topic, section roles) -> 11 extract (rules)
Each stage is a function ``stage(unit, ctx) -> None`` (``Context``) registered by name with what it
reads and writes, so the runner can check that every stage's inputs are produced by an earlier one
(``check_order``); ``process_parts`` runs them from the registry in the order of ``HEAD_STAGES``,
``PART_STAGES`` and ``DOC_STAGES``.
"""

from __future__ import annotations

import functools
import hashlib
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from .. import errors
from ..document import Document, Line, Page, document_uid
from .clean import DEFAULT_MODEL
from .clean import clean as clean_page
from .dates import head_stamp, head_year, text_year
from .decode import decode_bytes, html_to_text, looks_like_html
from .normalize import detect_script, normalize
from .normalize import normalize_lines as normalize_page_lines
from .repair import repair as repair_text
from .segment import Segmenter, default_segmenter
from .segment import segment as segment_doc
from .settings import SETTINGS_FILE, Settings, default_settings
from .split import collection_heading, rejoin
from .split import split as split_page
from .structure import structure as structure_doc
from .title_chooser import Chooser


@dataclass(frozen=True)
class Stage:
    name: str
    func: Callable[..., Any]
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    # raised when the stage's output for the same input changes (a change of its data files under
    # resources/ needs no bump: ``pipeline_versions`` hashes them)
    version: str = "1"


REGISTRY: dict[str, Stage] = {}


def stage(name: str, requires: tuple[str, ...] = (), assigns: tuple[str, ...] = (), version: str = "1"):
    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        REGISTRY[name] = Stage(name, func, requires, assigns, version)
        return func

    return register


def pipeline_versions(settings: Settings | None = None) -> dict[str, str]:
    """What made a page: each stage's version, a digest of the data files the stages read (patterns,
    lexicons, models under ``resources/``) and one of the stage settings' values (the packaged defaults
    when ``settings`` is None). Stored with every page (``pages.versions``); ``ingest`` processes again
    a page whose versions differ from these."""
    return {**{name: REGISTRY[name].version for name in PAGE_STAGES + DOC_STAGES}, "resources": _resources_digest(),
            "settings": (settings or default_settings()).digest()}


@functools.cache
def _resources_digest() -> str:
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parents[1] / "resources"
    # (settings.toml aside: the values it holds are digested as ``settings``, its comments not at all)
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                       and p != root / SETTINGS_FILE):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def versions_json(settings: Settings | None = None) -> str:
    return json.dumps(pipeline_versions(settings), sort_keys=True)


# The order the runner calls them in: the head stages once per file, the part stages once per part of
# a long page (once for any other page), the document stages once per document.
HEAD_STAGES = ("decode", "repair")
PART_STAGES = ("normalize", "clean", "rejoin", "split", "date")
PAGE_STAGES = HEAD_STAGES + PART_STAGES
DOC_STAGES = ("structure", "segment", "classify", "extract")


@dataclass(frozen=True)
class Models:
    """The learned models the page stages use instead of the shipped ones: a line model for clean
    (``lines.LineModel``; None runs clean's high-precision layer alone) and a title chooser for split.
    The grouped cross-validation of the whole pipeline (``training.devset_cv``) hands in models fitted
    without the page; ingest always runs the shipped ones."""

    line_model: Any = DEFAULT_MODEL  # clean: lines.LineModel, DEFAULT_MODEL (the shipped one) or None
    title_chooser: Chooser | None = None  # split: None for the shipped chooser
    fact_model: Any = DEFAULT_MODEL  # extract: learned.FactModel, DEFAULT_MODEL (the shipped one) or None (rules alone)


SHIPPED = Models()


@dataclass
class Context:
    """What a stage reads or passes on besides its unit (a page or a document): the run's settings and
    shared objects, and the hand-offs between stages. Every stage is ``stage(unit, ctx) -> None``."""

    settings: Settings = field(default_factory=default_settings)  # every stage: its numbers (ctx.settings.clean)
    data: bytes = b""  # decode: the file's bytes (released once decoded)
    site_lines: frozenset[str] = frozenset()  # clean: the lines recurring on the site's pages (ingest's pass 1)
    segmenter: Segmenter | None = None  # segment (default_segmenter when None)
    content: list[Line] = field(default_factory=list)  # rejoin -> split: the kept lines, hard breaks undone
    page_year: int | None = None  # date -> extract: the year of the page's stamp
    page_stamp: dict[str, Any] | None = None  # date -> extract: the stamp's removed line and date (extract.meta)
    doc_heads: dict[int, list[dict[str, Any]]] = field(default_factory=dict)  # date -> extract: removed head lines by ordinal
    sha256: str = ""  # extract: documents are named by their file's hash and their place
    models: Models = SHIPPED  # clean, split: the learned models (the shipped ones but in cross-validation)


def check_order(names: tuple[str, ...], available: tuple[str, ...] = ("ctx.data",)) -> None:
    """Every stage's declared reads come from the start or an earlier stage, and every declared read or
    write names a typed field of the object it is on (``page.`` Page, ``doc.`` Document, ``ctx.`` Context)."""
    objects = {"page": Page, "doc": Document, "ctx": Context}
    have = set(available)
    for name in names:
        for declared in (*REGISTRY[name].requires, *REGISTRY[name].assigns):
            owner, _, attribute = declared.partition(".")
            if owner not in objects or attribute not in {f.name for f in fields(objects[owner])}:
                raise RuntimeError(f"stage {name!r} declares {declared!r}, which is no field of {owner}")
        missing = [r for r in REGISTRY[name].requires if r not in have]
        if missing:
            raise RuntimeError(f"stage {name!r} needs {missing}, which no earlier stage assigns")
        have.update(REGISTRY[name].assigns)


@stage("decode", requires=("ctx.data",), assigns=("page.text", "page.encoding", "page.is_html", "page.code", "page.flags"))
def decode(page: Page, ctx: Context) -> None:
    decoded = decode_bytes(ctx.data, ctx.settings.decode)
    page.encoding = decoded.encoding
    page.code = decoded.code.code
    page.flags.extend(decoded.flags)
    text = decoded.text
    if page.path.lower().endswith((".html", ".htm")) or looks_like_html(text):
        page.is_html = True
        text = html_to_text(text, page.flags)
        if not text.strip():
            raise errors.Quarantine(errors.BLANK, note="no text in the HTML")
    page.text = text


@stage("repair", requires=("page.text",), assigns=("page.text", "page.repairs", "page.flags"))
def repair(page: Page, ctx: Context) -> None:
    repaired = repair_text(page.text, ctx.settings.repair)
    page.text = repaired.text
    page.repairs.update(repaired.repairs)
    page.flags.extend(repaired.flags)


@stage("normalize", requires=("page.text",), assigns=("page.lines", "page.script"))
def normalize_lines(page: Page, ctx: Context) -> None:
    page.script = detect_script(page.text, ctx.settings.normalize)
    done = None
    if page.script in ("hant", "mixed"):
        page.taiwan = True
    else:  # Taiwan vocabulary in simplified script: decided on the page's head, read in the page's script
        head = page.text[:ctx.settings.normalize.taiwan_probe_chars]
        probe = normalize(head, page.script, settings=ctx.settings.normalize)
        page.taiwan = probe.taiwan
        if head == page.text:
            done = probe  # the probe was the whole page, normalized as the lines need
    page.lines = [Line(number, orig, canon, omap) for number, (orig, canon, omap)
                  in enumerate(normalize_page_lines(page.text, page.script, page.taiwan, done=done,
                                                    settings=ctx.settings.normalize), start=1)]


@stage("clean", requires=("page.lines",), assigns=("page.lines", "page.removed", "page.title"))
def clean(page: Page, ctx: Context) -> None:
    clean_page(page, ctx.site_lines, collection_heading=functools.partial(collection_heading, s=ctx.settings.titles),
               model=ctx.models.line_model,
               settings=ctx.settings.clean, rejoin=ctx.settings.rejoin)


@stage("rejoin", requires=("page.lines", "page.removed"), assigns=("ctx.content",))
def rejoin_lines(page: Page, ctx: Context) -> None:
    ctx.content = rejoin(page, ctx.settings.rejoin, ctx.settings.titles)


# version 2: titles of documents with no collection heading picked among candidates (title_chooser)
@stage("split", requires=("ctx.content",), assigns=("page.documents", "ctx.content"), version="2")
def split(page: Page, ctx: Context) -> None:
    page.documents = split_page(page, ctx.content, ctx.models.title_chooser, settings=ctx.settings.split,
                                titles=ctx.settings.titles)
    ctx.content = []


# version 3: the stamp's line and date, and each document's removed head lines, handed to extract (a date_of_text
# or a speaker with evidence source "metadata")
@stage("date", requires=("page.documents", "page.removed", "page.lines"),
       assigns=("ctx.page_year", "ctx.page_stamp", "ctx.doc_heads"), version="3")
def date(page: Page, ctx: Context) -> None:
    """The year of the stamp of a page holding one document (``dates.head_year``: a head line the
    cleaner removed, 发布时间：…); a page of several texts is dated by each text alone."""
    ctx.page_year = ctx.page_stamp = None
    texts = _removed_texts(page)
    ctx.doc_heads = _doc_heads(page, texts)
    if len(page.documents) == 1:  # the stamp stands before the body (above or under the title line)
        body = page.documents[0].first_line
        first_kept = body if body is not None else next(
            (line.number for line in page.lines if line.removed is None and line.text), 0)
        ctx.page_year = head_year([(removed.line, removed.text) for removed in page.removed], first_kept,
                                  ctx.settings.date)
        ctx.page_stamp = _stamp(texts, first_kept, ctx)


def _removed_texts(page: Page) -> dict[int, tuple[str, str, Any]]:
    """Each removed line's text by line number: canonical, original and the map between them (a whole
    line's), or the canonical and original part the cleaner cut off a line (no map)."""
    by_number = {line.number: line for line in page.lines}
    texts: dict[int, tuple[str, str, Any]] = {}
    for removed in page.removed:
        line = by_number.get(removed.line)
        if line is not None and removed.text == line.orig.strip():
            texts[removed.line] = (line.canon, line.orig, line.omap)
            continue
        at = line.orig.find(removed.text) if line is not None and removed.text else -1
        if line is None or at < 0:
            texts[removed.line] = (removed.text, removed.text, None)
            continue
        start, end = _canonical_span(line.omap, at, at + len(removed.text))
        texts[removed.line] = (line.canon[start:end], removed.text, None)
    return texts


def _canonical_span(omap: Any, orig_start: int, orig_end: int) -> tuple[int, int]:
    """The canonical span of a line whose original span is ``orig_start..orig_end`` (the map inverted)."""
    positions = omap.to_array()
    start = next((index for index, orig in enumerate(positions) if orig >= orig_start), len(positions))
    end = next((index for index, orig in enumerate(positions) if orig >= orig_end), len(positions))
    return start, end


def _doc_heads(page: Page, texts: dict[int, tuple[str, str, Any]]) -> dict[int, list[dict[str, Any]]]:
    """Each document's removed head lines (after the previous document's body, up to its own first body
    line): where a byline or a stamp stands when the cleaner took it with the title or the metadata."""
    heads: dict[int, list[dict[str, Any]]] = {}
    previous = 0
    for doc in page.documents:
        first = doc.first_line if doc.first_line is not None else previous
        heads[doc.ordinal] = [{"line": number, "canon": canon, "orig": orig, "omap": omap}
                              for number, (canon, orig, omap) in sorted(texts.items()) if previous < number <= first]
        previous = doc.last_line if doc.last_line is not None else first
    return heads


def _stamp(texts: dict[int, tuple[str, str, Any]], first_kept: int, ctx: Context) -> dict[str, Any] | None:
    """The page's stamp as extract cites it: the removed line (canonical and original, whole when the
    cleaner removed the whole line), the date's offsets in both and its ISO value."""
    stamp = head_stamp([(number, canon) for number, (canon, _orig, _omap) in texts.items()], first_kept, ctx.settings.date)
    if stamp is None:
        return None
    canon, orig, omap = texts[stamp.line]
    orig_start, orig_end = omap.span(stamp.start, stamp.end) if omap is not None else (stamp.start, stamp.end)
    year, month, day = stamp.date
    return {"line": stamp.line, "canon": canon, "orig": orig, "start": stamp.start, "end": stamp.end,
            "orig_start": orig_start, "orig_end": orig_end, "value": f"{year:04d}-{month:02d}-{day:02d}"}


@stage("structure", requires=("page.documents",), assigns=("doc.paragraphs", "doc.sections"))
def structure(doc: Document, ctx: Context) -> None:
    structure_doc(doc, ctx.settings.structure)


@stage("segment", requires=("doc.paragraphs",), assigns=("doc.paragraphs",))
def segment(doc: Document, ctx: Context) -> None:
    segment_doc(doc, ctx.segmenter)


@stage("classify", requires=("doc.paragraphs", "doc.sections"), assigns=("doc.classification",))
def classify(doc: Document, ctx: Context) -> None:
    # imported here: numpy (0.3 s) is needed only once there are documents (prepare() stops before)
    from .classify import annotate

    annotate(doc, settings=ctx.settings.classify, script=ctx.settings.normalize)


# version 2: the page's stamp (a removed metadata line) may be the date_of_text, cited with source "metadata"
# version 3: values found by the learned fact model (extract/learned.py), ``method: learned``
@stage("extract", requires=("doc.paragraphs", "ctx.page_year", "ctx.page_stamp", "ctx.doc_heads"),
       assigns=("doc.rules", "doc.organization", "doc.year"), version="3")
def extract(doc: Document, ctx: Context) -> None:
    # imported here, likewise: cn2an takes 0.9 s to import
    from .extract import extract as extract_rules

    rules = extract_rules(doc, document_uid(ctx.sha256, doc.ordinal), ctx.settings.extract, stamp=ctx.page_stamp,
                          head=ctx.doc_heads.get(doc.ordinal, []), fact_model=ctx.models.fact_model)
    doc.rules = rules
    organization = rules.get("organization")
    if organization:
        doc.organization = organization.get("name")
    dated = rules.get("date_of_text")
    # (a date from the page's stamp gives way to the text's own date line, as before the stamp was cited)
    if dated and str(dated.get("value", ""))[:4].isdigit() and dated["evidence"].get("source") != "metadata":
        doc.year = int(str(dated["value"])[:4])
    elif (year := text_year(doc.text, ctx.settings.date)) is not None:  # the text's own date line (laws, notices, datelines)
        doc.year = year
    elif ctx.page_year is not None:  # the page's stamp, removed with the head furniture (stage date)
        doc.year = ctx.page_year


check_order(PAGE_STAGES + DOC_STAGES)
if set(REGISTRY) != set(PAGE_STAGES + DOC_STAGES):
    raise RuntimeError("every registered stage must run, in one of the orders above")


# A page longer than this (in characters, after decoding and repair) is processed in parts, each cut at
# a blank line (else at a line end) and run through the stages from normalize on as a page of its own:
# a worker holds about 55 bytes per character of the part being processed (lines with offset maps,
# paragraphs, jieba words, rows), so a part of 500,000 characters (1.5 MB of Chinese in UTF-8) costs
# about 80 MB whatever the file's size. No scraped page comes near it (the bench corpus's longest law
# has 105,000 characters); a document that crosses a cut is split there (flag ``processed_in_parts``).
PART_CHARS = 500_000


def part_bounds(text: str, limit: int | None = None) -> list[tuple[int, int]]:
    """Where a long text is cut into parts of at most ``limit`` characters (``PART_CHARS``): after the
    last blank line of the second half of each part, else after its last line end, else at ``limit``."""
    limit = limit or PART_CHARS
    bounds, start = [], 0
    while len(text) - start > limit:
        end = start + limit
        cut = text.rfind("\n\n", start + limit // 2, end)
        if cut >= 0:
            cut += 2
        else:
            cut = text.rfind("\n", start + limit // 2, end)
            cut = cut + 1 if cut >= 0 else end
        bounds.append((start, cut))
        start = cut
    bounds.append((start, len(text)))
    return bounds


def process_parts(data: bytes, path: str, site: str = "", site_lines: frozenset[str] = frozenset(),
                  segmenter: Segmenter | None = None, timings: dict[str, float] | None = None,
                  settings: Settings | None = None, models: Models = SHIPPED) -> Iterator[Page]:
    """Run every per-page stage over one file's bytes, yielding the page -- or, for a page longer than
    ``PART_CHARS``, one page per part, each released by the caller before the next is made (documents
    and removed lines numbered through the parts; the decode and repair flags on the first part).
    Raises ``errors.Quarantine`` for bad input. ``timings``, when given, accumulates each stage's
    seconds under its name (bench/bench_stages.py). ``settings``: the stages' numbers (the packaged
    defaults when None), recorded in the page's versions. ``models``: the learned models (``Models``; the
    shipped ones by default). The caller sets J102 when no part has documents."""
    run = _timed(timings)
    settings = settings or default_settings()
    head = Page(path=path, sha256=hashlib.sha256(data).hexdigest(), size=len(data), site=site,
                versions=versions_json(settings))
    ctx = Context(settings=settings, data=data, site_lines=site_lines, segmenter=segmenter or default_segmenter(),
                  sha256=head.sha256, models=models)
    del data  # the caller's reference aside, ctx holds the bytes until decode has read them
    for name in HEAD_STAGES:
        run(name, head, ctx)
        ctx.data = b""
    text, head.text = head.text, ""
    bounds = part_bounds(text)
    ordinal = line_offset = 0
    for index, (start, end) in enumerate(bounds):
        if len(bounds) == 1:
            page, page.text = head, text
        else:
            page = Page(path=head.path, sha256=head.sha256, size=head.size, site=site, encoding=head.encoding,
                        is_html=head.is_html, text=text[start:end], code=head.code, versions=head.versions)
            if index == 0:
                page.flags, page.repairs = head.flags, head.repairs
                page.flags.append({"kind": "processed_in_parts", "parts": len(bounds), "part_chars": PART_CHARS})
        for name in PART_STAGES:
            run(name, page, ctx)
        if len(bounds) > 1:  # what later stages do not read goes before the documents are processed
            page.text, page.lines, ctx.page_year, ctx.page_stamp, ctx.doc_heads = "", [], None, None, {}
        for doc in page.documents:
            doc.ordinal += ordinal
            for name in DOC_STAGES:
                run(name, doc, ctx)
        for removed in page.removed:
            removed.line += line_offset
        ordinal += len(page.documents)
        line_offset += text.count("\n", start, end)
        yield page


def prepare(data: bytes, path: str, until: str, site_lines: frozenset[str] = frozenset(), site: str = "",
            settings: Settings | None = None) -> Page:
    """A page through the page stages up to and including ``until`` (one of ``PAGE_STAGES``), in one
    part: what a trainer or a test of a later stage starts from."""
    if until not in PAGE_STAGES:
        raise ValueError(f"not a page stage: {until!r}; one of {', '.join(PAGE_STAGES)}")
    page = Page(path=path, sha256=hashlib.sha256(data).hexdigest(), size=len(data), site=site)
    ctx = Context(settings=settings or default_settings(), data=data, site_lines=site_lines, sha256=page.sha256)
    for name in PAGE_STAGES[:PAGE_STAGES.index(until) + 1]:
        REGISTRY[name].func(page, ctx)
    return page


def process_page(data: bytes, path: str, site: str = "", site_lines: frozenset[str] = frozenset(),
                 segmenter: Segmenter | None = None, timings: dict[str, float] | None = None,
                 settings: Settings | None = None, models: Models = SHIPPED) -> Page:
    """Run every per-page stage over one file's bytes (``process_parts``, the parts of a long page
    joined again into one page), with ``settings`` (``settings.load_settings``; the packaged defaults
    when None) and ``models`` (``Models``; the shipped ones by default). Raises ``errors.Quarantine`` for
    bad input."""
    parts = process_parts(data, path, site, site_lines, segmenter, timings, settings, models)
    page = next(parts)
    for part in parts:
        page.documents.extend(part.documents)
        page.removed.extend(part.removed)
        page.flags.extend(f for f in part.flags if f not in page.flags)
        for kind, count in part.repairs.items():
            page.repairs[kind] = page.repairs.get(kind, 0) + count
    if not page.documents and page.code == errors.OK.code:
        page.code = errors.OK_NO_DOCUMENTS.code
    return page


def _timed(timings: dict[str, float] | None) -> Callable[[str, Any, Context], None]:
    """The call of a stage by name, timed into ``timings`` when given."""
    if timings is None:
        return lambda name, unit, ctx: REGISTRY[name].func(unit, ctx)

    def run(name: str, unit: Any, ctx: Context) -> None:
        started = time.perf_counter()
        try:
            REGISTRY[name].func(unit, ctx)
        finally:
            timings[name] = timings.get(name, 0.0) + time.perf_counter() - started

    return run


def page_lines_for_learning(data: bytes) -> list[str]:
    """The repaired lines of a page, for learning site-wide recurring lines (pass 1 of ingest)."""
    decoded = decode_bytes(data)
    text = decoded.text
    if looks_like_html(text):
        text = html_to_text(text)
    return [line for line in repair_text(text).text.split("\n") if line.strip()]
