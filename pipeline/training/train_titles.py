"""Training of the title chooser (``jianghua train-titles``): :mod:`jianghua.title_chooser` reads what
this writes.

1. **Cases**: each page of the devset's DEV split (``../shared/devset``, pages whose number is not a
   multiple of 3) and each seed (``../shared/seeds``, titles from ``tests/golden/seeds.json``) goes
   through the page stages to ``split``, whose title candidates for every document with no
   collection heading are recorded (the rules' choice made, so the documents are the rules'). A
   document's case is matched to its labelled document by the label's first characters; a candidate
   is right when its text, folded as the devset scorer folds it, equals the labelled title (no title:
   an empty label). The test split is never read.
2. **Fit**: a logistic regression (scikit-learn, lbfgs, deterministic) over the candidates' features
   (``title_chooser.FEATURE_NAMES``), each candidate one row, right or not.
3. **Grouped cross-validation**: pages dealt into ``N_FOLDS`` folds by a hash of their name; each
   fold's pages go through the whole page pipeline with a chooser fitted on the other folds' cases
   and are scored as ``jianghua evaluate devset`` scores titles (``devset.score_page``). The same run
   with the rules' choice gives the rules' figure (optimistic: the rules were written reading these
   pages). ``C`` is chosen on it. The model *ships* (``meta.ships``: ``split`` uses it) only when its
   cross-validated titles right beat the rules' figure; else the rules' choice stands.
4. **Export** to JSON with sorted keys and rounded numbers: the same data gives the same file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..stages import title_chooser
from ..stages.runner import prepare
from ..stages.settings import TitleSettings
from ..stages.split import rejoin, split
from ..stages.title_chooser import FEATURE_NAMES, Candidate, Chooser, TitleModel
from ..stages.titles import HeadLine
from . import cases as cases_of
from .cases import TrainingPage, devset_pages, seed_pages  # noqa: F401  (this trainer's API: tests call them)
from .devset import ProducedDoc, fold, score_page

N_FOLDS = 5
C_GRID = (0.1, 0.3, 1.0, 3.0, 10.0)
SIGNIFICANT_DIGITS = 8
# A labelled document's first characters are looked for this far into a recorded document's text.
MATCH_CHARS = 400


@dataclass
class Case:
    """One document's candidates, their features and which are right."""

    group: str  # the page
    x: np.ndarray
    right: np.ndarray  # 1 where the candidate is the labelled title
    rules: int  # the rules' candidate


class Recorder(Chooser):
    """A chooser that records every document's candidates and answers with the rules' choice."""

    records = True

    def __init__(self) -> None:
        super().__init__(None)
        self.seen: list[tuple[list[Candidate], np.ndarray, str]] = []

    def __call__(self, cands: Sequence[Candidate], head: Sequence[HeadLine], body: str, page_first: str,
                 s: TitleSettings | None = None) -> int:
        x = title_chooser.features(cands, head, body, page_first, s)
        self.seen.append((list(cands), x, fold("".join(line.text for line in head) + body[:MATCH_CHARS])))
        return title_chooser.rules_index(cands)


Labelled = TrainingPage  # the pages this trainer learns from (``cases.py``: shared with train_lines)


def run_page(page: Labelled, chooser: Chooser) -> list[ProducedDoc]:
    """The page through the page stages to ``split`` with ``chooser``: its documents as the scorer reads them."""
    made = prepare(page.data, page.path, until="clean")
    docs = split(made, rejoin(made), chooser)
    return [ProducedDoc(d.ordinal, d.title, d.text, None, None, None) for d in docs]


def matched(page: Labelled) -> Iterator[tuple[list[Any], Any, str]]:
    """The page run through the pipeline: each labelled document that matches a recorded one (its first labelled
    line inside the recorded text, each recorded document used once), as (candidates, features, labelled title)."""
    recorder = Recorder()
    run_page(page, recorder)
    used: set[int] = set()
    for first, title in page.documents:
        key = fold(first)
        at = next((i for i, (_c, _x, text) in enumerate(recorder.seen) if i not in used and key and key in text), None)
        if at is None:
            continue
        used.add(at)
        cands, x, _text = recorder.seen[at]
        yield cands, x, title


def cases(pages: Sequence[Labelled]) -> list[Case]:
    """Every recorded document that matches a labelled one (module docstring, 1)."""
    out = []
    for page in pages:
        for cands, x, title in matched(page):
            want = fold(title)
            right = np.asarray([int(fold(c.title.text if c.title is not None else "") == want) for c in cands])
            out.append(Case(page.group, x, right, title_chooser.rules_index(cands)))
    return out


# The features that carry the rules' own decision: left out, the cross-validation shows what the
# features that hold across sites reach alone (the model file's without_rules weights, read with
# ``[titles] rules = false``).
RULE_FEATURES = title_chooser.RULE_FEATURES


