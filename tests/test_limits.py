"""The loader's limits: bytes read, what is opened, nesting depth and integer size.

Each limit holds just at its edge (the last value allowed is read, the first one past it
is a clean ``LoadError`` in its place), for every reader that applies: libyaml composing
in C, libyaml's events composed here, PyYAML's pure-Python parser, and JSON through orjson
and through the standard library.
"""

from __future__ import annotations

import json
import os
import socket
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from newsevents._errors import LoadError
from newsevents._read import jsonread as _json
from newsevents._read import limits as _limits
from newsevents._read import yamlread as _yaml
from newsevents._read.document import Document
from newsevents._read.fastjson import AVAILABLE as ORJSON
from newsevents._read.fastjson import quick_read
from newsevents._read.limits import MAX_DEPTH, MAX_INT_DIGITS, bounded_int, read_stream
from newsevents._read.loader import Format, iter_documents, load_documents

from .conftest import LOADERS, use_loader


def items(source: str | bytes | Path, **options: Any) -> list[Document | LoadError]:
    return list(iter_documents(source, **options))


def only_error(source: str | bytes | Path, **options: Any) -> LoadError:
    found = items(source, **options)
    assert len(found) == 1, found
    error = found[0]
    assert isinstance(error, LoadError), error
    return error


# --- bytes read: files just under and just over the limit ---------------------------------


def padded(suffix: str, size: int) -> bytes:
    """A record file of exactly ``size`` bytes."""
    head = b"id: x\n#" if suffix == ".yaml" else b'{"id": "x"}'
    tail = b"\n" if suffix == ".yaml" else b""
    return head + (b"#" if suffix == ".yaml" else b" ") * (size - len(head) - len(tail)) + tail


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
@pytest.mark.parametrize("size", [64, 4096, 70_000])
def test_a_file_of_max_bytes_is_read_and_one_byte_more_is_not(
    tmp_path: Path, suffix: str, size: int
) -> None:
    path = tmp_path / f"record{suffix}"
    path.write_bytes(padded(suffix, size))
    assert [d.record for d in load_documents(path, max_bytes=size)] == [{"id": "x"}]
    error = only_error(path, max_bytes=size - 1)
    assert (error.rule, error.file, error.line) == ("too-large", str(path), None)
    assert "--max-file-size" in error.message
    assert "max_bytes=" in error.message
    assert _limits.describe_size(size - 1) in error.message


def test_the_default_limit_is_256_mib_and_applies_without_reading(tmp_path: Path) -> None:
    assert _limits.MAX_SOURCE_BYTES == 256 * 1024 * 1024
    path = tmp_path / "huge.yaml"
    with path.open("wb") as sparse:  # 10 GiB on paper, nothing on disk
        sparse.truncate(10 * 1024**3)
    error = only_error(path)
    assert error.rule == "too-large"
    assert "the file holds 10 GiB, more than 256 MiB, the most read whole" in error.message


def test_a_file_that_grows_while_read_is_cut_at_the_limit(tmp_path: Path) -> None:
    class Growing:
        """Claims 10 bytes, keeps giving more."""

        def read(self, size: int) -> bytes:
            return b"x" * size

    assert read_stream(Growing(), 100, 10) is None  # type: ignore[arg-type]
    assert read_stream(Growing(), 100_000, 10) is None  # type: ignore[arg-type]


@pytest.mark.parametrize("limit", [1, 5, 65_536, 3 * 1024 * 1024])
def test_a_stream_is_read_whole_up_to_its_limit(limit: int) -> None:
    import io

    data = os.urandom(limit)
    assert read_stream(io.BytesIO(data), limit) == data
    assert read_stream(io.BytesIO(data + b"!"), limit) is None


def jsonl_with(tmp_path: Path, lines: list[bytes], end: bytes = b"\n") -> Path:
    path = tmp_path / "records.jsonl"
    path.write_bytes(end.join(lines) + end)
    return path


