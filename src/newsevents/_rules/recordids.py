"""The run-level rule ``duplicate-record-id``: a record id names one record among all.

A record's ``id`` is "unique among a user's records" (the schema says so), which no single
record can show. The records of one run (every file of a ``validate``, one
``validate_stream(..., unique_ids=True)``) are checked together here: each id is kept with
where its record was first seen, and a later record with the same id gets a problem that
names that place. Only the ids and their places are kept, never the records.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar

from newsevents._errors import Problem, brief
from newsevents._report import RecordReport

__all__ = ["DUPLICATE_RECORD_ID", "RecordIds", "record_id"]

#: The rule two records with one id break.
DUPLICATE_RECORD_ID = "duplicate-record-id"

# A place is packed into one integer (file number, line, index), which costs a fraction
# of a tuple of three for each of a million records.
_SHIFT = 48
_MASK = (1 << _SHIFT) - 1

_Report = TypeVar("_Report", bound=RecordReport)


def record_id(record: object) -> str | None:
    """The record's ``id`` when it is a string, the only ids this rule compares."""
    if isinstance(record, dict):
        found = record.get("id")
        if type(found) is str:
            return found
    return None


class RecordIds:
    """The ids of the records seen so far in a run, each with where it was first seen.

    >>> ids = RecordIds()
    >>> ids.see("r1", "a.yaml", 3, 0) is None
    True
    >>> print(ids.see("r1", "b.jsonl", 7, 6).message)  # doctest: +ELLIPSIS
    the record id 'r1' is already the id of the record at a.yaml:3; ...
    """

    __slots__ = ("_files", "_first", "_numbers")

    def __init__(self) -> None:
        self._first: dict[str, int] = {}
        self._files: list[str | None] = []
        self._numbers: dict[str | None, int] = {}

    def __len__(self) -> int:
        return len(self._first)

    def see(self, ident: str, file: str | None, line: int | None, index: int) -> Problem | None:
        """Note a record's id; the ``duplicate-record-id`` problem when an earlier record
        had it (placed nowhere yet: the caller places it at this record)."""
        number = self._numbers.get(file)
        if number is None:
            number = self._numbers[file] = len(self._files)
            self._files.append(file)
        place = (((number << _SHIFT) | (line or 0)) << _SHIFT) | index
        first = self._first.setdefault(ident, place)
        if first == place:
            return None
        return Problem(
            DUPLICATE_RECORD_ID,
            f"the record id {brief(ident)} is already the id of the record at "
            f"{self._where(first)}; a record id names one record among all of yours, so "
            "give this record an id of its own (or remove the copy)",
            "/id",
        )

    def _where(self, place: int) -> str:
        index = place & _MASK
        line = (place >> _SHIFT) & _MASK
        file = self._files[place >> (2 * _SHIFT)]
        if file is None:
            return f"index {index} of the stream"
        return f"{file}:{line}" if line else f"{file} (record {index})"

    def check(self, report: _Report, ident: str | None) -> _Report:
        """``report``, with a ``duplicate-record-id`` problem added at its record when an
        earlier record of the run had the id ``ident``."""
        if ident is None:
            return report
        problem = self.see(ident, report.file, report.line, report.index)
        if problem is None:
            return report
        placed = problem.located(
            file=report.file, line=report.line, column=report.column, index=report.index
        )
        return replace(report, problems=(*report.problems, placed))
