"""Scores on the labelled development pages (``../shared/devset``): how the whole pipeline holds on
pages written after real sites it has never seen.

``evaluate_devset(root, split)`` ingests the split's pages into a scratch corpus, exactly as
``jianghua ingest`` would, and compares what came out with the labels:

1. **documents**: a labelled document is *found whole* when one produced document holds both its
   first and its last characters (in that order) and no other labelled document's; *merged* when
   that document holds another labelled document's first or last characters too (more often than
   its own labelled body holds them: two speeches may open on the same salutation); *not found*
   otherwise (split in two, or lost). Produced documents that hold no labelled document are
   *spurious* (furniture or teasers made into documents).
2. **furniture**: a labelled furniture line is *left* when its text is in a produced document more
   often than the labelled bodies hold it (a table of contents repeats headings the body keeps).
3. **body lost**: characters of the labelled bodies (from a document's first to its last
   characters, furniture lines taken out) that are in no produced document of the page.
4. **titles**: the produced title of the document that holds a labelled one equals its title.
5. **genre, topic**: macro-F1 over labelled documents (one not found counts as a wrong answer).
6. **rule facts**: *recall*, a labelled fact whose span holds the evidence of an extracted value;
   *precision*, extracted values whose evidence lies in a labelled fact span of their document. Evidence
   cited from the title or a removed metadata line (``source``) is matched in that title or line: the
   labelled span found there around the evidence's characters. An organization's ``mentions`` (other places
   naming the same unit) count against organization facts only.

Texts are compared *folded*: simplified (OpenCC t2s after NFKC), pinyin glosses dropped, letters,
digits and CJK characters only, letters lower-cased. The labels' ``first``/``last``/``span`` are exact
text of the raw page; folding both sides makes the comparison blind to the pipeline's own repairs.
"""

from __future__ import annotations

import difflib
import json
import re
import tempfile
import unicodedata
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from .. import errors
from ..corpus.store import Corpus
from ..engines.ingest import ingest_paths

SPLITS = ("test", "dev", "all")
GENRES = ("mobilization_speech", "meeting_speech", "experience_report", "candidate_speech",
          "plan_or_regulation", "news_report", "other")
TOPICS = ("competitive_selection", "grassroots_assignment", "secondment", "other")
MISSING = "(not found)"

# A stretch of a body line counts as kept when at least this many folded characters of it stand
# together in a produced document (shorter common stretches are chance: 的, 工作).
KEPT_MIN_RUN = 4

