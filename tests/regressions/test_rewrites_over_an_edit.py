"""``fmt`` and ``reanchor`` never write over a file that changed after they read it.

The finding (``test_findings.py``) met one edit, saved while fmt formatted. Here every way
a file can change under a rewrite (edited longer, shorter or to the same length, removed,
saved again as it was), at every moment one can (while the new text is worked out, and
just before the new file is renamed over the old one), on both ways of replacing it (the
rename, and writing the same inode when the file has other hard links), through both
commands that rewrite files. A changed or removed file is left as the other program left
it and reported for itself, while the other files of the run are still rewritten; a file
saved again unchanged loses nothing, so it is rewritten.
"""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import newsevents
from newsevents._cli import main
from newsevents._cli import rewrite as cli_rewrite
from newsevents._layout.emit import scalar

from ..conftest import MINIMAL_PATH
from ..fuzzcheck import time_limit

MINIMAL = MINIMAL_PATH.read_text(encoding="utf-8")
SCHEMA_LINE = next(line for line in MINIMAL.splitlines(keepends=True) if line.startswith("schema:"))
ARTICLE = newsevents.load(MINIMAL_PATH)["article"]["text"]


def _needs_work(command: str) -> str:
    """A record that ``command`` changes: fields out of order, or spans off their text."""
    if command == "fmt":
        return MINIMAL.replace(SCHEMA_LINE, "", 1) + SCHEMA_LINE
    return MINIMAL.replace(f"  text: {ARTICLE}\n", f"  text: {scalar('Premier ' + ARTICLE)}\n")


def _edit_longer(path: Path) -> None:
    path.write_bytes(path.read_bytes() + b"# the author's edit\n")


def _edit_same_length(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[:-2] + b"#\n")


def _edit_shorter(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: -len(SCHEMA_LINE)])


def _saved_as_it_was(path: Path) -> None:
    path.write_bytes(path.read_bytes())


CHANGES: dict[str, Callable[[Path], None]] = {
    "edited-longer": _edit_longer,
    "edited-same-length": _edit_same_length,
    "edited-shorter": _edit_shorter,
    "removed": Path.unlink,
}
#: Where the other program's save falls: what each command works out the new text with,
#: and the last step before the new file replaces the old one.
MOMENTS = {
    "fmt": "newsevents._cli.fmt.format_documents",
    "reanchor": "newsevents._cli.reanchor.replace_integers",
}


def _during(
    moment: str, command: str, target: Path, change: Callable[[Path], None], patch: Any
) -> None:
    if moment == "before-the-rename":
        took = cli_rewrite._took_identity

        def took_then_changed(temporary: str, path: str, info: os.stat_result) -> bool:
            taken = took(temporary, path, info)
            if path == os.path.realpath(target):
                change(target)
            return taken

        patch.setattr(cli_rewrite, "_took_identity", took_then_changed)
        return
    module, name = MOMENTS[command].rsplit(".", 1)
    real = getattr(__import__(module, fromlist=[name]), name)

    def work_then_changed(*args: Any, **kwargs: Any) -> Any:
        result = real(*args, **kwargs)
        if kwargs.get("name") == str(target):
            change(target)
        return result

    patch.setattr(MOMENTS[command], work_then_changed)


def _run(command: str, *paths: Path) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    return main([command, *map(str, paths)], out=out, err=err), err.getvalue()


def _leftovers(directory: Path) -> list[str]:
    return [p.name for p in directory.iterdir() if p.name.startswith(".newsevents-")]


#: (when the other program saves, whether the file has another hard link): a file with
#: one is rewritten in place, and never renamed over.
ROUTES = [("while-working", False), ("while-working", True), ("before-the-rename", False)]


@pytest.mark.parametrize(("moment", "linked"), ROUTES)
@pytest.mark.parametrize("change", sorted(CHANGES))
@pytest.mark.parametrize("command", ["fmt", "reanchor"])
def test_a_file_changed_meanwhile_is_left_as_the_other_program_left_it(
    command: str,
    change: str,
    moment: str,
    linked: bool,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target, other = tmp_path / "target.yaml", tmp_path / "other.yaml"
    for path in (target, other):
        path.write_text(_needs_work(command), encoding="utf-8")
    if linked:
        os.link(target, tmp_path / "link.yaml")
    _during(moment, command, target, CHANGES[change], monkeypatch)
    expected = None
    if change != "removed":
        probe = tmp_path / "probe"
        probe.write_bytes(target.read_bytes())
        CHANGES[change](probe)
        expected = probe.read_bytes()
        probe.unlink()
    code, err = _run(command, target, other)
    assert code == 1, err
    if expected is None:
        assert not target.exists()
        said = f"{target}: file-changed: the file was removed after {command} read it"
    else:
        assert target.read_bytes() == expected, "the other program's text was overwritten"
        said = f"{target}: file-changed: the file changed after {command} read it"
        assert f"run {command} again" in err
    assert said in err, err
    assert other.read_text(encoding="utf-8") != _needs_work(command), "the rest is still done"
    assert _run(command, other)[0] == 0
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("command", ["fmt", "reanchor"])
def test_a_file_saved_again_as_it_was_is_still_rewritten(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the bytes count: a save that changed nothing (an editor's, a touch) loses
    nothing when the file is rewritten."""
    target = tmp_path / "target.yaml"
    target.write_text(_needs_work(command), encoding="utf-8")
    _during("while-working", command, target, _saved_as_it_was, monkeypatch)
    code, err = _run(command, target)
    assert code == 0, err
    assert target.read_text(encoding="utf-8") != _needs_work(command)
    assert "file-changed" not in err


def _into_a_pipe(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def _into_a_directory(path: Path) -> None:
    path.unlink()
    path.mkdir()


@pytest.mark.parametrize(("moment", "linked"), ROUTES)
@pytest.mark.parametrize("kind", ["pipe", "directory"])
@pytest.mark.parametrize("command", ["fmt", "reanchor"])
def test_a_file_replaced_by_a_pipe_or_a_directory_meanwhile_is_left_so(
    command: str,
    kind: str,
    moment: str,
    linked: bool,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Checking the file again must not open a named pipe put in its place for reading,
    which would wait for a writer for ever, nor take a directory for a file it cannot
    write: either is a change like any other."""
    target = tmp_path / "target.yaml"
    target.write_text(_needs_work(command), encoding="utf-8")
    if linked:
        os.link(target, tmp_path / "link.yaml")
    change = _into_a_pipe if kind == "pipe" else _into_a_directory
    _during(moment, command, target, change, monkeypatch)
    with time_limit(20):
        code, err = _run(command, target)
    assert code == 1, err
    assert f"{target}: file-changed: the file changed after {command} read it" in err, err
    test = stat.S_ISFIFO if kind == "pipe" else stat.S_ISDIR
    assert test(os.lstat(target).st_mode)
    assert _leftovers(tmp_path) == []
