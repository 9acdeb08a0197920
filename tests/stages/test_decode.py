"""Every kind of bad or unusual input gets the right ledger status and a clear message, and the
rest of the run goes on (issue: "Each of these inputs gets the right ledger status")."""

from __future__ import annotations

import codecs
import os
import random

import pytest
from jianghua import errors
from jianghua.corpus.store import Corpus, fts_chars
from jianghua.engines.ingest import ingest_paths
from jianghua.stages.decode import decode_bytes

SPEECH = ("同志们：\n今天召开中层干部竞争上岗动员大会，主要是对这次竞争上岗工作进行动员和部署。\n"
          "一、充分认识竞争上岗的重要意义\n实行竞争上岗，是深化干部人事制度改革的必然要求。\n")
SPEECH_HANT = ("同志們：\n今天召開中層幹部競爭上崗動員大會，主要是對這次競爭上崗工作進行動員和部署。\n"
               "一、充分認識競爭上崗的重要意義\n實行競爭上崗，是深化幹部人事制度改革的必然要求。\n")


@pytest.mark.parametrize("data, encoding", [
    (SPEECH.encode("gbk"), "gb18030"),
    (SPEECH.encode("gb18030"), "gb18030"),
    (SPEECH_HANT.encode("big5"), "big5"),
    (codecs.BOM_UTF16_LE + SPEECH.encode("utf-16-le"), "utf-16"),
    (codecs.BOM_UTF16_BE + SPEECH.encode("utf-16-be"), "utf-16"),
    (SPEECH.encode("utf-16-le"), "utf-16-le"),
    (SPEECH.encode("utf-16-be"), "utf-16-be"),
    (codecs.BOM_UTF8 + SPEECH.replace("\n", "\r\n").encode("utf-8"), "utf-8-sig"),
    (SPEECH.encode("utf-8"), "utf-8"),
])
def test_decodes_each_encoding_exactly(data, encoding):
    decoded = decode_bytes(data)
    expected = SPEECH_HANT if encoding == "big5" else SPEECH
    assert decoded.text == expected  # CRLF unified, BOM gone, nothing lost
    assert decoded.encoding.startswith(encoding.split("-")[0]) or decoded.encoding == encoding
    assert decoded.code == errors.OK


def test_a_few_invalid_bytes_are_replaced_and_flagged_not_silently():
    data = SPEECH.encode("utf-8") * 5
    cut1, cut2 = data.index(b"\n", 100), data.index(b"\n", 300)  # stray bytes between characters
    data = data[:cut1] + b"\xff" + data[cut1:cut2] + b"\xfe" + data[cut2:]
    decoded = decode_bytes(data)
    assert decoded.code == errors.OK_LOSSY
    assert decoded.text.count("\ufffd") == 2
    assert decoded.flags[0]["kind"] == "invalid_bytes_replaced" and decoded.flags[0]["count"] == 2


@pytest.mark.parametrize("data, code", [
    (b"", errors.EMPTY),
    (b"   \n\t\r\n  ", errors.BLANK),
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, errors.BINARY),
    (b"PK\x03\x04" + bytes(range(256)) * 4, errors.BINARY),
    (random.Random(7).randbytes(4096), errors.BINARY),
    (b"\x80\x81\xfe\xff" * 300, errors.UNDECODABLE),
])
def test_quarantines_with_a_reason(data, code):
    with pytest.raises(errors.Quarantine) as caught:
        decode_bytes(data)
    assert caught.value.code is code
    assert caught.value.code.code in str(caught.value)


