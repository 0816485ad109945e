"""Build plain data from composed YAML nodes: the YAML 1.2 core schema, nothing else.

Strings, numbers, booleans, null, lists and mappings are all that is ever made; ``no`` and
``2024-08-22`` stay strings. The builder walks the nodes with an explicit stack, so no
nesting makes it recurse. Tags beyond the core schema, aliases, non-string and duplicate
keys, non-finite or oversized numbers and nesting beyond the depth limit raise ``Hazard``,
with the rule, a message that says what to do, and the node's mark.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import Any, ClassVar

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from newsevents._errors import LoadError
from newsevents._read.limits import MAX_DEPTH, bounded_int, too_many_digits
from newsevents._read.messages import duplicate_message, kind, non_finite_message, overflow_message
from newsevents._read.yamlpos import Mark

__all__ = ["Hazard", "PlainData", "construct_document"]

_CORE = "tag:yaml.org,2002:"
_NULL_TAG, _BOOL_TAG, _INT_TAG, _FLOAT_TAG, _STR_TAG, _SEQ_TAG, _MAP_TAG = (
    _CORE + name for name in ("null", "bool", "int", "float", "str", "seq", "map")
)
_NULL = re.compile(r"(?:null|Null|NULL|~|)\Z")
_BOOL = re.compile(r"(?:true|True|TRUE|false|False|FALSE)\Z")
_DECIMAL = re.compile(r"[-+]?[0-9]+\Z")
_OCTAL = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_INFINITY = re.compile(r"[-+]?\.(?:inf|Inf|INF)\Z")
_NAN = re.compile(r"\.(?:nan|NaN|NAN)\Z")


def _core_resolvers() -> dict[str | None, list[tuple[str, re.Pattern[str]]]]:
    """A fresh implicit-resolver table holding the YAML 1.2 core schema and nothing else."""
    table: dict[str | None, list[tuple[str, re.Pattern[str]]]] = {}
    for tag, pattern, first in (
        (_NULL_TAG, _NULL, ["~", "n", "N", ""]),
        (_BOOL_TAG, _BOOL, list("tTfF")),
        (_INT_TAG, _DECIMAL, list("-+0123456789")),
        (_INT_TAG, _OCTAL, ["0"]),
        (_INT_TAG, _HEX, ["0"]),
        # After the integers, which all match the float pattern too.
        (_FLOAT_TAG, _FLOAT, list("-+.0123456789")),
        (_FLOAT_TAG, _INFINITY, list("-+.")),
        (_FLOAT_TAG, _NAN, ["."]),
    ):
        for char in first:
            table.setdefault(char, []).append((tag, pattern))
    return table


class Hazard(Exception):
    """Something refused while building a record; the iterator makes it a ``LoadError``."""

    def __init__(self, rule: str, message: str, mark: Mark | None) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message
        self.mark = mark

    def error(self, file: str | None, index: int) -> LoadError:
        line = column = None
        if self.mark is not None:
            line, column = self.mark.line + 1, self.mark.column + 1
        return LoadError(self.rule, self.message, file=file, line=line, column=column, index=index)


def construct_document(loader: Any, root: Node) -> Any:
    """Plain data from a composed document, depth first with an explicit stack.

    Each node is built once: the composers hand back the anchored node itself for an
    alias, so meeting a node twice means an alias, and an alias bomb stops at its first
    alias instead of expanding.
    """
    builders = loader.yaml_constructors
    max_depth: int = loader.max_depth
    seen: set[Node] = set()
    value, children = _begin(builders, seen, root)
    # Per collection being filled: the container, its node, what of the node is left.
    stack: list[tuple[Any, Node, Iterator[Any]]] = []
    if children is not None:
        stack.append((value, root, children))
    while stack:
        container, node, rest = stack[-1]
        child = next(rest, None)
        if child is None:
            stack.pop()
            continue
        if type(container) is list:
            item_node = child
            item, grandchildren = _begin(builders, seen, item_node)
            container.append(item)
        else:
            key_node, item_node = child
            key = _begin(builders, seen, key_node)[0] if type(key_node) is ScalarNode else None
            if not isinstance(key, str):
                raise Hazard("non-string-key", _key_message(key_node, key), key_node.start_mark)
            if key in container:
                raise _duplicate(node, key, key_node)
            item, grandchildren = _begin(builders, seen, item_node)
            container[key] = item
        if grandchildren is not None:
            if len(stack) == max_depth:  # libyaml composed it, but it is too deep to keep
                raise Hazard("too-deep", "", item_node.start_mark)
            stack.append((item, item_node, grandchildren))
    return value


def _begin(
    builders: dict[str | None, Any], seen: set[Node], node: Node
) -> tuple[Any, Iterator[Any] | None]:
    """A node's value, or for a collection an empty container and its children to fill."""
    if node in seen:
        raise Hazard("yaml-alias", "", node.start_mark)
    seen.add(node)
    tag = node.tag
    if tag == _MAP_TAG:
        if type(node) is not MappingNode:
            raise _misplaced(node, "a mapping")
        return {}, iter(node.value)
    if tag == _SEQ_TAG:
        if type(node) is not SequenceNode:
            raise _misplaced(node, "a list")
        return [], iter(node.value)
    build = builders.get(tag)
    if build is None:
        raise Hazard("yaml-tag", _tag_message(tag), node.start_mark)
    return build(None, node), None


