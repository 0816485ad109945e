"""What the command line was given to check: files, directories walked, or standard input.

Nothing is skipped in silence: a walk picks up record files whatever the letter case of
their extension, and an entry it cannot read as a file (a dangling link, a FIFO, a file
in a directory that may be listed but not entered) becomes an input that reports why.
"""

from __future__ import annotations

import errno
import fnmatch
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from newsevents._errors import LoadError, Problem

if TYPE_CHECKING:
    from newsevents._read.document import Document
    from newsevents._read.limits import Limits
    from newsevents._read.loader import Format

__all__ = ["RECORD_SUFFIXES", "STDIN", "Input", "expand", "has_suffix", "read_input"]

#: The file endings a directory walk picks up, in any letter case (``REC.YAML``, ``a.Yml``).
RECORD_SUFFIXES = (".yaml", ".yml", ".json", ".jsonl", ".ndjson")
#: The name standard input goes by in reports.
STDIN = "<stdin>"


@dataclass(frozen=True)
class Input:
    """One thing to check: a file path, or standard input (``path`` None, ``data`` set).

    ``empty_directory`` marks a directory argument in which the walk found no record file,
    ``unreadable`` says why a directory could not be listed, and ``problem`` why a path
    is reported rather than read (it does not exist, or is no regular file), so that the
    run can say so instead of passing silently.
    """

    name: str
    path: str | None = None
    data: bytes | None = None
    empty_directory: bool = False
    unreadable: str | None = None
    problem: Problem | None = None

    @property
    def size(self) -> int:
        """Bytes on disk (0 when unknown), to judge whether a worker pool pays."""
        if self.path is None:
            return len(self.data or b"")
        try:
            return os.stat(self.path).st_size
        except OSError:
            return 0


def has_suffix(name: str, suffixes: Sequence[str]) -> bool:
    r"""Whether a file name ends in one of ``suffixes`` (lower case), in any ASCII letter case.

    >>> has_suffix("REC.YAML", (".yaml",)), has_suffix("a.Yml", (".yml",))
    (True, True)
    >>> has_suffix("a.yaml.txt", (".yaml",)), has_suffix("a.\u212aml", (".kml",))
    (False, False)
    """
    # ASCII only: str.lower() maps the Kelvin sign to "k", and a name that merely looks
    # like a record file should not be read as one.
    return any(
        len(name) >= len(suffix)
        and name[-len(suffix) :].isascii()
        and name[-len(suffix) :].lower() == suffix
        for suffix in suffixes
    )


_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a directory"),
)


def _unreadable(path: str, message: str) -> Input:
    return Input(path, path=path, problem=Problem("unreadable", message, file=path))


def _not_a_file(path: str) -> Input | None:
    """An input reporting why ``path`` is no regular file to read, or None when it is one."""
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        if not os.path.islink(path):
            return _unreadable(path, "this path does not exist; check its spelling")
        try:
            target = repr(os.readlink(path))
        except OSError:
            target = "a path"
        return _unreadable(
            path,
            f"this is a symbolic link to {target}, which does not exist; correct or remove "
            "the link, or --exclude it",
        )
    except OSError as error:
        reason = error.strerror or str(error)
        if error.errno == errno.ELOOP:
            hint = "a symbolic link on the way leads back to itself; correct or remove it"
        elif isinstance(error, PermissionError):
            hint = "check the permissions of the file and of the directories above it"
        else:
            hint = "check the path"
        return _unreadable(path, f"cannot reach this file: {reason}; {hint}")
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    return _unreadable(
        path, f"this is {kind}, not a regular file, so it was not read; remove it or --exclude it"
    )


def _excluded(path: str, patterns: Sequence[str]) -> bool:
    """Whether a pattern matches the path or any trailing part of it.

    ``drafts``, ``drafts/*`` and ``records/drafts`` all exclude ``./records/drafts/a.yaml``.
    """
    whole = Path(path)
    parts = whole.parts
    # The whole path too, as written with '/': joining the parts of an absolute path
    # would begin it with '//', which no pattern '/abs/*' matches.
    tails = [whole.as_posix(), *("/".join(parts[i:]) for i in range(len(parts)))]
    return any(fnmatch.fnmatchcase(tail, pattern) for pattern in patterns for tail in tails)


