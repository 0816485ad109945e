"""The public TypedDicts tell the truth about the schema, key by key.

Starting from ``NewsEventRecord`` and the record schema, every TypedDict is walked beside
the object schema it describes: the same required and optional keys, and for every
property that the schema closes with an ``enum`` or a ``const``, a ``Literal`` of exactly
those values. Lists follow their items; the claim value's union follows the schema's
branches keyed on ``kind``.
"""

from __future__ import annotations

import types as pytypes
import typing
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints
from urllib.parse import urljoin

import pytest

from newsevents import types
from newsevents._resources import ROOT_SCHEMA_ID, schema_documents


def _resolve(schema: dict[str, Any], base: str) -> tuple[dict[str, Any], str]:
    """Follow ``$ref`` (merging the description-only siblings away) to the real schema."""
    while "$ref" in schema:
        target = urljoin(base, schema["$ref"])
        document_id, _, fragment = target.partition("#")
        node: Any = schema_documents()[document_id]
        for token in filter(None, fragment.split("/")):
            node = node[token]
        schema, base = node, document_id
    return schema, base


def _is_typeddict(annotation: Any) -> bool:
    return isinstance(annotation, type) and typing.is_typeddict(annotation)


def _branches(schema: dict[str, Any], base: str) -> list[tuple[dict[str, Any], str]]:
    """The branches of a ``oneOf``, each resolved, with the document it lives in."""
    return [_resolve(branch, base) for branch in schema.get("oneOf", ())]


def _keys(annotation: Any) -> set[str]:
    return set(annotation.__required_keys__) | set(annotation.__optional_keys__)


def _compare(annotation: Any, schema: dict[str, Any], base: str, where: str) -> list[str]:
    schema, base = _resolve(schema, base)
    errors: list[str] = []
    origin = get_origin(annotation)
    if "enum" in schema or "const" in schema:
        values = set(schema.get("enum", [schema.get("const")]))
        if origin is not Literal:
            return [f"{where}: the schema closes it with {sorted(values)}, the type is open"]
        if set(get_args(annotation)) != values:
            return [f"{where}: Literal {sorted(get_args(annotation))} != {sorted(values)}"]
        return []
    if origin is list:
        if schema.get("type") != "array":
            return [f"{where}: a list in the types, {schema.get('type')} in the schema"]
        return _compare(get_args(annotation)[0], schema["items"], base, f"{where}/*")
    if origin in (Union, pytypes.UnionType):
        branches = _branches(schema, base)
        members = list(get_args(annotation))
        if len(branches) != len(members):
            return [f"{where}: a union of {len(members)}, a oneOf of {len(branches)}"]
        for branch, branch_base in branches:
            # Each branch is described by the member with exactly its keys.
            matching = [m for m in members if _keys(m) == set(branch.get("properties", {}))]
            if len(matching) != 1:
                return [f"{where}: no one member of the union has the keys of {branch}"]
            members.remove(matching[0])
            name = matching[0].__name__
            errors += _compare(matching[0], branch, branch_base, f"{where}[{name}]")
        return errors
    if origin is dict:
        if schema.get("type") != "object" or "properties" in schema:
            return [f"{where}: a free mapping in the types, not in the schema"]
        return []
    if _is_typeddict(annotation):
        if "properties" not in schema:
            return [f"{where}: {annotation.__name__} describes no object of the schema"]
        properties = schema["properties"]
        required = set(schema.get("required", ()))
        name = annotation.__name__
        if set(annotation.__required_keys__) != required:
            errors.append(
                f"{where}: {name} requires {sorted(annotation.__required_keys__)}, "
                f"the schema {sorted(required)}"
            )
        keys = set(annotation.__required_keys__) | set(annotation.__optional_keys__)
        if keys != set(properties):
            errors.append(f"{where}: {name} has keys {sorted(keys)}, schema {sorted(properties)}")
        hints = get_type_hints(annotation)
        for key in sorted(keys & set(properties)):
            errors += _compare(hints[key], properties[key], base, f"{where}/{key}")
        return errors
    expected = {str: "string", int: "integer", float: "number", bool: "boolean"}.get(annotation)
    if expected is None:
        return [f"{where}: {annotation!r} is not a type this test knows"]
    written = schema.get("type")
    if written is None and "anyOf" not in schema and "oneOf" not in schema:
        return [f"{where}: the schema gives no type for {expected}"]
    if (
        written is not None
        and written != expected
        and not (expected == "number" and written == "integer")
    ):
        return [f"{where}: {expected} in the types, {written} in the schema"]
    return errors


def test_every_typeddict_matches_its_schema_key_by_key() -> None:
    root = schema_documents()[ROOT_SCHEMA_ID]
    assert _compare(types.NewsEventRecord, root, ROOT_SCHEMA_ID, "") == []


def test_every_public_type_is_reached_from_the_record() -> None:
    """Nothing in ``newsevents.types`` is left unchecked by the walk above."""
    reached: set[str] = set()

    def visit(annotation: Any) -> None:
        if _is_typeddict(annotation):
            if annotation.__name__ in reached:
                return
            reached.add(annotation.__name__)
            for hint in get_type_hints(annotation).values():
                visit(hint)
        for arg in get_args(annotation):
            visit(arg)

    visit(types.NewsEventRecord)
    public = {name for name in types.__all__ if _is_typeddict(getattr(types, name))}
    assert public == reached


@pytest.mark.parametrize(
    ("broken", "complaint"),
    [
        ({"required": ["value"]}, "requires"),
        ({"properties": {"value": {}, "precision": {}}}, "has keys"),
    ],
)
def test_the_comparison_fails_on_a_difference(broken: dict[str, Any], complaint: str) -> None:
    moment, base = _resolve({"$ref": "common.schema.json#/$defs/moment"}, ROOT_SCHEMA_ID)
    errors = _compare(types.Moment, {**moment, **broken}, base, "/moment")
    assert any(complaint in error for error in errors), errors
