"""Rules that JSON Schema cannot express, each with a stable name.

The rules read a record defensively: a record that also breaks the schema still gets every
semantic problem that can be found in it, and nothing here raises on odd shapes. They are
written as one pass per concern over plain dicts and lists, because they run on every
validation and must stay a small part of its cost.
"""

from __future__ import annotations

import math
from typing import Any

from ._errors import Problem

__all__ = ["RULES", "check"]

#: Every semantic rule: stable name -> what it requires. Schema problems are named
#: ``schema.<keyword>`` and loader problems have names of their own.
RULES: dict[str, str] = {
    "duplicate-id": "ids are unique across entities, events, claims and quotes",
    "unresolved-reference": "every reference names an entity, event or quote of the record",
    "reference-kind": "every reference names something of a kind allowed where it is used",
    "span-out-of-range": "evidence spans lie inside article.text, with start before end",
    "span-text-mismatch": "an evidence span's text equals article.text[start:end]",
    "date-precision-mismatch": "a moment's value is exactly as precise as its precision says",
    "invalid-date": "a moment's value is a real calendar date and time, its zone a real offset",
    "bounds-exclude-value": "a quantity's lower and upper bounds enclose its value",
    "non-finite-number": "numbers are finite: NaN and infinities are never valid",
    "occurred-after-publication": "an event that occurred or is ongoing is not dated after "
    "the article's publication",
    "quote-text-mismatch": "a direct quote's text stands verbatim in one of its evidence spans",
}

_SPEAKERS = frozenset({"person", "organization", "government", "country", "group"})
_PLACES = frozenset({"city", "country", "region", "site", "economic-zone"})
_HOLDERS = frozenset({"country", "organization", "government"})
_ANY_ENTITY: frozenset[str] = frozenset()
# The entity kinds of entity.schema.json (a test keeps the two equal). A kind outside it is
# a schema problem already, so references to such an entity are not judged by kind.
ENTITY_KINDS = frozenset(
    {
        "person", "country", "city", "region", "organization", "government", "initiative",
        "agreement", "partnership", "relationship", "site", "economic-zone", "group",
    }
)  # fmt: skip

# Length of a moment's value at each precision: YYYY, YYYY-MM, ..., YYYY-MM-DDThh:mm:ss.
_PRECISION_LENGTH = {"year": 4, "month": 7, "day": 10, "hour": 13, "minute": 16, "second": 19}
_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


Path = tuple[Any, ...]


def _pointer(path: Path) -> str:
    """The JSON Pointer of a path of keys and indexes (ids never need escaping here)."""
    return "".join(f"/{part}" for part in path)


def _dicts(container: Any, key: str) -> list[Any]:
    """``container[key]`` when it is a list, else an empty list."""
    if type(container) is dict:
        seq = container.get(key)
        if type(seq) is list:
            return seq
    return []


