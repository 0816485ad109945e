"""The limits reading keeps to, so that no input can exhaust memory, the stack or the CPU.

Every limit is far above what a news-event record needs and below where the machinery
underneath gets into trouble; the README lists them under "Limits". Files are read through
``read_file`` and ``open_regular``, standard input through ``read_stream``: each reads at
most one byte past its limit, and nothing but a regular file is ever opened by name, so a
link to ``/dev/zero`` or a named pipe without a writer is refused at once instead of
filling memory or waiting forever.
"""

from __future__ import annotations

import dataclasses
import io
import os
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO, cast

from newsevents._errors import LoadError
from newsevents._read.document import Document
from newsevents._read.messages import unreadable

__all__ = [
    "DEFAULT_LIMITS",
    "HIGHEST_LIMIT",
    "MAX_DEPTH",
    "MAX_DOCUMENTS",
    "MAX_INT_DIGITS",
    "MAX_LINE_BYTES",
    "MAX_SOURCE_BYTES",
    "MAX_STRING_LENGTH",
    "Limits",
    "NotRegular",
    "bounded_int",
    "describe_size",
    "long_string",
    "open_file",
    "open_regular",
    "read_file",
    "read_stream",
    "resolve_limits",
    "string_limit",
    "too_deep",
    "too_large",
    "too_long",
    "too_many_digits",
    "too_many_documents",
    "with_max_bytes",
]

_MIB = 1024 * 1024

#: The most bytes read whole: a YAML or JSON file, or standard input.
MAX_SOURCE_BYTES = 256 * _MIB
#: The longest JSON Lines line. A JSON Lines file is read a line at a time, so the file
#: itself may be any size (streams of gigabytes are an everyday case).
MAX_LINE_BYTES = 64 * _MIB
#: The deepest nesting of lists and mappings, the record itself being level 1. Records
#: need about ten. The readers never recurse, but much of what is done with a record
#: afterwards does (copying it, writing it out, formatting it): at a few Python frames a
#: level, 256 levels stay well inside Python's default recursion limit of 1000. orjson
#: writes at most 254 levels, so whatever the fast JSON path accepts, the careful one does.
MAX_DEPTH = 256
#: The most decimal digits an integer may have, whatever notation it is written in: the
#: default of Python's own limit on converting integers to and from text, so that every
#: value read can be printed. Checked before converting, so that an interpreter run
#: without that limit does not spend quadratic time on a huge number.
MAX_INT_DIGITS = 4300
#: The most records read from one stream: the documents of a YAML file, the lines of a
#: JSON Lines file that hold something. Ten million full-size records is about 400 GB
#: of JSON Lines; the limit is there so that a generated stream of tiny documents ends.
MAX_DOCUMENTS = 10_000_000
#: The most characters in one string, key or value. A long news article's text is
#: 100,000 characters and a book about a million: this leaves room for a whole
#: collection pasted into one text, and is half the longest JSON Lines line.
MAX_STRING_LENGTH = 32 * _MIB

#: The highest value any limit may be set to: enough to read anything a file system
#: holds, and small enough for every count and size the readers compute from it.
HIGHEST_LIMIT = sys.maxsize // 4

# An integer of at most MAX_INT_DIGITS decimal digits is below this.
_INT_BOUND = 10**MAX_INT_DIGITS
# The most significant digits a number below _INT_BOUND can have in each base: beyond them
# a number is too large without converting it (a test derives these from _INT_BOUND).
_MOST_DIGITS = {10: MAX_INT_DIGITS, 16: 3572, 8: 4762}
_FIRST_READ = 64 * 1024
_CHUNK = _MIB
_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)
_RAISE = "raise the limit with --max-file-size (from Python: max_bytes=...)"


