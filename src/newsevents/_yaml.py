"""Read records from YAML with the 1.2 core schema: plain data only, every hazard a LoadError.

PyYAML's parser (libyaml's when it is installed) reads each document, composed into nodes
without recursion (``_yamlcompose``) unless libyaml bounds the nesting itself; the builder
here makes nothing but strings, numbers, booleans, null, lists and mappings, with an
explicit stack too. ``no`` and ``2024-08-22`` stay strings. Tags, aliases, non-string keys,
duplicate keys, non-finite or oversized numbers, nesting beyond ``MAX_DEPTH`` and escapes
of UTF-16 surrogates are refused, each with a stable rule, its place and a message that
says what to do. Positions inside a valid record are found lazily, by ``_yamlpos``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import Any, ClassVar, TypeAlias

import yaml
from yaml.composer import ComposerError
from yaml.error import MarkedYAMLError
from yaml.events import AliasEvent, DocumentStartEvent, StreamEndEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import ReaderError

from newsevents._document import Document
from newsevents._errors import LoadError
from newsevents._limits import MAX_DEPTH, bounded_int, too_deep, too_many_digits
from newsevents._lines import line_column
from newsevents._loadmessages import (
    NO_RECORDS,
    duplicate_message,
    kind,
    lone_surrogate_message,
    non_finite_message,
    not_a_record,
    overflow_message,
)
from newsevents._yamlcompose import (
    EventComposer,
    Refused,
    native_compose_is_bounded,
    surrogate_escape,
)
from newsevents._yamlpos import Mark, YamlLocator

__all__ = ["iter_yaml"]

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
_UNPRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


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


class _Hazard(Exception):
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


def _construct_document(loader: Any, root: Node) -> Any:
    """Plain data from a composed document, depth first with an explicit stack.

    Each node is built once: the composers hand back the anchored node itself for an
    alias, so meeting a node twice means an alias, and an alias bomb stops at its first
    alias instead of expanding.
    """
    builders = loader.yaml_constructors
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
                raise _Hazard("non-string-key", _key_message(key_node, key), key_node.start_mark)
            if key in container:
                raise _duplicate(node, key, key_node)
            item, grandchildren = _begin(builders, seen, item_node)
            container[key] = item
        if grandchildren is not None:
            if len(stack) == MAX_DEPTH:  # libyaml composed it, but it is too deep to keep
                raise _Hazard("too-deep", "", item_node.start_mark)
            stack.append((item, item_node, grandchildren))
    return value


def _begin(
    builders: dict[str | None, Any], seen: set[Node], node: Node
) -> tuple[Any, Iterator[Any] | None]:
    """A node's value, or for a collection an empty container and its children to fill."""
    if node in seen:
        raise _Hazard("yaml-alias", "", node.start_mark)
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
        raise _Hazard("yaml-tag", _tag_message(tag), node.start_mark)
    return build(None, node), None


def _duplicate(node: Node, key: str, key_node: Node) -> _Hazard:
    first = next(k for k, _ in node.value if isinstance(k, ScalarNode) and k.value == key)
    where = (first.start_mark.line + 1, first.start_mark.column + 1)
    return _Hazard("duplicate-key", duplicate_message(key, where), key_node.start_mark)


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
        raise _Hazard("number-too-large", too_many_digits(value), node.start_mark)
    return -number if value.startswith("-") else number


def _build_float(loader: object, node: Node) -> float:
    value = _scalar(node)
    if _FLOAT.match(value):
        number = float(value)
        if math.isinf(number):
            raise _Hazard("non-finite-number", overflow_message(value), node.start_mark)
        return number
    if _INFINITY.match(value) or _NAN.match(value):
        raise _Hazard("non-finite-number", non_finite_message(value), node.start_mark)
    raise _invalid(node, "a number such as 1.5 or 2e3")


_CONSTRUCTORS: dict[str | None, Any] = {
    _STR_TAG: _build_str,
    _NULL_TAG: _build_null,
    _BOOL_TAG: _build_bool,
    _INT_TAG: _build_int,
    _FLOAT_TAG: _build_float,
}


