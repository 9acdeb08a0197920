"""The grouped cross-validation of the whole pipeline on the dev split (jianghua.training.devset_cv,
``jianghua evaluate devset --split dev --cross-validate``)."""

from __future__ import annotations

import json
import shutil

import pytest
from jianghua.corpus.store import Corpus
from jianghua.engines.ingest import ingest_paths
from jianghua.errors import JianghuaError
from jianghua.interfaces.cli import app
from jianghua.stages import lines
from jianghua.stages.runner import SHIPPED, Models
from jianghua.training import cases, devset_cv, train_lines
from jianghua.training.devset import load_devset, page_detail, produced_documents, score_page
from typer.testing import CliRunner

runner = CliRunner()
# a few dev pages of different kinds: a collection, a portal news page, a novel page, a plan
SUBSET = ("mob-01", "news-04", "oth-01", "plan-02", "exp-05", "cand-07")


@pytest.fixture(scope="module")
def small_devset(devset_dir, tmp_path_factory):
    """A devset folder holding only ``SUBSET`` (dev pages), for a cross-validation that runs in seconds."""
    root = tmp_path_factory.mktemp("devset")
    for sub in ("labels", "pages"):
        (root / sub).mkdir()
    for page_id in SUBSET:
        shutil.copy(devset_dir / "labels" / f"{page_id}.json", root / "labels")
        shutil.copy(devset_dir / "pages" / f"{page_id}.txt", root / "pages")
    return root


