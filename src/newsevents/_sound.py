"""The rules' fast verdict: whether a record breaks a semantic rule, without saying more.

``check`` says what is wrong and where. It reads a record defensively, whatever its shape,
and keeps the path of every id, reference and span it gathers, which costs more than the
checks themselves. A verdict needs none of that. ``sound`` gives one, reading the record
as the schema shapes it and keeping no paths; the rules on moments, quantities and quotes
are shared with ``check`` as they are.

``sound`` is run only on records the schema accepts. It says True when ``check`` would
find nothing, False when it would find something, and None when the record holds a shape
it does not read (a whole-number float as a span offset, say): then ``check`` decides. A
property test holds it to that on damaged records, and every example holds it too.
"""

from __future__ import annotations

from typing import Any

from ._collect import ENTITY_KINDS, HOLDERS, PLACES, SPEAKERS
from newsevents._rules.dates import check_moments, check_publication_order
from ._errors import Problem
from newsevents._rules.semantic import check_quantities, check_quotes

__all__ = ["sound"]

_SECTIONS = ("entities", "events", "claims", "quotes")
_NOTHING = object()
_SKIP: tuple[()] = ()


def sound(record: Any) -> bool | None:
    """Whether ``check(record)`` would find nothing, for a record the schema accepts; None
    when the record holds a shape this does not read.

    >>> from newsevents import load_fixture
    >>> record = dict(load_fixture("china-belarus-2024-08-23"))
    >>> sound(record)
    True
    >>> record["events"] = record["events"] + [record["events"][0]]
    >>> sound(record)
    False
    >>> sound({"article": "a text"}) is None
    True
    """
    try:
        return _sound(record)
    except (LookupError, TypeError, AttributeError, ValueError):
        return None


def _sound(record: dict[str, Any]) -> bool:
    # Written out flat: a function call per span or plain reference would cost more than
    # the check itself.
    article = record["article"]
    text = article["text"]
    size = len(text)
    entities = {entity["id"]: entity["kind"] for entity in record["entities"]}
    events = {event["id"] for event in record["events"]}
    claims = {claim["id"] for claim in record["claims"]}
    quotes = {quote["id"] for quote in record["quotes"]}
    # Ids are unique within each section, and no id is used in two sections.
    written = tuple(len(record[section]) for section in _SECTIONS)
    distinct = (len(entities), len(events), len(claims), len(quotes))
    if distinct != written or len(claims.union(entities, events, quotes)) != sum(written):
        return False

    evidence: list[Any] = []
    moments: list[Any] = [article["published"]]
    quantities: list[Any] = []
    views = article.get("views")
    if views is not None:
        evidence.append(views.get("evidence", _SKIP))
        if "as_of" in views:
            moments.append(views["as_of"])
    evidence.extend(media.get("evidence", _SKIP) for media in article.get("media", _SKIP))
    if "created" in record["provenance"]:
        moments.append(record["provenance"]["created"])

    for entity in record["entities"]:
        evidence.append(entity["evidence"])
        for position in entity.get("positions", _SKIP):
            evidence.append(position["evidence"])
            if not _names(entities, position.get("of"), HOLDERS):
                return False

    for event in record["events"]:
        evidence.append(event["evidence"])
        if "date" in event:
            moments.append(event["date"])
        if not _names(entities, event.get("place"), PLACES):
            return False
        for participant in event["participants"]:
            value = participant["entity"]
            if type(value) is str and value not in entities:
                return False
        for relation in event.get("relations", _SKIP):
            value = relation["event"]
            if type(value) is str and value not in events:
                return False
            evidence.append(relation.get("evidence", _SKIP))

    for claim in record["claims"]:
        evidence.append(claim["evidence"])
        if "time" in claim:
            moments.append(claim["time"])
        for value in (claim["subject"], claim.get("object")):
            if type(value) is str and value not in entities and value not in events:
                return False
        value = claim["value"]
        kind = value["kind"]
        if kind == "quantity":
            quantities.append((value["quantity"], _SKIP))
        elif kind == "entity":
            if type(value["entity"]) is str and value["entity"] not in entities:
                return False
        elif kind == "moment":
            moments.append(value["moment"])
        attribution = claim["attribution"]
        if attribution["source"] != "article":
            if not _names(entities, attribution.get("entity"), SPEAKERS):
                return False
            value = attribution.get("quote")
            if type(value) is str and value not in quotes:
                return False

    for quote in record["quotes"]:
        evidence.append(quote["evidence"])
        if not _names(entities, quote["speaker"], SPEAKERS):
            return False
        value = quote.get("event")
        if type(value) is str and value not in events:
            return False

    evidence.extend(topic["evidence"] for topic in record["topics"])
    evidence.extend(moment.get("evidence", _SKIP) for moment in moments)
    for spans in evidence:
        for span in spans:
            start, end = span["start"], span["end"]
            if text[start:end] != span["text"] or not 0 <= start < end <= size:
                return False

    problems: list[Problem] = []
    instants = check_moments(((moment, _SKIP) for moment in moments), problems)
    check_quantities(quantities, problems)
    check_publication_order(record, instants, problems)
    check_quotes(record, problems)
    return not problems


def _names(entities: dict[Any, Any], value: Any, allowed: frozenset[str]) -> bool:
    """Whether a reference names an entity of a kind allowed there. A reference that is not
    a string, and an entity of a kind outside the schema's, are the schema's business."""
    if type(value) is not str:
        return True
    kind = entities.get(value, _NOTHING)
    return kind is not _NOTHING and (kind in allowed or kind not in ENTITY_KINDS)
