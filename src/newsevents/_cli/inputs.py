"""What the command line was given to check: files, directories walked, or standard input."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["RECORD_SUFFIXES", "STDIN", "Input", "expand"]

#: The file endings a directory walk picks up.
RECORD_SUFFIXES = (".yaml", ".yml", ".json", ".jsonl", ".ndjson")
#: The name standard input goes by in reports.
STDIN = "<stdin>"


@dataclass(frozen=True)
class Input:
    """One thing to check: a file path, or standard input (``path`` None, ``data`` set).

    ``empty_directory`` marks a directory argument in which the walk found no record file,
    and ``unreadable`` says why a directory could not be listed, so that the run can say so
    instead of passing silently.
    """

    name: str
    path: str | None = None
    data: bytes | None = None
    empty_directory: bool = False
    unreadable: str | None = None

    @property
    def size(self) -> int:
        """Bytes on disk (0 when unknown), to judge whether a worker pool pays."""
        if self.path is None:
            return len(self.data or b"")
        try:
            return os.stat(self.path).st_size
        except OSError:
            return 0


def _excluded(path: str, patterns: Sequence[str]) -> bool:
    """Whether a pattern matches the path or any trailing part of it.

    ``drafts``, ``drafts/*`` and ``records/drafts`` all exclude ``./records/drafts/a.yaml``.
    """
    parts = Path(path).parts
    tails = ["/".join(parts[i:]) for i in range(len(parts))]
    return any(fnmatch.fnmatchcase(tail, pattern) for pattern in patterns for tail in tails)


def _walk(
    directory: str, patterns: Sequence[str], suffixes: tuple[str, ...]
) -> tuple[list[str], list[Input]]:
    """Regular files below ``directory`` ending in ``suffixes``, sorted by path for a
    stable order, and an unreadable input for each directory that could not be listed.

    Symbolic links to directories are followed, each real directory entered once, so a
    link loop ends; hidden directories (``.git``) and excluded ones are not entered.
    """
    found: list[str] = []
    failed: list[Input] = []

    def unreadable(error: OSError) -> None:
        name = error.filename or directory
        failed.append(Input(name, path=name, unreadable=error.strerror or str(error)))

    seen: set[str] = set()
    for root, dirs, files in os.walk(directory, onerror=unreadable, followlinks=True):
        real = os.path.realpath(root)
        if real in seen:
            dirs[:] = []
            continue
        seen.add(real)
        dirs[:] = [
            d
            for d in dirs
            if not d.startswith(".") and not _excluded(os.path.join(root, d), patterns)
        ]
        for name in files:
            path = os.path.join(root, name)
            if name.endswith(suffixes) and os.path.isfile(path) and not _excluded(path, patterns):
                found.append(path)
    return sorted(found, key=lambda p: Path(p).parts), failed


def expand(
    arguments: Sequence[str],
    *,
    exclude: Sequence[str] = (),
    stdin: bytes | None = None,
    suffixes: tuple[str, ...] = RECORD_SUFFIXES,
) -> list[Input]:
    """The inputs named by command-line arguments, in order.

    A directory is walked recursively for files ending in one of ``suffixes``; a file is
    taken as given, whatever its name, unless excluded; ``-`` stands for standard input,
    whose bytes the caller passes as ``stdin``.
    """
    inputs: list[Input] = []
    for argument in arguments:
        if argument == "-":
            inputs.append(Input(STDIN, data=stdin or b""))
        elif os.path.isdir(argument):
            files, failed = _walk(argument, exclude, suffixes)
            inputs.extend(failed)
            if not files and not failed:
                inputs.append(Input(argument, path=argument, empty_directory=True))
            inputs.extend(Input(path, path=path) for path in files)
        elif not _excluded(argument, exclude):
            inputs.append(Input(argument, path=argument))
    return inputs
