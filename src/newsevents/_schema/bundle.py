"""One self-contained schema document, for validators that load a single file."""

from __future__ import annotations

import copy
from typing import Any

from newsevents._resources import ROOT_SCHEMA_ID, schema_documents

__all__ = ["bundled_schema"]


def bundled_schema() -> dict[str, Any]:
    """The root schema with every other packaged schema embedded whole under ``$defs``.

    The result is a draft 2020-12 compound schema document: each embedded schema keeps its
    ``$id``, so every ``$ref`` stays as written and resolves inside the one file, with no
    registry and no network. Embedded documents drop ``$schema``: they share the root's.
    """
    documents = schema_documents()
    bundled = copy.deepcopy(documents[ROOT_SCHEMA_ID])
    definitions = bundled.setdefault("$defs", {})
    for uri, document in documents.items():
        if uri != ROOT_SCHEMA_ID:
            embedded = copy.deepcopy(document)
            embedded.pop("$schema", None)
            definitions[uri] = embedded
    return bundled
