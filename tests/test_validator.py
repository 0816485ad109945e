"""The configurable API: Validator, the rule catalogue, schema access, exceptions."""

from __future__ import annotations

import copy
import pickle
import re
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import jsonschema
import pytest

import newsevents
from newsevents import RULES, Problem, Validator
from newsevents._read.messages import LOAD_RULES
from newsevents._resources import schema_documents
from newsevents._rules.semantic import RULES as SEMANTIC_RULES
from newsevents.exceptions import (
    FixtureNotFound,
    InvalidRecord,
    LoadError,
    SpanNotFound,
    UnknownRule,
)

from .conftest import CANONICAL, ROOT, judged_by_schema


@pytest.fixture
def typo(canonical_record: dict[str, Any]) -> dict[str, Any]:
    """The canonical record with one span's text wrong and one dangling reference."""
    canonical_record["claims"][0]["evidence"][0]["text"] = "a typo"
    canonical_record["quotes"][0]["speaker"] = "nobody"
    return canonical_record


def _identities(problems: Any) -> list[tuple[str, str]]:
    return [problem.identity for problem in problems]


def test_the_default_validator_is_the_module_functions(typo: dict[str, Any]) -> None:
    validator = Validator()
    assert _identities(validator.iter_problems(typo)) == _identities(newsevents.iter_problems(typo))
    assert validator.is_valid(typo) is newsevents.is_valid(typo) is False
    assert repr(validator) == "Validator()"


def test_ignore_and_select_filter_by_rule_and_family(typo: Any) -> None:
    everything = _identities(Validator().iter_problems(typo))
    assert {rule for rule, _ in everything} == {"span-text-mismatch", "unresolved-reference"}
    only = Validator(select=["unresolved-reference"])
    assert _identities(only.iter_problems(typo)) == [("unresolved-reference", "/quotes/0/speaker")]
    assert not only.is_valid(typo)
    relaxed = Validator(ignore=["span-text-mismatch", "unresolved-reference"])
    assert relaxed.is_valid(typo)
    assert list(relaxed.iter_problems(typo)) == []
    assert relaxed.validate(typo) is typo
    broken = dict(typo, id=5)
    assert {p.rule for p in relaxed.iter_problems(broken)} == {"schema.type"}
    assert Validator(ignore=["schema", *SEMANTIC_RULES]).is_valid(broken)


def test_unknown_rule_names_are_refused_with_the_closest_one() -> None:
    with pytest.raises(UnknownRule, match="did you mean 'span-text-mismatch'") as raised:
        Validator(ignore=["span-txt-mismatch"])
    assert raised.value.name == "span-txt-mismatch"
    assert "span-text-mismatch" in raised.value.known
    with pytest.raises(TypeError, match="list of rule names"):
        Validator(select="duplicate-id")
    with pytest.raises(UnknownRule, match="a name of its own"):
        Validator(extra_rules={"duplicate-id": lambda record: []})


def _long_headline(record: dict[str, Any]) -> Iterator[tuple[str, str]]:
    if len(record["article"]["headline"]) > 20:
        yield "/article/headline", "keep headlines to 20 characters"


def _as_problem(record: dict[str, Any]) -> Iterator[Problem]:
    yield Problem("anything", "a problem object is renamed to its rule", "/id")


def test_extra_rules_add_problems_under_their_names(canonical_record: Any) -> None:
    validator = Validator(extra_rules={"headline-length": _long_headline, "ids": _as_problem})
    assert _identities(validator.iter_problems(canonical_record)) == [
        ("headline-length", "/article/headline"),
        ("ids", "/id"),
    ]
    assert not validator.is_valid(canonical_record)
    with pytest.raises(InvalidRecord) as raised:
        validator.validate(canonical_record)
    assert len(raised.value.problems) == 2
    assert Validator(extra_rules={"ids": _as_problem}, ignore=["ids"]).is_valid(canonical_record)
    # On a record the schema rejects, extra rules are not asked: they may trust the shape.
    del canonical_record["article"]
    assert {p.rule for p in validator.iter_problems(canonical_record)} == {"schema.required"}


def test_extra_rule_problems_are_placed_in_their_file(tmp_path: Any) -> None:
    path = tmp_path / "record.yaml"
    path.write_text((ROOT / "fixtures" / f"{CANONICAL}.yaml").read_text(encoding="utf-8"))
    (document,) = newsevents.load_all(path)
    (problem,) = Validator(extra_rules={"headline-length": _long_headline}).iter_problems(document)
    assert (problem.file, problem.line) == (str(path), _line_of(path, "  headline:"))


def _line_of(path: Any, prefix: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith(prefix))


def test_validate_stream_on_a_validator(typo: dict[str, Any]) -> None:
    empty = {"schema": newsevents.SCHEMA_ID}  # only schema problems, all ignored
    reports = list(Validator(ignore=["schema"]).validate_stream([typo, empty]))
    assert [report.valid for report in reports] == [False, True]


