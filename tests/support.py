"""Helpers several test modules share (fixtures stay in conftest.py): a seed corpus with its reuse
index in a file of its own, and the web workbench served on a free port."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

JIANGHUA = str(Path(sys.executable).parent / "jianghua")


def _screens_off() -> bool:
    from jianghua.stages import screens

    return screens.switched_off()


# A test of the screens themselves (stages/screens.py): with JIANGHUA_NO_SHORTCUTS=1 there are none to test,
# while every test of what the stages give runs both ways.
needs_screens = pytest.mark.skipif(_screens_off(), reason="JIANGHUA_NO_SHORTCUTS=1 turns the screens off: nothing of theirs to test")


def build_seed_corpus(seeds_dir: Path, path: Path) -> Path:
    """The seeds ingested into a new corpus at ``path`` with its reuse index, closed."""
    from jianghua.corpus.store import Corpus
    from jianghua.engines.ingest import ingest_paths
    from jianghua.reuse import build_reuse

    with Corpus(path) as corpus:
        ingest_paths(corpus, [seeds_dir])
        build_reuse(corpus)
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def served(db: str, ready: str = "/") -> Iterator[int]:
    """``jianghua serve --db DB`` on a free port, yielded once ``ready`` answers; stopped after."""
    port = free_port()
    proc = subprocess.Popen([JIANGHUA, "serve", "--db", db, "--port", str(port)], stderr=subprocess.PIPE)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{ready}", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    try:
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=10)
