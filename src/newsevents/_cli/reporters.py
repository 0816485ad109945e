"""Reporters: how a run's results are shown. Picked by name from ``REPORTERS``.

Every reporter receives the same calls in the same order: ``record`` for each record read,
``unreadable`` for each file, document or line that could not be read, then ``finish``
once with the summary.

File names, pointers, rules and messages can carry the user's characters, so every
reporter prints them through ``escape``: text, github and junit show unsafe characters
as visible escapes, json as ``\\uNNNN`` escapes its decoder reads back exactly.
"""

from __future__ import annotations

import codecs
import json
from typing import Any, TextIO
from xml.etree import ElementTree

from newsevents._cli.escape import escape_json, escape_text
from newsevents._errors import Problem
from newsevents._report import RecordReport, Skipped, Summary

__all__ = ["JSON_FORMAT_VERSION", "REPORTERS", "Reporter"]

#: The version of the ``--format json`` document; it changes only when its shape does.
JSON_FORMAT_VERSION = 1


class Reporter:
    """The base reporter: collects nothing, prints nothing."""

    def __init__(
        self, out: TextIO, *, max_problems: int | None = None, quiet: int = 0, color: bool = False
    ) -> None:
        self.out = out
        self.max_problems = max_problems
        self.quiet = quiet
        self.color = color
        self.setup()

    def setup(self) -> None:
        """Prepare whatever the reporter collects before ``finish``."""

    def shown(self, problems: tuple[Problem, ...]) -> tuple[tuple[Problem, ...], int]:
        """The problems to show for one record, and how many are left out."""
        if self.max_problems is None or len(problems) <= self.max_problems:
            return problems, 0
        return problems[: self.max_problems], len(problems) - self.max_problems

    def record(self, report: RecordReport) -> None:
        """One record was read and judged."""

    def unreadable(self, problem: Problem) -> None:
        """A file, document or line could not be read."""

    def skipped(self, item: Skipped) -> None:
        """A document was left unjudged: it is no news-event record (--skip-non-records)."""

    def finish(self, summary: Summary) -> None:
        """The run is over."""


def _utf8(out: TextIO) -> bool:
    """Whether ``out`` writes UTF-8, so that any character can reach it as it is."""
    encoding = getattr(out, "encoding", None)
    try:
        return encoding is None or codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False


def plain_line(problem: Problem) -> str:
    """``file:line:column: rule: message (at /pointer)`` with every unsafe character escaped."""
    return escape_text(str(problem))