@dataclass(frozen=True, slots=True)
class Limits:
    """How much reading takes in before it refuses a source, each limit in its place.

    Every default is far above what a news-event record needs; lower a limit to hold the
    files of a repository to less, or raise one for a source that really is that large::

        newsevents.load_all("dump.jsonl", limits=newsevents.Limits(max_documents=1000))

    ``max_file_bytes`` bounds a YAML or JSON file, or standard input, which are read whole;
    ``max_line_bytes`` one JSON Lines line (the file may be any size, as it is read a line
    at a time); ``max_depth`` the nesting of lists and mappings, the record being level 1
    (at most 256: deeper data would overflow Python's recursion limit in the code that
    copies, prints or formats records); ``max_documents`` the records of one stream;
    ``max_string_length`` the characters of any one key or string value.

    >>> Limits(max_depth=32).max_depth, Limits().max_documents
    (32, 10000000)
    """

    max_file_bytes: int = MAX_SOURCE_BYTES
    max_line_bytes: int = MAX_LINE_BYTES
    max_depth: int = MAX_DEPTH
    max_documents: int = MAX_DOCUMENTS
    max_string_length: int = MAX_STRING_LENGTH

    def __post_init__(self) -> None:
        for name in self.__slots__:
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"Limits({name}={_shown(value)}): it must be a whole number")
            if value < 1:
                raise ValueError(f"Limits({name}={_shown(value)}): it must be 1 or more")
            if value > HIGHEST_LIMIT:
                raise ValueError(
                    f"Limits({name}={_shown(value)}): it can be at most {HIGHEST_LIMIT:,}"
                )
        if self.max_depth > MAX_DEPTH:
            raise ValueError(
                f"Limits(max_depth={self.max_depth!r}): it can be at most {MAX_DEPTH}, "
                "as data nested deeper overflows Python's recursion limit in code that "
                "copies, prints or formats it"
            )


def _shown(value: object) -> str:
    """``value`` as a message shows it: an integer too long to print by its size."""
    if isinstance(value, int) and value.bit_length() > 64:
        sign = "a negative" if value < 0 else "an"
        return f"<{sign} integer of {value.bit_length():,} bits>"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


#: The limits of every read that is not given others.
DEFAULT_LIMITS = Limits()


def resolve_limits(max_bytes: object, limits: object = None) -> Limits:
    """The limits a reading function was given: ``limits`` (None: the defaults), with
    ``max_bytes``, the shorthand for its two byte limits, when that is given."""
    if limits is None:
        limits = DEFAULT_LIMITS
    elif not isinstance(limits, Limits):
        raise TypeError(f"limits={limits!r}, but it must be a newsevents.Limits or None")
    if max_bytes is None:
        return limits
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int):
        raise TypeError(
            f"max_bytes={_shown(max_bytes)}, but it must be a whole number of bytes or None"
        )
    if max_bytes < 1:
        raise ValueError(f"max_bytes={_shown(max_bytes)}, but it must be 1 or more")
    return with_max_bytes(limits, max_bytes)


def with_max_bytes(limits: Limits, max_bytes: int | None) -> Limits:
    """``limits`` with both byte limits set to ``max_bytes`` (None: as they are), as
    ``--max-file-size`` and ``max_bytes=`` set them."""
    if max_bytes is None:
        return limits
    return dataclasses.replace(limits, max_file_bytes=max_bytes, max_line_bytes=max_bytes)


def bounded_int(digits: str, base: int) -> int | None:
    """The value of the unsigned ``digits`` in ``base`` (10, 16 or 8), or None when it has
    more than ``MAX_INT_DIGITS`` decimal digits. Never converts a number that long.

    >>> bounded_int("0755", 10), bounded_int("ff", 16), bounded_int("0" * 9000 + "1", 10)
    (755, 255, 1)
    >>> bounded_int("9" * 4301, 10), bounded_int("f" * 3600, 16)
    (None, None)
    """
    if len(digits) > _MOST_DIGITS[base]:
        digits = digits.lstrip("0")
        if len(digits) > _MOST_DIGITS[base]:
            return None
    try:
        value = int(digits, base)
    except ValueError:  # an interpreter whose own limit is stricter than this one
        return None
    return value if value < _INT_BOUND else None


# --- Messages ----------------------------------------------------------------------------


def describe_size(size: int) -> str:
    """A byte count as people write it, and exact: a round number of KiB, MiB or GiB in
    those units, any other count in bytes.

    >>> describe_size(256 * 1024 * 1024), describe_size(1536), describe_size(1)
    ('256 MiB', '1,536 bytes', '1 byte')
    """
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= scale and size % scale == 0:
            return f"{size // scale} {unit}"
    return f"{size:,} byte{'s' * (size != 1)}"


