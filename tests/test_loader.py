"""The safe loader: records come back as plain data, and every hazard as a LoadError in place."""

from __future__ import annotations

import json
import os
import random
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsevents._errors import LoadError
from newsevents._read import yamlread as _yaml
from newsevents._read.document import Document
from newsevents._read.loader import Format, iter_documents, load_document, load_documents
from newsevents._read.messages import LOAD_RULES

RULES = set(LOAD_RULES) - {"multiple-records"}


def error_of(source: str | bytes | Path, *, format: Format | None = None) -> LoadError:
    with pytest.raises(LoadError) as caught:
        load_documents(source, format=format)
    return caught.value


def value_of(yaml_value: str) -> Any:
    return load_document(f"v: {yaml_value}\n").record["v"]


def assert_plain(value: object) -> None:
    """Only the JSON data model, built fresh: no subclasses, no dates, no bytes."""
    if type(value) is dict:
        for key, item in value.items():
            assert type(key) is str
            assert_plain(item)
    elif type(value) is list:
        for item in value:
            assert_plain(item)
    else:
        assert value is None or type(value) in (str, int, float, bool), repr(value)


# --- Sources and formats ------------------------------------------------------------------


def test_text_with_a_line_break_is_content() -> None:
    document = load_document("id: x\n")
    assert (document.record, document.file, document.index) == ({"id": "x"}, None, 0)
    assert (document.line, document.column) == (1, 1)


def test_text_starting_with_a_brace_is_content() -> None:
    document = load_document('  {"id": "x"}', name="inline")
    assert (document.record, document.file, document.column) == ({"id": "x"}, "inline", 3)


def test_other_text_is_a_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "record.yaml").write_text("id: x\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    document = load_document("record.yaml")
    assert (document.record, document.file) == ({"id": "x"}, "record.yaml")


def test_a_path_names_itself_unless_given_a_name(tmp_path: Path) -> None:
    path = tmp_path / "record.yml"
    path.write_bytes(b"id: x\n")
    assert load_document(path).file == str(path)
    assert load_document(path, name="shown").file == "shown"


def test_bytes_are_content_named_by_name() -> None:
    assert load_document(b"id: x\n").file is None
    assert load_document(b"id: x\n", name="upload").record == {"id": "x"}


@pytest.mark.parametrize(
    ("suffix", "content", "expected"),
    [
        # Each content reads differently, or not at all, in the other formats.
        (".yaml", "id: x\n", [{"id": "x"}]),
        (".yml", "when: 2024-08-22\n", [{"when": "2024-08-22"}]),
        (".json", '{\n  "id": "x"\n}\n', [{"id": "x"}]),
        (".JSON", '{"id": "x"}', [{"id": "x"}]),
        (".jsonl", '{"n": 1}\n{"n": 2}\n', [{"n": 1}, {"n": 2}]),
        (".ndjson", '{"n": 1}\n\n{"n": 2}\n', [{"n": 1}, {"n": 2}]),
    ],
)
def test_format_follows_the_extension(
    tmp_path: Path, suffix: str, content: str, expected: list[dict[str, Any]]
) -> None:
    path = tmp_path / f"records{suffix}"
    path.write_text(content, encoding="utf-8")
    assert [document.record for document in load_documents(path)] == expected


def test_json_extension_means_json_rules(tmp_path: Path) -> None:
    path = tmp_path / "record.json"
    path.write_text('{"score": NaN}', encoding="utf-8")
    assert error_of(path).rule == "non-finite-number"  # YAML would read the string "NaN"


def test_explicit_format_wins(tmp_path: Path) -> None:
    path = tmp_path / "record.json"
    path.write_text("id: x\n", encoding="utf-8")
    assert load_document(path, format="yaml").record == {"id": "x"}
    assert error_of('{"a": 1}\n{"a": 2}\n', format="json").rule == "json-syntax"


def test_unknown_extension(tmp_path: Path) -> None:
    path = tmp_path / "record.txt"
    path.write_text("id: x\n", encoding="utf-8")
    error = error_of(path)
    assert (error.rule, error.file) == ("unknown-format", str(path))
    assert "format='yaml'" in error.message
    assert ".yaml" in error.message


@pytest.mark.parametrize(
    ("text", "records"),
    [
        ('{"id": "x"}', [{"id": "x"}]),  # one JSON value: JSON
        ('{\n  "id": "x",\n  "n": [1, 2]\n}\n', [{"id": "x", "n": [1, 2]}]),
        ('{"n": 1}\n{"n": 2}\n', [{"n": 1}, {"n": 2}]),  # a value per line: JSON Lines
        ("{id: x, n: [1, 2]}\n", [{"id": "x", "n": [1, 2]}]),  # not JSON: a YAML flow mapping
        ("id: x\n", [{"id": "x"}]),
    ],
)
def test_format_of_text_is_guessed(text: str, records: list[dict[str, Any]]) -> None:
    assert [document.record for document in load_documents(text)] == records


def test_guessed_json_keeps_json_rules() -> None:
    assert error_of('{"score": Infinity}').rule == "non-finite-number"


def test_guessed_json_lines_go_on_after_a_bad_line() -> None:
    items = list(iter_documents('{"n": 1}\n{"n": \n{"n": 3}\n'))
    assert [type(item).__name__ for item in items] == ["Document", "LoadError", "Document"]


def test_arguments_are_checked_eagerly() -> None:
    with pytest.raises(ValueError, match="format='toml'"):
        iter_documents("id: x\n", format="toml")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="source=42"):
        iter_documents(42)  # type: ignore[arg-type]


