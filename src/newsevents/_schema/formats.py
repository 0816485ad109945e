r"""The ``format`` and ``pattern`` checks, given to both engines so that they agree.

Format assertion is always on, whatever optional extras are installed. jsonschema-rs checks
formats natively; the reference engine asks jsonschema-rs about each value rather than
re-implementing the same RFC, so the two engines cannot disagree on a format. A format
used in ``schemas/`` must be listed here (a test fails otherwise).

Patterns go the same way: JSON Schema patterns are ECMA-262 regular expressions, and
Python's ``re`` differs from them (``$`` also matches before a final newline, ``\s`` also
matches U+001C), so the reference engine asks jsonschema-rs whether a string matches.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import jsonschema_rs

__all__ = ["FORMATS", "format_check", "pattern_check"]

#: The formats the schemas use.
FORMATS = ("uri",)


@functools.cache
def format_check(name: str) -> Callable[[object], bool]:
    """A predicate for one format, holding for every value that is not a string.

    ``format`` only constrains strings; ``type`` judges the rest.

    >>> format_check("uri")("https://example.org/a?b=c#d"), format_check("uri")("a b")
    (True, False)
    """
    validator = jsonschema_rs.validator_for({"format": name}, validate_formats=True)

    def check(value: object) -> bool:
        return not isinstance(value, str) or bool(validator.is_valid(value))

    return check


@functools.cache
def pattern_check(pattern: str) -> Callable[[str], bool]:
    """A predicate: does a string match ``pattern`` as JSON Schema (ECMA-262) reads it?

    >>> pattern_check("^[a-z]+$")("en"), pattern_check("^[a-z]+$")("en\\n")
    (True, False)
    """
    validator = jsonschema_rs.validator_for({"pattern": pattern})

    def check(value: str) -> bool:
        return bool(validator.is_valid(value))

    return check
