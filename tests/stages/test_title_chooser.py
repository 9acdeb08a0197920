"""The title chooser (jianghua.stages.title_chooser): the candidates split offers it, their features, the
model file, and whether the shipped model decides (only when it beat the rules on cross-validation)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from jianghua.errors import JianghuaError
from jianghua.stages import runner as stages
from jianghua.stages import split as split_module
from jianghua.stages import title_chooser
from jianghua.stages.title_chooser import FEATURE_NAMES, Chooser, TitleModel

PAGE = ("在全县中层干部竞争上岗动员大会上的讲话 - 某某范文网\n首页 > 讲话稿 > 正文\n竞聘演讲稿\n"
        "在全县中层干部竞争上岗动员大会上的讲话\n同志们：\n"
        "今天召开动员大会，主要是对中层干部竞争上岗工作进行部署。希望大家积极参与，公平竞争。\n")


class Recording(Chooser):
    records = True

    def __init__(self, model: TitleModel | None = None) -> None:
        super().__init__(model)
        self.seen: list[tuple[list[title_chooser.Candidate], np.ndarray]] = []

    def __call__(self, cands, head, body, page_first, s=None):
        self.seen.append((list(cands), title_chooser.features(cands, head, body, page_first, s)))
        return super().__call__(cands, head, body, page_first, s)


def _split(text: str, chooser: Chooser):
    page = stages.prepare(text.encode("utf-8"), "made.txt", until="clean")
    return split_module.split(page, split_module.rejoin(page), chooser)


def _row(x: np.ndarray, row: int) -> dict[str, float]:
    return {name: round(float(value), 3) for name, value in zip(FEATURE_NAMES, x[row], strict=True) if value}


def test_the_candidates_of_a_page_with_a_site_title_a_genre_line_and_the_title():
    chooser = Recording()
    docs = _split(PAGE, chooser)
    assert [(d.title, d.text.split("\n")[0]) for d in docs] == [("在全县中层干部竞争上岗动员大会上的讲话", "同志们：")]
    (cands, x), = chooser.seen
    # the breadcrumb reads as no title at all: never a candidate
    assert [(c.kind, c.title.text if c.title else None, c.first, c.rules, c.removed) for c in cands] == [
        ("head", "在全县中层干部竞争上岗动员大会上的讲话", 0, False, True),  # the page title, its site name cut
        ("head", "竞聘演讲稿", 2, False, False),
        ("head", "在全县中层干部竞争上岗动员大会上的讲话", 3, True, False),
        ("none", None, -1, False, False),
    ]
    assert _row(x, 0) == {"kind_head": 1.0, "log_length": 0.749, "cjk_share": 1.0, "typed": 1.0, "read_score": 1.0,
                          "good": 1.0, "genre_word": 1.0, "site_suffix": 1.0, "removed": 1.0, "log_distance": 0.693,
                          "first_head": 1.0, "body_overlap": 0.556, "page_first_overlap": 1.0, "fits": 1.0,
                          "printed_twice": 1.0, "fits_others_not": 1.0}  # 竞聘演讲稿 fits no speech to 同志们
    assert _row(x, 1) == {"kind_head": 1.0, "log_length": 0.448, "short": 1.0, "cjk_share": 1.0, "typed": 1.0,
                          "bare_genre": 1.0, "genre_word": 1.0, "log_distance": 0.347}
    assert _row(x, 3) == {"kind_none": 1.0, "none_best": 1.0, "none_salutation": 1.0, "none_log_head": 0.805}


def test_a_title_glued_to_the_first_line_and_no_title_are_candidates():
    chooser = Recording()
    docs = _split("关于开展干部驻村工作的实施方案为深化农村改革，县委决定选派干部驻村。各乡镇要认真组织，确保落实。\n", chooser)
    assert docs[0].title == "关于开展干部驻村工作的实施方案"
    (cands, _x), = chooser.seen
    assert [(c.kind, c.title.text if c.title else None, c.rules) for c in cands] == [
        ("glued", "关于开展干部驻村工作的实施方案", True), ("none", None, False)]


def _model(weights: dict[str, float], ships: bool = True) -> TitleModel:
    vector = np.zeros(len(FEATURE_NAMES))
    for name, weight in weights.items():
        vector[FEATURE_NAMES.index(name)] = weight
    return TitleModel(FEATURE_NAMES, vector, 0.0, {"ships": ships})


def test_a_model_decides_against_the_rules():
    # a model preferring no title, then one preferring the first head line (the page's own title)
    assert _split(PAGE, Chooser(_model({"kind_none": 3.0})))[0].title == ""
    docs = _split(PAGE, Chooser(_model({"first_head": 3.0})))
    assert docs[0].title == "在全县中层干部竞争上岗动员大会上的讲话"
    # what stands above the rules' title stays out of the text whichever candidate wins
    assert docs[0].text.startswith("同志们：")


def test_a_model_file_that_does_not_fit_is_refused():
    data = json.loads(title_chooser.resources.read_text(title_chooser.MODEL_RESOURCE))
    model = title_chooser.model_from_dict(data)
    assert model.names == FEATURE_NAMES and model.weights.shape == (len(FEATURE_NAMES),)
    for broken in ({**data, "version": "title-chooser.v0"}, {**data, "features": data["features"][:-1]},
                   {**data, "weights": data["weights"][:-1]}, {k: v for k, v in data.items() if k != "bias"}):
        with pytest.raises(JianghuaError, match="M701"):
            title_chooser.model_from_dict(broken)


def test_the_shipped_model_decides_only_when_it_beat_the_rules():
    model = title_chooser.default_model()
    cv = model.meta["cross_validation"]
    assert model.meta["ships"] is (cv["chooser_right"] > cv["rules_right_not_cross_validated"])
    chooser = title_chooser.default_chooser()
    assert (chooser.model is model) if model.meta["ships"] else (chooser is title_chooser.RULES_ONLY)


def _split_with(text: str, chooser: Chooser | None, settings):
    page = stages.prepare(text.encode("utf-8"), "made.txt", until="clean", settings=settings)
    return split_module.split(page, split_module.rejoin(page, titles=settings.titles), chooser,
                              settings=settings.split, titles=settings.titles)


def _rules_off():
    from dataclasses import replace

    from jianghua.stages.settings import default_settings

    settings = default_settings()
    return replace(settings, titles=replace(settings.titles, rules=False))


def test_with_the_title_rules_off_the_rules_candidate_weighs_nothing():
    settings = _rules_off()
    # a model reading only the rules' mark picks the rules' title with the rules on, the first candidate without
    only_rules = Chooser(_model({"rules": 5.0}))
    assert _split(PAGE, only_rules)[0].title == "在全县中层干部竞争上岗动员大会上的讲话"
    off = _split_with(PAGE, Chooser(_model({"rules": 5.0, "kind_none": 1.0})), settings)
    assert off[0].title == ""


def test_the_learned_model_is_fitted_without_the_rules_features_and_chosen_with_rules_off():
    learned = title_chooser.learned_model()
    assert [learned.weights[FEATURE_NAMES.index(name)] for name in title_chooser.RULE_FEATURES] == [0.0, 0.0]
    data = json.loads(title_chooser.resources.read_text(title_chooser.MODEL_RESOURCE))
    assert learned.meta["C"] == data["without_rules"]["C"]
    assert title_chooser.default_chooser(False).model is learned
    assert [d.title for d in _split_with(PAGE, None, _rules_off())] == ["在全县中层干部竞争上岗动员大会上的讲话"]


def test_furniture_lines_and_titles_broken_over_two_lines_are_candidates():
    chooser = Recording()
    page = ("扫一扫 手机阅读\n某某区人民政府办公室关于印发\n《某某区干部挂职锻炼管理办法》的通知\n"
            "各街道办事处，区直各部门：\n现将《某某区干部挂职锻炼管理办法》印发给你们，请认真贯彻执行。\n")
    docs = _split(page, chooser)
    assert docs[0].title == "某某区人民政府办公室关于印发《某某区干部挂职锻炼管理办法》的通知"
    (cands, x), = chooser.seen
    assert [(c.kind, c.title.text if c.title else None, c.first, c.last, c.rules) for c in cands] == [
        ("head", "某某区人民政府办公室关于印发", 1, 1, False),  # (line 0, the reader's control, reads as no title)
        ("head", "《某某区干部挂职锻炼管理办法》的通知", 2, 2, False),
        ("join", "某某区人民政府办公室关于印发《某某区干部挂职锻炼管理办法》的通知", 1, 2, True),
        ("none", None, -1, -1, False),
    ]
    # the joined title holds both its parts; each part is held by it
    assert [(_row(x, i).get("holds_other", 0.0), _row(x, i).get("held_by_other", 0.0)) for i in range(3)] == [
        (0.0, 1.0), (0.0, 1.0), (1.0, 0.0)]


def test_a_title_line_clean_took_for_furniture_is_a_candidate_marked_as_such():
    head = [title_chooser.HeadLine("在全县干部大会上的讲话", "在全县干部大会上的讲话", True, True)]
    cands = [title_chooser.Candidate(title_chooser.Title("在全县干部大会上的讲话", "在全县干部大会上的讲话"), "head", 0, 0,
                                     removed=True, furniture=True),
             title_chooser.Candidate(None, "none", rules=True)]
    x = title_chooser.features(cands, head, "同志们：\n今天召开全县干部大会。", "")
    assert _row(x, 0)["furniture"] == 1.0 and _row(x, 1) == {
        "kind_none": 1.0, "rules": 1.0, "none_best": 1.0, "none_rules": 1.0, "none_salutation": 1.0, "none_log_head": 0.347}


def test_no_title_is_marked_when_no_candidate_fits_the_body():
    cands = [title_chooser.Candidate(title_chooser.Title("供水所所长竞聘演讲", "供水所所长竞聘演讲"), "head", 0, 0),
             title_chooser.Candidate(None, "none", rules=True)]
    head = [title_chooser.HeadLine("供水所所长竞聘演讲", "供水所所长竞聘演讲")]
    x = title_chooser.features(cands, head, "同志们：\n今天召开竞争上岗动员大会，部署全所竞聘工作。", "")
    assert _row(x, 0).get("fits", 0.0) == 0.0 and _row(x, 1)["none_none_fit"] == 1.0


def test_the_head_lines_under_a_title_the_chooser_picks_above_the_rules_are_text():
    """(review 10, 8: a typed line under the slogan a model picked was kept out of the text, neither title nor text)"""
    page = ("某某区全面推进乡村振兴战略\n人居环境整治提升实施方案\n为进一步改善农村人居环境，经研究，现制定如下方案。\n"
            "一、总体要求\n坚持因地制宜。\n")
    docs = _split(page, Chooser(_model({"kind_head": 1.0})))  # the first of equal candidates: the slogan
    assert [(d.title, d.text.split("\n", 1)[0]) for d in docs] == [("某某区全面推进乡村振兴战略", "人居环境整治提升实施方案")]
