"""Shared paths and helpers for the test suite."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import settings
from hypothesis import strategies as st

import newsevents
from newsevents._read import yamlread as _yaml

# nervaluate, the peer of the scorer's mention layer, installs on Python 3.11 and later.
collect_ignore = [] if sys.version_info >= (3, 11) else ["test_score_nervaluate.py"]


# In CI every property draws the same examples each run (derandomized), so that a verdict
# is the code's and never the draw's; locally they draw afresh, to find what CI cannot.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = Path(__file__).resolve().parent / "examples"
CANONICAL = "china-belarus-2024-08-23"
FIXTURES = ROOT / "fixtures"
CANONICAL_PATH = FIXTURES / f"{CANONICAL}.yaml"
#: The smallest valid record, a bundled fixture; the invalid examples each break it once.
MINIMAL_PATH = FIXTURES / "minimal.yaml"

_EXPECT = re.compile(r"^# expect: (?P<rule>\S+)(?: at (?P<pointer>\S+))?$", re.MULTILINE)


def renamed(text: str, ident: str) -> str:
    """An example record's YAML with its record id replaced by ``ident``: records checked
    together need ids of their own, or they break ``duplicate-record-id``."""
    assert "\nid: example-minimal\n" in text
    return text.replace("\nid: example-minimal\n", f"\nid: {ident}\n", 1)


def minimal_text(ident: str | None = None) -> str:
    """The minimal record's YAML, with the record id ``ident`` when given."""
    text = MINIMAL_PATH.read_text(encoding="utf-8")
    return text if ident is None else renamed(text, ident)


def valid_examples() -> list[Path]:
    """Every valid example record, and the canonical fixture."""
    return sorted(FIXTURES.glob("*.yaml"))


def invalid_examples() -> list[Path]:
    """Every invalid example record; each names the problem it must produce."""
    return sorted((EXAMPLES / "invalid").glob("*.yaml"))


def loadable_invalid_examples() -> list[Path]:
    """The invalid examples a file can hold: those whose problem has a place in the record
    (a NaN, say, no file may hold: the loader refuses it)."""
    return [path for path in invalid_examples() if expectation(path)[1] is not None]


def expectation(path: Path) -> tuple[str, str | None]:
    """The (rule, pointer) an invalid example's ``# expect:`` line names."""
    match = _EXPECT.search(path.read_text(encoding="utf-8"))
    assert match, f"{path.name} has no '# expect: RULE at POINTER' line"
    return match["rule"], match["pointer"]


def judged_by_schema(rule: str) -> bool:
    """Whether a rule is decided before the semantic rules run: the schema's own rules,
    the schema version a record names, and whether a document is a record at all."""
    return rule.startswith("schema.") or rule in ("unknown-schema-version", "not-a-record")


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


#: Every way the package reads YAML: libyaml's composer, libyaml's events composed here
#: (taken when libyaml sets no nesting limit of its own), PyYAML's pure-Python parser.
LOADERS = ["libyaml", "libyaml-events", "pure"] if yaml.__with_libyaml__ else ["pure"]


def use_loader(name: str, patch: pytest.MonkeyPatch) -> None:
    """Read YAML with the reader ``name`` (one of ``LOADERS``) while ``patch`` holds."""
    chosen = {"pure": "_PureLoader", "libyaml": "_CLoader", "libyaml-events": "_CEventLoader"}
    patch.setattr(_yaml, "_YAML_LOADER", getattr(_yaml, chosen[name]))


@pytest.fixture(params=LOADERS)
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a YAML test once with each of ``LOADERS``."""
    name: str = request.param
    use_loader(name, monkeypatch)
    return name


@pytest.fixture(params=["orjson", "stdlib"])
def json_path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """JSON read by the fast reader first, or by the standard library decoder alone."""
    name: str = request.param
    if name == "stdlib":
        from newsevents._read import jsonread

        monkeypatch.setattr(jsonread, "AVAILABLE", False)
    return name


@pytest.fixture
def minimal_path() -> Path:
    """The small valid example record's file."""
    return MINIMAL_PATH


@pytest.fixture
def canonical_record() -> dict[str, Any]:
    """A fresh copy of the canonical record, plain data."""
    record: dict[str, Any] = dict(newsevents.load_fixture(CANONICAL))
    return record


@pytest.fixture(scope="session")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This repository as a checkout without symlinks writes it; built once per run."""
    from .installs import checkout_without_symlinks

    return checkout_without_symlinks(tmp_path_factory.mktemp("checkout") / "newsevents")


def leaves(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path of every scalar in a record."""
    if isinstance(node, dict):
        return [leaf for key, value in node.items() for leaf in leaves(value, (*path, key))]
    if isinstance(node, list):
        return [leaf for i, value in enumerate(node) for leaf in leaves(value, (*path, i))]
    return [path]


def damage(
    record: Any,
    data: st.DataObject,
    places: list[tuple[Any, ...]],
    replacement: Callable[[Any], st.SearchStrategy[Any]],
) -> None:
    """Change one to three of the values at ``places`` in ``record``, each to one drawn
    from ``replacement(old value)``."""
    for _ in range(data.draw(st.integers(1, 3), label="changes")):
        *parents, key = data.draw(st.sampled_from(places), label="path")
        node = record
        for step in parents:
            node = node[step]
        node[key] = data.draw(replacement(node[key]), label="value")
