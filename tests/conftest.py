"""Shared fixtures. The seed pages live in ../shared/seeds beside the checkout: tests that need them
skip with a visible reason when it is absent, and fail instead when CI=true."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = Path(os.environ.get("JIANGHUA_SEEDS", ROOT.parent / "shared" / "seeds"))
BENCH = ROOT.parent / "shared" / "bench-corpus"
DEVSET = Path(os.environ.get("JIANGHUA_DEVSET", ROOT.parent / "shared" / "devset"))
GOLDEN = ROOT / "tests" / "golden"
SAMPLE = ROOT / "corpora" / "sample"


def _need(path: Path, what: str) -> Path:
    if not path.exists():
        message = f"{what} not found at {path}"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"{message}; CI=true requires it")
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return _need(SEEDS, "the seed pages (../shared/seeds)")


@pytest.fixture(scope="session")
def devset_dir() -> Path:
    return _need(DEVSET, "the labelled development pages (../shared/devset)")


@pytest.fixture(scope="session")
def devset_test_report(devset_dir):
    """``jianghua evaluate devset --split test`` as the library computes it (one ingest per session)."""
    from jianghua.training.devset import evaluate_devset

    return evaluate_devset(devset_dir, "test")


@pytest.fixture(scope="session")
def golden() -> dict:
    return json.loads((GOLDEN / "seeds.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_pages(seeds_dir, golden):
    from jianghua.stages.runner import process_page

    return {name: process_page((seeds_dir / name).read_bytes(), name, "seeds") for name in golden["pages"]}


@pytest.fixture(scope="session")
def seed_corpus(seeds_dir, tmp_path_factory):
    from jianghua.corpus.store import Corpus
    from jianghua.engines.ingest import ingest_paths

    path = tmp_path_factory.mktemp("seedcorpus") / "seeds.db"
    corpus = Corpus(path)
    ingest_paths(corpus, [seeds_dir])
    yield corpus
    corpus.close()


@pytest.fixture(scope="session")
def rules_document():
    """A factory: raw text (any script, full-width digits...) -> a Document as ingest makes it
    (normalized with its offset map, structured, segmented), for the extractor's unit tests."""
    from jianghua.document import Document
    from jianghua.offsets import concat
    from jianghua.stages.normalize import normalize
    from jianghua.stages.segment import segment
    from jianghua.stages.structure import structure

    def make(text: str):
        normalized = [(normalize(line), line) for line in text.split("\n")]
        canon, original, omap = concat([(n.text, line, n.omap) for n, line in normalized])
        doc = Document(ordinal=1, title="", text=canon, original=original, omap=omap)
        structure(doc)
        segment(doc)
        return doc

    return make


@pytest.fixture(scope="session")
def extract_field(rules_document):
    """A factory: (field function, raw text) -> what that field extractor returns, evidence removed."""
    from jianghua.stages.extract.context import Context

    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if not k.endswith("evidence")}
        if isinstance(value, list):
            return [strip(v) for v in value]
        if isinstance(value, tuple):
            return tuple(strip(v) for v in value)
        return value

    def run(field, text: str, year: int | None = None):
        ctx = Context(rules_document(text), "case")
        ctx.default_year = year
        return strip(field(ctx))

    return run


@pytest.fixture(scope="session")
def sample_pages():
    """The sample corpus as ingest processes it (each site's furniture learned from its pages), keyed
    by ``site/file``."""
    from jianghua.stages.clean import learn_site_lines
    from jianghua.stages.runner import page_lines_for_learning, process_page

    pages = {}
    for site in sorted(p for p in SAMPLE.iterdir() if p.is_dir()):
        data = {path: path.read_bytes() for path in sorted(site.iterdir()) if path.is_file()}
        site_lines = learn_site_lines(page_lines_for_learning(raw) for raw in data.values())
        for path, raw in data.items():
            pages[f"{site.name}/{path.name}"] = process_page(raw, str(path), site.name, site_lines)
    return pages


@pytest.fixture(scope="session")
def sample_documents(sample_pages):
    return [doc for page in sample_pages.values() for doc in page.documents]


@pytest.fixture(scope="session")
def labelled_items():
    """Every labelled training item found (seeds and laws only when ../shared is there)."""
    pytest.importorskip("sklearn")
    from jianghua.training.train import load_items

    return load_items()


@pytest.fixture(scope="session")
def small_training(labelled_items):
    """A quick fit on a subset that still holds every genre and topic: (items, model dict, fitted)."""
    from jianghua.training.train import fit_model

    subset = labelled_items[::4]
    assert {i.genre for i in subset} >= {"mobilization_speech", "other"} and len({i.topic for i in subset}) == 4
    data, fitted = fit_model(subset, seed=0)
    return subset, data, fitted


@pytest.fixture(scope="session")
def demo_db(seeds_dir, tmp_path_factory) -> str:
    """The demo corpus of the README's examples: the sample corpus and the seeds, ingested as
    ``jianghua ingest corpora/sample ../shared/seeds`` does (the reuse index built); a path, opened
    read-only by the tests that use it."""
    from jianghua.corpus.store import Corpus
    from jianghua.engines.ingest import ingest_paths
    from jianghua.reuse import build_reuse

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    corpus = Corpus(path)
    ingest_paths(corpus, [SAMPLE, seeds_dir])
    build_reuse(corpus)
    corpus.close()
    return str(path)


@pytest.fixture(scope="session")
def demo_corpus(demo_db):
    from jianghua.corpus.store import Corpus

    corpus = Corpus(demo_db, readonly=True)
    yield corpus
    corpus.close()


# --- tiers ----------------------------------------------------------------------------------------
# `make test-fast` runs `pytest -m "not slow and not browser and not dask and not lint"`; `make test`
# (and CI) runs everything. Browser, Dask and lint tests are marked here, by what they use.
_TIER_BY_FILE = {"test_distributed.py": "dask", "test_lint.py": "lint", "test_bench_corpus.py": "slow"}
# tests of more than about 5 s that the fast tier leaves to `make test` (whole trainings, cross-validation,
# every sentence of the seeds through every matcher, a database damaged at every offset)
_SLOW_TESTS = {
    "test_the_gate_accepts_every_sentence_the_matcher_matches", "test_the_extractors_regexes_never_miss_for_their_requirement",
    "test_the_shortcuts_change_no_record_on_the_seeds_and_the_sample", "test_cross_validated_macro_f1_floors",
    "test_training_is_deterministic", "test_8_kb_zeroed_anywhere_never_passes_for_a_good_answer", "test_cross_validated_floors",
    "test_replay_rebuilds_the_recorded_database", "test_retraining_gives_the_shipped_model",
    "test_the_shipped_page_models_were_trained_on_these_pages",
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        tier = _TIER_BY_FILE.get(item.path.name)
        if tier:
            item.add_marker(getattr(pytest.mark, tier))
        if item.originalname in _SLOW_TESTS:
            item.add_marker(pytest.mark.slow)
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
