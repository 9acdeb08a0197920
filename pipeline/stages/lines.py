"""The furniture line model: how likely each line of a page is site furniture, from the line and its
neighbours, then smoothed over the page as jusText smooths paragraphs.

1. **Own features** (:func:`line_features`): length, share of CJK / Latin / digits, sentence-final
   punctuation and sentence marks, commas, a "label:" head, dates and times, separators (| > » •),
   URLs and site names, a row of short words, heading markers and speech salutations, title
   suffixes, the share of the line covered by each kind of UI word (``resources/clean/ui_lexicon.tsv``:
   navigation, metadata, actions, notices, paywalls, photo captions) and how many UI words and kinds it
   holds whatever its length (a long SEO blurb), a table of contents' dot leader, the share of spaces
   and of symbols, whether the line repeats on the page or holds the page's title inside a longer
   line, and its position (head, tail, among body lines).
2. **Context**: the same few signals of the previous and next lines with text, how far the line
   stands from the nearest body-like line (long, with sentence marks) above and below, and whether
   a brief line stands between two body-like lines (a caption, or a heading without a marker), the
   most UI of the two lines on each side, and whether the line stands outside the page's main body
   block (the run of body-like lines holding the most text).
3. **Score**: a logistic regression over those features (weights in ``models/furniture-lines.v1.json``,
   fitted by :mod:`jianghua.train_lines` on the devset's dev split and the seeds; read here in plain
   Python and numpy, no scikit-learn at run time), then a second one over the same features and the
   first pass's scores of the lines around each line (``neighbour_scores``: furniture comes in blocks,
   and a line between two lines scored as furniture is likely furniture whatever its words).
4. **Smoothing** (:func:`smooth`): a line scored at least ``high`` is furniture, at most ``low`` body;
   a line in between takes its class from its nearest sure neighbours: between two furniture lines
   it is furniture, between body lines it is body, between a body line and furniture it follows its
   own score (a page's edge says nothing); an unsure long line is kept, and a line of a few
   characters is never sure by itself (jusText's short blocks). A title line kept as text says
   nothing of its neighbours (``title_lines``): a metadata line under it looks past it.

``furniture_lines`` returns, per line, the final decision and the score that led to it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, NamedTuple

import numpy as np

from .. import errors, resources
from .salutations import alternation as salutation_words

LEXICON = "clean/ui_lexicon.tsv"
MODEL_RESOURCE = "models/furniture-lines.v1.json"
MODEL_VERSION = "furniture-lines.v1"
LEXICON_KINDS = ("nav", "meta", "action", "notice", "paywall", "caption")

# A body-like line: at least this long with a sentence mark, or this long with commas.
BODY_MIN_CHARS = 24
# UI words per this many characters that make a line all UI (the density feature saturates there).
LEXICON_DENSITY_CHARS = 10
# UI words (and kinds of them) counted up to this many: three hits make a line all UI whatever its length
# (a long SEO blurb holds 小编, 整理 and 参考 among sentences).
LEXICON_HITS_CAP = 3
# A line between two body-like lines is a caption or an unmarked heading up to this length.
BRIEF_CHARS = 30
# How many lines away the nearest body-like line may be before distance stops mattering.
DISTANCE_CAP = 4

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK = re.compile(f"[{CJK}]")
_LATIN = re.compile(r"[A-Za-z]")
_DIGIT = re.compile(r"\d")
_SENTENCE_MARK = re.compile(r"[。！？!?；;]")
_FINAL = "。！？!?；;…”’\"」』"
_COMMA = re.compile(r"[，、,]")
# a metadata label opening the line: 来源： 发布时间： 作者: (a plan's own "笔试科目：" is no such label)
_META_LABEL = re.compile(r"^[【\[（(]?(?:信息|文章|稿件)?(?:来源|出处|作者|编辑|责任编辑|责编|记者|通讯员|时间|日期|发布|发表|更新|上传|浏览|阅读|点击|访问|"
                         r"字数|字体|字号|人气|评论|分享|标签|关键词|关键字|栏目|分类|摘要|简介|导语|撰稿|审核|核稿|摄影)[^，。：:\s]{0,6}\s*[：:]")
_DATE = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}|\d{1,2}月\d{1,2}日")
_TIME = re.compile(r"\d{1,2}:\d{2}")
# a date with its time of day (2013-06-02 11:48:09, 2013年03月22日09:41): a record's stamp
_DATE_TIME = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s*\d{1,2}:\d{2}")
_SEPARATOR = re.compile(r"[|>»›•·/＞\\]|&gt;")
_URL = re.compile(r"www\.|https?:|\.(?:com|cn|net|org|cc)\b", re.IGNORECASE)
_SITE_NAME = re.compile(rf"[{CJK}]{{1,6}}(?:网|阁|文库|之家|范文站|文秘网|考网)(?![{CJK}])")
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、．.](?!\d)|"
                      r"\d+(?:\.\d+)+\s*[\u4e00-\u9fff]|第\s*[一二三四五六七八九十百零〇\d]+\s*[章节条款部分编]|"
                      r"[一二三四五六七八九十]是|#{1,6}\s)")
_SALUTATION = re.compile(rf"^(?:{salutation_words('opening')}|{salutation_words('greeting')})")
_TITLE_SUFFIX = re.compile(f"(?:{resources.alternation(resources.phrase_list('clean/title_ends.txt'))})$")
_BRACKETED = re.compile(r"^[【\[（(<《].*[】\]）)>》]$")
_NUMBER = re.compile(r"\d+")
# a table of contents' entry: a leader of dots, ellipses or dashes up to its page number (总则……3)
_TOC_LEADER = re.compile(r"(?:\.{3,}|…{2,}|·{3,}|-{4,}|_{4,})\s*\d{1,4}$")
_CN_DIGITS = "〇零○一二三四五六七八九十0-9"
_DATE_ALONE = re.compile(rf"^[（(]?\s*[{_CN_DIGITS}]{{4}}\s*年\s*[{_CN_DIGITS}]{{1,3}}\s*月(\s*[{_CN_DIGITS}]{{1,3}}\s*日)?\s*[)）]?$")
_NUMERIC_DATE_ALONE = re.compile(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$")
_ORG_NAME = re.compile(rf"^[{CJK}（）()]{{2,30}}(?:委员会|党委|党组|党工委|办公室|政府|局|镇|街道|学院|学校|公司|集团|组织部|部|委|院|中心|小组|支部|医院|分局|大学)$")
_PROTECTED_START = re.compile(f"(?:{_HEADING.pattern[1:]}|{_SALUTATION.pattern[1:]}|{_DATE_ALONE.pattern[1:]})")
_CONTINUATION = frozenset("，、,；;。：:）)”’」』")
_BRACKET_TAIL = re.compile(r"\s*[（(【\[][^（(【\[）)】\]]{1,12}[）)】\]]$")
# A site's decoration of a title: "…_书名 - 站名", "(1 / 2)", a breadcrumb's "首页 > …".
_SITE_DECOR = re.compile(r"_|\s[-–—|]\s|[（(]\s*\d+\s*/\s*\d+\s*[)）]|[>»›]|&gt;")
# one character each form of ``_SITE_DECOR`` holds: a quick look that rules out most lines (a law's
# article has its blanks and brackets, which keep the regex busy along the whole line)
_DECOR_CHARS = re.compile(r"[_\-–—|/>»›&]")


# Shapes, not words: a "label：value" pair (a label of at most 6 characters before a colon, something after
# it), an e-mail address, a short bracketed segment inside the line ([置顶] 【推荐】 (图)), a count with its
# unit or in brackets (阅读(123) 共5页 37.5 KB 2416字).
_KEY_VALUE = re.compile(r"(?:^|[\s|/·])[^\s：:，。,；;]{1,6}\s*[：:]\s*(?=\S)")
# (_EMAIL and _COUNT start only where their run starts: tried from each character of a long run of
# letters or digits, they would read it to its end from each, in quadratic time)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.]+")
_INNER_BRACKET = re.compile(r"[【\[［][^】\]］]{1,10}[】\]］]|[（(][^（()）]{1,4}[)）]")
_COUNT = re.compile(r"(?<!\d)\d+(?:\.\d+)?\s*(?:次|人|字|页|篇|条|KB|MB|kb|k|K|M|w|万)(?![\u4e00-\u9fff])|[（(\[]\d+[)）\]]")


# A rule's "label：value" line (考核时间：2024年12月1日至12月20日, 联系人：王五) and a résumé's career line
# (1996年7月至2001年5月 某县财政局科员, 1996.07—2001.05 某县…): body however short its lines (rule_line, career_lines).
_RULE_WORDS = resources.WordGroups("clean/rule_labels.tsv", ("rule", "label", "not_rule"))
_LABELLED = re.compile(rf"^([{CJK}]{{1,8}})\s*[：:]\s*\S")
_STAMP = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*$")
_CAREER_DATE = r"\d{4}\s*(?:年\s*\d{1,2}\s*月|[.．/-]\s*\d{1,2})"
_CAREER = re.compile(rf"^{_CAREER_DATE}\s*(?:至|到|—+|–|-+|－+|~|～)\s*(?:{_CAREER_DATE}|至今|今|现在|現在)?\s*[{CJK}]")  # (no end: the post held now)
CAREER_RUN = 2  # a career is a run of at least this many dated lines in a row


@cache
def _rule_label() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """A rule's label (a word of ``rule`` after what it is for), a label alone or after what it is for
    (``label``), and the metadata labels' openings (``not_rule``)."""
    return (re.compile(rf"^[{CJK}]+{_RULE_WORDS.any('rule')}$"), re.compile(rf"{_RULE_WORDS.any('label')}$"),
            re.compile(f"^{_RULE_WORDS.any('not_rule')}"))


