"""A file that changes or disappears while a run goes on: a clear error for it alone.

The command line walks the directories first (``expand``) and reads each file later
(``check_inputs``). A file deleted, emptied, rewritten, or replaced by a directory or a
broken link in between, or while the run is already reading other files, is reported for
itself, under its own name, in words that say what happened; every other file is still
checked and reported as before, serially and in worker processes.
"""

from __future__ import annotations

import io
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import newsevents
from newsevents._cli import inputs as cli_inputs
from newsevents._cli import main
from newsevents._cli.inputs import expand
from newsevents._cli.validate import check_inputs
from newsevents._errors import Problem
from newsevents._report import RecordReport

from .conftest import MINIMAL_PATH

Change = Callable[[Path], object]


def _replace_with_directory(path: Path) -> None:
    path.unlink()
    path.mkdir()


def _replace_with_dangling_link(path: Path) -> None:
    path.unlink()
    path.symlink_to(path.with_name("gone-for-good"))


def _replace_with_link_loop(path: Path) -> None:
    path.unlink()
    path.symlink_to(path)


def _remove_its_directory(path: Path) -> None:
    shutil.rmtree(path.parent)


#: How a file may change, the rule then reported for it, and words its message must hold
#: (one of them: the reader and the walk put it in their own words).
GONE = ("No such file", "does not exist")
CHANGES: dict[str, tuple[Change, str, tuple[str, ...]]] = {
    "deleted": (Path.unlink, "unreadable", GONE),
    "directory": (_replace_with_directory, "unreadable", ("directory",)),
    "dangling-link": (_replace_with_dangling_link, "unreadable", GONE),
    "link-loop": (_replace_with_link_loop, "unreadable", ("symbolic link",)),
    "its-directory-removed": (_remove_its_directory, "unreadable", GONE),
    "emptied": (lambda path: path.write_bytes(b""), "empty-document", ("no record",)),
    "cut-short": (lambda path: path.write_bytes(path.read_bytes()[:41]), "", ()),
    "rewritten-as-utf16": (
        lambda path: path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16")),
        "encoding",
        ("UTF-16",),
    ),
}
FORMATS = ("yaml", "json", "jsonl")


def _tree(root: Path) -> list[Path]:
    """Four valid record files in two directories, one of each format and a second YAML."""
    record = newsevents.load_fixture("minimal")
    texts = {
        "yaml": MINIMAL_PATH.read_text(encoding="utf-8"),
        "json": json.dumps(record),
        "jsonl": json.dumps(record) + "\n" + json.dumps(record) + "\n",
    }
    paths = [root / "a" / "first.yaml"]
    paths += [root / "b" / f"target.{format}" for format in FORMATS]
    paths.append(root / "c" / "last.yaml")
    for path in paths:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(texts[path.suffix[1:]], encoding="utf-8")
    return paths


def _results(
    root: Path, change: Change, target: Path, *, jobs: int = 1, when: str = "reading"
) -> dict[str, list[RecordReport | Problem]]:
    inputs = expand([str(root)])
    if when == "walked":
        change(target)
    got: dict[str, list[RecordReport | Problem]] = {}
    for item, results in check_inputs(inputs, jobs=jobs):
        got[item.name] = [
            result for result in results if isinstance(result, (RecordReport, Problem))
        ]
        if when == "reading" and len(got) == 1:  # the run is under way: change a later file
            change(target)
    return got


def _assert_only(
    got: dict[str, list[RecordReport | Problem]], target: Path, rule: str, words: tuple[str, ...]
) -> None:
    for name, results in got.items():
        if name != str(target):
            assert all(isinstance(r, RecordReport) and r.valid for r in results), (name, results)
    own = got[str(target)]
    problems = [r for r in own if isinstance(r, Problem)]
    reports = [r for r in own if isinstance(r, RecordReport)]
    if rule:
        assert len(problems) == 1, own
        assert (problems[0].rule, problems[0].file) == (rule, str(target))
        assert any(word in problems[0].message for word in words), problems[0].message
        assert not reports
    else:  # cut short: a syntax error, or a record with problems; never valid
        assert problems or any(not r.valid for r in reports), own


@pytest.mark.parametrize("format", FORMATS)
@pytest.mark.parametrize("when", ["walked", "reading"])
@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_file_that_changes_mid_run_is_reported_alone(
    tmp_path: Path, change: str, when: str, format: str
) -> None:
    how, rule, words = CHANGES[change]
    paths = _tree(tmp_path)
    target = tmp_path / "b" / f"target.{format}"
    got = _results(tmp_path, how, target, when=when)
    assert sorted(got) == sorted(str(path) for path in paths)
    if change == "its-directory-removed":  # the other files of that directory went too
        for sibling in paths[1:4]:
            _assert_only({str(sibling): got.pop(str(sibling))}, sibling, rule, words)
        assert all(
            isinstance(r, RecordReport) and r.valid for results in got.values() for r in results
        )
        return
    _assert_only(got, target, rule, words)


@pytest.mark.parametrize("change", ["deleted", "directory", "emptied"])
def test_a_file_that_changes_after_the_walk_is_reported_alone_by_workers(
    tmp_path: Path, change: str
) -> None:
    how, rule, words = CHANGES[change]
    _tree(tmp_path)
    target = tmp_path / "b" / "target.json"
    _assert_only(_results(tmp_path, how, target, jobs=2, when="walked"), target, rule, words)


def test_the_command_line_reports_a_vanished_file_and_checks_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _tree(tmp_path)
    target = paths[2]
    walk = cli_inputs.expand

    def walk_then_delete(*args: object, **kwargs: object) -> list[cli_inputs.Input]:
        found = walk(*args, **kwargs)  # type: ignore[arg-type]
        os.remove(target)
        return found

    monkeypatch.setattr(cli_inputs, "expand", walk_then_delete)
    out, err = io.StringIO(), io.StringIO()
    # Copies of one record: ids repeat, which is not what this test is about.
    argv = ["validate", str(tmp_path), "--ignore", "duplicate-record-id"]
    assert main(argv, out=out, err=err) == 1
    lines = out.getvalue().splitlines()
    assert [line for line in lines if not line.startswith(str(target))] == [lines[-1]]
    assert lines[0].startswith(f"{target}: unreadable: "), lines[0]
    assert lines[-1] == "5 files, 5 records: 5 valid, 0 invalid, 1 unreadable, 1 problem"
    assert not err.getvalue()
