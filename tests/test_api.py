"""The public library surface, as a user's code and type checker see it."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

import newsevents

from .conftest import CANONICAL, CANONICAL_PATH

PUBLIC_MODULES = {"types", "exceptions", "strategies", "testing", "pytest_plugin"}
PUBLIC = {
    "RULES",
    "SCHEMA_ID",
    "SCHEMA_VERSION",
    "Rule",
    "SpanMove",
    "SpanNotFound",
    "UnknownRule",
    "Validator",
    "bundled_schema",
    "fixture_names",
    "fixture_path",
    "loads",
    "loads_all",
    "reanchor",
    "registry",
    "span",
    "Document",
    "FixtureNotFound",
    "InvalidRecord",
    "LoadError",
    "NewsEventRecord",
    "NewsEventsError",
    "Problem",
    "RecordReport",
    "__version__",
    "is_valid",
    "iter_problems",
    "load",
    "load_all",
    "load_fixture",
    "schema",
    "validate",
    "validate_stream",
    "score",
    "Score",
    "LayerScore",
    "Limits",
    "Difference",
    "TextMismatch",
    "UnscorableRecord",
    "InvalidOption",
}


def test_all_is_exactly_the_public_surface() -> None:
    assert set(newsevents.__all__) == PUBLIC
    public_names = {name for name in dir(newsevents) if not name.startswith(("_", "@"))}
    # The public submodules are reached by their names, not re-exported.
    assert public_names - {"annotations", "TYPE_CHECKING", "Any"} - PUBLIC_MODULES == (
        PUBLIC - {"__version__"}
    )


def test_every_public_name_has_a_docstring() -> None:
    # Constants are documented by the comments beside them.
    for name in PUBLIC - {"__version__", "NewsEventRecord", "RULES", "SCHEMA_ID", "SCHEMA_VERSION"}:
        assert getattr(newsevents, name).__doc__, name


def test_load_fixture_returns_a_fresh_copy() -> None:
    first = newsevents.load_fixture(CANONICAL)
    first["entities"].clear()
    second = newsevents.load_fixture(CANONICAL)
    assert second["entities"]
    assert second == newsevents.load(CANONICAL_PATH)


def test_load_fixture_unknown_name_lists_the_available_ones() -> None:
    with pytest.raises(newsevents.FixtureNotFound, match=CANONICAL) as raised:
        newsevents.load_fixture("no-such-record")
    assert CANONICAL in raised.value.available
    assert isinstance(raised.value, LookupError)


def test_load_reads_paths_and_loads_reads_content(minimal_path: Path) -> None:
    from_path = newsevents.load(minimal_path)
    assert newsevents.load(str(minimal_path)) == from_path
    assert newsevents.loads(minimal_path.read_text(encoding="utf-8")) == from_path
    assert newsevents.loads(minimal_path.read_bytes()) == from_path


def test_load_never_takes_content_for_a_path_or_a_path_for_content() -> None:
    with pytest.raises(TypeError, match=r"loads\(\)"):
        newsevents.load(b"id: x")  # type: ignore[arg-type]
    with pytest.raises(newsevents.LoadError) as raised:
        newsevents.load("missing.yaml", format="yaml")
    assert raised.value.rule == "unreadable"
    with pytest.raises(newsevents.LoadError) as raised:
        newsevents.loads("missing.yaml", format="yaml")  # content: a YAML string
    assert raised.value.rule == "not-a-mapping"
    with pytest.raises(TypeError, match="text or bytes"):
        newsevents.loads(Path("a.yaml"))  # type: ignore[arg-type]


def test_load_refuses_a_source_with_several_records(minimal_path: Path) -> None:
    text = minimal_path.read_text(encoding="utf-8")
    with pytest.raises(newsevents.LoadError) as raised:
        newsevents.loads(text + "\n---\n" + text)
    assert raised.value.rule == "multiple-records"
    assert raised.value.line is not None


def test_load_all_gives_each_record_with_its_location(minimal_path: Path, tmp_path: Path) -> None:
    text = minimal_path.read_text(encoding="utf-8")
    path = tmp_path / "two.yaml"
    path.write_text(text + "---\n" + text, encoding="utf-8")
    first, second = newsevents.load_all(path)
    assert (first.index, second.index) == (0, 1)
    assert first.file == second.file == str(path)
    assert second.line == text.count("\n") + 2 + 2  # after the separator and the comments
    assert first.record == second.record


def test_problems_of_a_document_carry_file_line_and_column(
    minimal_path: Path, tmp_path: Path
) -> None:
    text = minimal_path.read_text(encoding="utf-8").replace("    place: minsk", "    place: gomel")
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    (document,) = newsevents.load_all(path)
    (problem,) = newsevents.iter_problems(document)
    line = text.splitlines().index("    place: gomel") + 1
    assert (problem.file, problem.line, problem.column) == (str(path), line, 5)
    assert str(problem) == (
        f"{path}:{line}:5: unresolved-reference: 'gomel' is not the id of any entity of kind "
        "city/country/economic-zone/region/site in this record; add it, or correct the "
        "reference (at /events/0/place)"
    )


def test_problems_of_a_plain_record_carry_the_pointer_only(minimal_path: Path) -> None:
    record = newsevents.load(minimal_path)
    record["events"][0]["place"] = "gomel"
    (problem,) = newsevents.iter_problems(record)
    assert (problem.file, problem.line, problem.column) == (None, None, None)
    assert problem.pointer == "/events/0/place"


def test_validate_raises_with_every_problem(minimal_path: Path) -> None:
    record = newsevents.load(minimal_path)
    record["events"][0]["place"] = "gomel"
    del record["article"]["language"]
    with pytest.raises(newsevents.InvalidRecord) as raised:
        newsevents.validate(record)
    rules = [p.rule for p in raised.value.problems]
    assert rules == ["schema.required", "unresolved-reference"]
    assert "2 problems" in str(raised.value)
    assert isinstance(raised.value, newsevents.NewsEventsError)


def test_is_valid_needs_schema_and_rules(minimal_path: Path) -> None:
    record = newsevents.load(minimal_path)
    assert newsevents.is_valid(record)
    broken = copy.deepcopy(record)
    broken["entities"][0]["evidence"][0]["start"] = 1
    assert not newsevents.is_valid(broken)
    broken = copy.deepcopy(record)
    broken["article"]["language"] = "English"
    assert not newsevents.is_valid(broken)


def test_values_that_are_not_json_are_problems_not_crashes(minimal_path: Path) -> None:
    record = newsevents.load(minimal_path)
    record["article"]["headline"] = {1, 2}
    record["id"] = 2**80
    rules = {p.rule for p in newsevents.iter_problems(record)}
    assert rules == {"schema.type"}
    assert not newsevents.is_valid(record)


def test_a_record_that_is_not_a_mapping_is_invalid() -> None:
    problems = list(newsevents.iter_problems(["not", "a", "record"]))
    assert [p.rule for p in problems] == ["schema.type"]


def test_load_error_names_the_rule_and_place() -> None:
    with pytest.raises(newsevents.LoadError) as raised:
        newsevents.loads("a: 1\na: 2\n", name="dup.yaml")
    error = raised.value
    assert (error.rule, error.file, error.line, error.column) == ("duplicate-key", "dup.yaml", 2, 1)
    assert str(error).startswith("dup.yaml:2:1: duplicate-key: ")


def test_each_missing_property_is_reported_once() -> None:
    problems = list(newsevents.iter_problems({"schema": newsevents.SCHEMA_ID}))
    assert [p.rule for p in problems] == ["schema.required"] * 8
    assert len({p.message for p in problems}) == 8


@pytest.mark.parametrize(
    ("field", "value", "rule"),
    [
        ("language", "en\n", "schema.pattern"),  # Python's $ would match before the newline
        ("headline", "\x1c", None),  # ECMA-262 \S matches U+001C; Python's does not
    ],
)
def test_patterns_are_read_as_ecma_262_by_both_engines(
    minimal_path: Path, field: str, value: str, rule: str | None
) -> None:
    record = newsevents.load(minimal_path)
    record["article"][field] = value
    assert [p.rule for p in newsevents.iter_problems(record)] == ([rule] if rule else [])
    assert newsevents.is_valid(record) is (rule is None)


def test_a_tuple_is_an_array_to_both_engines(minimal_path: Path) -> None:
    record = newsevents.load(minimal_path)
    record["topics"] = tuple(record["topics"])
    record["id"] = 5
    assert [p.pointer for p in newsevents.iter_problems(record)] == ["/id"]


def test_values_built_in_python_that_json_cannot_hold_are_problems(minimal_path: Path) -> None:
    record = newsevents.load(minimal_path)
    record["article"]["views"] = {"count": 1j}
    deep: list[Any] = []
    for _ in range(20_000):
        deep = [deep]
    record["claims"][0]["evidence"] = deep
    problems = list(newsevents.iter_problems(record))
    assert problems
    assert {p.rule for p in problems} <= {"schema.type", "schema.minItems", "schema.items"}
    assert not newsevents.is_valid(record)


def test_one_line_content_is_content_and_a_path_without_extension_is_a_path() -> None:
    assert newsevents.loads("{id: x}", format="yaml") == {"id": "x"}
    assert newsevents.loads("id: x") == {"id": "x"}
    with pytest.raises(newsevents.LoadError) as raised:
        newsevents.load("id: x")
    assert raised.value.rule in ("unknown-format", "unreadable")
