"""One-to-one matching: a maximum-weight assignment over candidate pairs, and span overlaps.

The scorer pairs gold and predicted items one to one by the total weight of the pairs: the
optimum, found by the Hungarian method, not a greedy pass. A greedy pass by overlap takes
the first good pair it sees, so its result depends on the order of the lists and can cost
an item its match to a neighbour that had another (an event whose evidence overlaps two
gold events can take the one a second predicted event needed). The optimum depends on the
weights alone; the lists are put in an order of their content first, so that even ties are
broken the same way whatever the order or the ids of a record.

Candidate pairs are few (an item overlaps a handful of others), so the pairs are split into
connected components and each is solved on its own: most are a single pair. A component
too large for the exact method to finish quickly (hundreds of items overlapping each
other, which no faithful record has) is matched heaviest pair first instead.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

__all__ = ["Interval", "assign", "components", "covered", "merged", "overlap", "overlapping"]

Interval = tuple[int, int]


def components(pairs: Iterable[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """The candidate pairs split into connected components (pairs sharing an item).

    >>> components([(1, 1), (0, 0), (1, 2), (2, 2)])
    [[(0, 0)], [(1, 1), (1, 2), (2, 2)]]
    """
    parent: dict[tuple[int, int], tuple[int, int]] = {}

    def root(node: tuple[int, int]) -> tuple[int, int]:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    pairs = list(pairs)
    # Most pairs share neither item with another pair: each is a component of its own.
    rows = Counter(g for g, _ in pairs)
    cols = Counter(p for _, p in pairs)
    alone = [[pair] for pair in pairs if rows[pair[0]] == 1 and cols[pair[1]] == 1]
    pairs = [pair for pair in pairs if rows[pair[0]] > 1 or cols[pair[1]] > 1]
    for g, p in pairs:
        a, b = (0, g), (1, p)
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[ra] = rb
    found: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for pair in pairs:
        found.setdefault(root((0, pair[0])), []).append(pair)
    return alone + list(found.values())


def assign(
    edges: Mapping[tuple[int, int], int],
    parts: Sequence[Sequence[tuple[int, int]]] | None = None,
) -> dict[int, int]:
    """The pairs ``gold -> predicted`` of a one-to-one matching of greatest total weight.

    ``edges`` maps each candidate pair ``(gold index, predicted index)`` to a positive
    integer weight; indexes not in any pair stay unmatched. ``parts`` are the
    :func:`components` of the pairs, when the caller has them already.

    >>> assign({(0, 0): 5, (0, 1): 4, (1, 0): 4})  # 4 + 4 beats 5
    {0: 1, 1: 0}
    """
    matched: dict[int, int] = {}
    for component in components(edges) if parts is None else parts:
        if len(component) == 1:
            ((g, p),) = component
            matched[g] = p
            continue
        rows = sorted({g for g, _ in component})
        cols = sorted({p for _, p in component})
        weights = {edges[pair] for pair in component}
        if len(weights) == 1 and len(component) == len(rows) * len(cols):
            # Every pair alike (the same span named twice on both sides): any pairing is
            # best, so the first with the first.
            matched.update(zip(rows, cols, strict=False))
            continue
        if min(len(rows), len(cols)) ** 2 * max(len(rows), len(cols)) > _EXACT_WORK:
            matched.update(_greedy(edges, component))
            continue
        if len(rows) <= len(cols):
            table = [[edges.get((g, p), 0) for p in cols] for g in rows]
            for r, c in enumerate(_hungarian(table)):
                if table[r][c] > 0:
                    matched[rows[r]] = cols[c]
        else:
            table = [[edges.get((g, p), 0) for g in rows] for p in cols]
            for c, r in enumerate(_hungarian(table)):
                if table[c][r] > 0:
                    matched[rows[r]] = cols[c]
    return matched


# The most steps the exact method may take on one component (rows^2 * columns). Real
# records give components of a few items; one of hundreds of items all overlapping each
# other (an extractor gone wrong) is matched greedily instead, so that no input hangs.
_EXACT_WORK = 2_000_000


def _greedy(
    edges: Mapping[tuple[int, int], int], component: Sequence[tuple[int, int]]
) -> dict[int, int]:
    """Pairs taken heaviest first, each item once: the fallback for huge components."""
    matched: dict[int, int] = {}
    taken: set[int] = set()
    for g, p in sorted(component, key=lambda pair: (-edges[pair], pair)):
        if g not in matched and p not in taken:
            matched[g] = p
            taken.add(p)
    return matched


def _hungarian(weights: Sequence[Sequence[int]]) -> list[int]:
    """For each row, the column of a maximum-weight assignment (rows <= columns).

    The shortest-augmenting-path form of the Hungarian method with potentials, in
    O(rows^2 * columns); weights are integers of any size, so that the scorer can rank
    criteria one above another without rounding.
    """
    n, m = len(weights), len(weights[0])
    inf = float("inf")
    u: list[float] = [0] * (n + 1)
    v: list[float] = [0] * (m + 1)
    owner = [0] * (m + 1)  # the row (1-based) holding each column; 0 for none
    way = [0] * (m + 1)
    for i in range(1, n + 1):
        owner[0] = i
        j0 = 0
        least: list[float] = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0 = owner[j0]
            row = weights[i0 - 1]
            delta: float = inf
            j1 = 0
            for j in range(1, m + 1):
                if not used[j]:
                    cost = -row[j - 1] - u[i0] - v[j]
                    if cost < least[j]:
                        least[j] = cost
                        way[j] = j0
                    if least[j] < delta:
                        delta = least[j]
                        j1 = j
            for j in range(m + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    least[j] -= delta
            j0 = j1
            if owner[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            owner[j0] = owner[j1]
            j0 = j1
    columns = [0] * n
    for j in range(1, m + 1):
        if owner[j]:
            columns[owner[j] - 1] = j - 1
    return columns


def merged(spans: Iterable[Interval], *, ordered: bool = False) -> list[Interval]:
    """The code points ``spans`` cover, as sorted, disjoint intervals (end exclusive);
    ``ordered`` says the spans come sorted already.

    >>> merged([(5, 9), (0, 3), (2, 4), (9, 10)])
    [(0, 4), (5, 10)]
    """
    out: list[Interval] = []
    for start, end in spans if ordered else sorted(spans):
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def covered(intervals: Sequence[Interval]) -> int:
    """How many code points merged intervals cover."""
    return sum(end - start for start, end in intervals)


def overlap(a: Sequence[Interval], b: Sequence[Interval]) -> int:
    """How many code points two lists of merged intervals share.

    >>> overlap([(0, 4), (6, 9)], [(3, 7)])
    2
    """
    shared = i = j = 0
    while i < len(a) and j < len(b):
        low, high = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if low < high:
            shared += high - low
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return shared


def overlapping(
    gold: Sequence[tuple[int, int, int]], predicted: Sequence[tuple[int, int, int]]
) -> set[tuple[int, int]]:
    """The pairs ``(gold owner, predicted owner)`` whose spans share a code point.

    Each list holds ``(start, end, owner)``; one sweep in order of start.

    >>> sorted(overlapping([(0, 5, 0), (10, 12, 1)], [(4, 11, 7), (5, 10, 8)]))
    [(0, 7), (1, 7)]
    """
    marks = sorted(
        [(start, end, 0, owner) for start, end, owner in gold]
        + [(start, end, 1, owner) for start, end, owner in predicted]
    )
    active: tuple[list[tuple[int, int]], list[tuple[int, int]]] = ([], [])
    pairs: set[tuple[int, int]] = set()
    for start, end, side, owner in marks:
        other = active[1 - side]
        other[:] = [entry for entry in other if entry[0] > start]
        for _, partner in other:
            pairs.add((owner, partner) if side == 0 else (partner, owner))
        active[side].append((end, owner))
    return pairs
