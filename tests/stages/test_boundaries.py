"""The words of jianghua.stages.boundaries (resources/split/boundary_words.tsv) and the patterns built on them:
a speech's last and first words, a forwarding notice, an issuer, an agenda's item, a table of contents' label."""

from __future__ import annotations

import pytest
from jianghua.stages import boundaries as b


def test_the_word_groups_read_from_the_data_file():
    assert b._words("thanks") == ("谢谢大家", "谢谢各位", "谢谢")
    assert b._words("thanks", "finished")[3:] == ("演讲完毕", "讲话完毕", "发言完毕", "到此结束", "此致敬礼")
    assert b._any("day_time") == "(?:上午|下午|晚上)"
    assert b._FINISHED[-3:] == ("谢谢大家", "谢谢各位", "谢谢")


@pytest.mark.parametrize("pattern, text, found", [
    ("_CLOSING", "最后，祝大家工作顺利！谢谢大家！", True),
    ("_CLOSING", "此致敬礼", True),
    ("_CLOSING", "谢谢大家的支持和帮助。", False),
    ("_EXHORTATION", "奋力开创全县组织工作新局面！", True),
    ("_EXHORTATION", "为全县经济社会发展作出新的更大贡献！", True),
    ("_EXHORTATION", "为实现目标团结奋斗！", True),
    ("_EXHORTATION", "开创新局面。", False),
    ("_FORWARDING", "现印发给你们，请遵照执行。", True),
    ("_FORWARDING", "请各单位遵照执行。", True),
    ("_FORWARDING", "执行情况良好，成效明显。", False),
    ("_SIGNER", "中共某某县委组织部", True),
    ("_SIGNER", "某某市交通运输局", True),
    ("_SIGNER", "全体同志要认真学习", False),
    ("_MEETING_RECALLED", "开好这次会议", True),
    ("_MEETING_RECALLED", "这个问题很重要", False),
    ("_SELF_INTRO", "大家上午好！我叫李某某", True),
    ("_SELF_INTRO", "我的名字叫王某", True),
    ("_SPEECH_HEAD", "主讲人：王某某", True),
    ("_AGENDA_ITEM", "下面进行第三项", True),
    ("_AGENDA_ITEM", "接下来进行议程二", True),
    ("_TOC_LABEL", "目 录", True),
    ("_TOC_LABEL", "章节目录：", True),
    ("_TOC_LABEL", "目录页", False),
])
def test_patterns_on_the_words(pattern, text, found):
    assert bool(getattr(b, pattern).search(text)) is found


@pytest.mark.parametrize("text, found", [
    ("同志们：今天我们在这里召开全县干部大会", True),
    ("各位领导、同志们：根据县委安排，今天上午举行新任干部宣誓仪式", True),
    ("同志们：今天的任务很重", False),
])
def test_a_salutation_glued_to_the_meeting_it_opens(text, found):
    assert bool(b._OCCASION_OPENS.match(text)) is found


def test_a_greeting_after_any_salutation_word_and_the_name_a_candidate_gives():
    assert b._GREETING.match("亲爱的同学们，大家晚上好！")
    assert b._GREETING.match("女士们、先生们：大家好")
    assert not b._GREETING.match("大家好好准备")
    assert b._NAMED_AS.search("大家好，我叫张三，今年三十岁。").group("name") == "张三"
    assert b._CLOSING_SCREEN.search("……到此结束。") and not b._CLOSING_SCREEN.search("完毕")


@pytest.mark.parametrize("line", ["中共某某县委", "某某县委组织部", "县委工作领导小组", "某某县人民政府"])
def test_an_issuer_split_and_boundaries_both_read(line):
    assert b._SIGNER.match(line)


@pytest.mark.parametrize("line, metadata", [
    ("发布时间：2023-05-06", True), ("日期: 2023年5月6日", True), ("文章来源：某某网", True), ("作者：王某", True),
    ("2023-05-06 10:30", True), ("本文来源：某某网", True), ("时间安排：5月6日", False), ("关于开展竞聘工作的通知", False),
])
def test_a_metadata_line_is_read_by_words_of_boundary_words(line, metadata):
    """(its field words are data, resources/split/boundary_words.tsv metadata_*)"""
    from jianghua.stages import boundaries as boundaries_module

    assert bool(boundaries_module._METADATA.search(line)) is metadata
