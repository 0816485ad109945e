"""Shared paths and helpers for the test suite."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from newsevents._read import yamlread as _yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = Path(__file__).resolve().parent / "examples"
CANONICAL = "china-belarus-2024-08-23"
CANONICAL_PATH = ROOT / "fixtures" / f"{CANONICAL}.yaml"

_EXPECT = re.compile(r"^# expect: (?P<rule>\S+)(?: at (?P<pointer>\S+))?$", re.MULTILINE)


def valid_examples() -> list[Path]:
    """Every valid example record, and the canonical fixture."""
    return [CANONICAL_PATH, *sorted((EXAMPLES / "valid").glob("*.yaml"))]


def invalid_examples() -> list[Path]:
    """Every invalid example record; each names the problem it must produce."""
    return sorted((EXAMPLES / "invalid").glob("*.yaml"))


def expectation(path: Path) -> tuple[str, str | None]:
    """The (rule, pointer) an invalid example's ``# expect:`` line names."""
    match = _EXPECT.search(path.read_text(encoding="utf-8"))
    assert match, f"{path.name} has no '# expect: RULE at POINTER' line"
    return match["rule"], match["pointer"]


def example_id(path: Path) -> str:
    """A readable test id for an example file."""
    return path.stem


PARSERS = ["libyaml", "pure"] if yaml.__with_libyaml__ else ["pure"]


@pytest.fixture(params=PARSERS)
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a YAML test once with libyaml's parser and once with PyYAML's pure-Python one."""
    name: str = request.param
    chosen = _yaml._PureLoader if name == "pure" else _yaml._CLoader
    monkeypatch.setattr(_yaml, "_YAML_LOADER", chosen)
    return name


@pytest.fixture
def minimal_path() -> Path:
    """The small valid example record's file."""
    return EXAMPLES / "valid" / "minimal.yaml"
