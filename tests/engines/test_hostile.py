"""Hostile inputs (issue 14): every file gets exactly one current ledger row and the run goes on, whatever
the file or its name; nothing is lost in silence; binary is never text; an interrupted or partial reuse
index is noticed and rebuilt; re-ingesting an edited file replaces its documents. Every file is made
here, at test time."""

from __future__ import annotations

import codecs
import json
import os
import random
import shutil
import sqlite3
import sys

import pytest
from jianghua import errors
from jianghua.corpus.store import Corpus
from jianghua.engines import ingest
from jianghua.engines.ingest import ingest_paths
from jianghua.interfaces.cli import app
from jianghua.stages import runner as stages
from jianghua.stages.decode import decode_bytes
from typer.testing import CliRunner

from tests.conftest import SAMPLE

runner = CliRunner()

SPEECH = ("同志们：\n今天召开中层干部竞争上岗动员大会，主要是对这次竞争上岗工作进行动员和部署。\n"
          "一、充分认识竞争上岗的重要意义\n实行竞争上岗，是深化干部人事制度改革的必然要求，也是选拔优秀干部的有效形式。\n"
          "二、严格按照程序组织实施\n这次竞争上岗分为报名、资格审查、笔试、面试、民主测评、组织考察等环节。\n")
GBK_NAME = b"\xb8\xc9\xb2\xbf.txt"  # 干部.txt in GBK: not UTF-8 (but \xc9\xb2 happens to be UTF-8 for ɲ)
GBK_SHOWN = "\\xb8\u0272\\xbf.txt"  # the bytes that are not UTF-8 written \xNN, the rest decoded


def _speech(n: int) -> str:
    return f"第{n}份讲话\n" + SPEECH.replace("中层干部", f"第{n}批中层干部")


def _ledger(corpus: Corpus, current_only: bool = True) -> dict[str, sqlite3.Row]:
    rows = corpus.db.execute("SELECT * FROM files" + (" WHERE status != 'superseded'" if current_only else "")
                             + " ORDER BY id").fetchall()
    return {os.path.basename(r["path"]): r for r in rows}


def _ok(corpus: Corpus) -> None:
    failed = [c for c in corpus.verify(sample=10_000) if not c["ok"]]
    assert not failed, failed


def _fold(tmp_path, name: str = "in"):
    folder = tmp_path / name
    folder.mkdir()
    for n in range(1, 4):
        (folder / f"page{n}.txt").write_text(_speech(n), encoding="utf-8")
    return folder


# --- 1. one bad file never stops the run --------------------------------------------------------------

def test_a_name_that_is_not_utf8_is_ingested_stored_escaped_and_unchanged_on_rerun(tmp_path):
    folder = _fold(tmp_path)
    with open(os.fsencode(folder) + b"/" + GBK_NAME, "wb") as handle:
        handle.write(_speech(9).encode("utf-8"))
    corpus = Corpus(tmp_path / "c.db")
    for workers in (1, 2):
        summary = ingest_paths(corpus, [folder], workers=workers)
        ledger = _ledger(corpus)
        assert (ledger[GBK_SHOWN]["status"], len(ledger)) == ("ingested", 4)
        if workers == 2:  # the second run: nothing new
            assert summary.unchanged == 4 and not summary.files
    assert ledger[GBK_SHOWN]["path"] == str(folder.resolve()) + "/" + GBK_SHOWN
    _ok(corpus)
    listed = runner.invoke(app, ["stats", "--db", str(tmp_path / "c.db"), "--ledger", "--json"])
    assert listed.exit_code == 0 and GBK_SHOWN in {os.path.basename(r["path"]) for r in json.loads(listed.output)["ledger"]}


def test_unreadable_files_get_an_e901_row_with_a_null_sha_and_reruns_go_on(tmp_path):
    folder = _fold(tmp_path)
    os.symlink(folder / "nowhere.txt", folder / "dangling.txt")
    os.symlink(folder / "loop-b.txt", folder / "loop-a.txt")
    os.symlink(folder / "loop-a.txt", folder / "loop-b.txt")
    corpus = Corpus(tmp_path / "c.db")
    for _run in range(3):  # every rerun used to die on [D403] UNIQUE constraint failed: files.path, files.sha256
        summary = ingest_paths(corpus, [folder])
        ledger = _ledger(corpus)
        assert {name: (r["code"], r["sha256"]) for name, r in ledger.items() if r["status"] == "error"} == {
            "dangling.txt": ("E901", None), "loop-a.txt": ("E901", None), "loop-b.txt": ("E901", None)}
        assert len(ledger) == 6 and corpus.db.execute("SELECT count(*) FROM files").fetchone()[0] == 6
        assert summary.files["error"] == 3 and summary.exit_code == 1
    assert "No such file" in ledger["dangling.txt"]["message"] and "symbolic links" in ledger["loop-a.txt"]["message"]
    _ok(corpus)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its mode")
