"""The semantic rules, edge by edge, on the minimal example record."""

from __future__ import annotations

import copy
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newsevents
from newsevents._rules.semantic import RULES, check

from .conftest import EXAMPLES

MINIMAL = EXAMPLES / "valid" / "minimal.yaml"


@pytest.fixture
def record(minimal_path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = dict(newsevents.load(minimal_path))
    assert check(loaded) == []
    return loaded


def rules_of(record: dict[str, Any]) -> list[tuple[str, str]]:
    return [(p.rule, p.pointer) for p in check(record)]


def test_rule_names_are_stable_kebab_case() -> None:
    assert all(name == name.lower() and " " not in name for name in RULES)
    assert len(RULES) == 11


def test_duplicate_ids_across_sections(record: dict[str, Any]) -> None:
    record["events"][0]["id"] = "li-qiang"
    assert ("duplicate-id", "/events/0/id") in rules_of(record)
    (problem,) = [p for p in check(record) if p.rule == "duplicate-id"]
    assert "/entities/0/id" in problem.message


def test_reference_to_a_claim_is_the_wrong_kind(record: dict[str, Any]) -> None:
    record["quotes"][0]["speaker"] = "cl-trade-2023"
    assert rules_of(record) == [("reference-kind", "/quotes/0/speaker")]


def test_claim_subject_and_object_may_be_an_event(record: dict[str, Any]) -> None:
    record["claims"][0]["subject"] = "ev-meeting"
    record["claims"][0]["object"] = "ev-meeting"
    assert rules_of(record) == []
    record["claims"][0]["object"] = "q-vibrant"
    assert rules_of(record) == [("reference-kind", "/claims/0/object")]


def test_attribution_to_a_city_is_the_wrong_kind(record: dict[str, Any]) -> None:
    record["claims"][0]["attribution"] = {"source": "entity", "entity": "minsk"}
    assert rules_of(record) == [("reference-kind", "/claims/0/attribution/entity")]
    (problem,) = check(record)
    assert "person" in problem.message


def test_reference_to_an_entity_of_unknown_kind_is_left_to_the_schema(
    record: dict[str, Any],
) -> None:
    record["entities"][2]["kind"] = "town"
    assert rules_of(record) == []


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (5, 5), (9, 4), (170, 174)])
def test_span_out_of_range(record: dict[str, Any], start: int, end: int) -> None:
    record["topics"][0]["evidence"][0].update(start=start, end=end)
    assert rules_of(record) == [("span-out-of-range", "/topics/0/evidence/0")]


def test_span_mismatch_says_where_the_text_is(record: dict[str, Any]) -> None:
    record["entities"][2]["evidence"][0].update(start=33, end=38)
    (problem,) = check(record)
    assert problem.rule == "span-text-mismatch"
    assert "[34, 39)" in problem.message


def test_spans_count_code_points_not_bytes(record: dict[str, Any]) -> None:
    record["article"]["text"] = "\u00a0\u2022 " + record["article"]["text"]
    for entity in record["entities"]:
        for span in entity["evidence"]:
            span["start"] += 3
            span["end"] += 3
    problems = rules_of(record)
    assert all(
        pointer.startswith(("/events", "/claims", "/quotes", "/topics")) for _, pointer in problems
    )
    assert not any(pointer.startswith("/entities") for _, pointer in problems)


@pytest.mark.parametrize(
    ("value", "precision", "rule"),
    [
        ("2024-02-29", "day", None),
        ("2023-02-29", "day", "invalid-date"),
        ("1900-02-29", "day", "invalid-date"),
        ("2000-02-29", "day", None),
        ("2024-13", "month", "invalid-date"),
        ("2024-00", "month", "invalid-date"),
        ("2024-04-31", "day", "invalid-date"),
        ("2024-08-22T24", "hour", "invalid-date"),
        ("2024-08-22T23:60", "minute", "invalid-date"),
        ("2024-08-22T23:59:60", "second", "invalid-date"),
        ("2024-08-22", "year", "date-precision-mismatch"),
        ("2024", "day", "date-precision-mismatch"),
        ("2024-08-22T10:00", "hour", "date-precision-mismatch"),
    ],
)
def test_moment_calendar_and_precision(
    record: dict[str, Any], value: str, precision: str, rule: str | None
) -> None:
    record["events"][0]["date"] = {"value": value, "precision": precision, "zone": "Z"}
    record["events"][0]["status"] = "planned"  # judge the date alone, not against publication
    assert [r for r, _ in rules_of(record)] == ([rule] if rule else [])


@pytest.mark.parametrize(
    ("zone", "ok"),
    [
        ("+03:00", True),
        ("+14:00", True),
        ("-12:00", True),
        ("+05:45", True),
        ("+15:00", False),
        ("+14:30", False),
        ("-12:30", False),
        ("-13:00", False),
        ("+03:60", False),
    ],
)
def test_zone_offsets_are_real(record: dict[str, Any], zone: str, ok: bool) -> None:
    record["article"]["published"]["zone"] = zone
    assert rules_of(record) == ([] if ok else [("invalid-date", "/article/published/zone")])


