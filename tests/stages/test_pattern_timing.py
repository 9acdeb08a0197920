"""No pattern of the page stages backtracks on a long run of one form (issue 15: a page from an unseen
site never stalls an ingest).

Every compiled regex the stages hold is collected by walking the modules under ``jianghua.stages``: a
module's patterns (alone, or in a tuple, list, dict or dataclass), the patterns its cached table
builders return (a function decorated with ``functools.cache`` and no argument, annotated as returning
patterns), and the rows of the split tables (title_lines.tsv, title_trim.tsv); the rows of the extract
tables are compiled into the modules' own tables, so a new row or a new module-level pattern is timed
without editing this test. Each is run over lines of 5,000 blanks, 3,000 、-separated items, 2,000
repeated words and digits and long runs of brackets, colons, dates and ratios, as a page's text would
hand it over (``finditer``; ``match`` or ``fullmatch`` where the module only ever anchors it so), and
must answer each in under 0.5 s CPU; the extract patterns answer 8,000-long runs of digits, numerals, ratios,
percentages and counts too."""

from __future__ import annotations

import dataclasses
import functools
import importlib
import inspect
import pkgutil
import re
import time
from collections.abc import Iterator

import pytest
from jianghua import resources
from jianghua import stages as stages_package

BOUND = 0.5  # CPU seconds per pattern and line: a linear pattern takes a few milliseconds
# (tables compiled by resources.pattern_table where they are read: the others' rows are in the modules' tables)
_REGEX_TABLES = ("split/title_lines.tsv", "split/title_trim.tsv", "extract/organization.tsv")


def _stage_modules() -> list:
    return [importlib.import_module(info.name)
            for info in pkgutil.walk_packages(stages_package.__path__, stages_package.__name__ + ".")]


def _walk(value: object, depth: int = 0) -> Iterator[re.Pattern[str]]:
    if isinstance(value, re.Pattern):
        yield value
    elif depth < 4 and isinstance(value, dict):
        for item in value.values():
            yield from _walk(item, depth + 1)
    elif depth < 4 and isinstance(value, (tuple, list, frozenset, set)):
        for item in value:
            yield from _walk(item, depth + 1)
    elif depth < 4 and dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            yield from _walk(getattr(value, item.name), depth + 1)


def _anchored_only(source: str, name: str) -> str:
    """How a module runs its pattern ``name`` (``NAME.method(`` or, a cached builder's, ``NAME().method(``):
    ``match`` or ``fullmatch`` when it only ever anchors it so (at a position: the time is taken at the
    line's start), else ``finditer`` (searched, or handed on to be used any way)."""
    methods = set(re.findall(rf"(?<![\w.]){re.escape(name)}(?:\(\))?\.(\w+)\(", source))
    handed_on = re.search(rf"(?<![\w.])(?<!def ){re.escape(name)}(?:\(\))?(?![\w.(]|\(\)\.|\s*=)", source)
    if methods and methods <= {"match", "fullmatch"} and not handed_on:
        return "fullmatch" if methods == {"fullmatch"} else "match"
    return "finditer"


@functools.cache
def stage_patterns() -> dict[tuple[str, int], tuple[re.Pattern[str], str, str]]:
    """Every pattern of the stages: (its source, flags) -> (the pattern, where it is, how it is run)."""
    found: dict[tuple[str, int], tuple[re.Pattern[str], str, str]] = {}

    def add(pattern: re.Pattern[str], where: str, how: str = "finditer") -> None:
        key = (pattern.pattern, pattern.flags)
        if key not in found or (how == "finditer" and found[key][2] != "finditer"):
            found[key] = (pattern, where, how)

    for module in _stage_modules():
        source = inspect.getsource(module)
        for name, value in vars(module).items():
            if isinstance(value, functools._lru_cache_wrapper):
                function = value.__wrapped__
                required = [p for p in inspect.signature(function).parameters.values() if p.default is p.empty]
                if (getattr(function, "__module__", None) == module.__name__ and not required
                        and "Pattern" in str(function.__annotations__.get("return", ""))):
                    for pattern in _walk(value()):
                        add(pattern, f"{module.__name__}.{name}()", _anchored_only(source, name))
            elif isinstance(value, re.Pattern):
                add(value, f"{module.__name__}.{name}", _anchored_only(source, name))
            else:
                for pattern in _walk(value):
                    add(pattern, f"{module.__name__}.{name}")
    for built, where in _built_with_arguments():
        for pattern in _walk(built):
            add(pattern, where)
    for table in _REGEX_TABLES:
        for code, pattern, _description in resources.pattern_table(table):
            add(pattern, f"{table}:{code}")
    return found


