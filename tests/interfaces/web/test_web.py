"""The web workbench: JSON twins and escaping through Starlette's test client, and the main views in a
real browser (Debian's Chromium driven by Playwright) against `jianghua serve` on a loopback port."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import urllib.request

import pytest
from jianghua.corpus.store import Corpus
from jianghua.engines.ingest import ingest_paths

from tests.conftest import SAMPLE
from tests.support import served

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def web_db(seeds_dir, tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("web")
    hostile = folder / "inputs" / "hostile"
    hostile.mkdir(parents=True)
    (hostile / "script.txt").write_text(
        "在竞争上岗动员大会上的讲话\n\n同志们：\n这次竞争上岗要公开透明。<script>document.title='pwned'</script>"
        "<img src=x onerror=alert(1)>大家要正确对待。\n谢谢大家！\n", encoding="utf-8")
    db = str(folder / "web.db")
    corpus = Corpus(db)
    ingest_paths(corpus, [seeds_dir, SAMPLE, hostile])
    try:
        from jianghua import reuse

        reuse.build_reuse(corpus)
    except ImportError:
        pass
    corpus.close()
    return db


@pytest.fixture(scope="module")
def client(web_db):
    from jianghua.interfaces.web import create_app
    from starlette.testclient import TestClient

    return TestClient(create_app(web_db), base_url="http://127.0.0.1")


def test_search_json_twin_equals_the_library(client, web_db):
    from jianghua.query import search as query

    data = client.get("/search", params={"q": "幹部", "format": "json"}).json()
    corpus = Corpus(web_db, readonly=True)
    assert data["total"] == query.kwic(corpus, "干部", limit=None)["total"] > 100
    assert data["normalized"] == "干部" and len(data["lines"]) == 50


def test_every_view_answers_with_html_and_json(client):
    uid = client.get("/search", params={"q": "竞争上岗", "format": "json"}).json()["lines"][0]["doc_id"]
    for url in ("/", "/search?q=干部", f"/doc/{uid}", f"/doc/{uid}?script=canonical", "/rules", "/passages", "/?term=干部&by=genre",
                "/docs", "/substitutions", "/substitutions?genre=mobilization_speech"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "text/html" in response.headers["content-type"]
        twin = client.get(url, params={"format": "json"})
        assert twin.status_code == 200 and isinstance(twin.json(), dict), url


def test_corpus_text_is_escaped(client):
    uid = client.get("/search", params={"q": "公开透明", "source": "hostile", "format": "json"}).json()["lines"][0]["doc_id"]
    html = client.get(f"/doc/{uid}").text
    body = html[html.index("<main>"):]
    assert "<script>document.title" not in body and "&lt;script&gt;document.title" in body
    assert "<img src=x" not in body


def test_a_malformed_query_is_a_message(client):
    response = client.get("/search", params={"q": "，，"})
    assert response.status_code == 200 and "Q701" in response.text


def test_rules_csv_parses(client):
    response = client.get("/rules.csv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert rows is not None and "doc_id" in (csv.DictReader(io.StringIO(response.text)).fieldnames or [])


def test_rules_table_is_the_library_table(client, web_db, tmp_path):
    from jianghua.corpus.schema import RULE_TABLE_COLUMNS
    from jianghua.interfaces.cli import app
    from jianghua.interfaces.web.app import RULES_PAGE
    from jianghua.query.export import rule_table
    from typer.testing import CliRunner

    corpus = Corpus(web_db, readonly=True)
    assert corpus.rule_rows_ready()
    rows, total = rule_table(corpus)
    assert total > 5
    # the CSV download is the whole table, byte for byte what `jianghua export rule-table` writes
    output = tmp_path / "table.csv"
    result = CliRunner().invoke(app, ["export", "rule-table", "--db", web_db, "--format", "csv", "-o", str(output)])
    assert result.exit_code == 0, result.output
    csv_text = client.get("/rules.csv").text
    assert csv_text == output.read_bytes().decode("utf-8")
    parsed = list(csv.DictReader(io.StringIO(csv_text)))
    assert len(parsed) == total and list(parsed[0]) == list(RULE_TABLE_COLUMNS)
    assert parsed[0] == {k: "" if v is None else str(v) for k, v in rows[0].items()}
    # the page: sorted by a column (empty values last), filtered, paged; the JSON twin gives the records
    html = client.get("/rules", params={"sort": "posts"}).text
    assert f"{total} documents state rules" in html and 'id="rules-notice"' not in html
    first = rule_table(corpus, "posts", limit=RULES_PAGE)[0][0]
    assert f'<a href="/doc/{first["doc_id"]}">' in html.split("<tbody>")[1].split("</tr>")[0]
    needle = rows[0]["title"][:4]
    data = client.get("/rules", params={"filter": needle, "format": "json"}).json()
    assert data["total"] == rule_table(corpus, needle=needle)[1] >= 1
    assert [r["doc_id"] for r in data["rows"]] == [r["doc_id"] for r in rule_table(corpus, needle=needle)[0]]
    assert all(isinstance(r, dict) and "evidence" in json.dumps(r) for r in data["rows"])
    second = client.get("/rules", params={"page": 2, "format": "json"}).json()["rows"]
    assert [r["doc_id"] for r in second] == [r["doc_id"] for r in rule_table(corpus, limit=RULES_PAGE, offset=RULES_PAGE)[0]]


def test_rules_table_of_a_database_built_before_it(client, web_db, tmp_path):
    """Read-only over an old database: the same table, computed per request, and a note saying how to store it."""
    import sqlite3

    from jianghua.interfaces.web import create_app
    from starlette.testclient import TestClient

    old = tmp_path / "old.db"
    source = sqlite3.connect(web_db)
    source.execute("VACUUM INTO ?", (str(old),))
    source.close()
    db = sqlite3.connect(old)
    db.execute("DROP TABLE rule_rows")
    db.execute("DELETE FROM meta WHERE key = 'rule_rows_version'")
    db.commit()
    db.close()
    old_client = TestClient(create_app(str(old)), base_url="http://127.0.0.1")
    html = old_client.get("/rules", params={"sort": "max_age"}).text
    assert 'id="rules-notice"' in html and f"jianghua migrate --db {old}" in html
    assert old_client.get("/rules.csv").text == client.get("/rules.csv").text
    for params in ({"sort": "max_age"}, {"filter": "竞争", "sort": "title"}):
        expected = client.get("/rules", params={**params, "format": "json"}).json()
        assert expected["total"] > 0 and old_client.get("/rules", params={**params, "format": "json"}).json() == expected
    assert not Corpus(old, readonly=True).rule_rows_ready()  # serving never writes


def test_overview_follows_a_changed_database(web_db, tmp_path):
    """The corpus-wide counts of the overview are kept between requests only while the database files
    are unchanged; the term chart is the library's, computed per request."""
    import sqlite3

    from jianghua.interfaces.web import create_app
    from jianghua.query import search as query
    from starlette.testclient import TestClient

    copy = tmp_path / "changing.db"
    source = sqlite3.connect(web_db)
    source.execute("VACUUM INTO ?", (str(copy),))
    source.close()
    Corpus(copy).close()  # WAL mode, as ingest leaves it
    changing = TestClient(create_app(str(copy)), base_url="http://127.0.0.1")
    before = changing.get("/", params={"format": "json"}).json()
    assert "zz-relabelled" not in dict(before["by_genre"])
    db = sqlite3.connect(copy)
    db.execute("UPDATE documents SET genre = 'zz-relabelled' WHERE id = (SELECT min(id) FROM documents)")
    db.commit()
    after = changing.get("/", params={"format": "json", "term": "干部", "by": "genre"}).json()
    db.close()
    assert dict(after["by_genre"])["zz-relabelled"] == 1 and after["stats"] == before["stats"]
    expected = query.term_by(Corpus(copy, readonly=True), "干部", "genre")["groups"]
    assert after["term_chart"] == [[g, v["per_document"]] for g, v in expected.items()]


