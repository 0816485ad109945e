"""The ``newsevents`` command: parse arguments into settings, run, return an exit code.

Exit codes: 0 every record is valid; 1 a record is invalid or a file unreadable;
2 the command line itself is wrong.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

from newsevents import __version__
from newsevents._errors import LoadError, UnknownRule
from newsevents._score.errors import InvalidOption

if TYPE_CHECKING:
    from newsevents._read.limits import Limits
    from newsevents._read.loader import Format
    from newsevents._validator import Validator

__all__ = ["main"]

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2

_EXIT_CODES = """\
exit codes:
  0  every record is valid (fmt --check: every file is already formatted;
     reanchor: every span is on its text)
  1  a record is invalid, or a file unreadable (fmt --check: a file would change;
     reanchor: a span could not be placed, or with --check would move; score: a layer
     of a record falls below its --min-f1)
  2  the command line is wrong
"""


@dataclass(frozen=True)
class ValidateSettings:
    """What ``newsevents validate`` was asked to do."""

    paths: tuple[str, ...]
    format: str = "text"
    exclude: tuple[str, ...] = ()
    stdin_format: Format | None = None
    quiet: int = 0
    max_problems: int | None = None
    jobs: int | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    skip_non_records: bool = False
    limits: Limits | None = None  # None: the loader's defaults


def _positive(text: str) -> int:
    value = _number(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {text!r}")
    return value


def _whole(text: str) -> int:
    value = _number(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {text!r}")
    return value


# Plain decimal digits only: int() also takes '1_0' and digits of other scripts.
_NUMBER = re.compile(r"\s*(-?)([0-9]+)\s*")
# The most digits a number given on the command line may have: every limit is below 10**18.
_MOST_DIGITS = 18


def _number(text: str) -> int:
    match = _NUMBER.fullmatch(text)
    if match is None:
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a whole number")
    digits = match[2].lstrip("0") or "0"
    if len(digits) > _MOST_DIGITS:
        raise argparse.ArgumentTypeError(f"{text[:20]!r}... is too large a number")
    return -int(digits) if match[1] else int(digits)


_SIZE = re.compile(r"([0-9]+)\s*([kmg]?)(?:i?b)?", re.IGNORECASE)


def _size(text: str) -> int:
    """A size in bytes, or with a K, M or G suffix (1024-based): ``512M``, ``2G``."""
    from newsevents._read.limits import HIGHEST_LIMIT

    match = _SIZE.fullmatch(text.strip())
    if match is None:
        raise argparse.ArgumentTypeError(
            f"{text[:40]!r} is not a size; give bytes, or a number with K, M or G (such as 512M)"
        )
    digits = match[1].lstrip("0") or "0"
    if len(digits) > _MOST_DIGITS:
        raise argparse.ArgumentTypeError(f"{text[:20]!r}... is too large a size")
    value: int = int(digits) * 1024 ** " kmg".index(match[2].lower() or " ")
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 byte or more, not {text!r}")
    if value > HIGHEST_LIMIT:
        raise argparse.ArgumentTypeError(
            f"{text!r} is more than any file holds; give at most {HIGHEST_LIMIT:,} bytes"
        )
    return value


def _depth(text: str) -> int:
    from newsevents._read.limits import MAX_DEPTH

    value = _positive(text)
    if value > MAX_DEPTH:
        raise argparse.ArgumentTypeError(
            f"must be at most {MAX_DEPTH}, not {value}: data nested deeper overflows "
            "Python's recursion limit in code that copies or prints it"
        )
    return value


def _add_limits(command: argparse.ArgumentParser) -> None:
    """The options that set the limits of reading."""
    command.add_argument(
        "--max-file-size",
        type=_size,
        metavar="SIZE",
        help="read no file or standard input larger than SIZE, and no JSON Lines line "
        "longer (bytes, or with K, M or G; default 256M, and 64M for a JSON Lines line)",
    )
    command.add_argument(
        "--max-depth",
        type=_depth,
        metavar="N",
        help="refuse lists and mappings nested more than N levels deep, the record being "
        "level 1 (default and most: 256)",
    )
    command.add_argument(
        "--max-documents",
        type=_positive,
        metavar="N",
        help="read at most N records from one file or standard input, and report the "
        "next as too-many-documents (default 10000000)",
    )
    command.add_argument(
        "--max-string-length",
        type=_positive,
        metavar="N",
        help="refuse a key or string value of more than N characters (default 33554432, 32 Mi)",
    )


def _limits(args: argparse.Namespace) -> Limits | None:
    """The limits the options set, or None when they set none."""
    from newsevents._read.limits import DEFAULT_LIMITS, with_max_bytes

    chosen = {
        name: getattr(args, name)
        for name in ("max_depth", "max_documents", "max_string_length")
        if getattr(args, name) is not None
    }
    if not chosen and args.max_file_size is None:
        return None
    limits = dataclasses.replace(DEFAULT_LIMITS, **chosen)
    return with_max_bytes(limits, args.max_file_size)


def _command(
    commands: Any,  # what add_subparsers returns; argparse names its type privately
    name: str,
    summary: str,
    examples: str,
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(
        name,
        help=summary,
        description=summary,
        epilog=f"examples:\n{examples}\n{_EXIT_CODES}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    return parser


def _add_exclude(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="GLOB",
        help="skip files and directories whose path, or any trailing part of it, matches "
        "GLOB (repeatable)",
    )


def _parser() -> argparse.ArgumentParser:
    from newsevents._cli.reporters import REPORTERS

    parser = argparse.ArgumentParser(
        prog="newsevents",
        description="Validate, format, describe and score news-event records.",
        epilog="examples:\n  newsevents validate records/\n  newsevents schema --bundle"
        "\n  newsevents rules"
        "\n  newsevents reanchor --check records/"
        "\n  newsevents fmt --check records/"
        f"\n  newsevents score gold.yaml predicted.yaml\n{_EXIT_CODES}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"newsevents {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    validate = _command(
        commands,
        "validate",
        "Check record files (YAML, JSON, JSON Lines) against the schema and every rule.",
        "  newsevents validate event.yaml\n"
        "  newsevents validate records/ --exclude drafts\n"
        "  newsevents validate dump.jsonl --format json > report.json\n"
        "  cat record.json | newsevents validate - --stdin-format json\n"
        "  newsevents validate records/ --format github   # in GitHub Actions",
    )
    validate.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="record files, directories (walked for .yaml .yml .json .jsonl .ndjson), "
        "or - for standard input",
    )
    validate.add_argument(
        "--format",
        choices=sorted(REPORTERS),
        default="text",
        help="how to report: text (default), json, github (Actions annotations), junit (XML)",
    )
    _add_exclude(validate)
    validate.add_argument(
        "--stdin-format",
        choices=("yaml", "json", "jsonl"),
        help="the format of standard input (default: told from its content)",
    )
    validate.add_argument(
        "-q",
        "--quiet",
        action="count",
        default=0,
        help="text format: once, print only the summary; twice, print nothing when every "
        "record is valid",
    )
    validate.add_argument(
        "--max-problems",
        type=_positive,
        metavar="N",
        help="show at most N problems per record (all are counted)",
    )
    validate.add_argument(
        "--select",
        action="append",
        metavar="RULE",
        help="report only this rule, or the family 'schema' (repeatable; `newsevents rules` "
        "lists them)",
    )
    validate.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="RULE",
        help="do not report this rule, or the family 'schema' (repeatable); problems reading "
        "a file are always reported",
    )
    validate.add_argument(
        "--skip-non-records",
        action="store_true",
        help="skip, and count, documents that are no news-event record (no news-event "
        "schema named in 'schema', few of a record's properties) instead of reporting "
        "each as not-a-record",
    )
    validate.add_argument(
        "-j",
        "--jobs",
        type=_whole,
        metavar="N",
        help="check files in N processes, a large JSON Lines file in ranges; 0 for one per "
        "CPU (default: in parallel only when there is enough to check for it to pay: "
        "several files of 8 MiB in all, or one JSON Lines file of 32 MiB)",
    )
    _add_limits(validate)

    schema = _command(
        commands,
        "schema",
        "Print the record JSON Schema (draft 2020-12).",
        "  newsevents schema > record.schema.json\n"
        "  newsevents schema --bundle > newsevents.bundled.json   # one self-contained file",
    )
    schema.add_argument(
        "--bundle",
        action="store_true",
        help="inline every schema the root refers to under $defs, for validators in other "
        "languages that load a single file",
    )

    fmt = _command(
        commands,
        "fmt",
        "Rewrite record YAML in the canonical layout, keeping every value and comment.",
        "  newsevents fmt records/\n"
        "  newsevents fmt --check records/   # in CI: exit 1 if a file would change\n"
        "  newsevents fmt - < draft.yaml > record.yaml",
    )
    fmt.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="YAML record files, directories (walked for .yaml and .yml), or - to format "
        "standard input to standard output",
    )
    fmt.add_argument(
        "--check",
        action="store_true",
        help="change nothing; list the files that would change and exit 1 if there are any",
    )
    _add_exclude(fmt)
    _add_limits(fmt)

    sample = _command(
        commands,
        "sample",
        "Write generated records (valid, or each broken in one known way) for tests in "
        "other languages.",
        "  newsevents sample --count 100 --seed 7 > records.jsonl\n"
        "  newsevents sample --count 50 --invalid --output broken.jsonl\n"
        "  newsevents sample --count 3 --format yaml",
    )
    sample.add_argument("--count", type=_positive, default=10, metavar="N", help="how many")
    sample.add_argument(
        "--seed",
        type=_whole,
        default=0,
        metavar="S",
        help="the seed: the same seed and versions give the same bytes (default 0)",
    )
    sample.add_argument(
        "--invalid",
        action="store_true",
        help='records broken in one way each; with jsonl, each line is {"record": ..., '
        '"expected": {"rule": ..., "pointer": ..., "changed": ..., "original": ..., '
        '"new": ...}}',
    )
    sample.add_argument(
        "--format",
        choices=("jsonl", "yaml"),
        default="jsonl",
        help="jsonl (default: one record a line; with --invalid, a header line first) or "
        "yaml (the canonical layout, one document each, the header as a comment)",
    )
    sample.add_argument("--output", metavar="FILE", help="write here instead of standard output")

    reanchor = _command(
        commands,
        "reanchor",
        "Move evidence spans back onto their text after article.text was edited; only "
        "their start and end change in the file.",
        "  newsevents reanchor record.yaml\n"
        "  newsevents reanchor --check records/   # in CI: exit 1 if a span would move\n"
        "  newsevents reanchor - < draft.yaml > record.yaml",
    )
    reanchor.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="YAML record files, directories (walked for .yaml and .yml), or - to re-anchor "
        "standard input to standard output",
    )
    reanchor.add_argument(
        "--check",
        action="store_true",
        help="change nothing; list the spans that would move and exit 1 if there are any",
    )
    reanchor.add_argument(
        "--window",
        type=_whole,
        default=10_000,
        metavar="N",
        help="look for a span's text at most N code points either way of its old place "
        "(default: 10000)",
    )
    _add_exclude(reanchor)

    rules = _command(
        commands,
        "rules",
        "List every rule a problem can name: its kind, what it requires, an example.",
        "  newsevents rules\n  newsevents rules --format json > rules.json",
    )
    rules.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text (default: a table) or json (one object per rule)",
    )
    _add_score(commands)
    return parser


def _threshold(text: str) -> tuple[str, float]:
    layer, equals, value = text.rpartition("=")
    if not equals or not layer:
        raise argparse.ArgumentTypeError(f"{text!r} is not LAYER=VALUE, such as events=0.8")
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number from 0 to 1") from None
    if not 0 <= number <= 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number from 0 to 1")
    return layer, number


def _tolerance(text: str) -> float:
    try:
        number = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not number >= 0 or number == float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r} is not a finite number of 0 or more")
    return number


def _add_score(commands: Any) -> None:
    from newsevents._score.layers import LAYERS, SCHEMES

    width = max(map(len, LAYERS))
    layers = "\n".join(f"  {name:<{width}}  {what}" for name, what in LAYERS.items())
    score = commands.add_parser(
        "score",
        help="Score predicted records against the gold record, layer by layer.",
        description="Score each predicted record against the gold record of the same\n"
        "article, layer by layer: precision, recall and F1 with the counts behind\n"
        "them, and what was missed, what is spurious and what is wrong.",
        epilog=f"layers (name a layer, or a part such as 'events' for all of its layers):\n"
        f"{layers}\n\nexamples:\n"
        "  newsevents score gold.yaml predicted.yaml\n"
        "  newsevents score gold.yaml runs/ --min-f1 events=0.8 --min-f1 entities=0.9\n"
        "  my-extractor article.txt | newsevents score gold.yaml - --format json\n"
        f"{_EXIT_CODES}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    score.add_argument("gold", metavar="GOLD", help="the gold record's file (one record)")
    score.add_argument(
        "predicted",
        nargs="+",
        metavar="PRED",
        help="predicted record files, directories (walked for .yaml .yml .json .jsonl "
        ".ndjson), or - for standard input; every record in them is scored",
    )
    score.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text (default: a table per record and what differs) or json (one document)",
    )
    score.add_argument(
        "--min-f1",
        action="append",
        default=[],
        type=_threshold,
        metavar="LAYER=VALUE",
        help="exit 1 when a record's F1 on LAYER (or on each layer of a part) is below "
        "VALUE (repeatable; a layer's own threshold overrides its part's)",
    )
    score.add_argument(
        "--tolerance",
        type=_tolerance,
        default=0.0,
        metavar="X",
        help="how far a claimed quantity may be from the gold one, relative to it "
        "(default 0: equal; 0.01 allows 1%%)",
    )
    score.add_argument(
        "--scheme",
        action="append",
        choices=SCHEMES,
        help="score entity mentions under this scheme (repeatable; default: all four)",
    )
    score.add_argument(
        "-q", "--quiet", action="store_true", help="text: print the tables, not what differs"
    )


def _color(out: TextIO) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(out, "isatty", None)
    return bool(isatty and isatty())


def _tolerant(out: TextIO) -> TextIO:
    """Standard output made to write what its encoding lacks as escapes, not to fail.

    The reporters already escape every unsafe character; this is for an ASCII or
    Windows code page terminal shown a headline in Chinese.
    """
    reconfigure = getattr(out, "reconfigure", None)
    if out is sys.stdout and reconfigure is not None:
        reconfigure(errors="backslashreplace")
    return out


def _run_validate(settings: ValidateSettings, out: TextIO) -> int:
    from newsevents._cli.inputs import expand
    from newsevents._cli.reporters import REPORTERS
    from newsevents._cli.validate import check_inputs, pool_size
    from newsevents._errors import Problem
    from newsevents._report import Skipped, Summary

    validator = _validator(settings)
    limits = settings.limits
    stdin = _stdin_bytes(settings.paths, limits)
    stdin_error = None if stdin is None or isinstance(stdin, bytes) else stdin.problem
    inputs = expand(settings.paths, exclude=settings.exclude, stdin=_bytes_or_none(stdin))
    reporter = REPORTERS[settings.format](
        _tolerant(out),
        max_problems=settings.max_problems,
        quiet=settings.quiet,
        color=settings.format == "text" and _color(out),
    )
    summary = Summary()
    jobs = pool_size(inputs, settings.jobs)
    checked = check_inputs(
        inputs,
        jobs=jobs,
        stdin_format=settings.stdin_format,
        validator=validator,
        skip_non_records=settings.skip_non_records,
        unique_ids=_reported("duplicate-record-id", settings),
        limits=limits,
    )
    for item, outcome in checked:
        # Standard input too large to read whole is that one problem, not an empty input.
        results = outcome if stdin_error is None or item.data is None else iter((stdin_error,))
        if not (item.empty_directory or item.unreadable):  # those are directories
            summary.files += 1
        for result in results:
            summary.add(result)
            if isinstance(result, Problem):
                reporter.unreadable(result)
            elif isinstance(result, Skipped):
                reporter.skipped(result)
            else:
                reporter.record(result)
    reporter.finish(summary)
    return EXIT_OK if summary.ok else EXIT_INVALID


def _run_sample(args: argparse.Namespace, out: TextIO) -> int:
    from newsevents._cli.sample import SampleSettings, run_sample

    settings = SampleSettings(args.count, args.seed, args.invalid, args.format)
    if args.output is None:
        return run_sample(settings, out)
    with open(args.output, "w", encoding="utf-8", newline="\n") as handle:
        return run_sample(settings, handle)


def _run_rules(format: str, out: TextIO) -> int:
    import json

    from newsevents._rules.catalogue import RULES

    if format == "json":
        rows = [
            {"name": r.name, "kind": r.kind, "requires": r.requires, "example": r.example}
            for r in RULES.values()
        ]
        json.dump(rows, out, indent=2, ensure_ascii=False)
        out.write("\n")
        return EXIT_OK
    width = max(map(len, RULES))
    for kind in ("load", "schema", "semantic", "run", "internal"):
        out.write(f"{kind} rules:\n")
        for rule in RULES.values():
            if rule.kind == kind:
                out.write(f"  {rule.name:<{width}}  {rule.requires}\n")
                out.write(f"  {'':<{width}}  e.g. {rule.example}\n")
    return EXIT_OK


def _validator(settings: ValidateSettings) -> Validator | None:
    """The Validator a run's --select and --ignore ask for; None for the default one."""
    from newsevents._rules.catalogue import RULES
    from newsevents._validator import Validator

    if settings.select is None and not settings.ignore:
        return None
    for name in (*(settings.select or ()), *settings.ignore):
        if name in RULES and RULES[name].kind == "load":
            raise _Usage(
                f"{name!r} is a rule of reading files: it cannot be selected or ignored, "
                "since a file that cannot be read has no record to judge"
            )
    return Validator(select=settings.select, ignore=settings.ignore)