def fit(train: Sequence[Case], c: float, drop: Sequence[str] = ()) -> TitleModel:
    """A logistic regression on ``train``'s candidates (``drop``: features held at zero, so weighted zero)."""
    from sklearn.linear_model import LogisticRegression

    x = np.vstack([case.x for case in train])
    x[:, [FEATURE_NAMES.index(name) for name in drop]] = 0.0
    y = np.concatenate([case.right for case in train])
    regression = LogisticRegression(C=c, max_iter=5000, solver="lbfgs")
    regression.fit(x, y)
    return TitleModel(FEATURE_NAMES, regression.coef_[0].astype(np.float64), float(regression.intercept_[0]), {})


def folds(groups: Sequence[str], n_folds: int = N_FOLDS) -> list[set[str]]:
    """Pages per fold, dealt in order of a hash of the page name (stable, no random state)."""
    order = sorted(set(groups), key=lambda g: hashlib.sha256(g.encode()).hexdigest())
    return [set(order[k::n_folds]) for k in range(n_folds)]


def titles_right(pages: Sequence[Labelled], chooser_for: Any) -> tuple[int, int, list[tuple[str, str, str]]]:
    """Titles right over ``pages`` as the devset scorer counts them, each page run with
    ``chooser_for(page)``; with the wrong ones (page, labelled, produced)."""
    right = total = 0
    wrong: list[tuple[str, str, str]] = []
    for page in pages:
        if page.devset is None:
            continue
        score = score_page(page.devset, run_page(page, chooser_for(page)))
        right += score.titles_right
        total += score.titles_total
        wrong.extend((page.group, a, b) for a, b in score.titles)
    return right, total, wrong


def cross_validate(pages: Sequence[Labelled], all_cases: Sequence[Case], c: float,
                   drop: Sequence[str] = ()) -> tuple[int, int, list[Any]]:
    """Titles right on the devset pages, each scored by a chooser fitted without its fold (module docstring, 3)."""
    fold_sets = folds([p.group for p in pages if p.devset is not None])
    choosers: dict[str, Chooser] = {}
    for held in fold_sets:
        model = fit([case for case in all_cases if case.group not in held], c, drop)
        for group in held:
            choosers[group] = Chooser(model)
    return titles_right(pages, lambda page: choosers[page.group])


def training_pages(shared: Path | None = None) -> list[Labelled]:
    """The dev pages, and the seeds with golden titles (``cases.training_pages``)."""
    return [page for page in cases_of.training_pages("title chooser", shared) if page.devset is not None or page.documents]


def data_hash(all_cases: Sequence[Case]) -> str:
    digest = hashlib.sha256()
    for case in all_cases:
        digest.update(json.dumps([case.group, np.round(case.x, 6).tolist(), case.right.tolist()]).encode("utf-8"))
    return digest.hexdigest()


def _num(value: float) -> float:
    return float(f"{value:.{SIGNIFICANT_DIGITS}g}")


def train(output: str | Path | None = None, shared: Path | None = None) -> dict[str, Any]:
    """Fit the chooser and write it (default: the package's shipped model file); returns a summary."""
    pages = training_pages(shared)
    all_cases = cases(pages)
    rules_right, total, _wrong = titles_right(pages, lambda page: title_chooser.RULES_ONLY)
    by_c = {c: cross_validate(pages, all_cases, c)[0] for c in C_GRID}
    without_rules = {c: cross_validate(pages, all_cases, c, RULE_FEATURES)[0] for c in C_GRID}
    best = max(C_GRID, key=lambda c: (by_c[c], -C_GRID.index(c)))  # the first (smoothest) of the best
    model = fit(all_cases, best)
    best_learned = max(C_GRID, key=lambda c: (without_rules[c], -C_GRID.index(c)))
    learned = fit(all_cases, best_learned, RULE_FEATURES)
    import sklearn

    ships = by_c[best] > rules_right
    meta: dict[str, Any] = {
        "trained_on": "devset dev split and the seeds (tests/golden/seeds.json titles)",
        "documents": len(all_cases),
        "candidates": int(sum(len(case.right) for case in all_cases)),
        "learnable": int(sum(int(case.right.any()) for case in all_cases)),
        "data_sha256": data_hash(all_cases),
        "C": best,
        "cross_validation": {"titles": total, "chooser_right": by_c[best], "rules_right_not_cross_validated": rules_right,
                             "by_C": {str(c): by_c[c] for c in C_GRID},
                             "without_rule_features_by_C": {str(c): without_rules[c] for c in C_GRID}},
        "ships": ships,
        "sklearn": sklearn.__version__,
    }
    data = {"version": title_chooser.MODEL_VERSION, "features": list(FEATURE_NAMES),
            "weights": [_num(w) for w in model.weights], "bias": _num(model.bias), "meta": meta,
            "without_rules": {"C": best_learned, "weights": [_num(w) for w in learned.weights],
                              "bias": _num(learned.bias)}}
    path = Path(output) if output is not None else default_output()
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return {"output": str(path), **meta}


def default_output() -> Path:
    return Path(__file__).resolve().parents[1] / "resources" / title_chooser.MODEL_RESOURCE
