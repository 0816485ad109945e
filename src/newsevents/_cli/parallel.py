"""Checking inputs in worker processes, a bounded window of tasks at a time, in order.

The tasks (``ranges.plan``: whole files, and ranges of large JSON Lines files) are
submitted in input order, at most ``window`` of them in flight; the parent takes their
outcomes in that order, so that it replays exactly what a serial run reports, and holds
``window`` outcomes besides the one it replays, however many records the files hold. A
worker sends its reports packed (:data:`Packed`): a valid record's report is four values.

A range's records are indexed from 0 in the worker; the parent adds the count of records
in the file's earlier ranges, which only it knows, and reports ``empty-document`` once
for a file whose ranges hold no record.
"""

from __future__ import annotations

import codecs
import dataclasses
import os
import sys
from collections import deque
from collections.abc import Generator, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import closing
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, TypeAlias

from newsevents._cli import ranges
from newsevents._cli.inputs import Input
from newsevents._cli.validate import Judged, Result, check_input, judge
from newsevents._errors import LoadError, Problem
from newsevents._read.limits import DEFAULT_LIMITS, MAX_DOCUMENTS, too_many_documents
from newsevents._read.messages import NO_RECORDS
from newsevents._report import Skipped

if TYPE_CHECKING:
    from newsevents._read.limits import Limits
    from newsevents._read.loader import Format
    from newsevents._validator import Validator

__all__ = [
    "WINDOW_PER_WORKER",
    "Outcome",
    "Packed",
    "Settings",
    "Window",
    "check_in_pool",
    "pack",
    "unpack",
    "work",
]

#: A result as a worker sends it: a Problem as it is; a record's report as (index, line,
#: column, id), with its problems after them when it has any; a skipped document as
#: (index, line, column). The file is the task's. A valid record's report so takes 0.6x
#: the bytes of its ``Judged``, pickled (33 bytes) and held (about 210: benchmarks/jobs.py).
Packed: TypeAlias = (
    "Problem | tuple[int, int | None, int | None] | tuple[int, int | None, int | None, str | None]"
    " | tuple[int, int | None, int | None, str | None, tuple[Problem, ...]]"
)
#: What a task yields: its packed results, how many records they are, and whether the
#: reading of the file stopped in it (a read error that ends the stream).
Outcome: TypeAlias = "tuple[list[Packed], int, bool]"


@dataclass(frozen=True)
class Settings:
    """What every task of a run is checked with, given to each worker once."""

    validator: Validator | None
    skip_non_records: bool
    limits: Limits | None
    keep_ids: bool


_settings = Settings(None, False, None, False)
#: Tasks in flight for each worker: enough that none waits while the parent replays an
#: outcome, few enough that the outcomes held stay a handful (benchmarks/jobs.py --tune).
WINDOW_PER_WORKER = 2


def _start(settings: Settings) -> None:
    global _settings
    _settings = settings


def pack(result: Result, keep_id: bool = True) -> Packed:
    """``result`` as a worker sends it (see :data:`Packed`)."""
    if isinstance(result, Problem):
        return result
    where = (result.index, result.line, result.column)
    if isinstance(result, Skipped):
        return where
    ident = result.record_id if keep_id else None
    return (*where, ident, result.problems) if result.problems else (*where, ident)


def unpack(packed: Packed, file: str | None, offset: int = 0) -> Result:
    """The result ``pack`` packed, of a record read in ``file``, its index moved by
    ``offset``: the records of the file before the part it was read in."""
    if isinstance(packed, Problem):
        return _moved(packed, offset)
    if len(packed) == 3:
        return Skipped(packed[0] + offset, file, packed[1], packed[2])
    if len(packed) == 4:
        return Judged(packed[0] + offset, file, packed[1], packed[2], (), packed[3])
    problems = tuple(_moved(problem, offset) for problem in packed[4]) if offset else packed[4]
    return Judged(packed[0] + offset, file, packed[1], packed[2], problems, packed[3])


def _moved(problem: Problem, offset: int) -> Problem:
    if not offset or problem.index is None:
        return problem
    return replace(problem, index=problem.index + offset)


def work(task: ranges.Task) -> Outcome:
    """Check one task in a worker, with the run's :class:`Settings`."""
    settings = _settings
    if isinstance(task, Input):
        results: Iterator[Result] = check_input(
            task, None, settings.validator, settings.skip_non_records, settings.limits
        )
        return [pack(result, settings.keep_ids) for result in results], 0, False
    packed = [pack(result, settings.keep_ids) for result in _range_results(task, settings)]
    # Checked after reading: what was read may mix the old file and the new.
    if not _unchanged(task):
        return [_changed(task)], 0, True
    stopped = bool(packed) and isinstance(packed[-1], Problem) and packed[-1].index is None
    records = sum(1 for one in packed if not isinstance(one, Problem) or one.index is not None)
    return packed, records, stopped


def _range_results(task: ranges.Range, settings: Settings) -> Iterator[Result]:
    from newsevents._read.jsonread import iter_jsonl_file
    from newsevents._read.limits import HIGHEST_LIMIT

    # The loader reads a JSON Lines path so (loader._iter_source), with the same limits
    # but one: a range's indexes are its own, so the parent counts the file's records.
    limits = dataclasses.replace(settings.limits or DEFAULT_LIMITS, max_documents=HIGHEST_LIMIT)
    documents = iter_jsonl_file(
        task.path,
        task.name,
        limits,
        start=task.start,
        stop=task.stop,
        first_line=task.first_line,
    )
    read = (item.problem if isinstance(item, LoadError) else item for item in documents)
    return judge(read, settings.validator, settings.skip_non_records)


