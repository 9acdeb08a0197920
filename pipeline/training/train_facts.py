"""Training of the learned fact units (``jianghua train-facts``): :mod:`jianghua.stages.extract.learned`
reads what this writes.

1. **Units**: each page of the devset's DEV split goes through the whole pipeline with the written rules
   alone (``Models(fact_model=None)``); every document the step reads (``learned.reads``) is cut into units
   (``learned.units``). A unit's label is the field of the labelled fact whose span holds it (folded, as
   the devset scorer folds: ``devset.EVIDENCE_SLACK`` characters of slack), else of a fact it overlaps
   (a fact inside a longer clause), else ``none``; fields with fewer than ``MIN_CLASS_UNITS`` units are
   ``other``. For each field a value can be built for (``learned.BUILDERS``), the values the unit would
   give and whether each lies in a labelled fact are recorded, and whether a rule value lies on the unit
   (and whether the unit is a report's, ``learned.reports``).
   The test split is never read. Beside them, the units of passages written in the forms real pages
   state rules in (``fact_forms``, ``form_rows``): always trained on, never scored.
2. **Fit**: TF-IDF (sublinear tf, l2) of ``learned.unit_tokens``, tokens seen in ``MIN_DF`` units or more,
   the ``MAX_FEATURES`` most frequent; a multinomial logistic regression (lbfgs, balanced class weights,
   deterministic), ``C`` fixed.
3. **Grouped cross-validation** (the folds of ``devset_cv.page_folds``): every dev unit is scored by a model
   fitted without its page (and with the written passages). Per field, the threshold is the lowest of
   ``THRESHOLDS`` at which the values the field's units give are right (in a labelled fact) at least
   ``MIN_PRECISION`` of the time, over all units (``learner``) and over the units no rule value covers
   (``added``, what the step adds), with at least ``MIN_VALUES`` values; a field with no such threshold is
   never added. It is chosen apart on the units of texts stating rules (``thresholds``) and on those of
   reports (``report_thresholds``); a report threshold needs besides at least ``MIN_VALUES`` right values
   among those the step adds (a threshold at which the step adds nothing to a report is untested: on real
   reports it reads one person's own facts, 参加工作已经22年, as the campaign's), else reports stay unread
   for that field.
4. **Export** to JSON with sorted keys and rounded numbers: the same data gives the same file.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..stages.extract import learned
from ..stages.extract.context import Context
from ..stages.extract.voice import standing
from ..stages.runner import Models, process_page
from . import devset, fact_forms
from .devset_cv import page_folds

MIN_DF = 2
MAX_FEATURES = 12000
MIN_CLASS_UNITS = 20
C = 10.0
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
MIN_PRECISION = 0.9
MIN_VALUES = 5
DIGITS = 5


@dataclass
class UnitRow:
    """One unit of a dev document, with what training and the threshold choice need."""

    page: str
    tokens: list[str]
    label: str  # the field of the fact holding it or held by it, or learned.NONE
    covered: bool  # a value of the written rules lies on it
    # field -> the values the unit would give: for each, the keys of the labelled facts holding its evidence
    values: dict[str, list[list[str]]] = field(default_factory=dict)
    text: str = ""
    report: bool = False  # of a document classified as a report (``learned.reports``): only its REPORTED_FIELDS count


@dataclass
class Collected:
    rows: list[UnitRow]
    facts: dict[str, str]  # fact key -> field (every labelled fact of the dev split)
    found_by_rules: set[str]  # fact keys the written rules find
    forms: list[UnitRow] = field(default_factory=list)  # units of the written passages (``form_rows``): always trained on, never scored


FORMS_PAGE = "forms:"  # (the page of a written passage's units: ``forms:<form>``)


def form_rows() -> list[UnitRow]:
    """The units of the passages written in the forms real pages use (``fact_forms``), with their tokens as a
    document's units get them (the passage's heading, the clauses before and after)."""
    rows = []
    for passage in fact_forms.passages():
        clauses = passage.clauses
        for k, (text, label) in enumerate(clauses):
            tokens = learned.unit_tokens(text, passage.heading, clauses[k - 1][0] if k else "",
                                         clauses[k + 1][0] if k + 1 < len(clauses) else "", k, len(clauses),
                                         passage.genre, passage.topic)
            rows.append(UnitRow(FORMS_PAGE + passage.form, tokens, label, False, {}, text))
    return rows


def _fact_key(page: str, ordinal: int, index: int) -> str:
    return f"{page}#{ordinal}#{index}"


def collect(root: str | Path, progress: Callable[[str], None] | None = None) -> Collected:
    """The units of the dev split (module docstring, 1)."""
    pages = devset.load_devset(root, "dev")
    rows: list[UnitRow] = []
    facts: dict[str, str] = {}
    found: set[str] = set()
    rules_only = Models(fact_model=None)
    for page in pages:
        made = process_page(page.path.read_bytes(), str(page.path), models=rules_only)
        produced = [devset.ProducedDoc(d.ordinal, d.title, d.text, (d.classification or {}).get("genre"),
                                       (d.classification or {}).get("topic"),
                                       json.loads(json.dumps(d.rules, ensure_ascii=False)) if d.rules is not None else None)
                    for d in made.documents]
        score = devset.score_page(page, produced)
        keys = [_fact_key(page.id, labelled.ordinal, i) for labelled in page.documents for i in range(len(labelled.facts))]
        for key, fact in zip(keys, score.facts, strict=True):
            facts[key] = fact["field"]
            if fact["found"]:
                found.add(key)
        holders = [devset._holder(*devset.body_anchors(body), produced)[0] for body in devset.labelled_bodies(page)]
        for index, (doc, pdoc) in enumerate(zip(made.documents, produced, strict=True)):
            if not learned.reads(doc, standing(doc)):  # (the documents the step reads)
                continue
            ranges = [(r, labelled_fact["field"], _fact_key(page.id, labelled.ordinal, i))
                      for labelled, holder in zip(page.documents, holders, strict=True) if holder == index
                      for i, labelled_fact in enumerate(labelled.facts) for r in devset._fact_ranges(pdoc, labelled_fact["span"])]
            rows.extend(_document_rows(page.id, doc, pdoc, ranges, learned.reports(doc)))
        if progress is not None:
            progress(page.id)
    return Collected(rows, facts, found, form_rows())


def _document_rows(page_id: str, doc: Any, pdoc: devset.ProducedDoc,
                   ranges: list[tuple[tuple[int, int], str, str]], report: bool = False) -> list[UnitRow]:
    ctx = Context(doc, "training")
    ctx.default_year = None
    record = pdoc.rules or {}
    taken = learned.taken_spans(ctx, record)
    found = learned.units(ctx)
    classification = doc.classification or {}
    token_lists = learned.document_tokens(ctx, found, classification.get("genre"), classification.get("topic"))

    def folded(start: int, end: int) -> tuple[int, int]:
        return pdoc.folded_range(*ctx.canonical(start, end))

    out = []
    for unit, tokens in zip(found, token_lists, strict=True):
        span = folded(unit.start, unit.end)
        holding = [name for r, name, _key in ranges if devset._holds(r, span)]
        overlapping = [name for r, name, _key in ranges if r[0] < span[1] and span[0] < r[1]]
        label = (holding or overlapping or [learned.NONE])[0]
        covered = any(a < unit.end and unit.start < b for a, b in taken)
        values = {}
        for name in learned.BUILDERS:
            built = learned.build_values(ctx, name, unit)
            values[name] = [[key for r, _name, key in ranges if devset._holds(r, folded(a, b))] for a, b, _fields in built]
        out.append(UnitRow(page_id, tokens, label, covered, values, unit.text, report))
    return out


# --- fitting --------------------------------------------------------------------------------------

def classes_of(rows: Sequence[UnitRow]) -> dict[str, str]:
    """Each label -> the class it is trained as: fields with few units become ``other``."""
    counts = Counter(row.label for row in rows)
    return {label: label if label == learned.NONE or count >= MIN_CLASS_UNITS else learned.OTHER
            for label, count in counts.items()}


def fit(rows: Sequence[UnitRow], c: float = C) -> dict[str, Any]:
    """The model's numbers fitted on ``rows`` (``learned.model_from_dict`` reads them, thresholds aside)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    mapping = classes_of(rows)
    vectorizer = TfidfVectorizer(analyzer=_same, min_df=MIN_DF, max_features=MAX_FEATURES, sublinear_tf=True,
                                 norm="l2", smooth_idf=True, dtype=np.float64)
    x = vectorizer.fit_transform([row.tokens for row in rows])
    y = [mapping[row.label] for row in rows]
    classifier = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
    classifier.fit(x, y)
    vocabulary = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.get)
    coef, intercept = classifier.coef_, classifier.intercept_
    if coef.shape[0] == 1:  # two classes: scikit-learn keeps the second's scores only (softmax of 0 and z is the sigmoid of z)
        coef, intercept = np.vstack([np.zeros_like(coef), coef]), np.concatenate([[0.0], intercept])
    return {"classes": [str(k) for k in classifier.classes_], "vocabulary": vocabulary,
            "idf": vectorizer.idf_.tolist(), "coef": coef.T.reshape(-1).tolist(), "intercept": intercept.tolist()}