class _PlainData:
    """What every loader class shares: YAML 1.2 core resolution and plain-data builders."""

    yaml_implicit_resolvers = _core_resolvers()
    # The scalar builders by tag; lists and mappings are built by _construct_document.
    yaml_constructors: ClassVar[dict[str | None, Any]] = dict(_CONSTRUCTORS)
    yaml_multi_constructors: ClassVar[dict[str | None, Any]] = {}

    def construct_document(self, node: Node) -> Any:
        """Plain data from a composed document; a hazard raises ``_Hazard``."""
        return _construct_document(self, node)


class _PureLoader(EventComposer, _PlainData, yaml.SafeLoader):
    """PyYAML's pure-Python parser, reading the YAML 1.2 core schema into plain data only."""


# The loader class every YAML read uses: libyaml's when it is installed. Tests swap in the
# others to run the same cases through every parser.
if yaml.__with_libyaml__:

    class _CEventLoader(EventComposer, _PlainData, yaml.CSafeLoader):
        """libyaml's parser, with the composer that never recurses."""

    if native_compose_is_bounded():

        class _CLoader(_PlainData, yaml.CSafeLoader):
            """libyaml's parser and its binding's composer, which recurses in C, but no
            deeper than libyaml now allows (1000 levels)."""

    else:  # libyaml before 0.2.6 lets its binding's composer recurse until the stack ends

        class _CLoader(_CEventLoader):  # type: ignore[no-redef]
            """libyaml's parser, with the composer that never recurses."""

    _YAML_LOADER: type[_PureLoader] | type[_CLoader] | type[_CEventLoader] = _CLoader
else:
    _YAML_LOADER = _PureLoader

_Loader: TypeAlias = "_PureLoader | _CLoader | _CEventLoader"


def iter_yaml(text: str, file: str | None) -> Iterator[Document | LoadError]:
    """Each document's record or error, in order; nothing more after a syntax error."""
    try:
        loader = _YAML_LOADER(text)
    except UnicodeEncodeError as exc:  # a lone surrogate in text given as str
        line, column = line_column(text, exc.start, yaml=True)
        yield LoadError("encoding", _SURROGATE, file=file, line=line, column=column)
        return
    except yaml.YAMLError as exc:  # the pure-Python reader checks every character first
        yield _yaml_error(exc, text, file, None)
        return
    index = 0
    try:
        while True:
            try:
                node = loader.get_node() if loader.check_node() else None
            except (yaml.YAMLError, RecursionError, ValueError) as exc:
                yield _yaml_error(exc, text, file, index)
                return
            if node is None:
                break
            yield _yaml_document(loader, node, text, file, index)
            index += 1
    finally:
        loader.dispose()
    if index == 0:
        yield LoadError("empty-document", NO_RECORDS, file=file)


def _yaml_document(
    loader: _Loader, node: Node, text: str, file: str | None, index: int
) -> Document | LoadError:
    try:
        record = _construct_document(loader, node)
    except _Hazard as hazard:
        if hazard.rule == "yaml-alias":
            hazard = _alias_hazard(text, type(loader), index, hazard.mark)
        elif hazard.rule == "too-deep" and hazard.mark is not None:
            mark = hazard.mark
            return too_deep(file, index, mark.line + 1, mark.column + 1)
        return hazard.error(file, index)
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    if not isinstance(record, dict):
        return not_a_record(record, "document", file, index, line, column)
    return Document(record, file, index, line, column, YamlLocator(text, type(loader), node))


def _alias_hazard(
    text: str, loader_class: type[_Loader], index: int, target: Mark | None
) -> _Hazard:
    """Place the first alias of document ``index``: the builder only saw its target twice."""
    alias: AliasEvent | None = None
    loader = loader_class(text)
    try:
        document = -1
        while not loader.check_event(StreamEndEvent):
            event = loader.get_event()
            if isinstance(event, DocumentStartEvent):
                document += 1
            elif document == index and isinstance(event, AliasEvent):
                alias = event
                break
    except (yaml.YAMLError, RecursionError, ValueError):
        pass  # the target's place is still worth giving
    finally:
        loader.dispose()
    name = f"*{alias.anchor} " if alias is not None else ""
    where = f" at line {target.line + 1}, column {target.column + 1}" if target else ""
    message = (
        f"the alias {name}repeats the value anchored{where}; aliases are refused because a "
        "few of them can expand into a huge document; write the value out in full"
    )
    return _Hazard("yaml-alias", message, alias.start_mark if alias is not None else target)


