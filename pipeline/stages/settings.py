"""The stages' tunable numbers: one frozen dataclass per stage, bundled in ``Settings``.

The values ship in one data file, ``resources/settings.toml`` (one ``[table]`` per stage, every key with
a comment saying what it does and why it has its value); the dataclasses here name the keys and their
types and hold no values of their own, so a number is written in one place. A user's file overrides
only the keys it sets (``load_settings(path)``); an unknown table or key, a missing key in the packaged
file or a value of the wrong type is a ``SettingsError`` (R501) naming ``file:line`` and the key.

A stage reads its settings from its context (``ctx.settings.clean.long_line_chars``); the runner takes
a ``Settings`` (``runner.process_page(..., settings=...)``) and records its digest with every page
(``pages.versions["settings"]``), so a page made with other numbers is known as such.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import re
import tomllib
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from .. import errors, resources

SETTINGS_FILE = "settings.toml"


SettingsError = errors.SettingsError  # (R501) defined with the registry; callers catch it here too


def _at(source: str, line: int | None) -> str:
    """Where a settings error lies: ``file:line``, or ``file`` when the line is not known."""
    return f"{source}:{line}" if line else source


@dataclass(frozen=True)
class DecodeSettings:
    lossy_max_share: float
    lossy_max_count: int
    control_max_share: float
    utf16_min_plausible: float
    legacy_min_plausible: float


@dataclass(frozen=True)
class RepairSettings:
    pinyin_min_toned: int
    pdf_min_pages: int
    pdf_min_avg_chars: int


@dataclass(frozen=True)
class NormalizeSettings:
    taiwan_probe_chars: int
    hant_share: float
    hans_share: float
    taiwan_min_terms: int


@dataclass(frozen=True)
class CleanSettings:
    site_min_pages: int
    site_min_share: float
    site_max_line_chars: int
    site_max_sentence_chars: int
    site_max_sentence_end_chars: int
    related_max_chars: int
    long_line_chars: int
    sentence_like_chars: int
    guard_share: float
    strong_pattern_chars: int
    strong_score: float
    toc_entry_max_chars: int
    patterns: bool


@dataclass(frozen=True)
class RejoinSettings:
    min_chars: int
    menu_max_chars: int
    title_line_max_chars: int
    wrap_min_lines: int
    wrap_min_share: float
    wrap_min_width: int
    wrap_ragged_band: int
    wrap_ragged_min: int


@dataclass(frozen=True)
class SplitSettings:
    preamble_document_lines: int
    head_max_lines: int
    unpunctuated_run: int
    unpunctuated_min: int
    fit_lines: int
    fit_text_chars: int
    repeat_slack: int
    teaser_title_max: int
    blurb_max_chars: int
    menu_item_chars: int
    bare_marker_max: int
    toc_min_chapters: int
    toc_label_chars: int
    body_line_chars: int
    heading_scan_chars: int


@dataclass(frozen=True)
class TitleSettings:
    max_chars: int
    min_cjk: int
    typed_min_cjk: int
    breadcrumb_min_cjk: int
    fit_chars: int
    short_named_min: int
    glued_screen_chars: int
    dateline_screen_chars: int
    flattened_min: int
    document_min_chars: int
    document_max_chars: int
    heading_word_within: int
    rules: bool


@dataclass(frozen=True)
class ExtractSettings:
    broken_line_min: int
    head_paragraphs: int
    tail_paragraphs: int
    byline_head_chars: int
    org_extension_chars: int
    org_yield_chars: int
    procedure_min_headings: int
    unnumbered_step_chars: int
    term_end_chars: int
    post_words_near: int
    law_min_articles: int
    law_header_chars: int
    law_max_campaign_words: int
    title_head_chars: int
    title_line_chars: int
    written_learned_fields: bool


@dataclass(frozen=True)
class DateSettings:
    head_chars: int
    head_line_checks: int
    tail_lines: int
    line_chars: int


@dataclass(frozen=True)
class StructureSettings:
    heading_max_chars: int


@dataclass(frozen=True)
class ClassifySettings:
    genre_min_confidence: float
    topic_min_confidence: float
    top_features: int


@dataclass(frozen=True)
class Settings:
    """Every stage's settings, by stage name (``ctx.settings.clean``)."""

    decode: DecodeSettings
    repair: RepairSettings
    normalize: NormalizeSettings
    clean: CleanSettings
    rejoin: RejoinSettings
    split: SplitSettings
    structure: StructureSettings
    classify: ClassifySettings
    titles: TitleSettings  # read by the stages rejoin and split (titles.py, headings.py, boundaries.py)
    extract: ExtractSettings
    date: DateSettings  # read by the stages date (a page's stamp) and extract (a text's own date line)

    def digest(self) -> str:
        """A short digest of every value: what ``pages.versions["settings"]`` records."""
        return _digest(self)


