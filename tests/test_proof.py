"""The verdict's proof against the rules: it may decline any record, but it never passes one
the rules fault, and it passes every valid record.

``proven`` is only a shortcut to the rules' own verdict, so the one promise that matters is
one-sided: whenever it says True, ``check`` finds nothing. And a shortcut that declined
valid records would be no shortcut, so every valid record must be proven.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newsevents
from newsevents import strategies
from newsevents._rules import proof
from newsevents._rules.proof import ATTRIBUTED, proven
from newsevents._rules.semantic import check
from newsevents._rules.sites import SITES
from newsevents.strategies._invalid import BREAKS

from .conftest import (
    CANONICAL,
    damage,
    example_id,
    expectation,
    leaves,
    loadable_invalid_examples,
    valid_examples,
)

_CANONICAL: Any = newsevents.load_fixture(CANONICAL)


def _sound(record: Any) -> None:
    """The one-sided promise, on any value."""
    if proven(record):
        assert check(record) == [], "proven() passed a record that check() faults"


@pytest.mark.parametrize("path", valid_examples(), ids=example_id)
def test_every_valid_example_is_proven(path: Path) -> None:
    assert proven(newsevents.load(path)) is True


@pytest.mark.parametrize("path", loadable_invalid_examples(), ids=example_id)
def test_no_invalid_example_is_proven(path: Path) -> None:
    record = newsevents.load(path)
    rule, _ = expectation(path)
    if not rule.startswith("schema.") and rule != "unknown-schema-version":
        assert proven(record) is False, f"proven() passed a record breaking {rule}"
    _sound(record)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strategies.records())
def test_generated_valid_records_are_proven(record: Any) -> None:
    assert proven(record) is True


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strategies.invalid_records(rules=sorted(BREAKS)))
def test_a_record_broken_in_one_way_is_never_proven(pair: tuple[Any, Any]) -> None:
    record, expected = pair
    if not expected.rule.startswith("schema."):
        assert proven(record) is False, f"proven() passed a record breaking {expected.rule}"
    _sound(record)


_LEAVES = [path for path in leaves(_CANONICAL) if path[:2] != ("article", "text")]
_NAMES = sorted({str(_CANONICAL["entities"][0]["id"]), "2024-08", "x", ""})
_VALUES: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3000),
    st.floats(-1e6, 1e6),
    st.sampled_from(_NAMES),
    st.lists(st.integers(0, 3), max_size=2),
    st.builds(dict),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_damaged_records_are_proven_only_when_the_rules_find_nothing(
    data: st.DataObject,
) -> None:
    """One to three values of the canonical record made other values of any type, shape
    or meaning: whatever proven() passes, check() passes too."""
    record: Any = copy.deepcopy(_CANONICAL)
    damage(record, data, _LEAVES, lambda _old: _VALUES)
    _sound(record)


@pytest.mark.parametrize("value", [None, [], "x", {"article": []}, {"entities": [3]}, {}])
def test_odd_shapes_are_declined(value: Any) -> None:
    assert proven(value) is False


def test_the_attributed_site_is_in_the_table_and_its_rule_is_proven() -> None:
    assert any(site.path == ATTRIBUTED and site.role == "reference" for site in SITES)
    record: Any = copy.deepcopy(_CANONICAL)
    quote = record["quotes"][0]
    claim = record["claims"][0]
    speaker = quote["speaker"]
    other = next(
        entity["id"]
        for entity in record["entities"]
        if entity["id"] != speaker and entity["kind"] in ("person", "country", "organization")
    )
    claim["attribution"] = {"source": "person", "entity": other, "quotes": [quote["id"]]}
    assert [p.rule for p in check(record)] == ["attributed-quote-speaker"]
    assert proven(record) is False
    claim["attribution"]["entity"] = speaker
    assert check(record) == []
    assert proven(record) is True


def test_moments_are_judged_once_for_each_value_and_the_memo_is_bounded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(proof, "_MOMENTS", {})
    monkeypatch.setattr(proof, "_MOMENTS_KEPT", 3)
    assert proven(copy.deepcopy(_CANONICAL)) is True
    assert 0 < len(proof._MOMENTS) <= 3
    bad: Any = copy.deepcopy(_CANONICAL)
    published = bad["article"]["published"]
    published["value"] = "2024-02-30" + published["value"][10:]  # February has no 30th
    assert proven(bad) is False
    key = (published["value"], published["precision"], published.get("zone"))
    assert proof._MOMENTS[key] is False
    assert proven(bad) is False  # judged from the memo, the same way
    assert proven(copy.deepcopy(_CANONICAL)) is True