def test_a_file_without_read_permission_gets_an_e901_row(tmp_path):
    folder = _fold(tmp_path)
    locked = folder / "locked.txt"
    locked.write_text(_speech(5), encoding="utf-8")
    locked.chmod(0)
    corpus = Corpus(tmp_path / "c.db")
    ingest_paths(corpus, [folder], workers=2)
    assert (_ledger(corpus)["locked.txt"]["code"], _ledger(corpus)["locked.txt"]["sha256"]) == ("E901", None)


def test_a_named_pipe_or_a_device_is_q306_and_never_read(tmp_path):
    folder = _fold(tmp_path)
    os.mkfifo(folder / "pipe.txt")  # opening it for reading the usual way would block the run for ever
    os.symlink("/dev/zero", folder / "zeros.txt")  # reading it would never end
    corpus = Corpus(tmp_path / "c.db")
    for workers in (1, 2):
        ingest_paths(corpus, [folder], workers=workers)
        ledger = _ledger(corpus)
        assert {name: (r["status"], r["code"]) for name, r in ledger.items() if r["status"] != "ingested"} == {
            "pipe.txt": ("quarantined", "Q306"), "zeros.txt": ("quarantined", "Q306")}
        assert "named pipe" in ledger["pipe.txt"]["message"] and "character device" in ledger["zeros.txt"]["message"]
    assert corpus.db.execute("SELECT count(*) FROM files").fetchone()[0] == 5


@pytest.mark.parametrize("workers", [1, 2])
def test_a_page_holding_only_a_doctype_is_one_quarantine_and_the_folder_goes_in(tmp_path, workers):
    folder = _fold(tmp_path)
    (folder / "doctype.html").write_text("<!DOCTYPE html>", encoding="utf-8")
    (folder / "empty-html.txt").write_text("<!DOCTYPE html>\n<html></html>", encoding="utf-8")
    corpus = Corpus(tmp_path / "c.db")
    summary = ingest_paths(corpus, [folder], workers=workers)
    ledger = _ledger(corpus)
    assert {n: r["code"] for n, r in ledger.items()} == {"page1.txt": "J100", "page2.txt": "J100", "page3.txt": "J100",
                                                         "doctype.html": "Q302", "empty-html.txt": "Q302"}
    assert summary.files == {"ingested": 3, "quarantined": 2}


class _Unpicklable(Exception):
    """An exception that cannot cross a process boundary, like lxml's ParserError with its error log."""

    def __init__(self, message: str):
        super().__init__(message)
        self.log = lambda: None  # a lambda does not pickle


@pytest.mark.parametrize("workers", [1, 2])
def test_any_exception_in_either_pass_is_confined_to_its_file_with_the_place(tmp_path, monkeypatch, workers):
    folder = _fold(tmp_path)
    (folder / "pass1.txt").write_text(_speech(7), encoding="utf-8")
    (folder / "pass2.txt").write_text(_speech(8), encoding="utf-8")
    learn, process = ingest.page_lines_for_learning, ingest.process_parts

    def learning(data):
        if "第7份" in data.decode("utf-8", "replace"):
            raise _Unpicklable("pass 1 failed")
        return learn(data)

    def processing(data, path, site, site_lines, settings=None):
        if path.endswith("pass2.txt"):
            raise _Unpicklable("pass 2 failed")
        return process(data, path, site, site_lines, settings=settings)

    monkeypatch.setattr(ingest, "page_lines_for_learning", learning)
    monkeypatch.setattr(ingest, "process_parts", processing)
    corpus = Corpus(tmp_path / "c.db")
    summary = ingest_paths(corpus, [folder], workers=workers)
    ledger = _ledger(corpus)
    assert len(ledger) == 5 and summary.files == {"ingested": 4, "error": 1}
    assert ledger["pass1.txt"]["status"] == "ingested"  # pass 1 only learned nothing from it, and says so:
    warning = next(p for p in summary.problems if p["path"].endswith("pass1.txt"))
    assert (warning["status"], warning["code"]) == ("warning", "E900") and "at=test_hostile.py:" in warning["message"]
    assert "error=_Unpicklable in pass 1 (learning the site's furniture lines): pass 1 failed" in warning["message"]
    failed = ledger["pass2.txt"]
    assert failed["code"] == "E900" and "_Unpicklable: pass 2 failed" in failed["message"]
    assert "at=test_hostile.py:" in failed["message"]


