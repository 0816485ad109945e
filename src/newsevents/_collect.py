"""One walk over a record that gathers what the semantic rules look at.

Paths are tuples, turned into JSON Pointers only when a problem is reported: building
strings for the thousands of places that are fine would cost more than the checks.
"""

from __future__ import annotations

from typing import Any

__all__ = ["ENTITY_KINDS", "HOLDERS", "PLACES", "SPEAKERS", "Collected", "Path", "dicts"]

# The entity kinds each kind of reference may name: who can speak, what can be a place,
# and who can hold a position.
SPEAKERS = frozenset({"person", "organization", "government", "country", "group"})
PLACES = frozenset({"city", "country", "region", "site", "economic-zone"})
HOLDERS = frozenset({"country", "organization", "government"})
_ANY_ENTITY: frozenset[str] = frozenset()
# The entity kinds of entity.schema.json (a test keeps the two equal). A kind outside it is
# a schema problem already, so references to such an entity are not judged by kind.
ENTITY_KINDS = frozenset(
    {
        "person", "country", "city", "region", "organization", "government", "initiative",
        "agreement", "partnership", "relationship", "site", "economic-zone", "group",
    }
)  # fmt: skip

Path = tuple[Any, ...]


def dicts(container: Any, key: str) -> list[Any]:
    """``container[key]`` when it is a list, else an empty list."""
    if type(container) is dict:
        seq = container.get(key)
        if type(seq) is list:
            return seq
    return []


class Collected:
    """What the rules look at, gathered in one walk over the record."""

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
            if type(views) is dict:
                if type(views.get("as_of")) is dict:
                    moments.append((views["as_of"], ("article", "views", "as_of")))
                if type(views.get("evidence")) is list:
                    evidence.append((views["evidence"], ("article", "views", "evidence")))
            for i, media in enumerate(dicts(article, "media")):
                if type(media) is dict and type(media.get("evidence")) is list:
                    evidence.append((media["evidence"], ("article", "media", i, "evidence")))
        provenance = record.get("provenance")
        if type(provenance) is dict and type(provenance.get("created")) is dict:
            moments.append((provenance["created"], ("provenance", "created")))

        for i, ent in enumerate(dicts(record, "entities")):
            if type(ent) is not dict:
                continue
            kind = ent.get("kind")
            kind = kind if type(kind) is str else None
            ids.append((ent.get("id"), ("entities", i, "id"), "entity", kind))
            if type(ent.get("evidence")) is list:
                evidence.append((ent["evidence"], ("entities", i, "evidence")))
            for j, pos in enumerate(dicts(ent, "positions")):
                if type(pos) is not dict:
                    continue
                refs.append(
                    (pos.get("of"), ("entities", i, "positions", j, "of"), _ENTITY, HOLDERS)
                )
                if type(pos.get("evidence")) is list:
                    evidence.append((pos["evidence"], ("entities", i, "positions", j, "evidence")))

        for i, event in enumerate(dicts(record, "events")):
            if type(event) is not dict:
                continue
            ids.append((event.get("id"), ("events", i, "id"), "event", None))
            if type(event.get("evidence")) is list:
                evidence.append((event["evidence"], ("events", i, "evidence")))
            if type(event.get("date")) is dict:
                moments.append((event["date"], ("events", i, "date")))
            refs.append((event.get("place"), ("events", i, "place"), _ENTITY, PLACES))
            for j, part in enumerate(dicts(event, "participants")):
                if type(part) is dict:
                    path = ("events", i, "participants", j, "entity")
                    refs.append((part.get("entity"), path, _ENTITY, _ANY_ENTITY))
            for j, rel in enumerate(dicts(event, "relations")):
                if type(rel) is not dict:
                    continue
                path = ("events", i, "relations", j, "event")
                refs.append((rel.get("event"), path, _EVENT, _ANY_ENTITY))
                if type(rel.get("evidence")) is list:
                    evidence.append((rel["evidence"], ("events", i, "relations", j, "evidence")))

        for i, claim in enumerate(dicts(record, "claims")):
            if type(claim) is not dict:
                continue
            ids.append((claim.get("id"), ("claims", i, "id"), "claim", None))
            if type(claim.get("evidence")) is list:
                evidence.append((claim["evidence"], ("claims", i, "evidence")))
            if type(claim.get("time")) is dict:
                moments.append((claim["time"], ("claims", i, "time")))
            refs.append(
                (claim.get("subject"), ("claims", i, "subject"), _ENTITY_OR_EVENT, _ANY_ENTITY)
            )
            if "object" in claim:
                refs.append(
                    (claim["object"], ("claims", i, "object"), _ENTITY_OR_EVENT, _ANY_ENTITY)
                )
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
                refs.append((attribution.get("entity"), apath, _ENTITY, SPEAKERS))
                apath = ("claims", i, "attribution", "quote")
                refs.append((attribution.get("quote"), apath, _QUOTE, _ANY_ENTITY))

        for i, quote in enumerate(dicts(record, "quotes")):
            if type(quote) is not dict:
                continue
            ids.append((quote.get("id"), ("quotes", i, "id"), "quote", None))
            if type(quote.get("evidence")) is list:
                evidence.append((quote["evidence"], ("quotes", i, "evidence")))
            refs.append((quote.get("speaker"), ("quotes", i, "speaker"), _ENTITY, SPEAKERS))
            refs.append((quote.get("event"), ("quotes", i, "event"), _EVENT, _ANY_ENTITY))

        for i, topic in enumerate(dicts(record, "topics")):
            if type(topic) is dict and type(topic.get("evidence")) is list:
                evidence.append((topic["evidence"], ("topics", i, "evidence")))
        # A moment may point to where it is written; few do, so one pass at the end.
        for moment, path in moments:
            if type(moment.get("evidence")) is list:
                evidence.append((moment["evidence"], (*path, "evidence")))


_ENTITY = ("entity",)
_EVENT = ("event",)
_QUOTE = ("quote",)
_ENTITY_OR_EVENT = ("entity", "event")