def _built_with_arguments() -> Iterator[tuple[object, str]]:
    """The patterns of the cached builders that take an argument, built with the values the stages pass (a
    setting, a genre, a table's name): the walk cannot call them itself."""
    from jianghua.labels import GENRES
    from jianghua.stages import classify, normalize, structure, titles
    from jianghua.stages.settings import default_settings

    settings = default_settings()
    yield structure._heading_patterns(settings.structure.heading_max_chars), "structure._heading_patterns()"
    yield titles._glued_patterns(settings.titles.flattened_min), "titles._glued_patterns()"
    for genre in GENRES:
        yield classify._genre_rules(genre), f"classify._genre_rules({genre})"
    for name in ("normalize/conversion_damage.tsv", "normalize/taiwan_phrases.tsv"):
        yield normalize._phrase_regex(name), f"normalize._phrase_regex({name})"


def _adversarial_lines() -> dict[str, str]:
    return {
        "blanks": " " * 5000 + "x",
        "blanks after a word": "讲话" + " " * 5000 + "x",
        "blanks after a colon": "时间：" + " " * 5000 + "x",
        "ideographic blanks": "\u3000" * 5000 + "x",
        "tabs": "\t" * 5000 + "x",
        "line breaks": "\n" * 5000 + "x",
        "posts": "、".join(["办公室主任"] * 3000) + "各1名",
        "items": "甲、" * 3000,
        "numbered items": "1、" * 3000,
        "counted posts": "科长1名、" * 3000,
        "words": "竞聘" * 2000,
        "spaced words": "讲话 " * 2000,
        "digits": "1" * 2000,
        "spaced digits": "1 " * 2000,
        "numerals": "一" * 2000,
        "open brackets": "（" * 3000,
        "bracket pairs": "（）" * 2000,
        "ascii brackets": "(" * 3000,
        "book title marks": "《" * 3000,
        "square brackets": "【" * 3000,
        "colons": "：" * 3000,
        "ascii colons": ":" * 3000,
        "labels": "附件：" * 2000,
        "dates": "2020年1月1日" * 500,
        "numeric dates": "2020-01-01 " * 500,
        "ratios": "1:3" * 1000,
        "ratio colons": "1︰" * 2000,
        "percentages": "30%、" * 2000,
        "commas": "，" * 3000,
        "ellipses": "…" * 3000,
        "dashes": "-" * 3000,
        **{f"{word} and blanks": word + " " * 5000 + "x" * 100
           for word in ("第一篇", "篇一", "【篇一", "附件：", "（一）", "1.", "时间：", "2023年5月6日", "讲话人：", "•", "——")},
        # a row of site links or controls, each word with an optional separator after it (回复 回复 … x)
        **{f"spaced {word}s": f"{word} " * 200 + "x" for word in ("回复", "网站地图", "English")},
    }


def _run(pattern: re.Pattern[str], how: str, text: str) -> None:
    if how == "finditer":
        for _match in pattern.finditer(text):
            pass
    else:
        getattr(pattern, how)(text)


