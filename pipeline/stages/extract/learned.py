"""Learned fact units (issue 16): rule facts the written forms miss, found by a classifier over the clauses
of a campaign text.

The written rules (the other extract modules) know the phrasings read on the dev pages; real pages write
the same rules in other words. This step reads every *unit* of a document -- a clause (``units``: the
sentence cut at ；, ， and colons, its list marker and leading connector trimmed) -- and a linear model
(``resources/models/fact-units.v1.json``, fitted by ``jianghua train-facts``: ``training/train_facts.py``)
scores it against each field from the unit's character n-grams, those of its section heading and its
neighbours, the document's genre and topic and the unit's shape (``unit_tokens``). A unit scored above its
field's threshold becomes a value of that field (``add_learned``) only where:

- the document states a campaign's rules in its own voice (``reads``: standing ``rules`` with directive
  phrasing -- never a candidate's account of themselves, fiction, research, explainers or law text); a news
  or experience report of a campaign gives only the fields that hold there, against thresholds of its own
  (``FactModel.report_thresholds``: its steps, posts, terms..., not other conditions of eligibility);
- no value of the written rules already lies on the unit's words;
- the unit yields a real value of its field (``build_value``): a date for the timeline, post words for a
  post, a number for a term, a noun phrase ending in a unit's word for the organization...

Each value so made carries ``"method": "learned"`` (``schema/MIGRATION.md``) and the unit's words (or the
part of them its field reads) as evidence.
"""

from __future__ import annotations

import json
import math
import re
import warnings
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as _field
from functools import cache
from pathlib import Path
from typing import Any

from ... import errors, resources
from ...document import Document
from .context import Context
from .markers import alternation
from .positions import POST_SUFFIX
from .voice import RULES, Standing

# The words the step reads, one data file (group -> words): resources/extract/learned_words.tsv
TENURE_KINDS = ("teaching", "unit", "post", "service")  # (a tenure's kind: the first whose words its part holds)
WORD_GROUPS = ("connector", "connector_word", "step_word", "unit_lead", "term_about", *(f"tenure_{kind}" for kind in TENURE_KINDS),
               "placed", "placed_time", "placed_word", "management_heading", "post_held")
_WORDS = resources.WordGroups("extract/learned_words.tsv", WORD_GROUPS)

# --- units ----------------------------------------------------------------------------------------

# Where a unit ends: a sentence's end, a semicolon, a comma, a colon between words (not 1:3).
# (not a line break: a clause a page wraps is one clause, its words joined -- ``Unit.text``)
_CUT = re.compile(r"[。！？!?；;，,]|(?<![0-9])[：:]|[：:](?![0-9])")
# What opens a unit without being part of its rule: an item marker, a connector.
_MARKER = re.compile(rf"^[\s\u3000]*(?:{alternation('part', 'chapter', 'item', 'subitem', 'circled', 'step', 'ordinal', 'enumeration')})[，,：:\s\u3000]*")
# (not the start of a word a connector opens: the 经 of 经过, which leads a list of steps)
_CONNECTOR = re.compile(rf"(?!{_WORDS.any('connector_word')}){_WORDS.any('connector')}(?=[^\s，,])")
_EDGE = " \t\r\n\u3000\"'“”‘’「」『』（）()【】[]<>《》-—·.、"
MIN_UNIT = 3  # characters: a shorter piece (一是, 同时) holds no rule of its own
MAX_UNIT = 80  # ... and a longer one is cut where a list of 、 lets it (a flattened plan)


@dataclass(frozen=True)
class Unit:
    start: int  # in ctx.text
    end: int
    text: str  # ctx.text[start:end] without its line breaks (a clause the page wraps, read whole)
    sentence: int  # index of the sentence in ctx.spans
    heading: str  # the heading of the section it stands in ("" when none)
    breaks: tuple[int, ...] = ()  # where in ``text`` a line break was taken out (before that character)

    def span(self, a: int, b: int) -> tuple[int, int]:
        """The span in ctx.text of the words ``text[a:b]`` (their line breaks inside)."""
        return (self.start + a + bisect_right(self.breaks, a), self.start + b + bisect_left(self.breaks, b))


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """A piece without its list marker, leading connector and the blanks and quotes at its edges (a bracket
    whose partner stands inside the piece is part of its words: ``（副）科长``). Linear in the piece: where
    its last closing bracket and its first opening bracket stand is found once (``str.rfind``/``find``)."""
    piece = text[start:end]
    marker = _MARKER.match(piece)
    if marker:
        start += marker.end()
    last_close = max(text.rfind("）", start, end), text.rfind(")", start, end))
    while start < end and text[start] in _EDGE and not (text[start] in "（(" and last_close > start):
        start += 1
    connector = _CONNECTOR.match(text, start, end)
    if connector and end - connector.end() >= MIN_UNIT:
        start = connector.end()
    first_open = min((at for at in (text.find("（", start, end), text.find("(", start, end)) if at >= 0), default=end)
    while end > start and text[end - 1] in _EDGE and not (text[end - 1] in "）)" and first_open < end - 1):
        end -= 1
    return start, end


