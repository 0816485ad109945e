"""The loader reads YAML 1.2's core schema, streams of records, and places what it reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsevents._errors import LoadError
from newsevents._read.document import Document
from newsevents._read.loader import iter_documents, load_document, load_documents

from .loading import assert_plain, value_of

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