def _reported(rule: str, settings: ValidateSettings) -> bool:
    """Whether --select and --ignore leave a run-level rule to be reported."""
    selected = settings.select is None or rule in settings.select
    return selected and rule not in settings.ignore


class _Usage(Exception):
    """A command line that parses but asks for something that cannot be done."""


def _run_schema(bundle: bool, out: TextIO) -> int:
    import json

    from newsevents._api import schema
    from newsevents._schema.bundle import bundled_schema

    document = bundled_schema() if bundle else schema()
    json.dump(document, out, indent=2, ensure_ascii=False)
    out.write("\n")
    return EXIT_OK


def _stdin_bytes(paths: Sequence[str], limits: Limits | None) -> bytes | LoadError | None:
    """Standard input's bytes when ``-`` is among the paths (empty when it is closed), or a
    ``too-large`` error once it holds more than ``limits`` allow a file (None: the
    default): it is read whole."""
    if "-" not in paths:
        return None
    if sys.stdin is None:
        return b""
    from newsevents._cli.inputs import STDIN
    from newsevents._read.limits import MAX_SOURCE_BYTES, read_stream, too_large

    limit = MAX_SOURCE_BYTES if limits is None else limits.max_file_bytes
    data = read_stream(sys.stdin.buffer, limit)
    return too_large(limit, STDIN, stdin=True) if data is None else data


