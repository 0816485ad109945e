"""Read records from JSON and JSON Lines: plain data only, every hazard a ``LoadError``.

A fast reader (``fastjson``) takes each document first, when it can prove that it reads
what the careful one would. Otherwise the stdlib decoder reads it, with hooks that refuse
duplicate keys, NaN, infinities and numbers too large to be finite, after ``jsonscan`` has
made sure it is not nested too deeply to decode safely, and before it is checked for
escapes of half a surrogate pair. When the decoder refuses something, ``jsonpos`` walks
the text again to say what and where, so valid documents pay nothing for positions.
"""

from __future__ import annotations

import codecs
import json
import math
import sys
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from newsevents._errors import LoadError
from newsevents._read import jsonpos as _jsonpos
from newsevents._read.document import Document
from newsevents._read.fastjson import AVAILABLE, quick_read
from newsevents._read.jsonpos import skip_space
from newsevents._read.jsonscan import lone_surrogate, too_deep_at
from newsevents._read.limits import (
    DEFAULT_LIMITS,
    MAX_INT_DIGITS,
    Limits,
    bounded_int,
    open_regular,
    string_limit,
    too_deep,
    too_large,
    too_many_digits,
    too_many_documents,
)
from newsevents._read.messages import (
    NO_RECORDS,
    bad_utf8,
    duplicate_message,
    foreign_bom,
    lone_surrogate_message,
    non_finite_message,
    not_a_record,
    overflow_message,
    unreadable,
)

__all__ = ["BLANKS", "iter_jsonl_file", "iter_jsonl_text", "json_document", "skip_space"]


# JSON Lines are read through a buffer this large: records are often longer than the
# default buffer, and reading one line in many small pieces costs more than parsing it.
_BUFFER = 1 << 20
# What a line may hold beyond its limit and still be read whole: a UTF-8 byte-order mark
# on the first line, CR LF at the end.
_LINE_SLACK = len(codecs.BOM_UTF8) + len(b"\r\n")
# The first bytes looked at for another encoding's signs.
_SNIFF = 4096
#: What JSON takes for blank: a line of nothing else holds no record.
BLANKS = b" \t\r\n"


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


def _bounded_int(written: str) -> int:
    number = bounded_int(written.lstrip("-"), 10)
    if number is None:
        raise _Refused
    return -number if written.startswith("-") else number


_HOOKS: dict[str, Any] = {
    "object_pairs_hook": _pairs,
    "parse_constant": _refuse_constant,
    "parse_float": _finite_float,
}
_JSON = json.JSONDecoder(**_HOOKS)
# Under Python's default limit on integer digits, which is the loader's own, int() refuses
# exactly the integers the loader refuses, at C speed. An interpreter set otherwise (or
# without the limit) gets the same answers from a hook, at some cost per integer.
_BOUNDED_JSON = json.JSONDecoder(**_HOOKS, parse_int=_bounded_int)


def _decoder() -> json.JSONDecoder:
    limit = getattr(sys, "get_int_max_str_digits", lambda: 0)()
    return _JSON if limit == MAX_INT_DIGITS else _BOUNDED_JSON


