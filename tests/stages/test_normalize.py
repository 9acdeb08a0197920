"""Normalization: table-driven cases, mainland text untouched, idempotence and offset maps."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jianghua.stages.normalize import detect_script, normalize

CASES = [
    # (input, expected canonical)
    ("競爭上崗動員大會", "竞争上岗动员大会"),
    ("説明羣眾脱穎而出", "说明群众脱颖而出"),
    ("掌握最準確資訊", "掌握最准确信息"),
    ("對競爭的職位、條件、程式、方法", "对竞争的职位、条件、程序、方法"),
    ("使每乙個競崗者", "使每一个竞岗者"),
    ("得到明顯提公升", "得到明显提升"),
    ("職務晉公升過程", "职务晋升过程"),
    ("按管理許可權決定任命", "按管理权限决定任命"),
    ("根據上級有關檔案精神", "根据上级有关文件精神"),
    ("邀請部分服務物件參加", "邀请部分服务对象参加"),
    ("完成投資專案7個", "完成投资项目7个"),
    ("遮蔽訊號", "屏蔽信号"),
    ("堅持把鼓勵競爭作為「主旋律」", "坚持把鼓励竞争作为“主旋律”"),
    ("我們盼望著大家", "我们盼望着大家"),
    ("著名的顯著成績", "著名的显著成绩"),
    ("年齡在４５週歲以下", "年龄在45周岁以下"),
    ("按４：３：１.５：１.５的比例", "按4：3：1.5：1.5的比例"),
    ("人數不少於４０℅", "人数不少于40%"),
    ("按4∶3∶1.5∶1.5的比例", "按4：3：1.5：1.5的比例"),
    ("堅持德才兼備,群眾公認", "坚持德才兼备，群众公认"),
    ("資格審查(6月15日至6月16日)。", "资格审查（6月15日至6月16日）。"),
    ("時間 05:21:48 比例1:1", "时间 05:21:48 比例1:1"),
    ("打好主動仗?出路", "打好主动仗？出路"),
    ("矛盾??傮w要求", "矛盾??傮w要求"),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_table(text, expected):
    assert normalize(text).text == expected


MAINLAND = [
    "要严格执行《党政领导干部选拔任用工作条例》，坚决防止外挂式的形式主义。",
    "软件程序的运行和执行都要规范，信息系统的权限由档案室管理。",
    "同志们：这次竞争上岗，我们要坚持公开、平等、竞争、择优的原则，对象是全体中层干部。",
    "他提着行李，拿着文件，乾隆年间的古籍摆在桌上。",
]


@pytest.mark.parametrize("text", MAINLAND)
def test_mainland_text_passes_unchanged(text):
    result = normalize(text)
    assert result.text == text and result.script == "hans" and not result.taiwan
    assert result.omap.is_identity


def test_mainland_seed_pages_unchanged_by_script_conversion(seeds_dir):
    for name in ("000_86ae1a88adefc9d4.txt", "003_da667016ec724c29.txt"):
        text = (seeds_dir / name).read_text(encoding="utf-8")
        result = normalize(text)
        assert result.script == "hans" and not result.taiwan
        changed = [(a, b) for a, b in zip(text, result.text, strict=True) if a != b]
        # only width/punctuation unification, never a character or word of the text
        assert all(a in ",:;!?()" or b in "，：；！？（）" for a, b in changed), changed[:5]


@pytest.mark.parametrize("text, script", [
    ("鄉鎮中層幹部競爭上崗經驗交流材料", "hant"),
    ("乡镇中层干部竞争上岗经验交流材料", "hans"),
    ("乡镇中层干部 鄉鎮中層幹部 乡镇中层干部", "mixed"),
    ("hello 2024", "none"),
])
def test_detect_script(text, script):
    assert detect_script(text) == script


ALPHABET = st.sampled_from(list("競爭上崗资讯資訊程式乙個提公升許可權檔案精神有關「」著名望著４５：℅,;:!?()（）干部。\n 　abc12")) | st.characters(
    min_codepoint=0x4E00, max_codepoint=0x4E80)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=60))
def test_idempotent_and_offsets_consistent(text):
    first = normalize(text)
    second = normalize(first.text, script=first.script, taiwan=first.taiwan)
    assert second.text == first.text
    omap = first.omap
    assert omap.canon_len == len(first.text) and omap.orig_len == len(text)
    previous = 0
    for i in range(len(first.text) + 1):
        o = omap.orig(i)
        assert 0 <= o <= len(text) and o >= previous  # monotone, within bounds
        previous = o
    assert omap.orig(len(first.text)) == len(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_never_raises_on_any_text(text):
    result = normalize(text)
    assert isinstance(result.text, str)


def _lines_one_by_one(text: str, script: str, taiwan: bool):
    return [(line, (n := normalize(line, script, taiwan)).text, n.omap.breakpoints(), n.omap.canon_len, n.omap.orig_len)
            for line in text.split("\n")]


def test_a_page_normalized_at_once_equals_its_lines_normalized_one_by_one(seed_pages):
    """The stage normalizes a page in one pass (normalize_lines); every step works within a line, so
    the result must be exactly the per-line one, maps included, in every script and Taiwan setting."""
    from jianghua.stages.normalize import normalize_lines

    checked = 0
    for page in seed_pages.values():
        original = "\n".join(line.orig for line in page.lines)
        for script, taiwan in ((page.script, page.taiwan), ("hant", True), ("hans", False), ("mixed", True)):
            at_once = [(o, c, m.breakpoints(), m.canon_len, m.orig_len) for o, c, m in normalize_lines(original, script, taiwan)]
            assert at_once == _lines_one_by_one(original, script, taiwan)
            checked += len(at_once)
    assert checked > 1000


@pytest.mark.parametrize(("text", "shorter"), [("許可權\n提公升\n程式設計", [0, 1]), ("乙個\n\n著作\n走著瞧", []),
                                             ("Ａ１\n４０％,經過\n(說明)", [])])
def test_lines_that_change_length_keep_their_own_maps(text, shorter):
    from jianghua.stages.normalize import normalize_lines

    at_once = [(o, c, m.breakpoints(), m.canon_len, m.orig_len) for o, c, m in normalize_lines(text, "hant", True)]
    assert at_once == _lines_one_by_one(text, "hant", True)
    assert normalize_lines(text.split("\n"), "hant", True, offsets=False) == [line[1] for line in at_once]
    assert [i for i, line in enumerate(at_once) if line[3] < line[4]] == shorter


def test_t2s_of_a_whole_text_equals_t2s_line_by_line(seeds_dir):
    from jianghua.stages.normalize import _t2s, _t2s_lines

    for path in sorted(seeds_dir.iterdir()):
        text = path.read_bytes().decode("utf-8", errors="replace")
        lines = text.split("\n")
        assert _t2s_lines(text, lines) == [_t2s().convert(line) for line in lines]


# --- fast paths pinned against the plain code they replace ---------------------------------------

def _seed_texts(seeds_dir):
    return [path.read_bytes().decode("utf-8", errors="replace") for path in sorted(seeds_dir.iterdir())]


TRICKY = [
    "", "\n", "a", "中", "乡", "鄉", "hello 2024", "\ud800", "鄉\udfff乡", "𠀀𪚥鄉乡", "\U0010ffff中",
    "\u3400\u4dbf\uf900\ufaff\u9fff\u4e00", "\u33ff\u4dc0\uf8ff\ufb00\ua000\u4dff",
    "Ａ１「」『』℅％∶　\xa0．＋－／＝＜＞", "「「」」ＡＡ１１x「", "ǅǆİß\r\n\t",
]


def test_script_counts_numpy_path_equals_the_regex_counts(seeds_dir):
    """Long texts are counted with numpy's per-code-point table; short ones with the regexes."""
    from jianghua._reference import script_counts as _script_counts_reference
    from jianghua.stages.normalize import _NUMPY_MIN_CHARS, _script_counts, _script_sets

    trad_only, simp_only, _ = _script_sets()
    samples = "".join(sorted(trad_only)[:300] + sorted(simp_only)[:300])
    texts = _seed_texts(seeds_dir) + [samples * 5]
    texts += [text * (_NUMPY_MIN_CHARS // max(1, len(text)) + 1) for text in TRICKY]  # padded past the threshold
    texts += [text[:_NUMPY_MIN_CHARS] for text in texts] + [text[:_NUMPY_MIN_CHARS - 1] for text in texts]
    texts += ["abc " * 600, "\ud800" * 2500, "乡" + "x" * 3000, "x" * 3000 + "\u3400"]
    assert any(len(text) >= _NUMPY_MIN_CHARS for text in texts)
    for text in texts + TRICKY:
        assert _script_counts(text) == _script_counts_reference(text), text[:40]


def test_map_characters_equals_translate(seeds_dir):
    from jianghua.stages.normalize import char_table, map_characters

    every_key = "".join(chr(code) for code in sorted(char_table()))
    for text in _seed_texts(seeds_dir) + TRICKY + [every_key, every_key[::-1] + "中" + every_key, "中" + every_key * 3]:
        assert map_characters(text) == text.translate(char_table())


# The step-2 and 著 patterns as first written (lookbehind first): the reference for the mark-first forms.
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_PUNCT_REFERENCE = (rf"(?<=[{_CJK}”’）》」』])[,;:!](?![/\d])"
                    rf"|(?<=[{_CJK}])\?(?=[{_CJK}“‘《]|\s|$)(?<!\?\?)")
_ZHE_REFERENCE = r"(?<![显卓昭编原土名巨遗专论合拙译撰所新旧大])著(?![名作称述录书者述])"

PUNCT_ALPHABET = st.sampled_from(list(",;:!??著名显作中a1/ \n\t”’）》」』“‘《(")) | st.characters(
    min_codepoint=0x4DB0, max_codepoint=0x4E10)


def _matches(pattern, text):
    return [(m.start(), m.end(), m.group(0)) for m in re.finditer(pattern, text)]


@pytest.mark.parametrize("text", TRICKY + ["中,a", "中:05", "中:/", "中?", "中??", "中?中", "中? ", "”,", ",中,",
                                          "中!\n中;", "著作", "大著", "著", "走著瞧", "中?“", "?中?"])
def test_punctuation_and_zhe_patterns_match_as_the_lookbehind_first_forms(text):
    from jianghua.stages.normalize import _PUNCT_RE, _ZHE

    assert _matches(_PUNCT_RE, text) == _matches(_PUNCT_REFERENCE, text)
    assert _matches(_ZHE, text) == _matches(_ZHE_REFERENCE, text)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=PUNCT_ALPHABET, max_size=40))
