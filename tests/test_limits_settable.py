"""The limits a user sets: the records of one stream, the length of a string, the nesting.

Each holds at its edge (a source just at the limit is read whole, one just past it is a
clean ``LoadError`` in its place) through every reader that applies, from Python
(``Limits``) and from the command line (``--max-documents``, ``--max-string-length``,
``--max-depth``). The byte limits and the default depth are held to their edges in
``test_limits.py``.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import newsevents
from newsevents import Limits, LoadError
from newsevents._cli import main
from newsevents._read.document import Document
from newsevents._read.limits import MAX_DEPTH, long_string
from newsevents._read.loader import iter_documents

from .conftest import MINIMAL_PATH


def read(source: str | bytes | Path, **options: Any) -> list[Document | LoadError]:
    return list(iter_documents(source, **options))


def rules(found: list[Document | LoadError]) -> list[str | None]:
    return [item.rule if isinstance(item, LoadError) else None for item in found]


# --- Limits itself ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "field", ["max_file_bytes", "max_line_bytes", "max_depth", "max_documents", "max_string_length"]
)
@pytest.mark.parametrize("value", [0, -1, 1.5, "3", True, None])
def test_every_limit_must_be_a_positive_whole_number(field: str, value: Any) -> None:
    with pytest.raises((TypeError, ValueError), match=field):
        Limits(**{field: value})


def test_the_depth_cannot_be_raised_past_what_python_can_copy() -> None:
    assert Limits(max_depth=MAX_DEPTH).max_depth == MAX_DEPTH
    with pytest.raises(ValueError, match="recursion"):
        Limits(max_depth=MAX_DEPTH + 1)


def test_limits_must_be_a_limits_object() -> None:
    with pytest.raises(TypeError, match=r"newsevents\.Limits"):
        iter_documents("id: x\n", limits={"max_depth": 3})  # type: ignore[arg-type]


def test_max_bytes_sets_both_byte_limits_of_the_limits_given() -> None:
    from newsevents._read.limits import resolve_limits

    chosen = resolve_limits(100, Limits(max_documents=7))
    assert (chosen.max_file_bytes, chosen.max_line_bytes, chosen.max_documents) == (100, 100, 7)


# --- Records in one stream ----------------------------------------------------------------

COUNT = 6


def stream(format: str, count: int = COUNT, bad: int | None = None) -> str:
    """``count`` records in one YAML or JSON Lines stream; record ``bad`` unreadable."""
    docs = []
    for n in range(count):
        if format == "yaml":
            docs.append("id: [\n" if n == bad else f"id: r{n}\n")
        else:
            docs.append('{"id": ' if n == bad else json.dumps({"id": f"r{n}"}))
    if format == "yaml":
        return "".join(f"--- # {n}\n{doc}" for n, doc in enumerate(docs))
    return "".join(f"{doc}\n\n" for doc in docs)  # blank lines are no records


@pytest.mark.parametrize("format", ["yaml", "jsonl"])
@pytest.mark.parametrize("as_file", [False, True])
def test_a_stream_of_max_documents_is_read_and_one_record_more_is_not(
    format: str, as_file: bool, tmp_path: Path, loader: str, json_path: str
) -> None:
    text = stream(format)
    source: str | Path = text
    if as_file:
        source = tmp_path / f"records.{format}"
        source.write_text(text, encoding="utf-8")
    at_limit = read(source, format=format, limits=Limits(max_documents=COUNT))
    assert rules(at_limit) == [None] * COUNT

    found = read(source, format=format, limits=Limits(max_documents=COUNT - 2))
    assert rules(found) == [None] * (COUNT - 2) + ["too-many-documents"]
    error = found[-1]
    assert isinstance(error, LoadError)
    first_past = at_limit[COUNT - 2]
    assert isinstance(first_past, Document)
    place = error.problem
    assert (place.line, place.column, place.index) == (
        first_past.line,
        first_past.column,
        COUNT - 2,
    )
    assert f"more than {COUNT - 2:,} records" in place.message
    assert "--max-documents" in place.message


def test_the_first_record_past_the_limit_is_placed_where_it_starts_even_when_bad(
    loader: str,
) -> None:
    """Nothing of it is read: not its syntax error, nor anything after it."""
    text = stream("yaml", bad=2)
    found = read(text.encode(), limits=Limits(max_documents=2))
    assert rules(found) == [None, None, "too-many-documents"]
    error = found[-1]
    assert isinstance(error, LoadError)
    lines = text.splitlines()
    assert (error.problem.line, error.problem.column) == (lines.index("id: [") + 1, 1)


@pytest.mark.parametrize("as_file", [False, True])
@pytest.mark.parametrize("indent", ["", "  "])
def test_a_json_line_past_the_limit_is_placed_where_its_record_starts(
    as_file: bool, indent: str, tmp_path: Path
) -> None:
    text = f'{{"id": "a"}}\n\n{indent}{{"id": "b", "x": [1,}}\n'
    source: bytes | Path = text.encode()
    if as_file:
        source = tmp_path / "records.jsonl"
        source.write_bytes(text.encode())
    found = read(source, format="jsonl", limits=Limits(max_documents=1))
    assert rules(found) == [None, "too-many-documents"]
    place = found[-1].problem  # type: ignore[union-attr]
    assert (place.line, place.column, place.index) == (3, 1, 1)  # where its line starts


@pytest.mark.parametrize("ends", ["\n", "\r\n"])
@pytest.mark.parametrize("mark", ["", "\ufeff"])
@pytest.mark.parametrize("as_file", [False, True])
def test_a_line_end_or_a_byte_order_mark_is_not_counted_in_the_line_limit(
    ends: str, mark: str, as_file: bool, tmp_path: Path
) -> None:
    line = '{"id":"x"}'
    text = mark + ends.join([line, line, ""])
    path = tmp_path / "records.jsonl"
    path.write_text(text, encoding="utf-8", newline="")
    source: bytes | Path = path if as_file else text.encode()
    size = len(line.encode())
    at_limit = Limits(max_line_bytes=size, max_file_bytes=1024)
    assert rules(read(source, format="jsonl", limits=at_limit)) == [None, None]
    one_short = Limits(max_line_bytes=size - 1, max_file_bytes=1024)
    expected = ["too-large", "too-large"] if as_file else [None, None]  # bytes: no line limit
    assert rules(read(source, format="jsonl", limits=one_short)) == expected


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_a_json_lines_file_in_utf16_is_named_even_when_its_first_line_is_blank(
    encoding: str, tmp_path: Path
) -> None:
    path = tmp_path / "records.jsonl"
    path.write_bytes('\n{"id": "x"}\n'.encode(encoding))
    (found,) = read(path)
    assert isinstance(found, LoadError)
    assert (found.rule, found.problem.line, found.problem.column) == ("encoding", 1, 1)
    assert encoding[:6].upper().replace("-", "") in found.message.replace("-", "")


def test_a_record_that_cannot_be_read_counts_as_one(json_path: str) -> None:
    found = read(stream("jsonl", bad=1), format="jsonl", limits=Limits(max_documents=3))
    assert rules(found) == [None, "json-syntax", None, "too-many-documents"]


def test_reading_stops_at_the_first_record_past_the_limit(tmp_path: Path) -> None:
    """Nothing past the limit is read: a file whose later lines would all be errors gives
    the one error, however long it is."""
    path = tmp_path / "records.jsonl"
    path.write_text('{"id": "a"}\n' + "not json\n" * 10_000, encoding="utf-8")
    assert rules(read(path, limits=Limits(max_documents=1))) == [None, "too-many-documents"]


def test_the_public_load_functions_take_limits(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text(stream("jsonl"), encoding="utf-8")
    assert len(newsevents.load_all(path, limits=Limits(max_documents=COUNT))) == COUNT
    with pytest.raises(LoadError, match="too-many-documents"):
        newsevents.load_all(path, limits=Limits(max_documents=COUNT - 1))
    with pytest.raises(LoadError, match="too-many-documents"):
        newsevents.loads_all(stream("yaml"), limits=Limits(max_documents=1))
    one = stream("yaml", count=1)
    assert newsevents.loads(one, limits=Limits(max_documents=1)) == {"id": "r0"}
    assert newsevents.load(MINIMAL_PATH, limits=Limits(max_documents=1))["id"]


# --- The length of a string ---------------------------------------------------------------

LONG = 300


def long_record(where: str, length: int = LONG) -> dict[str, Any]:
    """A record holding one key or string value of ``length`` characters, deep inside."""
    long = "é" * (length - 1) + "x"
    if where == "key":
        return {"id": "r", "entities": [{"id": "e", "extra": {long: 1}}]}
    return {"id": "r", "entities": [{"id": "e", "name": long}]}


def written(record: dict[str, Any], format: str) -> str:
    if format == "yaml":
        return yaml.safe_dump(record, allow_unicode=True, width=10_000)
    if format == "json":  # over many lines, so that the place is a test
        return json.dumps(record, indent=1, ensure_ascii=False)
    return json.dumps(record) + "\n"  # the é written as \u00e9


@pytest.mark.parametrize("where", ["key", "value"])
@pytest.mark.parametrize("format", ["yaml", "json", "jsonl"])
@pytest.mark.parametrize("as_file", [False, True])
def test_a_string_of_max_string_length_is_read_and_one_character_more_is_not(
    where: str, format: str, as_file: bool, tmp_path: Path, loader: str, json_path: str
) -> None:
    text = written(long_record(where), format)
    source: str | bytes | Path = text.encode("utf-8")
    if as_file:
        source = tmp_path / f"record.{format}"
        source.write_text(text, encoding="utf-8")
    assert rules(read(source, format=format, limits=Limits(max_string_length=LONG))) == [None]

    found = read(source, format=format, limits=Limits(max_string_length=LONG - 1))
    assert rules(found) == ["string-too-long"]
    error = found[0]
    assert isinstance(error, LoadError)
    written_at = text.find("é" if "é" in text else "\\u00e9")
    line = 1 + text[:written_at].count("\n")
    assert error.problem.line == line
    kind = "key" if where == "key" else "string"
    assert f"this {kind} is {LONG} characters long, more than {LONG - 1}" in error.message
    assert "--max-string-length" in error.message


_STRINGS = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
_VALUES = st.recursive(
    st.none() | st.integers() | _STRINGS,
    lambda inner: (
        st.lists(inner, min_size=1, max_size=4)
        | st.dictionaries(_STRINGS, inner, min_size=1, max_size=4)
    ),
    max_leaves=12,
)


def _longest(value: Any) -> int:
    """The longest key or string in ``value``, found the plain recursive way."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, list):
        return max(map(_longest, value), default=0)
    if isinstance(value, dict):
        return max([*map(len, value), *map(_longest, value.values())], default=0)
    return 0


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(_STRINGS, _VALUES, min_size=1, max_size=4),
    st.integers(0, 14),
    st.sampled_from(["yaml", "json-ascii", "json"]),
)
def test_the_string_limit_refuses_exactly_the_records_with_a_longer_string(
    record: dict[str, Any], limit: int, format: str
) -> None:
    """Whatever the escapes make of a string in the text (``json.dumps`` writes six
    characters for one, YAML may fold it over lines), the limit counts its characters."""
    if format == "yaml":
        text = yaml.safe_dump(record, allow_unicode=True)
    else:
        text = json.dumps(record, ensure_ascii=format == "json-ascii")
    limit += 1
    found = read(
        text.encode("utf-8"),
        format="yaml" if format == "yaml" else "json",
        limits=Limits(max_string_length=limit),
    )
    if isinstance(found[0], LoadError) and found[0].rule != "string-too-long":
        return  # PyYAML's dumper writes some characters its reader refuses
    assert rules(found) == (["string-too-long"] if _longest(record) > limit else [None])


