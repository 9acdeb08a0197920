"""Probe: how often the labelled title is among the title chooser's candidates (recall of the candidate set).

Usage:  .venv/bin/python bench/probe_title_candidates.py [--list] [--json]

Each page of the devset's DEV split goes through the page stages to ``split`` with a recording chooser
(``train_titles.Recorder``: the rules choose); every recorded document matched to a labelled one
(``train_titles.matched``) counts: *reachable* when one of its candidates, folded as the scorer folds
titles, is the labelled title (an empty label: the *no title* candidate), and *rules right* when the
rules' candidate is. ``--list`` prints the dev documents whose title no candidate holds (dev only: the
test split is never read here).
"""

from __future__ import annotations

import argparse
import json
import sys

from jianghua.training import train_titles
from jianghua.training.devset import fold


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--list", action="store_true", help="list the dev documents no candidate reaches")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    pages = [page for page in train_titles.training_pages() if page.devset is not None]
    documents = reachable = rules_right = 0
    missed: list[tuple[str, str, list[str]]] = []
    for page in pages:
        for cands, _x, title in train_titles.matched(page):
            texts = [fold(c.title.text) if c.title is not None else "" for c in cands]
            want = fold(title)
            documents += 1
            reachable += want in texts
            rules_right += texts[next(i for i, c in enumerate(cands) if c.rules)] == want
            if want not in texts:
                missed.append((page.group, title, [c.title.text if c.title else "<none>" for c in cands]))
    out = {"documents": documents, "reachable": reachable, "rules_right": rules_right}
    if args.json:
        json.dump(out, sys.stdout, ensure_ascii=False)
        print()
    else:
        print(f"documents {documents} · labelled title among the candidates {reachable} "
              f"({100 * reachable / max(documents, 1):.1f}%) · rules' candidate right {rules_right}")
    if args.list:
        for group, title, cands in missed:
            print(f"{group}\t{title!r}\t{cands}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
