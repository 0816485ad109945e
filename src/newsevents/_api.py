"""The public functions. Heavy modules (PyYAML, the engines) load on first use, so that
``import newsevents`` stays cheap for every test run that merely has it installed."""

from __future__ import annotations

import copy
import functools
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast, overload

from newsevents._errors import NewsEventsError, Problem
from newsevents._read.document import Document
from newsevents._report import RecordReport
from newsevents._resources import ROOT_SCHEMA_ID
from newsevents._resources import SCHEMA_VERSION as _NEWEST
from newsevents.types import NewsEventRecord

if TYPE_CHECKING:
    import referencing

    # Types only: nothing of typing_extensions is imported at run time.
    if sys.version_info >= (3, 13):
        from typing import TypeIs
    else:
        from typing_extensions import TypeIs

    from newsevents._read.limits import Limits
    from newsevents._read.loader import Format
    from newsevents._validator import Validator

__all__ = [
    "SCHEMA_ID",
    "SCHEMA_VERSION",
    "bundled_schema",
    "fixture_names",
    "fixture_path",
    "is_valid",
    "iter_problems",
    "load",
    "load_all",
    "load_fixture",
    "loads",
    "loads_all",
    "registry",
    "schema",
    "validate",
    "validate_stream",
]

#: The ``$id`` of the newest record schema, and the value of a new record's ``schema`` key.
SCHEMA_ID = ROOT_SCHEMA_ID
#: The newest schema version; a record naming an older one known to the package is judged
#: by that one.
SCHEMA_VERSION = _NEWEST


def _path(path: str | os.PathLike[str], function: str) -> Path:
    if isinstance(path, (bytes, bytearray)) or not isinstance(path, (str, os.PathLike)):
        raise TypeError(
            f"{function}() reads a path, but was given {type(path).__name__}; "
            f"read content with {function.replace('load', 'loads')}()"
        )
    return Path(path)


def load(
    path: str | os.PathLike[str],
    *,
    format: Format | None = None,
    max_bytes: int | None = None,
    limits: Limits | None = None,
) -> dict[str, Any]:
    """Read exactly one record from the file at ``path``; the extension gives the format.

    YAML is read as YAML 1.2 (``2024-08-22`` stays a string, ``no`` is not ``False``), with
    no aliases, tags, duplicate keys, NaN or infinities; JSON with no duplicate keys or NaN.
    Raises :class:`LoadError` with the file, line and column when the file cannot be read
    or holds other than one record. A file larger than ``max_bytes`` (default 256 MiB) is
    not read (``too-large``), nor is anything but a regular file; ``limits`` (a
    :class:`Limits`) sets that and every other limit of reading. The result is plain
    data: check it with :func:`is_valid` or :func:`validate`, which type it as a
    ``NewsEventRecord``.

    >>> record = load(fixture_path("china-belarus-2024-08-23"))
    >>> record["id"]
    'china-belarus-2024-08-23'
    """
    from newsevents._read.loader import load_document

    document = load_document(_path(path, "load"), format=format, max_bytes=max_bytes, limits=limits)
    return document.record


def loads(
    content: str | bytes,
    *,
    format: Format | None = None,
    name: str | None = None,
    limits: Limits | None = None,
) -> dict[str, Any]:
    """Read exactly one record from text or bytes, with the rules of :func:`load`.

    ``format`` is ``"yaml"``, ``"json"`` or ``"jsonl"``; without it, content that starts
    with ``{`` is read as JSON (or JSON Lines), anything else as YAML. ``name`` names the
    content in errors. Of ``limits``, all but the sizes apply: the content is in memory
    already.

    >>> loads("schema: x\\nid: y\\n")["id"]
    'y'
    >>> loads('{"id": "y"}', format="json")
    {'id': 'y'}
    """
    from newsevents._read.loader import load_document

    return load_document(_content(content), format=format, name=name, limits=limits).record


def _content(content: str | bytes) -> bytes:
    if isinstance(content, str):
        # As bytes, so that the reader never takes it for a path; lone surrogates pass
        # through to be reported as an encoding problem at their place.
        return content.encode("utf-8", "surrogatepass")
    if isinstance(content, (bytes, bytearray, memoryview)):
        return bytes(content)
    raise TypeError(f"loads() reads text or bytes, but was given {type(content).__name__}")


def load_all(
    path: str | os.PathLike[str],
    *,
    format: Format | None = None,
    max_bytes: int | None = None,
    limits: Limits | None = None,
) -> list[Document]:
    """Read every record of a multi-document YAML, JSON or JSON Lines file.

    Each :class:`Document` carries the record with its file, index, line and column, and
    validating a Document places every problem at its line and column.
    Raises :class:`LoadError` for the first document that cannot be read. ``max_bytes``
    bounds a YAML or JSON file (default 256 MiB) and each JSON Lines line (default
    64 MiB); a JSON Lines file may be of any size, up to ``limits.max_documents``
    records (default ten million). ``limits`` sets every limit of reading.
    """
    from newsevents._read.loader import load_documents

    path = _path(path, "load_all")
    return load_documents(path, format=format, max_bytes=max_bytes, limits=limits)


def loads_all(
    content: str | bytes,
    *,
    format: Format | None = None,
    name: str | None = None,
    limits: Limits | None = None,
) -> list[Document]:
    """Read every record of multi-document content, with the rules of :func:`loads`.

    >>> [doc.record["id"] for doc in loads_all("id: a\\n---\\nid: b\\n")]
    ['a', 'b']
    """
    from newsevents._read.loader import load_documents

    return load_documents(_content(content), format=format, name=name, limits=limits)