def test_the_first_long_string_in_written_order_is_named() -> None:
    record = {"a": {"b": ["ok", "long-1"]}, "c": "long-2"}
    assert long_string(record, 4) == ("/a/b/1", 6, False)
    assert long_string({"x/y~": 1}, 2) == ("/x~1y~0", 4, True)


# --- Nesting below the default ------------------------------------------------------------


def nested(depth: int, format: str) -> str:
    """A record whose deepest list is at level ``depth``, the record being level 1."""
    inner = "[" * (depth - 1) + "]" * (depth - 1)
    return f"a: {inner}\n" if format == "yaml" else f'{{"a": {inner}}}\n'


@pytest.mark.parametrize("depth", [2, 10, 200])
@pytest.mark.parametrize("format", ["yaml", "json", "jsonl"])
def test_a_lowered_depth_holds_at_its_edge_in_every_reader(
    depth: int, format: str, loader: str, json_path: str
) -> None:
    at_limit = nested(depth, format).encode()
    assert rules(read(at_limit, format=format, limits=Limits(max_depth=depth))) == [None]
    found = read(nested(depth + 1, format).encode(), format=format, limits=Limits(max_depth=depth))
    assert rules(found) == ["too-deep"]
    error = found[0]
    assert isinstance(error, LoadError)
    # The first list past the limit: the record's own brackets come before it.
    first = len("a: ") if format == "yaml" else len('{"a": ')
    assert (error.problem.line, error.problem.column) == (1, first + depth)
    assert f"more than {depth} levels" in error.message
    assert "--max-depth" in error.message


