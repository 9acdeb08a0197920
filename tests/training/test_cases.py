"""The pages both page-model trainers learn from (``training.cases``): the devset's dev split and the
seeds, loaded once; the shipped models' training data is what they make."""

from __future__ import annotations

import json

import pytest
from jianghua.errors import JianghuaError
from jianghua.training.cases import seed_pages, training_pages
from jianghua.training.devset import load_devset, page_split

from tests.conftest import GOLDEN


def test_the_training_pages_are_the_dev_split_and_every_seed(devset_dir, seeds_dir):
    pages = training_pages("line model", devset_dir.parent)
    dev = [p for p in pages if p.origin == "devset"]
    seeds = [p for p in pages if p.origin == "seed"]
    assert [p.group for p in dev] == [p.id for p in load_devset(devset_dir, "dev")]
    assert all(page_split(p.group) == "dev" and p.devset is not None and p.devset.id == p.group for p in dev)
    assert [p.group for p in seeds] == [f"seed:{p.name}" for p in sorted(seeds_dir.iterdir()) if p.is_file()]
    assert all(p.data == (seeds_dir / p.group.removeprefix("seed:")).read_bytes() for p in seeds)
    golden = json.loads((GOLDEN / "seeds.json").read_text(encoding="utf-8"))["pages"]
    assert {p.group: p.documents for p in seeds} == {
        f"seed:{name}": tuple((d["starts"], d["title"]) for d in page["documents"]) for name, page in golden.items()}


def test_a_seed_the_golden_file_lacks_has_no_documents(tmp_path):
    (tmp_path / "x.txt").write_bytes("标题\n正文。\n".encode())
    assert [(p.group, p.documents, p.origin) for p in seed_pages(tmp_path)] == [("seed:x.txt", (), "seed")]


def test_no_shared_folder_is_bad_training_data_naming_the_model(tmp_path):
    with pytest.raises(JianghuaError) as caught:
        training_pages("title chooser", tmp_path)
    assert caught.value.code == "M703" and str(caught.value) == (
        f"[M703] training the title chooser needs the devset and the seeds under {tmp_path}")


def test_the_shipped_page_models_were_trained_on_these_pages(devset_dir):
    """The furniture line model and the title chooser record the hash of their training data: the
    pages loaded here, through each trainer's stages, make the same data."""
    pytest.importorskip("sklearn")
    from jianghua import resources
    from jianghua.stages import lines as line_model
    from jianghua.stages import title_chooser
    from jianghua.training import train_lines, train_titles

    shared = devset_dir.parent
    lines = resources.model_json(line_model.MODEL_RESOURCE, "the line model")
    titles = resources.model_json(title_chooser.MODEL_RESOURCE, "the title chooser")
    assert train_lines.data_hash(train_lines.training_data(shared)) == lines["meta"]["data_sha256"]
    assert train_titles.data_hash(train_titles.cases(train_titles.training_pages(shared))) == titles["meta"]["data_sha256"]
