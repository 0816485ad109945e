"""Comparing what two matched items say: a claim's value, a moment, a time.

Each comparison returns ``""`` when the two agree, or what differs in a few words
(``qualifier: gold more-than, predicted none``) for the list of differences.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from typing import Any

__all__ = ["PRECISIONS", "differs_moment", "differs_time", "differs_value", "normal_text"]

#: Precisions from coarsest to finest, with the length of a value written at each.
PRECISIONS = {"year": 4, "month": 7, "day": 10, "hour": 13, "minute": 16, "second": 19}


def _number(value: float) -> str:
    """A number as a person writes it: 8500000000, not 8500000000.0."""
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _shown(value: Any) -> str:
    return "none" if value is None else str(value)


def differs_moment(gold: dict[str, Any], predicted: dict[str, Any]) -> str:
    """Two moments agree at the coarser of their precisions, with the same qualifier.

    "2024-08-22" (day) and "2024-08" (month) agree: the prediction is less precise, not
    wrong. An absent qualifier is ``exact``, as the schema's default says.

    >>> differs_moment({"value": "2024-08-22", "precision": "day"},
    ...                {"value": "2024-08", "precision": "month"})
    ''
    >>> differs_moment({"value": "2020", "precision": "year", "qualifier": "since"},
    ...                {"value": "2020", "precision": "year"})
    'qualifier: gold since, predicted exact'
    """
    length = min(PRECISIONS[gold["precision"]], PRECISIONS[predicted["precision"]])
    if gold["value"][:length] != predicted["value"][:length]:
        return f"gold {gold['value']}, predicted {predicted['value']}"
    ours, theirs = gold.get("qualifier", "exact"), predicted.get("qualifier", "exact")
    if ours != theirs:
        return f"qualifier: gold {ours}, predicted {theirs}"
    return ""


def _time_form(time: dict[str, Any]) -> str:
    if "anchor" in time:
        return "publication"
    return "interval" if "start" in time else "moment"


def differs_time(gold: dict[str, Any], predicted: dict[str, Any]) -> str:
    """Two times (a moment, an interval or the publication) agree: the same form, and
    moments that agree (both ends of an interval)."""
    form, other = _time_form(gold), _time_form(predicted)
    if form != other:
        return f"gold a {form}, predicted a {other}"
    if form == "publication":
        return ""
    if form == "moment":
        return differs_moment(gold, predicted)
    for end in ("start", "end"):
        found = differs_moment(gold[end], predicted[end])
        if found:
            return f"{end}: {found}"
    return ""


_EDGES = re.compile(r"^[\W_]+|[\W_]+$")


@functools.lru_cache(maxsize=4096)
def normal_text(text: str) -> str:
    """Text as compared: NFKC, case folded, blanks collapsed, punctuation at the ends gone.

    >>> normal_text("  A  significant\\u00a0Development. ")
    'a significant development'
    """
    text = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    return _EDGES.sub("", text)


def _quantity(gold: dict[str, Any], predicted: dict[str, Any], tolerance: float) -> str:
    a, b = gold["value"], predicted["value"]
    if abs(b - a) > tolerance * abs(a):
        return f"value: gold {_number(a)}, predicted {_number(b)}"
    for key in ("unit", "qualifier"):
        if gold.get(key) != predicted.get(key):
            return f"{key}: gold {_shown(gold.get(key))}, predicted {_shown(predicted.get(key))}"
    return ""


def differs_value(
    gold: dict[str, Any],
    predicted: dict[str, Any],
    *,
    tolerance: float,
    same_entity: Callable[[str, str], bool],
    names: Callable[[str, str], tuple[str, str]] = lambda a, b: (a, b),
) -> str:
    """Two claim values agree by their kind.

    A quantity has its value within ``tolerance`` times the gold value of it (0: equal),
    the same unit and the same
    qualifier (an absent qualifier is a plain figure, not ``exact``); a moment agrees at
    the coarser precision; an entity is the match of the gold one (``same_entity``); a
    rank, a yes/no, a text are equal (texts as :func:`normal_text` has them). ``names``
    gives the names of a gold and a predicted entity, for saying what differs.
    """
    kind = gold["kind"]
    if predicted["kind"] != kind:
        return f"gold a {kind}, predicted a {predicted['kind']}"
    # Each kind of value holds its content under a key named as the kind.
    ours, theirs = gold[kind], predicted[kind]
    if kind == "quantity":
        return _quantity(ours, theirs, tolerance)
    if kind == "moment":
        return differs_moment(ours, theirs)
    if kind == "entity":
        if same_entity(ours, theirs):
            return ""
        gold_name, predicted_name = names(ours, theirs)
        return f"gold {gold_name}, predicted {predicted_name}"
    if kind == "text":
        return "" if normal_text(ours) == normal_text(theirs) else f"predicted {theirs!r}"
    return "" if ours == theirs else f"gold {ours}, predicted {theirs}"
