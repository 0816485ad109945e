"""What checking produces: a report per record, and the counts over a run."""

from __future__ import annotations

from dataclasses import dataclass

from newsevents._errors import Problem

__all__ = ["RecordReport", "Skipped", "Summary"]


@dataclass(frozen=True)
class RecordReport:
    """The verdict on one record: where it was read, and every problem found in it.

    ``index`` is the record's 0-based position in its source (or in the stream given to
    ``validate_stream``); ``file``, ``line`` and ``column`` are where it starts, when known.

    >>> RecordReport(0, problems=()).valid
    True
    """

    index: int
    file: str | None = None
    line: int | None = None
    column: int | None = None
    problems: tuple[Problem, ...] = ()

    @property
    def valid(self) -> bool:
        """True when the record has no problem at all."""
        return not self.problems


@dataclass(frozen=True)
class Skipped:
    """A document left unjudged because it is no news-event record, as the user asked."""

    index: int
    file: str | None = None
    line: int | None = None
    column: int | None = None


@dataclass
class Summary:
    """Counts over a whole run."""

    files: int = 0
    records: int = 0
    valid: int = 0
    invalid: int = 0
    unreadable: int = 0
    problems: int = 0
    skipped: int = 0

    def add(self, item: RecordReport | Problem | Skipped) -> None:
        """Count one record report, read error or skipped document."""
        if isinstance(item, Skipped):
            self.skipped += 1
            return
        if isinstance(item, Problem):
            self.unreadable += 1
            self.problems += 1
            return
        self.records += 1
        if item.valid:
            self.valid += 1
        else:
            self.invalid += 1
            self.problems += len(item.problems)

    @property
    def ok(self) -> bool:
        """True when every record was read and is valid."""
        return self.invalid == 0 and self.unreadable == 0

    def __str__(self) -> str:
        def count(number: int, noun: str) -> str:
            return f"{number} {noun}{'' if number == 1 else 's'}"

        text = (
            f"{count(self.files, 'file')}, {count(self.records, 'record')}: "
            f"{self.valid} valid, {self.invalid} invalid"
        )
        if self.unreadable:
            text += f", {self.unreadable} unreadable"
        if self.skipped:
            text += f", {self.skipped} skipped (not records)"
        return f"{text}, {count(self.problems, 'problem')}"