@pytest.mark.parametrize(
    ("bounds", "pointer"),
    [
        ({"lower": 8e9, "upper": 9e9}, None),
        ({"lower": 9e9}, "/claims/0/value/quantity/value"),
        ({"upper": 8e9}, "/claims/0/value/quantity/value"),
        ({"lower": 9e9, "upper": 8e9}, "/claims/0/value/quantity/lower"),
    ],
)
def test_bounds(record: dict[str, Any], bounds: dict[str, float], pointer: str | None) -> None:
    record["claims"][0]["value"]["quantity"].update(bounds)
    assert rules_of(record) == ([("bounds-exclude-value", pointer)] if pointer else [])


@pytest.mark.parametrize("number", [math.nan, math.inf, -math.inf])
def test_non_finite_numbers_built_in_python_are_caught(
    record: dict[str, Any], number: float
) -> None:
    record["claims"][0]["value"]["quantity"]["value"] = number
    assert rules_of(record) == [("non-finite-number", "/claims/0/value/quantity/value")]
    assert not newsevents.is_valid(record)


@pytest.mark.parametrize(
    ("value", "precision", "status", "after"),
    [
        ("2024-08-24", "day", "occurred", True),
        ("2024-08-23", "day", "occurred", False),  # same day as publication
        ("2024-08-23T02:35", "minute", "occurred", True),
        ("2024-08-23T02:34", "minute", "occurred", False),
        ("2024-09", "month", "ongoing", True),
        ("2024-08", "month", "occurred", False),
        ("2025", "year", "occurred", True),
        ("2025", "year", "planned", False),
        ("2025", "year", "intended", False),
    ],
)
def test_occurred_after_publication(
    record: dict[str, Any], value: str, precision: str, status: str, after: bool
) -> None:
    record["events"][0]["date"] = {"value": value, "precision": precision, "zone": "unstated"}
    record["events"][0]["status"] = status
    expected = [("occurred-after-publication", "/events/0/date/value")] if after else []
    assert rules_of(record) == expected


def test_indirect_quotes_need_not_be_verbatim(record: dict[str, Any]) -> None:
    record["quotes"][0]["text"] = "relations were vibrant"
    assert rules_of(record) == [("quote-text-mismatch", "/quotes/0/text")]
    record["quotes"][0]["mode"] = "indirect"
    assert rules_of(record) == []


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(
        st.sampled_from(
            ["id", "kind", "evidence", "start", "end", "text", "date", "value", "precision",
             "article", "events", "claims", "quotes", "entities", "topics", "quantity",
             "status", "published", "place", "zone", "mode", "attribution", "entity"]
        ),
        inner,
        max_size=6,
    ),
    max_leaves=30,
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(_json)
def test_rules_never_raise_on_any_json_shape(value: Any) -> None:
    problems = check(value)
    assert all(p.rule in RULES for p in problems)


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_rules_never_raise_on_a_damaged_record(data: st.DataObject) -> None:
    record: Any = copy.deepcopy(newsevents.load(MINIMAL))
    node = record
    for _ in range(data.draw(st.integers(1, 4))):
        if isinstance(node, dict) and node:
            key = data.draw(st.sampled_from(sorted(node)))
            if data.draw(st.booleans()):
                node[key] = data.draw(_json)
                break
            node = node[key]
        elif isinstance(node, list) and node:
            node = node[data.draw(st.integers(0, len(node) - 1))]
    problems = list(newsevents.iter_problems(record))
    assert all(isinstance(p, newsevents.Problem) for p in problems)


def test_whole_number_float_offsets_are_offsets(record: dict[str, Any]) -> None:
    record["entities"][2]["evidence"][0].update(start=34.0, end=39.0)
    assert rules_of(record) == []
    record["entities"][2]["evidence"][0].update(start=3000.0, end=10.0)
    assert rules_of(record) == [("span-out-of-range", "/entities/2/evidence/0")]
    record["entities"][2]["evidence"][0].update(start=33.0, end=38.0)
    assert rules_of(record) == [("span-text-mismatch", "/entities/2/evidence/0/text")]


def test_spans_on_moments_and_views_are_checked(record: dict[str, Any]) -> None:
    record["article"]["published"]["evidence"] = [{"start": 0, "end": 2, "text": "Lx"}]
    record["article"]["views"] = {"count": 3, "evidence": [{"start": 500, "end": 501, "text": "x"}]}
    assert rules_of(record) == [
        ("span-out-of-range", "/article/views/evidence/0"),
        ("span-text-mismatch", "/article/published/evidence/0/text"),
    ]