# --- unreadable -------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".yaml", ".json", ".jsonl"])
def test_missing_file(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"absent{suffix}"
    error = error_of(path)
    assert (error.rule, error.file) == ("unreadable", str(path))
    assert str(path) in error.message
    assert "No such file" in error.message
    assert "check the path" in error.message


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "records.yaml"
    folder.mkdir()
    error = error_of(folder)
    assert error.rule == "unreadable"
    assert "directory" in error.message.lower()


def test_path_through_a_file(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert error_of(tmp_path / "file" / "record.jsonl").rule == "unreadable"


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.yaml"
    path.write_text("id: x\n", encoding="utf-8")

    # Simulated: file modes do not stop root, and the test suite may run as root.
    real_open = os.open

    def refuse(name: str | os.PathLike[str], *args: Any, **kwargs: Any) -> int:
        if os.fspath(name) == str(path):
            raise PermissionError(13, "Permission denied", str(name))
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    error = error_of(path)
    assert error.rule == "unreadable"
    assert "Permission denied" in error.message


# --- encoding ---------------------------------------------------------------------------------


@pytest.mark.parametrize("format", [None, "yaml", "json", "jsonl"])
def test_invalid_utf8_is_placed(format: Format | None) -> None:
    data = '{"a": 1,\n "b": "é'.encode() + b't\xe9"}\n'
    error = error_of(data, format=format)
    assert (error.rule, error.line, error.column) == ("encoding", 2, 10)
    assert "0xE9" in error.message
    assert "save the file as UTF-8" in error.message


@pytest.mark.parametrize(
    ("codec", "name"),
    [("utf-16", "UTF-16"), ("utf-16-be", "UTF-16"), ("utf-32", "UTF-32")],
)
@pytest.mark.parametrize("suffix", [".yaml", ".json", ".jsonl"])
def test_utf16_and_utf32_are_named(tmp_path: Path, codec: str, name: str, suffix: str) -> None:
    path = tmp_path / f"record{suffix}"
    bom = "\ufeff" if codec.endswith("-be") else ""  # the plain codecs write their own
    path.write_bytes((bom + '{"id": "x"}\n').encode(codec))
    error = error_of(path)
    assert (error.rule, error.line, error.column) == ("encoding", 1, 1)
    assert name in error.message
    assert "save it as UTF-8" in error.message


@pytest.mark.parametrize("suffix", [".yaml", ".json", ".jsonl"])
def test_utf8_bom_is_dropped(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"record{suffix}"
    path.write_bytes(b'\xef\xbb\xbf{"id": "x"}\n')
    document = load_document(path)
    assert (document.record, document.line, document.column) == ({"id": "x"}, 1, 1)


def test_positions_after_a_utf8_bom_are_as_if_it_were_absent(parser: str) -> None:
    assert error_of(b"\xef\xbb\xbfa: 1\nb: [1\n").line == 3
    error = error_of(b'\xef\xbb\xbf{"a": 1, "a": 2}')
    assert (error.rule, error.line, error.column) == ("duplicate-key", 1, 10)
    assert load_document("\ufeffid: x\n").record == {"id": "x"}


@pytest.mark.parametrize("format", [None, "yaml", "json", "jsonl"])
def test_lone_surrogate_in_text(parser: str, format: Format | None) -> None:
    text = '{"id": "x",\n "name": "\udce9"}\n' if format else "id: x\nname: \udce9\n"
    error = error_of(text, format=format)
    assert (error.rule, error.line, error.column) == ("encoding", 2, 11 if format else 7)
    assert "U+DCE9" in error.message


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


# --- YAML 1.2 core schema ---------------------------------------------------------------------

CORE_SCHEMA: list[tuple[str, object]] = [
    ("null", None),
    ("Null", None),
    ("NULL", None),
    ("~", None),
    ("", None),
    ("true", True),
    ("True", True),
    ("TRUE", True),
    ("false", False),
    ("False", False),
    ("FALSE", False),
    ("0", 0),
    ("-12", -12),
    ("+12", 12),
    ("0755", 755),
    ("0o755", 493),
    ("0x1F", 31),
    ("0xff", 255),
    ("1.5", 1.5),
    ("-1.5", -1.5),
    (".5", 0.5),
    ("+.5", 0.5),
    ("1.", 1.0),
    ("1e3", 1000.0),
    ("1E-3", 0.001),
    ("+1.5e+2", 150.0),
    # YAML 1.1 read these as dates, booleans, sexagesimals and binary or underscored ints.
    ("2024-08-22", "2024-08-22"),
    ("2024-08-22T10:00:00Z", "2024-08-22T10:00:00Z"),
    ("NO", "NO"),
    ("no", "no"),
    ("on", "on"),
    ("off", "off"),
    ("yes", "yes"),
    ("y", "y"),
    ("n", "n"),
    ("1:20", "1:20"),
    ("1_000", "1_000"),
    ("0b101", "0b101"),
    ("=", "="),
    ("<<", "<<"),
    ("0o8", "0o8"),
    ("0xG", "0xG"),
    ("-0x1F", "-0x1F"),
    ("0O17", "0O17"),
    ("1e", "1e"),
    (".", "."),
    ("-a", "-a"),
    ("TrUe", "TrUe"),
    ("nul", "nul"),
    ("'12'", "12"),
    ('"true"', "true"),
]


@pytest.mark.parametrize(("text", "expected"), CORE_SCHEMA)
def test_core_schema(parser: str, text: str, expected: object) -> None:
    value = value_of(text)
    assert value == expected
    assert type(value) is type(expected)


def test_merge_key_is_an_ordinary_key(parser: str) -> None:
    assert load_document("<<: {a: 1}\nb: 2\n").record == {"<<": {"a": 1}, "b": 2}


@pytest.mark.parametrize("text", ["a: 1\nb: [x, {c: 2.5}]\nd: null\n", '{"a": [1, {"b": 2.5}]}'])
def test_records_are_plain_data(parser: str, text: str) -> None:
    record = load_document(text).record
    assert_plain(record)
    assert load_document(text).record is not record


# --- streams: multi-document YAML and JSON Lines ----------------------------------------------


def test_multi_document_yaml(parser: str) -> None:
    documents = load_documents("a: 1\n---\nb: 2\n--- # third\n\nc: 3\n", name="s.yaml")
    assert [d.record for d in documents] == [{"a": 1}, {"b": 2}, {"c": 3}]
    assert [(d.index, d.line, d.column) for d in documents] == [(0, 1, 1), (1, 3, 1), (2, 6, 1)]
    assert {d.file for d in documents} == {"s.yaml"}


def test_yaml_goes_on_after_a_bad_record_but_stops_at_bad_syntax(parser: str) -> None:
    text = "a: 1\n---\na: 1\na: 2\n---\nb: [\n---\nc: 3\n"
    summary = [
        (item.rule, item.problem.index)
        if isinstance(item, LoadError)
        else (item.record, item.index)
        for item in iter_documents(text)
    ]
    assert summary == [({"a": 1}, 0), ("duplicate-key", 1), ("yaml-syntax", 2)]


def jsonl_items(tmp_path: Path, content: bytes) -> list[Document | LoadError]:
    path = tmp_path / "records.jsonl"
    path.write_bytes(content)
    return list(iter_documents(path))


def test_json_lines_go_on_after_bad_lines(tmp_path: Path) -> None:
    items = jsonl_items(tmp_path, b'{"n": 1}\n\n{"n": \n[1]\n{"n": "\xe9"}\n  {"n": 6}\r\n{"n": 7}')
    summary = [
        (item.rule, item.line, item.problem.index)
        if isinstance(item, LoadError)
        else (item.record, item.line, item.index)
        for item in items
    ]
    assert summary == [
        ({"n": 1}, 1, 0),
        ("json-syntax", 3, 1),
        ("not-a-mapping", 4, 2),
        ("encoding", 5, 3),
        ({"n": 6}, 6, 4),
        ({"n": 7}, 7, 5),
    ]
    assert isinstance(items[4], Document)
    assert items[4].column == 3


def test_json_lines_errors_carry_the_line(tmp_path: Path) -> None:
    items = jsonl_items(tmp_path, b'{"n": 1}\n{"n": 2,}\n')
    error = items[1]
    assert isinstance(error, LoadError)
    # The column is the stdlib decoder's: Python 3.13 points at the comma, earlier at '}'.
    with pytest.raises(json.JSONDecodeError) as stdlib:
        json.loads('{"n": 2,}')
    column = stdlib.value.colno
    assert (error.line, error.column, error.file) == (2, column, str(tmp_path / "records.jsonl"))


def test_json_lines_are_read_as_they_come(tmp_path: Path) -> None:
    """A line written after the first record was read is still read: nothing is read ahead
    of the line asked for, however long the file."""
    path = tmp_path / "live.jsonl"
    path.write_text('{"n": 1}\n', encoding="utf-8")
    items = iter_documents(path)
    first = next(items)
    with path.open("a", encoding="utf-8") as out:
        out.write('{"n": 2}\n')
    rest = list(items)
    assert [d.record for d in (first, *rest) if isinstance(d, Document)] == [{"n": 1}, {"n": 2}]


# --- locators ---------------------------------------------------------------------------------

NESTED_YAML = """\
id: x
where:
  city: Minsk
  'a/b': 1
  m~n:
    - first
    - deep: true
      list: [1, 2]
"""


@pytest.mark.parametrize(
    ("pointer", "place"),
    [
        ("", (1, 1)),
        ("/id", (1, 1)),
        ("/where", (2, 1)),
        ("/where/city", (3, 3)),
        ("/where/a~1b", (4, 3)),
        ("/where/m~0n", (5, 3)),
        ("/where/m~0n/0", (6, 7)),
        ("/where/m~0n/1/deep", (7, 7)),
        ("/where/m~0n/1/list/1", (8, 17)),
        ("/where/m~0n/1/missing", (7, 7)),  # the deepest ancestor that exists
        ("/where/m~0n/9", (5, 3)),
        ("/where/m~0n/01", (5, 3)),
        ("/nothing/here", (1, 1)),
        ("no-slash", (1, 1)),  # not a pointer: the record's start
    ],
)
def test_yaml_locator(parser: str, pointer: str, place: tuple[int, int]) -> None:
    documents = load_documents("title: first\n---\n" + NESTED_YAML)
    shifted = (place[0] + 2, place[1])
    assert documents[1].locate(pointer) == shifted


def test_yaml_locator_in_an_indented_later_document(parser: str) -> None:
    text = "a: 1\n--- {b: 1, 'c': [x, 'é', z]}\n---\n  d:\n    e: 1\n"
    documents = load_documents(text)
    assert documents[1].locate("/c/2") == (2, 26)
    assert documents[2].locate("/d/e") == (5, 5)


NESTED_JSON = """\
{
  "id": "x",
  "where": {"city": "Minsk", "a/b": 1,
            "m~n": ["first", {"deep": true, "list": [1, 2]}]}
}
"""


@pytest.mark.parametrize(
    ("pointer", "place"),
    [
        ("", (1, 1)),
        ("/id", (2, 3)),
        ("/where/city", (3, 13)),
        ("/where/a~1b", (3, 30)),
        ("/where/m~0n", (4, 13)),
        ("/where/m~0n/0", (4, 21)),
        ("/where/m~0n/1/deep", (4, 31)),
        ("/where/m~0n/1/list/1", (4, 57)),
        ("/where/m~0n/1/missing", (4, 30)),
        ("/where/m~0n/2", (4, 13)),
        ("/nothing", (1, 1)),
    ],
)
def test_json_locator(pointer: str, place: tuple[int, int]) -> None:
    assert load_document(NESTED_JSON).locate(pointer) == place


def test_json_lines_locator(tmp_path: Path) -> None:
    items = jsonl_items(tmp_path, b'{"a": 1}\n\n{"b": {"c": [0, "\xc3\xa9", 2]}}\n')
    document = items[1]
    assert isinstance(document, Document)
    assert (document.line, document.column) == (3, 1)
    assert document.locate("/b/c/2") == (3, 22)


# --- load_document ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line"), [("a: 1\n---\n\nb: 2\n", 4), ('{"a": 1}\n{"b": 2}\n', 2)]
)
def test_load_document_refuses_several_records(parser: str, text: str, line: int) -> None:
    with pytest.raises(LoadError) as caught:
        load_document(text)
    error = caught.value
    assert (error.rule, error.line, error.problem.index) == ("multiple-records", line, 1)
    assert f"another one starts at line {line}" in error.message
    assert "newsevents.load_all()" in error.message


def test_load_document_reports_a_bad_second_document(parser: str) -> None:
    with pytest.raises(LoadError) as caught:
        load_document("a: 1\n---\n- x\n")
    assert caught.value.rule == "not-a-mapping"


# --- no input escapes as anything but a LoadError ---------------------------------------------


@settings(max_examples=200, deadline=None, database=None)
@given(
    data=st.binary() | st.text().map(str.encode),
    format=st.sampled_from([None, "yaml", "json", "jsonl"]),
    pure=st.booleans(),
)
def test_any_bytes_give_records_or_load_errors(
    data: bytes, format: Format | None, pure: bool
) -> None:
    with pytest.MonkeyPatch.context() as patch:
        if pure:
            patch.setattr(_yaml, "_YAML_LOADER", _yaml._PureLoader)
        items = list(iter_documents(data, format=format))
    assert items
    for item in items:
        if isinstance(item, LoadError):
            assert item.rule in RULES
        else:
            assert_plain(item.record)
