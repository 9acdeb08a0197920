"""The dev split rewritten the ways real pages differ from it (devset FIELD-NOTES.md), to measure how
well the rule extractors generalize beyond the phrasing they were written against.

Usage:  .venv/bin/python bench/devset_variants.py --out /tmp/variants [--root ../shared/devset]
        .venv/bin/jianghua evaluate devset --root /tmp/variants/<variant> --split dev --json

Each variant is a devset folder (``pages/`` and ``labels/``, dev pages only) in ``--out``:

- ``traditional``: the page converted to traditional script (OpenCC s2t);
- ``fullwidth``: every ASCII digit written full-width (３５周岁);
- ``wrapped``: every line longer than 40 characters broken every 29 (a fixed-width page: 35周岁以\\n下);
  with ``--wrap-at 23 35 ...`` also ``wrapped23``, ``wrapped35``: the same at other widths (every line
  longer than the width plus a third broken at it); with ``--ragged``, ``ragged``: lines broken every
  26 to 32 characters (the width drawn per line from a fixed seed), a line end never leaving a
  full-width punctuation mark to open the next line (it stays at the end of the line, one longer:
  the rule fixed-width pages set Chinese by);
- ``spun``: words replaced by a spinner's synonyms (工作→事情, 公开→果真, 结束→竣事; classify/spun_words.tsv
  read backwards), in the page and in the labels alike;
- ``numerals``: small figures before a unit (3年, 45周岁, 20天, 5名) written in Chinese numerals, in the page
  and in the labels alike.

The evaluation folds script, width and line breaks away, so the first three change the page only; the
last two change the label spans with the page (a fact whose span no longer stands in the page is
dropped and counted). Nothing is written into the repository: the variants are built from
../shared/devset at run time.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections.abc import Callable
from pathlib import Path

from jianghua import resources
from jianghua.training.devset import page_split

WRAP_AT = 29
WRAP_LONGER_THAN = 40
RAGGED_WIDTHS = (26, 32)
RAGGED_SEED = 15
# what a line of Chinese set at a fixed width never begins with: the mark stays at the end of the line before
_NO_LINE_START = "，。、；：！？）」』”’》〉】…"
_DIGITS = "0123456789"
_FULL = "０１２３４５６７８９"
_UNIT = r"(?=\s*(?:个)?(?:年|周岁|岁|名|人|天|个月|月|次|项|分钟|位|个工作日))"
_SMALL = re.compile(rf"(?<![0-9.：:／/-])([1-9][0-9]?)(?![0-9.]){_UNIT}")
_NUMERALS = "零一二三四五六七八九"
# the spinner's words that change no length (the extractor's unspinning keeps offsets; a longer word it leaves)
_SPUN_KINDS = ("always", "sign", "word")


def _numeral(number: int) -> str:
    tens, units = divmod(number, 10)
    if tens == 0:
        return _NUMERALS[units]
    return ("" if tens == 1 else _NUMERALS[tens]) + "十" + (_NUMERALS[units] if units else "")


def _spinner() -> Callable[[str], str]:
    pairs = []
    for line in resources.read_text("classify/spun_words.tsv").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        spun, original, kind = line.split("\t")[:3]
        if kind in _SPUN_KINDS:
            pairs.append((original, spun))
    pairs.sort(key=lambda pair: len(pair[0]), reverse=True)
    table = dict(pairs)
    pattern = re.compile("|".join(re.escape(original) for original, _spun in pairs))
    return lambda text: pattern.sub(lambda match: table[match.group()], text)


def _wrap(text: str) -> str:
    lines = []
    for line in text.split("\n"):
        if len(line) <= WRAP_LONGER_THAN:
            lines.append(line)
        else:
            lines += [line[at:at + WRAP_AT] for at in range(0, len(line), WRAP_AT)]
    return "\n".join(lines)


def _wrap_at(width: int) -> Callable[[str], str]:
    """Every line longer than ``width`` and a third broken every ``width`` characters."""
    longer_than = width + width // 3

    def wrap(text: str) -> str:
        lines = []
        for line in text.split("\n"):
            if len(line) <= longer_than:
                lines.append(line)
            else:
                lines += [line[at:at + width] for at in range(0, len(line), width)]
        return "\n".join(lines)

    return wrap


def _ragged(text: str) -> str:
    """Every line longer than 40 characters broken every 26 to 32 (the width drawn from a seeded
    generator, the same pages every run); a full-width mark that would open a line ends the one before."""
    draw = random.Random(RAGGED_SEED)
    lines = []
    for line in text.split("\n"):
        if len(line) <= WRAP_LONGER_THAN:
            lines.append(line)
            continue
        at = 0
        while at < len(line):
            end = at + draw.randint(*RAGGED_WIDTHS)
            while end < len(line) and line[end] in _NO_LINE_START:
                end += 1
            lines.append(line[at:end])
            at = end
    return "\n".join(lines)


def variants(wrap_at: tuple[int, ...] = (), ragged: bool = False) -> dict[str, tuple[Callable[[str], str], bool]]:
    """Each variant: its rewrite, and whether the labels are rewritten with the page (``wrap_at``: more
    widths to wrap at, ``ragged``: the ragged wrap too)."""
    import opencc

    to_traditional = opencc.OpenCC("s2t")
    found: dict[str, tuple[Callable[[str], str], bool]] = {
        "traditional": (to_traditional.convert, False),
        "fullwidth": (lambda text: text.translate(str.maketrans(_DIGITS, _FULL)), False),
        "wrapped": (_wrap, False),
        "spun": (_spinner(), True),
        "numerals": (lambda text: _SMALL.sub(lambda match: _numeral(int(match.group(1))), text), True),
    }
    for width in wrap_at:
        found[f"wrapped{width}"] = (_wrap_at(width), False)
    if ragged:
        found["ragged"] = (_ragged, False)
    return found


def build(root: Path, out: Path, wrap_at: tuple[int, ...] = (), ragged: bool = False,
          only: tuple[str, ...] = ()) -> dict[str, int]:
    """Write every variant of the dev split under ``out`` (``only``: those named); the number of facts
    each dropped."""
    dropped: dict[str, int] = {}
    for name, (rewrite, in_labels) in variants(wrap_at, ragged).items():
        if only and name not in only:
            continue
        folder = out / name
        (folder / "pages").mkdir(parents=True, exist_ok=True)
        (folder / "labels").mkdir(parents=True, exist_ok=True)
        dropped[name] = 0
        for label_path in sorted((root / "labels").glob("*.json")):
            if page_split(label_path.stem) != "dev":
                continue
            label = json.loads(label_path.read_text(encoding="utf-8"))
            page = rewrite((root / "pages" / f"{label_path.stem}.txt").read_text(encoding="utf-8"))
            if in_labels:
                label["furniture_lines"] = [rewrite(line) for line in label.get("furniture_lines", [])]
                for doc in label["documents"]:
                    for key in ("title", "first", "last"):
                        doc[key] = rewrite(doc.get(key, ""))
                    kept = []
                    for fact in doc["facts"]:
                        fact["span"] = rewrite(fact["span"])
                        if fact["span"] in page:
                            kept.append(fact)
                        else:
                            dropped[name] += 1
                    doc["facts"] = kept
            (folder / "pages" / f"{label_path.stem}.txt").write_text(page, encoding="utf-8")
            (folder / "labels" / label_path.name).write_text(json.dumps(label, ensure_ascii=False), encoding="utf-8")
    return dropped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=str(Path(__file__).resolve().parents[2] / "shared" / "devset"))
    parser.add_argument("--out", required=True)
    parser.add_argument("--wrap-at", type=int, nargs="*", default=[], metavar="WIDTH",
                        help="also wrapped<WIDTH>: the page broken at these widths")
    parser.add_argument("--ragged", action="store_true", help="also ragged: broken every 26-32, marks kept at line ends")
    parser.add_argument("--only", nargs="*", default=[], metavar="VARIANT", help="build only these variants")
    args = parser.parse_args()
    dropped = build(Path(args.root), Path(args.out), tuple(args.wrap_at), args.ragged, tuple(args.only))
    print(json.dumps({"facts_dropped": dropped}, ensure_ascii=False))


if __name__ == "__main__":
    main()
