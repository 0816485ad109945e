"""Escapes of UTF-16 surrogates: an ``encoding`` problem at the escape, in every reader.

``\\ud800`` names half a surrogate pair: no character, and nothing UTF-8 can hold, so a
string holding it cannot be printed. JSON allows the escape, and its pairs (``\\ud83d\\ude00``
is one character); a lone half anywhere, in a key or a value at any depth, is refused where
it is written. YAML cannot hold surrogates at all (libyaml refuses even pairs), so every
surrogate escape in a double-quoted scalar is refused, by every YAML reader alike.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from newsevents._errors import LoadError
from newsevents._read import jsonread as _json
from newsevents._read import yamlread as _yaml
from newsevents._read.document import Document
from newsevents._read.fastjson import AVAILABLE as ORJSON
from newsevents._read.fastjson import quick_read
from newsevents._read.lines import line_column
from newsevents._read.loader import Format, iter_documents

LOADERS = ["_CLoader", "_CEventLoader", "_PureLoader"] if yaml.__with_libyaml__ else ["_PureLoader"]

# One code only is ever written alone, so that the test knows where the lone one is.
LONE = st.sampled_from(["\ud800", "\udbff", "\udc00", "\udfff"])
TEXTS = st.text(st.sampled_from('ab é\n"\\:😀\u2028{}[]'), max_size=6)
KEYS = st.text(st.sampled_from("ab é:😀"), max_size=4)
SCALARS = st.none() | st.booleans() | st.integers(-5, 5) | TEXTS


def structures(leaf: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.recursive(
        leaf,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3),
        max_leaves=8,
    )


@st.composite
def with_a_lone_half(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    """A record holding exactly one lone surrogate, in a key or a string value, at any
    depth; and the surrogate."""
    lone = draw(LONE)
    text = draw(TEXTS)
    at = draw(st.integers(0, len(text)))
    poisoned = text[:at] + lone + text[at:]
    as_key = draw(st.booleans())
    value: Any = {poisoned: draw(SCALARS)} if as_key else poisoned
    path = draw(st.lists(st.sampled_from(["list", "map"]), max_size=4))
    for step in path:
        siblings = draw(st.lists(structures(SCALARS), max_size=2))
        value = [*siblings, value] if step == "list" else {"x" * (len(siblings) + 1): value}
    if as_key and not path:  # a key of the record itself
        return {"id": "r", **value}, lone
    return {"id": "r", "v": value}, lone


def escape_of(lone: str) -> str:
    return f"\\u{ord(lone):04x}"


@settings(max_examples=80, deadline=None)
@given(case=with_a_lone_half(), indent=st.sampled_from([None, 1]), fast=st.booleans())
def test_a_lone_half_in_json_is_an_encoding_problem_at_its_escape(
    case: tuple[dict[str, Any], str], indent: int | None, fast: bool
) -> None:
    record, lone = case
    text = json.dumps(record, indent=indent)  # writes every surrogate as an escape
    where = line_column(text, text.index(escape_of(lone)))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_json, "AVAILABLE", fast and ORJSON)
        found = list(iter_documents(text.encode(), format="json"))
    assert len(found) == 1
    error = found[0]
    assert isinstance(error, LoadError)
    assert (error.rule, error.line, error.column) == ("encoding", *where)
    assert escape_of(lone) in error.message
    assert "write the character itself" in error.message
    assert quick_read(text.encode()) == (None, False)  # orjson declines it too


@settings(max_examples=60, deadline=None)
@given(record=structures(SCALARS).map(lambda v: {"id": "r", "v": v}), fast=st.booleans())
def test_pairs_in_json_read_the_same_on_both_paths(record: dict[str, Any], fast: bool) -> None:
    text = json.dumps(record)  # ensure_ascii: 😀 is written as the pair \ud83d\ude00
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_json, "AVAILABLE", fast and ORJSON)
        found = list(iter_documents(text, format="json"))
    assert [d.record for d in found if isinstance(d, Document)] == [record]


@settings(max_examples=30, deadline=None)
@given(case=with_a_lone_half(), before=st.integers(0, 3))
def test_a_lone_half_on_a_json_lines_line_is_placed_and_the_others_are_read(
    case: tuple[dict[str, Any], str], before: int
) -> None:
    record, lone = case
    bad = json.dumps(record)
    lines = [json.dumps({"n": n}) for n in range(before)] + [bad, '{"n": "after"}']
    found = list(iter_documents("\n".join(lines) + "\n", format="jsonl"))
    assert [getattr(item, "rule", None) for item in found] == [None] * before + ["encoding", None]
    error = found[before]
    assert isinstance(error, LoadError)
    assert (error.line, error.column) == (before + 1, bad.index(escape_of(lone)) + 1)


def yaml_scalar(value: Any) -> str:
    return json.dumps(value)  # JSON strings are double-quoted YAML scalars


def as_yaml(value: Any, indent: int = 0) -> list[str]:
    """Block YAML for ``value`` (a mapping or list), every string double-quoted."""
    pad = " " * indent
    lines: list[str] = []
    items = value.items() if isinstance(value, dict) else ((None, v) for v in value)
    for key, item in items:
        head = f"{pad}{yaml_scalar(key)}:" if isinstance(value, dict) else f"{pad}-"
        if isinstance(item, (dict, list)) and item:
            lines.append(head)
            lines.extend(as_yaml(item, indent + 2))
        else:
            lines.append(f"{head} {yaml_scalar(item)}")
    return lines


SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


@settings(max_examples=40, deadline=None)
@given(case=with_a_lone_half(), pair_first=st.booleans())
def test_every_surrogate_escape_in_yaml_is_an_encoding_problem_for_every_reader(
    case: tuple[dict[str, Any], str], pair_first: bool
) -> None:
    record, lone = case
    text = "\n".join(as_yaml(record)) + "\n"
    if pair_first:  # YAML cannot hold a pair either
        text = text.replace(escape_of(lone), "\\ud83d\\ude00" + escape_of(lone), 1)
    first = SURROGATE_ESCAPE.search(text)
    assert first is not None
    where = line_column(text, first.start(), yaml=True)
    for name in LOADERS:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_yaml, "_YAML_LOADER", getattr(_yaml, name))
            found = list(iter_documents(text.encode(), format="yaml"))
        assert len(found) == 1, name
        error = found[0]
        assert isinstance(error, LoadError), name
        assert (error.rule, error.line, error.column) == ("encoding", *where), name
        assert first.group() in error.message
        # The high half of a pair says how to write it as one escape.
        assert ("\\U0001F600" in error.message) == (first.group() == "\\ud83d")


@pytest.mark.parametrize("format", [None, "yaml", "json", "jsonl"])
def test_a_lone_surrogate_given_as_text_is_placed(format: Format | None) -> None:
    text = '{"id": "x",\r\n "name": "a\udce9"}\n'
    found = list(iter_documents(text, format=format))
    error = found[0]
    assert isinstance(error, LoadError)
    assert (error.rule, error.line, error.column) == ("encoding", 2, 12)
    assert "U+DCE9" in error.message


def test_an_escaped_backslash_before_u_is_no_escape() -> None:
    for text in (r'{"a": "\\ud800"}', 'a: "\\\\ud800"\n'):
        (document,) = iter_documents(text)
        assert isinstance(document, Document)
        assert document.record == {"a": "\\ud800"}
