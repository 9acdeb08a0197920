"""The data-file loaders of jianghua.resources: rule tables (code, regex with shared fragments)."""

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
