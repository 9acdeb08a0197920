"""Pages in site forms the devset does not hold, made around its dev bodies (jianghua.training.site_forms):
their labels follow from the forms, and the pipeline keeps its titles and collections on them."""

from __future__ import annotations

import pytest
from jianghua.training import site_forms
from jianghua.training.devset import fold, furniture_line_numbers, labelled_bodies, load_devset

# The figures on these pages when the forms were written (issue 15): documents found whole 116/116 (main
# before: 109, 6 merged), titles right 115/116 (main before: 92; left: a title broken mid-word with
# nothing to tell). Floors, a little under: a change that loses one of these forms fails here.
WHOLE_FLOOR = 0.97
TITLES_FLOOR = 0.95
# The forms weighted to plans and speeches (``WIDE_FORMS``, ``WIDE_PAIR_FORMS``): main before them 92/96 whole, 77/96 titles
# (notices issuing a plan not found, a plan's type on a second line, a theme's speaker
# and date run into its subtitle); 96/96 whole and 96/96 titles on all 23 after. Floors for them alone.
WIDE_WHOLE_FLOOR = 0.97
WIDE_TITLES_FLOOR = 0.95


@pytest.fixture(scope="module")
def pages(devset_dir):
    return site_forms.make_pages(devset_dir)


def test_every_form_makes_its_pages(pages):
    forms = {page.id.rsplit("-", 1)[0] for page in pages}
    assert forms == set(site_forms.SINGLE_FORMS) | set(site_forms.PAIR_FORMS) | set(site_forms.WIDE_FORMS) | set(site_forms.WIDE_PAIR_FORMS)
    assert all(sum(1 for p in pages if p.id.startswith(f"{form}-")) <= site_forms.PER_WIDE_FORM for form in site_forms.WIDE_FORMS)
    assert len(pages) >= 30
    # each form with PER_FORM bodies, fewer where the dev split holds fewer that fit it (a red head: plans)
    assert all(1 <= sum(1 for p in pages if p.id.startswith(f"{form}-")) <= site_forms.PER_FORM
               for form in forms - set(site_forms.WIDE_FORMS))
    assert sum(1 for p in pages if p.id.startswith("portal-")) == site_forms.PER_FORM


def test_the_labels_match_the_pages(pages):
    for page in pages:
        bodies = labelled_bodies(page)
        assert all(bodies), page.id  # every document's first and last characters are on the page
        assert len(furniture_line_numbers(page)) == len(page.furniture), page.id
        titles = [fold(doc.title) for doc in page.documents]
        assert all(titles) or page.id.startswith(("untitled-", "untitlednews-", "uionly-")), page.id  # (a text printed with no title)
        assert all(t in fold(page.raw) or "——" in doc.title for t, doc in zip(titles, page.documents, strict=True)), page.id


def test_the_forms_add_what_they_say():
    body = site_forms.Body("x-01", "在全局中层干部竞争上岗动员会上的讲话", "同志们：\n今天召开动员大会。\n谢谢大家！",
                           "mobilization_speech", "competitive_selection", True)
    other = site_forms.Body("x-02", "竞聘办公室主任演讲稿", "尊敬的各位领导：\n大家好！我竞聘办公室主任。\n谢谢！",
                            "candidate_speech", "competitive_selection", True)
    assert site_forms.speaker(body).lines[0] == "县委常委、组织部部长王某某：在全局中层干部竞争上岗动员会上的讲话"
    assert site_forms.broken(body).lines[:2] == ["在全局中层干部竞争", "上岗动员会上的讲话"]
    assert site_forms.subtitle(body).docs[0][0] == "凝心聚力 真抓实干——在全局中层干部竞争上岗动员会上的讲话"
    flat = site_forms.flattened(body, other)
    assert flat.lines[1] == ("篇一：在全局中层干部竞争上岗动员会上的讲话同志们：今天召开动员大会。谢谢大家！"
                             "篇二：竞聘办公室主任演讲稿尊敬的各位领导：大家好！我竞聘办公室主任。谢谢！")
    plan = site_forms.Body("x-03", "某局中层干部竞争上岗实施方案", "为深化干部人事制度改革，制定本方案。\n一、竞聘职位八个。",
                           "plan_or_regulation", "competitive_selection", True)
    notice = site_forms.notice(plan)
    assert notice.docs[0][0] == "关于印发《某局中层干部竞争上岗实施方案》的通知"
    assert notice.docs[0][1].text.startswith("各乡镇（街道）党（工）委，县直各单位：\n现将《某局中层干部竞争上岗实施方案》印发给你们")
    assert notice.docs[0][1].text.endswith("附件：某局中层干部竞争上岗实施方案\n中共某某县委组织部\n2023年3月6日\n某局中层干部竞争上岗实施方案\n"
                                           "为深化干部人事制度改革，制定本方案。\n一、竞聘职位八个。")
    assert site_forms.plan_broken(plan).lines[:2] == ["某局中层干部竞争上岗", "实施方案"]
    assert site_forms.theme_subtitle(body).lines[:4] == ["强化担当 奋勇争先", "——在全局中层干部竞争上岗动员会上的讲话", "县委书记  李某某",
                                                         "2023年4月18日"]
    assert site_forms.spaced(plan).lines[0] == "某 局 中 层 干 部 竞 争 上 岗 实 施 方 案"
    assert site_forms.untitled_news(other).docs[0][0] == ""
    assert site_forms.repeated(plan).furniture[-1] == "某局中层干部竞争上岗实施方案"  # the page header mid-text
    assert site_forms.number_marks(body, other).lines[2:4] == ["NO.1 在全局中层干部竞争上岗动员会上的讲话", "同志们：\n今天召开动员大会。\n谢谢大家！"]


