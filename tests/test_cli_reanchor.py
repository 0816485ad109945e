"""``newsevents reanchor``: spans moved in the file, and nothing else of it changed."""

from __future__ import annotations

import io
import os
import re
import stat
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newsevents
from newsevents._cli import main
from newsevents._cli.reanchor import ReanchorSettings, run_reanchor
from newsevents._layout.emit import scalar

from .conftest import MINIMAL_PATH

MINIMAL = MINIMAL_PATH.read_text(encoding="utf-8")
ARTICLE = newsevents.load(MINIMAL_PATH)["article"]["text"]
TEXT_LINE = f"  text: {ARTICLE}\n"
assert TEXT_LINE in MINIMAL


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), out=out, err=err), out.getvalue(), err.getvalue()


def _with_text(yaml_text: str, article: str) -> str:
    """The record's YAML with its article text replaced, every other line as it was."""
    return yaml_text.replace(TEXT_LINE, f"  text: {scalar(article)}\n")


def _digits_blanked(text: str) -> str:
    return re.sub(r"[0-9]+", "#", text)


@pytest.fixture
def edited(tmp_path: Path) -> Path:
    """The minimal record, with a word put before its article text."""
    path = tmp_path / "edited.yaml"
    path.write_text(_with_text(MINIMAL, "Premier " + ARTICLE), encoding="utf-8")
    return path


def test_check_lists_the_moves_and_changes_nothing(edited: Path) -> None:
    before = edited.read_bytes()
    code, out, err = run("reanchor", "--check", str(edited))
    assert (code, out) == (1, "")
    lines = err.splitlines()
    assert lines[0] == f"{edited}:22:9: would move /entities/0/evidence/0 from [0, 8) to [8, 16)"
    assert len(lines) == 11  # every span of the record, and the summary
    assert lines[-1] == "10 spans would move, in 1 file, 0 unchanged"
    assert edited.read_bytes() == before


def test_reanchor_rewrites_the_offsets_and_nothing_else(edited: Path) -> None:
    # A file in no canonical layout: comments, quoting, a block-style span, CR LF, a BOM.
    text = edited.read_text(encoding="utf-8")
    text = text.replace("      - {start: 13, end: 30, text: Roman Golovchenko}\n", (
        "      # the full name\n      - start: 13   # first\n        end: 30\n"
        "        text: 'Roman Golovchenko'\n"
    ))  # fmt: skip
    text = "\ufeff# a draft\n" + text.replace("\n", "\r\n")
    edited.write_bytes(text.encode("utf-8"))
    os.chmod(edited, 0o640)
    expected = newsevents.load(edited)
    newsevents.reanchor(expected)
    code, out, err = run("reanchor", str(edited))
    assert (code, out) == (0, "")
    assert err.splitlines()[-1] == "10 spans moved, 1 file rewritten, 0 unchanged"
    after = edited.read_bytes().decode("utf-8")
    assert _digits_blanked(after) == _digits_blanked(text)
    assert newsevents.load(edited) == expected
    assert newsevents.is_valid(expected)
    assert stat.S_IMODE(edited.stat().st_mode) == 0o640
    assert run("reanchor", "--check", str(edited)) == (
        0,
        "",
        "0 spans would move, in 0 files, 1 unchanged\n",
    )


def test_a_span_that_cannot_be_placed_is_reported_and_the_rest_are_moved(edited: Path) -> None:
    edited.write_text(
        _with_text(MINIMAL, "Premier " + ARTICLE.replace("Minsk", "Mensk")), encoding="utf-8"
    )
    code, _, err = run("reanchor", str(edited))
    assert code == 1
    assert (
        f"{edited}:33:9: could not place /entities/2/evidence/0: 'Minsk' is not written "
        "within 10,000 code points of [34, 39); left unchanged"
    ) in err.splitlines()
    assert (
        err.splitlines()[-1]
        == "8 spans moved, 1 file rewritten, 0 unchanged; 2 could not be placed"
    )
    record = newsevents.load(edited)
    assert record["entities"][2]["evidence"][0] == {"start": 34, "end": 39, "text": "Minsk"}
    assert record["entities"][0]["evidence"][0]["start"] == 8


def test_every_record_of_a_file_is_reanchored(tmp_path: Path) -> None:
    path = tmp_path / "two.yaml"
    first = _with_text(MINIMAL, "A " + ARTICLE)
    second = _with_text(MINIMAL, "Bb " + ARTICLE).replace("example-minimal", "example-two")
    path.write_text(first + "---\n" + second, encoding="utf-8")
    code, _, err = run("reanchor", str(path))
    assert code == 0
    lines = MINIMAL.count("\n") + 1
    assert f"{path}:22:9: moved /entities/0/evidence/0 from [0, 8) to [2, 10)" in err
    assert f"{path}:{22 + lines}:9: moved /entities/0/evidence/0 from [0, 8) to [3, 11)" in err
    assert all(newsevents.is_valid(document) for document in newsevents.load_all(path))


def test_standard_input_goes_to_standard_output(monkeypatch: pytest.MonkeyPatch) -> None:
    out, err = io.StringIO(), io.StringIO()
    given_text = _with_text(MINIMAL, "Premier " + ARTICLE)
    code = run_reanchor(ReanchorSettings(("-",)), out, err, given_text.encode("utf-8"))
    assert code == 0
    assert newsevents.is_valid(newsevents.loads(out.getvalue()))
    assert "<stdin>:22:9: moved /entities/0/evidence/0" in err.getvalue()
    out = io.StringIO()
    assert run_reanchor(ReanchorSettings(("-",), check=True), out, err, b"id: x\n") == 0
    assert out.getvalue() == ""


def test_what_cannot_be_read_or_written_is_reported(tmp_path: Path, edited: Path) -> None:
    json_file = tmp_path / "record.json"
    json_file.write_text("{}", encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text("a: 1\na: 2\n", encoding="utf-8")
    os.chmod(edited, 0o444)
    code, _, err = run(
        "reanchor", str(json_file), str(broken), str(tmp_path / "missing.yaml"), str(edited)
    )
    assert code == 1
    assert f"{json_file}: not-yaml: reanchor moves the spans of YAML record files" in err
    assert f"{broken}:2:1: duplicate-key: " in err
    assert f"{edited}: unwritable: the file is read-only" in err
    assert err.splitlines()[-1].endswith("; 4 could not be read or written")
    assert run("reanchor", "--window", "-1", str(edited))[0] == 2


@settings(max_examples=60, deadline=None)
@given(
    at=st.integers(0, len(ARTICLE)),
    deleted=st.integers(0, 12),
    inserted=st.text(alphabet="ab \"#:\u00a0\U0001f600'", max_size=12),
)
def test_the_file_reads_back_as_the_library_reanchors_it(
    at: int, deleted: int, inserted: str
) -> None:
    article = ARTICLE[:at] + inserted + ARTICLE[at + deleted :]
    given_text = _with_text(MINIMAL, article)
    expected = newsevents.loads(given_text)
    moves = newsevents.reanchor(expected)
    out, err = io.StringIO(), io.StringIO()
    code = run_reanchor(ReanchorSettings(("-",)), out, err, given_text.encode("utf-8"))
    assert newsevents.loads(out.getvalue()) == expected
    assert _digits_blanked(out.getvalue()) == _digits_blanked(given_text)
    assert code == (1 if any(not move.moved for move in moves) else 0)