def _same(tokens: list[str]) -> list[str]:
    return tokens


def model_of(numbers: dict[str, Any], thresholds: dict[str, float] | None = None,
             report_thresholds: dict[str, float] | None = None) -> learned.FactModel:
    """The model of fitted ``numbers`` with ``thresholds`` and ``report_thresholds`` (those of fields it has a
    class for)."""
    def kept(chosen: dict[str, float] | None) -> dict[str, float]:
        return {name: t for name, t in (chosen or {}).items() if name in numbers["classes"]}

    return learned.model_from_dict({"format": learned.MODEL_FORMAT, "format_version": learned.MODEL_FORMAT_VERSION,
                                    **numbers, "thresholds": kept(thresholds), "report_thresholds": kept(report_thresholds)})


def learnable(rows: Sequence[UnitRow]) -> bool:
    """Whether ``rows`` hold units of two classes at least (else there is nothing to fit)."""
    return len(set(classes_of(rows).values())) >= 2


def cross_validated(collected: Collected, n_folds: int = 5) -> list[tuple[str, float]]:
    """Each unit's most probable class and its probability, from a model fitted without its page."""
    rows = collected.rows
    out: list[tuple[str, float] | None] = [None] * len(rows)
    for fold in page_folds(sorted({row.page for row in rows}), n_folds):
        held = set(fold)
        model = model_of(fit([row for row in rows if row.page not in held] + collected.forms))
        test = [i for i, row in enumerate(rows) if row.page in held]
        probabilities = model.probabilities([rows[i].tokens for i in test])
        for i, p in zip(test, probabilities, strict=True):
            k = int(p.argmax())
            out[i] = (model.classes[k], float(p[k]))
    return [o for o in out if o is not None]


