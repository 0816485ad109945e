"""Nothing skipped in silence: what a directory walk finds, and what it cannot read.

A walk picks up record files whatever the letter case of their extension, for
``validate`` and ``fmt`` alike, and reports every entry with a record file's name that
it cannot read (a dangling link, a link loop, a FIFO, a file it may list but not reach),
each as ``unreadable`` with the reason. A path named on the command line that does not
exist says so, whatever its name.
"""

from __future__ import annotations

import io
import itertools
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from newsevents._cli import main
from newsevents._cli.fmt import YAML_SUFFIXES
from newsevents._cli.inputs import RECORD_SUFFIXES, expand, has_suffix

from .conftest import MINIMAL_PATH, renamed

MINIMAL = MINIMAL_PATH


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def case_variants(suffix: str) -> list[str]:
    """Every spelling of ``suffix`` in upper and lower case letters: 2**letters of them."""
    letters = [(c.lower(), c.upper()) for c in suffix[1:]]
    return ["." + "".join(chosen) for chosen in itertools.product(*letters)]


VARIANTS = [variant for suffix in RECORD_SUFFIXES for variant in case_variants(suffix)]


def record_text(suffix: str, ident: str = "example-minimal") -> str:
    """The minimal valid record written as a file ending in ``suffix`` expects."""
    text = renamed(MINIMAL.read_text(encoding="utf-8"), ident)
    if suffix.lower() in (".yaml", ".yml"):
        return text
    return json.dumps(yaml.safe_load(text)) + "\n"


def test_the_variants_are_every_spelling() -> None:
    assert len(VARIANTS) == len(set(VARIANTS)) == sum(2 ** (len(s) - 1) for s in RECORD_SUFFIXES)


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_spelling_of_every_suffix_matches(variant: str) -> None:
    assert has_suffix(f"record{variant}", RECORD_SUFFIXES)
    assert has_suffix(f"record{variant}", YAML_SUFFIXES) == (variant.lower() in YAML_SUFFIXES)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=8), st.text(max_size=8), st.sampled_from(RECORD_SUFFIXES))
def test_a_name_matches_exactly_when_it_ends_in_a_suffix_up_to_ascii_case(
    stem: str, tail: str, suffix: str
) -> None:
    name = stem + tail
    expected = any(
        name[-len(s) :].isascii() and name[-len(s) :].lower() == s for s in RECORD_SUFFIXES
    )
    assert has_suffix(name, RECORD_SUFFIXES) == expected
    assert has_suffix(stem + suffix.upper(), RECORD_SUFFIXES)


@pytest.mark.parametrize("lookalike", ["a.\u212aml", "a.\u0130son", "a.YAM\u013f", "a.yaml\u200b"])
def test_a_name_that_only_looks_like_a_record_file_does_not_match(lookalike: str) -> None:
    assert not has_suffix(lookalike, (*RECORD_SUFFIXES, ".kml"))


@pytest.fixture
def every_spelling(tmp_path: Path) -> Path:
    """A valid record under each spelling of each suffix; names differ before the suffix,
    so that a file system that ignores case holds them all too."""
    for n, variant in enumerate(VARIANTS):
        text = record_text(variant, f"r{n:03}")
        (tmp_path / f"r{n:03}{variant}").write_text(text, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a record", encoding="utf-8")
    return tmp_path


def test_validate_walks_every_spelling(every_spelling: Path) -> None:
    code, out, _ = run("validate", str(every_spelling))
    count = len(VARIANTS)
    assert (code, out) == (
        0,
        f"{count} files, {count} records: {count} valid, 0 invalid, 0 problems\n",
    )


def test_fmt_walks_every_spelling_of_yaml(every_spelling: Path) -> None:
    yaml_count = sum(1 for v in VARIANTS if v.lower() in YAML_SUFFIXES)
    code, out, err = run("fmt", "--check", str(every_spelling))
    assert (code, out) == (0, "")
    assert err == f"0 files would be reformatted, {yaml_count} unchanged\n"


def test_fmt_formats_an_upper_case_yaml_file(tmp_path: Path) -> None:
    path = tmp_path / "REC.YAML"
    schema = "https://newsevents.dev/schemas/1.0/record.schema.json"
    path.write_text(f"schema:   {schema}\n", encoding="utf-8")
    code, _, err = run("fmt", str(tmp_path))
    assert (code, path.read_text(encoding="utf-8")) == (0, f"schema: {schema}\n")
    assert err.startswith(f"reformatted {path}\n")


# --- What cannot be read is reported ---------------------------------------------------


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.yaml"
    shutil.copy(MINIMAL, path)
    return path


def unreadable_lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if ": unreadable: " in line]


@pytest.mark.parametrize("command", ["validate", "fmt"])
def test_a_dangling_link_is_reported(good: Path, command: str) -> None:
    link = good.parent / "gone.yaml"
    link.symlink_to(good.parent / "nowhere.yaml")
    code, out, err = run(command, *(["--check"] if command == "fmt" else []), str(good.parent))
    assert code == 1
    assert unreadable_lines(out + err) == [
        f"{link}: unreadable: this is a symbolic link to {str(good.parent / 'nowhere.yaml')!r}, "
        "which does not exist; correct or remove the link, or --exclude it"
    ]


