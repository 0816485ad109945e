"""newsevents: schemas, a gold fixture, validators and test tooling for news-event records.

>>> import newsevents
>>> record = newsevents.load_fixture("china-belarus-2024-08-23")
>>> newsevents.is_valid(record)
True

``newsevents.score(gold, predicted)`` measures an extractor's record against the gold one.
The record's types are in :mod:`newsevents.types`, the exceptions in
:mod:`newsevents.exceptions`, and a pytest helper in :mod:`newsevents.testing`.
"""

from typing import TYPE_CHECKING, Any

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
from newsevents._score.api import score
from newsevents._score.errors import InvalidOption, TextMismatch, UnscorableRecord
from newsevents._score.result import Difference, LayerScore, Score
from newsevents._validator import Validator
from newsevents.types import NewsEventRecord

__version__ = "0.1.0"

if TYPE_CHECKING:
    from newsevents._read.limits import Limits
    from newsevents._rules.catalogue import RULES, Rule


def __getattr__(name: str) -> Any:
    # The rule catalogue reads every rule module, and the readers' limits bring their
    # messages: loaded when first asked for, so that importing the package (as
    # Hypothesis does for its plugin) stays cheap.
    if name in ("RULES", "Rule"):
        from newsevents._rules import catalogue

        return getattr(catalogue, name)
    if name == "Limits":
        from newsevents._read.limits import Limits

        return Limits
    raise AttributeError(f"module 'newsevents' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "RULES",
    "SCHEMA_ID",
    "SCHEMA_VERSION",
    "Difference",
    "Document",
    "FixtureNotFound",
    "InvalidOption",
    "InvalidRecord",
    "LayerScore",
    "Limits",
    "LoadError",
    "NewsEventRecord",
    "NewsEventsError",
    "Problem",
    "RecordReport",
    "Rule",
    "Score",
    "SpanMove",
    "SpanNotFound",
    "TextMismatch",
    "UnknownRule",
    "UnscorableRecord",
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
    "score",
    "span",
    "validate",
    "validate_stream",
]