def rule_line(text: str) -> bool:
    """Whether a line is a rule's or a notice's "label：value" (考核时间：2024年12月1日至12月20日, 报名地点：县人事局,
    联系人：王五, 附件：1.某某名单), its label's words in clean/rule_labels.tsv; not a page's metadata (发布时间：…)."""
    found = _LABELLED.match(text)
    if found is None:
        return False
    if _DATE_TIME.match(text, found.end() - 1) is not None:  # a stamp with a time of day: a page's record, never a rule's
        return False
    rule, label, metadata = _rule_label()
    name = found.group(1)
    if label.search(name):
        return True
    if metadata.match(name) is not None or rule.match(name) is None:
        return False
    # a page's record prints its labels several to a row or stamps a numeric date (更新时间：2024-12-01 10:30); a
    # label longer than a record's (笔试时间和地点：, 7 characters) is no pair ``_KEY_VALUE`` counts
    return len(_KEY_VALUE.findall(text)) <= 1 and _STAMP.match(text, found.end() - 1) is None  # (a period 2024-12-01至…: the rule's)


def rule_like(text: str) -> bool:
    """Whether a line is labelled as a rule is but for what a page's record shares with it: a bare rule word
    as its label (时间：2025年12月1日) or a numeric date as its value (会议时间：2025-12-01); never a stamp with a
    time of day (时间：2025-11-25 10:12: the page's record, wherever it stands)."""
    found = _LABELLED.match(text)
    if found is None or _DATE_TIME.match(text, found.end() - 1) is not None:
        return False
    rule, _label, metadata = _rule_label()
    name = found.group(1)
    return (metadata.match(name) is None and rule.match("的" + name) is not None  # (the rule word alone too)
            and len(_KEY_VALUE.findall(_STAMP.sub("", text))) <= 1)