_PINYIN = "a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿɡ"
# a gloss, or a gloss cut by the edge of a snippet (a label's first or last characters: "iān)督我")
_PINYIN_GLOSS = re.compile(rf"[(（]\s*[{_PINYIN}]{{1,7}}\s*[)）]|^[{_PINYIN}]{{1,6}}[)）]|[(（][{_PINYIN}]{{0,6}}$")
_FOLD_KEEP = re.compile(r"[0-9a-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@cache
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def fold(text: str) -> str:
    """The folded form of ``text`` (see the module docstring)."""
    return fold_with_positions(text)[0]


def fold_with_positions(text: str) -> tuple[str, list[int]]:
    """``fold(text)`` and, for each folded character, its offset in ``text``.

    NFKC and t2s are applied character by character (both keep a CJK character one character), so
    offsets stay exact; a gloss is removed before folding."""
    glossless = _PINYIN_GLOSS.sub(lambda m: " " * len(m.group()), text)
    simplified = _t2s().convert(glossless)
    if len(simplified) != len(glossless):  # OpenCC changed a length: convert one character at a time
        simplified = "".join(_t2s().convert(ch) if len(_t2s().convert(ch)) == 1 else ch for ch in glossless)
    chars: list[str] = []
    positions: list[int] = []
    for index, ch in enumerate(simplified):
        folded = unicodedata.normalize("NFKC", ch).lower()
        for out in folded:
            if _FOLD_KEEP.match(out):
                chars.append(out)
                positions.append(index)
    return "".join(chars), positions


# --- the labels ---------------------------------------------------------------------------------

@dataclass
class LabelledDoc:
    ordinal: int
    title: str
    genre: str
    topic: str
    complete: bool
    first: str
    last: str
    facts: list[dict[str, Any]]


@dataclass
class LabelledPage:
    id: str
    path: Path
    raw: str
    site_kind: str
    script: str
    noise: list[str]
    furniture: list[str]
    documents: list[LabelledDoc]

    @property
    def kind(self) -> str:
        return self.id.split("-")[0]


def page_split(page_id: str) -> str:
    """``test`` for pages whose number is a multiple of 3, ``dev`` for the others (the devset's rule)."""
    number = int(page_id.rsplit("-", 1)[1])
    return "test" if number % 3 == 0 else "dev"


def load_devset(root: str | Path, split: str = "test") -> list[LabelledPage]:
    """The labelled pages of ``split`` (test, dev or all), in id order."""
    if split not in SPLITS:
        raise errors.Q720.error(split=split, valid=", ".join(SPLITS))
    root = Path(root)
    labels_dir, pages_dir = root / "labels", root / "pages"
    if not labels_dir.is_dir() or not pages_dir.is_dir():
        raise errors.D410.error(path=root)
    pages = []
    for label_path in sorted(labels_dir.glob("*.json")):
        page_id = label_path.stem
        if split != "all" and page_split(page_id) != split:
            continue
        try:
            label = json.loads(label_path.read_text(encoding="utf-8"))
            raw = (pages_dir / f"{page_id}.txt").read_text(encoding="utf-8")
        except (OSError, ValueError) as exc:
            raise errors.D410.error("unreadable", path=label_path, reason=exc) from exc
        docs = [LabelledDoc(d["ordinal"], d.get("title", ""), d["genre"], d["topic"], bool(d.get("complete", True)),
                            d["first"], d["last"], list(d.get("facts", []))) for d in label["documents"]]
        pages.append(LabelledPage(page_id, pages_dir / f"{page_id}.txt", raw, label.get("site_kind", ""),
                                  label.get("script", ""), list(label.get("noise", [])),
                                  list(label.get("furniture_lines", [])), docs))
    return pages


def furniture_line_numbers(page: LabelledPage) -> set[int]:
    """The 0-based raw line numbers of the page's labelled furniture lines, matched in page order."""
    wanted = [line.strip() for line in page.furniture]
    numbers: set[int] = set()
    at = 0
    for number, line in enumerate(page.raw.split("\n")):
        if at < len(wanted) and line.strip() == wanted[at]:
            numbers.add(number)
            at += 1
    return numbers


def labelled_bodies(page: LabelledPage) -> list[str]:
    """Each labelled document's body in the raw page: from its first to its last characters, the
    furniture lines inside taken out."""
    furniture = furniture_line_numbers(page)
    lines = page.raw.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)

    def find(snippet: str, start: int) -> int:
        """The first occurrence of ``snippet`` from ``start`` that does not begin in a furniture line
        (an SEO blurb may quote a document's opening words)."""
        at = page.raw.find(snippet, start)
        while at >= 0 and page.raw.count("\n", 0, at) in furniture:
            at = page.raw.find(snippet, at + 1)
        return at

    bodies = []
    cursor = 0
    for doc in page.documents:
        begin = find(doc.first, cursor)
        if begin < 0:
            begin = find(doc.first, 0)
        end = find(doc.last, max(begin, 0))
        if begin < 0 or end < 0:
            bodies.append("")
            continue
        end += len(doc.last)
        cursor = end
        first_line = page.raw.count("\n", 0, begin)
        last_line = page.raw.count("\n", 0, end)
        parts = []
        for number in range(first_line, last_line + 1):
            if number in furniture:
                continue
            line_start, line_end = starts[number], starts[number] + len(lines[number])
            parts.append(page.raw[max(line_start, begin):min(line_end, end)])
        bodies.append("\n".join(parts))
    return bodies


# Folded characters at each end of a labelled body that a produced document must hold.
ANCHOR_CHARS = 10


def body_anchors(body: str) -> tuple[str, str]:
    """The first and last ``ANCHOR_CHARS`` folded characters of a labelled body. (Taken from the body,
    not from the label's ``first``/``last``, which may run into a furniture line.)"""
    folded = fold(body)
    return folded[:ANCHOR_CHARS], folded[-ANCHOR_CHARS:]


# --- what the pipeline produced ---------------------------------------------------------------------

