"""Read records from YAML, JSON and JSON Lines safely: plain data only, every hazard a LoadError.

YAML is read with the YAML 1.2 core schema (``no`` and ``2024-08-22`` stay strings) by
PyYAML's parser, libyaml when it is there. Nothing but strings, numbers, booleans, null,
lists and mappings is ever built: tags, aliases, non-string keys, duplicate keys and
non-finite numbers are refused, each as a ``LoadError`` with a stable rule, a place and a
message that says what to do. Positions inside a record are found lazily, so valid files
pay nothing for them.
"""

from __future__ import annotations

import codecs
import json
import math
import os
import re
from collections.abc import Generator, Iterator
from typing import Any, ClassVar, Literal, Protocol, TypeAlias

import yaml
from yaml.composer import ComposerError
from yaml.constructor import BaseConstructor
from yaml.error import MarkedYAMLError
from yaml.events import AliasEvent, DocumentStartEvent, StreamEndEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import ReaderError

from newsevents import _jsonpos
from newsevents._document import Document
from newsevents._errors import LoadError

__all__ = ["Format", "Source", "iter_documents", "load_document", "load_documents"]

Format: TypeAlias = Literal["yaml", "json", "jsonl"]
Source: TypeAlias = "str | bytes | os.PathLike[str]"

