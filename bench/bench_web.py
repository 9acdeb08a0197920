"""Benchmark: response time of every workbench page over a corpus database (in-process ASGI client).

Usage:  .venv/bin/python bench/bench_web.py --db /tmp/jianghua-bench/bench-1-w2.db

Each view is requested --repeat times after one warm-up; p50/p95 in milliseconds are appended to
bench/results/web.jsonl. Goal: every page under 300 ms on the whole bench corpus.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench_ingest import append_result, machine, percentile  # noqa: E402
from jianghua.corpus.store import Corpus  # noqa: E402
from jianghua.interfaces.web import create_app  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    corpus = Corpus(args.db, readonly=True)
    doc = corpus.db.execute("SELECT uid FROM documents WHERE rules IS NOT NULL ORDER BY n_chars DESC LIMIT 1").fetchone()[0]
    has_reuse = corpus.db.execute("SELECT 1 FROM sqlite_master WHERE name='passage_clusters'").fetchone() is not None
    cluster = corpus.db.execute("SELECT id FROM passage_clusters ORDER BY n_docs DESC LIMIT 1").fetchone()[0] if has_reuse else None
    # the longest passage: its variants are the slowest character diffs (difflib is quadratic in the length)
    long_cluster = corpus.db.execute(
        "SELECT id FROM passage_clusters ORDER BY length(representative) DESC, id LIMIT 1").fetchone()[0] if has_reuse else None
    if not corpus.rule_rows_ready():
        print(f"note: {args.db} has no stored rules table; the rules views compute it per request "
              f"(jianghua migrate --db {args.db} stores it)", file=sys.stderr)
    corpus.close()
    client = TestClient(create_app(args.db), base_url="http://127.0.0.1")
    views = {"overview": "/", "overview_term": "/?term=法律&by=genre", "search_kwic": "/search?q=人民法院",
             "search_rare": "/search?q=思想政治", "search_sorted": "/search?q=罚款&sort=right",
             "document": f"/doc/{doc}", "document_canonical": f"/doc/{doc}?script=canonical", "rules": "/rules",
             "rules_sorted": "/rules?sort=posts", "rules_filtered": "/rules?filter=办法&sort=title", "rules_csv": "/rules.csv"}
    if cluster is not None:
        views.update({"passages": "/passages", "variants": f"/passages/{cluster}", "variants_long": f"/passages/{long_cluster}"})
    timings: dict[str, dict[str, float]] = {}
    for name, url in views.items():
        assert client.get(url).status_code == 200, url
        values = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            response = client.get(url)
            values.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        values.sort()
        timings[name] = {"p50_ms": round(statistics.median(values), 1), "p95_ms": round(percentile(values, 0.95), 1)}
    result = {"benchmark": "web", "db": args.db, "views": timings, "machine": machine(), "date": time.strftime("%Y-%m-%d")}
    print(json.dumps(result, ensure_ascii=False, indent=2))
    append_result("web", result)


if __name__ == "__main__":
    main()
