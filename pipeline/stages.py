"""The stage registry and the per-page runner: the architecture in one place.

Per page:  1 decode -> 2 repair -> 3 normalize (line by line) -> 4 clean -> 5 rejoin -> 6 split
Per document:  7 structure -> 8 segment -> 9 classify (genre, topic, section roles) -> 10 extract (rules)
Each stage is a function registered by name with what it reads and writes, so the runner can check
that every stage's inputs are produced by an earlier one (``check_order``).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import errors
from .clean import clean as clean_page
from .dates import head_year, text_year
from .decode import decode_bytes, html_to_text, looks_like_html
from .document import Document, Line, Page
from .normalize import detect_script, normalize_with_positions
from .normalize import normalize_lines as normalize_page_lines
from .repair import repair as repair_text
from .segment import Segmenter, default_segmenter
from .segment import segment as segment_doc
from .split import collection_heading, rejoin
from .split import split as split_page
from .store import document_uid
from .structure import structure as structure_doc


@dataclass(frozen=True)
class Stage:
    name: str
    func: Callable[..., Any]
    requires: tuple[str, ...]
    assigns: tuple[str, ...]


REGISTRY: dict[str, Stage] = {}


def stage(name: str, requires: tuple[str, ...] = (), assigns: tuple[str, ...] = ()):
    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        REGISTRY[name] = Stage(name, func, requires, assigns)
        return func

    return register


PAGE_STAGES = ("decode", "repair", "normalize", "clean", "rejoin", "split")
DOC_STAGES = ("structure", "segment", "classify", "extract")


def check_order(names: tuple[str, ...], available: tuple[str, ...] = ("page.bytes",)) -> None:
    have = set(available)
    for name in names:
        missing = [r for r in REGISTRY[name].requires if r not in have]
        if missing:
            raise RuntimeError(f"stage {name!r} needs {missing}, which no earlier stage assigns")
        have.update(REGISTRY[name].assigns)


# Characters of a page's head normalized to decide whether it shows Taiwan vocabulary.
TAIWAN_PROBE_CHARS = 20000


@stage("decode", requires=("page.bytes",), assigns=("page.text", "page.encoding", "page.is_html"))
def decode(page: Page, data: bytes) -> None:
    decoded = decode_bytes(data)
    page.encoding = decoded.encoding
    page.code = decoded.code.code
    page.flags.extend(decoded.flags)
    text = decoded.text
    if page.path.lower().endswith((".html", ".htm")) or looks_like_html(text):
        page.is_html = True
        text = html_to_text(text)
        if not text.strip():
            raise errors.Quarantine(errors.BLANK, note="no text in the HTML")
    page.text = text


@stage("repair", requires=("page.text",), assigns=("page.text", "page.repairs", "page.flags"))
def repair(page: Page) -> None:
    repaired = repair_text(page.text)
    page.text = repaired.text
    page.repairs.update(repaired.repairs)
    page.flags.extend(repaired.flags)


@stage("normalize", requires=("page.text",), assigns=("page.lines", "page.script"))
def normalize_lines(page: Page) -> None:
    page.script = detect_script(page.text)
    done = None
    if page.script in ("hant", "mixed"):
        page.taiwan = True
    else:  # Taiwan vocabulary in simplified script: decided on the page's head, read in the page's script
        head = page.text[:TAIWAN_PROBE_CHARS]
        canon, positions, _script, page.taiwan = normalize_with_positions(head, page.script, None)
        if head == page.text:
            done = canon, positions  # the probe was the whole page, normalized as the lines need
    page.lines = [Line(number, orig, canon, omap) for number, (orig, canon, omap)
                  in enumerate(normalize_page_lines(page.text, page.script, page.taiwan, done), start=1)]


@stage("clean", requires=("page.lines",), assigns=("page.lines.removed", "page.removed", "page.title"))
def clean(page: Page, site_lines: frozenset[str] = frozenset()) -> None:
    clean_page(page, site_lines, collection_heading=collection_heading)


@stage("rejoin", requires=("page.lines.removed",), assigns=("page.content",))
def rejoin_lines(page: Page) -> list[Line]:
    return rejoin(page)


@stage("split", requires=("page.content",), assigns=("page.documents",))
def split(page: Page, content: list[Line]) -> None:
    page.documents = split_page(page, content)


@stage("structure", requires=("page.documents",), assigns=("doc.paragraphs", "doc.sections"))
def structure(doc: Document) -> None:
    structure_doc(doc)


@stage("segment", requires=("doc.paragraphs",), assigns=("doc.words",))
def segment(doc: Document, segmenter: Segmenter | None = None) -> None:
    segment_doc(doc, segmenter)


@stage("classify", requires=("doc.paragraphs", "doc.sections"), assigns=("doc.classification", "doc.section_roles"))
def classify(doc: Document) -> None:
    from .classify import annotate

    annotate(doc)


@stage("extract", requires=("doc.paragraphs",), assigns=("doc.rules", "doc.organization", "doc.year"))
def extract(doc: Document, doc_id: str, page_year: int | None = None) -> None:
    from .extract import extract as extract_rules

    rules = extract_rules(doc, doc_id)
    doc.extra["rules"] = rules
    organization = rules.get("organization")
    if organization:
        doc.extra["organization"] = organization.get("name")
    dated = rules.get("date_of_text")
    if dated and str(dated.get("value", ""))[:4].isdigit():
        doc.extra["year"] = int(str(dated["value"])[:4])
    elif (year := text_year(doc.text)) is not None:  # the text's own date line (laws, notices, datelines)
        doc.extra["year"] = year
    elif page_year is not None:  # the page's stamp, removed with the head furniture (dates.head_year)
        doc.extra["year"] = page_year


def _page_year(page: Page) -> int | None:
    """The year of the stamp of a page holding one document (``dates.head_year``); a page of several
    texts is dated by each text alone."""
    if len(page.documents) != 1:
        return None
    first_kept = next((line.number for line in page.lines if line.removed is None and line.text), 0)
    return head_year([(removed.line, removed.text) for removed in page.removed], first_kept)


check_order(PAGE_STAGES + DOC_STAGES)


def process_page(data: bytes, path: str, site: str = "", site_lines: frozenset[str] = frozenset(),
                 segmenter: Segmenter | None = None, timings: dict[str, float] | None = None) -> Page:
    """Run every per-page stage over one file's bytes. Raises ``errors.Quarantine`` for bad input.
    ``timings``, when given, accumulates each stage's seconds under its name (bench/bench_stages.py)."""
    run = _timed(timings)
    page = Page(path=path, sha256=hashlib.sha256(data).hexdigest(), size=len(data), site=site)
    run("decode", decode, page, data)
    run("repair", repair, page)
    run("normalize", normalize_lines, page)
    run("clean", clean, page, site_lines)
    content = run("rejoin", rejoin_lines, page)
    run("split", split, page, content)
    seg = segmenter or default_segmenter()
    page_year = _page_year(page)
    for doc in page.documents:
        run("structure", structure, doc)
        run("segment", segment, doc, seg)
        run("classify", classify, doc)
        run("extract", extract, doc, document_uid(page.sha256, doc.ordinal), page_year)
    if not page.documents and page.code == errors.OK.code:
        page.code = errors.OK_NO_DOCUMENTS.code
    return page


def _timed(timings: dict[str, float] | None) -> Callable[..., Any]:
    if timings is None:
        return lambda _name, func, *args: func(*args)

    def run(name: str, func: Callable[..., Any], *args: Any) -> Any:
        started = time.perf_counter()
        try:
            return func(*args)
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
