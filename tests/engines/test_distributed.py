"""The Dask engine on a two-worker LocalCluster builds, through Parquet shards, the same corpus as a
plain ingest: same ledger, documents, fields and paragraphs."""

from __future__ import annotations

import sqlite3

import pytest
from jianghua.corpus.store import Corpus
from jianghua.engines.distributed import ingest_dask, load
from jianghua.engines.ingest import ingest_paths
from jianghua.errors import JianghuaError

from tests.conftest import SAMPLE

pytest.importorskip("dask.distributed")


def _snapshot(db: str) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(db)
    queries = {
        "ledger": "SELECT path, sha256, size, status, code, message, encoding, site, duplicate_of IS NOT NULL FROM files ORDER BY path",
        "pages": "SELECT f.path, p.site, p.title, p.script, p.is_html, p.encoding, p.repairs, p.flags FROM pages p "
                 "JOIN files f ON f.id=p.file_id ORDER BY f.path",
        "documents": "SELECT uid, ordinal, title, title_original, text, original_text, offset_map, script, complete, flags, "
                     "n_chars, extra, genre, topic, rules FROM documents ORDER BY uid",
        "sections": 'SELECT d.uid, s.ordinal, s.number, s.level, s.marker, s.heading, s.start, s."end", s.role '
                    "FROM sections s JOIN documents d ON d.id=s.doc_id ORDER BY d.uid, s.ordinal",
        "paragraphs": 'SELECT d.uid, p.ordinal, p.kind, p.start, p."end", p.text, p.words FROM paragraphs p '
                      "JOIN documents d ON d.id=p.doc_id ORDER BY d.uid, p.ordinal",
        "sentences": 'SELECT d.uid, s.start, s."end" FROM sentences s JOIN documents d ON d.id=s.doc_id ORDER BY d.uid, s.start',
        "removed": "SELECT f.path, r.line, r.code, r.text FROM removed r JOIN pages p ON p.id=r.page_id "
                   "JOIN files f ON f.id=p.file_id ORDER BY f.path, r.line, r.code, r.text",
        # every column with its SQLite type: the values cross Parquet as JSON, so 35 stays 35 (not 35.0)
        "rule_rows": "SELECT r.doc_id, r.title, r.genre, r.source, r.states, r.organization, r.date_of_text, r.posts,"
                     " r.principal, r.deputy, typeof(r.max_age), r.max_age, r.education, r.score_weights, r.rater_weights,"
                     " r.publicity_days, typeof(r.term_years), r.term_years, r.inspection_ratio, d.id = r.id"
                     " FROM rule_rows r JOIN documents d ON d.uid = r.doc_id ORDER BY r.doc_id",
    }
    return {name: conn.execute(sql).fetchall() for name, sql in queries.items()}


def _long_page() -> str:
    """40 speeches of 14,000 characters: longer than ``stages.PART_CHARS``, so both engines cut it in parts."""
    speeches = []
    for n in range(1, 41):
        paragraphs = [f"第{n}批第{k}段：实行竞争上岗，是深化干部人事制度改革的必然要求，也是选拔优秀干部的有效形式。"
                      f"各单位要高度重视，认真组织，确保第{k}项工作顺利进行。" for k in range(1, 201)]
        speeches.append(f"关于第{n}批干部竞争上岗的讲话\n同志们：\n" + "\n".join(paragraphs))
    return "\n\n".join(speeches) + "\n"