def test_the_same_folder_by_a_relative_path_a_symlink_or_twice_is_the_same_files(tmp_path, monkeypatch):
    folder = _fold(tmp_path)
    os.symlink(folder, tmp_path / "link")
    corpus = Corpus(tmp_path / "c.db")
    first = ingest_paths(corpus, [folder, folder / "page1.txt"])  # the file given twice is one input
    assert first.files == {"ingested": 3} and first.exit_code == 0
    monkeypatch.chdir(tmp_path)
    for given in ("in", "./in/../in", "link", str(tmp_path / "link" / "page2.txt")):
        again = ingest_paths(corpus, [given])
        assert not again.files and again.exit_code == 0, (given, again.problems)
    assert corpus.db.execute("SELECT count(*) FROM files").fetchone()[0] == 3
    result = runner.invoke(app, ["ingest", "in", "--db", str(tmp_path / "c.db"), "--no-reuse", "--json"])
    assert result.exit_code == 0 and json.loads(result.output)["unchanged"] == 3


def test_a_ledger_written_with_relative_paths_is_taken_over_not_ingested_again(tmp_path, monkeypatch):
    folder = _fold(tmp_path)
    corpus = Corpus(tmp_path / "c.db")
    ingest_paths(corpus, [folder])
    with corpus.db:  # as ledgers written before paths were made canonical hold them
        corpus.db.execute("UPDATE files SET path = 'in/' || substr(path, length(?) + 2)", (str(folder.resolve()),))
    monkeypatch.chdir(tmp_path)
    again = ingest_paths(corpus, [folder])
    assert again.unchanged == 3 and not again.files
    assert {r["path"] for r in corpus.ledger()} == {str(folder.resolve() / f"page{n}.txt") for n in (1, 2, 3)}


def test_the_html_parser_dependencies_are_named_directly():
    """trafilatura needs lxml.html.clean; pip 23.2 (Python 3.11's own) skips the lxml[html_clean] extra
    that brings it, so the package names lxml_html_clean itself."""
    import tomllib

    from tests.conftest import ROOT

    names = {d.split(">")[0].split("=")[0].split("<")[0].strip().lower().replace("-", "_")
             for d in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]}
    assert {"lxml", "lxml_html_clean", "trafilatura"} <= names
    import lxml.html.clean  # noqa: F401


# --- 2. a deep page is not "whitespace only" ---------------------------------------------------------

@pytest.mark.parametrize("depth", [300, 10_000])
def test_a_deeply_nested_html_page_keeps_its_text_and_says_so(tmp_path, depth):
    folder = tmp_path / "deep"
    folder.mkdir()
    body = "".join(f"<p>{line}</p>" for line in SPEECH.splitlines())
    (folder / "deep.html").write_text("<html><head><title>深层页面</title></head><body><p>开头在浅层。</p>"
                                      + "<div>" * depth + body + "</div>" * depth + "</body></html>", encoding="utf-8")
    corpus = Corpus(tmp_path / "c.db")
    ingest_paths(corpus, [folder])
    row = _ledger(corpus)["deep.html"]
    assert (row["status"], row["code"]) == ("ingested", "J100") and "html_too_deep" in row["message"]
    text = "".join(d["text"] for d in corpus.documents())
    assert "严格按照程序组织实施" in text and "民主测评" in text


# --- 3. binary is never text; control characters never reach the corpus or a terminal -----------------

def _utf16_noise(n: int, seed: int) -> bytes:
    """Random UTF-16 code units that decode strictly (no lone surrogates)."""
    rng = random.Random(seed)
    return b"".join(rng.choice([*range(0x20, 0xD800), *range(0xE000, 0x10000)]).to_bytes(2, "little") for _ in range(n))