def test_variants_read_only_the_shown_occurrences(client, web_db):
    from jianghua import reuse
    from jianghua.interfaces.web.app import VARIANTS_SHOWN

    corpus = Corpus(web_db, readonly=True)
    cluster, size = corpus.db.execute("SELECT id, size FROM passage_clusters ORDER BY size DESC LIMIT 1").fetchone()
    data = client.get(f"/passages/{cluster}", params={"format": "json"}).json()["variants"]
    assert data["occurrences"] == size == corpus.db.execute(
        "SELECT count(*) FROM passage_occurrences WHERE cluster = ?", (cluster,)).fetchone()[0]
    everything = reuse.variants(corpus, cluster)
    assert len(everything["variants"]) == size and everything["occurrences"] == size
    assert data["variants"] == everything["variants"][:VARIANTS_SHOWN]
    for variant in everything["variants"]:  # the diff rebuilds both texts
        assert "".join(s["a"] for s in variant["segments"]) == everything["representative"]["text"]
        assert "".join(s["b"] for s in variant["segments"]) == variant["text"]
        assert (variant["similarity"] == 1.0) == (variant["text"] == everything["representative"]["text"])


def test_unknown_document_is_an_error_page(client, web_db):
    response = client.get("/doc/nope-1")
    assert response.status_code == 404 and "D404" in response.text and "text/html" in response.headers["content-type"]
    assert os.path.dirname(web_db) not in response.text  # the server's paths stay out of pages


