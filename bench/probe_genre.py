"""Probe: genre and topic on texts written for it, with the noise real pages carry.

Usage:  .venv/bin/python bench/probe_genre.py [--half tune|hold|all] [--json] [--model PATH] [--wrong]

The devset's figures flatter the classifier (the dev split trained it; the test split is small). This probe
reads ``bench/probe/genre.tsv``: short texts written for the probe (no devset or seed text), several per
genre and per trap of devset FIELD-NOTES.md "Genre traps" (skills-contest / 军训 / anniversary 动员大会,
candidate speeches citing 下基层, journal experience reports with English abstracts, novels, a departing
cadre's thanks, a 挂职座谈会 chair's script, explainers, 遴选/选调 announcements, stories about a 竞聘).
Each text is classified clean and in five noisy forms (:data:`NOISES`): traditional script (OpenCC s2t),
spun synonyms (``classify/spun_words.tsv`` read backwards), pinyin glue (latin syllables stuck into the
text), truncation (the first 55%), and a title borrowed from a text of another genre of the same half.

Two halves: ``tune`` (may be read while developing) and ``hold`` (only its figure is read; never trained on).
Reported per half: genre and topic macro-F1 over all forms, per form, per trap (share of forms with both
labels right), and the expected calibration error of the genre head (10 equal-width bins).
"""

from __future__ import annotations

import argparse
import json
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from jianghua import resources
from jianghua.stages import classify as cl
from probe_rows import probe_rows

HERE = Path(__file__).resolve().parent
TEXTS = HERE / "probe" / "genre.tsv"
HALVES = ("tune", "hold")
NOISES = ("clean", "traditional", "spun", "pinyin", "truncated", "mistitled")
TRUNCATE_SHARE = 0.55
PINYIN_EVERY = 37
PINYIN = ("jingpin", "yanjianggao", "fanwen", "ganbu", "gongzuo", "xuanba", "guazhi", "zongjie")
ECE_BINS = 10


@dataclass(frozen=True)
class Text:
    id: str
    half: str
    genre: str
    topic: str
    trap: str
    title: str
    text: str


def texts(path: Path = TEXTS) -> list[Text]:
    return [Text(id_, half, genre, topic, trap, title, text.replace("\\n", "\n"))
            for id_, half, genre, topic, trap, title, text in probe_rows(path, 7, 1, HALVES)]


def _spinner() -> Callable[[str], str]:
    pairs = {}
    for line in resources.read_text(cl.SPUN_WORDS).splitlines():
        if line.strip() and not line.startswith("#"):
            spun, original, _kind = line.split("\t")[:3]
            pairs.setdefault(original, spun)
    pattern = re.compile("|".join(map(re.escape, sorted(pairs, key=len, reverse=True))))
    return lambda value: pattern.sub(lambda match: pairs[match.group()], value)


def _pinyin(value: str) -> str:
    parts = [value[at:at + PINYIN_EVERY] for at in range(0, len(value), PINYIN_EVERY)]
    return "".join(part + PINYIN[k % len(PINYIN)] for k, part in enumerate(parts))


def noisy(items: Sequence[Text]) -> list[tuple[Text, str, str, str]]:
    """(text, noise, title, body) for every text and noise."""
    import opencc

    to_traditional = opencc.OpenCC("s2t").convert
    spin = _spinner()
    out = []
    for k, item in enumerate(items):
        others = [other for other in items if other.genre != item.genre]
        borrowed = others[(k * 5) % len(others)].title
        out += [(item, "clean", item.title, item.text),
                (item, "traditional", to_traditional(item.title), to_traditional(item.text)),
                (item, "spun", spin(item.title), spin(item.text)),
                (item, "pinyin", item.title, _pinyin(item.text)),
                (item, "truncated", item.title, item.text[:int(len(item.text) * TRUNCATE_SHARE)]),
                (item, "mistitled", borrowed, item.text)]
    return out


