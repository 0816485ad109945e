"""``newsevents validate`` as a CI tool: inputs, reporters, quiet, limits, jobs, schema."""

from __future__ import annotations

import io
import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import jsonschema
import pytest

import newsevents
from newsevents._cli import main
from newsevents._cli.inputs import Input
from newsevents._cli.validate import AUTO_POOL_BYTES, pool_size

from .conftest import CANONICAL_PATH, EXAMPLES, MINIMAL_PATH, minimal_text, renamed


def run(*argv: str, stdin: bytes | None = None, monkeypatch: Any = None) -> tuple[int, str]:
    out = io.StringIO()
    if stdin is not None:
        assert monkeypatch is not None
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    code = main(list(argv), out=out)
    return code, out.getvalue()


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A directory of records: two valid, one invalid, one draft, one hidden, one other."""
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.yml").write_text(minimal_text("two"), encoding="utf-8")
    (tmp_path / "a.yaml").write_text(minimal_text("a"), encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "wip.yaml").write_text("not: [closed", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.yaml").write_text("[]", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a record", encoding="utf-8")
    mismatch = (EXAMPLES / "invalid" / "span-text-mismatch.yaml").read_text(encoding="utf-8")
    (tmp_path / "c.yaml").write_text(renamed(mismatch, "c"), encoding="utf-8")
    return tmp_path


def test_directories_are_walked_in_a_stable_order(tree: Path) -> None:
    code, out = run("validate", str(tree), "--exclude", "drafts")
    assert code == 1
    lines = out.splitlines()
    assert [line.split(":")[0] for line in lines[:-1]] == [str(tree / "c.yaml")]
    assert lines[-1] == "3 files, 3 records: 2 valid, 1 invalid, 1 problem"


def test_exclude_matches_file_names_and_paths(tree: Path) -> None:
    code, out = run("validate", str(tree), "--exclude", "*/drafts", "--exclude", "c.yaml")
    assert code == 0
    assert out.splitlines()[-1].startswith("2 files, 2 records: 2 valid")


def test_without_exclude_a_broken_draft_is_reported(tree: Path) -> None:
    code, out = run("validate", str(tree))
    assert code == 1
    assert f"{tree / 'drafts' / 'wip.yaml'}:2:1: yaml-syntax: " in out


def test_a_directory_without_records_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "readme.txt").write_text("x", encoding="utf-8")
    code, out = run("validate", str(tmp_path))
    assert code == 1
    first, summary = out.splitlines()
    assert first.startswith(f"{tmp_path}: no-records: no record files")
    assert summary == "0 files, 0 records: 0 valid, 0 invalid, 1 unreadable, 1 problem"


@pytest.mark.parametrize("fmt", ["yaml", "json", "jsonl", None])
def test_standard_input(
    fmt: str | None, monkeypatch: pytest.MonkeyPatch, minimal_path: Path
) -> None:
    record = newsevents.load(minimal_path)
    data = (
        minimal_path.read_bytes() if fmt in ("yaml", None) else (json.dumps(record) + "\n").encode()
    )
    args = ["validate", "-"] + (["--stdin-format", fmt] if fmt else [])
    code, out = run(*args, stdin=data, monkeypatch=monkeypatch)
    assert (code, out) == (0, "1 file, 1 record: 1 valid, 0 invalid, 0 problems\n")


def test_standard_input_problems_are_named_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    code, out = run("validate", "-", stdin=b"a: 1\na: 2\n", monkeypatch=monkeypatch)
    assert code == 1
    assert out.startswith("<stdin>:2:1: duplicate-key: ")


def test_multi_document_yaml_and_json_lines_report_each_record_s_line(
    tmp_path: Path, minimal_path: Path
) -> None:
    text = minimal_path.read_text(encoding="utf-8")
    bad = renamed(text.replace("    place: minsk", "    place: gomel"), "bad")
    multi = tmp_path / "multi.yaml"
    multi.write_text(text + "---\n" + bad, encoding="utf-8")
    record = newsevents.load(minimal_path)
    lines = tmp_path / "dump.jsonl"
    broken = json.loads(json.dumps(record))
    broken["events"][0]["place"] = "gomel"
    broken["id"] = "broken"
    copies = ({**record, "id": "first"}, {**record, "id": "second"}, broken)
    lines.write_text("\n".join(json.dumps(r) for r in copies) + "\n", encoding="utf-8")
    code, out = run("validate", str(multi), str(lines))
    assert code == 1
    yaml_line = text.count("\n") + 1 + bad.splitlines().index("    place: gomel") + 1
    problem_lines = out.splitlines()[:-1]
    assert problem_lines[0].startswith(f"{multi}:{yaml_line}:5: unresolved-reference")
    assert problem_lines[1].startswith(f"{lines}:3:")
    assert out.splitlines()[-1] == "2 files, 5 records: 3 valid, 2 invalid, 2 problems"


def test_json_format_shape_is_stable(tree: Path) -> None:
    bad = tree / "c.yaml"
    code, out = run("validate", str(bad), str(tree / "a.yaml"), "--format", "json")
    assert code == 1
    document = json.loads(out)
    (problem,) = document["problems"]
    assert document == {
        "version": 1,
        "valid": False,
        "problems": [
            {
                "file": str(bad),
                "record": 0,
                "line": problem["line"],
                "column": problem["column"],
                "pointer": "/entities/2/evidence/0/text",
                "rule": "span-text-mismatch",
                "message": problem["message"],
            }
        ],
        "summary": {
            "files": 2,
            "records": 2,
            "valid": 1,
            "invalid": 1,
            "unreadable": 0,
            "problems": 1,
            "omitted": 0,
            "skipped": 0,
        },
    }
    written = bad.read_text(encoding="utf-8").splitlines()[problem["line"] - 1]
    assert written[problem["column"] - 1 :].startswith("text: Minsk}")
    assert problem["message"].startswith("span text 'Minsk' differs")


def test_github_format_annotates_each_problem(tmp_path: Path) -> None:
    path = tmp_path / "odd, name.yaml"
    shutil.copy(EXAMPLES / "invalid" / "unresolved-reference.yaml", path)
    code, out = run("validate", str(path), "--format", "github")
    assert code == 1
    annotation, summary = out.splitlines()
    escaped = str(path).replace(",", "%2C")
    assert annotation.startswith(f"::error file={escaped},line=")
    assert ",col=5,title=unresolved-reference::'gomel' is not the id" in annotation
    assert annotation.endswith("(at /events/0/place)")
    assert summary.startswith("1 file, 1 record")


def test_junit_format_has_a_case_per_record_and_per_unreadable_file(
    tree: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"a": ', encoding="utf-8")
    code, out = run(
        "validate", str(tree / "a.yaml"), str(tree / "c.yaml"), str(broken), "--format", "junit"
    )
    assert code == 1
    root = ElementTree.fromstring(out)
    assert (root.tag, root.get("tests"), root.get("failures")) == ("testsuites", "3", "2")
    cases = root.findall("testsuite/testcase")
    assert [c.get("classname") for c in cases] == [
        str(tree / "a.yaml"),
        str(tree / "c.yaml"),
        str(broken),
    ]
    assert cases[0].find("failure") is None
    failure = cases[1].find("failure")
    assert failure is not None
    assert failure.get("type") == "span-text-mismatch"
    broken_failure = cases[2].find("failure")
    assert broken_failure is not None
    assert broken_failure.get("type") == "json-syntax"


def test_quiet_once_prints_the_summary_only() -> None:
    code, out = run("validate", "-q", str(EXAMPLES / "invalid" / "duplicate-id.yaml"))
    assert (code, out) == (1, "1 file, 1 record: 0 valid, 1 invalid, 1 problem\n")


def test_quiet_twice_prints_nothing_on_success() -> None:
    assert run("validate", "-qq", str(CANONICAL_PATH)) == (0, "")
    code, out = run("validate", "-qq", str(EXAMPLES / "invalid" / "duplicate-id.yaml"))
    assert (code, out.count("\n")) == (1, 1)


@pytest.fixture
def three_problems(tmp_path: Path) -> Path:
    """The minimal example with an unknown property on three entities."""
    text = (MINIMAL_PATH).read_text(encoding="utf-8")
    for entity in ("li-qiang", "minsk", "china"):
        text = text.replace(f"  - id: {entity}\n", f"  - id: {entity}\n    bogus: 1\n")
    path = tmp_path / "three.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_max_problems_limits_what_is_shown_not_what_is_counted(three_problems: Path) -> None:
    code, out = run("validate", str(three_problems), "--max-problems", "1")
    assert code == 1
    first, note, summary = out.splitlines()
    assert "schema.additionalProperties" in first
    assert "note: 2 more problems in this record not shown" in note
    assert summary.endswith("1 invalid, 3 problems")


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    bad = str(EXAMPLES / "invalid" / "duplicate-id.yaml")
    monkeypatch.delenv("NO_COLOR", raising=False)
    terminal = Terminal()
    main(["validate", bad], out=terminal)
    assert "\033[31mduplicate-id\033[0m" in terminal.getvalue()
    assert "\033[" not in run("validate", bad)[1]
    monkeypatch.setenv("NO_COLOR", "1")
    terminal = Terminal()
    main(["validate", bad], out=terminal)
    assert "\033[" not in terminal.getvalue()


@pytest.mark.parametrize("fmt", ["text", "json", "junit", "github"])
def test_parallel_output_is_identical_to_serial(fmt: str) -> None:
    paths = [str(EXAMPLES), str(CANONICAL_PATH)]
    serial = run("validate", *paths, "--format", fmt, "--jobs", "1")
    parallel = run("validate", *paths, "--format", fmt, "--jobs", "2")
    assert serial == parallel
    assert serial[0] == 1


def test_pool_size_policy(tmp_path: Path) -> None:
    small = [Input(str(p), path=str(p)) for p in sorted(EXAMPLES.rglob("*.yaml"))]
    assert pool_size(small[:1], None) == 1  # one file in pre-commit starts no pool
    assert pool_size(small, None) == 1  # a few small files are faster serially
    assert pool_size(small, 1) == 1
    assert pool_size(small, 2) == 2
    assert pool_size(small[:1], 0) == 1  # never more workers than files
    assert pool_size(small, 0) == min(os.cpu_count() or 1, len(small))
    big = tmp_path / "big.jsonl"
    big.write_bytes(b" " * (AUTO_POOL_BYTES + 1))
    many = [Input(str(big), path=str(big)), *small]
    assert pool_size(many, None) == min(os.cpu_count() or 1, len(many))


@pytest.mark.parametrize("value", ["0", "-1", "x"])
def test_bad_option_values_are_usage_errors(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("validate", str(CANONICAL_PATH), "--max-problems", value)[0] == 2
    assert "--max-problems" in capsys.readouterr().err


@pytest.mark.parametrize("command", [[], ["validate"], ["schema"]])
def test_help_on_every_command_has_examples_and_exit_codes(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(*command, "--help")[0] == 0
    text = capsys.readouterr().out
    assert "examples:" in text
    assert "exit codes:" in text


def test_schema_prints_the_root_schema() -> None:
    code, out = run("schema")
    assert code == 0
    assert json.loads(out) == newsevents.schema()


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [ref for value in node.values() for ref in _refs(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in _refs(value)]
    return []


def test_bundled_schema_validates_alone_without_a_registry(minimal_path: Path) -> None:
    code, out = run("schema", "--bundle")
    assert code == 0
    bundled = json.loads(out)
    embedded = {bundled["$id"], *bundled["$defs"]}
    for ref in _refs(bundled):
        assert ref.startswith("#") or ref.split("#")[0].rsplit("/", 1)[-1] in str(embedded), ref
    validator = jsonschema.Draft202012Validator(bundled)
    jsonschema.Draft202012Validator.check_schema(bundled)
    record = newsevents.load_fixture("china-belarus-2024-08-23")
    assert list(validator.iter_errors(record)) == []
    broken = newsevents.load(minimal_path)
    broken["entities"][0]["kind"] = "town"
    assert [e.validator for e in validator.iter_errors(broken)] == ["enum"]
    for name in ("article", "entity", "event", "claim", "quote", "common", "codes"):
        assert f"https://newsevents.dev/schemas/1.0/{name}.schema.json" in bundled["$defs"]


def test_validate_stream_reports_each_record_in_order(minimal_path: Path) -> None:
    good = newsevents.load(minimal_path)
    bad = newsevents.load(minimal_path)
    bad["events"][0]["place"] = "gomel"

    def records() -> Any:
        yield good
        yield bad
        yield from newsevents.load_all(minimal_path)

    reports = list(newsevents.validate_stream(records()))
    assert [(r.index, r.valid) for r in reports] == [(0, True), (1, False), (0, True)]
    assert [p.rule for p in reports[1].problems] == ["unresolved-reference"]
    assert reports[2].file == str(minimal_path)
    assert reports[2].line == 3


@pytest.mark.parametrize(
    "pattern", ["drafts", "drafts/*", "*/drafts", "drafts/wip.yaml", "wip.yaml"]
)
def test_exclude_patterns_match_any_trailing_part_of_a_path(tree: Path, pattern: str) -> None:
    code, out = run("validate", str(tree), "--exclude", pattern, "--exclude", "c.yaml")
    assert code == 0, out
    assert out.splitlines()[-1].startswith("2 files, 2 records: 2 valid")


def test_a_fifo_in_a_walked_directory_is_reported_not_opened(tree: Path) -> None:
    os.mkfifo(tree / "pipe.yaml")
    code, out = run("validate", str(tree), "--exclude", "drafts")
    assert code == 1  # the run ends instead of waiting on the pipe
    assert f"{tree / 'pipe.yaml'}: unreadable: this is a FIFO (named pipe), not a regular" in out
    assert out.splitlines()[-1].startswith("4 files, 3 records: 2 valid, 1 invalid, 1 unreadable")


def test_symlinked_directories_are_followed_once(
    tree: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    duplicate = (EXAMPLES / "invalid" / "duplicate-id.yaml").read_text(encoding="utf-8")
    (elsewhere / "linked.yaml").write_text(renamed(duplicate, "linked"), encoding="utf-8")
    (tree / "link").symlink_to(elsewhere)
    (elsewhere / "loop").symlink_to(tree)
    code, out = run("validate", str(tree), "--exclude", "drafts")
    assert code == 1
    assert out.count("linked.yaml:") == 1
    assert "duplicate-id" in out


def test_a_directory_that_cannot_be_listed_is_reported(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_walk = os.walk

    def walk(top: str, onerror: Any = None, followlinks: bool = False) -> Any:
        for root, dirs, files in real_walk(top, followlinks=followlinks):
            if root.endswith("drafts"):
                onerror(PermissionError(13, "Permission denied", root))
                dirs[:] = []
                continue
            yield root, dirs, files

    monkeypatch.setattr("newsevents._cli.inputs.os.walk", walk)
    code, out = run("validate", str(tree))
    assert code == 1
    assert f"{tree / 'drafts'}: unreadable: cannot list this directory: Permission denied" in out
    assert out.splitlines()[-1].startswith("3 files, 3 records")


def test_closed_standard_input_reads_as_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", None)
    code, out = run("validate", "-")
    assert code == 1
    assert out.startswith("<stdin>: empty-document: ")


def test_json_format_counts_what_max_problems_leaves_out(three_problems: Path) -> None:
    code, out = run("validate", str(three_problems), "--max-problems", "2", "--format", "json")
    document = json.loads(out)
    assert code == 1
    assert len(document["problems"]) == 2
    assert (document["summary"]["problems"], document["summary"]["omitted"]) == (3, 1)