def test_punctuation_and_zhe_patterns_on_any_text(text):
    from jianghua.stages.normalize import _PUNCT_RE, _ZHE

    assert _matches(_PUNCT_RE, text) == _matches(_PUNCT_REFERENCE, text)
    assert _matches(_ZHE, text) == _matches(_ZHE_REFERENCE, text)


def test_punctuation_patterns_on_seed_pages(seeds_dir):
    from jianghua.stages.normalize import _PUNCT_RE, _ZHE, map_characters

    for text in _seed_texts(seeds_dir):
        text = map_characters(text)
        assert _matches(_PUNCT_RE, text) == _matches(_PUNCT_REFERENCE, text)
        assert _matches(_ZHE, text) == _matches(_ZHE_REFERENCE, text)


def _stage_reference(text):
    """(script, taiwan) of a page: traditional or mixed text is Taiwan; otherwise the page's head,
    normalized alone in the page's script, decides."""
    from jianghua.stages.settings import default_settings

    script = detect_script(text)
    if script in ("hant", "mixed"):
        return script, True
    return script, normalize(text[:default_settings().normalize.taiwan_probe_chars], script=script).taiwan


@pytest.mark.parametrize(("head", "tail"), [("", ""), ("", "程式与资讯"), ("", "程式"), ("", "鄉鎮中層幹部競爭上崗經驗交流材料" * 2000),
                                          ("", "乡镇中层干部竞争上岗" * 3000), ("鄉鎮中層幹部競爭上崗" * 2100, "乡镇中层干部竞争上岗" * 9000),
                                          ("乡镇中层干部竞争上岗" * 2100, "要提公升资讯水平")])