def test_local_cluster_equals_plain_ingest(seeds_dir, tmp_path):
    from jianghua.stages import runner as stages

    inputs = [str(seeds_dir), str(SAMPLE)]
    # a duplicate across partitions, a file to quarantine, and a file cut in parts (the same cutting code
    # in both engines: ingest.file_rows)
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "copy.txt").write_bytes((seeds_dir / "004_918b39668ea2ac01.txt").read_bytes())
    (extra / "empty.txt").write_bytes(b"")
    long_text = _long_page()
    assert len(long_text) > stages.PART_CHARS
    (extra / "long.txt").write_text(long_text, encoding="utf-8")
    inputs.append(str(extra))

    plain = Corpus(tmp_path / "plain.db")
    ingest_paths(plain, inputs)
    plain.close()

    manifest = ingest_dask(inputs, tmp_path / "shards", workers=2, partition_files=4)
    assert manifest["files"] == 5 + 14 + 3 and manifest["partitions"] == 6
    corpus = Corpus(tmp_path / "dask.db")
    summary = load(tmp_path / "shards", corpus)
    assert summary.files["duplicate"] == 1 and summary.files["quarantined"] == 1
    assert all(check["ok"] for check in corpus.verify())
    corpus.close()

    expected, got = _snapshot(str(tmp_path / "plain.db")), _snapshot(str(tmp_path / "dask.db"))
    assert len(expected["rule_rows"]) >= 10
    long_row = next(row for row in expected["ledger"] if row[0].endswith("long.txt"))
    assert long_row[3] == "ingested" and "processed_in_parts" in long_row[5]
    long_texts = [row[4] for row in expected["documents"] if "批第" in row[4]]
    assert len(long_texts) >= 40 and any("第40批第200段" in text for text in long_texts)
    for table in expected:
        assert got[table] == expected[table], table

    # shards written before the rules table existed (no rule_rows files): load derives the rows
    for shard in (tmp_path / "shards").glob("part-*.rule_rows.parquet"):
        shard.unlink()
    older = Corpus(tmp_path / "older.db")
    load(tmp_path / "shards", older)
    older.close()
    assert _snapshot(str(tmp_path / "older.db"))["rule_rows"] == expected["rule_rows"]


def test_shards_folder_must_be_empty(seeds_dir, tmp_path):
    (tmp_path / "shards").mkdir()
    (tmp_path / "shards" / "part-000000000.ledger.parquet").write_bytes(b"x")
    with pytest.raises(JianghuaError):
        ingest_dask([str(seeds_dir)], tmp_path / "shards", workers=1)


REUSE_TABLES = {
    "doc_clusters": "SELECT * FROM doc_clusters ORDER BY cluster, doc_id",
    "passage_clusters": "SELECT * FROM passage_clusters ORDER BY 1",
    "passage_occurrences": "SELECT * FROM passage_occurrences ORDER BY cluster, doc_id, start",
    "substitutions": "SELECT * FROM substitutions ORDER BY a, b",
    "duplicate_of": "SELECT uid, duplicate_of FROM documents ORDER BY uid",
}


def test_reuse_candidates_from_the_cluster_equal_the_local_ones(seeds_dir, tmp_path):
    """MinHash band keys shuffled to reducers on a two-worker LocalCluster give exactly the local
    build's candidate pairs, and the reuse tables built from them, with the units, alignments and
    duplicate checks run on the same cluster, equal the local build's."""
    from jianghua.engines.distributed import DaskEngine, client, read_candidates
    from jianghua.reuse import build_reuse

    inputs = [str(seeds_dir), str(SAMPLE)]
    plain = Corpus(tmp_path / "plain.db")
    ingest_paths(plain, inputs)
    local = build_reuse(plain)

    dask_client = client(None, 2)
    manifest = ingest_dask(inputs, tmp_path / "shards", partition_files=3, reuse={}, dask_client=dask_client)
    assert manifest["reuse_candidates"]["partitions"] == 7 and manifest["reuse_candidates"]["pairs"] > 100
    corpus = Corpus(tmp_path / "dask.db")
    load(tmp_path / "shards", corpus)
    pairs, reason = read_candidates(tmp_path / "shards", corpus)
    assert pairs is not None, reason
    remote = build_reuse(corpus, candidates=pairs, engine=DaskEngine(dask_client))
    assert remote["comparisons"] == local["comparisons"] > 100
    for key in ("duplicates", "passages", "occurrences", "texts", "units"):
        if key in local:
            assert remote[key] == local[key], key
    dask_client.close()
    for name, sql in REUSE_TABLES.items():
        expected = plain.db.execute(sql).fetchall()
        assert [tuple(r) for r in corpus.db.execute(sql).fetchall()] == [tuple(r) for r in expected], name

    # other parameters, or a database with other documents: the shards' candidates are refused
    assert read_candidates(tmp_path / "shards", corpus, {"bucket_window": 5})[0] is None
    assert read_candidates(tmp_path / "shards", plain)[0] is not None  # the same documents, built locally
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "new.txt").write_text("同志们：\n今天召开中层干部竞争上岗动员大会，对这次竞争上岗工作进行动员和部署。\n", encoding="utf-8")
    ingest_paths(corpus, [extra])
    pairs, reason = read_candidates(tmp_path / "shards", corpus)
    assert pairs is None and "other documents" in reason
    plain.close()
    corpus.close()


