"""Training of the title chooser (jianghua.training.train_titles) on the devset's dev split and the seeds."""

from __future__ import annotations

import pytest


@pytest.mark.slow
def test_retraining_gives_the_shipped_model(devset_dir, seeds_dir, tmp_path):
    """`jianghua train-titles` rebuilds resources/models/title-chooser.v1.json byte for byte, with the
    grouped cross-validation figures: the chooser against the rules on the dev split's 121 titles."""
    pytest.importorskip("sklearn")
    from jianghua.training.train_titles import default_output, train

    shared = devset_dir.parent
    if seeds_dir.parent != shared:
        pytest.skip("the devset and the seeds are not in one shared folder")
    summary = train(tmp_path / "model.json", shared=shared)
    assert (tmp_path / "model.json").read_text(encoding="utf-8") == default_output().read_text(encoding="utf-8")
    cv = summary["cross_validation"]
    # the chooser cross-validated: 114 since titles8 (a type alone joined, a genre named by its occasion generic)
    assert (cv["titles"], cv["rules_right_not_cross_validated"], cv["chooser_right"]) == (121, 115, 114)
    assert summary["ships"] is False  # (fewer than the rules: they decide)
    assert (summary["documents"], summary["learnable"]) == (77, 73)


def test_cases_mark_the_labelled_title_among_the_candidates(devset_dir):
    from jianghua.stages.title_chooser import FEATURE_NAMES
    from jianghua.training.devset import load_devset
    from jianghua.training.train_titles import cases, devset_pages

    pages = [p for p in devset_pages(devset_dir) if p.group in ("mob-01", "news-01")]
    assert [p.group for p in pages] == ["mob-01", "news-01"]
    found = cases(pages)
    assert len(found) == sum(len(p.documents) for p in load_devset(devset_dir, "dev") if p.id in ("mob-01", "news-01"))
    for case in found:
        assert case.x.shape == (len(case.right), len(FEATURE_NAMES))
        assert case.right[case.rules] == 1  # the rules are right on both pages
