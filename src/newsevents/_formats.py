"""The ``format`` checks the schemas use, given to both engines so that they agree.

Format assertion is always on, whatever optional extras are installed. jsonschema-rs checks
formats natively; the reference engine asks jsonschema-rs about each value rather than
re-implementing the same RFC, so the two engines cannot disagree on a format. A format
used in ``schemas/`` must be listed here (a test fails otherwise).
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import jsonschema_rs

__all__ = ["FORMATS", "format_check"]

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
