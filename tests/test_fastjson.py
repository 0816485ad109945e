"""The fast JSON reader against the careful one: the same records, the same errors.

The fast reader may decline any text, but what it accepts it must read exactly as the
stdlib decoder with the loader's hooks does, and it must decline every text with a
duplicate key, at any depth.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsevents._errors import LoadError
from newsevents._read import jsonread as _json
from newsevents._read.document import Document
from newsevents._read.fastjson import quick_record
from newsevents._read.loader import Format, iter_documents

from .conftest import CANONICAL_PATH

# -- JSON texts built from pairs, so that a key may be written twice ----------------------


class Obj(list[tuple[str, Any]]):
    """A JSON object as written: its pairs in order, duplicates allowed."""


def _has_duplicates(value: Any) -> bool:
    if isinstance(value, Obj):
        keys = [key for key, _ in value]
        return len(set(keys)) < len(keys) or any(_has_duplicates(v) for _, v in value)
    if isinstance(value, list):
        return any(_has_duplicates(v) for v in value)
    return False


def _plain(value: Any) -> Any:
    """What a reader that kept the last of two equal keys would give."""
    if isinstance(value, Obj):
        return {key: _plain(v) for key, v in value}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


_KEYS = st.sampled_from(["id", "a", "b", "a:b", ":", "é", "text", "start"])
_STRINGS = st.text(alphabet=st.sampled_from('ab:é"\\/\u2022\u00a0\n\u0001 '), max_size=8)
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | _STRINGS
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.lists(st.tuples(_KEYS, inner), max_size=5).map(Obj)
    ),
    max_leaves=25,
)
_RECORDS = st.lists(st.tuples(_KEYS, _VALUES), max_size=6).map(Obj)


def _write(value: Any, style: st.DataObject) -> str:
    """JSON text for ``value``, with spacing and escapes chosen by ``style``."""
    if isinstance(value, Obj):
        space = style.draw(st.sampled_from(["", " ", "\n  "]), label="space")
        items = (f"{_write_str(k, style)}:{space}{_write(v, style)}" for k, v in value)
        return "{" + ("," + space).join(items) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_write(v, style) for v in value) + "]"
    if isinstance(value, str):
        return _write_str(value, style)
    return json.dumps(value)


def _write_str(text: str, style: st.DataObject) -> str:
    written = json.dumps(text, ensure_ascii=style.draw(st.booleans(), label="ascii"))
    if ":" in text and style.draw(st.booleans(), label="escape colons"):
        written = written.replace(":", style.draw(st.sampled_from(["\\u003a", "\\u003A"])))
    return written


def _careful(data: bytes) -> Any:
    text = data.decode("utf-8")
    try:
        return _json._JSON.decode(text)
    except (json.JSONDecodeError, _json._Refused, ValueError):
        return None


@settings(max_examples=400, deadline=None)
@given(_RECORDS, st.data())
def test_fast_reader_reads_what_the_careful_one_does(value: Obj, style: st.DataObject) -> None:
    data = _write(value, style).encode("utf-8")
    fast = quick_record(data)
    if _has_duplicates(value):
        assert fast is None, "a duplicate key went through the fast reader"
        return
    careful = _careful(data)
    if fast is not None:
        assert careful is not None
        assert repr(fast) == repr(careful)  # repr: float and int stay apart, -0.0 from 0.0


@settings(max_examples=200, deadline=None)
@given(_RECORDS)
def test_fast_reader_takes_its_own_output(value: Obj) -> None:
    """Records written by orjson, and by most JSON Lines writers, take the fast path."""
    plain = _plain(value)
    if any(isinstance(n, int) and not -(2**63) <= n < 2**64 for n in _numbers(plain)):
        return  # orjson does not write integers beyond 64 bits
    data = orjson.dumps(plain)
    assert quick_record(data) == plain


def _numbers(value: Any) -> Iterator[Any]:
    if isinstance(value, dict):
        for v in value.values():
            yield from _numbers(v)
    elif isinstance(value, list):
        for v in value:
            yield from _numbers(v)
    elif isinstance(value, (int, float)):
        yield value


@pytest.mark.parametrize(
    "text",
    [
        '{"a":1,"a":2}',
        '{"a":{"b":1,"b":1}}',
        '{"a":[{"x":":"},{"x":1,"x":2}]}',
        '{"a":1,"a":"\\u003a"}',  # the dropped pair's colon made up by an escaped one
        '{"a":":","a":"\\u003A\\u003a"}',
        '{"a": 1, "a": 2}',
    ],
)
def test_duplicates_are_never_taken(text: str) -> None:
    assert quick_record(text.encode()) is None


@pytest.mark.parametrize(
    "text",
    [
        '{"n":18446744073709551616}',  # beyond 64 bits: orjson would give a float
        '{"n":-9223372036854775809}',
        '{"n":1e400}',
        '{"n":NaN}',
        '{"s":"\\ud800"}',  # a lone surrogate, which the stdlib keeps
        "[1]",
        '"x"',
        '{"a":1}x',
        '\ufeff{"a":1}',
    ],
)
def test_what_orjson_reads_differently_is_declined(text: str) -> None:
    assert quick_record(text.encode("utf-8", "surrogatepass")) is None


def test_numbers_of_64_bits_are_read_alike() -> None:
    data = b'{"n":[18446744073709551615,-9223372036854775808,0.1,-0.0,100.0,5e-324]}'
    fast = quick_record(data)
    assert fast is not None
    assert repr(fast) == repr(_careful(data))


# -- the loader gives the same documents and errors with either reader --------------------

_SOURCES = [  # (the text, how many documents and errors it gives)
    (b'{"a": 1}\n{"a": 1, "a": 2}\n\n  {"b": {"c": [0, "\xc3\xa9", 2]}}\r\n[1]\n', 4),
    (b'{"n": 18446744073709551616}\n{"x": NaN}\n{"y": 1e999}\n{"s": "\\ud800"}\n', 4),
    (b'\xef\xbb\xbf{"first": "line", "has": "a BOM"}\n{"bad": "\xff"}\n{"cut": \n', 3),
    (b'   \n\t{"spaced": true}   \n' + b"[" * 5000 + b"\n", 2),
]
_POINTERS = ["", "/a", "/b/c/2", "/n", "/spaced", "/first", "/missing"]


def _outcome(items: list[Document | LoadError]) -> list[Any]:
    seen: list[Any] = []
    for item in items:
        if isinstance(item, LoadError):
            seen.append((item.rule, item.message, item.line, item.column, item.problem.index))
        else:
            places = [item.locate(pointer) for pointer in _POINTERS]
            seen.append((repr(item.record), item.index, item.line, item.column, places))
    return seen


def _read(source: bytes | Path, format: Format | None, careful: bool, mp: Any) -> list[Any]:
    with mp.context() as patch:
        if careful:
            patch.setattr(_json, "AVAILABLE", False)
        return _outcome(list(iter_documents(source, format=format, name="input")))


@pytest.mark.parametrize(("data", "items"), _SOURCES)
@pytest.mark.parametrize("how", ["file", "bytes"])
def test_json_lines_read_alike_either_way(
    data: bytes, items: int, how: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "records.jsonl"
    path.write_bytes(data)
    source: bytes | Path = path if how == "file" else data
    fast = _read(source, "jsonl", False, monkeypatch)
    assert fast == _read(source, "jsonl", True, monkeypatch)
    # Bytes given whole must be UTF-8 throughout; a file is read and judged line by line.
    assert len(fast) == (items if how == "file" or b"\xff" not in data else 1)


def test_the_canonical_record_reads_alike_as_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = next(iter(iter_documents(CANONICAL_PATH)))
    assert isinstance(record, Document)
    for text in (json.dumps(record.record, indent=2), orjson.dumps(record.record).decode()):
        target = tmp_path / "record.json"
        target.write_text(text, encoding="utf-8")
        fast = _read(target, None, False, monkeypatch)
        assert fast == _read(target, None, True, monkeypatch)
        assert fast[0][0] == repr(record.record)


# -- text written with spaces after the separators, as json.dumps writes by default -------


@settings(max_examples=200, deadline=None)
@given(_RECORDS, st.booleans())
def test_records_written_by_json_dumps_take_the_fast_path(value: Obj, ascii: bool) -> None:
    """Python's json.dumps, the most common producer of JSON Lines, writes ", " and ": "
    and escapes every non-ASCII character: orjson's output differs, and the guards decide."""
    plain = _plain(value)
    if any(isinstance(n, int) and not -(2**63) <= n < 2**64 for n in _numbers(plain)):
        return  # beyond 64 bits: declined, as the next test shows
    fast = quick_record(json.dumps(plain, ensure_ascii=ascii).encode("utf-8"))
    if b"e+" in orjson.dumps(plain):  # a float written with an exponent: declined, to be safe
        assert fast is None or repr(fast) == repr(plain)
    else:
        assert repr(fast) == repr(plain)


