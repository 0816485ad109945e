"""The loader refuses every hazard in place: bad syntax, duplicate keys, aliases, tags,
non-string keys, numbers that are not finite or too long, empty documents, runaway nesting."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pytest

from newsevents._errors import LoadError
from newsevents._read.document import Document
from newsevents._read.loader import Format, iter_documents, load_document

from .loading import error_of, value_of

# --- syntax -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("a: b: c\n", 1, 5),
        ("a: 1\n  b: 2\n", 2, 4),
        ("a: 1\nb: [1, 2\n", 3, 1),
        ("a:\n\t- b\n", 2, 1),
    ],
)
def test_yaml_syntax_is_placed(parser: str, text: str, line: int, column: int) -> None:
    error = error_of(text)
    assert (error.rule, error.line, error.column, error.problem.index) == (
        "yaml-syntax",
        line,
        column,
        0,
    )
    assert "fix the syntax" in error.message


def test_json_syntax_is_placed() -> None:
    error = error_of('{"a": 1,\n "b": }', format="json")
    assert (error.rule, error.line, error.column) == ("json-syntax", 2, 7)
    assert "fix the syntax" in error.message


def test_json_with_several_values_suggests_json_lines() -> None:
    error = error_of('{"a": 1} {"a": 2}', format="json")
    assert error.rule == "json-syntax"
    assert "jsonl" in error.message


@pytest.mark.parametrize(("suffix", "rule"), [(".yaml", "yaml-syntax"), (".json", "json-syntax")])
def test_truncated_file(tmp_path: Path, parser: str, suffix: str, rule: str) -> None:
    whole = json.dumps({"id": "x", "text": "a long text " * 20, "tags": ["a", "b"]}, indent=2)
    path = tmp_path / f"record{suffix}"
    path.write_text(whole[: len(whole) // 2], encoding="utf-8")
    assert error_of(path).rule == rule


# --- duplicate-key ----------------------------------------------------------------------------


def test_duplicate_yaml_key(parser: str) -> None:
    error = error_of("id: a\nname: x\nwhere:\n  city: A\n  city: B\nid: b\n")
    assert (error.rule, error.line, error.column) == ("duplicate-key", 5, 3)
    assert "key 'city' appears twice" in error.message
    assert "first at line 4, column 3" in error.message
    assert "remove or rename one of them" in error.message


def test_duplicate_json_key() -> None:
    error = error_of('{\n  "id": "a",\n  "n": {"x": 1},\n  "id": "b"\n}\n')
    assert (error.rule, error.line, error.column) == ("duplicate-key", 4, 3)
    assert "first at line 2, column 3" in error.message


def test_duplicate_key_on_a_json_lines_line() -> None:
    items = list(iter_documents('{"a": 1}\n{"a": 1, "a": 2}\n', format="jsonl"))
    error = items[1]
    assert isinstance(error, LoadError)
    assert (error.rule, error.line, error.column, error.problem.index) == (
        "duplicate-key",
        2,
        10,
        1,
    )


# --- yaml-alias -------------------------------------------------------------------------------


def test_alias_is_refused(parser: str) -> None:
    error = error_of("a: &shared\n  - 1\nb: *shared\n")
    assert (error.rule, error.line, error.column) == ("yaml-alias", 3, 4)
    assert "*shared" in error.message
    assert "write the value out in full" in error.message


def test_undefined_alias_is_refused(parser: str) -> None:
    assert error_of("a: *nowhere\n").rule == "yaml-alias"


def test_anchor_without_alias_is_fine(parser: str) -> None:
    assert load_document("a: &x 1\n").record == {"a": 1}


def test_alias_bomb_is_refused(parser: str) -> None:
    rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for this, previous in zip("bcdefghi", "abcdefgh", strict=True):
        rows.append(f"{this}: &{this} [{','.join([f'*{previous}'] * 9)}]")
    bomb = "\n".join(rows) + "\n"
    assert len(bomb) < 700
    error = error_of(bomb)
    assert (error.rule, error.line) == ("yaml-alias", 2)


# --- yaml-tag ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "!!python/object/apply:os.system ['echo hacked']",
        "!!python/name:os.system",
        "!!binary aGVsbG8=",
        "!!timestamp 2024-08-22",
        "!!set {a, b}",
        "!!omap [a: 1]",
        "!custom x",
        "!<tag:example.com,2024:thing> x",
    ],
)
def test_tags_beyond_the_core_schema_are_refused(parser: str, value: str) -> None:
    error = error_of(f"a: {value}\n")
    assert (error.rule, error.line, error.column) == ("yaml-tag", 1, 4)
    assert "remove the tag" in error.message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("!!str 12", "12"),
        ("!!int '12'", 12),
        ("!!float 1", 1.0),
        ("!!bool 'true'", True),
        ("!!null ''", None),
        ("!!seq [1]", [1]),
        ("!!map {b: 1}", {"b": 1}),
        ("!<tag:yaml.org,2002:str> 0x1F", "0x1F"),
    ],
)
def test_core_tags_are_allowed(parser: str, value: str, expected: object) -> None:
    result = value_of(value)
    assert result == expected
    assert type(result) is type(expected)


@pytest.mark.parametrize("value", ["!!int abc", "!!bool yes", "!!float 1_0", "!!str [1]"])
def test_core_tags_on_the_wrong_value_are_refused(parser: str, value: str) -> None:
    assert error_of(f"a: {value}\n").rule == "yaml-tag"


# --- non-string-key ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("1: a\n", "an integer"),
        ("1.5: a\n", "a number"),
        ("true: a\n", "a boolean"),
        ("null: a\n", "null"),
        ("~: a\n", "null"),
        ("[a]: b\n", "a list"),
        ("{a: 1}: b\n", "a mapping"),
    ],
)
def test_keys_must_be_strings(parser: str, text: str, kind: str) -> None:
    error = error_of("id: x\n" + text)
    assert (error.rule, error.line, error.column) == ("non-string-key", 2, 1)
    assert kind in error.message
    assert "keys must be strings" in error.message


def test_non_string_key_says_to_quote_it(parser: str) -> None:
    assert "quote the key ('1': ...)" in error_of("1: a\n").message


# --- non-finite-number and number-too-large ---------------------------------------------------


@pytest.mark.parametrize(
    "value", [".nan", ".NaN", ".inf", "-.inf", "+.INF", "1e999", "-1e999", "!!float .nan"]
)
def test_yaml_non_finite_numbers(parser: str, value: str) -> None:
    error = error_of(f"id: x\nscore: {value}\n")
    assert (error.rule, error.line, error.column) == ("non-finite-number", 2, 8)
    assert "NaN and infinities are not valid numbers" in error.message


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "1e999", "-1.5e400"])
@pytest.mark.parametrize("format", ["json", "jsonl"])
def test_json_non_finite_numbers(value: str, format: Format) -> None:
    error = error_of(f'{{"id": "x", "score": [1, {value}]}}', format=format)
    assert (error.rule, error.line, error.column) == ("non-finite-number", 1, 26)
    assert "NaN and infinities are not valid numbers" in error.message


@pytest.mark.skipif(
    not hasattr(sys, "get_int_max_str_digits"), reason="this Python reads any integer"
)
@pytest.mark.parametrize("text", ["a: " + "7" * 5000 + "\n", '{"a": ' + "7" * 5000 + "}"])
def test_integers_too_long_to_read(parser: str, text: str) -> None:
    error = error_of(text)
    assert (error.rule, error.line) == ("number-too-large", 1)
    assert "quote it" in error.message


# --- empty-document and not-a-mapping ---------------------------------------------------------


@pytest.mark.parametrize(
    "content", [b"", b"   \n\n", b"# only a comment\n", b"---\n", b"~\n", b"--- # c\n...\n"]
)
def test_empty_yaml(tmp_path: Path, parser: str, content: bytes) -> None:
    path = tmp_path / "record.yaml"
    path.write_bytes(content)
    error = error_of(path)
    assert (error.rule, error.file) == ("empty-document", str(path))
    assert "write a record" in error.message


@pytest.mark.parametrize(("suffix", "content"), [(".json", b" \n"), (".jsonl", b"\n \n\n")])
def test_empty_json(tmp_path: Path, suffix: str, content: bytes) -> None:
    path = tmp_path / f"record{suffix}"
    path.write_bytes(content)
    assert error_of(path).rule == "empty-document"


def test_load_document_of_nothing() -> None:
    with pytest.raises(LoadError) as caught:
        load_document(b"")
    assert caught.value.rule == "empty-document"


def test_empty_document_among_others_is_placed(parser: str) -> None:
    items = list(iter_documents("a: 1\n---\n---\nb: 2\n"))
    error = items[1]
    assert isinstance(error, LoadError)
    assert (error.rule, error.problem.index) == ("empty-document", 1)
    assert isinstance(items[2], Document)


@pytest.mark.parametrize(
    ("text", "kind"),
    [("- a\n- b\n", "a list"), ("just text\n", "a string"), ("42\n", "an integer")],
)
def test_yaml_top_level_must_be_a_mapping(parser: str, text: str, kind: str) -> None:
    error = error_of(text)
    assert (error.rule, error.line, error.column) == ("not-a-mapping", 1, 1)
    assert kind in error.message
    assert "JSON Lines" in error.message


def test_json_top_level_must_be_a_mapping() -> None:
    error = error_of('\n  [{"id": "x"}]', format="json")
    assert (error.rule, error.line, error.column) == ("not-a-mapping", 2, 3)


# --- too-deep, garbage, size ------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["", "a: "])
def test_deep_yaml(parser: str, prefix: str) -> None:
    # Safe by construction: nothing recurses, so nothing relies on RecursionError.
    error = error_of(prefix + "[" * 100_000 + "\n")
    assert (error.rule, error.line) == ("too-deep", 1)
    assert "256 levels" in error.message


@pytest.mark.parametrize(("opener", "column"), [("[", 257), ('{"a": ', 6 * 256 + 1)])
def test_deep_json(tmp_path: Path, opener: str, column: int) -> None:
    path = tmp_path / "record.json"
    path.write_text(opener * 100_000, encoding="utf-8")
    error = error_of(path)
    # Placed at the first list or mapping past the limit.
    assert (error.rule, error.line, error.column) == ("too-deep", 1, column)
    assert "flatten" in error.message


def test_deep_json_lines_line_is_skipped() -> None:
    items = list(iter_documents("[" * 100_000 + '\n{"id": "x"}\n', format="jsonl"))
    assert isinstance(items[0], LoadError)
    assert items[0].rule == "too-deep"
    assert isinstance(items[1], Document)
    assert items[1].line == 2


@pytest.mark.parametrize("format", [None, "yaml", "json", "jsonl"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_binary_garbage(parser: str, format: Format | None, seed: int) -> None:
    garbage = random.Random(seed).randbytes(4096)
    assert error_of(garbage, format=format).rule in {"encoding", "yaml-syntax", "json-syntax"}


def test_nul_byte_is_placed(parser: str) -> None:
    error = error_of(b"id: x\nname: a\x00b\n")
    assert (error.rule, error.line, error.column) == ("yaml-syntax", 2, 8)
    assert "U+0000" in error.message


def test_nul_bytes_in_json() -> None:
    assert error_of(b'{"a": "\x00"}', format="json").rule == "json-syntax"
    assert error_of(b"\x00" * 64, format="jsonl").rule == "json-syntax"


def big_record(path: Path, size: int) -> Path:
    path.write_text('{"id": "x", "text": "' + "x" * size + '"}\n', encoding="utf-8")
    return path


def test_twenty_megabyte_string_in_yaml(tmp_path: Path, parser: str) -> None:
    # The pure-Python parser steps through text a character at a time in Python, so a
    # smaller string keeps the test quick; libyaml gets the full size.
    size = 20_000_000 if parser == "libyaml" else 1_000_000
    record = load_document(big_record(tmp_path / "big.yaml", size)).record
    assert len(record["text"]) == size


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_twenty_megabyte_string_in_json(tmp_path: Path, suffix: str) -> None:
    record = load_document(big_record(tmp_path / f"big{suffix}", 20_000_000)).record
    assert len(record["text"]) == 20_000_000