@pytest.mark.parametrize("data, kind", [
    (codecs.BOM_UTF8 + b"\x00\x01\x02\x1b" * 500 + SPEECH.encode(), "after a UTF-8 byte-order mark"),
    (codecs.BOM_UTF8 + SPEECH.encode() + b"\x00" * 200, "after a UTF-8 byte-order mark"),
    (codecs.BOM_UTF16_LE + _utf16_noise(3000, 1), "after a UTF-16 byte-order mark"),
    (codecs.BOM_UTF32_LE + "".join(chr(c) for c in random.Random(2).sample(range(0x20000, 0x2A000), 500)).encode("utf-32-le"),
     "after a UTF-32 byte-order mark"),
])
def test_bytes_after_a_byte_order_mark_are_checked_for_binary(data, kind):
    with pytest.raises(errors.Quarantine) as caught:
        decode_bytes(data)
    assert caught.value.code is errors.BINARY and kind in str(caught.value)


def test_control_characters_are_removed_at_decode_counted_and_flagged(tmp_path):
    text = SPEECH.replace("动员大会", "动员\x1b[31m大会").replace("有效形式", "有效形式\x07") + SPEECH * 4 + "\f附件\x0b完\x85"
    decoded = decode_bytes(text.encode("utf-8"))
    assert decoded.text == SPEECH.replace("动员大会", "动员[31m大会") + SPEECH * 4 + "\n附件\n完"
    assert decoded.flags == [{"kind": "control_characters_removed", "count": 5, "first_char_offset": SPEECH.index("大会")}]
    nul_late = SPEECH * 300 + "附\x00件"  # a NUL in the first 64 KiB is binary; later, it is removed
    assert len(nul_late.encode()) > 65536 and decode_bytes(nul_late.encode()).text == SPEECH * 300 + "附件"
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le")):  # after a BOM too
        assert "\x1b" not in decode_bytes(bom + text.encode(encoding)).text
    folder = tmp_path / "ctl"
    folder.mkdir()
    (folder / "esc.txt").write_text(text, encoding="utf-8")
    corpus = Corpus(tmp_path / "c.db")
    ingest_paths(corpus, [folder])
    row = _ledger(corpus)["esc.txt"]
    assert row["code"] == "J100" and "control_characters_removed" in row["message"]
    stored = "".join(d["text"] + d["original"] + d["title"] for d in corpus.documents())
    assert stored and not any(ch in stored for ch in "\x07\x0b\x0c\x1b\x85")


def test_show_never_prints_a_raw_escape(seeds_dir, tmp_path):
    db = tmp_path / "c.db"
    corpus = Corpus(db)
    ingest_paths(corpus, [seeds_dir / "004_918b39668ea2ac01.txt"])
    with corpus.db:  # a corpus written by an earlier build, or by hand, may hold one
        corpus.db.execute("UPDATE documents SET title = title || '\x1b]0;owned\x07', text = '\x1b[2J' || text")
    uid = corpus.db.execute("SELECT uid FROM documents LIMIT 1").fetchone()[0]
    corpus.close()
    for extra in ([], ["--original"]):
        shown = runner.invoke(app, ["show", uid, "--db", str(db), *extra])
        assert shown.exit_code == 0 and "\x1b" not in shown.output and "\x07" not in shown.output
    assert "\\x1b[2J" in runner.invoke(app, ["show", uid, "--db", str(db)]).output


# --- 4. the reuse index is part of the corpus's consistency -------------------------------------------

def _reuse_check(db) -> dict:
    corpus = Corpus(db)
    try:
        return next(c for c in corpus.verify() if c["check"] == "reuse_covers_documents")
    finally:
        corpus.close()


def test_an_interrupted_reuse_build_is_detected_and_the_next_ingest_rebuilds_it(tmp_path, monkeypatch):
    from jianghua.reuse import build as reuse_build

    db = str(tmp_path / "c.db")
    assert runner.invoke(app, ["ingest", str(SAMPLE), "--db", db, "--json"]).exit_code == 0
    built = _reuse_check(db)
    assert built["ok"] and "covers" in built["detail"]
    copies = Corpus(db).db.execute("SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL").fetchone()[0]

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(reuse_build.clusters, "recluster", interrupted)
    stopped = runner.invoke(app, ["reuse", "--rebuild", "--db", db])
    assert stopped.exit_code == 130
    assert "Kept: every ingested file" in stopped.output and "the reuse index as it was before" in stopped.output
    check = _reuse_check(db)
    assert not check["ok"] and "interrupted" in check["detail"]
    verify = runner.invoke(app, ["verify", "--db", db])
    assert verify.exit_code == 1 and "FAIL reuse_covers_documents" in verify.output
    monkeypatch.undo()
    again = runner.invoke(app, ["ingest", str(SAMPLE), "--db", db, "--json"])  # nothing new: reuse rebuilt anyway
    assert again.exit_code == 0 and json.loads(again.output)["files"] == {}
    assert _reuse_check(db)["ok"]
    assert Corpus(db).db.execute("SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL").fetchone()[0] == copies