# --- in a real browser ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(web_db):
    with served(web_db) as port:
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"Chromium not found at {CHROMIUM}; CI installs Debian's chromium in .ci/run")
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    with playwright.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield instance
        instance.close()


@pytest.fixture()
def page(browser, tmp_path):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    tab = context.new_page()
    yield tab
    context.close()


def test_browser_search_in_traditional_script_shows_kwic_lines(server, page, tmp_path):
    page.goto(server + "/search")
    page.fill("input[name=q]", "幹部")
    page.click("button")
    page.wait_for_selector("tr.kwic-line")
    assert page.locator("tr.kwic-line").count() == 50
    assert "干部" in page.inner_text("#hitcount")
    page.click("th >> text=right context")
    page.wait_for_url("**sort=right**")
    rights = page.locator("td.right").all_inner_texts()
    assert rights == sorted(rights)
    page.screenshot(path=str(tmp_path / "search.png"))


def test_browser_document_toggles_script(server, page, tmp_path):
    page.goto(server + "/search?q=資訊&source=918b39668ea2ac01")
    page.click("tr.kwic-line td.kw a")
    page.wait_for_selector("mark#hit")
    assert page.inner_text("mark#hit") == "資訊"
    page.click("#toggle-script")
    page.wait_for_selector("mark#hit")
    assert page.inner_text("mark#hit") == "信息"
    page.screenshot(path=str(tmp_path / "document.png"))


def test_browser_script_in_corpus_renders_as_text(server, page):
    page.goto(server + "/search?q=公开透明&source=hostile")
    page.click("tr.kwic-line td.kw a")
    page.wait_for_selector(".doc")
    assert page.title() != "pwned"
    assert "<script>document.title='pwned'</script>" in page.inner_text(".doc .text")


def test_browser_downloads_rules_csv(server, page, tmp_path):
    page.goto(server + "/rules")
    with page.expect_download() as download_info:
        page.click("#download-csv")
    target = tmp_path / "rules.csv"
    download_info.value.save_as(target)
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert isinstance(rows, list)
    json.loads(urllib.request.urlopen(server + "/rules?format=json").read())


def test_browser_document_shows_rules_at_their_evidence(server, page, tmp_path):
    page.goto(server + "/search?q=教务处处长&source=86ae1a88adefc9d4")
    page.click("tr.kwic-line td.kw a")
    page.wait_for_selector("mark.evidence")
    values = page.locator("#rules li.rule-value")
    assert values.count() > 20
    link = page.locator("#rules li.rule-value a", has_text="positions[0]")
    anchor = link.get_attribute("href")
    link.click()
    mark = page.locator(f"mark{anchor}")
    assert mark.inner_text() == "教务处处长"
    assert mark.is_visible()
    page.screenshot(path=str(tmp_path / "rules-evidence.png"))


