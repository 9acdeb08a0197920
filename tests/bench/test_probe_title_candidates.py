"""bench/probe_title_candidates.py: on the devset's dev split, the labelled title is among the chooser's
candidates of (nearly) every matched document; floors a little under the figures measured when written
(74 documents matched, 70 reachable, the rules' candidate right on 70)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import probe_title_candidates  # noqa: E402


def test_the_labelled_title_is_among_the_candidates_of_nearly_every_dev_document(devset_dir, capsys):
    assert probe_title_candidates.main(["--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["documents"] >= 72
    assert report["reachable"] >= 69
    assert report["rules_right"] >= 69
    assert report["reachable"] >= report["rules_right"]