def too_large(
    limit: int,
    file: str | None,
    *,
    size: int | None = None,
    line: int | None = None,
    index: int | None = None,
    stdin: bool = False,
) -> LoadError:
    """The error for a file (of ``size`` bytes, when known), standard input (``stdin``) or
    one JSON Lines line (``line``) beyond ``limit`` bytes."""
    most = describe_size(limit)
    if line is not None:
        message = (
            f"this line is longer than {most}, the most read for one JSON Lines line, so it "
            f"was not read (the other lines are); if it really is one record, {_RAISE}"
        )
    elif stdin:
        message = (
            f"standard input holds more than {most}, the most read whole; {_RAISE}, or name "
            "the file instead (a JSON Lines file is read a line at a time, whatever its size)"
        )
    else:
        held = "more" if size is None else f"{describe_size(size)}, more"
        message = (
            f"the file holds {held} than {most}, the most read whole; records are far "
            f"smaller, so check that it is the file you meant, or {_RAISE}"
        )
    return LoadError("too-large", message, file=file, line=line, index=index)


def too_deep(
    file: str | None,
    index: int | None,
    line: int | None,
    column: int | None,
    limit: int = MAX_DEPTH,
) -> LoadError:
    """The error for lists and mappings nested beyond ``limit``, placed where they are."""
    if limit < MAX_DEPTH:
        raise_it = "raise the limit with --max-depth (from Python: Limits(max_depth=...))"
    else:
        raise_it = "flatten the structure"
    message = (
        f"lists and mappings are nested more than {limit} level{'s' * (limit != 1)} deep "
        "here, which is "
        f"the limit (records need about ten); {raise_it}, or check that the file is not "
        "damaged"
    )
    return LoadError("too-deep", message, file=file, line=line, column=column, index=index)


def too_many_documents(
    limit: int, file: str | None, index: int, line: int | None, column: int | None
) -> LoadError:
    """The error for the first record of a stream past ``limit`` records; nothing more of
    the stream is read."""
    message = (
        f"this stream holds more than {limit:,} record{'s' * (limit != 1)}, the most read "
        "from one source, so "
        "reading stopped here; split the file, or raise the limit with --max-documents "
        "(from Python: Limits(max_documents=...))"
    )
    return LoadError(
        "too-many-documents", message, file=file, line=line, column=column, index=index
    )


def too_long(
    length: int, limit: int, key: bool, file: str | None, index: int, line: int, column: int
) -> LoadError:
    """The error for a key or string value of ``length`` characters, beyond ``limit``."""
    what = "key" if key else "string"
    message = (
        f"this {what} is {length:,} characters long, more than {limit:,}, the longest "
        "read; check that the file is not damaged, or raise the limit with "
        "--max-string-length (from Python: Limits(max_string_length=...))"
    )
    return LoadError("string-too-long", message, file=file, line=line, column=column, index=index)


def long_string(record: Any, limit: int) -> tuple[str, int, bool] | None:
    """The JSON Pointer, length and keyness of the first key or string in ``record``
    (in the order written) longer than ``limit`` characters, or None.

    Without recursion, as the record may be nested as deeply as the depth limit allows.

    >>> long_string({"a": ["xy", {"bcd": 1}]}, 2)
    ('/a/1/bcd', 3, True)
    >>> long_string({"a": ["xy", {"bcd": "xyz"}]}, 3) is None
    True
    """
    stack: list[tuple[str, Iterator[tuple[Any, Any]]]] = [("", _members(record))]
    while stack:
        pointer, members = stack[-1]
        member = next(members, None)
        if member is None:
            stack.pop()
            continue
        key, value = member
        step = key if isinstance(key, int) else key.replace("~", "~0").replace("/", "~1")
        here = f"{pointer}/{step}"
        if isinstance(key, str) and len(key) > limit:
            return here, len(key), True
        if isinstance(value, str):
            if len(value) > limit:
                return here, len(value), False
        elif isinstance(value, (dict, list)):
            stack.append((here, _members(value)))
    return None


def string_limit(item: Document | LoadError, size: int, limit: int) -> Document | LoadError:
    """``item``, or a ``string-too-long`` error in its place when it is a document of
    ``size`` characters or bytes holding a longer key or string than ``limit``.

    A string is never longer than the text it is written in (escapes and folded lines
    only shorten it), so only a document longer than the limit is looked through.
    """
    if size <= limit or not isinstance(item, Document):
        return item
    found = long_string(item.record, limit)
    if found is None:
        return item
    pointer, length, key = found
    line, column = item.locate(pointer)
    return too_long(length, limit, key, item.file, item.index, line, column)