def test_browser_passage_variants_show_differences(server, page, tmp_path):
    page.goto(server + "/passages")
    page.wait_for_selector("#clusters tbody tr")
    page.click("#substitutions-link")
    page.wait_for_selector("tr.substitution")
    assert page.locator("tr.substitution").count() > 0
    # the spun copy of the sample corpus: a cluster whose variants differ by substituted words
    clusters = json.loads(urllib.request.urlopen(server + "/passages?format=json").read())["clusters"]
    changed = None
    for cluster in clusters:
        data = json.loads(urllib.request.urlopen(f"{server}/passages/{cluster['id']}?format=json").read())["variants"]
        if len(data["variants"]) >= 2 and any(seg["op"] != "equal" for v in data["variants"] for seg in v["segments"]):
            changed = cluster["id"]
            break
    assert changed is not None
    page.goto(f"{server}/passages/{changed}")
    page.wait_for_selector("article.variant")
    assert page.locator("article.variant").count() >= 2
    assert page.locator("article.variant del.diff, article.variant ins.diff").count() > 0
    page.screenshot(path=str(tmp_path / "variants.png"))


@pytest.mark.parametrize(("url", "same_as"), [("/search?q=干部&page=abc", "/search?q=干部"),
                                             ("/search?q=干部&window=zz", "/search?q=干部"),
                                             ("/rules?page=x", "/rules"), ("/rules?page=--5", "/rules"),
                                             ("/rules?page=²", "/rules")])
def test_a_malformed_number_in_the_url_means_the_default_not_an_error(client, url, same_as):
    response = client.get(url, params={"format": "json"})
    assert response.status_code == 200
    assert response.json() == client.get(same_as, params={"format": "json"}).json()


def test_browser_pages_break_no_rule_of_the_content_security_policy(server, page):
    """The pages need nothing the policy forbids (no script, no inline style): Chromium reports every
    refused resource or style on the console."""
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None)
    page.goto(server + "/search?q=資訊&source=918b39668ea2ac01")
    page.click("tr.kwic-line td.kw a")
    page.wait_for_selector("mark#hit")
    assert page.locator(".tree li").count() > 0
    indents = {page.locator(".tree li").nth(i).evaluate("e => getComputedStyle(e).paddingLeft")
               for i in range(page.locator(".tree li").count())}
    assert len(indents) > 1  # the section tree is indented by level without inline styles
    for url in ("/", "/?term=干部&by=genre", "/docs", "/docs?genre=mobilization_speech", "/passages", "/passages/1", "/substitutions", "/rules",
                "/no/such/page"):
        page.goto(server + url)
    assert refused == []


# --- browsing, downloads, filters (issue 17) -----------------------------------------------------------------

def test_document_list_with_facets_that_filter(client, web_db):
    from jianghua.query import browse
    from jianghua.query.filters import Filters

    corpus = Corpus(web_db, readonly=True)
    html = client.get("/docs").text
    total = corpus.db.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert f"{total} documents" in html and 'id="facet-genre"' in html and 'id="facet-site"' in html
    data = client.get("/docs", params={"format": "json"}).json()
    assert data["total"] == total and len(data["documents"]) == min(total, 100)
    # every facet value links to the list filtered by it, and its count is the length of that list
    for name in ("genre", "topic", "year", "site"):
        for facet in data["facets"][name]:
            if facet["link"] is None:
                continue
            assert facet["link"].startswith("/docs?")
            filtered = client.get(facet["link"] + "&format=json").json()
            assert filtered["total"] == facet["count"], facet["link"]
    # facets combine: a second filter narrows the first; sorting by a column header
    both = client.get("/docs", params={"genre": "mobilization_speech", "site": "seeds", "sort": "chars", "desc": "1",
                                       "format": "json"}).json()
    expected = browse.documents(corpus, Filters(genre="mobilization_speech", site="seeds"), sort="chars", descending=True)
    assert [d["id"] for d in both["documents"]] == [d["id"] for d in expected["documents"]]
    assert client.get("/docs", params={"genre": "speech"}).status_code == 400
    refused = client.get("/docs", params={"exclude_duplicates": "ture"})  # it used to mean no, silently
    assert refused.status_code == 400 and "Q734" in refused.text and "1, true, on, yes" in refused.text


