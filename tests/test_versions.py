"""Schema versions: released files never change, and a record is judged by the version it names."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest

import newsevents
from newsevents._resources import root_schema_id, schema_versions
from newsevents._schema.engines import engines, engines_for

from .conftest import ROOT

MANIFEST = json.loads((ROOT / "schemas" / "manifest.json").read_text(encoding="utf-8"))


def test_every_version_folder_is_released_in_the_manifest() -> None:
    assert set(MANIFEST["released"]) == set(schema_versions())
    assert schema_versions()[-1] == newsevents.SCHEMA_VERSION


@pytest.mark.parametrize("version", sorted(MANIFEST["released"]))
def test_released_schema_files_are_frozen(version: str) -> None:
    folder = ROOT / "schemas" / version
    found = {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.glob("*.schema.json"))
    }
    assert found == MANIFEST["released"][version], (
        f"schemas/{version}/ changed after its release: a released version never changes; "
        "put the change in a new version"
    )


@pytest.mark.parametrize("version", sorted(MANIFEST["released"]))
def test_every_schema_of_a_version_carries_it_in_its_id(version: str) -> None:
    for path in (ROOT / "schemas" / version).glob("*.schema.json"):
        document = json.loads(path.read_text(encoding="utf-8"))
        assert document["$id"] == f"https://newsevents.dev/schemas/{version}/{path.name}"


def test_a_record_is_judged_by_the_version_it_names(canonical_record: dict[str, Any]) -> None:
    assert canonical_record["schema"] == root_schema_id("1.0")
    assert engines_for(canonical_record) is engines("1.0")
    assert engines_for({}) is engines(newsevents.SCHEMA_VERSION)


def test_an_unknown_version_is_one_problem_naming_the_known_ones(
    canonical_record: Any,
) -> None:
    canonical_record["schema"] = "https://newsevents.dev/schemas/9.0/record.schema.json"
    canonical_record["entities"] = "not even a list"
    problems = list(newsevents.iter_problems(canonical_record))
    assert [p.identity for p in problems] == [("unknown-schema-version", "/schema")]
    assert root_schema_id("1.0") in problems[0].message
    assert not newsevents.is_valid(canonical_record)
    with pytest.raises(newsevents.InvalidRecord):
        newsevents.validate(canonical_record)


def test_a_missing_schema_key_is_a_schema_problem(canonical_record: dict[str, Any]) -> None:
    del canonical_record["schema"]
    rules = {p.identity for p in newsevents.iter_problems(canonical_record)}
    assert rules == {("schema.required", "")}
