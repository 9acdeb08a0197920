"""tools/retest.py, the rule that puts each test file in the folder mirroring what it tests: every test
file is where the rule puts it (a file added to the flat folder fails here until the script moves it),
and the rule's cases."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def retest():
    spec = importlib.util.spec_from_file_location("retest", ROOT / "tools" / "retest.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["retest"] = module
    spec.loader.exec_module(module)
    yield module
    del sys.modules["retest"]


def test_every_test_file_is_where_the_rule_puts_it(retest):
    known = retest.modules()
    files = sorted((ROOT / "tests").rglob("test_*.py"))
    misplaced = []
    for path in files:
        folder, why = retest.place(path.stem.removeprefix("test_"), known)
        here = path.parent.relative_to(ROOT / "tests").as_posix()
        if folder != ("" if here == "." else here):
            misplaced.append(f"{path.relative_to(ROOT)}: {folder} ({why})")
    assert len(files) > 60 and not misplaced, "run python tools/retest.py:\n" + "\n".join(misplaced)
    assert all((folder / "__init__.py").is_file() for folder in {p.parent for p in files})


@pytest.mark.parametrize(("name", "expected"), [
    ("split", "stages"), ("extract_meta", "stages/extract"), ("extract_dates", "stages/extract"), ("dates", "stages"),
    ("extract_golden", "stages/extract"), ("reuse_listing", "reuse"), ("web_hostile", "interfaces/web"),
    ("cli_hostile", "interfaces"), ("store", "corpus"), ("validate", ""), ("house", ""), ("hostile", "engines"),
    ("title_chooser", "stages"), ("cases", "training"), ("nothing_by_this_name", None),
])
def test_the_rule_places_a_test_by_the_module_it_names(retest, name, expected):
    assert retest.place(name, retest.modules())[0] == expected


def test_two_modules_at_one_depth_are_reported_not_guessed(retest):
    folder, why = retest.place("dates", {"stages.dates", "query.dates"})
    assert folder is None and why == "ambiguous: query.dates, stages.dates"


def test_a_moved_file_reaches_the_same_places(retest):
    text = ("from .conftest import GOLDEN\nROOT = Path(__file__).resolve().parent.parent\n"
            "DOC = Path(__file__).resolve().parents[1] / 'docs'\nHERE = Path(__file__).parent\n")
    assert retest.rewrite_moved(text, 2) == (
        "from ...conftest import GOLDEN\nROOT = Path(__file__).resolve().parents[3]\n"
        "DOC = Path(__file__).resolve().parents[3] / 'docs'\nHERE = Path(__file__).resolve().parents[2]\n")
