"""The canonical record formatter behind ``newsevents fmt``: same values, same comments.

The text is read twice: once by the package's safe loader, which gives the values and refuses
anything unsafe, and once composed into nodes (nothing constructed), whose marks place the
comments. PyYAML keeps no comments, so they are found here in the source: every ``#`` that is
not inside a scalar starts one. A full-line comment belongs with the key or list item that
follows it, an end-of-line comment with the value or key that ends its line.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from yaml.nodes import CollectionNode, MappingNode, Node, ScalarNode, SequenceNode

from newsevents._read import yamlread as _yaml
from newsevents._errors import LoadError
from newsevents._layout.emit import Comment, Emitter, Notes
from newsevents._read.loader import load_documents

__all__ = ["format_yaml"]


def format_yaml(text: str, *, name: str | None = None) -> str:
    """Return ``text`` (YAML records) in the canonical layout, keeping values and comments.

    Keys come in the order the schema lists them, two-space block style, evidence spans on
    one line, each scalar in the plainest style that every YAML reader reads back the same.
    Raises ``LoadError`` when the text cannot be read safely (the rules of ``load``), or
    when formatting would lose something, such as a comment with no place to go
    (``fmt-comment``); ``name`` names the text in errors.

    >>> print(format_yaml("id: x  # the id\\nschema: s\\nwhen: '2024'\\n"), end="")
    schema: s
    id: x  # the id
    when: '2024'
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    # As bytes, so that a short text is never taken for a path.
    documents = load_documents(text.encode("utf-8", "surrogatepass"), format="yaml", name=name)
    try:
        roots = _compose(text)
        notes = _Comments(text, roots, name).notes()
        parts = [
            _emit(document.record, root, note, name)
            for document, root, note in zip(documents, roots, notes, strict=True)
        ]
    except RecursionError:
        raise LoadError(
            "too-deep", "the document is nested too deeply to format", file=name
        ) from None
    return "---\n".join(parts)


def _compose(text: str) -> list[Node]:
    loader = _yaml._YAML_LOADER(text)
    try:
        roots = []
        while loader.check_node():
            node = loader.get_node()
            if node is not None:
                roots.append(node)
        return roots
    finally:
        loader.dispose()


def _emit(record: dict[str, object], root: Node, notes: Notes, name: str | None) -> str:
    emitter = Emitter(notes, name)
    lines = emitter.document(record, root)
    if lines[-1] == "" and emitter.last_keep is not None:
        # A '|+' block's blank lines would end the file: quote that value instead.
        emitter = Emitter(notes, name, frozenset((emitter.last_keep,)))
        lines = emitter.document(record, root)
    expected = sum(map(len, (notes.header, notes.trailer, *notes.before.values())))
    if emitter.used != expected + len(notes.after):  # pragma: no cover - a bug, not an input
        raise LoadError("fmt-comment", "a comment could not be placed; please report", file=name)
    return "\n".join(lines) + "\n"


_MARKER = re.compile(r"^(?:---|\.\.\.)(?=[ \t\r\n]|\Z)", re.MULTILINE)


@dataclass
class _Document:
    """What the comment finder knows of one document's nodes, by 0-based source line."""

    anchors: dict[int, Node] = field(default_factory=dict)  # the outermost key or item
    owners: dict[int, tuple[int, Node]] = field(default_factory=dict)  # last node ending there
    last_line: int = 0
    notes: Notes = field(default_factory=Notes)