def test_the_walk_finds_the_patterns_of_every_kind():
    from jianghua.stages import clean, dates, titles

    markers, meta, positions = (importlib.import_module(f"jianghua.stages.extract.{name}") for name in ("markers", "meta", "positions"))

    found = stage_patterns()
    assert found[(clean._TOC_LEADER.pattern, clean._TOC_LEADER.flags)][1:] == ("jianghua.stages.clean._TOC_LEADER", "finditer")
    assert all((p.pattern, p.flags) in found for p in dates._LINES)  # in a list
    assert all((p.pattern, p.flags) in found for patterns in positions._FORMS.values() for p in patterns)  # a rule table's
    assert all((p.pattern, p.flags) in found for _rank, p in markers.ranked())  # a cached builder's
    assert all((p.pattern, p.flags) in found for _code, p, _d in resources.pattern_table("split/title_trim.tsv"))
    assert found[(meta._SPEECH_TAIL.pattern, meta._SPEECH_TAIL.flags)][2] == "match"  # (only ever matched at a position)
    glued = meta._glued_byline()
    assert found[(glued.pattern, glued.flags)][2] == "match"
    assert found[(titles._SUFFIX_SEPARATOR.pattern, titles._SUFFIX_SEPARATOR.flags)][2] == "finditer"  # (split)
    run_in, _clause = _module("structure")._heading_patterns(50)  # a builder taking an argument
    assert (run_in.pattern, run_in.flags) in found


@pytest.mark.parametrize("table", ["extract/" + name for name in (
    "application.tsv", "duties.tsv", "eligibility.tsv", "markers.tsv", "organization.tsv", "panel.tsv", "positions.tsv",
    "procedure.tsv", "sections.tsv", "statistics.tsv", "thresholds.tsv", "timeline.tsv")])
def test_every_row_of_the_extract_tables_is_timed(table):
    """Each regex row, its {FRAGMENT}s whatever they stand for, is among the patterns timed (a module
    reading its table elsewhere than in a module-level name or a cached builder would not be)."""
    sources = [source for source, _flags in stage_patterns()]
    missing = []
    for number, line in resources.data_lines(table):
        regex = line.split("\t")[1]
        shape = re.compile(".*?".join(re.escape(part) for part in re.split(r"\{[A-Z][A-Z0-9_]*\}", regex)), re.S)
        if not any(shape.fullmatch(source) for source in sources):
            missing.append(f"{table}:{number}")
    assert missing == []


_LINES = _adversarial_lines()


# (the quick tier times these; the whole sweep over every line is a slow test, about 2 CPU minutes)
_QUICK = ("blanks after a word", "posts", "numerals", "line breaks", "篇一 and blanks", "dates", "spaced 回复s")


@pytest.mark.parametrize("name", _QUICK)
def test_no_stage_pattern_backtracks_on_a_long_run_quick(name):
    _assert_bounded(_LINES[name])


@pytest.mark.slow
@pytest.mark.parametrize("name", [name for name in _LINES if name not in _QUICK])
def test_no_stage_pattern_backtracks_on_a_long_run_of_one_form(name):
    _assert_bounded(_LINES[name])


# Longer runs, on the line model's patterns (jianghua.stages.lines): its shape features read every line the
# model scores, the longest too (review 9: _COUNT and _EMAIL, tried from each digit or letter of a run to its
# end, took 15 s and 1.2 s on these), and so do the learned fact step's (learned._FIGURE: 3 s on 8,000 digits).
_LONG_RUNS = {"long digits": "1" * 20000, "long letters": "a" * 20000, "long dotted digits": "1.1" * 7000}


@pytest.mark.parametrize("name", list(_LONG_RUNS))
def test_the_line_model_patterns_answer_a_very_long_run(name):
    _assert_bounded(_LONG_RUNS[name], "jianghua.stages.extract.learned.", "jianghua.stages.lines.")


