"""The seed pages against the golden annotation in tests/golden/seeds.json: document boundaries,
titles, completeness, furniture gone, repairs and normalization done, nothing lost."""

from __future__ import annotations

import difflib
import re

import pytest
from jianghua.stages.normalize import normalize


def _pages(golden):
    return list(golden["pages"].items())


@pytest.mark.parametrize("name", ["000_86ae1a88adefc9d4.txt", "001_a2fa1aa70ce06186.txt", "002_6a5141f7eed00459.txt",
                                  "003_da667016ec724c29.txt", "004_918b39668ea2ac01.txt"])
def test_documents_match_golden(name, golden, seed_pages):
    spec = golden["pages"][name]
    page = seed_pages[name]
    assert page.script == spec["script"]
    assert page.title == spec["page_title"]
    got = [(d.ordinal, d.title, d.complete) for d in page.documents]
    want = [(d["ordinal"], d["title"], d["complete"]) for d in spec["documents"]]
    assert got == want
    for doc, expected in zip(page.documents, spec["documents"], strict=True):
        assert doc.text.startswith(expected["starts"]), (doc.ordinal, doc.text[:60])
        assert doc.text.endswith(expected["ends"]), (doc.ordinal, doc.text[-60:])


def test_no_furniture_left(golden, seed_pages):
    for name, spec in _pages(golden):
        text = "\n".join(d.text + "\n" + d.original for d in seed_pages[name].documents)
        for furniture in spec["furniture"]:
            assert furniture not in text, (name, furniture)


def test_repairs_and_normalization(golden, seed_pages):
    for name, spec in _pages(golden):
        docs = seed_pages[name].documents
        for ordinal, snippet in spec["contains"]:
            assert snippet in docs[ordinal - 1].text, (name, ordinal, snippet)
        for ordinal, snippet in spec["absent"]:
            assert snippet not in docs[ordinal - 1].text, (name, ordinal, snippet)


def test_removed_text_is_kept_with_reasons(seed_pages):
    page = seed_pages["001_a2fa1aa70ce06186.txt"]
    reasons = {r.code for r in page.removed}
    assert {"site_nav", "metadata", "toc", "ad", "pagination", "related_list", "title_repeat"} <= reasons
    ad = [r for r in page.removed if r.code == "ad"]
    assert ad[0].text == "(更多內容請訪問首頁:)"  # the original script, as it stood in the page


_FRAGMENT = re.compile(r"[^。！？；\n]+")


def test_no_sentence_lost(seeds_dir, golden, seed_pages):
    """Every sentence fragment of every raw line is in a document or in the removed text."""
    from jianghua.stages.repair import repair

    for name in golden["pages"]:
        page = seed_pages[name]
        documents = "".join(d.title + d.text.replace("\n", "") for d in page.documents)
        removed = [normalize(r.text, script=page.script, taiwan=page.taiwan).text for r in page.removed]
        removed_text = "\n".join(removed)
        raw = repair((seeds_dir / name).read_text(encoding="utf-8")).text
        lost = []
        for line in raw.split("\n"):
            canon = normalize(line.strip(), script=page.script, taiwan=page.taiwan).text
            if canon in removed:
                continue
            for piece in removed:
                if len(piece) >= 4:
                    canon = canon.replace(piece, "")
            for fragment in _FRAGMENT.findall(canon):
                fragment = fragment.strip()
                if len(fragment) < 6:
                    continue
                if fragment not in documents and fragment not in removed_text:
                    lost.append(fragment)
        assert not lost, (name, lost[:5])


def test_cross_script_duplicates_normalize_alike(golden, seed_pages):
    """The same speech in two scripts: low overlap as scraped, nearly identical once canonical."""
    ratios = []
    for pair in golden["cross_script_duplicates"]:
        a = seed_pages[pair["a"][0]].documents[pair["a"][1] - 1]
        b = seed_pages[pair["b"][0]].documents[pair["b"][1] - 1]
        before = difflib.SequenceMatcher(None, a.original, b.original, autojunk=False).ratio()
        after = difflib.SequenceMatcher(None, a.text, b.text, autojunk=False).ratio()
        assert before < 0.8, (pair, before)
        assert after >= 0.95, (pair, after)
        ratios.append(after)
    assert sum(ratios) / len(ratios) >= golden["overlap_floor_canonical"]


def test_offsets_map_canonical_spans_to_original(seed_pages):
    """Any sentence span in the canonical text maps to the same sentence in the original script."""
    for page in seed_pages.values():
        for doc in page.documents:
            for paragraph in doc.paragraphs:
                o_start, o_end = doc.original_span(paragraph.start, paragraph.end)
                original = doc.original[o_start:o_end]
                assert normalize(original, script=page.script, taiwan=page.taiwan).text == doc.text[paragraph.start:paragraph.end]


def test_heading_tree_of_the_mobilization_speech(seed_pages):
    doc = seed_pages["000_86ae1a88adefc9d4.txt"].documents[0]
    top = [s for s in doc.sections if s.level == 1]
    assert [s.heading for s in top[:2]] == ["一、这次竞争上岗工作的有关内容", "二、统一思想，充分认识这次竞争上岗工作的重要意义"]
    sub = [s.heading for s in doc.sections if s.parent == doc.sections.index(top[0]) and s.level == 2]
    assert sub == ["（一）竞聘职位", "（二）资格条件", "（三）时间安排及方法程序"]
    schedule = [s.heading for s in doc.sections if s.level == 3 and s.marker.startswith(("1", "2", "3"))][:10]
    assert "1、报名（6月12日至6月14日）。" in schedule
