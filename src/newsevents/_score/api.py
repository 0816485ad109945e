"""The public face of the scorer, light at import: the work is loaded on the first score."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from newsevents._read.document import Document
from newsevents._score.layers import SCHEMES
from newsevents._score.result import Score

__all__ = ["score"]


def score(
    gold: Mapping[str, Any] | Document,
    predicted: Mapping[str, Any] | Document,
    *,
    tolerance: float = 0.0,
    schemes: Iterable[str] = SCHEMES,
) -> Score:
    """Score a predicted record against the gold record of the same article.

    Both are valid records (or Documents holding them) of the same ``article.text``; ids
    may differ entirely, since items are matched one to one by what they say. The
    :class:`Score` has a layer for entity mentions under each of ``schemes`` (``strict``,
    ``exact``, ``partial``, ``type``), entities, events, arguments, claims, quotes,
    moments and links, each with its counts, precision, recall and F1, and lists what was
    missed, what is spurious and what was matched but wrong, with pointers into each
    record.

    ``tolerance`` is how far, relative to the gold value, a claimed quantity may be and
    still be right (default 0: equal).

    Raises :class:`~newsevents.exceptions.UnscorableRecord` when a record is invalid,
    :class:`~newsevents.exceptions.TextMismatch` when the two texts differ and
    :class:`~newsevents.exceptions.InvalidOption` for an option that means nothing.

    >>> import newsevents
    >>> gold = newsevents.load_fixture("minimal")
    >>> result = newsevents.score(gold, gold)
    >>> result["events.classification"].f1, result.perfect
    (1.0, True)
    """
    from newsevents._score.scorer import run

    return run(gold, predicted, tolerance=tolerance, schemes=schemes)