def field_figures(collected: Collected, scored: Sequence[tuple[str, float]], name: str, threshold: float,
                  only_uncovered: bool, report: bool | None = None) -> dict[str, Any]:
    """The values ``name``'s units give at ``threshold``: how many, how many right, and the facts they find
    (all of them, and those the written rules do not find); of the units of reports only (``report`` true),
    of the other texts only (false) or of all (None)."""
    values = right = 0
    facts: set[str] = set()
    for row, (best, probability) in zip(collected.rows, scored, strict=True):
        if best != name or probability < threshold or (only_uncovered and row.covered) or report not in (None, row.report):
            continue
        for keys in row.values.get(name, []):
            values += 1
            right += bool(keys)
            facts.update(keys)
    labelled = sum(1 for f in collected.facts.values() if f == name)
    return {"values": values, "right": right, "precision": round(right / values, 3) if values else None,
            "facts_found": len({k for k in facts if collected.facts[k] == name}), "facts_labelled": labelled,
            "new_facts": len(facts - collected.found_by_rules)}


def choose_thresholds(collected: Collected, scored: Sequence[tuple[str, float]],
                      report: bool | None = False) -> tuple[dict[str, float], dict[str, Any]]:
    """Per field the lowest threshold meeting ``MIN_PRECISION`` (module docstring, 3) on the units of the
    texts stating rules (``report`` false) or of the reports (true: with ``MIN_VALUES`` right added values
    at least), and the figures."""
    chosen: dict[str, float] = {}
    figures: dict[str, Any] = {}
    for name in learned.BUILDERS:
        table = []
        for threshold in THRESHOLDS:
            alone = field_figures(collected, scored, name, threshold, only_uncovered=False, report=report)
            added = field_figures(collected, scored, name, threshold, only_uncovered=True, report=report)
            table.append({"threshold": threshold, "learner": alone, "added": added})
            ok = (alone["values"] >= MIN_VALUES and alone["precision"] >= MIN_PRECISION
                  and (added["values"] == 0 or added["precision"] >= MIN_PRECISION))
            if report:  # (a report is read only where the step was seen adding right values there)
                ok = ok and added["right"] >= MIN_VALUES and added["precision"] >= MIN_PRECISION
            if ok and name not in chosen:
                chosen[name] = threshold
        figures[name] = {"threshold": chosen.get(name), "table": table}
    return chosen, figures


