"""Helpers for users' tests of their extractors: is a predicted record close enough to gold?

Extractors built on language models are not deterministic, so a test asks for thresholds,
not equality::

    from newsevents.testing import assert_matches_gold

    def test_my_extractor_on_the_canonical_article():
        gold = newsevents.load_fixture("china-belarus-2024-08-23")
        predicted = my_extractor(gold["article"]["text"])
        assert_matches_gold(predicted, gold=gold, min_f1={"events": 0.8, "entities": 0.9})

A failing assertion shows the per-layer table, with the layers below their threshold
marked, and what was missed, spurious or wrong in those layers. This module imports
nothing beyond the package itself; pytest is not needed to use it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from newsevents._read.document import Document
from newsevents._score.layers import SCHEMES
from newsevents._score.result import Score

__all__ = ["assert_matches_gold", "matches_gold"]

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
