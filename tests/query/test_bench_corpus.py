"""On real text from ../shared/bench-corpus (a slice of both archives): search and concordance find
every occurrence a plain substring scan finds, for 20 queries of 2 to 6 characters (recall 1.0),
and nothing else (precision 1.0)."""

from __future__ import annotations

import os
import tarfile

import pytest
from jianghua.corpus.store import Corpus
from jianghua.engines.ingest import ingest_paths
from jianghua.query import search as q

from tests.conftest import BENCH

FILES_PER_ARCHIVE = 60
QUERIES = ["法律", "人民法院", "第一条", "罚款", "行政机关", "国家", "主管机关", "监督管理", "违反", "规定",
           "中华人民共和国", "有期徒刑", "公务员", "审批", "机關", "條例", "国务院", "之一", "第二十", "县级以上"]


@pytest.fixture(scope="module")
def law_corpus(tmp_path_factory):
    if not BENCH.exists():
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"the bench corpus is not at {BENCH}; CI=true requires it")
        pytest.skip(f"the bench corpus is not at {BENCH}")
    folder = tmp_path_factory.mktemp("laws")
    for name in ("laws_zh_hans.tar.gz", "laws_zh_hant_tw.tar.gz"):
        with tarfile.open(BENCH / name) as archive:
            members = sorted((m for m in archive.getmembers() if m.isfile() and m.name.endswith(".txt")),
                             key=lambda m: m.name)[:FILES_PER_ARCHIVE]
            archive.extractall(folder / name.split(".")[0], members=members, filter="data")
    corpus = Corpus(folder / "laws.db")
    summary = ingest_paths(corpus, [folder], workers=2)
    assert summary.files["ingested"] >= FILES_PER_ARCHIVE
    yield corpus
    corpus.close()


@pytest.mark.parametrize("query", QUERIES)
def test_search_and_kwic_equal_a_substring_scan(law_corpus, query):
    term = q.normalize_query_term(query)
    rows = law_corpus.db.execute("SELECT id, text FROM paragraphs").fetchall()
    paragraphs = {r["id"] for r in rows if term.lower() in r["text"].lower()}
    occurrences = sum(r["text"].lower().count(term.lower()) for r in rows)
    found = q.search(law_corpus, query, limit=len(paragraphs) + 10, count_cap=None)
    assert {r["paragraph"] for r in found["results"]} == paragraphs and found["total"] == len(paragraphs)
    lines = q.kwic(law_corpus, query, limit=None)
    assert lines["total"] == occurrences == len(lines["lines"])
    assert q.kwic(law_corpus, query, limit=10, count_cap=None)["total"] == occurrences
