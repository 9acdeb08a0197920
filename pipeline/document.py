"""The objects the stages pass along: a :class:`Page` (one input file) holding :class:`Document` s.

Offsets in a document are character offsets into its canonical ``text``; ``omap`` maps them to its
``original`` (the cleaned page text in the page's own script).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .offsets import OffsetMap


@dataclass
class Line:
    """One line of a page, in the original script and canonical, with the map between them."""

    number: int  # 1-based, in the repaired page text
    orig: str
    canon: str
    omap: OffsetMap
    removed: str | None = None  # reason code when the line is page furniture

    @property
    def text(self) -> str:
        return self.canon.strip()


@dataclass
class Removed:
    line: int
    code: str
    text: str  # original script
    # the line model's furniture probability of the line (jianghua.lines), where one was computed
    score: float | None = None


@dataclass
class Paragraph:
    start: int
    end: int
    kind: str  # "subtitle", "heading", "address", "body"
    section: int | None = None  # index into Document.sections
    sentences: list[tuple[int, int]] = field(default_factory=list)
    words: list[str] = field(default_factory=list)


@dataclass
class Section:
    level: int
    marker: str
    heading: str
    start: int
    end: int
    parent: int | None = None
    number: str = ""  # "1.2.3": place in the tree


@dataclass
class Document:
    ordinal: int
    title: str
    text: str
    original: str
    omap: OffsetMap
    title_original: str = ""
    complete: bool = True
    script: str = "hans"
    flags: list[dict[str, Any]] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    # what the later stages find (stages.py declares which stage writes each)
    first_line: int | None = None  # split: the page's first and last line the document's body spans
    last_line: int | None = None
    classification: dict[str, Any] | None = None  # classify: genre, topic, confidences, section roles
    rules: dict[str, Any] | None = None  # extract: the campaign-rules record
    organization: str | None = None  # extract: the unit the rules name
    year: int | None = None  # extract: the year of the text's date (dates.py)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        return self.omap.span(start, end)


@dataclass
class Page:
    path: str
    sha256: str
    size: int
    site: str = ""
    encoding: str = ""
    is_html: bool = False
    text: str = ""  # decoded, then repaired
    script: str = "hans"
    taiwan: bool = False
    title: str = ""
    lines: list[Line] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    repairs: dict[str, int] = field(default_factory=dict)
    flags: list[dict[str, Any]] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    code: str = "J100"
    # JSON {stage: version} of the stages and data that made the page (stages.versions_json): a page made
    # by older stages is processed again by the next ingest
    versions: str = ""


def document_uid(sha256: str, ordinal: int) -> str:
    """A document's stable id: the first 10 hex digits of its file's sha256 and its place in the page."""
    return f"{sha256[:10]}-{ordinal}"
