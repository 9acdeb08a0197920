"""Put the tests in folders that mirror ``pipeline/`` (STYLE.md: tests mirror modules).

``tests/test_split.py`` tests ``pipeline/stages/split.py``, so it goes to ``tests/stages/``;
``tests/test_extract_meta.py`` tests ``pipeline/stages/extract/meta.py`` and goes to
``tests/stages/extract/``. A file keeps its name (the tier markers of ``tests/conftest.py``, the docs and
other branches name it so). The rule, for ``tests/test_NAME.py`` still in the flat folder:

1. ``PLACES`` names the folder of the tests that test no one module: the repository's own checks stay
   in ``tests/``, the others go where what they test lives (``hostile``: ingest's hostile inputs).
2. Else the module or package whose dotted path under ``pipeline/`` ends with NAME read with its
   underscores as dots, the longest such reading first (``extract_meta`` -> ``stages.extract.meta``,
   ``reuse_listing`` -> ``reuse.listing``, ``dates`` -> ``stages.dates``, the shallower of two).
3. Else the longest leading part of NAME naming one (``extract_golden`` -> ``stages.extract``,
   ``cli_hostile`` -> ``interfaces.cli``).

The folder is the module's own (a package's tests go into the package's folder: ``web`` ->
``tests/interfaces/web/``); a module at the top of ``pipeline/`` keeps its tests in ``tests/``. A file no
step places, or that two modules at one depth place, is reported and left where it is: add it to
``PLACES``. Each folder gets an ``__init__.py``. A moved file's ``Path(__file__)`` ups and relative
imports (``from .conftest import``) are rewritten for its depth, and every ``tests/test_NAME.py`` (or
``tests.test_NAME``) named in the code, the docs, the golden files and the configuration is rewritten
to the new place -- except in README.md, bench/README.md and corpora/README.md, which are reported.

Only files still in the flat folder are looked at, so it can be run again after merging a branch that
added tests there: it moves those and changes nothing else (a second run reports nothing to do).

    python tools/retest.py [--check]     # --check: list what it would do (exit 1 when anything)
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from rehouse import modules  # noqa: E402  (every module and package under pipeline/, as dotted names)

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "pipeline"
TESTS = ROOT / "tests"

# tests of no single module: test module name (without test_) -> folder under tests/ ("" stays)
PLACES: dict[str, str] = {
    "house": "", "lint": "", "docs": "", "readme": "", "retest": "",  # the repository's own checks (this rule too)
    "golden_seeds": "stages",  # the page pipeline on the seeds against their golden annotation
    "hostile": "engines",  # ingest of hostile files: one ledger row each, the run goes on
    "versions": "engines",  # ingest processes again the pages older stages made
    "sample_corpus": "engines",  # ingest of the bundled sample corpus, its sites' furniture learned
    "bench_corpus": "query",  # search and concordance on the bench corpus's text
    "bench_floor": "bench",  # the claims of bench/bench_floor.py
    "bench_reuse": "bench",  # bench/bench_reuse.py steps: a full build's last steps alone, rolled back
    "probe_furniture": "bench",  # bench/probe_furniture.py's pages and scoring
    "probe_rules": "bench",  # bench/probe_rules.py's cases and scoring
    "probe_rows": "bench",  # bench/probe_rows.py: the probes' row reader
    "probe_genre": "bench",  # bench/probe_genre.py's texts, noisy forms and scoring
    "probe_title_candidates": "bench",  # bench/probe_title_candidates.py: the title candidates' recall on dev
    "probe_who_where": "bench",  # bench/probe_who_where.py's cases, rows of bench/probe/who_where.tsv
    "pattern_timing": "stages",  # every pattern of the stages timed on long runs of one form (issue 15)
    "extract_evaluate": "training",  # rules records against a golden annotation: training.rules_eval
}
# text files that may name a test's path (the three READMEs are the lead's: reported, not rewritten)
TEXT_GLOBS = ("pipeline/**/*.py", "tests/**/*.py", "tests/golden/**/*.json", "docs/**/*.md", "docs/**/*.py",
              "bench/**/*.py", "tools/**/*.py", "models/**/*.md", "pyproject.toml", "Makefile", ".ci/run", "cli.py")
NOT_REWRITTEN = ("README.md", "bench/README.md", "corpora/README.md")


def _readings(name: str) -> list[str]:
    """NAME with each choice of its underscores read as dots, the most dots first."""
    pieces = name.split("_")
    out = []
    for mask in range(2 ** (len(pieces) - 1)):
        text = pieces[0]
        for i, piece in enumerate(pieces[1:]):
            text += ("." if mask >> i & 1 else "_") + piece
        out.append(text)
    return sorted(out, key=lambda t: -t.count("."))


def _ending_in(reading: str, known: set[str]) -> list[str]:
    return [m for m in known if m == reading or m.endswith("." + reading)]


def _folder_of(module: str, known: set[str]) -> str:
    """The tests folder of a module: a package's own folder, a module's parent package ('' the top)."""
    if module in known and (PACKAGE / module.replace(".", "/") / "__init__.py").exists():
        return module.replace(".", "/")
    return "/".join(module.split(".")[:-1])


def place(name: str, known: set[str]) -> tuple[str | None, str]:
    """(folder under tests/, why) for ``tests/test_NAME.py``; folder None when the rule cannot say."""
    if name in PLACES:
        return PLACES[name], "PLACES"
    pieces = name.split("_")
    candidates = [name] + ["_".join(pieces[:k]) for k in range(len(pieces) - 1, 0, -1)]  # whole name, then prefixes
    for candidate in candidates:
        for reading in _readings(candidate):
            found = _ending_in(reading, known)
            if not found:
                continue
            shallowest = min(m.count(".") for m in found)
            best = sorted(m for m in found if m.count(".") == shallowest)
            if len(best) > 1:
                return None, f"ambiguous: {', '.join(best)}"
            return _folder_of(best[0], known), f"pipeline/{best[0].replace('.', '/')}"
    return None, "no module of pipeline/ by that name: add it to PLACES in tools/retest.py"


_FILE_UPS = re.compile(r"Path\(__file__\)(?:\.resolve\(\))?(?P<ups>(?:\.parent(?!s))+|\.parents\[(?P<index>\d+)\])")
_RELATIVE = re.compile(r"^(?P<indent>\s*)from \.(?P<module>\w+) import ", re.M)


def rewrite_moved(text: str, depth: int) -> str:
    """A test file moved ``depth`` folders down: its ``Path(__file__)`` ups and relative imports."""
    def ups(match: re.Match[str]) -> str:
        n = int(match.group("index")) + 1 if match.group("index") is not None else match.group("ups").count(".parent")
        return f"Path(__file__).resolve().parents[{n + depth - 1}]"

    text = _FILE_UPS.sub(ups, text)
    return _RELATIVE.sub(lambda m: f"{m.group('indent')}from {'.' * (depth + 1)}{m.group('module')} import ", text)


def _git(*args: str) -> None:
    subprocess.run(["git", "-C", str(ROOT), *args], check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="list what would be done; exit 1 when anything")
    args = parser.parse_args()
    known = modules()
    moves: dict[str, str] = {}  # test module name -> folder
    unplaced: list[str] = []
    for path in sorted(TESTS.glob("test_*.py")):
        name = path.stem.removeprefix("test_")
        folder, why = place(name, known)
        if folder is None:
            unplaced.append(f"{path.relative_to(ROOT)}: {why}")
        elif folder:
            moves[name] = folder
            print(f"tests/{path.name} -> tests/{folder}/{path.name}  ({why})")
    for line in unplaced:
        print(f"not moved: {line}", file=sys.stderr)
    if args.check:
        return 1 if moves or unplaced else 0
    for name, folder in moves.items():
        target = TESTS / folder
        for level in range(1, len(Path(folder).parts) + 1):
            init = TESTS.joinpath(*Path(folder).parts[:level]) / "__init__.py"
            if not init.exists():
                init.parent.mkdir(parents=True, exist_ok=True)
                init.write_text("", encoding="utf-8")
                _git("add", str(init))
        moved = target / f"test_{name}.py"
        _git("mv", str(TESTS / f"test_{name}.py"), str(moved))
        moved.write_text(rewrite_moved(moved.read_text(encoding="utf-8"), len(Path(folder).parts)), encoding="utf-8")
    if moves:
        pattern = re.compile(r"\btests([/.])test_(" + "|".join(map(re.escape, sorted(moves, key=len, reverse=True)))
                             + r")\b(?![\w])")

        def renamed(match: re.Match[str]) -> str:
            sep, name = match.group(1), match.group(2)
            return f"tests{sep}{moves[name].replace('/', sep)}{sep}test_{name}"

        texts = {p for glob in TEXT_GLOBS for p in ROOT.glob(glob)
                 if p.is_file() and ".venv" not in p.parts and p != Path(__file__).resolve()}  # its examples stay
        for path in sorted(texts):
            text = path.read_text(encoding="utf-8")
            new = pattern.sub(renamed, text)
            if new != text:
                path.write_text(new, encoding="utf-8")
                print(f"rewrote test paths in {path.relative_to(ROOT)}")
        for name in NOT_REWRITTEN:
            readme = ROOT / name
            if readme.is_file() and pattern.search(readme.read_text(encoding="utf-8")):
                print(f"names a moved test (not rewritten, update it by hand): {name}", file=sys.stderr)
    if not moves and not unplaced:
        print("nothing to move: every test file is in its folder")
    return 1 if unplaced else 0


if __name__ == "__main__":
    sys.exit(main())