def rule_block(texts: Sequence[str]) -> list[bool]:
    """For each line, whether it is a rule's "label：value" (``rule_line``), or labelled as one but for what a
    page's record shares with it (``rule_like``: 时间：…, 会议时间：2025-12-01 09:00) with a rule line right
    above or below it: inside a notice's block of rules it is the notice's, in the header above a title the
    site's. Two such lines in a row are a block too (时间：… / 地点：…: a record prints no place), and the block
    grows through them (报名时间：… / 时间：… / 地点：…)."""
    block = [rule_line(text) for text in texts]
    like = [rule_like(text) for text in texts]
    n = len(texts)
    block = [block[i] or (like[i] and ((i > 0 and like[i - 1]) or (i + 1 < n and like[i + 1]))) for i in range(n)]
    if not any(block):
        return block
    for order in (range(1, len(texts)), range(len(texts) - 2, -1, -1)):  # down the page, then up
        for i in order:
            step = -1 if order.step == 1 else 1
            block[i] = block[i] or (like[i] and block[i + step])
    return block


def career_lines(texts: Sequence[str]) -> list[bool]:
    """For each line, whether it is in a run of at least ``CAREER_RUN`` dated career lines in a row (a
    résumé's 1996年7月至2001年5月 某县财政局科员 / 2001年5月至2010年3月 某县财政局副局长)."""
    dated = [_CAREER.match(text) is not None for text in texts]
    result = [False] * len(texts)
    start = 0
    while start < len(texts):
        end = start
        while end < len(texts) and dated[end]:
            end += 1
        if end - start >= CAREER_RUN:
            result[start:end] = [True] * (end - start)
        start = end + 1
    return result


def body_labelled(texts: Sequence[str]) -> list[bool]:
    """For each line, whether it is a rule's "label：value" in a notice's block of rules (``rule_block``) or in a
    résumé's career (``career_lines``): the text, however short and furniture-like its neighbours."""
    return [rule or career for rule, career in zip(rule_block(texts), career_lines(texts), strict=True)]


def toc_entry(text: str) -> bool:
    """Whether a line is a table of contents' entry: a dot leader up to a page number (一、总则……3). (The
    last character first: most lines end in no digit, and the leader's regex would look along all of them.)"""
    return text[-1:].isdigit() and _TOC_LEADER.search(text) is not None


def _decorated(text: str) -> bool:
    return _DECOR_CHARS.search(text) is not None and _SITE_DECOR.search(text) is not None


@dataclass(frozen=True)
class LineModel:
    """A fitted line model: feature names, weights, bias and the smoothing thresholds."""

    names: tuple[str, ...]
    weights: np.ndarray
    bias: float
    low: float
    high: float
    own_min: int  # an unsure line this long is kept whatever its neighbours (``smooth``)
    edges_furniture: bool  # the page's first and last edges count as furniture in ``smooth``
    meta: dict[str, Any]
    # the second pass (``score_page``): weights over ``FEATURE_NAMES + NEIGHBOUR_NAMES``; None: one pass
    context_weights: np.ndarray | None = None
    context_bias: float = 0.0

    def score(self, features: np.ndarray) -> np.ndarray:
        """The first pass: the furniture probability of each row of ``features`` by the line's own
        features and its neighbours' features."""
        return _logistic(features, self.weights, self.bias)

    def score_page(self, features: np.ndarray, fixed: Sequence[bool | None] | None = None) -> np.ndarray:
        """The furniture probability of each line of a page (``features``: ``line_features`` of all its
        lines): the first pass, then, when the model has one, the second, which reads the first pass's
        scores of the lines around each line (``neighbour_scores``: furniture runs in blocks)."""
        first = self.score(features)
        if self.context_weights is None or features.shape[0] == 0:
            return first
        return _logistic(np.hstack([features, neighbour_scores(first, fixed)]), self.context_weights, self.context_bias)


def _logistic(features: np.ndarray, weights: np.ndarray, bias: float) -> np.ndarray:
    if features.shape[0] == 0:
        return np.zeros(0)
    z = features @ weights + bias
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))


NEIGHBOUR_NAMES = ("first_pass", "prev_score", "next_score", "both_sides", "window_max", "window_mean")
# How many lines on each side the second pass's window looks at.
NEIGHBOUR_WINDOW = 2


def neighbour_scores(first: np.ndarray, fixed: Sequence[bool | None] | None = None) -> np.ndarray:
    """The second pass's features (``NEIGHBOUR_NAMES``) of each line from the first pass's scores: its
    own, the previous and next line's, the lower of those two (furniture on both sides), the highest and
    the mean of the ``NEIGHBOUR_WINDOW`` lines on each side. A line whose class is fixed before the model
    counts as 1 (removed by the patterns) or 0 (protected); the page's edges as 0."""
    n = len(first)
    values = np.asarray(first, dtype=np.float64)
    if fixed is not None:
        values = np.where([f is None for f in fixed], values, [bool(f) for f in fixed])
    k = NEIGHBOUR_WINDOW
    padded = np.concatenate([np.zeros(k), values, np.zeros(k)])
    around = np.stack([padded[j:j + n] for j in range(2 * k + 1) if j != k])  # the window without the line
    prev, nxt = padded[k - 1:k - 1 + n], padded[k + 1:k + 1 + n]
    return np.column_stack([values, prev, nxt, np.minimum(prev, nxt), around.max(axis=0), around.mean(axis=0)])