@dataclass
class ProducedDoc:
    ordinal: int
    title: str
    text: str  # canonical
    genre: str | None
    topic: str | None
    rules: dict[str, Any] | None
    folded: str = ""
    positions: list[int] = field(default_factory=list)  # folded index -> offset in text
    folded_title: str = ""

    def __post_init__(self) -> None:
        self.folded, self.positions = fold_with_positions(self.text)
        self.folded_title = fold(self.title)

    def folded_range(self, start: int, end: int) -> tuple[int, int]:
        """The folded characters of ``text[start:end]`` as a half-open range."""
        from bisect import bisect_left

        return bisect_left(self.positions, start), bisect_left(self.positions, end)


def produced_documents(db_path: str | Path, pages: list[LabelledPage]) -> dict[str, list[ProducedDoc]]:
    """Each page's produced documents, read from the corpus at ``db_path``."""
    by_path = {str(Path(p.path).resolve()): p.id for p in pages}
    by_name = {Path(p.path).name: p.id for p in pages}
    out: dict[str, list[ProducedDoc]] = {p.id: [] for p in pages}
    with Corpus(db_path, readonly=True) as corpus:
        for row in corpus.documents():
            path = row["source"]
            page_id = by_path.get(str(Path(path).resolve())) or by_name.get(Path(path).name)
            if page_id is None:
                continue
            out[page_id].append(ProducedDoc(row["ordinal"], row["title"] or "", row["text"], row["genre"], row["topic"],
                                            json.loads(row["rules"]) if row["rules"] else None))
    return out


# --- scoring one page -----------------------------------------------------------------------------

@dataclass
class PageScore:
    id: str
    kind: str
    documents: Counter[str] = field(default_factory=Counter)  # whole, merged, not_found, spurious
    furniture_total: int = 0
    furniture_left: list[str] = field(default_factory=list)
    body_chars: int = 0
    body_lost: int = 0
    titles: list[tuple[str, str]] = field(default_factory=list)  # (labelled, produced) of wrong titles
    titles_right: int = 0
    titles_total: int = 0
    genre: list[tuple[str, str]] = field(default_factory=list)  # (gold, predicted)
    topic: list[tuple[str, str]] = field(default_factory=list)
    facts: list[dict[str, Any]] = field(default_factory=list)  # one per labelled fact, with "found"
    values: list[dict[str, Any]] = field(default_factory=list)  # one per extracted value, with "in_fact"


def _holder(doc_first: str, doc_last: str, produced: list[ProducedDoc]) -> tuple[int | None, int | None]:
    """The produced document holding both folded ends in order, else the one holding the first end."""
    first_only = None
    for index, doc in enumerate(produced):
        at = doc.folded.find(doc_first) if doc_first else 0
        if at < 0:
            continue
        if first_only is None:
            first_only = index
        if doc.folded.find(doc_last, at) >= 0:
            return index, index
    return None, first_only


def score_page(page: LabelledPage, produced: list[ProducedDoc]) -> PageScore:
    score = PageScore(page.id, page.kind)
    bodies = labelled_bodies(page)
    ends = [body_anchors(body) for body in bodies]
    holders: list[int | None] = []
    for doc_first, doc_last in ends:
        whole, _partial = _holder(doc_first, doc_last, produced)
        holders.append(whole)
    held_by = Counter(h for h in holders if h is not None)
    for index, holder in enumerate(holders):
        if holder is None:
            score.documents["not_found"] += 1
            continue
        others = [e for j, e in enumerate(ends) if j != index]
        text = produced[holder].folded
        own = fold(bodies[index])
        # another document's end counts where the produced text holds it more often than this document's
        # own body does (two candidates' speeches both open on 尊敬的各位领导各位评委)
        if held_by[holder] > 1 or any(_more(text, own, f) or _more(text, own, la) for f, la in others):
            score.documents["merged"] += 1
        else:
            score.documents["whole"] += 1
    score.documents["spurious"] = sum(1 for i in range(len(produced)) if i not in set(holders)
                                      and not _holds_part_of_a_body(produced[i], page))

    # furniture: counted against what the labelled bodies hold
    body_folded = "\n".join(fold(b) for b in bodies)
    produced_folded = "\n".join(d.folded for d in produced)
    produced_lines = Counter(line.strip() for d in produced for line in d.text.split("\n"))
    seen: Counter[str] = Counter()
    for line in page.furniture:
        score.furniture_total += 1
        key = fold(line)
        seen[line.strip()] += 1
        if len(key) >= 2:
            left = produced_folded.count(key) - body_folded.count(key) >= seen[line.strip()]
        else:  # nothing to fold (a lone "|" or "?"): look for the line itself
            left = produced_lines[line.strip()] >= seen[line.strip()]
        if left:
            score.furniture_left.append(line.strip())

    # body characters lost
    matcher = difflib.SequenceMatcher(None, "", produced_folded, autojunk=False)
    for body in bodies:
        for line in body.split("\n"):
            key = fold(line)
            if not key:
                continue
            score.body_chars += len(key)
            if key in produced_folded:
                continue
            matcher.set_seq1(key)
            kept = sum(block.size for block in matcher.get_matching_blocks() if block.size >= KEPT_MIN_RUN)
            score.body_lost += len(key) - kept

    # titles, genre, topic, facts
    for labelled, holder in zip(page.documents, holders, strict=True):
        doc = produced[holder] if holder is not None else None
        score.titles_total += 1
        produced_title = doc.folded_title if doc is not None else ""
        if doc is not None and produced_title == fold(labelled.title):
            score.titles_right += 1
        else:
            score.titles.append((labelled.title, doc.title if doc is not None else MISSING))
        score.genre.append((labelled.genre, (doc.genre or MISSING) if doc is not None else MISSING))
        score.topic.append((labelled.topic, (doc.topic or MISSING) if doc is not None else MISSING))
    _score_facts(page, produced, holders, score)
    return score