def _bytes_or_none(stdin: bytes | LoadError | None) -> bytes | None:
    return stdin if isinstance(stdin, bytes) else None


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); return the exit code.

    ``out`` and ``err`` stand in for standard output and standard error (for tests).
    """
    stream = sys.stdout if out is None else out
    errors = sys.stderr if err is None else err
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:
        # argparse has printed its message; --help and --version exit 0, errors 2.
        return EXIT_USAGE if exit_.code not in (0, None) else EXIT_OK
    try:
        if args.command == "schema":
            return _run_schema(args.bundle, stream)
        if args.command == "rules":
            return _run_rules(args.format, stream)
        if args.command == "sample":
            return _run_sample(args, stream)
        if args.command == "score":
            return _run_score(args, stream)
        if args.command == "fmt":
            from newsevents._cli.fmt import FmtSettings, run_fmt

            settings = FmtSettings(
                tuple(args.paths), args.check, tuple(args.exclude), _limits(args)
            )
            stdin = _stdin_bytes(settings.paths, settings.limits)
            return run_fmt(settings, stream, errors, stdin)
        if args.command == "reanchor":
            from newsevents._cli.reanchor import ReanchorSettings, run_reanchor

            anchoring = ReanchorSettings(
                tuple(args.paths), args.check, tuple(args.exclude), args.window
            )
            given = _stdin_bytes(anchoring.paths, None)
            if isinstance(given, LoadError):
                from newsevents._cli.escape import escape_text

                print(escape_text(str(given.problem)), file=errors)
                return EXIT_INVALID
            return run_reanchor(anchoring, stream, errors, given)
        return _run_validate(_validate_settings(args), stream)
    except (_Usage, UnknownRule, InvalidOption) as error:
        print(f"newsevents: error: {error}", file=errors)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader went away (``| head``): stop quietly, as command-line tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_INVALID
    except KeyboardInterrupt:
        print("newsevents: interrupted", file=sys.stderr)
        return 130


def _run_score(args: argparse.Namespace, out: TextIO) -> int:
    from newsevents._cli.score import ScoreSettings, run_score
    from newsevents._score.layers import LAYERS, SCHEMES
    from newsevents._score.report import thresholds

    if args.gold == "-":
        raise _Usage("GOLD must be a file; standard input (-) can stand for a PRED")
    schemes = tuple(s for s in SCHEMES if s in args.scheme) if args.scheme else SCHEMES
    layers = [name for name in LAYERS if not name.startswith("mentions.")]
    layers += [f"mentions.{scheme}" for scheme in schemes]
    try:
        limits = thresholds(dict(args.min_f1), layers) if args.min_f1 else {}
    except InvalidOption as error:
        raise _Usage(f"--min-f1 {error.value}=...: {error.reason}{error.hint}") from None
    settings = ScoreSettings(
        gold=args.gold,
        predicted=tuple(args.predicted),
        format=args.format,
        min_f1=tuple((layer, limits[layer]) for layer in LAYERS if layer in limits),
        tolerance=args.tolerance,
        schemes=schemes,
        quiet=args.quiet,
    )
    given = _stdin_bytes(settings.predicted, None)
    if isinstance(given, LoadError):
        raise _Usage(str(given.problem))
    return run_score(settings, _tolerant(out), given)


def _validate_settings(args: argparse.Namespace) -> ValidateSettings:
    return ValidateSettings(
        paths=tuple(args.paths),
        format=args.format,
        exclude=tuple(args.exclude),
        stdin_format=args.stdin_format,
        quiet=args.quiet,
        max_problems=args.max_problems,
        jobs=args.jobs,
        select=None if args.select is None else tuple(args.select),
        ignore=tuple(args.ignore),
        skip_non_records=args.skip_non_records,
        limits=_limits(args),
    )
