"""Probe: a corpus with 8 KB zeroed at every 8 KB of the file, and what each command answers.

Usage:  .venv/bin/python bench/probe_damage.py --db corpus.db [--step 8192]

For every offset (a copy of the database with 8 KB of zeros written there), ``verify`` and seven
query commands run in-process; each answer is classed as the intact corpus's answer, a coded error
(D430 damaged, D402 no longer an SQLite database), a different answer with exit 0 (a silent failure),
or a traceback. The tally is printed as JSON; the last two must be zero. A 1.8 MB corpus (the seeds
and corpora/sample) takes about five minutes on one core.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from collections import Counter
from pathlib import Path

from jianghua.corpus.store import Corpus
from jianghua.interfaces.cli import app
from typer.testing import CliRunner


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--step", type=int, default=8192)
    args = parser.parse_args()
    source = Path(args.db)
    runner = CliRunner()
    with Corpus(source, readonly=True) as corpus:
        doc = corpus.db.execute("SELECT uid FROM documents ORDER BY id LIMIT 1").fetchone()[0]
    commands = [["stats", "--json"], ["search", "干部", "--json", "--limit", "1000"], ["kwic", "竞争", "--json", "--limit", "0"],
                ["export", "documents"], ["export", "paragraphs"], ["passages", "--json"], ["show", doc, "--json"]]

    def run(command: list[str], db: Path) -> tuple[int, str, bool]:
        result = runner.invoke(app, [*command, "--db", str(db)])
        traceback = result.exception is not None and not isinstance(result.exception, SystemExit)
        return result.exit_code, result.output.replace(str(db), "DB"), traceback

    intact = {tuple(c): run(c, source)[1] for c in commands}
    verify: Counter[str] = Counter()
    answers: Counter[str] = Counter()
    silent: list[tuple[int, str]] = []
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "damaged.db"
        for offset in range(0, source.stat().st_size, args.step):
            shutil.copy(source, copy)
            with copy.open("r+b") as handle:
                handle.seek(offset)
                handle.write(bytes(8192))
            code, _out, traceback = run(["verify"], copy)
            verify["traceback" if traceback else "failed (exit 1)" if code == 1 else f"exit {code}"] += 1
            for command in commands:
                code, out, traceback = run(command, copy)
                if traceback:
                    answers["traceback"] += 1
                elif code == 0:
                    same = out == intact[tuple(command)]
                    answers["intact answer" if same else "different answer, exit 0"] += 1
                    if not same:
                        silent.append((offset, " ".join(command[:2])))
                else:
                    answers[next((c for c in ("D430", "D402") if f"[{c}]" in out), f"exit {code}")] += 1
    print(json.dumps({"database": str(source), "bytes": source.stat().st_size, "step": args.step,
                      "offsets": -(-source.stat().st_size // args.step), "verify": dict(verify), "answers": dict(answers),
                      "silent": silent}, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
