"""Training of the furniture line model (``jianghua train-furniture``): :mod:`jianghua.lines` reads what
this writes.

1. **Lines as the clean stage sees them**: each page goes through decode, repair, normalize and
   ``clean.model_inputs`` (long lines cut into sentences, the high-precision layer: patterns, block
   rules, site lines, inline furniture), the one function ingest takes the model's inputs from: the
   same canonical lines, the same classes fixed before the model.
2. **Labels**: the devset's DEV split (``../shared/devset``, pages whose number is not a multiple of 3):
   a labelled furniture line is 1, every other line 0 (body, titles, headings, signatures). The seeds
   (``../shared/seeds``): the lines the clean stage without its model removes (title repeats too),
   and the preambles the split stage drops, are 1, the rest 0 (their golden results vouch for that layer). The test split is never read.
3. **Fit**: a logistic regression (scikit-learn, lbfgs, deterministic) over ``lines.FEATURE_NAMES``, and
   the second pass over those features and ``lines.NEIGHBOUR_NAMES``, fitted on the first-pass scores each
   page gets from a first pass fitted without it (grouped folds), as at ingest.
4. **Thresholds**: ``low``, ``own_min`` and the regularization ``C`` are chosen on grouped 5-fold
   cross-validation over pages (each fold's pages scored by a model fitted on the others) as the
   decision ``clean`` makes (patterns and protected lines fixed, then smoothing): the most labelled
   furniture removed while at most ``MAX_BODY_LOSS`` of the labelled body characters go. ``high`` is
   fixed (``HIGH_GRID``) by the whole pipeline's grouped cross-validation (``training.devset_cv``).
   The same recipe cross-validated with the pattern layer switched off (``model_only_settings``: the
   lines as clean hands them to the model with ``clean.patterns`` false, each fold's model fitted on
   them) is recorded too: how the model alone finds furniture on sites no pattern was written for.
5. **Export** to JSON with sorted keys and rounded numbers: the same data gives the same file.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from ..document import Line, Page
from ..stages import lines
from ..stages.clean import JUNK_CODE, ModelInputs, clean, learn_site_lines, model_inputs
from ..stages.runner import page_lines_for_learning, prepare
from ..stages.settings import Settings, default_settings
from ..stages.split import collection_heading, rejoin, split
from .cases import TrainingPage, training_pages
from .devset import furniture_line_numbers, labelled_bodies

N_FOLDS = 5
C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
LOW_GRID = (0.1, 0.2, 0.3, 0.4)
# A line is sure furniture on a score of 0.9: the whole pipeline's grouped cross-validation
# (``evaluate devset --split dev --cross-validate``) chose it over letting the line-level grid pick
# 0.5-0.9 per training set, which took body on held-out pages (documents whole 117 -> 118 of 121,
# body characters lost 103 -> 73, titles right 113 -> 115): the line-level figure cannot see what a
# removed title-like line costs the split stage.
HIGH_GRID = (0.9,)
OWN_MIN_GRID = (30, 60, 100)
# Whether a page's edges count as furniture in the smoothing (jusText's choice) is not left to the
# dev split: pages cut off by a paywall end in a fragment of text ("为深入") that furniture edges
# would take, and a removal there loses the document's end; so an edge says nothing.
EDGES_GRID = (False,)
# The share of labelled body characters the chosen thresholds may remove on cross-validation.
MAX_BODY_LOSS = 0.001
# Grid points removing at most this share less furniture than the best count as good as it (one line
# in 200): the choice among them goes to the one losing the least body.
RECALL_SLACK = 0.005
SIGNIFICANT_DIGITS = 8


@dataclass(frozen=True)
class PageLines:
    """One page's lines with text as the model sees them, with labels."""

    group: str  # the page (folds never split one)
    texts: tuple[str, ...]
    labels: tuple[int, ...]  # 1 furniture, 0 not
    body: tuple[bool, ...]  # inside a labelled body (counted for body loss)
    fixed: tuple[bool | None, ...]  # the high-precision layer's decision (True: removed; False: protected)
    origin: str  # devset or seed


def _model_inputs(data: bytes, path: str, site_lines: frozenset[str] = frozenset(),
                  settings: Settings | None = None) -> tuple[Page, ModelInputs]:
    """A page through decode, repair and normalize, and the line model's inputs as ingest makes them
    (``clean.model_inputs``: the same lines, the same classes fixed before the model), with ``settings``
    (the packaged defaults when None; ``clean.patterns`` false: no pattern layer, the model alone)."""
    page = prepare(data, path, until="normalize", settings=settings)
    return page, model_inputs(page, site_lines, collection_heading, settings.clean if settings else None,
                              settings.rejoin if settings else None)


