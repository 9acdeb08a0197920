"""The bundled sample corpus (corpora/sample, written by the team): what `make demo` ingests.
Site furniture that no generic pattern knows (each site's slogan) must be learned and removed."""

from __future__ import annotations

import pytest
from jianghua.corpus.store import Corpus
from jianghua.engines.ingest import ingest_paths
from jianghua.stages.clean import learn_site_lines

from tests.conftest import SAMPLE


@pytest.fixture(scope="module")
def sample_corpus(tmp_path_factory):
    corpus = Corpus(tmp_path_factory.mktemp("sample") / "sample.db")
    summary = ingest_paths(corpus, [SAMPLE])
    yield corpus, summary
    corpus.close()


def test_every_sample_page_is_ingested(sample_corpus):
    corpus, summary = sample_corpus
    assert summary.files == {"ingested": 14} and summary.exit_code == 0
    assert all(check["ok"] for check in corpus.verify())
    encodings = {r["encoding"] for r in corpus.ledger()}
    assert {"utf-8", "gb18030", "big5", "utf-8-sig"} <= encodings


def test_site_slogans_are_learned_and_removed(sample_corpus):
    corpus, _ = sample_corpus
    texts = "\n".join(d["text"] + d["title"] for d in corpus.documents())
    for slogan in ("笔杆子范文网", "学思网", "千页文库", "青溪组工网——组工干部的网上家园", "如有侵权"):
        assert slogan not in texts, slogan
    reasons = {r[0] for r in corpus.db.execute("SELECT DISTINCT code FROM removed")}
    assert "site_recurring" in reasons


def test_documents_of_the_collection_page_get_their_own_titles(sample_corpus):
    corpus, _ = sample_corpus
    titles = [d["title"] for d in corpus.documents() if "001-zhongceng" in d["source"]]
    assert len(titles) == 4 and len(set(titles)) == 4 and all(t.endswith("讲话") for t in titles)


def test_learning_needs_recurrence_on_most_pages_of_a_site():
    pages = [["本站口号——天天向上", f"第{i}篇正文内容，各不相同。", "同志们："] for i in range(5)]
    pages[0].append("只出现一次的行")
    learned = learn_site_lines(pages)
    assert learned == frozenset({"本站口号——天天向上"})  # the formula 同志们： is protected
    assert learn_site_lines(pages[:2]) == frozenset()  # too few pages to learn from
