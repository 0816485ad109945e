r"""The subset of regular-expression syntax that every engine reads alike.

JSON Schema patterns are ECMA-262 regular expressions, but validators in other languages
hand them to their own engine: RE2 in Go, ``java.util.regex`` in Java, ``re`` in Python.
These differ where it hurts: ``\d``, ``\w``, ``\s``, ``\S`` and ``\b`` are ASCII-only in RE2
and Unicode-aware in ECMA-262 (``\s``) or Python, lookarounds and backreferences do not
exist in RE2, ``\uXXXX`` is no escape in RE2 (which writes ``\x{...}``, unknown to
ECMA-262), lazy and possessive quantifiers parse in some engines only, ``.`` stops at
different line terminators, Java reads ``[a&&b]`` and ``[a[b]]`` as set operations, and an
unescaped ``{``, ``}`` or ``]`` is a syntax error in ECMA-262's Unicode mode (which ajv uses)
but a literal elsewhere.

A pattern in the subset uses only:

- literal characters, except the syntax characters ``^ $ \ . * + ? ( ) [ ] { } |``, lone
  surrogates and characters beyond U+FFFF (ECMA-262 without the ``u`` flag, as some
  validators compile, reads those as two UTF-16 units);
- a syntax character escaped with a backslash (``\.``), and no other escape;
- character classes ``[...]`` and ``[^...]`` of such characters and ascending ranges
  ``a-z``; ``-`` is literal only first or last, ``[`` and ``]`` inside must be escaped, and
  no doubled ``&&``, ``--``, ``~~`` or ``||`` (Java's intersection, Python's reserved set
  operations);
- groups ``(...)`` (no ``(?``: no lookaround, named or non-capturing group, or flag);
- alternation ``|``;
- quantifiers ``?``, ``*``, ``+``, ``{m}``, ``{m,}``, ``{m,n}`` with m ≤ n ≤ 1000 (RE2's
  limit), each after an atom and not followed by another quantifier character;
- ``^`` as the first character and ``$`` as the last only; and a pattern anchored at an
  end has no ``|`` outside a group, since the anchor would bind to one alternative only.

One difference stays inside the subset: ``$`` in Java's ``java.util.regex`` and Python's
``re`` also matches before a final line break, so there ``^[a-z]+$`` accepts ``"en\n"``;
ECMA-262 and RE2 do not. newsevents reads patterns as ECMA-262 does.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hypothesis import strategies as st

__all__ = ["nonportable", "portable_patterns", "schema_patterns"]

SYNTAX = frozenset("^$\\.*+?()[]{}|")
_CLASS_ESCAPES = SYNTAX | {"-"}
_MAX_REPEAT = 1000
_NOT_SCHEMAS = ("const", "default", "description", "enum", "examples", "title")
_NAMED_SCHEMAS = ("$defs", "dependentSchemas", "patternProperties", "properties")


def _literal_problem(char: str, where: int) -> str | None:
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return f"a lone surrogate U+{code:04X} at {where}"
    if code > 0xFFFF:
        return f"U+{code:04X} at {where} is beyond U+FFFF: write it outside the pattern"
    return None


class _Reader:
    """A recursive-descent reader of one pattern, collecting what is outside the subset."""

    def __init__(self, pattern: str) -> None:
        self.text = pattern
        self.at = 0
        self.problems: list[str] = []

    def peek(self) -> str | None:
        return self.text[self.at] if self.at < len(self.text) else None

    def complain(self, message: str) -> None:
        self.problems.append(message)

    def alternation(self, depth: int) -> int:
        """Read alternatives up to an unmatched ')' or the end; how many '|' at this level."""
        bars = 0
        self.sequence(depth)
        while self.peek() == "|":
            self.at += 1
            bars += 1
            self.sequence(depth)
        return bars

    def sequence(self, depth: int) -> None:
        while (char := self.peek()) is not None and char not in "|)":
            if char == "$" and depth == 0 and self.at == len(self.text) - 1:
                return  # the final anchor, read by the caller
            self.atom(depth)
            self.quantifier()

    def atom(self, depth: int) -> None:
        start, char = self.at, self.text[self.at]
        self.at += 1
        if char == "(":
            if self.peek() == "?":
                self.complain(f"'(?' at {start}: lookarounds, named groups and flags differ")
            self.alternation(depth + 1)
            if self.peek() == ")":
                self.at += 1
            else:
                self.complain(f"the group opened at {start} is not closed")
        elif char == "[":
            self.character_class(start)
        elif char == "\\":
            self.escape(start, SYNTAX)
        elif char in "^$":
            self.complain(f"'{char}' at {start}: anchors only at the very ends")
        elif char == ".":
            self.complain(f"'.' at {start}: engines stop it at different line terminators")
        elif char in "*+?{":
            self.complain(f"'{char}' at {start} repeats nothing")
        elif char in "]}":
            self.complain(f"an unescaped '{char}' at {start}: a syntax error in ECMA-262")
        elif (problem := _literal_problem(char, start)) is not None:
            self.complain(problem)

    def escape(self, start: int, allowed: frozenset[str]) -> str | None:
        """Read the character after a backslash; the character it stands for, if allowed."""
        char = self.peek()
        if char is None:
            self.complain(f"a backslash ends the pattern at {start}")
            return None
        self.at += 1
        if char not in allowed:
            self.complain(f"'\\{char}' at {start}: only syntax characters may be escaped")
            return None
        return char

    def quantifier(self) -> None:
        start, char = self.at, self.peek()
        if char is None or char not in "?*+{":
            return
        self.at += 1
        if char == "{":
            self.braces(start)
        if (after := self.peek()) is not None and after in "?*+{":
            self.complain(f"'{after}' at {self.at} after a quantifier: lazy, possessive or doubled")
            self.at += 1

    def braces(self, start: int) -> None:
        close = self.text.find("}", self.at)
        body = self.text[self.at : close] if close != -1 else ""
        low, comma, high = body.partition(",")
        numbers = [low, high] if comma and high else [low]
        if close == -1 or not all(n.isascii() and n.isdigit() for n in numbers):
            self.complain(f"'{{' at {start} starts no {{m}}, {{m,}} or {{m,n}} quantifier")
            return
        self.at = close + 1
        bounds = [int(n) for n in numbers]
        if max(bounds) > _MAX_REPEAT or (len(bounds) == 2 and bounds[0] > bounds[1]):
            self.complain(f"'{{{body}}}' at {start}: bounds must be ascending, at most 1000")

    def character_class(self, start: int) -> None:
        if self.peek() == "^":
            self.at += 1
        first = self.at
        items: list[tuple[int, str | None]] = []  # (position, character or None if unknown)
        while (char := self.peek()) != "]":
            if char is None:
                self.complain(f"the class opened at {start} is not closed")
                return
            where = self.at
            self.at += 1
            if char == "\\":
                items.append((where, self.escape(where, frozenset(_CLASS_ESCAPES))))
                continue
            if char == "[":
                self.complain(f"an unescaped '[' at {where} in a class: Java nests classes")
            elif char in "&-~|" and self.peek() == char:
                self.complain(
                    f"'{char}{char}' at {where} in a class: a set operation in Java or Python"
                )
            elif (problem := _literal_problem(char, where)) is not None:
                self.complain(problem)
            items.append((where, char))
        if self.at == first:
            self.complain(f"the class at {start} is empty: '[]' and '[^]' differ")
        self.at += 1
        self.ranges(items, first)

    def ranges(self, items: list[tuple[int, str | None]], first: int) -> None:
        """Check the ranges of a class: ``-`` is a range between two characters, upwards,
        or a literal first or last; never next to another range."""
        last = self.at - 2  # the position of the class's last character

        def dash(index: int) -> bool:
            return index < len(items) and self.text[items[index][0]] == "-"

        index = 0
        while index < len(items):
            where, char = items[index]
            if dash(index + 1) and items[index + 1][0] != last and index + 2 < len(items):
                high = items[index + 2][1]
                if char is not None and high is not None and ord(char) > ord(high):
                    self.complain(f"the range at {where} goes downwards")
                index += 3
                continue
            if dash(index) and where not in (first, last):
                self.complain(f"'-' at {where}: ranges go between two characters only")
            index += 1


def nonportable(pattern: str) -> list[str]:
    r"""What in ``pattern`` is outside the portable subset; empty when all of it is inside.

    >>> nonportable("^[A-Za-z0-9]+([-_.][A-Za-z0-9]+)*$")
    []
    >>> nonportable(r"\S")
    ["'\\S' at 0: only syntax characters may be escaped"]
    """
    reader = _Reader(pattern)
    anchored_start = pattern.startswith("^")
    reader.at = 1 if anchored_start else 0
    bars = reader.alternation(0)
    if reader.peek() == ")":
        reader.complain(f"an unmatched ')' at {reader.at}")
    anchored_end = pattern.endswith("$") and reader.at == len(pattern) - 1
    if bars and (anchored_start or anchored_end):
        reader.complain("an anchor binds to one alternative only: group the alternatives")
    return reader.problems


def schema_patterns(document: Any, pointer: str = "") -> Iterator[tuple[str, str]]:
    """Every ``pattern`` keyword of a schema document, with the pointer to its schema."""
    if isinstance(document, list):
        for index, item in enumerate(document):
            yield from schema_patterns(item, f"{pointer}/{index}")
    elif isinstance(document, dict):
        if isinstance(document.get("pattern"), str):
            yield pointer, document["pattern"]
        for key, value in document.items():
            if key in _NAMED_SCHEMAS and isinstance(value, dict):
                for name, sub in value.items():
                    yield from schema_patterns(sub, f"{pointer}/{key}/{name}")
            elif key not in _NOT_SCHEMAS:
                yield from schema_patterns(value, f"{pointer}/{key}")


_LITERALS = ["a", "Z", "0", "-", "_", " ", "\t", "\u00a0", "é", "\u3000"]
_ESCAPED = ["\\.", "\\$", "\\(", "\\\\", "\\+", "\\|"]
_MEMBERS = ["a", "z", "0", " ", "\n", "\u00a0", "é", "\\]", "\\-", ".", "$"]
_SPANS = ["a-z", "0-9", "A-Z", "\u2000-\u200a", "\t-\r"]
_QUANTIFIERS = ["", "", "?", "*", "+", "{2}", "{1,}", "{0,3}"]


@st.composite
def portable_patterns(draw: st.DrawFn) -> str:
    """Patterns of the portable subset, over characters that engines read differently
    elsewhere (white space, line breaks, letters beyond ASCII).

    At most four quantifiers, and a group repeats at most once (``?``): more, or nested,
    repetition makes a backtracking engine take exponential time on a string that does
    not match, which is not what the patterns are for.
    """
    budget = 4

    def quantifier(choices: list[str]) -> str:
        nonlocal budget
        chosen = draw(st.sampled_from(choices)) if budget else ""
        budget -= bool(chosen)
        return chosen

    def atom(depth: int) -> str:
        kinds = ["literal", "escaped", "class"] + ["group", "alternatives"] * (depth < 2)
        kind = draw(st.sampled_from(kinds))
        if kind == "literal":
            return draw(st.sampled_from(_LITERALS)) + quantifier(_QUANTIFIERS)
        if kind == "escaped":
            return draw(st.sampled_from(_ESCAPED)) + quantifier(_QUANTIFIERS)
        if kind == "class":
            items = draw(st.lists(st.sampled_from(_MEMBERS + _SPANS), min_size=1, max_size=4))
            klass = "[" + "^" * draw(st.booleans()) + "".join(items) + "]"
            return klass + quantifier(_QUANTIFIERS)
        parts = [sequence(depth + 1) for _ in range(draw(st.integers(1 + (kind != "group"), 3)))]
        return "(" + ("" if kind == "group" else "|").join(parts) + ")" + quantifier(["", "?"])

    def sequence(depth: int) -> str:
        return "".join(atom(depth) for _ in range(draw(st.integers(1, 3))))

    body = sequence(0)
    return "^" * draw(st.booleans()) + body + "$" * draw(st.booleans())