_BEYOND_64_BITS = st.integers(2**64, 10**60) | st.integers(-(10**60), -(2**63) - 1)


@pytest.mark.parametrize("exponents", [True, False], ids=["exponent guard", "digits guard"])
@settings(max_examples=100, deadline=None)
@given(number=_BEYOND_64_BITS, ascii=st.booleans())
def test_integers_beyond_64_bits_are_declined_in_either_layout(
    exponents: bool, number: int, ascii: bool
) -> None:
    from newsevents._read import fastjson

    record = {"id": "é", "n": [1, number], "t": "a: b, c"}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fastjson, "_exponents_show_overflow", lambda: exponents)
        assert quick_record(json.dumps(record, ensure_ascii=ascii).encode()) is None
        if exponents:  # the digits guard declines every run of 19 digits, to be safe
            assert quick_record(json.dumps({**record, "n": 2**63}).encode()) is not None


def test_orjson_writes_every_float_an_overflow_becomes_with_an_exponent() -> None:
    """So that the cheap guard on orjson's own output is the one in use; if a release
    writes them otherwise, the digit-run guard takes over (tested above)."""
    from newsevents._read import fastjson

    assert fastjson._exponents_show_overflow()


def test_the_guards_look_past_any_number_of_escapes_and_plus_signs() -> None:
    from newsevents._read.fastjson import _ONE_BY_ONE

    many = _ONE_BY_ONE * 3
    escapes = '"' + "\\n" * many + '"'
    # A dropped pair's colon made up by an escaped one, after many other escapes.
    masked = '{"t": ' + escapes + ', "a": 1, "a": "\\u003a"}'
    assert quick_record(masked.encode()) is None
    # An integer beyond 64 bits after many plus signs that stand in a string.
    plus = '{"t": "' + "1+" * many + '", "n": 18446744073709551616}'
    assert quick_record(plus.encode()) is None
    # Without the hazard, both are read the fast way.
    assert quick_record(('{"t": ' + escapes + ', "a": 1}').encode()) is not None
    assert quick_record(('{"t": "' + "1+" * many + '", "n": 1}').encode()) is not None
