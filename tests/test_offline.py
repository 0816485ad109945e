"""Validation fetches nothing, writes nothing, runs nothing from a file.

With every socket refused (in this process, and in a command run as a user runs it, whose
worker processes inherit the guard), validating the fixtures, the examples, hostile files
and records that name remote schemas opens no connection. The files checked keep their
bytes, modification times and modes, and no file appears beside them. YAML tags that would
build Python objects or run commands are refused as they are read: the command they name
never runs, by any way in (the library, ``fmt``, the command line, either YAML parser).
"""

from __future__ import annotations

import builtins
import hashlib
import io
import json
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import referencing.exceptions

import newsevents
from newsevents._cli import main
from newsevents._layout.format import format_yaml

from .conftest import EXAMPLES, FIXTURES
from .netguard import EXIT_NETWORK, SITECUSTOMIZE, no_network

__all__ = ["no_network"]  # the fixture, used by name below

REMOTE = "https://schemas.example.org/news/record.schema.json"
REFUSALS = ("yaml-tag", "non-string-key")


def _hostile(marker: Path) -> dict[str, str]:
    """YAML that asks, in every way PyYAML knows, to run a command that creates ``marker``."""
    touch = f"touch {marker}"
    return {
        "apply.yaml": f"schema: x\nid: !!python/object/apply:os.system [{touch!r}]\n",
        "new.yaml": f"id: !!python/object/new:os.system [{touch!r}]\n",
        "subprocess.yaml": f"id: !!python/object/apply:subprocess.call [[touch, {marker}]]\n",
        "state.yaml": (
            "id: !!python/object/new:type\n  args: [z, !!python/tuple [], {}]\n"
            "  state: {__init__: !!python/name:os.system }\n"
        ),
        "name.yaml": "run: !!python/name:os.system\n",
        "module.yaml": "os: !!python/module:os\n",
        "key.yaml": f"? !!python/object/apply:os.system [{touch!r}]\n: value\n",
        "nested.yaml": (
            f"entities:\n  - id: a\n    name: !!python/object/apply:os.system [{touch!r}]\n"
        ),
        "merge.yaml": (
            f"base: &b {{x: 1}}\nrec:\n  <<: !!python/object/apply:os.system [{touch!r}]\n"
        ),
        "later.yaml": f"id: a\n---\nid: !!python/object/apply:os.system [{touch!r}]\n",
        "long.yaml": (f"id: !<tag:yaml.org,2002:python/object/apply:os.system> [{touch!r}]\n"),
        "flow.yaml": f"{{id: !!python/object/apply:os.system [{touch!r}]}}\n",
    }


