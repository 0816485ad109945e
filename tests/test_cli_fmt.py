"""``newsevents fmt``: rewrite in the canonical layout, or check that nothing would change."""

from __future__ import annotations

import io
import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

import newsevents
from newsevents._cli import main

from .conftest import FIXTURES, MINIMAL_PATH

MINIMAL = MINIMAL_PATH
SCHEMA = "https://newsevents.dev/schemas/1.0/record.schema.json"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), out=out, err=err), out.getvalue(), err.getvalue()


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    """The minimal example with quoting, order and a comment that fmt puts right."""
    lines = MINIMAL.read_text(encoding="utf-8").splitlines(keepends=True)
    schema, ident = lines.index(f"schema: {SCHEMA}\n"), lines.index("id: example-minimal\n")
    lines[schema], lines[ident] = lines[ident], lines[schema]
    text = "".join(lines).replace("  language: en\n", '  language: "en"   # English\n')
    path = tmp_path / "messy.yaml"
    path.write_text(text, encoding="utf-8")
    os.chmod(path, 0o640)
    return path


def test_the_canonical_files_need_no_formatting() -> None:
    code, out, err = run("fmt", "--check", str(FIXTURES))
    count = len(list(FIXTURES.glob("*.yaml")))
    assert (code, out, err) == (0, "", f"0 files would be reformatted, {count} unchanged\n")


def test_check_reports_and_changes_nothing(messy: Path) -> None:
    before = messy.read_bytes()
    code, out, err = run("fmt", "--check", str(messy))
    assert (code, out) == (1, "")
    assert err == f"would reformat {messy}\n1 file would be reformatted, 0 unchanged\n"
    assert messy.read_bytes() == before


def test_fmt_rewrites_keeping_values_comments_and_permissions(messy: Path) -> None:
    before = newsevents.load(messy)
    code, out, err = run("fmt", str(messy))
    assert (code, out) == (0, "")
    assert err == f"reformatted {messy}\n1 file reformatted, 0 unchanged\n"
    text = messy.read_text(encoding="utf-8")
    assert "  language: en  # English\n" in text
    assert text.index("schema:") < text.index("id: example-minimal")
    assert newsevents.load(messy) == before
    assert stat.S_IMODE(messy.stat().st_mode) == 0o640
    assert run("fmt", "--check", str(messy))[0] == 0
    assert not [p for p in messy.parent.iterdir() if p.name.startswith(".newsevents-")]