def _members(value: dict[str, Any] | list[Any]) -> Iterator[tuple[Any, Any]]:
    return iter(value.items()) if isinstance(value, dict) else enumerate(value)


def too_many_digits(written: str) -> str:
    """The message for an integer beyond ``MAX_INT_DIGITS`` decimal digits."""
    return (
        f"the integer {written[:12]}... ({len(written)} characters) is too large: an integer "
        f"may have at most {MAX_INT_DIGITS} decimal digits, whatever notation it is written "
        "in; quote it to keep it as text"
    )


def _not_regular(kind: str, path: str, file: str | None) -> LoadError:
    piped = "pipe" in kind or "socket" in kind
    hint = "; to check what a program writes, pipe it to standard input (-) instead" * piped
    return LoadError(
        "unreadable",
        f"cannot read {path!r}: it is {kind}, not a regular file, so it was not opened{hint}",
        file=file,
    )


# --- Reading -----------------------------------------------------------------------------


def _kind(mode: int) -> str | None:
    for test, what in _KINDS:
        if test(mode):
            return what
    return None if stat.S_ISREG(mode) else "not a regular file"


class NotRegular(Exception):
    """What ``open_file`` raises for a path that names no regular file: ``kind`` says
    what it names instead (``a directory``, ``a named pipe (FIFO)`` ...)."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def open_file(path: str, mode: str = "rb", buffering: int = -1) -> BinaryIO:
    """The regular file at ``path`` (links followed), opened in ``mode`` (``rb``, or
    ``r+b`` to rewrite it); ``NotRegular`` for anything else, or ``OSError``.

    Anything else is refused before it is opened. The file is opened without blocking and
    looked at again once open, so that a pipe put in its place in between cannot stall the
    read either.
    """
    kind = _kind(os.stat(path).st_mode)
    if kind is not None:
        raise NotRegular(kind)
    nonblocking = getattr(os, "O_NONBLOCK", 0)
    flags = os.O_RDWR if "+" in mode else os.O_RDONLY
    descriptor = os.open(path, flags | nonblocking | getattr(os, "O_BINARY", 0))
    try:
        kind = _kind(os.fstat(descriptor).st_mode)
        if kind is not None:
            raise NotRegular(kind)
        if nonblocking:
            os.set_blocking(descriptor, True)
        return cast(BinaryIO, open(descriptor, mode, buffering=buffering))
    except BaseException:
        os.close(descriptor)
        raise


def open_regular(path: str, file: str | None, buffering: int = -1) -> BinaryIO | LoadError:
    """A binary handle on the regular file at ``path`` (links followed), or why not, as
    ``open_file`` opens it."""
    try:
        return open_file(path, "rb", buffering)
    except NotRegular as refused:
        return _not_regular(refused.kind, path, file)
    except OSError as exc:
        return unreadable(exc, path, file)


def read_file(path: str, file: str | None, limit: int) -> bytes | LoadError:
    """The bytes of the regular file at ``path``; ``too-large`` beyond ``limit`` bytes."""
    handle = open_regular(path, file, buffering=0)
    if isinstance(handle, LoadError):
        return handle
    with handle:
        try:
            size = os.fstat(handle.fileno()).st_size
            data = None if size > limit else read_stream(handle, limit, size)
        except OSError as exc:
            return unreadable(exc, path, file)
    if data is None:  # larger than its size said if it grew while being read
        return too_large(limit, file, size=size if size > limit else None)
    return data


def read_stream(stream: BinaryIO | io.BufferedIOBase, limit: int, size: int = 0) -> bytes | None:
    """Everything ``stream`` holds, or None as soon as it proves to hold more than
    ``limit`` bytes: never more than ``limit + 1`` bytes are read.

    ``size`` is what the stream is expected to hold, so that a file of known size is read
    in one call; beyond it, reading goes on in chunks, so that memory grows only with what
    is really there.
    """
    chunks: list[bytes] = []
    total = 0
    want = min(limit + 1, max(size + 1, _FIRST_READ))
    while True:
        chunk = stream.read(min(want, limit + 1 - total))
        if not chunk:
            return chunks[0] if len(chunks) == 1 else b"".join(chunks)
        total += len(chunk)
        if total > limit:
            return None
        chunks.append(chunk)
        want = _CHUNK
