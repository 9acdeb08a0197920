"""Stage ``extract``: the rules of a selection campaign as data (issue 3), one record per document.

``extract(doc, doc_id)`` returns a record valid against ``resources/schema/campaign-rules.v2.json``
(``MIGRATION`` says what changed from v1; v1 records stay readable): only what the text states, every
value with its ``evidence`` (canonical and original offsets and the sentence). The steps:

0. standing (``voice``): whether the document states rules at all -- law text, fiction, research and
   explainers give an empty record; a candidate's account of themselves gives only the post competed
   for, the campaign's figures, the unit and the cited documents
1. meta: organization, speaker, date_of_text (first: its year dates the timeline)
2. positions: posts and position counts
3. eligibility: education, age, birth date, tenure, party membership, other conditions
4. application: posts per applicant, applicants per post, recommendation modes
5. timeline and procedure (``stages``)
6. scoring, periods (``ratios_and_periods``), panel
7. statistics, citations (``cited_documents``), people
8. learned units (``learned``): clauses a model fitted on the devset scores as facts of a field, where
   no value above lies on them (only for a text stating rules in its own voice, ``learned.reads``; without
   a usable shipped model the step is off, with one warning per process)

Token-level rules are spaCy Matcher patterns (``resources/rules/*.jsonl``) run only on sentences a
regular-expression prefilter selects and a gate derived from the patterns accepts; character-level
rules are regular expressions, some kept as data (``resources/extract/*.tsv``). Sentences and
regexes that cannot yield anything are skipped by exact tests (``gates``), so the output is what
running every rule on every selected sentence would give. Chinese numerals are converted only
inside matched spans.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

from ... import errors, resources
from ...document import Document
from ..settings import ExtractSettings
from . import learned, nlp
from .application import APPLICATION_FIELDS, application_rules
from .citations import cited_documents
from .context import Context
from .duties import duties, quotas
from .eligibility import ELIGIBILITY_FIELDS, eligibility
from .meta import date_of_text, organization, speaker
from .panel import PANEL_FIELDS, panel
from .people import people
from .periods import PERIOD_FIELDS, ratios_and_periods
from .positions import POST_SUFFIX, competed_posts, positions, post_counts
from .procedure import stages
from .scoring import scoring
from .statistics import statistics
from .thresholds import thresholds
from .timeline import timeline
from .voice import CANDIDATE, Standing, standing

EXTRACTOR_VERSION = "rules.fields.v2"
SCHEMA_NAME = "campaign-rules.v2"
SCHEMA_RESOURCE = "schema/campaign-rules.v2.json"
SCHEMAS = {"campaign-rules.v1": "schema/campaign-rules.v1.json", SCHEMA_NAME: SCHEMA_RESOURCE}
MIGRATION = "schema/MIGRATION.md"

__all__ = ["EXTRACTOR_VERSION", "SCHEMA_NAME", "SCHEMAS", "empty_record", "extract", "record_errors", "schema", "validator"]


def empty_record(doc_id: str, standing: Standing) -> dict[str, Any]:
    """The record of a document that states no rules: every field absent."""
    return {
        "schema": SCHEMA_NAME, "extractor": EXTRACTOR_VERSION, "doc_id": doc_id, "standing": standing.as_json(),
        "organization": None, "speaker": None, "date_of_text": None, "positions": [],
        "position_counts": {"total": None, "principal": None, "deputy": None, "by_status": []},
        "eligibility": {name: [] for name in ELIGIBILITY_FIELDS},
        "application_rules": {name: [] for name in APPLICATION_FIELDS},
        "timeline": [], "stages": [],
        "scoring": {"scale": None, "full_marks": [], "component_sets": [], "rater_weights": [], "trimming": []},
        "ratios_and_periods": {name: [] for name in PERIOD_FIELDS},
        "panel": {name: [] for name in PANEL_FIELDS},
        "thresholds": [], "duties": [], "statistics": [], "cited_documents": [], "people": [],
    }


def extract(doc: Document, doc_id: str, settings: ExtractSettings | None = None,
            stamp: dict[str, Any] | None = None, head: list[dict[str, Any]] | None = None,
            fact_model: Any = learned.SHIPPED) -> dict[str, Any]:
    """The campaign-rules record of one document (see the module docstring for the steps); ``settings``:
    the stage's numbers (the packaged defaults when None); ``stamp``: the page's stamp, a removed metadata
    line dating a page of one document (``runner._stamp``), the date_of_text when the text has none;
    ``head``: the lines the cleaner removed above the document's body (``runner._doc_heads``), where a
    byline may name the speaker; ``fact_model``: the learned step's model (``learned.FactModel``; the
    shipped one by default, None for the written rules alone)."""
    judged = standing(doc, settings)
    record = empty_record(doc_id, judged)
    if not judged.states_rules:
        return record
    nlp.load()
    ctx = Context(doc, doc_id, settings)
    dated = date_of_text(ctx, stamp)
    if dated:
        year = dated["value"][:4]
        ctx.default_year = int(year) if year.isdigit() else None
    record["date_of_text"] = dated
    # (a candidate's title names the post competed for and its unit, not the unit running the campaign)
    record["organization"] = organization(ctx, from_title=judged.kind != CANDIDATE)
    posts, position_counts = positions(ctx)
    if judged.kind == CANDIDATE:
        record["positions"] = competed_posts(ctx)
        record["position_counts"] = position_counts
        record["cited_documents"] = cited_documents(ctx)
        return _without_written(record, settings)
    # (posts the record counts by their rank or by their name are no head count or other count: 中层正职5名, 处长7名 are
    # posts, not people)
    counts_of_posts = post_counts(ctx)
    counted = [_span(count) for count in (position_counts["principal"], position_counts["deputy"], *position_counts["by_status"],
                                          *[count for count in counts_of_posts if _NAMES_A_POST.search(count["evidence"]["text"])])
               if count] + [_span(post) for post in posts if post.get("count") is not None]
    reported = [figure for figure in statistics(ctx) if figure["kind"] not in ("people", "count") or not _within(_span(figure), counted)]
    ranked = {position_counts[key]["evidence"]["start"] for key in ("principal", "deputy") if position_counts[key]}
    reported += [{"kind": "posts", "value": count["value"], "unit": "个", "evidence": count["evidence"]}
                 for count in counts_of_posts if count.get("value") is not None and count["evidence"]["start"] not in ranked]
    record.update({
        "speaker": speaker(ctx, head or []),
        "positions": posts,
        "position_counts": position_counts,
        "eligibility": eligibility(ctx),
        "application_rules": application_rules(ctx),
        "timeline": timeline(ctx),
        "stages": stages(ctx),
        "scoring": scoring(ctx),
        "ratios_and_periods": ratios_and_periods(ctx),
        "panel": panel(ctx),
        "thresholds": thresholds(ctx),
        "duties": duties(ctx),
        "statistics": reported,
        "cited_documents": cited_documents(ctx),
        "people": people(ctx),
    })
    if record["speaker"] and record["speaker"].get("name"):  # (the speaker is recorded once, as the speaker)
        record["people"] = [person for person in record["people"] if person["name"] != record["speaker"]["name"]]
    taken = [(evidence["start"], evidence["end"]) for evidence in _evidences(record) if evidence.get("source", "body") == "body"]
    record["duties"] += quotas(ctx, taken)
    _without_written(record, settings)
    model = learned.shipped_model() if isinstance(fact_model, str) else fact_model
    if model is not None and learned.reads(doc, judged):
        classification = doc.classification or {}
        learned.add_learned(ctx, record, model, classification.get("genre"), classification.get("topic"),
                            report=learned.reports(doc))
    return record


def _without_written(record: dict[str, Any], settings: ExtractSettings | None) -> dict[str, Any]:
    """``record`` without the written rules' values of the fields the learned step gives, when the settings
    switch them off (``written_learned_fields``: the measure of the learned units alone); else as it is."""
    if settings is None or settings.written_learned_fields:
        return record
    for path, _build in learned.BUILDERS.values():
        place = record
        for key in path[:-1]:
            place = place[key]
        place[path[-1]] = None if path == ("organization",) else []
    return record


# (a count of posts that names a post or a post's word: 办公室主任1名, 岗位6个, 副科长1职; not 选调31名干部)
_NAMES_A_POST = re.compile(rf"{POST_SUFFIX}|职位|岗位|职数|正职|副职")


def _span(value: dict[str, Any]) -> tuple[int, int]:
    return value["evidence"]["start"], value["evidence"]["end"]


def _within(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    """Whether ``span`` lies inside one of ``spans``."""
    return any(start <= span[0] and span[1] <= end for start, end in spans)


def _evidences(value: Any) -> Any:
    """Every evidence object of a record (or part of one)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key.endswith("evidence") and isinstance(item, dict):
                yield item
            else:
                yield from _evidences(item)
    elif isinstance(value, list):
        for item in value:
            yield from _evidences(item)


@cache
def schema(name: str = SCHEMA_NAME) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) records of ``name`` (a key of ``SCHEMAS``) validate against."""
    if name not in SCHEMAS:
        raise errors.R510.error(name=name, valid=", ".join(SCHEMAS))
    return json.loads(resources.read_text(SCHEMAS[name]))


def record_errors(record: dict[str, Any]) -> list[str]:
    """What is wrong with a rules record, checked against the schema it names (v1 records stay
    readable: they validate against v1); an unknown schema name raises R510."""
    name = record.get("schema") if isinstance(record, dict) else None
    check = validator(name if isinstance(name, str) else SCHEMA_NAME)
    return [f"{'/'.join(map(str, e.path))}: {e.message}" for e in check.iter_errors(record)]


@cache
def validator(name: str = SCHEMA_NAME) -> Any:
    """A ``jsonschema.Draft202012Validator`` for records of schema ``name`` (jsonschema is a dev dependency)."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema(name))
