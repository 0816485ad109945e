"""The canonical record formatter behind ``newsevents fmt``: same values, same comments.

The text is read twice: once by the package's safe loader, which gives the values and refuses
anything unsafe, and once composed into nodes (nothing constructed), whose marks place the
comments. PyYAML keeps no comments, so ``scan`` finds them between the scanner's tokens.
A full-line comment belongs with the key or list item that follows it, an end-of-line
comment with the value or key that ends its line.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass, field

from yaml.nodes import CollectionNode, MappingNode, Node, ScalarNode, SequenceNode

from newsevents._errors import LoadError
from newsevents._layout.emit import Emitter, Notes
from newsevents._layout.scan import scan
from newsevents._read import yamlread as _yaml
from newsevents._read.document import Document
from newsevents._read.jsonread import json_document, skip_space
from newsevents._read.limits import Limits
from newsevents._read.loader import load_documents

__all__ = ["compose", "format_documents", "format_yaml", "read_yaml"]


def format_yaml(text: str, *, name: str | None = None) -> str:
    """Return ``text`` (YAML records) in the canonical layout, keeping values and comments.

    Keys come in the order the schema lists them, two-space block style, evidence spans on
    one line, each scalar in the plainest style that every YAML reader reads back the same.
    Raises ``LoadError`` when the text cannot be read safely (the rules of ``load``), or
    when formatting would lose something: a comment with no place to go (``fmt-comment``),
    a value that cannot be written back (``fmt-unplaceable``); ``name`` names the text in
    errors. Every YAML line break (CR, CR LF, NEL, U+2028, U+2029) becomes LF.

    >>> print(format_yaml("id: x  # the id\\nschema: s\\nwhen: '2024'\\n"), end="")
    schema: s
    id: x  # the id
    when: '2024'
    """
    return format_documents(*read_yaml(text, name=name), name=name)


def read_yaml(
    text: str, *, name: str | None = None, limits: Limits | None = None
) -> tuple[str, list[Document]]:
    """The text without its byte order mark, and its documents read by the safe loader;
    raises ``LoadError`` as ``format_yaml`` does. For a caller that looks at the records
    before it formats them (``fmt`` leaves what is no record alone)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    text = _as_yaml_reads_it(text, name)
    # As bytes, so that a short text is never taken for a path.
    data = text.encode("utf-8", "surrogatepass")
    documents = load_documents(data, format="yaml", name=name, limits=limits)
    return text, documents


def format_documents(text: str, documents: list[Document], *, name: str | None = None) -> str:
    """``text`` in the canonical layout, given the documents :func:`read_yaml` read from it."""
    try:
        roots = compose(text)
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


#: What PyYAML reads otherwise than JSON does inside a JSON string: DEL and the C1
#: controls (refused, and NEL folded to a space), the line and paragraph separators (line
#: breaks to it, which eat the spaces before them) and the two noncharacters it refuses.
_NOT_AS_JSON = re.compile("[\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def _as_yaml_reads_it(text: str, name: str | None) -> str:
    """A JSON text written again so that PyYAML reads it as JSON does; any other text as
    it is.

    YAML 1.2 reads JSON as JSON does, but PyYAML, which composes the nodes here, refuses
    the escaped surrogate pairs ``json.dumps`` writes for characters beyond the Basic
    Multilingual Plane, refuses DEL and C1 controls, folds a NEL to a space and drops the
    spaces before a line separator. JSON holds no comments, so writing it again loses
    nothing.
    """
    if not text.startswith(("{", "["), skip_space(text, 0)):
        return text
    document = json_document(text, name, 0, 1)
    if not isinstance(document, Document):
        return text  # not JSON after all: read as YAML, with YAML's errors
    written = json.dumps(document.record, ensure_ascii=False)
    return _NOT_AS_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", written) + "\n"


def compose(text: str) -> list[Node]:
    """The composed nodes of every document of ``text`` (nothing constructed), whose marks
    place what the loader read."""
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


@dataclass
class _Document:
    """What the comment finder knows of one document's nodes, by 0-based source line."""

    anchors: dict[int, Node] = field(default_factory=dict)  # the outermost key or item
    owners: dict[int, tuple[int, Node]] = field(default_factory=dict)  # last node ending there
    last_line: int = 0
    notes: Notes = field(default_factory=Notes)


class _Comments:
    """Attaches every comment of a YAML text to a node of its document."""

    def __init__(self, text: str, roots: list[Node], file: str | None) -> None:
        self.file = file
        self.scan = scan(text, _yaml._YAML_LOADER)
        self.documents = [_Document() for _ in roots]
        self.roots = roots
        for document, root in zip(self.documents, roots, strict=True):
            self._visit(root, document)

    def notes(self) -> list[Notes]:
        """Each document's comments, attached."""
        if not self.documents:
            return []
        starts = self._boundaries()
        lines = [sorted(document.anchors) for document in self.documents]
        for found in self.scan.comments:
            comment = found.comment
            if found.in_flow:
                raise LoadError(
                    "fmt-comment",
                    f"the comment {comment.text[:40]!r} is inside a flow collection ({{...}} "
                    "or [...]), which is written on one line or in block style; move it to "
                    "a line of its own above the collection",
                    file=self.file,
                    line=comment.line,
                    column=comment.column,
                )
            line = comment.line - 1
            index = bisect_right(starts, line) - 1
            document, anchors = self.documents[index], lines[index]
            owner = document.owners.get(line)
            if not found.full_line and owner is not None:
                if owner[1] is self.roots[index]:
                    # A record written as one flow mapping: its block lines have no end to
                    # hold this comment, which then follows the record instead.
                    document.notes.trailer.append(comment)
                else:
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

    def _visit(self, node: Node, document: _Document) -> None:
        if isinstance(node, ScalarNode):
            end = node.end_mark.index
            header = self.scan.headers.get(end)
            if node.style in ("|", ">") and header is not None:
                # The header line may hold a comment; the block's own lines hold none.
                self._own(document, header, node.start_mark.index, node)
            else:
                self._own(document, node.end_mark.line, end, node)
            return
        if isinstance(node, CollectionNode) and node.flow_style:
            self._own(document, node.end_mark.line, node.end_mark.index, node)
        if isinstance(node, MappingNode):
            for key, value in node.value:
                document.anchors.setdefault(key.start_mark.line, key)
                self._visit(key, document)
                self._visit(value, document)
        elif isinstance(node, SequenceNode):
            for item in node.value:
                document.anchors.setdefault(item.start_mark.line, item)
                self._visit(item, document)

    def _own(self, document: _Document, line: int, end: int, node: Node) -> None:
        document.last_line = max(document.last_line, line)
        if end >= document.owners.get(line, (-1, node))[0]:
            document.owners[line] = (end, node)

    def _boundaries(self) -> list[int]:
        """The 0-based line where each document's share of the text begins."""
        markers = self.scan.markers
        starts = [0]
        for previous, document in zip(self.documents, self.documents[1:], strict=False):
            first = min(document.anchors, default=previous.last_line + 1)
            between = [m for m in markers if previous.last_line < m <= first]
            starts.append(max(between, default=first))
        return starts