def test_an_incremental_run_without_reuse_is_reported_by_verify_until_rebuilt(tmp_path):
    db = str(tmp_path / "c.db")
    pages = tmp_path / "more"
    shutil.copytree(SAMPLE / "fanwen-hans", pages)
    assert runner.invoke(app, ["ingest", str(SAMPLE / "portal-html"), "--db", db]).exit_code == 0
    assert _reuse_check(db)["ok"]
    assert runner.invoke(app, ["ingest", str(pages), "--db", db, "--no-reuse"]).exit_code in (0, 1)
    check = _reuse_check(db)
    documents = Corpus(db).db.execute("SELECT count(*) FROM documents").fetchone()[0]
    covered = Corpus(db).db.execute("SELECT count(*) FROM reuse_docs").fetchone()[0]
    assert not check["ok"] and f"covers {covered} of {documents} documents" in check["detail"] and covered < documents
    passages = runner.invoke(app, ["passages", "--db", db, "--json"])  # the queries say so too
    assert passages.exit_code == 0 and f"note: the reuse index covers {covered} of {documents}" in passages.output
    assert runner.invoke(app, ["ingest", str(pages), "--db", db]).exit_code in (0, 1)  # nothing new; rebuilt
    assert _reuse_check(db)["ok"]


def test_ctrl_c_during_ingest_says_what_was_kept_and_what_is_still_to_do(tmp_path, monkeypatch):
    folder = _fold(tmp_path)
    db = str(tmp_path / "c.db")
    written = []
    original = ingest._write

    def write(corpus, item, *args):
        if len(written) == 2:
            raise KeyboardInterrupt
        written.append(item)
        original(corpus, item, *args)
        corpus.checkpoint()  # as the writer does every COMMIT_SECONDS

    monkeypatch.setattr(ingest, "_write", write)
    result = runner.invoke(app, ["ingest", str(folder), "--db", db])
    assert result.exit_code == 130
    assert "Kept: the 2 files this run committed" in result.output and "Still to do: 1 of the 3" in result.output
    monkeypatch.undo()
    again = runner.invoke(app, ["ingest", str(folder), "--db", db, "--json"])
    assert json.loads(again.output)["files"] == {"ingested": 1} and _reuse_check(db)["ok"]


# --- 9. a new version of a file replaces the old one --------------------------------------------------

def test_an_edited_file_replaces_its_documents_and_keeps_the_old_row_as_superseded(tmp_path):
    from jianghua.reuse import build_reuse

    folder = tmp_path / "sample"
    shutil.copytree(SAMPLE, folder)
    corpus = Corpus(tmp_path / "c.db")
    ingest_paths(corpus, [folder])
    build_reuse(corpus)
    edited = folder / "fanwen-hans" / "001-zhongceng-jingzheng-shanggang-dongyuan-jingxuan.txt"  # in passages and a duplicate cluster
    old = _ledger(corpus)[edited.name]
    files = len(_ledger(corpus))
    old_uids = {r[0] for r in corpus.db.execute("SELECT uid FROM documents d JOIN pages p ON p.id = d.page_id"
                                                " WHERE p.file_id = ?", (old["id"],))}
    for table in ("passage_occurrences", "doc_clusters"):
        assert corpus.db.execute(f"SELECT count(*) FROM {table} WHERE doc_id IN ({','.join('?' * len(old_uids))})",
                                 sorted(old_uids)).fetchone()[0]
    edited.write_text(_speech(3), encoding="utf-8")
    summary = ingest_paths(corpus, [folder])
    assert summary.files == {"ingested": 1} and summary.unchanged == files - 1
    history = [r for r in corpus.db.execute("SELECT * FROM files WHERE path = ? ORDER BY id", (str(edited),))]
    assert [(r["status"], r["sha256"]) for r in history] == [("superseded", old["sha256"]), ("ingested", history[1]["sha256"])]
    placeholders = ",".join("?" * len(old_uids))
    for table, column in (("documents", "uid"), ("doc_clusters", "doc_id"), ("passage_occurrences", "doc_id")):
        assert corpus.db.execute(f"SELECT count(*) FROM {table} WHERE {column} IN ({placeholders})",
                                 sorted(old_uids)).fetchone()[0] == 0, table
    # the index's record of what it folded in keeps them until the next build rolls it back
    indexed = f"SELECT count(*) FROM reuse_docs WHERE uid IN ({placeholders})"
    assert corpus.db.execute(indexed, sorted(old_uids)).fetchone()[0] == len(old_uids)
    texts = [d["text"] for d in corpus.documents() if d["source"] == str(edited)]
    assert len(texts) == 1 and "第3批中层干部" in texts[0]
    checks = {c["check"]: c for c in corpus.verify(sample=10_000)}
    assert all(c["ok"] for name, c in checks.items() if name != "reuse_covers_documents"), checks
    assert not checks["reuse_covers_documents"]["ok"]  # the index is rebuilt by 'ingest' or 'reuse'
    build_reuse(corpus)
    _ok(corpus)
    assert corpus.db.execute(indexed, sorted(old_uids)).fetchone()[0] == 0
    edited.write_bytes(b"")  # and back to bytes seen before: a version again, not a UNIQUE failure
    ingest_paths(corpus, [folder])
    edited.write_text(_speech(3), encoding="utf-8")
    ingest_paths(corpus, [folder])
    assert [r["status"] for r in corpus.db.execute("SELECT status FROM files WHERE path = ? ORDER BY id", (str(edited),))] == [
        "superseded", "superseded", "superseded", "ingested"]


