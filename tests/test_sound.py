"""The rules' fast verdict (``sound``) against their full account (``check``).

On a record the schema accepts, ``sound`` must say True exactly when ``check`` finds
nothing, or None; ``is_valid`` takes its True and False as they are.
"""

from __future__ import annotations

import copy
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newsevents
from newsevents._schema.engines import engines
from newsevents._rules.semantic import check
from newsevents._sound import sound

from .conftest import CANONICAL, example_id, expectation, invalid_examples, valid_examples

_CANONICAL: Any = newsevents.load_fixture(CANONICAL)


def _agree(record: Any) -> None:
    problems = check(record)
    verdict = sound(record)
    if verdict is True:
        assert problems == [], "sound() passed a record that check() faults"
    elif engines().is_valid(record):
        assert verdict is False, "sound() could not read a record the schema accepts"
        assert problems, "sound() failed a schema-valid record that check() passes"
    assert newsevents.is_valid(record) is (not problems and engines().is_valid(record))


@pytest.mark.parametrize("path", valid_examples(), ids=example_id)
def test_valid_examples_are_sound(path: Path) -> None:
    assert sound(newsevents.load(path)) is True


@pytest.mark.parametrize(
    "path",
    [path for path in invalid_examples() if expectation(path)[1] is not None],
    ids=example_id,
)
def test_invalid_examples_agree(path: Path) -> None:
    record = newsevents.load(path)
    _agree(record)
    if not expectation(path)[0].startswith("schema."):
        assert sound(record) is False


def test_odd_shapes_are_left_to_check() -> None:
    odd: list[Any] = [None, [], "x", {}, {"article": []}, {"article": {"text": 3}}]
    for value in odd:
        assert sound(value) is None


def test_whole_number_float_offsets_are_left_to_check() -> None:
    record: Any = copy.deepcopy(_CANONICAL)
    span = record["entities"][0]["evidence"][0]
    span["start"] = float(span["start"])
    assert engines().fast.is_valid(record)  # JSON Schema counts 12.0 as an integer
    assert sound(record) is None
    assert check(record) == []
    assert newsevents.is_valid(record)


def test_a_python_nan_is_not_sound() -> None:
    record: Any = copy.deepcopy(newsevents.load_fixture(CANONICAL))
    quantity = next(
        claim["value"]["quantity"]
        for claim in record["claims"]
        if claim["value"]["kind"] == "quantity"
    )
    quantity["value"] = math.nan
    assert sound(record) is False
    assert [p.rule for p in check(record)] == ["non-finite-number"]


def _leaves(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(node, dict):
        return [leaf for key, value in node.items() for leaf in _leaves(value, (*path, key))]
    if isinstance(node, list):
        return [leaf for i, value in enumerate(node) for leaf in _leaves(value, (*path, i))]
    return [path]


_LEAVES = [path for path in _leaves(_CANONICAL) if path[:2] != ("article", "text")]


def _strings(node: Any) -> set[str]:
    if isinstance(node, dict):
        return set().union(*map(_strings, node.values())) if node else set()
    if isinstance(node, list):
        return set().union(*map(_strings, node)) if node else set()
    return {node} if isinstance(node, str) and len(node) < 40 else set()


# The record's own short strings: ids, kinds, dates, statuses, spans' texts. Putting one
# where another was keeps most records schema-valid while breaking references, kinds,
# dates and spans in the ways the rules look for.
_OWN_STRINGS = sorted(_strings(_CANONICAL))
_DATES = st.from_regex(r"\A(1[0-9]|20)[0-9]{2}(-(0[0-9]|1[0-3])(-[0-3][0-9])?)?\Z")


def _replacement(old: Any) -> st.SearchStrategy[Any]:
    if isinstance(old, bool):
        return st.booleans()
    if isinstance(old, int):
        return st.integers(-2, 2).map(lambda delta: old + delta) | st.integers(0, 3000)
    if isinstance(old, float):
        return st.floats(-1e12, 1e12)
    if isinstance(old, str):
        return st.sampled_from(_OWN_STRINGS) | _DATES
    return st.none()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_sound_agrees_with_check_on_damaged_records(data: st.DataObject) -> None:
    """Change one to three values of the canonical record to others of the same type."""
    record: Any = copy.deepcopy(_CANONICAL)
    for _ in range(data.draw(st.integers(1, 3), label="changes")):
        *parents, key = data.draw(st.sampled_from(_LEAVES), label="path")
        node = record
        for step in parents:
            node = node[step]
        node[key] = data.draw(_replacement(node[key]), label="value")
    _agree(record)
