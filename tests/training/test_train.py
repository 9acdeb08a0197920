"""Training and its evaluation: the labelled data (devset dev split included), determinism, the
cross-validated quality floors, calibration, and the model card."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from ..conftest import GOLDEN, ROOT

FLOORS = json.loads((GOLDEN / "classify_floors.json").read_text(encoding="utf-8"))
pytest.importorskip("sklearn")


def _examples() -> list[dict]:
    path = ROOT / "corpora" / "labels" / "examples.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_written_examples_enter_training_without_titles(labelled_items):
    from jianghua.training.train import EXAMPLES, read_examples, read_labels

    examples = read_examples()
    assert len(examples) == len(_examples()) == len({item.item for item in examples})
    kinds = {e["id"]: e["kind"] for e in _examples()}
    rows = {row.item for row in read_labels() if row.source == EXAMPLES}
    assert rows == {ident for ident, kind in kinds.items() if kind != "stub"}  # the title-only stubs are left out
    trained = [item for item in labelled_items if item.origin == "example"]
    assert {item.item for item in trained} == rows and all(item.title == "" for item in trained)


def test_a_bad_example_line_is_reported_as_file_line(tmp_path):
    from jianghua.training.train import EXAMPLES, TrainingError, read_examples

    folder = tmp_path / "corpora" / "labels"
    folder.mkdir(parents=True)
    good = {"id": "x-1", "genre": "other", "topic": "other", "kind": "stub", "title": "t", "text": "正文"}
    (folder / "examples.jsonl").write_text(json.dumps(good, ensure_ascii=False) + "\n" +
                                           json.dumps({**good, "id": "x-2", "genre": "novel"}) + "\n", encoding="utf-8")
    with pytest.raises(TrainingError, match=rf"{EXAMPLES}:2: unknown genre 'novel'"):
        read_examples(tmp_path)


def test_a_label_row_must_agree_with_its_example(tmp_path):
    from jianghua.training.train import LABELS, TrainingError, load_items

    folder = tmp_path / "corpora" / "labels"
    folder.mkdir(parents=True)
    example = {"id": "x-1", "genre": "other", "topic": "other", "kind": "prose", "title": "标题", "text": "一段正文。"}
    (folder / "examples.jsonl").write_text(json.dumps(example, ensure_ascii=False) + "\n", encoding="utf-8")
    header = "source,item,genre,topic,group\n"
    (folder / "labels.csv").write_text(header + "corpora/labels/examples.jsonl,x-1,other,other,g\n", encoding="utf-8")
    items = load_items(tmp_path, tmp_path / "no-shared")
    assert [(i.item, i.title, i.text, i.origin) for i in items] == [("x-1", "", "一段正文。", "example")]
    (folder / "labels.csv").write_text(header + "corpora/labels/examples.jsonl,x-1,news_report,other,g\n", encoding="utf-8")
    with pytest.raises(TrainingError, match=rf"{LABELS}:2: the labels of 'x-1' differ"):
        load_items(tmp_path, tmp_path / "no-shared")


def test_written_examples_cover_every_genre_and_topic():
    from jianghua.stages.classify import GENRES, TOPICS

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


def test_devset_dev_documents_are_training_items(labelled_items, devset_dir):
    from jianghua.training.devset import load_devset, page_split

    dev = load_devset(devset_dir, "dev")
    bodies = [item for item in labelled_items if item.origin == "devset"]
    produced = [item for item in labelled_items if item.origin == "devset-page"]
    assert len(bodies) == sum(len(page.documents) for page in dev) == 121
    assert len(produced) >= 80  # one per labelled document the splitter finds whole
    pages = {item.source.rsplit("/", 1)[1].removesuffix(".txt") for item in bodies + produced}
    assert pages == {page.id for page in dev} and all(page_split(page) == "dev" for page in pages)
    # a produced document keeps its labelled document's labels and page group
    labelled = {(item.source, item.item): item for item in bodies}
    for item in produced:
        twin = labelled[(item.source, item.item.split("@")[0])]
        assert (item.genre, item.topic, item.group) == (twin.genre, twin.topic, twin.group)
        assert twin.group == "devset-" + item.source.rsplit("/", 1)[1].removesuffix(".txt")


def test_augmentation_adds_truncated_and_untitled_copies():
    from jianghua.training.train import AUGMENT_MIN_CHARS, TRUNCATE_CHARS, Item, augment

    long = Item("s", "1", "other", "other", "g", "标题", "字" * (AUGMENT_MIN_CHARS + 1), "sample")
    short = Item("s", "2", "other", "other", "h", "", "短文", "sample")
    rows = augment([long, short])
    assert [(r.item, r.group, r.augmented, r.title, len(r.text)) for r in rows] == [
        ("1", "g", "", "标题", AUGMENT_MIN_CHARS + 1), ("1", "g", "truncated", "标题", TRUNCATE_CHARS),
        ("1", "g", "untitled", "", AUGMENT_MIN_CHARS + 1), ("2", "h", "", "", 2)]


def test_augmentation_borrows_a_title_of_another_genre_for_real_pages_only():
    from dataclasses import replace

    from jianghua.training.train import MISTITLED_WEIGHT, Item, augment, row_weight

    speech = Item("s", "1", "mobilization_speech", "other", "g", "动员讲话", "同志们", "devset")
    plan = Item("s", "2", "plan_or_regulation", "other", "h", "实施方案", "第一条", "sample")
    report = Item("s", "3", "experience_report", "other", "i", "经验材料", "我们", "seed")
    example = Item("e", "4", "news_report", "other", "j", "", "本报讯", "example")
    rows = augment([speech, plan, report, example])
    borrowed = [(r.item, r.group, r.title, r.text) for r in rows if r.augmented == "mistitled"]
    # from position 7k on (k: the item's index), the first title of another genre; the untitled example
    # neither lends nor borrows
    assert borrowed == [("1", "g", "实施方案", "同志们"), ("2", "h", "经验材料", "第一条"), ("3", "i", "动员讲话", "我们")]
    assert {row_weight(r) for r in rows if r.augmented == "mistitled"} == {MISTITLED_WEIGHT}
    assert {row_weight(r) for r in rows if r.augmented != "mistitled"} == {1.0}
    same_genre = augment([speech, replace(speech, item="5", group="k", title="讲话")])
    assert not [r for r in same_genre if r.augmented == "mistitled"]


def test_groups_never_straddle_folds(labelled_items):
    from jianghua.training.classify_eval import N_SPLITS
    from jianghua.training.train import folds

    split = folds([i.genre for i in labelled_items], [i.group for i in labelled_items], N_SPLITS, 0)
    fold_of_group: dict[str, set[int]] = {}
    for k, (_train, test) in enumerate(split):
        for i in test:
            fold_of_group.setdefault(labelled_items[i].group, set()).add(k)
    assert all(len(v) == 1 for v in fold_of_group.values())


def test_training_is_deterministic(small_training, tmp_path):
    from jianghua.training.classify_eval import train
    from jianghua.training.train import dump_model, fit_model

    items, data, _fitted = small_training
    again, _ = fit_model(items, seed=0)
    assert dump_model(again) == dump_model(data)
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    train(first, seed=0, card=tmp_path / "card-a.md", items=items, evaluate=False)
    train(second, seed=0, card=tmp_path / "card-b.md", items=items, evaluate=False)
    assert first.read_bytes() == second.read_bytes()
    card = (tmp_path / "card-a.md").read_text(encoding="utf-8")
    assert "Model card" in card and "devset dev split: labelled bodies" in card


def test_training_needs_no_model_file(monkeypatch, tmp_path):
    """Training reads the pipeline's documents with the classify stage skipped: it works while the
    shipped model is missing (being rebuilt)."""
    from jianghua.stages import classify as cl
    from jianghua.training.train import process_folder

    monkeypatch.setattr(cl, "MODEL_RESOURCE", "models/absent.json")
    cl.load_model.cache_clear()
    try:
        page = ROOT / "corpora" / "sample" / "fanwen-hans" / "003-jingpin-bangongshi-zhuren-bom-crlf.txt"
        documents = process_folder([page], "fanwen-hans")[page]
        assert len(documents) == 1 and "竞聘" in documents[0][1]
        with pytest.raises(cl.ModelError):
            cl.load_model()
    finally:
        cl.load_model.cache_clear()


def test_cross_validated_floors(labelled_items):
    from jianghua.training.classify_eval import cross_validate

    report = cross_validate(labelled_items, seed=0)
    every, pages = report["pages"], report["devset_pages"]
    print(f"genre macro-F1 {every['genre']['macro_f1']} (devset pages {pages['genre']['macro_f1']}), topic macro-F1 "
          f"{every['topic']['macro_f1']} (devset pages {pages['topic']['macro_f1']}), truncation "
          f"{report['truncation']['same_genre_share']} of {report['truncation']['documents']}, ECE genre "
          f"{every['genre']['calibration']['ece']} topic {every['topic']['calibration']['ece']}")
    assert every["genre"]["macro_f1"] >= FLOORS["genre_macro_f1"]
    assert every["topic"]["macro_f1"] >= FLOORS["topic_macro_f1"]
    assert pages["genre"]["macro_f1"] >= FLOORS["devset_pages_genre_macro_f1"]
    assert pages["topic"]["macro_f1"] >= FLOORS["devset_pages_topic_macro_f1"]
    assert every["genre"]["calibration"]["ece"] <= FLOORS["genre_ece_max"]
    assert every["topic"]["calibration"]["ece"] <= FLOORS["topic_ece_max"]
    assert pages["genre"]["calibration"]["ece"] <= FLOORS["devset_pages_genre_ece_max"]
    assert pages["topic"]["calibration"]["ece"] <= FLOORS["devset_pages_topic_ece_max"]
    assert report["truncation"]["same_genre_share"] >= FLOORS["truncation_same_genre_share"]
    assert report["script"]["same_labels_share"] >= FLOORS["script_same_labels_share"]


def test_reliability_table_and_ece():
    from jianghua.training.classify_eval import reliability

    report = reliability([0.95, 0.95, 0.55, 0.55, 0.15], [True, False, True, True, False])
    assert report["table"] == [
        {"bin": [0.1, 0.2], "documents": 1, "mean_confidence": 0.15, "accuracy": 0.0},
        {"bin": [0.5, 0.6], "documents": 2, "mean_confidence": 0.55, "accuracy": 1.0},
        {"bin": [0.9, 1.0], "documents": 2, "mean_confidence": 0.95, "accuracy": 0.5},
    ]
    assert report["ece"] == round(1 / 5 * 0.15 + 2 / 5 * 0.45 + 2 / 5 * 0.45, 4)
    assert reliability([1.0], [True]) == {"ece": 0.0, "table": [{"bin": [0.9, 1.0], "documents": 1,
                                                                 "mean_confidence": 1.0, "accuracy": 1.0}]}


def test_scores_count_a_document_not_found_as_wrong():
    from jianghua.training.classify_eval import scores
    from jianghua.training.devset import MISSING

    report = scores(["a", "a", "b"], ["a", MISSING, "b"], ["a", "b", "c"])
    assert report["macro_f1"] == 0.8334 and report["accuracy"] == 0.6667  # per-label F1 rounded, as the devset scorer does
    assert report["columns"] == ["a", "b", MISSING] and report["confusion"] == [[1, 0, 1], [0, 1, 0]]


@pytest.mark.seeds
def test_shipped_model_was_trained_on_the_current_data(labelled_items, seeds_dir):
    """Edit the labels (or change what ingest makes of a labelled page) and this fails until the
    model is rebuilt with `jianghua train`."""
    from jianghua.stages.classify import load_model
    from jianghua.training.train import data_hash

    assert load_model().meta["training"]["data_sha256"] == data_hash(labelled_items)


def test_shipped_model_card_reports_the_test_split_and_calibration(devset_dir):
    from jianghua.stages.classify import load_model

    metrics = load_model().meta["metrics"]
    test = metrics["devset_test"]
    assert test["split"] == "test" and test["documents"]["labelled"] == 50
    card = (ROOT / "models" / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "## Devset test split" in card and "devset dev split" in card
    # calibration on the test split, on held-out real pages and on held-out devset dev pages
    assert card.count("| ECE |") == 3 and "Reliability of the confidence on the held-out devset dev pages'" in card
    dev = metrics["devset_pages"]["genre"]["calibration"]
    assert f"| ECE | {dev['ece']:.3f} |" in card
    assert f"{test['headline']['genre']['macro_f1']:.3f}" in card


def test_cli_evaluate_classify_prints_the_report(monkeypatch):
    from jianghua.interfaces.cli import app
    from jianghua.stages.classify import load_model
    from jianghua.training import classify_eval
    from typer.testing import CliRunner

    report = json.loads(json.dumps(dict(load_model().meta["metrics"])))
    monkeypatch.setattr(classify_eval, "evaluate", lambda seed=0: report)
    text = CliRunner().invoke(app, ["evaluate", "classify"])
    assert text.exit_code == 0, text.output
    for heading in ("## Cross-validation", "## Robustness", "## Shipped model on the devset test split", "| ECE |"):
        assert heading in text.output
    as_json = CliRunner().invoke(app, ["evaluate", "classify", "--json"])
    assert as_json.exit_code == 0 and json.loads(as_json.output) == report
