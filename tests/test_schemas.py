"""The schema files: valid 2020-12, closed, described, offline, with real code lists."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pycountry
import pytest
import referencing.exceptions

import newsevents
from newsevents._collect import ENTITY_KINDS
from newsevents._schema.engines import fast_validator, reference_validator
from newsevents._schema.formats import FORMATS, format_check
from newsevents._resources import ROOT_SCHEMA_ID, SCHEMA_BASE, schema_documents

from .conftest import ROOT

SCHEMA_FILES = sorted((ROOT / "schemas").glob("*.json"))


def _subschemas(node: Any, pointer: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema object inside a schema document, with its pointer."""
    if isinstance(node, dict):
        yield pointer, node
        for key, value in node.items():
            if key in ("properties", "$defs"):
                for name, sub in value.items():
                    yield from _subschemas(sub, f"{pointer}/{key}/{name}")
            elif key in ("items", "not", "then", "else"):  # an 'if' only tests, defines nothing
                yield from _subschemas(value, f"{pointer}/{key}")
            elif key in ("allOf", "anyOf", "oneOf"):
                for index, sub in enumerate(value):
                    yield from _subschemas(sub, f"{pointer}/{key}/{index}")


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_schema_is_valid_draft_2020_12(path: Path) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(document)


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_schema_id_is_absolute_and_names_the_version(path: Path) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["$id"] == SCHEMA_BASE + path.name
    assert "/1.0/" in document["$id"]


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_every_object_is_closed_and_every_property_described(path: Path) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    for pointer, sub in _subschemas(document):
        if sub.get("type") == "object":
            branches = [b.get("then", {}) for b in sub.get("allOf", [])]
            closed_by_branches = bool(branches) and all(
                b.get("additionalProperties") is False for b in branches
            )
            closed = sub.get("additionalProperties") is False or closed_by_branches
            assert closed, f"{path.name}#{pointer} is open"
        for name, prop in sub.get("properties", {}).items():
            if prop is True or (name == "kind" and "enum" in prop and pointer.endswith("value")):
                continue  # a discriminator restated inside an if/then branch
            described = "description" in prop or "$ref" in prop
            assert described, f"{path.name}#{pointer}/properties/{name} has no description"


def test_branch_objects_of_claim_values_are_closed() -> None:
    value = schema_documents()[SCHEMA_BASE + "claim.schema.json"]["$defs"]["value"]
    for branch in value["allOf"]:
        assert branch["then"]["additionalProperties"] is False


def test_packaged_schemas_are_the_repository_files() -> None:
    packaged = schema_documents()
    assert set(packaged) == {SCHEMA_BASE + p.name for p in SCHEMA_FILES}
    for path in SCHEMA_FILES:
        assert packaged[SCHEMA_BASE + path.name] == json.loads(path.read_text(encoding="utf-8"))


def test_schema_returns_a_fresh_copy_of_the_root() -> None:
    first = newsevents.schema()
    assert first["$id"] == ROOT_SCHEMA_ID
    first["title"] = "changed"
    assert newsevents.schema()["title"] != "changed"


def _codes() -> dict[str, Any]:
    codes: dict[str, Any] = schema_documents()[SCHEMA_BASE + "codes.schema.json"]["$defs"]
    return codes


def test_country_codes_are_pycountry_iso_3166_1() -> None:
    assert _codes()["iso3166-1-alpha2"]["enum"] == sorted(c.alpha_2 for c in pycountry.countries)


def test_former_country_codes_are_pycountry_iso_3166_3() -> None:
    expected = sorted(c.alpha_4 for c in pycountry.historic_countries)
    assert _codes()["iso3166-3"]["enum"] == expected
    assert "SUHH" in expected


def test_currency_codes_are_pycountry_iso_4217() -> None:
    assert _codes()["iso4217"]["enum"] == sorted(c.alpha_3 for c in pycountry.currencies)


def test_every_format_used_is_checked_by_both_engines() -> None:
    used = {
        sub["format"]
        for document in schema_documents().values()
        for _, sub in _subschemas(document)
        if "format" in sub
    }
    assert used
    assert used <= set(FORMATS)


def test_reference_engine_asserts_formats(minimal_path: Path) -> None:
    record = newsevents.load(minimal_path)
    record["article"]["url"] = "example.org/no-scheme"
    assert [p.rule for p in newsevents.iter_problems(record)] == ["schema.format"]
    assert not newsevents.is_valid(record)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://example.org/a?b=c#d", True),
        ("urn:isbn:0451450523", True),
        ("https://example.org/%7Euser", True),
        ("example.org/relative", False),
        ("https://exa mple.org", False),
        ("https://example.org/%zz", False),
        ("", False),
        (17, True),  # format constrains strings only
    ],
)
def test_uri_format(text: object, expected: bool) -> None:
    assert format_check("uri")(text) is expected


def test_entity_kinds_of_the_rules_are_the_schema_s() -> None:
    entity = schema_documents()[SCHEMA_BASE + "entity.schema.json"]
    assert set(entity["properties"]["kind"]["enum"]) == ENTITY_KINDS


def _with_remote_ref() -> dict[str, dict[str, Any]]:
    documents = dict(schema_documents())
    root = dict(documents[ROOT_SCHEMA_ID])
    root["properties"] = dict(root["properties"])
    root["properties"]["extra"] = {"$ref": "https://schemas.example.org/remote.json"}
    documents[ROOT_SCHEMA_ID] = root
    return documents


def test_unknown_remote_ref_fails_in_the_reference_engine_instead_of_fetching() -> None:
    reference = reference_validator(_with_remote_ref(), ROOT_SCHEMA_ID)
    with pytest.raises(referencing.exceptions.Unresolvable, match=r"remote\.json"):
        list(reference.iter_errors({"extra": 1}))


def test_unknown_remote_ref_fails_in_the_fast_engine_instead_of_fetching() -> None:
    with pytest.raises(ValueError, match=r"remote\.json.*refusing to fetch"):
        fast_validator(_with_remote_ref(), ROOT_SCHEMA_ID)
