"""The reference pages generated from the code (docs/cli.md, docs/errors.md) are current, every
command and every registered code is in them, and README stays a short front page."""

from __future__ import annotations

import importlib.util
import re

import typer
from jianghua import errors
from jianghua.interfaces.cli import app

from tests.conftest import ROOT


def _generator():
    spec = importlib.util.spec_from_file_location("docs_generate", ROOT / "docs" / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_pages_are_current():
    generate = _generator()
    for name, make in generate.PAGES.items():
        assert (ROOT / "docs" / name).read_text(encoding="utf-8") == make(), f"run python docs/generate.py ({name})"


def test_every_command_and_code_is_documented():
    cli = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    root = typer.main.get_command(app)
    for name, command in root.commands.items():
        for sub in getattr(command, "commands", {None: None}):
            assert f"## jianghua {name}{' ' + sub if sub else ''}\n" in cli
    codes = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    for code in [*errors.ALL_CODES, *errors.COMMAND_CODES]:
        assert f"| {code} |" in codes


def test_every_command_help_has_an_example():
    root = typer.main.get_command(app)
    missing = []
    for name, command in root.commands.items():
        for sub_name, sub in (getattr(command, "commands", None) or {name: command}).items():
            if not re.search(r"^Example:\s*\S", sub.help or "", re.M):
                missing.append(sub_name)
    assert missing == []


def test_readme_is_a_front_page_linking_every_doc():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.encode("utf-8")) <= 12 * 1024
    for page in (ROOT / "docs").glob("*.md"):
        assert f"docs/{page.name}" in readme, page.name
