"""Whether a document is a news-event record at all, before any schema judges it.

A repository holds YAML and JSON of every kind (CI settings, package manifests), and a
wide file pattern hands them to the validator. Judged as records, each gets a dozen
schema problems that say nothing useful; this says once that the document is no record.

The line is drawn so that a user's record is never waved through: a document is taken
for something else only when its ``schema`` names no news-event schema *and* it holds
fewer than half of the other properties a record requires. A record that merely forgot
``schema`` keeps most of them and gets ``schema.required``; one whose ``schema`` is
misspelt keeps them too and gets ``unknown-schema-version``.
"""

from __future__ import annotations

import functools

from newsevents._errors import Problem, brief
from newsevents._resources import (
    ROOT_SCHEMA_ID,
    SCHEMA_HOME,
    root_schema_id,
    schema_documents,
    schema_versions,
)

__all__ = ["NOT_A_RECORD", "is_record", "not_a_record", "record_keys"]

#: The rule a document that is no news-event record breaks.
NOT_A_RECORD = "not-a-record"


@functools.cache
def record_keys() -> tuple[str, ...]:
    """The top-level properties every known schema version requires, ``schema`` aside."""
    documents = schema_documents()
    required: set[str] = set()
    for version in schema_versions():
        required.update(documents[root_schema_id(version)].get("required", ()))
    required.discard("schema")
    return tuple(sorted(required))


def is_record(record: object) -> bool:
    """Whether ``record`` is to be judged as a news-event record (see :func:`not_a_record`).

    >>> is_record({"name": "ci", "on": {"push": None}, "jobs": {}})
    False
    >>> is_record({"schema": "https://newsevents.dev/schemas/1.0/record.schema.json"})
    True
    """
    return not_a_record(record) is None


def not_a_record(record: object) -> Problem | None:
    """The ``not-a-record`` problem for a mapping that is no news-event record, else None.

    A mapping is no record when its ``schema`` is not a string starting with
    ``https://newsevents.dev/schemas/`` (or is absent) and it holds fewer than half of
    the other properties a record requires. Anything else, and anything that is not a
    mapping, is left for the schema to judge.
    """
    if not isinstance(record, dict):
        return None
    named = record.get("schema")
    if type(named) is str and named.startswith(SCHEMA_HOME):
        return None
    keys = record_keys()
    present = sum(1 for key in keys if key in record)
    if 2 * present >= len(keys):
        return None
    fix = "add"
    if "schema" not in record:
        what, pointer = "names no news-event schema in 'schema'", ""
    else:
        fix = "make it"
        what = (
            f"names {brief(named)} in 'schema', which is no news-event schema (those start "
            f"with {SCHEMA_HOME})"
        )
        pointer = "/schema"
    return Problem(
        NOT_A_RECORD,
        f"this document {what} and has {present} of the {len(keys)} other properties a "
        "record requires, so it was not checked as a news-event record; if it is one, "
        f"{fix} 'schema: {ROOT_SCHEMA_ID}'; if it is not, exclude it (--exclude, or the "
        "pre-commit hook's 'files:') or pass --skip-non-records",
        pointer,
    )
