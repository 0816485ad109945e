"""UTF-16 and UTF-32 text without a byte-order mark is named for what it is, by every route.

The finding (``test_findings.py``) met it through ``loads_all`` and ``load_all``; a record
reaches the reader also as standard input and through ``fmt``, and a JSON Lines file is
read a line at a time, so only its first line is there to tell. Every route must give the
one ``encoding`` problem at line 1, column 1 that names the encoding, while no UTF-8 text
and no binary file is ever taken for one of them.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import newsevents
from newsevents import LoadError
from newsevents._cli import main
from newsevents._read.loader import iter_documents
from newsevents._read.messages import foreign_bom

from ..conftest import MINIMAL_PATH

ENCODINGS = {"utf-16-le": "UTF-16LE", "utf-16-be": "UTF-16BE", "utf-32-le": "UTF-32LE"}
ENCODINGS["utf-32-be"] = "UTF-32BE"
LAYOUTS = ["yaml", "json", "json-indented", "jsonl"]
SUFFIXES = {"yaml": ".yaml", "json": ".json", "json-indented": ".json", "jsonl": ".jsonl"}


def _text(layout: str, headline: str) -> str:
    record: dict[str, Any] = dict(newsevents.load_fixture("minimal"))
    record["article"]["headline"] = headline
    if layout == "yaml":
        return yaml.safe_dump(record, allow_unicode=True, sort_keys=False)
    if layout == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in (record, record))
    return json.dumps(record, ensure_ascii=False, indent=2 if layout == "json-indented" else None)


def _named(error: LoadError | Any, encoding: str) -> None:
    assert isinstance(error, LoadError), error
    assert (error.rule, error.line, error.column) == ("encoding", 1, 1), error
    assert ENCODINGS[encoding] in error.message, error
    assert "save it as UTF-8" in error.message


def _cli(argv: list[str], data: bytes, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    out, err = io.StringIO(), io.StringIO()
    return main(argv, out=out, err=err), out.getvalue() + err.getvalue()


HEADLINES = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=8)


@settings(max_examples=40, deadline=None, derandomize=True, database=None)
@given(
    layout=st.sampled_from(LAYOUTS),
    encoding=st.sampled_from(sorted(ENCODINGS)),
    headline=HEADLINES,
    read_as=st.sampled_from(["yaml", "json", "jsonl", None]),
)
def test_every_layout_in_every_reader_is_named(
    layout: str, encoding: str, headline: str, read_as: Any
) -> None:
    """Whatever the record holds, and whichever format it is read as."""
    data = _text(layout, "x" + headline).encode(encoding, "surrogatepass")
    found = list(iter_documents(data, format=read_as))
    assert len(found) == 1, found
    _named(found[0], encoding)


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
@pytest.mark.parametrize("layout", LAYOUTS)
def test_files_standard_input_and_fmt_name_it(
    layout: str, encoding: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file (JSON Lines read a line at a time), standard input, ``fmt``, ``reanchor``."""
    data = _text(layout, "Premiers meet in Minsk").encode(encoding)
    path = tmp_path / f"record{SUFFIXES[layout]}"
    path.write_bytes(data)
    (error,) = list(iter_documents(path))
    _named(error, encoding)
    for argv, piped in ((["validate", str(path)], b""), (["validate", "-"], data)):
        _said(_cli(argv, piped, monkeypatch), "<stdin>" if piped else str(path), encoding)
    if layout == "yaml":  # fmt and reanchor rewrite YAML files only
        for command in ("fmt", "reanchor"):
            for argv, piped in (([command, str(path)], b""), ([command, "-"], data)):
                said = _cli(argv, piped, monkeypatch)
                _said(said, "<stdin>" if piped else str(path), encoding)
        assert path.read_bytes() == data


def _said(run: tuple[int, str], name: str, encoding: str) -> None:
    code, said = run
    assert code == 1, said
    assert f"{name}:1:1: encoding: the file is {ENCODINGS[encoding]} text" in said, said


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(st.text(st.characters(codec="utf-8"), max_size=12))
def test_no_utf8_text_is_taken_for_another_encoding(text: str) -> None:
    """In UTF-8 a zero byte is U+0000 and nothing else, which no record holds: a text
    without it among its first four characters is never named another encoding."""
    if "\x00" in text[:4]:
        text = text.replace("\x00", "")
    assert foreign_bom(text.encode("utf-8", "surrogatepass"), "f") is None


BINARY = [
    b"\x00" * 64,
    b"\x00\x01\x00\x02\x00\x03\x00\x04",  # zero bytes where UTF-16BE has them, not text
    b"\x01\x00\x02\x00\x03\x00\x04\x00",
    b"\x00\x00\x00\x01\x00\x00\x00\x02",
    b"\x7f\x00\x00\x00\x00\x00\x00\x00",
    b"\x00\x00\x01\x00\x01\x00\x10\x10",  # an icon file's header
    b"\x00asm\x01\x00\x00\x00",  # a WebAssembly module's
    b"a\x00b\x00\x00\xdc",  # UTF-16LE's pattern, then half a surrogate pair
    b"\x00a: 1\n",
]


@pytest.mark.parametrize("data", BINARY, ids=repr)
@pytest.mark.parametrize("read_as", ["yaml", "json", "jsonl", None])
def test_zero_bytes_that_are_no_such_text_are_not_named_so(data: bytes, read_as: Any) -> None:
    """A binary file, or UTF-8 with a stray zero byte, keeps the reader's own problem: the
    zero byte not allowed in YAML, or JSON that is not valid, never a wrong encoding."""
    (error,) = list(iter_documents(data, format=read_as))
    assert isinstance(error, LoadError), error
    assert "UTF-16" not in error.message, error
    assert "UTF-32" not in error.message, error
    assert error.rule in ("yaml-syntax", "json-syntax", "encoding"), error
    assert error.line == 1, error


def test_a_utf8_record_is_read_as_it_was() -> None:
    """The guess costs a UTF-8 record nothing: the minimal record reads as before."""
    data = MINIMAL_PATH.read_bytes()
    assert foreign_bom(data, None) is None
    assert newsevents.loads(data, format="yaml") == newsevents.load_fixture("minimal")