@pytest.mark.slow
def test_titles_and_collections_hold_on_the_forms(devset_dir):
    report = site_forms.evaluate_forms(devset_dir)
    overall = report["overall"]
    assert overall["documents"]["labelled"] >= 60
    assert overall["documents"]["whole_share"] >= WHOLE_FLOOR, [p for p in report["pages"] if p["documents"].get("merged")]
    assert overall["documents"]["merged"] == 0
    assert overall["titles"]["right_share"] >= TITLES_FLOOR, [p["wrong_titles"] for p in report["pages"] if p["wrong_titles"]]
    wide = [report["by_kind"][form] for form in (*site_forms.WIDE_FORMS, *site_forms.WIDE_PAIR_FORMS)]
    labelled = sum(kind["documents"]["labelled"] for kind in wide)
    assert labelled >= 60
    assert sum(kind["documents"]["merged"] for kind in wide) == 0
    assert sum(kind["documents"]["whole"] for kind in wide) >= WIDE_WHOLE_FLOOR * labelled
    assert sum(kind["titles"]["right"] for kind in wide) >= WIDE_TITLES_FLOOR * labelled, [
        p["wrong_titles"] for p in report["pages"] if p["wrong_titles"] and p["id"].rsplit("-", 1)[0] in site_forms.WIDE_FORMS]


# --- the furniture forms: government portals and forum / Q&A pages (training pages of the line model) ---------

def test_the_furniture_forms_make_their_pages_labelled(devset_dir):
    made = site_forms.furniture_pages(devset_dir)
    forms = [page.id.rsplit("-", 1)[0] for _source, page in made]
    assert sorted(set(forms)) == sorted(site_forms.FURNITURE_FORMS)
    assert all(forms.count(form) == site_forms.PER_FURNITURE_FORM for form in site_forms.FURNITURE_FORMS)
    dev_ids = {page.id for page in load_devset(devset_dir, "dev")}
    for source, page in made:
        assert source in dev_ids, page.id
        assert len(furniture_line_numbers(page)) == len(page.furniture) >= 6, page.id  # every added line found, in order
        assert all(labelled_bodies(page)), page.id
    # no two pages of a form print the same furniture: the strings come from pools by the page's number
    for form in site_forms.FURNITURE_FORMS:
        printed = [tuple(page.furniture) for _source, page in made if page.id.startswith(f"{form}-")]
        assert len(set(printed)) == len(printed), form


def test_a_portal_and_a_forum_form_add_what_they_say():
    body = site_forms.Body("x-01", "某局中层干部竞争上岗实施方案", "为深化干部人事制度改革，制定本方案。\n一、竞聘职位八个。",
                           "plan_or_regulation", "competitive_selection", True)
    record = site_forms.gov_record(body, 0)
    assert record.lines[3:7] == ["索引号：11530100MB1234567X/2024-00318", "发布机构：某某区人民政府办公室", "主题分类：人事、监察",
                                 "发文日期：2024年01月10日"]
    assert record.lines[7:9] == [body.title, body.text] and record.docs == [(body.title, body)]
    assert set(record.furniture) == set(record.lines) - {body.title, body.text}
    thread = site_forms.forum_thread(body, 1)
    assert thread.lines[:6] == ["某某社区 » 公考论坛 » 遴选选调", "只看楼主 倒序浏览", body.title, "发表于 2022-11-02 08:21:15", "楼主",
                                body.text]
    assert thread.lines[-1] == "返回列表 发新帖" and body.text not in thread.furniture
    qa = site_forms.qa_mobile(body, 0)
    assert "追问：这个是哪一年的文件？" in qa.furniture and qa.docs == [(body.title, body)]


# The portal and forum forms when written (furn10): furniture out of the documents 386/389 (main before: 353/389;
# left there: Q&A follow-ups and related questions, forum floors and controls; left now: a forum's short replies,
# sentences by their look), body lost 4/20317 (as before), every
# document whole and titled. After the review mends (mendfurn: 相关问题 goes alone again, its list of questions
# stays, since a report's 相关问题 heading lists real problems): 374/389, left the questions listed under 相关问题 and
# a forum's short replies. Floors, a little under.
FURNITURE_FORMS_REMOVED_FLOOR = 0.955
FURNITURE_FORMS_BODY_LOST_CEILING = 0.001


@pytest.mark.slow
def test_portal_and_forum_furniture_goes_on_the_forms(devset_dir):
    report = site_forms.evaluate_furniture_forms(devset_dir)
    overall = report["overall"]
    assert overall["furniture"]["removed_share"] >= FURNITURE_FORMS_REMOVED_FLOOR
    assert overall["body"]["lost_share"] <= FURNITURE_FORMS_BODY_LOST_CEILING
    assert overall["documents"]["whole"] == overall["documents"]["labelled"]
    assert sorted(report["by_kind"]) == sorted(site_forms.FURNITURE_FORMS)
