"""Writing one record in the canonical layout; ``format`` reads the source and finds its comments.

Block style with 2-space indentation, keys in the order the schema lists them, evidence
spans as one-line flow mappings, and every scalar in the plainest style that reads back as
the same value under YAML 1.2 core *and* under YAML 1.1 readers such as PyYAML, so that the
file means the same to everyone.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from yaml.nodes import Node

from newsevents._errors import LoadError
from newsevents._resources import ROOT_SCHEMA_ID, schema_documents
from newsevents._rules.sites import SITES

__all__ = ["Comment", "Emitter", "Notes", "literal", "scalar"]

# --- Scalars ------------------------------------------------------------------------------

_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@` ")
# What some reader would take for something other than a string: YAML 1.2 core and 1.1
# numbers, booleans and nulls, anything that looks like a date or a time, merge and value keys.
_TYPED = re.compile(
    r"[-+]?(?:[0-9]|\.[0-9_])[0-9a-z_.:+-]*|[0-9]{4}-[0-9][0-9]?-[0-9][0-9]?[t \t].*"
    r"|[-+]?\.(?:inf|nan)"
    r"|y|yes|n|no|true|false|on|off|null|~|<<|=",
    re.IGNORECASE,
)
_FLOW_UNSAFE = re.compile(r"[,?\[\]{}:]")  # ":" and "?" end plain flow scalars for PyYAML
_ASCII_CONTROL = re.compile("[\x00-\x1f\x7f]")
_CONFUSING = frozenset(("Cc", "Cf", "Zs", "Zl", "Zp", "Co", "Cn", "Cs"))
_SHORT_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r", '"': '\\"', "\\": "\\\\"}
# Characters a literal block cannot hold as they are: controls other than tab and newline,
# the characters some readers take for line breaks, the byte-order mark, non-characters.
_LITERAL_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]"
)


def scalar(value: object, *, flow: bool = False) -> str:
    """``value`` (null, a boolean, a number or a string) as one line of YAML.

    Raises ``TypeError`` for anything else, and ``ValueError`` for an integer with more
    digits than Python writes out.

    >>> [scalar(v) for v in (None, True, 2024, 1e16, "2024", "no", "a: b", "877\\u00a0views")]
    ['null', 'true', '2024', '1.0e+16', "'2024'", "'no'", "'a: b'", '"877\\\\u00a0views"']
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = repr(value)
        # YAML 1.1 readers want a dot in the mantissa: 1e+16 would stay a string for them.
        return text.replace("e", ".0e") if "e" in text and "." not in text else text
    if isinstance(value, str):
        return _string(value, flow)
    # Never str(): a list written as "['Image']" would be a different value, silently.
    raise TypeError(f"{type(value).__name__} is not a scalar")


@functools.lru_cache(maxsize=4096)  # keys and short values repeat all through a record
def _string(text: str, flow: bool) -> str:
    if "\n" in text or _needs_escape(text):
        return _double_quoted(text)
    if _plain_ok(text, flow):
        return text
    return "'" + text.replace("'", "''") + "'"


def _needs_escape(text: str) -> bool:
    if _ASCII_CONTROL.search(text):
        return True
    if text.isascii():
        return False
    return any(unicodedata.category(c) in _CONFUSING for c in text if c > "\x7e")


def _plain_ok(text: str, flow: bool) -> bool:
    if not text or text[0] in _INDICATORS or text[-1] == " ":
        return False
    if ": " in text or " #" in text or text.endswith(":") or text.startswith("..."):
        return False
    if flow and _FLOW_UNSAFE.search(text):
        return False
    return _TYPED.fullmatch(text) is None


