"""Write the reference pages made from the code: ``docs/cli.md`` (every command, its help and options,
from the typer application) and ``docs/errors.md`` (every code of ``jianghua.errors``).

    python docs/generate.py          # rewrite both pages
    python docs/generate.py --check  # exit 1 naming the pages that are not what the code makes (CI)

``tests/test_docs.py`` runs the check, so a command or an error code cannot change without its page.
(typer's own ``typer jianghua.interfaces.cli utils docs`` was tried: it printed 14 of the 34 commands -- not the
research commands registered by ``cli_research`` nor the export/evaluate subcommands -- and left rich
markup as HTML; it has no error reference.)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import typer
from jianghua import errors
from jianghua.interfaces.cli import app

DOCS = Path(__file__).resolve().parent
HEADER = "<!-- written by docs/generate.py from the code: edit the code, then run `python docs/generate.py` -->\n\n"
_EXAMPLE = re.compile(r"^Example:\s*(jianghua .+)$", re.M)
_MARKUP = re.compile(r"\[/?(?:bold|dim|red|green|italic|strike|red strike)\]")


def _plain(text: str) -> str:
    """Help text without rich markup, with the blank-line paragraphs typer's help shows."""
    return _MARKUP.sub("", text or "").strip()


def _cell(text: str) -> str:
    return " ".join(_plain(text).split()).replace("|", "\\|")


def _option(param: Any) -> tuple[str, str, str]:
    """One row of a command's options table: its names, its default, its help."""
    if param.param_type_name == "argument":
        return f"`{param.name.upper()}`", "argument" + ("" if param.required else ", optional"), _cell(param.help or "")
    names = ", ".join(f"`{n}`" for n in (*param.opts, *param.secondary_opts))
    if param.is_flag:
        default = "flag"
    elif param.default in (None, "") or callable(param.default):
        default = ""
    else:
        default = f"default `{param.default}`"
    return names, default, _cell(param.help or "")


def _commands(group: Any, prefix: str = "jianghua") -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    for name in sorted(group.commands):
        command = group.commands[name]
        if getattr(command, "hidden", False):
            continue
        if hasattr(command, "commands"):  # a group of subcommands (evaluate)
            found.extend(_commands(command, f"{prefix} {name}"))
        else:
            found.append((f"{prefix} {name}", command))
    return found


def cli_page() -> str:
    commands = _commands(typer.main.get_command(app))
    out = [HEADER, "# Command reference\n\n",
           "Every command has `--help` (the same text as here) with an example. Commands that read or write a corpus take\n"
           "`--db FILE` (default `./jianghua.db`, or `$JIANGHUA_DB`). Exit statuses: 0 success, 1 partial (some files not\n"
           "ingested, a check failed), 2 usage, 3 data, 4 internal (each error code's status is in [errors.md](errors.md));\n"
           "130 interrupted.\n\n"]
    out.append("| command | what it does |\n|---|---|\n")
    for name, command in commands:
        first = _plain(command.help or "").split("\n\n")[0]
        anchor = name.replace(" ", "-")
        out.append(f"| [`{name}`](#{anchor}) | {_cell(first)} |\n")
    for name, command in commands:
        out.append(f"\n## {name}\n\n")
        out.append(_EXAMPLE.sub(lambda m: f"Example:\n\n```sh\n{m.group(1).strip()}\n```", _plain(command.help or "")) + "\n\n")
        rows = [_option(p) for p in command.params if p.name != "help"]
        if rows:
            out.append("| option | value | what |\n|---|---|---|\n")
            out.extend(f"| {a} | {b} | {c} |\n" for a, b, c in rows)
    return "".join(out)


def errors_page() -> str:
    out = [HEADER, "# Error and ledger codes\n\n",
           "Codes never change meaning; a new situation gets a new code. Every message starts with its code in brackets\n"
           "(`[D401] ...`) and names the file or the option concerned.\n\n",
           "## Exit statuses\n\n",
           "A command that stops on a coded error exits with that code's status (the `exit` column below):\n\n",
           "| status | name | meaning |\n|---|---|---|\n",
           *[f"| {s.value} | {s.name.lower()} | {_cell(EXIT_MEANINGS[s])} |\n" for s in errors.Exit],
           "| 130 | interrupted | Ctrl-C: what was committed stays, the same command goes on from there |\n\n",
           "## Ledger codes: what happened to each input file\n\n",
           "Every input file has one current row in the ledger (`jianghua stats --ledger`) with one of these. An ingest\n"
           "run exits 0 when every file is ingested or a duplicate, 1 when some are quarantined or in error, 3 when none\n"
           "is in; `normalize FILE` and `classify FILE` stop on a page ingest would quarantine with its code and status.\n\n",
           "| code | status | name | meaning | exit |\n|---|---|---|---|---|\n"]
    for code in sorted(errors.ALL_CODES):
        c = errors.ALL_CODES[code]
        out.append(f"| {c.code} | {c.status.value} | {c.slug} | {_cell(c.text)} | {errors.exit_status(code).value} |\n")
    out.append("\n## Command codes: why a command stopped or refused\n\n"
               "Each code's messages, one per situation it covers: `{name}` stands for a value the message names (a\n"
               "path, an argument, a limit); a situation marked *command line* is worded by the command line itself.\n\n"
               "| code | meaning | messages | exit |\n|---|---|---|---|\n")
    for code in sorted(errors.MESSAGES):
        message = errors.MESSAGES[code]
        shown = "<br>".join(_cell(_template(situation, template)) for situation, template in message.templates.items())
        out.append(f"| {code} | {_cell(message.meaning)} | {shown} | {errors.exit_status(code).value} |\n")
    return "".join(out)


def _template(situation: str, template: str) -> str:
    """One message template as docs/errors.md shows it: in code type, with the command line's own marked."""
    shown = f"`{template.replace('`', chr(39))}`"
    return f"{shown} (*command line*)" if situation.startswith("cli_") else shown


EXIT_MEANINGS = {
    errors.Exit.OK: "done; every input accounted for",
    errors.Exit.PARTIAL: "done, but not for everything: some files not ingested, a check of `verify` failed",
    errors.Exit.USAGE: "a bad command line: an unknown option value, a number out of range, a malformed query; fix the"
                       " command",
    errors.Exit.DATA: "an input file, the corpus database, an output path, a model or a data file cannot be used as it"
                      " is; fix the file",
    errors.Exit.INTERNAL: "a failure of jianghua or of its environment (an internal error, worker processes that cannot"
                          " start): report it",
}


PAGES = {"cli.md": cli_page, "errors.md": errors_page}


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for name, make in PAGES.items():
        path = DOCS / name
        text = make()
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
    if stale:
        print(f"docs out of date: {', '.join(stale)}: run `python docs/generate.py`", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
