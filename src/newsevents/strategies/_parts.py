"""The value objects of a record, built from a tape of choices: article texts, spans over
them, moments, quantities, short texts, ids, language tags.

Each builder draws only values every rule accepts, so that a record built from them is
valid by construction rather than by filtering, and the all-zero tape gives the plainest
value (the first word, a span of one code point at the start, the year 1900).
"""

from __future__ import annotations

import calendar
from typing import Any

from newsevents.strategies._tape import Tape
from newsevents.strategies._vocab import codes, enum

__all__ = [
    "HAZARDS",
    "article_text",
    "fields_of",
    "ident",
    "language",
    "moment",
    "moment_not_after",
    "quantity",
    "span",
    "text",
]

#: What real article text carries that breaks careless code: no-break and thin spaces,
#: bullets, curly quotes and dashes, combining marks, right-to-left words, characters
#: outside the Basic Multilingual Plane (two UTF-16 units each), CRLF.
HAZARDS = (
    "\u00a0", "\u2009", "\u2022", "\u201cquoted\u201d", "it\u2019s", "\u2014", "\u2013",
    "e\u0301", "Zu\u0308rich", "\u05e9\u05dc\u05d5\u05dd", "\u0645\u0631\u062d\u0628\u0627",
    "\U0001f600", "\U0001d400", "\u4e2d\u56fd", "\r\n", "\n\n", "\t",
)  # fmt: skip
_WORDS = (
    "news", "China", "Belarus", "Minsk", "trade", "agreement", "signed", "the", "of",
    "and", "ministers", "met", "on", "in", "2024", "billion", "$8.4", "said", "Li",
)  # fmt: skip
# Visible fragments only: each has a character that is not white space.
_VISIBLE = _WORDS + HAZARDS[2:14]
_SEPARATORS = (" ", " ", "\u00a0", ", ", ". ", "\n", " ")
# A separator and a word or hazard: 252 pieces, one byte's choice.
_PIECES = tuple(sep + word for sep in _SEPARATORS for word in _WORDS + HAZARDS)
_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_DIGITS = "0123456789"
_PRECISIONS = ("year", "month", "day", "hour", "minute", "second")
_ZONES = ("unstated", "Z", "+03:00", "-05:00", "+14:00", "-12:00", "+05:30")


def article_text(tape: Tape, low: int, high: int) -> str:
    """An article text of ``low`` to ``high`` code points: words and hazards mixed, with a
    visible first character."""
    size = tape.integer(low, high)
    parts = [tape.choice(_WORDS)]
    length = len(parts[0])
    while length < size:
        piece = tape.choice(_PIECES)  # one byte a piece: a long text costs a short tape
        parts.append(piece)
        length += len(piece)
    return "".join(parts)[:size]


def text(tape: Tape, *, words: int = 3) -> str:
    """A short text for a name, title or word list: visible fragments joined by spaces."""
    return " ".join(tape.choice(_VISIBLE) for _ in range(tape.integer(1, words)))


def ident(tape: Tape) -> str:
    """A record-local id: letters (either case) and digits in words joined by - _ or ."""
    words = [
        "".join(tape.choice(_ALNUM) for _ in range(tape.integer(1, 5)))
        for _ in range(tape.integer(1, 3))
    ]
    return words[0] + "".join(tape.choice("-_.") + word for word in words[1:])


def language(tape: Tape) -> str:
    """A BCP 47 tag of one of several shapes and letter cases."""
    tag = tape.choice(("en", "ru", "zh", "be", "ar", "de", "fr", "yue"))
    shape = tape.integer(0, 4)
    if shape == 1:
        tag += "-" + tape.choice(("GB", "US", "CN", "BY", "419"))
    elif shape == 2:
        tag += "-" + tape.choice(("Hans", "Latn", "Cyrl")) + "-CN"
    elif shape == 3:
        tag += "-x-" + tape.choice(("newsroom", "wire", "a1"))
    elif shape == 4:
        tag = tag.upper()
    return tag


