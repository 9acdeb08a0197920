"""clusters: the passage graph's pieces taken a chunk at a time give what the whole arrays give."""

from __future__ import annotations

import numpy as np
from jianghua.reuse import clusters


def _components(n: int, u: list[int], v: list[int]) -> list[int]:
    """Each node's smallest node in its component, by a plain walk (the reference)."""
    neighbours: dict[int, list[int]] = {i: [] for i in range(n)}
    for a, b in zip(u, v, strict=True):
        neighbours[a].append(b)
        neighbours[b].append(a)
    label = [-1] * n
    for start in range(n):
        if label[start] >= 0:
            continue
        seen, todo = {start}, [start]
        while todo:
            for nxt in neighbours[todo.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        for node in seen:
            label[node] = min(seen)
    return label


def test_union_in_chunks_gives_each_nodes_smallest_in_its_component(monkeypatch):
    rng = np.random.default_rng(18)
    n = 3_000
    u, v = rng.integers(0, n, 2_500), rng.integers(0, n, 2_500)
    chain = np.arange(n - 400, n - 1)  # a long chain, linked from its far end: labels travel the whole way
    u, v = np.concatenate([u, chain[::-1]]), np.concatenate([v, chain[::-1] + 1])
    expected = _components(n, u.tolist(), v.tolist())
    whole = clusters._union(n, [u], [v])
    assert whole.tolist() == expected
    monkeypatch.setattr(clusters, "UNION_CHUNK", 37)
    split = len(u) // 3
    assert clusters._union(n, [u[:split], u[split:], u[:0]], [v[:split], v[split:], v[:0]]).tolist() == expected
    assert len(set(expected)) > 100 and max(expected.count(x) for x in set(expected)) > 400


def test_span_nodes_are_the_distinct_spans_with_their_first_end():
    # edges (seq, a, a0, a1, b, b0, b1); a standing node (class, s, e, first, comp)
    edges = np.array([[5, 1, 0, 10, 2, 3, 13],
                      [7, 2, 3, 13, 3, 0, 10],
                      [9, 1, 0, 10, 3, 0, 12]], dtype=np.int32)
    standing = np.array([[3, 0, 10, 4, 4], [4, 1, 2, 6, 6]], dtype=np.int64)
    nodes, node_of = clusters._span_nodes(edges, standing)
    assert nodes.tolist() == [[1, 0, 10, 10], [2, 3, 13, 11], [3, 0, 10, 4], [3, 0, 12, 19], [4, 1, 2, 6]]
    # the a ends, the b ends, the standing nodes
    assert node_of.tolist() == [0, 1, 0, 1, 2, 3, 2, 4]
    assert nodes.dtype == np.int64
