"""Stage ``classify``: a document's genre and topic, and the role of each of its sections.

Labels come from the text as a whole, never from what a page calls itself alone: a page titled 动员讲话
may hold a speech at a debate meeting, and a novel can be full of 竞争上岗 and narrate its procedure.

1. **View** (:func:`view`): the title and the text in mainland simplified script (a traditional
   document is normalized first), a long text cut to its head and tail (genre and topic show in how a
   document opens and closes; a 100,000-character law should not cost 300,000 n-grams), and synonym
   spinning undone (:func:`unspin`: 果真选拔 is 公开选拔, ``resources/classify/spun_words.tsv``).
2. **Features** (:func:`vectorize`): character 1-3-gram TF-IDF of the view (digits folded to ``0``,
   sublinear tf, l2 norm) plus :data:`STRUCTURAL` cues that carry genre: words in the title, how the
   text opens (同志们, 尊敬的各位领导, a dateline, 第一条) and closes (谢谢大家, a signature), the voice
   of the body (directives with 要, first-person 我 and 我们, completed actions with 了), how densely
   each topic's words occur (``resources/classify/topic_cues.tsv``), and whether a mobilization
   meeting is one of a cadre campaign (:class:`Mobilizing`).
3. **Two linear heads** (genre, topic) over the same features: multinomial logistic regression,
   calibrated by temperature scaling, trained by :mod:`jianghua.train` on real pages (title left out
   of some training copies so that the body alone decides when a title misleads).
4. **Confidence.** The label is always the most probable one; below ``genre_min_confidence`` or
   ``topic_min_confidence`` (``ClassifySettings``, resources/settings.toml [classify]) it is kept but
   flagged ``low_confidence``.
5. **Section roles** (:func:`section_roles`): a lexicon over heading text (first match wins,
   ``resources/classify/section_roles.tsv``), then the parent section's role, then a default for
   the document's genre (``role_defaults.tsv``).

The fitted model is a JSON file (``resources/models/genre-topic.v2.json``): vocabulary with idf
weights, coefficients, intercepts and the calibration temperature. Inference is numpy over that file,
so classifying needs neither scikit-learn nor a pickle; ``tests/stages/test_classify.py`` checks it against
scikit-learn's ``predict_proba``. N-grams are counted as integers (:func:`gram_keys`: code points
packed into one int64) and looked up in the sorted keys of the vocabulary, with no Python object per
n-gram.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np

from .. import errors, resources
from ..document import Document
from ..labels import GENRES, ROLES, TOPICS
from .normalize import detect_script, normalize
from .salutations import alternation as salutation_words
from .screens import any_of, requirement
from .settings import ClassifySettings, NormalizeSettings, default_settings

CLASSIFIER_VERSION = "classifier.genre.v2"
MODEL_FORMAT = "jianghua.genre-topic"
MODEL_FORMAT_VERSION = 2
MODEL_RESOURCE = "models/genre-topic.v2.json"
# Inference re-implements scikit-learn 1.x semantics (TfidfVectorizer, LogisticRegression,
# CalibratedClassifierCV with temperature scaling); a model written by another major version may
# mean something else by the same numbers.
SUPPORTED_SKLEARN_MAJOR = 1


# Below these calibrated probabilities the label is kept but flagged. Chosen on the reliability table
# of cross-validation (held-out real pages): under 0.6 about one genre in four is wrong, above it one
# in thirty. The model card gives the table on held-out pages and on the devset's test split.

# Codes for model files (the README lists them with the others).
MODEL_INCOMPATIBLE = "M701"
MODEL_MISSING = "M702"

ROLE_RULES = "classify/section_roles.tsv"
ROLE_DEFAULTS = "classify/role_defaults.tsv"
TOPIC_CUES = "classify/topic_cues.tsv"
SPUN_WORDS = "classify/spun_words.tsv"


ModelError = errors.ModelError  # (M701, M702) defined with the registry; callers catch it here too


# --- 1. the view -----------------------------------------------------------------------------------

# Most documents are shorter than the view; for longer ones the cut bounds the cost (cross-validation on
# the devset pages scored the same with 4000 + 1000).
VIEW_HEAD_CHARS = 2000
VIEW_TAIL_CHARS = 500
# A text is spun when it shows this many different signs of a spinner (one 果真 is an adverb).
SPUN_MIN_SIGNS = 2
SPUN_KINDS = ("always", "sign", "word")


def view(title: str, text: str, script: NormalizeSettings | None = None) -> tuple[str, str]:
    """What the features read (module docstring, step 1)."""
    if len(text) > VIEW_HEAD_CHARS + VIEW_TAIL_CHARS:
        text = text[:VIEW_HEAD_CHARS] + "\n" + text[-VIEW_TAIL_CHARS:]
    title, text = canonical(title, text, script)
    return unspin(title, text)


def canonical(title: str, text: str, script: NormalizeSettings | None = None) -> tuple[str, str]:
    """Title and text in mainland simplified script (the pipeline's own normalizer); the script decided
    with the stage normalize's shares (``script``: its settings, the packaged defaults when None)."""
    if detect_script(title + "\n" + text[:3000], script) in ("hant", "mixed"):
        return normalize(title).text, normalize(text).text
    return title, text


@dataclass(frozen=True)
class Unspinner:
    """``spun_words.tsv`` compiled: the spun forms with their originals, and the patterns that find them."""

    originals: Mapping[str, str]
    always: re.Pattern[str]  # phrases replaced wherever they occur
    signs: re.Pattern[str]  # forms that count as signs of spinning
    every: re.Pattern[str]  # every spun form, for a spun text

    def __call__(self, title: str, text: str) -> tuple[str, str]:
        spun = len(set(self.signs.findall(title + "\n" + text))) >= SPUN_MIN_SIGNS
        pattern = self.every if spun else self.always

        def replace(value: str) -> str:
            return pattern.sub(lambda match: self.originals[match.group()], value)

        return replace(title), replace(text)


def _alternation(words: Sequence[str]) -> re.Pattern[str]:
    """The words as one regex, longer first (so the longer of two overlapping entries wins)."""
    ordered = sorted(words, key=lambda word: (-len(word), word))
    return re.compile("|".join(map(re.escape, ordered)) or "(?!)")


@cache
def unspinner() -> Unspinner:
    originals: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for number, (spun, original, kind) in resources.tsv(SPUN_WORDS, 3):
        if kind not in SPUN_KINDS:
            raise errors.R500.error("unknown", path=SPUN_WORDS, line=number, what="kind", value=kind, valid=", ".join(SPUN_KINDS))
        if not spun or not original or spun == original:
            raise errors.R500.error("spun_pair", path=SPUN_WORDS, line=number)
        if spun in originals:
            raise errors.R500.error("duplicate", path=SPUN_WORDS, line=number, what="spun form", value=spun)
        originals[spun] = original
        kinds[spun] = kind
    return Unspinner(MappingProxyType(originals), _alternation([w for w, k in kinds.items() if k == "always"]),
                     _alternation([w for w, k in kinds.items() if k != "word"]), _alternation(list(kinds)))


def unspin(title: str, text: str) -> tuple[str, str]:
    """Title and text with synonym spinning undone (``resources/classify/spun_words.tsv``): phrases only
    a spinner writes everywhere; the spinner's other words only in a text showing
    :data:`SPUN_MIN_SIGNS` different signs of it."""
    return unspinner()(title, text)


# --- 2. features -----------------------------------------------------------------------------------

NGRAM_RANGE = (1, 3)
_SPACE = re.compile(r"\s+")
_DIGIT = re.compile(r"\d")
# A character 1-3-gram is one integer: each code point plus one (so never 0) in 21 bits, so grams of
# different lengths never share a key and three fit in an int64.
_KEY_BITS = 21


def ngram_text(title: str, text: str) -> str:
    """The string the n-grams of a view are taken from: title and text, lower-cased, digits folded to 0,
    runs of white space to one space."""
    return _SPACE.sub(" ", _DIGIT.sub("0", (title + "\n" + text).lower()))


def char_ngrams(value: str) -> list[str]:
    """Character n-grams of :data:`NGRAM_RANGE`: the analyzer scikit-learn trains with."""
    low, high = NGRAM_RANGE
    return [value[i:i + n] for n in range(low, high + 1) for i in range(len(value) - n + 1)]


def gram_key(gram: str) -> int:
    """The integer of one n-gram (:data:`_KEY_BITS`)."""
    key = 0
    for char in gram:
        key = key << _KEY_BITS | (ord(char) + 1)
    return key


def gram_keys(value: str) -> np.ndarray:
    """The integers of every 1-, 2- and 3-gram of ``value``: :func:`gram_key` of each of
    :func:`char_ngrams`, in the same order."""
    codes = np.frombuffer(value.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64) + 1
    pairs = codes[:-1] << _KEY_BITS | codes[1:]
    triples = pairs[:-1] << _KEY_BITS | codes[2:]
    return np.concatenate([codes, pairs, triples])


def _head(title: str, text: str) -> str:
    """Title plus the first lines when they look like titles (pages often carry a site slogan as title)."""
    lines = [line.strip() for line in text.split("\n")[:3] if line.strip()][:2]
    return "\n".join([title] + [line for line in lines if len(line) <= 40 and not re.search(r"[。！？；]", line)])


@dataclass(frozen=True)
class Found:
    """1.0 where the pattern occurs in the part, else 0.0."""

    pattern: re.Pattern[str]

    def __call__(self, part: str) -> float:
        return 1.0 if self.pattern.search(part) else 0.0


@dataclass(frozen=True)
class Rate:
    """Occurrences per 1000 characters squashed to [0, 1): ``half`` per 1000 gives 0.5."""

    pattern: re.Pattern[str]
    half: float

    def __call__(self, part: str) -> float:
        per_mille = len(self.pattern.findall(part)) * 1000 / max(len(part), 200)
        return per_mille / (per_mille + self.half)


def _found(pattern: str) -> Found:
    return Found(re.compile(pattern))


def _rate(pattern: str, half: float) -> Rate:
    return Rate(re.compile(pattern), half)


_CN = "一二三四五六七八九十"
# name, part of the view it reads (head: title and title-like first lines; open, close: the first
# 200 and last 150 characters; text: the whole view), function of that part -> [0, 1]
STRUCTURAL: tuple[tuple[str, str, Callable[[str], float]], ...] = (
    # a speech at a mobilization meeting (在…动员会上的讲话); a headline saying one was held is news
    ("title_mobilize", "head", _found(r"(?:动员|部署|誓师|启动|出征)[^，。]{0,12}(?:讲话|致辞|发言|讲稿|主持词)|"
                                      r"在[^，。]{0,30}(?:动员|部署|誓师|启动|出征)[^，。]{0,8}上")),
    ("title_held", "head", _found(r"(?m)^(?!.*(?:讲话|致辞|发言|讲稿|主持词|演讲)).*(?:召开|举行|举办|圆满|顺利|落幕|出炉)")),
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
    ("open_comrades", "open", _found(salutation_words("comrades"))),
    ("open_respected", "open", _found(salutation_words("respect"))),
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
    # a literal first lets the regex engine skip to each 要 (the lookbehind then checks what precedes it)
    ("rate_yao", "text", _rate(r"要(?<![重主需必只]要)(?![求点素])", 10)),
    ("rate_women", "text", _rate(r"我们", 5)),
    # an institution speaking of itself (我局, 我县...): the voice of an experience report, also when a journal
    # index prints it as an abstract (research writes 本文 and 我国)
    ("rate_our_unit", "text", _rate(r"我(?:局|县|市|区|省|校|院|委|部|厂|镇|乡|所(?![在做有说想能知以需要谓学见写讲得])|行(?!我素|为|动|走|事)|司|办(?!事|理|公|好|成)|处(?!理|在|于|置)|科(?!学|技|研)|单位|公司|集团|中心)", 2)),
    ("rate_wo", "text", _rate(r"我(?!们)", 10)),
    ("rate_le", "text", _rate(r"了", 10)),
    ("rate_third", "text", _rate(r"[他她]", 5)),
    ("rate_dialogue", "text", _rate(r"[“”]|说[：:]", 6)),
    ("rate_digits", "text", _rate(r"\d+(?:\.\d+)?", 10)),
    ("rate_percent", "text", _rate(r"%|百分点|成(?=以上|左右)", 2)),
    ("rate_enum", "text", _rate(rf"[{_CN}][是要]|第[{_CN}][，、]|首先|其次", 2)),
    ("rate_article", "text", _rate(rf"第[{_CN}百零]+条", 3)),
    ("rate_results", "text", _rate(r"取得|成效|提高了|下降了|增长|提升了|增加到|降至|达到", 3)),
    ("rate_reporting", "text", _rate(r"据悉|据了解|据介绍|记者|获悉|表示|介绍说|告诉记者", 2)),
    # a meeting told in the third person (news of a mobilization meeting reads like the speech otherwise)
    ("rate_meeting_told", "text", _rate(r"会议(?:强调|指出|要求|认为|提出|号召|决定|由)|会上|出席(?:会议|活动|仪式)|参加(?:会议|活动)|主持会议", 2)),
    # a farewell (a departing cadre's thanks is first person like a candidate speech, but looks back and leaves)
    ("rate_farewell", "text", _rate(r"告别|临别|离别|不舍|道别|回原单位|即将离开|就要离开|期满|离任", 2)),
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
            raise errors.R500.error("regex", path=TOPIC_CUES, line=number, error=exc) from exc
    return tuple(cues)


@dataclass(frozen=True)
class Mobilizing:
    """1.0 where the part names a mobilization meeting and names a cadre campaign (``cadre`` True) or
    names none (False), else 0.0: a mobilization speech launches a cadre campaign, while a 动员大会 of
    军训, a skills contest or an anniversary is a meeting speech (the devset's convention); a linear
    model cannot read that from the two cues apart."""

    meeting: re.Pattern[str]
    campaign: re.Pattern[str]
    cadre: bool

    def __call__(self, part: str) -> float:
        return 1.0 if self.meeting.search(part) and bool(self.campaign.search(part)) == self.cadre else 0.0


_MOBILIZATION_MEETING = re.compile(r"动员(?:大会|会|部署|讲话)|誓师大会|出征仪式")


@cache
def _structural_table() -> tuple[tuple[str, str, Callable[[str], float]], ...]:
    """:data:`STRUCTURAL` plus two features per topic cue (density in the text, presence in the head),
    and a mobilization meeting with and without a cadre campaign (:class:`Mobilizing`), in the text
    and in the head."""
    table = list(STRUCTURAL)
    for name, pattern in topic_cues():
        table.append((f"cue_{name}", "text", Rate(pattern, 2)))
        table.append((f"cue_{name}_head", "head", Found(pattern)))
    campaign = re.compile("|".join(pattern.pattern for _name, pattern in topic_cues()))
    for part in ("text", "head"):
        suffix = "" if part == "text" else "_head"
        table.append((f"mobilize_cadre{suffix}", part, Mobilizing(_MOBILIZATION_MEETING, campaign, True)))
        table.append((f"mobilize_other{suffix}", part, Mobilizing(_MOBILIZATION_MEETING, campaign, False)))
    return tuple(table)


def structural_names() -> tuple[str, ...]:
    return tuple(name for name, _part, _f in _structural_table())


def structural_features(title: str, text: str) -> list[float]:
    """The structural cues of a view, each in [0, 1] (names: :func:`structural_names`)."""
    parts = {"head": _head(title, text), "open": text[:200], "close": text[-150:].rstrip(), "text": text}
    return [function(parts[part]) for _name, part, function in _structural_table()]


# --- 3. the model ----------------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class Head:
    """One label's linear model: ``softmax(beta * (x @ coef.T + intercept))``."""

    name: str
    labels: tuple[str, ...]
    coef: np.ndarray  # (labels x features)
    intercept: np.ndarray
    beta: float  # inverse temperature from calibration

    @cached_property
    def by_feature(self) -> np.ndarray:
        """``coef`` transposed into rows, one per feature: a vector's rows are gathered in one take."""
        return np.ascontiguousarray(self.coef.T)

    @cached_property
    def centered(self) -> np.ndarray:
        """Per feature, each label's weight less the mean weight over labels: what the feature pushes toward it."""
        return self.by_feature - self.by_feature.mean(axis=1, keepdims=True)


@dataclass(frozen=True, eq=False)
class Model:
    path: str
    grams: tuple[str, ...]  # the n-gram vocabulary, in feature order
    idf: np.ndarray
    structural: tuple[str, ...]
    struct_weight: float
    heads: Mapping[str, Head]
    meta: Mapping[str, Any]

    @property
    def n_features(self) -> int:
        return len(self.grams) + len(self.structural)

    @cached_property
    def _lookup(self) -> tuple[np.ndarray, np.ndarray]:
        """The vocabulary's :func:`gram_key` s sorted, and the feature index of each."""
        keys = np.array([gram_key(gram) for gram in self.grams], dtype=np.int64)
        order = np.argsort(keys, kind="stable")
        return keys[order], order.astype(np.intp)

    def gram_features(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(feature indices, counts) of the vocabulary's n-grams among ``keys``."""
        distinct, counts = np.unique(keys, return_counts=True)
        known, features = self._lookup
        if not known.size:
            return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.int64)
        slots = np.minimum(np.searchsorted(known, distinct), known.size - 1)
        hit = known[slots] == distinct
        return features[slots[hit]], counts[hit]

    def feature_name(self, index: int) -> str:
        if index < len(self.grams):
            return self.grams[index]
        return "struct:" + self.structural[index - len(self.grams)]




def model_from_dict(data: Mapping[str, Any], path: str = "<dict>") -> Model:
    """Check a parsed model file and build the :class:`Model`; refuses what this code cannot read."""
    if data.get("format") != MODEL_FORMAT:
        raise errors.M701.error("format", path=path, format=MODEL_FORMAT, found=data.get("format"))
    if data.get("format_version") != MODEL_FORMAT_VERSION:
        raise errors.M701.error("format_version", path=path, found=data.get("format_version"),
                                supported=MODEL_FORMAT_VERSION)
    version = str(data.get("sklearn_version", ""))
    major = version.split(".", 1)[0]
    if not major.isdigit() or int(major) != SUPPORTED_SKLEARN_MAJOR:
        raise errors.M701.error("sklearn", path=path, found=version or "(unknown)", supported=SUPPORTED_SKLEARN_MAJOR)
    if data.get("classifier_version") != CLASSIFIER_VERSION:
        raise errors.M701.error("classifier_version", path=path, found=data.get("classifier_version"),
                                supported=CLASSIFIER_VERSION)
    try:
        features = data["features"]
        vocabulary = tuple(features["vocabulary"])
        idf = np.array([float(v) for v in features["idf"]], dtype=np.float64)
        structural = tuple(features["structural"])
        if len(vocabulary) != len(idf):
            raise ValueError("vocabulary and idf differ in length")
        if len(set(vocabulary)) != len(vocabulary):
            raise ValueError("the vocabulary repeats an n-gram")
        if any(not NGRAM_RANGE[0] <= len(gram) <= NGRAM_RANGE[1] for gram in vocabulary):
            raise ValueError(f"the vocabulary holds an n-gram outside {NGRAM_RANGE}")
        if structural != structural_names():
            raise ValueError(f"structural features {list(structural)} differ from this code's")
        if features.get("ngram_range") != list(NGRAM_RANGE):
            raise ValueError(f"n-gram range {features.get('ngram_range')} differs from this code's")
        heads = {}
        for name, expected in (("genre", GENRES), ("topic", TOPICS)):
            raw = data["heads"][name]
            labels = tuple(raw["labels"])
            if set(labels) != set(expected) or len(labels) != len(expected):
                raise ValueError(f"{name} labels {labels} differ from {expected}")
            coef = np.array(raw["coef"], dtype=np.float64)
            if coef.shape != (len(labels), len(idf) + len(structural)):
                raise ValueError(f"{name} coefficients have the wrong shape {coef.shape}")
            if raw["calibration"]["method"] != "temperature":
                raise ValueError(f"{name} calibration {raw['calibration']['method']!r} is not temperature")
            intercept = np.array(raw["intercept"], dtype=np.float64)
            if intercept.shape != (len(labels),):
                raise ValueError(f"{name} intercepts have the wrong shape {intercept.shape}")
            heads[name] = Head(name, labels, coef, intercept, float(raw["calibration"]["beta"]))
        return Model(path=path, grams=vocabulary, idf=idf, structural=structural,
                     struct_weight=float(features["struct_weight"]), heads=MappingProxyType(heads),
                     meta=MappingProxyType({k: data[k] for k in ("training", "metrics", "sklearn_version") if k in data}))
    except (KeyError, TypeError, ValueError) as exc:
        raise errors.M701.error("malformed", path=path, reason=exc) from exc


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
        raise errors.M702.error("classifier", path=where) from exc
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise errors.M701.error("invalid_json", path=where, reason=exc) from exc
    return model_from_dict(data, where)


def vector_arrays(model: Model, title: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    """The sparse feature vector of a view as (indices, values): what scikit-learn's TfidfVectorizer
    (sublinear tf, l2 norm) gives for its n-grams, then the weighted structural features."""
    indices, counts = model.gram_features(gram_keys(ngram_text(title, text)))
    values = (1.0 + np.log(counts)) * model.idf[indices]
    norm = math.sqrt(float(values @ values))
    if norm > 0:
        values = values / norm
    structural = np.array(structural_features(title, text), dtype=np.float64) * model.struct_weight
    present = np.flatnonzero(structural)
    return (np.concatenate([indices, len(model.grams) + present]),
            np.concatenate([values, structural[present]]))


def vectorize(model: Model, title: str, text: str) -> dict[int, float]:
    """:func:`vector_arrays` as a dict (index -> value)."""
    indices, values = vector_arrays(model, title, text)
    return dict(zip(indices.tolist(), values.tolist(), strict=True))


def _logits_to_probabilities(logits: Sequence[float], beta: float) -> list[float]:
    # scikit-learn's temperature scaling takes rows that look like probabilities as probabilities
    # (calibration._convert_to_logits); mirrored so the two agree even then.
    if all(0.0 <= v <= 1.0 for v in logits) and math.isclose(sum(logits), 1.0, rel_tol=1e-5, abs_tol=1e-8):
        logits = [math.log(v + 1e-12) for v in logits]
    scaled = [beta * v for v in logits]
    top = max(scaled)
    exps = [math.exp(v - top) for v in scaled]
    total = sum(exps)
    return [e / total for e in exps]


def predict_head(head: Head, indices: np.ndarray, values: np.ndarray) -> list[float]:
    """The calibrated probabilities of one head for a vector, in ``head.labels`` order."""
    logits = values @ head.by_feature.take(indices, axis=0) + head.intercept
    return _logits_to_probabilities(logits.tolist(), head.beta)


def _top(model: Model, head: Head, indices: np.ndarray, values: np.ndarray, label: int,
         top_features: int) -> list[dict[str, Any]]:
    """The features that pushed toward ``label`` most (value x (its weight - the mean weight over
    labels)): the positive pushes, largest first, ties by feature index."""
    push = values * head.centered.take(indices, axis=0)[:, label]
    count = min(top_features, push.size)
    largest = np.argpartition(-push, count - 1)[:count].tolist() if count else []
    order = sorted((k for k in largest if push[k] > 0), key=lambda k: (-push[k], indices[k]))
    return [{"feature": model.feature_name(int(indices[k])), "weight": round(float(push[k]), 4)} for k in order]


def classify_text(title: str, text: str, model: Model | None = None,
                  settings: ClassifySettings | None = None, script: NormalizeSettings | None = None) -> dict[str, Any]:
    """:func:`classify` for a bare title and text (any script); ``script``: the stage normalize's settings
    (its script shares decide whether the text is read converted)."""
    model = model or load_model()
    s = settings or default_settings().classify
    indices, values = vector_arrays(model, *view(title, text, script))
    result: dict[str, Any] = {"classifier": CLASSIFIER_VERSION}
    tops: dict[str, list[dict[str, Any]]] = {}
    low = False
    for name, floor in (("genre", s.genre_min_confidence), ("topic", s.topic_min_confidence)):
        head = model.heads[name]
        probabilities = predict_head(head, indices, values)
        best = max(range(len(head.labels)), key=lambda k: (probabilities[k], -k))
        result[name] = head.labels[best]
        result[f"{name}_confidence"] = probabilities[best]
        result[f"{name}_probabilities"] = dict(zip(head.labels, probabilities, strict=True))
        tops[name] = _top(model, head, indices, values, best, s.top_features)
        low = low or probabilities[best] < floor
    result["low_confidence"] = low
    result["top_features"] = tops
    return result


# What the stage classifies with inside :func:`skipping_classification` (False: nothing) or
# :func:`classifying_with` (that model); None outside them: the shipped model.
_STAGE_MODEL: ContextVar[Model | bool | None] = ContextVar("jianghua_classify_stage_model", default=None)


@contextmanager
def skipping_classification() -> Iterator[None]:
    """Within the block the stage classifies nothing (no ``doc.classification``): training reads
    the documents the pipeline makes while the model it would load may not exist yet."""
    token = _STAGE_MODEL.set(False)
    try:
        yield
    finally:
        _STAGE_MODEL.reset(token)


@contextmanager
def classifying_with(model: Model) -> Iterator[None]:
    """Within the block the stage classifies with ``model`` (a candidate scored through the whole pipeline)."""
    token = _STAGE_MODEL.set(model)
    try:
        yield
    finally:
        _STAGE_MODEL.reset(token)


def annotate(doc: Document, model: Model | None = None, settings: ClassifySettings | None = None,
             script: NormalizeSettings | None = None) -> Document:
    """The stage entry point: ``doc.classification = label_document(doc)``."""
    chosen = _STAGE_MODEL.get() if model is None else model
    if chosen is False:
        return doc
    doc.classification = label_document(doc, chosen if isinstance(chosen, Model) else None, settings, script)
    return doc


def label_document(doc: Document, model: Model | None = None,
                   settings: ClassifySettings | None = None, script: NormalizeSettings | None = None) -> dict[str, Any]:
    """What ingest stores per document: :func:`classify` plus ``section_roles`` (one per section)."""
    result = classify(doc, model, settings, script)
    result["section_roles"] = section_roles(doc, result["genre"])
    return result


def classify(doc: Document, model: Model | None = None, settings: ClassifySettings | None = None,
             script: NormalizeSettings | None = None) -> dict[str, Any]:
    """Genre and topic of a document with their probabilities and the features that decided them.

    Returns ``{"genre", "genre_confidence", "genre_probabilities", "topic", "topic_confidence",
    "topic_probabilities", "low_confidence", "top_features": {"genre": [...], "topic": [...]},
    "classifier"}``.
    """
    return classify_text(doc.title, doc.text, model, settings, script)


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
            raise errors.R500.error("unknown", path=ROLE_RULES, line=number, what="role", value=role, valid=", ".join(ROLES))
        wanted = frozenset(g.strip() for g in genres.split(",") if g.strip())
        if wanted - set(GENRES):
            raise errors.R500.error("unknown", path=ROLE_RULES, line=number, what="genre", value=sorted(wanted - set(GENRES))[0],
                                    valid=", ".join(GENRES))
        try:
            compiled = re.compile(pattern)
        except re.error as exc:
            raise errors.R500.error("regex", path=ROLE_RULES, line=number, error=exc) from exc
        rules.append(RoleRule(role, compiled, wanted, number))
    return tuple(rules)


@cache
def role_defaults() -> Mapping[str, str]:
    defaults = {}
    for number, (genre, role) in resources.tsv(ROLE_DEFAULTS, 2):
        if genre not in GENRES or role not in ROLES:
            raise errors.R500.error("unknown_pair", path=ROLE_DEFAULTS, line=number, what="genre", value=genre, other="role",
                                    other_value=role)
        defaults[genre] = role
    return MappingProxyType(defaults)


@cache
def _genre_rules(genre: str) -> tuple[tuple[RoleRule, ...], re.Pattern[str] | None]:
    """The rules for ``genre`` in order, and a screen: a regex of strings one of which every match of
    every one of those rules contains (``screens.requirement``), so a heading without any (most
    headings of a law) is passed over with one search; None when some rule has no such string."""
    rules = tuple(rule for rule in role_rules() if not rule.genres or genre in rule.genres)
    needed: set[str] = set()
    for rule in rules:
        strings = requirement(rule.pattern).best
        if not strings:
            return rules, None
        needed.update(strings)
    return rules, any_of(needed)


def heading_role(heading: str, genre: str) -> str | None:
    """The role the lexicon gives a heading in a document of ``genre`` (the first rule that matches), or None."""
    rules, screen = _genre_rules(genre)
    if screen is not None and not screen.search(heading):
        return None
    return next((rule.role for rule in rules if rule.pattern.search(heading)), None)


def section_roles(doc: Document, genre: str | None = None) -> list[str]:
    """One role per entry of ``doc.sections``: the lexicon over the heading (marker included: 一要 is
    a directive), else the parent section's role, else the default for the genre (classified here
    when not given)."""
    if not doc.sections:
        return []
    if genre is None:
        genre = classify(doc)["genre"]
    roles: list[str] = []
    for section in doc.sections:
        role = heading_role(section.heading, genre)
        if role is None and section.parent is not None and section.parent < len(roles):
            role = roles[section.parent]
        roles.append(role or role_defaults().get(genre, "other"))
    return roles