def test_a_duplicate_inherits_the_documents_when_the_original_is_edited(tmp_path):
    folder = _fold(tmp_path)
    (folder / "page4.txt").write_text(_speech(1), encoding="utf-8")  # the same bytes as page1.txt
    corpus = Corpus(tmp_path / "c.db")
    ingest_paths(corpus, [folder])
    assert _ledger(corpus)["page4.txt"]["status"] == "duplicate"
    (folder / "page1.txt").write_text(_speech(5), encoding="utf-8")
    ingest_paths(corpus, [folder])
    ledger = _ledger(corpus)
    assert (ledger["page4.txt"]["status"], ledger["page4.txt"]["code"], ledger["page1.txt"]["status"]) == ("ingested", "J100", "ingested")
    sources = sorted(os.path.basename(d["source"]) for d in corpus.documents())
    assert sources == ["page1.txt", "page2.txt", "page3.txt", "page4.txt"]
    _ok(corpus)


def test_an_error_row_does_not_stay_once_the_file_can_be_read(tmp_path):
    folder = _fold(tmp_path)
    os.symlink(tmp_path / "later.txt", folder / "page4.txt")
    corpus = Corpus(tmp_path / "c.db")
    ingest_paths(corpus, [folder])
    assert _ledger(corpus)["page4.txt"]["code"] == "E901"
    (tmp_path / "later.txt").write_text(_speech(4), encoding="utf-8")
    summary = ingest_paths(corpus, [folder])
    assert summary.files == {"ingested": 1} and summary.exit_code == 0
    assert corpus.db.execute("SELECT count(*) FROM files WHERE status = 'error'").fetchone()[0] == 0
    assert corpus.db.execute("SELECT count(*) FROM files").fetchone()[0] == 4
    _ok(corpus)


def test_a_file_too_large_before_is_ingested_when_the_cap_is_raised(tmp_path):
    folder = _fold(tmp_path)
    corpus = Corpus(tmp_path / "c.db")
    ingest_paths(corpus, [folder], max_bytes=100)
    assert {r["code"] for r in _ledger(corpus).values()} == {"Q305"}
    summary = ingest_paths(corpus, [folder])
    assert summary.files == {"ingested": 3} and corpus.db.execute("SELECT count(*) FROM files").fetchone()[0] == 3


