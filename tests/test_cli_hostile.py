"""Hostile files on the command line: each is one problem line, never a crash or a hang.

``newsevents validate`` runs as a user runs it, in a subprocess, on the hostile file and a
good one; the good one must still be checked, so one bad file never hides the rest.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

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
