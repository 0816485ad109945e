"""``span``: the evidence span of a piece of the article text, found by the text itself.

Offsets count code points, as ``str`` does in Python, which is what a span's ``start`` and
``end`` count; a reader in another language counting UTF-16 units would get them wrong.
"""

from __future__ import annotations

from typing import Any

from newsevents._errors import NewsEventsError, brief
from newsevents.types import Span

__all__ = ["SpanNotFound", "occurrences", "span"]


class SpanNotFound(NewsEventsError, LookupError):
    """``span()`` found fewer places than asked: ``needle`` is written ``count`` times in the
    text at or after code point ``after``, and ``occurrence`` asked for another one.

    >>> error = SpanNotFound("Minsk", 3, 2, after=0)
    >>> error.count, isinstance(error, LookupError)
    (2, True)
    >>> str(error)
    "'Minsk' is written 2 times in the text, so there is no occurrence 3"
    """

    def __init__(
        self, needle: str, occurrence: int, count: int, *, after: int = 0, hint: str = ""
    ) -> None:
        self.needle = needle
        self.occurrence = occurrence
        self.count = count
        self.after = after
        self.hint = hint
        where = "in the text" if after == 0 else f"in the text from code point {after} on"
        if count == 0:
            message = f"{brief(needle)} is not written {where}{hint}"
        else:
            times = "once" if count == 1 else f"{count} times"
            message = (
                f"{brief(needle)} is written {times} {where}, so there is no occurrence "
                f"{occurrence}"
            )
        super().__init__(message)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuilt, (self.needle, self.occurrence, self.count, self.after, self.hint))


# Named where users import it from, so that a traceback says newsevents.exceptions.SpanNotFound.
SpanNotFound.__module__ = "newsevents.exceptions"


def _rebuilt(needle: str, occurrence: int, count: int, after: int, hint: str) -> SpanNotFound:
    return SpanNotFound(needle, occurrence, count, after=after, hint=hint)


def occurrences(text: str, needle: str, start: int = 0, stop: int | None = None) -> list[int]:
    """Where ``needle`` begins in ``text[start:stop]``, overlapping places included.

    >>> occurrences("aaaa", "aa")
    [0, 1, 2]
    """
    stop = len(text) if stop is None else stop
    found = []
    at = text.find(needle, start, stop)
    while at >= 0:
        found.append(at)
        at = text.find(needle, at + 1, stop)
    return found


def span(text: str, needle: str, occurrence: int = 1, *, after: int = 0) -> Span:
    """The evidence span of the ``occurrence``-th place ``needle`` is written in ``text``.

    Counting is 1-based (``-1`` is the last place, ``-2`` the one before) and begins at
    code point ``after``: ``span(text, "Li Qiang", after=120)`` is the first "Li Qiang"
    from offset 120 on. Places may overlap ("aa" is written three times in "aaaa"). Raises
    :class:`~newsevents.exceptions.SpanNotFound`, a ``LookupError`` that says how many
    places there are, when there are fewer.

    >>> text = "Li Qiang met Roman Golovchenko in Minsk. Minsk is the capital."
    >>> span(text, "Minsk")
    {'start': 34, 'end': 39, 'text': 'Minsk'}
    >>> span(text, "Minsk", occurrence=2)
    {'start': 41, 'end': 46, 'text': 'Minsk'}
    >>> span(text, "Minsk", after=35) == span(text, "Minsk", -1)
    True
    """
    if not isinstance(text, str) or not isinstance(needle, str):
        raise TypeError(
            f"span() finds text in text, but was given {type(text).__name__} and "
            f"{type(needle).__name__}"
        )
    if not needle:
        raise ValueError("span() needs the text of the span, not an empty string")
    if isinstance(occurrence, bool) or not isinstance(occurrence, int) or occurrence == 0:
        raise ValueError(
            f"occurrence={occurrence!r}: count places from 1 (the first), or from -1 (the last)"
        )
    if isinstance(after, bool) or not isinstance(after, int) or not 0 <= after <= len(text):
        raise ValueError(f"after={after!r} is not an offset in the text (0 to {len(text)})")
    if occurrence > 0:
        at = after - 1
        for _ in range(occurrence):
            at = text.find(needle, at + 1)
            if at < 0:
                break
        else:
            return {"start": at, "end": at + len(needle), "text": needle}
        places = occurrences(text, needle, after)
    else:
        places = occurrences(text, needle, after)
        if len(places) >= -occurrence:
            at = places[occurrence]
            return {"start": at, "end": at + len(needle), "text": needle}
    raise SpanNotFound(
        needle, occurrence, len(places), after=after, hint=_hint(text, needle, after)
    )


def _hint(text: str, needle: str, after: int) -> str:
    """What to try when ``needle`` is nowhere: the same words in another letter case, or
    the text before ``after``."""
    if after and needle in text:
        return f" (it is written before, at {text.find(needle)})"
    folded = needle.casefold()
    lowered = text.casefold()
    # casefold() may change lengths (ß -> ss): offer the place only when it does not.
    if len(lowered) == len(text) and len(folded) == len(needle):
        at = lowered.find(folded, after)
        if at >= 0:
            return f"; in another letter case it is: {brief(text[at : at + len(needle)])} at {at}"
    return ""
