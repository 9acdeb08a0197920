"""bench/probe_furniture.py: its strings parse into two disjoint halves, a probe page holds its
furniture around the body in page order with the body's ends as the document's anchors, the same seed
gives the same page, and the scorer counts every probe furniture line once."""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import probe_furniture  # noqa: E402

# a made-up text (not a devset body): three paragraphs ending sentences
BODY = ("同志们：今天我们召开全镇河道清理动员会，部署今冬明春的河道整治任务。\n"
        "一要明确责任，每条河道由一名班子成员包干，月底前完成淤泥清运。\n"
        "二要严格督查，镇纪委每周通报进度，对拖延的村组约谈负责人。")
TITLE = "在全镇河道清理动员会上的讲话"


def test_templates_come_in_two_disjoint_halves():
    pool = probe_furniture.templates()
    # (a copy of the page's own title is the same template in both halves)
    halves = {half: {t.text for t in pool if t.half == half and t.text != "{title}"} for half in probe_furniture.HALVES}
    assert set(t.half for t in pool) == {"tune", "hold"}
    assert set(t.where for t in pool) == {"head", "top", "mid", "tail"}
    assert halves["tune"].isdisjoint(halves["hold"])
    # every category the held-out half measures is one the tune half has too
    assert {t.category for t in pool if t.half == "hold"} == {t.category for t in pool if t.half == "tune"}


def test_a_probe_page_holds_its_furniture_around_the_body_in_order():
    pool = probe_furniture.templates()
    page = probe_furniture.build_page("probe-x", "tune", TITLE, BODY, random.Random("x"), pool)
    raw_lines = page.raw.rstrip("\n").split("\n")
    body_lines = BODY.split("\n")
    # the body's paragraphs stay in order (a mid-page line may stand between two of them)
    positions = [raw_lines.index(line) for line in body_lines]
    assert positions == sorted(positions)
    assert raw_lines.index(TITLE) < positions[0]
    # the furniture lines are the page's other lines, in page order
    # (a copy of the title, category titlecopy, is left out with the title itself)
    others = [line for line in raw_lines if line not in body_lines and line != TITLE]
    assert others == [line for line, category in page.furniture if line != TITLE]
    assert len(page.furniture) >= 4  # at least two above the title and two below the text
    assert page.doc.first == BODY[:12] and page.doc.last == BODY[-12:]
    assert page.doc.title == TITLE
    assert all(category in {t.category for t in pool} for _line, category in page.furniture)


def test_the_same_seed_gives_the_same_page_and_the_halves_differ():
    pool = probe_furniture.templates()
    one = probe_furniture.build_page("p", "hold", TITLE, BODY, random.Random("s"), pool)
    again = probe_furniture.build_page("p", "hold", TITLE, BODY, random.Random("s"), pool)
    other = probe_furniture.build_page("p", "tune", TITLE, BODY, random.Random("s"), pool)
    assert one.raw == again.raw
    hold_texts = {t.text for t in pool if t.half == "hold"}
    assert all(any(_matches(line, text) for text in hold_texts) for line, _category in one.furniture)
    assert not any(line for line, category in other.furniture
                   if line in {x for x, _c in one.furniture} and category != "titlecopy")


def _matches(line: str, template: str) -> bool:
    """Whether ``line`` is ``template`` filled in: its fixed pieces appear in order."""
    import re

    pieces = re.split(r"\{\w+\}", template)
    pattern = ".*".join(re.escape(piece) for piece in pieces)
    return re.fullmatch(pattern, line, flags=re.S) is not None


def test_score_counts_every_probe_furniture_line_once():
    pool = probe_furniture.templates()
    pages = [probe_furniture.build_page(f"p{k}", "tune", TITLE, BODY, random.Random(k), pool) for k in range(3)]
    report = probe_furniture.score(pages)["tune"]
    assert report["pages"] == 3
    assert report["furniture"] == sum(len(p.furniture) for p in pages)
    assert report["removed"] + len(report["left"]) == report["furniture"]
    assert sum(total for _removed, total in report["by_category"].values()) == report["furniture"]
    from jianghua.training.devset import fold

    assert report["body_chars"] == 3 * sum(len(fold(line)) for line in BODY.split("\n"))


def test_a_table_of_contents_lists_the_texts_own_headings():
    body = "\n".join(["一、总体要求", "坚持公开、平等、竞争、择优。", "二、竞聘职位", "拿出科长岗位三个。", "三、报名条件",
                      "在现岗位工作满两年。"])
    pool = probe_furniture.templates()
    pages = [probe_furniture.build_page("p", "tune", TITLE, body, random.Random(k), pool) for k in range(12)]
    tocs = [[line for line, category in page.furniture if category == "toc"] for page in pages]
    assert ["一、总体要求", "二、竞聘职位", "三、报名条件"] in tocs  # on some pages (half, seeded)
    assert [] in tocs
    assert all(toc in ([], ["一、总体要求", "二、竞聘职位", "三、报名条件"]) for toc in tocs)


def test_probe_pages_read_the_dev_split_only(devset_dir):
    pages = probe_furniture.probe_pages(devset_dir, ("hold",))
    assert pages and all(p.half == "hold" for p in pages)
    numbers = {int(p.id.split("-")[2]) for p in pages}
    assert all(number % 3 for number in numbers)  # a test-split page's number is a multiple of 3
