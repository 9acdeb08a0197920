"""bench/bench_reuse.py's ``steps``: a full build's last steps run alone on a built corpus give that
build's own counts, and leave every table as it was (everything is rolled back)."""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import bench_reuse  # noqa: E402
from jianghua.reuse import build_reuse  # noqa: E402

TABLES = ("reuse_nodes", "passage_clusters", "passage_occurrences", "reuse_comps", "reuse_comp_sites")


def _tables(path: Path) -> dict[str, list[tuple]]:
    db = sqlite3.connect(path)
    try:
        return {table: sorted(db.execute(f"SELECT * FROM {table}").fetchall(), key=repr) for table in TABLES}
    finally:
        db.close()


def test_step_peaks_give_the_builds_counts_and_change_nothing(seed_corpus, tmp_path):
    path = tmp_path / "seeds.db"
    target = sqlite3.connect(path)
    seed_corpus.db.backup(target)
    target.close()
    from jianghua.corpus.store import Corpus

    corpus = Corpus(path)
    built = build_reuse(corpus, rebuild=True)
    corpus.close()
    before = _tables(path)
    result = bench_reuse.step_peaks(str(path))
    assert list(result["steps"]) == ["duplicate_candidates", "recluster", "settle"]
    assert all(step["peak_rss_mb"] > 0 and step["seconds"] >= 0 for step in result["steps"].values())
    assert result["duplicate_candidates"] == built["duplicate_candidates"] > 0
    assert result["passage_nodes"] == built["passage_nodes"] > 0
    assert result["listed"] == built["listed"] == built["passage_clusters"]
    assert _tables(path) == before and before["passage_clusters"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".bench-steps-")] == []
    json.dumps(result)  # a results line


def test_update_measures_the_fold_of_documents_ingested_since_the_build(seed_corpus, tmp_path, monkeypatch):
    import argparse

    from jianghua.corpus.store import Corpus
    from jianghua.engines.ingest import ingest_paths

    from tests.conftest import SAMPLE

    path = tmp_path / "seeds.db"
    target = sqlite3.connect(path)
    seed_corpus.db.backup(target)
    target.close()
    corpus = Corpus(path)
    built = build_reuse(corpus, rebuild=True)
    ingest_paths(corpus, [SAMPLE])  # no reuse build: the index is behind by the sample's documents
    added = corpus.count("documents") - built["documents"]
    corpus.close()
    recorded: list[tuple[str, dict]] = []
    monkeypatch.setattr(bench_reuse, "append_result", lambda name, result: recorded.append((name, result)))
    bench_reuse.update(argparse.Namespace(db=str(path), workers=1))
    [(name, result)] = recorded
    assert name == "reuse" and result["run"] == "update" and result["mode"] == "update"
    assert result["new_documents"] == added > 0 and result["documents"] == built["documents"] + added
    assert result["cpu_seconds"] > 0 and set(result["steps_cpu"]) == {"plan", "fold", "duplicates", "clusters", "substitutions"}


def test_update_of_a_missing_corpus_is_an_error_naming_it_and_records_nothing(tmp_path, monkeypatch):
    import argparse

    recorded: list[tuple[str, dict]] = []
    monkeypatch.setattr(bench_reuse, "append_result", lambda name, result: recorded.append((name, result)))
    missing = tmp_path / "none.db"
    with pytest.raises(SystemExit, match="none.db: no such corpus"):
        bench_reuse.update(argparse.Namespace(db=str(missing), workers=1))
    assert recorded == [] and not missing.exists()
