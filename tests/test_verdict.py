"""The rules' fast verdict against their full account (``check``).

On a record the schema accepts, ``verdict`` must say True exactly when ``check`` finds
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
from newsevents._rules.semantic import check
from newsevents._rules.semantic import verdict as sound
from newsevents._schema.engines import engines

from .conftest import (
    CANONICAL,
    damage,
    example_id,
    expectation,
    judged_by_schema,
    leaves,
    loadable_invalid_examples,
    valid_examples,
)

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
    found = list(newsevents.iter_problems(record))
    assert newsevents.is_valid(record) is (not found)
    assert "rule-disagreement" not in {p.rule for p in found}


@pytest.mark.parametrize("path", valid_examples(), ids=example_id)
def test_valid_examples_are_sound(path: Path) -> None:
    assert sound(newsevents.load(path)) is True


@pytest.mark.parametrize("path", loadable_invalid_examples(), ids=example_id)
def test_invalid_examples_agree(path: Path) -> None:
    record = newsevents.load(path)
    _agree(record)
    if not judged_by_schema(expectation(path)[0]):
        assert sound(record) is False


def test_odd_shapes_are_left_to_check() -> None:
    odd: list[Any] = [None, [], "x", {"article": []}, {"entities": [3]}, {"events": 3}]
    for value in odd:
        assert sound(value) is None


def test_whole_number_float_offsets_are_offsets() -> None:
    record: Any = copy.deepcopy(_CANONICAL)
    span = record["entities"][0]["evidence"][0]
    span["start"] = float(span["start"])
    assert engines().fast.is_valid(record)  # JSON Schema counts 12.0 as an integer
    assert sound(record) is True
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


_LEAVES = [path for path in leaves(_CANONICAL) if path[:2] != ("article", "text")]


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
    damage(record, data, _LEAVES, _replacement)
    _agree(record)
