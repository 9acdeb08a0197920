"""Probe: how much furniture the clean stage removes on sites it has never seen.

Usage:  .venv/bin/python bench/probe_furniture.py [--half tune|hold|all] [--json] [--left] [--model PATH|none]

The devset's dev figures flatter the clean stage: its pattern rows were written while reading the dev
pages. This probe builds pages the way ``../shared/devset/FIELD-NOTES.md`` describes real sites, with
furniture strings written for it (``bench/probe/furniture.tsv``: navigation bars, breadcrumbs, site
names, decorated page titles, metadata lines, doc-sharing notices, truncation and paywall lines, reader
controls, related lists, share rows, footers, editors' leads, captions; tables of contents listing the
text's own headings with no 目录 line) and made-up site names, around
the bodies of the devset's DEV pages (read at run time, never copied): furniture above the title,
between the title and the text, below the text. Each page goes through the whole pipeline
(``runner.process_page``) and is scored by the devset scorer (``training.devset.score_page``): the
share of probe furniture lines out of the documents and of body characters lost.

The strings come in two halves: ``tune`` (its lines may be read while developing) and ``hold`` (only
its figure is read), so the held-out half says how a mend generalizes to strings nobody read.
Generation is seeded: the same devset gives the same pages.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from jianghua.stages import lines
from jianghua.stages.runner import SHIPPED, Models
from jianghua.training.devset import LabelledDoc, LabelledPage, labelled_bodies, load_devset, score_page
from jianghua.training.devset_cv import produced_of
from probe_rows import probe_rows

HERE = Path(__file__).resolve().parent
STRINGS = HERE / "probe" / "furniture.tsv"
HALVES = ("tune", "hold")
WHERE = ("head", "top", "mid", "tail")
SEED = 15
# categories whose templates go on a page together, in file order
LISTS = ("related", "titlelist", "jindex", "jenglish", "jcite", "docinfo", "sidebarh", "sidebaru", "tocx", "comments",
         "prevnext", "footblock", "qa", "wrapped", "headlist", "jrecord")
# bodies shorter than this (stubs) are left out: a page of furniture around a line says little
MIN_BODY_CHARS = 120

# a heading's marker, for the probe's tables of contents (its own look, not the pipeline's)
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d+[.、．])")
# made-up site names: a pair of syllables and a suffix, each half with its own pools
SITE_PARTS = {
    "tune": (("青禾", "墨渊", "云笺", "拾穗", "知行", "启航"), ("网", "文库", "范文网", "书屋", "资料站")),
    "hold": (("星澜", "鹿鸣", "锦程", "瀚海", "松风", "观澜"), ("文档网", "学习网", "公文网", "文秘站", "阁")),
}
SURNAMES = {"tune": "林许韩邓", "hold": "程苏叶范"}
GIVEN = {"tune": ("晓舟", "立新", "雨桐"), "hold": ("明远", "佳怡", "振华")}
LATIN = {"tune": ("qinghe", "moyuan"), "hold": ("xinglan", "luming")}
KEYWORDS = {"tune": ("竞聘演讲稿", "动员会讲话", "挂职工作总结"), "hold": ("选拔工作方案", "干部大会发言", "述职报告范文")}


@dataclass(frozen=True)
class Template:
    category: str
    half: str
    where: str
    text: str


def templates(path: Path = STRINGS) -> list[Template]:
    out = []
    for category, half, where, text in probe_rows(path, 4, 1, HALVES):
        if where not in WHERE:
            raise SystemExit(f"{path}: row {category}/{half}: place {where!r} is none of {', '.join(WHERE)}")
        out.append(Template(category, half, where, text))
    return out


@dataclass
class ProbePage:
    id: str
    half: str
    raw: str
    furniture: list[tuple[str, str]]  # (line, category) in page order
    doc: LabelledDoc


def _fill(template: Template, rng: random.Random, title: str, site: str) -> str:
    half = template.half
    values = {
        "site": site,
        "title": title,
        "kw": rng.choice(KEYWORDS[half]),
        "n": str(rng.randint(120, 9800)),
        "m": str(rng.randint(9900, 19800)),
        "k": str(rng.randint(2, 9)),
        "date": f"{rng.randint(2012, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "time": f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}",
        "person": rng.choice(SURNAMES[half]) + rng.choice(GIVEN[half]),
        "year": str(rng.randint(2008, 2024)),
        "slash": f"{rng.randint(2012, 2024)}/{rng.randint(1, 12)}/{rng.randint(1, 28)}",
        "latin": rng.choice(LATIN[half]),
    }
    return template.text.format(**values)


def _site(rng: random.Random, half: str) -> str:
    first, suffixes = SITE_PARTS[half]
    return rng.choice(first) + rng.choice(suffixes)


def build_page(page_id: str, half: str, title: str, body: str, rng: random.Random, pool: list[Template]) -> ProbePage:
    """One probe page: furniture of ``half`` above the title, between it and ``body``, and below it."""
    site = _site(rng, half)
    by_where: dict[str, dict[str, list[Template]]] = {where: {} for where in WHERE}
    for template in pool:
        if template.half == half:
            by_where[template.where].setdefault(template.category, []).append(template)
    furniture: list[tuple[str, str]] = []
    out: list[str] = []

    def place(where: str, low: int, high: int) -> None:
        categories = sorted(by_where[where])
        for category in rng.sample(categories, min(len(categories), rng.randint(low, high))):
            if category in LISTS:  # a header and the titles under it, or a list of titles: together
                chosen = by_where[where][category]
            else:
                chosen = [rng.choice(by_where[where][category])]
            for template in chosen:
                text = _fill(template, rng, title, site)
                out.append(text)
                furniture.append((text, category))

    place("head", 2, 4)
    if title:
        out.append(title)
    place("top", 0, 2)
    headings = [line for line in body.split("\n") if _HEADING.match(line) and len(line) <= 30 and "。" not in line]
    if len(headings) >= 3 and rng.random() < 0.5:  # a table of contents with no 目录 line: the text's headings
        for line in headings[:8]:
            out.append(line)
            furniture.append((line, "toc"))
    body_lines = body.split("\n")
    middle = [i for i in range(1, len(body_lines)) if len(body_lines[i - 1]) >= 20 and body_lines[i - 1][-1] in "。！？；"]
    if middle and rng.random() < 0.5:  # a page marker or a hidden-text notice between two paragraphs
        at = rng.choice(middle)
        head, tail = body_lines[:at], body_lines[at:]
        out.extend(head)
        place("mid", 1, 1)
        out.extend(tail)
    else:
        out.extend(body_lines)
    place("tail", 2, 4)
    raw = "\n".join(out) + "\n"
    first, last = _anchors(body)
    return ProbePage(page_id, half, raw, furniture, LabelledDoc(1, title, "", "", True, first, last, []))


def _anchors(body: str) -> tuple[str, str]:
    stripped = body.strip()
    return stripped[:12], stripped[-12:]


def probe_pages(devset: Path, halves: tuple[str, ...] = HALVES) -> list[ProbePage]:
    """One probe page per half and per document of the devset's dev pages (``MIN_BODY_CHARS``)."""
    pool = templates()
    pages = []
    for labelled in load_devset(devset, "dev"):
        for doc, body in zip(labelled.documents, labelled_bodies(labelled), strict=True):
            if len(body.strip()) < MIN_BODY_CHARS:
                continue
            for half in halves:
                rng = random.Random(f"{SEED}:{labelled.id}:{doc.ordinal}:{half}")
                pages.append(build_page(f"probe-{labelled.id}-{doc.ordinal}-{half}", half, doc.title, body.strip(),
                                        rng, pool))
    return pages


