"""The safe loader: sources and formats, unreadable files, encodings, and one record or several;
any bytes give records or load errors."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsevents._errors import LoadError
from newsevents._read import yamlread as _yaml
from newsevents._read.loader import Format, iter_documents, load_document, load_documents

from .loading import RULES, assert_plain, error_of

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
