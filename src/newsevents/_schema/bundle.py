"""One self-contained schema document, for validators that load a single file."""

from __future__ import annotations

import copy
from typing import Any
from urllib.parse import urljoin

from newsevents._resources import ROOT_SCHEMA_ID, SCHEMA_BASE, schema_documents

__all__ = ["bundled_schema"]


def bundled_schema() -> dict[str, Any]:
    """The root schema with every other packaged schema embedded whole under ``$defs``,
    keyed by its URI.

    Every ``$ref`` is rewritten to a JSON Pointer from the root of the one file
    (``#/$defs/https:~1~1newsevents.dev~1schemas~11.0~1common.schema.json/$defs/text``),
    and the embedded documents drop ``$id`` and ``$schema``: so a reference means the same
    to every tool, whether or not it knows how embedded resources resolve, with no registry
    and no network.
    """
    documents = {
        uri: document for uri, document in schema_documents().items() if uri.startswith(SCHEMA_BASE)
    }
    places = {uri: "#/$defs/" + uri.replace("~", "~0").replace("/", "~1") for uri in documents}
    places[ROOT_SCHEMA_ID] = "#"
    bundled: dict[str, Any] = _pointed(
        copy.deepcopy(documents[ROOT_SCHEMA_ID]), ROOT_SCHEMA_ID, places
    )
    definitions = bundled.setdefault("$defs", {})
    for uri, document in documents.items():
        if uri != ROOT_SCHEMA_ID:
            embedded = _pointed(copy.deepcopy(document), uri, places)
            embedded.pop("$schema", None)
            embedded.pop("$id", None)
            definitions[uri] = embedded
    return bundled


def _pointed(node: Any, base: str, places: dict[str, str]) -> Any:
    """``node`` with each ``$ref`` made a pointer from the bundle's root."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                uri, _, fragment = urljoin(base, value).partition("#")
                node[key] = places[uri] + fragment if places[uri] != "#" else "#" + fragment
            elif key not in ("enum", "const", "examples", "default"):
                _pointed(value, base, places)
    elif isinstance(node, list):
        for item in node:
            _pointed(item, base, places)
    return node
