"""newsevents: schemas, a gold fixture, validators and test tooling for news-event records.

>>> import newsevents
>>> record = newsevents.load_fixture("china-belarus-2024-08-23")
>>> newsevents.is_valid(record)
True

The record's types are in :mod:`newsevents.types`, the exceptions in
:mod:`newsevents.exceptions`.
"""

from newsevents._api import (
    SCHEMA_ID,
    SCHEMA_VERSION,
    FixtureNotFound,
    bundled_schema,
    fixture_names,
    fixture_path,
    is_valid,
    iter_problems,
    load,
    load_all,
    load_fixture,
    loads,
    loads_all,
    registry,
    schema,
    validate,
    validate_stream,
)
from newsevents._authoring.reanchor import SpanMove, reanchor
from newsevents._authoring.span import SpanNotFound, span
from newsevents._errors import InvalidRecord, LoadError, NewsEventsError, Problem, UnknownRule
from newsevents._read.document import Document
from newsevents._report import RecordReport
from newsevents._rules.catalogue import RULES, Rule
from newsevents._validator import Validator
from newsevents.types import NewsEventRecord

__version__ = "0.1.0"

__all__ = [
    "RULES",
    "SCHEMA_ID",
    "SCHEMA_VERSION",
    "Document",
    "FixtureNotFound",
    "InvalidRecord",
    "LoadError",
    "NewsEventRecord",
    "NewsEventsError",
    "Problem",
    "RecordReport",
    "Rule",
    "SpanMove",
    "SpanNotFound",
    "UnknownRule",
    "Validator",
    "__version__",
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
    "reanchor",
    "registry",
    "schema",
    "span",
    "validate",
    "validate_stream",
]
