"""One filter set everywhere: every query command takes --genre --topic --org --year --source --site
--exclude-duplicates, keeps exactly the documents they name, and answers a typo with an error listing
the valid values (exit 2), never an empty result."""

from __future__ import annotations

import csv
import io
import json

import pytest
from jianghua.interfaces.cli import app
from jianghua.query.filters import Filters
from typer.testing import CliRunner

runner = CliRunner()

# every command that takes the filters, with what it needs besides them
COMMANDS = [
    ["search", "干部"], ["kwic", "干部"], ["freq"], ["collocates", "干部"], ["keyness", "--target", "mobilization_speech"],
    ["dist", "干部"], ["docs"], ["passages"], ["substitutions"], ["rules", "--all"],
    *[["export", table] for table in ("documents", "paragraphs", "rules", "rule-table", "passages", "duplicates",
                                      "substitutions")],
]


def _run(args, db):
    return runner.invoke(app, [*args, "--db", db])


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c))
@pytest.mark.parametrize(("option", "value", "code", "listed"), [
    ("--genre", "mobilisation_speech", "Q734", "mobilization_speech"),
    ("--topic", "selection", "Q734", "competitive_selection"),
    ("--year", "99999", "Q733", "1 to 9999"),
])
def test_an_unknown_filter_value_is_an_error_listing_the_valid_ones(demo_db, command, option, value, code, listed):
    result = _run([*command, option, value], demo_db)
    assert result.exit_code == 2 and f"[{code}]" in result.output and listed in result.output, result.output


def _kept(corpus, filters):
    sql, params = filters.checked().documents_sql("d.uid")
    return {uid for (uid,) in corpus.db.execute(sql, params)}


FILTERS = [(["--site", "fanwen-hans"], Filters(site="fanwen-hans")),
           (["--genre", "mobilization_speech", "--exclude-duplicates"], Filters(genre="mobilization_speech", exclude_duplicates=True)),
           (["--topic", "competitive_selection", "--source", "seeds"], Filters(topic="competitive_selection", source="seeds")),
           (["--org", "职院"], Filters(org="职院")),
           (["--year", "2014"], Filters(year=2014))]


@pytest.mark.parametrize(("options", "filters"), FILTERS, ids=lambda v: " ".join(v) if isinstance(v, list) else "")
def test_every_command_keeps_only_the_filtered_documents(demo_db, demo_corpus, options, filters):
    kept = _kept(demo_corpus, filters)
    assert kept and len(kept) < demo_corpus.db.execute("SELECT count(*) FROM documents").fetchone()[0]

    def ids(args):
        result = _run([*args, *options], demo_db)
        assert result.exit_code == 0, result.output
        return result.output

    search = json.loads(ids(["search", "的", "--json", "--limit", "10000"]))
    assert search["results"] and {r["doc_id"] for r in search["results"]} <= kept
    lines = json.loads(ids(["kwic", "的", "--json", "--limit", "0"]))["lines"]
    assert {line["doc_id"] for line in lines} <= kept
    docs = json.loads(ids(["docs", "--json", "--limit", "0"]))
    assert {d["id"] for d in docs["documents"]} == kept and docs["total"] == len(kept)
    rules = json.loads(ids(["rules", "--all", "--include-empty"]))
    assert {r["doc_id"] for r in rules} == kept
    for table, column in (("documents", "id"), ("paragraphs", "doc_id"), ("rules", "doc_id"), ("rule-table", "doc_id"),
                          ("passages", "doc_id"), ("duplicates", "doc_id")):
        rows = list(csv.DictReader(io.StringIO(ids(["export", table, "--format", "csv"]))))
        assert {r[column] for r in rows} <= kept, table
        if table in ("documents", "paragraphs"):
            assert {r[column] for r in rows} == kept, table
    substitutions = json.loads(ids(["substitutions", "--json", "--limit", "0"]))
    assert {e["doc_id"] for s in substitutions for e in s["examples"]} <= kept
    words = json.loads(ids(["freq", "--json"]))["groups"]["all"]["documents"]
    assert words == len({u for u in kept if demo_corpus.db.execute(
        "SELECT 1 FROM paragraphs p JOIN documents d ON d.id = p.doc_id WHERE d.uid = ?", (u,)).fetchone()})
    total = json.loads(ids(["dist", "的", "--json"]))["total"]
    assert total["documents"] == len(kept)


def test_passages_count_the_documents_the_filters_keep(demo_db, demo_corpus):
    from jianghua.reuse.listing import passage_page

    filters = Filters(site="seeds")
    kept = _kept(demo_corpus, filters)
    page = passage_page(demo_corpus, min_docs=2, filters=filters, limit=None)
    for cluster in page["clusters"]:
        docs = {r[0] for r in demo_corpus.db.execute("SELECT doc_id FROM passage_occurrences WHERE cluster = ?", (cluster["id"],))}
        assert cluster["n_docs_kept"] == len(docs & kept) >= 2
    every = passage_page(demo_corpus, min_docs=2, limit=None)
    expected = 0
    for cluster in every["clusters"]:
        docs = {r[0] for r in demo_corpus.db.execute("SELECT doc_id FROM passage_occurrences WHERE cluster = ?", (cluster["id"],))}
        expected += len(docs & kept) >= 2
    assert page["total"] == expected == len(page["clusters"]) > 0


@pytest.mark.parametrize(("value", "expected"), [
    ("1", True), ("true", True), ("On", True), ("YES", True), (True, True),
    ("", False), ("0", False), ("false", False), ("off", False), ("No", False), (None, False), (False, False),
])
def test_exclude_duplicates_reads_the_yes_and_no_spellings(value, expected):
    from jianghua.query.filters import from_options

    assert from_options(exclude_duplicates=value).exclude_duplicates is expected
    assert Filters(exclude_duplicates=value).checked().exclude_duplicates is expected


@pytest.mark.parametrize("value", ["ture", "2", "y", "exclude"])
def test_an_unknown_exclude_duplicates_value_is_an_error_listing_the_valid_ones(value):
    """It used to mean false, silently: every document counted, copies included."""
    from jianghua.errors import JianghuaError
    from jianghua.query.filters import from_options

    for make in (lambda: from_options(exclude_duplicates=value), lambda: Filters(exclude_duplicates=value).checked()):
        with pytest.raises(JianghuaError) as caught:
            make()
        assert caught.value.code == "Q734" and caught.value.argument == "exclude_duplicates"
        assert str(caught.value) == (f"[Q734] unknown exclude_duplicates {value!r}; valid: 1, true, on, yes, 0, false,"
                                     " off, no")