@pytest.mark.parametrize("crlf", [False, True])
@pytest.mark.parametrize("over_last", [False, True])
@pytest.mark.parametrize("limit", [32, 1000, 70_000])
def test_a_json_lines_line_of_max_bytes_is_read_and_one_byte_more_is_not(
    tmp_path: Path, crlf: bool, over_last: bool, limit: int
) -> None:
    cr = b"\r" if crlf else b""

    def line(size: int) -> bytes:  # ``size`` bytes before the line's end, LF or CR LF
        return b'{"n": 1}' + b" " * (size - 8) + cr

    fits, over, last = line(limit), line(limit + 1), b'{"n": 3}' + cr
    lines = [fits, last, over] if over_last else [fits, over, last]
    path = tmp_path / "records.jsonl"
    path.write_bytes(b"\n".join(lines))  # no LF after the last line
    found = items(path, max_bytes=limit)
    kinds = (
        ["Document", "Document", "LoadError"]
        if over_last
        else ["Document", "LoadError", "Document"]
    )
    assert [type(item).__name__ for item in found] == kinds
    error = found[lines.index(over)]
    assert isinstance(error, LoadError)
    assert (error.rule, error.line, error.problem.index) == (
        "too-large",
        lines.index(over) + 1,
        lines.index(over),
    )
    assert "one JSON Lines line" in error.message
    assert "the other lines are" in error.message
    third = found[lines.index(last)]
    assert isinstance(third, Document)
    assert (third.line, third.record) == (lines.index(last) + 1, {"n": 3})


def test_a_json_lines_file_may_be_larger_than_its_line_limit(tmp_path: Path) -> None:
    path = jsonl_with(tmp_path, [b'{"n": %d}' % n for n in range(2000)])
    assert path.stat().st_size > 10_000
    assert len(load_documents(path, max_bytes=12)) == 2000


def test_a_line_many_times_the_limit_is_skipped_to_its_end(tmp_path: Path) -> None:
    path = jsonl_with(tmp_path, [b'{"a": "' + b"x" * 100_000 + b'"}', b'{"n": 2}'])
    found = items(path, max_bytes=1000)
    assert [getattr(item, "rule", None) for item in found] == ["too-large", None]
    assert isinstance(found[1], Document)
    assert found[1].line == 2


