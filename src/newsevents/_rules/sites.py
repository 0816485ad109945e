"""The record's structure, said once: every id, reference, evidence span, moment and quantity.

``SITES`` lists each place in a record that a semantic rule looks at, as a path through the
record (``"*"`` is every item of a list) with what lives there. The rules, the fast verdict
and everything else that needs to know where references or spans live read this table; a
test walks the schema files and fails on a site the table lacks or one it invents, so adding
a reference to the schema is one edit here.

From the table two gatherers are compiled, once, into plain Python: one that reads any
shape and keeps the path of everything it gathers (for problems that say where), and one for
records the schema accepts, which keeps no paths and checks no types (for the verdict). Both
are flat loops, as fast as code written out by hand, without a second copy of the structure.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

__all__ = [
    "ENTITY_KINDS",
    "HOLDERS",
    "PLACES",
    "ROLE_LISTS",
    "SECTIONS",
    "SITES",
    "SPEAKERS",
    "Gathered",
    "Path",
    "Site",
    "dicts",
    "gather",
    "gather_fast",
]

Path = tuple[Any, ...]
Role = Literal["id", "reference", "evidence", "moment", "quantity"]

#: The record's sections whose items have ids, with the noun for one item. Ids of all four
#: share one namespace.
SECTIONS: dict[str, str] = {
    "entities": "entity",
    "events": "event",
    "claims": "claim",
    "quotes": "quote",
}
#: The entity kinds of entity.schema.json (a test keeps the two equal). A kind outside it is
#: a schema problem already, so references to such an entity are not judged by kind.
ENTITY_KINDS = frozenset(
    {
        "person", "country", "city", "region", "organization", "government", "initiative",
        "agreement", "partnership", "relationship", "site", "economic-zone", "infrastructure",
        "project", "group", "other",
    }
)  # fmt: skip
# The entity kinds each kind of reference may name: who can speak, what can be a place,
# and who can hold a position.
SPEAKERS = frozenset({"person", "organization", "government", "country", "group"})
PLACES = frozenset({"city", "country", "region", "site", "economic-zone"})
HOLDERS = frozenset({"country", "organization", "government"})
ANY_KIND: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Site:
    """One place in a record that the semantic rules look at.

    ``path`` leads from the record to the value, ``"*"`` standing for every item of a list.
    An ``id`` site names the section noun its ids belong to (``targets[0]``); a
    ``reference`` names the nouns it may point to and, for entities, the kinds allowed
    (empty: any kind). ``when`` is a ``(key, value)`` the object holding the site must have,
    as a claim's ``value`` holds an entity only when its ``kind`` is ``entity``.
    """

    role: Role
    path: tuple[str, ...]
    targets: tuple[str, ...] = ()
    kinds: frozenset[str] = ANY_KIND
    when: tuple[str, str] | None = None

    @property
    def pattern(self) -> str:
        """The path as a JSON Pointer pattern, ``/claims/*/value/entity``."""
        return "/" + "/".join(self.path)


_ENTITY, _EVENT, _QUOTE = ("entity",), ("event",), ("quote",)


def _table() -> tuple[Site, ...]:
    claim, claim_or_event = ("claim",), ("entity", "event")
    sites = [
        Site("evidence", ("article", "headline_evidence")),
        Site("evidence", ("article", "standfirst_evidence")),
        Site("moment", ("article", "published")),
        Site("moment", ("article", "views", "as_of")),
        Site("evidence", ("article", "views", "evidence")),
        Site("evidence", ("article", "media", "*", "evidence")),
        Site("moment", ("provenance", "created")),
        Site("id", ("entities", "*", "id"), _ENTITY),
        Site("evidence", ("entities", "*", "evidence")),
        Site("reference", ("entities", "*", "positions", "*", "of"), _ENTITY, HOLDERS),
        Site("evidence", ("entities", "*", "positions", "*", "evidence")),
        Site("id", ("events", "*", "id"), _EVENT),
        Site("evidence", ("events", "*", "evidence")),
        *_time(("events", "*", "date")),
        Site("reference", ("events", "*", "place"), _ENTITY, PLACES),
        Site("reference", ("events", "*", "participants", "*", "entity"), _ENTITY),
        Site("reference", ("events", "*", "relations", "*", "event"), _EVENT),
        Site("evidence", ("events", "*", "relations", "*", "evidence")),
        Site("id", ("claims", "*", "id"), claim),
        Site("evidence", ("claims", "*", "evidence")),
        *_time(("claims", "*", "time")),
        Site("reference", ("claims", "*", "subject"), claim_or_event),
        Site("reference", ("claims", "*", "object"), claim_or_event),
        Site("reference", ("claims", "*", "scope", "entity"), _ENTITY),
        Site("quantity", ("claims", "*", "value", "quantity"), when=("kind", "quantity")),
        Site("reference", ("claims", "*", "value", "entity"), _ENTITY, when=("kind", "entity")),
        Site("moment", ("claims", "*", "value", "moment"), when=("kind", "moment")),
        Site("reference", ("claims", "*", "attribution", "entity"), _ENTITY, SPEAKERS),
        Site("reference", ("claims", "*", "attribution", "quotes", "*"), _QUOTE),
        Site("reference", ("claims", "*", "restates"), ("event", "claim")),
        Site("reference", ("claims", "*", "supports", "*"), claim),
        Site("reference", ("claims", "*", "conflicts_with", "*"), claim),
        Site("id", ("quotes", "*", "id"), _QUOTE),
        Site("evidence", ("quotes", "*", "evidence")),
        Site("reference", ("quotes", "*", "speaker"), _ENTITY, SPEAKERS),
        Site("reference", ("quotes", "*", "event"), _EVENT),
        Site("evidence", ("topics", "*", "evidence")),
    ]
    # A moment may point to where it is written: its evidence is part of the moment's shape
    # (common.schema.json#/$defs/moment), so every moment site brings one.
    sites += [
        Site("evidence", (*site.path, "evidence"), when=site.when)
        for site in sites
        if site.role == "moment"
    ]
    return tuple(sites)


def _time(path: tuple[str, ...]) -> list[Site]:
    """A time (common.schema.json#/$defs/time) is a moment, an interval of two moments, or
    the time of publication; all three are gathered as a moment where they stand (the
    rules read only the first), and an interval's ends as moments of their own."""
    return [
        Site("moment", path),
        Site("moment", (*path, "start")),
        Site("moment", (*path, "end")),
    ]


#: Every site of the model, in record order within each role.
SITES: tuple[Site, ...] = _table()


def dicts(container: Any, key: str) -> list[Any]:
    """``container[key]`` when it is a list, else an empty list."""
    if type(container) is dict:
        seq = container.get(key)
        if type(seq) is list:
            return seq
    return []


class Gathered:
    """What the rules look at, gathered in one walk over a record.

    ``ids`` holds ``(value, path, site, holder)`` (the holder is the item with the id, for
    an entity's kind), ``references`` ``(value, path, site)``, and ``evidence``, ``moments``
    and ``quantities`` ``(value, path)``. The fast gatherer keeps ``()`` for every path.
    """

    __slots__ = ("evidence", "ids", "moments", "quantities", "references")

    def __init__(self) -> None:
        self.ids: list[tuple[Any, Path, Site, Any]] = []
        self.references: list[tuple[Any, Path, Site]] = []
        self.evidence: list[tuple[Any, Path]] = []
        self.moments: list[tuple[Any, Path]] = []
        self.quantities: list[tuple[Any, Path]] = []


# -- the gatherers, compiled from the table ------------------------------------------------

#: The list of :class:`Gathered` that holds each role's sites.
ROLE_LISTS = {"id": "ids", "reference": "references", "evidence": "evidence",
          "moment": "moments", "quantity": "quantities"}  # fmt: skip


@dataclass
class _Node:
    """A trie of the sites' paths: the sites that end here, and the steps further down."""

    ends: list[int]
    children: dict[str, _Node]


def _trie(sites: tuple[Site, ...]) -> _Node:
    root = _Node([], {})
    for index, site in enumerate(sites):
        node = root
        for step in site.path:
            node = node.children.setdefault(step, _Node([], {}))
        node.ends.append(index)
    return root


def _conditions(sites: tuple[Site, ...], node: _Node) -> set[tuple[str, str] | None]:
    """The ``when`` of every site at or below ``node``."""
    found = {sites[index].when for index in node.ends}
    for child in node.children.values():
        found |= _conditions(sites, child)
    return found


#: Statements for one site, given the site, its index, the holder's and the value's names.
SiteCode = Callable[[Site, int, str, str], list[str]]


def _source(
    sites: tuple[Site, ...],
    *,
    fast: bool,
    site_code: SiteCode | None = None,
    head: tuple[str, ...] = ("found = Gathered()",),
    tail: tuple[str, ...] = ("return found",),
) -> str:
    """The source of a gatherer for ``sites``.

    The checked gatherer tests the type of everything it steps into and keeps paths; the
    fast one reads the record as the schema shapes it, so a record of another shape makes
    it raise (the caller then asks the checked one). ``site_code``, ``head`` and ``tail``
    make the fast walk do something else at each site (the verdict's proof does).
    """
    lines = ["def gather(record):", *(f"    {line}" for line in head)]
    if site_code is None:
        lines += [f"    {name} = found.{name}.append" for name in ROLE_LISTS.values()]
    counter = iter(range(1_000_000))

    def emit(
        node: _Node, var: str, path: list[str], depth: int, active: tuple[str, str] | None
    ) -> None:
        for key, child in node.children.items():
            # A condition guards a whole step and all below it (a claim value's "moment"),
            # tested on the object that holds the step.
            conditions = _conditions(sites, child)
            if len(conditions) == 1 and None not in conditions and conditions != {active}:
                (active_here,) = conditions
                assert active_here is not None
                lines.append(
                    f"{'    ' * depth}if {var}.get({active_here[0]!r}) == {active_here[1]!r}:"
                )
                emit_step(key, child, var, path, depth + 1, active_here)
            else:
                emit_step(key, child, var, path, depth, active)

    def emit_step(
        key: str,
        child: _Node,
        var: str,
        path: list[str],
        depth: int,
        active: tuple[str, str] | None,
    ) -> None:
        pad = "    " * depth
        if key == "*":
            position, item = f"i{next(counter)}", f"v{next(counter)}"
            step = [*path, position]
            inner = pad + "    "
            if fast:
                lines.append(f"{pad}for {item} in {var}:")
            else:
                lines.append(f"{pad}for {position}, {item} in enumerate({var}):")
            for index in child.ends:  # the items themselves, as a list of references
                emit_site(sites[index], index, var, item, step, inner)
            if child.children:
                if fast:
                    emit(child, item, step, depth + 1, active)
                else:
                    lines.append(f"{inner}if type({item}) is dict:")
                    emit(child, item, step, depth + 2, active)
            return
        value = f"v{next(counter)}"
        step = [*path, repr(key)]
        lines.append(f"{pad}{value} = {var}.get({key!r}, _ABSENT)")
        for index in child.ends:
            if sites[index].when != active:
                raise ValueError(f"{sites[index].pattern}: its condition has no place")
            emit_site(sites[index], index, var, value, step, pad)
        if child.children:
            # A list is tested where its items are walked; anything else must be a dict.
            shape = "list" if "*" in child.children else "dict"
            test = f"{value} is not _ABSENT" if fast else f"type({value}) is {shape}"
            lines.append(f"{pad}if {test}:")
            emit(child, value, step, depth + 1, active)

    def emit_site(
        site: Site, index: int, holder: str, value: str, path: list[str], pad: str
    ) -> None:
        if site_code is not None:
            lines.extend(pad + line for line in site_code(site, index, holder, value))
            return
        where = "()" if fast else "(" + ", ".join(path) + ",)"
        tests = []
        if site.role == "id":
            entry = f"({value}, {where}, SITES[{index}], {holder})"
        elif site.role == "reference":
            tests.append(f"{value} is not _ABSENT")
            entry = f"({value}, {where}, SITES[{index}])"
        else:
            shape = "list" if site.role == "evidence" else "dict"
            tests.append(f"{value} is not _ABSENT" if fast else f"type({value}) is {shape}")
            entry = f"({value}, {where})"
        call = f"{ROLE_LISTS[site.role]}({entry})"
        lines.append(f"{pad}if {' and '.join(tests)}: {call}" if tests else f"{pad}{call}")

    lines.append("    if type(record) is dict:")
    emit(_trie(sites), "record", [], 2, None)
    lines += [f"    {line}" for line in tail]
    return "\n".join(lines) + "\n"


def _compile(sites: tuple[Site, ...], *, fast: bool) -> Callable[[Any], Gathered]:
    namespace: dict[str, Any] = {"Gathered": Gathered, "SITES": sites, "_ABSENT": _ABSENT}
    exec(compile(_source(sites, fast=fast), f"<newsevents sites, fast={fast}>", "exec"), namespace)
    gatherer: Callable[[Any], Gathered] = namespace["gather"]
    return gatherer


_ABSENT: Any = object()


@functools.cache
def _gatherers() -> tuple[Callable[[Any], Gathered], Callable[[Any], Gathered]]:
    # Compiled on first use, so that importing the package costs nothing for them.
    return _compile(SITES, fast=False), _compile(SITES, fast=True)


def gather(record: Any) -> Gathered:
    """Gather from a record of any shape, keeping the path of everything gathered."""
    return _gatherers()[0](record)


def gather_fast(record: Any) -> Gathered:
    """Gather from a record the schema accepts, keeping no paths; raises on other shapes."""
    return _gatherers()[1](record)
