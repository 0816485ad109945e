"""`newsevents rules`, and `validate --select/--ignore`, as a user drives them."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from newsevents import RULES
from newsevents._cli import main

from .conftest import EXAMPLES, FIXTURES, expectation, invalid_examples


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_rules_lists_the_whole_catalogue() -> None:
    code, out, _ = run("rules")
    assert code == 0
    for name, rule in RULES.items():
        assert f"  {name} " in out, name
        assert rule.requires in out
    code, out, _ = run("rules", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert [row["name"] for row in rows] == list(RULES)
    assert {row["kind"] for row in rows} == {"load", "schema", "semantic", "run", "internal"}


def _rules_reported(out: str) -> set[str]:
    return {line.split(": ")[1] for line in out.splitlines() if line.count(": ") >= 2}


def test_ignore_and_select_filter_what_validate_reports() -> None:
    invalid = str(EXAMPLES / "invalid")
    _, everything, _ = run("validate", invalid)
    assert {"duplicate-id", "schema.enum"} <= _rules_reported(everything)
    code, out, _ = run("validate", invalid, "--select", "duplicate-id")
    assert code == 1
    # What cannot be read is reported whatever is selected: it has no record to judge.
    assert _rules_reported(out) - {"non-finite-number"} == {"duplicate-id"}
    _, out, _ = run("validate", invalid, "--ignore", "schema", "--ignore", "duplicate-id")
    reported = _rules_reported(out)
    assert "duplicate-id" not in reported
    assert not {rule for rule in reported if rule.startswith("schema.")}


# Each example whose problem is judged in a record (the NaN example is refused by the reader).
JUDGED = [p for p in invalid_examples() if expectation(p)[0] not in ("non-finite-number",)]


@pytest.mark.parametrize("path", JUDGED, ids=lambda p: p.stem)
def test_ignoring_its_rule_makes_each_example_pass(path: Path) -> None:
    rule = expectation(path)[0]
    code, out, _ = run("validate", str(path))
    assert code == 1, out
    code, out, _ = run("validate", str(path), "--ignore", rule)
    assert code == 0, out


@pytest.mark.parametrize(
    ("argument", "complaint"),
    [
        ("spn-text-mismatch", "did you mean 'span-text-mismatch'?"),
        ("duplicate-key", "a rule of reading files"),
    ],
)
def test_unknown_and_load_rules_are_usage_errors(argument: str, complaint: str) -> None:
    for option in ("--select", "--ignore"):
        code, out, err = run("validate", str(FIXTURES), option, argument)
        assert code == 2
        assert out == ""
        assert complaint in err
