"""A code generator reads the schema: datamodel-code-generator makes pydantic v2 models
that load the canonical fixture, with a real union for a claim's value.

The generator reads the multi-file schemas (``schemas/1.0/record.schema.json`` and the
files it refers to), not the bundle: inside the bundle's embedded documents it resolves
``#/$defs/...`` against the bundle's root instead of the embedded ``$id``, and leaves those
references as ``Any``. pydantic is a test dependency only; the package never imports it.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
import typing
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pydantic
import pytest

import newsevents

from .conftest import CANONICAL, ROOT
from .test_constraints import runtime_closure


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """The models datamodel-code-generator writes for the record schema, imported."""
    folder = tmp_path_factory.mktemp("generated")
    command = [
        sys.executable,
        "-m",
        "datamodel_code_generator",
        "--input",
        str(ROOT / "schemas" / newsevents.SCHEMA_VERSION / "record.schema.json"),
        "--input-file-type",
        "jsonschema",
        "--output-model-type",
        "pydantic_v2.BaseModel",
        "--use-title-as-name",
        "--formatters",
        "builtin",
        "--disable-timestamp",
        "--strict-refs",
        "--output",
        str(folder / "newsevents_models.py"),
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module("newsevents_models")
    finally:
        sys.path.remove(str(folder))
        sys.modules.pop("newsevents_models", None)


def test_the_canonical_fixture_loads_through_the_generated_models_unchanged(
    models: ModuleType,
) -> None:
    record = newsevents.load_fixture(CANONICAL)
    loaded = models.NewsEventRecord.model_validate(record)
    assert loaded.model_dump(mode="json", by_alias=True, exclude_unset=True) == record


def test_every_valid_example_loads_through_the_generated_models(models: ModuleType) -> None:
    for name in newsevents.fixture_names():
        models.NewsEventRecord.model_validate(newsevents.load_fixture(name))
    # The minimal record is a bundled fixture too: fixture_names() above covers it.


def test_a_claim_value_is_a_union_of_six_closed_classes_tagged_by_kind(
    models: ModuleType,
) -> None:
    branches = typing.get_args(models.Value.model_fields["root"].annotation)
    assert len(branches) == 6, "the claim value is not a union of six classes"
    tags = {}
    for branch in branches:
        kind = branch.model_fields["kind"].annotation
        assert typing.get_origin(kind) is typing.Literal, branch
        (tag,) = typing.get_args(kind)
        tags[tag] = branch.__name__
        assert branch.model_config.get("extra") == "forbid", f"{branch.__name__} is open"
    assert sorted(tags) == ["boolean", "entity", "moment", "quantity", "rank", "text"]
    # Each tag picks its own class, so a consumer can match on the type.
    record = newsevents.load_fixture(CANONICAL)
    claims = models.NewsEventRecord.model_validate(record).claims
    for claim, data in zip(claims, record["claims"], strict=True):
        assert type(claim.value.root).__name__ == tags[data["value"]["kind"]]


@pytest.mark.parametrize(
    "value",
    [
        {"kind": "rank", "rank": 2},  # a branch's required key missing
        {"kind": "quantity", "rank": 2, "text": "second"},  # another branch's keys
        {"kind": "ranking", "rank": 2, "text": "second"},  # no such kind
        {"kind": "boolean", "boolean": True, "text": "yes"},  # a key no branch has
    ],
)
def test_the_generated_union_refuses_what_the_schema_refuses(
    models: ModuleType, value: dict[str, Any]
) -> None:
    record: Any = newsevents.load_fixture(CANONICAL)
    record["claims"][0]["value"] = value
    assert not newsevents.is_valid(record)
    with pytest.raises(pydantic.ValidationError):
        models.NewsEventRecord.model_validate(record)


def test_pydantic_is_no_runtime_dependency() -> None:
    assert {"pydantic", "datamodel-code-generator"} & runtime_closure() == set()
    source = Path(newsevents.__file__).parent
    assert not any("pydantic" in path.read_text("utf-8") for path in source.rglob("*.py"))
