"""The stage registry and the per-page runner: the architecture in one place.

Per page:  1 decode -> 2 repair -> 3 normalize (line by line) -> 4 clean -> 5 rejoin -> 6 split
Per document:  7 structure -> 8 segment -> 9 classify (genre, topic, section roles) -> 10 extract (rules)
Each stage is a function registered by name with what it reads and writes, so the runner can check
that every stage's inputs are produced by an earlier one (``check_order``).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
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
        text = html_to_text(text, page.flags)
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
                  segmenter: Segmenter | None = None, timings: dict[str, float] | None = None) -> Iterator[Page]:
    """Run every per-page stage over one file's bytes, yielding the page -- or, for a page longer than
    ``PART_CHARS``, one page per part, each released by the caller before the next is made (documents
    and removed lines numbered through the parts; the decode and repair flags on the first part).
    Raises ``errors.Quarantine`` for bad input. ``timings``, when given, accumulates each stage's
    seconds under its name (bench/bench_stages.py). The caller sets J102 when no part has documents."""
    run = _timed(timings)
    head = Page(path=path, sha256=hashlib.sha256(data).hexdigest(), size=len(data), site=site)
    run("decode", decode, head, data)
    del data  # the caller's reference aside, only the text is needed from here
    run("repair", repair, head)
    text, head.text = head.text, ""
    bounds = part_bounds(text)
    seg = segmenter or default_segmenter()
    ordinal = line_offset = 0
    for index, (start, end) in enumerate(bounds):
        if len(bounds) == 1:
            page, page.text = head, text
        else:
            page = Page(path=head.path, sha256=head.sha256, size=head.size, site=site, encoding=head.encoding,
                        is_html=head.is_html, text=text[start:end], code=head.code)
            if index == 0:
                page.flags, page.repairs = head.flags, head.repairs
                page.flags.append({"kind": "processed_in_parts", "parts": len(bounds), "part_chars": PART_CHARS})
        run("normalize", normalize_lines, page)
        run("clean", clean, page, site_lines)
        content = run("rejoin", rejoin_lines, page)
        run("split", split, page, content)
        del content
        page_year = _page_year(page) if len(bounds) == 1 else None
        if len(bounds) > 1:  # what later stages do not read goes before the documents are processed
            page.text, page.lines = "", []
        for doc in page.documents:
            doc.ordinal += ordinal
            run("structure", structure, doc)
            run("segment", segment, doc, seg)
            run("classify", classify, doc)
            run("extract", extract, doc, document_uid(page.sha256, doc.ordinal), page_year)
        for removed in page.removed:
            removed.line += line_offset
        ordinal += len(page.documents)
        line_offset += text.count("\n", start, end)
        yield page


def process_page(data: bytes, path: str, site: str = "", site_lines: frozenset[str] = frozenset(),
                 segmenter: Segmenter | None = None, timings: dict[str, float] | None = None) -> Page:
    """Run every per-page stage over one file's bytes (``process_parts``, the parts of a long page
    joined again into one page). Raises ``errors.Quarantine`` for bad input."""
    parts = process_parts(data, path, site, site_lines, segmenter, timings)
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
