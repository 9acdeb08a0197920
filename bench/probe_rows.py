"""The probes' row files (bench/probe/*.tsv): tab-separated rows, ``#`` comments and blank lines skipped,
each row's half checked. One reader for every probe; a malformed row stops with its file and line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path


def probe_rows(path: Path, columns: int, half_column: int, halves: tuple[str, ...]) -> Iterator[list[str]]:
    """Each row of ``path`` as its ``columns`` fields; ``SystemExit`` naming ``path:line`` and the reason
    when a row has another number of fields or a half not in ``halves``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != columns:
            raise SystemExit(f"{path}:{number}: {len(fields)} tab-separated fields, {columns} expected")
        if fields[half_column] not in halves:
            raise SystemExit(f"{path}:{number}: half {fields[half_column]!r} is none of {', '.join(halves)}")
        yield fields
