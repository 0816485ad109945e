"""Read records from YAML, JSON and JSON Lines safely: plain data only, every hazard a LoadError.

This module takes a source (a path, text or bytes), tells its format from the extension or
the content, reads and decodes it, and hands the text to the reader for its format:
``yamlread`` (the YAML 1.2 core schema, so ``no`` and ``2024-08-22`` stay strings) or
``jsonread`` (JSON and JSON Lines). Nothing but strings, numbers, booleans, null, lists and
mappings is ever built: tags, aliases, non-string keys, duplicate keys and non-finite
numbers are refused, each as a ``LoadError`` with a stable rule, a place and a message that
says what to do. Positions inside a record are found lazily, so valid files pay nothing
for them. Files are read within the limits of ``_limits``: only regular files, at most
a bounded size read whole, JSON Lines a bounded line at a time.
"""

from __future__ import annotations

import codecs
import json
import os
import re
from collections.abc import Generator, Iterator
from typing import Literal, TypeAlias

from newsevents._errors import LoadError
from newsevents._read.document import Document
from newsevents._read.jsonread import iter_jsonl_file, iter_jsonl_text, json_document, skip_space
from newsevents._read.jsonscan import too_deep_at
from newsevents._read.limits import (
    DEFAULT_LIMITS,
    Limits,
    read_file,
    resolve_limits,
)
from newsevents._read.lines import line_column
from newsevents._read.messages import NO_RECORDS, bad_utf8, foreign_bom

__all__ = [
    "Format",
    "Source",
    "decode_text",
    "iter_documents",
    "load_document",
    "load_documents",
]

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
    source: Source,
    *,
    format: Format | None = None,
    name: str | None = None,
    max_bytes: int | None = None,
    limits: Limits | None = None,
) -> Iterator[Document | LoadError]:
    """Yield every record of a source, in order, and every problem in its place.

    ``source`` is a path (``os.PathLike``, or a ``str`` without line breaks that does not
    start with ``{``), or the content itself (``bytes``, or any other ``str``). ``format``
    overrides the guess from the file extension or the content; ``name`` names the source
    in Documents and errors (a path names itself).

    ``limits`` (a :class:`Limits`; None: the defaults) bounds what is read: the size of a
    YAML or JSON file and of a JSON Lines line (``too-large``), the nesting
    (``too-deep``), the records of the stream (``too-many-documents``, after which
    nothing more is read) and the length of a string (``string-too-long``).
    ``max_bytes`` is the shorthand for both sizes. Only regular files are read: a path
    naming a named pipe, a device or a socket is ``unreadable`` and is never opened.

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
    return _iter_source(source, format, name, resolve_limits(max_bytes, limits))


def load_documents(
    source: Source,
    *,
    format: Format | None = None,
    name: str | None = None,
    max_bytes: int | None = None,
    limits: Limits | None = None,
) -> list[Document]:
    """Every record of a source; raises the first ``LoadError`` met.

    >>> [doc.index for doc in load_documents('{"a": 1}\\n{"a": 2}\\n')]
    [0, 1]
    """
    items = iter_documents(source, format=format, name=name, max_bytes=max_bytes, limits=limits)
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
    source: Source,
    *,
    format: Format | None = None,
    name: str | None = None,
    max_bytes: int | None = None,
    limits: Limits | None = None,
) -> Document:
    """The one record of a source; a ``LoadError`` if it holds none, several, or a bad one.

    >>> load_document("id: x\\nwhen: 2024-08-22\\n").record
    {'id': 'x', 'when': '2024-08-22'}
    """
    items = iter_documents(source, format=format, name=name, max_bytes=max_bytes, limits=limits)
    try:
        first = next(items, None)
        second = next(items, None) if isinstance(first, Document) else None
    finally:
        _close(items)
    if first is None:
        raise LoadError("empty-document", NO_RECORDS, file=name)
    if isinstance(first, LoadError):
        raise first
    if isinstance(second, LoadError):
        raise second
    if second is not None:
        raise LoadError(
            "multiple-records",
            f"expected exactly one record, but another one starts at line {second.line}; "
            "keep one record in this source, or read it with newsevents.load_all()",
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

# Only to see whether a line holds one JSON value; the refusing decoder is in _json.
_PLAIN_JSON = json.JSONDecoder()
# Content that starts so is read as JSON, anything else as YAML.
_JSON_START = re.compile(rb"[ \t\r\n]*\{")


def _iter_source(
    source: Source, format: Format | None, name: str | None, limits: Limits
) -> Iterator[_Item]:
    if isinstance(source, str) and (
        _is_content(source) or (format is not None and not os.path.exists(source))
    ):
        text: str | LoadError = _clean_text(source, format, name)
    elif isinstance(source, bytes):
        text = decode_text(source, name, yaml=None if format is None else format == "yaml")
    else:
        path = os.fspath(source)
        file = path if name is None else name
        format = format or _EXTENSIONS.get(os.path.splitext(path)[1].lower())
        if format is None:
            yield LoadError("unknown-format", _unknown_format(path), file=file)
            return
        if format == "jsonl":
            yield from iter_jsonl_file(path, file, limits)
            return
        data = read_file(path, file, limits.max_file_bytes)
        text = (
            data if isinstance(data, LoadError) else decode_text(data, file, yaml=format == "yaml")
        )
        name = file
    if isinstance(text, LoadError):
        yield text
    else:
        yield from _iter_text(text, format, name, limits)


def _is_content(text: str) -> bool:
    return "\n" in text or "\r" in text or text.startswith("{", skip_space(text, 0))


def _clean_text(text: str, format: Format | None, file: str | None) -> str | LoadError:
    """Text given as ``str``, without its byte-order mark, or an ``encoding`` error when it
    holds a lone surrogate (read with ``errors='surrogateescape'``, say), which no reader
    could write back out."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        yaml = format == "yaml" or (
            format is None and not text.startswith("{", skip_space(text, 0))
        )
        line, column = line_column(text, exc.start, yaml=yaml)
        message = (
            f"the text holds U+{ord(text[exc.start]):04X}, a lone surrogate code point, which "
            "no UTF-8 file can contain; read the file as UTF-8 (without "
            "errors='surrogateescape'), or save it as UTF-8"
        )
        return LoadError("encoding", message, file=file, line=line, column=column)
    return text[1:] if text.startswith("\ufeff") else text