def _double_quoted(text: str) -> str:
    out = []
    for char in text:
        if char in _SHORT_ESCAPES:
            out.append(_SHORT_ESCAPES[char])
        elif char < " " or char == "\x7f" or (char > "\x7e" and _needs_escape(char)):
            code = ord(char)
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def literal(text: str) -> tuple[str, list[str]] | None:
    """The header and lines of ``text`` as a literal block, or None if one cannot hold it.

    >>> literal("a\\n  b")
    ('|-', ['a', '  b'])
    """
    if _LITERAL_UNSAFE.search(text):
        return None
    lines = text.split("\n")
    header = "|-"
    if text.endswith("\n"):
        lines.pop()
        header = "|+" if text.endswith("\n\n") else "|"
    first = next((line for line in lines if line), "")
    # The first line sets the indentation; trailing white space would not survive editors.
    if not first or first[0] in " \t" or any(line[-1:].isspace() for line in lines):
        return None
    return header, lines


# --- Key order from the schema ------------------------------------------------------------

_Schema = tuple[str, dict[str, Any]]  # a subschema and the URI its references resolve against


class _Shape:
    """What the schemas say about one place in a record: its keys' order, and what is below."""

    __slots__ = ("_children", "_items", "_schemas", "branches", "order")

    def __init__(self, schemas: list[_Schema], branches: list[list[_Schema]]) -> None:
        self._schemas = schemas
        self.order = _order(schemas)
        # The alternatives of a oneOf (a claim's value, a time): a record takes the order of
        # the first one that has every key it holds.
        self.branches = [_order(branch) for branch in branches]
        self._children: dict[str, _Shape] = {}
        self._items: _Shape | None = None

    def order_of(self, keys: list[str]) -> dict[str, int]:
        """The order for a mapping with these keys."""
        for order in self.branches:
            if all(key in order for key in keys):
                return order
        return self.order

    def child(self, key: str) -> _Shape:
        found = self._children.get(key)
        if found is None:
            below = [(b, s.get("properties", {}).get(key)) for b, s in self._schemas]
            found = self._children[key] = _shape(below)
        return found

    def items(self) -> _Shape:
        if self._items is None:
            self._items = _shape([(base, schema.get("items")) for base, schema in self._schemas])
        return self._items


_SHAPES: dict[tuple[int, ...], _Shape] = {}


def _order(schemas: list[_Schema]) -> dict[str, int]:
    order: dict[str, int] = {}
    for _base, schema in schemas:
        for name in schema.get("properties", ()):
            order.setdefault(name, len(order))
    return order


def _shape(found: list[tuple[str, Any]]) -> _Shape:
    schemas: list[_Schema] = []
    alternatives: list[_Schema] = []
    seen: set[int] = set()
    for base, schema in found:
        if isinstance(schema, dict):
            _expand(base, schema, schemas, seen, alternatives)
    branches = []
    for base, alternative in alternatives:
        branch: list[_Schema] = []
        _expand(base, alternative, branch, set(), [])
        branches.append(branch)
    schemas += [entry for branch in branches for entry in branch]
    key = tuple(id(schema) for _base, schema in schemas)
    if key not in _SHAPES:
        _SHAPES[key] = _Shape(schemas, branches)
    return _SHAPES[key]


def _expand(
    base: str,
    schema: dict[str, Any],
    out: list[_Schema],
    seen: set[int],
    alternatives: list[_Schema],
) -> None:
    """Add ``schema`` and what it merges in: its ``$ref``, ``allOf`` members, then and else;
    the alternatives of its ``oneOf`` and ``anyOf`` go to ``alternatives``."""
    if id(schema) in seen:
        return
    seen.add(id(schema))
    if isinstance(schema.get("$id"), str):
        base = urljoin(base, schema["$id"])
    out.append((base, schema))
    ref = schema.get("$ref")
    target = _resolve(base, ref) if isinstance(ref, str) else None
    if target is not None:
        _expand(*target, out, seen, alternatives)
    merged = [*schema.get("allOf", ()), schema.get("then"), schema.get("else")]
    for sub in merged:
        if isinstance(sub, dict):
            _expand(base, sub, out, seen, alternatives)
    for sub in [*schema.get("oneOf", ()), *schema.get("anyOf", ())]:
        if isinstance(sub, dict):
            alternatives.append((base, sub))


def _resolve(base: str, ref: str) -> _Schema | None:
    uri, _, fragment = urljoin(base, ref).partition("#")
    target: Any = schema_documents().get(uri)
    for token in fragment.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        target = target.get(token) if isinstance(target, dict) else None
    return (uri, target) if isinstance(target, dict) else None