def _yaml_error(exc: Exception, text: str, file: str | None, index: int | None) -> LoadError:
    if isinstance(exc, Refused):
        mark = exc.mark
        if exc.rule == "too-deep":
            return too_deep(file, index, mark.line + 1, mark.column + 1)
        return _surrogate_error(text, mark.index, file, index)
    if isinstance(exc, RecursionError):  # not expected: nothing here recurses
        return too_deep(file, index, None, None)
    if isinstance(exc, MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        problem = exc.problem or "invalid YAML"
        if "nesting depth" in problem:
            return too_deep(file, index, line, column)
        quote = exc.context_mark.index if exc.context_mark is not None else None
        # libyaml refuses surrogate escapes, among others, in double-quoted scalars.
        if (
            "Unicode character escape" in problem
            and quote is not None
            and surrogate_escape(text, quote) is not None
        ):
            return _surrogate_error(text, quote, file, index)
        if isinstance(exc, ComposerError) and "alias" in problem:
            message = (
                f"{problem}; aliases (*name) are refused in records, as a few of them can "
                "expand into a huge document; write the value out in full"
            )
            return LoadError(
                "yaml-alias", message, file=file, line=line, column=column, index=index
            )
        what = f"{exc.context}: {problem}" if exc.context else problem
        message = _yaml_syntax(what)
        return LoadError("yaml-syntax", message, file=file, line=line, column=column, index=index)
    bad = _UNPRINTABLE.search(text) if isinstance(exc, ReaderError) else None
    if bad is not None:
        line, column = line_column(text, bad.start(), yaml=True)
        if "\ud800" <= bad.group() <= "\udfff":
            return LoadError(
                "encoding", _SURROGATE, file=file, line=line, column=column, index=index
            )
        message = (
            f"the character U+{ord(bad.group()):04X} is not allowed in YAML; remove it "
            "(is this a binary file, or text in another encoding?)"
        )
        return LoadError("yaml-syntax", message, file=file, line=line, column=column, index=index)
    return LoadError("yaml-syntax", _yaml_syntax(str(exc)), file=file, index=index)


def _surrogate_error(text: str, quote: int, file: str | None, index: int | None) -> LoadError:
    """The ``encoding`` error for the first surrogate escape of the scalar at ``quote``."""
    found = surrogate_escape(text, quote)
    # The composer saw a surrogate in the scalar's value, so an escape made it.
    offset, escape, pair = found if found is not None else (quote, "in it", None)
    line, column = line_column(text, offset, yaml=True)
    message = lone_surrogate_message(escape, yaml=True, pair=pair)
    return LoadError("encoding", message, file=file, line=line, column=column, index=index)


# --- Messages for YAML only -------------------------------------------------------------

_SURROGATE = (
    "the text holds a lone surrogate code point, which no UTF-8 file can contain; read the "
    "file as UTF-8 (without errors='surrogateescape') or save it as UTF-8"
)


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


def _misplaced(node: Node, wanted: str) -> _Hazard:
    message = (
        f"the tag {_short(node.tag)} marks {wanted}, but it is on {_node_kind(node)}; "
        "remove the tag"
    )
    return _Hazard("yaml-tag", message, node.start_mark)


def _invalid(node: Node, wanted: str) -> _Hazard:
    message = (
        f"{node.value!r} is not a valid {_short(node.tag)} value; remove the tag, or write {wanted}"
    )
    return _Hazard("yaml-tag", message, node.start_mark)


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


def _yaml_syntax(what: str) -> str:
    return (
        f"invalid YAML ({what}); fix the syntax here: check the indentation, and quote "
        "values that contain ': ' or ' #' or start with one of [ ] { } & * ! | > ' \" % @ `"
    )
