"""Hostile requests to the web workbench: no HTTP 500 for any parameter, huge URLs answered with a 4xx (not
a reset connection), security headers on every response, the Host header checked against DNS rebinding,
error pages as HTML with the right status and without the server's paths. Requests generated at test
time, through Starlette's test client and against a real `jianghua serve`."""

from __future__ import annotations

import shutil
import socket
import sqlite3
import urllib.request
from pathlib import Path

import pytest
from jianghua.interfaces.web import create_app
from jianghua.interfaces.web.guard import MAX_QUERY_STRING, allowed_hosts
from starlette.testclient import TestClient

from tests.support import build_seed_corpus, served


@pytest.fixture(scope="module")
def web_db(seeds_dir, tmp_path_factory) -> str:
    return str(build_seed_corpus(seeds_dir, tmp_path_factory.mktemp("webhostile") / "seeds.db"))


@pytest.fixture(scope="module")
def client(web_db):
    return TestClient(create_app(web_db), base_url="http://127.0.0.1", raise_server_exceptions=False)


@pytest.fixture(scope="module")
def ids(client) -> dict[str, str]:
    doc = client.get("/search", params={"q": "竞争上岗", "format": "json"}).json()["lines"][0]["doc_id"]
    cluster = client.get("/passages", params={"format": "json"}).json()["clusters"][0]["id"]
    return {"doc": doc, "cluster": str(cluster)}


HOSTILE_VALUES = ["²", "٣", "-1", "0", "99999999999999999999999", "1e23", "²-3", "5-3", "0-99999999999999999999",
                  "3-", "'; DROP TABLE documents; --", "<script>alert(1)</script>", "\x00", "干" * 1001, "(" * 40,
                  " OR ".join(["干"] * 100), "%", "_", "\u202e", "\ud800".encode("utf-8", "surrogatepass").decode("latin-1")]
ROUTES = {
    "/": ["term", "by", "format"],
    "/search": ["q", "year", "genre", "topic", "org", "source", "window", "page", "sort"],
    "/doc/{doc}": ["hl", "script"],
    "/rules": ["page", "sort", "filter"],
    "/rules.csv": ["sort"],
    "/passages": ["min_docs", "topic", "role"],
    "/passages/{cluster}": ["limit"],
}


def test_no_parameter_value_makes_a_500(client, ids):
    answered = 0
    for route, names in ROUTES.items():
        url = route.format(**ids)
        for name in names:
            for value in HOSTILE_VALUES:
                base = {"q": "干部"} if route == "/search" and name != "q" else {}
                response = client.get(url, params={**base, name: value})
                assert response.status_code < 500, (url, name, value, response.status_code)
                if name != "format":
                    assert response.headers["content-type"].startswith(("text/html", "text/csv")), (url, name, value)
                answered += 1
    assert answered == sum(len(names) for names in ROUTES.values()) * len(HOSTILE_VALUES) == 440


@pytest.mark.parametrize(("url", "status", "code"), [
    ("/search?q=干部&year=²", 200, "Q733"),  # the search form shows its errors beside the form
    ("/search?q=干部&year=99999999999999999999999", 200, "Q733"),
    ("/search?q=干部&genre=speech", 200, "Q734"),
    ("/search?q=" + "干" * 1001, 200, "Q730"),
    ("/passages?min_docs=²", 400, "Q733"),
    ("/passages?min_docs=99999999999999999999999", 400, "Q733"),
    ("/passages?role=intro", 400, "Q734"),
    ("/?term=，，", 400, "Q701"),
    ("/doc/nonexistent", 404, "D404"),
    ("/passages/99999999999999999999999", 404, "U803"),
    ("/passages/0", 404, "U803"),
    ("/no/such/page", 404, "W904"),
])
def test_errors_have_a_code_and_the_right_status(client, url, status, code):
    response = client.get(url)
    assert response.status_code == status and f"[{code}]" in response.text
    assert response.headers["content-type"].startswith("text/html")
    twin = client.get(url + ("&" if "?" in url else "?") + "format=json")
    assert twin.status_code == status and twin.headers["content-type"] == "application/json"
    data = twin.json()
    assert (data["error"][1:5] if status == 200 else data["code"]) == code  # the search form: its "error" field


def test_navigation_numbers_out_of_range_mean_the_default(client, ids):
    for url, same_as in ((f"/doc/{ids['doc']}?hl=²-3", f"/doc/{ids['doc']}"),
                         (f"/doc/{ids['doc']}?hl=0-99999999999999999999", f"/doc/{ids['doc']}"),
                         ("/rules?page=99999999999999999999999", "/rules"),
                         ("/search?q=干部&page=99999999999999999999999", "/search?q=干部"),
                         ("/search?q=干部&window=٣", "/search?q=干部")):
        response = client.get(url, params={"format": "json"})
        assert response.status_code == 200 and response.json() == client.get(same_as, params={"format": "json"}).json()


def test_error_pages_show_no_server_path(client, web_db):
    folder = str(Path(web_db).parent)
    for url in ("/doc/nonexistent", "/passages/0", "/no/such/page", "/passages?min_docs=-1"):
        response = client.get(url)
        assert response.status_code >= 400 and folder not in response.text and "Traceback" not in response.text
        assert "<h1>" in response.text and 'class="error"' in response.text