def span(tape: Tape, article: str, *, longest: int = 60) -> dict[str, Any]:
    """An evidence span over ``article``: offsets in code points, end exclusive."""
    start = tape.integer(0, len(article) - 1)
    end = tape.integer(start + 1, min(len(article), start + longest))
    return {"start": start, "end": end, "text": article[start:end]}


def _value(fields: tuple[int, ...]) -> str:
    head = f"{fields[0]:04d}"
    rest = "".join(f"{mark}{value:02d}" for mark, value in zip("--T::", fields[1:], strict=False))
    return head + rest


def _fields(tape: Tape, count: int, *, latest_year: int = 2100) -> tuple[int, ...]:
    year = tape.integer(1900, latest_year)
    fields = [year]
    if count > 1:
        fields.append(tape.integer(1, 12))
    if count > 2:
        fields.append(tape.integer(1, calendar.monthrange(year, fields[1])[1]))
    limits = (23, 59, 59)
    fields += [tape.integer(0, limits[i]) for i in range(max(0, count - 3))]
    return tuple(fields)


def fields_of(value: str) -> tuple[int, ...]:
    """The numeric fields of a moment's value."""
    slices = ((0, 4), (5, 7), (8, 10), (11, 13), (14, 16), (17, 19))
    return tuple(int(value[a:b]) for a, b in slices if b <= len(value))


def _moment(tape: Tape, fields: tuple[int, ...]) -> dict[str, Any]:
    precision = _PRECISIONS[len(fields) - 1]
    made: dict[str, Any] = {"value": _value(fields), "precision": precision}
    if len(fields) > 3:  # a zone only on a clock time
        made["zone"] = tape.choice(_ZONES)
    if tape.flip():
        made["qualifier"] = tape.choice(
            enum("common.schema.json", "/$defs/moment/properties/qualifier")
        )
    if tape.flip():
        made["text"] = made["value"]
    return made


def moment(tape: Tape) -> dict[str, Any]:
    """A moment of any precision: a real calendar date, a zone only on a clock time."""
    return _moment(tape, _fields(tape, tape.integer(1, 6)))


def moment_not_after(tape: Tape, latest: dict[str, Any]) -> dict[str, Any]:
    """A moment that is not after ``latest`` at their common precision: ``latest`` itself
    cut to a precision as fine or coarser, or a moment of an earlier year."""
    fields = fields_of(latest["value"])
    if fields[0] <= 1900 or not tape.flip():
        return _moment(tape, fields[: tape.integer(1, len(fields))])
    return _moment(tape, _fields(tape, tape.integer(1, 6), latest_year=fields[0] - 1))


def quantity(tape: Tape) -> dict[str, Any]:
    """A quantity with any qualifier or none, money, a declared or a custom unit, and
    bounds that enclose its value."""
    value: float = tape.integer(-(10**12), 10**12)
    if tape.flip():
        value = value / 2 ** tape.integer(1, 20)
    kind = tape.integer(0, 2)  # money, a declared unit, or a unit of one's own
    if kind == 0:
        unit = tape.choice(codes("iso4217"))
    elif kind == 1:
        unit = tape.choice(enum("common.schema.json", "/$defs/unit"))
    else:
        unit = tape.choice(("x-bushel", "x-square-foot"))
    made: dict[str, Any] = {"value": value, "unit": unit, "text": f"{value} {unit}"}
    if tape.flip():
        made["qualifier"] = tape.choice(
            enum("common.schema.json", "/$defs/quantity/properties/qualifier")
        )
    if tape.flip():
        made["lower"] = value - tape.integer(0, 1000)
    if tape.flip():
        made["upper"] = value + tape.integer(0, 1000)
    return made


def digits(tape: Tape, low: int, high: int) -> str:
    """``low`` to ``high`` decimal digits."""
    return "".join(tape.choice(_DIGITS) for _ in range(tape.integer(low, high)))


def predicate(tape: Tape) -> str:
    """A claim predicate in snake_case."""
    words = [
        "".join(tape.choice(_ALNUM[:26]) for _ in range(tape.integer(1, 6)))
        for _ in range(tape.integer(1, 3))
    ]
    return "_".join(words)
