"""spaCy side of the extractor: the jieba tokenizer, the JSONL rule files and their error reports."""

import pytest
from jianghua import resources
from jianghua.errors import ResourceError
from jianghua.stages.extract import nlp
from jianghua.stages.segment import default_segmenter


@pytest.mark.parametrize("text", [
    "每人限报1个职位。", "专家评委人数原则上不少于7人，全部从校外聘请", "a  b\tc 民主测评 ", " 开头有空格", "",
])
def test_tokens_agree_with_the_segmenter_and_keep_the_text(text):
    doc = nlp.nlp()(text)
    assert doc.text == text
    assert [t.text for t in doc if t.text.strip()] == default_segmenter().cut(text)


@pytest.mark.parametrize("name", nlp.RULE_FILES)
def test_every_rule_file_builds(name):
    assert len(nlp.matcher(name)) > 0
    assert len(nlp.parse_pattern_lines(name, resources.data_lines(f"rules/{name}.jsonl"))) > 0


@pytest.mark.parametrize(("text", "expected"), [
    ("经过公开职位、组织报名、笔试、民主测评、面试、组织考察和公示七个环节",
     ["公开职位", "报名", "笔试", "民主测评", "面试", "组织考察", "公示"]),
    ("于6月18日参加演讲答辩", ["面试"]),
    ("对拟提拔人选进行任前公示", ["公示"]),
    ("确定考察对象", []),
])
def test_stage_patterns(text, expected):
    assert [m.value for m in nlp.match("stages", nlp.nlp()(text)) if m.label == "STAGE"] == expected


@pytest.mark.parametrize(("line", "message"), [
    ("not json", "rules/test.jsonl:7: not JSON"),
    ('{"label": "X"}', "rules/test.jsonl:7: pattern must be"),
    ('{"label": "", "pattern": [{"TEXT": "a"}]}', "rules/test.jsonl:7: label must be"),
    ('{"label": "X", "pattern": [{"TEXT": "a"}], "extra": 1}', "rules/test.jsonl:7: expected an object"),
])
def test_a_bad_line_is_reported_as_file_and_line(line, message):
    with pytest.raises(ResourceError, match="R500") as caught:
        nlp.parse_pattern_lines("rules/test.jsonl", [(7, line)])
    assert message in str(caught.value)


def test_a_pattern_spacy_rejects_is_reported_as_file_and_line():
    entries = nlp.parse_pattern_lines("rules/test.jsonl", [(3, '{"label": "X", "pattern": [{"NOT_AN_ATTR": "a"}]}')])
    with pytest.raises(ResourceError, match=r"rules/test\.jsonl:3: bad pattern"):
        nlp.build_matcher("rules/test.jsonl", entries)
