"""Field-level precision and recall of campaign-rules records against a golden annotation.

Matching is on **fields**: each record (golden or predicted) is flattened into a set of
``(field path, normalized value)`` pairs, and the two sets are compared per document.

- A field path names the value's place in the record, with list items identified by their key
  field(s) instead of their position: ``positions[教务处处长].status``, ``timeline[报名].start``,
  ``scoring.component_sets[笔试+民主测评+面试].components[面试].points``, ``stages[3].name``
  (``KEY_FIELDS`` lists the keys; a list without one is keyed by position).
- Values are normalized: strings NFKC-folded and stripped, numbers rounded to 4 decimals (45 == 45.0),
  lists of scalars compared as a whole (a ratio 4:3:1.5:1.5, a list of rater groups).
- Ignored: ``evidence`` (and ``rank_evidence``, and an organization's ``mentions``: evidence too) and the as-written helper fields ``text``, ``label``, ``about``, plus the
  record header (``schema``, ``extractor``, ``doc_id``). Absent and null values yield no pair.
- A key field yields a pair too, so an item found with every detail wrong still counts once.

precision = |predicted ∩ golden| / |predicted|, recall = |predicted ∩ golden| / |golden|, summed
over every document that has a golden file (micro-average; a document without predictions
contributes only misses). ``by_field`` breaks the counts down by top-level field family.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from .. import errors
from ..stages.extract import extract
from ..stages.runner import process_page

GOLDEN_SUFFIX = ".json"
HEADER = frozenset({"schema", "extractor", "doc_id", "doc", "_about", "standing"})
AUXILIARY = frozenset({"evidence", "rank_evidence", "mentions", "text", "label", "about"})


def _join(*names: str) -> Callable[[dict[str, Any]], str]:
    return lambda item: "|".join(_scalar_text(item.get(name)) for name in names)


def _component_names(item: dict[str, Any]) -> str:
    return "+".join(str(component.get("name")) for component in item.get("components") or [])


def _rater_groups(item: dict[str, Any]) -> str:
    return "+".join(item.get("groups") or []) or ":".join(_scalar_text(v) for v in item.get("ratio") or [])


KEY_FIELDS: dict[str, Callable[[dict[str, Any]], str]] = {
    "positions": _join("title"),
    "position_counts.by_status": _join("status"),
    "eligibility.education": _join("minimum"),
    "eligibility.max_age": _join("years"),
    "eligibility.birth_date": _join("date"),
    "eligibility.tenure": _join("rank"),
    "eligibility.party_membership": _join("value"),
    "eligibility.other": _join("condition"),
    "application_rules.max_posts_per_applicant": _join("value"),
    "application_rules.min_applicants_per_post": _join("value"),
    "application_rules.recommendation_modes": _join("value"),
    "timeline": _join("stage"),
    "stages": _join("order"),
    "scoring.full_marks": _join("value"),
    "scoring.component_sets": _component_names,
    "scoring.component_sets.components": _join("name"),
    "scoring.rater_weights": _rater_groups,
    "scoring.trimming": _join("drop_highest", "drop_lowest"),
    "ratios_and_periods.inspection_ratio": _join("ratio"),
    "ratios_and_periods.publicity": _join("days"),
    "ratios_and_periods.term": _join("years"),
    "ratios_and_periods.probation": _join("months"),
    "ratios_and_periods.other": _join("name", "value"),
    "panel.raters": _join("group"),
    "panel.sizes": _join("group"),
    "panel.shares": _join("group"),
    "panel.sources": _join("group", "source"),
    "statistics": _join("kind", "value", "unit"),
    "cited_documents": _join("title"),
    "people": _join("name"),
}

Pair = tuple[str, Any]


def _scalar_text(value: Any) -> str:
    normalized = normalize_value(value)
    return "" if normalized is None else str(normalized)


def normalize_value(value: Any) -> Any:
    """Strings NFKC-folded and stripped, numbers rounded, lists of scalars as tuples."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        rounded = round(float(value), 4)
        return int(rounded) if rounded == int(rounded) else rounded
    if isinstance(value, str):
        return unicodedata.normalize("NFKC", value).strip()
    if isinstance(value, list | tuple):
        return tuple(normalize_value(item) for item in value)
    return value


