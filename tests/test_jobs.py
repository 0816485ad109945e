"""``validate --jobs``: bounded tasks, large JSON Lines files in ranges, the serial output.

A parallel run cuts its work into tasks (whole files, and ranges of JSON Lines files at
line ends), keeps a few of them in flight, and must report exactly what a serial run
reports, byte for byte, in every format. The property test draws JSON Lines files of every
kind of line (valid, invalid, unreadable, blank, CRLF, after a byte-order mark), cut into
ranges far smaller than the real ones so that every file is several.
"""

from __future__ import annotations

import copy
import io
import itertools
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newsevents
from newsevents._cli import main, parallel, ranges
from newsevents._cli.inputs import Input, expand
from newsevents._cli.validate import AUTO_POOL_FILE_BYTES, check_inputs, pool_size
from newsevents._errors import Problem
from newsevents._report import RecordReport

from .conftest import minimal_text
from .test_changing_files import CHANGES, _assert_only, _results, _tree

MINIMAL: dict[str, Any] = dict(newsevents.load_fixture("minimal"))


def _record(ident: str, change: Callable[[dict[str, Any]], object] | None = None) -> bytes:
    record = copy.deepcopy(MINIMAL)
    record["id"] = ident
    if change is not None:
        change(record)
    return json.dumps(record).encode()


def _bad_status(record: dict[str, Any]) -> None:
    record["events"][0]["status"] = "happened"


def _span_off(record: dict[str, Any]) -> None:
    record["entities"][0]["evidence"][0]["start"] += 1


#: Every kind of JSON Lines line, as its bytes without the line end, of a number that
#: varies the record ids (which repeat: duplicate-record-id).
BLANK = [b"", b"  ", b"\t", b" \r"]
KINDS: list[Callable[[int], bytes]] = [
    lambda n: _record(f"r{n}"),
    lambda n: _record(f"s{n}", _bad_status),
    lambda n: _record(f"t{n}", _span_off),
    lambda n: json.dumps({**MINIMAL, "id": f"c{n}"}, separators=(",", ":")).encode(),
    lambda n: b'{"name": "ci", "on": {"push": null}, "jobs": {}}',  # no record at all
    lambda n: b'{"a": ',
    lambda n: b'{"a": 1, "a": 2}',
    lambda n: b'{"a": "\xff"}',
    lambda n: b'{"a": NaN}',
    lambda n: b"[1, 2]",
    lambda n: b"null",
    lambda n: b'{"x": "' + b"a" * 5000 + b'"}',  # too large under --max-file-size 4K
    lambda n: b"\xef\xbb\xbf{}",  # byte-order marks count only at the start of the file
    lambda n: b"\xff\xfe{}",
    lambda n: BLANK[n % len(BLANK)],
]
LINES = st.builds(lambda kind, n: kind(n), st.sampled_from(KINDS), st.integers(0, 5))
FILES = st.tuples(
    st.sampled_from([b"", b"", b"\xef\xbb\xbf", b"\xff\xfe"]),  # none, UTF-8 or UTF-16 BOM
    st.one_of(
        st.lists(st.tuples(LINES, st.sampled_from([b"\n", b"\r\n"])), max_size=14),
        st.lists(st.tuples(st.sampled_from(BLANK), st.just(b"\n")), max_size=4),
    ),
    st.booleans(),  # whether the last line ends
).map(lambda f: f[0] + b"".join(line + end for line, end in f[1])[: None if f[2] else -1])
OPTIONS = st.tuples(
    st.sampled_from([[], ["--max-problems", "1"]]),
    st.sampled_from(
        [[], ["--ignore", "duplicate-record-id"], ["--select", "schema"], ["--ignore", "schema"]]
    ),
    st.sampled_from([[], ["--skip-non-records"]]),
    st.sampled_from([[], ["--max-file-size", "4K"]]),
    st.sampled_from(
        [[], ["--max-documents", "1"], ["--max-documents", "3"], ["--max-string-length", "40"]]
    ),
).map(lambda o: [*o[0], *o[1], *o[2], *o[3], *o[4]])


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