class _Collected:
    """What the rules look at, gathered in one walk over the record.

    Paths are tuples, turned into JSON Pointers only when a problem is reported: building
    strings for the thousands of places that are fine would cost more than the checks.
    """

    __slots__ = ("evidence", "ids", "moments", "quantities", "references")

    def __init__(self, record: dict[str, Any]) -> None:
        # (id, path, section noun, entity kind) for each item that has an id
        self.ids: list[tuple[Any, Path, str, Any]] = []
        # (value, path, allowed nouns, allowed entity kinds) for each reference
        self.references: list[tuple[Any, Path, tuple[str, ...], frozenset[str]]] = []
        self.evidence: list[tuple[list[Any], Path]] = []
        self.moments: list[tuple[dict[str, Any], Path]] = []
        self.quantities: list[tuple[dict[str, Any], Path]] = []
        self._walk(record)

    def _walk(self, record: dict[str, Any]) -> None:
        # Written out flat, with literal path tuples: this walk is most of the rules' cost.
        ids, refs, evidence = self.ids, self.references, self.evidence
        moments, quantities = self.moments, self.quantities
        article = record.get("article")
        if type(article) is dict:
            published = article.get("published")
            if type(published) is dict:
                moments.append((published, ("article", "published")))
            views = article.get("views")
            if type(views) is dict and type(views.get("as_of")) is dict:
                moments.append((views["as_of"], ("article", "views", "as_of")))
            for i, media in enumerate(_dicts(article, "media")):
                if type(media) is dict and type(media.get("evidence")) is list:
                    evidence.append((media["evidence"], ("article", "media", i, "evidence")))
        provenance = record.get("provenance")
        if type(provenance) is dict and type(provenance.get("created")) is dict:
            moments.append((provenance["created"], ("provenance", "created")))

        for i, ent in enumerate(_dicts(record, "entities")):
            if type(ent) is not dict:
                continue
            kind = ent.get("kind")
            kind = kind if type(kind) is str else None
            ids.append((ent.get("id"), ("entities", i, "id"), "entity", kind))
            if type(ent.get("evidence")) is list:
                evidence.append((ent["evidence"], ("entities", i, "evidence")))
            for j, pos in enumerate(_dicts(ent, "positions")):
                if type(pos) is not dict:
                    continue
                refs.append(
                    (pos.get("of"), ("entities", i, "positions", j, "of"), _ENTITY, _HOLDERS)
                )
                if type(pos.get("evidence")) is list:
                    evidence.append((pos["evidence"], ("entities", i, "positions", j, "evidence")))

        for i, event in enumerate(_dicts(record, "events")):
            if type(event) is not dict:
                continue
            ids.append((event.get("id"), ("events", i, "id"), "event", None))
            if type(event.get("evidence")) is list:
                evidence.append((event["evidence"], ("events", i, "evidence")))
            if type(event.get("date")) is dict:
                moments.append((event["date"], ("events", i, "date")))
            refs.append((event.get("place"), ("events", i, "place"), _ENTITY, _PLACES))
            for j, part in enumerate(_dicts(event, "participants")):
                if type(part) is dict:
                    path = ("events", i, "participants", j, "entity")
                    refs.append((part.get("entity"), path, _ENTITY, _ANY_ENTITY))
            for j, rel in enumerate(_dicts(event, "relations")):
                if type(rel) is not dict:
                    continue
                path = ("events", i, "relations", j, "event")
                refs.append((rel.get("event"), path, _EVENT, _ANY_ENTITY))
                if type(rel.get("evidence")) is list:
                    evidence.append((rel["evidence"], ("events", i, "relations", j, "evidence")))

        for i, claim in enumerate(_dicts(record, "claims")):
            if type(claim) is not dict:
                continue
            ids.append((claim.get("id"), ("claims", i, "id"), "claim", None))
            if type(claim.get("evidence")) is list:
                evidence.append((claim["evidence"], ("claims", i, "evidence")))
            if type(claim.get("time")) is dict:
                moments.append((claim["time"], ("claims", i, "time")))
            refs.append((claim.get("subject"), ("claims", i, "subject"), _SUBJECT, _ANY_ENTITY))
            if "object" in claim:
                refs.append((claim["object"], ("claims", i, "object"), _ENTITY, _ANY_ENTITY))
            value = claim.get("value")
            if type(value) is dict:
                kind = value.get("kind")
                if kind == "quantity" and type(value.get("quantity")) is dict:
                    quantities.append((value["quantity"], ("claims", i, "value", "quantity")))
                elif kind == "entity":
                    vpath = ("claims", i, "value", "entity")
                    refs.append((value.get("entity"), vpath, _ENTITY, _ANY_ENTITY))
                elif kind == "moment" and type(value.get("moment")) is dict:
                    moments.append((value["moment"], ("claims", i, "value", "moment")))
            attribution = claim.get("attribution")
            if type(attribution) is dict and attribution.get("source") != "article":
                apath = ("claims", i, "attribution", "entity")
                refs.append((attribution.get("entity"), apath, _ENTITY, _SPEAKERS))
                apath = ("claims", i, "attribution", "quote")
                refs.append((attribution.get("quote"), apath, _QUOTE, _ANY_ENTITY))

        for i, quote in enumerate(_dicts(record, "quotes")):
            if type(quote) is not dict:
                continue
            ids.append((quote.get("id"), ("quotes", i, "id"), "quote", None))
            if type(quote.get("evidence")) is list:
                evidence.append((quote["evidence"], ("quotes", i, "evidence")))
            refs.append((quote.get("speaker"), ("quotes", i, "speaker"), _ENTITY, _SPEAKERS))
            refs.append((quote.get("event"), ("quotes", i, "event"), _EVENT, _ANY_ENTITY))

        for i, topic in enumerate(_dicts(record, "topics")):
            if type(topic) is dict and type(topic.get("evidence")) is list:
                evidence.append((topic["evidence"], ("topics", i, "evidence")))


_ENTITY = ("entity",)
_EVENT = ("event",)
_QUOTE = ("quote",)
_SUBJECT = ("entity", "event")