def train(output: str | None = None, root: str | Path | None = None) -> dict[str, Any]:
    """Collect, cross-validate, choose thresholds, fit on every dev page and write the model."""
    import sklearn

    from .cases import shared_dir

    root = Path(root) if root else shared_dir() / "devset"
    collected = collect(root)
    scored = cross_validated(collected)
    thresholds, figures = choose_thresholds(collected, scored, report=False)
    report_thresholds, report_figures = choose_thresholds(collected, scored, report=True)
    numbers = fit(collected.rows + collected.forms)
    added_facts = set()
    for row, (best, probability) in zip(collected.rows, scored, strict=True):
        chosen = report_thresholds if row.report else thresholds
        if best in chosen and probability >= chosen[best] and not row.covered:
            for keys in row.values.get(best, []):
                added_facts.update(keys)
    model = {
        "format": learned.MODEL_FORMAT, "format_version": learned.MODEL_FORMAT_VERSION,
        "sklearn_version": sklearn.__version__,
        **numbers,
        "idf": [round(v, DIGITS) for v in numbers["idf"]],
        "coef": [round(v, DIGITS) for v in numbers["coef"]],
        "intercept": [round(v, DIGITS) for v in numbers["intercept"]],
        "thresholds": thresholds,
        "report_thresholds": report_thresholds,
        "training": {"split": "dev", "pages": len({row.page for row in collected.rows}), "units": len(collected.rows),
                     "labels": dict(sorted(Counter(row.label for row in collected.rows).items())),
                     "written_form_units": len(collected.forms),
                     "written_form_labels": dict(sorted(Counter(row.label for row in collected.forms).items())),
                     "C": C, "min_df": MIN_DF, "max_features": MAX_FEATURES, "min_precision": MIN_PRECISION},
        "metrics": {"cross_validated": figures, "cross_validated_reports": report_figures,
                    "facts_labelled": len(collected.facts), "facts_found_by_rules": len(collected.found_by_rules),
                    "facts_added_by_learned_units": len(added_facts - collected.found_by_rules)},
    }
    learned.model_from_dict(model)  # refuse to write what the step could not read
    path = Path(output) if output else Path(learned.__file__).resolve().parents[2] / "resources" / learned.MODEL_RESOURCE
    path.write_text(json.dumps(model, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8")
    learned.load_model.cache_clear()
    learned.shipped_model.cache_clear()
    return {"output": str(path), "thresholds": thresholds, "report_thresholds": report_thresholds, "metrics": model["metrics"]}
