"""The data-file loaders of jianghua.resources: rule tables (code, regex with shared fragments) and word groups."""

import re

import pytest
from jianghua import resources
from jianghua.errors import ResourceError

FRAGMENTS = {"NUMBER": r"[0-9]+", "UNIT": r"(?:名|人)"}
CODES = ("count", "ratio")


def test_rows_keep_file_order_and_fragments_expand():
    table = resources.parse_rule_rows("extract/t.tsv", [(3, "count\t(?P<n>{NUMBER}){UNIT}\t5名"), (4, "ratio\t{NUMBER}:{NUMBER}"),
                                                        (9, "count\t共[一二]{1,2}{UNIT}")], FRAGMENTS, CODES)
    assert [p.pattern for p in table["count"]] == [r"(?P<n>[0-9]+)(?:名|人)", r"共[一二]{1,2}(?:名|人)"]
    assert [p.pattern for p in table["ratio"]] == [r"[0-9]+:[0-9]+"]
    assert table["count"][0].fullmatch("12人").group("n") == "12"


@pytest.mark.parametrize(("rows", "message"), [
    ([(5, "count")], "t.tsv:5: expected 2..3 tab-separated fields, got 1"),
    ([(5, "counts\t[0-9]")], "t.tsv:5: unknown code 'counts'; valid: count, ratio"),
    ([(5, "count\t{NUMBR}人")], "t.tsv:5: unknown fragment {NUMBR}; valid: NUMBER, UNIT"),
    ([(5, "count\t(?P<n>[0-9]")], "t.tsv:5: bad regular expression"),
    ([(5, "count\t[0-9]")], "t.tsv:5: no row for code 'ratio'"),
    ([(5, "count\t1"), (6, "ratio\t1"), (8, "ratio\t2")], "t.tsv:8: a second row for 'ratio', which takes one pattern"),
])
def test_a_bad_row_is_reported_as_file_and_line(rows, message):
    with pytest.raises(ResourceError, match="R500") as caught:
        resources.parse_rule_rows("extract/t.tsv", rows, FRAGMENTS, CODES, single=("ratio",))
    assert message in str(caught.value)


@pytest.mark.parametrize("name", ["positions", "eligibility", "timeline", "statistics", "panel", "duties", "application", "thresholds", "procedure"])
def test_every_packaged_rule_table_has_its_codes_and_compiles(name):
    """Every row of the packaged tables is read (a code the module does not ask for would raise)."""
    rows = [line.split("\t")[0] for _n, line in resources.data_lines(f"extract/{name}.tsv")]
    module = __import__(f"jianghua.stages.extract.{name}", fromlist=["_FORMS"])
    assert set(rows) == set(module._FORMS)
    assert sum(len(patterns) for patterns in module._FORMS.values()) == len(rows)
    assert all(isinstance(p, re.Pattern) for patterns in module._FORMS.values() for p in patterns)


# --- word groups (resources.parse_word_groups: rows group<TAB>words<TAB>note) ---------------------------
GROUPS = ("opening", "glued")


@pytest.mark.parametrize("rows, message", [
    ([(4, ["opening", "同志们", ""]), (5, ["guests", "来宾", ""])], "t.tsv:5: unknown group 'guests'"),
    ([(4, ["opening", "同志们 各位 同志们", ""])], "t.tsv:4: duplicate word of opening '同志们'"),
    ([(4, ["opening", "  ", ""])], "t.tsv:4: empty word list"),
    ([(4, ["opening", "同志们", ""])], "t.tsv:4: no row for code 'glued'"),
])
def test_a_bad_word_group_row_is_reported_with_its_line(rows, message):
    with pytest.raises(ResourceError, match=re.escape(message)):
        resources.parse_word_groups("t.tsv", rows, GROUPS)


def test_several_rows_add_to_one_group():
    rows = [(n, [group, "甲们", ""]) for n, group in enumerate(GROUPS, start=1)]
    rows.append((20, ["opening", "乙们 丙们", ""]))
    assert resources.parse_word_groups("t.tsv", rows, GROUPS)["opening"] == ("甲们", "乙们", "丙们")


def test_word_groups_make_one_regex_group_the_longer_words_first():
    words = resources.WordGroups("split/salutations.tsv", ("opening", "glued", "addressed", "audience", "judges",
                                                          "comrades", "respect", "greeting"))
    assert words.words("judges", "comrades") == ("评委", "领导", "同志们", "各位同志")
    assert words.any("comrades") == "(?:各位同志|同志们)"
