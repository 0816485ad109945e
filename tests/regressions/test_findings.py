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
from newsevents import Document, LoadError
from newsevents._cli import fmt as cli_fmt
from newsevents._cli import main
from newsevents._cli.inputs import expand
from newsevents._cli.validate import check_inputs
from newsevents._errors import Problem
from newsevents._layout.format import format_documents, format_yaml

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


@pytest.mark.parametrize("quote", ['"', "'"])
@pytest.mark.parametrize("around", [("x", "y"), ("", ""), ("x ", " y")])
def test_a_raw_nel_in_a_quoted_yaml_value_is_kept_or_refused(
    quote: str, around: tuple[str, str]
) -> None:
    """Found with the JSON case above: PyYAML and libyaml read NEL (U+0085) as a line
    break, as YAML 1.1 did, and fold it to a space inside a quoted value; YAML 1.2 reads
    it as a character. Text scraped from Windows-1252 pages carries NEL where "…" was.
    The value must keep the character, or the file be refused at its place; never a
    space in silence."""
    value = f"{around[0]}\x85{around[1]}"
    text = MINIMAL_PATH.read_text(encoding="utf-8").replace(
        "headline: Premiers meet in Minsk", f"headline: {quote}{value}{quote}"
    )
    try:
        record = newsevents.loads(text.encode("utf-8"), format="yaml")
    except LoadError as error:
        refused: LoadError | None = error
    else:
        refused = None
        assert record["article"]["headline"] == value
    if refused is not None:
        line = text[: text.index("\x85")].count("\n") + 1
        assert refused.problem.line == line, refused
        assert "U+0085" in refused.problem.message, refused


BOMLESS = ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"]


@pytest.mark.parametrize("format", ["yaml", "json", "jsonl", None])
@pytest.mark.parametrize("encoding", BOMLESS)
def test_utf16_and_utf32_without_a_byte_order_mark_are_named(
    encoding: str, format: Any, tmp_path: Path
) -> None:
    """The text fuzzer's encodings: UTF-16 and UTF-32 with a byte-order mark are named
    (``encoding``: "the file is UTF-16 ..."), but without one they are reported as
    "json-syntax: Expecting value" or "yaml-syntax: the character U+0000 is not allowed",
    which sends the user looking for a syntax error. Both RFC 8259 and YAML 1.2 (5.2) tell
    these encodings from the zero bytes of the first characters."""
    record = newsevents.load_fixture("minimal")
    texts = {
        "yaml": MINIMAL_PATH.read_text(encoding="utf-8"),
        "json": json.dumps(record),
        "jsonl": json.dumps(record) + "\n",
        None: json.dumps(record),
    }
    data = texts[format].encode(encoding)
    with pytest.raises(LoadError) as raised:
        newsevents.loads_all(data, format=format)
    problem = raised.value.problem
    assert problem.rule == "encoding", problem
    assert encoding[:6].upper() in problem.message, problem
    path = tmp_path / f"record.{format or 'json'}"
    path.write_bytes(data)
    with pytest.raises(LoadError, match=r"encoding: .*UTF-"):
        newsevents.load_all(path)


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


def test_fmt_leaves_a_file_edited_while_it_was_formatted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The mid-run tests, through fmt: a file saved by its author between fmt reading it
    and writing it back is overwritten with the formatted old text, and the author's edit
    is lost without a word. fmt must see that the file changed since it read it, leave it
    as it is, and say so (exit 1)."""
    path = tmp_path / "record.yaml"
    original = MINIMAL_PATH.read_text(encoding="utf-8")
    lines = original.splitlines(keepends=True)
    at = next(n for n, line in enumerate(lines) if line.startswith("schema:"))
    lines[at], lines[at + 1] = lines[at + 1], lines[at]  # id before schema: fmt reorders
    path.write_text("".join(lines), encoding="utf-8")
    edited = original + "# the author's edit\n"
    format_now = format_documents

    def format_while_the_author_saves(
        text: str, documents: list[Document], *, name: str | None = None
    ) -> str:
        formatted = format_now(text, documents, name=name)
        path.write_text(edited, encoding="utf-8")
        return formatted

    monkeypatch.setattr(cli_fmt, "format_documents", format_while_the_author_saves)
    out, err = io.StringIO(), io.StringIO()
    code = main(["fmt", str(path)], out=out, err=err)
    assert path.read_text(encoding="utf-8") == edited, "the author's edit was overwritten"
    assert code == 1
    assert str(path) in err.getvalue()


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