# --- the lexicon ------------------------------------------------------------------------------

@cache
def lexicon() -> tuple[re.Pattern[str], dict[str, int]]:
    """One regex over every UI word (longest first) and each word's kind index."""
    kinds: dict[str, int] = {}
    for number, (word, kind) in resources.tsv(LEXICON, 2):
        if kind not in LEXICON_KINDS:
            raise errors.R500.error("unknown", path=LEXICON, line=number, what="kind", value=kind, valid=", ".join(LEXICON_KINDS))
        if not word.strip():
            raise errors.R500.error("empty", path=LEXICON, line=number, what="word")
        if word in kinds:
            raise errors.R500.error("duplicate", path=LEXICON, line=number, what="word", value=word)
        kinds[word] = LEXICON_KINDS.index(kind)
    return re.compile(_trie_regex(kinds)), kinds


def _trie_regex(words: Iterable[str]) -> str:
    """One regex matching the longest of ``words`` at a position, as a trie of alternations (shared
    prefixes tried once: about a fifth faster than the flat alternation on body text)."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return body + "?" if len(branches) == 1 and len(branches[0]) == 1 else f"(?:{body})?"
        return body

    return build(trie)


# --- features ---------------------------------------------------------------------------------

OWN_NAMES = ("len_log", "very_short", "short", "long", "very_long", "cjk", "latin", "digits", "ends_sentence",
             "sentence_marks", "commas", "meta_label", "ends_colon", "date", "time", "date_alone", "separators", "url",
             "site_name", "site_decor", "menu_row", "heading", "salutation", "title_suffix", "org_name", "bracketed",
             "numbers", *(f"lex_{kind}" for kind in LEXICON_KINDS), "lex_any", "lex_density", "lex_hits", "lex_kinds",
             "repeated", "holds_title", "body_like", "toc_leader", "spaces", "symbols", "key_values", "email",
             "inner_bracket", "counts", "no_cjk")
CONTEXT_NAMES = ("prev_body_like", "next_body_like", "prev_lex", "next_lex", "prev_short", "next_short",
                 "dist_up", "dist_down", "in_head", "in_tail", "first_lines", "last_lines", "relative", "table_row",
                 "between_body", "near_lex", "out_of_block")
FEATURE_NAMES = OWN_NAMES + CONTEXT_NAMES
_LEX_AT = OWN_NAMES.index("lex_any")
_SHORT_AT = OWN_NAMES.index("short")
_BODY_AT = OWN_NAMES.index("body_like")


def own_features(text: str, repeated: bool = False, title: str = "") -> list[float]:
    """The features of one canonical line by itself (``OWN_NAMES``)."""
    n = len(text)
    if n == 0:
        return [0.0] * len(OWN_NAMES)
    cjk = len(_CJK.findall(text))
    latin = len(_LATIN.findall(text))
    digits = len(_DIGIT.findall(text))
    marks = len(_SENTENCE_MARK.findall(text))
    commas = len(_COMMA.findall(text))
    pattern, kinds = lexicon()
    covered = [0] * len(LEXICON_KINDS)
    hits = 0
    for match in pattern.finditer(text):
        covered[kinds[match.group()]] += match.end() - match.start()
        hits += 1
    tokens = text.split()
    menu = len(tokens) >= 3 and sum(len(t) for t in tokens) / len(tokens) <= 6
    body_like = n >= 80 or (n >= BODY_MIN_CHARS and (marks > 0 or commas >= 2))
    return [
        math.log1p(n) / 5.0,
        float(n <= 4),
        float(n <= 12),
        float(n > 60),
        float(n > 200),
        cjk / n,
        latin / n,
        digits / n,
        float(text[-1] in _FINAL or text.endswith(("。）", "。)"))),
        min(marks, 4) / 4.0,
        min(commas, 4) / 4.0,
        float(bool(_META_LABEL.match(text))),
        float(text[-1] in "：:"),
        float(bool(_DATE.search(text))),
        float(bool(_TIME.search(text))),
        float(bool(_DATE_ALONE.match(text) or _NUMERIC_DATE_ALONE.match(text))),
        min(len(_SEPARATOR.findall(text)), 4) / 4.0,
        float(bool(_URL.search(text))),
        float(bool(_SITE_NAME.search(text))),
        float(_decorated(text)),
        float(menu),
        float(bool(_HEADING.match(text))),
        float(bool(_SALUTATION.match(text))),
        float(bool(_TITLE_SUFFIX.search(text)) and marks == 0),
        float(bool(_ORG_NAME.match(text))),
        float(bool(_BRACKETED.match(text))),
        min(len(_NUMBER.findall(text)), 4) / 4.0,
        *(min(c / n, 1.0) for c in covered),
        min(sum(covered) / n, 1.0),
        min(hits * LEXICON_DENSITY_CHARS / n, 1.0),
        min(hits, LEXICON_HITS_CAP) / LEXICON_HITS_CAP,
        min(sum(1 for c in covered if c), LEXICON_HITS_CAP) / LEXICON_HITS_CAP,
        float(repeated),
        float(bool(title) and title in text and text != title),
        float(body_like),
        float(toc_entry(text)),
        min(text.count(" ") * LEXICON_DENSITY_CHARS / n, 1.0),
        (n - cjk - latin - digits - text.count(" ")) / n,
        min(len(_KEY_VALUE.findall(text)), 3) / 3.0,
        float(_EMAIL.search(text) is not None),
        float(_INNER_BRACKET.search(text) is not None),
        min(len(_COUNT.findall(text)), 3) / 3.0,
        float(cjk == 0),
    ]


def page_title(texts: Sequence[str]) -> str:
    """The first line that reads like a document title (a title suffix, no sentence mark), or ""."""
    for text in texts[:12]:
        if (4 <= len(text) <= 60 and _TITLE_SUFFIX.search(text) and not _SENTENCE_MARK.search(text)
                and not _decorated(text)):
            return text
    return ""


def line_features(texts: Sequence[str], scored: Sequence[bool] | None = None,
                  classes: Shape | None = None) -> np.ndarray:
    """The feature matrix (``FEATURE_NAMES``) of a page's lines with text, in page order.

    Only the rows where ``scored`` is true (all when None) get their own features; the others (lines
    whose class is fixed before the model: headings, plain sentences...) only serve as neighbours, and
    stand in with their length classes (short, body-like) and no UI words, at a fraction of the cost.
    ``classes``: ``shape(texts)``, when the caller has it."""
    n = len(texts)
    if n == 0:
        return np.zeros((0, len(FEATURE_NAMES)))
    counts = Counter(texts)
    title = page_title(texts)
    own = np.zeros((n, len(OWN_NAMES)))
    rows = range(n) if scored is None else [i for i in range(n) if scored[i]]
    if rows:
        own[rows] = [own_features(texts[i], counts[texts[i]] > 1, title) for i in rows]
    if scored is not None:  # the stand-ins: what own_features says of their length classes
        own[:, _SHORT_AT], own[:, _BODY_AT] = classes if classes is not None else shape(texts)
    body = own[:, _BODY_AT] > 0
    lex = own[:, _LEX_AT]
    short = own[:, _SHORT_AT]
    context = np.zeros((n, len(CONTEXT_NAMES)))
    context[1:, 0] = body[:-1]
    context[:-1, 1] = body[1:]
    context[1:, 2] = lex[:-1]
    context[:-1, 3] = lex[1:]
    context[1:, 4] = short[:-1]
    context[:-1, 5] = short[1:]
    context[0, 4] = context[-1, 5] = 1.0  # the page's edge reads as a short line
    up, down = _distances(body)
    context[:, 6] = up / DISTANCE_CAP
    context[:, 7] = down / DISTANCE_CAP
    body_at = np.flatnonzero(body)
    index = np.arange(n)
    if body_at.size:
        context[:, 8] = index < body_at[0]
        context[:, 9] = index > body_at[-1]
    else:
        context[:, 8] = 1.0
    context[:, 10] = index < 3
    context[:, 11] = index >= n - 3
    context[:, 12] = index / max(n - 1, 1)
    context[:, 13] = _table_rows(texts)
    # a short line with body text on both sides: a caption or a heading without a marker (the weights
    # tell them apart by their own features)
    if n > 2:
        brief = np.fromiter((len(text) <= BRIEF_CHARS for text in texts), dtype=bool, count=n) & ~body
        context[1:-1, 14] = body[:-2] & body[2:] & brief[1:-1]
    # the most UI of the two lines on each side (a menu or a metadata block spans several lines)
    padded = np.concatenate([np.zeros(2), lex, np.zeros(2)])
    context[:, 15] = np.max(np.stack([padded[k:k + n] for k in (0, 1, 3, 4)]), axis=0)
    context[:, 16] = _out_of_block(body, texts)
    return np.hstack([own, context])


def _out_of_block(body: np.ndarray, texts: Sequence[str]) -> np.ndarray:
    """1 for lines outside the page's main body block: the run of body-like lines (no more than
    ``DISTANCE_CAP`` other lines between two of them) holding the most characters. A blurb or a
    sidebar paragraph far above or below the text then stands outside it, as the menus do."""
    n = len(texts)
    at = np.flatnonzero(body).tolist()
    if not at:
        return np.ones(n)
    best, best_chars, first, chars = (at[0], at[0]), -1, at[0], 0
    for k, i in enumerate(at):
        if k and i - at[k - 1] > DISTANCE_CAP:
            first, chars = i, 0
        chars += len(texts[i])
        if chars > best_chars:
            best, best_chars = (first, i), chars
    index = np.arange(n)
    return ((index < best[0]) | (index > best[1])).astype(np.float64)


class Shape(NamedTuple):
    """The length classes of a page's lines (``shape``): computed once per page, read by
    ``inside_body`` and ``line_features``."""

    short: np.ndarray  # bool per line: the ``short`` feature
    body: np.ndarray  # bool per line: the ``body_like`` feature


def body_like(text: str) -> bool:
    """The ``body_like`` feature of one line: long, or with a sentence mark or two commas."""
    n = len(text)
    return n >= 80 or (n >= BODY_MIN_CHARS and (_SENTENCE_MARK.search(text) is not None or len(_COMMA.findall(text)) >= 2))


def shape(texts: Sequence[str]) -> Shape:
    """The ``short`` and ``body_like`` features of every line, computed for the page at once."""
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    body = lengths >= 80
    for i in np.flatnonzero((lengths >= BODY_MIN_CHARS) & ~body).tolist():
        text = texts[i]
        body[i] = _SENTENCE_MARK.search(text) is not None or len(_COMMA.findall(text)) >= 2
    return Shape(lengths <= 12, body)


def _table_rows(texts: Sequence[str]) -> np.ndarray:
    return np.asarray(table_rows(texts), dtype=np.float64)


# rejoin (split.py) joins a line to one this long that ends without closing punctuation
OPEN_LINE_CHARS = 30
_CLOSING = frozenset("。！？!?；;…”’」』：:)）")


_MARKER_ONLY = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、．.])$")
_MARKER_ENDS = frozenset("、.．)）")  # the last character of every _MARKER_ONLY line


# a line that reads as a sentence holds one of these (a menu or a breadcrumb holds none)
_CLAUSE_MARK = re.compile(r"[，、；：。,;]")


def open_sentence(text: str) -> bool:
    """Whether a line is a sentence cut by a hard line break: long, ending without closing punctuation,
    and reading as text (a clause mark in it): a bar of 30 menu words stops without punctuation too,
    and the line under it is no rest of its sentence; nor is a table of contents' entry (总则……3) or a site's
    record stamped with a time of day (…2013-06-02 11:48:09 下载本文 作者：会员上传), whatever its commas."""
    return (len(text) >= OPEN_LINE_CHARS and text[-1] not in _CLOSING and _CLAUSE_MARK.search(text) is not None
            and not toc_entry(text) and _DATE_TIME.search(text) is None)


def continuations(texts: Sequence[str]) -> list[bool]:
    """For each line, whether it goes on with the line before: that line is an open sentence
    (``open_sentence``: a hard line break, or a page cut in mid-sentence), or is a heading's marker
    alone (（一）) whose text is this line."""
    return [i > 0 and (open_sentence(texts[i - 1])
                       or (texts[i - 1][-1] in _MARKER_ENDS and bool(_MARKER_ONLY.match(texts[i - 1]))))
            for i in range(len(texts))]


_FULL_STOP = re.compile(r"[。！？；]|[!?](?![\x00-\x7f])|[：:]$")
# A line this long without a UI word is text: every furniture line of the devset's dev split and the
# seeds that holds no UI word is at most 36 characters long.
PLAIN_MIN_CHARS = 40


def plain_sentence(text: str) -> bool:
    """A line holding the end of a sentence (。！？；), ending on a colon (沿革：, a label of what follows)
    or ``PLAIN_MIN_CHARS`` long, and no UI word nor a table of contents' dot leader (一、总则……3): on the devset's dev split and the seeds no furniture
    line is one, while a page's last lines often are."""
    return ((len(text) >= PLAIN_MIN_CHARS or _FULL_STOP.search(text) is not None) and lexicon()[0].search(text) is None
            and not toc_entry(text))