def _section_headings(ctx: Context) -> tuple[list[int], list[str]]:
    """The start (in ctx.text) of each paragraph and the heading of the section it stands in."""
    doc = ctx.doc
    starts, headings = [], []
    for paragraph in doc.paragraphs:
        heading = ""
        if paragraph.section is not None and 0 <= paragraph.section < len(doc.sections):
            heading = doc.sections[paragraph.section].heading.strip()
        starts.append(ctx.flat(paragraph.start))
        headings.append(heading)
    return starts, headings


def units(ctx: Context) -> list[Unit]:
    """The document's units in text order (module docstring)."""
    starts, headings = _section_headings(ctx)
    found: list[Unit] = []
    text = ctx.text
    for index, (start, end) in enumerate(ctx.spans):
        at = bisect_right(starts, start) - 1
        heading = headings[at] if at >= 0 else ""
        position = start
        for cut in [*_CUT.finditer(text, start, end), None]:
            stop = cut.start() if cut is not None else end
            for piece_start, piece_end in _pieces(text, position, stop):
                a, b = _trimmed(text, piece_start, piece_end)
                words, breaks = _joined(text[a:b])
                if len(words) >= MIN_UNIT:
                    found.append(Unit(a, b, words, index, heading, breaks))
            if cut is not None:
                position = cut.end()
    return found


def _joined(text: str) -> tuple[str, tuple[int, ...]]:
    """``text`` without its line breaks, and where each one stood in the joined text."""
    if "\n" not in text and "\r" not in text:
        return text, ()
    words: list[str] = []
    breaks: list[int] = []
    for char in text:
        if char in "\r\n":
            breaks.append(len(words))
        else:
            words.append(char)
    return "".join(words), tuple(breaks)


def _pieces(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    """A clause, or its parts between 、 when it is longer than ``MAX_UNIT``."""
    if end - start <= MAX_UNIT:
        yield start, end
        return
    position = start
    for comma in re.finditer("、", text[start:end]):
        yield position, start + comma.start()
        position = start + comma.end()
    yield position, end


# --- features -------------------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")
_DIGIT = re.compile(r"[0-9０-９]")
_NUMERAL = re.compile(r"[0-9０-９一二两三四五六七八九十]")
_DATE_SHAPE = re.compile(r"[0-9０-９一二三四五六七八九十]\s*月|[0-9]{4}\s*年")
_PERCENT_SHAPE = re.compile(r"[%％]|百分之|[0-9]\s*[:：∶︰]\s*[0-9]")
POSITION_BUCKETS = 5
LENGTH_STEP = 8
LENGTH_BUCKETS = 6


def _grams(text: str, tag: str, longest: int) -> list[str]:
    text = _SPACES.sub(" ", text)
    return [tag + text[i:i + n] for n in range(1, longest + 1) for i in range(len(text) - n + 1)]


def unit_tokens(text: str, heading: str, before: str, after: str, index: int, count: int,
                genre: str | None, topic: str | None) -> list[str]:
    """The tokens a unit is scored on: its character 1-3-grams (``u``), the 1-2-grams of its section heading
    (``h``) and of the units before and after it (``p``, ``n``), its shape (length, digits, a date, a percent or
    ratio), its place in the document, and the document's genre and topic."""
    tokens = _grams(text, "u", 3) + _grams(heading, "h", 2) + _grams(before, "p", 2) + _grams(after, "n", 2)
    tokens.append(f"s:len{min(len(text) // LENGTH_STEP, LENGTH_BUCKETS)}")
    if _NUMERAL.search(text):
        tokens.append("s:numeral")
    if _DIGIT.search(text):
        tokens.append("s:digit")
    if _DATE_SHAPE.search(text):
        tokens.append("s:date")
    if _PERCENT_SHAPE.search(text):
        tokens.append("s:percent")
    tokens.append(f"s:pos{min(POSITION_BUCKETS * index // max(count, 1), POSITION_BUCKETS - 1)}")
    tokens.append(f"g:{genre}")
    tokens.append(f"t:{topic}")
    return tokens


def document_tokens(ctx: Context, found: Sequence[Unit], genre: str | None, topic: str | None) -> list[list[str]]:
    """``unit_tokens`` of each unit of a document."""
    return [unit_tokens(unit.text, unit.heading, found[k - 1].text if k else "",
                        found[k + 1].text if k + 1 < len(found) else "", k, len(found), genre, topic)
            for k, unit in enumerate(found)]


# --- the model ------------------------------------------------------------------------------------

MODEL_FORMAT = "jianghua.fact-units"
MODEL_FORMAT_VERSION = 1
MODEL_RESOURCE = "models/fact-units.v1.json"
SHIPPED = "default"  # (extract's ``fact_model``: the model shipped with the package)
NONE = "none"  # the class of a unit that is no fact
OTHER = "other"  # ... of a unit in a fact of a field the model does not tell apart


@dataclass(frozen=True)
class FactModel:
    """A multinomial logistic regression over TF-IDF (sublinear tf, l2 norm) of ``unit_tokens``, as
    scikit-learn computes it; ``thresholds``: the probability above which a unit becomes a value of each
    field (fields without one are never added); ``report_thresholds``: the same for the units of a report
    (``reports``), chosen apart (a field without one is never taken from a report)."""

    classes: tuple[str, ...]
    index: Mapping[str, int]  # token -> feature
    idf: Any  # numpy array (features,)
    coef: Any  # numpy array (features, classes)
    intercept: Any  # numpy array (classes,)
    thresholds: Mapping[str, float]
    meta: Mapping[str, Any]
    report_thresholds: Mapping[str, float] = _field(default_factory=dict)

    def threshold(self, name: str, report: bool) -> float | None:
        """The threshold of field ``name`` for a unit of a report (``report``) or of another text."""
        return (self.report_thresholds if report else self.thresholds).get(name)

    def probabilities(self, token_lists: Sequence[Sequence[str]]) -> Any:
        """The class probabilities of each unit (rows in the order of ``classes``)."""
        import numpy as np

        out = np.zeros((len(token_lists), len(self.classes)))
        for row, tokens in enumerate(token_lists):
            counts: dict[int, int] = {}
            for token in tokens:
                feature = self.index.get(token)
                if feature is not None:
                    counts[feature] = counts.get(feature, 0) + 1
            scores = self.intercept.copy()
            if counts:
                features = np.fromiter(counts, dtype=np.int64, count=len(counts))
                weights = (1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))) * self.idf[features]
                weights /= math.sqrt(float(weights @ weights))
                scores = scores + weights @ self.coef[features]
            scores = scores - scores.max()
            exp = np.exp(scores)
            out[row] = exp / exp.sum()
        return out


