"""The rules on moments: calendar dates, precision, zones, and events against publication."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from newsevents._errors import Problem, json_pointer
from newsevents._rules.sites import Path, dicts

__all__ = ["VALUE_FORM", "check_intervals", "check_moments", "check_publication_order"]

# Length of a moment's value at each precision: YYYY, YYYY-MM, ..., YYYY-MM-DDThh:mm:ss.
_PRECISION_LENGTH = {"year": 4, "month": 7, "day": 10, "hour": 13, "minute": 16, "second": 19}
_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
#: The form of a moment's value, as common.schema.json#/$defs/moment gives it (a test keeps
#: the two equal). A value of another form is the schema's to report, with what to write:
#: its precision cannot be told.
VALUE_FORM = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2}(T[0-9]{2}(:[0-9]{2}(:[0-9]{2})?)?)?)?)?")


def check_moments(
    moments: Iterable[tuple[dict[str, Any], Path]], problems: list[Problem]
) -> dict[int, tuple[int, ...]]:
    """Check every moment; return the fields of the sound ones, keyed by ``id(moment)``."""
    instants: dict[int, tuple[int, ...]] = {}
    for moment, path in moments:
        value, precision = moment.get("value"), moment.get("precision")
        if type(value) is not str or type(precision) is not str:
            continue
        expected = _PRECISION_LENGTH.get(precision)
        if expected is None or VALUE_FORM.fullmatch(value) is None:
            continue
        if len(value) != expected:
            problems.append(
                Problem(
                    "date-precision-mismatch",
                    f"{value!r} is not written at {precision} precision; write "
                    f"{_SHAPES[precision]}, or change precision to what the value gives",
                    json_pointer((*path, "value")),
                )
            )
            continue
        fields = _parse(value)
        if fields is None:
            continue
        reason = _calendar_error(fields)
        if reason:
            problems.append(
                Problem(
                    "invalid-date",
                    f"{value!r} is not a real date and time: {reason}; correct the value",
                    json_pointer((*path, "value")),
                )
            )
        else:
            instants[id(moment)] = fields
        zone = moment.get("zone")
        if isinstance(zone, str) and zone[:1] in "+-" and len(zone) == 6:
            hours, minutes = zone[1:3], zone[4:6]
            if hours.isdigit() and minutes.isdigit() and not _real_offset(zone[0], hours, minutes):
                problems.append(
                    Problem(
                        "invalid-date",
                        f"{zone!r} is not a real UTC offset (offsets run from -12:00 to "
                        "+14:00); correct it, or write 'unstated' if the source gives none",
                        json_pointer((*path, "zone")),
                    )
                )
    return instants


def _real_offset(sign: str, hours: str, minutes: str) -> bool:
    """Whether ±hh:mm is a UTC offset some place uses: -12:00 to +14:00."""
    total = int(hours) * 60 + int(minutes)
    return int(minutes) < 60 and total <= (14 * 60 if sign == "+" else 12 * 60)


_SHAPES = {
    "year": "YYYY",
    "month": "YYYY-MM",
    "day": "YYYY-MM-DD",
    "hour": "YYYY-MM-DDThh",
    "minute": "YYYY-MM-DDThh:mm",
    "second": "YYYY-MM-DDThh:mm:ss",
}
# Offsets of year, month, day, hour, minute and second inside a moment's value.
_SLICES = ((0, 4), (5, 7), (8, 10), (11, 13), (14, 16), (17, 19))


def _parse(value: str) -> tuple[int, ...] | None:
    """The numeric fields of a moment's value, or None when it is not digits where expected."""
    if len(value) == 4:  # a year alone, the most common value
        return (int(value),) if value.isascii() and value.isdigit() else None
    fields = []
    for start, end in _SLICES:
        if end > len(value):
            break
        part = value[start:end]
        if not (part.isascii() and part.isdigit()):
            return None
        fields.append(int(part))
    return tuple(fields)


def _calendar_error(fields: tuple[int, ...]) -> str:
    if len(fields) == 1:  # every year is a real one
        return ""
    year = fields[0]
    if len(fields) > 1 and not 1 <= fields[1] <= 12:
        return f"month {fields[1]} is not 01-12"
    if len(fields) > 2:
        month, day = fields[1], fields[2]
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        last = 29 if month == 2 and leap else _DAYS[month - 1]
        if not 1 <= day <= last:
            return f"day {day} is not in {year}-{month:02d}, which has {last} days"
    limits = (("hour", 23), ("minute", 59), ("second", 59))
    for (name, limit), value in zip(limits, fields[3:], strict=False):
        if value > limit:
            return f"{name} {value} is more than {limit}"
    return ""


def _after(one: tuple[int, ...], other: tuple[int, ...]) -> bool:
    """Whether a moment's fields come after another's, at the precision they share."""
    common = min(len(one), len(other))
    return one[:common] > other[:common]


def check_intervals(
    moments: Iterable[tuple[dict[str, Any], Path]],
    instants: dict[int, tuple[int, ...]],
    problems: list[Problem],
) -> None:
    """An interval's start is not after its end, compared at their common precision."""
    for moment, path in moments:
        start, end = moment.get("start"), moment.get("end")
        first = instants.get(id(start)) if type(start) is dict else None
        last = instants.get(id(end)) if type(end) is dict else None
        if first is not None and last is not None and _after(first, last):
            problems.append(
                Problem(
                    "interval-reversed",
                    f"the interval starts at {moment['start']['value']} but ends before, "
                    f"at {moment['end']['value']}; swap start and end, or correct one of them",
                    json_pointer((*path, "start", "value")),
                )
            )


def check_publication_order(
    record: dict[str, Any], instants: dict[int, tuple[int, ...]], problems: list[Problem]
) -> None:
    """Occurred and ongoing events are not dated after publication.

    Moments compare field by field at their common precision (an event of '2024-08' is not
    after an article of '2024-08-23T02:34'); zones are not converted, because a zone the
    source leaves unstated cannot be.
    """
    article = record.get("article")
    published = article.get("published") if type(article) is dict else None
    latest = instants.get(id(published)) if type(published) is dict else None
    if published is None or latest is None:
        return
    for i, event in enumerate(dicts(record, "events")):
        if type(event) is not dict or event.get("status") not in ("occurred", "ongoing"):
            continue
        date = event.get("date")
        if type(date) is dict and type(date.get("start")) is dict:
            date = date["start"]  # an interval: it began after publication
        earliest = instants.get(id(date)) if type(date) is dict else None
        if date is not None and earliest is not None and _after(earliest, latest):
            problems.append(
                Problem(
                    "occurred-after-publication",
                    f"the event is {event['status']} but dated {date['value']}, after the "
                    f"article was published ({published['value']}); correct the date, or "
                    "set status to intended, planned or expected",
                    f"/events/{i}/date{'/start' if date is not event['date'] else ''}/value",
                )
            )