def _more(text: str, own: str, anchor: str) -> bool:
    """Whether ``text`` holds ``anchor`` (another document's end) more often than ``own`` body does."""
    return bool(anchor) and len(anchor) >= 6 and text.count(anchor) > own.count(anchor)


def _holds_part_of_a_body(doc: ProducedDoc, page: LabelledPage) -> bool:
    """Whether a produced document that holds no labelled document is a piece of one (a split)."""
    if not doc.folded:
        return False
    bodies = "".join(fold(b) for b in labelled_bodies(page))
    probe = doc.folded[: min(len(doc.folded), 20)]
    return len(probe) >= 6 and probe in bodies


def _fact_ranges(doc: ProducedDoc, span: str) -> list[tuple[int, int]]:
    key = fold(span)
    if not key:
        return []
    ranges = []
    at = doc.folded.find(key)
    while at >= 0:
        ranges.append((at, at + len(key)))
        at = doc.folded.find(key, at + 1)
    return ranges


def _score_facts(page: LabelledPage, produced: list[ProducedDoc], holders: list[int | None], score: PageScore) -> None:
    # produced doc -> (fact ranges, fact span as written, whether an organization fact) of each of its facts
    facts_of: dict[int, list[tuple[list[tuple[int, int]], str, bool]]] = defaultdict(list)
    for labelled, holder in zip(page.documents, holders, strict=True):
        for fact in labelled.facts:
            found = False
            if holder is not None:
                doc = produced[holder]
                ranges = _fact_ranges(doc, fact["span"])
                is_org = fact["field"] == ORGANIZATION
                facts_of[holder].append((ranges, fact["span"], is_org))
                found = any(_evidence_in(ranges, fact["span"], doc, evidence)
                            for name, evidences in value_evidences(doc.rules)
                            for evidence in _counted(name, evidences, is_org))
            score.facts.append({"page": page.id, "field": fact["field"], "span": fact["span"], "found": found})
    for index, doc in enumerate(produced):
        facts = facts_of.get(index, [])
        for name, evidences in value_evidences(doc.rules):
            # a value with several evidence spans (an organization's mentions) is one value: in a fact when one
            # of its spans is (a mention only in an organization fact)
            in_fact = any(_evidence_in(ranges, span, doc, evidence) for ranges, span, is_org in facts
                          for evidence in _counted(name, evidences, is_org))
            score.values.append({"page": page.id, "field": name, "text": evidences[0].get("text", ""), "in_fact": in_fact})


# The field of a document's organization: its mentions (other places naming the same unit) count against an
# organization fact only, not against the fact of another field that happens to name the unit.
ORGANIZATION = "organization"


def _counted(name: str, evidences: list[dict[str, Any]], against_organization: bool) -> list[dict[str, Any]]:
    """The evidences of a value that may match a fact: the value's own evidence, and its mentions when both
    the value and the fact are the organization's."""
    return evidences if against_organization and name == ORGANIZATION else evidences[:1]


