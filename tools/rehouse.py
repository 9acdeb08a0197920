"""Bring code written against the flat ``pipeline/`` (before the house's folders) to the folders.

The modules moved (``MOVES``: old name -> new name, both relative to the package ``jianghua``); code
written on a branch started before the move still imports the old names. After merging such a branch,
this rewrites, in place:

- relative imports in ``pipeline/`` (``from .clean import x`` in a module that now lives in
  ``pipeline/stages/``, or ``from .store import Corpus`` in a module that stayed), read from the place
  the module had before the move and written from the place it has now;
- ``jianghua.<old name>`` in ``tests/``, ``bench/`` and ``docs/*.py`` (imports, ``monkeypatch`` targets,
  ``python -m`` lines).

An import that already names a module of the folders is left as it is, so running it twice changes
nothing. ``--move old=new`` moves a module added by such a branch (``git mv``) before rewriting, e.g.
``--move title_chooser=stages.title_chooser``. ``--check`` only lists what it would change (exit 1 when
anything). Conflicts of a merge are not resolved here: take the branch's side of a conflicting import
block, then run this.

    python tools/rehouse.py [--check] [--move OLD=NEW ...]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "pipeline"

STAGE_MODULES = ("decode", "repair", "normalize", "clean", "lines", "screens", "split", "boundaries", "headings",
                 "titles", "structure", "segment", "dates", "classify", "extract")
MOVES: dict[str, str] = {
    "stages": "stages.runner",
    **{name: f"stages.{name}" for name in STAGE_MODULES},
    "store": "corpus.store", "ledger": "corpus.ledger",
    "query": "query.search", "textstat": "query.textstat", "browse": "query.browse", "export": "query.export",
    "filters": "query.filters",
    "ingest": "engines.ingest", "pool": "engines.pool", "distributed": "engines.distributed",
    "train": "training.train", "train_lines": "training.train_lines", "classify_eval": "training.classify_eval",
    "devset": "training.devset", "extract.evaluate": "training.rules_eval",
    "cli": "interfaces.cli", "cli_research": "interfaces.cli_research", "web": "interfaces.web",
}
# names that moved from one module to another in the same change
NAMES = {("training.train", "train"): "training.classify_eval"}

_IMPORT = re.compile(r"^(?P<indent>\s*)from (?P<dots>\.+)(?P<module>[\w.]*) import (?P<names>.+)$")


def modules() -> set[str]:
    """Every module and package of the tree as it is, as dotted names under ``jianghua`` ('' the package)."""
    found = set()
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found.add(".".join(parts))
    return found


def moved(old: str) -> str:
    """An old dotted name at its new place (the longest moved prefix); itself when it did not move."""
    parts = old.split(".")
    for n in range(len(parts), 0, -1):
        head = ".".join(parts[:n])
        if head in MOVES:
            return ".".join([MOVES[head], *parts[n:]])
    return old


def old_place(new: str) -> str:
    """Where a module of the tree was before the move (itself when it did not move)."""
    for old, target in MOVES.items():
        if new == target or new.startswith(target + "."):
            return old + new[len(target):]
    return new


def resolve(package: str, dots: int, rest: str) -> str | None:
    parts = package.split(".") if package else []
    if dots - 1 > len(parts):
        return None
    base = parts[: len(parts) - (dots - 1)]
    return ".".join([*base, *([rest] if rest else [])])


def relative(package: str, target: str) -> str:
    a = package.split(".") if package else []
    b = target.split(".") if target else []
    common = 0
    while common < min(len(a), len(b)) and a[common] == b[common]:
        common += 1
    return "." * (len(a) - common + 1) + ".".join(b[common:])


def _names(text: str) -> list[tuple[str, str]]:
    return [(item.partition(" as ")[0].strip(), item.partition(" as ")[2].strip()) for item in text.split(",") if item.strip()]


def rewrite_line(line: str, new_package: str, old_package: str, tree: set[str]) -> str:
    match = _IMPORT.match(line)
    if not match or match["names"].startswith("("):
        return line if not match else _rewrite_module(line, match, new_package, old_package, tree)
    indent, dots, module, names = match["indent"], len(match["dots"]), match["module"], match["names"]
    comment = ""
    if "#" in names:
        names, _, rest = names.partition("#")
        names, comment = names.rstrip(), "  #" + rest
    here = resolve(new_package, dots, module)
    if module == "":  # from . import a, b: each a module (or a name of the package)
        groups: dict[str, list[str]] = {}
        for name, alias in _names(names):
            if here is not None and ".".join(x for x in (here, name) if x) in tree:
                target, leaf = here, name
            else:
                then = resolve(old_package, dots, "")
                full = moved(".".join(x for x in (then, name) if x)) if then is not None else None
                if full is None or full not in tree:
                    target, leaf = here or "", name
                else:
                    target, _, leaf = full.rpartition(".")
            shown = leaf + (f" as {alias}" if alias else (f" as {name}" if leaf != name else ""))
            groups.setdefault(target, []).append(shown)
        out = [f"{indent}from {relative(new_package, target)} import {', '.join(items)}" for target, items in groups.items()]
        out[0] += comment
        return "\n".join(out)
    return _rewrite_module(line, match, new_package, old_package, tree)


def _rewrite_module(line: str, match: re.Match[str], new_package: str, old_package: str, tree: set[str]) -> str:
    dots, module = len(match["dots"]), match["module"]
    here = resolve(new_package, dots, module)
    names = match["names"].split("#")[0]
    imported = [name for name, _ in _names(names.strip("() "))]
    if here is not None and here in tree and not (here in MOVES and not any(f"{here}.{n}" in tree for n in imported)):
        return line  # names a module of the folders (a moved package's own submodules included)
    then = resolve(old_package, dots, module)
    if then is None or moved(then) not in tree:
        return line
    return _split(match["indent"], moved(then), match["names"], lambda target: relative(new_package, target))


def _split(indent: str, target: str, names: str, spell) -> str:
    """``from <target> import names``, one line per module when some names moved on their own (``NAMES``)."""
    items = names.split("#")[0].strip()
    if items.startswith("(") or not any((target, name) in NAMES for name, _ in _names(items)):
        return f"{indent}from {spell(target)} import {names}"
    groups: dict[str, list[str]] = {}
    for name, alias in _names(items):
        groups.setdefault(NAMES.get((target, name), target), []).append(name + (f" as {alias}" if alias else ""))
    return "\n".join(f"{indent}from {spell(module)} import {', '.join(group)}" for module, group in groups.items())


_ABSOLUTE_FROM = re.compile(r"^(?P<indent>\s*)from jianghua import (?P<names>[^(#]+?)(?P<comment>\s*#.*)?$")
_MODULE_FROM = re.compile(r"^(?P<indent>\s*)from jianghua\.(?P<module>[\w.]+) import (?P<names>.*)$")
_DOTTED = re.compile(r"\bjianghua\.([a-z_]+(?:\.[a-z_]+)*)")


def rewrite_outside(text: str, tree: set[str]) -> str:
    """tests/, bench/, docs/*.py: ``from jianghua import X`` and ``jianghua.X.Y`` with X an old name."""
    out = []
    for line in text.split("\n"):
        match = _ABSOLUTE_FROM.match(line)
        if match:
            groups: dict[str, list[str]] = {}
            for name, alias in _names(match["names"]):
                full = name if name in tree and name not in MOVES else moved(name)
                parent, _, leaf = full.rpartition(".")
                alias = alias or (name if leaf != name else "")
                groups.setdefault(parent, []).append(leaf + (f" as {alias}" if alias else ""))
            lines = [f"{match['indent']}from {'jianghua.' + parent if parent else 'jianghua'} import {', '.join(items)}"
                     for parent, items in groups.items()]
            lines[0] += match["comment"] or ""
            out.append("\n".join(lines))
            continue

        match = _MODULE_FROM.match(line)
        if match:
            module = match["module"]
            imported = [name for name, _ in _names(match["names"].split("#")[0].strip("() "))]
            if module in tree and (module not in MOVES or any(f"{module}.{n}" in tree for n in imported)):
                out.append(line)
                continue
            target = moved(module)
            out.append(_split(match["indent"], target, match["names"], lambda m: f"jianghua.{m}") if target in tree else line)
            continue

        def dotted(found: re.Match[str]) -> str:
            name = found.group(1)
            if name in tree and name.split(".")[0] not in MOVES:
                return found.group(0)
            parts = name.split(".")
            for n in range(len(parts), 0, -1):  # the longest prefix that is a module now
                if ".".join(parts[:n]) in tree and ".".join(parts[:n]) not in MOVES:
                    return found.group(0)
                if ".".join(parts[:n]) in MOVES:
                    new = moved(".".join(parts[:n]))
                    rest = parts[n:]
                    if rest and f"{new}.{rest[0]}" not in tree:  # a name in the module: maybe moved on its own
                        new = NAMES.get((new, rest[0]), new)
                    return "jianghua." + ".".join([new, *rest])
            return found.group(0)

        out.append(line if "jianghua.db" in line else _DOTTED.sub(dotted, line))
    return "\n".join(out)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--move", action="append", default=[], metavar="OLD=NEW")
    args = parser.parse_args(argv)
    for spec in args.move:
        old, _, new = spec.partition("=")
        source, target = PACKAGE / f"{old.replace('.', '/')}.py", PACKAGE / f"{new.replace('.', '/')}.py"
        if source.exists() and not args.check:
            subprocess.run(["git", "mv", str(source), str(target)], cwd=ROOT, check=True)
        MOVES[old] = new
    tree = modules()
    changed = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        name = ".".join(parts[:-1] if is_package else parts)
        new_package = name if is_package else name.rpartition(".")[0]
        old = old_place(name)
        old_package = old if is_package else old.rpartition(".")[0]
        text = path.read_text(encoding="utf-8")
        new = "\n".join(rewrite_line(line, new_package, old_package, tree) for line in text.split("\n"))
        if new != text:
            changed.append(path)
            if not args.check:
                path.write_text(new, encoding="utf-8")
    outside = [*(ROOT / "tests").rglob("*.py"), *(ROOT / "bench").rglob("*.py"), *(ROOT / "docs").glob("*.py")]
    for path in sorted(outside):
        text = path.read_text(encoding="utf-8")
        new = rewrite_outside(text, tree)
        if new != text:
            changed.append(path)
            if not args.check:
                path.write_text(new, encoding="utf-8")
    for path in changed:
        print(("would rewrite " if args.check else "rewrote ") + str(path.relative_to(ROOT)))
    if changed and not args.check:
        print("then: ruff check --fix --select I pipeline tests bench docs (import order)")
    return 1 if changed and args.check else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