def _record_line(task: ranges.Range, local: int) -> int | None:
    """The line on which record ``local`` (from 0) of ``task``'s range starts, told from
    blank lines as the JSON Lines reader tells them; None if the range cannot be read."""
    from newsevents._read.jsonread import BLANKS
    from newsevents._read.limits import open_regular

    handle = open_regular(task.path, task.name)
    if isinstance(handle, LoadError):
        return None
    with handle:
        handle.seek(task.start)
        left = sys.maxsize if task.stop is None else task.stop - task.start
        line, seen = task.first_line, -1
        filled = started = False  # whether the line holds more than blanks; has begun
        while True:
            # A piece at a time, as a line may be far longer than any limit.
            piece = handle.readline(min(left, _PIECE)) if left > 0 else b""
            left -= len(piece)
            if piece:
                if line == 1 and not started and piece.startswith(codecs.BOM_UTF8):
                    piece = piece[len(codecs.BOM_UTF8) :]
                started = True
                filled = filled or bool(piece.strip(BLANKS))
            if started and (not piece or piece.endswith(b"\n")):
                seen += filled
                if filled and seen == local:
                    return line
                line, filled, started = line + 1, False, False
            if not piece:
                return None


# The most bytes of a line read at once when a line is looked for again.
_PIECE = 1 << 20


def _unchanged(task: ranges.Range) -> bool:
    try:
        return ranges.stamp(os.stat(task.path)) == task.stamp
    except OSError:
        return False


def _changed(task: ranges.Range) -> Problem:
    return Problem(
        "unreadable",
        "the file changed while it was being read (it was written to, replaced or "
        f"removed), so it was not checked from line {task.first_line} on; check it again "
        "once nothing writes to it",
        file=task.name,
        line=task.first_line,
    )


class Window:
    """The tasks of a run in flight, at most ``window``, and their outcomes in order."""

    def __init__(
        self,
        pool: Executor,
        inputs: Sequence[Input],
        window: int,
        max_documents: int = MAX_DOCUMENTS,
    ) -> None:
        self._pool = pool
        self._window = window
        self._max_documents = max_documents
        self._pending: deque[tuple[int, ranges.Task, Future[Outcome]]] = deque()
        self._wanted = 0  # the first input whose results are still to come
        self._tasks = self._planned(inputs)

    def _planned(self, inputs: Sequence[Input]) -> Iterator[tuple[int, ranges.Task]]:
        for number, item in enumerate(inputs):
            # Standard input is checked in the parent, which holds its bytes.
            if item.data is not None or number < self._wanted:
                continue
            tasks: Generator[ranges.Task, None, None] = ranges.plan(
                item, ranges.RANGE_BYTES, ranges.RANGE_LINES
            )
            with closing(tasks):
                for task in tasks:
                    if number < self._wanted:  # its reading stopped: cut no further
                        break
                    yield number, task

    def _fill(self) -> None:
        while len(self._pending) < self._window:
            planned = next(self._tasks, None)
            if planned is None:
                return
            number, task = planned
            self._pending.append((number, task, self._pool.submit(work, task)))

    def results(self, number: int, item: Input) -> Iterator[Result]:
        """The results of input ``number``, as serial checking yields them."""
        records = 0  # of the file's ranges so far
        while True:
            self._fill()
            owner, task, future = self._pending.popleft()
            assert owner == number, "the tasks are taken in the order they were planned"
            self._fill()
            packed, count, stopped = future.result()
            # Where a range's records get their index in the file: the limit on the
            # records of one stream is checked here, the only place that counts them (a
            # whole file's reader keeps to it itself).
            counting = isinstance(task, ranges.Range)
            for one in packed:
                result = unpack(one, item.name, records)
                if counting and result.index == self._max_documents:
                    assert isinstance(task, ranges.Range)
                    limit = self._max_documents
                    # A result's line is where its record or its error is written, a
                    # later line than the record's own after a CR: it is found again.
                    line = _record_line(task, limit - records) or result.line
                    yield too_many_documents(limit, item.name, limit, line, 1).problem
                    self.drop(number)
                    return
                yield result
            if not isinstance(task, ranges.Range):
                return
            records += count
            if stopped:
                self.drop(number)
                return
            if task.last:
                break
        if records == 0:
            yield Problem("empty-document", NO_RECORDS, file=item.name)

    def drop(self, number: int) -> None:
        """Forget what is left of input ``number`` and those before it: its reading
        stopped, or their results are not wanted."""
        self._wanted = max(self._wanted, number + 1)
        while self._pending and self._pending[0][0] <= number:
            self._pending.popleft()[2].cancel()


def check_in_pool(
    inputs: Sequence[Input],
    jobs: int,
    settings: Settings,
    stdin_format: Format | None = None,
) -> Iterator[tuple[Input, Iterator[Result]]]:
    """For each input in order, the input and its results, checked by ``jobs`` workers
    with at most ``WINDOW_PER_WORKER`` tasks each in flight."""
    with ProcessPoolExecutor(max_workers=jobs, initializer=_start, initargs=(settings,)) as pool:
        limits = settings.limits or DEFAULT_LIMITS
        run = Window(pool, inputs, WINDOW_PER_WORKER * jobs, limits.max_documents)
        try:
            for number, item in enumerate(inputs):
                if item.data is not None:
                    yield (
                        item,
                        check_input(
                            item,
                            stdin_format,
                            settings.validator,
                            settings.skip_non_records,
                            settings.limits,
                        ),
                    )
                else:
                    yield item, run.results(number, item)
                    run.drop(number)
        finally:
            pool.shutdown(cancel_futures=True)
