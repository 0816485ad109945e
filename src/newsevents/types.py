"""Typed views of a news-event record, for users' type checkers.

These ``TypedDict`` classes mirror ``schemas/``, and a test holds them to it key by key: a
key that the schema requires is a required key here, an optional one is optional, and every
vocabulary the schema closes (entity kinds, event types, roles, sectors, precisions,
qualifiers, statuses, modes) is a ``Literal`` of exactly its values. They describe plain
dicts and cost nothing at run time::

    record: NewsEventRecord = newsevents.load_fixture("china-belarus-2024-08-23")
    record["article"]["published"]["value"]  # mypy knows this is a str

Data read from a file is plain ``dict[str, Any]`` until it is checked:
``newsevents.is_valid(data)`` narrows it to ``NewsEventRecord``, and
``newsevents.validate(data)`` returns it typed.
"""

from __future__ import annotations

from typing import Any, Literal, TypedDict

__all__ = [
    "Article",
    "Attribution",
    "Author",
    "BooleanValue",
    "Claim",
    "ClaimValue",
    "Entity",
    "EntityKind",
    "EntityValue",
    "Event",
    "EventType",
    "Extensions",
    "Identifier",
    "Interval",
    "Media",
    "Modality",
    "Moment",
    "MomentQualifier",
    "MomentValue",
    "NewsEventRecord",
    "Participant",
    "Position",
    "Precision",
    "Provenance",
    "PublicationTime",
    "Publisher",
    "Quantity",
    "QuantityQualifier",
    "QuantityValue",
    "Quote",
    "RankValue",
    "Relation",
    "Role",
    "SchemaId",
    "Scope",
    "Sector",
    "Span",
    "TextValue",
    "Time",
    "Topic",
    "Views",
]

#: The schema a record names in ``schema``.
SchemaId = Literal["https://newsevents.dev/schemas/1.0/record.schema.json"]
EntityKind = Literal[
    "person", "country", "city", "region", "organization", "government", "initiative",
    "agreement", "partnership", "relationship", "site", "economic-zone", "infrastructure",
    "project", "group", "other",
]  # fmt: skip
EventType = Literal[
    "meeting", "visit", "statement", "joint-statement", "agreement", "commitment",
    "intention", "announcement", "endorsement", "establishment", "independence",
    "sanctions", "construction", "other",
]  # fmt: skip
#: The role of an event's participant.
Role = Literal[
    "participant", "host", "visitor", "party", "speaker", "announcer", "supporter",
    "target", "imposer", "subject", "counterpart", "builder", "beneficiary", "theme", "other",
]  # fmt: skip
Sector = Literal[
    "trade", "security", "energy", "finance", "industrial-supply-chains", "economy",
    "investment", "infrastructure", "transport", "technology", "agriculture", "health",
    "education", "culture", "tourism", "environment", "defence", "diplomacy", "politics",
    "human-rights", "law", "other",
]  # fmt: skip
#: How an article puts a claim.
Modality = Literal["asserted", "assessed", "expected", "aimed", "intended", "possible"]
#: Producers' own data, under namespaces of their own ("org.example.pipeline").
Extensions = dict[str, Any]
Precision = Literal["year", "month", "day", "hour", "minute", "second"]
MomentQualifier = Literal["exact", "about", "before", "after", "since", "until"]
QuantityQualifier = Literal["exact", "about", "more-than", "at-least", "less-than", "at-most"]


class Span(TypedDict):
    """A slice of ``article.text``: code-point offsets, end exclusive, and the slice itself."""

    start: int
    end: int
    text: str


class _MomentBase(TypedDict):
    value: str
    precision: Precision


class Moment(_MomentBase, total=False):
    """A date or time at the precision the source gives; ``zone`` may be ``"unstated"``."""

    zone: str
    qualifier: MomentQualifier
    text: str
    evidence: list[Span]


class _QuantityBase(TypedDict):
    value: float
    unit: str
    text: str


class Quantity(_QuantityBase, total=False):
    """A number in base units with its unit, qualifier, optional bounds and the words.

    No ``qualifier`` means the source states the number plainly."""

    qualifier: QuantityQualifier
    lower: float
    upper: float


class _IntervalBase(TypedDict):
    start: Moment
    end: Moment


class Interval(_IntervalBase, total=False):
    """A stretch of time given by its two ends ('from 2021 to 2023')."""

    text: str
    evidence: list[Span]


class _PublicationTimeBase(TypedDict):
    anchor: Literal["publication"]


class PublicationTime(_PublicationTimeBase, total=False):
    """The time of publication itself, for what holds 'currently'."""

    text: str
    evidence: list[Span]


#: When something is, was or will be: a moment, an interval, or the time of publication.
Time = Moment | Interval | PublicationTime


class _ProvenanceBase(TypedDict):
    method: Literal["hand-curated", "machine-extracted", "machine-reviewed", "generated"]
    by: str


class Provenance(_ProvenanceBase, total=False):
    """How, by whom and when the record was made."""

    created: Moment
    source: str
    notes: str


class _ViewsBase(TypedDict):
    count: int


class Views(_ViewsBase, total=False):
    """The view count a page shows, and when it was read."""

    as_of: Moment
    text: str
    evidence: list[Span]


