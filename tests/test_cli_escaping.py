"""Every reporter escapes the user's characters: file names, keys, pointers and messages.

A key or a file name may hold an ANSI escape, a line break, a bidirectional override, a
lone surrogate or bytes that are not UTF-8. Whatever it holds, text and github print one
line per problem, json is valid UTF-8 whose strings read back exactly, junit is
well-formed XML 1.0, and no output holds a raw control character.
"""

from __future__ import annotations

import functools
import io
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from newsevents._cli.escape import UNSAFE, escape_text
from newsevents._cli.reporters import REPORTERS
from newsevents._errors import Problem, brief
from newsevents._report import RecordReport, Summary

from .conftest import MINIMAL_PATH

BIDI = [chr(c) for c in (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))]
#: Every character a report must never print raw.
CHARACTERS = [
    *map(chr, range(0x20)),
    *map(chr, range(0x7F, 0xA0)),
    *BIDI,
    "\u2028",
    "\u2029",
    "\ud800",  # a lone high surrogate, as a JSON "\ud800" escape gives
    "\udcff",  # the byte 0xFF of a file name that is not UTF-8, as os.fsdecode gives it
    "\ufffe",
    "\uffff",
]
FORMATS = sorted(REPORTERS)
# Every code point, surrogates too, with the hostile ones drawn often.
ANY_CHARACTER = st.characters(exclude_categories=()) | st.sampled_from(CHARACTERS)


def shown(char: str) -> str:
    """How text, github and junit show a character: as repr() does, but a byte of a file
    name that is not UTF-8 as the byte."""
    if 0xDC80 <= ord(char) <= 0xDCFF:
        return f"\\x{ord(char) - 0xDC00:02x}"
    return repr(char)[1:-1]


def raw_unsafe(text: str) -> list[str]:
    """The unsafe characters in an output, but for the line feeds between its lines."""
    return sorted({c for c in text if c != "\n" and UNSAFE.fullmatch(c)})


def problem(char: str, n: int) -> Problem:
    key = f"k{char}y"
    return Problem(
        f"rule{char}",
        f"unexpected property {brief(key)}; also raw: {char}",
        f"/entities/0/{key}",
        f"dir{n}/f{char}.yaml",
        1,
        n + 1,
        0,
    )


def report(fmt: str, problems: list[Problem], read_errors: list[Problem]) -> str:
    out = io.StringIO()
    reporter = REPORTERS[fmt](out)
    summary = Summary(files=len(problems) + len(read_errors))
    for item in problems:
        record = RecordReport(0, item.file, 1, 1, (item,))
        summary.add(record)
        reporter.record(record)
    for item in read_errors:
        summary.add(item)
        reporter.unreadable(item)
    reporter.finish(summary)
    return out.getvalue()


def check_output(fmt: str, output: str, problems: list[Problem]) -> None:
    """The promise for one output of one reporter holding ``problems``."""
    data = output.encode("utf-8")  # strict: a lone surrogate cannot pass
    assert raw_unsafe(output) == []
    if fmt in ("text", "github"):
        assert len(output.splitlines()) == len(problems) + 1  # and the summary
    elif fmt == "json":
        document = json.loads(data.decode("utf-8"))
        fields = [(p["file"], p["pointer"], p["rule"], p["message"]) for p in document["problems"]]
        assert fields == [(p.file, p.pointer, p.rule, p.message) for p in problems]
    else:
        root = ElementTree.fromstring(data)
        failures = root.findall("testsuite/testcase/failure")
        assert len(failures) == len(problems)
        for failure in failures:
            assert failure.text is not None
            assert "\n" not in failure.text


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_unsafe_character_in_every_field_is_escaped(fmt: str) -> None:
    problems = [problem(char, n) for n, char in enumerate(CHARACTERS)]
    half = len(problems) // 2
    output = report(fmt, problems[:half], problems[half:])
    check_output(fmt, output, problems)
    if fmt != "json":
        for char in CHARACTERS:
            assert f"f{shown(char)}.yaml" in output, repr(char)
            assert f"k{shown(char)}y" in output, repr(char)


@pytest.mark.parametrize("fmt", ["text", "github", "junit"])
def test_escapes_read_as_python_writes_them(fmt: str) -> None:
    item = Problem("r", "m", "/a\x1bb\nc\u2028d", "x\udcff\t.yaml", 2, 3)
    output = report(fmt, [item], [])
    assert "/a\\x1bb\\nc\\u2028d" in output
    assert "x\\xff\\t.yaml" in output


def test_escape_text_is_the_identity_on_safe_text() -> None:
    text = "records/中文 — Minsk\u00a0“2024”/a\\b.yaml 😀"
    assert escape_text(text) is text


