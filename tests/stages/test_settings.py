"""Stage settings (``jianghua.stages.settings``): packaged defaults, a user's file overriding only the keys
it sets, an unknown key an error naming file:line, and a changed setting changing what it names."""

from __future__ import annotations

import json
from dataclasses import fields, replace
from pathlib import Path

import pytest
from jianghua import errors, resources
from jianghua.stages import runner
from jianghua.stages.classify import canonical, classify_text
from jianghua.stages.clean import learn_site_lines
from jianghua.stages.dates import text_year
from jianghua.stages.normalize import detect_script
from jianghua.stages.repair import repair
from jianghua.stages.settings import Settings, SettingsError, default_settings, load_settings
from jianghua.stages.titles import read_title

BODY_LINE = "会议强调，要严格按照规定的程序和标准组织实施竞争上岗，做到公开、平等、竞争、择优，确保工作取得实效。"
TOC_PAGE = "办法\n\n目录\n\n一、总则\n\n二、选拔程序与纪律要求\n\n一、总则\n\n" + BODY_LINE + "\n"


def _with(**tables: dict[str, object]) -> Settings:
    base = default_settings()
    return replace(base, **{name: replace(getattr(base, name), **values) for name, values in tables.items()})


def test_every_key_is_packaged_with_a_comment_saying_what_it_does():
    lines = resources.read_text("settings.toml").splitlines()
    documented = {line.split("=")[0].strip() for before, line in zip(lines, lines[1:], strict=False)
                  if "=" in line and not line.startswith("#") and before.startswith("#")}
    for table in fields(Settings):
        keys = {f.name for f in fields(getattr(default_settings(), table.name))}
        assert keys <= documented, keys - documented