# --- From the command line ----------------------------------------------------------------


def run(*args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["validate", "--format", "json", *args], out=out, err=err)
    return code, out.getvalue() + err.getvalue()


@pytest.mark.parametrize(
    ("option", "edge", "text", "rule"),
    [
        ("--max-documents", COUNT, stream("yaml"), "too-many-documents"),
        ("--max-string-length", LONG, written(long_record("value"), "yaml"), "string-too-long"),
        ("--max-depth", 10, nested(10, "yaml"), "too-deep"),
    ],
)
def test_each_limit_option_holds_at_its_edge(
    option: str, edge: int, text: str, rule: str, tmp_path: Path
) -> None:
    path = tmp_path / "records.yaml"
    path.write_text(text, encoding="utf-8")
    code, report = run(option, str(edge), str(path))
    assert rule not in report
    assert code == 1  # these are no valid records: the schema says so, not the limit

    code, report = run(option, str(edge - 1), str(path))
    assert code == 1
    found = [problem["rule"] for problem in json.loads(report)["problems"]]
    assert found.count(rule) == 1, found


@pytest.mark.parametrize(
    "args",
    [["--max-depth", str(MAX_DEPTH + 1)], ["--max-documents", "0"], ["--max-string-length", "x"]],
)
def test_a_limit_option_out_of_range_is_a_usage_error(args: list[str]) -> None:
    err = io.StringIO()
    assert main(["validate", *args, str(MINIMAL_PATH)], out=io.StringIO(), err=err) == 2


