"""The limits reading keeps to, so that no input can exhaust memory, the stack or the CPU.

Every limit is far above what a news-event record needs and below where the machinery
underneath gets into trouble; the README lists them under "Limits". Files are read through
``read_file`` and ``open_regular``, standard input through ``read_stream``: each reads at
most one byte past its limit, and nothing but a regular file is ever opened by name, so a
link to ``/dev/zero`` or a named pipe without a writer is refused at once instead of
filling memory or waiting forever.
"""

from __future__ import annotations

import io
import os
import stat
from typing import BinaryIO

from newsevents._errors import LoadError
from newsevents._read.messages import unreadable

__all__ = [
    "MAX_DEPTH",
    "MAX_INT_DIGITS",
    "MAX_LINE_BYTES",
    "MAX_SOURCE_BYTES",
    "bounded_int",
    "check_max_bytes",
    "describe_size",
    "open_regular",
    "read_file",
    "read_stream",
    "too_deep",
    "too_large",
    "too_many_digits",
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


def check_max_bytes(max_bytes: object) -> int | None:
    """``max_bytes`` as given to a reading function: None (the defaults) or a positive int."""
    if max_bytes is None:
        return None
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int):
        raise TypeError(f"max_bytes={max_bytes!r}, but it must be a whole number of bytes or None")
    if max_bytes < 1:
        raise ValueError(f"max_bytes={max_bytes!r}, but it must be 1 or more")
    return max_bytes


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
    file: str | None, index: int | None, line: int | None, column: int | None
) -> LoadError:
    """The error for lists and mappings nested beyond ``MAX_DEPTH``, placed where they are."""
    message = (
        f"lists and mappings are nested more than {MAX_DEPTH} levels deep here, which is "
        "the limit (records need about ten); flatten the structure, or check that the "
        "file is not damaged"
    )
    return LoadError("too-deep", message, file=file, line=line, column=column, index=index)


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


def open_regular(path: str, file: str | None, buffering: int = -1) -> BinaryIO | LoadError:
    """A binary handle on the regular file at ``path`` (links followed), or why not.

    Anything else is refused before it is opened. The file is opened without blocking and
    looked at again once open, so that a pipe put in its place in between cannot stall the
    read either.
    """
    try:
        kind = _kind(os.stat(path).st_mode)
    except OSError as exc:
        return unreadable(exc, path, file)
    if kind is not None:
        return _not_regular(kind, path, file)
    nonblocking = getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(path, os.O_RDONLY | nonblocking | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        return unreadable(exc, path, file)
    try:
        kind = _kind(os.fstat(descriptor).st_mode)
        if kind is not None:
            os.close(descriptor)
            return _not_regular(kind, path, file)
        if nonblocking:
            os.set_blocking(descriptor, True)
        return open(descriptor, "rb", buffering=buffering)
    except OSError as exc:
        os.close(descriptor)
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