def _evidence_in(ranges: list[tuple[int, int]], span: str, doc: ProducedDoc, evidence: dict[str, Any]) -> bool:
    """Whether a labelled fact (its folded ``ranges`` in ``doc``, its ``span`` as written) holds an evidence
    span: in the body by folded ranges, in a title or a removed metadata line by ``_outside_holds``."""
    if _in_body(evidence):
        folded = doc.folded_range(evidence["start"], evidence["end"])
        return any(_holds(r, folded) for r in ranges)
    return _outside_holds(span, evidence)


def _in_body(evidence: dict[str, Any]) -> bool:
    """Whether an evidence span is in the document's text (not its title or a removed metadata line)."""
    return evidence.get("source", "body") == "body"


def _outside_holds(span: str, evidence: dict[str, Any]) -> bool:
    """Whether a labelled span holds an evidence span cited from the title or a removed metadata line: the
    span is found (folded) in the evidence's ``sentence`` (the whole title or line, as the page writes it)
    around the evidence's own characters."""
    key = fold(span)
    sentence = evidence.get("sentence", "")
    if not key or not sentence:
        return False
    folded, positions = fold_with_positions(sentence)
    own = (bisect_left(positions, evidence["start"]), bisect_left(positions, evidence["end"]))
    at = folded.find(key)
    while at >= 0:
        if _holds((at, at + len(key)), own):
            return True
        at = folded.find(key, at + 1)
    return False


# Evidence may reach a little past a labelled span (a unit, a bracket the label left out).
EVIDENCE_SLACK = 2


def _holds(fact: tuple[int, int], evidence: tuple[int, int]) -> bool:
    """Whether a fact's folded range holds an evidence range (an empty evidence range never counts)."""
    if evidence[1] <= evidence[0]:
        return False
    return evidence[0] >= fact[0] - EVIDENCE_SLACK and evidence[1] <= fact[1] + EVIDENCE_SLACK


def value_evidences(rules: dict[str, Any] | None) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """Every ``(field, evidences)`` of a campaign-rules record: a value's ``evidence`` and, for a value
    named in several places (an organization's ``mentions``), the evidence of each other place."""
    for field_name, value in _evidenced(rules):
        others = [m for m in value.get("mentions", []) if isinstance(m, dict) and "start" in m and m != value["evidence"]]
        yield field_name, [value["evidence"], *others]


def extracted_values(rules: dict[str, Any] | None) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every ``(field, evidence)`` of a campaign-rules record: the field is the value's place with
    list positions dropped (``eligibility.max_age``, ``scoring.component_sets.components``)."""
    for field_name, value in _evidenced(rules):
        yield field_name, value["evidence"]


def _evidenced(rules: dict[str, Any] | None) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every value object of a record that carries an evidence, with its field."""
    if not rules:
        return

    def walk(value: Any, path: tuple[str, ...]) -> Iterator[tuple[str, dict[str, Any]]]:
        if isinstance(value, dict):
            evidence = value.get("evidence")
            if isinstance(evidence, dict) and "start" in evidence:
                yield ".".join(path), value
            for key, item in value.items():
                if key not in ("evidence", "rank_evidence", "mentions"):
                    yield from walk(item, (*path, key))
        elif isinstance(value, list):
            for item in value:
                yield from walk(item, path)

    for key, value in rules.items():
        if key not in ("schema", "extractor", "doc_id"):
            yield from walk(value, (key,))


# --- the report -----------------------------------------------------------------------------------

def macro_f1(pairs: Iterable[tuple[str, str]], labels: Iterable[str]) -> tuple[float, dict[str, dict[str, float]]]:
    pairs = list(pairs)
    per: dict[str, dict[str, float]] = {}
    for label in labels:
        tp = sum(1 for g, p in pairs if g == label and p == label)
        fp = sum(1 for g, p in pairs if g != label and p == label)
        fn = sum(1 for g, p in pairs if g == label and p != label)
        if tp + fp + fn == 0:
            continue
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per[label] = {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4), "support": tp + fn}
    return (round(sum(v["f1"] for v in per.values()) / len(per), 4) if per else 0.0), per


def _ratio(part: float, whole: float) -> float | None:
    return round(part / whole, 4) if whole else None


