"""Input validation shared by the CLI and the web (``jianghua.validate``), the query parser's limits, and
the register of error codes (every code raised under pipeline/ is in ``jianghua.errors``)."""

from __future__ import annotations

import os
import re
import time

import pytest
from jianghua import validate
from jianghua.errors import ALL_CODES, COMMAND_CODES, EXIT_STATUS, Exit, JianghuaError
from jianghua.query.search import parse_query

from tests.conftest import ROOT


def _code(call) -> str:
    with pytest.raises(JianghuaError) as caught:
        call()
    return caught.value.code


@pytest.mark.parametrize(("value", "low", "high", "expected"), [
    (0, 0, 10, 0), (10, 0, 10, 10), ("7", 0, 10, 7), (" 7 ", 0, 10, 7), ("+7", 0, 10, 7), ("-3", -5, 0, -3),
    (-1, 0, 10, "Q733"), (11, 0, 10, "Q733"), ("-1", 0, 10, "Q733"),
    ("²", 0, 10, "Q733"),  # str.isdigit() is True, int() fails: the web's old 500
    ("٣", 0, 10, "Q733"),  # Arabic-Indic 3: int() accepts it, a URL parameter should not
    ("1e23", 0, validate.MAX_COUNT, "Q733"), ("", 0, 10, "Q733"), ("abc", 0, 10, "Q733"), ("1.5", 0, 10, "Q733"),
    (10**23, 0, validate.MAX_COUNT, "Q733"), ("99999999999999999999999", 0, validate.MAX_COUNT, "Q733"),
    (True, 0, 10, "Q733"), (None, 0, 10, "Q733"), (2.0, 0, 10, "Q733"),
])
def test_whole_number(value, low, high, expected):
    if isinstance(expected, str):
        assert _code(lambda: validate.whole_number("--limit", value, low, high)) == expected
    else:
        assert validate.whole_number("--limit", value, low, high) == expected


def test_a_number_error_names_the_option_and_the_range():
    with pytest.raises(JianghuaError) as caught:
        validate.whole_number("--offset", -4)
    assert str(caught.value) == (f"[Q733] --offset must be a whole number from 0 to {validate.MAX_COUNT}, not -4"
                                 " (out of range)")


@pytest.mark.parametrize(("value", "expected"), [(None, None), ("", None), (2014, 2014), ("2014", 2014), (1, 1),
                                                 (9999, 9999), (0, "Q733"), (10000, "Q733"), ("²", "Q733"),
                                                 (10**23, "Q733")])
def test_year(value, expected):
    if expected == "Q733":
        assert _code(lambda: validate.year(value)) == "Q733"
    else:
        assert validate.year(value) == expected


def test_one_of_lists_the_valid_values():
    assert validate.one_of("--kind", "template", ("furniture", "template")) == "template"
    assert validate.one_of("--kind", None, ("furniture",)) is None
    assert validate.one_of("--kind", "", ("furniture",)) is None
    with pytest.raises(JianghuaError) as caught:
        validate.one_of("--kind", "bogus", ("furniture", "template", "shared"))
    assert caught.value.code == "Q734" and "furniture, template, shared" in str(caught.value)


def test_text_size():
    assert validate.text_size("query", "干" * validate.MAX_QUERY_CHARS) == "干" * validate.MAX_QUERY_CHARS
    assert _code(lambda: validate.text_size("query", "干" * (validate.MAX_QUERY_CHARS + 1))) == "Q730"


# --- the query parser's limits ------------------------------------------------------------------------

def test_the_issue_queries_are_refused_quickly_with_a_code():
    """3,000 AND-ed terms and 600 nested parentheses raised RecursionError; 3,000 OR-ed copies of a term
    kept SQLite busy for minutes: each is now a coded error before any parsing or searching."""
    for query in (" AND ".join(["干部"] * 3000), "(" * 600 + "干部" + ")" * 600, " OR ".join(["干部"] * 3000)):
        started = time.perf_counter()
        assert _code(lambda q=query: parse_query(q)) == "Q730"
        assert time.perf_counter() - started < 1.0


def test_query_terms_and_depth_are_capped_under_the_size_limit():
    many = " OR ".join(["干"] * (validate.MAX_QUERY_TERMS + 1))
    deep = "(" * (validate.MAX_QUERY_DEPTH + 1) + "干部" + ")" * (validate.MAX_QUERY_DEPTH + 1)
    assert len(many) <= validate.MAX_QUERY_CHARS and len(deep) <= validate.MAX_QUERY_CHARS
    assert _code(lambda: parse_query(many)) == "Q732"
    assert _code(lambda: parse_query(deep)) == "Q731"


