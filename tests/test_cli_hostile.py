"""Hostile files on the command line: each is one problem line, never a crash or a hang.

``newsevents validate`` runs as a user runs it, in a subprocess, on the hostile file and a
good one; the good one must still be checked, so one bad file never hides the rest.
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

import newsevents
from newsevents._read.messages import LOAD_RULES

from .conftest import MINIMAL_PATH, minimal_text

MINIMAL = MINIMAL_PATH
DEEP = 100_000
# libyaml stops at its depth limit, on line 1; the pure-Python parser meets Python's
# recursion limit instead, and cannot say where.
DEEP_YAML_LINE = 1 if yaml.__with_libyaml__ else None
# `path:LINE:COL: rule: ...`, `path:LINE: rule: ...` or `path: rule: ...`
PROBLEM = re.compile(r":(?:(?P<line>\d+):)?(?:(?P<column>\d+):)? (?P<rule>[a-z][\w.-]*): ")


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str

    @property
    def lines(self) -> list[str]:
        return self.stdout.splitlines()

    @property
    def summary(self) -> str:
        return self.lines[-1] if self.lines else ""

    def problems_of(self, path: Path) -> list[str]:
        return [line for line in self.lines if line.startswith(f"{path}:")]


def validate(*paths: Path) -> Run:
    # The timeout only guards against a hang; how long a hazard takes is not asserted.
    done = subprocess.run(
        [sys.executable, "-m", "newsevents", "validate", *map(str, paths)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    return Run(done.returncode, done.stdout, done.stderr)


@pytest.fixture
def good_file(tmp_path: Path) -> Path:
    """A copy of the minimal valid record, with an id of its own, checked after each
    hostile file."""
    good = tmp_path / "good" / "minimal.yaml"
    good.parent.mkdir()
    good.write_text(minimal_text("good"), encoding="utf-8")
    return good


def parse_problem(path: Path, line: str) -> tuple[int | None, str]:
    """The line number and rule of a problem line about ``path``."""
    match = PROBLEM.match(line, len(str(path)))
    assert match, f"not a problem line: {line[:300]!r}"
    return (int(match["line"]) if match["line"] else None), match["rule"]


def assert_good_file_checked(run: Run, good: Path, *, valid: int) -> None:
    """The good file was read and found valid, and the summary counts both files."""
    assert run.stderr == ""
    assert not run.problems_of(good), run.stdout[:2000]
    assert re.search(r"\b2 files\b", run.summary), run.summary
    assert re.search(rf"\b{valid} valid\b", run.summary), run.summary


# --- the hazards -------------------------------------------------------------------------


def alias_bomb() -> bytes:
    """Billion laughs: nine levels of nine aliases, under 1 KB that expand to 9**9 strings."""
    rows = ["lol1: &lol1 [" + ", ".join(['"lol"'] * 9) + "]"]
    for level in range(2, 10):
        rows.append(f"lol{level}: &lol{level} [" + ", ".join([f"*lol{level - 1}"] * 9) + "]")
    return ("\n".join(rows) + "\n").encode()


def python_tag(marker: Path) -> bytes:
    return f'id: x\nrun: !!python/object/apply:os.system ["touch {marker}"]\n'.encode()


def binary_garbage() -> bytes:
    return random.Random(0).randbytes(4096)


@dataclass(frozen=True)
class Hazard:
    id: str
    name: str
    content: bytes | Callable[[Path], bytes]  # a callable is given the marker path
    rules: tuple[str, ...]  # the rules either of which is right
    line: int | None  # the line the problem must name, where the hazard has one


HAZARDS = [
    Hazard("alias-bomb", "bomb.yaml", alias_bomb(), ("yaml-alias",), 2),
    Hazard("duplicate-key", "twice.yaml", b"id: one\nschema: x\nid: two\n", ("duplicate-key",), 3),
    Hazard("python-tag", "tag.yaml", python_tag, ("yaml-tag",), 2),
    Hazard("invalid-utf8", "latin1.yaml", b"id: x\nheadline: caf\xe9\n", ("encoding",), 2),
    Hazard("empty-file", "empty.yaml", b"", ("empty-document",), None),
    Hazard("a-list", "list.yaml", b"- id: x\n- id: y\n", ("not-a-mapping",), 1),
    Hazard(
        "deep-yaml", "deep.yaml", b"a: " + b"[" * DEEP + b"]" * DEEP, ("too-deep",), DEEP_YAML_LINE
    ),
    Hazard(
        "deep-json", "deep.json", b'{"a": ' + b"[" * DEEP + b"]" * DEEP + b"}", ("too-deep",), 1
    ),
    Hazard("nan-yaml", "nan.yaml", b"id: x\nvalue: .nan\n", ("non-finite-number",), 2),
    Hazard("nan-json", "nan.json", b'{"id": "x",\n "value": NaN}\n', ("non-finite-number",), 2),
    Hazard("binary-garbage", "garbage.yaml", binary_garbage(), ("encoding", "yaml-syntax"), 1),
]


@pytest.mark.parametrize("case", HAZARDS, ids=[case.id for case in HAZARDS])
def test_a_hazard_is_one_problem_and_the_next_file_is_still_checked(
    case: Hazard, tmp_path: Path, good_file: Path
) -> None:
    marker = tmp_path / "pwned"
    bad = tmp_path / case.name
    bad.write_bytes(case.content(marker) if callable(case.content) else case.content)

    run = validate(bad, good_file)

    assert run.code == 1
    assert run.stderr == ""
    problems = run.problems_of(bad)
    assert len(problems) == 1, run.stdout[:2000]
    line, rule = parse_problem(bad, problems[0])
    assert rule in case.rules
    if case.line is not None:
        assert line == case.line
    assert_good_file_checked(run, good_file, valid=1)
    assert not marker.exists()  # no tag was ever run


@pytest.mark.skipif(sys.platform == "win32", reason="the tag runs the POSIX touch command")
def test_the_python_tag_would_really_run_if_the_file_were_unsafely_loaded(
    tmp_path: Path,
) -> None:
    # Proves the hazard is live, so that the marker's absence above means something.
    marker = tmp_path / "pwned"
    yaml.unsafe_load(python_tag(marker).decode())
    assert marker.exists()


def test_the_alias_bomb_is_small_and_would_expand_to_a_billion_strings() -> None:
    bomb = alias_bomb()
    assert len(bomb) < 1024
    # Composing shares each anchored node instead of copying it; count what copying makes.
    root = yaml.compose(bomb.decode(), Loader=yaml.SafeLoader)
    assert root is not None
    sizes: dict[int, int] = {}

    def expanded(node: yaml.Node) -> int:
        if id(node) not in sizes:
            if isinstance(node, yaml.ScalarNode):
                sizes[id(node)] = 1
            elif isinstance(node, yaml.SequenceNode):
                sizes[id(node)] = sum(expanded(item) for item in node.value)
            else:
                sizes[id(node)] = sum(expanded(value) for _key, value in node.value)
        return sizes[id(node)]

    assert expanded(root) >= 9**9


def test_a_byte_order_mark_on_a_valid_record_is_fine(tmp_path: Path, good_file: Path) -> None:
    bom = tmp_path / "bom.yaml"
    bom.write_bytes(b"\xef\xbb\xbf" + MINIMAL.read_bytes())

    run = validate(bom, good_file)

    assert run.code == 0
    assert run.problems_of(bom) == []
    assert_good_file_checked(run, good_file, valid=2)


def test_a_twenty_megabyte_headline_loads(tmp_path: Path, good_file: Path) -> None:
    text = MINIMAL.read_text(encoding="utf-8")
    assert "headline: Premiers meet in Minsk\n" in text
    huge = tmp_path / "huge.yaml"
    huge.write_text(text.replace("Premiers meet in Minsk", "x" * 20_000_000, 1), encoding="utf-8")

    run = validate(huge, good_file)

    # A schema or semantic problem is fine (a headline can be too long); a crash is not.
    assert run.code in (0, 1)
    for problem in run.problems_of(huge):
        assert parse_problem(huge, problem)[1] not in LOAD_RULES
    assert_good_file_checked(run, good_file, valid=2 if run.code == 0 else 1)


def test_a_truncated_file_is_a_syntax_or_schema_problem(tmp_path: Path, good_file: Path) -> None:
    data = MINIMAL.read_bytes()
    half = len(data) // 2
    while data[half - 1 : half + 1].count(b"\n"):  # cut inside a line, not at its end
        half += 1
    truncated = tmp_path / "truncated.yaml"
    truncated.write_bytes(data[:half])

    run = validate(truncated, good_file)

    assert run.code == 1
    problems = run.problems_of(truncated)
    assert problems
    for problem in problems:
        rule = parse_problem(truncated, problem)[1]
        assert rule == "yaml-syntax" or rule.startswith("schema."), problem
    assert_good_file_checked(run, good_file, valid=1)


def test_a_bad_json_line_is_placed_and_the_good_lines_still_count(
    tmp_path: Path, good_file: Path
) -> None:
    record = newsevents.load(MINIMAL)
    first, last = json.dumps(record), json.dumps({**record, "id": "last"})
    lines = tmp_path / "records.jsonl"
    lines.write_text(f'{first}\n{{"id": "broken",\n{last}\n', encoding="utf-8")

    run = validate(lines, good_file)

    assert run.code == 1
    problems = run.problems_of(lines)
    assert len(problems) == 1, run.stdout[:2000]
    assert parse_problem(lines, problems[0]) == (2, "json-syntax")
    assert_good_file_checked(run, good_file, valid=3)


# --- surrogates, huge integers, depth, special files and sizes, through the command -------


def run_cli(*args: str, stdin: Any = None) -> Run:
    """``newsevents ARGS`` as a user runs it; ``stdin`` is bytes or an open file."""
    done = subprocess.run(
        [sys.executable, "-m", "newsevents", *args],
        input=stdin if isinstance(stdin, bytes) else None,
        stdin=None if stdin is None or isinstance(stdin, bytes) else stdin,
        capture_output=True,
        timeout=60,
        check=False,
    )
    return Run(done.returncode, done.stdout.decode(), done.stderr.decode())


SURROGATE_FILES = {
    "key.json": (b'{"id": "x",\n "\\ud800": 1}\n', 2, 3),
    "value.json": (b'{"id": "x", "v": {"w": ["a\\udfff"]}}', 1, 27),
    "lines.jsonl": (b'{"id": "x"}\n{"\\udc00": 1}\n', 2, 3),
    "escape.yaml": (b'id: x\nv:\n  - "\\ud83d\\ude00"\n', 3, 6),
}


@pytest.mark.parametrize("output", ["text", "json", "github", "junit"])
def test_surrogate_escapes_are_encoding_problems_in_every_format(
    output: str, tmp_path: Path, good_file: Path
) -> None:
    from xml.etree import ElementTree

    bad = []
    for name, (content, _line, _column) in SURROGATE_FILES.items():
        bad.append(tmp_path / name)
        bad[-1].write_bytes(content)

    run = run_cli("validate", *map(str, bad), str(good_file), "--format", output)

    assert (run.code, run.stderr) == (1, "")
    if output == "json":
        report = json.loads(run.stdout)
        assert report["summary"]["valid"] == 1
        assert report["summary"]["files"] == len(bad) + 1
        found = {
            (Path(p["file"]).name, p["rule"], p["line"], p["column"]) for p in report["problems"]
        }
        for name, (_content, line, column) in SURROGATE_FILES.items():
            assert (name, "encoding", line, column) in found
    elif output == "junit":
        ElementTree.fromstring(run.stdout)  # well-formed to the end
        assert run.stdout.count("encoding") >= len(bad)
    else:
        for name, (_content, line, column) in SURROGATE_FILES.items():
            where = (
                f"{tmp_path / name}:{line}:{column}"
                if output == "text"
                else (f"file={tmp_path / name},line={line},col={column}")
            )
            assert where in run.stdout, run.stdout
        assert "1 valid" in run.stdout or output == "github"


def hex_record(digits: int, where: str) -> bytes:
    text = MINIMAL.read_text(encoding="utf-8")
    huge = "0x" + "f" * digits
    if where == "count":
        assert "  views:\n    count: " not in text
        return (text + f"extra: {huge}\n").encode()
    start = re.search(r"start: (\d+)", text)
    assert start is not None
    return (text[: start.start(1)] + huge + text[start.end(1) :]).encode()


@pytest.mark.parametrize("where", ["count", "span"])
def test_huge_hexadecimal_integers_never_crash_validate_or_fmt(
    tmp_path: Path, good_file: Path, where: str
) -> None:
    fits, over = tmp_path / "fits.yaml", tmp_path / "over.yaml"
    fits.write_bytes(hex_record(3571, where))  # just under 10**4300
    over.write_bytes(hex_record(3600, where))

    run = run_cli("validate", str(fits), str(over), str(good_file))
    assert (run.code, run.stderr) == (1, "")
    assert run.problems_of(fits)  # a schema or span problem, placed: no crash
    assert "number-too-large" not in "".join(run.problems_of(fits))
    assert [parse_problem(over, p) for p in run.problems_of(over)] == [
        (hex_line(where), "number-too-large")
    ]
    assert not run.problems_of(good_file)

    before = over.read_bytes()
    fmt = run_cli("fmt", "--check", str(fits), str(over))
    assert "Traceback" not in fmt.stderr
    assert f"{over}:{hex_line(where)}:" in fmt.stderr
    assert "number-too-large" in fmt.stderr
    assert over.read_bytes() == before


def hex_line(where: str) -> int:
    text = MINIMAL.read_text(encoding="utf-8")
    if where == "count":
        return text.count("\n") + 1
    return text[: text.index("start: ")].count("\n") + 1


DEEP_FILES = {
    "deep-flow.yaml": (b"a: " + b"[" * DEEP + b"]" * DEEP + b"\n", 1),
    "deep-block.yaml": (b"- " * DEEP + b"x\n", 1),
    "deep.json": (b'{"a":\n' + b"[" * DEEP + b"]" * DEEP + b"}", 2),
    "deep.jsonl": (b"{}\n" + b"[" * DEEP + b"\n", 2),
}


def test_deep_nesting_is_one_problem_on_its_line_for_validate_and_fmt(
    tmp_path: Path, good_file: Path
) -> None:
    for name, (content, _line) in DEEP_FILES.items():
        (tmp_path / name).write_bytes(content)
    run = run_cli("validate", *(str(tmp_path / name) for name in DEEP_FILES), str(good_file))
    assert (run.code, run.stderr) == (1, "")
    for name, (_content, line) in DEEP_FILES.items():
        found = [parse_problem(tmp_path / name, p) for p in run.problems_of(tmp_path / name)]
        assert (line, "too-deep") in found, (name, run.stdout[:2000])
    assert not run.problems_of(good_file)
    fmt = run_cli("fmt", *(str(tmp_path / name) for name in DEEP_FILES if name.endswith(".yaml")))
    assert fmt.code == 1
    assert fmt.stderr.count(": too-deep: ") == 2
    assert "Traceback" not in fmt.stderr


def special_paths(tmp_path: Path) -> list[Path]:
    paths = []
    if hasattr(os, "mkfifo"):
        paths.append(tmp_path / "pipe.yaml")
        os.mkfifo(paths[-1])
    if os.path.exists("/dev/zero"):
        paths.append(tmp_path / "zero.yaml")
        paths[-1].symlink_to("/dev/zero")
    return paths


@pytest.mark.parametrize("command", ["validate", "fmt"])
def test_named_pipes_and_devices_are_reported_and_never_read(
    tmp_path: Path, good_file: Path, command: str
) -> None:
    specials = special_paths(tmp_path)
    assert specials

    run = run_cli(command, *map(str, specials), str(good_file))

    assert run.code == 1
    report = run.stdout if command == "validate" else run.stderr
    for path in specials:
        assert f"{path}: unreadable: cannot read" in report, report
        assert "not a regular file, so it was not opened" in report
    assert not run.problems_of(good_file)
    if command == "validate":
        assert run.summary.endswith(
            f"1 valid, 0 invalid, {len(specials)} unreadable, {len(specials)} problems"
        )


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
@pytest.mark.parametrize("limit", [None, "1M"])
def test_standard_input_from_dev_zero_is_cut_at_the_limit(limit: str | None) -> None:
    options = ["--max-file-size", limit] if limit else []
    with open("/dev/zero", "rb") as zeros:
        run = run_cli("validate", "-", str(MINIMAL), *options, stdin=zeros)
    assert (run.code, run.stderr) == (1, "")
    assert run.lines[0].startswith("<stdin>: too-large: standard input holds more than ")
    assert ("1 MiB" if limit else "256 MiB") in run.lines[0]
    assert run.summary == "2 files, 1 record: 1 valid, 0 invalid, 1 unreadable, 1 problem"