def wrapped_plain(texts: Sequence[str], cut: Sequence[bool], removed: Sequence[str | None]) -> list[bool]:
    """For each line of a hard-wrapped page, whether it belongs to a paragraph the wrap cut into lines
    that reads, rejoined, as a ``plain_sentence``: the paragraph is a run of lines as long as the page's
    wrap width (``cut``) ending open (no closing punctuation), and the line after them. The line model
    scores lines one by one, and a sentence cut at 29 characters looks like a page's short furniture;
    rejoined, it is judged as on the unwrapped page (a notice holding a UI word stays the model's to
    decide). Lines the patterns removed (``removed``) part paragraphs."""
    out = [False] * len(texts)
    start = 0
    for index, text in enumerate(texts):
        if removed[index] is not None:
            start = index + 1
            continue
        if cut[index] and text[-1] not in _CLOSING:
            continue  # the paragraph goes on on the next line
        if index > start and plain_sentence("".join(texts[start:index + 1])):
            out[start:index + 1] = [True] * (index + 1 - start)
        start = index + 1
    return out


_CJK_ONLY = re.compile(f"^[{CJK}]+$")
# A page's last line this short, of Chinese characters only and without a UI word, is where the text
# was cut off (为深入), not furniture: a site's closing lines hold links, labels or its name.
FRAGMENT_MAX_CHARS = 8