def flatten(record: Mapping[str, Any]) -> set[Pair]:
    """The (field path, normalized value) pairs of one record (see the module docstring)."""
    pairs: set[Pair] = set()

    def walk(value: Any, path: str, schema_path: str) -> None:
        if value is None:
            return
        if isinstance(value, Mapping):
            for key, item in value.items():
                if key in AUXILIARY or (not path and key in HEADER):
                    continue
                walk(item, f"{path}.{key}" if path else key, f"{schema_path}.{key}" if schema_path else key)
            return
        if isinstance(value, list) and value and all(isinstance(item, Mapping) for item in value):
            key_of = KEY_FIELDS.get(schema_path)
            for index, item in enumerate(value):
                key = key_of(item) if key_of else str(index)
                walk(item, f"{path}[{key}]", schema_path)
            return
        if isinstance(value, list) and not value:
            return
        pairs.add((path, normalize_value(value)))

    walk(record, "", "")
    return pairs


def _family(path: str) -> str:
    return path.split("[", 1)[0].split(".", 1)[0]


def evaluate(gold_dir: str | Path, predicted: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """Field-level precision/recall of ``predicted`` ({doc key: record}) against the golden files in
    ``gold_dir`` (``<doc key>.json``, e.g. ``000_86ae1a88adefc9d4.txt#1.json``)."""
    golden = load_golden(gold_dir)
    matched = n_predicted = n_golden = 0
    by_field: dict[str, dict[str, int]] = {}
    documents: dict[str, dict[str, Any]] = {}
    for key, gold_record in sorted(golden.items()):
        gold_pairs = flatten(gold_record)
        predicted_pairs = flatten(predicted.get(key) or {})
        hits = gold_pairs & predicted_pairs
        matched += len(hits)
        n_predicted += len(predicted_pairs)
        n_golden += len(gold_pairs)
        for name, pairs in (("matched", hits), ("predicted", predicted_pairs), ("golden", gold_pairs)):
            for path, _value in pairs:
                by_field.setdefault(_family(path), {"matched": 0, "predicted": 0, "golden": 0})[name] += 1
        documents[key] = {"missed": sorted(gold_pairs - predicted_pairs, key=str),
                          "spurious": sorted(predicted_pairs - gold_pairs, key=str)}
    return {
        "precision": matched / n_predicted if n_predicted else 1.0,
        "recall": matched / n_golden if n_golden else 1.0,
        "matched": matched, "predicted": n_predicted, "golden": n_golden,
        "by_field": dict(sorted(by_field.items())),
        "documents": documents,
    }


def load_golden(gold_dir: str | Path) -> dict[str, dict[str, Any]]:
    """{doc key: golden record} from ``gold_dir``; E901 for a folder that does not exist, E902 for one that holds no
    golden record (an empty table scored 1.0 would pass for a result)."""
    folder = Path(gold_dir)
    if not folder.is_dir():
        raise errors.E901.error("no_golden", path=folder)
    records = {}
    for path in sorted(folder.glob(f"*{GOLDEN_SUFFIX}")):
        records[path.name[: -len(GOLDEN_SUFFIX)]] = json.loads(path.read_text(encoding="utf-8"))
    if not records:
        raise errors.E902.error("no_records", suffix=GOLDEN_SUFFIX, path=folder)
    return records


def predict_pages(pages: Iterable[Any]) -> dict[str, dict[str, Any]]:
    """Records for every document of processed pages, keyed ``<file name>#<ordinal>`` like the golden
    files (``pages``: :class:`jianghua.document.Page` objects, e.g. from ``process_page``)."""
    predicted = {}
    for page in pages:
        name = Path(page.path).name
        for doc in page.documents:
            key = f"{name}#{doc.ordinal}"
            predicted[key] = extract(doc, key)
    return predicted


def predict_seeds(seeds_dir: str | Path) -> dict[str, dict[str, Any]]:
    """Records for every document of the seed pages in ``seeds_dir`` (processed with site "seeds")."""
    paths = sorted(p for p in Path(seeds_dir).iterdir() if p.is_file())
    return predict_pages(process_page(p.read_bytes(), p.name, "seeds") for p in paths)