_FORMATS = ("yaml", "json", "jsonl")
_EXTENSIONS: dict[str, Format] = {
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
_Item: TypeAlias = "Document | LoadError"


def iter_documents(
    source: Source, *, format: Format | None = None, name: str | None = None
) -> Iterator[Document | LoadError]:
    """Yield every record of a source, in order, and every problem in its place.

    ``source`` is a path (``os.PathLike``, or a ``str`` without line breaks that does not
    start with ``{``), or the content itself (``bytes``, or any other ``str``). ``format``
    overrides the guess from the file extension or the content; ``name`` names the source
    in Documents and errors (a path names itself).

    A record that cannot be read is yielded as a ``LoadError`` rather than raised. After a
    YAML syntax error nothing more is yielded, as the stream cannot be resynchronised; JSON
    Lines go on with the next line. A source that cannot be read at all, or holds no
    record, yields a single ``LoadError``.

    >>> [doc.record for doc in iter_documents("a: 1\\n---\\nb: no\\n")]
    [{'a': 1}, {'b': 'no'}]
    """
    if format is not None and format not in _FORMATS:
        raise ValueError(f"format={format!r}, but it must be 'yaml', 'json', 'jsonl' or None")
    if not isinstance(source, (str, bytes, os.PathLike)):
        raise TypeError(f"source={source!r}, but it must be text, bytes or a path")
    return _iter_source(source, format, name)


def load_documents(
    source: Source, *, format: Format | None = None, name: str | None = None
) -> list[Document]:
    """Every record of a source; raises the first ``LoadError`` met.

    >>> [doc.index for doc in load_documents('{"a": 1}\\n{"a": 2}\\n')]
    [0, 1]
    """
    items = iter_documents(source, format=format, name=name)
    documents: list[Document] = []
    try:
        for item in items:
            if isinstance(item, LoadError):
                raise item
            documents.append(item)
    finally:
        _close(items)
    return documents


def load_document(
    source: Source, *, format: Format | None = None, name: str | None = None
) -> Document:
    """The one record of a source; a ``LoadError`` if it holds none, several, or a bad one.

    >>> load_document("id: x\\nwhen: 2024-08-22\\n").record
    {'id': 'x', 'when': '2024-08-22'}
    """
    items = iter_documents(source, format=format, name=name)
    try:
        first = next(items, None)
        second = next(items, None) if isinstance(first, Document) else None
    finally:
        _close(items)
    if first is None:
        raise LoadError("empty-document", _NO_RECORDS, file=name)
    if isinstance(first, LoadError):
        raise first
    if isinstance(second, LoadError):
        raise second
    if second is not None:
        raise LoadError(
            "multiple-records",
            f"expected exactly one record, but another one starts at line {second.line}; "
            "keep one record in this source, or load it with load_documents()",
            file=second.file,
            line=second.line,
            column=second.column,
            index=second.index,
        )
    return first


def _close(items: Iterator[_Item]) -> None:
    # Closing the generator closes a JSON Lines file at once, not when it is collected.
    if isinstance(items, Generator):
        items.close()


# --- Sources ----------------------------------------------------------------------------

_SPACE = re.compile(r"[ \t\r\n]*")
_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def _iter_source(source: Source, format: Format | None, name: str | None) -> Iterator[_Item]:
    if isinstance(source, str) and _is_content(source):
        text: str | LoadError = source[1:] if source.startswith("\ufeff") else source
    elif isinstance(source, bytes):
        text = _decode(source, name)
    else:
        path = os.fspath(source)
        file = path if name is None else name
        format = format or _EXTENSIONS.get(os.path.splitext(path)[1].lower())
        if format is None:
            yield LoadError("unknown-format", _unknown_format(path), file=file)
            return
        if format == "jsonl":
            yield from _iter_jsonl_file(path, file)
            return
        text = _read(path, file)
        name = file
    if isinstance(text, LoadError):
        yield text
    else:
        yield from _iter_text(text, format, name)


def _is_content(text: str) -> bool:
    return "\n" in text or "\r" in text or text.startswith("{", _skip_space(text, 0))


def _skip_space(text: str, pos: int) -> int:
    space = _SPACE.match(text, pos)
    return space.end() if space else pos


def _read(path: str, file: str) -> str | LoadError:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        return _unreadable(exc, path, file)
    return _decode(data, file)


def _decode(data: bytes, file: str | None) -> str | LoadError:
    """UTF-8 text without its byte-order mark, or an ``encoding`` error placing the bad byte."""
    foreign = _foreign_bom(data, file)
    if foreign is not None:
        return foreign
    skip = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        # A memoryview slice drops the mark without copying the whole content first.
        return str(memoryview(data)[skip:], "utf-8") if skip else data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _bad_utf8(data, skip, skip + exc.start, file, 1)


def _foreign_bom(data: bytes, file: str | None) -> LoadError | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            message = (
                f"the file is {encoding} (it starts with a {encoding} byte-order mark); "
                "save it as UTF-8"
            )
            return LoadError("encoding", message, file=file, line=1, column=1)
    return None


def _bad_utf8(
    data: bytes, base: int, at: int, file: str | None, first_line: int, index: int | None = None
) -> LoadError:
    """Place the first byte that is not UTF-8; ``data[base:at]`` is known to be valid."""
    line_start = data.rfind(b"\n", base, at) + 1 or base
    column = len(data[line_start:at].decode("utf-8")) + 1
    return LoadError(
        "encoding",
        f"byte 0x{data[at]:02X} is not valid UTF-8 (is the file in Latin-1 or Windows-1252?); "
        "save the file as UTF-8",
        file=file,
        line=data.count(b"\n", base, at) + first_line,
        column=column,
        index=index,
    )


def _iter_text(text: str, format: Format | None, file: str | None) -> Iterator[_Item]:
    if format is None:
        start = _skip_space(text, 0)
        if not text.startswith("{", start):
            format = "yaml"
        else:
            # Read as JSON straight away: for a JSON file the guess is also the result.
            document = _json_document(text, file, 0, 1)
            if not (isinstance(document, LoadError) and document.rule == "json-syntax"):
                yield document
                return
            format = "jsonl" if _holds_lines(text, start) else "yaml"
    if format == "yaml":
        yield from _iter_yaml(text, file)
    elif format == "json":
        yield _json_document(text, file, 0, 1)
    else:
        yield from _iter_jsonl_text(text, file)


def _holds_lines(text: str, start: int) -> bool:
    """Whether text that is not one JSON value looks like one JSON value per line.

    Only the first line is tried, so a bad later line is still reported as a JSON Lines
    error and not as a puzzling YAML one.
    """
    end = text.find("\n", start)
    if end < 0 or _skip_space(text, end) == len(text):
        return False
    try:
        _value, stop = _PLAIN_JSON.raw_decode(text[start:end])
    except (ValueError, RecursionError):
        return False
    return _skip_space(text, start + stop) >= end


def _unreadable(exc: OSError, path: str, file: str | None) -> LoadError:
    reason = exc.strerror or str(exc)
    return LoadError(
        "unreadable",
        f"cannot read {path!r}: {reason}; check the path, and that it names a file you "
        "are allowed to read",
        file=file,
    )


def _unknown_format(path: str) -> str:
    extension = os.path.splitext(path)[1] or "(none)"
    return (
        f"cannot tell the format of {path!r} from its extension {extension}; pass "
        "format='yaml', 'json' or 'jsonl', or rename the file to end in .yaml, .yml, "
        ".json, .jsonl or .ndjson"
    )


# --- YAML: the 1.2 core schema, plain data only -----------------------------------------

_CORE = "tag:yaml.org,2002:"
_NULL_TAG, _BOOL_TAG, _INT_TAG, _FLOAT_TAG, _STR_TAG, _SEQ_TAG, _MAP_TAG = (
    _CORE + kind for kind in ("null", "bool", "int", "float", "str", "seq", "map")
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


class _Mark(Protocol):
    """A parser position, 0-based: libyaml's and the pure-Python parser's marks both fit."""

    @property
    def line(self) -> int: ...

    @property
    def column(self) -> int: ...


class _Hazard(Exception):
    """Something refused while building a record; the iterator makes it a ``LoadError``."""

    def __init__(self, rule: str, message: str, mark: _Mark | None) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message
        self.mark = mark

    def error(self, file: str | None, index: int) -> LoadError:
        line = column = None
        if self.mark is not None:
            line, column = self.mark.line + 1, self.mark.column + 1
        return LoadError(self.rule, self.message, file=file, line=line, column=column, index=index)


def _construct_document(loader: BaseConstructor, node: Node) -> Any:
    # constructed_objects doubles as the set of nodes built so far: the composers hand back
    # the anchored node itself for an alias, so meeting a node twice means an alias, and an
    # alias bomb stops at its first alias instead of expanding.
    loader.constructed_objects = {}
    try:
        return _construct(loader, node)
    finally:
        loader.constructed_objects = {}


def _construct(loader: BaseConstructor, node: Node) -> Any:
    built = loader.constructed_objects
    if node in built:
        raise _Hazard("yaml-alias", "", node.start_mark)
    built[node] = None
    construct = loader.yaml_constructors.get(node.tag)
    if construct is None:
        raise _Hazard("yaml-tag", _tag_message(node.tag), node.start_mark)
    return construct(loader, node)


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
    try:
        if _DECIMAL.match(value):
            return int(value)  # "0755" is 755 in YAML 1.2, not an octal 493
        if _OCTAL.match(value):
            return int(value[2:], 8)
        if _HEX.match(value):
            return int(value[2:], 16)
    except ValueError:  # more digits than int() agrees to read
        raise _Hazard("number-too-large", _too_many_digits(value), node.start_mark) from None
    raise _invalid(node, "a whole number such as 42, 0o17 or 0x1F")


def _build_float(loader: object, node: Node) -> float:
    value = _scalar(node)
    if _FLOAT.match(value):
        number = float(value)
        if math.isinf(number):
            raise _Hazard("non-finite-number", _overflow_message(value), node.start_mark)
        return number
    if _INFINITY.match(value) or _NAN.match(value):
        raise _Hazard("non-finite-number", _non_finite_message(value), node.start_mark)
    raise _invalid(node, "a number such as 1.5 or 2e3")


def _build_seq(loader: BaseConstructor, node: Node) -> list[Any]:
    if not isinstance(node, SequenceNode):
        raise _misplaced(node, "a list")
    return [_construct(loader, item) for item in node.value]


def _build_map(loader: BaseConstructor, node: Node) -> dict[str, Any]:
    if not isinstance(node, MappingNode):
        raise _misplaced(node, "a mapping")
    record: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = _construct(loader, key_node) if isinstance(key_node, ScalarNode) else key_node
        if not isinstance(key, str):
            raise _Hazard("non-string-key", _key_message(key_node, key), key_node.start_mark)
        if key in record:
            first = next(k for k, _ in node.value if isinstance(k, ScalarNode) and k.value == key)
            where = (first.start_mark.line + 1, first.start_mark.column + 1)
            raise _Hazard("duplicate-key", _duplicate_message(key, where), key_node.start_mark)
        record[key] = _construct(loader, value_node)
    return record


_CONSTRUCTORS: dict[str | None, Any] = {
    _STR_TAG: _build_str,
    _NULL_TAG: _build_null,
    _BOOL_TAG: _build_bool,
    _INT_TAG: _build_int,
    _FLOAT_TAG: _build_float,
    _SEQ_TAG: _build_seq,
    _MAP_TAG: _build_map,
}


class _PureLoader(yaml.SafeLoader):
    """PyYAML's pure-Python parser, reading the YAML 1.2 core schema into plain data only."""

    yaml_implicit_resolvers = _core_resolvers()
    yaml_constructors: ClassVar[dict[str | None, Any]] = dict(_CONSTRUCTORS)
    yaml_multi_constructors: ClassVar[dict[str | None, Any]] = {}

    def construct_document(self, node: Node) -> Any:
        """Plain data from a composed document; a hazard raises ``_Hazard``."""
        return _construct_document(self, node)


# The loader class every YAML read uses: libyaml's when it is installed. Tests swap in
# _PureLoader to run the same cases through both parsers.
if yaml.__with_libyaml__:

    class _CLoader(yaml.CSafeLoader):
        """libyaml's parser, reading the YAML 1.2 core schema into plain data only."""

        yaml_implicit_resolvers = _core_resolvers()
        yaml_constructors: ClassVar[dict[str | None, Any]] = dict(_CONSTRUCTORS)
        yaml_multi_constructors: ClassVar[dict[str | None, Any]] = {}

        def construct_document(self, node: Node) -> Any:
            """Plain data from a composed document; a hazard raises ``_Hazard``."""
            return _construct_document(self, node)

    _YAML_LOADER: type[_PureLoader] | type[_CLoader] = _CLoader
else:
    _YAML_LOADER = _PureLoader


def _iter_yaml(text: str, file: str | None) -> Iterator[_Item]:
    try:
        loader = _YAML_LOADER(text)
    except UnicodeEncodeError as exc:  # a lone surrogate in text given as str
        line, column = _jsonpos.line_column(text, exc.start)
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
        yield LoadError("empty-document", _NO_RECORDS, file=file)


def _yaml_document(
    loader: _PureLoader | _CLoader, node: Node, text: str, file: str | None, index: int
) -> _Item:
    try:
        record = _construct_document(loader, node)
    except _Hazard as hazard:
        if hazard.rule == "yaml-alias":
            hazard = _alias_hazard(text, type(loader), index, hazard.mark)
        return hazard.error(file, index)
    except RecursionError:
        return _too_deep(file, index, node.start_mark.line + 1, node.start_mark.column + 1)
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    if not isinstance(record, dict):
        return _not_a_record(record, "document", file, index, line, column)
    return Document(record, file, index, line, column, _YamlLocator(text, type(loader), node))


def _alias_hazard(
    text: str, loader_class: type[_PureLoader] | type[_CLoader], index: int, target: _Mark | None
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
    if isinstance(exc, RecursionError):
        return _too_deep(file, index, None, None)
    if isinstance(exc, MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        problem = exc.problem or "invalid YAML"
        if "nesting depth" in problem:
            return _too_deep(file, index, line, column)
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
        line, column = _jsonpos.line_column(text, bad.start())
        message = (
            f"the character U+{ord(bad.group()):04X} is not allowed in YAML; remove it "
            "(is this a binary file, or text in another encoding?)"
        )
        return LoadError("yaml-syntax", message, file=file, line=line, column=column, index=index)
    return LoadError("yaml-syntax", _yaml_syntax(str(exc)), file=file, index=index)


class _YamlLocator:
    """Where a pointer is written in one YAML document, composing it again on first use."""

    __slots__ = ("_end", "_line", "_loader_class", "_root", "_shift", "_start", "_text")

    def __init__(
        self, text: str, loader_class: type[_PureLoader] | type[_CLoader], root: Node
    ) -> None:
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
        mark = _walk(self._root, tokens)
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


def _walk(node: Node, tokens: list[str]) -> _Mark:
    """The mark of the key or item ``tokens`` lead to, or of the deepest one that exists."""
    mark: _Mark = node.start_mark
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


# --- JSON and JSON Lines ----------------------------------------------------------------


class _Refused(Exception):
    """Raised by the decoder hooks; the position walker then says what and where."""


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    record = dict(pairs)
    if len(record) < len(pairs):
        raise _Refused
    return record


def _refuse_constant(written: str) -> Any:
    raise _Refused


def _finite_float(written: str) -> float:
    number = float(written)
    if math.isinf(number):
        raise _Refused
    return number


_JSON = json.JSONDecoder(
    object_pairs_hook=_pairs, parse_constant=_refuse_constant, parse_float=_finite_float
)
_PLAIN_JSON = json.JSONDecoder()


def _json_document(
    text: str, file: str | None, index: int, first_line: int, what: str = "document"
) -> _Item:
    """The record in ``text``: a whole JSON file, or the JSON Lines line ``first_line``."""
    start = _skip_space(text, 0)
    if start == len(text):
        return LoadError("empty-document", _NO_RECORDS, file=file)
    line, column = _jsonpos.line_column(text, start, first_line)
    try:
        record = _JSON.decode(text)
    except json.JSONDecodeError as exc:
        return LoadError(
            "json-syntax",
            _json_syntax(exc.msg),
            file=file,
            line=exc.lineno + first_line - 1,
            column=exc.colno,
            index=index,
        )
    except RecursionError:
        return _too_deep(file, index, line, column)
    except (_Refused, ValueError):  # ValueError: an integer with too many digits
        return _json_hazard(text, start, file, index, first_line)
    if not isinstance(record, dict):
        return _not_a_record(record, what, file, index, line, column)
    return Document(record, file, index, line, column, _JsonLocator(text, start, first_line))


def _json_hazard(text: str, start: int, file: str | None, index: int, first_line: int) -> LoadError:
    hazard = _jsonpos.find_hazard(text, start)
    if hazard is None:  # not expected: the decoder refused something the walker accepts
        line, column = _jsonpos.line_column(text, start, first_line)
        message = "a value could not be read; check the document with a JSON validator"
        return LoadError("json-syntax", message, file=file, line=line, column=column, index=index)
    if hazard.rule == "duplicate-key" and hazard.first is not None:
        first = _jsonpos.line_column(text, hazard.first, first_line)
        message = _duplicate_message(hazard.written, first)
    elif hazard.rule == "number-too-large":
        message = _too_many_digits(hazard.written)
    elif hazard.written in ("NaN", "Infinity", "-Infinity"):
        message = _non_finite_message(hazard.written)
    else:
        message = _overflow_message(hazard.written)
    line, column = _jsonpos.line_column(text, hazard.offset, first_line)
    return LoadError(hazard.rule, message, file=file, line=line, column=column, index=index)


class _JsonLocator:
    """Where a pointer is written in one JSON document, found by re-reading the text."""

    __slots__ = ("_first_line", "_start", "_text")

    def __init__(self, text: str, start: int, first_line: int) -> None:
        self._text = text
        self._start = start
        self._first_line = first_line

    def __call__(self, pointer: str) -> tuple[int, int] | None:
        tokens = _jsonpos.split_pointer(pointer)
        if tokens is None:
            return None
        offset = _jsonpos.locate(self._text, self._start, tokens)
        return _jsonpos.line_column(self._text, offset, self._first_line)


def _iter_jsonl_text(text: str, file: str | None) -> Iterator[_Item]:
    index = pos = line = 0
    while pos < len(text):
        line += 1
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        if _skip_space(text, pos) < end:
            yield _json_document(text[pos:end], file, index, line, "line")
            index += 1
        pos = end + 1
    if index == 0:
        yield LoadError("empty-document", _NO_RECORDS, file=file)


def _iter_jsonl_file(path: str, file: str) -> Iterator[_Item]:
    """Read JSON Lines one line at a time, so that memory stays flat however long the file."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 - held open across yields, closed by `with`
    except OSError as exc:
        yield _unreadable(exc, path, file)
        return
    index = 0
    with handle:
        try:
            for line, raw in enumerate(handle, 1):
                base = 0
                if line == 1:
                    foreign = _foreign_bom(raw, file)
                    if foreign is not None:
                        yield foreign
                        return
                    base = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
                end = len(raw) - 1 if raw.endswith(b"\n") else len(raw)
                try:
                    text = str(memoryview(raw)[base:end], "utf-8")
                except UnicodeDecodeError as exc:
                    yield _bad_utf8(raw, base, base + exc.start, file, line, index)
                    index += 1
                    continue
                if _skip_space(text, 0) < len(text):
                    yield _json_document(text, file, index, line, "line")
                    index += 1
        except OSError as exc:
            yield _unreadable(exc, path, file)
            return
    if index == 0:
        yield LoadError("empty-document", _NO_RECORDS, file=file)


# --- Messages: what is wrong, and what to do --------------------------------------------

_NO_RECORDS = (
    "there is no record here: the source is empty, or holds only blank lines, comments or "
    "null; write a record (a mapping of field names to values)"
)
_SURROGATE = (
    "the text holds a lone surrogate code point, which no UTF-8 file can contain; read the "
    "file as UTF-8 (without errors='surrogateescape') or save it as UTF-8"
)


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "a list" if isinstance(value, list) else "a mapping"


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
        f"the key {node.value!r} reads as {_kind(key)}, but keys must be strings; quote the "
        f"key ('{node.value}': ...)"
    )


def _duplicate_message(key: str, first: tuple[int, int]) -> str:
    return (
        f"key {key!r} appears twice in this mapping (first at line {first[0]}, column "
        f"{first[1]}); remove or rename one of them"
    )


def _non_finite_message(written: str) -> str:
    return (
        f"{written} is not a finite number: NaN and infinities are not valid numbers in "
        "records; write a finite number, or null if the value is unknown"
    )


def _overflow_message(written: str) -> str:
    return (
        f"{written} is too large for a number and would read as infinity: NaN and "
        "infinities are not valid numbers in records; write a smaller number, or quote it "
        "to keep it as text"
    )


def _too_many_digits(written: str) -> str:
    return (
        f"the integer {written[:12]}... has {len(written)} digits, more than can be read "
        "safely; quote it to keep it as text"
    )


def _too_deep(
    file: str | None, index: int | None, line: int | None, column: int | None
) -> LoadError:
    message = (
        "the document is nested too deeply to read (libyaml stops at 1000 levels, Python "
        "near its recursion limit); records are never this deep, so flatten the structure "
        "or check that the file is not damaged"
    )
    return LoadError("too-deep", message, file=file, line=line, column=column, index=index)


def _not_a_record(
    value: object, what: str, file: str | None, index: int, line: int, column: int
) -> LoadError:
    if value is None:
        message = (
            f"this {what} is empty (it holds only null); write a record in it, or remove "
            "it (in YAML, look for a stray '---')"
            if what == "document"
            else "this line holds null; write a record (a JSON object) on it, or remove it"
        )
        return LoadError(
            "empty-document", message, file=file, line=line, column=column, index=index
        )
    message = (
        f"this {what} holds {_kind(value)}, but a record must be a mapping of field names "
        "to values; to keep several records in one file, use one YAML document each "
        "(separated by '---') or JSON Lines (one object per line)"
    )
    return LoadError("not-a-mapping", message, file=file, line=line, column=column, index=index)


def _yaml_syntax(what: str) -> str:
    return (
        f"invalid YAML ({what}); fix the syntax here: check the indentation, and quote "
        "values that contain ': ' or ' #' or start with one of [ ] { } & * ! | > ' \" % @ `"
    )


def _json_syntax(what: str) -> str:
    hint = ""
    if what.startswith("Extra data"):
        hint = "; if the file holds one record per line, name it .jsonl or pass format='jsonl'"
    elif what.startswith("Expecting property name"):
        hint = " (JSON wants keys in double quotes and no comma before '}')"
    return f"invalid JSON ({what}); fix the syntax here{hint}"