def macro_f1(gold: Sequence[str], predicted: Sequence[str]) -> float:
    labels = sorted(set(gold) | set(predicted))
    scores = []
    for label in labels:
        tp = sum(g == p == label for g, p in zip(gold, predicted, strict=True))
        fp = sum(p == label != g for g, p in zip(gold, predicted, strict=True))
        fn = sum(g == label != p for g, p in zip(gold, predicted, strict=True))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores) if scores else 0.0


def ece(confidences: Sequence[float], right: Sequence[bool], bins: int = ECE_BINS) -> float:
    """Expected calibration error: the bins' |accuracy - mean confidence|, weighed by their share."""
    total = 0.0
    for b in range(bins):
        members = [k for k, c in enumerate(confidences) if b / bins < c <= (b + 1) / bins or (b == 0 and c == 0)]
        if members:
            accuracy = sum(right[k] for k in members) / len(members)
            confidence = sum(confidences[k] for k in members) / len(members)
            total += len(members) / len(confidences) * abs(accuracy - confidence)
    return total


def run(half: str, model: cl.Model) -> dict:
    items = [item for item in texts() if half in ("all", item.half)]
    rows = []
    for item, noise, title, body in noisy(items):
        result = cl.classify_text(title, body, model)
        rows.append({"id": item.id, "trap": item.trap, "noise": noise, "genre": item.genre, "topic": item.topic,
                     "got_genre": result["genre"], "got_topic": result["topic"],
                     "confidence": result["genre_confidence"], "low": result["low_confidence"]})

    def figures(subset: list[dict]) -> dict:
        return {"n": len(subset),
                "genre_f1": round(macro_f1([r["genre"] for r in subset], [r["got_genre"] for r in subset]), 3),
                "topic_f1": round(macro_f1([r["topic"] for r in subset], [r["got_topic"] for r in subset]), 3)}

    by_noise = {noise: figures([r for r in rows if r["noise"] == noise]) for noise in NOISES}
    traps: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        traps[r["trap"]].append(r)
    by_trap = {trap: {"n": len(rs), "genre_ok": sum(r["genre"] == r["got_genre"] for r in rs),
                      "topic_ok": sum(r["topic"] == r["got_topic"] for r in rs)} for trap, rs in sorted(traps.items())}
    right = [r["genre"] == r["got_genre"] for r in rows]
    flagged = [r for r in rows if r["low"]]
    return {"half": half, **figures(rows), "by_noise": by_noise, "by_trap": by_trap,
            "genre_ece": round(ece([r["confidence"] for r in rows], right), 3),
            "low_confidence": {"n": len(flagged), "wrong": sum(r["genre"] != r["got_genre"] for r in flagged),
                               "wrong_unflagged": sum(not r["low"] and r["genre"] != r["got_genre"] for r in rows)},
            "rows": rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=(*HALVES, "all"), default="tune")
    parser.add_argument("--model", default=None)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--wrong", action="store_true", help="list the wrong rows (tune half only)")
    args = parser.parse_args()
    report = run(args.half, cl.load_model(args.model))
    rows = report.pop("rows")
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
        return
    print(f"{args.half}: n={report['n']} genre macro-F1 {report['genre_f1']} topic macro-F1 {report['topic_f1']} "
          f"genre ECE {report['genre_ece']} low_confidence {report['low_confidence']}")
    for noise, f in report["by_noise"].items():
        print(f"  {noise:12} genre {f['genre_f1']:.3f} topic {f['topic_f1']:.3f}")
    for trap, f in report["by_trap"].items():
        print(f"  {trap:12} genre {f['genre_ok']}/{f['n']} topic {f['topic_ok']}/{f['n']}")
    if args.wrong and args.half == "tune":
        for r in rows:
            if r["genre"] != r["got_genre"] or r["topic"] != r["got_topic"]:
                print(f"  {r['id']} {r['noise']:11} {r['genre']}/{r['topic']} -> {r['got_genre']}/{r['got_topic']}"
                      f" ({r['confidence']:.2f})")


if __name__ == "__main__":
    main()