def _context(inputs: ModelInputs) -> list[tuple[Line, str, bool | None]]:
    """The lines the model sees (junk lines are out of its context), their text and class fixed before
    the model."""
    return [(line, text, fixed) for (line, text), fixed in zip(inputs.with_text, inputs.fixed, strict=True)]


def devset_lines(pages: Sequence[TrainingPage], settings: Settings | None = None) -> list[PageLines]:
    """The DEV pages' lines with their labels (module docstring, 2.). A page whose repaired lines do
    not match its raw lines one for one (a repair joined or cut lines) is left out."""
    out = []
    for training_page in pages:
        labelled = training_page.devset
        assert labelled is not None  # (a devset page)
        page, inputs = _model_inputs(training_page.data, training_page.path, settings=settings)
        raw = labelled.raw.split("\n")
        if max((line.number for line in page.lines), default=0) != len(raw):
            continue
        furniture = furniture_line_numbers(labelled)
        body = _body_line_numbers(labelled)
        seen = _context(inputs)
        texts = tuple(text for _line, text, _fixed in seen)
        labels = tuple(int(line.number - 1 in furniture) for line, _text, _fixed in seen)
        in_body = tuple(line.number - 1 in body and line.number - 1 not in furniture for line, _text, _fixed in seen)
        fixed = tuple(f for _line, _text, f in seen)
        out.append(PageLines(labelled.id, texts, labels, in_body, fixed, "devset"))
    return out


def _body_line_numbers(labelled: Any) -> set[int]:
    """0-based raw line numbers inside a labelled document's body (from its first to its last characters)."""
    numbers: set[int] = set()
    bodies = labelled_bodies(labelled)
    raw = labelled.raw
    cursor = 0
    for doc, body in zip(labelled.documents, bodies, strict=True):
        if not body:
            continue
        begin = raw.find(doc.first, cursor)
        end = raw.find(doc.last, max(begin, 0))
        if begin < 0 or end < 0:
            continue
        end += len(doc.last)
        cursor = end
        numbers.update(range(raw.count("\n", 0, begin), raw.count("\n", 0, end) + 1))
    return numbers


def seed_lines(seeds: Sequence[TrainingPage], settings: Settings | None = None) -> list[PageLines]:
    """The seed pages' lines (module docstring, 2.), the site's recurring lines learned over the five:
    furniture is what the clean stage's high-precision layer removes (title repeats too) and the
    preamble the split stage drops. The labels always come from the packaged layer; ``settings`` (the
    packaged defaults when None) only make the lines the model sees."""
    site = learn_site_lines(page_lines_for_learning(seed.data) for seed in seeds)
    out = []
    for seed in seeds:
        _page, inputs = _model_inputs(seed.data, seed.path, site, settings)
        seen = _context(inputs)
        removed_numbers = _removed_without_model(seed, site)
        texts = tuple(text for _line, text, _fixed in seen)
        labels = tuple(int(bool(fixed) or line.number in removed_numbers) for line, _text, fixed in seen)
        body = tuple(not label for label in labels)
        fixed = tuple(f for _line, _text, f in seen)
        out.append(PageLines(seed.group, texts, labels, body, fixed, "seed"))
    return out


def _removed_without_model(seed: TrainingPage, site: frozenset[str]) -> set[int]:
    """The numbers of the seed's lines that clean without its model removes whole (title repeats and
    all) and of those the split stage drops as the preamble."""
    page = prepare(seed.data, seed.path, until="normalize")
    clean(page, site, collection_heading=collection_heading, model=None)
    removed = {line.number for line in page.lines if line.removed is not None and line.removed != JUNK_CODE}
    split(page, rejoin(page))
    return removed | {r.line for r in page.removed if r.code == "preamble"}


def training_data(shared: Path | None = None, settings: Settings | None = None) -> list[PageLines]:
    """The lines of the dev pages and the seeds (``cases.training_pages``), labelled, as clean with
    ``settings`` (the packaged defaults when None) hands them to the model."""
    pages = training_pages("line model", shared)
    return (devset_lines([p for p in pages if p.origin == "devset"], settings)
            + seed_lines([p for p in pages if p.origin == "seed"], settings))


