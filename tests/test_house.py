"""The house's folders keep their order: imports flow from the interfaces down to the stages and the
shared basics (docs/pipeline.md, "The house"), read from every module's import statements."""

from __future__ import annotations

import ast
import re

from tests.conftest import ROOT

PACKAGE = ROOT / "pipeline"
BASICS = {"errors", "document", "offsets", "resources", "labels", "validate", "__init__"}
# the folders from the bottom up; a module may import its own folder and any folder of a lower rank
RANK = {"basics": 0, "stages": 1, "corpus": 1, "query": 2, "reuse": 2, "engines": 3, "training": 4, "interfaces": 5}
# ties between folders of one rank that run one way only
SIDEWAYS = {("reuse", "query")}  # the reuse listings filter documents and search as the queries do
# ties that run the other way, each inside a function (docs/pipeline.md says why)
IN_A_FUNCTION = {("query", "reuse"), ("reuse", "engines")}


def _folder(dotted: str) -> str:
    head = dotted.split(".")[0]
    if head in BASICS or head == "":
        return "basics"
    if head == "__main__":
        return "interfaces"
    return head


def _imports(path):
    """(target dotted name under jianghua, inside a function) for every import of the module at ``path``."""
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    package = parts[:-1]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    functions = {id(node) for fn in ast.walk(tree) if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef)
                 for node in ast.walk(fn)}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - (node.level - 1)]
            target = ".".join([*base, *([node.module] if node.module else [])])
            names = [target] if node.module else [".".join([*base, a.name]) for a in node.names]
            for name in names:
                yield name, id(node) in functions
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("jianghua."):
            yield node.module[len("jianghua."):], id(node) in functions


def test_imports_flow_from_the_interfaces_down():
    wrong = []
    modules = sorted(PACKAGE.rglob("*.py"))
    for path in modules:
        source = _folder(".".join(path.relative_to(PACKAGE).with_suffix("").parts))
        for target, in_function in _imports(path):
            folder = _folder(target)
            if folder == source or folder not in RANK or source not in RANK:
                continue
            if RANK[folder] < RANK[source] or (source, folder) in SIDEWAYS:
                continue
            if in_function and (source, folder) in IN_A_FUNCTION:
                continue
            wrong.append(f"{path.relative_to(ROOT)} ({source}) imports {target} ({folder})"
                         + (" inside a function" if in_function else ""))
    assert len(modules) > 80 and not wrong, "\n".join(wrong)


def test_the_stages_know_no_database_and_the_corpus_no_stage():
    for folder, other in (("stages", "corpus"), ("corpus", "stages")):
        for path in (PACKAGE / folder).rglob("*.py"):
            assert not [t for t, _ in _imports(path) if _folder(t) == other], path


# a statement's opening words, as SQL writes them (upper case; prose says "select from" in lower case)
_SQL_TEXT = re.compile(r"\b(?:SELECT\b[\s\S]*\bFROM|INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM"
                       r"|CREATE\s+(?:TEMP\s+|UNIQUE\s+)?(?:TABLE|INDEX|VIEW|TRIGGER)|DROP\s+(?:TABLE|INDEX))\b"
                       # and a WHERE clause's condition on an aliased column (d.genre = ?, f.path LIKE ?)
                       r"|\b[a-z]\.\w+\s*(?:=\s*\?|LIKE\b|IS\s+(?:NOT\s+)?NULL\b|IN\s*\()")
_RUNS_SQL = {"execute", "executemany", "executescript"}


def _sql_in(path):
    """Where the module at ``path`` runs SQL itself (a call of ``.execute``...) or writes it (a string, or
    the literal parts of an f-string, holding a statement's opening words): (line, what) each."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _RUNS_SQL:
            yield node.lineno, f".{node.func.attr}("
        elif isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
            if _SQL_TEXT.search(text):
                yield node.lineno, text[:60]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and _SQL_TEXT.search(node.value):
            yield node.lineno, node.value[:60]


def test_the_queries_and_interfaces_run_no_sql_of_their_own():
    """query/ and interfaces/ compose results from Corpus calls (corpus/reads.py holds their statements)."""
    found = [f"{path.relative_to(ROOT)}:{line}: {what}" for folder in ("query", "interfaces")
             for path in sorted((PACKAGE / folder).rglob("*.py")) for line, what in _sql_in(path)]
    assert not found, "\n".join(found)


def test_the_sql_finder_finds_sql(tmp_path):
    module = tmp_path / "m.py"
    module.write_text('db.execute(q)\nx = f"SELECT {c} FROM t"\ny = "INSERT OR REPLACE INTO meta VALUES (?)"\n'
                      'z = "select the rows from a list"\nw = "d.genre = ?"\nv = "x.path LIKE ?"\n'
                      'u = "the d.genre column is like a label"\n', encoding="utf-8")
    assert [line for line, _ in _sql_in(module)] == [1, 2, 3, 5, 6]
