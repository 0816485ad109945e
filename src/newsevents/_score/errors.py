"""The errors of scoring: records that cannot be compared, options that mean nothing.

Each is a :class:`~newsevents.exceptions.NewsEventsError` with fields, and survives
pickling.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Any, Literal

from newsevents._errors import InvalidRecord, NewsEventsError, Problem, brief

__all__ = ["InvalidOption", "TextMismatch", "UnscorableRecord"]

Side = Literal["gold", "predicted"]


class TextMismatch(NewsEventsError, ValueError):
    """The two records are of different article texts, so their spans cannot be compared.

    ``offset`` is the first code point at which ``article.text`` differs, ``gold`` and
    ``predicted`` the two texts from a little before it, ``gold_length`` and
    ``predicted_length`` the lengths of the whole texts.

    >>> error = TextMismatch.between("China and Belarus", "China or Belarus")
    >>> error.offset, error.gold, error.predicted
    (6, 'China and Belarus', 'China or Belarus')
    """

    def __init__(
        self, offset: int, gold: str, predicted: str, gold_length: int, predicted_length: int
    ) -> None:
        self.offset = offset
        self.gold = gold
        self.predicted = predicted
        self.gold_length = gold_length
        self.predicted_length = predicted_length
        super().__init__(
            "the two records are of different articles: their article.text first differs at "
            f"code point {offset} (gold {brief(gold)}, predicted {brief(predicted)}; "
            f"{gold_length} and {predicted_length} code points long); score a record "
            "against the gold record of the same text"
        )

    @classmethod
    def between(cls, gold: str, predicted: str, context: int = 20) -> TextMismatch:
        """The mismatch of two different texts, with ``context`` code points before it."""
        offset = next(
            (i for i, (a, b) in enumerate(zip(gold, predicted, strict=False)) if a != b),
            min(len(gold), len(predicted)),
        )
        start = max(0, offset - context)
        stop = offset + context
        return cls(offset, gold[start:stop], predicted[start:stop], len(gold), len(predicted))

    def __reduce__(self) -> tuple[Any, ...]:
        fields = (self.offset, self.gold, self.predicted, self.gold_length, self.predicted_length)
        return (type(self), fields)


class UnscorableRecord(InvalidRecord):
    """The gold or the predicted record (``side``) is not a valid record, so it cannot
    be scored; ``problems`` holds every problem, as :class:`InvalidRecord` does."""

    def __init__(self, side: Side, problems: tuple[Problem, ...]) -> None:
        super().__init__(problems)
        self.side = side
        self.args = (f"the {side} record cannot be scored: {self.args[0]}",)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.side, self.problems))


class InvalidOption(NewsEventsError, ValueError):
    """An option of scoring that has no meaning: ``option`` names it, ``value`` is what
    was given and ``reason`` what it must be.

    >>> InvalidOption("tolerance", -1, "a number of 0 or more").option
    'tolerance'
    """

    def __init__(self, option: str, value: object, reason: str, known: Sequence[str] = ()) -> None:
        self.option = option
        self.value = value
        self.reason = reason
        self.known = tuple(known)
        close = difflib.get_close_matches(str(value), self.known, n=1) if self.known else []
        #: A suggestion, for a name close to a known one: ``; did you mean 'strict'?``.
        self.hint = f"; did you mean {close[0]!r}?" if close else ""
        super().__init__(f"{option}={brief(value)}: {reason}{self.hint}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.option, self.value, self.reason, self.known))
