"""The scorer's properties, over every bundled fixture and transformations of them.

A record scored against itself is perfect; renaming every id or reordering every list
changes nothing; dropping one item lowers recall by exactly its own count on each layer
(and touches nothing else); adding one spurious item lowers precision likewise.

The records are the bundled fixtures; once ``newsevents.strategies.records()`` exists,
these properties should run over its records too.
"""

from __future__ import annotations

import functools
import random
from collections import Counter
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newsevents

from . import transforms

NAMES = newsevents.fixture_names()
CANONICAL = "china-belarus-2024-08-23"
#: Every fixture against itself, and the worked example's prediction against its gold.
PAIRS = [(name, name) for name in NAMES] + [
    (CANONICAL, name) for name in NAMES if name == f"{CANONICAL}-predicted"
]


def record(name: str) -> dict[str, Any]:
    found: dict[str, Any] = dict(newsevents.load_fixture(name))
    return found


def signature(score: newsevents.Score) -> tuple[Any, ...]:
    """What a score says, without the pointers (which move when lists are reordered)."""
    counts = tuple((layer.name, tuple(layer.counts().items())) for layer in score)
    differences = Counter((d.layer, d.category, d.text, d.detail) for d in score.differences)
    return counts, sorted(differences.items())


def moved(score: newsevents.Score) -> dict[str, tuple[int, int, int, int]]:
    """Per layer that is not all correct: (missed, spurious, incorrect, partial)."""
    return {
        layer.name: (layer.missed, layer.spurious, layer.incorrect, layer.partial)
        for layer in score
        if layer.missed or layer.spurious or layer.incorrect or layer.partial
    }


@pytest.mark.parametrize("name", NAMES)
def test_a_record_scored_against_itself_is_perfect(name: str) -> None:
    result = newsevents.score(record(name), record(name))
    assert result.perfect
    for layer in result:
        assert (layer.precision, layer.recall, layer.f1) == (1.0, 1.0, 1.0), layer.name
    assert result.layers["mentions.strict"].correct > 0


@functools.cache
def _changes(name: str) -> list[transforms.Change]:
    gold = record(name)
    return [*transforms.drops(gold), *transforms.additions(gold)]


def _expected(change: transforms.Change) -> dict[str, tuple[int, int, int, int]]:
    dropped = not change.what.startswith(("a ", "an "))
    return {
        layer: (count, 0, 0, 0) if dropped else (0, count, 0, 0)
        for layer, count in change.counts.items()
        if count
    }


@pytest.mark.parametrize("name", NAMES)
def test_dropping_or_adding_one_item_moves_exactly_its_own_counts(name: str) -> None:
    gold = record(name)
    changes = _changes(name)
    kinds = {change.what.split()[0] for change in changes}
    assert {"mention", "claim", "a", "an"} <= kinds, kinds  # each kind of change is tried
    for change in changes:
        assert newsevents.is_valid(change.record), change.what
        result = newsevents.score(gold, change.record)
        assert moved(result) == _expected(change), change.what
        for layer, count in change.counts.items():
            if count and not change.what.startswith(("a ", "an ")):
                assert result[layer].recall < 1.0
                # Nothing predicted is no precision at all (0, as nervaluate has it).
                assert result[layer].precision == (1.0 if result[layer].actual else 0.0)


def _renamed(item: dict[str, Any], seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    names: dict[str, str] = {}

    def rename(ident: str) -> str:
        return names.setdefault(ident, f"x{rng.randrange(10**9)}-{len(names)}")

    return transforms.reorder(transforms.rename_ids(item, rename), rng)


@settings(max_examples=40, deadline=None)
@given(pair=st.sampled_from(PAIRS), seed=st.integers(0, 2**32), which=st.sampled_from("gpb"))
def test_renaming_every_id_and_reordering_every_list_changes_nothing(
    pair: tuple[str, str], seed: int, which: str
) -> None:
    gold, predicted = record(pair[0]), record(pair[1])
    base = newsevents.score(gold, predicted)
    changed_gold = _renamed(gold, seed) if which in "gb" else gold
    changed_predicted = _renamed(predicted, seed + 1) if which in "pb" else predicted
    assert signature(newsevents.score(changed_gold, changed_predicted)) == signature(base)


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_a_change_counts_the_same_whatever_the_ids_and_the_order(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(NAMES), label="fixture")
    change = data.draw(st.sampled_from(_changes(name)), label="change")
    predicted = _renamed(change.record, data.draw(st.integers(0, 2**32), label="seed"))
    assert moved(newsevents.score(record(name), predicted)) == _expected(change)
