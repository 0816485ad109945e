"""Where a JSON Pointer is written in a YAML document, found by composing it again.

Valid records never pay for this: a ``YamlLocator`` keeps the text of its document and
composes it only when a problem needs a line and column. It composes once for all the
problems of its document, and indexes each mapping it looks into once, so that thousands
of problems in one wide mapping cost no more than reading its keys once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from newsevents._read import jsonpos as _jsonpos

__all__ = ["Mark", "YamlLocator", "walk"]


class Mark(Protocol):
    """A parser position, 0-based: libyaml's and the pure-Python parser's marks both fit."""

    @property
    def line(self) -> int: ...

    @property
    def column(self) -> int: ...


class YamlLocator:
    """Where a pointer is written in one YAML document, composing it again on first use."""

    __slots__ = (
        "_end",
        "_keys",
        "_line",
        "_loader_class",
        "_root",
        "_shift",
        "_start",
        "_text",
    )

    def __init__(self, text: str, loader_class: Callable[[str], Any], root: Node) -> None:
        mark = root.start_mark
        self._text = text
        self._loader_class = loader_class
        # From the start of the root's line, so that indentation reads the same again.
        self._start = mark.index - mark.column
        self._end = root.end_mark.index
        self._line = mark.line
        self._root: Node | None = None
        self._shift = 0
        # For each mapping node looked into, by id (the nodes live as long as _root does).
        self._keys: dict[int, dict[str, tuple[Mark, Node]]] = {}

    def __call__(self, pointer: str) -> tuple[int, int] | None:
        tokens = _jsonpos.split_pointer(pointer)
        if tokens is None:
            return None
        if self._root is None:
            self._root = self._compose()
            if self._root is None:
                return None
        mark = walk(self._root, tokens, self._keys)
        return mark.line + self._shift + 1, mark.column + 1

    def _compose(self) -> Node | None:
        try:
            loader = self._loader_class(self._text[self._start : self._end])
            try:
                root = loader.get_node() if loader.check_node() else None
            finally:
                loader.dispose()
        except (yaml.YAMLError, RecursionError, ValueError):
            return None
        if root is not None:
            self._shift = self._line - root.start_mark.line
        return root


def walk(
    node: Node, tokens: list[str], keys: dict[int, dict[str, tuple[Mark, Node]]] | None = None
) -> Mark:
    """The mark of the key or item ``tokens`` lead to, or of the deepest one that exists.

    ``keys``, kept from one call to the next on the same tree, holds each mapping's keys
    once they have been read, so that later walks through it look them up directly.
    """
    mark: Mark = node.start_mark
    for token in tokens:
        if isinstance(node, MappingNode):
            if keys is None:
                keys = {}
            members = keys.get(id(node))
            if members is None:
                members = keys[id(node)] = _members(node)
            step = members.get(token)
            if step is None:
                break
            mark, node = step
        elif isinstance(node, SequenceNode):
            index = _jsonpos.array_index(token)
            if index is None or index >= len(node.value):
                break
            node = node.value[index]
            mark = node.start_mark
        else:
            break
    return mark


def _members(node: MappingNode) -> dict[str, tuple[Mark, Node]]:
    """Each scalar key of a mapping, the first time it is written: its mark and value."""
    members: dict[str, tuple[Mark, Node]] = {}
    for key, value in node.value:
        if isinstance(key, ScalarNode):
            members.setdefault(key.value, (key.start_mark, value))
    return members
