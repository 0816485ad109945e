"""Where things are written in JSON text: JSON Pointer lookups and hazard positions.

The stdlib decoder builds values fast but forgets where they came from. Rather than slow
down every valid file, the loader re-reads the text here only when a position is needed:
when a validator asks where a pointer is, or when the decoder has refused a document and
the error should name the line and column of the duplicate key or the NaN.
"""

from __future__ import annotations

import json
import math
import re
from typing import NamedTuple

from newsevents._read import lines as _lines
from newsevents._read.limits import bounded_int

__all__ = ["Hazard", "array_index", "find_hazard", "line_column", "locate", "split_pointer"]

_SPACE = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_INDEX = re.compile(r"0|[1-9][0-9]*")
_CONSTANTS = ("NaN", "Infinity", "-Infinity")
# The default decoder reads names and steps over values; the refusing one is the loader's.
_PLAIN = json.JSONDecoder()


class Hazard(NamedTuple):
    """A value the loader refuses, and where it is: offsets into the text."""

    rule: str
    offset: int
    written: str
    first: int | None = None  # for a duplicate key, where the first one is


def split_pointer(pointer: str) -> list[str] | None:
    """The unescaped reference tokens of an RFC 6901 JSON Pointer, or None if malformed.

    >>> split_pointer("/a~1b/m~0n/0")
    ['a/b', 'm~n', '0']
    """
    if pointer == "":
        return []
    if not pointer.startswith("/"):
        return None
    # ~1 before ~0, so that "~01" becomes "~1" and not "/".
    return [token.replace("~1", "/").replace("~0", "~") for token in pointer[1:].split("/")]


def array_index(token: str) -> int | None:
    """The array index a pointer token names, or None (RFC 6901 forbids leading zeros)."""
    return int(token) if _INDEX.fullmatch(token) else None


def line_column(text: str, offset: int, first_line: int = 1) -> tuple[int, int]:
    """1-based line and column (in code points) of ``offset`` in ``text``; a line ends at
    LF, CR or CRLF, as editors count them."""
    return _lines.line_column(text, offset, first_line)


def locate(text: str, start: int, tokens: list[str]) -> int:
    """Offset of what ``tokens`` lead to in the valid JSON value at ``start``.

    An object member is placed at its name, an array item at its first character; when a
    token leads nowhere, the deepest member or item that exists is given instead.
    """
    found = pos = skip_space(text, start)
    try:
        for token in tokens:
            step = _member(text, pos, token) if text[pos] == "{" else _item(text, pos, token)
            if step is None:
                break
            found, pos = step
    except (ValueError, IndexError, RecursionError):
        pass  # the place found so far is still the best answer
    return found


def skip_space(text: str, pos: int) -> int:
    """The offset of the first character at or after ``pos`` that is not JSON whitespace."""
    space = _SPACE.match(text, pos)
    return space.end() if space else pos


def _member(text: str, pos: int, name: str) -> tuple[int, int] | None:
    pos = skip_space(text, pos + 1)
    while text[pos] == '"':
        key_at = pos
        key, pos = _PLAIN.raw_decode(text, pos)
        pos = skip_space(text, skip_space(text, pos) + 1)  # past the colon
        if key == name:
            return key_at, pos
        pos = skip_space(text, _PLAIN.raw_decode(text, pos)[1])
        if text[pos] != ",":
            return None
        pos = skip_space(text, pos + 1)
    return None


def _item(text: str, pos: int, token: str) -> tuple[int, int] | None:
    index = array_index(token)
    if text[pos] != "[" or index is None:
        return None
    pos = skip_space(text, pos + 1)
    if text[pos] == "]":
        return None
    for _ in range(index):
        pos = skip_space(text, _PLAIN.raw_decode(text, pos)[1])
        if text[pos] != ",":
            return None
        pos = skip_space(text, pos + 1)
    return pos, pos


def find_hazard(text: str, start: int) -> Hazard | None:
    """The first duplicate key, NaN/Infinity, or out-of-range number in the value at ``start``.

    Walks with an explicit stack, so any nesting the decoder accepted is fine here too;
    stops (returning None) at the first thing that is not valid JSON.
    """
    # One entry per open container: the names seen so far in an object, None for an array.
    stack: list[dict[str, int] | None] = []
    expect = "value"
    pos = start
    try:
        while True:
            pos = skip_space(text, pos)
            char = text[pos]
            if expect == "key":
                names = stack[-1]
                if char != '"' or names is None:
                    return None
                key, end = _PLAIN.raw_decode(text, pos)
                if key in names:
                    return Hazard("duplicate-key", pos, key, names[key])
                names[key] = pos
                pos = skip_space(text, end)
                if text[pos] != ":":
                    return None
                pos, expect = pos + 1, "value"
            elif expect == "value":
                if char in "{[":
                    closing = "}" if char == "{" else "]"
                    pos = skip_space(text, pos + 1)
                    if text[pos] == closing:
                        pos, expect = pos + 1, "after"
                    else:
                        stack.append({} if char == "{" else None)
                        expect = "key" if char == "{" else "value"
                    continue
                hazard, pos = _scalar(text, pos)
                if hazard is not None:
                    return hazard
                expect = "after"
            elif not stack:
                return None
            elif char == ",":
                pos, expect = pos + 1, "value" if stack[-1] is None else "key"
            elif char in "}]":
                stack.pop()
                pos += 1
            else:
                return None
    except (ValueError, IndexError):
        return None


def _scalar(text: str, pos: int) -> tuple[Hazard | None, int]:
    """Step over the string, number or literal at ``pos``; a refused number is a hazard."""
    if text[pos] == '"':
        return None, _PLAIN.raw_decode(text, pos)[1]
    for constant in _CONSTANTS:
        if text.startswith(constant, pos):
            return Hazard("non-finite-number", pos, constant), pos
    number = _NUMBER.match(text, pos)
    if number is not None:
        written = number.group()
        if number.group(1) or number.group(2):
            if math.isinf(float(written)):
                return Hazard("non-finite-number", pos, written), pos
        elif bounded_int(written.lstrip("-"), 10) is None:
            return Hazard("number-too-large", pos, written), pos
        return None, number.end()
    for literal in ("true", "false", "null"):
        if text.startswith(literal, pos):
            return None, pos + len(literal)
    raise ValueError("not JSON")