@functools.cache
def _root() -> _Shape:
    return _shape([(ROOT_SCHEMA_ID, schema_documents()[ROOT_SCHEMA_ID])])


# --- Emitting -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Comment:
    """A comment as written, from ``#`` to the end of its line, and where (1-based)."""

    text: str
    line: int
    column: int


@dataclass
class Notes:
    """The comments of one document, each attached to what it belongs with."""

    header: list[Comment] = field(default_factory=list)
    trailer: list[Comment] = field(default_factory=list)
    before: dict[int, list[Comment]] = field(default_factory=dict)  # id(key or item node)
    after: dict[int, Comment] = field(default_factory=dict)  # id(node) ending the line


_SPAN = frozenset(("start", "end", "text"))


#: Where a record is, as a pattern of the table of sites: keys, and "*" for list items.
_Pattern = tuple[str, ...]
# The evidence lists of the model, each span of which is written on one line.
_EVIDENCE = frozenset(site.path for site in SITES if site.role == "evidence")


def _is_span(item: object) -> bool:
    """An evidence span that fits on one line: its three keys, each with a single value.

    One whose value is a list or a mapping (which the schema refuses) is written in block
    style like any other mapping, so that it still reads back the same.
    """
    if not isinstance(item, dict) or item.keys() != _SPAN:
        return False
    return not any(isinstance(value, (dict, list)) for value in item.values())


