"""Training: the labelled data, determinism, and the cross-validated quality floors."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from .conftest import GOLDEN, ROOT

FLOORS = json.loads((GOLDEN / "classify_floors.json").read_text(encoding="utf-8"))
pytest.importorskip("sklearn")


def _examples() -> list[dict]:
    path = ROOT / "corpora" / "labels" / "examples.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_labels_and_examples_agree():
    from jianghua.train import read_examples, read_labels

    rows = read_labels()
    examples = read_examples()
    labelled = {row.item: row for row in rows if row.source == "corpora/labels/examples.jsonl"}
    assert set(labelled) == set(examples)
    for ident, record in examples.items():
        assert (record["genre"], record["topic"]) == (labelled[ident].genre, labelled[ident].topic), ident


def test_written_examples_cover_every_genre_and_topic():
    from jianghua.classify import GENRES, TOPICS

    examples = _examples()
    genres = Counter(e["genre"] for e in examples)
    topics = Counter(e["topic"] for e in examples)
    assert all(genres[g] >= 25 for g in GENRES), genres
    assert all(topics[t] >= 25 for t in TOPICS), topics
    kinds = Counter(e["kind"] for e in examples)
    for confuser in ("fiction", "stub", "research", "farewell", "skills-open", "debate"):
        assert kinds[confuser] >= 1, confuser


def test_written_examples_are_short_documents():
    for example in _examples():
        if example["kind"] in ("stub", "poem"):  # a title-only stub or a poem is short by nature
            continue
        assert 150 <= len(example["text"]) <= 600, (example["id"], len(example["text"]))


def test_groups_never_straddle_folds(labelled_items):
    from jianghua.train import N_SPLITS, _folds

    folds = _folds([i.genre for i in labelled_items], [i.group for i in labelled_items], N_SPLITS, 0)
    fold_of_group: dict[str, set[int]] = {}
    for k, (_train, test) in enumerate(folds):
        for i in test:
            fold_of_group.setdefault(labelled_items[i].group, set()).add(k)
    assert all(len(v) == 1 for v in fold_of_group.values())


def test_training_is_deterministic(small_training, tmp_path):
    from jianghua.train import dump_model, fit_model, train

    items, data, _fitted = small_training
    again, _ = fit_model(items, seed=0)
    assert dump_model(again) == dump_model(data)
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    train(first, seed=0, card=tmp_path / "card-a.md", items=items, evaluate=False)
    train(second, seed=0, card=tmp_path / "card-b.md", items=items, evaluate=False)
    assert first.read_bytes() == second.read_bytes()
    assert "Model card" in (tmp_path / "card-a.md").read_text(encoding="utf-8")


def test_cross_validated_macro_f1_floors(labelled_items):
    from jianghua.train import evaluate_classifier

    report = evaluate_classifier(seed=0, items=labelled_items, script=False)
    print(f"genre macro-F1 {report['genre']['macro_f1']}, topic macro-F1 {report['topic']['macro_f1']}, "
          f"truncation {report['truncation']['same_genre_share']} of {report['truncation']['documents']}")
    assert report["genre"]["macro_f1"] >= FLOORS["genre_macro_f1"]
    assert report["topic"]["macro_f1"] >= FLOORS["topic_macro_f1"]
    assert report["truncation"]["same_genre_share"] >= FLOORS["truncation_same_genre_share"]


@pytest.mark.seeds
def test_shipped_model_was_trained_on_the_current_data(labelled_items, seeds_dir):
    """Edit the labels or examples (or change what ingest makes of a labelled page) and this fails
    until the model is rebuilt with `jianghua train`."""
    from jianghua.classify import load_model
    from jianghua.train import data_hash

    assert load_model().meta["training"]["data_sha256"] == data_hash(labelled_items)
