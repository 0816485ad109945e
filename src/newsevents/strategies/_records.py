"""Valid records, built rather than filtered: the text first, then what points into it.

The order follows what depends on what: the article text; the publication moment; the ids
of every item (unique, one namespace); entities, whose spans lie in the text; events,
whose places and participants name entities of the kinds the table of sites allows;
quotes, spoken by entities that may speak; claims last, attributed to speakers through
their own quotes. Every reference is chosen among the ids that may stand there, so every
record passes the schema and every rule.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

from newsevents._resources import ROOT_SCHEMA_ID
from newsevents.strategies import _parts as parts
from newsevents.strategies._tape import Tape
from newsevents.strategies._vocab import codes, enum, reference_site, value_kinds

__all__ = ["Sizes", "build", "build_from", "build_record"]


@dataclass(frozen=True)
class Sizes:
    """How many of each part a record may have, and how long its text may be."""

    entities: tuple[int, int] = (1, 8)
    events: tuple[int, int] = (0, 5)
    claims: tuple[int, int] = (0, 8)
    quotes: tuple[int, int] = (0, 3)
    text: tuple[int, int] = (1, 600)


@dataclass
class _Draft:
    """What has been built so far, for the parts built later to point at."""

    tape: Tape
    text: str
    published: dict[str, Any]
    kinds: dict[str, str] = field(default_factory=dict)  # entity id -> kind
    events: list[str] = field(default_factory=list)
    claims: list[str] = field(default_factory=list)
    quotes: dict[str, str] = field(default_factory=dict)  # quote id -> speaker

    def evidence(self, most: int = 3) -> list[dict[str, Any]]:
        return [parts.span(self.tape, self.text) for _ in range(self.tape.integer(1, most))]

    def dated(self, moment: dict[str, Any]) -> dict[str, Any]:
        """A moment (or interval, or publication time), now and then with the evidence of
        where the article writes it."""
        if self.tape.flip():
            moment["evidence"] = self.evidence(1)
        return moment

    def moment(self) -> dict[str, Any]:
        return self.dated(parts.moment(self.tape))

    def entities_at(self, *path: str) -> list[str]:
        """The entities a reference at ``path`` may name, by the table of sites."""
        site = reference_site(*path)
        return [i for i, kind in self.kinds.items() if not site.kinds or kind in site.kinds]

    def extras(self, item: dict[str, Any]) -> None:
        """An extractor's confidence, and a producer's extensions, now and then."""
        tape = self.tape
        if tape.flip():
            item["confidence"] = tape.integer(0, 100) / 100
        if tape.flip():
            item["extensions"] = {"org.example.pipeline": {"run": tape.integer(0, 99)}}


def _entity(draft: _Draft, ident: str, kind: str) -> dict[str, Any]:
    tape = draft.tape
    entity: dict[str, Any] = {"id": ident, "kind": kind, "name": parts.text(tape)}
    if kind == "other" or tape.flip():
        entity["kind_text"] = parts.text(tape)
    if tape.flip():
        aliases = {parts.text(tape) for _ in range(tape.integer(1, 2))}
        entity["aliases"] = sorted(aliases)
    if tape.flip():
        scheme = tape.choice(enum("entity.schema.json", "/$defs/identifier/properties/scheme"))
        value = f"Q{tape.integer(1, 10**8)}" if scheme == "wikidata" else tape.choice(codes(scheme))
        entity["identifiers"] = [{"scheme": scheme, "value": value}]
    if kind == "person" and tape.flip():
        position: dict[str, Any] = {"title": parts.text(tape), "text": parts.text(tape)}
        holders = draft.entities_at("entities", "*", "positions", "*", "of")
        if holders and tape.flip():
            position["of"] = tape.choice(holders)
        position["evidence"] = draft.evidence(1)
        entity["positions"] = [position]
    draft.extras(entity)
    entity["evidence"] = draft.evidence()
    return entity


def _time(draft: _Draft, *, not_after: bool) -> dict[str, Any]:
    """A moment, an interval or the publication time; with ``not_after``, none after
    publication (for what occurred)."""
    tape = draft.tape
    form = tape.choice(("moment", "interval", "publication"))
    if form == "publication":
        return draft.dated({"anchor": "publication", "text": "currently"})

    def one() -> dict[str, Any]:
        if not_after:
            return draft.dated(parts.moment_not_after(tape, draft.published))
        return draft.moment()

    if form == "moment":
        return one()
    start, end = one(), one()
    a, b = parts.fields_of(start["value"]), parts.fields_of(end["value"])
    common = min(len(a), len(b))
    if a[:common] > b[:common]:  # as the interval rule compares them
        start, end = end, start
    interval: dict[str, Any] = {"start": start, "end": end}
    if tape.flip():
        interval["text"] = f"from {start['value']} to {end['value']}"
    return draft.dated(interval)


def _event(draft: _Draft, ident: str) -> dict[str, Any]:
    tape = draft.tape
    status = tape.choice(enum("event.schema.json", "/properties/status"))
    event: dict[str, Any] = {
        "id": ident,
        "type": tape.choice(enum("event.schema.json", "/properties/type")),
        "title": parts.text(tape),
    }
    if tape.flip():
        event["cameo"] = parts.digits(tape, 2, 4)
    if tape.flip():
        event["date"] = _time(draft, not_after=status in ("occurred", "ongoing"))
    places = draft.entities_at("events", "*", "place")
    if places and tape.flip():
        event["place"] = tape.choice(places)
    roles = enum("event.schema.json", "/$defs/participant/properties/role")
    participants = []
    for entity in tape.sample(sorted(draft.kinds), 0, 3):
        participant: dict[str, Any] = {"entity": entity, "role": tape.choice(roles)}
        if participant["role"] == "other" or tape.flip():
            participant["role_text"] = parts.text(tape)
        if tape.flip():
            participant["text"] = parts.text(tape)
        participants.append(participant)
    event["participants"] = participants
    event["status"] = status
    if tape.flip():
        event["sectors"] = tape.sample(enum("common.schema.json", "/$defs/sector"), 1, 3)
    if draft.events and tape.flip():
        kinds = enum("event.schema.json", "/$defs/relation/properties/type")
        relation: dict[str, Any] = {"type": tape.choice(kinds), "event": tape.choice(draft.events)}
        if tape.flip():
            relation["evidence"] = draft.evidence(1)
        event["relations"] = [relation]
    draft.extras(event)
    event["evidence"] = draft.evidence()
    return event


def _quote(draft: _Draft, ident: str, speaker: str) -> dict[str, Any]:
    tape = draft.tape
    evidence = draft.evidence(2)
    words = evidence[0]["text"]
    visible = [i for i, char in enumerate(words) if not char.isspace()]
    mode = tape.choice(("direct", "indirect")) if visible else "indirect"
    if mode == "direct":
        # The quote's words are a slice of its first span around a visible character.
        at = tape.choice(visible)
        quoted = words[tape.integer(0, at) : tape.integer(at + 1, len(words))]
    else:
        quoted = parts.text(tape)
    quote: dict[str, Any] = {"id": ident, "text": quoted, "speaker": speaker}
    if tape.flip():
        quote["speaker_text"] = parts.text(tape)
    quote["mode"] = mode
    if draft.events and tape.flip():
        quote["event"] = tape.choice(draft.events)
    draft.extras(quote)
    quote["evidence"] = evidence
    return quote


def _value(draft: _Draft) -> dict[str, Any]:
    tape = draft.tape
    kind = tape.choice([k for k in value_kinds() if draft.kinds or k != "entity"])
    if kind == "quantity":
        return {"kind": kind, "quantity": parts.quantity(tape)}
    if kind == "rank":
        return {"kind": kind, "rank": tape.integer(1, 50), "text": parts.text(tape)}
    if kind == "entity":
        return {"kind": kind, "entity": tape.choice(sorted(draft.kinds))}
    if kind == "boolean":
        return {"kind": kind, "boolean": tape.flip()}
    if kind == "moment":
        return {"kind": kind, "moment": draft.moment()}
    return {"kind": kind, "text": parts.text(tape)}


def _claim(draft: _Draft, ident: str, index: int) -> dict[str, Any]:
    tape = draft.tape
    subjects = sorted(draft.kinds) + draft.events
    claim: dict[str, Any] = {"id": ident, "subject": tape.choice(subjects)}
    claim["predicate"] = parts.predicate(tape)
    if tape.flip():
        claim["object"] = tape.choice(subjects)
    claim["value"] = _value(draft)
    if tape.flip():
        claim["modality"] = tape.choice(enum("claim.schema.json", "/properties/modality"))
    if tape.flip():
        scope: dict[str, Any] = {"text": parts.text(tape)}
        if draft.kinds and tape.flip():
            scope["entity"] = tape.choice(sorted(draft.kinds))
        claim["scope"] = scope
    if tape.flip():
        claim["time"] = _time(draft, not_after=False)
    claim["attribution"] = _attribution(draft)
    if tape.flip():
        claim["statement"] = parts.text(tape)
    others = draft.claims[:index] + draft.claims[index + 1 :]
    if (draft.events or others) and tape.flip():
        claim["restates"] = tape.choice(draft.events + others)
    for key in ("supports", "conflicts_with"):
        if others and tape.flip():
            claim[key] = tape.sample(others, 1, 2)
    draft.extras(claim)
    claim["evidence"] = draft.evidence()
    return claim


def _attribution(draft: _Draft) -> dict[str, Any]:
    tape = draft.tape
    speakers = draft.entities_at("claims", "*", "attribution", "entity")
    if not speakers or not tape.flip():
        return {"source": "article"}
    entity = tape.choice(speakers)
    attribution: dict[str, Any] = {"source": "entity", "entity": entity}
    # Only quotes of the attributed entity may carry the claim.
    own = [quote for quote, speaker in draft.quotes.items() if speaker == entity]
    if own and tape.flip():
        attribution["quotes"] = tape.sample(own, 1, len(own))
    return attribution


_URLS = (
    "https://example.org/news/a",
    "https://de.wikipedia.org/wiki/Straße",
    "http://例子.测试/",
)


def _article(draft: _Draft, language: str | None) -> dict[str, Any]:
    tape = draft.tape
    article: dict[str, Any] = {"headline": parts.text(tape)}
    if tape.flip():
        article["headline_evidence"] = draft.evidence(2)
    if tape.flip():
        article["standfirst"] = parts.text(tape)
        if tape.flip():
            article["standfirst_evidence"] = draft.evidence(1)
    article["published"] = draft.published
    if tape.flip():
        views: dict[str, Any] = {"count": tape.integer(0, 10**7)}
        if tape.flip():
            views["as_of"] = draft.moment()
        if tape.flip():
            views["text"] = f"{views['count']} views"
        if tape.flip():
            views["evidence"] = draft.evidence(1)
        article["views"] = views
    article["language"] = language if language is not None else parts.language(tape)
    if tape.flip():
        publisher: dict[str, Any] = {"name": parts.text(tape)}
        if tape.flip():
            publisher["url"] = tape.choice(_URLS)
        article["publisher"] = publisher
    if tape.flip():
        article["url"] = tape.choice(_URLS)
    if tape.flip():
        article["authors"] = [{"name": parts.text(tape)} for _ in range(tape.integer(1, 2))]
    if tape.flip():
        medium: dict[str, Any] = {
            "kind": tape.choice(
                enum("article.schema.json", "/properties/media/items/properties/kind")
            )
        }
        for key in ("caption", "credit"):
            if tape.flip():
                medium[key] = parts.text(tape)
        if tape.flip():
            medium["url"] = tape.choice(_URLS)
        if tape.flip():
            medium["evidence"] = draft.evidence(1)
        article["media"] = [medium]
    if tape.flip():
        article["extensions"] = {"org.example.cms": {"section": "world"}}
    article["text"] = draft.text
    return article


# Bytes of choices each part may use: about what one uses. A tape that runs out reads as
# zeros, the plainest choices, so a part that wants more is valid, only plainer at its end.
# (About the 90th percentile of what each uses, measured on random tapes.)
_PART_BYTES = {"entity": 32, "event": 64, "quote": 24, "claim": 72, "id": 10, "rest": 96}
# What Hypothesis lets one example draw, with room for the sizes themselves.
_MOST_BYTES = 7600


def _part_sizes(sizes: Sizes, counts: dict[str, int]) -> dict[str, int]:
    """The tape of each part: each its own draw, so that shrinking one part, or dropping
    it, leaves the choices of every other part as they were."""
    wanted = dict(_PART_BYTES, text=32 + sizes.text[1] // 5)
    items = sum(counts.values())
    total = (
        wanted["text"]
        + wanted["rest"]
        + sum(wanted[part] * counts[section] for part, section in _SECTION_OF.items())
        + wanted["id"] * items
    )
    scale = min(1.0, _MOST_BYTES / total)
    return {part: max(8, int(size * scale)) for part, size in wanted.items()}


_SECTION_OF = {"entity": "entities", "event": "events", "quote": "quotes", "claim": "claims"}
_COUNTED = ("entities", "events", "claims", "quotes")
Tapes = Callable[[int], Tape]


def _section(tapes: Tapes, size: int, count: int) -> None:
    # Tapes that can take a section at once do; a random generator needs no batching.
    batch = getattr(tapes, "section", None)
    if batch is not None and count:
        batch(size, count)


@st.composite
def build_record(
    draw: st.DrawFn,
    sizes: Sizes,
    text: str | None,
    entities: list[dict[str, Any]] | None,
    language: str | None,
) -> dict[str, Any]:
    """One valid record; ``text``, ``entities`` and ``language`` pinned when given."""
    counts = {name: draw(st.integers(*getattr(sizes, name)), label=name) for name in _COUNTED}

    return build(sizes, counts, _Drawn(draw), text=text, entities=entities, language=language)


class _Drawn:
    """Tapes drawn from Hypothesis, one draw a section: a part's tape is its own slice of
    its section's draw, so that dropping the last part of a section leaves the others'
    choices as they were, at a few draws per record."""

    def __init__(self, draw: st.DrawFn) -> None:
        self._draw = draw
        self._section: tuple[bytes, int, int] | None = None  # data, size of a part, next

    def section(self, size: int, count: int) -> None:
        """The next ``count`` tapes of ``size`` bytes come from one draw."""
        total = size * count
        self._section = (self._draw(st.binary(min_size=total, max_size=total)), size, 0)

    def __call__(self, size: int) -> Tape:
        if self._section is not None:
            data, part, at = self._section
            if at + part <= len(data):
                self._section = (data, part, at + part)
                return Tape(data[at : at + part])
        return Tape(self._draw(st.binary(min_size=size, max_size=size)))


def build_from(rng: random.Random, sizes: Sizes) -> dict[str, Any]:
    """One valid record from a random generator: the same seed, the same record, with no
    Hypothesis run (for ``newsevents sample`` and the pytest plugin)."""
    counts = {name: rng.randint(*getattr(sizes, name)) for name in _COUNTED}
    return build(sizes, counts, lambda size: Tape(rng.randbytes(size)))


def build(
    sizes: Sizes,
    counts: dict[str, int],
    tapes: Tapes,
    *,
    text: str | None = None,
    entities: list[dict[str, Any]] | None = None,
    language: str | None = None,
) -> dict[str, Any]:
    """The record that ``counts`` and the choices on the tapes describe."""
    if entities is not None:
        counts = {**counts, "entities": 0}
    bytes_of = _part_sizes(sizes, counts)
    tape = tapes(bytes_of["text"])
    published = parts.moment(tape)  # first: a long text may run its tape out
    if text is None:
        text = parts.article_text(tape, *sizes.text)
    draft = _Draft(tape, text, published)
    draft.dated(draft.published)

    taken = {entity["id"] for entity in entities or ()}
    fresh: list[str] = []
    tape = tapes(bytes_of["id"] * sum(counts.values()) or 1)
    while len(fresh) < sum(counts.values()):
        ident = parts.ident(tape)
        if ident in taken:  # a tape of zeros gives one id again and again: number them
            ident = f"{ident}-{len(fresh)}"
        if ident not in taken:
            taken.add(ident)
            fresh.append(ident)
    cursor = iter(fresh)

    if entities is not None:
        made = [dict(entity) for entity in entities]
        draft.kinds = {entity["id"]: entity["kind"] for entity in made}
    else:
        kinds = enum("entity.schema.json", "/properties/kind")
        speaking = [k for k in kinds if k in reference_site("quotes", "*", "speaker").kinds]
        made = []
        _section(tapes, bytes_of["entity"], counts["entities"])
        for n in range(counts["entities"]):
            # Quotes need a speaker: the first entity can speak when there are quotes.
            ident = next(cursor)
            tape = draft.tape = tapes(bytes_of["entity"])
            kind = tape.choice(speaking if n == 0 and counts["quotes"] else kinds)
            made.append(_entity(draft, ident, kind))
            draft.kinds[ident] = kind
    events = []
    _section(tapes, bytes_of["event"], counts["events"])
    for _ in range(counts["events"]):
        ident = next(cursor)
        draft.tape = tapes(bytes_of["event"])
        events.append(_event(draft, ident))
        draft.events.append(ident)
    quotes = []
    speakers = draft.entities_at("quotes", "*", "speaker")
    _section(tapes, bytes_of["quote"], counts["quotes"] if speakers else 0)
    for _ in range(counts["quotes"] if speakers else 0):
        tape = draft.tape = tapes(bytes_of["quote"])
        ident, speaker = next(cursor), tape.choice(speakers)
        quotes.append(_quote(draft, ident, speaker))
        draft.quotes[ident] = speaker
    # A claim is about an entity or an event: none without either.
    subjects = bool(draft.kinds or draft.events)
    draft.claims = [next(cursor) for _ in range(counts["claims"] if subjects else 0)]
    claims = []
    _section(tapes, bytes_of["claim"], len(draft.claims))
    for i, ident in enumerate(draft.claims):
        draft.tape = tapes(bytes_of["claim"])
        claims.append(_claim(draft, ident, i))
    tape = draft.tape = tapes(bytes_of["rest"])
    topics = [
        {"sector": sector, "words": [parts.text(tape)], "evidence": draft.evidence(1)}
        for sector in tape.sample(enum("common.schema.json", "/$defs/sector"), 0, 2)
    ]
    provenance: dict[str, Any] = {
        "method": tape.choice(enum("record.schema.json", "/$defs/provenance/properties/method")),
        "by": "newsevents strategies",
    }
    if tape.flip():
        provenance["created"] = draft.moment()
    for key in ("source", "notes"):
        if tape.flip():
            provenance[key] = parts.text(tape)
    record: dict[str, Any] = {
        "schema": ROOT_SCHEMA_ID,
        "id": parts.ident(tape),
        "provenance": provenance,
        "article": _article(draft, language),
        "entities": made,
        "events": events,
        "claims": claims,
        "quotes": quotes,
        "topics": topics,
    }
    if tape.flip():
        record["extensions"] = {"org.example.pipeline": {"batch": tape.integer(0, 9)}}
    return record
