"""Every command example in README.md and the hand-written pages of docs/ runs against the demo corpus
(the sample corpus and the seeds), as sqlite-utils checks its docs: the examples are read from the
pages themselves (lines of ```sh and ```console blocks that run ``jianghua``, and the example column
of a command table), so an example can never fail again unnoticed. (docs/cli.md and docs/errors.md
are generated from the code; tests/test_docs.py checks they are current.)

An example that names a machine that is not there (``tcp://HOST``, an absolute path such as
``/shared/scrape``) is reported as skipped with its reason; ``page.txt`` is a page of the sample
corpus; ``jianghua serve`` is started on a free port and asked for its overview.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from jianghua.interfaces.cli import app
from typer.testing import CliRunner

from tests.conftest import ROOT

README = ROOT / "README.md"
GENERATED = ("cli.md", "errors.md")
PAGES = [README, *sorted(p for p in (ROOT / "docs").glob("*.md") if p.name not in GENERATED)]
# examples README holds that cannot run, with why; each must still be in README and still fail (with
# this code), so the entry goes when README is corrected
KNOWN_BROKEN: dict[str, tuple[str, str]] = {}  # example -> (error code it fails with, why): none now
PLACEHOLDER = re.compile(r"tcp://HOST|(?:^|\s)/(?!tmp/)[\w.-]+/")  # another machine, or a path outside the checkout
DATABASES = ("corpus.db", "demo.db", "seeds.db", "jianghua.db")


def readme_examples(text: str) -> list[str]:
    """The jianghua commands of README's shell blocks and of its command table's example column."""
    examples: list[str] = []
    in_shell = False
    for line in text.splitlines():
        fence = line.strip()
        if fence.startswith("```"):
            in_shell = not in_shell and fence[3:].strip() in ("sh", "console", "bash", "shell")
            continue
        if in_shell:
            command = re.sub(r"^\$\s+", "", fence)
            if re.match(r"(?:[^|#]*\|\s*)?jianghua\s", command):
                examples.append(command)
        elif line.startswith("|") and "`" in line:
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip().strip("|"))]
            for snippet in re.findall(r"`([^`]+)`", cells[-1]):
                snippet = snippet.replace("\\|", "|")
                if re.match(r"(?:[^|]*\|\s*)?jianghua\s", snippet):
                    examples.append(snippet)
    return examples


EXAMPLES = list(dict.fromkeys(example for page in PAGES for example in readme_examples(page.read_text(encoding="utf-8"))))


def test_readme_has_examples_and_the_known_broken_ones_are_still_there():
    assert len(readme_examples(README.read_text(encoding="utf-8"))) >= 10
    assert len(EXAMPLES) >= 25
    assert set(KNOWN_BROKEN) <= set(EXAMPLES), "a known-broken example left README: remove it from KNOWN_BROKEN"


@pytest.fixture(scope="module")
def workdir(demo_db, seeds_dir, tmp_path_factory):
    """A folder laid out like a checkout beside ../shared: corpora/ and tests/ of this checkout, the
    shared fixtures one level up, the demo corpus under every database name the examples use, and a
    page to pipe into ``normalize``."""
    base = tmp_path_factory.mktemp("readme")
    work = base / "checkout"
    work.mkdir()
    (base / "shared").symlink_to(seeds_dir.parent, target_is_directory=True)
    for name in ("corpora", "tests", "pipeline"):
        (work / name).symlink_to(ROOT / name, target_is_directory=True)
    for name in DATABASES:
        shutil.copy(demo_db, work / name)
    shutil.copy(ROOT / "corpora" / "sample" / "fanwen-hans" / "001-zhongceng-jingzheng-shanggang-dongyuan-jingxuan.txt",
                work / "page.txt")
    return work


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(args: list[str], cwd: Path) -> None:
    port = _free_port()
    if "--port" in args:
        at = args.index("--port")
        args = args[:at] + args[at + 2:]
    jianghua = str(Path(sys.executable).parent / "jianghua")
    proc = subprocess.Popen([jianghua, *args, "--port", str(port)], cwd=cwd, stderr=subprocess.PIPE,
                            env={k: v for k, v in os.environ.items() if k != "JIANGHUA_DB"})
    try:
        for _ in range(150):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1) as response:
                    assert response.status == 200
                    return
            except OSError:
                if proc.poll() is not None:
                    raise AssertionError(f"serve stopped: {proc.stderr.read().decode() if proc.stderr else ''}") from None
                time.sleep(0.1)
        raise AssertionError("serve did not answer in 15 s")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.parametrize("example", EXAMPLES)
def test_readme_example_runs(example, workdir, monkeypatch):
    if PLACEHOLDER.search(example):
        pytest.skip(f"names a machine or folder that is not here: {example}")
    monkeypatch.chdir(workdir)
    monkeypatch.delenv("JIANGHUA_DB", raising=False)
    stdin = None
    if "|" in example:  # cat FILE | jianghua ...
        source, example_command = (part.strip() for part in example.split("|", 1))
        feeder = shlex.split(source)
        assert feeder[0] == "cat" and len(feeder) == 2, f"only 'cat FILE | jianghua ...' is understood: {example}"
        stdin = (workdir / feeder[1]).read_bytes()
    else:
        example_command = example
    words = shlex.split(example_command, comments=True)
    output_file = None
    if ">" in words:
        output_file = workdir / words[words.index(">") + 1]
        words = words[:words.index(">")]
    assert words[0] == "jianghua"
    args = words[1:]
    if args[0] == "serve":
        _serve(args, workdir)
        return
    result = CliRunner().invoke(app, args, input=stdin, catch_exceptions=False)
    if example in KNOWN_BROKEN:
        code, why = KNOWN_BROKEN[example]
        assert result.exit_code == 2 and f"[{code}]" in result.output, f"fixed? then remove it from KNOWN_BROKEN ({why})"
        return
    assert result.exit_code == 0, f"{example}\n{result.output[-2000:]}"
    if output_file is not None:
        output_file.write_text(result.stdout, encoding="utf-8")
        assert output_file.stat().st_size > 0
