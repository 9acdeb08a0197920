"""Probe: how many rule facts the extractors find in forms written for the probe (issue 16, item 3).

Usage:  .venv/bin/python bench/probe_rules.py [--half tune|hold|all] [--json] [--missed]

The devset's dev figures are saturated: its rules were written while reading the dev pages. This probe
holds short pages written for it (``bench/probe/rules.tsv``: a plan's numbered phases with their date
ranges, 其他条件 rows, negative lists 有下列情形之一的不得报名, terms 任期三年 / 聘期为2年 / 任期为三年到五年,
campaign figures beside narrative numbers, traditional script, spun synonyms, full-width digits, hard
line breaks, template blanks, masked figures), each with its facts as exact spans. Each page goes
through the whole pipeline (``runner.process_page``) and is scored by the devset scorer
(``training.devset.score_page``): *recall*, the facts an extracted evidence lies in; *precision*, the
extracted values of the probed fields (``PROBED``) whose evidence lies in a fact. A page with no facts
is a trap (narrative numbers, template blanks): every value of a probed field it yields is false.

With ``--settings bench/learned_only.toml`` the written rules of the fields the learned fact units give are
off: the learned units' own figure on forms written for the probe.

The cases come in two halves: ``tune`` (read while developing) and ``hold`` (only its figure is read).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from jianghua.stages.runner import SHIPPED, Models
from jianghua.stages.settings import Settings, load_settings
from jianghua.training.devset import LabelledDoc, LabelledPage, score_page
from jianghua.training.devset_cv import produced_of

HERE = Path(__file__).resolve().parent
CASES = HERE / "probe" / "rules.tsv"
HALVES = ("tune", "hold")
# The record fields the probe scores for precision (the fields of issue 16's "what, when and how many").
PROBED = ("eligibility", "stages", "timeline", "statistics", "cited_documents", "ratios_and_periods", "scoring",
          "thresholds")


@dataclass
class ProbeCase:
    id: str
    half: str
    raw: str
    facts: list[dict[str, str]]


def cases(path: Path = CASES) -> list[ProbeCase]:
    """The probe's cases; a fact span that is not in its text is an error of the file."""
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        case_id, half, text, *rest = line.split("\t")
        raw = text.replace("\\n", "\n") + "\n"
        facts = []
        for item in (rest[0].split(" || ") if rest and rest[0].strip() else []):
            field, span = item.split("=", 1)
            span = span.replace("\\n", "\n")
            if span not in raw:
                raise ValueError(f"{path.name}:{number}: span {span!r} is not in the text of {case_id}")
            facts.append({"field": field.strip(), "span": span, "value": ""})
        if half not in HALVES:
            raise ValueError(f"{path.name}:{number}: half {half!r} is not one of {HALVES}")
        out.append(ProbeCase(case_id, half, raw, facts))
    return out


def score(probe: list[ProbeCase], models: Models = SHIPPED, settings: Settings | None = None) -> dict[str, dict]:
    """Per half: facts found out of labelled, probed values in a fact out of extracted, and what was
    missed or false (only the ``tune`` half's are for reading)."""
    report: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="probe-rules-") as scratch:
        for case in probe:
            path = Path(scratch) / f"{case.id}.txt"
            path.write_text(case.raw, encoding="utf-8")
            title, body = case.raw.split("\n", 1)
            body = body.strip()
            doc = LabelledDoc(1, title, "", "", True, body[:12], body[-12:], case.facts)
            page = LabelledPage(case.id, path, case.raw, "probe", "simplified", [], [], [doc])
            result = score_page(page, produced_of(path, models, settings))
            half = report.setdefault(case.half, {"cases": 0, "facts": 0, "found": 0, "values": 0, "in_fact": 0,
                                                 "missed": [], "false": []})
            half["cases"] += 1
            for fact in result.facts:
                half["facts"] += 1
                half["found"] += fact["found"]
                if not fact["found"]:
                    half["missed"].append(f"{case.id} {fact['field']}: {fact['span']}")
            for value in result.values:
                if value["field"].split(".")[0] not in PROBED:
                    continue
                half["values"] += 1
                half["in_fact"] += value["in_fact"]
                if not value["in_fact"]:
                    half["false"].append(f"{case.id} {value['field']}: {value['text']}")
    for half in report.values():
        half["recall"] = round(half["found"] / half["facts"], 4) if half["facts"] else None
        half["precision"] = round(half["in_fact"] / half["values"], 4) if half["values"] else None
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=(*HALVES, "all"), default="all")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--missed", action="store_true", help="list the tune half's missed facts and false values")
    parser.add_argument("--settings", help="run the stages with the numbers this file sets (bench/learned_only.toml: "
                                           "the learned fact units alone on the fields they give)")
    args = parser.parse_args(argv)
    probe = [case for case in cases() if args.half in ("all", case.half)]
    report = score(probe, settings=load_settings(args.settings) if args.settings else None)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return 0
    for name in HALVES:
        if name not in report:
            continue
        half = report[name]
        print(f"{name}: {half['cases']} cases · facts found {half['found']}/{half['facts']} ({half['recall']}) · "
              f"values in a fact {half['in_fact']}/{half['values']} ({half['precision']})")
        if args.missed and name == "tune":
            for line in half["missed"]:
                print("  missed", line)
            for line in half["false"]:
                print("  false ", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