def data_hash(pages: Sequence[PageLines]) -> str:
    digest = hashlib.sha256()
    for page in pages:
        digest.update(json.dumps([page.group, page.texts, page.labels, page.body, page.fixed],
                                 ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()


# --- fitting ----------------------------------------------------------------------------------

def _scored(page: PageLines) -> list[bool]:
    """The lines the model scores at ingest: all but those fixed as body before it."""
    return [f is not False for f in page.fixed]


@functools.lru_cache(maxsize=4096)
def _features(page: PageLines) -> np.ndarray:
    """A page's feature rows (cached: cross-validation asks them of each page once per fold and C)."""
    rows = lines.line_features(page.texts, _scored(page))
    rows.setflags(write=False)  # shared between calls
    return rows


def _matrix(pages: Sequence[PageLines]) -> tuple[np.ndarray, np.ndarray]:
    """The scored lines' features and labels (lines fixed as body never reach the model)."""
    x = np.vstack([_features(page)[_scored(page)] for page in pages])
    y = np.concatenate([np.asarray(page.labels, dtype=np.int64)[_scored(page)] for page in pages])
    return x, y


@dataclass(frozen=True)
class Fitted:
    """The two passes' weights and biases (``lines.LineModel``)."""

    weights: np.ndarray
    bias: float
    context_weights: np.ndarray
    context_bias: float


def _regression(x: np.ndarray, y: np.ndarray, c: float) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression

    regression = LogisticRegression(C=c, max_iter=5000, solver="lbfgs")
    regression.fit(x, y)
    return regression.coef_[0].astype(np.float64), float(regression.intercept_[0])


def _neighbour_rows(page: PageLines, weights: np.ndarray, bias: float) -> np.ndarray:
    """The second pass's rows of a page's scored lines: its features and the neighbour scores the first
    pass (``weights``, ``bias``) gives."""
    features = _features(page)
    first = lines._logistic(features, weights, bias)
    return np.hstack([features, lines.neighbour_scores(first, page.fixed)])[_scored(page)]


def fit(pages: Sequence[PageLines], c: float) -> Fitted:
    """Both passes of the line model on ``pages``' lines (logistic regressions, the same ``C``). The
    first pass on every page; the second on neighbour scores each page gets from a first pass fitted
    without it (grouped ``N_FOLDS``-fold, as at ingest the model scores pages it never saw)."""
    x, y = _matrix(pages)
    weights, bias = _regression(x, y, c)
    rows = []
    labels = []
    for fold in _folds(pages):
        chosen = set(fold)
        inner_weights, inner_bias = _regression(*_matrix([p for i, p in enumerate(pages) if i not in chosen]), c)
        for i in fold:
            rows.append(_neighbour_rows(pages[i], inner_weights, inner_bias))
            labels.append(np.asarray(pages[i].labels, dtype=np.int64)[_scored(pages[i])])
    context_weights, context_bias = _regression(np.vstack(rows), np.concatenate(labels), c)
    return Fitted(weights, bias, context_weights, context_bias)


def _folds(pages: Sequence[PageLines], n_folds: int = N_FOLDS) -> list[list[int]]:
    """Page indices per fold, dealt in order of a hash of the page name (stable, no random state)."""
    order = sorted(range(len(pages)), key=lambda i: hashlib.sha256(pages[i].group.encode()).hexdigest())
    return [order[k::n_folds] for k in range(n_folds)]


@dataclass
class Tally:
    furniture: int = 0
    furniture_removed: int = 0
    body_chars: int = 0
    body_removed: int = 0

    def add(self, page: PageLines, furniture: Sequence[bool]) -> None:
        for label, in_body, text, removed in zip(page.labels, page.body, page.texts, furniture, strict=True):
            if label:
                self.furniture += 1
                self.furniture_removed += int(removed)
            elif in_body:
                self.body_chars += len(text)
                self.body_removed += len(text) if removed else 0

    @property
    def recall(self) -> float:
        return self.furniture_removed / self.furniture if self.furniture else 1.0

    @property
    def loss(self) -> float:
        return self.body_removed / self.body_chars if self.body_chars else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"furniture_lines": self.furniture, "furniture_removed": self.furniture_removed,
                "recall": round(self.recall, 4), "body_characters": self.body_chars,
                "body_removed": self.body_removed, "body_loss": round(self.loss, 5)}


def _model(fitted: Fitted, low: float, high: float, own_min: int = 100, edges_furniture: bool = True,
           meta: dict[str, Any] | None = None) -> lines.LineModel:
    return lines.LineModel(lines.FEATURE_NAMES, fitted.weights, fitted.bias, low, high, own_min, edges_furniture,
                           meta or {}, fitted.context_weights, fitted.context_bias)


Point = tuple[float, float, float, int, bool]


def cross_validate(pages: Sequence[PageLines]) -> dict[Point, dict[str, Tally]]:
    """For every (C, low, high, own_min, edges_furniture) of the grid, the tallies of the held-out pages, by origin."""
    folds = _folds(pages)
    alone = {page.group: lines.ui_only(page.texts) for page in pages}
    silent = {page.group: lines.title_lines(page.texts, page.fixed) for page in pages}
    results: dict[Point, dict[str, Tally]] = {}
    for c in C_GRID:
        held_out: list[tuple[PageLines, np.ndarray]] = []
        for fold in folds:
            chosen = set(fold)
            scorer = _model(fit([p for i, p in enumerate(pages) if i not in chosen], c), 0.0, 1.0)
            held_out.extend((pages[i], scorer.score_page(_features(pages[i]), pages[i].fixed)) for i in fold)
        for low in LOW_GRID:
            for high in HIGH_GRID:
                for own_min in OWN_MIN_GRID:
                    for edges in EDGES_GRID:
                        tallies = {"devset": Tally(), "seed": Tally()}
                        for page, scores in held_out:
                            tallies[page.origin].add(page, lines.smooth(scores.tolist(), low, high, page.fixed,
                                                                        [len(t) for t in page.texts], own_min, edges,
                                                                        alone[page.group], silent[page.group]))
                        results[(c, low, high, own_min, edges)] = tallies
    return results


def choose(results: dict[Point, dict[str, Tally]]) -> Point:
    """Among the grid points whose devset body loss is at most ``MAX_BODY_LOSS`` and that remove no
    body line of the seeds, those
    within ``RECALL_SLACK`` of the most devset furniture removed; of these the one losing the least
    body, then the first in grid order (smaller C: the smoother model)."""
    allowed = [(point, t) for point, t in results.items()
               if t["devset"].loss <= MAX_BODY_LOSS and t["seed"].body_removed == 0] or list(results.items())
    best = max(t["devset"].recall for _p, t in allowed)
    close = [(point, t) for point, t in allowed if t["devset"].recall >= best - RECALL_SLACK]
    return min(close, key=lambda item: max(item[1]["devset"].loss, item[1]["seed"].loss))[0]


def model_alone(pages: Sequence[PageLines]) -> list[PageLines]:
    """``pages`` with the high-precision layer's removals undone: each such line left to the model (its
    protected lines stay protected). The stand-in for ``model_only_settings`` when only the lines are
    at hand (``train(pages=...)``): the patterns' inline cuts stay made."""
    return [replace(page, fixed=tuple(None if f else f for f in page.fixed)) for page in pages]


def model_only_settings() -> Settings:
    """The packaged settings with the clean stage's pattern layer switched off (``clean.patterns``, as
    ``bench/model_only.toml``): what the line model alone is measured with."""
    settings = default_settings()
    return replace(settings, clean=replace(settings.clean, patterns=False))


def _num(value: float) -> float:
    return float(f"{value:.{SIGNIFICANT_DIGITS}g}")


def train(output: str | Path | None = None, shared: Path | None = None,
          pages: Sequence[PageLines] | None = None) -> dict[str, Any]:
    """Fit the line model and write it (default: the package's shipped model file); returns a summary."""
    given = pages is not None
    pages = list(pages) if pages is not None else training_data(shared)
    results = cross_validate(pages)
    c, low, high, own_min, edges = choose(results)
    fitted = fit(pages, c)
    chosen = results[(c, low, high, own_min, edges)]
    alone_pages = model_alone(pages) if given else training_data(shared, model_only_settings())
    alone = cross_validate(alone_pages)[(c, low, high, own_min, edges)]
    import sklearn

    meta: dict[str, Any] = {
        "trained_on": "devset dev split (labelled furniture lines) and the seeds (high-precision layer)",
        "pages": {"devset": sum(p.origin == "devset" for p in pages), "seed": sum(p.origin == "seed" for p in pages)},
        "lines": sum(len(p.texts) for p in pages),
        "furniture_lines": sum(sum(p.labels) for p in pages),
        "data_sha256": data_hash(pages),
        "C": c,
        "cross_validation": {origin: tally.as_dict() for origin, tally in chosen.items()},
        # the same recipe and thresholds with the pattern layer switched off (clean.patterns false): how
        # the model alone finds furniture on sites no pattern was written for
        "cross_validation_model_alone": {origin: tally.as_dict() for origin, tally in alone.items()},
        "sklearn": sklearn.__version__,
    }
    data = {
        "version": lines.MODEL_VERSION,
        "features": list(lines.FEATURE_NAMES),
        "weights": [_num(w) for w in fitted.weights],
        "bias": _num(fitted.bias),
        "context_features": list(lines.NEIGHBOUR_NAMES),
        "context_weights": [_num(w) for w in fitted.context_weights],
        "context_bias": _num(fitted.context_bias),
        "low": low,
        "high": high,
        "own_min": own_min,
        "edges_furniture": edges,
        "meta": meta,
    }
    path = Path(output) if output is not None else default_output()
    path.write_text(dump_model(data), encoding="utf-8")
    return {"output": str(path), **meta, "low": low, "high": high, "own_min": own_min, "edges_furniture": edges}


def dump_model(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def default_output() -> Path:
    return Path(__file__).resolve().parents[1] / "resources" / lines.MODEL_RESOURCE
