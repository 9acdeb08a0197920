"""Pages in site forms the devset does not hold, made around its dev bodies (jianghua.training.site_forms):
their labels follow from the forms, and the pipeline keeps its titles and collections on them."""

from __future__ import annotations

import pytest
from jianghua.training import site_forms
from jianghua.training.devset import fold, furniture_line_numbers, labelled_bodies

# The figures on these pages when the forms were written (issue 15): documents found whole 116/116 (main
# before: 109, 6 merged), titles right 115/116 (main before: 92; left: a title broken mid-word with
# nothing to tell). Floors, a little under: a change that loses one of these forms fails here.
WHOLE_FLOOR = 0.97
TITLES_FLOOR = 0.95


@pytest.fixture(scope="module")
def pages(devset_dir):
    return site_forms.make_pages(devset_dir)


def test_every_form_makes_its_pages(pages):
    forms = {page.id.rsplit("-", 1)[0] for page in pages}
    assert forms == set(site_forms.SINGLE_FORMS) | set(site_forms.PAIR_FORMS)
    assert len(pages) >= 30
    # each form with PER_FORM bodies, fewer where the dev split holds fewer that fit it (a red head: plans)
    assert all(1 <= sum(1 for p in pages if p.id.startswith(f"{form}-")) <= site_forms.PER_FORM for form in forms)
    assert sum(1 for p in pages if p.id.startswith("portal-")) == site_forms.PER_FORM


def test_the_labels_match_the_pages(pages):
    for page in pages:
        bodies = labelled_bodies(page)
        assert all(bodies), page.id  # every document's first and last characters are on the page
        assert len(furniture_line_numbers(page)) == len(page.furniture), page.id
        titles = [fold(doc.title) for doc in page.documents]
        assert all(titles) or page.id.startswith("untitled-"), page.id  # (a speech printed with no title of its own)
        assert all(t in fold(page.raw) or "——" in doc.title for t, doc in zip(titles, page.documents, strict=True)), page.id


def test_the_forms_add_what_they_say():
    body = site_forms.Body("x-01", "在全局中层干部竞争上岗动员会上的讲话", "同志们：\n今天召开动员大会。\n谢谢大家！",
                           "mobilization_speech", "competitive_selection", True)
    other = site_forms.Body("x-02", "竞聘办公室主任演讲稿", "尊敬的各位领导：\n大家好！我竞聘办公室主任。\n谢谢！",
                            "candidate_speech", "competitive_selection", True)
    assert site_forms.speaker(body).lines[0] == "县委常委、组织部部长王某某：在全局中层干部竞争上岗动员会上的讲话"
    assert site_forms.broken(body).lines[:2] == ["在全局中层干部竞争", "上岗动员会上的讲话"]
    assert site_forms.subtitle(body).docs[0][0] == "凝心聚力 真抓实干——在全局中层干部竞争上岗动员会上的讲话"
    flat = site_forms.flattened(body, other)
    assert flat.lines[1] == ("篇一：在全局中层干部竞争上岗动员会上的讲话同志们：今天召开动员大会。谢谢大家！"
                             "篇二：竞聘办公室主任演讲稿尊敬的各位领导：大家好！我竞聘办公室主任。谢谢！")
    assert site_forms.number_marks(body, other).lines[2:4] == ["NO.1 在全局中层干部竞争上岗动员会上的讲话", "同志们：\n今天召开动员大会。\n谢谢大家！"]


@pytest.mark.slow
def test_titles_and_collections_hold_on_the_forms(devset_dir):
    report = site_forms.evaluate_forms(devset_dir)
    overall = report["overall"]
    assert overall["documents"]["labelled"] >= 60
    assert overall["documents"]["whole_share"] >= WHOLE_FLOOR, [p for p in report["pages"] if p["documents"].get("merged")]
    assert overall["documents"]["merged"] == 0
    assert overall["titles"]["right_share"] >= TITLES_FLOOR, [p["wrong_titles"] for p in report["pages"] if p["wrong_titles"]]
