"""The strategies: every record valid under every check, every break the one it says,
every vocabulary and optional part reached, records that shrink small."""

from __future__ import annotations

import copy
import random
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

import newsevents
from newsevents import strategies
from newsevents._resources import ROOT_SCHEMA_ID, SCHEMA_BASE, schema_documents
from newsevents._schema.engines import engines
from newsevents.strategies import RULES_BROKEN, Expected
from newsevents.strategies._records import Sizes, build_from

QUIET = list(HealthCheck)
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BUNDLED = jsonschema.Draft202012Validator(
    newsevents.bundled_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)


def _sample(strategy: st.SearchStrategy[Any], count: int) -> list[Any]:
    found: list[Any] = []

    @settings(
        max_examples=count, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(strategy)
    def collect(value: Any) -> None:
        found.append(value)

    collect()
    return found


# The builder behind records(), driven by a seeded generator: 1,500 records in a few
# seconds, enough to reach every vocabulary value and optional part within that bound.
RECORDS = [build_from(random.Random(n), Sizes()) for n in range(1500)]


@FAST
@given(strategies.records())
def test_every_record_passes_both_engines_the_bundle_and_every_rule(record: Any) -> None:
    assert engines().fast.is_valid(record)
    assert list(engines().reference.iter_errors(record)) == []
    assert BUNDLED.is_valid(record)
    assert [p.identity for p in newsevents.iter_problems(record)] == []
    assert newsevents.is_valid(record)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(strategies.invalid_records())
def test_every_broken_record_fails_with_exactly_its_stated_problem(
    pair: tuple[dict[str, Any], Expected],
) -> None:
    record, expected = pair
    assert [p.identity for p in newsevents.iter_problems(record)] == [expected.identity]
    assert not newsevents.is_valid(record)
    assert expected.as_dict()["rule"] == expected.rule


def test_every_semantic_rule_can_be_broken() -> None:
    semantic = {name for name, rule in newsevents.RULES.items() if rule.kind == "semantic"}
    assert semantic <= set(RULES_BROKEN)


@pytest.mark.parametrize("rule", RULES_BROKEN)
def test_each_rule_is_broken_alone(rule: str) -> None:
    pairs = _sample(strategies.invalid_records(rules=[rule]), 5)
    assert pairs
    assert {expected.rule for _, expected in pairs} == {rule}


# -- coverage of the model ------------------------------------------------------------------


def _walk(schema: Any, base: str, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Any]]:
    """(path pattern, schema) for every subschema of the record schema."""
    if not isinstance(schema, dict):
        return
    base = schema.get("$id", base)
    yield path, schema
    if "$ref" in schema:
        target = urljoin(base, schema["$ref"])
        document, _, fragment = target.partition("#")
        node: Any = schema_documents()[document]
        for token in filter(None, fragment.split("/")):
            node = node[token]
        if path.count("*") < 4 and len(path) < 9:
            yield from _walk(node, document, path)
    for key, sub in schema.get("properties", {}).items():
        yield from _walk(sub, base, (*path, key))
    if "items" in schema:
        yield from _walk(schema["items"], base, (*path, "*"))
    for keyword in ("allOf", "anyOf", "oneOf"):
        for sub in schema.get(keyword, ()):
            yield from _walk(sub, base, path)


SITES = list(_walk(schema_documents()[ROOT_SCHEMA_ID], ROOT_SCHEMA_ID, ()))


def _values(record: Any, path: tuple[str, ...]) -> Iterator[Any]:
    if not path:
        yield record
        return
    head, rest = path[0], path[1:]
    if head == "*" and isinstance(record, list):
        for item in record:
            yield from _values(item, rest)
    elif isinstance(record, dict) and head in record:
        yield from _values(record[head], rest)


def _seen(path: tuple[str, ...]) -> set[Any]:
    return {
        value if not isinstance(value, (dict, list)) else repr(value)
        for record in RECORDS
        for value in _values(record, path)
    }


ENUMS = sorted({(path, tuple(schema["enum"])) for path, schema in SITES if "enum" in schema})


@pytest.mark.parametrize(
    ("path", "values"),
    ENUMS,
    ids=lambda x: (
        "/".join(x)
        if isinstance(x, tuple) and x and isinstance(x[0], str) and "/" not in x[0]
        else None
    ),
)
def test_every_value_of_every_vocabulary_is_drawn(
    path: tuple[str, ...], values: tuple[str, ...]
) -> None:
    if path == ("schema",) or path[-1] == "unit":
        return  # one constant; units have a test of their own
    missing = set(values) - _seen(path)
    # A code list of hundreds needs more draws than a test has: a tenth of it is enough.
    if len(values) > 60:
        assert len(set(values) & _seen(path)) >= 10, path
    else:
        assert not missing, f"/{'/'.join(path)} never drew {sorted(missing)}"


OPTIONAL = sorted(
    {
        (path, key)
        for path, schema in SITES
        if schema.get("type") == "object" or "properties" in schema
        for key in set(schema.get("properties", {})) - set(schema.get("required", ()))
        if not (path[-1:] == ("value",) and key != "kind")  # a claim value's own branch
    }
)


@pytest.mark.parametrize(
    ("path", "key"), OPTIONAL, ids=lambda x: "/".join(x) if isinstance(x, tuple) else x
)
def test_every_optional_part_is_both_present_and_absent(path: tuple[str, ...], key: str) -> None:
    holders = [
        value for record in RECORDS for value in _values(record, path) if isinstance(value, dict)
    ]
    if not holders:
        return  # a place the sample never reached is covered by the parts above it
    present = sum(1 for holder in holders if key in holder)
    assert present > 0 or len(holders) < 5, f"/{'/'.join(path)} never has {key!r}"
    assert present < len(holders) or len(holders) < 5, f"/{'/'.join(path)} always has {key!r}"


