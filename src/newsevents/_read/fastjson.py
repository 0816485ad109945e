"""A fast way to read a JSON record, taken only when it provably reads what the careful one does.

orjson parses several times faster than the stdlib decoder with the loader's hooks, but it
keeps the last of two equal keys without a word, and reads an integer beyond 64 bits as a
float. So its result is used only when a cheap check proves that neither happened:

* When writing the result back out gives the very same bytes, the text is the rendering of
  a mapping without duplicate keys: orjson's own output, and JSON Lines from most tools.
* Otherwise every key-value pair puts one ``:`` outside strings, and a string keeps each
  ``:`` it holds. If the text escapes no ``:`` as ``\\u003a``, the result written back out
  has as many colons as the text exactly when no pair was dropped. And an integer beyond
  64 bits, read as a float of magnitude 2**63 or more, is written back out with an
  exponent (``e+19``): if no ``e+`` stands in what was written, every integer fits in 64
  bits. (Should an orjson release write such floats otherwise, checked on first use, the
  text itself is searched for a run of 19 digits instead.)

These checks are what text written with spaces after the separators costs, as Python's
``json.dumps`` writes by default (the most common producer of JSON Lines): two counts and
a few memchr searches at C speed, some 70 us on the text of a full-size record, where a
regular expression took 0.5 ms.

When the check fails, or orjson refuses the text, or orjson is not installed, this returns
None and the careful decoder reads the text again: it finds the duplicate key or the
oversized number and says where it is. Tests hold both readers to the same values.

Writing the result back out is also what keeps the fast reader within the loader's depth
limit: orjson writes at most 254 levels, fewer than ``MAX_DEPTH``, and declining anything
deeper leaves the careful reader to judge it. Should an orjson release write more, a
cheaper bound takes over (checked once, at import).
"""

from __future__ import annotations

import functools
import math
import sys
from typing import Any

from newsevents._read.limits import MAX_DEPTH

try:
    import orjson
except ImportError:  # pragma: no cover - orjson is installed on CPython
    orjson = None  # type: ignore[assignment]

__all__ = ["AVAILABLE", "quick_read", "quick_record"]

#: Whether the fast reader can be used at all.
AVAILABLE = orjson is not None

# ``\u003a`` and ``\u003A`` decode to a colon; the guard takes every backslash before
# ``u003`` to be one, to be safe.
_ESCAPED_COLON = b"u003"
# Backslashes (or plus signs) looked at one by one, each found at memchr speed, before the
# rest of the text is searched at once: a record holds a few dozen escapes, while text
# written with every non-ASCII character escaped holds thousands.
_ONE_BY_ONE = 64
# A run of 19 digits may be an integer outside 64 bits, which orjson reads as a float.
# Every digit made a 9, a run of 19 digits is a run of 19 nines: a plain substring search,
# ten times faster than a regular expression on the text of a full-size record.
_DIGITS_AS_NINES = bytes.maketrans(b"0123456789", b"9999999999")
_LONG_DIGITS = b"9" * 19


def _writes_deeper_than(depth: int) -> bool:
    """Whether orjson writes lists nested ``depth + 1`` levels deep."""
    value: list[Any] = []
    for _ in range(depth):
        value = [value]
    try:
        orjson.dumps(value)
    except orjson.JSONEncodeError:
        return False
    return True


# True when writing a record back out does not by itself prove it within MAX_DEPTH.
_UNBOUNDED = AVAILABLE and _writes_deeper_than(MAX_DEPTH)


def quick_record(data: bytes) -> dict[str, Any] | None:
    """The JSON object in ``data`` (UTF-8), or None when the careful decoder must decide.

    >>> quick_record(b'{"id": "a", "n": 1}')
    {'id': 'a', 'n': 1}
    >>> quick_record(b'{"id": "a", "id": "b"}') is None
    True
    """
    return quick_read(data)[0]


def quick_read(data: bytes, max_depth: int = MAX_DEPTH) -> tuple[dict[str, Any] | None, bool]:
    """``quick_record(data)``, and whether ``data`` is known to be nested within
    ``max_depth``: true whenever orjson read it and wrote it back, so that the careful
    decoder need not measure it again. Below ``MAX_DEPTH``, writing back proves too
    little, and text with more brackets than ``max_depth`` is left to the careful reader.

    >>> quick_read(b'{"id": "a", "id": "b"}'), quick_read(b'{"n": 1') == (None, False)
    ((None, True), True)
    """
    if orjson is None:  # pragma: no cover - see the import
        return None, False
    try:
        record = orjson.loads(data)
    except orjson.JSONDecodeError:
        return None, False
    try:
        again = orjson.dumps(record)
    except orjson.JSONEncodeError:  # nested deeper than orjson writes
        return None, False
    if (_UNBOUNDED or max_depth < MAX_DEPTH) and data.count(b"[") + data.count(b"{") > max_depth:
        return None, False
    if type(record) is not dict:
        return None, True
    if again == data:
        return record, True
    if (
        again.count(b":") != data.count(b":")
        or _escapes_colon(data)
        or (_overflow_shows(again) if _exponents_show_overflow() else _long_digits(data))
    ):
        return None, True
    return record, True


def _escapes_colon(data: bytes) -> bool:
    """Whether ``data`` may escape a colon: some backslash stands before ``u003``."""
    at = data.find(b"\\")
    for _ in range(_ONE_BY_ONE):
        if at < 0:
            return False
        if data.startswith(_ESCAPED_COLON, at + 1):
            return True
        at = data.find(b"\\", at + 1)
    return at >= 0 and data.find(b"\\" + _ESCAPED_COLON, at) >= 0


def _overflow_shows(again: bytes) -> bool:
    """Whether orjson's own output ``again`` writes a float with a positive exponent, as
    it writes every integer beyond 64 bits it has read as a float."""
    # Each + found at memchr speed; in orjson's output one stands in a string or after
    # the e of an exponent, never elsewhere.
    at = again.find(b"+")
    for _ in range(_ONE_BY_ONE):
        if at < 0:
            return False
        if again[at - 1] == _LOWER_E:
            return True
        at = again.find(b"+", at + 1)
    return at >= 0 and again.find(b"e+", at - 1) >= 0


def _long_digits(data: bytes) -> bool:
    return _LONG_DIGITS in data.translate(_DIGITS_AS_NINES)


_LOWER_E = ord("e")


@functools.cache
def _exponents_show_overflow() -> bool:
    """Whether orjson writes every float of magnitude 2**63 or more with ``e+``: what an
    integer beyond 64 bits becomes when orjson reads it. Such a float's shortest form has a
    decimal exponent of 18 to 308, and writers choose the notation by that exponent alone,
    so one float of each exponent, at either end of its decade and of either sign, shows
    the choice for all of them."""
    if orjson is None:  # pragma: no cover - see the import
        return False
    written = [float(2**63), float(2**64), sys.float_info.max]
    for exponent in range(18, 309):
        written += [float(f"1e{exponent}"), float(f"9.999999999999999e{exponent}")]
    floats = [
        number
        for value in written
        if 2**63 <= value < math.inf  # 9.999999999999999e308 is beyond the largest float
        for number in (value, -value)
    ]
    return all(b"e+" in orjson.dumps(number) for number in floats)