def test_unreadable_files_are_reported_and_left_alone(tmp_path: Path, messy: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("a: 1\na: 2\n", encoding="utf-8")
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(b"headline: caf\xe9\n")
    code, _, err = run("fmt", str(broken), str(latin), str(messy))
    assert code == 1
    lines = err.splitlines()
    assert lines[0].startswith(f"{broken}:2:1: duplicate-key: ")
    assert lines[1].startswith(f"{latin}:1:14: encoding: ")
    assert lines[2] == f"reformatted {messy}"
    assert lines[3] == "1 file reformatted, 0 unchanged, 2 could not be formatted"
    assert broken.read_text(encoding="utf-8") == "a: 1\na: 2\n"


def test_directories_are_walked_for_yaml_only(tmp_path: Path, messy: Path) -> None:
    (tmp_path / "notes.json").write_text("{not: yaml}", encoding="utf-8")
    code, _, err = run("fmt", "--check", str(tmp_path))
    assert code == 1
    assert err.splitlines() == [
        f"would reformat {messy}",
        "1 file would be reformatted, 0 unchanged",
    ]


def test_standard_input_to_standard_output(monkeypatch: pytest.MonkeyPatch) -> None:
    data = f"b: 1\na: [1, 2]  # two\nschema: {SCHEMA}\n".encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code, out, err = run("fmt", "-")
    assert (code, err) == (0, "")
    assert out == f"schema: {SCHEMA}\nb: 1\na:  # two\n  - 1\n  - 2\n"


def stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_standard_input_problems_go_to_standard_error(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin(monkeypatch, b"a: [\n")
    code, out, err = run("fmt", "-")
    assert (code, out) == (1, "")
    assert err.startswith("<stdin>:2:1: yaml-syntax: ")
    stdin(monkeypatch, b"id: caf\xe9\n")
    code, out, err = run("fmt", "-")
    assert (code, out) == (1, "")
    assert err.startswith("<stdin>:1:8: encoding: ")


def test_check_on_standard_input_prints_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin(monkeypatch, f"schema: {SCHEMA}\na: [1]\n".encode())
    assert run("fmt", "--check", "-") == (1, "", "would reformat <stdin>\n")
    stdin(monkeypatch, f"schema: {SCHEMA}\na:\n  - 1\n".encode())
    assert run("fmt", "--check", "-") == (0, "", "")


def test_closed_standard_input_is_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", None)
    code, out, err = run("fmt", "-")
    assert (code, out) == (1, "")
    assert "empty-document" in err


def test_a_json_file_is_not_turned_into_yaml(tmp_path: Path) -> None:
    path = tmp_path / "record.json"
    path.write_text('{"a": 1}', encoding="utf-8")
    code, _, err = run("fmt", str(path))
    assert code == 1
    assert err.startswith(f"{path}: not-yaml: ")
    assert path.read_text(encoding="utf-8") == '{"a": 1}'


def test_a_link_keeps_pointing_at_the_formatted_file(tmp_path: Path, messy: Path) -> None:
    link = tmp_path / "link.yaml"
    link.symlink_to(messy)
    assert run("fmt", str(link))[0] == 0
    assert link.is_symlink()
    assert run("fmt", "--check", str(messy))[0] == 0


def test_a_read_only_file_is_left_alone(messy: Path) -> None:
    before = messy.read_bytes()
    os.chmod(messy, 0o444)
    code, _, err = run("fmt", str(messy))
    assert code == 1
    assert f"{messy}: unwritable: the file is read-only" in err
    assert messy.read_bytes() == before


# --- The formatted file is the same file ---------------------------------------------------

ROOT = os.geteuid() == 0 if hasattr(os, "geteuid") else False


def leftovers(directory: Path) -> list[str]:
    return [p.name for p in directory.iterdir() if p.name.startswith(".newsevents-")]


def test_owner_group_and_mode_are_kept(tmp_path: Path, messy: Path) -> None:
    # As root (as in containers), the file is given to another user; anyone else keeps
    # their own, which a replacement must not change either.
    uid, gid = (12345, 23456) if ROOT else (os.getuid(), os.getgid())
    os.chown(messy, uid, gid)
    os.chmod(messy, 0o2640)  # chown clears set-id bits: they must survive it
    assert run("fmt", str(messy))[0] == 0
    info = messy.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (uid, gid, 0o2640)
    assert run("fmt", "--check", str(messy))[0] == 0
    assert leftovers(tmp_path) == []


def test_extended_attributes_are_kept(tmp_path: Path, messy: Path) -> None:
    try:
        os.setxattr(messy, "user.newsevents-test", b"kept")
        supported = True
    except OSError:  # a file system without user attributes: the rewrite must still work
        supported = False
    assert run("fmt", str(messy))[0] == 0
    if supported:
        assert os.getxattr(messy, "user.newsevents-test") == b"kept"
    assert run("fmt", "--check", str(messy))[0] == 0
    assert leftovers(tmp_path) == []


def test_a_hard_linked_file_is_rewritten_in_place(tmp_path: Path, messy: Path) -> None:
    other = tmp_path / "other-name.yaml"
    os.link(messy, other)
    inode = messy.stat().st_ino
    code, _, err = run("fmt", str(messy))
    assert (code, err) == (0, f"reformatted {messy}\n1 file reformatted, 0 unchanged\n")
    assert messy.stat().st_ino == other.stat().st_ino == inode
    assert messy.stat().st_nlink == 2
    assert other.read_bytes() == messy.read_bytes()
    assert stat.S_IMODE(messy.stat().st_mode) == 0o640
    assert run("fmt", "--check", str(other))[0] == 0
    assert leftovers(tmp_path) == []


def test_an_owner_that_cannot_be_given_away_keeps_the_inode(
    tmp_path: Path, messy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What an ordinary user meets on a file of someone else's that they may write to.
    def refuse(*args: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "chown", refuse)
    inode = messy.stat().st_ino
    assert run("fmt", str(messy))[0] == 0
    assert messy.stat().st_ino == inode
    assert run("fmt", "--check", str(messy))[0] == 0
    assert leftovers(tmp_path) == []


def fail_fsync(monkeypatch: pytest.MonkeyPatch, times: int) -> None:
    """Make the first ``times`` syncs of the file's own inode fail, as on a full disk."""
    real = os.fsync

    def fsync(fd: int) -> None:
        nonlocal times
        if times and os.fstat(fd).st_nlink == 2:
            times -= 1
            raise OSError(28, "No space left on device")
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)


def test_a_failed_rewrite_in_place_puts_the_old_text_back(
    tmp_path: Path, messy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    os.link(messy, tmp_path / "other-name.yaml")
    before = messy.read_bytes()
    fail_fsync(monkeypatch, 1)
    code, _, err = run("fmt", str(messy))
    assert code == 1
    assert f"{messy}: unwritable: cannot rewrite the file: No space left on device\n" in err
    assert messy.read_bytes() == before
    assert leftovers(tmp_path) == []


def test_when_the_old_text_cannot_be_put_back_its_copy_is_named(
    tmp_path: Path, messy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    os.link(messy, tmp_path / "other-name.yaml")
    before = messy.read_bytes()
    fail_fsync(monkeypatch, 2)
    code, _, err = run("fmt", str(messy))
    assert code == 1
    (backup,) = leftovers(tmp_path)
    assert backup.endswith(".messy.yaml.old")
    assert "No space left on device, and so did putting the old text back; it is kept in " in err
    assert str(tmp_path / backup) in err
    assert (tmp_path / backup).read_bytes() == before


def test_a_directory_that_cannot_be_written_still_lets_the_file_be(
    tmp_path: Path, messy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = tempfile.mkstemp
    made: list[str] = []

    def mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
        if kwargs.get("dir") is not None:
            raise PermissionError(13, "Permission denied")
        handle, name = real(*args, **kwargs)
        made.append(name)
        return handle, name

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    inode = messy.stat().st_ino
    assert run("fmt", str(messy))[0] == 0
    assert messy.stat().st_ino == inode
    assert run("fmt", "--check", str(messy))[0] == 0
    assert len(made) == 1  # the old text's copy, elsewhere, and gone again
    assert not os.path.exists(made[0])


def test_status_lines_escape_file_names(tmp_path: Path) -> None:
    """A line break or terminal escape in a file name cannot forge a line of fmt's output."""
    messy = tmp_path / "a\nreformatted b\x1b[31m.yaml"
    messy.write_text(f"id: x\nschema: {SCHEMA}\n", encoding="utf-8")
    code, _, err = run("fmt", str(messy))
    assert code == 0
    assert err.count("\n") == 2, err  # one status line and the summary
    assert "\x1b" not in err
    assert "\\nreformatted b\\x1b[31m.yaml" in err