def test_damaged_shards_are_refused_by_name_before_anything_is_written(seeds_dir, tmp_path):
    import json
    import shutil

    from jianghua.engines.distributed import read_candidates

    shards = tmp_path / "shards"
    manifest = ingest_dask([str(seeds_dir)], shards, workers=1, partition_files=2, reuse={})
    assert manifest["format"] == 1 and manifest["reuse_candidates"]["pairs"] > 0
    assert json.loads((shards / "manifest.json").read_text())["reuse_candidates"] == manifest["reuse_candidates"]

    # damaged candidates: the build is told why and computes its own, nothing fails
    corpus = Corpus(tmp_path / "ok.db")
    load(shards, corpus)
    (shards / "reuse-candidates.parquet").write_bytes(b"not parquet")
    pairs, reason = read_candidates(shards, corpus)
    assert pairs is None and "unreadable" in reason and str(shards) in reason
    corpus.close()

    # a truncated table file: S804 naming it, and the database gets no row at all
    broken = tmp_path / "broken"
    shutil.copytree(shards, broken)
    victim = sorted(broken.glob("part-*.paragraphs.parquet"))[-1]
    victim.write_bytes(victim.read_bytes()[:100])
    fresh = Corpus(tmp_path / "fresh.db")
    with pytest.raises(JianghuaError) as caught:
        load(broken, fresh)
    assert caught.value.code == "S804" and victim.name in str(caught.value)
    assert fresh.db.execute("SELECT count(*) FROM files").fetchone()[0] == 0

    # a ledger that says ingested while the shard holds none of the file's rows: S804 naming the file
    import pyarrow.parquet as pq

    emptied = tmp_path / "emptied"
    shutil.copytree(shards, emptied)
    pages = sorted(emptied.glob("part-*.pages.parquet"))[0]
    pq.write_table(pq.read_table(pages).slice(0, 0), pages)
    lost = pq.read_table(str(pages).replace(".pages.", ".ledger.")).column("path")[0].as_py()
    with pytest.raises(JianghuaError) as caught:
        load(emptied, Corpus(tmp_path / "emptied.db"))
    assert caught.value.code == "S804" and lost in str(caught.value)

    # a table that lost one of its columns: S804 naming the column, not rows loaded with it empty
    narrowed = tmp_path / "narrowed"
    shutil.copytree(shards, narrowed)
    table_file = next(p for p in sorted(narrowed.glob("part-*.paragraphs.parquet")) if pq.read_metadata(p).num_rows)
    pq.write_table(pq.read_table(table_file).drop_columns(["section_ordinal"]), table_file)
    with pytest.raises(JianghuaError) as caught:
        load(narrowed, Corpus(tmp_path / "narrowed.db"))
    assert caught.value.code == "S804" and "section_ordinal" in str(caught.value)


def test_a_settings_file_goes_to_the_cluster_workers(tmp_path):
    """``ingest --engine dask --settings FILE``: both passes run with the file's numbers on the workers,
    so the shards hold what a plain ingest with the same settings makes (and the pages record them)."""
    from jianghua.stages import runner
    from jianghua.stages.settings import load_settings

    mine = tmp_path / "mine.toml"
    mine.write_text("[classify]\ngenre_min_confidence = 0.9999\ntopic_min_confidence = 0.9999\n"
                    "[clean]\nsite_min_share = 0.5\n", encoding="utf-8")
    settings = load_settings(mine)
    plain = Corpus(tmp_path / "plain.db")
    ingest_paths(plain, [str(SAMPLE)], settings=settings)
    plain.close()
    ingest_dask([str(SAMPLE)], tmp_path / "shards", workers=2, partition_files=4, settings=settings)
    corpus = Corpus(tmp_path / "dask.db")
    load(tmp_path / "shards", corpus)
    versions = {r[0] for r in corpus.db.execute("SELECT versions FROM pages")}
    unsure = corpus.db.execute("SELECT count(*) FROM documents WHERE low_confidence = 1").fetchone()[0]
    corpus.close()
    assert versions == {runner.versions_json(settings)} != {runner.versions_json()}
    assert unsure > 0
    expected, got = _snapshot(str(tmp_path / "plain.db")), _snapshot(str(tmp_path / "dask.db"))
    for table in expected:
        assert got[table] == expected[table], table