def test_a_ledger_from_an_earlier_build_is_migrated(tmp_path):
    """The layout before: UNIQUE (path, sha256), '' for an unreadable file, an edited file's two versions
    both current with their documents. Opened writable, it becomes one current row per path."""
    folder = _fold(tmp_path)
    corpus = Corpus(tmp_path / "c.db")
    ingest_paths(corpus, [folder])
    (folder / "page2.txt").write_text(_speech(6), encoding="utf-8")
    edited_sha = ingest.file_sha256(str(folder / "page2.txt"))[0]
    old_columns = ("path TEXT NOT NULL, sha256 TEXT NOT NULL, size INTEGER NOT NULL, status TEXT NOT NULL CHECK (status IN"
                   " ('ingested','duplicate','quarantined','error')), code TEXT NOT NULL, message TEXT NOT NULL, encoding TEXT,"
                   " site TEXT, duplicate_of INTEGER REFERENCES files(id), run_id INTEGER, ingested_at REAL NOT NULL")
    db = corpus.db
    db.execute("PRAGMA foreign_keys=OFF")
    db.executescript(f"""
        DROP INDEX files_current_path; DROP INDEX files_sha;
        CREATE TABLE files_old (id INTEGER PRIMARY KEY, {old_columns}, UNIQUE (path, sha256));
        INSERT INTO files_old SELECT * FROM files; DROP TABLE files; ALTER TABLE files_old RENAME TO files;
        DELETE FROM meta WHERE key = 'ledger_version';
        INSERT INTO files (path, sha256, size, status, code, message, ingested_at)
          VALUES ('{folder}/gone.txt', '', 0, 'error', 'E901', '[E901] the file could not be read', 0);""")
    corpus.close()
    # the edited version ingested by the old build beside the first: two current rows for page2.txt
    old_build = Corpus.__new__(Corpus)
    old_build.path, old_build.readonly, old_build._batched, old_build._fts_pending = str(tmp_path / "c.db"), False, False, []
    old_build.db = sqlite3.connect(old_build.path)
    old_build.db.row_factory = sqlite3.Row
    page = stages.process_page((folder / "page2.txt").read_bytes(), str(folder / "page2.txt"), "in")
    with old_build.db:
        cur = old_build.db.execute("INSERT INTO files (path, sha256, size, status, code, message, site, ingested_at)"
                                   " VALUES (?, ?, 1, 'ingested', 'J100', '[J100] ingested', 'in', 1)",
                                   (str(folder / "page2.txt"), edited_sha))
        Corpus.add_rows(old_build, old_build.db, cur.lastrowid, ingest.page_rows(page))
    old_build.db.close()
    migrated = Corpus(tmp_path / "c.db")
    rows = [(os.path.basename(r["path"]), r["status"], r["sha256"]) for r in migrated.ledger()]
    assert ("gone.txt", "error", None) in rows
    assert [r[1:] for r in rows if r[0] == "page2.txt"] == [("superseded", rows[1][2]), ("ingested", edited_sha)]
    _ok(migrated)
    assert [d["title"] for d in migrated.documents() if d["source"].endswith("page2.txt")] == ["第6份讲话"]
    assert ingest_paths(migrated, [folder]).unchanged == 3


# --- memory: a long page in parts -----------------------------------------------------------------------

def test_a_long_page_is_processed_in_parts_spooled_and_written_as_one_file(tmp_path, monkeypatch):
    """With parts of 300 characters, a page of 12 speeches is cut at blank lines; the worker spools each
    part's rows and the writer adds them to one page: every document in, numbered through, removed
    lines at their place in the whole page, and the same documents as ``process_page`` gives."""
    import tempfile

    monkeypatch.setattr(stages, "PART_CHARS", 300)
    spool = tmp_path / "tmp"
    spool.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool))
    folder = tmp_path / "long"
    folder.mkdir()
    text = "\n\n".join(f"关于第{n}批干部竞争上岗的讲话\n" + SPEECH.replace("中层干部", f"第{n}批中层干部") for n in range(1, 13))
    (folder / "long.txt").write_text(text + "\n\n责任编辑：张三\n", encoding="utf-8")
    whole = stages.process_page((folder / "long.txt").read_bytes(), str((folder / "long.txt").resolve()), "long")
    assert {"kind": "processed_in_parts", "parts": whole.flags[0]["parts"], "part_chars": 300} in whole.flags
    assert whole.flags[0]["parts"] >= 12
    for workers in (1, 2):
        corpus = Corpus(tmp_path / f"c{workers}.db")
        summary = ingest_paths(corpus, [folder], workers=workers)
        assert summary.files == {"ingested": 1}
        docs = list(corpus.documents())
        assert [d["ordinal"] for d in docs] == list(range(1, len(whole.documents) + 1))
        assert [d["text"] for d in docs] == [d.text for d in whole.documents]
        assert all(f"第{n}批中层干部" in "".join(d["text"] for d in docs) for n in range(1, 13))
        removed = corpus.db.execute("SELECT line, text FROM removed ORDER BY line").fetchall()
        lines = text.split("\n")
        assert removed and all(lines[line - 1].strip() == value for line, value in removed if line <= len(lines))
        assert "processed_in_parts" in corpus.ledger()[0]["message"]
        assert os.listdir(spool) == []  # the run's spool folder is gone with it
        _ok(corpus)


