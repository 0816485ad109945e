"""Checking inputs: read each record, judge it, and hand the results on in order.

Serial runs stream: a JSON Lines file of any size is read, judged and reported one record
at a time. Parallel runs (``jobs`` > 1) check bounded tasks in worker processes, whole
files and ranges of large JSON Lines files, a few at a time, and replay their outcomes
in input order (``parallel``), so that the output is the same either way and memory
stays flat. Each report carries its record's id, so that the run can find two records
with one id wherever each was judged.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsevents._cli.inputs import Input, read_input
from newsevents._errors import Problem
from newsevents._report import RecordReport, Skipped

if TYPE_CHECKING:
    from newsevents._read.document import Document
    from newsevents._read.limits import Limits
    from newsevents._read.loader import Format
    from newsevents._rules.recordids import RecordIds
    from newsevents._validator import Validator

__all__ = [
    "AUTO_POOL_BYTES",
    "AUTO_POOL_FILE_BYTES",
    "Judged",
    "Result",
    "check_input",
    "check_inputs",
    "judge",
    "pool_size",
]

#: Below this many bytes in all, a worker pool costs more than it saves: one file in a
#: pre-commit run never starts one.
AUTO_POOL_BYTES = 8 * 1024 * 1024
#: From this size on, one JSON Lines file alone is checked in parallel by default, its
#: ranges spread over the CPUs: on two CPUs, --jobs 2 takes as long as serial checking
#: on 16 MB, 0.7x as long on 32 MB and 0.6x on 64 MB (benchmarks/jobs.py --break-even).
AUTO_POOL_FILE_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True)
class Judged(RecordReport):
    """A record's report with the record's ``id`` (None when it has no string id)."""

    record_id: str | None = None


#: What checking an input yields: a record's report, a read error, or a skipped document.
Result = Judged | Problem | Skipped


def check_input(
    item: Input,
    stdin_format: Format | None = None,
    validator: Validator | None = None,
    skip_non_records: bool = False,
    limits: Limits | None = None,
) -> Iterator[Result]:
    """Yield a report for each record of one input, and a Problem for what cannot be read.

    Records are judged by ``validator`` (the default one when None); with
    ``skip_non_records``, a document that is no news-event record is yielded as
    :class:`Skipped` instead of judged; ``limits`` bounds what is read (None: the
    loader's defaults)."""
    return judge(read_input(item, stdin_format, limits), validator, skip_non_records)


def judge(
    documents: Iterable[Document | Problem],
    validator: Validator | None = None,
    skip_non_records: bool = False,
) -> Iterator[Result]:
    """The result of each document read (or read error) in turn: see ``check_input``."""
    from newsevents._rules.recordids import record_id
    from newsevents._schema.recordness import is_record
    from newsevents._validator import default

    checker = validator or default()
    for document in documents:
        if isinstance(document, Problem):
            yield document
        elif skip_non_records and not is_record(document.record):
            yield Skipped(document.index, document.file, document.line, document.column)
        else:
            problems = tuple(checker.iter_problems(document))
            ident = record_id(document.record) if is_record(document.record) else None
            yield Judged(
                document.index, document.file, document.line, document.column, problems, ident
            )


def pool_size(inputs: Sequence[Input], jobs: int | None) -> int:
    """How many worker processes to use: ``jobs`` as asked (0: one per CPU), never more
    than there are tasks; by default one per CPU only when there are several files and
    enough bytes for a pool to pay, or one JSON Lines file of ``AUTO_POOL_FILE_BYTES``."""
    from newsevents._cli.ranges import RANGE_BYTES, is_jsonl

    cpus = os.cpu_count() or 1
    sizes = [(item.size, is_jsonl(item)) for item in inputs if item.path is not None]
    if jobs is None:
        large = any(lines and size >= AUTO_POOL_FILE_BYTES for size, lines in sizes)
        if not large and (len(sizes) < 2 or sum(size for size, _ in sizes) < AUTO_POOL_BYTES):
            return 1
        jobs = 0
    # A JSON Lines file is one task per range of it, any other file one task.
    tasks = sum(max(1, -(-size // RANGE_BYTES)) if lines else 1 for size, lines in sizes)
    wanted = cpus if jobs == 0 else jobs
    return max(1, min(wanted, tasks))


def check_inputs(
    inputs: Sequence[Input],
    *,
    jobs: int = 1,
    stdin_format: Format | None = None,
    validator: Validator | None = None,
    skip_non_records: bool = False,
    unique_ids: bool = False,
    limits: Limits | None = None,
) -> Iterator[tuple[Input, Iterator[Result]]]:
    """For each input in order, the input and the stream of its results.

    With ``unique_ids``, a record whose id an earlier record of the run had (in this
    input or another) gets a ``duplicate-record-id`` problem naming where that one is.
    """
    from newsevents._rules.recordids import RecordIds

    ids = RecordIds() if unique_ids else None
    checked = _checked(inputs, jobs, stdin_format, validator, skip_non_records, limits, unique_ids)
    for item, results in checked:
        yield item, (results if ids is None else _against(ids, results))


def _against(ids: RecordIds, results: Iterator[Result]) -> Iterator[Result]:
    # The streams are consumed in input order, so the first place of an id is the first in
    # the run's order, with --jobs or without.
    for result in results:
        yield ids.check(result, result.record_id) if isinstance(result, Judged) else result


def _checked(
    inputs: Sequence[Input],
    jobs: int,
    stdin_format: Format | None,
    validator: Validator | None,
    skip_non_records: bool,
    limits: Limits | None,
    keep_ids: bool,
) -> Iterator[tuple[Input, Iterator[Result]]]:
    if jobs <= 1:
        for item in inputs:
            yield item, check_input(item, stdin_format, validator, skip_non_records, limits)
        return
    # Loaded only here: the pool machinery costs start-up time that serial runs never repay.
    from newsevents._cli.parallel import Settings, check_in_pool

    settings = Settings(validator, skip_non_records, limits, keep_ids)
    yield from check_in_pool(inputs, jobs, settings, stdin_format)
