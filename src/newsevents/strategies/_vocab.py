"""What the strategies draw from, read from the schema files so that they never drift.

Every controlled vocabulary (entity kinds, event types, roles, sectors, statuses ...) and
every code list is read from the newest schema version; which entity kinds a reference
may name comes from the table of sites. A value the schema adds is drawn the next day.
"""

from __future__ import annotations

import functools
from typing import Any

from newsevents._resources import SCHEMA_BASE, schema_documents
from newsevents._rules.sites import SITES, Site

__all__ = ["codes", "enum", "optional_keys", "reference_site", "value_kinds"]


def _node(document: str, pointer: str) -> Any:
    node: Any = schema_documents()[SCHEMA_BASE + document]
    for token in filter(None, pointer.split("/")):
        node = node[token]
    return node


@functools.cache
def enum(document: str, pointer: str) -> tuple[str, ...]:
    """The values of the ``enum`` at ``pointer`` of a schema file of the newest version.

    >>> enum("quote.schema.json", "/properties/mode")
    ('direct', 'indirect')
    """
    values: list[str] = _node(document, pointer)["enum"]
    return tuple(values)


@functools.cache
def codes(name: str) -> tuple[str, ...]:
    """An embedded code list (``iso4217``, ``iso3166-1-alpha2``, ``iso3166-3``)."""
    return enum("codes.schema.json", f"/$defs/{name}")


@functools.cache
def reference_site(*path: str) -> Site:
    """The site of the table at ``path``: what a reference there may name."""
    for site in SITES:
        if site.role == "reference" and site.path == path:
            return site
    raise LookupError(f"no reference site at /{'/'.join(path)}")


@functools.cache
def value_kinds() -> tuple[str, ...]:
    """The kinds of a claim's value: the constants of its tagged union."""
    branches = _node("claim.schema.json", "/$defs/value/oneOf")
    return tuple(branch["properties"]["kind"]["const"] for branch in branches)


@functools.cache
def optional_keys(document: str, pointer: str = "") -> frozenset[str]:
    """The properties of an object schema that a record may leave out."""
    node = _node(document, pointer)
    return frozenset(node["properties"]) - frozenset(node.get("required", ()))