# 8,000-long runs of the forms a number is read from, on the extract patterns (their own and their tables' rows):
# a number is read from the start of its run (numbers.DIGITS, numbers.CHINESE_NUMERAL), so a pattern reading one
# and then failing does not scan the run again from each of its characters (periods._TERM took 4 s on 8,000 digits,
# scoring._WEIGHT_RE 2.8 s, eligibility._FORMS 2 s...).
_EXTRACT_RUNS = {"digits": "1" * 8000, "numerals": "一" * 8000, "full-width digits": "１" * 8000,
                 "spaced digits": "1 " * 4000, "dotted digits": "1.1" * 2700, "full-width dotted digits": "１．１" * 2700,
                 "spaced numerals": "一 " * 4000, "digits and numerals": "1一" * 4000, "ratios": "1:3" * 2700,
                 "ratio colons": "1︰" * 4000, "percentages": "30%" * 2700, "counts": "1名" * 4000, "ages": "35岁" * 2700}
_EXTRACT_QUICK = ("digits", "numerals")


@pytest.mark.parametrize("name", _EXTRACT_QUICK)
def test_the_extract_patterns_answer_an_8000_long_run_quick(name):
    _assert_bounded(_EXTRACT_RUNS[name], "jianghua.stages.extract.", "extract/")


@pytest.mark.slow
@pytest.mark.parametrize("name", [name for name in _EXTRACT_RUNS if name not in _EXTRACT_QUICK])
def test_the_extract_patterns_answer_an_8000_long_run(name):
    _assert_bounded(_EXTRACT_RUNS[name], "jianghua.stages.extract.", "extract/")


def _assert_bounded(text: str, *where_from: str) -> None:
    """Every pattern (of the places whose names start with one of ``where_from``: all when none is given) answers
    on ``text`` in under ``BOUND`` CPU seconds (nested or adjacent quantifiers over the same characters, a run tried
    from each of its characters to its end: mended)."""
    slow = []
    for (source, _flags), (pattern, where, how) in stage_patterns().items():
        if where_from and not where.startswith(where_from):
            continue
        started = time.process_time()
        _run(pattern, how, text)
        if (spent := time.process_time() - started) > BOUND:
            slow.append((where, how, round(spent, 2), source[:60]))
    assert slow == []


# --- the mended patterns find what they found (the same matches on samples) -------------------------------------

def _module(name: str):
    return importlib.import_module(f"jianghua.stages.{name}")


def test_mended_line_patterns_read_the_same_lines():
    from jianghua.stages.settings import default_settings

    clean, dates, boundaries, titles = (_module(name) for name in ("clean", "dates", "boundaries", "titles"))
    cs = default_settings().clean
    assert [clean._toc_entry(line, cs) for line in ("第一章 总则……………… 3", "第二章  岗位设置    12", "第三章 附则 5")] == [
        "第一章 总则", "第二章  岗位设置", "第三章 附则 5"]  # (a short heading is an entry too)
    assert [dates.line_date(line) for line in ("2023年5月6日", "县委组织部 2023年6月1日", "（2014年9月）", "时间 2023年")] == [
        (2023, 5, 6), (2023, 6, 1), (2014, 9, 1), None]
    assert titles._SUFFIX_SEPARATOR.split("某某讲话 | 某某网 _ 首页 - 范文|文库") == ["某某讲话", "某某网", "首页", "范文", "文库"]
    assert [boundaries._PIECE_NUMBER.sub("", text) for text in ("竞聘制度 （二）", "竞聘制度（2）", "竞聘制度二")] == [
        "竞聘制度", "竞聘制度", "竞聘制度二"]


@pytest.mark.parametrize("line, found", [
    ("在中层干部竞聘会上的讲话篇一", (7, "一", "在中层干部竞聘会上的讲话")),
    ("竞聘演讲稿（第二篇）", (8, "二", "竞聘演讲稿")),
    ("第一篇：在全县大会上的讲话", (2, "一", "在全县大会上的讲话")),
    ("篇1  ：  竞聘演讲稿", (3, "1", "竞聘演讲稿")),
    ("【第三篇】 竞聘演讲稿", (2, "三", "竞聘演讲稿")),
    ("篇一" + " " * 5000 + "竞聘演讲稿", (3, "一", "竞聘演讲稿")),  # (cubic before: it ran for hours)
])
def test_mended_collection_headings_read_the_same_headings(line, found):
    headings = _module("headings")
    matches = [(index, m.group("n"), m.group("title")) for index, p in enumerate(headings._COLLECTION_PATTERNS)
               if (m := p.search(line))]
    assert (matches[0] if matches else None) == found


