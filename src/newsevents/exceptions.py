"""The exceptions newsevents raises on purpose, each with fields that say what went wrong.

Every one derives from :class:`NewsEventsError`, and every one survives pickling (so it
crosses a process pool whole):

- :class:`LoadError`: a source could not be read as records (``rule``, ``file``, ``line``,
  ``column``, ``message``);
- :class:`InvalidRecord`: a record broke rules (``problems``);
- :class:`FixtureNotFound`: no bundled fixture has that name (``name``, ``available``);
- :class:`UnknownRule`: a rule name the catalogue does not hold (``name``, ``known``);
- :class:`SpanNotFound`: :func:`newsevents.span` found fewer places of a text than asked
  (``needle``, ``occurrence``, ``count``, ``after``);
- :class:`TextMismatch`: two records scored against each other are of different article
  texts (``offset``, ``gold``, ``predicted``, ``gold_length``, ``predicted_length``);
- :class:`UnscorableRecord`: an :class:`InvalidRecord` given to the scorer (``side``,
  ``problems``);
- :class:`InvalidOption`: an option of scoring that means nothing (``option``, ``value``,
  ``reason``).

>>> from newsevents.exceptions import NewsEventsError, UnknownRule
>>> issubclass(UnknownRule, NewsEventsError) and issubclass(UnknownRule, ValueError)
True
"""

from __future__ import annotations

from newsevents._api import FixtureNotFound
from newsevents._authoring.span import SpanNotFound
from newsevents._errors import InvalidRecord, LoadError, NewsEventsError, UnknownRule
from newsevents._score.errors import InvalidOption, TextMismatch, UnscorableRecord

__all__ = [
    "FixtureNotFound",
    "InvalidOption",
    "InvalidRecord",
    "LoadError",
    "NewsEventsError",
    "SpanNotFound",
    "TextMismatch",
    "UnknownRule",
    "UnscorableRecord",
]