def inside_body(texts: Sequence[str], classes: Shape | None = None) -> list[bool]:
    """For each line, whether it is a sentence in the middle of the text: body-like itself (as
    ``shape`` says: long, with a sentence mark or commas) with a body-like line right above and
    right below. Site furniture inside a text is a notice the patterns know (此处隐藏…字) or a short
    line; a sentence between two sentences is the text's, whatever UI word it holds (来源, 参考).
    ``classes``: ``shape(texts)``, when the caller has it."""
    body = (classes if classes is not None else shape(texts)).body
    inside = np.zeros(len(texts), dtype=bool)
    if len(texts) > 2:
        inside[1:-1] = body[:-2] & body[1:-1] & body[2:]
    return inside.tolist()


def cut_off_tail(texts: Sequence[str]) -> bool:
    """Whether the page's last line is the fragment a truncated text ends in (``FRAGMENT_MAX_CHARS``)."""
    if not texts:
        return False
    last = texts[-1]
    return (len(last) <= FRAGMENT_MAX_CHARS and bool(_CJK_ONLY.match(last)) and lexicon()[0].search(last) is None
            and not _SITE_NAME.search(last))


def date_line(text: str) -> bool:
    """Whether a line is a date alone (二〇二三年四月十五日, 2023年4月15日, 2023-04-15): a text's signature."""
    return bool(_DATE_ALONE.match(text) or _NUMERIC_DATE_ALONE.match(text))


def heading_marked(text: str) -> bool:
    """Whether a line opens with a heading's marker (一、 （一） 1. 第一章 一是)."""
    return _HEADING.match(text) is not None


def title_candidate(text: str) -> bool:
    """Whether a short line may be a title at all: not a heading (（三）笔试), not a salutation or a
    line that opens a list (…同志们：)."""
    return not (_HEADING.match(text) or _SALUTATION.match(text) or text.endswith(("：", ":")))


def signature_lines(texts: Sequence[str]) -> list[bool]:
    """For each line, whether it is an organization's name directly above a date written out: the
    signature closing a report or a notice."""
    n = len(texts)
    # the date first: rarer than a line that may be a name, and cheaper to rule out
    return [i + 1 < n and bool(_DATE_ALONE.match(texts[i + 1])) and bool(_ORG_NAME.match(text))
            for i, text in enumerate(texts)]


