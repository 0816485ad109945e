"""A record as the scorer reads it: its items, their evidence, references and times.

Where anything lives is read from the table of the model's sites
(:data:`newsevents._rules.sites.SITES`), through the one walk compiled from it
(:func:`~newsevents._rules.sites.gather`): an item's own evidence, the references from one
item to another with the kinds of thing they name, the times of events and claims. A site
the schema gains is scored where its kind of site is scored (a new reference between
events or claims is a link, a new entity reference of an event an argument) without an
edit here; the few sites the scorer gives a meaning of its own (a claim's subject, a
quote's speaker, a restatement) are looked up in the table, which fails at import if they
are gone.
"""

from __future__ import annotations

from typing import Any

from newsevents._errors import json_pointer
from newsevents._rules.sites import SECTIONS, SITES, Site, gather
from newsevents._score.assign import Interval, covered, merged

__all__ = [
    "ARGUMENT_SITES",
    "CLAIM_SUBJECT",
    "LINK_SITES",
    "QUOTE_SPEAKER",
    "RESTATES",
    "TIME_SITES",
    "Item",
    "Reference",
    "View",
    "site_at",
]


def site_at(role: str, *path: str) -> Site:
    """The site of the table with this role and path; the scorer relies on it."""
    for site in SITES:
        if site.role == role and site.path == path:
            return site
    raise LookupError(f"the table of sites has no {role} site at /{'/'.join(path)}")


#: Each section's items' own evidence: where an entity is mentioned, an event told.
OWN_EVIDENCE = {section: site_at("evidence", section, "*", "evidence") for section in SECTIONS}
#: The entities an event involves: its participants and its place (its arguments).
ARGUMENT_SITES = tuple(
    site
    for site in SITES
    if site.role == "reference" and site.path[:2] == ("events", "*") and site.targets == ("entity",)
)
CLAIM_SUBJECT = site_at("reference", "claims", "*", "subject")
QUOTE_SPEAKER = site_at("reference", "quotes", "*", "speaker")
#: A claim that states the same fact as an event or another claim.
RESTATES = site_at("reference", "claims", "*", "restates")
#: When an event or claim is: a moment, an interval or the publication (not its parts).
TIME_SITES = tuple(
    site
    for site in SITES
    if site.role == "moment" and len(site.path) == 3 and site.path[0] in ("events", "claims")
)
#: References from an event, claim or quote to another such item: the links between facts.
LINK_SITES = tuple(
    site
    for site in SITES
    if site.role == "reference"
    and site.path[0] in SECTIONS
    and site.path[1] == "*"
    and "entity" not in site.targets
)
# The table's paths of these sites are all (section, "*", key): known by section and key.
_EVIDENCE_KEYS = {(site.path[0], site.path[2]) for site in OWN_EVIDENCE.values()}
_TIME_KEYS = {(site.path[0], site.path[2]): site for site in TIME_SITES}


class Reference:
    """One reference of an item: the site, the id named (``target``), its path from the
    item, and the object holding it (a participant, a relation, the item itself)."""

    __slots__ = ("_full", "_record", "path", "site", "target")

    def __init__(self, site: Site, target: str, full: tuple[Any, ...], record: Any) -> None:
        self.site = site
        self.target = target
        self.path = full[2:]
        self._full = full
        self._record = record

    @property
    def holder(self) -> dict[str, Any]:
        """The object holding the reference; for an item of a list (a claim's supports),
        the object holding the list."""
        full = self._full
        stop = len(full) - (2 if type(full[-1]) is int else 1)
        node: Any = self._record
        for step in full[:stop]:
            node = node[step]
        return node  # type: ignore[no-any-return]