def _excluded_named(path: str, patterns: Sequence[str]) -> bool:
    """Whether a path named on the command line is excluded, itself or by a directory it
    lies in: pre-commit names ``records/drafts/a.yaml``, never ``records/drafts``, and
    ``--exclude drafts`` must skip it as a walk would."""
    return any(_excluded(str(p), patterns) for p in (Path(path), *Path(path).parents))


def _walk(
    directory: str, patterns: Sequence[str], suffixes: tuple[str, ...]
) -> tuple[list[Input], list[Input]]:
    """Inputs for the files below ``directory`` ending in ``suffixes``, sorted by path for
    a stable order, and an unreadable input for each directory that could not be listed.

    A matching name that is no regular file it can reach is an input reporting why.

    Symbolic links to directories are followed, each real directory entered once, so a
    link loop ends; hidden directories (``.git``) and excluded ones are not entered.
    """
    found: list[Input] = []
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
            if has_suffix(name, suffixes) and not _excluded(path, patterns):
                found.append(_not_a_file(path) or Input(path, path=path))
    return sorted(found, key=lambda item: Path(item.name).parts), failed


def expand(
    arguments: Sequence[str],
    *,
    exclude: Sequence[str] = (),
    stdin: bytes | None = None,
    suffixes: tuple[str, ...] = RECORD_SUFFIXES,
) -> list[Input]:
    """The inputs named by command-line arguments, in order.

    A directory is walked recursively for files ending in one of ``suffixes``, in any
    letter case; a file is taken as given, whatever its name; ``-`` stands for standard
    input, whose bytes the caller passes as ``stdin``. A path that does not exist, or a
    link to nothing, is an input reporting so. ``exclude`` applies to the paths given as
    much as to those a walk finds: pre-commit names every file on the command line.
    """
    inputs: list[Input] = []
    for argument in arguments:
        if argument == "-":
            inputs.append(Input(STDIN, data=stdin or b""))
        elif exclude and _excluded_named(argument, exclude):
            continue
        elif os.path.isdir(argument):
            files, failed = _walk(argument, exclude, suffixes)
            inputs.extend(failed)
            if not files and not failed:
                inputs.append(Input(argument, path=argument, empty_directory=True))
            inputs.extend(files)
        else:
            # Only a missing path is judged here; the reader reports the rest in its words.
            missing = not os.path.exists(argument)
            inputs.append(
                (_not_a_file(argument) if missing else None) or Input(argument, path=argument)
            )
    return inputs


def read_input(
    item: Input, stdin_format: Format | None = None, limits: Limits | None = None
) -> Iterator[Document | Problem]:
    """Yield each record of one input as a Document, and a Problem for what cannot be read:
    the input itself (a path that does not exist, a directory with no records) or a
    record in it; ``limits`` bounds what is read (None: the loader's defaults)."""
    from newsevents._read.loader import iter_documents

    if item.problem is not None:
        yield item.problem
        return
    if item.unreadable is not None:
        yield Problem(
            "unreadable",
            f"cannot list this directory: {item.unreadable}; check its permissions",
            file=item.name,
        )
        return
    if item.empty_directory:
        suffixes = ", ".join(RECORD_SUFFIXES)
        yield Problem(
            "no-records",
            f"no record files ({suffixes}) found in this directory; check the path and "
            "any --exclude patterns",
            file=item.name,
        )
        return
    source: bytes | Path
    if item.data is not None:
        source, fmt = item.data, stdin_format
    else:
        source, fmt = Path(item.path or item.name), None
    for document in iter_documents(source, format=fmt, name=item.name, limits=limits):
        yield document.problem if isinstance(document, LoadError) else document
