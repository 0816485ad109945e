"""Checks on JSON text that the standard library decoder does not make: nesting and surrogates.

The decoder recurses in C once per level of nesting, so a deep enough document can
overflow the C stack and crash the process whenever Python's recursion limit has been
raised. ``too_deep_at`` measures the nesting first, with string operations that run in C
and never recurse, and says where it goes past ``MAX_DEPTH``.

The decoder also turns an escape such as ``\\ud800``, half of a UTF-16 surrogate pair,
into a string no UTF-8 file can hold, so that printing it later fails.
``lone_surrogate`` finds such an escape in text the decoder has accepted.
"""

from __future__ import annotations

import re
from itertools import accumulate, compress, count

from newsevents._read.limits import MAX_DEPTH

__all__ = ["lone_surrogate", "too_deep_at"]

_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}
_NOT_BRACKETS = bytes(byte for byte in range(256) if byte not in b"[]{}")
# What the decoder reads up to where it would go too deep: whole strings, brackets, and
# backslashes outside strings, where the decoder stops with a syntax error.
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[][{}\\]', re.DOTALL)
_STRING_REST = re.compile(r'(?:[^"\\]|\\.)*"', re.DOTALL)
# Text is measured a piece at a time, so that its strings are never all split out at once.
_CHUNK = 1 << 20
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def too_deep_at(text: str, limit: int = MAX_DEPTH) -> int | None:
    r"""The offset of the first ``[`` or ``{`` nested deeper than ``limit``, or None.

    For text that is not valid JSON, nesting is measured only as far as the decoder would
    read before it gives up, so that None always means the decoder stays within ``limit``.

    >>> too_deep_at('{"a": [[1]]}', limit=3) is None, too_deep_at('{"a": [[[1]]]}', limit=3)
    (True, 8)
    >>> too_deep_at(r'["[[[[", "\"[[[[", [[1]]]', limit=3) is None
    True
    """
    if text.count("[") + text.count("{") <= limit:
        return None
    depth, inside, start = 0, False, 0
    while start < len(text):
        end = min(start + _CHUNK, len(text))
        while end < len(text) and text[end - 1] == "\\":  # an escape stays in one piece
            end += 1
        # Escaped backslashes first, then escaped quotes: every quote left delimits a
        # string, so every other piece of the split lies outside strings.
        pieces = text[start:end].replace("\\\\", "").replace('\\"', "").split('"')
        outside = "".join(pieces[inside::2]).encode("ascii", "ignore")
        brackets = outside.translate(None, _NOT_BRACKETS)
        depths = accumulate(map(_STEP.__getitem__, brackets), initial=depth)
        if next(compress(count(), map(limit.__lt__, depths)), None) is not None:
            return _first_too_deep(text, limit, start, depth, inside)
        opened = brackets.count(b"[") + brackets.count(b"{")
        depth += opened - (len(brackets) - opened)
        inside ^= len(pieces) % 2 == 0
        start = end
    return None


def _first_too_deep(text: str, limit: int, start: int, depth: int, inside: bool) -> int | None:
    """The exact place, token by token from ``start``, where the nesting is ``depth`` and
    a string is open if ``inside``: taken only for the piece of text that goes too deep."""
    if inside:
        rest = _STRING_REST.match(text, start)
        if rest is None:
            return None
        start = rest.end()
    for token in _TOKEN.finditer(text, start):
        char = token.group()[0]
        if char in "[{":
            depth += 1
            if depth > limit:
                return token.start()
        elif char in "]}":
            depth -= 1
        elif char == "\\":
            return None  # the decoder stops here
    return None


def lone_surrogate(text: str) -> int | None:
    r"""The offset of the first ``\uD800``-``\uDFFF`` escape that is not half of a pair.

    Meant for text the decoder has accepted, where a backslash only ever appears inside a
    string, so an escape is any backslash preceded by an even run of backslashes.

    >>> lone_surrogate(r'{"a": "\ud83d\ude00"}') is None, lone_surrogate(r'{"\udc00": 1}')
    (True, 2)
    >>> lone_surrogate(r'{"a": "\\ud800", "b": "\ud800\ud800\udc00"}')
    23
    """
    first = _SURROGATE_ESCAPE.search(text)
    if first is None:
        return None
    paired_until = 0
    for escape in _SURROGATE_ESCAPE.finditer(text, first.start()):
        at = escape.start()
        if at < paired_until or not _is_escape(text, at):
            continue
        if int(escape.group()[2:], 16) < 0xDC00:  # a high half: is the low one next?
            low = _SURROGATE_ESCAPE.match(text, at + 6)
            if low is not None and int(low.group()[2:], 16) >= 0xDC00:
                paired_until = low.end()
                continue
        return at
    return None


def _is_escape(text: str, at: int) -> bool:
    start = at
    while start and text[start - 1] == "\\":
        start -= 1
    return (at - start) % 2 == 0
