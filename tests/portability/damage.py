"""Records damaged in one place, spread evenly over the places of the model.

A place is a path with its list indexes left out (``entities/*/identifiers/*/value``):
one is drawn first, then one of its occurrences, so that the few identifier values and
moment zones of a record are damaged as often as its thousands of span offsets.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from hypothesis import strategies as st

__all__ = ["damaged"]

Path = tuple[str | int, ...]

#: Characters that engines read differently: white space, line breaks, beyond ASCII.
TRICKY = "aZ0-_. \t\n\r\u00a0\u0085\u2028\u3000\ufeff\u200béQx+:"

LEAVES: list[Any] = [
    None, True, 0, 1, -1, 1.5, 1e300, "", " ", "\u00a0", "\u3000\t", "\u0085", "\u200b", "x",
    "E1", "E1\n", "E1\u2028", "e-1", "a_b.c", "-a", "2024", "2024-02-30", "2024-08-23T02:34",
    "+03:00", "Z", "unstated", "USD", "usd", "person", "x-bushel", "x-", "Q42", "Q0", "en",
    "EN-gb", "en-x-newsroom", "x-internal", "eng-", "https://example.org",
    "https://de.wikipedia.org/wiki/Straße", "https://a b", "https://a:8x/", "036", "12345",
    "rank", "entity", "article", "publication", [], [1], {},
    {"kind": "rank", "rank": 2, "text": "second"}, {"kind": "quantity"},
    {"anchor": "publication"}, {"value": "2024", "precision": "year", "zone": "Z"},
    {"value": "2024-08-23T02", "precision": "hour"}, {"org.example": 1}, {"Org.Example": 1},
    {"source": "entity"}, {"source": "article", "entity": "x"}, {"scheme": "wikidata",
    "value": 42}, {"start": {"value": "2021", "precision": "year"}, "end": {"value": "2023",
    "precision": "year"}},
]  # fmt: skip

#: Keys that some branch of the schema allows, added where it may not.
KEYS = ["zone", "entity", "quotes", "positions", "kind", "text", "extensions", "confidence"]


def _paths(node: Any, path: Path = ()) -> Iterator[Path]:
    if path:
        yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*path, index))


def _places(record: dict[str, Any]) -> dict[str, list[Path]]:
    places: dict[str, list[Path]] = {}
    for path in _paths(record):
        place = "/".join("*" if isinstance(step, int) else step for step in path)
        places.setdefault(place, []).append(path)
    return places


def _near(value: Any) -> st.SearchStrategy[Any]:
    """Values close to ``value``: where patterns, bounds and constants draw their line."""
    if isinstance(value, bool):
        return st.just(not value)
    if isinstance(value, (int, float)):
        return st.sampled_from([-value, value + 0.5, 0, -1, value * 1000])
    if isinstance(value, str):
        return st.tuples(st.sampled_from(TRICKY), st.integers(0, 4)).map(
            lambda t: [value + t[0], t[0] + value, value.upper(), value[:-1], t[0]][t[1]]
        )
    return st.sampled_from(LEAVES)


def damaged(records: list[dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
    """One of ``records`` with one value replaced (by a near or an unrelated value), one
    key removed, or a key added. The records given are never changed."""
    places = [_places(record) for record in records]
    leaf = st.sampled_from(LEAVES).map(copy.deepcopy)

    @st.composite
    def one(draw: st.DrawFn) -> dict[str, Any]:
        which = draw(st.integers(0, len(records) - 1))
        place = draw(st.sampled_from(sorted(places[which])))
        path = draw(st.sampled_from(places[which][place]))
        record = dict(records[which])
        parent: Any = record
        for step in path[:-1]:  # copy the containers on the way down
            parent[step] = copy.copy(parent[step])
            parent = parent[step]
        last = path[-1]
        action = draw(st.sampled_from(["near", "near", "other", "remove", "add"]))
        if action == "remove" and isinstance(parent, dict):
            del parent[last]
        elif action == "add" and isinstance(parent[last], dict):
            parent[last] = {**parent[last], draw(st.sampled_from(KEYS)): draw(leaf)}
        elif action == "other":
            parent[last] = draw(leaf)
        else:
            parent[last] = draw(_near(parent[last]))
        return record

    return one()
