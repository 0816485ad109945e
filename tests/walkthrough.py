"""Runs a walkthrough of the docs step by step, as a reader would, and says what it printed.

A walkthrough is Markdown whose fenced blocks are its steps, in order:

- ```` ```yaml FILE ````: a part of FILE. Each top-level key of the block replaces that key's
  section in the file (its comments before it included), or is added at the end.
- ```` ```diff FILE ````: a change to FILE: the lines marked ``-`` (with the unmarked
  context lines) are replaced by those marked ``+``; they must stand in the file once.
- ```` ```console ````: commands after ``$ ``, each followed by what it prints (standard
  output, then standard error). ``newsevents ...`` and ``touch FILE`` are understood.
- ```` ```pycon ````: Python at ``>>>`` prompts, run as a doctest, one namespace for all.

Other blocks are read, not run. ``python -m tests.walkthrough docs/first-record.md``
rewrites the console blocks' outputs with what the commands print now.
"""

from __future__ import annotations

import contextlib
import doctest
import io
import os
import re
import shlex
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsevents._cli import main

__all__ = ["Block", "Outcome", "blocks", "run", "update"]

_FENCE = re.compile(r"^```(?P<info>[^\n]*)\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)
_KEY = re.compile(r"^[A-Za-z_][\w-]*:")


@dataclass(frozen=True)
class Block:
    """One fenced block: its info string, its text, and where the text starts."""

    info: str
    body: str
    start: int

    @property
    def kind(self) -> str:
        return self.info.split()[0] if self.info.split() else ""

    @property
    def file(self) -> str | None:
        words = self.info.split()
        return words[1] if len(words) > 1 else None


@dataclass(frozen=True)
class Outcome:
    """What one command of a console block printed, against what the page says."""

    block: Block
    command: str
    expected: str
    actual: str


def blocks(markdown: str) -> list[Block]:
    """The fenced blocks of a Markdown text, in order."""
    return [Block(m["info"].strip(), m["body"], m.start("body")) for m in _FENCE.finditer(markdown)]


def _sections(text: str) -> list[tuple[str | None, str]]:
    """A YAML text cut into its top-level sections, each with the comments before it."""
    sections: list[tuple[str | None, str]] = []
    pending: list[str] = []
    for line in text.splitlines(keepends=True):
        match = _KEY.match(line)
        if match:
            sections.append((match[0][:-1], "".join(pending) + line))
            pending = []
        elif line.startswith("#") or not sections:
            pending.append(line)
        else:
            key, body = sections[-1]
            sections[-1] = (key, body + "".join(pending) + line)
            pending = []
    if pending:
        sections.append((None, "".join(pending)))
    return sections


def _merge(text: str, part: str) -> str:
    sections = _sections(text)
    keys = [key for key, _ in sections]
    for key, body in _sections(part):
        if key is not None and key in keys:
            sections[keys.index(key)] = (key, body)
        else:
            sections.append((key, body))
            keys.append(key)
    return "".join(body for _, body in sections)


def _patch(text: str, diff: str, file: str) -> str:
    old = "".join(line[1:] for line in diff.splitlines(keepends=True) if line[:1] in " -")
    new = "".join(line[1:] for line in diff.splitlines(keepends=True) if line[:1] in " +")
    if text.count(old) != 1:
        raise AssertionError(f"the change to {file} does not stand in it once:\n{old}")
    return text.replace(old, new)


def _commands(body: str) -> Iterator[tuple[str, str]]:
    command: str | None = None
    output: list[str] = []
    for line in body.splitlines(keepends=True):
        if line.startswith("$ "):
            if command is not None:
                yield command, "".join(output)
            command, output = line[2:].strip(), []
        else:
            output.append(line)
    if command is not None:
        yield command, "".join(output)


def _run_command(command: str, directory: Path) -> str:
    argv = shlex.split(command)
    if argv[0] == "touch":
        for name in argv[1:]:
            (directory / name).touch()
        return ""
    if argv[0] != "newsevents":
        raise AssertionError(f"the walkthrough runs newsevents and touch, not {argv[0]!r}")
    out, err = io.StringIO(), io.StringIO()
    with _chdir(directory):
        main(argv[1:], out=out, err=err)
    return out.getvalue() + err.getvalue()


@contextlib.contextmanager
def _chdir(directory: Path) -> Iterator[None]:
    previous = os.getcwd()
    os.chdir(directory)
    try:
        yield
    finally:
        os.chdir(previous)


def run(markdown: str, directory: Path) -> list[Outcome]:
    """Run every step in ``directory``; return what each command printed. Raises
    ``AssertionError`` for a Python example that fails or a change that does not apply."""
    outcomes = []
    namespace: dict[str, Any] = {}
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    parser = doctest.DocTestParser()
    for block in blocks(markdown):
        if block.kind in ("yaml", "diff") and block.file is not None:
            path = directory / block.file
            text = path.read_text(encoding="utf-8") if path.exists() else ""
            if block.kind == "yaml":
                text = _merge(text, block.body)
            else:
                text = _patch(text, block.body, block.file)
            path.write_text(text, encoding="utf-8")
        elif block.kind == "console":
            for command, expected in _commands(block.body):
                actual = _run_command(command, directory)
                outcomes.append(Outcome(block, command, expected, actual))
        elif block.kind == "pycon":
            test = parser.get_doctest(block.body, namespace, "walkthrough", None, 0)
            report = io.StringIO()
            with _chdir(directory):
                result = runner.run(test, out=report.write, clear_globs=False)
            if result.failed:
                raise AssertionError(report.getvalue())
            namespace = test.globs  # a doctest runs in a copy: the next block goes on from it
    return outcomes


def update(path: Path, directory: Path) -> None:
    """Rewrite the console outputs of the walkthrough at ``path`` with what they print."""
    markdown = path.read_text(encoding="utf-8")
    printed: dict[int, list[Outcome]] = {}
    for outcome in run(markdown, directory):
        printed.setdefault(outcome.block.start, []).append(outcome)
    pieces, at = [], 0
    for block in blocks(markdown):
        if block.kind == "console":
            pieces.append(markdown[at : block.start])
            pieces += [f"$ {o.command}\n{o.actual}" for o in printed[block.start]]
            at = block.start + len(block.body)
    pieces.append(markdown[at:])
    path.write_text("".join(pieces), encoding="utf-8")


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        update(Path(sys.argv[1]), Path(scratch))