def test_the_overview_bars_link_to_filtered_lists(client):
    html = client.get("/").text
    assert '<a href="/docs?genre=mobilization_speech" class="bar-link">' in html
    assert 'href="/docs?topic=competitive_selection"' in html
    charted = client.get("/", params={"term": "干部", "by": "genre"}).text
    assert 'href="/search?q=%E5%B9%B2%E9%83%A8&amp;genre=mobilization_speech"' in charted


def test_kwic_downloads_follow_the_search_page(client, web_db):
    from jianghua.query import search as query

    corpus = Corpus(web_db, readonly=True)
    params = {"q": "竞争上岗", "genre": "mobilization_speech", "exclude_duplicates": "1"}
    page = client.get("/search", params=params).text
    assert 'id="download-kwic-csv"' in page and 'id="download-kwic-jsonl"' in page
    expected = query.kwic(corpus, "竞争上岗", window=25, limit=None, count_cap=None,
                          filters=query.Filters(genre="mobilization_speech", exclude_duplicates=True))["lines"]
    rows = list(csv.DictReader(io.StringIO(client.get("/search.csv", params=params).text)))
    assert len(rows) == len(expected) > 50 and rows[0]["keyword"] == expected[0]["keyword"]
    assert list(rows[0]) == list(query.KWIC_COLUMNS)
    lines = [json.loads(line) for line in client.get("/search.jsonl", params=params).text.splitlines()]
    assert lines == json.loads(json.dumps(expected))
    excel = client.get("/search.csv", params={**params, "excel": "1"})
    assert excel.content.startswith("\ufeffdoc_id".encode()) and "attachment" in excel.headers["content-disposition"]


def test_rules_downloads_honor_the_page_filters(client, web_db):
    from jianghua.query.export import rule_table
    from jianghua.query.filters import Filters

    corpus = Corpus(web_db, readonly=True)
    filters = Filters(genre="mobilization_speech")
    rows, total = rule_table(corpus, filters=filters)
    assert 0 < total < rule_table(corpus)[1]
    parsed = list(csv.DictReader(io.StringIO(client.get("/rules.csv", params={"genre": "mobilization_speech"}).text)))
    assert [r["doc_id"] for r in parsed] == [r["doc_id"] for r in rows]
    data = client.get("/rules", params={"genre": "mobilization_speech", "format": "json"}).json()
    assert data["total"] == total and [r["doc_id"] for r in data["rows"]] == [r["doc_id"] for r in rows]
    page = client.get("/rules", params={"genre": "mobilization_speech", "filter": "处"}).text
    assert 'href="/rules.csv?genre=mobilization_speech&amp;filter=%E5%A4%84' in page or \
        'href="/rules.csv?filter=%E5%A4%84&amp;genre=mobilization_speech' in page
    assert client.get("/rules.csv", params={"excel": "1"}).content.startswith(b"\xef\xbb\xbfdoc_id")


def test_passages_are_paged_with_dropdowns(client, web_db):
    from jianghua.interfaces.web.app import PASSAGES_PAGE
    from jianghua.reuse.listing import passage_page

    corpus = Corpus(web_db, readonly=True)
    html = client.get("/passages").text
    for name in ("topic", "role", "kind", "genre", "site"):
        assert f'<select name="{name}">' in html, name
    every = passage_page(corpus, limit=None)
    first = client.get("/passages", params={"format": "json", "min_docs": "2"}).json()
    assert first["total"] == every["total"] and len(first["clusters"]) == min(PASSAGES_PAGE, every["total"])
    if every["total"] > PASSAGES_PAGE:
        second = client.get("/passages", params={"format": "json", "page": "2"}).json()
        assert [c["id"] for c in first["clusters"] + second["clusters"]] == [c["id"] for c in every["clusters"]][:2 * PASSAGES_PAGE]
    small = client.get("/passages", params={"format": "json", "min_docs": "2", "site": "seeds"}).json()
    from jianghua.query.filters import Filters

    assert small["total"] == passage_page(corpus, filters=Filters(site="seeds"))["total"]
    assert client.get("/passages", params={"topic": "selection"}).status_code == 400


