"""What fuzzing found, each class of it held to the behaviour it should have.

Each test names the finding: how the fuzzers met it, what goes wrong, and what must hold.
Their inputs are generated across the class, not the one reproducer.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newsevents
from newsevents._cli import main
from newsevents._cli.inputs import expand
from newsevents._cli.validate import check_inputs
from newsevents._errors import Problem
from newsevents._layout.format import format_yaml

from ..conftest import MINIMAL_PATH
from ..fuzzcheck import check_format, strict, time_limit

#: Characters at the edges: beyond the Basic Multilingual Plane (json.dumps escapes them
#: as surrogate pairs), DEL and the C1 controls, NEL, the line and paragraph separators.
_EDGES = st.sampled_from(
    ["😀", "\U0001d400", "\U0010fffd", "\x7f", "\x80", "\x85", "\x9f", " \u2028", "\u2029 "]
)
_TEXT = st.lists(_EDGES | st.characters(codec="utf-8"), max_size=6).map("".join)


def _with(value: str) -> dict[str, Any]:
    record: dict[str, Any] = dict(newsevents.load_fixture("minimal"))
    record["article"]["headline"] = "x" + value
    return record


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(_TEXT, st.booleans())
def test_json_read_as_yaml_reads_as_json_does(value: str, ascii_only: bool) -> None:
    """The text fuzzer writes records as ``json.dumps`` does and reads them as YAML.

    YAML 1.2 reads every JSON text as JSON does, and a producer's JSON saved as
    ``record.yaml``, or handed to ``newsevents fmt``, is such a text. The reader refuses
    ``"\\ud83d\\ude00"`` (json.dumps' default for any character beyond the Basic
    Multilingual Plane) as a YAML syntax error, refuses DEL and C1 controls written as
    themselves ("not allowed in YAML"), reads a NEL written as itself as a space, and
    drops the spaces before a U+2028 or U+2029 written as itself (line breaks to it).
    """
    record = _with(value)
    text = json.dumps(record, ensure_ascii=ascii_only).encode("utf-8")
    assert strict(newsevents.loads(text, format="yaml")) == strict(record)
    assert strict(newsevents.loads(text, format="json")) == strict(record)


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(_TEXT, st.booleans())
def test_fmt_of_json_text_keeps_every_character(value: str, ascii_only: bool) -> None:
    """``format_yaml(json.dumps(record))``, as the fuzz brief and ``newsevents sample``
    write YAML, keeps the record: the same class met through the formatter."""
    record = _with(value)
    formatted = format_yaml(json.dumps(record, ensure_ascii=ascii_only))
    assert strict(newsevents.loads(formatted.encode("utf-8"), format="yaml")) == strict(record)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a named pipe")
@pytest.mark.parametrize("suffix", [".yaml", ".json", ".jsonl"])
def test_a_walked_file_replaced_by_a_fifo_mid_run_is_reported_not_waited_on(
    tmp_path: Path, suffix: str
) -> None:
    """The mid-run tests: a file that the walk found regular, replaced by a named pipe
    before it is read, is opened for reading and waited on for ever (no writer comes):
    the run hangs. The walk already reports a FIFO it finds ("this is a FIFO (named
    pipe), not a regular file"); reading a walked file must say the same, not block."""
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}{suffix}").write_bytes(MINIMAL_PATH.read_bytes())
    inputs = expand([str(tmp_path)])
    target = tmp_path / f"b{suffix}"
    target.unlink()
    os.mkfifo(target)
    got: dict[str, list[Any]] = {}
    with time_limit(10):
        for item, results in check_inputs(inputs):
            got[item.name] = list(results)
    problems = [r for r in got[str(target)] if isinstance(r, Problem)]
    assert [p.rule for p in problems] == ["unreadable"], got[str(target)]
    assert "FIFO" in problems[0].message


EMPTY_RECORDS = [
    "{}",
    "{}\n",
    "{ }\n",
    "--- {}\n",
    "--- !!map {}\n",
    "{}  # after\n",
    "# above\n{}\n",
    "# above\n{}  # after\n# below\n",
    "a: 1\n---\n{}\n",
    "{}\n---\na: 1  # x\n",
    "{}\n---\n{}\n",
]


@pytest.mark.parametrize("text", EMPTY_RECORDS)
def test_fmt_of_an_empty_record_keeps_it(text: str, tmp_path: Path) -> None:
    """Found by fuzz/fuzz_fmt.py: ``{}`` (a document that is an empty mapping) made
    ``format_yaml`` raise IndexError, a traceback from ``newsevents fmt``; with a comment
    beside it, it was formatted to the comment alone, which reads as no record at all."""
    formatted = check_format(text)
    assert formatted is not None
    assert format_yaml(formatted) == formatted
    path = tmp_path / "empty.yaml"
    path.write_text(text, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert main(["fmt", str(path)], out=out, err=err) == 0, err.getvalue()
    records = [d.record for d in newsevents.load_all(path)]
    assert records == [d.record for d in newsevents.loads_all(text.encode(), format="yaml")]