def check(record: Any) -> list[Problem]:
    """Every semantic problem of ``record``, in record order within each rule."""
    if type(record) is not dict:
        return []
    problems: list[Problem] = []
    found = _Collected(record)
    kinds = _ids(found, problems)
    _references(found, kinds, problems)
    _spans(record, found, problems)
    instants = _moments(found, problems)
    _quantities(found, problems)
    _publication_order(record, instants, problems)
    _quotes(record, problems)
    return problems


# -- ids and references -------------------------------------------------------------------


def _ids(found: _Collected, problems: list[Problem]) -> dict[str, tuple[str, Any]]:
    """Map each id to what it names: (section noun, entity kind or None)."""
    kinds: dict[str, tuple[str, Any]] = {}
    first: dict[str, Path] = {}
    for ident, path, noun, kind in found.ids:
        if type(ident) is not str:
            continue
        if ident in kinds:
            problems.append(
                Problem(
                    "duplicate-id",
                    f"id {ident!r} is already used at {_pointer(first[ident])}; ids are "
                    "unique across entities, events, claims and quotes, so rename one of "
                    "them and update the references to it",
                    _pointer(path),
                )
            )
            continue
        kinds[ident] = (noun, kind)
        first[ident] = path
    return kinds


def _references(
    found: _Collected, kinds: dict[str, tuple[str, Any]], problems: list[Problem]
) -> None:
    for value, path, nouns, entity_kinds in found.references:
        if type(value) is not str:
            continue
        target = kinds.get(value)
        if target is None:
            problems.append(
                Problem(
                    "unresolved-reference",
                    f"{value!r} is not the id of any {_describe(nouns, entity_kinds)} in this "
                    "record; add it, or correct the reference",
                    _pointer(path),
                )
            )
            continue
        noun, kind = target
        if noun in nouns and (
            noun != "entity" or not entity_kinds or kind in entity_kinds or kind not in ENTITY_KINDS
        ):
            continue
        what = f"a {kind} entity" if noun == "entity" else f"a {noun}"
        problems.append(
            Problem(
                "reference-kind",
                f"{value!r} names {what}, but this reference must name "
                f"{_describe(nouns, entity_kinds)}",
                _pointer(path),
            )
        )


def _describe(nouns: tuple[str, ...], entity_kinds: frozenset[str]) -> str:
    words = []
    for noun in nouns:
        if noun == "entity" and entity_kinds:
            words.append("entity of kind " + "/".join(sorted(entity_kinds)))
        else:
            words.append(noun)
    return " or ".join(words)


# -- evidence spans -----------------------------------------------------------------------


def _spans(record: dict[str, Any], found: _Collected, problems: list[Problem]) -> None:
    article = record.get("article")
    text = article.get("text") if type(article) is dict else None
    if type(text) is not str:
        return
    size = len(text)
    for spans, path in found.evidence:
        try:  # the common case, every span right, kept as tight as it can be
            for span in spans:
                start, end = span["start"], span["end"]
                if text[start:end] != span["text"] or not 0 <= start < end <= size:
                    break
            else:
                continue
        except (TypeError, KeyError, AttributeError):
            pass  # an odd shape: the loop below says what, if anything, is wrong
        for j, span in enumerate(spans):
            # The hot loop of validation: plain lookups first, checks only on the odd shape.
            try:
                start, end, quoted = span["start"], span["end"], span.get("text")
            except (TypeError, KeyError, AttributeError):
                continue
            if type(start) is not int or type(end) is not int:  # bool is no offset
                continue
            if 0 <= start < end <= size and (quoted is None or text[start:end] == quoted):
                continue
            where = _pointer((*path, j))
            if not 0 <= start < end <= size:
                problems.append(
                    Problem(
                        "span-out-of-range",
                        f"span [{start}, {end}) does not lie inside article.text, which has "
                        f"{size} code points; start must be less than end, and end at most "
                        f"{size}",
                        where,
                    )
                )
                continue
            if type(quoted) is str:
                found_at = text.find(quoted) if quoted else -1
                hint = (
                    f"; that text is found at [{found_at}, {found_at + len(quoted)})"
                    if found_at >= 0
                    else "; copy the slice verbatim, counting code points, not bytes"
                )
                problems.append(
                    Problem(
                        "span-text-mismatch",
                        f"span text {_short(quoted)} differs from article.text[{start}:{end}] "
                        f"= {_short(text[start:end])}{hint}",
                        f"{where}/text",
                    )
                )