@pytest.mark.parametrize("command", ["validate", "fmt"])
def test_a_link_loop_is_reported(good: Path, command: str) -> None:
    loop = good.parent / "loop.yml"
    loop.symlink_to(loop)
    code, out, err = run(command, *(["--check"] if command == "fmt" else []), str(good.parent))
    assert code == 1
    (line,) = unreadable_lines(out + err)
    assert line.startswith(f"{loop}: unreadable: cannot reach this file: ")
    assert line.endswith("; a symbolic link on the way leads back to itself; correct or remove it")


@pytest.mark.parametrize("command", ["validate", "fmt"])
def test_a_fifo_is_reported_not_opened(good: Path, command: str) -> None:
    fifo = good.parent / "pipe.YAML"
    os.mkfifo(fifo)
    code, out, err = run(command, *(["--check"] if command == "fmt" else []), str(good.parent))
    assert code == 1  # and it returned: the pipe was never opened
    assert unreadable_lines(out + err) == [
        f"{fifo}: unreadable: this is a FIFO (named pipe), not a regular file, so it was not "
        "read; remove it or --exclude it"
    ]


def test_an_excluded_dangling_link_is_not_reported(good: Path) -> None:
    (good.parent / "gone.yaml").symlink_to(good.parent / "nowhere.yaml")
    code, out, _ = run("validate", str(good.parent), "--exclude", "gone.yaml")
    assert (code, out) == (0, "1 file, 1 record: 1 valid, 0 invalid, 0 problems\n")


@pytest.mark.parametrize(
    "name",
    ["missing", "missing.yaml", "missing.JSON", "no/such/dir/missing", "good.yaml/x", "Makefile"],
)
@pytest.mark.parametrize("command", ["validate", "fmt"])
def test_a_missing_path_says_it_does_not_exist(good: Path, name: str, command: str) -> None:
    path = good.parent / name
    code, out, err = run(command, str(path), str(good))
    assert code == 1
    first = (out + err).splitlines()[0]
    assert first == f"{path}: unreadable: this path does not exist; check its spelling"


def test_a_dangling_link_named_on_the_command_line_says_so(good: Path) -> None:
    link = good.parent / "link"
    link.symlink_to("nowhere")
    code, out, _ = run("validate", str(link))
    assert code == 1
    assert out.startswith(f"{link}: unreadable: this is a symbolic link to 'nowhere', which")


def test_a_file_that_cannot_be_reached_is_reported(
    good: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_stat = os.stat

    def stat_(path: str, *args: object, **kwargs: object) -> os.stat_result:
        if str(path).endswith("hidden-away.yaml"):
            raise PermissionError(13, "Permission denied", path)
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    shutil.copy(MINIMAL, good.parent / "hidden-away.yaml")
    monkeypatch.setattr("newsevents._cli.inputs.os.stat", stat_)
    inputs = expand([str(good.parent)])
    problems = [item.problem for item in inputs if item.problem is not None]
    assert [(p.rule, p.file) for p in problems] == [
        ("unreadable", str(good.parent / "hidden-away.yaml"))
    ]
    assert problems[0].message.startswith("cannot reach this file: Permission denied; check")


# --- A directory that may be listed but not entered, for real --------------------------


@pytest.fixture
def locked() -> Iterator[Path]:
    """A readable tree holding ``locked/``, a directory that may be listed but not entered
    (mode r-- for everyone), with a record and a subdirectory in it."""
    with tempfile.TemporaryDirectory() as name:
        top = Path(name)
        top.chmod(0o755)  # so that another user may reach it
        shutil.copy(MINIMAL, top / "good.yaml")
        inner = top / "locked"
        (inner / "sub").mkdir(parents=True)
        shutil.copy(MINIMAL, inner / "in.yaml")
        shutil.copy(MINIMAL, inner / "sub" / "deeper.yaml")
        for path in (top / "good.yaml", inner / "in.yaml", inner / "sub" / "deeper.yaml"):
            path.chmod(0o644)
        (inner / "sub").chmod(0o755)
        inner.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
        try:
            yield top
        finally:
            inner.chmod(0o755)


def run_as_nobody(*argv: str) -> tuple[int, str]:
    """``main(argv)`` in a forked child that, when we are root, is the user nobody:
    permissions do not bind root. The child runs no new interpreter (which nobody may not
    be allowed to read), so the command runs once here first to import all it needs."""
    run("validate", str(MINIMAL))
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report through the pipe, and never return into pytest
        try:
            os.close(read)
            if os.geteuid() == 0:
                os.setgroups([])
                os.setgid(65534)
                os.setuid(65534)
            code, out, err = run(*argv)
            os.write(write, json.dumps([code, out + err]).encode())
        except BaseException as error:  # whatever it is, the parent reports it
            os.write(write, json.dumps([-1, repr(error)]).encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    code, output = json.loads(data)
    return code, output


def test_a_directory_that_may_be_listed_but_not_entered_is_reported(locked: Path) -> None:
    code, out = run_as_nobody("validate", str(locked))
    inner = locked / "locked"
    assert out.splitlines() == [
        f"{inner / 'sub'}: unreadable: cannot list this directory: Permission denied; check "
        "its permissions",
        f"{inner / 'in.yaml'}: unreadable: cannot reach this file: Permission denied; check the "
        "permissions of the file and of the directories above it",
        "2 files, 1 record: 1 valid, 0 invalid, 2 unreadable, 2 problems",
    ]
    assert code == 1