def test_the_default_line_limit_is_64_mib(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _limits.MAX_LINE_BYTES == 64 * 1024 * 1024 == _limits.Limits().max_line_bytes
    monkeypatch.setattr(_limits, "DEFAULT_LIMITS", _limits.Limits(max_line_bytes=100))
    path = jsonl_with(tmp_path, [b'{"a": "' + b"x" * 200 + b'"}', b'{"n": 2}'])
    assert [getattr(item, "rule", None) for item in items(path)] == ["too-large", None]


@pytest.mark.parametrize("max_bytes", [0, -5, 1.5, "1M", True])
def test_max_bytes_must_be_a_positive_whole_number(max_bytes: Any) -> None:
    with pytest.raises((TypeError, ValueError), match="max_bytes"):
        iter_documents("id: x\n", max_bytes=max_bytes)


def test_the_public_load_functions_take_max_bytes(tmp_path: Path) -> None:
    import newsevents

    path = tmp_path / "record.yaml"
    path.write_bytes(padded(".yaml", 100))
    assert dict(newsevents.load(path, max_bytes=100)) == {"id": "x"}
    assert len(newsevents.load_all(path, max_bytes=100)) == 1
    with pytest.raises(LoadError) as caught:
        newsevents.load(path, max_bytes=99)
    assert caught.value.rule == "too-large"


# --- only regular files are opened --------------------------------------------------------


def special_files(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """Each kind of special file this system can make, named like a record file."""
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "pipe.yaml"
        os.mkfifo(fifo)
        yield "a named pipe (FIFO)", fifo
    for device in ("/dev/zero", "/dev/null", "/dev/urandom"):
        if os.path.exists(device):
            link = tmp_path / f"{Path(device).name}.json"
            link.symlink_to(device)
            yield "a character device", link
    if hasattr(socket, "AF_UNIX"):
        path = tmp_path / "sock.jsonl"
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(path))
        yield "a socket", path
        server.close()
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    yield "a directory", folder


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every path os.open is asked to open while the test runs."""
    paths: list[str] = []
    real_open = os.open

    def spy(path: Any, *args: Any, **kwargs: Any) -> int:
        paths.append(os.fspath(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", spy)
    return paths


def test_special_files_are_reported_and_never_opened(tmp_path: Path, opened: list[str]) -> None:
    kinds = []
    for kind, path in special_files(tmp_path):
        kinds.append(kind)
        error = only_error(path)
        assert (error.rule, error.file) == ("unreadable", str(path)), kind
        assert f"it is {kind}, not a regular file, so it was not opened" in error.message
        assert str(path) not in opened
    assert "a directory" in kinds


# --- nesting depth ------------------------------------------------------------------------


def nested(kinds: list[str], style: str) -> tuple[str, list[tuple[int, int]]]:
    """A document nesting ``kinds`` (outermost first) in ``style``, and the (line, column)
    where each level's list or mapping starts."""
    places: list[tuple[int, int]] = []
    if style == "yaml-block":
        lines = []
        for level, kind in enumerate(kinds):
            places.append((level + 1, 2 * level + 1))
            lines.append("  " * level + ("k:" if kind == "map" else "-"))
        lines.append("  " * len(kinds) + "1")
        return "\n".join(lines) + "\n", places
    key = '"k": ' if style.startswith("json") else "k: "
    opener = {"map": "{" + key, "seq": "["}
    closer = {"map": "}", "seq": "]"}
    # json-lines style: every opener on a line of its own, indented by its level
    split = style.endswith("lines")
    text, line, column = "", 1, 1
    for level, kind in enumerate(kinds):
        if split and level:
            text += "\n" + " " * level
            line, column = line + 1, level + 1
        places.append((line, column))
        text += opener[kind]
        column += len(opener[kind])
    text += "1" + "".join(closer[kind] for kind in reversed(kinds))
    return text + "\n", places


DEPTHS = [2, MAX_DEPTH, MAX_DEPTH + 1]
INNER = st.lists(st.sampled_from(["map", "seq"]), min_size=MAX_DEPTH + 2, max_size=MAX_DEPTH + 2)


@pytest.mark.parametrize("depth", DEPTHS)
@pytest.mark.parametrize("style", ["yaml-flow", "yaml-flow-lines", "yaml-block"])
@settings(max_examples=2, deadline=None)
@given(inner=INNER)
def test_yaml_nested_up_to_the_limit_is_read_and_one_level_more_is_placed(
    depth: int, style: str, inner: list[str]
) -> None:
    kinds = ["map", *inner[: depth - 1]]
    text, places = nested(kinds, style)
    for name in LOADERS:
        with pytest.MonkeyPatch.context() as patch:
            use_loader(name, patch)
            found = items(text, format="yaml")
        assert len(found) == 1
        if depth <= MAX_DEPTH:
            assert isinstance(found[0], Document), (name, found[0])
        else:
            error = found[0]
            assert isinstance(error, LoadError), name
            assert (error.rule, error.line, error.column) == ("too-deep", *places[MAX_DEPTH])
            assert f"more than {MAX_DEPTH} levels" in error.message


@pytest.mark.parametrize("depth", DEPTHS)
@pytest.mark.parametrize(
    ("style", "form"), [("json", "json"), ("json-lines", None), ("json", "jsonl")]
)
@settings(max_examples=2, deadline=None)
@given(inner=INNER)
def test_json_nested_up_to_the_limit_is_read_and_one_level_more_is_placed(
    depth: int, style: str, form: Format | None, inner: list[str]
) -> None:
    kinds = ["map", *inner[: depth - 1]]
    text, places = nested(kinds, style)
    for fast in (True, False):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_json, "AVAILABLE", fast and ORJSON)
            found = items(text, format=form)
        assert len(found) == 1
        if depth <= MAX_DEPTH:
            assert isinstance(found[0], Document), (fast, found[0])
        else:
            error = found[0]
            assert isinstance(error, LoadError), fast
            assert (error.rule, error.line, error.column) == ("too-deep", *places[MAX_DEPTH])


def test_orjson_writes_no_deeper_than_the_limit() -> None:
    """What the fast JSON reader accepts is never deeper than the careful one allows."""
    from newsevents._read import fastjson as _fastjson

    assert not _fastjson._writes_deeper_than(MAX_DEPTH)
    assert not _fastjson._UNBOUNDED
    value: list[Any] = []
    for _ in range(MAX_DEPTH):
        value = [value]
    record = {"a": value}  # MAX_DEPTH + 2 levels
    data = json.dumps(record).encode()
    assert quick_read(data) == (None, False)
    assert only_error(data.decode(), format="json").rule == "too-deep"