def test_queries_at_the_limits_parse_without_recursion():
    terms = [f"词{i}" for i in range(validate.MAX_QUERY_TERMS)]
    node = parse_query(" AND ".join(terms))
    assert node.op == "and" and [c.term for c in node.children] == terms  # one node, not a chain 64 deep
    assert parse_query(" ".join(terms)).terms() == terms  # implicit AND
    node = parse_query(" NOT ".join(terms))  # a NOT chain stays nested: bounded by the term cap
    assert node.op == "not" and node.terms() == terms
    deep = "(" * validate.MAX_QUERY_DEPTH + "干部 OR 竞聘" + ")" * validate.MAX_QUERY_DEPTH
    assert parse_query(deep).terms() == ["干部", "竞聘"]
    assert parse_query("甲 AND 乙 NOT 丙 AND 丁").fts() == parse_query("(甲 AND 乙 NOT 丙) AND 丁").fts()


# --- output files -------------------------------------------------------------------------------------

def test_output_paths(tmp_path):
    assert validate.output_path(tmp_path / "out.jsonl") == tmp_path / "out.jsonl"
    assert _code(lambda: validate.output_path(tmp_path / "missing" / "out.jsonl")) == "X604"
    assert _code(lambda: validate.output_path(tmp_path)) == "X605"
    assert _code(lambda: validate.output_path("/proc/version")) == "X606"
    assert _code(lambda: validate.output_path("/dev/null")) == "X606"
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    assert _code(lambda: validate.output_path(fifo)) == "X606"