def test_a_cjk_font_is_installed_with_chromium():
    """Screenshots and browser pages need a CJK font or Chinese renders as boxes (make test installs
    fonts-noto-cjk beside chromium)."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("no Chromium, no browser pages to render")
    fc_list = shutil.which("fc-list")
    assert fc_list, "fontconfig's fc-list is missing"
    fonts = subprocess.run([fc_list, ":lang=zh"], capture_output=True, text=True, check=True).stdout
    assert "CJK" in fonts or fonts.strip(), "no font for Chinese: apt-get install fonts-noto-cjk"


def test_browser_copy_button_copies_the_variants_own_text(server, browser, web_db):
    from jianghua.reuse import variants
    from jianghua.reuse.listing import passage_page

    corpus = Corpus(web_db, readonly=True)
    cluster = next(c["id"] for c in passage_page(corpus, limit=None)["clusters"]
                   if any(v["similarity"] < 1 for v in variants(corpus, c["id"], limit=20)["variants"]))
    data = variants(corpus, cluster, limit=20)
    index = next(i for i, v in enumerate(data["variants"]) if v["similarity"] < 1)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    tab = context.new_page()
    try:
        tab.goto(f"{server}/passages/{cluster}")
        button = tab.locator("article.variant button.copy").nth(index)
        button.click()
        tab.wait_for_function("i => document.querySelectorAll('article.variant button.copy')[i].textContent === 'copied'", arg=index)
        copied = tab.evaluate("navigator.clipboard.readText()")
        assert copied == data["variants"][index]["text"]
        marked = tab.locator("article.variant p.marked").nth(index).inner_text()
        assert marked != copied  # the card shows both readings; the button copies one
    finally:
        context.close()


def test_browser_rules_table_is_readable_at_1280(server, page):
    page.goto(server + "/rules")
    page.wait_for_selector("#rules-table tbody tr")
    title = page.locator("#rules-table td.col-title").first.bounding_box()
    assert title is not None and title["width"] >= 130  # titles wrap in a column wide enough to read (10 characters)
    widths = page.evaluate("[...document.querySelectorAll('#rules-table td.col-posts')].map(e => e.getBoundingClientRect().width)")
    assert widths and max(widths) < 90  # numbers compact
    table, box = page.evaluate("[document.querySelector('#rules-table').scrollWidth, document.querySelector('.table-wrap').clientWidth]")
    assert table <= box  # every column on the screen at 1280 px, no sideways scrolling


def test_browser_facets_filter_the_document_list(server, page):
    page.goto(server + "/docs")
    page.wait_for_selector("#facet-genre li a")
    link = page.locator("#facet-genre li a").first
    count = int(page.locator("#facet-genre li .count").first.inner_text())
    link.click()
    page.wait_for_url("**genre=**")
    assert page.locator("#documents tbody tr").count() == min(count, 100)
    assert f"{count} documents" in page.inner_text("#doc-count")


def test_substitutions_page_is_the_library_list(client, web_db):
    from jianghua.query.filters import Filters
    from jianghua.reuse.listing import substitutions

    corpus = Corpus(web_db, readonly=True)
    for params, filters in (({}, Filters()), ({"site": "seeds"}, Filters(site="seeds"))):
        data = client.get("/substitutions", params={**params, "format": "json"}).json()
        expected = substitutions(corpus, filters)
        assert data["total"] == len(expected) and data["rows"] == json.loads(json.dumps(expected[:100]))
    html = client.get("/passages", params={"site": "seeds"}).text
    assert 'href="/substitutions?site=seeds"' in html
