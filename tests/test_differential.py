"""The engines agree: jsonschema-rs and jsonschema, the multi-file schema and the bundled one.

Over generated records, valid and broken in one known way for every rule the strategies
can break, the fast engine (jsonschema-rs) and the reference engine (jsonschema) give the
same verdict and place their schema errors at the same instance paths; the one-file schema
of ``newsevents.bundled_schema()`` gives the same verdicts, read by jsonschema-rs and by a
stock jsonschema ``Draft202012Validator`` with the format checker. The only difference
allowed is the one the validator accounts for: jsonschema counts NaN and infinities as
numbers, jsonschema-rs does not, and the library reports ``non-finite-number`` there.

The reference engine takes some 10 ms a record, so CI checks about 1,500 records; a long
run (see fuzz/README.md)::

    NEWSEVENTS_DIFFERENTIAL_EXAMPLES=20000 python -m pytest -q tests/test_differential.py
"""

from __future__ import annotations

import functools
import math
import random
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs
import pytest
from hypothesis import HealthCheck, given, settings

import newsevents
from newsevents._schema.engines import engines
from newsevents._schema.formats import FORMATS, format_check
from newsevents.strategies import RULES_BROKEN, Expected, invalid_records, records
from newsevents.strategies._invalid import BREAKS, NotHere
from newsevents.strategies._records import Sizes, build_from

from .conftest import example_id, expectation, invalid_examples, judged_by_schema
from .fuzzcheck import examples
from .netguard import no_network

__all__ = ["no_network"]  # the fixture, used by name below

Where = tuple[Any, ...]
VARIABLE = "NEWSEVENTS_DIFFERENTIAL_EXAMPLES"
#: Of the records checked, one in this many also goes through a stock jsonschema validator
#: on the bundled schema, which takes about 0.1 s a record.
STOCK_EVERY = 40


def _settings(count: int) -> settings:
    return settings(
        max_examples=examples(count, VARIABLE),
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )


@functools.cache
def _bundled() -> tuple[Any, Any]:
    """The bundled schema as jsonschema-rs reads it, and as a stock jsonschema
    validator with a format checker for the formats the schemas use."""
    bundled = newsevents.bundled_schema()
    checker = jsonschema.FormatChecker(formats=())
    for name in FORMATS:
        checker.checks(name)(format_check(name))
    stock = jsonschema.Draft202012Validator(bundled, format_checker=checker)
    return jsonschema_rs.validator_for(bundled, validate_formats=True), stock


def _non_finite(value: Any, path: Where = ()) -> Iterator[Where]:
    if isinstance(value, float) and not math.isfinite(value):
        yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _non_finite(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _non_finite(item, (*path, index))


def _compare(record: Any, tally: Counter[str], stock: bool = False) -> None:
    """Assert that every engine and schema form judges ``record`` alike."""
    pair = engines()
    fast_paths = {tuple(error.instance_path) for error in pair.fast.iter_errors(record)}
    reference_paths = {tuple(error.absolute_path) for error in pair.reference.iter_errors(record)}
    fast_valid = bool(pair.fast.is_valid(record))
    assert fast_valid == (not fast_paths)
    bundled_fast, bundled_stock = _bundled()
    assert bool(bundled_fast.is_valid(record)) == fast_valid, "the bundled schema differs"
    non_finite = list(_non_finite(record))
    if non_finite:
        # jsonschema-rs refuses NaN and infinities where a number goes, on the way to
        # them; jsonschema takes them for numbers. Elsewhere the two agree.
        def above(path: Where) -> bool:
            return any(spot[: len(path)] == path for spot in non_finite)

        assert not fast_valid
        assert {p for p in fast_paths if not above(p)} == {
            p for p in reference_paths if not above(p)
        }
        assert "non-finite-number" in {p.rule for p in newsevents.iter_problems(record)}
        tally["non-finite"] += 1
        return
    assert fast_paths == reference_paths, (
        f"jsonschema-rs errs at {sorted(map(list, fast_paths))}, "
        f"jsonschema at {sorted(map(list, reference_paths))}"
    )
    if stock:
        assert bundled_stock.is_valid(record) == fast_valid, "stock jsonschema differs"
        tally["stock"] += 1
    tally["valid" if fast_valid else "invalid"] += 1


def _stock(tally: Counter[str]) -> bool:
    return sum(tally.values()) % STOCK_EVERY == 0


def test_the_engines_agree_on_generated_valid_records() -> None:
    tally: Counter[str] = Counter()

    @_settings(150)
    @given(records())
    def case(record: dict[str, Any]) -> None:
        _compare(record, tally, _stock(tally))

    case()
    assert tally["valid"] == sum(tally.values()) - tally["stock"] > 0, tally


def test_the_engines_agree_on_generated_broken_records() -> None:
    tally: Counter[str] = Counter()
    rules: Counter[str] = Counter()

    @_settings(150)
    @given(invalid_records())
    def case(pair: tuple[dict[str, Any], Expected]) -> None:
        record, expected = pair
        rules[expected.rule] += 1
        _compare(record, tally, _stock(tally))

    case()
    assert tally["invalid"] > 0, tally  # the schema's rules broken
    assert tally["valid"] > 0, tally  # the semantic rules, which the schema cannot see
    assert len(rules) >= len(RULES_BROKEN) // 2, rules


def _bulk(count: int, rng: random.Random) -> Iterator[dict[str, Any]]:
    """Small records from a seeded generator, the same builders as the strategies: valid
    ones and, in turn, ones broken for each rule, by the strategies' breaks."""
    valid = Sizes(entities=(1, 3), events=(0, 2), claims=(0, 2), quotes=(0, 1), text=(1, 120))
    broken = Sizes(entities=(2, 3), events=(1, 2), claims=(1, 2), quotes=(1, 1), text=(1, 160))
    rules = sorted(RULES_BROKEN)
    for n in range(count):
        if n % 2 == 0:
            yield build_from(rng, valid)
            continue
        rule = rules[(n // 2) % len(rules)]
        for _ in range(100):
            record = build_from(rng, broken)
            # The break alone, unchecked: the strategies check each break with the
            # validator, so an engine that misjudges it would filter out its own errors.
            try:
                if BREAKS[rule](rng.choice, record) is None:
                    continue
            except NotHere:
                continue
            yield record
            break


def test_the_engines_agree_on_a_seeded_bulk_of_small_records(no_network: None) -> None:
    tally: Counter[str] = Counter()
    for record in _bulk(examples(1000, VARIABLE), random.Random(20240823)):
        _compare(record, tally, _stock(tally))
    assert min(tally["valid"], tally["invalid"], tally["non-finite"], tally["stock"]) > 0, tally


@pytest.mark.parametrize("name", newsevents.fixture_names())
def test_the_engines_agree_on_every_fixture(name: str) -> None:
    tally: Counter[str] = Counter()
    _compare(newsevents.load_fixture(name), tally, stock=True)
    assert tally == Counter(valid=1, stock=1)


@pytest.mark.parametrize("path", invalid_examples(), ids=example_id)
def test_the_engines_agree_on_every_invalid_example(path: Path) -> None:
    tally: Counter[str] = Counter()
    rule, _pointer = expectation(path)
    if rule == "non-finite-number":  # NaN in a file is refused as it is read
        with pytest.raises(newsevents.LoadError, match=rule):
            newsevents.load(path)
        return
    record = newsevents.load(path)
    _compare(record, tally, stock=True)
    if judged_by_schema(rule) and rule != "unknown-schema-version":
        assert tally["invalid"] == 1, tally