def test_an_output_file_appears_whole_or_not_at_all(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("the previous export\n", encoding="utf-8")
    with pytest.raises(RuntimeError), validate.written_atomically(target) as handle:
        handle.write("half of a new export")
        raise RuntimeError("the corpus failed half-way")
    assert target.read_text(encoding="utf-8") == "the previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]  # no temporary file left behind
    with validate.written_atomically(target) as handle:
        handle.write("新的导出\n")
    assert target.read_text(encoding="utf-8") == "新的导出\n" and sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


# --- the register of codes ----------------------------------------------------------------------------

# every string literal of a code's form under pipeline/ is a code (checked: there is nothing else of
# that form), and so is every "[X999]" in a message and every registry entry raised (errors.X999)
_CODE = re.compile(r'"([A-Z]\d{3})"|\[([A-Z]\d{3})\]|\berrors\.([A-Z]\d{3})\b')


def _codes_in(paths) -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sorted(paths):
        for match in _CODE.finditer(path.read_text(encoding="utf-8")):
            found.setdefault(next(g for g in match.groups() if g), str(path.relative_to(ROOT)))
    return found


def test_every_code_used_is_registered():
    found = _codes_in(p for p in (ROOT / "pipeline").rglob("*.py") if p.name != "errors.py")
    assert {"D430", "Q733", "X604", "W903", "U801", "W901"} <= set(found)
    registered = set(COMMAND_CODES) | set(ALL_CODES)
    unregistered = {code: where for code, where in found.items() if code not in registered}
    assert not unregistered, f"codes used but not registered in pipeline/errors.py: {unregistered}"
    assert all(text and not text.endswith(".") for text in COMMAND_CODES.values())


def test_the_reliability_codes_are_all_used():
    """The codes registered for reliability (D430-D433, Q730-Q736, X601-X607, W901-W907) are each used
    somewhere: a registered code nobody raises is a stale entry."""
    found = _codes_in(p for p in (ROOT / "pipeline").rglob("*.py") if p.name != "errors.py")
    ours = [c for c in COMMAND_CODES if c[:3] in ("D43", "Q73", "X60") or c[:2] == "W9"]
    assert len(ours) == 4 + 7 + 7 + 7 and not [c for c in ours if c not in found]


def test_a_code_in_both_registries_keeps_one_meaning():
    """E901 is a ledger code (a file met in an ingest cannot be read) and a command code (a path given to a
    command cannot be read): one meaning, the same words. A folder that holds nothing to read is E902."""
    assert set(ALL_CODES) & set(COMMAND_CODES) == {"E901"}
    from jianghua import errors

    assert ALL_CODES["E901"].text == "the file could not be read" and "the ledger's E901" in COMMAND_CODES["E901"]
    assert "the file could not be read" in errors.E901.templates[""]
    assert "nothing" not in COMMAND_CODES["E901"] and "nothing to read" in COMMAND_CODES["E902"]


def test_every_registered_code_has_an_exit_status():
    assert set(EXIT_STATUS) == set(COMMAND_CODES) | set(ALL_CODES)
    assert EXIT_STATUS["J201"] == Exit.OK and EXIT_STATUS["Q734"] == Exit.USAGE and EXIT_STATUS["D401"] == Exit.DATA
    assert EXIT_STATUS["E900"] == Exit.INTERNAL


def test_a_library_message_names_the_argument_and_the_command_line_its_option(seed_corpus):
    """The library says ``limit``; the command line shows ``--limit``, with the code's exit status (2)."""
    from jianghua.interfaces.cli import app
    from jianghua.query.search import search
    from typer.testing import CliRunner

    with pytest.raises(JianghuaError) as caught:
        search(seed_corpus, "干部", limit=-1)
    assert caught.value.argument == "limit" and "--" not in str(caught.value) and caught.value.exit_status == Exit.USAGE
    result = CliRunner().invoke(app, ["search", "干部", "--limit", "-1", "--db", seed_corpus.path])
    assert result.exit_code == 2 and "[Q733] --limit must be a whole number" in result.output
    # a positional argument keeps its name: there is no --query option
    result = CliRunner().invoke(app, ["search", "干" * 1001, "--db", seed_corpus.path])
    assert result.exit_code == 2 and "the query has 1,001 characters" in result.output


# the packages whose messages are checked for option names
_LIBRARY = ("stages", "corpus", "query", "reuse", "engines", "training")
_OPTION_IN_MESSAGE = re.compile(r"JianghuaError\(\s*\"[A-Z]\d{3}\",\s*f?\"[^\"]*--[a-z]")


def test_library_messages_name_no_command_line_option():
    paths = [p for name in _LIBRARY for p in (ROOT / "pipeline" / name).rglob("*.py")]
    paths += [p for p in (ROOT / "pipeline").glob("*.py")]
    found = [f"{p.relative_to(ROOT)}: {m.group(0)}" for p in paths for m in _OPTION_IN_MESSAGE.finditer(p.read_text("utf-8"))]
    assert len(paths) > 40 and not found, found


# --- message templates: every message comes from the registry ----------------------------------------

# a raise site naming a code's situation: errors.D402.error("newer", ...) or errors.W903.text("cli_host", ...)
_SITUATION = re.compile(r'\berrors\.([A-Z]\d{3})\.(?:error|text)\(\s*"(\w*)"')


def _python_files(*folders: str) -> list:
    return sorted(p for folder in folders for p in (ROOT / "pipeline" / folder).rglob("*.py"))


def test_every_command_code_carries_its_templates_and_each_fills():
    """Each registered command code has at least one template; filled with a value for each of its fields
    it reads as its message (a malformed template or a field without a name would raise here)."""
    from string import Formatter

    from jianghua import errors

    assert set(errors.MESSAGES) == set(COMMAND_CODES) and len(errors.MESSAGES) > 50
    for code, message in errors.MESSAGES.items():
        assert message.code == code and message.templates, code
        for situation, template in message.templates.items():
            fields = {name for _, name, _, _ in Formatter().parse(template) if name is not None}
            assert all(fields) and "argument" not in fields, (code, situation)
            error = message.error(situation, **{name: 7 for name in fields})
            filled = str(error).replace("{7}", "") if "{{" in template else str(error)  # a literal {NAME} kept
            assert filled.startswith(f"[{code}] ") and "{" not in filled, (code, situation)
            assert error.exit_status == EXIT_STATUS[code]


def test_a_message_is_its_template_filled():
    from jianghua import errors

    error = errors.D402.error("newer", path="a.db", version=9, supported=8)
    assert (error.code, str(error)) == ("D402", "[D402] a.db has schema version 9, made by a newer jianghua; this one reads"
                                                " versions up to 8. Open it with that jianghua, or re-ingest into a new database.")
    assert errors.Q730.error("", "query", name="query", length=1001, limit=1000).argument == "query"
    assert str(errors.Q730.error(name="query", length=1001, limit=1000)) == (
        "[Q730] the query has 1,001 characters; at most 1,000 are allowed")
    with pytest.raises(KeyError):
        errors.D402.error("no such situation", path="a.db")


def test_no_raise_site_writes_its_own_message():
    """Under pipeline/ a coded error is made from the registry (errors.X999.error(...)), never by writing
    ``JianghuaError("X999", "text")``; and each situation a raise site names is one its code has."""
    hand_written = re.compile(r'JianghuaError\(\s*"[A-Z]\d{3}"')
    paths = [p for p in (ROOT / "pipeline").rglob("*.py") if p.name != "errors.py"]
    found = [f"{p.relative_to(ROOT)}: {m.group(0)}" for p in paths for m in hand_written.finditer(p.read_text("utf-8"))]
    assert not found, found
    from jianghua import errors

    named = [(p, m.group(1), m.group(2)) for p in paths for m in _SITUATION.finditer(p.read_text("utf-8"))]
    assert len(named) > 40
    unknown = [f"{p.relative_to(ROOT)}: {code} {situation!r}" for p, code, situation in named
               if situation not in errors.MESSAGES[code].templates]
    assert not unknown, unknown


# the codes whose errors callers catch by kind: the registry's ``error`` makes that kind
_KINDS = {"R500": "ResourceError", "R501": "SettingsError", "M701": "ModelError", "M702": "ModelError",
          "M703": "TrainingError", "S805": "WorkerCrashed"}


def test_the_coded_kinds_are_made_only_by_the_registry():
    """ResourceError, SettingsError, ModelError, TrainingError and WorkerCrashed are raised like every
    other code (``errors.R500.error("regex", path=..., line=..., error=exc)``): no raise site calls their
    constructor with a text of its own, and their codes have no catch-all template a raise site could
    fill with a composed ``reason``."""
    from jianghua import errors

    constructed = re.compile(rf"\b(?:{'|'.join(sorted(set(_KINDS.values())))})\(")
    paths = [p for p in (ROOT / "pipeline").rglob("*.py") if p.name != "errors.py"]
    found = [f"{p.relative_to(ROOT)}: {m.group(0)}" for p in paths for m in constructed.finditer(p.read_text("utf-8"))]
    assert not found, found
    for code, kind in _KINDS.items():
        message = errors.MESSAGES[code]
        assert message.kind is getattr(errors, kind), code
        assert code in ("M702", "S805") or "" not in message.templates, code
    named = {m.group(1) for p in paths for m in _SITUATION.finditer(p.read_text("utf-8"))}
    assert set(_KINDS) <= named


@pytest.mark.parametrize(("code", "situation", "values", "expected"), [
    ("R500", "unknown_fragment", {"path": "t.tsv", "line": 5, "fragment": "NUMBR", "valid": "NUMBER"},
     "t.tsv:5: unknown fragment {NUMBR}; valid: NUMBER"),
    ("R501", "unknown_key", {"at": "s.toml:3", "table": "clean", "key": "x", "valid": "a, b"},
     "s.toml:3: unknown key clean.x; the keys of [clean]: a, b"),
    ("M701", "format_version", {"path": "m.json", "found": 1, "supported": 2},
     "model file m.json has format version 1; this jianghua reads version 2; rebuild it with `jianghua train`"),
    ("M703", "duplicate_id", {"path": "e.jsonl", "line": 4, "ident": "x-1"}, "e.jsonl:4: duplicate id 'x-1'"),
    ("S805", "crashed", {"task": "f(1,)", "reason": "the worker process ended (exit code 3)"},
     "f(1,): the worker process ended (exit code 3)"),
])
def test_a_coded_kind_is_its_template_filled(code, situation, values, expected):
    from jianghua import errors

    error = errors.MESSAGES[code].error(situation, **values)
    assert isinstance(error, getattr(errors, _KINDS[code])) and isinstance(error, JianghuaError)
    assert (error.code, str(error)) == (code, f"[{code}] {expected}")


def test_library_templates_name_no_command_line_option():
    """A template names library arguments (``limit``), never an option (``--limit``): the command line
    spells the argument as its option. Only a ``cli_`` situation, worded by the command line itself, may
    name one, and only the interfaces use those."""
    from jianghua import errors

    option = re.compile(r"--[a-z]")
    library = [(code, situation) for code, message in errors.MESSAGES.items() for situation, template in message.templates.items()
               if not situation.startswith("cli_") and option.search(template)]
    assert not library, library
    assert any(option.search(t) for m in errors.MESSAGES.values() for s, t in m.templates.items() if s.startswith("cli_"))
    outside = [f"{p.relative_to(ROOT)}: {m.group(0)}" for p in (ROOT / "pipeline").rglob("*.py")
               if "interfaces" not in p.parts for m in _SITUATION.finditer(p.read_text("utf-8")) if m.group(2).startswith("cli_")]
    assert not outside, outside