def test_a_small_file_cut_in_more_than_one_part_keeps_every_part(tmp_path, monkeypatch):
    """A file no longer in bytes than a part normally makes one part; should its text ever be cut in more
    (here: parts of 300 characters forced on a file below the byte limit), the worker spools every part's
    rows instead of keeping the first: every document reaches the corpus, as ``process_page`` gives them."""
    real_bounds = stages.part_bounds
    monkeypatch.setattr(stages, "part_bounds", lambda text, limit=None: real_bounds(text, 300))
    folder = tmp_path / "small"
    folder.mkdir()
    text = "\n\n".join(f"关于第{n}批干部竞争上岗的讲话\n" + SPEECH.replace("中层干部", f"第{n}批中层干部") for n in range(1, 5))
    (folder / "small.txt").write_text(text + "\n", encoding="utf-8")
    assert len(text.encode()) <= stages.PART_CHARS
    whole = stages.process_page((folder / "small.txt").read_bytes(), str((folder / "small.txt").resolve()), "small")
    assert whole.flags[0]["parts"] >= 4
    corpus = Corpus(tmp_path / "c.db")
    assert ingest_paths(corpus, [folder], workers=1).files == {"ingested": 1}
    assert [d["text"] for d in corpus.documents()] == [d.text for d in whole.documents]
    assert all(f"第{n}批中层干部" in "".join(d["text"] for d in corpus.documents()) for n in range(1, 5))


@pytest.mark.slow
def test_worker_memory_does_not_grow_with_the_file(tmp_path):
    """A 24 MB page (cap raised) against a 1 MB one, two workers each time: the largest worker's peak
    resident memory grows by far less than the file (it grew 55-60 bytes a byte when pages were
    processed whole; measured: 238 MB for the 1 MB page, 292 MB for 24 MB, 295 MB for 50 MB)."""
    import subprocess

    line = ("实行竞争上岗，是深化干部人事制度改革的必然要求，也是选拔优秀干部的有效形式。" * 3 + "\n")
    peaks = {}
    for megabytes in (1, 24):
        folder = tmp_path / f"m{megabytes}"
        folder.mkdir()
        data = (line * (megabytes * 1_000_000 // len(line.encode()) + 1)).encode()
        (folder / "big.txt").write_bytes(data)
        (folder / "small.txt").write_text(_speech(1), encoding="utf-8")
        script = ("import resource, sys\nfrom jianghua.engines.ingest import ingest_paths\nfrom jianghua.corpus.store import Corpus\n"
                  "s = ingest_paths(Corpus(sys.argv[2]), [sys.argv[1]], workers=2, max_bytes=60_000_000)\n"
                  "assert s.files['ingested'] == 2, s.as_dict()\n"
                  "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")
        out = subprocess.run([sys.executable, "-c", script, str(folder), str(tmp_path / f"m{megabytes}.db")],
                             capture_output=True, text=True, timeout=600)
        assert out.returncode == 0, out.stderr[-2000:]
        peaks[megabytes] = int(out.stdout.split()[-1]) * 1024
    growth = peaks[24] - peaks[1]
    assert growth < 4 * 23_000_000, {k: v / 1e6 for k, v in peaks.items()}


@pytest.mark.slow
def test_kill_9_during_ingest_or_reuse_then_rerun_equals_an_uninterrupted_run(seeds_dir, tmp_path, capsys):
    """bench/bench_kill.py on the seeds and the sample corpus, two kills (a first run killed while it
    builds the reuse index, an incremental one while it ingests): after the rerun each corpus equals the
    uninterrupted runs' and passes verify, and no worker outlives the killed process. (20 kills of a
    larger corpus: bench/bench_kill.py itself.)"""
    from tests.conftest import ROOT

    sys.path.insert(0, str(ROOT / "bench"))
    import bench_kill

    code = bench_kill.main(["--kills", "2", "--seed", "3", "--inputs", str(seeds_dir), str(SAMPLE),
                            "--workdir", str(tmp_path), "--json"])
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert code == 0 and summary["ok"] == summary["kills"] == 2, summary
    assert summary["orphans"] == 0 and summary["equal_to_reference"] == 2 and summary["verify_ok"] == 2
