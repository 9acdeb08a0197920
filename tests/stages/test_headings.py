"""The words of jianghua.stages.headings (resources/split/heading_words.tsv) and the heading patterns built on
them: collection pieces, a whole document's title ends, an agenda's items."""

from __future__ import annotations

import pytest
from jianghua.stages import boundaries, headings


def test_the_word_groups_read_from_the_data_file():
    assert headings.words("piece") == ("篇", "范文", "例文", "范例", "样文", "范本")
    assert headings.words("sample") == ("范文", "范本")
    assert headings.TITLE_ENDS[:3] == ("讲话", "讲话稿", "发言") and "汇报" in headings.TITLE_ENDS
    # boundaries' quick look for a heading's words reads the same piece words
    assert {"篇", "演讲稿", "NO", "No", "【"} <= set(boundaries._HEADING_WORD.pattern.split("|"))


@pytest.mark.parametrize("line, number, title, marker", [
    ("精选范文三：在全县干部大会上的讲话", 3, "在全县干部大会上的讲话", "范文三"),
    ("演讲稿2：我的竞聘演讲", 2, "我的竞聘演讲", "演讲稿2"),
    ("【例文一】竞聘办公室主任演讲稿", 1, "竞聘办公室主任演讲稿", "例文一"),
    ("NO.2 在新生军训动员大会上的讲话", 2, "在新生军训动员大会上的讲话", "2"),
])
def test_collection_headings_on_the_piece_words(line, number, title, marker):
    heading = headings.collection_heading(line)
    assert (heading.number, heading.title, heading.marker) == (number, title, marker)


@pytest.mark.parametrize("text, whole", [
    ("在全县干部大会上的讲话", True), ("中层干部竞聘实施方案范文", True), ("关于开展竞争上岗的实施意见范本", True),
    ("听取县长的工作报告", False), ("县长作重要讲话", False), ("工作作风", False),
    # a reply names a whole document (review 10, 9); 通报 ends a text's broken line too (……决定对某某局予以通报 / 批评): not listed
    ("关于同意调整某某街道行政区划的批复", True), ("经区安委会研究决定对某某局予以全区通报", False),
])
def test_a_title_naming_a_whole_document(text, whole):
    assert headings.names_whole_document(text) is whole
