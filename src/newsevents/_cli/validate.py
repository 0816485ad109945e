"""Checking inputs: read each record, judge it, and hand the results on in order.

Serial runs stream: a JSON Lines file of any size is read, judged and reported one record
at a time. Parallel runs (``jobs`` > 1) check whole files in worker processes and replay
their outcomes in input order, so that the output is the same either way. Each report
carries its record's id, so that the run can find two records with one id wherever each
was judged.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsevents._cli.inputs import Input, read_input
from newsevents._errors import Problem
from newsevents._report import RecordReport, Skipped

if TYPE_CHECKING:
    from newsevents._read.limits import Limits
    from newsevents._read.loader import Format
    from newsevents._rules.recordids import RecordIds
    from newsevents._validator import Validator

__all__ = ["AUTO_POOL_BYTES", "Judged", "Result", "check_input", "check_inputs", "pool_size"]

#: Below this many bytes in all, a worker pool costs more than it saves: one file in a
#: pre-commit run never starts one.
AUTO_POOL_BYTES = 8 * 1024 * 1024


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
    from newsevents._rules.recordids import record_id
    from newsevents._schema.recordness import is_record
    from newsevents._validator import default

    judge = validator or default()
    for document in read_input(item, stdin_format, limits):
        if isinstance(document, Problem):
            yield document
        elif skip_non_records and not is_record(document.record):
            yield Skipped(document.index, document.file, document.line, document.column)
        else:
            problems = tuple(judge.iter_problems(document))
            ident = record_id(document.record) if is_record(document.record) else None
            yield Judged(
                document.index, document.file, document.line, document.column, problems, ident
            )


def _outcome(
    item: Input, validator: Validator | None, skip_non_records: bool, limits: Limits | None
) -> list[Result]:
    return list(
        check_input(item, validator=validator, skip_non_records=skip_non_records, limits=limits)
    )


def pool_size(inputs: Sequence[Input], jobs: int | None) -> int:
    """How many worker processes to use: ``jobs`` as asked (0: one per CPU), or by default
    one per CPU only when there are several files and enough bytes for a pool to pay."""
    cpus = os.cpu_count() or 1
    files = sum(1 for item in inputs if item.path is not None)
    if jobs is None:
        if files < 2 or sum(item.size for item in inputs) < AUTO_POOL_BYTES:
            return 1
        jobs = 0
    wanted = cpus if jobs == 0 else jobs
    return max(1, min(wanted, files))


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
    checked = _checked(inputs, jobs, stdin_format, validator, skip_non_records, limits)
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
) -> Iterator[tuple[Input, Iterator[Result]]]:
    if jobs <= 1 or any(item.data is not None for item in inputs):
        for item in inputs:
            yield item, check_input(item, stdin_format, validator, skip_non_records, limits)
        return
    # Loaded only here: the pool machinery costs start-up time that serial runs never repay.
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        # Small chunks keep every worker busy when files differ in size.
        chunk = max(1, min(16, len(inputs) // (jobs * 8) or 1))
        outcomes = pool.map(
            functools.partial(
                _outcome,
                validator=validator,
                skip_non_records=skip_non_records,
                limits=limits,
            ),
            inputs,
            chunksize=chunk,
        )
        for item, outcome in zip(inputs, outcomes, strict=True):
            yield item, iter(outcome)