def test_if_orjson_wrote_deeper_a_count_would_bound_the_fast_reader(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from newsevents._read import fastjson as _fastjson

    monkeypatch.setattr(_fastjson, "_UNBOUNDED", True)
    shallow = b'{"a": [[1]]}'
    deep = b'{"a": ' + b"[" * MAX_DEPTH + b"]" * MAX_DEPTH + b"}"
    assert quick_read(shallow) == ({"a": [[1]]}, True)
    assert quick_read(b'{"a": [' + b"[]," * MAX_DEPTH + b"[]]}") == (None, False)
    assert only_error(deep.decode(), format="json").rule == "too-deep"


def test_brackets_inside_strings_are_not_nesting(json_path: str) -> None:
    value = ["[" * 1000, "{" * 1000, '\\"[[[[' * 300, [[["]]]" * 1000]]]]
    text = json.dumps({"a": value})
    assert [d.record["a"] for d in load_documents(text, format="json")] == [value]


# The readers must be safe by construction: with Python's recursion limit raised so far
# that RecursionError can never save them, only the explicit depth limit stands between
# these inputs and the C stack. Should anything recurse again, the child process dies,
# and this test fails instead of the test run.
_DEEP_SCRIPT = """
import sys
from newsevents._read import yamlread as _yaml
from newsevents._read.loader import iter_documents
sys.setrecursionlimit(10**7)
loaders = ["_PureLoader"]
if _yaml.yaml.__with_libyaml__:
    loaders = ["_CLoader", "_CEventLoader", *loaders]
for depth in map(int, sys.argv[1:]):
    cases = {
        "yaml-flow": ("[" * depth, "yaml"),
        "yaml-flow-map": ("a: " + "{a: " * depth, "yaml"),
        "yaml-block": ("- " * depth + "x\\n", "yaml"),
        "json-list": ("[" * depth, "json"),
        "json-map": ('{"a": ' * depth, "json"),
        "json-lines": ('{"a": ' + "[" * depth + "\\n{}\\n", "jsonl"),
        "guessed": ('{"a": ' + "[" * depth + "\\n{}\\n", None),
    }
    for name, (text, form) in cases.items():
        for loader in loaders if form == "yaml" else loaders[:1]:
            if (loader, name, depth) == ("_PureLoader", "yaml-flow", 10**7):
                continue  # as at 100,000, but a second slower: pure-Python PyYAML scans ahead
            _yaml._YAML_LOADER = getattr(_yaml, loader)
            first = next(iter_documents(text.encode(), format=form))
            print(depth, name, loader, first.rule, first.line, flush=True)
"""


def test_no_depth_crashes_the_process_even_without_a_recursion_limit() -> None:
    import subprocess

    done = subprocess.run(
        [sys.executable, "-c", _DEEP_SCRIPT, "100000", "10000000"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, ""), done.stdout[-2000:]
    results = [line.split() for line in done.stdout.splitlines()]
    assert len(results) == 2 * (3 * len(LOADERS) + 4) - 1
    for depth, name, loader, rule, line in results:
        assert (rule, line) == ("too-deep", "1"), (depth, name, loader)


def test_the_composer_builds_what_pyyaml_builds(loader: str) -> None:
    from tests.conftest import CANONICAL_PATH, valid_examples

    def shape(node: yaml.Node | None) -> Any:
        assert node is not None
        marks = (node.start_mark.line, node.start_mark.column, node.end_mark.index)
        if isinstance(node, yaml.ScalarNode):
            return (node.tag, node.value, node.style, *marks)
        assert isinstance(node, (yaml.SequenceNode, yaml.MappingNode))
        if isinstance(node, yaml.SequenceNode):
            return (node.tag, node.flow_style, *marks, [shape(item) for item in node.value])
        pairs = [(shape(k), shape(v)) for k, v in node.value]
        return (node.tag, node.flow_style, *marks, pairs)

    texts = [path.read_text(encoding="utf-8") for path in {CANONICAL_PATH, *valid_examples()}]
    texts.append("a: &x [1, {b: c}]\n---\n- !!str 1\n- ? [k]\n  : v\n")
    # The same parser with PyYAML's own composer, resolving the same way.
    reference = yaml.SafeLoader if loader == "pure" else yaml.CSafeLoader
    for text in texts:
        ours = _yaml._YAML_LOADER(text)
        theirs = reference(text)
        theirs.yaml_implicit_resolvers = _yaml._PureLoader.yaml_implicit_resolvers
        try:
            while ours.check_node():
                assert theirs.check_node()
                assert shape(ours.get_node()) == shape(theirs.get_node())
            assert not theirs.check_node()
        finally:
            ours.dispose()
            theirs.dispose()


@pytest.mark.parametrize(
    ("text", "rule", "line"),
    [("a: *nowhere\n", "yaml-alias", 1), ("a: &x 1\nb: &x 2\n", "yaml-syntax", 2)],
)
def test_the_composer_refuses_what_pyyaml_refuses(
    loader: str, text: str, rule: str, line: int
) -> None:
    error = only_error(text)
    assert (error.rule, error.line) == (rule, line)


# --- integers, in every notation, around the limit ----------------------------------------

BOUND = 10**MAX_INT_DIGITS
AROUND = st.integers(-2000, 2000).map(lambda delta: BOUND + delta) | st.integers(0, BOUND // 7)


def test_the_digit_limit_per_base_is_derived_from_the_bound() -> None:
    for base, most in _limits._MOST_DIGITS.items():
        assert len(_digits(BOUND - 1, base)) == most
        assert len(_digits(base ** (most - 1), base)) == most
        if base != 10:  # the bound itself is still that long, so it must be compared
            assert len(_digits(BOUND, base)) == most


def decimal(number: int) -> str:
    """``str(number)``, also beyond the digits Python agrees to write."""
    if abs(number) < BOUND:
        return str(number)
    high, low = divmod(abs(number), BOUND)
    return "-" * (number < 0) + decimal(high) + str(low).zfill(MAX_INT_DIGITS)


def _digits(value: int, base: int) -> str:
    return decimal(value) if base == 10 else format(value, "x" if base == 16 else "o")


NOTATIONS: dict[str, Callable[[int], str]] = {
    "decimal": decimal,
    "plus": lambda n: f"+{decimal(n)}",
    "zeros": lambda n: f"000{decimal(n)}",
    "hex": lambda n: f"0x{n:x}",
    "HEX": lambda n: f"0x{n:X}",
    "octal": lambda n: f"0o{n:o}",
}


@settings(max_examples=60, deadline=None)
@given(number=AROUND, notation=st.sampled_from(sorted(NOTATIONS)), tagged=st.booleans())
def test_yaml_integers_are_read_below_the_bound_and_refused_from_it(
    number: int, notation: str, tagged: bool
) -> None:
    written = NOTATIONS[notation](number)
    text = "id: x\ncount: " + ("!!int " if tagged else "") + written + "\n"
    for name in LOADERS:
        with pytest.MonkeyPatch.context() as patch:
            use_loader(name, patch)
            found = items(text)
        if number < BOUND:
            assert isinstance(found[0], Document), (name, found[0])
            assert found[0].record["count"] == number
        else:
            error = found[0]
            assert isinstance(error, LoadError), name
            assert (error.rule, error.line, error.column) == ("number-too-large", 2, 8)
            assert f"at most {MAX_INT_DIGITS} decimal digits" in error.message


@pytest.mark.parametrize("negative", [False, True])
@settings(max_examples=30, deadline=None)
@given(number=AROUND)
def test_json_integers_are_read_below_the_bound_and_refused_from_it(
    number: int, negative: bool
) -> None:
    value = -number if negative else number
    text = '{"id": "x",\n "n": [1, ' + decimal(value) + "]}"  # the number is at 2:11
    for fast in (True, False):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(_json, "AVAILABLE", fast and ORJSON)
            found = items(text, format="json")
        if number < BOUND:
            assert isinstance(found[0], Document)
            assert found[0].record["n"][1] == value
        else:
            error = found[0]
            assert isinstance(error, LoadError)
            assert (error.rule, error.line, error.column) == ("number-too-large", 2, 11)


@pytest.mark.skipif(
    not hasattr(sys, "set_int_max_str_digits"), reason="this Python reads any integer"
)
@pytest.mark.parametrize("digits", [MAX_INT_DIGITS, MAX_INT_DIGITS + 1, 100_000])
def test_an_interpreter_without_a_digit_limit_keeps_the_loaders(digits: int) -> None:
    text = '{"n": ' + "7" * digits + "}"
    before = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        found = items(text, format="json") + items("n: " + "7" * digits + "\n")
    finally:
        sys.set_int_max_str_digits(before)
    if digits <= MAX_INT_DIGITS:
        assert all(isinstance(item, Document) for item in found)
    else:
        assert [getattr(item, "rule", None) for item in found] == ["number-too-large"] * 2


@pytest.mark.parametrize("base", [10, 16, 8])
def test_bounded_int_never_converts_a_huge_number(base: int) -> None:
    assert bounded_int("1" * 10_000_000, base) is None
    assert bounded_int("0" * 10_000_000 + "1", base) == 1


# --- the command line: --max-file-size and standard input ---------------------------------


def cli(*argv: str, stdin: bytes | None = None, patch: pytest.MonkeyPatch) -> tuple[int, str]:
    """``newsevents ARGV`` in this process; what it wrote to standard output and error."""
    import io

    from newsevents._cli import main

    if stdin is not None:
        patch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue() + err.getvalue()


MINIMAL = Path(__file__).resolve().parent.parent / "fixtures" / "minimal.yaml"


@pytest.mark.parametrize("command", ["validate", "fmt"])
def test_max_file_size_reads_a_file_of_that_size_and_not_one_byte_more(
    tmp_path: Path, command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = tmp_path / "record.yaml"
    record.write_bytes(MINIMAL.read_bytes())
    size = record.stat().st_size
    assert cli(command, str(record), "--max-file-size", str(size), patch=monkeypatch)[0] == 0
    code, report = cli(command, str(record), "--max-file-size", str(size - 1), patch=monkeypatch)
    assert code == 1
    assert (
        f"{record}: too-large: the file holds {size:,} bytes, more than {size - 1:,} bytes"
        in report
    )
    assert "raise the limit with --max-file-size" in report


@pytest.mark.parametrize("command", ["validate", "fmt"])
def test_max_file_size_bounds_standard_input(command: str, monkeypatch: pytest.MonkeyPatch) -> None:
    data = MINIMAL.read_bytes()
    code, report = cli(
        command, "-", "--max-file-size", str(len(data)), stdin=data, patch=monkeypatch
    )
    assert code == 0, report
    code, report = cli(
        command, "-", "--max-file-size", str(len(data) - 1), stdin=data, patch=monkeypatch
    )
    assert code == 1
    held = f"<stdin>: too-large: standard input holds more than {len(data) - 1:,} bytes"
    assert report.count(held) == 1


def test_max_file_size_bounds_each_json_lines_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsevents

    first, second, third = (json.dumps({**newsevents.load(MINIMAL), "id": n}) for n in "abc")
    record = first
    lines = tmp_path / "records.jsonl"
    lines.write_text(f"{first}\n{second}  \n{third}\n", encoding="utf-8")
    code, report = cli(
        "validate", str(lines), "--max-file-size", str(len(record) + 1), patch=monkeypatch
    )
    assert code == 1
    assert report.startswith(f"{lines}:2: too-large: this line is longer than")
    assert report.endswith("1 file, 2 records: 2 valid, 0 invalid, 1 unreadable, 1 problem\n")


@pytest.mark.parametrize("size", ["0", "-1", "1T", "ten", "1.5M", ""])
def test_max_file_size_must_be_a_size(
    size: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli("validate", str(MINIMAL), "--max-file-size", size, patch=monkeypatch)[0] == 2
    assert "--max-file-size" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("size", "count"),
    [("100", 100), ("2K", 2048), ("3MiB", 3 << 20), ("1g", 1 << 30), ("64 kb", 65536)],
)
def test_max_file_size_takes_k_m_and_g(size: str, count: int) -> None:
    from newsevents._cli import _size

    assert _size(size) == count


def test_reading_stops_at_the_first_level_too_many(loader: str) -> None:
    """Nothing past the level too many is composed: a broken line further down is not even
    read (libyaml's own composer, used where libyaml bounds nesting, reads on)."""
    deep = "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5)
    error = only_error(f"a: {deep}\nb: c: d\n")
    if loader == "libyaml":
        assert error.rule in {"too-deep", "yaml-syntax"}
    else:
        assert (error.rule, error.line, error.column) == ("too-deep", 1, 4 + MAX_DEPTH - 1)
