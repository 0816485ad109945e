"""``fmt`` never changes what a file says: generated records, comments of every kind, anywhere.

For each source, formatting either refuses with ``fmt-comment`` at a comment (and, run as
the command, leaves the file byte-identical), or gives a text that loads to the same data,
holds the same comments and is its own format. Comments are counted by an oracle that
owes nothing to the formatter: PyYAML's own pure-Python scanner, noting each comment where
it skips one.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from newsevents._cli import main
from newsevents._errors import LoadError
from newsevents._layout.format import format_yaml
from newsevents._read import yamlread as _yaml
from newsevents._read.loader import load_documents

from .conftest import CANONICAL_PATH, PARSERS

BREAKS = "\r\n\x85\u2028\u2029"


class _Oracle(yaml.SafeLoader):
    """PyYAML's pure-Python scanner, writing down each comment as it skips it.

    The three methods are PyYAML's own, with the comment kept instead of skipped. A
    comment's text runs from ``#`` to the line break, less trailing blanks (the formatted
    file keeps none at line ends).
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.comments: list[str] = []

    def _comment(self) -> None:
        chars = []
        while self.peek() not in "\0" + BREAKS:
            chars.append(self.peek())
            self.forward()
        self.comments.append("".join(chars).rstrip(" \t"))

    def scan_to_next_token(self) -> None:
        if self.index == 0 and self.peek() == "\ufeff":
            self.forward()
        while True:
            while self.peek() == " ":
                self.forward()
            if self.peek() == "#":
                self._comment()
            if self.scan_line_break():  # type: ignore[no-untyped-call]
                if not self.flow_level:
                    self.allow_simple_key = True
            else:
                return

    def _ignored_line(self, start_mark: Any, what: str) -> None:
        while self.peek() == " ":
            self.forward()
        if self.peek() == "#":
            self._comment()
        if self.peek() not in "\0" + BREAKS:
            raise yaml.scanner.ScannerError(what, start_mark, "expected a line break", None)
        self.scan_line_break()  # type: ignore[no-untyped-call]

    def scan_block_scalar_ignored_line(self, start_mark: Any) -> None:
        self._ignored_line(start_mark, "while scanning a block scalar")

    def scan_directive_ignored_line(self, start_mark: Any) -> None:
        self._ignored_line(start_mark, "while scanning a directive")


def comments(text: str) -> list[str]:
    """Every comment of a YAML text, in order, as the YAML scanner finds them."""
    oracle = _Oracle(text)
    scanner: Any = oracle  # PyYAML's scanner methods carry no types
    try:
        while scanner.check_token():
            scanner.get_token()
    finally:
        oracle.dispose()
    return oracle.comments


def records(text: str) -> list[dict[str, Any]]:
    return [d.record for d in load_documents(text.encode("utf-8"), format="yaml")]


def same(a: object, b: object) -> bool:
    """Equal and of the same types all the way down (1 == 1.0 == True is not enough)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(same(a[key], b[key]) for key in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(map(same, a, b))
    return a == b


def same_data(a: list[dict[str, Any]], b: list[dict[str, Any]]) -> bool:
    """The same records, key order aside (fmt puts keys in the schema's order)."""
    return same(_sorted(a), _sorted(b))


def _sorted(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _sorted(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        return [_sorted(item) for item in value]
    return value


@contextmanager
def parser_named(name: str) -> Iterator[None]:
    """Read with libyaml's parser or PyYAML's own, for the length of the block."""
    chosen = _yaml._PureLoader if name == "pure" else _yaml._CLoader
    saved = _yaml._YAML_LOADER
    _yaml._YAML_LOADER = chosen
    try:
        yield
    finally:
        _yaml._YAML_LOADER = saved


# --- Sources -----------------------------------------------------------------------------

HAZARDS = st.sampled_from(
    ["see #12", "a #b", "#", "'", '"', "it's", 'say "x"', "x\ny", "x\u2028y", "a\x85b", "\r",
     " lead", "trail ", "\t", "|", ">", "---", "...", "- x", "a: b", "{}", "[x]", "yes", "0755",
     "0o17", "", "\u00a0", "\u2022 bullet", "x\n\n", "  \n  x", "1e3", "~", "null"]
)  # fmt: skip
STRINGS = st.one_of(HAZARDS, st.text(alphabet="ab #:'\"-\n\u2028\u00a0", max_size=8))
KEYS = st.one_of(
    st.sampled_from(["id", "schema", "article", "headline", "text", "entities", "name"]),
    st.sampled_from(["a", "b c", "#", "x #y", "'q'", "k: v", "- k", "yes", "1", "\u00e9"]),
)
LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    STRINGS,
)
SPANS = st.fixed_dictionaries(
    {"start": st.integers(0, 99), "end": st.integers(0, 99), "text": STRINGS}
).map(lambda span: {"evidence": [span]})


def records_of(*, spans: bool) -> st.SearchStrategy[dict[str, Any]]:
    """Small records: every kind of value, nested, and evidence spans if ``spans``."""
    leaves = st.one_of(LEAVES, SPANS) if spans else LEAVES
    values = st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3),
            st.dictionaries(KEYS, inner, max_size=3),
            *([SPANS] if spans else []),
        ),
        max_leaves=8,
    )
    return st.dictionaries(KEYS, values, min_size=1, max_size=4)


RECORDS = records_of(spans=True)
BLOCK_RECORDS = records_of(spans=False)


def _fixture_cut_down() -> str:
    """The start of the canonical fixture, up to its first entities: its real layout."""
    text = CANONICAL_PATH.read_text(encoding="utf-8")
    lines = text.split("\n")
    cut = next(i for i, line in enumerate(lines) if line.startswith("  - id: ") and i > 120)
    return "\n".join(lines[:cut]) + "\n"


