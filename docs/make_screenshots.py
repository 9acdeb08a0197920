"""Regenerate the README's screenshots (docs/screenshots/*.png) from the demo corpus.

    .venv/bin/python docs/make_screenshots.py [--seeds ../shared/seeds] [--out docs/screenshots]

Builds a scratch corpus from corpora/sample and the seeds, serves it with ``jianghua serve`` on a free
loopback port and photographs each view in Debian's Chromium (Playwright) at 1200 x 720. Chinese needs
a CJK font (fonts-noto-cjk, which ``make test`` installs); without one every glyph is a box, so the
script refuses to run.
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SIZE = {"width": 1200, "height": 720}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cjk_font() -> bool:
    fc_list = shutil.which("fc-list")
    return bool(fc_list and subprocess.run([fc_list, ":lang=zh"], capture_output=True, text=True).stdout.strip())


def _changed_cluster(url: str) -> int:
    """The first passage cluster whose variants differ (the sample corpus's spun copy shows best)."""
    clusters = json.loads(urllib.request.urlopen(f"{url}/passages?format=json").read())["clusters"]
    for cluster in clusters:
        data = json.loads(urllib.request.urlopen(f"{url}/passages/{cluster['id']}?format=json").read())["variants"]
        if len(data["variants"]) >= 3 and any(v["similarity"] < 1 for v in data["variants"]):
            return int(cluster["id"])
    return int(clusters[0]["id"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", default=str(ROOT.parent / "shared" / "seeds"))
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    args = parser.parse_args()
    if not _cjk_font():
        print("no CJK font (apt-get install fonts-noto-cjk): the screenshots would show boxes", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    jianghua = str(Path(sys.executable).parent / "jianghua")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        db = str(Path(scratch) / "demo.db")
        inputs = [str(ROOT / "corpora" / "sample")] + ([args.seeds] if Path(args.seeds).is_dir() else [])
        subprocess.run([jianghua, "ingest", *inputs, "--db", db, "--json"], check=False, stdout=subprocess.DEVNULL)
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([jianghua, "serve", "--db", db, "--port", str(port)], stderr=subprocess.DEVNULL)
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(url + "/", timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
                page = browser.new_page(viewport=SIZE)
                shots = {
                    "search": "/search?q=幹部&window=18",
                    "docs": "/docs?topic=competitive_selection&sort=chars&desc=1",
                    "passage": f"/passages/{_changed_cluster(url)}",
                    "rules": "/rules?sort=posts",
                    "overview": "/?term=竞争上岗&by=genre",
                }
                for name, path in shots.items():
                    page.goto(url + path)
                    page.screenshot(path=str(out / f"{name}.png"))
                # a document opened from the concordance at a hit, its rules marked at their evidence
                page.goto(url + "/search?q=教务处处长&source=86ae1a88adefc9d4")
                page.click("tr.kwic-line td.kw a")
                page.wait_for_selector("mark.evidence")
                page.locator("#rules li.rule-value a", has_text="positions[0]").click()
                page.screenshot(path=str(out / "document.png"))
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"screenshots written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