def test_the_limit_options_leave_valid_records_valid() -> None:
    code, report = run(
        "--max-depth",
        "20",
        "--max-documents",
        "1",
        "--max-string-length",
        "5000",
        str(MINIMAL_PATH),
    )
    assert code == 0, report


@pytest.mark.parametrize(
    ("option", "edge", "rule"),
    [("--max-documents", 1, "too-many-documents"), ("--max-depth", 3, "too-deep")],
)
def test_fmt_takes_the_limit_options_and_leaves_a_file_past_one_alone(
    option: str, edge: int, rule: str, tmp_path: Path
) -> None:
    text = MINIMAL_PATH.read_text(encoding="utf-8")
    path = tmp_path / "record.yaml"
    path.write_text(text + "---\n" + text, encoding="utf-8")  # two records, a few levels deep
    before = path.read_bytes()
    err = io.StringIO()
    assert main(["fmt", option, str(edge), str(path)], out=io.StringIO(), err=err) == 1
    assert f": {rule}: " in err.getvalue()
    assert path.read_bytes() == before
    assert main(["fmt", "--check", option, "5", str(path)], out=io.StringIO(), err=err) == 0


@pytest.mark.parametrize(
    ("field", "value", "said"),
    [
        ("max_line_bytes", 2**63, "at most"),
        ("max_depth", 10**5000, "<an integer of 16,610 bits>"),
        ("max_documents", -(10**5000), "<a negative integer of 16,610 bits>"),
        ("max_string_length", "x" * 100, "must be a whole number"),
    ],
    ids=["huge-size", "too-long-to-print", "negative-too-long-to-print", "text"],
)
def test_a_limit_out_of_any_range_is_refused_in_words(field: str, value: Any, said: str) -> None:
    """Even a number too long to print, or a size past what the readers can count."""
    with pytest.raises((TypeError, ValueError)) as refused:
        Limits(**{field: value})
    assert str(refused.value).startswith(f"Limits({field}=")
    assert said in str(refused.value)


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--max-depth", "-1"], "must be 1 or more, not '-1'"),
        (["--max-documents", "0"], "must be 1 or more, not '0'"),
        (["--max-depth", "1_0"], "'1_0' is not a whole number"),
        (["--max-documents", "\u0663"], "is not a whole number"),
        (["--max-string-length", "9" * 5000], "is too large a number"),
        (["--max-file-size", "9" * 5000], "is too large a size"),
        (["--max-file-size", "8589934592G"], "is more than any file holds"),
        (["--jobs", "-2"], "must be 0 or more, not '-2'"),
    ],
)
def test_a_number_option_out_of_range_says_why(
    args: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", *args, str(MINIMAL_PATH)], out=io.StringIO()) == 2
    printed = capsys.readouterr().err  # argparse writes to standard error itself
    assert said in printed, printed
    assert "Traceback" not in printed


def test_the_depth_message_counts_one_level_as_one() -> None:
    found = read(b"a: []\n", limits=Limits(max_depth=1))
    assert rules(found) == ["too-deep"]
    assert "more than 1 level deep" in found[0].message  # type: ignore[union-attr]
