"""Malformed commands: every one ends with a coded message and exit 2, never a traceback, a hang or a bad
value silently accepted (an unknown value of a closed set is an error listing the valid ones, never an
empty result). The cases of issue 14, generated at test time."""

from __future__ import annotations

import json
import time

import pytest
from jianghua.corpus.store import Corpus
from jianghua.errors import exit_status
from jianghua.interfaces.cli import app
from typer.testing import CliRunner

from tests.support import build_seed_corpus

runner = CliRunner()
HUGE = "100000000000000000000000"  # 1e23 written out: typer takes it, SQLite cannot hold it


@pytest.fixture(scope="module")
def db(seeds_dir, tmp_path_factory) -> str:
    return str(build_seed_corpus(seeds_dir, tmp_path_factory.mktemp("hostile") / "seeds.db"))


def _run(args: list[str]):
    started = time.perf_counter()
    result = runner.invoke(app, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert time.perf_counter() - started < 30, args  # no hang
    return result


CASES = [
    # the query language: recursion, size, depth (issue 14: RecursionError, a 120 s hang)
    (["search", " AND ".join(["干部"] * 3000)], "Q730"),
    (["search", "(" * 600 + "干部" + ")" * 600], "Q730"),
    (["search", " OR ".join(["干部"] * 3000)], "Q730"),
    (["search", " OR ".join(["干"] * 100)], "Q732"),
    (["search", "(" * 20 + "干部" + ")" * 20], "Q731"),
    (["kwic", "干" * 1001], "Q730"),
    # numbers SQLite cannot hold, negative counts
    (["search", "干部", "--limit", HUGE], "Q733"),
    (["search", "干部", "--year", HUGE], "Q733"),
    (["search", "干部", "--year", "0"], "Q733"),
    (["variants", "99999999999999999999999"], "U803"),
    (["search", "干部", "--limit", "-1"], "Q733"),
    (["search", "干部", "--offset", "-1"], "Q733"),
    (["search", "干部", "--offset", HUGE], "Q733"),
    (["kwic", "干部", "--window", "-1"], "Q733"),
    (["kwic", "干部", "--limit", "-5"], "Q733"),
    (["freq", "--top", "-1"], "Q733"),
    (["freq", "--ngram", HUGE], "Q733"),
    (["collocates", "干部", "--top", "-1"], "Q733"),
    (["collocates", "干部", "--window", "-3"], "Q733"),
    (["collocates", "干部", "--min-count", "-3"], "Q733"),
    (["keyness", "--target", "other", "--top", "-1"], "Q733"),
    (["passages", "--limit", "-1"], "Q733"),
    (["passages", "--min-docs", HUGE], "Q733"),
    (["substitutions", "--limit", "-2"], "Q733"),
    (["substitutions", "--min-count", HUGE], "Q733"),
    (["variants", "1", "--limit", "-1"], "Q733"),
    # closed sets: an error listing the valid values, not an empty result
    (["search", "干部", "--genre", "speech"], "Q734"),
    (["search", "干部", "--topic", "selection"], "Q734"),
    (["kwic", "干部", "--genre", "speech"], "Q734"),
    (["passages", "--kind", "boilerplate"], "Q734"),
    (["passages", "--role", "intro"], "Q734"),
    (["passages", "--topic", "selection"], "Q734"),
    (["keyness", "--target", "speech"], "Q734"),
    (["keyness", "--target", "other", "--reference", "speech"], "Q734"),
    (["keyness", "--target", "other", "--by", "colour"], "Q704"),
    (["freq", "--by", "colour"], "Q704"),
    (["collocates", "干部", "--measure", "pmi"], "Q706"),
    (["kwic", "干部", "--sort", "middle"], "Q703"),
    (["rules", "--all", "--format", "xml"], "Q734"),
    (["export", "documents", "--format", "xml"], "X602"),
]


@pytest.mark.parametrize(("args", "code"), CASES, ids=lambda v: v if isinstance(v, str) else " ".join(v)[:50])
def test_a_malformed_command_is_a_coded_error(db, args, code):
    result = _run([*args, "--db", db])
    assert result.exit_code == exit_status(code) and f"[{code}]" in result.output, result.output


@pytest.mark.parametrize(("args", "valid"), [
    (["search", "干部", "--genre", "speech"], "mobilization_speech"),
    (["passages", "--kind", "boilerplate"], "furniture, template, shared"),
    (["passages", "--role", "intro"], "requirements"),
    (["rules", "--all", "--format", "xml"], "json, jsonl, csv"),
])
def test_an_unknown_value_lists_the_valid_ones(db, args, valid):
    assert valid in _run([*args, "--db", db]).output


def test_a_float_where_a_count_goes_is_a_usage_error(db):
    result = _run(["search", "干部", "--limit", "1e23", "--db", db])
    assert result.exit_code == 2 and "--limit" in result.output


def test_values_at_the_edges_still_work(db):
    for args in (["search", "干部", "--limit", "0"], ["kwic", "干部", "--limit", "0", "--window", "0"],
                 ["search", " OR ".join(["干"] * 64)], ["search", "(" * 16 + "干部" + ")" * 16],
                 ["passages", "--min-docs", "0", "--kind", "shared"], ["search", "干部", "--year", "9999"]):
        result = _run([*args, "--db", db, "--json"])
        assert result.exit_code == 0, (args, result.output)
        json.loads(result.output)


def test_export_output_paths(db, tmp_path):
    cases = [(tmp_path / "missing" / "out.jsonl", "X604"), (tmp_path, "X605"), ("/proc/version", "X606")]
    for output, code in cases:
        for fmt in ("jsonl", "csv", "parquet"):
            result = _run(["export", "documents", "--db", db, "--format", fmt, "-o", str(output)])
            assert result.exit_code == 3 and f"[{code}]" in result.output, (output, fmt)
    assert not (tmp_path / "missing").exists()
    written = tmp_path / "out.csv"
    assert _run(["export", "documents", "--db", db, "--format", "csv", "-o", str(written)]).exit_code == 0
    assert written.read_text(encoding="utf-8").startswith("id,source,site")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_command_options_out_of_range(db, seeds_dir, tmp_path):
    cases = [(["ingest", str(seeds_dir), "--workers", "-1", "--db", str(tmp_path / "a.db")], "Q733"),
             (["ingest", str(seeds_dir), "--workers", HUGE, "--db", str(tmp_path / "a.db")], "Q733"),
             (["ingest", str(seeds_dir), "--max-bytes", "0", "--db", str(tmp_path / "a.db")], "Q733"),
             (["ingest", str(seeds_dir), "--engine", "spark", "--db", str(tmp_path / "a.db")], "Q734"),
             (["evaluate", "devset", "--workers", "-2"], "Q733"),
             (["evaluate", "devset", "--split", "train"], "Q720"),
             (["serve", "--port", "99999999", "--db", db], "Q733"),
             (["serve", "--port", "-1", "--db", db], "Q733")]
    for args, code in cases:
        result = _run(args)
        assert result.exit_code == 2 and f"[{code}]" in result.output, (args, result.output)
    assert not (tmp_path / "a.db").exists()


def test_evaluate_rules_without_a_golden_annotation(db, tmp_path):
    missing = _run(["evaluate", "rules", "--gold", "/nonexistent", "--db", db])
    assert missing.exit_code == 3 and "[E901]" in missing.output and "/nonexistent" in missing.output
    empty = _run(["evaluate", "rules", "--gold", str(tmp_path), "--db", db])
    assert empty.exit_code == 3 and "[E902]" in empty.output and "no golden records" in empty.output
    (tmp_path / "x.txt#1.json").write_text("{not json", encoding="utf-8")
    broken = _run(["evaluate", "rules", "--gold", str(tmp_path), "--db", db])
    assert broken.exit_code == 3 and "[E901]" in broken.output


def test_a_search_stops_at_its_time_limit(db, monkeypatch):
    from jianghua.corpus import store
    from jianghua.query import search as query

    monkeypatch.setattr(store, "TIME_LIMIT_STEPS", 1)  # look at the clock at every step of this small corpus
    with Corpus(db, readonly=True) as corpus:
        corpus.query_seconds = 0.0  # past it at the first look
        with pytest.raises(query.JianghuaError) as caught:
            query.search(corpus, "干部")
        assert caught.value.code == "Q735"
        corpus.query_seconds = None
        assert query.search(corpus, "干部")["total"] > 0  # and the connection is usable after
