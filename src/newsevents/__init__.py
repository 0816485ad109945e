"""newsevents: schemas, a gold fixture, validators and test tooling for news-event records.

>>> import newsevents
>>> record = newsevents.load_fixture("china-belarus-2024-08-23")
>>> newsevents.is_valid(record)
True
"""

from ._api import (
    FixtureNotFound,
    is_valid,
    iter_problems,
    load,
    load_all,
    load_fixture,
    schema,
    validate,
    validate_stream,
)
from newsevents._read.document import Document
from ._errors import InvalidRecord, LoadError, NewsEventsError, Problem
from ._report import RecordReport
from ._types import NewsEventRecord

__version__ = "0.1.0"

__all__ = [
    "Document",
    "FixtureNotFound",
    "InvalidRecord",
    "LoadError",
    "NewsEventRecord",
    "NewsEventsError",
    "Problem",
    "RecordReport",
    "__version__",
    "is_valid",
    "iter_problems",
    "load",
    "load_all",
    "load_fixture",
    "schema",
    "validate",
    "validate_stream",
]