def score(pages: list[ProbePage], models: Models = SHIPPED) -> dict[str, dict]:
    """Per half: probe furniture lines out of the documents, by category, body characters lost, and the
    lines left (only the ``tune`` half's are for reading)."""
    report: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="probe-furniture-") as scratch:
        for page in pages:
            path = Path(scratch) / f"{page.id}.txt"
            path.write_text(page.raw, encoding="utf-8")
            labelled = LabelledPage(page.id, path, page.raw, "probe", "simplified", [],
                                    [line for line, _category in page.furniture], [page.doc])
            result = score_page(labelled, produced_of(path, models))
            half = report.setdefault(page.half, {"pages": 0, "furniture": 0, "removed": 0, "body_chars": 0,
                                                 "body_lost": 0, "by_category": {}, "left": []})
            half["pages"] += 1
            left = Counter(result.furniture_left)
            for line, category in page.furniture:
                tally = half["by_category"].setdefault(category, [0, 0])
                tally[1] += 1
                half["furniture"] += 1
                if left[line.strip()]:
                    left[line.strip()] -= 1
                    half["left"].append((page.id, category, line))
                else:
                    tally[0] += 1
                    half["removed"] += 1
            half["body_chars"] += result.body_chars
            half["body_lost"] += result.body_lost
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devset", default=str(HERE.parent.parent / "shared" / "devset"))
    parser.add_argument("--half", choices=(*HALVES, "all"), default="all")
    parser.add_argument("--model", help="a line model JSON file, or 'none' for the high-precision layer alone")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--left", action="store_true", help="print the tune half's furniture lines left")
    args = parser.parse_args()
    models = SHIPPED
    if args.model == "none":
        models = Models(line_model=None)
    elif args.model:
        models = Models(line_model=lines.model_from_dict(json.loads(Path(args.model).read_text(encoding="utf-8")),
                                                         args.model))
    halves = HALVES if args.half == "all" else (args.half,)
    report = score(probe_pages(Path(args.devset), halves), models)
    if args.json:
        json.dump({h: {k: v for k, v in r.items() if k != "left" or h == "tune"} for h, r in report.items()},
                  sys.stdout, ensure_ascii=False, indent=1)
        print()
        return
    for half, r in report.items():
        cats = " ".join(f"{c} {a}/{b}" for c, (a, b) in sorted(r["by_category"].items()))
        print(f"{half}: {r['pages']} pages · furniture removed {r['removed']}/{r['furniture']} "
              f"({r['removed'] / max(r['furniture'], 1):.1%}) · body lost {r['body_lost']}/{r['body_chars']} "
              f"({r['body_lost'] / max(r['body_chars'], 1):.2%})")
        if half == "tune":  # the held-out half is read as a total only
            print(f"  {cats}")
        if args.left and half == "tune":
            for page_id, category, line in r["left"]:
                print(f"  left {category:10s} {page_id}: {line}")


if __name__ == "__main__":
    main()
