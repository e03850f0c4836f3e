"""Best one-to-one pairing of rows with entries by score, and how forced each pair is.

A pair is trusted only by its margin: how much the best total drops when that pair is
forbidden. Two readings that score alike give a margin near zero, whatever their scores.
Scores are split into connected parts first, so each Hungarian run stays small.
"""

from __future__ import annotations

from collections.abc import Mapping

_FORBIDDEN = 1e9


def assign(scores: Mapping[tuple[int, int], float]) -> dict[tuple[int, int], float]:
    """The best pairing of ``scores`` (keys (a, b), at most one pair per a and per b, pairs
    not in ``scores`` impossible, anything may stay unpaired), with each chosen pair's margin.
    """
    chosen: dict[tuple[int, int], float] = {}
    for part in _parts(scores):
        best, pairs = _solve(part)
        for pair in pairs:
            without = dict(part)
            del without[pair]
            chosen[pair] = best - _solve(without)[0]
    return chosen


def _parts(scores: Mapping[tuple[int, int], float]) -> list[dict[tuple[int, int], float]]:
    """Connected components of the bipartite graph the positive scores draw."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(node: tuple[str, int]) -> tuple[str, int]:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for a, b in scores:
        parent[find(("a", a))] = find(("b", b))
    parts: dict[tuple[str, int], dict[tuple[int, int], float]] = {}
    for (a, b), score in scores.items():
        if score > 0:
            parts.setdefault(find(("a", a)), {})[(a, b)] = score
    return list(parts.values())


def _solve(scores: Mapping[tuple[int, int], float]) -> tuple[float, list[tuple[int, int]]]:
    """Maximum total score pairing (Hungarian method, rows may stay unpaired)."""
    rows = sorted({a for a, _ in scores})
    cols = sorted({b for _, b in scores})
    if not rows:
        return 0.0, []
    n, m = len(rows), len(cols) + len(rows)  # one "unpaired" column per row
    cost = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i, a in enumerate(rows, start=1):
        for j, b in enumerate(cols, start=1):
            score = scores.get((a, b))
            cost[i][j] = -score if score is not None and score > 0 else _FORBIDDEN
    # e-maxx Hungarian, 1-based, n <= m: u, v potentials, p[j] the row matched to column j.
    u = [0.0] * (n + 1)
    v = [0.0] * (m + 1)
    p = [0] * (m + 1)
    way = [0] * (m + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [float("inf")] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], float("inf"), 0
            for j in range(1, m + 1):
                if not used[j]:
                    cur = cost[i0][j] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(m + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
    pairs = []
    total = 0.0
    for j in range(1, len(cols) + 1):
        if p[j]:
            pair = (rows[p[j] - 1], cols[j - 1])
            score = scores.get(pair)
            if score is not None and score > 0:
                pairs.append(pair)
                total += score
    return total, pairs
