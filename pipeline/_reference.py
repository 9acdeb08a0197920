"""Plain reference implementations of the fast paths the pipeline keeps, for the tests only.

Each fast path below was kept because ``bench/`` shows it buys at least a tenth of its stage's time
(measured in CPU seconds on 5 MB of the bench corpus, 2026-12-07); the tests compare it with the plain
form here, the one a reader should understand first. Nothing in the pipeline imports this module.

- ``first_row_code``: clean's pattern tables tried row by row, as ``clean.first_row_code`` does after
  the table's screen (``screens.table_screen``; the screens make the clean stage 2.2 -> 0.8 s);
- ``script_counts``: the traditional/simplified counts as two regex passes, as
  ``normalize._script_counts`` does below ``_NUMPY_MIN_CHARS`` (numpy above: normalize 12% faster);
- ``detect_scripts``: each line's script one line at a time, as ``normalize.detect_scripts`` gives
  them from one numpy count over the joined lines (pass 1 of ingest: 0.27 -> 0.10 CPU s on 20 MB of
  the bench corpus, 11% of the learn stage);
- ``control_share``: the control bytes of a file's first 64 KiB counted byte by byte
  (``decode._control_share`` counts them with one ``bytes.translate``).
"""

from __future__ import annotations

import re


def first_row_code(rows: tuple[tuple[str, re.Pattern[str], str], ...], text: str) -> str | None:
    """The code of the first row of a pattern table that finds something in ``text``."""
    return next((code for code, pattern, _description in rows if pattern.search(text)), None)


def script_counts(text: str) -> tuple[int, int, bool]:
    """(traditional-only characters, simplified-only characters, whether any CJK character) of ``text``."""
    from .stages.normalize import _CJK_CHAR, _script_patterns

    trad_pattern, simp_pattern, _ = _script_patterns()
    trad, simp = len(trad_pattern.findall(text)), len(simp_pattern.findall(text))
    return trad, simp, trad + simp > 0 or _CJK_CHAR.search(text) is not None


def control_share(data: bytes) -> float:
    """The share of control bytes (not tab, newline, form feed or carriage return) in the first 64 KiB."""
    sample = data[:65536]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls / max(1, len(sample))


def detect_scripts(lines: list[str]) -> list[str]:
    """The script of each line (``normalize.detect_script``), one line at a time."""
    from .stages.normalize import detect_script

    return [detect_script(line) for line in lines]