def json_document(
    text: str,
    file: str | None,
    index: int,
    first_line: int,
    what: str = "document",
    shallow: bool | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Document | LoadError:
    """The record in ``text``: a whole JSON file, or the JSON Lines line ``first_line``.

    ``shallow`` says that the fast reader has been tried already, and whether it found the
    text within the depth limit.
    """
    return string_limit(
        _json_document(text, file, index, first_line, what, shallow, limits.max_depth),
        len(text),
        limits.max_string_length,
    )


def _json_document(
    text: str,
    file: str | None,
    index: int,
    first_line: int,
    what: str,
    shallow: bool | None,
    max_depth: int,
) -> Document | LoadError:
    if shallow is None and AVAILABLE:
        record, shallow = quick_read(text.encode("utf-8", "surrogatepass"), max_depth)
        if record is not None:
            return _document(record, text, file, index, first_line)
    start = skip_space(text, 0)
    if start == len(text):
        return LoadError("empty-document", NO_RECORDS, file=file)
    line, column = _jsonpos.line_column(text, start, first_line)
    deep = None if shallow else too_deep_at(text, max_depth)
    if deep is not None:
        return too_deep(file, index, *_jsonpos.line_column(text, deep, first_line), max_depth)
    try:
        record = _decoder().decode(text)
    except json.JSONDecodeError as exc:
        # The decoder counts lines by LF alone; CR line ends count too.
        at_line, at_column = _jsonpos.line_column(text, exc.pos, first_line)
        message = _json_syntax(exc.msg, what == "line" and "\r" in text)
        return LoadError(
            "json-syntax", message, file=file, line=at_line, column=at_column, index=index
        )
    except RecursionError:  # not expected below the depth limit, but not a crash either
        return too_deep(file, index, line, column, max_depth)
    except (_Refused, ValueError):  # ValueError: an integer with too many digits
        return _json_hazard(text, start, file, index, first_line)
    lone = lone_surrogate(text)
    if lone is not None:
        at_line, at_column = _jsonpos.line_column(text, lone, first_line)
        message = lone_surrogate_message(text[lone : lone + 6], yaml=False)
        return LoadError(
            "encoding", message, file=file, line=at_line, column=at_column, index=index
        )
    if not isinstance(record, dict):
        return not_a_record(record, what, file, index, line, column)
    return Document(record, file, index, line, column, _JsonLocator(text, start, first_line))


def _document(
    record: dict[str, Any], text: str | bytes, file: str | None, index: int, first_line: int
) -> Document:
    """A document the fast reader has read; JSON whitespace is ASCII, so bytes count as code
    points up to the record's first character."""
    start = len(text) - len(text.lstrip())
    line, column = first_line, start + 1
    if start:
        line, column = _jsonpos.line_column(_text(text[:start]), start, first_line)
    return Document(record, file, index, line, column, _JsonLocator(text, start, first_line))


def _text(text: str | bytes) -> str:
    return text if isinstance(text, str) else str(text, "utf-8")


def _json_hazard(text: str, start: int, file: str | None, index: int, first_line: int) -> LoadError:
    hazard = _jsonpos.find_hazard(text, start)
    if hazard is None:  # not expected: the decoder refused something the walker accepts
        line, column = _jsonpos.line_column(text, start, first_line)
        message = "a value could not be read; check the document with a JSON validator"
        return LoadError("json-syntax", message, file=file, line=line, column=column, index=index)
    if hazard.rule == "duplicate-key" and hazard.first is not None:
        first = _jsonpos.line_column(text, hazard.first, first_line)
        message = duplicate_message(hazard.written, first)
    elif hazard.rule == "number-too-large":
        message = too_many_digits(hazard.written)
    elif hazard.written in ("NaN", "Infinity", "-Infinity"):
        message = non_finite_message(hazard.written)
    else:
        message = overflow_message(hazard.written)
    line, column = _jsonpos.line_column(text, hazard.offset, first_line)
    return LoadError(hazard.rule, message, file=file, line=line, column=column, index=index)


class _JsonLocator:
    """Where a pointer is written in one JSON document, found by re-reading the text.

    The text may still be the bytes read from the file: they are decoded, indexed and cut
    into lines only when the first position is asked for, and once for all of them.
    """

    __slots__ = ("_first_line", "_index", "_lines", "_start", "_text")

    def __init__(self, text: str | bytes, start: int, first_line: int) -> None:
        self._text = text
        self._start = start
        self._first_line = first_line
        self._index: _jsonpos.JsonIndex | None = None
        self._lines: _jsonpos.LineTable | None = None

    def __call__(self, pointer: str) -> tuple[int, int] | None:
        tokens = _jsonpos.split_pointer(pointer)
        if tokens is None:
            return None
        if self._index is None or self._lines is None:
            text = self._text = _text(self._text)  # the bytes are not kept beside it
            self._index = _jsonpos.JsonIndex(text, self._start)
            self._lines = _jsonpos.LineTable(text, self._first_line)
        return self._lines.line_column(self._index.locate(tokens))


def iter_jsonl_text(
    text: str, file: str | None, limits: Limits = DEFAULT_LIMITS
) -> Iterator[Document | LoadError]:
    """Each line's record or error, in order; one ``empty-document`` error if none holds one,
    and ``too-many-documents`` in place of the first past ``limits.max_documents``."""
    index = pos = line = 0
    while pos < len(text):
        line += 1
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        start = skip_space(text, pos)
        if start < end:
            if index == limits.max_documents:
                yield too_many_documents(limits.max_documents, file, index, line, 1)
                return
            yield json_document(text[pos:end], file, index, line, "line", limits=limits)
            index += 1
        pos = end + 1
    if index == 0:
        yield LoadError("empty-document", NO_RECORDS, file=file)


def iter_jsonl_file(
    path: str,
    file: str,
    limits: Limits = DEFAULT_LIMITS,
    *,
    start: int = 0,
    stop: int | None = None,
    first_line: int = 1,
) -> Iterator[Document | LoadError]:
    """Read JSON Lines one line at a time, so that memory stays flat however long the file;
    a line longer than ``limits.max_line_bytes`` (not counting a byte-order mark or the
    line end) is a ``too-large`` error, and reading goes on; the first record past
    ``limits.max_documents`` is ``too-many-documents``, and reading stops.

    ``start`` and ``stop`` (a line end's offset + 1, or None for the end of the file) read
    only the lines between, the first of them being line ``first_line``; indexes then
    count from 0 at ``start``, and a part of the file holding no record is no error, the
    whole file's reader deciding that. Only the part at offset 0 has a byte-order mark.
    """
    handle = open_regular(path, file, _BUFFER)
    if isinstance(handle, LoadError):
        yield handle
        return
    index, line = 0, first_line - 1
    max_line, max_depth, max_string, max_documents = (
        limits.max_line_bytes,
        limits.max_depth,
        limits.max_string_length,
        limits.max_documents,
    )
    with handle:
        read: Callable[[], bytes] = partial(handle.readline, max_line + _LINE_SLACK)
        try:
            if not start:
                # From the file's first bytes, not its first line: a UTF-16 file's first
                # line may be a blank one, and UTF-16 puts a zero byte after the line feed.
                foreign = foreign_bom(handle.read(_SNIFF), file)
                if foreign is not None:
                    yield foreign
                    return
                handle.seek(0)
            if start or stop is not None:
                left = (sys.maxsize if stop is None else stop) - handle.seek(start)

                def bounded() -> bytes:  # never past ``stop``, even where a line goes on
                    nonlocal left
                    raw = handle.readline(min(max_line + _LINE_SLACK, left)) if left > 0 else b""
                    left -= len(raw)
                    return raw

                read = bounded
            for raw in iter(read, b""):
                line += 1
                base = 0
                if line == 1 and not start:
                    base = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
                end = len(raw) - 1 if raw.endswith(b"\n") else len(raw)
                if end - (raw[end - 1 : end] == b"\r") - base > max_line:
                    filled = bool(raw[base:].strip(BLANKS))
                    while not raw.endswith(b"\n") and raw:  # the rest of the line
                        raw = read()
                        filled = filled or bool(raw.strip(BLANKS))
                    if not filled:  # a blank line, however long, holds no record
                        continue
                    if index == max_documents:
                        yield too_many_documents(max_documents, file, index, line, 1)
                        return
                    yield too_large(max_line, file, line=line, index=index)
                    index += 1
                    continue
                if index == max_documents and raw[base:end].strip(BLANKS):
                    # At the start of its line, as a parallel run places it too.
                    yield too_many_documents(max_documents, file, index, line, 1)
                    return
                body = raw[base:end] if base or end < len(raw) else raw
                record, shallow = quick_read(body, max_depth) if AVAILABLE else (None, False)
                if record is not None:
                    document = _document(record, body, file, index, line)
                    yield string_limit(document, len(body), max_string)
                    index += 1
                    continue
                try:
                    text = str(memoryview(raw)[base:end], "utf-8")
                except UnicodeDecodeError as exc:
                    yield bad_utf8(raw, base, base + exc.start, file, line, index)
                    index += 1
                    continue
                if skip_space(text, 0) < len(text):
                    yield json_document(text, file, index, line, "line", shallow, limits)
                    index += 1
        except OSError as exc:
            yield unreadable(exc, path, file)
            return
    if index == 0 and not start and stop is None:
        yield LoadError("empty-document", NO_RECORDS, file=file)


def _json_syntax(what: str, cr_lines: bool = False) -> str:
    hint = ""
    if what.startswith("Extra data") and cr_lines:
        hint = (
            "; JSON Lines end each record with LF (\\n), and this line holds CR line ends "
            "(\\r) only: save the file with LF line ends"
        )
    elif what.startswith("Extra data"):
        hint = "; if the file holds one record per line, name it .jsonl or pass format='jsonl'"
    elif what.startswith(("Expecting property name", "Illegal trailing comma")):
        hint = " (JSON wants keys in double quotes and no comma before '}' or ']')"
    return f"invalid JSON ({what}); fix the syntax here{hint}"