REBUILD = "rebuild it with `jianghua train-facts`"


def _unusable(path: str, reason: object) -> errors.JianghuaError:
    return errors.M701.error("unusable", path=path, model="fact model", reason=f"{reason}; {REBUILD}")


def _numbers(values: Any, what: str, shape: tuple[int, ...] | None = None) -> Any:
    """A float array of ``values`` (of ``shape`` when given), every number finite (a null is none)."""
    import numpy as np

    if not isinstance(values, list) or any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in values):
        raise ValueError(f"{what} must be a list of numbers")
    array = np.array(values, dtype=np.float64)
    if not np.isfinite(array).all():
        raise ValueError(f"{what} holds a number that is not finite")
    return array if shape is None else array.reshape(shape)


def model_from_dict(data: Any, path: str = "<dict>") -> FactModel:
    """Check a parsed model file and build the :class:`FactModel`; refuses what this code cannot read (M701,
    naming the file and ``jianghua train-facts``): another format or version, fields of the wrong type,
    numbers that are not finite, thresholds outside (0, 1]."""
    if not isinstance(data, Mapping):
        raise _unusable(path, f"a JSON object expected, not {type(data).__name__}")
    if data.get("format") != MODEL_FORMAT:
        raise _unusable(path, f"format {data.get('format')!r}, not {MODEL_FORMAT!r}")
    if data.get("format_version") != MODEL_FORMAT_VERSION:
        raise _unusable(path, f"format version {data.get('format_version')!r}, not {MODEL_FORMAT_VERSION}")
    try:
        classes = tuple(data["classes"])
        vocabulary = list(data["vocabulary"])
        if not all(isinstance(name, str) for name in (*classes, *vocabulary)):
            raise ValueError("classes and vocabulary must be strings")
        idf = _numbers(data["idf"], "idf")
        coef = _numbers(data["coef"], "coef", (len(vocabulary), len(classes)))
        intercept = _numbers(data["intercept"], "intercept")
        thresholds = _thresholds(data["thresholds"], "thresholds")
        report_thresholds = _thresholds(data.get("report_thresholds", {}), "report_thresholds")
        if NONE not in classes or len(set(classes)) != len(classes):
            raise ValueError(f"classes {list(classes)} lack {NONE!r} or repeat one")
        if len(idf) != len(vocabulary) or len(set(vocabulary)) != len(vocabulary):
            raise ValueError("vocabulary and idf differ in length, or the vocabulary repeats a token")
        if intercept.shape != (len(classes),):
            raise ValueError(f"intercepts have the wrong shape {intercept.shape}")
        unknown = sorted((set(thresholds) | set(report_thresholds)) - set(BUILDERS))
        if unknown:
            raise ValueError(f"thresholds for fields no value is built for: {unknown}")
        missing = sorted((set(thresholds) | set(report_thresholds)) - set(classes))
        if missing:
            raise ValueError(f"thresholds for fields that are not classes: {missing}")
    except (KeyError, TypeError, ValueError) as exc:
        raise _unusable(path, f"malformed ({exc})") from exc
    return FactModel(classes, {token: i for i, token in enumerate(vocabulary)}, idf, coef, intercept, thresholds,
                     {k: data[k] for k in ("training", "metrics", "sklearn_version") if k in data}, report_thresholds)


