"""Stage ``extract``: the rules of a selection campaign as data (issue 3), one record per document.

``extract(doc, doc_id)`` returns a record valid against ``resources/schema/campaign-rules.v1.json``:
only what the text states, every value with its ``evidence`` (canonical and original offsets and the
sentence). The field families, each a small module:

1. meta: organization, speaker, date_of_text (first: its year dates the timeline)
2. positions: posts and position counts
3. eligibility: education, age, birth date, tenure, party membership, other conditions
4. application: posts per applicant, applicants per post, recommendation modes
5. timeline and procedure (``stages``)
6. scoring, periods (``ratios_and_periods``), panel
7. statistics, citations (``cited_documents``), people

Token-level rules are spaCy Matcher patterns (``resources/rules/*.jsonl``) run only on sentences a
regular-expression prefilter selects and a gate derived from the patterns accepts; character-level
rules are regular expressions, some kept as data (``resources/extract/*.tsv``). Sentences and
regexes that cannot yield anything are skipped by exact tests (``gates``), so the output is what
running every rule on every selected sentence would give. Chinese numerals are converted only
inside matched spans.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from .. import resources
from ..document import Document
from . import nlp
from .application import application_rules
from .citations import cited_documents
from .context import Context
from .eligibility import eligibility
from .meta import date_of_text, organization, speaker
from .panel import panel
from .people import people
from .periods import ratios_and_periods
from .positions import positions
from .procedure import stages
from .scoring import scoring
from .statistics import statistics
from .timeline import timeline

EXTRACTOR_VERSION = "rules.fields.v1"
SCHEMA_NAME = "campaign-rules.v1"
SCHEMA_RESOURCE = "schema/campaign-rules.v1.json"

__all__ = ["EXTRACTOR_VERSION", "SCHEMA_NAME", "extract", "schema", "validator"]


def extract(doc: Document, doc_id: str) -> dict[str, Any]:
    """The campaign-rules record of one document (see the module docstring for the steps)."""
    nlp.load()
    ctx = Context(doc, doc_id)
    dated = date_of_text(ctx)
    if dated:
        year = dated["value"][:4]
        ctx.default_year = int(year) if year.isdigit() else None
    posts, position_counts = positions(ctx)
    reported = statistics(ctx)
    if position_counts["total"] is not None:
        total = position_counts["total"]
        reported.append({"kind": "posts", "value": total["value"], "unit": "个", "evidence": total["evidence"]})
    return {
        "schema": SCHEMA_NAME,
        "extractor": EXTRACTOR_VERSION,
        "doc_id": doc_id,
        "organization": organization(ctx),
        "speaker": speaker(ctx),
        "date_of_text": dated,
        "positions": posts,
        "position_counts": position_counts,
        "eligibility": eligibility(ctx),
        "application_rules": application_rules(ctx),
        "timeline": timeline(ctx),
        "stages": stages(ctx),
        "scoring": scoring(ctx),
        "ratios_and_periods": ratios_and_periods(ctx),
        "panel": panel(ctx),
        "statistics": reported,
        "cited_documents": cited_documents(ctx),
        "people": people(ctx),
    }


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) every record validates against."""
    return json.loads(resources.read_text(SCHEMA_RESOURCE))


@cache
def validator() -> Any:
    """A ``jsonschema.Draft202012Validator`` for records (jsonschema is a dev dependency)."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema())
