"""The command line: exit codes, --help with an example on every command, --json output."""

from __future__ import annotations

import json

import pytest
from jianghua import errors
from jianghua.errors import JianghuaError
from jianghua.interfaces.cli import app
from typer.testing import CliRunner

from tests.conftest import GOLDEN

runner = CliRunner()
COMMANDS = [["ingest"], ["show"], ["stats"], ["verify"], ["migrate"], ["normalize"], ["export", "documents"],
            ["export", "paragraphs"]]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command):
    result = runner.invoke(app, command + ["--help"])
    assert result.exit_code == 0
    assert "Example" in result.output


def test_ingest_show_stats_verify_export(seeds_dir, tmp_path):
    db = str(tmp_path / "cli.db")
    result = runner.invoke(app, ["ingest", str(seeds_dir), "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["files"] == {"ingested": 5} and summary["documents"] == 18
    again = runner.invoke(app, ["ingest", str(seeds_dir), "--db", db, "--json"])
    assert again.exit_code == 0 and json.loads(again.output)["unchanged"] == 5

    stats = json.loads(runner.invoke(app, ["stats", "--db", db, "--json", "--ledger"]).output)
    assert stats["documents"] == 18 and len(stats["ledger"]) == 5

    verify = runner.invoke(app, ["verify", "--db", db, "--json"])
    assert verify.exit_code == 0 and json.loads(verify.output)["ok"] is True

    exported = runner.invoke(app, ["export", "documents", "--db", db])
    records = [json.loads(line) for line in exported.output.splitlines()]
    doc = next(r for r in records if r["source"].endswith("004_918b39668ea2ac01.txt") and r["ordinal"] == 1)
    shown = runner.invoke(app, ["show", doc["id"], "--db", db, "--json"])
    assert json.loads(shown.output)["text"] == doc["text"]
    original = runner.invoke(app, ["show", doc["id"], "--db", db, "--original"])
    assert "競爭上崗" in original.output

    missing = runner.invoke(app, ["show", "nope-1", "--db", db])
    assert missing.exit_code == 3 and "D404" in missing.output

    taken = runner.invoke(app, ["show", doc["id"], "--db", db, "--removed", "--json"])
    assert taken.exit_code == 0, taken.output
    removed = json.loads(taken.output)
    assert removed["id"] == doc["id"] and removed["source"] == doc["source"]
    assert [(r["code"], r["text"]) for r in removed["removed"] if r["code"] == "metadata"] == \
        [("metadata", "2021-03-13 05:21:48 字數 1653 閱讀 8374")]
    assert all(r["reason"] and r["line"] >= 1 for r in removed["removed"])
    assert 0.0 < next(r["score"] for r in removed["removed"] if r["code"] == "metadata") < 1.0
    table = runner.invoke(app, ["show", doc["id"], "--db", db, "--removed"])
    assert table.exit_code == 0 and "metadata" in table.output and "why" in table.output


def test_migrate_brings_an_old_database_up_to_date(seeds_dir, tmp_path):
    """A database built before the stored rules table and an index: migrate adds both and says so;
    a second run has nothing to do; a missing database or a foreign file is an error, never created."""
    import sqlite3

    from jianghua.corpus.store import Corpus
    from jianghua.engines.ingest import ingest_paths

    db = str(tmp_path / "old.db")
    with Corpus(db) as corpus:
        ingest_paths(corpus, [seeds_dir])
        with_rules = corpus.db.execute("SELECT count(*) FROM rule_rows").fetchone()[0]  # documents that state rules
    old = sqlite3.connect(db)
    old.execute("DROP TABLE rule_rows")
    old.execute("DELETE FROM meta WHERE key = 'rule_rows_version'")
    old.execute("DROP INDEX documents_genre")
    old.commit()
    old.close()
    result = runner.invoke(app, ["migrate", "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["schema_version"] == 1 and report["rule_rows"] == {"filled": True, "rows": with_rules} and with_rules > 0
    assert "documents_genre" in report["added"] and "rule_rows" in report["added"] and report["seconds"] >= 0
    assert Corpus(db, readonly=True).rule_rows_ready()
    again = runner.invoke(app, ["migrate", "--db", db])
    assert again.exit_code == 0 and "already current" in again.output and "all present" in again.output

    missing = tmp_path / "none.db"
    result = runner.invoke(app, ["migrate", "--db", str(missing)])
    assert result.exit_code == 3 and "jianghua ingest" in result.output and not missing.exists()
    foreign = tmp_path / "foreign.db"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.close()
    result = runner.invoke(app, ["migrate", "--db", str(foreign)])
    assert result.exit_code == 3 and "D402" in result.output and "Traceback" not in result.output
    assert [r[0] for r in sqlite3.connect(foreign).execute("SELECT name FROM sqlite_master")] == ["t"]


def test_ingest_exit_codes(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    db = str(tmp_path / "x.db")
    assert runner.invoke(app, ["ingest", str(folder), "--db", db]).exit_code == 3  # nothing ingested (data)
    (folder / "ok.txt").write_text("同志们：\n要认真做好这次竞争上岗工作，确保公开、平等、竞争、择优。\n", encoding="utf-8")
    assert runner.invoke(app, ["ingest", str(folder), "--db", db]).exit_code == 1  # some not ingested
    assert runner.invoke(app, ["ingest", str(tmp_path / "missing"), "--db", db]).exit_code == 3  # E901


def test_ingest_exits_0_when_every_file_is_ingested_or_a_duplicate(tmp_path):
    """A byte-identical copy is accounted for (J201 duplicate), not a failure: exit 0; a quarantined
    file beside them makes it 1; only duplicates of what is already in is still 0."""
    text = "同志们：\n要认真做好这次竞争上岗工作，确保公开、平等、竞争、择优。\n"
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(text, encoding="utf-8")
    (folder / "copy-of-a.txt").write_text(text, encoding="utf-8")
    db = str(tmp_path / "x.db")
    result = runner.invoke(app, ["ingest", str(folder), "--db", db, "--json", "--no-reuse"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["files"] == {"ingested": 1, "duplicate": 1}
    again = tmp_path / "again"
    again.mkdir()
    (again / "third-copy.txt").write_text(text, encoding="utf-8")
    assert runner.invoke(app, ["ingest", str(again), "--db", db, "--no-reuse"]).exit_code == 0  # a duplicate only
    (again / "empty.txt").write_bytes(b"")
    assert runner.invoke(app, ["ingest", str(again), "--db", db, "--no-reuse"]).exit_code == 1  # one quarantined


def test_commands_on_a_missing_database_say_what_to_do(tmp_path):
    result = runner.invoke(app, ["stats", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 3 and "jianghua ingest" in result.output


def test_normalize_filter(seeds_dir):
    data = (seeds_dir / "004_918b39668ea2ac01.txt").read_bytes()
    result = runner.invoke(app, ["normalize", "-", "--json"], input=data)
    out = json.loads(result.output)
    assert len(out["documents"]) == 4 and "最准确信息" in out["documents"][0]["text"]
    text_only = runner.invoke(app, ["normalize", "-", "--text-only"], input="提公升資訊".encode())
    assert text_only.output == "提升信息"


def _snapshot(db: str) -> list[tuple]:
    import sqlite3

    conn = sqlite3.connect(db)
    docs = conn.execute("SELECT d.uid, d.title, d.text, coalesce(d.original_text, d.text), d.offset_map, d.complete, f.path "
                        "FROM documents d JOIN pages p ON p.id=d.page_id JOIN files f ON f.id=p.file_id ORDER BY d.uid").fetchall()
    ledger = conn.execute("SELECT path, sha256, status, code FROM files ORDER BY path").fetchall()
    paragraphs = conn.execute('SELECT d.uid, p.ordinal, p.start, p."end", p.words FROM paragraphs p '
                              "JOIN documents d ON d.id=p.doc_id ORDER BY d.uid, p.ordinal").fetchall()
    return [docs, ledger, paragraphs]


def test_two_workers_build_the_same_corpus_as_one(seeds_dir, tmp_path):
    from tests.conftest import SAMPLE

    one, two = str(tmp_path / "one.db"), str(tmp_path / "two.db")
    for db, workers in ((one, "1"), (two, "2")):
        result = runner.invoke(app, ["ingest", str(seeds_dir), str(SAMPLE), "--db", db, "--workers", workers, "--json"])
        assert result.exit_code == 0, result.output
    assert _snapshot(one) == _snapshot(two)


def test_rules_and_evaluate(seeds_dir, tmp_path):
    from jianghua.stages.extract import validator

    db = str(tmp_path / "rules.db")
    assert runner.invoke(app, ["ingest", str(seeds_dir), "--db", db]).exit_code == 0
    records = json.loads(runner.invoke(app, ["rules", "--all", "--db", db]).output)
    stats = json.loads(runner.invoke(app, ["stats", "--db", db, "--json"]).output)
    # --all: the documents whose record states something, as many as stats counts; the rest on request
    # (7 since the two 下基层 speeches state the assessment closing the term: 锻炼期满后，…对下派干部进行考核)
    assert len(records) == stats["documents_with_rules"] == 7
    every = json.loads(runner.invoke(app, ["rules", "--all", "--include-empty", "--db", db]).output)
    assert len(every) == 18 == stats["documents_with_rules"] + stats["documents_with_empty_rules"]
    check = validator()
    for record in every:
        assert not list(check.iter_errors(record))
    lines = runner.invoke(app, ["rules", "--all", "--db", db, "--format", "csv"]).output.splitlines()
    assert lines[0] == "doc_id,field,value,evidence_text,start,end,orig_start,orig_end,sentence" and len(lines) > 100
    import csv
    import io

    values = list(csv.DictReader(io.StringIO(runner.invoke(app, ["rules", "--all", "--db", db, "--format", "csv"]).output)))
    import sqlite3

    texts = dict(sqlite3.connect(db).execute("SELECT uid, text FROM documents").fetchall())
    for row in values:  # the evidence text is the span the offsets give, inside its sentence
        if row["start"]:
            assert texts[row["doc_id"]][int(row["start"]):int(row["end"])] == row["evidence_text"]
            assert row["evidence_text"] in row["sentence"] or not row["sentence"]
    excel = runner.invoke(app, ["rules", "--all", "--db", db, "--format", "csv", "--excel"]).output
    assert excel.startswith("\ufeffdoc_id,field,value,evidence_text")
    exported = tmp_path / "values.csv"
    assert runner.invoke(app, ["export", "rules", "--db", db, "--format", "csv", "--excel", "-o", str(exported)]).exit_code == 0
    assert exported.read_bytes().startswith(b"\xef\xbb\xbfdoc_id,field,value,evidence_text")
    wrong = runner.invoke(app, ["export", "rules", "--db", db, "--excel"])
    assert wrong.exit_code == 2 and "X607" in wrong.output
    result = runner.invoke(app, ["evaluate", "rules", "--gold", str(GOLDEN / "rules"), "--db", db, "--json"])
    scores = json.loads(result.output)
    floors = json.loads((GOLDEN / "rules_floors.json").read_text())
    assert scores["precision"] >= floors["precision"] and scores["recall"] >= floors["recall"]
    assert runner.invoke(app, ["rules", "--db", db]).exit_code == 2


def test_classify_command_and_stored_labels(seeds_dir, tmp_path):
    db = str(tmp_path / "cls.db")
    assert runner.invoke(app, ["ingest", str(seeds_dir), "--db", db]).exit_code == 0
    page = runner.invoke(app, ["classify", str(seeds_dir / "004_918b39668ea2ac01.txt"), "--json"])
    labels = json.loads(page.output)
    assert [r["genre"] for r in labels] == ["experience_report"] + ["plan_or_regulation"] * 3
    records = [json.loads(line) for line in runner.invoke(app, ["export", "documents", "--db", db]).output.splitlines()]
    first = next(r for r in records if r["source"].endswith("004_918b39668ea2ac01.txt") and r["ordinal"] == 1)
    assert first["genre"] == "experience_report" and first["topic"] == "competitive_selection"
    assert 0 < first["genre_confidence"] <= 1 and first["low_confidence"] in (True, False)
    assert all(s["role"] for s in first["sections"])
    stored = json.loads(runner.invoke(app, ["classify", first["id"], "--db", db, "--json"]).output)
    assert stored[0]["genre"] == "experience_report"
    search = json.loads(runner.invoke(app, ["search", "竞争上岗", "--genre", "experience_report", "--db", db, "--json"]).output)
    assert search["total"] > 0 and all(r["genre"] == "experience_report" for r in search["results"])
    keyness = runner.invoke(app, ["keyness", "--target", "mobilization_speech", "--db", db, "--json"])
    assert keyness.exit_code == 0 and json.loads(keyness.output)["key"]


def test_reuse_commands(seeds_dir, tmp_path):
    from tests.conftest import SAMPLE

    db = str(tmp_path / "reuse.db")
    assert runner.invoke(app, ["ingest", str(seeds_dir), str(SAMPLE), "--db", db]).exit_code == 0
    page = json.loads(runner.invoke(app, ["passages", "--db", db, "--json"]).output)
    clusters = page["clusters"]
    assert clusters and clusters[0]["n_docs"] >= clusters[-1]["n_docs"] and page["total"] >= len(clusters)
    variants = json.loads(runner.invoke(app, ["variants", "要正确对待组织，正确对待自己，正确对待别人", "--db", db, "--json"]).output)
    assert len(variants["variants"]) >= 2
    pairs = {(r["a"], r["b"]) for r in json.loads(runner.invoke(app, ["substitutions", "--db", db, "--json"]).output)}
    assert ("公开", "公然") in pairs
    lines = runner.invoke(app, ["export", "passages", "--db", db, "--format", "csv"]).output.splitlines()
    assert lines[0].startswith("cluster,doc_id,start,end,text")
    docs = {json.loads(line)["id"]: json.loads(line) for line in runner.invoke(app, ["export", "documents", "--db", db]).output.splitlines()}
    copies = [d for d in docs.values() if d["duplicate_of"]]
    assert copies and all(docs[d["duplicate_of"]]["duplicate_of"] is None for d in copies)


def test_normalize_names_an_unreadable_file(tmp_path):
    result = runner.invoke(app, ["normalize", str(tmp_path / "missing.txt")])
    assert result.exit_code == 3 and "missing.txt" in result.output and "E901" in result.output


@pytest.mark.parametrize("command", ["verify", "reuse", "migrate"])
def test_a_mistyped_database_path_is_an_error_not_a_new_empty_corpus(tmp_path, command):
    missing = tmp_path / "corpsu.db"
    result = runner.invoke(app, [command, "--db", str(missing)])
    assert result.exit_code == 3 and "D401" in result.output and str(missing) in result.output
    assert not missing.exists()


def test_a_missing_scikit_learn_is_m704_and_any_other_import_error_stays_a_bug():
    from jianghua.interfaces.cli import _needs_sklearn

    with pytest.raises(JianghuaError) as caught, _needs_sklearn("training"):
        raise ModuleNotFoundError("No module named 'sklearn.linear_model'", name="sklearn.linear_model")
    assert caught.value.code == "M704" and "pip install 'jianghua[train]'" in str(caught.value)
    assert errors.exit_status("M704") == errors.Exit.USAGE
    with pytest.raises(ModuleNotFoundError), _needs_sklearn("training"):
        raise ModuleNotFoundError("No module named 'jianghua.training.nothing'", name="jianghua.training.nothing")


class _Bar:
    """A rich ``Progress`` stand-in that keeps what it was shown."""

    def __init__(self) -> None:
        self.tasks: list[str] = []
        self.updates: list[tuple[int, dict]] = []

    def add_task(self, description: str, total: int | None = None, **fields: object) -> int:
        self.tasks.append(description)
        return len(self.tasks) - 1

    def update(self, task: int, **values: object) -> None:
        self.updates.append((task, values))


def test_ingest_shows_the_reuse_build_in_its_progress_bar(seeds_dir, tmp_path, monkeypatch):
    from jianghua.corpus.store import Corpus
    from jianghua.interfaces import cli
    from rich.console import Console

    db = str(tmp_path / "bar.db")
    given = {}
    real = cli._build_reuse

    def spy(corpus, console, **options):
        given.update(options)
        return real(corpus, console, **options)

    monkeypatch.setattr(cli, "_build_reuse", spy)
    summary = json.loads(runner.invoke(app, ["ingest", str(seeds_dir), "--db", db, "--json", "--workers", "1"]).output)
    assert given["bar"] is not None and summary["stages"]["reuse"] > 0  # ingest hands its bar to the reuse build
    # the build's steps advance a row of their own, each to its end
    bar = _Bar()
    corpus = Corpus(db)
    real(corpus, Console(), quiet=True, rebuild=True, bar=bar)
    corpus.close()
    assert bar.tasks == ["reuse"]
    last = {values["name"]: (values["completed"], values["total"]) for _task, values in bar.updates}
    assert set(last) == {"classes", "units", "align", "duplicates", "clusters"}
    assert all(done == total > 0 for done, total in last.values())