@pytest.fixture()
def messy_folder(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "gbk.txt").write_bytes(SPEECH.encode("gbk"))
    (folder / "big5.txt").write_bytes(SPEECH_HANT.encode("big5"))
    (folder / "utf16le-bom.txt").write_bytes(codecs.BOM_UTF16_LE + ("第二份" + SPEECH).encode("utf-16-le"))
    (folder / "utf16be-nobom.txt").write_bytes(("第三份" + SPEECH).encode("utf-16-be"))
    (folder / "utf8-bom-crlf.txt").write_bytes(codecs.BOM_UTF8 + ("第四份" + SPEECH).replace("\n", "\r\n").encode())
    bad = ("第五份" + SPEECH * 20).encode()
    (folder / "invalid-bytes.txt").write_bytes(bad[:200] + b"\xff" + bad[200:])
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2048))
    (folder / "archive.zip").write_bytes(b"PK\x03\x04" + os.urandom(2048))
    (folder / "random.bin").write_bytes(random.Random(3).randbytes(8192))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_bytes(b"  \n\n \t \n")
    with open(folder / "one-line-50mb.txt", "wb") as handle:
        chunk = "竞争上岗".encode() * 4096
        for _ in range(50 * 1024 * 1024 // len(chunk) + 1):
            handle.write(chunk)
    html = ("<html><head><title>第六份讲话_范文网</title></head><body><div class='nav'><a href='/'>首页</a></div>"
            "<article><h1>第六份讲话</h1>" + "".join(f"<p>{line}</p>" for line in SPEECH.splitlines())
            + "</article><footer>©2024 范文网 版权所有</footer></body></html>")
    (folder / "saved-page.txt").write_text(html, encoding="utf-8")
    (folder / "copy-a.txt").write_text("第七份" + SPEECH, encoding="utf-8")
    (folder / "copy-b.txt").write_text("第七份" + SPEECH, encoding="utf-8")
    return folder


def test_every_file_accounted_for(messy_folder, tmp_path):
    corpus = Corpus(tmp_path / "c.db")
    summary = ingest_paths(corpus, [messy_folder])
    ledger = {os.path.basename(r["path"]): r for r in corpus.ledger()}
    assert len(ledger) == len(list(messy_folder.iterdir()))
    expected = {
        "gbk.txt": ("ingested", "J100"), "big5.txt": ("ingested", "J100"),
        "utf16le-bom.txt": ("ingested", "J100"), "utf16be-nobom.txt": ("ingested", "J100"),
        "utf8-bom-crlf.txt": ("ingested", "J100"), "invalid-bytes.txt": ("ingested", "J101"),
        "image.png": ("quarantined", "Q303"), "archive.zip": ("quarantined", "Q303"),
        "random.bin": ("quarantined", "Q303"), "empty.txt": ("quarantined", "Q301"),
        "blank.txt": ("quarantined", "Q302"), "one-line-50mb.txt": ("quarantined", "Q305"),
        "saved-page.txt": ("ingested", "J100"), "copy-a.txt": ("ingested", "J100"),
        "copy-b.txt": ("duplicate", "J201"),
    }
    assert {name: (r["status"], r["code"]) for name, r in ledger.items()} == expected
    for row in ledger.values():
        assert row["message"].startswith(f"[{row['code']}]") and len(row["sha256"]) == 64
    assert "copy-a.txt" in ledger["copy-b.txt"]["message"]
    assert summary.exit_code == 1
    assert all(check["ok"] for check in corpus.verify())
    html_doc = [d for d in corpus.documents() if d["source"].endswith("saved-page.txt")]
    assert html_doc and "<p>" not in html_doc[0]["text"] and "实行竞争上岗" in html_doc[0]["text"]
    big5 = [d for d in corpus.documents() if d["source"].endswith("big5.txt")][0]
    assert big5["script"] == "hant" and "竞争上岗" in big5["text"] and "競爭上崗" in big5["original"]


def test_reingest_changes_nothing(messy_folder, tmp_path):
    corpus = Corpus(tmp_path / "c.db")
    ingest_paths(corpus, [messy_folder])
    before = corpus.stats()
    rows = [tuple(r) for r in corpus.db.execute("SELECT id, path, sha256, status, code FROM files")]
    again = ingest_paths(corpus, [messy_folder])
    assert again.unchanged == len(rows) and not again.files
    assert corpus.stats() == before
    assert [tuple(r) for r in corpus.db.execute("SELECT id, path, sha256, status, code FROM files")] == rows


def _two_files_one_failing(tmp_path, monkeypatch, failing: str):
    """Folder with a.txt (甲...) and b.txt (乙...), and a corpus whose writer fails on the file whose
    text holds ``failing`` after writing some of its rows (as a full disk would)."""
    folder = tmp_path / "two"
    folder.mkdir()
    (folder / "a.txt").write_text("甲" + SPEECH, encoding="utf-8")
    (folder / "b.txt").write_text("乙" + SPEECH, encoding="utf-8")
    corpus = Corpus(tmp_path / "c.db")
    original_add_rows = corpus.add_rows

    def failing_add_rows(conn, file_id, rows):
        page_id = original_add_rows(conn, file_id, rows)
        if failing in str(rows["documents"]):
            raise RuntimeError("disk full while writing paragraphs")
        return page_id

    monkeypatch.setattr(corpus, "add_rows", failing_add_rows)
    return folder, corpus


def test_a_failing_file_leaves_no_partial_rows(tmp_path, monkeypatch):
    folder, corpus = _two_files_one_failing(tmp_path, monkeypatch, "甲")
    with pytest.raises(RuntimeError):
        ingest_paths(corpus, [folder / "a.txt"])
    # the transaction rolled back: no ledger row, no page, no document of a.txt
    assert corpus.db.execute("SELECT count(*) FROM files").fetchone()[0] == 0
    assert corpus.db.execute("SELECT count(*) FROM documents").fetchone()[0] == 0
    monkeypatch.undo()
    summary = ingest_paths(corpus, [folder])
    assert summary.files["ingested"] == 2 and all(c["ok"] for c in corpus.verify())


def test_a_file_failing_inside_a_commit_batch_keeps_the_files_before_it(tmp_path, monkeypatch):
    """Files share one commit (savepoints): when the second fails, the first is committed whole and the
    second leaves nothing, so a rerun ingests just the second."""
    folder, corpus = _two_files_one_failing(tmp_path, monkeypatch, "乙")
    with pytest.raises(RuntimeError):
        ingest_paths(corpus, [folder])
    assert [r[0] for r in corpus.db.execute("SELECT path FROM files")] == [str(folder / "a.txt")]
    assert corpus.db.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
    assert not corpus.db.in_transaction

    def indexed(phrase: str) -> int:  # the character index holds the committed file's paragraphs only
        match = '"' + fts_chars(phrase) + '"'
        return corpus.db.execute("SELECT count(*) FROM para_fts WHERE para_fts MATCH ?", (match,)).fetchone()[0]

    assert indexed("竞争上岗动员大会") == 1
    monkeypatch.undo()
    summary = ingest_paths(corpus, [folder])
    assert summary.unchanged == 1 and summary.files["ingested"] == 1 and all(c["ok"] for c in corpus.verify())
    assert indexed("竞争上岗动员大会") == 2


def test_a_full_disk_mid_batch_leaves_only_whole_files_and_names_the_cause(seeds_dir, tmp_path):
    """SQLite rolls back the whole open batch when the disk is full (simulated with max_page_count): the
    error is the real one, and what is left is consistent -- no index rows of files that are not in."""
    import shutil
    import sqlite3

    folder = tmp_path / "seeds"
    shutil.copytree(seeds_dir, folder)
    corpus = Corpus(tmp_path / "full.db")
    pages = corpus.db.execute("PRAGMA page_count").fetchone()[0]
    corpus.db.execute(f"PRAGMA max_page_count = {pages + 60}")
    with pytest.raises(sqlite3.OperationalError, match="full"):
        ingest_paths(corpus, [folder])
    assert not corpus.db.in_transaction and not corpus._fts_pending
    corpus.db.execute("PRAGMA max_page_count = 1073741823")
    assert all(c["ok"] for c in corpus.verify(sample=10_000))
    summary = ingest_paths(corpus, [folder])
    assert corpus.db.execute("SELECT count(*) FROM files WHERE status='ingested'").fetchone()[0] == 5
    assert summary.files["ingested"] + summary.unchanged == 5 and all(c["ok"] for c in corpus.verify(sample=10_000))


def test_control_share_by_translate_equals_the_byte_loop(seeds_dir):
    from jianghua._reference import control_share as _control_share_reference
    from jianghua.stages.decode import _control_share

    rng = random.Random(11)
    samples = [b"", bytes(range(256)), bytes(range(256)) * 300, b"\t\n\x0c\r" * 10, b"\x0b\x0e\x1f\x00\x7f\x80",
               rng.randbytes(70000), bytes(rng.choice(b"\x00\x01\x09\x0a\x0b\x20A") for _ in range(5000))]
    samples += [path.read_bytes() for path in sorted(seeds_dir.iterdir())]
    for data in samples:
        assert _control_share(data) == _control_share_reference(data)
    assert _control_share(bytes(range(32))) == 28 / 32
