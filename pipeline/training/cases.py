"""The pages the shipped page models learn from, loaded once for both trainers: the devset's DEV split
(``../shared/devset``, pages whose number is not a multiple of 3; the test split is never read) and the
seeds (``../shared/seeds``), each with its bytes and its labelled documents.

``train_lines`` (the furniture line model) reads a devset page's labelled furniture lines and bodies
(``devset``), ``train_titles`` (the title chooser) its documents' first characters and titles
(``documents``; for a seed, its titles in ``tests/golden/seeds.json``). Each runs the pages through the
stages it learns from.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from .. import errors
from .devset import LabelledPage, load_devset

ROOT = Path(__file__).resolve().parents[2]  # the checkout, when run from one
GOLDEN_SEEDS = ROOT / "tests" / "golden" / "seeds.json"


@dataclass(frozen=True)
class TrainingPage:
    """A page to learn from: its bytes and name, and its labelled documents' (first characters, title)."""

    group: str  # the page (cross-validation folds never split one): a devset id, or seed:NAME
    path: str
    data: bytes
    documents: tuple[tuple[str, str], ...]
    devset: LabelledPage | None = None  # a devset page's labels; None for a seed

    @property
    def origin(self) -> str:
        return "seed" if self.devset is None else "devset"


def shared_dir() -> Path:
    """``../shared`` beside the checkout, or ``$JIANGHUA_SHARED``."""
    return Path(os.environ.get("JIANGHUA_SHARED", ROOT.parent / "shared"))


def devset_pages(root: Path, split_name: str = "dev") -> list[TrainingPage]:
    return [TrainingPage(p.id, str(p.path), p.path.read_bytes(), tuple((d.first, d.title) for d in p.documents), p)
            for p in load_devset(root, split_name)]


def seed_pages(seeds: Path, golden: Path = GOLDEN_SEEDS) -> list[TrainingPage]:
    """Every seed file, by name, with its golden documents' titles (none for a seed the golden file lacks)."""
    pages = json.loads(golden.read_text(encoding="utf-8"))["pages"] if golden.is_file() else {}
    return [TrainingPage(f"seed:{path.name}", str(path), path.read_bytes(),
                         tuple((d["starts"], d["title"]) for d in pages.get(path.name, {}).get("documents", ())))
            for path in sorted(p for p in seeds.iterdir() if p.is_file())]


def training_pages(model: str, shared: Path | None = None) -> list[TrainingPage]:
    """The dev pages and the seeds under ``shared`` (default ``shared_dir()``); M703 naming ``model`` when
    either folder is missing."""
    shared = shared or shared_dir()
    devset, seeds = shared / "devset", shared / "seeds"
    if not devset.is_dir() or not seeds.is_dir():
        raise errors.M703.error("no_shared", model=model, path=shared)
    return devset_pages(devset) + seed_pages(seeds)
