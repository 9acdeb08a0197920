"""Pages record the stages and data that made them; ingest processes again a page made by older ones
(issue 19: an existing corpus never stays silently stale), and migrate says how many there are."""

from __future__ import annotations

import json

from jianghua.corpus.store import Corpus
from jianghua.engines.ingest import ingest_paths
from jianghua.interfaces.cli import app
from jianghua.stages import runner as stages
from typer.testing import CliRunner

from tests.conftest import SAMPLE


def _snapshot(corpus: Corpus) -> list[tuple]:
    return [tuple(r) for r in corpus.db.execute(
        "SELECT d.uid, d.title, d.text, d.genre, d.rules, f.path FROM documents d JOIN pages p ON p.id=d.page_id"
        " JOIN files f ON f.id=p.file_id ORDER BY d.uid")]


def test_every_page_records_what_made_it(tmp_path):
    corpus = Corpus(tmp_path / "c.db")
    ingest_paths(corpus, [SAMPLE], workers=1)
    recorded = {r[0] for r in corpus.db.execute("SELECT versions FROM pages")}
    assert recorded == {stages.versions_json()}
    versions = json.loads(stages.versions_json())
    assert set(versions) == {*stages.PAGE_STAGES, *stages.DOC_STAGES, "resources", "settings"}
    corpus.close()


def test_a_page_made_by_older_stages_is_processed_again(tmp_path, monkeypatch):
    path = tmp_path / "c.db"
    corpus = Corpus(path)
    first = ingest_paths(corpus, [SAMPLE], workers=1)
    before = _snapshot(corpus)
    duplicates = corpus.db.execute("SELECT count(*) FROM files WHERE status='duplicate'").fetchone()[0]
    again = ingest_paths(corpus, [SAMPLE], workers=1)
    assert again.reprocessed == 0 and again.unchanged == first.files.total()

    monkeypatch.setitem(stages.REGISTRY, "clean", stages.REGISTRY["clean"].__class__(
        **{**stages.REGISTRY["clean"].__dict__, "version": "99"}))
    later = ingest_paths(corpus, [SAMPLE], workers=1)
    assert later.reprocessed == first.files["ingested"]
    assert later.unchanged == first.files["duplicate"]
    assert _snapshot(corpus) == before  # the same stages in fact: the same documents, made again
    assert {r[0] for r in corpus.db.execute("SELECT versions FROM pages")} == {stages.versions_json()}
    # the duplicates point to the new current rows; the old rows are history
    assert corpus.db.execute("SELECT count(*) FROM files WHERE status='duplicate' AND duplicate_of IN"
                             " (SELECT id FROM files WHERE status='ingested')").fetchone()[0] == duplicates
    assert corpus.db.execute("SELECT count(*) FROM files WHERE status='superseded'").fetchone()[0] == first.files["ingested"]
    assert all(check["ok"] for check in corpus.verify())
    assert ingest_paths(corpus, [SAMPLE], workers=1).reprocessed == 0
    corpus.close()


def test_migrate_counts_pages_of_a_build_that_did_not_record_them(tmp_path):
    path = tmp_path / "c.db"
    corpus = Corpus(path)
    ingest_paths(corpus, [SAMPLE], workers=1)
    with corpus.db:
        corpus.db.execute("UPDATE pages SET versions=NULL WHERE id IN (SELECT id FROM pages LIMIT 2)")
    corpus.close()
    result = CliRunner().invoke(app, ["migrate", "--db", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["pages_made_by_older_stages"] == 2
    text = CliRunner().invoke(app, ["migrate", "--db", str(path)])
    assert "2 pages were made by older stages" in text.stdout


def test_processing_again_with_workers_gives_the_same_corpus(tmp_path, monkeypatch):
    corpus = Corpus(tmp_path / "c.db")
    ingest_paths(corpus, [SAMPLE], workers=1)
    before = _snapshot(corpus)
    monkeypatch.setattr(stages, "_resources_digest", lambda: "older-data")
    # the workers fork from this process: they make pages with the patched digest too
    later = ingest_paths(corpus, [SAMPLE], workers=2)
    assert later.reprocessed > 0 and _snapshot(corpus) == before
    corpus.close()


def test_a_page_that_fails_when_processed_again_keeps_what_the_older_stages_made(tmp_path, monkeypatch):
    """Bad luck with newer stages (an internal error on one page) loses nothing: the old page stays, the
    run reports the file with its code, and the duplicates still point to an ingested row."""
    from jianghua.engines import ingest

    corpus = Corpus(tmp_path / "c.db")
    ingest_paths(corpus, [SAMPLE], workers=1)
    before = _snapshot(corpus)
    monkeypatch.setattr(stages, "_resources_digest", lambda: "older-data")
    monkeypatch.setattr(ingest, "process_parts", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("boom")))
    later = ingest_paths(corpus, [SAMPLE], workers=1)
    assert later.reprocessed > 0 and later.codes["E900"] == later.reprocessed
    assert all("page the older stages made is kept" in p["message"] for p in later.problems)
    assert _snapshot(corpus) == before
    assert all(check["ok"] for check in corpus.verify())
    corpus.close()


def _low_confidence(corpus: Corpus) -> int:
    return corpus.db.execute("SELECT count(*) FROM documents WHERE low_confidence = 1").fetchone()[0]


def test_ingest_runs_with_a_settings_file_and_a_later_default_run_makes_the_pages_again(tmp_path):
    """``ingest --settings FILE``: the stages (in the workers too) use the file's numbers, the pages record
    them, and a run with the packaged settings processes those pages again."""
    mine = tmp_path / "mine.toml"
    mine.write_text("[classify]\ngenre_min_confidence = 0.9999\ntopic_min_confidence = 0.9999\n", encoding="utf-8")
    path = tmp_path / "c.db"
    result = CliRunner().invoke(app, ["ingest", str(SAMPLE), "--db", str(path), "--workers", "2", "--no-reuse",
                                      "--settings", str(mine), "--json"])
    assert result.exit_code == 0, result.output
    corpus = Corpus(path)
    unsure = _low_confidence(corpus)
    assert unsure > 0
    custom = {r[0] for r in corpus.db.execute("SELECT versions FROM pages")}
    assert len(custom) == 1 and custom != {stages.versions_json()}
    pages = corpus.db.execute("SELECT count(*) FROM pages").fetchone()[0]
    later = ingest_paths(corpus, [SAMPLE], workers=1)
    assert later.reprocessed == pages
    assert {r[0] for r in corpus.db.execute("SELECT versions FROM pages")} == {stages.versions_json()}
    assert _low_confidence(corpus) < unsure  # the packaged thresholds call fewer documents unsure
    corpus.close()


def test_ingest_settings_errors(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[classify]\ngenre_min_confidense = 0.5\n", encoding="utf-8")
    db = str(tmp_path / "c.db")
    result = CliRunner().invoke(app, ["ingest", str(SAMPLE), "--db", db, "--settings", str(bad)])
    assert result.exit_code == 3 and "[R501]" in result.output and "genre_min_confidense" in result.output
    # the Dask engine takes a settings file too (tests/engines/test_distributed.py): a bad one is the same error
    result = CliRunner().invoke(app, ["ingest", str(SAMPLE), "--db", db, "--settings", str(bad), "--engine", "dask"])
    assert result.exit_code == 3 and "[R501]" in result.output and "genre_min_confidense" in result.output