def test_colour_does_not_undo_escaping() -> None:
    out = io.StringIO()
    reporter = REPORTERS["text"](out, color=True)
    reporter.unreadable(Problem("unreadable", "m\x1b[2J", "/p\n", "f\r.yaml"))
    text = out.getvalue()
    assert "f\\r.yaml" in text
    assert "m\\x1b[2J" in text
    assert "/p\\n" in text
    assert text.count("\n") == 1
    assert text.count("\x1b[") == 6  # the reporter's own three colours, each reset


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(*[st.text(ANY_CHARACTER, max_size=12)] * 4),
        min_size=1,
        max_size=4,
    ),
    st.sampled_from(FORMATS),
)
def test_any_text_in_any_field_keeps_every_reporter_s_promise(
    fields: list[tuple[str, str, str, str]], fmt: str
) -> None:
    problems = [Problem(r, m, p, f, 1, 1, 0) for r, m, p, f in fields]
    check_output(fmt, report(fmt, problems, []), problems)


# --- The command line, with real file names on disk ---------------------------------------


@functools.cache
def minimal_record() -> dict[str, Any]:
    record: dict[str, Any] = yaml.safe_load((MINIMAL_PATH).read_text())
    return record


def record_with_key(key: str, ident: str = "example-minimal") -> str:
    """A record whose one problem is the unexpected property ``key``, at ``/key``."""
    return json.dumps({**minimal_record(), "id": ident, key: 1})


#: Names that are bytes on disk: every unsafe character but NUL and the surrogates as
#: UTF-8, and byte sequences that are not UTF-8 at all.
NAME_BYTES = [
    *(f"f{n:03}{c}.json".encode() for n, c in enumerate(CHARACTERS) if c not in "\0\ud800\udcff"),
    b"f\xff.json",
    b"f\xc3.json",  # a truncated two-byte sequence
    b"f\xed\xa0\x80.json",  # a surrogate encoded as if it were a character
]
KEYS = [c for c in CHARACTERS if not 0xD800 <= ord(c) <= 0xDFFF]


@pytest.fixture(scope="module")
def hostile_names() -> Iterator[tuple[Path, list[bytes]]]:
    """A directory of records with every hostile name, each with one hostile key."""
    with tempfile.TemporaryDirectory() as directory:
        root = os.fsencode(directory)
        paths = []
        for n, name in enumerate(NAME_BYTES):
            path = os.path.join(root, name)
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(record_with_key(f"k{KEYS[n % len(KEYS)]}y", f"r{n}"))
            paths.append(path)
        yield Path(directory), paths


def cli(*argv: str, encoding: str = "utf-8") -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    return subprocess.run(
        [sys.executable, "-m", "newsevents", *argv], capture_output=True, env=env, check=False
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_hostile_file_names_and_keys_on_the_command_line(
    hostile_names: tuple[Path, list[bytes]], fmt: str
) -> None:
    directory, paths = hostile_names
    done = cli("validate", str(directory), "--format", fmt)
    assert (done.returncode, done.stderr) == (1, b"")
    output = done.stdout.decode("utf-8")
    assert raw_unsafe(output) == []
    if fmt in ("text", "github"):
        assert len(output.splitlines()) == len(paths) + 1
        assert output.splitlines()[-1].startswith(f"{len(paths)} files, {len(paths)} records")
        assert "f\\xff.json" in output
        assert "f\\xc3.json" in output
        assert "f\\xed\\xa0\\x80.json" in output
    elif fmt == "json":
        problems = json.loads(output)["problems"]
        assert sorted(os.fsencode(p["file"]) for p in problems) == sorted(paths)
        assert {p["pointer"] for p in problems} == {f"/k{c}y" for c in KEYS}
        assert {p["rule"] for p in problems} == {"schema.additionalProperties"}
    else:
        root = ElementTree.fromstring(done.stdout)
        assert root.get("tests") == root.get("failures") == str(len(paths))


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_terminal_that_cannot_show_a_character_gets_an_escape(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "中文\u202e.json"
    path.write_text(record_with_key("標題😀\x1b"), encoding="utf-8")
    done = cli("validate", str(path), "--format", fmt, encoding="ascii")
    assert (done.returncode, done.stderr) == (1, b"")
    output = done.stdout.decode("ascii")
    if fmt == "json":
        assert json.loads(output)["problems"][0]["file"] == str(path)
    elif fmt == "junit":
        suite = ElementTree.fromstring(done.stdout).find("testsuite")
        assert suite is not None
        assert suite.get("name") == str(path).replace("\u202e", "\\u202e")
    else:
        assert "\\u4e2d\\u6587\\u202e.json" in output


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(ANY_CHARACTER),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.text(ANY_CHARACTER, max_size=5), children, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=200, deadline=None)
@given(JSON_VALUES, st.integers(min_value=4, max_value=80))
def test_brief_quotes_any_value_without_an_unsafe_character(value: object, limit: int) -> None:
    # Messages quote the user's values with brief(), so that they carry none raw even
    # before a reporter escapes them.
    assert UNSAFE.search(brief(value, limit)) is None


def test_brief_quotes_every_unsafe_character_visibly() -> None:
    for char in CHARACTERS:
        quoted = brief(f"k{char}y")
        assert quoted.startswith("'k\\")
        assert quoted.endswith("y'")
