"""Which files the commands open: only jianghua corpora (D402 otherwise, the file left as it was), ingest
may make a corpus where there is nothing yet; verify is read-only (on a read-only file and folder too) and
reports damage as a failed check; a damaged corpus makes a query fail with D430, never a traceback or a
different answer with exit 0. Every hostile file is made at test time."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from jianghua.corpus.store import Corpus, verify_file
from jianghua.errors import JianghuaError
from jianghua.interfaces.cli import app
from typer.testing import CliRunner

from tests.support import build_seed_corpus

runner = CliRunner()
JIANGHUA = str(Path(sys.executable).parent / "jianghua")


@pytest.fixture(scope="module")
def corpus_file(seeds_dir, tmp_path_factory) -> Path:
    """A closed seed corpus with its reuse index (one file: the write-ahead log is checkpointed at close)."""
    path = build_seed_corpus(seeds_dir, tmp_path_factory.mktemp("corpus") / "seeds.db")
    assert not Path(str(path) + "-wal").exists()
    return path


@pytest.fixture(scope="module")
def a_document(corpus_file) -> str:
    with Corpus(corpus_file, readonly=True) as corpus:
        return str(corpus.db.execute("SELECT uid FROM documents ORDER BY id LIMIT 1").fetchone()[0])


def _run(args: list[str]):
    result = runner.invoke(app, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _foreign(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE bookmarks (id INTEGER PRIMARY KEY, url TEXT)")
    conn.execute("INSERT INTO bookmarks (url) VALUES ('https://example.org/')")
    conn.commit()
    conn.close()
    return path


HOSTILE = {
    "empty": lambda p: p.write_bytes(b""),
    "foreign_sqlite": _foreign,
    "text": lambda p: p.write_text("同志们：这不是数据库。\n", encoding="utf-8"),
    "random_bytes": lambda p: p.write_bytes(bytes(range(256)) * 64),
    "sqlite_header_only": lambda p: p.write_bytes(b"SQLite format 3\x00" + bytes(4080)),
}
READERS = [["verify"], ["reuse"], ["migrate"], ["stats"], ["search", "干部"], ["kwic", "干部"], ["export", "documents"],
           ["show", "1"], ["passages"], ["freq"], ["rules", "--all"]]


@pytest.mark.parametrize("kind", sorted(HOSTILE))
@pytest.mark.parametrize("command", READERS, ids=lambda c: "-".join(c))
def test_a_reader_refuses_a_file_that_is_not_a_corpus_and_leaves_it_alone(tmp_path, kind, command):
    path = tmp_path / "x.db"
    HOSTILE[kind](path)
    before = _digest(path)
    result = _run([*command, "--db", str(path)])
    assert result.exit_code == 3 and "[D402]" in result.output, result.output
    assert _digest(path) == before and _files(tmp_path) == ["x.db"]


@pytest.mark.parametrize("kind", ["foreign_sqlite", "text", "random_bytes"])
def test_ingest_refuses_a_file_that_is_not_a_corpus(seeds_dir, tmp_path, kind):
    path = tmp_path / "x.db"
    HOSTILE[kind](path)
    before = _digest(path)
    result = _run(["ingest", str(seeds_dir), "--db", str(path)])
    assert result.exit_code == 3 and "[D402]" in result.output
    assert _digest(path) == before and _files(tmp_path) == ["x.db"]
    if kind == "foreign_sqlite":
        assert "bookmarks" in result.output  # what the file holds instead
        with pytest.raises(JianghuaError) as caught:
            Corpus(path)
        assert caught.value.code == "D402" and _digest(path) == before


@pytest.mark.parametrize("kind", ["missing", "empty", "empty_sqlite"])
def test_ingest_makes_a_corpus_where_there_is_none_yet(tmp_path, kind):
    """What a user expects of 'ingest --db NEW': a new path, a 0-byte file (touch, mktemp) or an SQLite
    database without a single table become a corpus; nothing is there to lose."""
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "speech.txt").write_text("在竞争上岗动员大会上的讲话\n\n同志们：\n这次竞争上岗要坚持公开、平等、竞争、择优。\n",
                                      encoding="utf-8")
    path = tmp_path / "new.db"
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "empty_sqlite":
        sqlite3.connect(path).execute("VACUUM").connection.close()
        assert path.stat().st_size > 0
    result = _run(["ingest", str(pages), "--db", str(path), "--workers", "1", "--no-reuse", "--json"])
    assert result.exit_code == 0 and json.loads(result.output)["files"] == {"ingested": 1}
    assert all(c["ok"] for c in verify_file(path))


def test_ingest_into_a_missing_folder_is_named(seeds_dir, tmp_path):
    result = _run(["ingest", str(seeds_dir), "--db", str(tmp_path / "nowhere" / "x.db")])
    assert result.exit_code == 3 and "[D432]" in result.output and "does not exist" in result.output
    assert _files(tmp_path) == []


def test_the_commands_name_a_folder_given_as_the_database(seeds_dir, tmp_path):
    for command in (["ingest", str(seeds_dir)], ["verify"], ["search", "干部"], ["stats"], ["reuse"]):
        result = _run([*command, "--db", str(tmp_path)])
        assert result.exit_code == 3 and "[D431]" in result.output and "folder" in result.output
    assert _files(tmp_path) == []


def test_a_damaged_schema_version_is_named(corpus_file, seeds_dir, tmp_path):
    path = tmp_path / "x.db"
    shutil.copy(corpus_file, path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET value = '1; DROP' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    for command in (["stats"], ["verify"], ["search", "干部"], ["ingest", str(seeds_dir)]):
        result = _run([*command, "--db", str(path)])
        assert result.exit_code == 3 and "[D402]" in result.output and "schema_version is damaged" in result.output


def test_verify_writes_nothing(corpus_file, tmp_path):
    path = tmp_path / "x.db"
    shutil.copy(corpus_file, path)
    before = _digest(path)
    result = _run(["verify", "--db", str(path), "--json"])
    report = json.loads(result.output)
    assert result.exit_code == 0 and report["ok"] and all(c["checked"] for c in report["checks"])
    assert {c["check"]: c["detail"] for c in report["checks"]}["fts_integrity"] == "FTS5 integrity-check passed"
    assert _digest(path) == before


def test_verify_finds_a_damaged_index_on_a_read_only_connection(corpus_file, tmp_path):
    """The FTS5 integrity-check runs on a copy of the index in the temp schema: it still sees damage."""
    path = tmp_path / "x.db"
    shutil.copy(corpus_file, path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE para_fts_data SET block = zeroblob(length(block)) WHERE id = (SELECT max(id) FROM para_fts_data)")
    conn.commit()
    conn.close()
    checks = {c["check"]: c for c in verify_file(path)}
    assert checks["fts_integrity"]["ok"] is False and checks["fts_integrity"]["checked"] is True


# As root, the reader is the user nobody without capabilities (root writes to any file, read-only or not):
# util-linux's setpriv switches to it (Python's subprocess user= cannot exec a venv whose interpreter lies
# under root's private home).
AS_NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


def _as_reader(command: list[str]) -> subprocess.CompletedProcess:
    """Run jianghua as a user who may read the corpus but not write it: nobody when we are root, else
    the current user (the file and its folder are read-only)."""
    prefix = AS_NOBODY if os.geteuid() == 0 else []
    return subprocess.run([*prefix, JIANGHUA, *command], capture_output=True, text=True, timeout=300, check=False)


@pytest.fixture()
def read_only_corpus(corpus_file):
    """The corpus in a folder nobody but its owner may write, the file read-only: SQLite cannot create the
    -shm file a WAL database needs even to be read."""
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without util-linux's setpriv: no user to read the corpus as")
        probe = subprocess.run([*AS_NOBODY, JIANGHUA, "--help"], capture_output=True, check=False)
        if probe.returncode != 0:
            pytest.skip(f"the user nobody cannot run jianghua here: {probe.stderr[-200:]!r}")
    folder = Path(tempfile.mkdtemp(prefix="jianghua-ro-"))  # under /tmp: nobody may enter it, not pytest's tmp_path
    path = folder / "seeds.db"
    shutil.copy(corpus_file, path)
    path.chmod(0o444)
    folder.chmod(0o555)
    yield path
    folder.chmod(0o755)
    shutil.rmtree(folder)


def test_verify_and_queries_on_a_read_only_corpus(read_only_corpus):
    before = _digest(read_only_corpus)
    verify = _as_reader(["verify", "--db", str(read_only_corpus), "--json"])
    assert verify.returncode == 0, verify.stderr
    checks = json.loads(verify.stdout)["checks"]
    assert all(c["ok"] and c["checked"] for c in checks), checks
    search = _as_reader(["search", "干部", "--db", str(read_only_corpus), "--json"])
    assert search.returncode == 0 and json.loads(search.stdout)["total"] > 0
    for command in (["reuse"], ["migrate"], ["ingest", str(read_only_corpus.parent)]):
        refused = _as_reader([*command, "--db", str(read_only_corpus)])
        assert refused.returncode == 3 and "[D433]" in refused.stderr and "Traceback" not in refused.stderr
    assert _digest(read_only_corpus) == before and _files(read_only_corpus.parent) == ["seeds.db"]


# --- a damaged corpus --------------------------------------------------------------------------------

def _zeroed(source: Path, target: Path, offset: int, length: int = 8192) -> Path:
    shutil.copy(source, target)
    with target.open("r+b") as handle:
        handle.seek(offset)
        handle.write(bytes(length))
    return target


def _root_page_offset(path: Path, table: str) -> int:
    with sqlite3.connect(path) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    return (root - 1) * page_size


def test_a_damaged_table_is_a_failed_check_and_a_coded_error(corpus_file, tmp_path):
    path = _zeroed(corpus_file, tmp_path / "x.db", _root_page_offset(corpus_file, "paragraphs"))
    verify = _run(["verify", "--db", str(path)])
    assert verify.exit_code == 1 and "FAIL sqlite_integrity" in verify.output and "FAIL paragraph_offsets" in verify.output
    assert "ok   ledger_status" in verify.output  # the checks that do not read the damage still run
    for command in (["search", "干部"], ["kwic", "干部"], ["export", "paragraphs"], ["freq"]):
        result = _run([*command, "--db", str(path)])
        assert result.exit_code == 3 and "[D430]" in result.output and "is damaged" in result.output, command


def test_a_damaged_schema_is_a_failed_check(corpus_file, tmp_path):
    path = _zeroed(corpus_file, tmp_path / "x.db", 4096)  # pages 2-3: under sqlite_master
    checks = verify_file(path)
    assert [(c["check"], c["ok"]) for c in checks] == [("sqlite_integrity", False)]
    verify = _run(["verify", "--db", str(path)])
    assert verify.exit_code == 1 and "[D430]" in verify.output


def test_zeroed_text_inside_a_document_is_caught(corpus_file, a_document, tmp_path):
    """The one damage SQLite reads without an error: the content of the last overflow page of a long
    value zeroed (its chain pointer is 0 anyway). The text reads back with NULs: show and export fail
    with D430 instead of printing it, and verify finds the paragraphs no longer match their document."""
    path = tmp_path / "x.db"
    shutil.copy(corpus_file, path)
    with sqlite3.connect(path) as conn:
        try:
            pages = [r[0] for r in conn.execute("SELECT pageno FROM dbstat WHERE name = 'documents' AND pagetype = 'overflow'")]
        except sqlite3.OperationalError:
            pytest.skip("this SQLite has no dbstat table")
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    with path.open("r+b") as handle:
        last_pages = 0
        for page in pages:
            handle.seek((page - 1) * page_size)
            if handle.read(4) == bytes(4):  # the last page of its chain
                handle.write(bytes(page_size - 4))
                last_pages += 1
    assert last_pages > 0
    for command in (["export", "documents"], ["rules", "--all"]):
        result = _run([*command, "--db", str(path)])
        # (the zeroed block reads back as NULs, or, where it cuts a character in two, as text SQLite cannot decode:
        # which one depends on where the seeds' values fall on the pages)
        assert result.exit_code == 3 and "[D430]" in result.output, command
        assert "NUL bytes" in result.output or "Could not decode" in result.output, command
    verify = _run(["verify", "--db", str(path)])
    assert verify.exit_code == 1 and "FAIL paragraph_offsets" in verify.output


QUERIES = [["stats", "--json"], ["search", "干部", "--json", "--limit", "1000"], ["kwic", "竞争", "--json", "--limit", "0"],
           ["export", "documents"], ["passages", "--json"], ["show", "{doc}", "--json"]]


def test_8_kb_zeroed_anywhere_never_passes_for_a_good_answer(corpus_file, a_document, tmp_path):
    """8 KB zeroed at offsets spread over the file: verify fails (exit 1; 2 with D402 when the header is
    gone), and each query either fails with a code or gives exactly the intact corpus's answer (at every
    8 KB of a 1.8 MB corpus of the seeds and the sample: 951 intact answers, 652 D430, 7 D402, none
    different, no traceback)."""
    intact = {}
    for command in QUERIES:
        args = [a.replace("{doc}", a_document) for a in command]
        result = _run([*args, "--db", str(corpus_file)])
        assert result.exit_code == 0
        intact[tuple(command)] = result.output.replace(str(corpus_file), "DB")
    size = corpus_file.stat().st_size
    offsets = sorted({0, *range(8192, size - 8192, max(8192, (size // 12) // 8192 * 8192))})
    outcomes = set()
    for offset in offsets:
        path = _zeroed(corpus_file, tmp_path / "x.db", offset)
        verify = _run(["verify", "--db", str(path)])
        assert (verify.exit_code, "FAIL" in verify.output) == (1, True) or (verify.exit_code, offset) == (3, 0), offset
        for command in QUERIES:
            args = [a.replace("{doc}", a_document) for a in command]
            result = _run([*args, "--db", str(path)])
            assert result.exit_code in (0, 3), (offset, command)
            if result.exit_code == 0:
                assert result.output.replace(str(path), "DB") == intact[tuple(command)], (offset, command)
            else:
                assert "[D430]" in result.output or "[D402]" in result.output, (offset, command, result.output)
            outcomes.add(result.exit_code)
    assert outcomes == {0, 3} and len(offsets) >= 10