class _Comments:
    """Finds every comment of a YAML text and attaches it to a node of its document."""

    def __init__(self, text: str, roots: list[Node], file: str | None) -> None:
        self.text = text
        self.file = file
        self.scalars: list[tuple[int, int]] = []  # [start, end) of scalar text
        self.flows: list[tuple[int, int]] = []  # [start, end) of outermost flow collections
        self.documents = [_Document() for _ in roots]
        for document, root in zip(self.documents, roots, strict=True):
            self._visit(root, document, False)
        self.scalars.sort()
        self.flows.sort()

    def notes(self) -> list[Notes]:
        """Each document's comments, attached."""
        if not self.documents:
            return []
        starts = self._boundaries()
        lines = [sorted(document.anchors) for document in self.documents]
        for comment, full_line in self._scan():
            line = comment.line - 1
            index = bisect_right(starts, line) - 1
            document, anchors = self.documents[index], lines[index]
            owner = document.owners.get(line)
            if not full_line and owner is not None:
                document.notes.after[id(owner[1])] = comment
                continue
            i = bisect_right(anchors, line)
            if i == 0:
                document.notes.header.append(comment)
            elif i == len(anchors):
                document.notes.trailer.append(comment)
            else:
                anchor = document.anchors[anchors[i]]
                document.notes.before.setdefault(id(anchor), []).append(comment)
        return [document.notes for document in self.documents]

    def _visit(self, node: Node, document: _Document, in_flow: bool) -> None:
        if isinstance(node, ScalarNode):
            start, end = node.start_mark.index, node.end_mark.index
            if node.style in ("|", ">"):  # the header line may hold a comment
                self._own(document, node.start_mark.line, start, node)
                start = self.text.find("\n", start) + 1 or end
            else:
                self._own(document, node.end_mark.line, end, node)
            self.scalars.append((start, end))
            return
        flow = isinstance(node, CollectionNode) and bool(node.flow_style)
        if flow:
            self._own(document, node.end_mark.line, node.end_mark.index, node)
            if not in_flow:
                self.flows.append((node.start_mark.index, node.end_mark.index))
        if isinstance(node, MappingNode):
            for key, value in node.value:
                document.anchors.setdefault(key.start_mark.line, key)
                self._visit(key, document, in_flow or flow)
                self._visit(value, document, in_flow or flow)
        elif isinstance(node, SequenceNode):
            for item in node.value:
                document.anchors.setdefault(item.start_mark.line, item)
                self._visit(item, document, in_flow or flow)

    def _own(self, document: _Document, line: int, end: int, node: Node) -> None:
        document.last_line = max(document.last_line, line)
        if end >= document.owners.get(line, (-1, node))[0]:
            document.owners[line] = (end, node)

    def _boundaries(self) -> list[int]:
        """The 0-based line where each document's share of the text begins."""
        markers = [self.text.count("\n", 0, m.start()) for m in _MARKER.finditer(self.text)]
        starts = [0]
        for previous, document in zip(self.documents, self.documents[1:], strict=False):
            first = min(document.anchors, default=previous.last_line + 1)
            between = [m for m in markers if previous.last_line < m <= first]
            starts.append(max(between, default=first))
        return starts

    def _scan(self) -> list[tuple[Comment, bool]]:
        """Every comment, and whether it stands on a line of its own."""
        text, found = self.text, []
        scalar_starts = [start for start, _end in self.scalars]
        flow_starts = [start for start, _end in self.flows]
        line, counted = 1, 0
        for match in re.finditer("#", text):
            at = match.start()
            i = bisect_right(scalar_starts, at) - 1
            if i >= 0 and at < self.scalars[i][1]:
                continue
            if at > 0 and text[at - 1] not in " \t\r\n":
                continue
            line += text.count("\n", counted, at)
            counted = at
            line_start = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at)
            comment = Comment(
                text[at : None if end < 0 else end].rstrip(), line, at - line_start + 1
            )
            i = bisect_right(flow_starts, at) - 1
            if i >= 0 and at < self.flows[i][1]:
                raise LoadError(
                    "fmt-comment",
                    f"the comment {comment.text[:40]!r} is inside a flow collection ({{...}} "
                    "or [...]), which is written on one line or in block style; move it to "
                    "a line of its own above the collection",
                    file=self.file,
                    line=line,
                    column=comment.column,
                )
            prefix = text[line_start:at].strip()
            found.append((comment, prefix in ("", "---", "...")))
        return found