def test_mended_extract_patterns_read_the_same_values():
    meta, periods, procedure, scoring = (_module(f"extract.{name}") for name in ("meta", "periods", "procedure", "scoring"))
    assert [meta._dateline(line) for line in ("2023年5月6日 10:30", "• （2023年5月6日）", "2023年3月5日在全县干部大会上的讲话")] == [
        (0, 9, "2023-05-06"), (3, 12, "2023-05-06"), (0, 9, "2023-03-05")]
    assert meta._signature().search("（县委副书记  王建国）").group("role", "name") == ("县委副书记", "王建国")
    assert meta._glued_byline().match("县委书记王建国：").group("role", "name") == ("县委书记", "王建国")
    assert meta._reported_speaker().search("会上，县委副书记、县长李建国作了动员讲话。").group("role", "name") == (
        "县委副书记、县长", "李建国")
    assert bool(meta._SPEECH_TAIL.match("在会上的讲话 （摘要） 。", 6)) and not meta._SPEECH_TAIL.match("在会上的讲话 要点 x", 6)
    assert [m.group("ratio", "mult", "governs") for m in periods._SELECTION_RATIO.finditer(
        "按1:3的比例确定考察对象，按不超过计划三倍比例入围面试，按十一比三确定考察")] == [
        ("1:3", None, "考察"), (None, "三", "入围"), ("十一比三", None, "考察")]
    assert [m.group("list", "tail") for m in procedure._ENUMERATION.finditer("按照个人报名、资格审查、笔试、面试、考察五个环节进行")][0] == (
        "个人报名、资格审查、笔试、面试、考察", "五个环节")
    assert scoring._patterns()["headed"].match("（一） 笔试成绩：满分100分").group("name") == "笔试"
    assert [m.group("marker", "label") for m in procedure._HEADING.finditer("一、报名\n（一） 笔试：\n第二步  面试。考察环节为公示")] == [
        ("（一）", "笔试"), ("第二步", "面试"), (None, "考察环节为公示")]


def test_numbers_are_read_from_the_start_of_their_run():
    """A number starts where its run of digits or numerals starts (never from inside it), and the patterns built
    on it read the values they read before."""
    numbers, periods, learned, dates = (_module(f"extract.{name}") for name in ("numbers", "periods", "learned", "dates"))
    assert [m.group() for m in re.finditer(numbers.NUMBER, "共12名，三十五岁，1.5年，２０人，第十一届")] == [
        "12", "三十五", "1.5", "２０", "十一"]
    assert [m.group() for m in re.finditer(numbers.NUMBER + "名", "123名，1.5名，一百二十名")] == ["123名", "1.5名", "一百二十名"]
    assert re.search(numbers.DIGITS + "年", "1234年").group() == "1234年"  # (the whole run, never "234年")
    assert re.search(numbers.DIGITS + "年", "1.2.3年") is None  # (no "2.3年" from inside the run: it starts after a point)
    assert re.search("2(?:" + numbers.DIGITS + ")年", "1234年") is None  # (no "34" after a digit)
    assert [m.group("n", "m", "unit") for m in periods._TERM[0].finditer("任期为三年到五年，挂职时间一般为1至2年")] == [
        ("三", "五", "年"), ("1", "2", "年")]
    assert [m.group("n", "unit") for m in learned._FIGURE.finditer("平均年龄38.6岁，共12名，三百余人")] == [
        ("38.6", "岁"), ("12", "名"), ("三百", "人")]
    assert [m.group("n", "unit") for m in dates.DURATION_RE.finditer("公示5个工作日，为期两周，12345678天")] == [
        ("5", "个工作日"), ("两", "周"), ("12345678", "天")]
