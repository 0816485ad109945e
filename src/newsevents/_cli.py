"""The ``newsevents`` command: parse arguments into settings, run, return an exit code.

Exit codes: 0 every record is valid; 1 a record is invalid or a file unreadable;
2 the command line itself is wrong.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from . import __version__

__all__ = ["main"]

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2

_EPILOG = """\
exit codes: 0 all records valid, 1 a record invalid or a file unreadable, 2 usage error.

examples:
  newsevents validate records/event.yaml
  newsevents validate a.yaml b.json dump.jsonl
"""


@dataclass(frozen=True)
class ValidateSettings:
    """What ``newsevents validate`` was asked to do."""

    paths: tuple[str, ...]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsevents",
        description="Validate news-event records against the newsevents schemas and rules.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"newsevents {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    validate = commands.add_parser(
        "validate",
        help="check record files (YAML, JSON, JSON Lines)",
        description="Check every record in the given files; print one line per problem as "
        "file:line:column: rule: message (at /json/pointer).",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    validate.add_argument("paths", nargs="+", metavar="PATH", help="record files to check")
    return parser


_RECORD_SUFFIXES = (".yaml", ".yml", ".json", ".jsonl", ".ndjson")


def _expand(paths: Sequence[str]) -> list[Path]:
    """Files as given, and directories walked for record files in a stable order."""
    files: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = (p for p in path.rglob("*") if p.suffix in _RECORD_SUFFIXES and p.is_file())
            files.extend(sorted(found))
        else:
            files.append(path)
    return files


def _run_validate(settings: ValidateSettings, out: TextIO) -> int:
    from ._api import iter_problems
    from ._errors import LoadError
    from ._loader import iter_documents

    status = EXIT_OK
    records = invalid = problems = 0
    paths = _expand(settings.paths)
    for path in paths:
        for item in iter_documents(path):
            if isinstance(item, LoadError):
                status = EXIT_INVALID
                problems += 1
                print(item.problem, file=out)
                continue
            records += 1
            found = list(iter_problems(item))
            if found:
                status = EXIT_INVALID
                invalid += 1
                problems += len(found)
                for problem in found:
                    print(problem, file=out)
    files = len(paths)
    print(
        f"{files} file{'s' * (files != 1)}, {records} record{'s' * (records != 1)}: "
        f"{records - invalid} valid, {invalid} invalid, "
        f"{problems} problem{'s' * (problems != 1)}",
        file=out,
    )
    return status


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); return the exit code."""
    stream = sys.stdout if out is None else out
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:
        # argparse has printed its message; --help and --version exit 0, errors 2.
        return EXIT_USAGE if exit_.code not in (0, None) else EXIT_OK
    if args.command == "validate":
        return _run_validate(ValidateSettings(paths=tuple(args.paths)), stream)
    return EXIT_USAGE  # pragma: no cover - argparse rejects unknown commands
