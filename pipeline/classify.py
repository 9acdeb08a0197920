"""Stage ``classify``: a document's genre and topic, and the role of each of its sections.

Labels come from the text, never from what a page calls itself: a page titled 动员讲话 may hold a
speech at a debate meeting, and a short story can be full of 竞争上岗.

1. **Canonical text.** The document's title and text in mainland simplified script (a traditional
   document is normalized first, so both scripts give the same features).
2. **Features** (:func:`vectorize`): character 1-3-gram TF-IDF of the title and text (digits folded
   to ``0``, sublinear tf, l2 norm) plus :data:`STRUCTURAL` cues that carry genre: words in the title,
   how the text opens (同志们, 尊敬的各位领导, a dateline, 第一条) and closes (谢谢大家, a signature),
   and the voice of the body (directives with 要, first-person 我 and 我们, completed actions with 了).
3. **Two linear heads** (genre, topic) over the same features: multinomial logistic regression,
   calibrated by temperature scaling, trained by :mod:`jianghua.train`.
4. **Confidence.** The label is always the most probable one; below :data:`GENRE_MIN_CONFIDENCE` or
   :data:`TOPIC_MIN_CONFIDENCE` it is kept but flagged ``low_confidence``.
5. **Section roles** (:func:`section_roles`): a lexicon over heading text (first match wins,
   ``resources/classify/section_roles.tsv``), then the parent section's role, then a default for
   the document's genre (``role_defaults.tsv``).

The fitted model is a JSON file (``resources/models/genre-topic.v1.json``): vocabulary with idf
weights, coefficients, intercepts and the calibration temperature. Inference below is Python and
numpy over that file, so classifying needs neither scikit-learn nor a pickle; ``tests/test_classify.py``
checks it against scikit-learn's ``predict_proba`` to 1e-6.

Speed: :func:`classify_text` never builds a Python object per n-gram. It numbers the characters of
the text, looks its n-grams up in tables of the vocabulary indexed by those numbers and counts only
those found (:func:`_vector_arrays`); some structural cues are counted with ``str.count``, a regex that
skips ahead, or one scan for several of them, and role rules are tried only on headings holding a
string one of them needs. Each gives exactly what the plain computation gives, bit for bit
(:func:`vectorize_reference`; the tests compare them on the sample and seed documents).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np

from . import resources
from .document import Document
from .errors import JianghuaError, ResourceError
from .labels import GENRES, ROLES, TOPICS
from .normalize import detect_script, normalize
from .screens import requirement

CLASSIFIER_VERSION = "classifier.genre.v1"
MODEL_FORMAT = "jianghua.genre-topic"
MODEL_FORMAT_VERSION = 1
MODEL_RESOURCE = "models/genre-topic.v1.json"
# Inference re-implements scikit-learn 1.x semantics (TfidfVectorizer, LogisticRegression,
# CalibratedClassifierCV with temperature scaling); a model written by another major version may
# mean something else by the same numbers.
SUPPORTED_SKLEARN_MAJOR = 1


# Below these calibrated probabilities the label is kept but flagged: under one half, the other
# labels together are likelier than the chosen one. On the cross-validated labelled set under 1%
# of documents fall below either bar (the model card gives the share).
GENRE_MIN_CONFIDENCE = 0.5
TOPIC_MIN_CONFIDENCE = 0.5
TOP_FEATURES = 8

# Codes for model files (the README lists them with the others).
MODEL_INCOMPATIBLE = "M701"
MODEL_MISSING = "M702"

ROLE_RULES = "classify/section_roles.tsv"
ROLE_DEFAULTS = "classify/role_defaults.tsv"
TOPIC_CUES = "classify/topic_cues.tsv"


class ModelError(JianghuaError):
    """A model file that cannot be used: missing, malformed, or written by an incompatible version."""


# --- 1. canonical text -----------------------------------------------------------------------------

def canonical(title: str, text: str) -> tuple[str, str]:
    """Title and text in mainland simplified script (the pipeline's own normalizer)."""
    if detect_script(title + "\n" + text[:3000]) in ("hant", "mixed"):
        return normalize(title).text, normalize(text).text
    return title, text


# --- 2. features -----------------------------------------------------------------------------------

NGRAM_RANGE = (1, 3)
# n-grams come from the head and the tail of a long text: genre and topic show in how a document
# opens and closes, and a 100,000-character law should not cost 300,000 n-grams.
NGRAM_HEAD_CHARS = 4000
NGRAM_TAIL_CHARS = 1000
_SPACE = re.compile(r"\s+")
_DIGIT = re.compile(r"\d")


def ngram_text(title: str, text: str) -> str:
    """The string the character n-grams are taken from: title and text (head and tail of a long one),
    digits folded to 0, runs of white space to one space."""
    if len(text) > NGRAM_HEAD_CHARS + NGRAM_TAIL_CHARS:
        text = text[:NGRAM_HEAD_CHARS] + "\n" + text[-NGRAM_TAIL_CHARS:]
    return _SPACE.sub(" ", _DIGIT.sub("0", (title + "\n" + text).lower()))


def char_ngrams(value: str) -> list[str]:
    """Character n-grams of :data:`NGRAM_RANGE` (the analyzer, in training and here alike)."""
    grams: list[str] = []
    low, high = NGRAM_RANGE
    for n in range(low, high + 1):
        # zip of shifted copies joined in C: the same n-grams, in the same order, as slicing
        grams.extend(map("".join, zip(*(value[k:] for k in range(n)), strict=False)) if n > 1 else value)
    return grams


def _head(title: str, text: str) -> str:
    """Title plus the first lines when they look like titles (pages often carry a site slogan as title)."""
    lines = [line.strip() for line in text.split("\n")[:3] if line.strip()][:2]
    return "\n".join([title] + [line for line in lines if len(line) <= 40 and not re.search(r"[。！？；]", line)])


def _found(pattern: str) -> Callable[[str], float]:
    regex = re.compile(pattern)
    return lambda part: 1.0 if regex.search(part) else 0.0


def _rate(pattern: str, half: float, count: Callable[[str], int] | None = None) -> Callable[[str], float]:
    """Occurrences per 1000 characters, squashed to [0, 1): ``half`` per 1000 gives 0.5.

    ``pattern`` defines the feature: occurrences are ``len(re.findall(pattern, text))``. ``count``, when
    given, is a faster function giving that same number on every text (str.count of literals that
    cannot overlap, a literal first character that lets the regex engine skip ahead); the tests check
    it against ``pattern``. Both are kept on the function (``rate.pattern``, ``rate.count``)."""
    regex = re.compile(pattern)
    counter = count or _findall_count(pattern)

    def rate(text: str) -> float:
        return _squash(counter(text), len(text), half)

    rate.pattern = regex  # type: ignore[attr-defined]
    rate.count = counter  # type: ignore[attr-defined]
    rate.half = half  # type: ignore[attr-defined]
    return rate


def _squash(count: int, length: int, half: float) -> float:
    """A :func:`_rate` feature from its count of matches in a text of ``length`` characters."""
    per_mille = count * 1000 / max(length, 200)
    return per_mille / (per_mille + half)


def _findall_count(pattern: str) -> Callable[[str], int]:
    regex = re.compile(pattern)

    def count(text: str) -> int:
        return len(regex.findall(text))

    count.pattern = regex  # type: ignore[attr-defined]
    return count


def _occurrences(*literals: str) -> Callable[[str], int]:
    """Occurrences of the literals, for an alternation of literals no two of which can overlap or
    start at the same place (so a regex scan finds each occurrence of each). One str.count costs
    about a fifth of a regex scan: worth it for up to four literals."""
    def count(text: str) -> int:
        return sum(map(text.count, literals))

    count.literals = literals  # type: ignore[attr-defined]
    return count


def _total(*counters: Callable[[str], int]) -> Callable[[str], int]:
    return lambda text: sum(counter(text) for counter in counters)


_CN = "一二三四五六七八九十"
# name, part of the document it reads, function of that part -> [0, 1]
STRUCTURAL: tuple[tuple[str, str, Callable[[str], float]], ...] = (
    ("title_mobilize", "head", _found(r"动员|部署|誓师|启动|出征")),
    ("title_speech", "head", _found(r"讲话|致辞|发言|讲稿")),
    ("title_candidate", "head", _found(r"竞聘.{0,12}(演讲|发言)|竞职|竞岗演讲|竞选|演讲稿|面试演讲")),
    ("title_report", "head", _found(r"经验|交流材料|做法|工作总结|情况汇报|情况报告|典型材料|成效|实践与|探索")),
    ("title_plan", "head", _found(r"方案|制度|办法|通知|公告|规定|细则|条例|简章|公示|规则|实施意见|规程|准则|标准")),
    ("title_meeting", "head", _found(r"答辩会|演讲会|测评|总结会|总结大会|表彰|欢送|送行|欢迎|座谈会|谈话|开班|培训班|开幕|闭幕|颁奖|推进会|团拜|考务|交接|结果宣布")),
    ("title_contest", "head", _found(r"竞赛|比武|大赛|比赛|技能")),
    ("title_fiction", "head", _found(r"小说|故事|散文|诗|第.{1,3}章|连载")),
    ("title_research", "head", _found(r"研究|探析|浅析|浅谈|思考|路径|对策|分析|演进|变迁|影响")),
    ("title_digits", "head", _found(r"\d")),
    ("title_question", "head", _found(r"[？?]|怎么|如何|什么")),
    ("open_comrades", "open", _found(r"同志们|各位同志")),
    ("open_respected", "open", _found(r"尊敬的|各位领导|各位评委|各位考官|各位同事|大家好")),
    ("open_self", "open", _found(r"我叫|我是[^，。]{0,15}[，,]|今年\d+岁|我竞聘|我竞选|我报考|竞聘的(岗位|职位)")),
    ("open_dateline", "open", _found(r"本报讯|本网讯|讯[（(]|记者|通讯员|近日|日前|据悉|\d+月\d+日(上午|下午|晚)?[，,]")),
    ("open_purpose", "open", _found(r"制定本|特制定|现将有关|现予以|如下[：:]")),
    ("open_article", "open", _found(r"第[一1]条|第[一1]章")),
    ("open_abstract", "open", _found(r"摘\s*要|内容提要|关键词")),
    ("close_thanks", "close", _found(r"谢谢")),
    ("close_wish", "close", _found(r"预祝|祝大家|祝各位|祝你们|祝两位")),
    ("close_signature", "close", _found(r"\d{4}年\d{1,2}月\d{1,2}日\s*$|(部|局|委|办公室|政府|公司|中心|小组)\s*$|负责解释|起施行|起执行")),
    ("close_vote", "close", _found(r"投我一票|支持我|给我一次机会|多多支持|请各位.{0,6}(考察|监督)我")),
    ("close_ellipsis", "close", _found(r"(\.\.\.|…)\s*$")),
    # a third argument of _rate counts the same matches faster (tests/test_classify.py checks it)
    ("rate_yao", "text", _rate(r"(?<![重主需必只])要(?![求点素])", 10,
                                  _findall_count(r"要(?<![重主需必只]要)(?![求点素])"))),
    ("rate_women", "text", _rate(r"我们", 5)),
    ("rate_wo", "text", _rate(r"我(?!们)", 10)),
    ("rate_le", "text", _rate(r"了", 10)),
    ("rate_third", "text", _rate(r"[他她]", 5, _occurrences("他", "她"))),
    ("rate_dialogue", "text", _rate(r"[“”]|说[：:]", 6, _occurrences("“", "”", "说：", "说:"))),
    ("rate_digits", "text", _rate(r"\d+(?:\.\d+)?", 10, _findall_count(r"\d\d*(?:\.\d+)?"))),
    ("rate_percent", "text", _rate(r"%|百分点|成(?=以上|左右)", 2, _occurrences("%", "百分点", "成以上", "成左右"))),
    ("rate_enum", "text", _rate(rf"[{_CN}][是要](?=[^，。]{{0,2}})|第[{_CN}][，、]|首先|其次", 2, _total(
        _findall_count(rf"是(?<=[{_CN}]是)"), _findall_count(rf"要(?<=[{_CN}]要)"), _findall_count(rf"第[{_CN}][，、]"),
        _occurrences("首先", "其次")))),
    ("rate_article", "text", _rate(rf"第[{_CN}百零]+条", 3)),
    ("rate_results", "text", _rate(r"取得|成效|提高了|下降了|增长|提升了|增加到|降至|达到", 3)),
    ("rate_reporting", "text", _rate(r"据悉|据了解|据介绍|记者|获悉|表示|介绍说|告诉记者", 2)),
    ("rate_hope", "text", _rate(r"希望|必须|务必|一定要", 3)),
    ("length", "text", lambda text: min(1.0, math.log10(len(text) + 1) / 4.5)),
    ("very_short", "text", lambda text: 1.0 if len(text) < 60 else 0.0),
    ("lines", "text", lambda text: (n := text.count("\n") + 1) / (n + 10)),
)


@cache
def topic_cues() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(name, pattern) rows of ``resources/classify/topic_cues.tsv``."""
    cues = []
    for number, (name, pattern) in resources.tsv(TOPIC_CUES, 2):
        try:
            cues.append((name, re.compile(pattern)))
        except re.error as exc:
            raise ResourceError(TOPIC_CUES, number, f"bad regular expression: {exc}") from exc
    return tuple(cues)


@cache
def _structural_table() -> tuple[tuple[str, str, Callable[[str], float]], ...]:
    """:data:`STRUCTURAL` plus two features per topic cue: density in the text, presence in the head."""
    table = list(STRUCTURAL)
    for name, pattern in topic_cues():
        table.append((f"cue_{name}", "text", _rate(pattern.pattern, 2)))
        table.append((f"cue_{name}_head", "head", _found(pattern.pattern)))
    return tuple(table)


def structural_names() -> tuple[str, ...]:
    return tuple(name for name, _part, _f in _structural_table())


def structural_features(title: str, text: str) -> list[float]:
    """The structural cues of a canonical title and text, each in [0, 1] (names: :func:`structural_names`).

    The rates over the whole text that count plain strings (:func:`_literal_scans`) come from a regex
    scan of the text for several of them at once; the others are computed one by one."""
    parts = {"head": _head(title, text), "open": text[:200], "close": text[-150:].rstrip(), "text": text}
    scans, halves = _literal_scans()
    counts: Counter[int] = Counter()  # row of the table -> its count
    for scan, rows in scans:
        counts.update(map(rows.__getitem__, scan.findall(text)))
    length = len(text)
    return [_squash(counts.get(row, 0), length, halves[row]) if row in halves else function(parts[part])
            for row, (_name, part, function) in enumerate(_structural_table())]


def _plain_strings(function: Callable[[str], float]) -> tuple[tuple[str, ...], bool] | None:
    """(strings, may_overlap) when a :func:`_rate` counts plain strings: with :func:`_findall_count` of
    an alternation of literals (may_overlap: findall settles their overlaps), or with
    :func:`_occurrences` (may_overlap False: it adds up ``str.count`` of each). None for anything else."""
    count = getattr(function, "count", None)
    if count is None or not hasattr(function, "half"):
        return None
    strings = getattr(count, "literals", None)
    if strings is not None:
        return (tuple(strings), False) if all(strings) else None
    regex = getattr(count, "pattern", None)
    if regex is None or regex.flags != re.UNICODE:
        return None
    pieces = regex.pattern.split("|")
    if all(piece and re.escape(piece) == piece for piece in pieces):  # no character that means anything to re
        return tuple(dict.fromkeys(pieces)), True
    return None


def _overlap(a: str, b: str) -> bool:
    """Whether an occurrence of ``a`` and one of ``b`` can share a character in some text."""
    return a in b or b in a or any(a.endswith(b[:k]) or b.endswith(a[:k]) for k in range(1, min(len(a), len(b))))


@cache
def _literal_scans() -> tuple[tuple[tuple[re.Pattern[str], Mapping[str, int]], ...], Mapping[int, float]]:
    """Regexes for the whole-text rates that count plain strings, each with the row of
    :func:`_structural_table` each string it finds counts for; and those rows with their ``half``.

    A row joins a scan only when none of its strings can overlap a string of a row already in it: then
    a match of one row's strings never hides (starts inside, or at the same place as) an occurrence of
    another's, and the scan for the alternation of all their strings finds of each row's strings
    exactly the matches its own ``findall`` finds (the first alternative that matches at the leftmost
    place, again and again), or every occurrence for strings that cannot overlap each other."""
    scans: list[dict[str, int]] = []
    halves: dict[int, float] = {}
    for row, (_name, part, function) in enumerate(_structural_table()):
        plain = _plain_strings(function) if part == "text" else None
        # one string is best left alone: its own scan skips ahead to its first character
        if plain is None or len(plain[0]) < 2:
            continue
        strings, may_overlap = plain
        if not may_overlap and any(_overlap(a, b) for i, a in enumerate(strings) for b in strings[i + 1:]):
            continue
        taken = next((scan for scan in scans if not any(_overlap(a, b) for a in strings for b in scan)), None)
        if taken is None:
            taken = {}
            scans.append(taken)
        taken.update(dict.fromkeys(strings, row))
        halves[row] = function.half  # type: ignore[attr-defined]
    return (tuple((re.compile("|".join(map(re.escape, scan))), MappingProxyType(scan)) for scan in scans),
            MappingProxyType(halves))


# --- 3. the model ----------------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class Head:
    """One label's linear model: ``softmax(beta * (x @ coef.T + intercept))``."""

    name: str
    labels: tuple[str, ...]
    coef: tuple[tuple[float, ...], ...]  # one row per label, one column per feature
    intercept: tuple[float, ...]
    beta: float  # inverse temperature from calibration

    @cached_property
    def coef_matrix(self) -> np.ndarray:
        """``coef`` as a (labels x features) array, built once: sparse dot products in C."""
        return np.asarray(self.coef, dtype=np.float64)

    @cached_property
    def coef_rows(self) -> np.ndarray:
        """``coef`` transposed, one row per feature, for :meth:`columns`."""
        return np.ascontiguousarray(self.coef_matrix.T)

    def columns(self, indices: np.ndarray) -> np.ndarray:
        """``coef_matrix[:, indices]``, the same numbers in the same memory layout (column-major, so
        the product with a vector adds in the same order), gathered with ``take`` (twice as fast)."""
        return self.coef_rows.take(indices, axis=0).T

    @cached_property
    def centered(self) -> np.ndarray:
        """Each label's weights less the mean weight over labels: what a feature pushes toward it.
        numpy takes the mean of a column adding row after row whatever the array's layout, so these
        are the very numbers ``columns(indices).mean(axis=0)`` gives (the tests check it)."""
        return self.coef_matrix - self.coef_matrix.mean(axis=0)

    @cached_property
    def intercept_array(self) -> np.ndarray:
        return np.asarray(self.intercept, dtype=np.float64)


@dataclass(frozen=True, eq=False)
class Model:
    path: str
    grams: tuple[str, ...]  # the n-gram vocabulary, in feature order
    vocabulary: Mapping[str, int]
    idf: tuple[float, ...]
    structural: tuple[str, ...]
    struct_weight: float
    heads: Mapping[str, Head]
    meta: Mapping[str, Any]

    @property
    def n_features(self) -> int:
        return len(self.grams) + len(self.structural)

    @cached_property
    def gram_index(self) -> _GramIndex | None:
        """The vocabulary as the integer lookups of :func:`_vector_arrays`, built on first use (None
        when the model is beyond them: then the reference path is used)."""
        return _build_gram_index(self)

    def feature_name(self, index: int) -> str:
        if index < len(self.grams):
            return self.grams[index]
        return "struct:" + self.structural[index - len(self.grams)]


def _refuse(path: str, why: str) -> ModelError:
    return ModelError(MODEL_INCOMPATIBLE, f"model file {path} {why}; rebuild it with `jianghua train`")


def model_from_dict(data: Mapping[str, Any], path: str = "<dict>") -> Model:
    """Check a parsed model file and build the :class:`Model`; refuses what this code cannot read."""
    if data.get("format") != MODEL_FORMAT:
        raise _refuse(path, f"is not a {MODEL_FORMAT} model (format {data.get('format')!r})")
    if data.get("format_version") != MODEL_FORMAT_VERSION:
        raise _refuse(path, f"has format version {data.get('format_version')!r}; this jianghua reads version "
                            f"{MODEL_FORMAT_VERSION}")
    version = str(data.get("sklearn_version", ""))
    major = version.split(".", 1)[0]
    if not major.isdigit() or int(major) != SUPPORTED_SKLEARN_MAJOR:
        raise _refuse(path, f"was built by scikit-learn {version or '(unknown)'}; this jianghua reads models "
                            f"built by scikit-learn {SUPPORTED_SKLEARN_MAJOR}.x")
    if data.get("classifier_version") != CLASSIFIER_VERSION:
        raise _refuse(path, f"holds classifier {data.get('classifier_version')!r}, not {CLASSIFIER_VERSION}")
    try:
        features = data["features"]
        vocabulary = list(features["vocabulary"])
        idf = tuple(float(v) for v in features["idf"])
        structural = tuple(features["structural"])
        if len(vocabulary) != len(idf):
            raise ValueError("vocabulary and idf differ in length")
        if structural != structural_names():
            raise ValueError(f"structural features {list(structural)} differ from this code's")
        if features.get("ngram_range") != list(NGRAM_RANGE):
            raise ValueError(f"n-gram range {features.get('ngram_range')} differs from this code's")
        heads = {}
        for name, expected in (("genre", GENRES), ("topic", TOPICS)):
            raw = data["heads"][name]
            labels = tuple(raw["labels"])
            if set(labels) != set(expected):
                raise ValueError(f"{name} labels {labels} differ from {expected}")
            coef = tuple(tuple(float(v) for v in row) for row in raw["coef"])
            if len(coef) != len(labels) or any(len(row) != len(idf) + len(structural) for row in coef):
                raise ValueError(f"{name} coefficients have the wrong shape")
            if raw["calibration"]["method"] != "temperature":
                raise ValueError(f"{name} calibration {raw['calibration']['method']!r} is not temperature")
            heads[name] = Head(name, labels, coef, tuple(float(v) for v in raw["intercept"]),
                               float(raw["calibration"]["beta"]))
        if len(set(vocabulary)) != len(vocabulary):
            raise ValueError("the vocabulary repeats an n-gram")
        return Model(path=path, grams=tuple(vocabulary),
                     vocabulary={g: i for i, g in enumerate(vocabulary)}, idf=idf,
                     structural=structural, struct_weight=float(features["struct_weight"]),
                     heads=MappingProxyType(heads),
                     meta=MappingProxyType({k: data[k] for k in ("training", "metrics", "sklearn_version") if k in data}))
    except (KeyError, TypeError, ValueError) as exc:
        raise _refuse(path, f"is malformed ({exc})") from exc


def default_model_path() -> str:
    return str(resources.path(MODEL_RESOURCE))


@cache
def load_model(path: str | None = None) -> Model:
    """The model in ``path`` (default: the one shipped with the package), read once per process."""
    where = path or default_model_path()
    source = Path(where) if path else resources.path(MODEL_RESOURCE)
    try:
        raw = source.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ModelError(MODEL_MISSING, f"no classifier model at {where}; build it with `jianghua train`") from exc
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise _refuse(where, f"is not valid JSON ({exc})") from exc
    return model_from_dict(data, where)


def vectorize(model: Model, title: str, text: str) -> dict[int, float]:
    """The sparse feature vector (index -> value) of a canonical title and text."""
    indices, values = _vector_arrays(model, title, text)
    return dict(zip(indices.tolist(), values.tolist(), strict=True))


def vectorize_reference(model: Model, title: str, text: str) -> dict[int, float]:
    """:func:`vectorize` the plain way (a Python dict of every n-gram): what :func:`_vector_arrays`
    must reproduce bit for bit, kept for the tests."""
    grams = Counter(char_ngrams(ngram_text(title, text)))
    idf = model.idf
    vector = {index: (1.0 + math.log(count)) * idf[index]
              for index, count in zip(map(model.vocabulary.get, grams), grams.values(), strict=True) if index is not None}
    norm = math.sqrt(sum(value * value for value in vector.values()))
    if norm > 0:
        vector = {index: value / norm for index, value in vector.items()}
    offset = len(model.idf)
    for k, value in enumerate(structural_features(title, text)):
        if value:
            vector[offset + k] = value * model.struct_weight
    return vector


# The fast path (:func:`_vector_arrays`) looks the n-grams up in tables of the vocabulary with numpy: no
# Python object per n-gram. Every character of the vocabulary's 2- and 3-grams has a number from 1 (0
# for any other character); a 2-gram is a cell of a square table (first x width + second), and a 3-gram
# a cell of a table with one row per pair of characters that begins a 3-gram of the vocabulary.
_TABLE_CELLS = 1 << 24  # a vocabulary that needs larger tables takes the reference path


@dataclass(frozen=True, eq=False)
class _GramIndex:
    """The vocabulary as tables indexed by integers, built once per model. ``unigrams`` and ``chars``
    are indexed by code point; their last entry stands for any larger code point (never in a gram)."""

    unigrams: np.ndarray  # code point -> feature index of its 1-gram, or -1
    chars: np.ndarray  # code point -> its number among the characters of 2- and 3-grams, or 0
    width: int  # numbers of characters, 0 included
    pairs: np.ndarray  # first x width + second -> feature index of the 2-gram, or -1
    prefixes: np.ndarray  # first x width + second -> row x width of the 3-grams it begins (row 0: none)
    triples: np.ndarray  # row x width + third -> feature index of the 3-gram, or -1
    idf: np.ndarray
    dtype: type  # of feature indices in the tables: int16 when they fit (small tables; a radix sort counts them)


def _build_gram_index(model: Model) -> _GramIndex | None:
    longer = [gram for gram in model.grams if len(gram) in (2, 3)]  # other lengths never match: char_ngrams makes none
    number = {char: k for k, char in enumerate(sorted(set("".join(longer))), 1)}
    width = len(number) + 1
    begins = list(dict.fromkeys(gram[:2] for gram in longer if len(gram) == 3))
    if max(width, len(begins) + 1) * width > _TABLE_CELLS:
        return None
    dtype = np.int16 if len(model.grams) < 2**15 else np.int64
    size = max((ord(char) for gram in model.grams if len(gram) <= 3 for char in gram), default=0) + 2
    unigrams = np.full(size, -1, dtype=dtype)
    chars = np.zeros(size, dtype=np.intp)
    for char, k in number.items():
        chars[ord(char)] = k
    pairs = np.full(width * width, -1, dtype=dtype)
    prefixes = np.zeros(width * width, dtype=np.int32)
    for row, pair in enumerate(begins, 1):
        prefixes[number[pair[0]] * width + number[pair[1]]] = row * width
    triples = np.full((len(begins) + 1) * width, -1, dtype=dtype)
    for index, gram in enumerate(model.grams):
        if len(gram) == 1:
            unigrams[ord(gram)] = index
        elif len(gram) == 2:
            pairs[number[gram[0]] * width + number[gram[1]]] = index
        elif len(gram) == 3:
            triples[prefixes[number[gram[0]] * width + number[gram[1]]] + number[gram[2]]] = index
    return _GramIndex(unigrams, chars, width, pairs, prefixes, triples, np.asarray(model.idf, dtype=np.float64), dtype)


_SUBLINEAR = [np.zeros(1)]  # 1 + log(count) at index count, computed with math.log as the reference does


def _sublinear(counts: np.ndarray) -> np.ndarray:
    table = _SUBLINEAR[0]
    top = int(counts.max())
    if top >= table.size:
        size = max(top + 1, 2 * table.size, 1024)
        table = _SUBLINEAR[0] = np.array([0.0] + [1.0 + math.log(count) for count in range(1, size)])
    return table[counts]


def _count_in_order(grams: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(distinct values in order of first occurrence, how often each occurs): a Counter's keys and
    values, with one stable sort (a radix sort when the values fit in int16)."""
    n = grams.size
    order = np.argsort(grams, kind="stable")
    ordered = grams[order]
    starts = np.empty(n, dtype=bool)
    starts[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=starts[1:])
    bounds = np.flatnonzero(starts)
    counts = np.diff(np.append(bounds, n))
    # stable: order[bounds] are first occurrences; place each distinct value at its first position
    rank = np.full(n, -1, dtype=np.int64)
    rank[order[bounds]] = np.arange(bounds.size)
    rank = rank[rank >= 0]
    return ordered[bounds][rank].astype(np.intp), counts[rank]


def _utf32(value: str) -> np.ndarray:
    return np.frombuffer(value.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.intp)


@cache
def _bmp_folds() -> np.ndarray:
    """For each code point below 0x10000 the one :func:`ngram_text` puts in its place: a space where
    ``\\s`` matches it, ``0`` where ``\\d`` does (found with the very regexes of :func:`ngram_text`),
    else itself."""
    every = "".join(map(chr, range(0x10000)))
    folds = np.arange(0x10000, dtype=np.intp)
    folds[[m.start() for m in re.finditer(r"\s", every)]] = ord(" ")
    folds[[m.start() for m in _DIGIT.finditer(every)]] = ord("0")
    return folds


def _ngram_codes(title: str, text: str) -> np.ndarray:
    """The code points of :func:`ngram_text`, with the digit and white-space folding done by table."""
    if len(text) > NGRAM_HEAD_CHARS + NGRAM_TAIL_CHARS:
        text = text[:NGRAM_HEAD_CHARS] + "\n" + text[-NGRAM_TAIL_CHARS:]
    lowered = (title + "\n" + text).lower()
    codes = _utf32(lowered)
    if not codes.size or int(codes.max()) >= 0x10000:  # beyond the table: the string way
        return _utf32(ngram_text(title, text))
    codes = _bmp_folds().take(codes)
    space = codes == ord(" ")  # white space of any kind, now one kind
    if space.any():
        keep = np.ones(codes.size, dtype=bool)
        keep[1:] = ~(space[1:] & space[:-1])  # a run of spaces becomes its first
        codes = codes[keep]
    return codes


def _vector_arrays(model: Model, title: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    """:func:`vectorize` as (indices, values) arrays, bit for bit :func:`vectorize_reference`.

    Only n-grams in the vocabulary are counted (:attr:`Model.gram_index`), in the order of
    first occurrence (1-grams, then 2-grams, then 3-grams) as the reference's Counter gives, so the
    norm and the dot products add the same numbers in the same order."""
    lookup = model.gram_index
    if lookup is None:
        vector = vectorize_reference(model, title, text)
        return _arrays(vector)
    codes = np.minimum(_ngram_codes(title, text), lookup.chars.size - 1)
    chars = lookup.chars.take(codes)
    pairs = chars[:-1] * lookup.width + chars[1:]
    triples = lookup.prefixes.take(pairs[:-1]) + chars[2:]
    grams = np.concatenate([lookup.unigrams.take(codes), lookup.pairs.take(pairs), lookup.triples.take(triples)])
    grams = grams[grams >= 0]
    if grams.size:
        indices, counts = _count_in_order(grams)
        values = _sublinear(counts) * lookup.idf[indices]
        norm = math.sqrt(sum((values * values).tolist()))  # Python's sum: the reference's order and rounding
        if norm > 0:
            values = values / norm
    else:
        indices, values = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
    offset = len(model.idf)
    weight = model.struct_weight
    extra = [(offset + k, feature * weight) for k, feature in enumerate(structural_features(title, text)) if feature]
    if extra:
        indices = np.concatenate([indices, np.array([k for k, _ in extra], dtype=np.int64)])
        values = np.concatenate([values, np.array([v for _, v in extra], dtype=np.float64)])
    return indices, values


def _logits_to_probabilities(logits: Sequence[float], beta: float) -> list[float]:
    # scikit-learn's temperature scaling takes rows that look like probabilities as probabilities
    # (calibration._convert_to_logits); mirrored so the two agree even then.
    if all(0.0 <= v <= 1.0 for v in logits) and math.isclose(sum(logits), 1.0, rel_tol=1e-5, abs_tol=1e-8):
        logits = [math.log(v + 1e-12) for v in logits]
    scaled = [beta * v for v in logits]
    top = max(scaled)
    exps = [math.exp(v - top) for v in scaled]
    total = sum(exps)
    return [1.0 if 1.0 < e / total <= 1.0 + 1e-5 else e / total for e in exps]


def _arrays(vector: Mapping[int, float]) -> tuple[np.ndarray, np.ndarray]:
    indices = np.fromiter(vector.keys(), dtype=np.int64, count=len(vector))
    values = np.fromiter(vector.values(), dtype=np.float64, count=len(vector))
    return indices, values


def predict_head(model: Model, head: Head, vector: Mapping[int, float]) -> tuple[list[float], list[float]]:
    """(probabilities, logits) of one head, in ``head.labels`` order."""
    indices, values = _arrays(vector)
    return _predict(head, head.columns(indices), values)


def _predict(head: Head, weights: np.ndarray, values: np.ndarray) -> tuple[list[float], list[float]]:
    """:func:`predict_head` given the head's coefficient columns of the vector's indices."""
    logits = (weights @ values + head.intercept_array).tolist()
    return _logits_to_probabilities(logits, head.beta), logits


def _top(model: Model, head: Head, indices: np.ndarray, values: np.ndarray, label: int) -> list[dict[str, Any]]:
    """The features that pushed toward ``label`` most (value x (its weight - the mean weight over labels)): the positive pushes, largest first, ties by feature index;
    only the candidates for the first :data:`TOP_FEATURES` are sorted."""
    push = values * head.centered[label].take(indices)
    candidates = np.flatnonzero(push > 0)
    if candidates.size > TOP_FEATURES:
        bar = np.partition(push[candidates], candidates.size - TOP_FEATURES)[candidates.size - TOP_FEATURES]
        candidates = candidates[push[candidates] >= bar]
    order = candidates[np.lexsort((indices[candidates], -push[candidates]))][:TOP_FEATURES]
    return [{"feature": model.feature_name(index), "weight": round(weight, 4)}
            for index, weight in zip(indices[order].tolist(), push[order].tolist(), strict=True)]


def classify_text(title: str, text: str, model: Model | None = None) -> dict[str, Any]:
    """:func:`classify` for a bare title and text (script is normalized here)."""
    model = model or load_model()
    title, text = canonical(title, text)
    indices, values = _vector_arrays(model, title, text)
    result: dict[str, Any] = {"classifier": CLASSIFIER_VERSION}
    tops: dict[str, list[dict[str, Any]]] = {}
    low = False
    for name, floor in (("genre", GENRE_MIN_CONFIDENCE), ("topic", TOPIC_MIN_CONFIDENCE)):
        head = model.heads[name]
        weights = head.columns(indices)
        probabilities, _logits = _predict(head, weights, values)
        best = max(range(len(head.labels)), key=lambda k: (probabilities[k], -k))
        result[name] = head.labels[best]
        result[f"{name}_confidence"] = probabilities[best]
        result[f"{name}_probabilities"] = dict(zip(head.labels, probabilities, strict=True))
        tops[name] = _top(model, head, indices, values, best)
        low = low or probabilities[best] < floor
    result["low_confidence"] = low
    result["top_features"] = tops
    return result


# What the stage reads and writes, for the stage registry.
REQUIRES = ("doc.text", "doc.sections")
ASSIGNS = ("doc.extra.classification",)


def annotate(doc: Document, model: Model | None = None) -> Document:
    """The stage entry point: ``doc.extra["classification"] = label_document(doc)``."""
    doc.extra["classification"] = label_document(doc, model)
    return doc


def label_document(doc: Document, model: Model | None = None) -> dict[str, Any]:
    """What ingest stores per document: :func:`classify` plus ``section_roles`` (one per section)."""
    result = classify(doc, model)
    result["section_roles"] = section_roles(doc, result["genre"])
    return result


def classify(doc: Document, model: Model | None = None) -> dict[str, Any]:
    """Genre and topic of a document with their probabilities and the features that decided them.

    Returns ``{"genre", "genre_confidence", "genre_probabilities", "topic", "topic_confidence",
    "topic_probabilities", "low_confidence", "top_features": {"genre": [...], "topic": [...]},
    "classifier"}``.
    """
    return classify_text(doc.title, doc.text, model)


# --- 5. section roles ------------------------------------------------------------------------------

@dataclass(frozen=True)
class RoleRule:
    role: str
    pattern: re.Pattern[str]
    genres: frozenset[str]  # empty: every genre
    line: int


@cache
def role_rules() -> tuple[RoleRule, ...]:
    rules = []
    for number, (role, pattern, genres) in resources.tsv(ROLE_RULES, 3, 2):
        if role not in ROLES:
            raise ResourceError(ROLE_RULES, number, f"unknown role {role!r}")
        wanted = frozenset(g.strip() for g in genres.split(",") if g.strip())
        if wanted - set(GENRES):
            raise ResourceError(ROLE_RULES, number, f"unknown genre(s) {sorted(wanted - set(GENRES))}")
        try:
            compiled = re.compile(pattern)
        except re.error as exc:
            raise ResourceError(ROLE_RULES, number, f"bad regular expression: {exc}") from exc
        rules.append(RoleRule(role, compiled, wanted, number))
    return tuple(rules)


@cache
def role_defaults() -> Mapping[str, str]:
    defaults = {}
    for number, (genre, role) in resources.tsv(ROLE_DEFAULTS, 2):
        if genre not in GENRES or role not in ROLES:
            raise ResourceError(ROLE_DEFAULTS, number, f"unknown genre {genre!r} or role {role!r}")
        defaults[genre] = role
    return MappingProxyType(defaults)


def heading_role(heading: str, genre: str) -> str | None:
    """The role the lexicon gives a heading in a document of ``genre``, or None."""
    rules, screen = _genre_rules(genre)
    if screen is not None and not screen.search(heading):
        return None  # no rule of the genre can match (most headings of a law)
    return _first_role(rules, heading)


def _first_role(rules: Sequence[RoleRule], heading: str) -> str | None:
    for rule in rules:
        if rule.pattern.search(heading):
            return rule.role
    return None


_GENRE_RULES: dict[str, tuple[tuple[RoleRule, ...], tuple[RoleRule, ...], re.Pattern[str] | None]] = {}


def _genre_rules(genre: str) -> tuple[tuple[RoleRule, ...], re.Pattern[str] | None]:
    """The rules that apply to ``genre``, in order, and a screen for :func:`heading_role`: a regex
    of literal strings at least one of which any match of any of those rules contains (None when
    some rule has no such string). Rebuilt when :func:`role_rules` gives other rules."""
    every = role_rules()
    entry = _GENRE_RULES.get(genre)
    if entry is None or entry[0] is not every:
        rules = tuple(rule for rule in every if not rule.genres or genre in rule.genres)
        needed: set[str] = set()
        for rule in rules:
            strings = _required_strings(rule.pattern)
            if strings is None:
                needed = set()
                break
            needed |= strings
        screen = re.compile("|".join(map(re.escape, sorted(needed)))) if needed else None
        entry = _GENRE_RULES[genre] = (every, rules, screen)
    return entry[1], entry[2]


def _required_strings(pattern: re.Pattern[str]) -> set[str] | None:
    """Strings one of which every match of ``pattern`` contains (``screens.requirement``); None when
    none is known (or the screens are off: JIANGHUA_NO_SHORTCUTS, an unexpected regex parser)."""
    found = requirement(pattern).best
    return set(found) if found else None


_ROLE_FINDERS: dict[str, tuple[tuple[RoleRule, ...], tuple[RoleRule, ...], re.Pattern[str], dict[str, int], int]] = {}


def _role_finder(genre: str) -> tuple[tuple[RoleRule, ...], re.Pattern[str], dict[str, int], int]:
    """What tells :func:`section_roles` which of the genre's rules can match a heading, so that only
    those are tried: the rules (as :func:`_genre_rules`); a regex of their required strings
    (:func:`_required_strings`) that takes the longest one where it matches (:func:`_longest_of`),
    so that every other one there is a prefix of it; for each of those strings, a bit mask of the
    rules that need it or one of its prefixes (bit i: rule i); and the mask of the rules that need no
    string (tried on every heading). A rule can match only where one of its strings occurs, and
    searching again one character after each match finds every place where one does."""
    every = role_rules()
    entry = _ROLE_FINDERS.get(genre)
    if entry is None or entry[0] is not every:
        rules, _screen = _genre_rules(genre)
        needs: dict[str, int] = {}
        always = 0
        for bit, rule in enumerate(rules):
            strings = _required_strings(rule.pattern)
            if strings is None:
                always |= 1 << bit
                continue
            for string in strings:
                needs[string] = needs.get(string, 0) | 1 << bit
        masks = dict.fromkeys(needs, 0)
        for string in needs:
            for prefix, mask in needs.items():
                if string.startswith(prefix):
                    masks[string] |= mask
        finder = re.compile(_longest_of(sorted(needs)) if needs else "(?!)")  # (?!): no match
        entry = _ROLE_FINDERS[genre] = (every, rules, finder, masks, always)
    return entry[1], entry[2], entry[3], entry[4]


def _longest_of(strings: Sequence[str]) -> str:
    """A regex for the longest of ``strings`` that starts where it matches (nonempty strings), as a
    trie: ``不足(?:之处)?`` for 不足 and 不足之处. At each node the next character picks at most one
    branch and an optional tail is greedy, so the match is the longest string there, as an
    alternation of the strings longest first gives, with fewer branches to try at each place."""
    trie: dict[str, dict] = {}
    for string in strings:
        node = trie
        for char in string:
            node = node.setdefault(char, {})
        node[""] = {}  # a string ends here

    def tail(node: dict[str, dict]) -> str:
        branches = [re.escape(char) + tail(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        if "" in node:
            return f"(?:{'|'.join(branches)})?"
        return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"

    return tail(trie)


def section_roles(doc: Document, genre: str | None = None) -> list[str]:
    """One role per entry of ``doc.sections``: the lexicon over the heading (marker included: 一要 is
    a directive), else the parent section's role, else the default for the genre (classified here
    when not given)."""
    if genre is None:
        genre = classify(doc)["genre"] if doc.sections else "other"
    roles: list[str] = []
    if not doc.sections:
        return roles
    # heading_role, with only the rules tried that can match (_role_finder): the first of them that does
    rules, finder, masks, always = _role_finder(genre)
    find = finder.search
    default = None
    for section in doc.sections:
        heading = section.heading
        role = None
        candidates = always
        found = find(heading)
        while found:
            candidates |= masks[found.group()]
            found = find(heading, found.start() + 1)
        while candidates:
            lowest = candidates & -candidates
            rule = rules[lowest.bit_length() - 1]
            if rule.pattern.search(heading):
                role = rule.role
                break
            candidates ^= lowest
        if role is None and section.parent is not None and section.parent < len(roles):
            role = roles[section.parent]
        if not role:
            role = default = default or role_defaults().get(genre, "other")
        roles.append(role)
    return roles
