"""Assertions for users' tests: a record is valid, or has exactly the problems expected.

Nothing heavy is imported until an assertion runs, so importing this module costs a test
run nothing.

>>> from newsevents import load_fixture
>>> from newsevents.testing import assert_problems, assert_valid
>>> record = load_fixture("minimal")
>>> assert_valid(record)
>>> record["events"][0]["place"] = "gomel"
>>> assert_problems(record, [("unresolved-reference", "/events/0/place")])
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = ["assert_problems", "assert_valid"]

__tracebackhide__ = True


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