@settings(max_examples=30, deadline=None)
@given(
    files=st.lists(FILES, min_size=1, max_size=3),
    yaml=st.booleans(),
    options=OPTIONS,
    range_bytes=st.integers(1, 6000),
    range_lines=st.integers(1, 6),
)
def test_parallel_ranges_report_what_serial_reading_does(
    files: list[bytes], yaml: bool, options: list[str], range_bytes: int, range_lines: int
) -> None:
    with tempfile.TemporaryDirectory() as directory:
        paths = []
        for number, data in enumerate(files):
            path = Path(directory, f"{number}.jsonl")
            path.write_bytes(data)
            paths.append(str(path))
        if yaml:  # a file read whole between the ranges of the others
            Path(directory, "1.yaml").write_text(minimal_text("r1"), encoding="utf-8")
            paths.insert(1, str(Path(directory, "1.yaml")))
        for format in ("text", "json", "github", "junit"):
            argv = ["validate", *paths, *options, "--format", format]
            serial = run(*argv, "--jobs", "1")
            with (
                mock.patch.object(ranges, "RANGE_BYTES", range_bytes),
                mock.patch.object(ranges, "RANGE_LINES", range_lines),
            ):
                assert run(*argv, "--jobs", "2") == serial, format


def _every_kind(directory: Path) -> list[str]:
    """Files holding every kind of line twice over, with CRLF, a BOM, no last line end; one
    of blank lines only; one in UTF-16; and a YAML file among them."""
    lines = [kind(n) for n, kind in enumerate(KINDS * 2)]
    files = {
        "every.jsonl": b"\xef\xbb\xbf"
        + b"".join(line + (b"\r\n" if n % 3 else b"\n") for n, line in enumerate(lines))[:-1],
        "blank.jsonl": b"".join(line + b"\n" for line in BLANK),
        "utf16.jsonl": b"\xff\xfe" + b"\n".join(lines[:4]),
        "again.jsonl": b"\n".join(lines[::-1]),
    }
    for name, data in files.items():
        (directory / name).write_bytes(data)
    (directory / "one.yaml").write_text(minimal_text("r1"), encoding="utf-8")
    return [str(directory / name) for name in ("every.jsonl", "one.yaml", *list(files)[1:])]


@pytest.mark.parametrize(
    "options",
    [
        [],
        ["--skip-non-records"],
        ["--max-problems", "1", "--select", "schema"],
        ["--max-file-size", "4K", "--ignore", "duplicate-record-id"],
        ["--max-documents", "5"],
        ["--max-documents", "1", "--max-depth", "4", "--max-string-length", "60"],
    ],
)
def test_every_kind_of_line_in_ranges_of_every_size_reports_as_serial(
    tmp_path: Path, options: list[str]
) -> None:
    paths = _every_kind(tmp_path)
    for format in ("text", "json", "github", "junit"):
        argv = ["validate", *paths, *options, "--format", format]
        serial = run(*argv, "--jobs", "1")
        for range_bytes, range_lines in ((1 << 20, 1), (1 << 20, 4), (3000, 1000)):
            with (
                mock.patch.object(ranges, "RANGE_BYTES", range_bytes),
                mock.patch.object(ranges, "RANGE_LINES", range_lines),
            ):
                assert run(*argv, "--jobs", "2") == serial, (format, range_bytes, range_lines)


@settings(max_examples=300, deadline=None)
@given(
    data=st.lists(st.sampled_from([b"x", b"yy", b"\n", b"\r", b"zzzzzzz"]), max_size=80).map(
        b"".join
    ),
    range_bytes=st.integers(1, 40),
    range_lines=st.integers(1, 6),
    block=st.integers(1, 16),
)
def test_ranges_are_cut_at_line_ends_and_bounded(
    data: bytes, range_bytes: int, range_lines: int, block: int
) -> None:
    parts = list(ranges.cuts(io.BytesIO(data), range_bytes, range_lines, block))
    assert parts[0][0] == 0
    assert parts[-1][1] in (None, len(data))
    for (_, stop, _), (start, _, _) in itertools.pairwise(parts):
        assert stop == start
    for start, stop, first_line in parts:
        assert first_line == data.count(b"\n", 0, start) + 1
        piece = data[start:stop]
        lines = piece.count(b"\n")
        assert lines <= range_lines
        if stop is None:
            assert len(piece) <= range_bytes or lines == 0
            assert piece or not data  # only an empty file ends in an empty range
        else:
            assert stop > start
            assert piece.endswith(b"\n")
            assert len(piece) <= range_bytes or lines == 1


class _InProcess(Executor):
    """Runs each task at once in this process, and checks the window is never exceeded."""

    def __init__(self, window: int) -> None:
        self.window = window
        self.pending: Callable[[], int] = lambda: 0
        self.submitted = 0

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        assert self.pending() < self.window
        self.submitted += 1
        future: Future[Any] = Future()
        future.set_result(fn(*args, **kwargs))
        return future