def _thresholds(data: Any, what: str) -> dict[str, float]:
    """A field -> probability map of a model file, each in (0, 1]."""
    if not isinstance(data, Mapping):
        raise ValueError(f"{what} must map fields to probabilities")
    bad = sorted(str(k) for k, v in data.items()
                 if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 < v <= 1)  # (NaN fails too)
    if bad:
        raise ValueError(f"{what} of {bad} are not probabilities in (0, 1]")
    return {str(k): float(v) for k, v in data.items()}


@cache
def load_model(path: str | None = None) -> FactModel:
    """The model in ``path`` (default: the one shipped with the package), read once per process: M702 when
    the file is missing, M701 when it cannot be read or used (both name the file and ``jianghua train-facts``)."""
    where = path or str(resources.path(MODEL_RESOURCE))
    try:
        raw = Path(where).read_bytes()
    except FileNotFoundError as exc:
        raise errors.M702.error(model="fact model", path=where, reason="build it with `jianghua train-facts`") from exc
    except OSError as exc:
        raise _unusable(where, f"cannot be read ({exc.strerror or exc})") from exc
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise _unusable(where, "not UTF-8 text") from exc
    except json.JSONDecodeError as exc:
        raise _unusable(where, f"not valid JSON ({exc})") from exc
    return model_from_dict(data, where)


@cache
def shipped_model() -> FactModel | None:
    """The shipped model for extract (``fact_model=SHIPPED``), looked up once per process; None -- the learned
    step off, the written rules running alone -- with one warning when it is missing or unusable."""
    try:
        return load_model()
    except errors.ModelError as exc:
        warnings.warn(f"{exc}; the learned fact units are off, the written rules still run", RuntimeWarning, stacklevel=2)
        return None


# --- values ---------------------------------------------------------------------------------------

Built = tuple[int, int, dict[str, Any]]  # a value's span in ctx.text and its fields (evidence aside)

# stages: the steps of a list, without the words leading into it (按照…) or closing it (…等步骤进行)
_STEP_LEAD = re.compile(r".*(?:按照|依照|遵照|遵循|按|采取|采用|经过|通过|包括|分为|实行|开展|走完了|依次|主要有|分别是|即)[“\"「]?")
_STEP_TAIL = re.compile(r"[”\"」]?(?:等|的|这|共)?(?<![0-9一二三四五六七八九十])[0-9一二三四五六七八九十]*[个大项]?(?:步骤|程序|环节|阶段|方式|办法|流程|步).*$"
                        r"|[”\"」]?(?:等|的).*$")
STEP_CHARS = (2, 16)
# a single clause is a stage only where a step is named: a lead word (通过…), a step word (…等程序), a step's marker
# before it (第二步：) or its section's heading (实施步骤) -- not 指导思想, 局党组研究决定, the 为进 of 为进一步
_STEP_WORD = re.compile(_WORDS.any("step_word"))
_STEP_MARKER = re.compile(rf"(?:{alternation('step')})[，,：:\s\u3000]*$")
# positions: a post's words, without what leads to them (此次共拿出…, 竞聘者可报考…) -- a post's word ending the
# match (not the 行长 of 运行长效, the 副主任 of 副主任待遇, the 干事 of 能干事)
# The post words are positions' (POST_SUFFIX), less those too generic to make a post from a clause alone;
# 干事 not after a modal (想干事, 能干事 are not posts).
_NOT_A_POST_ALONE = frozenset({"负责人", "助理", "委员", "班长", "总编", "科员", "辅导员", "监事长"})
_POST_WORDS = "|".join("(?<![想能会肯敢善要])干事" if word == "干事" else word
                       for word in POST_SUFFIX[3:-1].split("|") if word not in _NOT_A_POST_ALONE)
_POST = re.compile(r"[^、，,。；;：:\s0-9（）()“”\"《》]{1,16}?(?:" + _POST_WORDS + r")(?![效期远久]|待遇)")
# (a lead word inside a longer word leads nothing: 竞聘者, 选拔性)
_POST_LEAD = re.compile(r".*?(?:(?:拿出|推出|设置|设立|竞聘|竞争|选拔|选派|遴选|共设|设有|包括|分别是|分别为|报考|应聘|担任|"
                        r"出任)(?![者性人])|即|是|为|有|设)(?:了|过)?")
