"""The public functions. Heavy modules (PyYAML, the engines) load on first use, so that
``import newsevents`` stays cheap for every test run that merely has it installed."""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, Union, cast

from newsevents._read.document import Document
from ._errors import InvalidRecord, NewsEventsError, Problem
from ._report import RecordReport

if TYPE_CHECKING:
    # A source is a path, or content as text or bytes: a str is text when it holds a line
    # break or starts with "{" (or names no file while a format is given), else a path.
    from newsevents._read.loader import Format, Source
    from ._types import NewsEventRecord

__all__ = [
    "is_valid",
    "iter_problems",
    "load",
    "load_all",
    "load_fixture",
    "schema",
    "validate",
    "validate_stream",
]

#: What the validators accept: a record (a mapping), or a Document from ``load_all``.
Checkable = Union["NewsEventRecord", "dict[str, Any]", Document]


def load(
    source: Source,
    *,
    format: Format | None = None,
    name: str | None = None,
    max_bytes: int | None = None,
) -> NewsEventRecord:
    """Read exactly one record from a path, text or bytes.

    YAML is read as YAML 1.2 (``2024-08-22`` stays a string, ``no`` is not ``False``), with
    no aliases, tags, duplicate keys, NaN or infinities; JSON with no duplicate keys or NaN.
    Raises :class:`LoadError` with the file, line and column when the source cannot be
    read or holds other than one record. A file larger than ``max_bytes`` (default
    256 MiB) is not read (``too-large``), nor is anything but a regular file.

    >>> record = load("schema: x\\nid: y\\n")
    >>> record["id"]
    'y'
    """
    from newsevents._read.loader import load_document

    document = load_document(source, format=format, name=name, max_bytes=max_bytes)
    return cast("NewsEventRecord", document.record)


def load_all(
    source: Source,
    *,
    format: Format | None = None,
    name: str | None = None,
    max_bytes: int | None = None,
) -> list[Document]:
    """Read every record of a multi-document YAML, JSON or JSON Lines source.

    Each :class:`Document` carries the record with its file, index, line and column, and
    validating a Document places every problem at its line and column.
    Raises :class:`LoadError` for the first document that cannot be read. ``max_bytes``
    bounds a YAML or JSON file (default 256 MiB) and each JSON Lines line (default
    64 MiB); a JSON Lines file may be of any size.
    """
    from newsevents._read.loader import load_documents

    return load_documents(source, format=format, name=name, max_bytes=max_bytes)


def iter_problems(item: Checkable) -> Iterator[Problem]:
    """Yield every problem of a record: schema problems first, then semantic ones.

    Pass a :class:`Document` (from :func:`load_all`) to get file, line and column on each
    problem; a plain record gives JSON Pointers only.

    >>> record = load_fixture("china-belarus-2024-08-23")
    >>> record["entities"][1]["id"] = record["entities"][0]["id"]
    >>> sorted({p.rule for p in iter_problems(record)})
    ['duplicate-id', 'unresolved-reference']
    """
    from newsevents._rules.verdict import problems_of

    yield from problems_of(item)


def is_valid(item: Checkable) -> bool:
    """True when the record meets the schema and every semantic rule. The fast path.

    >>> is_valid(load_fixture("china-belarus-2024-08-23"))
    True
    """
    from newsevents._rules.verdict import is_valid as verdict

    return verdict(item)


def validate_stream(items: Iterable[Checkable]) -> Iterator[RecordReport]:
    """Check records one by one as they come, yielding a :class:`RecordReport` for each.

    For records fed from your own storage: nothing is held beyond the current record, so a
    stream of millions runs in flat memory. Documents keep their file, line and column.

    >>> reports = validate_stream([load_fixture("china-belarus-2024-08-23"), {}])
    >>> [report.valid for report in reports]
    [True, False]
    """
    from newsevents._rules.verdict import problems_of

    for index, item in enumerate(items):
        if isinstance(item, Document):
            problems = tuple(problems_of(item))
            yield RecordReport(item.index, item.file, item.line, item.column, problems)
        else:
            yield RecordReport(index, problems=tuple(problems_of(item)))


def validate(item: Checkable) -> None:
    """Raise :class:`InvalidRecord`, carrying every problem, unless the record is valid.

    >>> validate(load_fixture("china-belarus-2024-08-23"))  # returns None: valid
    """
    if is_valid(item):
        return
    raise InvalidRecord(tuple(iter_problems(item)))


class FixtureNotFound(NewsEventsError, LookupError):
    """There is no bundled fixture of that name; ``available`` lists those there are."""

    def __init__(self, name: str, available: list[str]) -> None:
        self.name = name
        self.available = available
        super().__init__(f"no bundled fixture {name!r}; available: {', '.join(available)}")


@functools.cache
def _parsed_fixture(name: str) -> dict[str, Any]:
    from newsevents._read.loader import load_document
    from ._resources import fixture_names, fixture_resource

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
    from ._resources import ROOT_SCHEMA_ID, schema_documents

    return copy.deepcopy(schema_documents()[ROOT_SCHEMA_ID])
