"""Assertions for users' tests: a record is valid, has exactly the problems expected, or is
close enough to a gold record.

Extractors built on language models are not deterministic, so a test of one asks for
thresholds, not equality::

    from newsevents.testing import assert_matches_gold

    def test_my_extractor_on_the_canonical_article():
        gold = newsevents.load_fixture("china-belarus-2024-08-23")
        predicted = my_extractor(gold["article"]["text"])
        assert_matches_gold(predicted, gold=gold, min_f1={"events": 0.8, "entities": 0.9})

A failing assertion lists every problem, or shows the per-layer table with the layers
below their threshold marked and what was missed, spurious or wrong in them. This module
imports nothing heavy until an assertion runs; pytest is not needed to use it.

>>> from newsevents import load_fixture
>>> from newsevents.testing import assert_problems, assert_valid
>>> record = load_fixture("minimal")
>>> assert_valid(record)
>>> record["events"][0]["place"] = "gomel"
>>> assert_problems(record, [("unresolved-reference", "/events/0/place")])
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from newsevents._read.document import Document
from newsevents._score.layers import SCHEMES
from newsevents._score.result import Score

__all__ = ["assert_matches_gold", "assert_problems", "assert_valid", "matches_gold"]

#: How many differences a failure message lists before it says how many more there are.
SHOWN = 40


def matches_gold(
    predicted: Mapping[str, Any] | Document,
    *,
    gold: Mapping[str, Any] | Document,
    min_f1: float | Mapping[str, float],
    tolerance: float = 0.0,
    schemes: Iterable[str] = SCHEMES,
) -> tuple[Score, str]:
    """Score ``predicted`` against ``gold`` and judge it by ``min_f1``.

    Returns the :class:`~newsevents.Score` and ``""`` when every layer reaches its
    threshold, or the failure message: the table and the differences of the layers
    that fall short. ``min_f1`` is one number for every layer or a mapping from a layer
    (``events.classification``) or a part (``events``: each of its layers) to a number;
    a layer's own threshold overrides its part's. A plugin or a fixture can wrap this.
    """
    from newsevents._score.report import differences, shortfalls, table, thresholds
    from newsevents._score.scorer import run

    result = run(gold, predicted, tolerance=tolerance, schemes=schemes)
    limits = thresholds(min_f1, result.layers)
    short = shortfalls(result, limits)
    if not short:
        return result, ""
    failing = {s.layer for s in short}
    lines = [
        f"the predicted record {result.predicted_id!r} falls short of the gold record "
        f"{result.gold_id!r} on {len(short)} layer{'s' if len(short) > 1 else ''}:",
        *(f"  {s}" for s in short),
        "",
        table(result, limits),
        differences((d for d in result.differences if d.layer in failing), limit=SHOWN),
    ]
    return result, "\n".join(lines).rstrip("\n")


def assert_matches_gold(
    predicted: Mapping[str, Any] | Document,
    *,
    gold: Mapping[str, Any] | Document,
    min_f1: float | Mapping[str, float],
    tolerance: float = 0.0,
    schemes: Iterable[str] = SCHEMES,
) -> Score:
    """Fail with the per-layer table and the differences when a layer of ``predicted``
    scores an F1 below its threshold against ``gold``; return the score otherwise.

    The arguments are those of :func:`matches_gold`. Records that cannot be scored (an
    invalid record, another article's text, a threshold naming no layer) raise the
    package's errors, not an assertion: the test itself is wrong.

    >>> import newsevents
    >>> gold = newsevents.load_fixture("minimal")
    >>> assert_matches_gold(gold, gold=gold, min_f1=1.0).perfect
    True
    """
    __tracebackhide__ = True  # pytest shows the caller's line, not this one
    result, failure = matches_gold(
        predicted, gold=gold, min_f1=min_f1, tolerance=tolerance, schemes=schemes
    )
    if failure:
        raise AssertionError(failure)
    return result


def _listing(problems: Iterable[Any]) -> str:
    return "\n".join(f"  {problem}" for problem in problems)


def assert_valid(record: object, *, validator: Any = None) -> None:
    """Fail, listing every problem readably, unless ``record`` (or a Document) is valid.

    ``validator`` is a :class:`newsevents.Validator` to judge by (default: every rule).
    """
    __tracebackhide__ = True
    from newsevents._validator import default

    problems = list((validator or default()).iter_problems(record))
    if problems:
        noun = "problem" if len(problems) == 1 else "problems"
        raise AssertionError(
            f"the record is not valid ({len(problems)} {noun}):\n{_listing(problems)}"
        )


def assert_problems(
    record: object, expected: Iterable[tuple[str, str]], *, validator: Any = None
) -> None:
    """Fail unless the record's problems are exactly ``expected``, as ``(rule, pointer)``
    pairs in any order; messages are not compared, since they may be reworded."""
    __tracebackhide__ = True
    from newsevents._validator import default

    problems = list((validator or default()).iter_problems(record))
    found = sorted(problem.identity for problem in problems)
    wanted = sorted(tuple(pair) for pair in expected)
    if found != wanted:
        missing = [pair for pair in wanted if pair not in found]
        extra = [problem for problem in problems if problem.identity not in wanted]
        lines = ["the record's problems are not the ones expected"]
        if missing:
            lines.append(
                "expected but not found:\n" + "\n".join(f"  {r} at {p}" for r, p in missing)
            )
        if extra:
            lines.append("found but not expected:\n" + _listing(extra))
        raise AssertionError("\n".join(lines))