_BOX_DRAWING = re.compile("[\u2500-\u257f]")


def table_rows(texts: Sequence[str]) -> list[bool]:
    """For each line, whether it is a row of a table: drawn with box-drawing characters (│ ├─┼), or
    with "|": two or more bars, as many as a neighbouring line has (a navigation bar of links stands
    alone, or beside one of another length)."""
    joined = "\n".join(texts)
    if "|" not in joined and _BOX_DRAWING.search(joined) is None:  # the usual page: one look at all of it
        return [False] * len(texts)
    bars = [text.count("|") for text in texts]
    n = len(bars)
    return [(count >= 2 and ((i > 0 and bars[i - 1] == count) or (i + 1 < n and bars[i + 1] == count)))
            or _BOX_DRAWING.search(texts[i]) is not None for i, count in enumerate(bars)]


def _distances(body: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each line, how many lines up (and down) the nearest body-like line is (0 on one; capped
    at ``DISTANCE_CAP``, which is also the answer when there is none)."""
    n = len(body)
    index = np.arange(n)
    last = np.maximum.accumulate(np.where(body, index, -1))  # the nearest body line at or above
    up = np.where(last >= 0, np.minimum(index - last, DISTANCE_CAP), DISTANCE_CAP)
    following = np.minimum.accumulate(np.where(body, index, n + DISTANCE_CAP)[::-1])[::-1]
    down = np.minimum(following - index, DISTANCE_CAP)
    return up.astype(np.float64), down.astype(np.float64)


# --- smoothing --------------------------------------------------------------------------------

GOOD, BAD, UNSURE = 0, 1, 2
# A line shorter than this is never sure by its own score (too few characters to judge).
CONTEXT_ONLY_CHARS = 5


def ui_only(texts: Sequence[str]) -> list[bool]:
    """For each line, whether it is a line of a few characters (under ``CONTEXT_ONLY_CHARS``) made of UI
    words only (上一篇, 二维码, 打印): such a line is judged by its own score like a longer one, so a lone
    上一篇 under the last paragraph goes (a short line of other words, 附件 or 说明, still follows its context)."""
    pattern = lexicon()[0]
    return [0 < len(text) < CONTEXT_ONLY_CHARS and sum(m.end() - m.start() for m in pattern.finditer(text)) == len(text)
            for text in texts]


def title_lines(texts: Sequence[str], fixed: Sequence[bool | None] | None) -> list[bool]:
    """For each line, whether it is a title line kept whatever its neighbours (fixed as body, and read as a
    title by ``listed_title``): in the smoothing it says nothing of its neighbours. A page's title stands
    where the site's furniture meets the text (a metadata line or reader controls right under it, a
    breadcrumb right above it): a line beside it takes its class from the next sure line beyond it."""
    if fixed is None:
        return [False] * len(texts)
    n = len(texts)
    # only a line at most two lines from one the model decides can be looked past (a title over two lines)
    near = [False] * n
    for i, f in enumerate(fixed):
        if f is None:
            for j in range(max(i - 2, 0), min(i + 3, n)):
                near[j] = True
    return [near[i] and f is False and len(text) <= 60 and listed_title(text)
            for i, (text, f) in enumerate(zip(texts, fixed, strict=True))]


def smooth(scores: Sequence[float], low: float, high: float, fixed: Sequence[bool | None] | None = None,
           lengths: Sequence[int] | None = None, own_min: int = 100, edges_furniture: bool = True,
           alone: Sequence[bool] | None = None, silent: Sequence[bool] | None = None) -> list[bool]:
    """Furniture or not for each line from its score and its neighbours' (module docstring, 4).

    Unsure lines (``low < score < high``) look past other unsure lines to the nearest sure one on
    each side; the page's edges count as furniture (``edges_furniture``; else an edge says nothing and
    the other side decides). An unsure long line (``lengths[i] >= own_min``) is kept: a long line goes
    only on a sure score. A line with no sure line on either side follows its own score.
    ``fixed[i]``, when not None, is line
    i's class decided elsewhere (True: furniture), sure whatever its score. ``alone[i]`` (``ui_only``):
    a short line of UI words only, sure by its own score whatever its length. ``silent[i]``
    (``title_lines``): a sure line that is no neighbour: an unsure run looks past it."""
    n = len(scores)
    classes = [BAD if s >= high else GOOD if s <= low else UNSURE for s in scores]
    if lengths is not None:  # as jusText's short blocks, a line of a few characters is judged by its context
        by_itself = alone if alone is not None else [False] * n
        classes = [UNSURE if length < CONTEXT_ONLY_CHARS and not own else cls
                   for cls, length, own in zip(classes, lengths, by_itself, strict=True)]
    if fixed is not None:
        classes = [cls if f is None else BAD if f else GOOD for cls, f in zip(classes, fixed, strict=True)]
    out = [cls == BAD for cls in classes]
    anchored = any(cls != UNSURE for cls in classes)
    start = _next_unsure(classes, 0)
    while start < n:  # each run of unsure lines, between its sure neighbours (or the page's edges)
        stop = start
        while stop < n and classes[stop] == UNSURE:
            stop += 1
        edge = BAD if edges_furniture else None  # None: the page's edge says nothing
        up, down = start - 1, stop
        if silent is not None:
            while up >= 0 and silent[up]:
                up -= 1
            while down < n and silent[down]:
                down += 1
        # past a silent line only a sure line speaks: else (the page's edge, another unsure run) the silent
        # line counts as itself (a page of unsure lines under its title keeps them)
        if up < start - 1 and (up < 0 or classes[up] == UNSURE):
            up = start - 1
        if down > stop and (down >= n or classes[down] == UNSURE):
            down = stop
        before = classes[up] if up >= 0 else edge
        after = classes[down] if down < n else edge
        if up < start - 1 and down > stop:  # between two title lines: a title printed over several lines
            before = after = GOOD
        context = before if after is None else after if before is None else before if before == after else None
        for i in range(start, stop):
            if lengths is not None and lengths[i] >= own_min:
                out[i] = False  # a long line goes only on a sure score: removing it needs strong evidence
            elif context is not None and anchored:
                out[i] = context == BAD
            else:
                out[i] = scores[i] >= 0.5
        start = _next_unsure(classes, stop)
    return out


def _next_unsure(classes: list[int], start: int) -> int:
    try:
        return classes.index(UNSURE, start)
    except ValueError:
        return len(classes)


# --- the model file ---------------------------------------------------------------------------

def model_from_dict(data: dict[str, Any], path: str = "<dict>") -> LineModel:
    """A :class:`LineModel` from its JSON form; M701 when it does not fit this build's features."""
    try:
        if data.get("version") != MODEL_VERSION:
            raise ValueError(f"version {data.get('version')!r}, this build reads {MODEL_VERSION}")
        names = tuple(data["features"])
        if names != FEATURE_NAMES:
            raise ValueError("its features are not this build's (retrain with 'jianghua train-furniture')")
        weights = np.asarray(data["weights"], dtype=np.float64)
        if weights.shape != (len(names),):
            raise ValueError("one weight per feature expected")
        bias = float(data["bias"])
        context, context_bias = None, 0.0
        if ("context_weights" in data) != ("context_bias" in data):
            raise ValueError("the second pass needs both context_weights and context_bias")
        if "context_weights" in data:
            if tuple(data.get("context_features", ())) != NEIGHBOUR_NAMES:
                raise ValueError("its context_features are not this build's (retrain with 'jianghua train-furniture')")
            context = np.asarray(data["context_weights"], dtype=np.float64)
            if context.shape != (len(names) + len(NEIGHBOUR_NAMES),):
                raise ValueError("one second-pass weight per feature and neighbour score expected")
            context_bias = float(data["context_bias"])
        if not (np.isfinite(weights).all() and math.isfinite(bias)
                and (context is None or (np.isfinite(context).all() and math.isfinite(context_bias)))):
            raise ValueError("a weight or bias is not a finite number")
        return LineModel(names, weights, bias, float(data["low"]), float(data["high"]),
                         int(data["own_min"]), bool(data["edges_furniture"]), dict(data.get("meta", {})),
                         context, context_bias)
    except (KeyError, TypeError, ValueError) as exc:
        raise errors.M701.error("unusable", path=path, model="furniture line model", reason=exc) from exc


