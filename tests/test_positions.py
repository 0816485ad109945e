"""Placing problems: every pointer of a document found in one pass, and the span hint bounded.

The locators are held to the per-pointer walks they replaced (kept here as the reference)
over generated documents, and to a count of the work they do: each value of a document is
read a bounded number of times however many problems point into it.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

import newsevents
from newsevents._read import jsonpos as _jsonpos
from newsevents._read import yamlpos as _yamlpos
from newsevents._read.document import Document
from newsevents._read.loader import load_document, load_documents
from newsevents._rules.semantic import HINT_WINDOW, check, span_message, where_else

from .conftest import CANONICAL

# -- the reference: the walks that placed one pointer at a time -------------------------------

_PLAIN = json.JSONDecoder()


def reference_line_column(text: str, offset: int, first_line: int = 1) -> tuple[int, int]:
    """A line ends at LF, CR or CRLF."""
    head = text[:offset].replace("\r\n", "\n").replace("\r", "\n")
    start = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset))
    return head.count("\n") + first_line, offset - start


def reference_locate(text: str, start: int, tokens: list[str]) -> int:
    found = pos = _jsonpos.skip_space(text, start)
    try:
        for token in tokens:
            step = _member(text, pos, token) if text[pos] == "{" else _item(text, pos, token)
            if step is None:
                break
            found, pos = step
    except (ValueError, IndexError, RecursionError):
        pass
    return found


def _member(text: str, pos: int, name: str) -> tuple[int, int] | None:
    skip = _jsonpos.skip_space
    pos = skip(text, pos + 1)
    while text[pos] == '"':
        key_at = pos
        key, pos = _PLAIN.raw_decode(text, pos)
        pos = skip(text, skip(text, pos) + 1)
        if key == name:
            return key_at, pos
        pos = skip(text, _PLAIN.raw_decode(text, pos)[1])
        if text[pos] != ",":
            return None
        pos = skip(text, pos + 1)
    return None


def _item(text: str, pos: int, token: str) -> tuple[int, int] | None:
    skip = _jsonpos.skip_space
    index = _jsonpos.array_index(token)
    if text[pos] != "[" or index is None:
        return None
    pos = skip(text, pos + 1)
    if text[pos] == "]":
        return None
    for _ in range(index):
        pos = skip(text, _PLAIN.raw_decode(text, pos)[1])
        if text[pos] != ",":
            return None
        pos = skip(text, pos + 1)
    return pos, pos


def reference_walk(node: Node, tokens: list[str]) -> Any:
    mark = node.start_mark
    for token in tokens:
        if isinstance(node, MappingNode):
            for key, value in node.value:
                if isinstance(key, ScalarNode) and key.value == token:
                    mark, node = key.start_mark, value
                    break
            else:
                break
        elif isinstance(node, SequenceNode):
            index = _jsonpos.array_index(token)
            if index is None or index >= len(node.value):
                break
            node = node.value[index]
            mark = node.start_mark
        else:
            break
    return mark


# -- generated documents and pointers ---------------------------------------------------------

# Keys that need escapes: quotes, backslashes, pointer syntax, accents, a pair beyond the BMP,
# line separators, controls; and keys that look like indices.
_KEY_CHARS = st.sampled_from(
    ['"', "\\", "/", "~", "a", "b", "0", "1", "é", "😀", "\n", "\u2028", "\x01", " "]
)
_KEYS = st.text(_KEY_CHARS, max_size=4)
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(2**64), 2**64)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(_KEY_CHARS, max_size=6)
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(_KEYS, inner, max_size=5),
    max_leaves=25,
)
_STYLES: dict[str, dict[str, Any]] = {
    "default": {},
    "compact": {"separators": (",", ":"), "ensure_ascii": False},
    "indent": {"indent": 2},
    "indent-raw": {"indent": 2, "ensure_ascii": False},
}


def paths(value: Any, prefix: tuple[str, ...] = ()) -> list[list[str]]:
    """Every path into ``value``, and next to each a few that lead nowhere."""
    found = [list(prefix), [*prefix, "missing"], [*prefix, "01"], [*prefix, "-"]]
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(paths(item, (*prefix, key)))
    elif isinstance(value, list):
        found.append([*prefix, str(len(value))])
        for index, item in enumerate(value):
            found.extend(paths(item, (*prefix, str(index))))
    return found


def pointer(tokens: list[str]) -> str:
    return "".join("/" + token.replace("~", "~0").replace("/", "~1") for token in tokens)


def written(value: Any, style: str, crlf: bool) -> str:
    text = json.dumps(value, **_STYLES[style])
    # JSON escapes line feeds in strings, so every one left is white space between tokens.
    return text.replace("\n", "\r\n") if crlf else text


# -- JSON: one index for every pointer, the same places as one walk per pointer ---------------


@settings(max_examples=300, deadline=None)
@given(
    value=_VALUES,
    style=st.sampled_from(sorted(_STYLES)),
    crlf=st.booleans(),
    lead=st.sampled_from(["", " ", "\r\n\t ", "\n\n"]),
    first_line=st.integers(1, 5),
    data=st.data(),
)
def test_json_index_places_every_pointer_as_one_walk_each(
    value: Any, style: str, crlf: bool, lead: str, first_line: int, data: st.DataObject
) -> None:
    text = lead + written(value, style, crlf) + "\n"
    chosen = data.draw(st.lists(st.sampled_from(paths(value)), max_size=40))
    index = _jsonpos.JsonIndex(text, 0)
    lines = _jsonpos.LineTable(text, first_line)
    for tokens in chosen:
        offset = index.locate(tokens)
        assert offset == reference_locate(text, 0, tokens) == _jsonpos.locate(text, 0, tokens)
        assert lines.line_column(offset) == reference_line_column(text, offset, first_line)


@settings(max_examples=100, deadline=None)
@given(text=st.text(st.sampled_from("ab\n\r"), max_size=40), first_line=st.integers(1, 3))
def test_line_table_counts_as_line_column(text: str, first_line: int) -> None:
    lines = _jsonpos.LineTable(text, first_line)
    for offset in range(len(text) + 1):
        if text[offset - 1 : offset + 1] == "\r\n":
            continue  # between the two halves of one line end: no place a problem stands
        expected = reference_line_column(text, offset, first_line)
        assert (
            lines.line_column(offset) == expected == _jsonpos.line_column(text, offset, first_line)
        )


# Lone surrogates are the loader's to refuse; every other key reaches the locator.
_LOADABLE = st.dictionaries(_KEYS, _VALUES, min_size=1, max_size=4)


@settings(max_examples=100, deadline=None)
@given(
    record=_LOADABLE,
    style=st.sampled_from(sorted(_STYLES)),
    crlf=st.booleans(),
    as_bytes=st.booleans(),
    data=st.data(),
)
def test_documents_place_pointers_as_one_walk_each(
    record: dict[str, Any], style: str, crlf: bool, as_bytes: bool, data: st.DataObject
) -> None:
    text = "\n " + written(record, style, crlf)
    document = load_document(text.encode() if as_bytes else text, format="json")
    assert document.record == record
    for tokens in data.draw(st.lists(st.sampled_from(paths(record)), max_size=30)):
        expected = reference_line_column(text, reference_locate(text, 0, tokens))
        assert document.locate(pointer(tokens)) == expected


@settings(max_examples=50, deadline=None)
@given(records=st.lists(_LOADABLE, min_size=1, max_size=3), data=st.data())
def test_json_lines_place_pointers_on_their_line(
    records: list[dict[str, Any]], data: st.DataObject
) -> None:
    lines = [written(record, "compact", False) for record in records]
    documents = load_documents(("\r\n".join(lines) + "\n").encode(), format="jsonl")
    placed = zip(documents, lines, records, strict=True)
    for number, (document, line, record) in enumerate(placed, 1):
        for tokens in data.draw(st.lists(st.sampled_from(paths(record)), max_size=10)):
            place = reference_line_column(line, reference_locate(line, 0, tokens), number)
            assert document.locate(pointer(tokens)) == place


class _CountingDecoder:
    """Stands in for the locator's decoder and counts the values it is asked to read."""

    def __init__(self) -> None:
        self.calls = 0

    def raw_decode(self, text: str, pos: int) -> tuple[Any, int]:
        self.calls += 1
        return _PLAIN.raw_decode(text, pos)