def _short(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")


# -- moments ------------------------------------------------------------------------------


def _moments(found: _Collected, problems: list[Problem]) -> dict[int, tuple[int, ...]]:
    """Check every moment; return the fields of the sound ones, keyed by ``id(moment)``."""
    instants: dict[int, tuple[int, ...]] = {}
    for moment, path in found.moments:
        value, precision = moment.get("value"), moment.get("precision")
        if type(value) is not str or type(precision) is not str:
            continue
        expected = _PRECISION_LENGTH.get(precision)
        if expected is None:
            continue
        if len(value) != expected:
            problems.append(
                Problem(
                    "date-precision-mismatch",
                    f"{value!r} is not written at {precision} precision; write "
                    f"{_SHAPES[precision]}, or change precision to what the value gives",
                    _pointer((*path, "value")),
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
                    _pointer((*path, "value")),
                )
            )
        else:
            instants[id(moment)] = fields
        zone = moment.get("zone")
        if isinstance(zone, str) and zone[:1] in "+-" and len(zone) == 6:
            hours, minutes = zone[1:3], zone[4:6]
            if hours.isdigit() and minutes.isdigit() and (int(hours) > 14 or int(minutes) > 59):
                problems.append(
                    Problem(
                        "invalid-date",
                        f"{zone!r} is not a real UTC offset (offsets run from -12:00 to "
                        "+14:00); correct it, or write 'unstated' if the source gives none",
                        _pointer((*path, "zone")),
                    )
                )
    return instants


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


# -- quantities ---------------------------------------------------------------------------


def _quantities(found: _Collected, problems: list[Problem]) -> None:
    for quantity, path in found.quantities:
        base = _pointer(path)
        numbers = {}
        for key in ("value", "lower", "upper"):
            number = quantity.get(key)
            if isinstance(number, float) and not math.isfinite(number):
                problems.append(
                    Problem(
                        "non-finite-number",
                        f"{key} is {number!r}; NaN and infinities are not valid numbers in "
                        "records, write the number the source gives",
                        f"{base}/{key}",
                    )
                )
            elif isinstance(number, (int, float)) and not isinstance(number, bool):
                numbers[key] = number
        lower, upper, number = numbers.get("lower"), numbers.get("upper"), numbers.get("value")
        if lower is not None and upper is not None and lower > upper:
            problems.append(
                Problem(
                    "bounds-exclude-value",
                    f"lower bound {lower} is above upper bound {upper}; swap or correct them",
                    f"{base}/lower",
                )
            )
        elif number is not None and lower is not None and number < lower:
            problems.append(
                Problem(
                    "bounds-exclude-value",
                    f"value {number} is below its lower bound {lower}; correct the value "
                    "or the bound",
                    f"{base}/value",
                )
            )
        elif number is not None and upper is not None and number > upper:
            problems.append(
                Problem(
                    "bounds-exclude-value",
                    f"value {number} is above its upper bound {upper}; correct the value "
                    "or the bound",
                    f"{base}/value",
                )
            )


# -- events against publication -----------------------------------------------------------


def _publication_order(
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
    for i, event in enumerate(_dicts(record, "events")):
        if type(event) is not dict or event.get("status") not in ("occurred", "ongoing"):
            continue
        date = event.get("date")
        earliest = instants.get(id(date)) if type(date) is dict else None
        if date is None or earliest is None:
            continue
        common = min(len(earliest), len(latest))
        if earliest[:common] > latest[:common]:
            problems.append(
                Problem(
                    "occurred-after-publication",
                    f"the event is {event['status']} but dated {date['value']}, after the "
                    f"article was published ({published['value']}); correct the date, or "
                    "set status to intended, planned or expected",
                    f"/events/{i}/date/value",
                )
            )


# -- quotes -------------------------------------------------------------------------------


def _quotes(record: dict[str, Any], problems: list[Problem]) -> None:
    for i, quote in enumerate(_dicts(record, "quotes")):
        if type(quote) is not dict:
            continue
        text, spans = quote.get("text"), quote.get("evidence")
        if quote.get("mode") != "direct" or not isinstance(text, str) or not text:
            continue
        if not isinstance(spans, list):
            continue
        quoted = [s.get("text") for s in spans if isinstance(s, dict)]
        if not any(isinstance(q, str) and text in q for q in quoted):
            problems.append(
                Problem(
                    "quote-text-mismatch",
                    f"direct quote {_short(text)} is not found verbatim in any of its "
                    "evidence spans; quote the speaker's words exactly, or make it indirect",
                    f"/quotes/{i}/text",
                )
            )