@cache
def default_model() -> LineModel:
    return model_from_dict(resources.model_json(MODEL_RESOURCE, "the furniture line model"), MODEL_RESOURCE)


def decide(texts: Sequence[str], model: LineModel | None = None, fixed: Sequence[bool | None] | None = None,
           classes: Shape | None = None) -> tuple[list[bool], np.ndarray]:
    """For each line with text (in page order): furniture or not, and its model score. ``fixed`` as
    for :func:`smooth`; ``classes``: ``shape(texts)``, when the caller has it."""
    if fixed is not None and not any(f is None or f for f in fixed):  # nothing to decide or to score
        return [False] * len(fixed), np.zeros(len(texts))
    model = model or default_model()
    scored = None if fixed is None else [f is not False for f in fixed]
    scores = model.score_page(line_features(texts, scored, classes), fixed)
    if scored is not None:
        scores[~np.asarray(scored, dtype=bool)] = 0.0  # fixed as body: their stand-in rows are no score
    return smooth(scores.tolist(), model.low, model.high, fixed, [len(t) for t in texts], model.own_min,
                  model.edges_furniture, ui_only(texts), title_lines(texts, fixed)), scores


def listed_title(text: str) -> bool:
    """Whether a line reads as another document's title in a list: a title line (a title suffix, no
    sentence mark, at most 60 characters, a collection's bracket allowed), no heading, salutation or
    date, no label (a colon: 附件：…, 抄送：…), no appendix (附…), not decorated as a site decorates its titles."""
    if len(text) > 60 or _SENTENCE_MARK.search(text) or text[0] in _CONTINUATION or text.startswith("附"):
        return False
    if "：" in text or ":" in text or _PROTECTED_START.match(text) or _decorated(text):
        return False
    return _TITLE_SUFFIX.search(_BRACKET_TAIL.sub("", text)) is not None


def protected(text: str) -> bool:
    """A heading (一、 （一） 第三条), a speech formula (同志们：), a date written out (二〇〇八年十一月二十日,
    a signature's), the tail of a sentence (a line opening with a comma), or a title line (a title
    suffix, no sentence mark, at most 60 characters), none of them decorated as a site decorates its
    titles (…_书名 - 站名), nor an entry of a table of contents (a dot leader up to a page number:
    一、总则……3 is the heading listed where the site prints its contents): never the line model's to remove."""
    if toc_entry(text):
        return False
    if text[0] in _CONTINUATION:  # a sentence's tail cut off by a hard line break (，在)
        return True
    if not _PROTECTED_START.match(text) and (len(text) > 60 or _SENTENCE_MARK.search(text)
                                             or not _TITLE_SUFFIX.search(_BRACKET_TAIL.sub("", text))):
        return False  # (讲话（精选5篇）: a collection's title ends in a bracket)
    return not _decorated(text)