class TextReporter(Reporter):
    """``file:line:column: rule: message (at /pointer)``, one line per problem, then a summary.

    ``--quiet`` once prints the summary only; twice, nothing when every record is valid.
    """

    def _paint(self, text: str, code: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self.color else text

    def _line(self, problem: Problem) -> str:
        if not self.color:
            return plain_line(problem)
        head = f"{escape_text(problem.location)}: " if problem.location else ""
        where = f" (at {escape_text(problem.pointer)})" if problem.pointer else ""
        return (
            f"{self._paint(head, '1')}{self._paint(escape_text(problem.rule), '31')}: "
            f"{escape_text(problem.message)}{self._paint(where, '2')}"
        )

    def record(self, report: RecordReport) -> None:
        if self.quiet or report.valid:
            return
        problems, left = self.shown(report.problems)
        for problem in problems:
            print(self._line(problem), file=self.out)
        if left:
            note = Problem(
                "note",
                f"{left} more problem{'s' * (left != 1)} in this record not shown; raise "
                "--max-problems to see them",
                file=report.file,
                line=report.line,
                column=report.column,
            )
            print(self._line(note), file=self.out)

    def unreadable(self, problem: Problem) -> None:
        if not self.quiet:
            print(self._line(problem), file=self.out)

    def finish(self, summary: Summary) -> None:
        if self.quiet >= 2 and summary.ok:
            return
        print(self._paint(str(summary), "32" if summary.ok else "1;31"), file=self.out)


class JsonReporter(Reporter):
    """One JSON document: every problem with its file, record, place and rule, and the
    summary. The shape is documented in the README and pinned by a test."""

    def setup(self) -> None:
        self.problems: list[dict[str, object]] = []
        self.omitted = 0

    def _add(self, problem: Problem) -> None:
        self.problems.append(problem_json(problem))

    def record(self, report: RecordReport) -> None:
        shown, left = self.shown(report.problems)
        for problem in shown:
            self._add(problem)
        self.omitted += left

    def unreadable(self, problem: Problem) -> None:
        self._add(problem)

    def finish(self, summary: Summary) -> None:
        document = {
            "version": JSON_FORMAT_VERSION,
            "valid": summary.ok,
            "problems": self.problems,
            "summary": {
                "files": summary.files,
                "records": summary.records,
                "valid": summary.valid,
                "invalid": summary.invalid,
                "unreadable": summary.unreadable,
                "problems": summary.problems,
                "omitted": self.omitted,
                "skipped": summary.skipped,
            },
        }
        # Only what a UTF-8 stream can take goes out raw; elsewhere the text is plain ASCII.
        text = json.dumps(document, indent=2, ensure_ascii=not _utf8(self.out))
        self.out.write(escape_json(text))
        self.out.write("\n")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter(Reporter):
    """GitHub Actions workflow commands: an ``::error`` annotation per problem."""

    def _annotate(self, problem: Problem) -> None:
        fields = [f"file={_escape_property(escape_text(problem.file or ''))}"]
        if problem.line is not None:
            fields.append(f"line={problem.line}")
        if problem.column is not None:
            fields.append(f"col={problem.column}")
        fields.append(f"title={_escape_property(escape_text(problem.rule))}")
        where = f" (at {problem.pointer})" if problem.pointer else ""
        message = _escape_data(escape_text(problem.message + where))
        print(f"::error {','.join(fields)}::{message}", file=self.out)

    def record(self, report: RecordReport) -> None:
        for problem in self.shown(report.problems)[0]:
            self._annotate(problem)

    def unreadable(self, problem: Problem) -> None:
        self._annotate(problem)

    def finish(self, summary: Summary) -> None:
        print(str(summary), file=self.out)


class JunitReporter(Reporter):
    """JUnit XML: a test suite per file, a test case per record, failing with its problems;
    a failing case for each file, document or line that could not be read."""

    def setup(self) -> None:
        self.suites: dict[str | None, ElementTree.Element] = {}

    def _suite(self, file: str | None) -> ElementTree.Element:
        # Keyed by the name itself: two files whose names print alike stay two suites.
        if file not in self.suites:
            name = escape_text(file or "<record>")
            self.suites[file] = ElementTree.Element("testsuite", name=name)
        return self.suites[file]

    def _case(self, file: str | None, name: str, problems: tuple[Problem, ...]) -> None:
        suite = self._suite(file)
        classname = suite.get("name", "")
        case = ElementTree.SubElement(suite, "testcase", classname=classname, name=name)
        if problems:
            first = problems[0]
            failure = ElementTree.SubElement(
                case, "failure", type=escape_text(first.rule), message=escape_text(first.message)
            )
            failure.text = "\n".join(plain_line(p) for p in problems)

    def record(self, report: RecordReport) -> None:
        where = f" (line {report.line})" if report.line is not None else ""
        self._case(report.file, f"record {report.index}{where}", self.shown(report.problems)[0])

    def unreadable(self, problem: Problem) -> None:
        where = f"line {problem.line}" if problem.line is not None else "file"
        self._case(problem.file, f"read {where}", (problem,))

    def skipped(self, item: Skipped) -> None:
        suite = self._suite(item.file)
        where = f" (line {item.line})" if item.line is not None else ""
        case = ElementTree.SubElement(
            suite, "testcase", classname=suite.get("name", ""), name=f"record {item.index}{where}"
        )
        ElementTree.SubElement(case, "skipped", message="not a news-event record")

    def finish(self, summary: Summary) -> None:
        root = ElementTree.Element(
            "testsuites",
            name="newsevents",
            tests=str(summary.records + summary.unreadable + summary.skipped),
            failures=str(summary.invalid + summary.unreadable),
            errors="0",
            skipped=str(summary.skipped),
        )
        for suite in self.suites.values():
            cases = suite.findall("testcase")
            suite.set("tests", str(len(cases)))
            suite.set("failures", str(sum(1 for c in cases if c.find("failure") is not None)))
            suite.set("errors", "0")
            suite.set("skipped", str(sum(1 for c in cases if c.find("skipped") is not None)))
            root.append(suite)
        ElementTree.indent(root)
        text = ElementTree.tostring(root, encoding="unicode")
        if not _utf8(self.out):
            # Character references keep the declared encoding true on any stream.
            text = text.encode("ascii", "xmlcharrefreplace").decode("ascii")
        self.out.write('<?xml version="1.0" encoding="utf-8"?>\n')
        self.out.write(text)
        self.out.write("\n")


REPORTERS: dict[str, type[Reporter]] = {
    "text": TextReporter,
    "json": JsonReporter,
    "github": GithubReporter,
    "junit": JunitReporter,
}


def problem_json(problem: Problem) -> dict[str, Any]:
    """A problem as the JSON reports (of validate and of score) write it."""
    return {
        "file": problem.file,
        "record": problem.index,
        "line": problem.line,
        "column": problem.column,
        "pointer": problem.pointer,
        "rule": problem.rule,
        "message": problem.message,
    }
