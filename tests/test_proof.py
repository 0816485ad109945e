"""The verdict's proof against the rules: it may decline any record, but it never passes one
the rules fault nor faults one they pass, and it decides every record of the usual shapes.

``proven`` is only a shortcut to the rules' own verdict: whenever it says True, ``check``
finds nothing, and whenever it says False, ``check`` finds something. A shortcut that
declined the usual records would be no shortcut, so every valid record is proven and every
record broken in one way is refuted.
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
    judged_by_schema,
    leaves,
    loadable_invalid_examples,
    valid_examples,
)

_CANONICAL: Any = newsevents.load_fixture(CANONICAL)


def _sound(record: Any) -> None:
    """The promise, on any value."""
    verdict = proven(record)
    if verdict is True:
        assert check(record) == [], "proven() passed a record that check() faults"
    elif verdict is False:
        assert check(record) != [], "proven() faulted a record that check() passes"


@pytest.mark.parametrize("path", valid_examples(), ids=example_id)
def test_every_valid_example_is_proven(path: Path) -> None:
    assert proven(newsevents.load(path)) is True


@pytest.mark.parametrize("path", loadable_invalid_examples(), ids=example_id)
def test_every_invalid_example_is_refuted(path: Path) -> None:
    record = newsevents.load(path)
    rule, _ = expectation(path)
    if not judged_by_schema(rule):
        assert proven(record) is False, f"proven() did not fault a record breaking {rule}"
    _sound(record)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strategies.records())
def test_generated_valid_records_are_proven(record: Any) -> None:
    assert proven(record) is True


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strategies.invalid_records(rules=sorted(BREAKS)))
def test_a_record_broken_in_one_way_is_refuted(pair: tuple[Any, Any]) -> None:
    record, expected = pair
    if not judged_by_schema(expected.rule):
        assert proven(record) is False, f"proven() did not fault {expected.rule}"
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
def test_damaged_records_are_judged_as_the_rules_judge_them(
    data: st.DataObject,
) -> None:
    """One to three values of the canonical record made other values of any type, shape
    or meaning: whatever proven() passes, check() passes too, and what it faults, check()
    faults."""
    record: Any = copy.deepcopy(_CANONICAL)
    damage(record, data, _LEAVES, lambda _old: _VALUES)
    _sound(record)


@pytest.mark.parametrize("value", [None, [], "x", {"article": []}, {"entities": [3]}, {}])
def test_odd_shapes_are_declined(value: Any) -> None:
    assert proven(value) is None


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


def _span(record: Any) -> Any:
    return record["entities"][0]["evidence"][0]


# What is changed, and what proven() must say then (None: leave it to the rules).
_CHANGES: dict[str, tuple[Any, bool | None]] = {
    "int-id": (lambda r: r["entities"][0].update(id=7), None),  # an id the rules do not read
    "list-reference": (lambda r: r["events"][0].update(place=["x"]), None),  # the schema's
    "int-reference": (lambda r: r["events"][0].update(place=5), None),
    "unresolved": (lambda r: r["events"][0].update(place="nowhere"), False),
    "float-offset": (lambda r: _span(r).update(start=float(_span(r)["start"])), None),
    "int-text": (lambda r: _span(r).update(text=3), None),
    "bool-offset": (lambda r: _span(r).update(start=True), None),
    "no-text": (lambda r: r["article"].update(text=None), None),
}


@pytest.mark.parametrize("name", list(_CHANGES))
def test_what_the_rules_read_otherwise_is_left_to_them(name: str) -> None:
    change, decided = _CHANGES[name]
    record: Any = copy.deepcopy(_CANONICAL)
    change(record)
    _sound(record)
    assert proven(record) is decided