def test_page_folds_partition_the_pages_stably():
    ids = [f"mob-{n:02d}" for n in range(1, 30) if n % 3]
    folds = devset_cv.page_folds(ids, 5)
    assert len(folds) == 5 and sorted(i for fold in folds for i in fold) == sorted(ids)
    assert {len(fold) for fold in folds} <= {len(ids) // 5, len(ids) // 5 + 1}
    assert devset_cv.page_folds(list(reversed(ids)), 5) == folds  # the order given does not matter


def test_in_process_run_scores_as_the_ingest_does(small_devset, tmp_path):
    """The cross-validation runs pages in process (process_page with Models): with the shipped models it
    scores every page exactly as ``evaluate devset`` scores it after a real ingest."""
    pages = load_devset(small_devset, "dev")
    db = tmp_path / "c.db"
    with Corpus(db) as corpus:
        ingest_paths(corpus, [p.path for p in pages])
    produced = produced_documents(db, pages)
    ingested = [page_detail(score_page(p, produced[p.id])) for p in pages]
    in_process = [page_detail(s) for s in devset_cv.score_pages(pages, SHIPPED)]
    assert in_process == ingested


def test_a_fold_is_cleaned_by_a_model_fitted_without_it(devset_dir, small_devset, monkeypatch):
    training = train_lines.devset_lines(cases.devset_pages(small_devset)) + train_lines.seed_lines(
        cases.seed_pages(devset_dir.parent / "seeds"))
    fitted_on: list[set[str]] = []
    real_fit = train_lines.fit

    def recording_fit(pages, c):
        fitted_on.append({p.group for p in pages})
        return real_fit(pages, c)

    monkeypatch.setattr(train_lines, "fit", recording_fit)
    model = devset_cv.line_model_without(training, {"mob-01", "news-04"})
    assert isinstance(model, lines.LineModel) and set(model.meta) == {"C", "low", "high", "own_min"}
    assert fitted_on and all(not ({"mob-01", "news-04"} & groups) for groups in fitted_on)
    assert all(any(g.startswith("seed:") for g in groups) for groups in fitted_on)  # the seeds always train


def test_cross_validation_reports_every_page_once_deterministically(devset_dir, small_devset):
    report = devset_cv.cross_validate_devset(small_devset, 2, shared=devset_dir.parent)
    cv = report["cross_validation"]
    assert cv["folds"] == 2 and len(cv["by_fold"]) == 2
    assert sorted(p for fold in cv["by_fold"] for p in fold["pages"]) == sorted(SUBSET)
    assert [p["id"] for p in report["pages"]] == sorted(SUBSET)
    labelled = sum(len(p.documents) for p in load_devset(small_devset, "dev"))
    assert report["overall"]["documents"]["labelled"] == labelled and report["split"] == "dev"
    again = devset_cv.cross_validate_devset(small_devset, 2, shared=devset_dir.parent)
    assert json.dumps(again, sort_keys=True) == json.dumps(report, sort_keys=True)


def test_too_few_folds_or_pages_is_q721(devset_dir, small_devset):
    with pytest.raises(JianghuaError, match="Q721"):
        devset_cv.cross_validate_devset(small_devset, 1, shared=devset_dir.parent)
    with pytest.raises(JianghuaError, match="Q721"):
        devset_cv.cross_validate_devset(small_devset, len(SUBSET) + 1, shared=devset_dir.parent)


def test_models_default_to_the_shipped_ones():
    assert Models() == SHIPPED and SHIPPED.title_chooser is None


def test_cli_cross_validate(devset_dir, small_devset):
    result = runner.invoke(app, ["evaluate", "devset", "--root", str(small_devset), "--split", "dev",
                                 "--cross-validate", "--folds", "2", "--json"], env={"JIANGHUA_SHARED": str(devset_dir.parent)})
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["cross_validation"]["folds"] == 2
    table = runner.invoke(app, ["evaluate", "devset", "--root", str(small_devset), "--split", "dev",
                                "--cross-validate", "--folds", "2"], env={"JIANGHUA_SHARED": str(devset_dir.parent)})
    assert table.exit_code == 0 and "dev split, cross-validated (2 folds)" in table.output
    wrong_split = runner.invoke(app, ["evaluate", "devset", "--root", str(small_devset), "--cross-validate"])
    assert wrong_split.exit_code == 2 and "Q721" in wrong_split.output and "--split dev" in wrong_split.output
    one_fold = runner.invoke(app, ["evaluate", "devset", "--root", str(small_devset), "--split", "dev",
                                   "--cross-validate", "--folds", "1"])
    assert one_fold.exit_code == 2 and "folds" in one_fold.output


def test_model_only_lines_leave_every_removal_to_the_model(devset_dir, small_devset):
    """With ``clean.patterns`` false (bench/model_only.toml) the training lines hold nothing the patterns
    removed: only lines fixed as text (protected) or left to the model; with the packaged settings the
    same pages hold pattern removals, and the labels are the same lines' labels."""
    dev = cases.devset_pages(small_devset)
    packaged = train_lines.devset_lines(dev)
    alone = train_lines.devset_lines(dev, train_lines.model_only_settings())
    assert any(True in page.fixed for page in packaged)
    assert not any(True in page.fixed for page in alone)
    assert [p.group for p in alone] == [p.group for p in packaged]
    assert sum(sum(p.labels) for p in alone) == sum(sum(p.labels) for p in packaged)


def test_cli_cross_validate_with_the_pattern_layer_off(devset_dir, small_devset):
    from pathlib import Path

    model_only = Path(__file__).resolve().parents[2] / "bench" / "model_only.toml"
    args = ["evaluate", "devset", "--root", str(small_devset), "--split", "dev", "--cross-validate", "--folds", "2",
            "--json"]
    env = {"JIANGHUA_SHARED": str(devset_dir.parent)}
    on = runner.invoke(app, args, env=env)
    off = runner.invoke(app, [*args, "--settings", str(model_only)], env=env)
    assert on.exit_code == 0 and off.exit_code == 0, off.output
    on_report, off_report = json.loads(on.output), json.loads(off.output)
    assert on_report["cross_validation"]["patterns"] is True and off_report["cross_validation"]["patterns"] is False
    # the model alone leaves furniture the patterns take (a breadcrumb, a metadata row ...) in the documents
    assert off_report["overall"]["furniture"]["removed"] < on_report["overall"]["furniture"]["removed"]
    assert off_report["overall"]["furniture"]["labelled"] == on_report["overall"]["furniture"]["labelled"]


def test_with_the_title_rules_off_each_fold_has_a_chooser_fitted_without_the_rules_features(small_devset):
    """``titles.rules`` false (bench/titles_learned.toml): every fold's chooser is the learned one, its weights
    for the rules' own choice zero; with the rules on and the shipped chooser not shipping, the rules choose."""
    from jianghua.stages import title_chooser

    dev = cases.devset_pages(small_devset)
    held = {dev[0].group}
    chooser = devset_cv._chooser_factory(dev, rules=False)(held)
    assert chooser.model is not None
    names = title_chooser.FEATURE_NAMES
    assert [chooser.model.weights[names.index(name)] for name in title_chooser.RULE_FEATURES] == [0.0, 0.0]
    assert any(weight != 0.0 for weight in chooser.model.weights)
    ships = title_chooser.default_model().meta.get("ships") is True
    assert (devset_cv._chooser_factory(dev)(held) is title_chooser.RULES_ONLY) is not ships