def test_normalize_stage_decides_script_and_taiwan_from_the_head(seeds_dir, head, tail):
    from jianghua.document import Page
    from jianghua.stages.runner import Context, normalize_lines

    for text in _seed_texts(seeds_dir) + ["乡镇中层干部的资讯程式", "乡镇中层干部的资讯程式和软体", "每乙个干部的资讯", "hello"]:
        text = head + text + tail
        page = Page(path="x", sha256="x", size=0, site="x")
        page.text = text
        normalize_lines(page, Context())
        assert (page.script, page.taiwan) == _stage_reference(text)
        assert [(line.orig, line.canon, line.omap.breakpoints()) for line in page.lines] == [
            (o, c, m.breakpoints()) for o, c, m in _lines(text, page.script, page.taiwan)]


# Simplified text: Taiwan vocabulary is reversed only where the text shows Taiwan conversion -- a
# converter's damage form and one more mark, or three distinct Taiwan terms (two are common in
# mainland text: 产品品质, 支援农业).
SIMPLIFIED_TAIWAN = [
    ("我们乙个单位要提公升资讯水平", "我们一个单位要提升信息水平", True),
    ("每乙个环节的程式都要公开", "每一个环节的程序都要公开", True),
    ("资讯、程式和软体都要规范", "信息、程序和软件都要规范", True),
    ("提高产品品质，支援农业生产", "提高产品品质，支援农业生产", False),
    ("报名资讯和考试程式要公开", "报名资讯和考试程式要公开", False),
    ("每乙个环节都要公开", "每一个环节都要公开", False),
]


