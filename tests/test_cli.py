"""The ``newsevents`` command, driven as a user drives it."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsevents._cli import main

from .conftest import CANONICAL_PATH, EXAMPLES, FIXTURES, invalid_examples


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def test_valid_files_exit_zero_with_a_summary(minimal_path: Path) -> None:
    code, out = run("validate", str(CANONICAL_PATH), str(minimal_path))
    assert code == 0
    assert out == "2 files, 2 records: 2 valid, 0 invalid, 0 problems\n"


def test_a_directory_is_walked_for_record_files() -> None:
    code, out = run("validate", str(FIXTURES))
    assert code == 0
    assert "0 invalid" in out


def test_invalid_record_prints_file_line_column_rule_message_pointer() -> None:
    path = EXAMPLES / "invalid" / "unresolved-reference.yaml"
    code, out = run("validate", str(path))
    assert code == 1
    first, summary = out.splitlines()
    assert first.startswith(f"{path}:")
    _, line, column, rest = first.split(":", 3)
    assert path.read_text(encoding="utf-8").splitlines()[int(line) - 1].strip() == "place: gomel"
    assert column == "5"
    assert rest.startswith(" unresolved-reference: 'gomel' is not the id")
    assert rest.endswith("(at /events/0/place)")
    assert summary == "1 file, 1 record: 0 valid, 1 invalid, 1 problem"


def test_every_invalid_example_fails_on_the_command_line() -> None:
    paths = [str(p) for p in invalid_examples()]
    code, out = run("validate", *paths)
    assert code == 1
    for path in paths:
        assert f"{path}:" in out


def test_unreadable_file_is_reported_and_the_others_still_checked(
    tmp_path: Path, minimal_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("a: [1,\n", encoding="utf-8")
    missing = tmp_path / "missing.yaml"
    code, out = run("validate", str(bad), str(missing), str(minimal_path))
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith(f"{bad}:")
    assert "yaml-syntax" in lines[0]
    assert lines[1].startswith(f"{missing}: unreadable: ")
    assert lines[2] == "3 files, 1 record: 1 valid, 0 invalid, 2 unreadable, 2 problems"


@pytest.mark.parametrize("argv", [[], ["validate"], ["frobnicate"], ["validate", "--bogus", "x"]])
def test_usage_errors_exit_two(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run(*argv)
    assert code == 2
    assert "usage:" in capsys.readouterr().err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    import newsevents

    code, _ = run("--version")
    assert code == 0
    assert capsys.readouterr().out.strip() == f"newsevents {newsevents.__version__}"


def test_python_dash_m_runs_the_same_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "newsevents", "validate", str(CANONICAL_PATH)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("1 record: 1 valid, 0 invalid, 0 problems\n")
    assert result.stderr == ""


def test_checking_json_lines_loads_no_yaml_machinery(tmp_path: Path) -> None:
    """PyYAML takes longer to load than a small JSON Lines file takes to check."""
    import newsevents

    path = tmp_path / "records.jsonl"
    path.write_text(json.dumps(newsevents.load(CANONICAL_PATH)) + "\n", encoding="utf-8")
    code = (
        "import sys; from newsevents._cli import main; "
        f"status = main(['validate', {str(path)!r}]); "
        "print(status, sorted(m for m in sys.modules if m.split('.')[0] in ('yaml', '_yaml')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.stdout.splitlines()[-1] == "0 []", result.stderr
