"""Hypothesis strategies for news-event records: valid ones, and ones broken in one known way.

>>> from hypothesis import given
>>> from newsevents import strategies
>>> import newsevents
>>> @given(strategies.records())
... def test_my_indexer_takes_any_record(record):
...     assert newsevents.is_valid(record)
>>> test_my_indexer_takes_any_record()
"""

from newsevents.strategies._api import (
    RULES_BROKEN,
    Expected,
    article_texts,
    fixture_variants,
    invalid_records,
    moments,
    quantities,
    records,
    spans,
)

__all__ = [
    "RULES_BROKEN",
    "Expected",
    "article_texts",
    "fixture_variants",
    "invalid_records",
    "moments",
    "quantities",
    "records",
    "spans",
]
