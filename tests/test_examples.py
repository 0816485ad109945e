"""Data-driven acceptance: every valid example passes, every invalid one fails as it says."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newsevents
from newsevents._rules.semantic import RULES
from newsevents._schema.engines import engines

from .conftest import (
    MINIMAL_PATH,
    example_id,
    expectation,
    invalid_examples,
    judged_by_schema,
    valid_examples,
)


@pytest.mark.parametrize("path", valid_examples(), ids=example_id)
def test_valid_example_has_no_problem(path: Path) -> None:
    (document,) = newsevents.load_all(path)
    assert list(newsevents.iter_problems(document)) == []
    assert newsevents.is_valid(document)
    newsevents.validate(document)


@pytest.mark.parametrize("path", invalid_examples(), ids=example_id)
def test_invalid_example_fails_for_its_stated_reason_only(path: Path) -> None:
    rule, pointer = expectation(path)
    if pointer is None:  # a problem the loader finds before any rule runs
        with pytest.raises(newsevents.LoadError) as raised:
            newsevents.load_all(path)
        assert (raised.value.rule, raised.value.file) == (rule, str(path))
        assert raised.value.line is not None
        return
    (document,) = newsevents.load_all(path)
    problems = list(newsevents.iter_problems(document))
    assert [(p.rule, p.pointer) for p in problems] == [(rule, pointer)]
    (problem,) = problems
    assert problem.file == str(path)
    assert problem.line is not None
    assert problem.column is not None
    assert not newsevents.is_valid(document)
    with pytest.raises(newsevents.InvalidRecord) as invalid:
        newsevents.validate(document)
    assert invalid.value.problems == (problem,)


def test_every_semantic_rule_has_an_invalid_example() -> None:
    covered = {expectation(path)[0] for path in invalid_examples()}
    assert set(RULES) <= covered


def _loadable(paths: list[Path]) -> list[Path]:
    """The examples that reach the engines: all but those the loader stops first."""
    return [path for path in paths if path in valid_examples() or expectation(path)[1]]


@pytest.mark.parametrize("path", _loadable(valid_examples() + invalid_examples()), ids=example_id)
def test_both_engines_agree(path: Path) -> None:
    engine = engines()
    (document,) = newsevents.load_all(path)
    fast = bool(engine.fast.is_valid(document.record))
    reference = not list(engine.reference.iter_errors(document.record))
    assert fast is reference
    assert fast is (path in valid_examples() or not judged_by_schema(expectation(path)[0]))


_leaf = (
    st.none()
    | st.booleans()
    | st.integers(-3, 3)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(["", "x", "2024-02-30", "USD", "person", "https://example.org", "a b"])
)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_engines_agree_on_damaged_records(data: st.DataObject) -> None:
    """Replace one value deep in a valid record; both engines must give the same verdict."""
    record: Any = newsevents.load(MINIMAL_PATH)
    node = record
    for _ in range(data.draw(st.integers(1, 6), label="depth")):
        if isinstance(node, dict) and node:
            key = data.draw(st.sampled_from(sorted(node)), label="key")
            if data.draw(st.booleans(), label="replace here"):
                node[key] = data.draw(_leaf | st.lists(_leaf, max_size=2), label="value")
                break
            node = node[key]
        elif isinstance(node, list) and node:
            node = node[data.draw(st.integers(0, len(node) - 1), label="index")]
    engine = engines()
    assert bool(engine.fast.is_valid(record)) is not any(engine.reference.iter_errors(record))