def test_every_kind_of_unit_is_drawn() -> None:
    units = {q["unit"] for q in _sample(strategies.quantities(), 1500)}
    declared = set(schema_documents()[SCHEMA_BASE + "common.schema.json"]["$defs"]["unit"]["enum"])
    assert declared <= units
    assert {"USD", "EUR"} & units
    assert any(unit.startswith("x-") for unit in units)
    qualifiers = {q.get("qualifier") for q in _sample(strategies.quantities(), 200)}
    assert None in qualifiers
    assert len(qualifiers) == 7


def test_texts_carry_the_hazards_of_real_articles() -> None:
    texts = "".join(record["article"]["text"] for record in RECORDS)
    for hazard in ("\u00a0", "\u2022", "\u201c", "\u0301", "\u05e9", "\U0001f600", "\r\n"):
        assert hazard in texts, repr(hazard)


def test_every_time_form_and_value_kind_is_drawn() -> None:
    times = [claim.get("time") for r in RECORDS for claim in r["claims"] if "time" in claim]
    forms = {("anchor" in t, "start" in t, "value" in t) for t in times}
    assert forms == {(True, False, False), (False, True, False), (False, False, True)}
    precisions = {t["precision"] for t in times if "precision" in t}
    assert precisions == {"year", "month", "day", "hour", "minute", "second"}


# -- options -------------------------------------------------------------------------------


def test_pinned_text_and_entities_are_kept() -> None:
    text = "Minsk hosted the premiers."
    minsk = {"id": "minsk", "kind": "city", "name": "Minsk",
             "evidence": [{"start": 0, "end": 5, "text": "Minsk"}]}  # fmt: skip
    for record in _sample(strategies.records(text=text, entities=[minsk], language="be"), 30):
        assert record["article"]["text"] == text
        assert record["entities"] == [minsk]
        assert record["article"]["language"] == "be"
        assert newsevents.is_valid(record)


_AC = {"start": 0, "end": 2, "text": "ac"}


@pytest.mark.parametrize(
    ("options", "complaint"),
    [
        ({"min_entities": -1}, "min_entities=-1"),
        ({"min_claims": 3, "max_claims": 2}, "min > max"),
        ({"max_events": "5"}, "max_events='5'"),
        ({"text": "   "}, "text='   '"),
        ({"language": "English"}, "language='English'"),
        ({"entities": []}, "needs text"),
        (
            {
                "text": "abc",
                "entities": [{"id": "x", "evidence": [{"start": 0, "end": 2, "text": "ac"}]}],
            },
            "not a slice of text",
        ),
        ({"min_quotes": 1, "max_entities": 0, "min_entities": 0}, "no speaker"),
    ],
)
def test_bad_options_are_refused_at_once(options: dict[str, Any], complaint: str) -> None:
    with pytest.raises(InvalidArgument, match=complaint.replace("(", r"\(").replace("[", r"\[")):
        strategies.records(**options)


def test_bad_invalid_records_options_are_refused_at_once() -> None:
    with pytest.raises(InvalidArgument, match="no-such-rule"):
        strategies.invalid_records(rules=["no-such-rule"])
    with pytest.raises(InvalidArgument, match="list of rule names"):
        strategies.invalid_records(rules="duplicate-id")
    with pytest.raises(InvalidArgument, match="bundled fixtures"):
        strategies.fixture_variants(names=["nope"])
    with pytest.raises(InvalidArgument, match="non-empty"):
        strategies.spans("")


@FAST
@given(strategies.fixture_variants())
def test_fixture_variants_stay_valid(record: Any) -> None:
    assert newsevents.is_valid(record)


def test_fixture_variants_rename_and_reorder() -> None:
    canonical = newsevents.load_fixture("china-belarus-2024-08-23")
    ids = {e["id"] for e in canonical["entities"]}
    variants = _sample(strategies.fixture_variants(names=["china-belarus-2024-08-23"]), 30)
    assert any(not ids & {e["id"] for e in v["entities"]} for v in variants)
    assert any(
        [e["name"] for e in v["entities"]] != [e["name"] for e in canonical["entities"]]
        for v in variants
    )


@FAST
@given(st.data())
def test_building_blocks(data: st.DataObject) -> None:
    text = data.draw(strategies.article_texts(max_size=80))
    assert 1 <= len(text) <= 80
    span = data.draw(strategies.spans(text))
    assert text[span["start"] : span["end"]] == span["text"]
    record: Any = copy.deepcopy(newsevents.load_fixture("minimal"))
    record["article"]["published"] = data.draw(strategies.moments())
    record["claims"][0]["value"]["quantity"] = data.draw(strategies.quantities())
    record["events"][0].pop("date")  # its date could now be after publication
    assert [p.identity for p in newsevents.iter_problems(record)] == []


# -- shrinking -------------------------------------------------------------------------------


def test_a_failing_property_shrinks_to_a_small_readable_record() -> None:
    """Any record with a quote is the failure; it shrinks to one quote and little else."""
    from hypothesis import find

    found: Any = find(
        strategies.records(),
        lambda record: len(record["quotes"]) > 0,
        settings=settings(
            max_examples=2000, database=None, suppress_health_check=list(HealthCheck)
        ),
    )
    assert len(found["quotes"]) == 1
    assert len(found["entities"]) == 1
    assert found["events"] == found["claims"] == []
    assert len(found["article"]["text"]) <= 10
    assert len(repr(found)) < 1500
