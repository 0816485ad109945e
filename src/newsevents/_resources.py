"""The package's own files: the JSON Schemas and the bundled fixtures.

An installed wheel carries both folders inside the package, where ``importlib.resources``
reads them, from a directory or a zip alike. A checkout keeps one copy of each, at the top of
the repository where users of other languages find them, and an editable install puts only
``src/`` on the path: there the folders are read from the checkout, without symlinks (which
a Windows checkout does not make). Nothing is ever fetched from the network.
"""

from __future__ import annotations

import functools
import json
import sys
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable
    else:
        from importlib.abc import Traversable

__all__ = [
    "ROOT_SCHEMA_ID",
    "SCHEMA_BASE",
    "SCHEMA_VERSION",
    "fixture_names",
    "fixture_resource",
    "root_schema_id",
    "schema_documents",
    "schema_versions",
]

#: The newest schema version, the one new records should name.
SCHEMA_VERSION = "1.0"
#: Every schema's ``$id`` starts with this and its version; the version is the record format's.
SCHEMA_HOME = "https://newsevents.dev/schemas/"
SCHEMA_BASE = f"{SCHEMA_HOME}{SCHEMA_VERSION}/"
#: The ``$id`` of the newest root schema, also the value of a record's ``schema`` key.
ROOT_SCHEMA_ID = SCHEMA_BASE + "record.schema.json"


def root_schema_id(version: str) -> str:
    """The ``$id`` of the root schema of a schema version, which a record names in ``schema``.

    >>> root_schema_id("1.0")
    'https://newsevents.dev/schemas/1.0/record.schema.json'
    """
    return f"{SCHEMA_HOME}{version}/record.schema.json"


_PACKAGE = "newsevents"
_FIXTURE_SUFFIXES = (".yaml", ".yml", ".json")


@functools.cache
def _folder(name: str) -> Traversable:
    packaged = files(_PACKAGE).joinpath(name)
    if packaged.is_dir():
        return packaged
    # In a checkout the package is src/newsevents/, and the folder is beside src/. Found
    # from the package's own file, so that this module may move within the package.
    package = Path(str(sys.modules[_PACKAGE].__file__)).resolve().parent
    checkout = package.parent.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(
        f"newsevents is installed without its {name}/ folder (looked in {packaged} and "
        f"{checkout}); reinstall it: pip install --force-reinstall newsevents"
    )


@functools.cache
def schema_versions() -> tuple[str, ...]:
    """Every schema version the package carries (each a folder of ``schemas/``), oldest first.

    >>> schema_versions()[-1] == SCHEMA_VERSION
    True
    """
    folder = _folder("schemas")
    found = [entry.name for entry in folder.iterdir() if entry.is_dir()]
    return tuple(sorted(found, key=lambda v: tuple(int(p) for p in v.split("."))))


@functools.cache
def schema_documents() -> dict[str, dict[str, Any]]:
    """Every packaged schema of every version, keyed by its ``$id``. Read once; callers
    must not mutate."""
    documents: dict[str, dict[str, Any]] = {}
    for version in schema_versions():
        folder = _folder("schemas").joinpath(version)
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".schema.json"):
                document = json.loads(entry.read_text(encoding="utf-8"))
                documents[document["$id"]] = document
    return documents


def fixture_names() -> list[str]:
    """Names of the bundled fixture records (file names without extension), sorted."""
    names = []
    for entry in _folder("fixtures").iterdir():
        if entry.is_file() and entry.name.endswith(_FIXTURE_SUFFIXES):
            names.append(entry.name.rsplit(".", 1)[0])
    return sorted(names)


def fixture_resource(name: str) -> Traversable | None:
    """The bundled fixture file called ``name`` (with or without extension), if any."""
    folder = _folder("fixtures")
    candidates = [name] if name.endswith(_FIXTURE_SUFFIXES) else []
    candidates += [name + suffix for suffix in _FIXTURE_SUFFIXES]
    for candidate in candidates:
        entry = folder.joinpath(candidate)
        if entry.is_file():
            return entry
    return None
