"""Changing integers of a YAML text where they are written, and nothing else.

``reanchor`` moves spans by rewriting their ``start`` and ``end``; everything else of the
file (its layout, quoting, comments, line breaks) stays byte for byte, so that a file that
was never formatted is not reformatted behind its author's back. The text is composed into
nodes (nothing constructed) to find each integer, and read again afterwards to prove that
only the integers asked for changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from newsevents._errors import LoadError, json_pointer
from newsevents._layout.format import compose
from newsevents._read.loader import load_documents

__all__ = ["Edit", "replace_integers"]

#: One integer to rewrite: the document's 0-based index, the path to the value, the new value.
Edit = tuple[int, Sequence[Any], int]


def replace_integers(text: str, edits: Sequence[Edit], *, name: str | None = None) -> str:
    """``text`` with each edit's integer written in place of the one at its path.

    Raises ``LoadError`` when the text cannot be read safely, and (a bug, not an input)
    when a path leads to no plain integer or the result would read back as more than those
    integers changed.
    """
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom) :]
    documents = load_documents(body.encode("utf-8", "surrogatepass"), format="yaml", name=name)
    expected = [document.record for document in documents]
    roots = compose(body)
    cuts: dict[int, tuple[int, str]] = {}
    for index, path, value in edits:
        node = _node(roots[index], path)
        # The caller found an integer there; plain style (None, or "" from libyaml) is
        # what makes it one in the text.
        if not (isinstance(node, ScalarNode) and not node.style):  # pragma: no cover - a bug
            raise LoadError(
                "reanchor-unplaceable",
                f"{json_pointer(path)} is not written as a plain integer, so it cannot be "
                "rewritten in place; write it as digits",
                file=name,
                line=node.start_mark.line + 1 if node is not None else None,
                column=node.start_mark.column + 1 if node is not None else None,
                index=index,
            )
        cuts[node.start_mark.index] = (node.end_mark.index, str(value))
        _set(expected[index], path, value)
    pieces, at = [], 0
    for start in sorted(cuts):
        end, replacement = cuts[start]
        pieces += [body[at:start], replacement]
        at = end
    result = bom + "".join(pieces) + body[at:]
    again = load_documents(result[len(bom) :].encode("utf-8", "surrogatepass"), format="yaml")
    if [document.record for document in again] != expected:  # pragma: no cover - a bug
        message = "the rewritten text would read back differently; please report this"
        raise LoadError("reanchor-unplaceable", message, file=name)
    return result


def _node(root: Node, path: Sequence[Any]) -> Node | None:
    node: Node | None = root
    for step in path:
        if isinstance(node, MappingNode) and isinstance(step, str):
            node = next((v for k, v in node.value if k.value == step), None)
        elif isinstance(node, SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
        else:
            return None
    return node


def _set(record: Any, path: Sequence[Any], value: int) -> None:
    for step in path[:-1]:
        record = record[step]
    record[path[-1]] = value
