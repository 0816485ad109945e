"""``newsevents fmt``: format files in place, check them, or format standard input.

Status lines and problems go to the error stream, so that ``newsevents fmt - < a > b``
writes nothing but the formatted record to ``b``.

A file that holds no news-event record (a CI workflow, a pre-commit configuration) is
never rewritten: a wide file pattern in a pre-commit hook hands such files over, and
their keys would be put in the record's order and their ``on:`` quoted. It is left alone
and said so, without failing the run.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from typing import TextIO

from newsevents._cli.escape import escape_text
from newsevents._cli.inputs import STDIN, Input, expand, has_suffix
from newsevents._cli.rewrite import FileChanged, replace_text
from newsevents._errors import LoadError, Problem
from newsevents._layout.format import format_documents, read_yaml
from newsevents._read.limits import MAX_SOURCE_BYTES, Limits, read_file
from newsevents._read.loader import decode_text
from newsevents._schema.recordness import NOT_A_RECORD, is_record

__all__ = ["YAML_SUFFIXES", "FmtSettings", "data_of", "decoded", "rewrite", "run_fmt"]

YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class FmtSettings:
    """What ``newsevents fmt`` was asked to do."""

    paths: tuple[str, ...]
    check: bool = False
    exclude: tuple[str, ...] = ()
    limits: Limits | None = None  # what reading keeps within; None: the loader's defaults


def data_of(
    item: Input,
    command: str = "fmt formats",
    instead: str = "validate it with `newsevents validate`",
    max_bytes: int | None = None,
) -> bytes | Problem:
    """The bytes of an input, or the problem that stops ``command`` from reading it;
    ``instead`` says what to do with a file that is not YAML, and no file larger than
    ``max_bytes`` (None: the loader's default) is read."""
    if item.problem is not None:
        return item.problem
    if item.unreadable is not None:
        return Problem(
            "unreadable", f"cannot list this directory: {item.unreadable}", file=item.name
        )
    if item.empty_directory:
        return Problem("no-records", "no .yaml or .yml files found here", file=item.name)
    if item.data is None and not has_suffix(item.name, YAML_SUFFIXES):
        return Problem(
            "not-yaml",
            f"{command} YAML record files (.yaml, .yml) and leaves this file alone; "
            f"{instead} instead",
            file=item.name,
        )
    if item.data is not None:
        return item.data
    read = read_file(item.name, item.name, max_bytes or MAX_SOURCE_BYTES)
    return read.problem if isinstance(read, LoadError) else read


def decoded(data: bytes, name: str) -> str | Problem:
    """The UTF-8 text of an input's bytes (without a byte-order mark), or why it has none."""
    text = decode_text(data, name, yaml=True)
    return text.problem if isinstance(text, LoadError) else text


def _formatted(text: str, name: str, limits: Limits | None = None) -> str | None:
    """``text`` in the canonical layout, or None when it holds no record to format.

    Raises ``LoadError`` when it cannot be formatted, and for a file that mixes records
    with documents that are none: formatting it would rewrite those.
    """
    text, documents = read_yaml(text, name=name, limits=limits)
    strangers = [document for document in documents if not is_record(document.record)]
    if not strangers:
        return format_documents(text, documents, name=name)
    if len(strangers) == len(documents):
        return None
    first = strangers[0]
    raise LoadError(
        NOT_A_RECORD,
        f"document {first.index + 1} of this file is no news-event record (it names no "
        "news-event schema in 'schema'), but others are; fmt would rewrite it with them, "
        "so the file was left as it was: move it to a file of its own, or name the schema",
        file=name,
        line=first.line,
        column=first.column,
        index=first.index,
    )


def rewrite(path: str, text: str, read: bytes, command: str = "fmt") -> Problem | None:
    """Replace the file's text, or say why it was left as it was. ``read`` is what the file
    held when ``command`` read it: a file changed since then is left alone."""
    target = os.path.realpath(path)  # a link keeps pointing at the formatted file
    try:
        # By its mode, not by access(): a user who may write anyway (root) still asked for
        # the file to be left alone when they made it read-only.
        if not os.stat(target).st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
            message = "the file is read-only, so it was not rewritten"
            return Problem("unwritable", message, file=path)
        replace_text(target, text, read)
    except FileChanged as changed:
        return Problem("file-changed", _changed(command, removed=changed.removed), file=path)
    except FileNotFoundError:
        return Problem("file-changed", _changed(command, removed=True), file=path)
    except OSError as error:
        reason = error.strerror or str(error)
        return Problem("unwritable", f"cannot rewrite the file: {reason}", file=path)
    return None


def _changed(command: str, *, removed: bool) -> str:
    if removed:
        return f"the file was removed after {command} read it, so it was not written again"
    return (
        f"the file changed after {command} read it (another program saved it meanwhile), "
        f"so it was left as it is now, with that program's text; run {command} again"
    )


def run_fmt(
    settings: FmtSettings, out: TextIO, err: TextIO, stdin: bytes | LoadError | None
) -> int:
    """Format every input; return 1 when one could not be formatted or, with ``check``,
    would change; 0 otherwise. ``stdin`` is standard input's bytes, or why it was not read.
    """
    stdin_error = stdin.problem if isinstance(stdin, LoadError) else None
    data = stdin if isinstance(stdin, bytes) else None
    inputs = expand(settings.paths, exclude=settings.exclude, stdin=data, suffixes=YAML_SUFFIXES)
    changed = unchanged = failed = left = 0
    for item in inputs:
        if stdin_error is not None and item.data is not None:
            read: bytes | Problem = stdin_error
        else:
            limits = settings.limits
            read = data_of(item, max_bytes=None if limits is None else limits.max_file_bytes)
        text = read if isinstance(read, Problem) else decoded(read, item.name)
        formatted: str | Problem = text
        if isinstance(text, str):
            result: str | Problem | None
            try:
                result = _formatted(text, item.name, settings.limits)
            except LoadError as error:
                result = error.problem
            if result is None:
                left += 1
                print(f"left alone {escape_text(item.name)}: not a news-event record", file=err)
                if item.data is not None and not settings.check:
                    out.write(text)  # standard input passes through unchanged
                continue
            formatted = result
        if isinstance(formatted, Problem):
            print(escape_text(str(formatted)), file=err)
            failed += 1
            continue
        if item.data is not None:  # standard input: the record to standard output
            if settings.check and formatted != text:
                print(f"would reformat {escape_text(item.name)}", file=err)
                failed += 1
            elif not settings.check:
                out.write(formatted)
            continue
        if formatted == text:
            unchanged += 1
            continue
        changed += 1
        if settings.check:
            print(f"would reformat {escape_text(item.name)}", file=err)
        else:
            assert isinstance(read, bytes)  # the text was decoded from it
            problem = rewrite(item.name, formatted, read)
            if problem is not None:
                print(escape_text(str(problem)), file=err)
                failed += 1
                changed -= 1
                continue
            print(f"reformatted {escape_text(item.name)}", file=err)
    files = sum(1 for item in inputs if item.name != STDIN)
    if files:
        verb = "would be reformatted" if settings.check else "reformatted"
        print(
            f"{changed} file{'s' * (changed != 1)} {verb}, {unchanged} unchanged"
            + (f", {left} left alone (not records)" if left else "")
            + (f", {failed} could not be formatted" if failed else ""),
            file=err,
        )
    return 1 if failed or (settings.check and changed) else 0
