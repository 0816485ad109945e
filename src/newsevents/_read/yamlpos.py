"""Where a JSON Pointer is written in a YAML document, found by composing it again.

Valid records never pay for this: a ``YamlLocator`` keeps the text of its document and
composes it only when a problem needs a line and column.
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

    __slots__ = ("_end", "_line", "_loader_class", "_root", "_shift", "_start", "_text")

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

    def __call__(self, pointer: str) -> tuple[int, int] | None:
        tokens = _jsonpos.split_pointer(pointer)
        if tokens is None:
            return None
        if self._root is None:
            self._root = self._compose()
            if self._root is None:
                return None
        mark = walk(self._root, tokens)
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


def walk(node: Node, tokens: list[str]) -> Mark:
    """The mark of the key or item ``tokens`` lead to, or of the deepest one that exists."""
    mark: Mark = node.start_mark
    for token in tokens:
        if isinstance(node, MappingNode):
            for key, value in node.value:
                if isinstance(key, ScalarNode) and key.value == token:
                    mark, node = key.start_mark, value
                    break
            else:
                break
        elif isinstance(node, SequenceNode):
            index = _jsonpos.array_index(token)
            if index is None or index >= len(node.value):
                break
            node = node.value[index]
            mark = node.start_mark
        else:
            break
    return mark