def test_a_user_file_overrides_only_the_keys_it_sets(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text("[clean]\nsite_min_pages = 5\nguard_share = 1\n", encoding="utf-8")
    mine = load_settings(path)
    assert mine.clean.site_min_pages == 5 and mine.clean.guard_share == 1.0
    assert mine == _with(clean={"site_min_pages": 5, "guard_share": 1.0})


@pytest.mark.parametrize(("text", "expected"), [
    ("[clean]\nsite_min_pages = 5\nsite_min_shares = 0.5\n", "mine.toml:3: unknown key clean.site_min_shares"),
    ("# mine\n[cleaning]\nsite_min_pages = 5\n", "mine.toml:2: unknown stage table [cleaning]"),
    ("[clean]\nsite_min_pages = 2.5\n", "mine.toml:2: clean.site_min_pages must be an integer, not 2.5"),
    ("[clean]\nguard_share = true\n", "mine.toml:2: clean.guard_share must be a number, not True"),
    ("[clean\n", "mine.toml:1: not valid TOML"),
    ("[clean]\nsite_min_pages = 5\nguard_share =\n", "mine.toml:3: not valid TOML"),
    ("clean = 3\n", "mine.toml:1: [clean] must be a table of settings, not 3"),
    ('[clean]\n"site_min_pages" = 2.5\n', "mine.toml:2: clean.site_min_pages must be an integer, not 2.5"),
    ("# mine\nclean.site_min_pages = 2.5\n", "mine.toml:2: clean.site_min_pages must be an integer, not 2.5"),
    ("[clean]\nguard_share = inf\n", "mine.toml:2: clean.guard_share must be a finite number of 0 or more, not inf"),
    ("[clean]\nsite_min_pages = -1\n", "mine.toml:2: clean.site_min_pages must be a finite number of 0 or more, not -1"),
    ("[clean]\npatterns = 0\n", "mine.toml:2: clean.patterns must be true or false, not 0"),
    ('[clean]\npatterns = "no"\n', "mine.toml:2: clean.patterns must be true or false, not 'no'"),
])
def test_a_bad_settings_file_is_an_error_naming_file_line_and_key(tmp_path, text, expected):
    path = tmp_path / "mine.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        load_settings(path)
    assert caught.value.code == "R501" and "R501" in errors.COMMAND_CODES
    assert errors.exit_status("R501") == errors.Exit.DATA
    message = str(caught.value)
    assert message.startswith(f"[R501] {tmp_path / expected}"), message


def test_the_pattern_switch_is_read_as_a_bool_and_the_model_only_file_turns_it_off(tmp_path):
    assert default_settings().clean.patterns is True
    path = tmp_path / "mine.toml"
    path.write_text("[clean]\npatterns = false\n", encoding="utf-8")
    assert load_settings(path) == _with(clean={"patterns": False})
    model_only = Path(__file__).resolve().parents[2] / "bench" / "model_only.toml"
    assert load_settings(model_only) == _with(clean={"patterns": False})


def test_the_learned_only_file_switches_the_written_rules_of_the_learned_fields_off():
    assert default_settings().extract.written_learned_fields is True
    learned_only = Path(__file__).resolve().parents[2] / "bench" / "learned_only.toml"
    assert load_settings(learned_only) == _with(extract={"written_learned_fields": False})


def test_a_site_needs_site_min_pages_pages_before_its_lines_are_learned():
    pages = [["本网站版权所有", f"第{n}篇正文"] for n in range(3)]
    assert learn_site_lines(pages) == frozenset({"本网站版权所有"})
    assert learn_site_lines(pages, settings=_with(clean={"site_min_pages": 4}).clean) == frozenset()


def test_a_shorter_toc_entry_limit_ends_the_table_of_contents_earlier():
    data = TOC_PAGE.encode("utf-8")
    default = runner.prepare(data, "t.txt", until="clean")
    assert [(r.code, r.text) for r in default.removed] == [("toc", "目录"), ("toc", "一、总则"), ("toc", "二、选拔程序与纪律要求")]
    strict = runner.prepare(data, "t.txt", until="clean", settings=_with(clean={"toc_entry_max_chars": 6}))
    assert [(r.code, r.text) for r in strict.removed] == [("toc", "目录"), ("toc", "一、总则")]


def test_pages_record_the_settings_they_were_made_with():
    data = TOC_PAGE.encode("utf-8")
    other = _with(clean={"toc_entry_max_chars": 6})
    default = json.loads(runner.process_page(data, "t.txt").versions)
    changed = json.loads(runner.process_page(data, "t.txt", settings=other).versions)
    assert default["settings"] == default_settings().digest() != changed["settings"] == other.digest()
    assert {k: v for k, v in default.items() if k != "settings"} == {k: v for k, v in changed.items() if k != "settings"}


def test_a_lower_rejoin_minimum_joins_a_shorter_line_left_open():
    short_open = "各单位要认真组织学习讨论并结合实际"  # 17 characters, no final punctuation
    data = (BODY_LINE + "\n" + short_open + "\n" + "抓好贯彻落实。\n").encode("utf-8")
    default = runner.process_page(data, "t.txt")
    joined = runner.process_page(data, "t.txt", settings=_with(rejoin={"min_chars": 10}))
    assert [doc.text.split("\n") for doc in default.documents] == [[BODY_LINE, short_open, "抓好贯彻落实。"]]
    assert [doc.text.split("\n") for doc in joined.documents] == [[BODY_LINE, short_open + "抓好贯彻落实。"]]


def test_fewer_head_line_checks_miss_a_date_line_below_them():
    text = "\n".join(["关于做好工作的意见", "青溪县委组织部", "2019年5月6日", *["我们要认真学习，深入领会精神实质。"] * 6])
    assert text_year(text) == 2019
    assert text_year(text, _with(date={"head_line_checks": 3}).date) == 2019
    assert text_year(text, _with(date={"head_line_checks": 2}).date) is None


def test_a_shorter_teaser_title_limit_keeps_a_trailing_teaser_in_the_text():
    teaser = ["全县干部作风整顿会议召开", "近日，全县干部作风整顿会议在县委召开，会议要求各级干部……"]
    data = ("\n".join(["关于竞争上岗工作的讲话", BODY_LINE, BODY_LINE, *teaser]) + "\n").encode("utf-8")
    default = runner.process_page(data, "t.txt")
    strict = runner.process_page(data, "t.txt", settings=_with(split={"teaser_title_max": 8}))
    assert [doc.title for doc in default.documents] == ["关于竞争上岗工作的讲话", teaser[0]]
    assert [(doc.title, doc.text.split("\n")) for doc in strict.documents] == [
        ("关于竞争上岗工作的讲话", [BODY_LINE, BODY_LINE, *teaser])]


def test_a_higher_genre_floor_flags_a_confident_label_and_fewer_top_features_are_kept():
    title = "关于开展中层干部竞争上岗工作的实施方案"
    text = "为进一步深化干部人事制度改革，经研究决定，开展中层干部竞争上岗工作。一、指导思想。二、竞争职位。三、报名条件。"
    default = classify_text(title, text)
    assert default["genre_confidence"] > default_settings().classify.genre_min_confidence
    assert default["low_confidence"] is False
    assert [len(v) for v in default["top_features"].values()] == [8, 8]
    strict = classify_text(title, text, settings=_with(classify={"genre_min_confidence": 0.999, "top_features": 2}).classify)
    assert strict["genre"] == default["genre"] and strict["low_confidence"] is True
    assert [len(v) for v in strict["top_features"].values()] == [2, 2]


def test_a_lower_toned_pinyin_minimum_strips_toneless_pinyin_too():
    text = "我们要学(xué)习的(de)精神"
    assert repair(text).text == "我们要学习的(de)精神"
    assert repair(text, _with(repair={"pinyin_min_toned": 1}).repair).text == "我们要学习的精神"


def test_the_settings_example_of_the_pipeline_doc_runs(tmp_path, monkeypatch):
    doc = (Path(__file__).resolve().parents[2] / "docs" / "pipeline.md").read_text(encoding="utf-8")
    example = doc.split("## Settings", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine.toml").write_text("[clean]\nsite_min_pages = 5\n", encoding="utf-8")
    scope: dict[str, object] = {"data": TOC_PAGE.encode("utf-8")}
    exec(example, scope)  # noqa: S102  (the doc's own example, run as written)
    assert json.loads(scope["page"].versions)["settings"] == _with(clean={"site_min_pages": 5}).digest()  # type: ignore[attr-defined]


def test_a_shorter_taiwan_probe_misses_taiwan_vocabulary_below_it():
    data = (BODY_LINE + "\n" + "这套程式的资讯与软体都在网路上。\n").encode("utf-8")
    default = runner.prepare(data, "t.txt", until="normalize")
    short = runner.prepare(data, "t.txt", until="normalize", settings=_with(normalize={"taiwan_probe_chars": len(BODY_LINE)}))
    assert (default.taiwan, default.lines[1].canon) == (True, "这套程序的信息与软件都在网络上。")
    assert (short.taiwan, short.lines[1].canon) == (False, "这套程式的资讯与软体都在网路上。")


def test_a_shorter_heading_limit_cuts_a_section_heading_at_its_first_clause():
    data = ("关于竞争上岗工作的讲话\n" + BODY_LINE + "\n一、加强组织领导，确保工作落实到位\n" + BODY_LINE + "\n").encode("utf-8")
    default = runner.process_page(data, "t.txt")
    short = runner.process_page(data, "t.txt", settings=_with(structure={"heading_max_chars": 6}))
    assert [(s.marker, s.heading) for s in default.documents[0].sections] == [("一、", "一、加强组织领导，确保工作落实到位")]
    assert [(s.marker, s.heading) for s in short.documents[0].sections] == [("一、", "一、加强组织")]


def test_a_lower_taiwan_term_count_reads_two_taiwan_terms_as_taiwan_vocabulary():
    data = (BODY_LINE + "\n" + "这套程式的资讯很好。\n").encode("utf-8")
    default = runner.prepare(data, "t.txt", until="normalize")
    lower = runner.prepare(data, "t.txt", until="normalize", settings=_with(normalize={"taiwan_min_terms": 2}))
    assert (default.taiwan, default.lines[1].canon) == (False, "这套程式的资讯很好。")
    assert (lower.taiwan, lower.lines[1].canon) == (True, "这套程序的信息很好。")


def test_the_script_shares_decide_the_script_for_normalize_and_classify():
    text = "會議強調要严格按照规定"  # half of its script-marked characters traditional
    assert (detect_script(text), detect_script(text, _with(normalize={"hant_share": 0.3}).normalize)) == ("mixed", "hant")
    text = "會议调严"  # one traditional form of four marked: simplified, or mixed below a share of 0.25
    lower = _with(normalize={"hans_share": 0.2}).normalize
    assert (detect_script(text), detect_script(text, lower)) == ("hans", "mixed")
    assert canonical("", text) == ("", "會议调严") and canonical("", text, lower) == ("", "会议调严")  # classify's view


def test_a_shorter_title_limit_reads_no_title_from_a_longer_first_line():
    data = ("关于竞争上岗工作的讲话\n" + BODY_LINE + "\n" + BODY_LINE + "\n").encode("utf-8")
    short = _with(titles={"max_chars": 10})
    assert read_title("关于竞争上岗工作的讲话") == ("关于竞争上岗工作的讲话", 2.0)
    assert read_title("关于竞争上岗工作的讲话", short.titles) is None
    default = runner.process_page(data, "t.txt")
    strict = runner.process_page(data, "t.txt", settings=short)
    assert [(d.title, d.text.split("\n")[0]) for d in default.documents] == [("关于竞争上岗工作的讲话", BODY_LINE)]
    assert [(d.title, d.text.split("\n")[0]) for d in strict.documents] == [("", "关于竞争上岗工作的讲话")]


def test_more_articles_needed_for_a_law_make_a_short_law_a_rules_text():
    law = "中华人民共和国某某法\n第一条 为了规范工作，制定本法。\n第二条 本法适用于全国。\n第三条 本法自公布之日起施行。\n"
    default = runner.process_page(law.encode("utf-8"), "t.txt")
    strict = runner.process_page(law.encode("utf-8"), "t.txt", settings=_with(extract={"law_min_articles": 4}))
    assert [d.rules["standing"]["kind"] for d in default.documents] == ["law"]
    assert [d.rules["standing"]["kind"] for d in strict.documents] == ["rules"]


def test_the_settings_digest_is_made_once_per_settings_and_is_the_digest_of_every_value():
    import hashlib
    from dataclasses import asdict

    other = _with(clean={"toc_entry_max_chars": 6})
    for settings in (default_settings(), other):
        made = hashlib.sha256(json.dumps(asdict(settings), sort_keys=True).encode()).hexdigest()[:16]
        assert settings.digest() == made
    assert _with(clean={"toc_entry_max_chars": 6}).digest() == other.digest() != default_settings().digest()
