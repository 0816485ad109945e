"""``newsevents reanchor``: move evidence spans back onto their text after it was edited.

Only the digits of the spans' ``start`` and ``end`` change in a file; every other byte,
comments and layout included, stays as it was. As for ``fmt``, reports go to the error
stream, so that ``newsevents reanchor - < a > b`` writes nothing but the record to ``b``.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from typing import TextIO

from newsevents._authoring.reanchor import WINDOW, plan
from newsevents._cli.escape import escape_text
from newsevents._cli.fmt import YAML_SUFFIXES, data_of, rewrite
from newsevents._cli.inputs import STDIN, Input, expand
from newsevents._errors import LoadError, Problem
from newsevents._layout.patch import Edit, replace_integers
from newsevents._read.loader import decode_text, load_documents

__all__ = ["ReanchorSettings", "run_reanchor"]


@dataclass(frozen=True)
class ReanchorSettings:
    """What ``newsevents reanchor`` was asked to do."""

    paths: tuple[str, ...]
    check: bool = False
    exclude: tuple[str, ...] = ()
    window: int = WINDOW


@dataclass
class _Tally:
    moved: int = 0
    unplaced: int = 0
    files_changed: int = 0
    files_unchanged: int = 0
    failed: int = 0


def _reanchored(
    item: Input, text: str, settings: ReanchorSettings, err: TextIO, tally: _Tally
) -> str | Problem:
    """The file's text with its spans moved, each move and failure reported."""
    try:
        documents = load_documents(
            text.encode("utf-8", "surrogatepass"), format="yaml", name=item.name
        )
    except LoadError as error:
        return error.problem
    edits: list[Edit] = []
    verb = "would move" if settings.check else "moved"
    for document in documents:
        for anchor in plan(document.record, window=settings.window):
            move = anchor.move
            line, column = document.locate(move.pointer)
            where = f"{item.name}:{line}:{column}"
            if move.new is None:
                tally.unplaced += 1
                print(escape_text(f"{where}: {move}"), file=err)
                continue
            tally.moved += 1
            report = str(move).replace("moved", verb, 1)
            print(escape_text(f"{where}: {report}"), file=err)
            edits += [
                (document.index, (*anchor.path, "start"), move.new[0]),
                (document.index, (*anchor.path, "end"), move.new[1]),
            ]
    if not edits:
        return text
    try:
        return replace_integers(text, edits, name=item.name)
    except LoadError as error:
        return error.problem


def _read(item: Input) -> tuple[bytes, str] | Problem:
    """The input's bytes and text, its byte-order mark kept: only offsets may change in a
    file, and the bytes tell, before it is rewritten, whether someone else changed it."""
    data = data_of(
        item, "reanchor moves the spans of", "re-anchor its records with newsevents.reanchor()"
    )
    if isinstance(data, Problem):
        return data
    text = decode_text(data, item.name)
    if isinstance(text, LoadError):
        return text.problem
    return data, "\ufeff" + text if data.startswith(codecs.BOM_UTF8) else text


def run_reanchor(settings: ReanchorSettings, out: TextIO, err: TextIO, stdin: bytes | None) -> int:
    """Re-anchor every input; return 1 when a span could not be placed, a file could not
    be read or written, or, with ``check``, a span would move; 0 otherwise."""
    inputs = expand(settings.paths, exclude=settings.exclude, stdin=stdin, suffixes=YAML_SUFFIXES)
    tally = _Tally()
    for item in inputs:
        read = _read(item)
        result = (
            read if isinstance(read, Problem) else _reanchored(item, read[1], settings, err, tally)
        )
        if isinstance(result, Problem):
            print(escape_text(str(result)), file=err)
            tally.failed += 1
            continue
        assert not isinstance(read, Problem)
        data, text = read
        if item.data is not None:  # standard input: the record to standard output
            if not settings.check:
                out.write(result)
            continue
        if result == text:
            tally.files_unchanged += 1
            continue
        if settings.check:
            tally.files_changed += 1
            continue
        problem = rewrite(item.name, result, data, "reanchor")
        if problem is not None:
            print(escape_text(str(problem)), file=err)
            tally.failed += 1
            continue
        tally.files_changed += 1
    _summary(inputs, settings, tally, err)
    failed = tally.failed or tally.unplaced or (settings.check and tally.moved)
    return 1 if failed else 0


def _summary(inputs: list[Input], settings: ReanchorSettings, tally: _Tally, err: TextIO) -> None:
    if not any(item.name != STDIN for item in inputs):
        return
    spans = f"{tally.moved} span{'s' * (tally.moved != 1)}"
    files = tally.files_changed
    if settings.check:
        line = f"{spans} would move, in {files} file{'s' * (files != 1)}"
    else:
        line = f"{spans} moved, {files} file{'s' * (files != 1)} rewritten"
    line += f", {tally.files_unchanged} unchanged"
    if tally.unplaced:
        line += f"; {tally.unplaced} could not be placed"
    if tally.failed:
        line += f"; {tally.failed} could not be read or written"
    print(line, file=err)