@pytest.mark.parametrize("source", ["text", "bytes"])
def test_many_problems_read_each_value_a_bounded_number_of_times(
    source: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    count = 2_000
    items = [{"start": i, "text": f"t{i}"} for i in range(count)]
    text = json.dumps({"id": "x", "items": items}, indent=2)
    document = load_document(text.encode() if source == "bytes" else text, format="json")
    counter = _CountingDecoder()
    monkeypatch.setattr(_jsonpos, "_PLAIN", counter)
    places = [document.locate(f"/items/{i}/text") for i in range(count - 1, -1, -1)]
    assert places[-1] == (6, 7)
    # Per pointer: the item's name, its value and the name before it; nothing per item before.
    assert counter.calls <= 5 * count + 10


# -- YAML: each mapping indexed once, the same marks as one walk per pointer ------------------


@settings(max_examples=150, deadline=None)
@given(
    value=_VALUES,
    flow=st.sampled_from([False, True, None]),
    unicode=st.booleans(),
    data=st.data(),
)
def test_yaml_walk_with_kept_keys_finds_the_same_marks(
    value: Any, flow: bool | None, unicode: bool, data: st.DataObject
) -> None:
    root = yaml.compose(
        yaml.safe_dump(value, default_flow_style=flow, allow_unicode=unicode), yaml.SafeLoader
    )
    assert root is not None
    keys: dict[int, dict[str, tuple[_yamlpos.Mark, Node]]] = {}
    for tokens in data.draw(st.lists(st.sampled_from(paths(value)), max_size=40)):
        expected = reference_walk(root, tokens)
        assert _yamlpos.walk(root, tokens, keys) is expected
        assert _yamlpos.walk(root, tokens) is expected


class _CountingList(list[Any]):
    """A mapping node's pairs, counting how often they are gone through."""

    passes = 0

    def __iter__(self) -> Any:
        type(self).passes += 1
        return super().__iter__()


def test_yaml_locator_goes_through_a_wide_mapping_once(monkeypatch: pytest.MonkeyPatch) -> None:
    compose = _yamlpos.YamlLocator._compose

    def counted(locator: _yamlpos.YamlLocator) -> Node | None:
        root = compose(locator)
        assert isinstance(root, MappingNode)
        root.value = _CountingList(root.value)
        return root

    monkeypatch.setattr(_yamlpos.YamlLocator, "_compose", counted)
    monkeypatch.setattr(_CountingList, "passes", 0)
    count = 2_000
    document = load_document("".join(f"k{i}: {i}\n" for i in range(count)))
    places = [document.locate(f"/k{i}") for i in range(count - 1, -1, -1)]
    assert places[-1] == (1, 1)
    assert places[0] == (count, 1)
    assert _CountingList.passes == 1


def test_the_first_of_duplicate_names_is_the_one_placed() -> None:
    # The loaders refuse duplicate names; the locators still agree on which one they mean.
    text = '{"a": 1, "b": {"c": 2, "c": 3}, "a": [4]}'
    index = _jsonpos.JsonIndex(text, 0)
    assert index.locate(["a"]) == reference_locate(text, 0, ["a"]) == 1
    assert index.locate(["b", "c"]) == reference_locate(text, 0, ["b", "c"]) == 15
    assert index.locate(["a", "0"]) == 1
    root = yaml.compose("a: 1\nb: {c: 2, c: 3}\na: [4]\n", yaml.SafeLoader)
    assert root is not None
    for tokens in (["a"], ["b", "c"], ["a", "0"]):
        assert _yamlpos.walk(root, tokens, {}) is reference_walk(root, tokens)


# -- the span hint: the nearest place the text is written, looked for nearby ------------------


def nearest(text: str, quoted: str, start: int, window: int) -> int | None:
    """Brute force: the occurrence of ``quoted`` nearest ``start`` within ``window``."""
    places = [
        at
        for at in range(len(text) - len(quoted) + 1)
        if text.startswith(quoted, at) and abs(at - start) <= window
    ]
    return min(places, key=lambda at: (abs(at - start), at), default=None)


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(st.sampled_from("ab"), min_size=1, max_size=120),
    quoted=st.text(st.sampled_from("ab"), max_size=5),
    window=st.integers(0, 60),
    data=st.data(),
)
def test_hint_names_the_nearest_place_in_the_window(
    text: str, quoted: str, window: int, data: st.DataObject
) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    hint = where_else(text, quoted, start, window)
    copy = "; copy the slice verbatim, counting code points, not bytes"
    at = nearest(text, quoted, start, window) if quoted else None
    if at is not None:
        assert hint == f"; that text is found at [{at}, {at + len(quoted)})"
    elif quoted and (start - window > 0 or start + len(quoted) + window < len(text)):
        assert hint == f"; that text is not within {window:,} code points of the span{copy}"
    else:
        assert hint == copy


