"""Probe of who and where (issue 16): organization, positions, position counts, speaker, date_of_text.

Short pages written for this probe (none copied from a site or the devset; rows of bench/probe/who_where.tsv), each in the forms real pages use
(spun synonyms, traditional script, hard line breaks, full-width digits, Chinese numerals, masked names, a
unit named only in the title or the signature, a table of posts flattened into lines). Each page is run
through the whole pipeline (``process_page``), as ingest runs it; a case expects, per field, spans of its
text: a fact is *found* when an extracted value of that field has its evidence inside the span (compared
folded, as ``jianghua evaluate devset`` does); values of these fields whose evidence lies in no expected
span are *outside* (a precision loss) -- a case with ``[]`` for a field expects nothing there.

    python bench/probe_who_where.py [--verbose]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from jianghua.stages.runner import process_page
from jianghua.training.devset import fold, value_evidences
from probe_rows import probe_rows

FIELDS = ("organization", "positions", "position_counts.total", "position_counts.principal", "position_counts.deputy",
          "speaker", "date_of_text", "panel")

CASES_FILE = Path(__file__).parent / "probe" / "who_where.tsv"
HALVES = ("tune",)


def cases(path: Path = CASES_FILE) -> list[tuple[str, str, dict[str, list[str]]]]:
    """(name, page text, {field: [spans]}) of each row of ``path`` (bench/probe_rows.py reads it); a span
    not in its text stops naming the file and the case."""
    out = []
    for name, _half, text, facts in probe_rows(path, 4, 1, HALVES):
        raw = _unescape(text)
        expected: dict[str, list[str]] = {}
        for item in facts.split(" || ") if facts.strip() else []:
            field, span = item.split("=", 1)
            if _unescape(span) not in raw:
                raise SystemExit(f"{path}: span {span!r} is not in the text of {name}")
            expected.setdefault(field, []).append(_unescape(span))
        out.append((name, raw, expected))
    return out


def _unescape(text: str) -> str:
    return text.replace("\\n", "\n").replace("\\t", "\t")


CASES = cases()


def _field_of(name: str) -> str | None:
    for field in FIELDS:
        if name == field or name.startswith(field + "."):
            return field
    return None


def run(verbose: bool) -> tuple[Counter, Counter]:
    found, labelled, outside, values = Counter(), Counter(), Counter(), Counter()
    for name, text, expected in CASES:
        page = process_page(text.encode("utf-8"), f"{name}.txt")
        got: dict[str, list[str]] = {}
        for doc in page.documents:
            for field_name, evidences in value_evidences(doc.rules):
                field = _field_of(field_name)
                if field is None:
                    continue
                got.setdefault(field, []).extend(fold(e.get("text", "")) for e in evidences)
                values[field] += 1
                spans = [fold(s) for s in expected.get(field, [])]
                if not any(fold(e.get("text", "")) and fold(e.get("text", "")) in s for e in evidences for s in spans):
                    outside[field] += 1
                    if verbose:
                        print(f"  {name}: {field} outside: {evidences[0].get('text', '')!r}")
        for field, spans in expected.items():
            for span in spans:
                labelled[field] += 1
                hit = any(g and g in fold(span) for g in got.get(field, []))
                found[field] += hit
                if verbose and not hit:
                    print(f"  {name}: {field} missed: {span!r}")
    return Counter({f: (found[f], labelled[f]) for f in labelled}), Counter({f: (values[f] - outside[f], values[f]) for f in values})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    recall, precision = run(args.verbose)
    total_found = sum(v[0] for v in recall.values())
    total = sum(v[1] for v in recall.values())
    print(f"probe who/where: {len(CASES)} pages; facts found {total_found}/{total}")
    for field in FIELDS:
        if field in recall or field in precision:
            f, n = recall.get(field, (0, 0))
            p, v = precision.get(field, (0, 0))
            print(f"  {field:28s} found {f}/{n}   values in spans {p}/{v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