def _duplicate(node: Node, key: str, key_node: Node) -> Hazard:
    first = next(k for k, _ in node.value if isinstance(k, ScalarNode) and k.value == key)
    where = (first.start_mark.line + 1, first.start_mark.column + 1)
    return Hazard("duplicate-key", duplicate_message(key, where), key_node.start_mark)


def _scalar(node: Node) -> str:
    if isinstance(node, ScalarNode):
        return str(node.value)
    raise _misplaced(node, "a single value")


def _build_str(loader: object, node: Node) -> str:
    return _scalar(node)


def _build_null(loader: object, node: Node) -> None:
    if not _NULL.match(_scalar(node)):
        raise _invalid(node, "null, ~ or nothing")


def _build_bool(loader: object, node: Node) -> bool:
    value = _scalar(node)
    if _BOOL.match(value):
        return value[0] in "tT"
    raise _invalid(node, "true or false")


def _build_int(loader: object, node: Node) -> int:
    value = _scalar(node)
    if _DECIMAL.match(value):  # "0755" is 755 in YAML 1.2, not an octal 493
        number = bounded_int(value.lstrip("+-"), 10)
    elif _OCTAL.match(value):
        number = bounded_int(value[2:], 8)
    elif _HEX.match(value):
        number = bounded_int(value[2:], 16)
    else:
        raise _invalid(node, "a whole number such as 42, 0o17 or 0x1F")
    if number is None:
        raise Hazard("number-too-large", too_many_digits(value), node.start_mark)
    return -number if value.startswith("-") else number


def _build_float(loader: object, node: Node) -> float:
    value = _scalar(node)
    if _FLOAT.match(value):
        number = float(value)
        if math.isinf(number):
            raise Hazard("non-finite-number", overflow_message(value), node.start_mark)
        return number
    if _INFINITY.match(value) or _NAN.match(value):
        raise Hazard("non-finite-number", non_finite_message(value), node.start_mark)
    raise _invalid(node, "a number such as 1.5 or 2e3")


_CONSTRUCTORS: dict[str | None, Any] = {
    _STR_TAG: _build_str,
    _NULL_TAG: _build_null,
    _BOOL_TAG: _build_bool,
    _INT_TAG: _build_int,
    _FLOAT_TAG: _build_float,
}


class PlainData:
    """What every loader class shares: YAML 1.2 core resolution and plain-data builders."""

    yaml_implicit_resolvers = _core_resolvers()
    # The scalar builders by tag; lists and mappings are built by construct_document.
    yaml_constructors: ClassVar[dict[str | None, Any]] = dict(_CONSTRUCTORS)
    yaml_multi_constructors: ClassVar[dict[str | None, Any]] = {}
    #: The deepest nesting built, and composed where this package composes; a reader
    #: given other limits sets it on its loader.
    max_depth: int = MAX_DEPTH

    def construct_document(self, node: Node) -> Any:
        """Plain data from a composed document; a hazard raises ``Hazard``."""
        return construct_document(self, node)


# --- Messages -------------------------------------------------------------------------


def _node_kind(node: Node) -> str:
    if isinstance(node, ScalarNode):
        return "a single value"
    return "a list" if isinstance(node, SequenceNode) else "a mapping"


def _short(tag: str) -> str:
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


def _tag_message(tag: str) -> str:
    return (
        f"the tag {_short(tag)} is not allowed: records hold plain data only (strings, "
        "numbers, booleans, null, lists and mappings); remove the tag, and quote the value "
        "if it must stay text"
    )


def _misplaced(node: Node, wanted: str) -> Hazard:
    message = (
        f"the tag {_short(node.tag)} marks {wanted}, but it is on {_node_kind(node)}; "
        "remove the tag"
    )
    return Hazard("yaml-tag", message, node.start_mark)


def _invalid(node: Node, wanted: str) -> Hazard:
    message = (
        f"{node.value!r} is not a valid {_short(node.tag)} value; remove the tag, or write {wanted}"
    )
    return Hazard("yaml-tag", message, node.start_mark)


def _key_message(node: Node, key: object) -> str:
    if not isinstance(node, ScalarNode):
        return (
            f"{_node_kind(node)} is used as a mapping key, but keys must be strings; use a "
            "field name as the key"
        )
    if node.value == "":
        return (
            "a mapping key is missing (an empty key reads as null), but keys must be "
            "strings; write a field name before the colon"
        )
    return (
        f"the key {node.value!r} reads as {kind(key)}, but keys must be strings; quote the "
        f"key ('{node.value}': ...)"
    )