@pytest.fixture
def hostile_files(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """A directory of hostile YAML files, and the marker their commands would create."""
    marker = tmp_path / "ran"
    directory = tmp_path / "hostile"
    directory.mkdir()
    for name, text in _hostile(marker).items():
        (directory / name).write_text(text, encoding="utf-8")
    yield directory, marker
    assert not marker.exists(), "a command named in a YAML tag ran"


def test_tags_that_would_run_commands_are_refused_as_read(
    hostile_files: tuple[Path, Path], parser: str
) -> None:
    directory, marker = hostile_files
    for path in sorted(directory.iterdir()):
        with pytest.raises(newsevents.LoadError) as raised:
            newsevents.load_all(path)
        # A tag on a key is never even built: a key that is no string is refused first.
        assert raised.value.problem.rule in REFUSALS, (path.name, raised.value)
        with pytest.raises(newsevents.LoadError):
            format_yaml(path.read_text(encoding="utf-8"))
        assert not marker.exists(), path.name


def test_tags_that_would_run_commands_never_run_from_the_command_line(
    hostile_files: tuple[Path, Path],
) -> None:
    directory, _marker = hostile_files  # the fixture checks the marker
    before = _state(directory)
    out, err = io.StringIO(), io.StringIO()
    assert main(["validate", str(directory)], out=out, err=err) == 1
    refused = {
        line.split(":", 1)[0]
        for line in out.getvalue().splitlines()
        if any(f": {rule}: " in line for rule in REFUSALS)
    }
    assert refused == {str(directory / name) for name in before}, out.getvalue()
    assert main(["fmt", str(directory)], out=out, err=err) == 1
    assert _state(directory) == before  # fmt rewrote none of them


def _state(directory: Path) -> dict[str, tuple[Any, ...]]:
    """Every file below ``directory``: its bytes' hash, size, mode and modification time."""
    found = {}
    for root, _dirs, files in os.walk(directory):
        for name in files:
            path = Path(root, name)
            info = path.stat()
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            found[str(path.relative_to(directory))] = (
                digest,
                info.st_size,
                stat.S_IMODE(info.st_mode),
                info.st_mtime_ns,
            )
    return found


@pytest.fixture
def read_only_tree(tmp_path: Path) -> Iterator[Path]:
    """The fixtures, the invalid examples and records of every format, read-only."""
    tree = tmp_path / "records"
    shutil.copytree(FIXTURES, tree / "fixtures")
    shutil.copytree(EXAMPLES / "invalid", tree / "invalid")
    minimal = newsevents.load_fixture("minimal")
    (tree / "records.json").write_text(json.dumps(minimal), encoding="utf-8")
    (tree / "records.jsonl").write_text(json.dumps(minimal) + "\n" + "{}\n", encoding="utf-8")
    (tree / "remote.yaml").write_text(f"schema: {REMOTE}\nid: x\n", encoding="utf-8")
    for root, dirs, files in os.walk(tree):
        for name in files:
            os.chmod(os.path.join(root, name), 0o444)
        for name in dirs:
            os.chmod(os.path.join(root, name), 0o555)
    os.chmod(tree, 0o555)
    yield tree
    for root, dirs, _files in os.walk(tree):
        for name in dirs:
            os.chmod(os.path.join(root, name), 0o755)
    os.chmod(tree, 0o755)


def test_validation_writes_nothing_and_fetches_nothing(
    read_only_tree: Path, no_network: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Root may write to read-only files: every open for writing is watched as well.
    writes: list[str] = []
    real_open = os.open

    def watched_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND):
            writes.append(str(path))
        return real_open(path, flags, *args, **kwargs)

    real_builtin_open = builtins.open

    def watched_builtin_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if set(mode) & set("wax+"):
            writes.append(str(file))
        return real_builtin_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(os, "open", watched_open)
    monkeypatch.setattr(builtins, "open", watched_builtin_open)
    monkeypatch.setattr(io, "open", watched_builtin_open)
    before = _state(read_only_tree)
    out, err = io.StringIO(), io.StringIO()
    for argv in (
        ["validate", str(read_only_tree)],
        ["validate", "--format", "json", str(read_only_tree)],
        ["validate", "--jobs", "2", str(read_only_tree)],
        ["fmt", "--check", str(read_only_tree)],
        ["schema", "--bundle"],
    ):
        assert main(argv, out=out, err=err) in (0, 1), (argv, err.getvalue())
    for path in sorted(read_only_tree.rglob("*.*")):
        try:
            documents = newsevents.load_all(path)
        except newsevents.LoadError:
            continue
        for document in documents:
            list(newsevents.iter_problems(document))
            newsevents.is_valid(document)
    assert "unknown-schema-version" in out.getvalue()
    assert _state(read_only_tree) == before
    assert not [path for path in writes if path.startswith(str(read_only_tree))], writes


def test_a_schema_of_the_user_s_naming_a_remote_one_fails_instead_of_fetching(
    no_network: list[str],
) -> None:
    mine = {"type": "array", "items": {"$ref": newsevents.SCHEMA_ID}, "$defs": {}}
    mine["$defs"] = {"remote": {"$ref": REMOTE}}
    mine["contains"] = {"$ref": "#/$defs/remote"}
    validator = jsonschema.Draft202012Validator(mine, registry=newsevents.registry())
    with pytest.raises(referencing.exceptions.Unresolvable):
        validator.is_valid([newsevents.load_fixture("minimal")])


def _guarded_env(tmp_path: Path) -> dict[str, str]:
    guard = tmp_path / "guard"
    guard.mkdir(exist_ok=True)
    (guard / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(guard), env.get("PYTHONPATH")]))
    return env


def _guarded(tmp_path: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *argv],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=_guarded_env(tmp_path),
        timeout=300,
        check=False,
    )


def test_the_guard_stops_a_process_that_tries_to_connect(tmp_path: Path) -> None:
    # The guard itself works, so that the next test's silence means something.
    done = _guarded(tmp_path, "-c", "import socket; socket.create_connection(('127.0.0.1', 9))")
    assert done.returncode == EXIT_NETWORK, done.stderr


def test_the_command_line_fetches_nothing_with_sockets_refused(
    tmp_path: Path, read_only_tree: Path, hostile_files: tuple[Path, Path]
) -> None:
    directory, _marker = hostile_files
    for argv in (
        ["validate", str(read_only_tree), str(directory)],
        ["validate", "--jobs", "2", str(read_only_tree), str(directory)],
        ["schema", "--bundle"],
        ["fmt", "--check", str(read_only_tree)],
    ):
        done = _guarded(tmp_path, "-m", "newsevents", *argv)
        assert done.returncode in (0, 1), (argv, done.returncode, done.stderr)
        assert "guard" not in done.stderr
        assert "Traceback" not in done.stdout + done.stderr
