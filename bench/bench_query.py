"""Benchmark: search and concordance latency (p50/p95) and recall against a plain substring scan.

Usage:  .venv/bin/python bench/bench_query.py --db /tmp/jianghua-bench/bench-1-w2.db

Twenty queries of 2 to 6 characters (domain words and law vocabulary, in both scripts); for each, the
paragraphs a substring scan of the canonical text finds must all be found by ``search`` (recall 1.0)
and every result must contain the string (precision 1.0). Latency is measured over repeated runs of
``search`` (first page of 20) and ``kwic`` (first 100 lines, unsorted) with a warm cache.
Results are appended to bench/results/query.jsonl.
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
from jianghua.query import search as q  # noqa: E402

QUERIES = ["干部", "思想政治", "人民法院", "第一条", "竞争上岗", "民主测评", "行政机关", "法律责任", "罚款", "公务员",
           "國家", "主管機關", "中华人民共和国", "监督管理", "有期徒刑", "社会保险", "资格审查", "选拔任用", "公示", "审批"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    corpus = Corpus(args.db, readonly=True)
    paragraphs = corpus.db.execute("SELECT count(*) FROM paragraphs").fetchone()[0]
    recall_failures, precision_failures = [], []
    search_ms: list[float] = []
    kwic_ms: list[float] = []
    per_query = []
    for query in QUERIES:
        term = q.normalize_query_term(query)
        scan = {r[0] for r in corpus.db.execute("SELECT id FROM paragraphs WHERE instr(lower(text), ?) > 0", (term.lower(),))}
        found = q.search(corpus, query, limit=len(scan) + 10, count_cap=None)
        ids = {r["paragraph"] for r in found["results"]}
        if not scan <= ids or found["total"] != len(scan):
            recall_failures.append(query)
        if any(term.lower() not in r["text"].lower() for r in found["results"]):
            precision_failures.append(query)
        for _ in range(args.repeat):
            started = time.perf_counter()
            q.search(corpus, query, limit=20)
            search_ms.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            q.kwic(corpus, query, limit=100)
            kwic_ms.append((time.perf_counter() - started) * 1000)
        per_query.append({"query": query, "paragraphs": len(scan)})
    result = {
        "benchmark": "query", "db": args.db, "paragraphs": paragraphs, "queries": len(QUERIES),
        "recall": 1.0 - len(recall_failures) / len(QUERIES), "recall_failures": recall_failures,
        "precision": 1.0 - len(precision_failures) / len(QUERIES), "precision_failures": precision_failures,
        "search_p50_ms": round(statistics.median(search_ms), 1), "search_p95_ms": round(percentile(search_ms, 0.95), 1),
        "kwic_p50_ms": round(statistics.median(kwic_ms), 1), "kwic_p95_ms": round(percentile(kwic_ms, 0.95), 1),
        "per_query": per_query, "machine": machine(), "date": time.strftime("%Y-%m-%d"),
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))
    append_result("query", result)


if __name__ == "__main__":
    main()
