"""Problems are placed on the right line whatever ends the lines.

Editors and JSON end a line at LF, CR or CRLF; YAML readers also at NEL, LS and PS. A record
text is generated with one known problem on line k, among lines of other kinds, and the
lines ended in each style: every problem, whether the reader's own mark places it or the
loader counts lines itself, must be reported on line k at its column.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import newsevents
from newsevents._errors import LoadError
from newsevents._read import jsonread as _json
from newsevents._read import yamlread as _yaml
from newsevents._read.fastjson import AVAILABLE as ORJSON
from newsevents._read.loader import iter_documents, load_document

from .conftest import MINIMAL_PATH

LOADERS = ["_CLoader", "_CEventLoader", "_PureLoader"] if yaml.__with_libyaml__ else ["_PureLoader"]
JSON_ENDS = ["\n", "\r\n", "\r"]
YAML_ENDS = [*JSON_ENDS, "\x85", "\u2028", "\u2029"]

# The problem line of each kind: (text, rule, column). Written as bytes where the problem
# is a byte that is not UTF-8.
YAML_PROBLEMS: dict[str, tuple[str | bytes, str, int]] = {
    "duplicate-key": ("k0: again", "duplicate-key", 1),
    "non-finite": ("bad: .nan", "non-finite-number", 6),
    "tag": ("bad: !!python/name:os.system", "yaml-tag", 6),
    "alias": ("bad: *first", "yaml-alias", 6),
    "syntax": ("bad: b: c", "yaml-syntax", 7),
    "control character": ("bad: a\x00b", "yaml-syntax", 7),
    "surrogate escape": ('bad: "\\udc00"', "encoding", 7),
    "too-deep": ("bad: " + "[" * 300 + "]" * 300, "too-deep", 6 + 255),
    "number-too-large": ("bad: 0x" + "f" * 3600, "number-too-large", 6),
    "bad byte": (b"bad: caf\xe9", "encoding", 9),
}
YAML_FILLERS = st.sampled_from(["k{n}: {n}", "# a comment", "", "k{n}: 'a b'", "k{n}: [1, 2]"])


def lines_of(template: list[str], first: int = 1) -> list[str]:
    return [line.format(n=n) for n, line in enumerate(template, first)]


def joined(lines: list[str | bytes], end: str) -> bytes:
    return end.encode().join(line if isinstance(line, bytes) else line.encode() for line in lines)


@settings(max_examples=60, deadline=None)
@given(
    problem=st.sampled_from(sorted(YAML_PROBLEMS)),
    before=st.lists(YAML_FILLERS, max_size=6),
    after=st.lists(YAML_FILLERS, max_size=3),
    end=st.sampled_from(YAML_ENDS),
)
def test_yaml_problems_are_on_their_line_whatever_ends_the_lines(
    problem: str, before: list[str], after: list[str], end: str
) -> None:
    text, rule, column = YAML_PROBLEMS[problem]
    lines: list[str | bytes] = ["k0: &first 0", *lines_of(before), text, *lines_of(after, 100), ""]
    line = len(before) + 2
    for name in LOADERS:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_yaml, "_YAML_LOADER", getattr(_yaml, name))
            found = list(iter_documents(joined(lines, end), format="yaml"))
        error = found[0]
        assert isinstance(error, LoadError), (name, found)
        assert (error.rule, error.line, error.column) == (rule, line, column), name


JSON_PROBLEMS: dict[str, tuple[str | bytes, str]] = {
    "syntax": (' "bad": ,', "json-syntax"),
    "duplicate-key": (' "k0": 1,', "duplicate-key"),
    "non-finite": (' "bad": NaN,', "non-finite-number"),
    "number-too-large": (' "bad": ' + "9" * 5000 + ",", "number-too-large"),
    "lone surrogate": (' "bad": "\\ud800",', "encoding"),
    "too-deep": (' "bad": ' + "[" * 300 + "]" * 300 + ",", "too-deep"),
    "bad byte": (b' "bad": "caf\xe9",', "encoding"),
}
JSON_COLUMNS = {
    "syntax": 9,
    "duplicate-key": 2,
    "non-finite": 9,
    "number-too-large": 9,
    "lone surrogate": 10,
    "too-deep": 9 + 255,
    "bad byte": 13,
}


@settings(max_examples=50, deadline=None)
@given(
    problem=st.sampled_from(sorted(JSON_PROBLEMS)),
    before=st.integers(0, 6),
    after=st.integers(0, 3),
    end=st.sampled_from(JSON_ENDS),
    fast=st.booleans(),
)
def test_json_problems_are_on_their_line_whatever_ends_the_lines(
    problem: str, before: int, after: int, end: str, fast: bool
) -> None:
    text, rule = JSON_PROBLEMS[problem]
    lines: list[str | bytes] = [
        '{"k0": 0,',
        *(f' "k{n}": [{n}, "x"],' for n in range(1, before + 1)),
        text,
        *(f' "a{n}": {{"n": {n}}},' for n in range(after)),
        ' "last": null}',
    ]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_json, "AVAILABLE", fast and ORJSON)
        found = list(iter_documents(joined(lines, end), format="json"))
    error = found[0]
    assert isinstance(error, LoadError), found
    assert (error.rule, error.line, error.column) == (rule, before + 2, JSON_COLUMNS[problem])


def test_a_json_lines_file_with_crlf_ends_places_its_lines(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    path.write_bytes(b'{"n": 1}\r\n{"n": NaN}\r\n{"n": 3}\r\n')
    found = list(iter_documents(path))
    assert [getattr(item, "line", None) for item in found] == [1, 2, 3]
    error = found[1]
    assert isinstance(error, LoadError)
    assert (error.rule, error.column) == ("non-finite-number", 7)


def test_json_lines_with_cr_alone_are_one_line_and_say_so() -> None:
    found = list(iter_documents('{"n": 1}\r{"n": 2}\r', format="jsonl"))
    error = found[0]
    assert isinstance(error, LoadError)
    assert (error.rule, error.line, error.column) == ("json-syntax", 2, 1)
    assert "LF" in error.message


# --- problems the validator finds, placed through the record's locator ------------------

MINIMAL = MINIMAL_PATH


def problem_line(document: Any, pointer: str) -> tuple[int | None, int | None]:
    problems = [p for p in newsevents.iter_problems(document) if p.pointer == pointer]
    assert problems, pointer
    return problems[0].line, problems[0].column


@settings(max_examples=25, deadline=None)
@given(
    end=st.sampled_from(YAML_ENDS),
    extra=st.lists(st.sampled_from(["# note", "", "#"]), max_size=4),
)
def test_validation_problems_in_yaml_are_on_their_line(end: str, extra: list[str]) -> None:
    lines = MINIMAL.read_text(encoding="utf-8").splitlines()
    at = lines.index("  method: hand-curated")
    lines[at] = "  method: 12"
    lines[at:at] = extra  # blank and comment lines before it move it down
    text = end.join(lines) + end
    for name in LOADERS:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_yaml, "_YAML_LOADER", getattr(_yaml, name))
            document = load_document(text.encode(), format="yaml")
            assert problem_line(document, "/provenance/method") == (at + len(extra) + 1, 3)


@pytest.mark.parametrize("end", JSON_ENDS)
@pytest.mark.parametrize("indent", [1, 2])
def test_validation_problems_in_json_are_on_their_line(end: str, indent: int) -> None:
    record = newsevents.load(MINIMAL)
    record["provenance"]["method"] = 12
    lines = json.dumps(record, indent=indent, ensure_ascii=False).splitlines()
    line = next(n for n, text in enumerate(lines, 1) if '"method": 12' in text)
    document = load_document(end.join(lines), format="json")
    assert problem_line(document, "/provenance/method") == (line, 2 * indent + 1)
