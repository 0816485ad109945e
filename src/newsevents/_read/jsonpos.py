"""Where things are written in JSON text: JSON Pointer lookups and hazard positions.

The stdlib decoder builds values fast but forgets where they came from. Rather than slow
down every valid file, the loader re-reads the text here only when a position is needed:
when a validator asks where a pointer is, or when the decoder has refused a document and
the error should name the line and column of the duplicate key or the NaN.

A record with thousands of problems asks for thousands of positions, so a ``JsonIndex``
reads each container it is asked into once and keeps where its members start, and a
``LineTable`` finds lines by bisection: every problem of a document is placed for about
the cost of reading its text once, not once per problem.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from typing import NamedTuple

__all__ = [
    "Hazard",
    "JsonIndex",
    "LineTable",
    "array_index",
    "find_hazard",
    "line_column",
    "locate",
    "split_pointer",
]
from newsevents._read import lines as _lines
from newsevents._read.limits import bounded_int

_SPACE = re.compile(r"[ \t\n\r]*")
# A line ends at LF, CRLF or CR, as ``lines.line_column`` counts them.
_NEWLINE = re.compile(r"\r\n|\r|\n")
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


class LineTable:
    """Lines and columns of offsets in one text, from a table of where its lines start.

    Gives what ``line_column`` gives, in logarithmic time once the table is built.
    """

    __slots__ = ("_first_line", "_starts")

    def __init__(self, text: str, first_line: int = 1) -> None:
        self._starts = [0, *(newline.end() for newline in _NEWLINE.finditer(text))]
        self._first_line = first_line

    def line_column(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in code points) of ``offset``."""
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + self._first_line, offset - self._starts[line] + 1


#: What a container holds: an object's names, each mapped to (where the name is, where its
#: value is), or where each item of an array starts. A scalar holds nothing.
_Children = dict[str, tuple[int, int]] | list[int]


class JsonIndex:
    """Offsets of what JSON Pointers lead to in one valid JSON value.

    Each container a pointer passes through is read once, on first need, and where its
    members start is kept; later pointers through it cost a dictionary lookup per token.
    """

    __slots__ = ("_children", "_root", "_text")

    def __init__(self, text: str, start: int) -> None:
        self._text = text
        self._root = skip_space(text, start)
        self._children: dict[int, _Children] = {}

    def locate(self, tokens: list[str]) -> int:
        """Offset of what ``tokens`` lead to; see :func:`locate`."""
        found = pos = self._root
        for token in tokens:
            children = self._children.get(pos)
            if children is None:
                children = self._children[pos] = _read_container(self._text, pos)
            if isinstance(children, dict):
                step = children.get(token)
                if step is None:
                    break
                found, pos = step
            else:
                index = array_index(token)
                if index is None or index >= len(children):
                    break
                found = pos = children[index]
        return found


def locate(text: str, start: int, tokens: list[str]) -> int:
    """Offset of what ``tokens`` lead to in the valid JSON value at ``start``.

    An object member is placed at its name, an array item at its first character; when a
    token leads nowhere, the deepest member or item that exists is given instead. To place
    many pointers in one text, keep a :class:`JsonIndex` instead.
    """
    return JsonIndex(text, start).locate(tokens)


def skip_space(text: str, pos: int) -> int:
    """The offset of the first character at or after ``pos`` that is not JSON whitespace."""
    space = _SPACE.match(text, pos)
    return space.end() if space else pos


def _read_container(text: str, pos: int) -> _Children:
    """Where each member of the object or array at ``pos`` starts.

    What cannot be read (nesting too deep for the decoder) ends the container early: the
    members before it can still be placed, and a pointer past it stops at the container.
    """
    children: _Children = []
    try:
        char = text[pos]
        if char == "{":
            names: dict[str, tuple[int, int]] = {}
            children = names
            pos = skip_space(text, pos + 1)
            while text[pos] == '"':
                key_at = pos
                key, pos = _PLAIN.raw_decode(text, pos)
                pos = skip_space(text, skip_space(text, pos) + 1)  # past the colon
                names.setdefault(key, (key_at, pos))
                pos = skip_space(text, _PLAIN.raw_decode(text, pos)[1])
                if text[pos] != ",":
                    break
                pos = skip_space(text, pos + 1)
        elif char == "[":
            items: list[int] = []
            children = items
            pos = skip_space(text, pos + 1)
            if text[pos] != "]":
                while True:
                    items.append(pos)
                    pos = skip_space(text, _PLAIN.raw_decode(text, pos)[1])
                    if text[pos] != ",":
                        break
                    pos = skip_space(text, pos + 1)
    except (ValueError, IndexError, RecursionError):
        pass  # what was read so far is still right
    return children


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