def iter_problems(item: object) -> Iterator[Problem]:
    """Yield every problem of a record: schema problems first, then semantic ones.

    Pass a :class:`Document` (from :func:`load_all`) to get file, line and column on each
    problem, and the problems in the order they stand in the file (schema and semantic
    ones together); a plain record gives JSON Pointers only. Compare problems in tests by
    :attr:`Problem.identity`, ``(rule, pointer)``.

    >>> record = load_fixture("china-belarus-2024-08-23")
    >>> record["entities"][1]["id"] = record["entities"][0]["id"]
    >>> sorted({p.rule for p in iter_problems(record)})
    ['duplicate-id', 'unresolved-reference']
    """
    return _default().iter_problems(item)


@overload
def is_valid(item: Document) -> bool: ...
@overload
def is_valid(item: object) -> TypeIs[NewsEventRecord]: ...
def is_valid(item: object) -> bool:
    """True when the record meets the schema and every semantic rule. The fast path.

    For a type checker, a True answer narrows plain data (``dict[str, Any]`` from
    :func:`load`) to :class:`~newsevents.types.NewsEventRecord`.

    >>> is_valid(load_fixture("china-belarus-2024-08-23"))
    True
    """
    return _default().is_valid(item)


def validate_stream(items: Iterable[object], *, unique_ids: bool = False) -> Iterator[RecordReport]:
    """Check records one by one as they come, yielding a :class:`RecordReport` for each.

    For records fed from your own storage: nothing is held beyond the current record, so a
    stream of millions runs in flat memory. Documents keep their file, line and column.
    With ``unique_ids``, a record whose ``id`` an earlier one had also gets a
    ``duplicate-record-id`` problem (each id and its place are then kept, not the records).

    >>> reports = validate_stream([load_fixture("china-belarus-2024-08-23"), {}])
    >>> [report.valid for report in reports]
    [True, False]
    """
    return _default().validate_stream(items, unique_ids=unique_ids)


def validate(item: object) -> NewsEventRecord:
    """Return the record, typed, when it is valid; else raise :class:`InvalidRecord`
    carrying every problem. A Document gives its record.

    >>> record = validate(load_fixture("china-belarus-2024-08-23"))
    >>> record["article"]["language"]
    'en'
    """
    return _default().validate(item)


def _default() -> Validator:
    from newsevents._validator import default

    return default()


class FixtureNotFound(NewsEventsError, LookupError):
    """There is no bundled fixture of that name; ``available`` lists those there are."""

    def __init__(self, name: str, available: list[str]) -> None:
        self.name = name
        self.available = available
        super().__init__(f"no bundled fixture {name!r}; available: {', '.join(available)}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.name, self.available))


@functools.cache
def _parsed_fixture(name: str) -> dict[str, Any]:
    from newsevents._read.loader import load_document
    from newsevents._resources import fixture_names, fixture_resource

    resource = fixture_resource(name)
    if resource is None:
        raise FixtureNotFound(name, fixture_names())
    return load_document(resource.read_bytes(), name=resource.name).record


def load_fixture(name: str) -> NewsEventRecord:
    """A fresh copy of a bundled fixture record, yours to change.

    ``"china-belarus-2024-08-23"`` is the canonical record of the China–Belarus report of
    August 2024.

    >>> load_fixture("china-belarus-2024-08-23")["article"]["language"]
    'en'
    """
    return cast("NewsEventRecord", copy.deepcopy(_parsed_fixture(name)))


def schema() -> dict[str, Any]:
    """A fresh copy of the root JSON Schema (draft 2020-12) of a news-event record.

    The other schemas it refers to are in ``newsevents/schemas/`` of the installed package.

    >>> schema()["$id"]
    'https://newsevents.dev/schemas/1.0/record.schema.json'
    """
    from newsevents._resources import ROOT_SCHEMA_ID, schema_documents

    return copy.deepcopy(schema_documents()[ROOT_SCHEMA_ID])


def bundled_schema() -> dict[str, Any]:
    """The record schema as one self-contained document, for validators that take one file.

    Every other schema file is embedded whole under ``$defs`` with its ``$id``, so each
    ``$ref`` resolves inside the document, offline.

    >>> sorted(bundled_schema()["$defs"])[0]
    'https://newsevents.dev/schemas/1.0/article.schema.json'
    """
    from newsevents._schema.bundle import bundled_schema as bundle

    return bundle()


def registry() -> referencing.Registry[Any]:
    """A ``referencing.Registry`` holding every schema file of the package, for your own
    schemas to ``$ref`` a news-event record offline.

    >>> import jsonschema
    >>> mine = {"type": "array", "items": {"$ref": SCHEMA_ID}}
    >>> validator = jsonschema.Draft202012Validator(mine, registry=registry())
    >>> validator.is_valid([load_fixture("china-belarus-2024-08-23")])
    True
    """
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    from newsevents._resources import schema_documents

    resources = [
        (uri, Resource.from_contents(copy.deepcopy(document), default_specification=DRAFT202012))
        for uri, document in schema_documents().items()
    ]
    return Registry().with_resources(resources)


def fixture_names() -> list[str]:
    """The names of the bundled fixture records, for :func:`load_fixture`.

    >>> "china-belarus-2024-08-23" in fixture_names()
    True
    """
    from newsevents._resources import fixture_names as names

    return names()


def fixture_path(name: str) -> Path:
    """Where the bundled fixture ``name`` lies, for tools that want a file.

    >>> fixture_path("china-belarus-2024-08-23").suffix
    '.yaml'
    """
    from newsevents._resources import fixture_resource

    resource = fixture_resource(name)
    if resource is None:
        raise FixtureNotFound(name, fixture_names())
    return Path(str(resource))
