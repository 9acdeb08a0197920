"""Grouped cross-validation of the whole pipeline on the devset's dev split
(``jianghua evaluate devset --split dev --cross-validate``): the honest figure for the learned stages.

The shipped line model (and title chooser, when it ships) were fitted on the dev pages, so
``evaluate devset --split dev`` scores pages the models have seen. Here each dev page is cleaned by
models fitted WITHOUT it, then scored by the devset scorer (:mod:`jianghua.training.devset`):

1. **Folds**: the dev pages are dealt into ``folds`` groups in order of a hash of their id (stable,
   no random state; a page is never split between folds).
2. **Models per fold**: the line model is trained by its own recipe (:mod:`jianghua.training.train_lines`:
   C, thresholds and smoothing chosen by an inner grouped cross-validation, then the fit) on every
   training page but the fold's, the seeds always included; the title chooser, when the shipped one
   ships (``meta.ships``), is refitted on the other folds' cases with the shipped ``C`` (its cases
   are recorded with the shipped line model: a small leak, said in the report); else the rules choose
   titles, as at ingest; the learned fact units' model (``train_facts``) is refitted on the other folds'
   units and the written passages (``fact_forms``) with the shipped model's thresholds (chosen by its own
   grouped cross-validation: a small leak), those of reports too.
3. **Pipeline**: every page of the fold goes through every stage (``runner.process_page`` with
   ``runner.Models``), in this process, as one ingest would run it: no site lines (each dev page
   comes from its own site).
4. **Scores**: ``devset.score_page`` on each page's documents, summed by ``devset.summarize``, the
   same report as ``evaluate devset`` with a ``cross_validation`` block (the folds, each fold's pages
   and its line model's hyper-parameters).

Rules, patterns and lexicons are written by reading the dev pages and cannot be held out: the
figures are honest for what is learned, still flattering for what is written.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .. import errors
from ..stages import lines, title_chooser
from ..stages.runner import Models, process_page
from ..stages.settings import Settings
from . import cases, train_lines
from .devset import LabelledPage, PageScore, ProducedDoc, load_devset, page_detail, score_page, summarize

N_FOLDS = 5
MIN_FOLDS = 2


def page_folds(ids: Sequence[str], n_folds: int = N_FOLDS) -> list[list[str]]:
    """The page ids of each fold, dealt in order of a hash of the id (stable, no random state)."""
    order = sorted(ids, key=lambda page_id: hashlib.sha256(page_id.encode()).hexdigest())
    return [sorted(order[k::n_folds]) for k in range(n_folds)]


def line_model_without(pages: Sequence[train_lines.PageLines], held_out: set[str]) -> lines.LineModel:
    """The line model its recipe fits on ``pages`` but the ``held_out`` ones (module docstring, 2)."""
    train = [page for page in pages if page.group not in held_out]
    c, low, high, own_min, edges = train_lines.choose(train_lines.cross_validate(train))
    return train_lines._model(train_lines.fit(train, c), low, high, own_min, edges,
                              {"C": c, "low": low, "high": high, "own_min": own_min})


def produced_of(page_path: Path, models: Models, settings: Settings | None = None) -> list[ProducedDoc]:
    """The documents the whole pipeline makes of one page with ``models`` and ``settings`` (the packaged
    defaults when None), as the scorer reads them from a corpus (the rules record through JSON, as the
    store keeps it)."""
    made = process_page(page_path.read_bytes(), str(page_path), models=models, settings=settings)
    out = []
    for doc in made.documents:
        classification = doc.classification or {}
        rules = json.loads(json.dumps(doc.rules, ensure_ascii=False)) if doc.rules is not None else None
        out.append(ProducedDoc(doc.ordinal, doc.title, doc.text, classification.get("genre"),
                               classification.get("topic"), rules))
    return out


def score_pages(pages: Sequence[LabelledPage], models: Models,
                progress: Callable[[str, int], None] | None = None, settings: Settings | None = None) -> list[PageScore]:
    """Each page run through the pipeline with ``models`` (and ``settings``) and scored."""
    scores = []
    for page in pages:
        scores.append(score_page(page, produced_of(page.path, models, settings)))
        if progress is not None:
            progress(page.id, 1)
    return scores


def _chooser_factory(pages: list[cases.TrainingPage],
                     rules: bool = True) -> Callable[[set[str]], title_chooser.Chooser | None]:
    """Per fold, the title chooser fitted on ``pages`` without the fold's when the shipped one ships; else
    the rules'. ``rules`` False (``[titles] rules``): always the chooser, fitted without the rules' features
    with the shipped ``without_rules`` C."""
    if rules:
        shipped = title_chooser.default_model()
        if shipped.meta.get("ships") is not True:
            return lambda _held: title_chooser.RULES_ONLY
    else:
        shipped = title_chooser.learned_model()
    from . import train_titles

    all_cases = train_titles.cases([page for page in pages if page.devset is not None or page.documents])
    c = float(shipped.meta["C"])
    drop = () if rules else title_chooser.RULE_FEATURES
    return lambda held: title_chooser.Chooser(train_titles.fit([k for k in all_cases if k.group not in held], c, drop))


def _fact_model_factory(root: Path) -> Callable[[set[str]], Any]:
    """Per fold, the learned fact units' model fitted on the other folds' units, the shipped thresholds (None,
    the written rules alone, where those units hold a single class)."""
    from ..stages.extract import learned
    from . import train_facts

    collected = train_facts.collect(root)
    rows = collected.rows
    shipped = learned.load_model()
    thresholds, report_thresholds = dict(shipped.thresholds), dict(shipped.report_thresholds)

    def without(held: set[str]) -> Any:
        training = [row for row in rows if row.page not in held] + collected.forms
        return (train_facts.model_of(train_facts.fit(training), thresholds, report_thresholds)
                if train_facts.learnable(training) else None)

    return without


def cross_validate_devset(root: str | Path, n_folds: int = N_FOLDS, *, shared: Path | None = None,
                          progress: Callable[[str, int], None] | None = None,
                          on_start: Callable[[int], None] | None = None,
                          settings: Settings | None = None) -> dict[str, Any]:
    """The dev split scored with models fitted without each page (module docstring): the report of
    ``devset.evaluate_devset`` plus a ``cross_validation`` block. ``shared`` holds the seeds (default:
    beside the checkout, ``$JIANGHUA_SHARED``). ``settings`` (the packaged defaults when None) run the
    pipeline and make the line model's training lines: with ``clean.patterns`` false
    (``bench/model_only.toml``) the line models are fitted and run without the pattern layer, the figure
    of the learned layer alone."""
    if n_folds < MIN_FOLDS:
        raise errors.Q721.error("too_few", n_folds=n_folds, minimum=MIN_FOLDS)
    root = Path(root)
    pages = load_devset(root, "dev")
    if len(pages) < n_folds:
        raise errors.Q721.error("too_many", n_folds=n_folds, pages=len(pages), root=root)
    shared = shared or cases.shared_dir()
    seeds = shared / "seeds"
    if not seeds.is_dir():
        raise errors.M703.error("no_shared", model="line model (cross-validated)", path=shared)
    if on_start is not None:
        on_start(len(pages))
    dev_pages, seed_pages = cases.devset_pages(root), cases.seed_pages(seeds)  # one set for both models' folds
    training = train_lines.devset_lines(dev_pages, settings) + train_lines.seed_lines(seed_pages, settings)
    title_rules = settings.titles.rules if settings is not None else True
    chooser_without = _chooser_factory(dev_pages + seed_pages, title_rules)
    fact_model_without = _fact_model_factory(root)
    by_id = {page.id: page for page in pages}
    scores: dict[str, PageScore] = {}
    fold_reports = []
    for fold in page_folds(list(by_id), n_folds):
        held = set(fold)
        model = line_model_without(training, held)
        models = Models(line_model=model, title_chooser=chooser_without(held), fact_model=fact_model_without(held))
        for page, score in zip(fold, score_pages([by_id[i] for i in fold], models, progress, settings), strict=True):
            scores[page] = score
        fold_reports.append({"pages": fold, "line_model": dict(model.meta)})
    ordered = [scores[page.id] for page in pages]
    report = summarize(ordered)
    report["split"] = "dev"
    report["root"] = str(root)
    report["cross_validation"] = {
        "folds": n_folds,
        "patterns": settings.clean.patterns if settings is not None else True,
        "line_model": "refitted per fold by its recipe (train_lines), the seeds always in training",
        "title_chooser": ("refitted per fold without the rules' features (cases recorded with the shipped line model)"
                          if not title_rules else "refitted per fold (cases recorded with the shipped line model)"
                          if title_chooser.default_model().meta.get("ships") is True else "rules (the shipped chooser does not ship)"),
        "fact_model": "refitted per fold on the other folds' units (train_facts), the shipped thresholds",
        "by_fold": fold_reports,
    }
    report["pages"] = [page_detail(s) for s in ordered]
    return report