def test_no_more_than_the_window_is_in_flight(tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    path.write_bytes(b"".join(_record(f"r{n}") + b"\n" for n in range(60)))
    item = Input(str(path), path=str(path))
    parallel._start(parallel.Settings(None, False, None, True))
    pool = _InProcess(window=3)
    with mock.patch.object(ranges, "RANGE_LINES", 2):
        window = parallel.Window(pool, [item], 3)
        pool.pending = lambda: len(window._pending)
        results = window.results(0, item)
        first = next(results)
        assert isinstance(first, RecordReport)
        assert pool.submitted == 4  # the one in hand and the window: not all 30 ranges
        assert [r.index for r in [first, *results]] == list(range(60))
    assert pool.submitted == 30


def test_results_left_unread_do_not_disturb_those_read_later(tmp_path: Path) -> None:
    for name in "abcd":
        lines = b"".join(_record(f"{name}{n}") + b"\n" for n in range(9))
        (tmp_path / f"{name}.jsonl").write_bytes(lines)
    inputs = expand([str(tmp_path)])
    # With unique_ids, the reports keep their record's id, and are equal to the serial ones.
    with mock.patch.object(ranges, "RANGE_LINES", 2):
        serial = [list(results) for _, results in check_inputs(inputs, unique_ids=True)]
        for wanted in range(4):
            checked = check_inputs(inputs, jobs=2, unique_ids=True)
            for number, (_, results) in enumerate(checked):
                if number == wanted:  # only this input's results are read
                    assert list(results) == serial[number]
        read = iter(check_inputs(inputs, jobs=2, unique_ids=True))
        _, first = next(read)
        assert next(first) == serial[0][0]  # the rest of it is left unread
        assert [list(results) for _, results in read] == serial[1:]


def test_a_task_holds_the_reports_of_a_range_not_of_a_file(tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    path.write_bytes(b"".join(_record(f"r{n}") + b"\n\n" for n in range(50)))
    tasks = list(ranges.plan(Input(str(path), path=str(path)), 1 << 20, 8))
    parallel._start(parallel.Settings(None, False, None, True))
    outcomes = [parallel.work(task) for task in tasks]
    assert [count for _, count, _ in outcomes] == [4] * 12 + [2]  # 8 lines, 4 records each
    assert all(len(packed) == count for packed, count, _ in outcomes)
    # A valid record's report travels as four small values, its file named once per task.
    assert outcomes[0][0][0] == (0, 1, 1, "r0")


def test_default_jobs_give_one_large_json_lines_file_a_pool(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big, small = tmp_path / "big.jsonl", tmp_path / "small.jsonl"
    monkeypatch.setattr(ranges, "RANGE_BYTES", AUTO_POOL_FILE_BYTES // 8)
    with big.open("wb") as handle:
        handle.truncate(AUTO_POOL_FILE_BYTES)  # sparse: no disk is written
    small.write_bytes(b"{}\n")
    yaml = tmp_path / "big.yaml"
    with yaml.open("wb") as handle:
        handle.truncate(AUTO_POOL_FILE_BYTES)
    cpus = os.cpu_count() or 1
    assert pool_size(expand([str(big)]), None) == min(cpus, 8)  # 8 ranges
    assert pool_size(expand([str(big)]), 0) == min(cpus, 8)
    assert pool_size(expand([str(yaml)]), None) == 1  # read whole: one task
    assert pool_size(expand([str(small)]), None) == 1
    assert pool_size(expand([str(small)]), 2) == 1  # one task needs no second worker
    assert pool_size(expand([str(big)]), 2) == 2
    with big.open("wb") as handle:
        handle.truncate(AUTO_POOL_FILE_BYTES - 1)
    assert pool_size(expand([str(big)]), None) == 1


def _append(path: Path) -> None:
    with path.open("ab") as handle:
        handle.write(b"\n")


def _replace(path: Path) -> None:
    copy_ = path.with_suffix(".copy")
    copy_.write_bytes(path.read_bytes())
    os.replace(copy_, path)


#: How a file may change while the parent cuts it and workers read its ranges.
MID_RUN: dict[str, Callable[[Path], object]] = {
    "truncated": lambda path: path.write_bytes(path.read_bytes()[:100]),
    "appended": _append,
    "replaced": _replace,
    "removed": Path.unlink,
}


@pytest.mark.parametrize("after", [0, 2])
@pytest.mark.parametrize("change", sorted(MID_RUN))
def test_a_file_changed_while_its_ranges_are_read_is_reported_alone(
    tmp_path: Path, change: str, after: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = [tmp_path / name for name in ("first.jsonl", "target.jsonl", "last.jsonl")]
    for path, count in zip(paths, (4, 8, 4), strict=True):
        path.write_bytes(b"".join(_record(f"{path.stem}{n}") + b"\n" for n in range(count)))
    target = paths[1]
    monkeypatch.setattr(ranges, "RANGE_LINES", 2)
    real, before = ranges.cuts, target.stat()

    def cuts(handle: Any, *args: Any) -> Iterator[Any]:
        changing = os.path.samestat(os.fstat(handle.fileno()), before)
        for number, part in enumerate(real(handle, *args)):
            yield part
            if changing and number == after:
                MID_RUN[change](target)

    monkeypatch.setattr(ranges, "cuts", cuts)
    got: dict[str, list[object]] = {}
    for item, results in check_inputs(expand([str(p) for p in paths]), jobs=2):
        got[item.name] = list(results)
    for name in (paths[0], paths[2]):
        assert all(isinstance(r, RecordReport) and r.valid for r in got[str(name)])
    *records, problem = got[str(target)]
    assert all(isinstance(r, RecordReport) and r.valid for r in records)
    assert isinstance(problem, Problem)
    assert problem.rule == "unreadable"
    assert "changed while it was being read" in problem.message
    # Every record is a line, and a range two of them: the ranges read before the change
    # are reported whole, the first after it is the problem, placed at its first line.
    assert len(records) % 2 == 0
    assert problem.line == len(records) + 1
    # The parent cuts range ``after`` before the file changes; a worker may read it first.
    assert len(records) <= 2 * (after + 1)


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_json_lines_file_changed_after_the_walk_is_reported_alone_in_ranges(
    tmp_path: Path, change: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    how, rule, words = CHANGES[change]
    _tree(tmp_path)
    target = tmp_path / "b" / "target.jsonl"
    monkeypatch.setattr(ranges, "RANGE_LINES", 1)
    got = _results(tmp_path, how, target, jobs=2, when="walked")
    if change == "its-directory-removed":
        got = {name: results for name, results in got.items() if "/b/" not in name}
        assert all(isinstance(r, RecordReport) and r.valid for rs in got.values() for r in rs)
        return
    _assert_only(got, target, rule, words)


def test_standard_input_is_checked_in_the_parent_among_parallel_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, last = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    for path in (first, last):
        path.write_bytes(b"".join(_record(f"r{n % 3}") + b"\n" for n in range(6)))
    data = _record("r1") + b"\n"

    def piped() -> io.TextIOWrapper:
        return io.TextIOWrapper(io.BytesIO(data))

    monkeypatch.setattr(ranges, "RANGE_LINES", 2)
    outputs = []
    for jobs in ("1", "2"):
        monkeypatch.setattr("sys.stdin", piped())
        outputs.append(run("validate", str(first), "-", str(last), "--jobs", jobs))
    assert outputs[0] == outputs[1]
    assert outputs[0][1].count("duplicate-record-id") == 13 - 3


@pytest.mark.parametrize(
    ("data", "options", "line"),
    [
        # A line past the size limit that starts with blanks is still one record.
        (b"{}\n" + b" " * 300 + b"{}\n{}\n{}\n", ["--max-file-size", "256"], 2),
        # A blank line past the size limit is no record, however long.
        (b"{}\n" + b" " * 300 + b"\n{}\n{}\n", ["--max-file-size", "256"], 3),
        # A CR before a record: its line is the one its line feed ends.
        (b"{}\n\r{}\n", [], 2),
        (b"{}\n\t\r{}\n{}\n", [], 2),
        # An unreadable record on a last line without a line end, after a CR.
        (b"{}\n{}\r{}", [], 2),
    ],
)
def test_the_record_past_max_documents_is_placed_alike_with_jobs(
    data: bytes, options: list[str], line: int, tmp_path: Path
) -> None:
    """Found by a hostile pass: the serial reader lost count after a long line starting
    with blanks, and the parallel run placed the record at its JSON position."""
    path = tmp_path / "records.jsonl"
    path.write_bytes(data)
    argv = ["validate", str(path), str(path), "--max-documents", "1", *options]
    serial = run(*argv, "--jobs", "1")
    assert f"{path}:{line}:1: too-many-documents" in serial[1], serial
    for range_bytes in (1, 5, 40):
        with (
            mock.patch.object(ranges, "RANGE_BYTES", range_bytes),
            mock.patch.object(ranges, "RANGE_LINES", 1),
        ):
            assert run(*argv, "--jobs", "2") == serial, range_bytes