def summarize(scores: list[PageScore]) -> dict[str, Any]:
    """The measures over ``scores``, overall and per page kind (the id prefix)."""

    def block(group: list[PageScore]) -> dict[str, Any]:
        docs: Counter[str] = Counter()
        for s in group:
            docs.update(s.documents)
        total = docs["whole"] + docs["merged"] + docs["not_found"]
        furniture = sum(s.furniture_total for s in group)
        left = sum(len(s.furniture_left) for s in group)
        body = sum(s.body_chars for s in group)
        lost = sum(s.body_lost for s in group)
        titles = sum(s.titles_total for s in group)
        right = sum(s.titles_right for s in group)
        genre_f1, genre_per = macro_f1([p for s in group for p in s.genre], GENRES)
        topic_f1, topic_per = macro_f1([p for s in group for p in s.topic], TOPICS)
        facts = [f for s in group for f in s.facts]
        values = [v for s in group for v in s.values]
        found = sum(1 for f in facts if f["found"])
        correct = sum(1 for v in values if v["in_fact"])
        return {
            "pages": len(group),
            "documents": {"labelled": total, "whole": docs["whole"], "merged": docs["merged"],
                          "not_found": docs["not_found"], "spurious": docs["spurious"],
                          "whole_share": _ratio(docs["whole"], total)},
            "furniture": {"labelled": furniture, "removed": furniture - left, "left": left,
                          "removed_share": _ratio(furniture - left, furniture)},
            "body": {"characters": body, "lost": lost, "lost_share": _ratio(lost, body)},
            "titles": {"labelled": titles, "right": right, "right_share": _ratio(right, titles)},
            "genre": {"macro_f1": genre_f1, "accuracy": _ratio(sum(1 for s in group for g, p in s.genre if g == p), titles),
                      "per_label": genre_per},
            "topic": {"macro_f1": topic_f1, "accuracy": _ratio(sum(1 for s in group for g, p in s.topic if g == p), titles),
                      "per_label": topic_per},
            "facts": {"labelled": len(facts), "found": found, "recall": _ratio(found, len(facts)),
                      "values": len(values), "in_fact": correct, "precision": _ratio(correct, len(values))},
        }

    kinds = sorted({s.kind for s in scores})
    by_field_values: dict[str, Counter[str]] = defaultdict(Counter)
    for s in scores:
        for v in s.values:
            by_field_values[v["field"]]["values"] += 1
            by_field_values[v["field"]]["in_fact"] += int(v["in_fact"])
    by_field_facts: dict[str, Counter[str]] = defaultdict(Counter)
    for s in scores:
        for f in s.facts:
            by_field_facts[f["field"]]["labelled"] += 1
            by_field_facts[f["field"]]["found"] += int(f["found"])
    return {
        "overall": block(scores),
        "by_kind": {kind: block([s for s in scores if s.kind == kind]) for kind in kinds},
        "facts_by_field": {k: dict(v) for k, v in sorted(by_field_facts.items())},
        "values_by_field": {k: dict(v) for k, v in sorted(by_field_values.items())},
    }


def evaluate_devset(root: str | Path, split: str = "test", *, workers: int = 1, db: str | Path | None = None,
                    progress: Callable[[str, int], None] | None = None, settings: Any = None) -> dict[str, Any]:
    """Ingest the ``split`` pages into a scratch corpus (or ``db``) and score them (module docstring),
    the stages run with ``settings`` (``settings.Settings``; the packaged defaults when None)."""

    pages = load_devset(root, split)
    if not pages:
        raise errors.D410.error("empty", path=root, split=split)
    with tempfile.TemporaryDirectory(prefix="jianghua-devset-") as scratch:
        db_path = Path(db) if db is not None else Path(scratch) / "devset.db"
        with Corpus(db_path) as corpus:
            ingest_paths(corpus, [p.path for p in pages], workers=workers, progress=progress, settings=settings)
        produced = produced_documents(db_path, pages)
    scores = [score_page(page, produced[page.id]) for page in pages]
    report = summarize(scores)
    report["split"] = split
    report["root"] = str(root)
    report["pages"] = [page_detail(s) for s in scores]
    return report


def page_detail(score: PageScore) -> dict[str, Any]:
    return {"id": score.id, "documents": dict(score.documents), "furniture_left": score.furniture_left,
            "body_lost": score.body_lost, "body_chars": score.body_chars,
            "wrong_titles": score.titles, "genre": score.genre, "topic": score.topic,
            "facts_missed": [f for f in score.facts if not f["found"]],
            "values_outside_facts": [v for v in score.values if not v["in_fact"]]}
