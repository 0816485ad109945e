"""Cutting the work of a parallel run into bounded tasks: whole files, or parts of one.

A YAML or JSON file is one task (it is read whole, at most ``max_bytes``). A JSON Lines
file is read a line at a time, so it may be of any size; holding a whole file's reports
would make memory grow with the file, so a JSON Lines file is cut at line ends into
ranges of at most ``RANGE_BYTES`` bytes and ``RANGE_LINES`` lines, each a task whose
reports are bounded however large the file.

The parent cuts the file as the run goes, a little ahead of the workers, reading it
through once: a range's first line number is the count of line ends before it, which
the records' problems must carry (a message may name a line). Indexes count records,
which only reading can tell from blank lines, so the parent renumbers them as it
gathers the ranges in order (see ``parallel``).

Each range carries the file's :data:`Stamp` as the cut saw it; the worker checks it
before and after reading, so that a file written to, replaced or removed during the run
is reported as such instead of being read in pieces of two different files.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from typing import BinaryIO, TypeAlias

from newsevents._cli.inputs import Input
from newsevents._errors import LoadError
from newsevents._read.limits import open_regular

__all__ = ["RANGE_BYTES", "RANGE_LINES", "Range", "Stamp", "Task", "cuts", "plan", "stamp"]

#: The most bytes of one range (a longer line makes its range longer). A range costs a
#: task of about a millisecond against some 60 ms to check it; ranges of 1 to 16 MiB
#: check a file alike, and larger ones leave a worker idle at the end of it, or a file of
#: tens of MiB in one range (benchmarks/jobs.py --tune).
RANGE_BYTES = 4 * 1024 * 1024
#: The most lines of one range, which bounds the reports it holds when records are small.
RANGE_LINES = 4096
# The parent reads through this much at a time to find line ends.
_BLOCK = 1 << 20

#: What identifies the content of a file for as long as it is not written to: device,
#: inode, size and modification time in nanoseconds.
Stamp: TypeAlias = "tuple[int, int, int, int]"


@dataclass(frozen=True)
class Range:
    """The lines of a JSON Lines file from ``start`` to ``stop`` (None: to its end), the
    first being line ``first_line``; ``last`` says no range of the file follows."""

    name: str
    path: str
    start: int
    stop: int | None
    first_line: int
    stamp: Stamp
    last: bool


#: One task of a parallel run: a whole input, or a range of a JSON Lines file.
Task: TypeAlias = "Input | Range"


def stamp(status: os.stat_result) -> Stamp:
    """The :data:`Stamp` of a file from its ``os.stat``."""
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)


def is_jsonl(item: Input) -> bool:
    """Whether the loader reads this input as JSON Lines, a line at a time."""
    if item.path is None or item.problem or item.unreadable or item.empty_directory:
        return False
    # As the loader tells the format of a path (loader._EXTENSIONS).
    return os.path.splitext(item.path)[1].lower() in (".jsonl", ".ndjson")


def plan(
    item: Input, range_bytes: int = RANGE_BYTES, range_lines: int = RANGE_LINES
) -> Generator[Task, None, None]:
    """The tasks that check ``item``, in order: the input itself, or the ranges of a JSON
    Lines file too long for one. Anything unusual (the file cannot be opened, it changes
    under the cut) leaves the reading of that part to a worker, which reports it."""
    if not is_jsonl(item):
        yield item
        return
    path = item.path or item.name
    handle = open_regular(path, item.name, buffering=0)
    if isinstance(handle, LoadError):
        yield item  # read whole by a worker, it reports what serial reading does
        return
    with handle:
        try:
            status = os.fstat(handle.fileno())
        except OSError:
            status = None
        if status is None or status.st_size <= min(range_bytes, range_lines):
            yield item
            return
        parts = cuts(handle, range_bytes, range_lines)
        held = next(parts, None)
        following = next(parts, None)
        if held is None or following is None:
            yield item
            return
        mark = stamp(status)
        for part in parts:
            yield Range(item.name, path, *held, mark, last=False)
            held, following = following, part
        yield Range(item.name, path, *held, mark, last=False)
        yield Range(item.name, path, *following, mark, last=True)


def cuts(
    handle: BinaryIO, range_bytes: int, range_lines: int, block: int = _BLOCK
) -> Iterator[tuple[int, int | None, int]]:
    """``(start, stop, first_line)`` of each range of the file, in order, reading it once;
    the last range's ``stop`` is None (to the end) unless it ends where the file did. Each
    range ends at a line end (the last perhaps at the end of the file), holds at most
    ``range_lines`` lines, and at most ``range_bytes`` bytes unless it is one longer line.
    A read that fails ends the cut, leaving the rest to one range."""
    start, line = 0, 1  # the current range: its first byte and its first line
    lines = last = 0  # line ends in it so far, and the offset just past the last one
    offset = 0  # the file offset of buffer[0]
    while True:
        try:
            buffer = handle.read(block)
        except OSError:
            break
        size = len(buffer)
        if not size:
            break
        at = 0  # the current range is scanned up to offset + at
        while at < size:
            budget = start + range_bytes - offset  # where its byte budget ends in the buffer
            if budget > at:
                end = min(size, budget)
                found = buffer.count(b"\n", at, end)
                if lines + found < range_lines:
                    if found:
                        last = offset + buffer.rfind(b"\n", at, end) + 1
                    lines += found
                    at = end
                    continue
                for _ in range(range_lines - lines):  # the line end that fills the range
                    at = buffer.index(b"\n", at, end) + 1
                stop, lines = offset + at, range_lines
            elif lines:  # the budget is spent: cut after the last line end in the range
                stop = last
            else:  # one line longer than the budget: cut at its end, wherever that is
                found = buffer.find(b"\n", at, size)
                if found < 0:
                    break
                at = found + 1
                stop, lines = offset + at, 1
            yield start, stop, line
            # Nothing between the cut and the scanned position is a line end.
            start, line, lines = stop, line + lines, 0
        offset += size
    if start < offset or not start:
        yield start, None, line
