"""Cited documents: regulations, plans and notices in 《》; other titles are left out."""

import pytest
from jianghua.stages.extract.citations import cited_documents, kind_of


@pytest.mark.parametrize(("text", "expected"), [
    ("按照《党政机关竞争上岗工作暂行规定》的有关要求", [{"title": "党政机关竞争上岗工作暂行规定", "kind": "regulation"}]),
    ("按照《黨政機關競爭上崗工作暫行規定》的有關要求", [{"title": "党政机关竞争上岗工作暂行规定", "kind": "regulation"}]),
    ("起草制定了《东柳街道中层干部竞聘工作实施方案》。", [{"title": "东柳街道中层干部竞聘工作实施方案", "kind": "plan"}]),
    ("宣读了市委的《通知》，《公务员法》规定", [{"title": "通知", "kind": "notice"}, {"title": "公务员法", "kind": "regulation"}]),
    ("通过《××党建网》等新闻媒体，评剧《七品村官》，填写《中层职位竞聘报名表》", []),
    ("《方案》对各个环节作了安排，《方案》即符合", [{"title": "方案", "kind": "plan"}]),
    ("依据《公司章程》和集团公司的意见。", [{"title": "公司章程", "kind": "regulation"}]),
    ("按照《\n党政领导干部选拔任用工作条例》执行。", [{"title": "党政领导干部选拔任用工作条例", "kind": "regulation"}]),
    # a document cited by its number
    ("按照黄组通[*]36号文件要求，选派对象为40周岁以下。", [{"title": "黄组通[*]36号", "kind": "notice"}]),
    ("印发县委发〔2020〕12号文件。", [{"title": "县委发〔2020〕12号", "kind": "notice"}]),
])
def test_cited_documents(extract_field, text, expected):
    assert extract_field(cited_documents, text) == expected


@pytest.mark.parametrize(("title", "kind"), [
    ("干部任用条例", "regulation"), ("关于选派中青年干部下基层锻炼的实施意见", "plan"), ("宣传信息", None),
])
def test_kind_of(title, kind):
    assert kind_of(title) == kind


@pytest.mark.parametrize(("text", "expected"), [
    # a bracketed qualifier after the kind word, a title in 〈〉
    ("根据《党政领导干部选拔任用工作条例（试行）》规定。", [{"title": "党政领导干部选拔任用工作条例（试行）", "kind": "regulation"}]),
    ("按照〈关于开展干部交流工作的意见〉要求。", [{"title": "关于开展干部交流工作的意见", "kind": "plan"}]),
    # a title without brackets after a citing verb, in any script
    ("根据县委组织部关于开展中层干部竞争上岗工作的通知要求，制定本方案。",
     [{"title": "关于开展中层干部竞争上岗工作的通知", "kind": "notice"}]),
    ("按照市委關於選派幹部駐村幫扶的實施意見，抽調幹部。", [{"title": "关于选派干部驻村帮扶的实施意见", "kind": "plan"}]),
    # an agreement the parties signed
    ("根据校地双方签订的合作协议，学校每年选派两名干部。", [{"title": "合作协议", "kind": "agreement"}]),
    # the same title once, bracketed or not; talk about a notice cites nothing
    ("根据《关于做好选派工作的通知》，按照关于做好选派工作的通知要求。", [{"title": "关于做好选派工作的通知", "kind": "notice"}]),
    ("大家要认真学习关于这次工作的通知精神。", []),
])
def test_cited_documents_in_other_forms(extract_field, text, expected):
    assert extract_field(cited_documents, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("依據「公務人員陞遷考核實施辦法」辦理。", [{"title": "公务人员升迁考核实施办法", "kind": "regulation"}]),
    ("按照“关于做好年轻干部选派工作的通知”要求。", [{"title": "关于做好年轻干部选派工作的通知", "kind": "notice"}]),
    ("详见《公开遴选公务员简章》。", [{"title": "公开遴选公务员简章", "kind": "notice"}]),
    # slogans and short quotes are no documents
    ("落实“一岗双责”，坚持“三会一课”制度，推行“阳光办法”。", []),
    ("推行“三公开、两测评、一决定”的选人用人办法。", []),
    # demands in quotes, opening with a verb or naming rules in general
    ("同志们要“认真执行组织人事工作的各项规定”，真正“切实落实好县委做出的重大决定”。", []),
    ("做到“遵守干部考察工作的有关办法”。", []),
    ("学习“村级后备干部培养管理实施办法”。", [{"title": "村级后备干部培养管理实施办法", "kind": "regulation"}]),
])
def test_cited_documents_in_quotes(extract_field, text, expected):
    assert extract_field(cited_documents, text) == expected


def test_titles_in_ascii_double_angle_brackets(extract_field):
    found = extract_field(cited_documents, "依照<<事业单位岗位竞聘管理办法>>和<<干部任用条例>>，制定本细则。")
    assert [(item["title"], item["kind"]) for item in found] == [
        ("事业单位岗位竞聘管理办法", "regulation"), ("干部任用条例", "regulation")]