def test_a_damaged_corpus_is_a_500_page_with_its_code(web_db, tmp_path):
    damaged = tmp_path / "damaged.db"
    shutil.copy(web_db, damaged)
    with sqlite3.connect(damaged) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'paragraphs'").fetchone()[0]
    with damaged.open("r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(bytes(2 * page_size))
    client = TestClient(create_app(str(damaged)), base_url="http://127.0.0.1", raise_server_exceptions=False)
    response = client.get("/search", params={"q": "干部"})
    assert response.status_code == 500 and "[D430]" in response.text and str(tmp_path) not in response.text
    assert response.headers["content-type"].startswith("text/html")


def test_an_unexpected_failure_is_a_500_page_without_details(web_db, monkeypatch):
    from jianghua.interfaces.web import app as web

    def broken(*_args, **_kwargs):
        raise RuntimeError(f"a bug that names {web_db}")

    monkeypatch.setattr(web, "rule_table", broken)
    client = TestClient(create_app(web_db), base_url="http://127.0.0.1", raise_server_exceptions=False)
    response = client.get("/rules")
    assert response.status_code == 500 and "[W905]" in response.text and web_db not in response.text
    assert "RuntimeError" not in response.text and response.headers["content-type"].startswith("text/html")


def test_methods_other_than_get(client):
    response = client.post("/search", data={"q": "干部"})
    assert response.status_code == 405 and "[W906]" in response.text


HEADERS = {"x-content-type-options": "nosniff", "x-frame-options": "DENY"}


def _secured(response) -> bool:
    csp = response.headers.get("content-security-policy", "")
    return ("frame-ancestors 'none'" in csp and "default-src 'none'" in csp
            and all(response.headers.get(k) == v for k, v in HEADERS.items()))


def test_every_response_carries_the_security_headers(client, ids):
    for url in ("/", f"/doc/{ids['doc']}", "/rules.csv", "/static/style.css", "/no/such/page", "/passages/0",
                "/search?q=" + "干" * (MAX_QUERY_STRING // 9 + 1)):
        response = client.get(url)
        assert _secured(response), (url, response.status_code, dict(response.headers))
    assert _secured(client.get("/", headers={"host": "evil.example"}))


def test_a_long_query_string_is_414(client):
    response = client.get("/search", params={"q": "a" * (MAX_QUERY_STRING + 1)})
    assert response.status_code == 414 and "[W902]" in response.text


@pytest.mark.parametrize(("host", "status"), [("127.0.0.1", 200), ("127.0.0.1:8765", 200), ("localhost:8765", 200),
                                              ("LOCALHOST.", 200), ("[::1]:8765", 200), ("evil.example", 421),
                                              ("evil.example:8765", 421), ("127.0.0.1.evil.example", 421),
                                              ("", 421)])
def test_the_host_header_is_checked(client, host, status):
    response = client.get("/", headers={"host": host})
    assert response.status_code == status
    if status == 421:
        assert "[W903]" in response.text


@pytest.mark.parametrize(("bind", "extra", "expected"), [
    ("127.0.0.1", (), {"127.0.0.1", "localhost", "::1"}),
    ("localhost", ("corpus.lan",), {"127.0.0.1", "localhost", "::1", "corpus.lan"}),
    ("192.168.1.5", (), {"192.168.1.5"}),
    ("192.168.1.5", ("Corpus.LAN:8765",), {"192.168.1.5", "corpus.lan"}),
    ("0.0.0.0", (), None),
    ("::", ("corpus.lan",), {"127.0.0.1", "localhost", "::1", "corpus.lan"}),
])
def test_allowed_hosts(bind, extra, expected):
    assert allowed_hosts(bind, extra) == (None if expected is None else frozenset(expected))


def test_any_host_when_asked(web_db):
    client = TestClient(create_app(web_db, hosts=None), base_url="http://corpus.lan")
    assert client.get("/").status_code == 200


# --- against a real server ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(web_db):
    with served(web_db, "/static/style.css") as port:
        yield port


def _raw(port: int, request: bytes) -> bytes:
    """Send ``request`` whole, then read the answer to its end (a reset raises ConnectionResetError)."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(request)
        answer = b""
        while chunk := s.recv(65536):
            answer += chunk
    return answer


@pytest.mark.parametrize("size", [1_000, 20_000, 100_000, 1_000_000, 10_000_000])
def test_a_huge_url_is_answered_not_reset(server, size):
    answer = _raw(server, b"GET /search?q=" + b"a" * size + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    status = answer.split(b"\r\n", 1)[0]
    if size <= MAX_QUERY_STRING:
        assert status == b"HTTP/1.1 200 OK"
    else:
        assert status.startswith(b"HTTP/1.1 414") and b"[W902]" in answer
        assert b"content-security-policy" in answer.lower()


def test_a_huge_header_block_is_431(server):
    answer = _raw(server, b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Junk: " + b"j" * 200_000 + b"\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 431")


def test_raw_bytes_in_the_request_line_are_400(server):
    answer = _raw(server, "GET /search?q=干部&year=² HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    assert answer.startswith(b"HTTP/1.1 400") and b"[W907]" in answer


def test_the_real_server_refuses_another_host(server):
    answer = _raw(server, b"GET / HTTP/1.1\r\nHost: rebound.example\r\nConnection: close\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 421") and b"[W903]" in answer
    request = urllib.request.Request(f"http://localhost:{server}/", headers={})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200 and response.headers["X-Frame-Options"] == "DENY"