_LETTERS = st.sampled_from("ab\u00e9")


@st.composite
def _spanned_text(draw: st.DrawFn) -> tuple[str, list[tuple[int, int, Any]]]:
    """A text and spans into it: mostly in range, written as the slice, a shifted slice, or
    anything; some out of range."""
    size = draw(st.integers(1, 150))
    text = draw(st.text(_LETTERS, min_size=size, max_size=size))
    spans = []
    for _ in range(draw(st.integers(0, 6))):
        start = draw(st.integers(-2, size))
        end = draw(
            st.integers(start + 1, size + 2) if draw(st.booleans()) else st.integers(-2, 160)
        )
        shift = draw(st.integers(-3, 3))
        quoted = draw(
            st.sampled_from([text[start + shift : end + shift], text[start:end]])
            | st.text(_LETTERS, max_size=90)
            | st.integers()
        )
        spans.append((start, end, quoted))
    return text, spans


@settings(max_examples=200, deadline=None)
@given(written=_spanned_text())
def test_span_rules_judge_and_quote_the_slice_as_written(
    written: tuple[str, list[tuple[int, int, Any]]],
) -> None:
    # Each span is compared without cutting the text when the lengths differ, and shown cut
    # short: the verdicts and messages are those of comparing and showing the whole slice.
    text, spans = written
    evidence = [{"start": start, "end": end, "text": quoted} for start, end, quoted in spans]
    problems = check({"article": {"text": text}, "topics": [{"evidence": evidence}]})
    expected = []
    for j, (start, end, quoted) in enumerate(spans):
        if not 0 <= start < end <= len(text):
            expected.append(("span-out-of-range", f"/topics/0/evidence/{j}", ""))
        elif isinstance(quoted, str) and text[start:end] != quoted:
            shown = span_message(text, quoted, start, end)
            expected.append(("span-text-mismatch", f"/topics/0/evidence/{j}/text", shown))
    found = [
        (p.rule, p.pointer, p.message if p.rule == "span-text-mismatch" else "") for p in problems
    ]
    assert found == expected