# ... and the verb taking the post as its object, the last one (选派年轻干部担任…)
_POST_VERB = re.compile(r".*(?:担任|出任|报考|应聘)[过了]?")
# statistics: the figure itself (280余名, 25万元, 40%)
# (a figure from the start of its run of digits or numerals: tried from each of them, 3 s on 8,000 digits)
_FIGURE = re.compile(r"(?P<n>(?<![0-9０-９.])[0-9０-９]+(?:\.[0-9]+)?|(?<![一二两三四五六七八九十百千])[一二两三四五六七八九十百千]+)(?P<more>余|多)?"
                     r"(?P<unit>万元|亿元|元|名|人次|人|个|户|批|家|项|次|所|村|%|％|岁)")
_FIGURE_KINDS = {"名": "people", "人": "people", "人次": "people", "批": "count", "个": "count", "户": "count", "家": "count",
                 "项": "count", "次": "count", "所": "count", "村": "count", "万元": "money", "亿元": "money", "元": "money",
                 "%": "share", "％": "share", "岁": "average_age"}
# years: of service, of a term -- a figure of its own (not the tail of a year, 二〇二三年 / 2023年, nor 每一年),
# not a point in time (5年以前, 2023年5月, 年底, 自…起) and no more than MAX_YEARS
_YEARS = re.compile(r"(?<![0-9０-９.〇零○一二两三四五六七八九十百每])"
                    r"(?P<n>[0-9０-９]{1,2}(?:\.[0-9]+)?|[一二两三四五六七八九十半]{1,3})\s*(?P<unit>年|个月|周年)(?P<half>半(?!年))?"
                    r"(?!\s*(?:[0-9０-９一二三四五六七八九十]{1,2}\s*月|[初底末前起]|度|以前|以后|之前|之后))")
MAX_YEARS = 40
# ... or a figure the page masks (聘期为×年): the value is unknown, no other number of the clause stands for it
_MASKED_YEARS = re.compile(r"[×xXＸ＿_＊*]+\s*(?:年|个月|周年)")
_TENURE_KINDS = tuple((kind, re.compile(_WORDS.any(f"tenure_{kind}"))) for kind in TENURE_KINDS)
_TERM_ABOUT = re.compile(_WORDS.any("term_about"))
MIN_CONDITION = 6
# ... no condition of eligibility: the rules for cadres already placed (挂职期间与原单位脱钩, 不得以挂职为由…), or
# a clause of a section on their management (管理, 待遇, 保障, 纪律)
_PLACED = re.compile(f"{_WORDS.any('placed')}{_WORDS.any('placed_time')}|{_WORDS.any('placed_word')}")
_MANAGEMENT_HEADING = re.compile(_WORDS.any("management_heading"))
# organization: a unit's name (…县委, …组织部, …局党组, …公司) standing as the subject of the clause -- at its start
# or after 经/由/按照/根据 -- and followed by what a unit does (决定, 研究, 部署, 选派, 组织, 制定...)
_UNIT_NAME = (r"(?:中共)?[^\s\d，,。；;、：:（）()“”《》由经按照据本的了在将对把为与和及其这此我你他要]{0,12}?"
              r"(?:党委组织部|组织部|党组|党委|党工委|[县市省区州镇乡]委|常委会|委员会|人民政府|政府|领导小组|局|管理处|管理段|集团|"
              r"有限公司|公司|学院|大学|学校|医院)")
_UNIT_SUBJECT = re.compile(rf"(?P<name>{_UNIT_NAME})(?:[、和](?:{_UNIT_NAME}))*"
                           r"(?=统一|研究|决定|同意|部署|安排|选派|组织(?!部)|制定|印发|召开|举办|开展|成立|审议|负责|按照|于|在|的|$)")
_UNIT_LEAD = re.compile(_WORDS.any("unit_lead"))


def _steps(ctx: Context, unit: Unit) -> list[Built]:
    text = unit.text
    first = text.find("、")
    lead = _STEP_LEAD.match(text, 0, first if first >= 0 else len(text))  # (the last lead word before the list)
    start = lead.end() if lead else 0
    tail = _STEP_TAIL.search(text, start)
    end = tail.start() if tail else len(text)
    pieces = [(m.start(), m.end()) for m in re.finditer(r"[^、]+", text[start:end])]
    if len(pieces) < 2 and (len(text) > STEP_CHARS[1] or not (lead or _STEP_WORD.search(text) or _step_named(ctx, unit))):
        return []  # one long clause, or one that names no step: no list of steps
    built = []
    for a, b in pieces:
        a, b = _trimmed(text, start + a, start + b)
        if STEP_CHARS[0] <= b - a <= STEP_CHARS[1] and not _DIGIT.search(text, a, b):
            built.append((*unit.span(a, b), {"name": text[a:b]}))
    return built