class _PublisherBase(TypedDict):
    name: str


class Publisher(_PublisherBase, total=False):
    """The publication, when the source names it."""

    url: str


class Author(TypedDict):
    """A byline."""

    name: str


class _MediaBase(TypedDict):
    kind: Literal["image", "video", "audio", "graphic"]


class Media(_MediaBase, total=False):
    """An image, video, audio or graphic in the article."""

    caption: str
    credit: str
    url: str
    evidence: list[Span]


class _ArticleBase(TypedDict):
    headline: str
    published: Moment
    language: str
    text: str


class Article(_ArticleBase, total=False):
    """The article as published, its text verbatim."""

    headline_evidence: list[Span]
    standfirst: str
    standfirst_evidence: list[Span]
    views: Views
    publisher: Publisher
    url: str
    authors: list[Author]
    media: list[Media]
    extensions: Extensions


class Identifier(TypedDict):
    """An identifier with an explicit scheme (ISO 3166-1 alpha-2, ISO 3166-3, Wikidata)."""

    scheme: Literal["iso3166-1-alpha2", "iso3166-3", "wikidata"]
    value: str


class _PositionBase(TypedDict):
    title: str
    text: str
    evidence: list[Span]


class Position(_PositionBase, total=False):
    """A position the article gives a person, such as 'Chinese Premier'."""

    of: str


class _EntityBase(TypedDict):
    id: str
    kind: EntityKind
    name: str
    evidence: list[Span]


class Entity(_EntityBase, total=False):
    """A person, country, city, organisation, initiative, site ... the article names."""

    kind_text: str
    aliases: list[str]
    identifiers: list[Identifier]
    positions: list[Position]
    confidence: float
    extensions: Extensions


class _ParticipantBase(TypedDict):
    entity: str
    role: Role


class Participant(_ParticipantBase, total=False):
    """An entity taking part in an event, with its role."""

    role_text: str
    text: str


class _RelationBase(TypedDict):
    type: Literal["preceded-by", "part-of", "resulted-in", "contributed-to", "responds-to"]
    event: str


class Relation(_RelationBase, total=False):
    """A link from one event to another."""

    evidence: list[Span]


class _EventBase(TypedDict):
    id: str
    type: EventType
    title: str
    participants: list[Participant]
    status: Literal["occurred", "ongoing", "intended", "planned", "expected"]
    evidence: list[Span]


class Event(_EventBase, total=False):
    """Something that happened, is happening or is intended, as reported."""

    cameo: str
    date: Time
    place: str
    sectors: list[Sector]
    relations: list[Relation]
    confidence: float
    extensions: Extensions


class QuantityValue(TypedDict):
    """A claimed quantity."""

    kind: Literal["quantity"]
    quantity: Quantity


class RankValue(TypedDict):
    """A claimed rank, 1 for first."""

    kind: Literal["rank"]
    rank: int
    text: str


class EntityValue(TypedDict):
    """A claimed entity, by id."""

    kind: Literal["entity"]
    entity: str


class BooleanValue(TypedDict):
    """A claimed yes/no property."""

    kind: Literal["boolean"]
    boolean: bool


class MomentValue(TypedDict):
    """A claimed date."""

    kind: Literal["moment"]
    moment: Moment


class TextValue(TypedDict):
    """Any other claimed value, in words."""

    kind: Literal["text"]
    text: str


ClaimValue = QuantityValue | RankValue | EntityValue | BooleanValue | MomentValue | TextValue


class _AttributionBase(TypedDict):
    source: Literal["article", "entity"]


class Attribution(_AttributionBase, total=False):
    """Whose claim it is: the article's own voice or an entity's."""

    entity: str
    quotes: list[str]


class _ScopeBase(TypedDict):
    text: str


class Scope(_ScopeBase, total=False):
    """What a claim is limited to, as written, and the entity it names."""

    entity: str


class _ClaimBase(TypedDict):
    id: str
    subject: str
    predicate: str
    value: ClaimValue
    attribution: Attribution
    evidence: list[Span]


class Claim(_ClaimBase, total=False):
    """A fact or figure the article states."""

    object: str
    modality: Modality
    scope: Scope
    time: Time
    statement: str
    restates: str
    supports: list[str]
    conflicts_with: list[str]
    confidence: float
    extensions: Extensions


class _QuoteBase(TypedDict):
    id: str
    text: str
    speaker: str
    mode: Literal["direct", "indirect"]
    evidence: list[Span]


class Quote(_QuoteBase, total=False):
    """Direct or indirect speech, with its speaker."""

    speaker_text: str
    event: str
    confidence: float
    extensions: Extensions


class Topic(TypedDict):
    """A sector the article covers, with its words."""

    sector: Sector
    words: list[str]
    evidence: list[Span]


class _RecordBase(TypedDict):
    schema: SchemaId
    id: str
    provenance: Provenance
    article: Article
    entities: list[Entity]
    events: list[Event]
    claims: list[Claim]
    quotes: list[Quote]
    topics: list[Topic]


class NewsEventRecord(_RecordBase, total=False):
    """One article and what it reports: the root of the record schema."""

    extensions: Extensions