@pytest.fixture
def record() -> dict[str, Any]:
    return dict(newsevents.load_fixture(CANONICAL))


@pytest.mark.parametrize("shift", [-3, -2, -1, 1, 2, 3])
def test_a_span_a_few_characters_off_is_told_where_its_text_is(
    record: dict[str, Any], shift: int
) -> None:
    span = record["entities"][2]["evidence"][0]
    start, end, text = span["start"], span["end"], record["article"]["text"]
    span.update(start=start - shift, end=end - shift)
    (problem,) = check(record)
    assert problem.rule == "span-text-mismatch"
    assert problem.message.endswith(f"; that text is found at [{start}, {end})")
    assert text[start:end] == span["text"]


def test_a_span_whose_text_is_far_away_says_how_far_was_searched(
    record: dict[str, Any],
) -> None:
    text = record["article"]["text"] = record["article"]["text"] + "\u00a0" * (2 * HINT_WINDOW)
    span = record["entities"][2]["evidence"][0]
    size = span["end"] - span["start"]
    span.update(start=len(text) - size, end=len(text))
    (problem,) = check(record)
    assert problem.rule == "span-text-mismatch"
    assert f"not within {HINT_WINDOW:,} code points of the span" in problem.message
    assert problem.message.endswith("copy the slice verbatim, counting code points, not bytes")


def test_a_span_whose_text_is_nowhere_says_to_copy_it(record: dict[str, Any]) -> None:
    record["entities"][2]["evidence"][0]["text"] = "\u2603 nowhere"
    (problem,) = check(record)
    assert problem.message.endswith("; copy the slice verbatim, counting code points, not bytes")
    assert "not within" not in problem.message


def test_problems_of_a_json_document_are_placed_like_the_yaml_ones(
    record: dict[str, Any],
) -> None:
    text = record["article"]["text"]
    spans = record["entities"][0]["evidence"]
    for i in range(200):
        spans.append({"start": i, "end": i + 10, "text": text[i + 1 : i + 11]})
    as_json = json.dumps(record, indent=2, ensure_ascii=False)
    (document,) = load_documents(as_json, format="json")
    assert isinstance(document, Document)
    problems = list(newsevents.iter_problems(document))
    assert len(problems) == 200
    for problem in problems:
        assert problem.pointer is not None
        tokens = _jsonpos.split_pointer(problem.pointer)
        assert tokens is not None
        expected = reference_line_column(as_json, reference_locate(as_json, 0, tokens))
        assert (problem.line, problem.column) == expected
