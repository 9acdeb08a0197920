"""The code passes its own linters (ruff, and mypy over the package), so a type slip fails CI like a test."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("command", [["ruff", "check", "pipeline", "tests", "bench", "docs", "tools", "cli.py"], ["mypy", "pipeline"]])
def test_linter_passes(command):
    tool = shutil.which(command[0], path=str(Path(sys.executable).parent))
    if tool is None:
        pytest.skip(f"{command[0]} is not installed (pip install -e '.[dev]')")
    result = subprocess.run([tool, *command[1:]], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-1000:]


def test_only_the_tests_import_the_reference_implementations():
    """``jianghua._reference`` holds the plain twins of the kept fast paths, for the tests to compare
    against; the pipeline itself never runs them."""
    importers = [path.relative_to(ROOT).as_posix() for path in sorted((ROOT / "pipeline").rglob("*.py"))
                 if path.name != "_reference.py" and "_reference" in path.read_text(encoding="utf-8")]
    assert importers == []