@pytest.mark.parametrize(("text", "expected", "taiwan"), SIMPLIFIED_TAIWAN)
def test_simplified_text_shows_taiwan_conversion(text, expected, taiwan):
    result = normalize(text)
    assert (result.script, result.text, result.taiwan) == ("hans", expected, taiwan)


def test_simplified_page_with_taiwan_conversion_is_normalized_throughout():
    """A page that went through a Taiwan-style converter and back to simplified characters: the head
    decides for every line, including lines that show one mark or none of their own."""
    from jianghua.document import Page
    from jianghua.stages.runner import Context, normalize_lines

    page = Page(path="x", sha256="x", size=0, site="x")
    page.text = "在竞争上岗动员大会上的讲话\n每乙个环节都要按照程式办。\n报名资讯要及时公开。\n服务物件参加测评。"
    normalize_lines(page, Context())
    assert page.taiwan
    assert [line.canon for line in page.lines] == [
        "在竞争上岗动员大会上的讲话", "每一个环节都要按照程序办。", "报名信息要及时公开。", "服务对象参加测评。"]


def _lines(text, script, taiwan):
    return [(line, (n := normalize(line, script, taiwan)).text, n.omap) for line in text.split("\n")]


def test_detect_scripts_equals_detect_script_line_by_line(seeds_dir):
    """The numpy count of many lines at once (pass 1 of ingest) gives each line's own script."""
    from jianghua._reference import detect_scripts as detect_scripts_reference
    from jianghua.stages.normalize import _script_sets, detect_scripts

    trad_only, simp_only, _ = _script_sets()
    mixed = ["".join(sorted(trad_only)[:k] + sorted(simp_only)[:10 - k]) for k in range(11)]
    lines = [line for text in _seed_texts(seeds_dir) for line in text.split("\n")] + TRICKY + mixed
    assert detect_scripts(lines) == detect_scripts_reference(lines)
    assert {"hans", "hant", "mixed", "none"} <= set(detect_scripts(lines))
    for few in ([], ["鄉"], ["", ""], ["\n鄉", "乡\n"]):
        assert detect_scripts(few) == detect_scripts_reference(few)
