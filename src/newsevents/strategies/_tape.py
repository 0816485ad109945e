"""The choices a record is built from, read off one drawn byte string.

Hypothesis spends tens of microseconds on each draw, and a full-size record makes
thousands of small choices (a span's offsets, an optional field, a vocabulary value).
So a record draws its sizes from Hypothesis and every other choice from one ``binary``
draw, read here a byte or a few at a time. Hypothesis still shrinks it: it lowers bytes
toward zero, and every zero is the simplest choice (the first value, the shortest text,
an optional part left out), so a failing record shrinks to a small, plain one. A tape that
runs out reads as zeros.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

__all__ = ["Tape"]

T = TypeVar("T")


class Tape:
    """Choices read from bytes: every method takes what it needs and returns a choice."""

    __slots__ = ("_at", "_data")

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._at = 0

    def _byte(self) -> int:
        at = self._at
        self._at = at + 1
        return self._data[at] if at < len(self._data) else 0

    def integer(self, low: int, high: int) -> int:
        """A whole number from ``low`` to ``high``, both included; zeros give ``low``."""
        span = high - low
        if span <= 0:
            return low
        value = 0
        reach = 1
        while reach <= span:
            value = (value << 8) | self._byte()
            reach <<= 8
        return low + value % (span + 1)

    def flip(self) -> bool:
        """Yes or no; zero is no, so an optional part shrinks away."""
        return bool(self._byte() & 1)

    def choice(self, options: Sequence[T]) -> T:
        """One of ``options``; zero is the first."""
        return options[self.integer(0, len(options) - 1)]

    def sample(self, options: Sequence[T], low: int, high: int) -> list[T]:
        """``low`` to ``high`` distinct options, in the order they are listed."""
        count = self.integer(low, min(high, len(options)))
        chosen = {self.integer(0, len(options) - 1) for _ in range(count)}
        unused = (i for i in range(len(options)) if i not in chosen)
        while len(chosen) < min(low, len(options)):  # repeats fell below the minimum
            chosen.add(next(unused))
        return [options[i] for i in sorted(chosen)]