def _step_named(ctx: Context, unit: Unit) -> bool:
    """Whether the unit's section heading names steps, or a step's marker (第二步) opens the unit."""
    sentence_start = ctx.spans[unit.sentence][0]
    return bool(_STEP_WORD.search(unit.heading) or _STEP_MARKER.search(ctx.text, sentence_start, unit.start))


# ... but not posts the text keeps out of the campaign (…等领导职位由助理级以上干部兼任, 暂不参加竞争)
# ... nor the members of a group the text sets up (由局长任组长)
_NOT_COMPETED = re.compile(r"兼任|兼职|不参加|不纳入|不列入|除外|暂不|不再|由[^，,。；;]{1,16}?任(?![命用职])")


# ... nor the posts a person holds or held (张某原为财务科副科长, 先后担任过团委书记, 被任命为综合科科长)
_POST_HELD = re.compile(_WORDS.any("post_held"))


def _posts(ctx: Context, unit: Unit) -> list[Built]:
    sentence = ctx.sentences[unit.sentence]
    if _NOT_COMPETED.search(sentence.text) or _POST_HELD.search(sentence.text):
        return []
    built = []
    for piece in re.finditer(r"[^、和及]+", unit.text):
        posts = list(_POST.finditer(unit.text, piece.start(), piece.end()))
        if not posts:
            continue
        found = posts[-1]  # the last post of the piece
        a = found.start()
        lead = _POST_LEAD.match(unit.text, a, found.end())
        if lead and found.end() - lead.end() >= 2:
            a = lead.end()
        verb = _POST_VERB.match(unit.text, a, found.end())
        if verb and found.end() - verb.end() >= 2:
            a = verb.end()
        built.append((*unit.span(a, found.end()), {"title": unit.text[a:found.end()]}))
    return built


def _figures(ctx: Context, unit: Unit) -> list[Built]:
    from .numbers import parse_number

    built = []
    for found in _FIGURE.finditer(unit.text):
        value = parse_number(found.group("n"))
        if value is None:
            continue
        kind = _FIGURE_KINDS[found.group("unit")]
        if kind == "average_age" and "平均" not in unit.text:
            continue  # an age limit or a person's age, not a figure
        fields: dict[str, Any] = {"kind": kind, "value": value, "unit": found.group("unit")}
        if found.group("more"):
            fields["comparator"] = found.group("more")
        built.append((*unit.span(*found.span()), fields))
    return built


def _years(found: re.Match[str]) -> float | None:
    from .numbers import parse_number

    value = 0.5 if found.group("n") == "半" else parse_number(found.group("n"))
    if value is not None and found.group("half"):
        value += 0.5  # (一年半, 两年半)
    if value is None or not 0 < value <= MAX_YEARS:
        return None
    return round(value / 12, 4) if found.group("unit") == "个月" else value


def _figure_after(text: str, cue: re.Match[str] | None) -> re.Match[str] | None:
    """The year figure a clause gives its cue (聘期, 参加工作, 满...): the first one after the cue, else the first
    one of the clause; None when the clause masks its figure (×年) or gives it as a point in time (自…起)."""
    if _MASKED_YEARS.search(text):
        return None
    found = (_YEARS.search(text, cue.end()) if cue else None) or _YEARS.search(text)
    if found is None or "自" in text[max(found.start() - 3, 0):found.start()]:
        return None
    return found


# (the 满 of 年满35周岁 is an age's, no tenure's cue)
_TENURE_CUE = re.compile("工龄|参加工作|教龄|任教|(?<!年)满")
# the parts of a clause joining two tenures (在本单位工作满2年且参加工作5年以上): each part's figure takes the kind
# of the word beside it, in its part
_TENURE_PART = re.compile(r"[^且、和及并]+")


def _tenure(ctx: Context, unit: Unit) -> list[Built]:
    text = unit.text
    if _MASKED_YEARS.search(text):
        return []
    built = []
    for part in _TENURE_PART.finditer(text):
        a, b = part.span()
        cue = _TENURE_CUE.search(text, a, b)
        kind = next(((name, hit) for name, words in _TENURE_KINDS if (hit := words.search(text, a, b))), None)
        if cue is None and kind is None:
            continue  # (a part naming no tenure: 近3年考核称职)
        found = (_YEARS.search(text, cue.end(), b) if cue else None) or _YEARS.search(text, a, b)
        years = _years(found) if found else None
        if years is None or found is None or found.group("unit") == "个月" or "自" in text[max(found.start() - 3, a):found.start()]:
            continue
        fields: dict[str, Any] = {"years": years}
        if kind:
            fields["kind"] = kind[0]
        # the evidence: from the first to the last of the figure, its cue and its kind's word (在本单位工作满2年 of
        # 报名人员须在本单位工作满2年以上), not the clause's other words
        built.append((*unit.span(*_reach(found, cue, kind[1] if kind else None)), fields))
    if built:
        return built
    found = _figure_after(text, None)  # (a clause naming its figure alone: the first figure, of no kind)
    years = _years(found) if found else None
    if years is None or found is None or found.group("unit") == "个月":
        return []
    return [(*unit.span(*found.span()), {"years": years})]