@st.composite
def dumped(draw: st.DrawFn, *, anywhere: bool = True) -> str:
    """Generated records, or the fixture's first part, in one of many YAML layouts.

    Unless ``anywhere``, in block style and without evidence spans: every comment between
    lines then has a place to go.
    """
    if anywhere and draw(st.integers(0, 9)) == 0:
        return _fixture_cut_down()
    documents = draw(st.lists(RECORDS if anywhere else BLOCK_RECORDS, min_size=1, max_size=2))
    text: str = yaml.safe_dump_all(
        documents,
        default_flow_style=draw(st.sampled_from([False, None, True])) if anywhere else False,
        default_style=draw(st.sampled_from([None, None, None, '"', "'", "|"])),
        width=draw(st.sampled_from([20, 80, 1000])),
        indent=draw(st.integers(2, 4)),
        allow_unicode=draw(st.booleans()),
        explicit_start=draw(st.booleans()),
        explicit_end=draw(st.booleans()),
        sort_keys=False,
    )
    return text


# A comment's words: every kind of hazard but a line break, which is drawn apart.
WORDS = st.text(alphabet=" #'\":-{}[]|>!&*%@`\t\u00a0\u2022\u00e9\U0001f600\ufeffab", max_size=10)


@st.composite
def comment(draw: st.DrawFn) -> str:
    """'#' and words; a line break inside one starts another comment, as YAML reads it."""
    parts = draw(st.lists(WORDS, min_size=1, max_size=3))
    text = "#" + parts[0]
    for part in parts[1:]:
        text += draw(st.sampled_from(BREAKS)) + " " * draw(st.integers(0, 3)) + "#" + part
    return text + " " * draw(st.integers(0, 2))


@st.composite
def commented(draw: st.DrawFn, *, anywhere: bool = True) -> str:
    """A source with comments on lines of their own and at line ends, anywhere."""
    lines = draw(dumped(anywhere=anywhere)).split("\n")
    pool = draw(st.lists(comment(), min_size=1, max_size=4))
    # Where they go is drawn at random, cheaply: the comments' words are what shrinks.
    rng = draw(st.randoms(use_true_random=False))
    out: list[str] = []
    for line in lines:
        where = rng.randrange(9)
        if where in (1, 3):
            out.append(" " * rng.randrange(7) + rng.choice(pool))
        if where in (2, 3) and line:
            line += " " * rng.randrange(1, 4) + rng.choice(pool)
        starts = [i for i in range(1, len(line)) if line[i - 1] == " " != line[i]]
        if where == 4 and starts:
            # Between two tokens of a line: after a key's colon, a '- ', a tag, a '---'.
            i = rng.choice(starts)
            out.append(line[:i] + rng.choice(pool))
            line = " " * i + line[i:]
        out.append(line)
    if rng.random() < 0.5:
        out.append(rng.choice(pool))
    eol = rng.choice(["\n", "\n", "\n", "\r\n", "\r", "\x85", "\u2028", "\u2029"])
    return eol.join(out)


# --- The promise -------------------------------------------------------------------------


def _line_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in re.finditer("\r\n|[\r\n\x85\u2028\u2029]", text))]


REFUSALS = ("inside a flow collection", "inside an evidence span", "would share one line")


def check(source: str, refusals: tuple[str, ...] = REFUSALS) -> str | None:
    """Format ``source`` and hold the result to the promise; None when fmt refused.

    A refusal is ``fmt-comment``, at the comment, for one of the given reasons.
    """
    try:
        expected = records(source)
    except LoadError:
        assume(False)  # not a record file: the loader's own tests cover these
        raise
    before = comments(source)
    try:
        formatted = format_yaml(source, name="t.yaml")
    except LoadError as error:
        refused = error
    else:
        assert same_data(records(formatted), expected)
        assert sorted(comments(formatted)) == sorted(before)
        assert format_yaml(formatted) == formatted
        assert formatted.endswith("\n")
        assert not any(char in formatted for char in BREAKS.replace("\n", ""))
        assert not re.search(r"[ \t]$", formatted, re.MULTILINE)
        return formatted
    assert (refused.rule, refused.file) == ("fmt-comment", "t.yaml"), refused
    assert any(reason in refused.message for reason in refusals), refused
    assert "move it" in refused.message
    assert refused.line is not None
    assert refused.column is not None
    at = _line_starts(source)[refused.line - 1] + refused.column - 1
    assert source[at] == "#", "the problem points at the comment"
    return None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=commented(), name=st.sampled_from(PARSERS))
def test_fmt_keeps_data_and_comments_or_refuses(source: str, name: str) -> None:
    with parser_named(name):
        check(source)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=commented(anywhere=False))
def test_in_block_style_outside_spans_every_comment_has_a_place(source: str) -> None:
    check(source, ("would share one line",))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=commented())
def test_the_command_leaves_a_refused_file_byte_identical(source: str) -> None:
    try:
        records(source)
    except LoadError:
        assume(False)
    data = source.encode("utf-8")
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "t.yaml")
        with open(path, "wb") as handle:
            handle.write(data)
        err = io.StringIO()
        code = main(["fmt", path], out=io.StringIO(), err=err)
        with open(path, "rb") as handle:
            after = handle.read()
        if code:
            assert after == data
            assert re.match(re.escape(path) + r":\d+:\d+: fmt-comment: ", err.getvalue())
            assert err.getvalue().endswith(", 1 could not be formatted\n")
        else:
            text = after.decode("utf-8")
            assert same_data(records(text), records(source))
            assert sorted(comments(text)) == sorted(comments(source))
            assert main(["fmt", "--check", path], out=io.StringIO(), err=io.StringIO()) == 0
        assert os.listdir(directory) == ["t.yaml"]
