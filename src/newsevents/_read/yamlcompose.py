"""Compose YAML nodes from parser events without recursing, and stop at the depth limit.

PyYAML's composers recurse once per level of nesting: the pure-Python one in Python, the
libyaml binding in C. libyaml releases before 0.2.6 set no nesting limit of their own, so
a file of 100,000 ``[`` overflows the C stack and kills the process; the pure-Python one
relies on the recursion limit, which the caller may have raised. This composer keeps its
own stack, refuses the event that opens the level past the depth limit before going on, and
refuses a double-quoted scalar whose escapes name a UTF-16 surrogate (PyYAML's pure-Python
reader would build a string no UTF-8 file can hold; libyaml refuses those itself).
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.events import (
    AliasEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)
from yaml.nodes import CollectionNode, MappingNode, Node, ScalarNode, SequenceNode

__all__ = ["EventComposer", "Refused", "native_compose_is_bounded", "surrogate_escape"]

_SURROGATES = re.compile("[\ud800-\udfff]")
# In a double-quoted scalar: an escape (with the digits of a code point escape), or the
# closing quote.
_QUOTED = re.compile(r'\\(?:x[0-9A-Fa-f]{2}|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|.)|"', re.DOTALL)


class Refused(yaml.YAMLError):
    """The composer refused the document: ``rule`` is ``too-deep`` or ``encoding``, and
    ``mark`` is where the offending collection or scalar starts."""

    def __init__(self, rule: str, mark: Any) -> None:
        super().__init__(rule)
        self.rule = rule
        self.mark = mark


class EventComposer:
    """Replaces a PyYAML loader's composer: the same nodes, built without recursion.

    Mixed in before the PyYAML loader class, whose parser supplies the events (libyaml's
    or the pure-Python one) and whose resolver gives untagged nodes their tags.
    """

    def check_node(self) -> bool:
        """Whether another document follows."""
        loader: Any = self
        if loader.check_event(StreamStartEvent):
            loader.get_event()
        return not loader.check_event(StreamEndEvent)

    def get_node(self) -> Node | None:
        """The root node of the next document, or None at the end of the stream."""
        loader: Any = self
        if loader.check_event(StreamEndEvent):
            return None
        loader.get_event()  # the document's start
        root = _compose(loader)
        loader.get_event()  # the document's end
        return root

    # PyYAML's get_single_node() and friends compose through this.
    def compose_document(self) -> Node | None:
        """The root node of the document whose start is next."""
        loader: Any = self
        loader.get_event()
        root = _compose(loader)
        loader.get_event()
        return root


def _compose(loader: Any) -> Node:
    get_event, resolve = loader.get_event, loader.resolve
    max_depth: int = loader.max_depth
    anchors: dict[str, Node] = {}
    # The collections being filled, innermost last, each with the key waiting for its
    # value when it is a mapping.
    stack: list[list[Any]] = []
    while True:
        event = get_event()
        kind = type(event)
        if kind is ScalarEvent:
            if event.style == '"' and _SURROGATES.search(event.value):
                raise Refused("encoding", event.start_mark)
            tag = event.tag
            if tag is None or tag == "!":
                tag = resolve(ScalarNode, event.value, event.implicit)
            node: Node = ScalarNode(
                tag, event.value, event.start_mark, event.end_mark, style=event.style
            )
        elif kind is SequenceStartEvent or kind is MappingStartEvent:
            if len(stack) == max_depth:
                raise Refused("too-deep", event.start_mark)
            node_class = SequenceNode if kind is SequenceStartEvent else MappingNode
            tag = event.tag
            if tag is None or tag == "!":
                tag = resolve(node_class, None, event.implicit)
            node = node_class(tag, [], event.start_mark, None, flow_style=event.flow_style)
        elif kind is AliasEvent:
            if event.anchor not in anchors:
                raise ComposerError(
                    None, None, f"found undefined alias {event.anchor!r}", event.start_mark
                )
            node = anchors[event.anchor]
        else:  # the end of a sequence or mapping
            collection: CollectionNode = stack.pop()[0]
            collection.end_mark = event.end_mark
            if not stack:
                return collection
            continue
        if kind is not AliasEvent and event.anchor is not None:
            if event.anchor in anchors:
                raise ComposerError(
                    f"found duplicate anchor {event.anchor!r}; first occurrence",
                    anchors[event.anchor].start_mark,
                    "second occurrence",
                    event.start_mark,
                )
            anchors[event.anchor] = node
        if stack:
            parent = stack[-1]
            if type(parent[0]) is SequenceNode:
                parent[0].value.append(node)
            elif parent[1] is None:
                parent[1] = node
            else:
                parent[0].value.append((parent[1], node))
                parent[1] = None
        if kind is SequenceStartEvent or kind is MappingStartEvent:
            stack.append([node, None])
        elif not stack:
            return node


def surrogate_escape(text: str, quote: int) -> tuple[int, str, str | None] | None:
    r"""The first escape naming a surrogate in the double-quoted scalar whose opening quote
    is at ``quote``: its offset, the escape as written, and for the high half of a pair
    written as two escapes, the one ``\U`` escape that says the same.

    >>> surrogate_escape(r'a: "x\\ud800 \ud83d\ude00"', 3)
    (13, '\\ud83d', '\\U0001F600')
    >>> surrogate_escape(r'a: "\udc00"', 3), surrogate_escape(r'a: "\\ud800"', 3)
    ((4, '\\udc00', None), None)
    """
    for escape in _QUOTED.finditer(text, quote + 1):
        digits = escape.group(1) or escape.group(2)
        if escape.group() == '"':
            return None
        if digits is None or not 0xD800 <= int(digits, 16) <= 0xDFFF:
            continue
        high, pair = int(digits, 16), None
        after = _QUOTED.match(text, escape.end())
        low_digits = after and (after.group(1) or after.group(2))
        if high < 0xDC00 and low_digits and 0xDC00 <= int(low_digits, 16) <= 0xDFFF:
            code = 0x10000 + ((high - 0xD800) << 10) + (int(low_digits, 16) - 0xDC00)
            pair = f"\\U{code:08X}"
        return escape.start(), escape.group(), pair
    return None


def native_compose_is_bounded() -> bool:
    """Whether libyaml refuses deep nesting itself, so that its binding's recursive
    composer can be used: libyaml 0.2.6 and later stop at 1000 levels, early enough for
    the C stack. Older ones compose anything, so a probe just past 1000 levels tells."""
    probe = "[" * 1001 + "]" * 1001
    loader = yaml.CSafeLoader(probe)
    try:
        loader.get_single_node()
    except yaml.YAMLError:
        return True
    finally:
        loader.dispose()
    return False