def test_the_catalogue_holds_every_rule_with_its_kind_and_an_example() -> None:
    kinds = {rule.kind for rule in RULES.values()}
    assert kinds == {"load", "schema", "semantic", "run", "internal"}
    assert set(LOAD_RULES) <= set(RULES)
    assert set(SEMANTIC_RULES) <= set(RULES)
    for name, rule in RULES.items():
        assert rule.name == name
        assert rule.requires, name
        assert rule.example, name
        if rule.kind == "schema":
            assert judged_by_schema(name), name
    with pytest.raises(TypeError):
        RULES["new"] = RULES["duplicate-id"]  # type: ignore[index]


def _keywords(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in ("properties", "$defs", "examples"):
                yield key
            children = value.values() if key in ("properties", "$defs") else [value]
            for child in children:
                yield from _keywords(child)
    elif isinstance(node, list):
        for item in node:
            yield from _keywords(item)


def test_every_schema_keyword_a_record_can_break_is_in_the_catalogue() -> None:
    used: set[str] = set()
    for document in schema_documents().values():
        used |= set(_keywords(document))
    assert {f"schema.{keyword}" for keyword in used & _VOCABULARY} <= set(RULES)


_VOCABULARY = {
    "type", "required", "additionalProperties", "enum", "const", "pattern", "format",
    "minLength", "maxLength", "minItems", "uniqueItems", "minimum", "not", "anyOf",
    "oneOf", "maximum", "exclusiveMinimum", "maxItems", "dependentRequired",
    "unevaluatedProperties", "propertyNames",
}  # fmt: skip


def test_readme_lists_every_rule_of_the_catalogue() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, rule in RULES.items():
        if rule.kind in ("load", "semantic"):
            assert f"`{name}`" in readme, name
    for name in SEMANTIC_RULES:
        assert re.search(rf"^\| `{re.escape(name)}` \|", readme, re.MULTILINE), name


def test_schema_access_works_offline(canonical_record: dict[str, Any]) -> None:
    assert newsevents.schema()["$id"] == newsevents.SCHEMA_ID
    assert canonical_record["schema"] == newsevents.SCHEMA_ID
    assert f"/{newsevents.SCHEMA_VERSION}/" in newsevents.SCHEMA_ID
    mine = {"type": "object", "properties": {"record": {"$ref": newsevents.SCHEMA_ID}}}
    validator = jsonschema.Draft202012Validator(mine, registry=newsevents.registry())
    assert validator.is_valid({"record": canonical_record})
    assert not validator.is_valid({"record": {}})
    bundled = jsonschema.Draft202012Validator(newsevents.bundled_schema())
    assert bundled.is_valid(canonical_record)


def test_fixtures_are_listed_and_found() -> None:
    assert CANONICAL in newsevents.fixture_names()
    assert newsevents.fixture_path(CANONICAL).is_file()
    with pytest.raises(FixtureNotFound):
        newsevents.fixture_path("no-such-fixture")


def test_schema_problems_name_the_keyword_location(canonical_record: dict[str, Any]) -> None:
    canonical_record["entities"][0]["kind"] = "town"
    (problem,) = newsevents.iter_problems(canonical_record)
    assert problem.identity == ("schema.enum", "/entities/0/kind")
    assert problem.schema_path is not None
    assert problem.schema_path.startswith("#/properties/entities/items/")
    assert problem.schema_path.endswith("/properties/kind/enum")


def test_document_repr_is_short() -> None:
    (document,) = newsevents.load_all(newsevents.fixture_path(CANONICAL))
    text = repr(document)
    assert len(text) < 200, text
    assert CANONICAL in text


def _raise(error: Exception) -> None:
    raise error


ERRORS = [
    LoadError("duplicate-key", "id twice", file="a.yaml", line=2, column=1, index=0),
    InvalidRecord((Problem("duplicate-id", "id 'x' twice", "/entities/1/id"),)),
    FixtureNotFound("nope", ["a", "b"]),
    UnknownRule("nope", "select names no rule", ["duplicate-id"]),
    SpanNotFound("Minsk", 3, 2, after=10, hint="; a hint"),
]


@pytest.mark.parametrize("error", ERRORS, ids=lambda e: type(e).__name__)
def test_exceptions_survive_pickling_and_a_process_pool(error: Exception) -> None:
    copied = pickle.loads(pickle.dumps(error))
    assert type(copied) is type(error)
    assert str(copied) == str(error)
    assert vars(copied) == vars(error)
    with ProcessPoolExecutor(1) as pool, pytest.raises(type(error)) as raised:
        pool.submit(_raise, copy.copy(error)).result()
    assert str(raised.value) == str(error)