def _reach(*found: re.Match[str] | None) -> tuple[int, int]:
    """The span from the first start to the last end of the matches given (None left out)."""
    spans = [m.span() for m in found if m is not None]
    return min(a for a, _b in spans), max(b for _a, b in spans)


# a term given as a range (挂职期限为1年至2年): its second figure
_YEARS_TO = re.compile(r"\s*(?:至|到|-|－|—|~|～)\s*")
# ... or with its first figure bare (聘期为3至5年, 1—2年)
_YEARS_FROM = re.compile(r"(?<![0-9０-９.])(?P<n>[0-9０-９]{1,2}|[一二两三四五六七八九十]{1,3})\s*(?:至|到|-|－|—|~|～)\s*$")


def _term(ctx: Context, unit: Unit) -> list[Built]:
    about = _TERM_ABOUT.search(unit.text)
    if about is None:
        return []  # a figure without a term's word is no term (可续任1年, 不超过10年, 为期两年)
    found = _figure_after(unit.text, about)
    years = _years(found) if found else None
    if years is None or found is None:
        return []
    fields: dict[str, Any] = {"years": years}
    bare = _YEARS_FROM.search(unit.text, about.end(), found.start())
    if bare:
        from .numbers import parse_number

        low = parse_number(bare.group("n"))
        if low is None or not 0 < low < years or found.group("unit") == "个月":
            return []
        return [(*unit.span(*_reach(bare, found, about)), {"min_years": low, "max_years": years, "about": about.group()})]
    joined = _YEARS_TO.match(unit.text, found.end())
    upper = _YEARS.match(unit.text, joined.end()) if joined else None
    if joined:
        high = _years(upper) if upper else None
        if high is None or upper is None or high <= years:
            return []  # (a range read wrong gives nothing)
        fields = {"min_years": years, "max_years": high}
        found = upper
    fields["about"] = about.group()
    return [(*unit.span(*_reach(found, about)), fields)]  # (聘期为2年 of 选派干部聘期为2年)


_LEADS_STEP = re.compile(r"\s*[：:]?\s*[^，,；;。！？!?\n不禁停暂]{0,4}")
_LABELS_STEP = re.compile(r"\s*(?:(?:时间|日期|时间安排|安排)\s*)?(?:(?:为|是)\s*)?(?:[：:]\s*)?")


def _dated(ctx: Context, unit: Unit) -> list[Built]:
    from .dates import find_dates

    dates = find_dates(unit.text, ctx.default_year)
    if not dates:
        return []
    sentence = ctx.sentences[unit.sentence]
    stages = ctx.matches("stages", sentence, "STAGE")
    # the stage the unit names, else the one its label names: the step after it, a few words leading to it
    # (4月6日至10日：个人报名; not 5月8日至12日：各单位不得组织报名), or the step before it, with no other word than
    # 时间 (笔试：5月8日, 报名时间：5月8日; not 报名结束后：5月20日, 面试入围人员名单：5月15日)
    text = ctx.text
    named = ([m for m in stages if unit.start <= m.start and m.end <= unit.end]
             or [m for m in stages if m.start >= unit.end and _LEADS_STEP.fullmatch(text, unit.end, m.start)]
             or [m for m in reversed(stages) if m.end <= unit.start and _LABELS_STEP.fullmatch(text, m.end, unit.start)])
    if not named:
        return []  # a date without a stage named beside it: no timeline entry
    date = dates[0]
    fields: dict[str, Any] = {"stage": named[0].value, "label": named[0].text, "text": unit.text[date.begin:date.finish],
                              "start": date.start.iso()}
    if not date.is_point:
        fields["end"] = date.end.iso()
    return [(unit.start, unit.end, fields)]


def _unit_name(ctx: Context, unit: Unit) -> list[Built]:
    starts = [0] + [lead.end() for lead in _UNIT_LEAD.finditer(unit.text)]
    found = next((m for m in (_UNIT_SUBJECT.match(unit.text, at) for at in starts) if m), None)
    if found is None or len(found.group("name")) < 2:
        return []
    a, b = found.span("name")
    return [(*unit.span(a, b), {"name": found.group("name")})]