class Item:
    """One entity, event, claim or quote, at its position in the scorer's order.

    ``spans`` are its own evidence (the list at ``evidence`` in the item);
    ``cover`` the code points they cover as merged intervals and ``size`` how many (for
    events, claims and quotes); ``key``, the sorted spans, orders the items; ``excused``
    marks a gold item counted through another (a restated fact).
    """

    __slots__ = ("cover", "data", "evidence", "excused", "found", "index", "key", "links",
                 "position", "section", "size", "spans", "times")  # fmt: skip

    def __init__(self, section: str, index: int, data: dict[str, Any]) -> None:
        self.section = section
        self.index = index
        self.data = data
        self.spans: list[tuple[int, int, str]] = []
        self.evidence: tuple[Any, ...] = ()
        self.cover: list[Interval] = []
        self.key: tuple[Any, ...] = ()
        self.size = 0
        self.position = 0
        self.excused = False
        #: The references at each site (by the site's identity), in record order.
        self.found: dict[int, list[Reference]] = {}
        #: The time at each time site: the value and its path from the item.
        self.times: dict[Site, tuple[dict[str, Any], tuple[Any, ...]]] = {}
        #: The item's links to other items with their labels, once asked for.
        self.links: list[tuple[Reference, str]] | None = None

    @property
    def pointer(self) -> str:
        """The item's JSON Pointer in its record, ``/events/3``."""
        return f"/{self.section}/{self.index}"

    def at(self, path: tuple[Any, ...]) -> str:
        """The JSON Pointer of a value inside the item."""
        return self.pointer + json_pointer(path)

    def span_path(self, i: int) -> tuple[Any, ...]:
        """The path of the item's ``i``-th evidence span from the item."""
        return (*self.evidence, i)

    def references(self, site: Site) -> list[Reference]:
        """The item's references at ``site`` (a site of its section)."""
        return self.found.get(id(site), [])


# The keys of each section's items that hold references, and the id's.
_REFERENCE_KEYS = {
    section: frozenset(
        site.path[2]
        for site in SITES
        if site.role in ("reference", "id") and site.path[:2] == (section, "*")
    )
    for section in SECTIONS
}


def _scalars(data: dict[str, Any], references: frozenset[str]) -> tuple[tuple[str, Any], ...]:
    """The item's own words and codes, without its id and the ids it names: part of the
    order key, so that renaming ids leaves the order as it was."""
    found = [(k, v) for k, v in data.items() if type(v) in _SCALAR and k not in references]
    return tuple(sorted(found))


_SCALAR = frozenset({str, int, float, bool})


def _ordered(items: list[Item], references: frozenset[str]) -> list[Item]:
    """Items in an order of their content: evidence first, then their own words and codes
    where the evidence is the same (several claims of one sentence). Python's sort is
    stable: items alike in both keep their record order."""
    items = sorted(items, key=lambda item: item.key)
    start = 0
    for stop in range(1, len(items) + 1):
        if stop == len(items) or items[stop].key != items[start].key:
            if stop - start > 1:
                items[start:stop] = sorted(
                    items[start:stop], key=lambda item: _scalars(item.data, references)
                )
            start = stop
    return items


class View:
    """A valid record, read once for scoring: each section's items in an order of their
    content (evidence first), and every id's item."""

    def __init__(self, record: dict[str, Any]) -> None:
        self.record = record
        self.text: str = record["article"]["text"]
        listed = {
            section: [Item(section, index, data) for index, data in enumerate(record[section])]
            for section in SECTIONS
        }
        self.sections: dict[str, list[Item]] = {}
        self.by_id: dict[str, Item] = {}
        found = gather(record)
        for value, path, site in found.references:
            if type(value) is str and site.path[0] in listed and len(path) > 2:
                item = listed[path[0]][path[1]]
                reference = Reference(site, value, path, record)
                item.found.setdefault(id(site), []).append(reference)
        for value, path in found.evidence:
            if len(path) == 3 and (path[0], path[2]) in _EVIDENCE_KEYS:
                item = listed[path[0]][path[1]]
                item.spans = [(span["start"], span["end"], span["text"]) for span in value]
                item.evidence = path[2:]
        for value, path in found.moments:
            time = _TIME_KEYS.get((path[0], path[2])) if len(path) == 3 else None
            if time is not None:
                listed[path[0]][path[1]].times[time] = (value, path[2:])
        for section, items in listed.items():
            # Entities are matched by their mentions, the others by what their evidence covers.
            whole = section != "entities"
            for item in items:
                item.key = tuple(sorted(item.spans))
                if whole:
                    item.cover = merged([(a, b) for a, b, _ in item.key], ordered=True)
                    item.size = covered(item.cover)
            self.sections[section] = _ordered(items, _REFERENCE_KEYS[section])
            for position, item in enumerate(self.sections[section]):
                item.position = position
                self.by_id[item.data["id"]] = item

    def __getitem__(self, section: str) -> list[Item]:
        return self.sections[section]
