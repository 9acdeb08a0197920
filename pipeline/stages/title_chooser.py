"""The learned title chooser: which candidate line is a document's title, scored from features that
hold across sites (``jianghua train-titles`` fits it, :mod:`jianghua.train_titles`).

``split`` asks the chooser for the title of a document that has no collection heading:

1. **candidates** (:func:`candidates`): every head line that reads as a title at all
   (``titles.read_title``: menus, field labels, bylines, sentences and the like never do, so a
   furniture line is never one), the rules' own choice where it joins two lines or reads a title
   off a whole one, a title glued to the first text line, a title the text names or a blurb
   quotes, and *no title* (many news pages and essays have none);
2. **features** (``FEATURE_NAMES``): length, CJK share, document-type ending, the rules' score of the
   line as a title, collection/genre names, UI words, a site name after - _ |, whether clean
   removed the line, its place above the text, how much of it the text's first paragraphs and the
   page's first line repeat, whether it fits the text (a candidate's speech title over a leader's
   speech), whether the rules chose it; for *no title*, what the page offers instead;
3. **choice**: a logistic regression scores each candidate (probability that it is the title); the
   best one wins. The model decides only when its grouped cross-validation on the dev split beat the
   rules' own (optimistic) dev figure when it was trained (``meta.ships``); else the rules' choice
   stands (``RULES_ONLY``), and the candidates cost no features.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from .. import errors, resources
from .salutations import alternation as salutation_words
from .settings import TitleSettings
from .titles import (
    _BROKEN_END,
    _CJK_CHAR,
    _ISSUER,
    _SECOND_PART,
    BARE_GENRE,
    GOOD,
    HeadLine,
    Title,
    ends_in_doc_type,
    fits_body,
    line_mark,
    read_title,
    trim_title,
    type_alone,
)

MODEL_RESOURCE = "models/title-chooser.v1.json"
MODEL_VERSION = "title-chooser.v1"
KINDS = ("head", "join", "glued", "named", "none")
# Characters of the text compared with a candidate (its first paragraphs).
OVERLAP_CHARS = 600

FEATURE_NAMES: tuple[str, ...] = (
    *(f"kind_{kind}" for kind in KINDS),
    "log_length", "short", "long", "cjk_share", "typed", "read_score", "good", "generic", "bare_genre",
    "comma", "genre_word", "ui_words", "site_suffix", "removed", "nearest", "log_distance", "first_head",
    "body_overlap", "in_body", "page_first_overlap", "fits", "rules", "printed_twice", "broken_join",
    "none_best", "none_no_good", "none_rules", "none_dateline", "none_salutation", "none_log_head",
    "furniture", "holds_other", "held_by_other", "fits_others_not", "none_none_fit",
)

_GENRE_WORD = re.compile(r"讲话|发言|致辞|方案|材料|演讲|报告|总结|汇报|办法|通知|意见|规定|细则|公告|简章|制度")
# A site's name after a separator at a line's end: ……的讲话 - 某某范文网 / ……_站名 / ……|站名
_SITE_SUFFIX = re.compile(r"(?:\s[-–—|｜]\s?|_|\|)\s*[^\s\-–—_|｜]{2,16}\s*$")
_DATELINE = re.compile(r"^[^。！？\n]{0,30}?(?:\d{1,2}月\d{1,2}日|近日|日前|本报讯|本网讯)")
_SALUTATION_OPEN = re.compile(rf"^[^。！？\n]{{0,40}}?{salutation_words('opening')}")
_NOT_WORD = re.compile(r"\W")


@dataclass(frozen=True)
class Candidate:
    """One possible title of a document: its text (canonical and as written), where it comes from
    (``KINDS``), the head lines it was read from (``first``..``last``, -1 for none) and whether the
    rules chose it."""

    title: Title | None
    kind: str
    first: int = -1
    last: int = -1
    rules: bool = False
    removed: bool = False  # read from a line clean removed
    furniture: bool = False  # read from a line a pattern row naming page furniture removed (never the rules' title)


@dataclass(frozen=True)
class TitleModel:
    names: tuple[str, ...]
    weights: np.ndarray
    bias: float
    meta: dict[str, Any]

    def scores(self, features: np.ndarray) -> np.ndarray:
        z = features @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))

    def choose(self, features: np.ndarray) -> int:
        """The index of the best candidate (the first of equals: the rules' order)."""
        return int(np.argmax(self.scores(features)))


def _key(text: str) -> str:
    return _NOT_WORD.sub("", text)


def _bigrams(text: str) -> set[str]:
    chars = _CJK_CHAR.findall(text)
    return {chars[i] + chars[i + 1] for i in range(len(chars) - 1)}


def _overlap(title: str, other: str) -> float:
    """The share of ``title``'s CJK bigrams found in ``other``."""
    grams = _bigrams(title)
    if not grams:
        return 0.0
    return sum(1 for g in grams if g in other) / len(grams)


def features(cands: Sequence[Candidate], head: Sequence[HeadLine], body: str, page_first: str,
             s: TitleSettings | None = None) -> np.ndarray:
    """The feature matrix (``FEATURE_NAMES``) of a document's candidates (module docstring, 2); ``s``:
    the numbers that read a title (the packaged defaults when None)."""
    x = np.zeros((len(cands), len(FEATURE_NAMES)))
    col = {name: i for i, name in enumerate(FEATURE_NAMES)}
    opening = body[:OVERLAP_CHARS]
    keys = [_key(trim_title(line.text)) for line in head]
    # each candidate's score as a title, read once (the best one is a feature of *no title*)
    scores = [-3.0 if cand.title is None or (read := read_title(cand.title.text, s)) is None else read[1]
              for cand in cands]
    best = max((score for cand, score in zip(cands, scores, strict=True) if cand.title is not None), default=-3.0)
    rules_none = any(c.rules and c.kind == "none" for c in cands)
    titled = [(row, _key(cand.title.text)) for row, cand in enumerate(cands) if cand.title is not None]
    fitting = {row: fits_body(cand.title.text, body, s) for row, cand in enumerate(cands) if cand.title is not None}
    for row, cand in enumerate(cands):
        x[row, col[f"kind_{cand.kind}"]] = 1.0
        x[row, col["rules"]] = float(cand.rules)
        if cand.title is None:
            x[row, col["none_best"]] = max(best, -3.0) / 2.0
            x[row, col["none_no_good"]] = float(best < GOOD)
            x[row, col["none_rules"]] = float(rules_none)
            x[row, col["none_dateline"]] = float(bool(_DATELINE.match(opening)))
            x[row, col["none_salutation"]] = float(bool(_SALUTATION_OPEN.match(opening)))
            x[row, col["none_log_head"]] = math.log1p(len(head)) / 2.0
            x[row, col["none_none_fit"]] = float(bool(fitting) and not any(fitting.values()))
            continue
        text = cand.title.text
        score = scores[row]
        cjk = len(_CJK_CHAR.findall(text))
        x[row, col["log_length"]] = math.log1p(len(text)) / 4.0
        x[row, col["short"]] = float(cjk <= 6)
        x[row, col["long"]] = float(len(text) > 40)
        x[row, col["cjk_share"]] = cjk / max(len(text), 1)
        x[row, col["typed"]] = float(ends_in_doc_type(text))
        x[row, col["read_score"]] = max(score, -3.0) / 2.0
        x[row, col["good"]] = float(score >= GOOD)
        x[row, col["generic"]] = float(line_mark(text, "generic"))
        x[row, col["bare_genre"]] = float(bool(BARE_GENRE.match(text)))
        x[row, col["comma"]] = float("，" in text or "," in text)
        x[row, col["genre_word"]] = float(bool(_GENRE_WORD.search(text)))
        x[row, col["ui_words"]] = float(_ui_words(text))
        x[row, col["removed"]] = float(cand.removed)
        if cand.first >= 0:
            source = "".join(head[i].original for i in range(cand.first, cand.last + 1))
            x[row, col["site_suffix"]] = float(bool(_SITE_SUFFIX.search(source.strip())))
            distance = len(head) - 1 - cand.last
            x[row, col["nearest"]] = float(distance == 0)
            x[row, col["log_distance"]] = math.log1p(distance) / 2.0
            x[row, col["first_head"]] = float(cand.first == 0)
        x[row, col["body_overlap"]] = _overlap(text, opening)
        key = _key(text)
        x[row, col["in_body"]] = float(len(key) >= 4 and key in _key(opening))
        x[row, col["page_first_overlap"]] = _overlap(text, page_first)
        x[row, col["fits"]] = float(fitting[row])
        x[row, col["fits_others_not"]] = float(fitting[row] and not all(fitting.values()))
        x[row, col["furniture"]] = float(cand.furniture)
        # a candidate holding another whole (关于竞聘……的演讲稿 holds 竞聘……的演讲稿; an issuer's line over its title)
        x[row, col["holds_other"]] = float(any(other != row and len(k) >= 4 and len(k) < len(key) and k in key
                                               for other, k in titled))
        x[row, col["held_by_other"]] = float(len(key) >= 4 and any(other != row and len(k) > len(key) and key in k
                                                                   for other, k in titled))
        x[row, col["printed_twice"]] = float(sum(1 for k in keys if k and k == key) >= 2)
        if cand.last > cand.first:  # two lines: the first ends where no title ends, or the second is a subtitle
            upper, lower = head[cand.first].text, head[cand.last].text
            x[row, col["broken_join"]] = float(bool(_BROKEN_END.search(upper) or _SECOND_PART.match(lower)
                                                    or (_ISSUER.search(upper) and lower.startswith("关于"))
                                                    or type_alone(lower)))
    return x


@cache
def _ui_regex() -> re.Pattern[str]:
    from .lines import lexicon

    return lexicon()[0]


def _ui_words(text: str) -> int:
    return len(_ui_regex().findall(text))


# --- the model file -----------------------------------------------------------------------------

def model_from_dict(data: dict[str, Any], path: str = "<dict>") -> TitleModel:
    """A :class:`TitleModel` from its JSON form; M701 when it does not fit this build's features."""
    try:
        if data.get("version") != MODEL_VERSION:
            raise ValueError(f"version {data.get('version')!r}, this build reads {MODEL_VERSION}")
        names = tuple(data["features"])
        if names != FEATURE_NAMES:
            raise ValueError("its features are not this build's (retrain with 'jianghua train-titles')")
        weights = np.asarray(data["weights"], dtype=np.float64)
        if weights.shape != (len(names),):
            raise ValueError("one weight per feature expected")
        return TitleModel(names, weights, float(data["bias"]), dict(data.get("meta", {})))
    except (KeyError, TypeError, ValueError) as exc:
        raise errors.M701.error("unusable", path=path, model="title chooser", reason=exc) from exc


@cache
def default_model() -> TitleModel:
    return model_from_dict(resources.model_json(MODEL_RESOURCE, "the title chooser"), MODEL_RESOURCE)


@cache
def learned_model() -> TitleModel:
    """The shipped chooser fitted without the rules' features (the model file's ``without_rules`` block:
    weights zero for ``RULE_FEATURES``), for ``[titles] rules = false``; M701 when the file has none."""
    data = resources.model_json(MODEL_RESOURCE, "the title chooser")
    block = data.get("without_rules")
    if not isinstance(block, dict):
        raise errors.M701.error("unusable", path=MODEL_RESOURCE, model="title chooser",
                                reason="no without_rules weights (retrain with 'jianghua train-titles')")
    return model_from_dict({**data, "weights": block.get("weights"), "bias": block.get("bias"),
                            "meta": {**data.get("meta", {}), "C": block.get("C")}}, MODEL_RESOURCE)


# --- choosing -----------------------------------------------------------------------------------

# The features that carry the rules' own decision (the rules' candidate; *no title* when the rules chose
# none): held at zero with ``[titles] rules = false``, so the learned chooser decides alone.
RULE_FEATURES = ("rules", "none_rules")


class Chooser:
    """Picks one of a document's candidates: the model's best, or the rules' choice (``model`` None)."""

    # whether every candidate is wanted even without a model (a trainer recording them)
    records = False

    def __init__(self, model: TitleModel | None) -> None:
        self.model = model

    def __call__(self, cands: Sequence[Candidate], head: Sequence[HeadLine], body: str, page_first: str,
                 s: TitleSettings | None = None) -> int:
        if self.model is None or len(cands) == 1:
            return rules_index(cands)
        x = features(cands, head, body, page_first, s)
        if s is not None and not s.rules:
            x[:, [FEATURE_NAMES.index(name) for name in RULE_FEATURES]] = 0.0
        return self.model.choose(x)


def rules_index(cands: Sequence[Candidate]) -> int:
    return next(i for i, cand in enumerate(cands) if cand.rules)


RULES_ONLY = Chooser(None)


@cache
def default_chooser(rules: bool = True) -> Chooser:
    """The shipped model's chooser when its grouped cross-validation beat the rules (``meta.ships``,
    written by ``jianghua train-titles``), else the rules' choice; ``rules`` False (``[titles] rules``):
    the chooser fitted without the rules' features, always."""
    if not rules:
        return Chooser(learned_model())
    model = default_model()
    return Chooser(model) if model.meta.get("ships") is True else RULES_ONLY