def _condition(ctx: Context, unit: Unit) -> list[Built]:
    if len(unit.text) < MIN_CONDITION or _PLACED.search(unit.text) or _MANAGEMENT_HEADING.search(unit.heading):
        return []
    return [(unit.start, unit.end, {"condition": unit.text})]


# field -> (where its values go in the record, what builds them from a unit)
BUILDERS: dict[str, tuple[tuple[str, ...], Any]] = {
    "eligibility.other": (("eligibility", "other"), _condition),
    "eligibility.tenure": (("eligibility", "tenure"), _tenure),
    "timeline": (("timeline",), _dated),
    "stages": (("stages",), _steps),
    "positions": (("positions",), _posts),
    "statistics": (("statistics",), _figures),
    "ratios.term_years": (("ratios_and_periods", "term"), _term),
    "organization": (("organization",), _unit_name),  # (one value: only where the rules found none)
}


def build_values(ctx: Context, field: str, unit: Unit) -> list[Built]:
    """The values of ``field`` a unit yields (none when it holds no real value of the field)."""
    return BUILDERS[field][1](ctx, unit)


# --- the step -------------------------------------------------------------------------------------

# Genres that report a campaign rather than state its rules (a news item, a work summary or experience report):
# they state what was done -- the steps gone through, the posts offered, the term served, the years of service
# asked -- which the devset labels as the campaign's facts and the written rules read too; the step takes from
# them only the fields whose values hold there, against thresholds chosen apart on the reports' units under
# grouped cross-validation (``FactModel.report_thresholds``: not other conditions of eligibility, which a
# report's clause of praise reads like).
REPORTING_GENRES = ("news_report", "experience_report")


def reads(doc: Document, judged: Standing) -> bool:
    """Whether the learned step reads a document: one stating a campaign's rules in its own voice (standing
    ``rules``, with directive phrasing -- a plain narration is judged ``rules`` for want of anything else);
    a report of one (``reports``) against the model's report thresholds."""
    return judged.kind == RULES and judged.directive > 0


def reports(doc: Document) -> bool:
    """Whether a document is classified as a report of a campaign (``REPORTING_GENRES``)."""
    genre = doc.classification.get("genre") if isinstance(doc.classification, dict) else None
    return genre in REPORTING_GENRES


def taken_spans(ctx: Context, record: Mapping[str, Any]) -> list[tuple[int, int]]:
    """The spans (in ctx.text) of the body evidence of every value of a record."""
    from . import _evidences

    return [(ctx.flat(e["start"]), ctx.flat(e["end"])) for e in _evidences(dict(record))
            if e.get("source", "body") == "body" and "start" in e]


def scored_units(ctx: Context, model: FactModel, genre: str | None, topic: str | None) -> list[tuple[Unit, str, float]]:
    """Each unit with its most probable class and that class's probability."""
    found = units(ctx)
    if not found:
        return []
    probabilities = model.probabilities(document_tokens(ctx, found, genre, topic))
    best = probabilities.argmax(axis=1)
    return [(unit, model.classes[int(k)], float(probabilities[row, int(k)])) for row, (unit, k) in enumerate(zip(found, best, strict=True))]


def _same(value: Mapping[str, Any], fields: Mapping[str, Any]) -> bool:
    """Whether a value of the record already says what ``fields`` say (a stage of the same name, a post of the
    same title, a term of the same years...)."""
    return all(value.get(key) == item for key, item in fields.items())


def add_learned(ctx: Context, record: dict[str, Any], model: FactModel, genre: str | None, topic: str | None,
                report: bool = False) -> int:
    """Add to ``record`` the values of the units the model scores above their field's threshold, where no
    value of the record lies on the unit (module docstring); a report's units (``report``) against the
    model's report thresholds. Returns how many values were added."""
    taken = taken_spans(ctx, record)
    added = 0
    order = max((stage.get("order", 0) for stage in record.get("stages", [])), default=0)
    for unit, field, probability in scored_units(ctx, model, genre, topic):
        threshold = model.threshold(field, report)
        if threshold is None or probability < threshold:
            continue
        if any(a < unit.end and unit.start < b for a, b in taken):
            continue
        path, _build = BUILDERS[field]
        if field == "organization":
            if record.get("organization") is None:
                for start, end, fields in build_values(ctx, field, unit)[:1]:
                    record["organization"] = {**ctx.value(start, end, **fields), "method": "learned"}
                    added += 1
                    taken.append((unit.start, unit.end))
            continue
        place: Any = record
        for key in path:
            place = place[key]
        for start, end, fields in build_values(ctx, field, unit):
            if any(_same(value, fields) for value in place):
                continue  # the text names it again: one value (as ``Fields`` keeps the written rules' values)
            if field == "stages":
                order += 1
                fields = {"order": order, **fields}
            place.append({**ctx.value(start, end, **fields), "method": "learned"})
            added += 1
        taken.append((unit.start, unit.end))
    return added