@functools.lru_cache(maxsize=16)
def _digest(settings: Settings) -> str:
    """``Settings.digest``, once per settings (frozen, so hashable): every page records it, and making it
    (``asdict`` of every table, JSON, sha256) took 0.2 ms, 2% of the CPU a page costs."""
    text = json.dumps(asdict(settings), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


# The dataclass of each table of the settings file (a field of ``Settings`` each).
_CLASSES: dict[str, type] = {"decode": DecodeSettings, "repair": RepairSettings,
                             "normalize": NormalizeSettings, "clean": CleanSettings, "rejoin": RejoinSettings, "split": SplitSettings,
                             "date": DateSettings, "titles": TitleSettings,
                             "structure": StructureSettings, "classify": ClassifySettings, "extract": ExtractSettings}
_TYPES: dict[str, type] = {"int": int, "float": float, "bool": bool}


def _stage_types() -> dict[str, dict[str, type]]:
    """{table: {key: int, float or bool}} read from the dataclasses (their annotations are strings here)."""
    return {table: {f.name: _TYPES[str(f.type)] for f in fields(cls)} for table, cls in _CLASSES.items()}


# a key's line: bare or quoted, alone or dotted with its table (``key =``, ``"key" =``, ``table.key =``)
_KEY_LINE = re.compile(r"""^\s*(?:([A-Za-z0-9_]+)\.)?["']?([A-Za-z0-9_]+)["']?\s*=""")
_TOML_LINE = re.compile(r"at line (\d+)")
_TABLE_LINE = re.compile(r"^\s*\[([A-Za-z0-9_.]+)\]")


def _line_of(text: str, table: str, key: str | None) -> int | None:
    """The line of ``[table]`` (or of ``key`` within it) in a TOML text, for the error message."""
    current = None
    for number, line in enumerate(text.splitlines(), start=1):
        if match := _TABLE_LINE.match(line):
            current = match.group(1)
            if key is None and current == table:
                return number
        elif key is not None and (match := _KEY_LINE.match(line)) and match.group(2) == key \
                and (match.group(1) or current or "") == table:
            return number
    return None


def _parse(text: str, source: str) -> dict[str, dict[str, Any]]:
    """The tables of a settings text, each key checked against the dataclasses (known, of its type)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        at = _TOML_LINE.search(str(exc))  # Python 3.11's error has no line attribute: read from its text
        raise errors.R501.error("not_toml", at=_at(source, int(at.group(1)) if at else None), error=exc) from exc
    types = _stage_types()
    for table, values in data.items():
        if table not in types:
            raise errors.R501.error("unknown_table", at=_at(source, _line_of(text, table, None)), table=table,
                                    valid=", ".join(types))
        if not isinstance(values, dict):
            line = _line_of(text, table, None) or _line_of(text, "", table)
            raise errors.R501.error("not_a_table", at=_at(source, line), table=table, value=values)
        for key, value in values.items():
            if key not in types[table]:
                raise errors.R501.error("unknown_key", at=_at(source, _line_of(text, table, key)), table=table, key=key,
                                        valid=", ".join(types[table]))
            wanted = types[table][key]
            if wanted is bool:  # a switch: true or false, never 0 or 1
                if not isinstance(value, bool):
                    raise errors.R501.error("not_bool", at=_at(source, _line_of(text, table, key)), table=table, key=key,
                                            value=value)
                continue
            # TOML's 1 is an int: a float setting takes it; a bool (an int in Python) is no number
            if isinstance(value, bool) or not isinstance(value, (int, float)) or (wanted is int and isinstance(value, float)):
                raise errors.R501.error("not_integer" if wanted is int else "not_number",
                                        at=_at(source, _line_of(text, table, key)), table=table, key=key, value=value)
            if not math.isfinite(value) or value < 0:  # every setting is a count, a length, a share or a score
                raise errors.R501.error("out_of_range", at=_at(source, _line_of(text, table, key)), table=table, key=key,
                                        value=value)
    return data


def _build(data: dict[str, dict[str, Any]], source: str) -> Settings:
    types = _stage_types()
    stages = {}
    for table, cls in _CLASSES.items():
        values = data.get(table, {})
        missing = [key for key in types[table] if key not in values]
        if missing:
            raise errors.R501.error("missing_keys", at=source, table=table, keys=", ".join(missing))
        stages[table] = cls(**{key: types[table][key](values[key]) for key in types[table]})
    return Settings(**stages)


@functools.cache
def default_settings() -> Settings:
    """The packaged defaults (``resources/settings.toml``), read once."""
    return _build(_parse(resources.read_text(SETTINGS_FILE), SETTINGS_FILE), SETTINGS_FILE)


def load_settings(path: str | Path | None = None) -> Settings:
    """The packaged defaults, with the keys a user's TOML file at ``path`` sets replacing theirs."""
    if path is None:
        return default_settings()
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise errors.R501.error("unreadable", at=source, error=exc) from exc
    overrides = _parse(text, source)
    merged = {table: {**values, **overrides.get(table, {})} for table, values in asdict(default_settings()).items()}
    return _build(merged, source)