def decode_text(data: bytes, file: str | None, *, yaml: bool | None = None) -> str | LoadError:
    """UTF-8 text without its byte-order mark, or an ``encoding`` error placing the bad byte.

    ``yaml`` says whether lines end where YAML says they do (at NEL, LS and PS too); None
    tells from the content, as the loader does.
    """
    foreign = foreign_bom(data, file)
    if foreign is not None:
        return foreign
    skip = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        # A memoryview slice drops the mark without copying the whole content first.
        return str(memoryview(data)[skip:], "utf-8") if skip else data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if yaml is None:
            yaml = _JSON_START.match(data, skip) is None
        return bad_utf8(data, skip, skip + exc.start, file, 1, yaml=yaml)


def _iter_text(
    text: str, format: Format | None, file: str | None, limits: Limits = DEFAULT_LIMITS
) -> Iterator[_Item]:
    if format is None:
        start = skip_space(text, 0)
        if not text.startswith("{", start):
            format = "yaml"
        else:
            # Read as JSON straight away: for a JSON file the guess is also the result.
            document = json_document(text, file, 0, 1, limits=limits)
            if not (isinstance(document, LoadError) and document.rule == "json-syntax"):
                yield document
                return
            format = "jsonl" if _holds_lines(text, start) else "yaml"
    if format == "yaml" and text.startswith("{", skip_space(text, 0)):
        # YAML 1.2 reads a JSON text as JSON does; PyYAML and libyaml do not quite (they
        # refuse a surrogate pair escape, fold a NEL written as itself), so a producer's
        # JSON saved as .yaml is read as the JSON it is.
        document = json_document(text, file, 0, 1, limits=limits)
        if not (isinstance(document, LoadError) and document.rule == "json-syntax"):
            yield document
            return
    if format == "yaml":
        # Loaded only here: PyYAML and the resolvers take longer to set up than a small
        # JSON Lines file takes to check.
        from newsevents._read.yamlread import iter_yaml

        yield from iter_yaml(text, file, limits)
    elif format == "json":
        yield json_document(text, file, 0, 1, limits=limits)
    else:
        yield from iter_jsonl_text(text, file, limits)


def _holds_lines(text: str, start: int) -> bool:
    """Whether text that is not one JSON value looks like one JSON value per line.

    Only the first line is tried, so a bad later line is still reported as a JSON Lines
    error and not as a puzzling YAML one.
    """
    end = text.find("\n", start)
    if end < 0 or skip_space(text, end) == len(text):
        return False
    first = text[start:end]
    if too_deep_at(first) is not None:
        return True  # too deep to decode here; read as JSON Lines, it is placed on line 1
    try:
        _value, stop = _PLAIN_JSON.raw_decode(first)
    except (ValueError, RecursionError):
        return False
    return skip_space(text, start + stop) >= end


def _unknown_format(path: str) -> str:
    extension = os.path.splitext(path)[1] or "(none)"
    return (
        f"cannot tell the format of {path!r} from its extension {extension}; rename the "
        "file to end in .yaml, .yml, .json, .jsonl or .ndjson (from Python, passing "
        "format='yaml', 'json' or 'jsonl' also works)"
    )