class Emitter:
    """Writes one document's record, walking the composed nodes alongside for the comments."""

    def __init__(self, notes: Notes, file: str | None, plain: frozenset[int] = frozenset()):
        self.notes = notes
        self.file = file
        self.lines: list[str] = []
        self.used = 0  # comments written, to prove that none was lost
        self.last_keep: int | None = None  # the node of the latest '|+' block
        self._plain = plain  # nodes never to write as a literal block
        self._lead: str | None = None  # '- ' prefixes waiting for the next line
        self._eol: Comment | None = None  # a comment waiting for the next line

    def document(self, record: dict[str, Any], node: Node) -> list[str]:
        """The lines of one document, without separators or line breaks."""
        if not record:
            # Written as no line at all, an empty record would read as no record: it is
            # "{}", its comments above it, where they stay when formatted again.
            after = self.notes.after.get(id(node))
            notes = self.notes
            self._comments([*notes.header, *([after] if after else []), *notes.trailer], 0)
            self.lines.append("{}")
            return self.lines
        self._comments(self.notes.header, 0)
        self._mapping(record, node, _root(), 0, ())
        self._comments(self.notes.trailer, 0)
        return self.lines

    def _mapping(
        self, record: dict[str, Any], node: Node, shape: _Shape, indent: int, path: _Pattern
    ) -> None:
        keys = list(record)
        order = shape.order_of(keys)
        last = len(order)
        for i in sorted(range(len(keys)), key=lambda i: order.get(keys[i], last)):
            key_node, value_node = node.value[i]
            self._comments(self.notes.before.get(id(key_node)), indent)
            head = self._key(keys[i], key_node)
            eol = self._join(
                self.notes.after.get(id(key_node)), self.notes.after.get(id(value_node))
            )
            value = record[keys[i]]
            if isinstance(value, (dict, list)) and value:
                self._write(indent, head + ":", eol)
                below = shape.child(keys[i])
                self._nested(value, value_node, below, indent + 2, (*path, str(keys[i])))
            else:
                self._inline(head + ": ", value, value_node, indent, indent + 2, eol)

    def _sequence(
        self, items: list[Any], node: Node, shape: _Shape, indent: int, path: _Pattern
    ) -> None:
        below = shape.items()
        spans = path in _EVIDENCE
        for item, item_node in zip(items, node.value, strict=True):
            self._comments(self.notes.before.get(id(item_node)), indent)
            eol = self.notes.after.get(id(item_node))
            self._lead = (" " * indent if self._lead is None else self._lead) + "- "
            if spans and _is_span(item):
                self._span(item, item_node, below, eol)
            elif isinstance(item, (dict, list)) and item:
                self._eol = self._join(self._eol, eol)
                self._nested(item, item_node, below, indent + 2, (*path, "*"))
            else:
                self._inline("", item, item_node, indent, indent + 2, eol)

    def _nested(self, value: Any, node: Node, shape: _Shape, indent: int, path: _Pattern) -> None:
        if isinstance(value, dict):
            self._mapping(value, node, shape, indent, path)
        else:
            self._sequence(value, node, shape, indent, path)

    def _inline(
        self, head: str, value: Any, node: Node, indent: int, body: int, eol: Comment | None
    ) -> None:
        if isinstance(value, str) and "\n" in value and id(node) not in self._plain:
            block = literal(value)
            if block is not None:
                self._write(indent, head + block[0], eol)
                self.lines.extend(" " * body + line if line else "" for line in block[1])
                if block[0] == "|+":
                    self.last_keep = id(node)
                return
        text = "[]" if value == [] else "{}" if value == {} else self._scalar(value, node)
        self._write(indent, head + text, eol)

    def _span(self, span: dict[str, Any], node: Node, shape: _Shape, eol: Comment | None) -> None:
        before, after = self.notes.before, self.notes.after
        for pair in node.value:
            for inner in pair:
                if id(inner) in before or id(inner) in after:
                    comment = after.get(id(inner)) or before[id(inner)][0]
                    raise self._error(comment, "it is inside an evidence span, which is one line")
        order = shape.order_of(list(span))
        last = len(order)
        keys = sorted(span, key=lambda key: order.get(key, last))
        values = {key_node.value: value_node for key_node, value_node in node.value}
        fields = (
            f"{scalar(key, flow=True)}: {self._scalar(span[key], values[key], flow=True)}"
            for key in keys
        )
        self._write(0, "{" + ", ".join(fields) + "}", eol)

    def _scalar(self, value: Any, node: Node, *, flow: bool = False) -> str:
        try:
            return scalar(value, flow=flow)
        except (TypeError, ValueError) as error:
            what = (
                f"the integer has about {int(value.bit_length() * 0.30103) + 1} digits, "
                "more than can be written out safely; quote it to keep it as text"
                if isinstance(value, int)
                else f"{error}; please report"
            )
            raise LoadError(
                "fmt-unplaceable",
                f"this value cannot be written back as it is: {what}",
                file=self.file,
                line=node.start_mark.line + 1,
                column=node.start_mark.column + 1,
            ) from None

    def _key(self, key: str, node: Node) -> str:
        text = scalar(key)
        if len(text) > 1000:
            raise LoadError(
                "fmt-key",
                f"this key is {len(text)} characters long as YAML, more than readers accept "
                "for a key on one line (1024); shorten it",
                file=self.file,
                line=node.start_mark.line + 1,
                column=node.start_mark.column + 1,
            )
        return text

    def _write(self, indent: int, text: str, eol: Comment | None) -> None:
        line = " " * indent + text if self._lead is None else self._lead + text
        eol = self._join(self._eol, eol)
        self._lead = self._eol = None
        if eol is not None:
            line += "  " + eol.text
            self.used += 1
        self.lines.append(line)

    def _comments(self, comments: list[Comment] | None, indent: int) -> None:
        if comments:
            if self._lead is not None:  # above the '- ' still to come, at its column
                indent = len(self._lead) - len(self._lead.lstrip(" "))
            self.lines.extend(" " * indent + comment.text for comment in comments)
            self.used += len(comments)

    def _join(self, first: Comment | None, second: Comment | None) -> Comment | None:
        if first is not None and second is not None:
            raise self._error(
                second, f"it would share one line with the comment on line {first.line}"
            )
        return first or second

    def _error(self, comment: Comment, why: str) -> LoadError:
        message = (
            f"the comment {comment.text[:40]!r} cannot be kept in place: {why}; move it to a "
            "line of its own above the key or list item it is about"
        )
        return LoadError(
            "fmt-comment", message, file=self.file, line=comment.line, column=comment.column
        )
