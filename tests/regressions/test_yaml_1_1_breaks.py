"""NEL, U+2028 and U+2029 written as themselves: kept exactly, or refused at their place.

The finding (``test_findings.py``) met a NEL in a quoted headline, folded to a space.
PyYAML and libyaml end a line at all three, as YAML 1.1 did; YAML 1.2 reads them as
characters. Here the class: each of the three in every scalar style, in keys and values,
next to blanks and breaks or between letters, and outside values (between tokens, in
comments), through both parsers. In a text whose lines end with LF or CR, what is read
must be what YAML 1.2 reads, or the text is refused at one of the three characters, with
a message naming it. A text whose lines all end with one of them is read as its lines;
and ``newsevents fmt`` writes every such value so that any reader reads it back the same.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import newsevents
from newsevents import Document, LoadError
from newsevents._cli import main
from newsevents._read import yamlread as _yaml
from newsevents._read.lines import line_column
from newsevents._read.yamlread import iter_yaml

from ..conftest import MINIMAL_PATH

BREAKS = ("\x85", "\u2028", "\u2029")
LOADERS = ["_CLoader", "_PureLoader"] if yaml.__with_libyaml__ else ["_PureLoader"]
# Characters no text below holds, which PyYAML reads as YAML 1.2 reads the three.
_STAND_INS = {ord(char): chr(0xE000 + n) for n, char in enumerate(BREAKS)}
_BACK = {ord(stand_in): chr(code) for code, stand_in in _STAND_INS.items()}


@contextmanager
def loader_named(name: str) -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_yaml, "_YAML_LOADER", getattr(_yaml, name))
        yield


def read(text: str) -> list[Document | LoadError]:
    return list(iter_yaml(text, "t.yaml"))


def _back(value: Any) -> Any:
    if isinstance(value, str):
        return value.translate(_BACK)
    if isinstance(value, dict):
        return {_back(key): _back(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_back(item) for item in value]
    return value


def as_yaml_1_2_reads(text: str) -> list[Any] | None:
    """The records YAML 1.2 reads from ``text``, or None if it reads none: PyYAML, given
    characters it takes for no line break in place of the three."""
    found = read(text.translate(_STAND_INS))
    if any(isinstance(item, LoadError) for item in found):
        return None
    return [_back(item.record) for item in found if isinstance(item, Document)]


def assert_kept_or_refused_in_place(text: str) -> list[Any] | LoadError:
    """What every parser reads from ``text`` (whose lines end with LF): what it reads as
    YAML 1.2 reads the three, or a refusal at one of them, naming it."""
    outcome: list[Any] | LoadError = []
    for name in LOADERS:
        with loader_named(name):
            expected = as_yaml_1_2_reads(text)
            found = read(text)
        errors = [item for item in found if isinstance(item, LoadError)]
        if not errors:
            outcome = [item.record for item in found if isinstance(item, Document)]
            assert outcome == expected, (name, text, "a value was changed in silence")
            continue
        outcome = error = errors[0]
        if expected is None:
            continue  # YAML 1.2 refuses it too: whatever the reader says is fair
        named = [
            i
            for i, char in enumerate(text)
            if char in BREAKS
            and line_column(text, i, yaml=True) == (error.line, error.column)
            and f"U+{ord(char):04X}" in error.message
        ]
        assert named, (name, text, error)
        assert error.rule == "yaml-syntax", error
        assert "inside double quotes" in error.message
    return outcome


# --- Every style, generated ----------------------------------------------------------------

ANY_BODY = st.lists(
    st.sampled_from([*BREAKS, *BREAKS, "a", "b", " ", "\t", "\n", "\\", "#", ":", "-", "'", '"']),
    max_size=6,
).map("".join)
# Where PyYAML keeps a LS or PS: between two characters that are neither blanks nor breaks.
WORDS = st.text("ab", min_size=1, max_size=3) | st.sampled_from(["-", "#", ":", "'", '"', "\\"])
APART = st.tuples(WORDS, st.sampled_from(BREAKS[1:]), WORDS).map("".join)
BODY = ANY_BODY | APART
FLOW_STYLES = st.sampled_from(["plain", "single", "double", "flow"])
STYLES = FLOW_STYLES | st.sampled_from(["literal", "folded"])
KEEPING = st.sampled_from(["single", "double", "flow"])


def _scalar(style: str, body: str, indent: int) -> str:
    pad = "\n" + " " * (indent + 2)
    if style == "single":
        return "'" + body.replace("'", "''") + "'"
    if style == "double":
        return '"' + body.replace('"', '\\"') + '"'  # a backslash before a break escapes it
    if style in ("literal", "folded"):
        return ("|" if style == "literal" else ">") + pad + body.replace("\n", pad)
    if style == "flow":
        return "[" + body + "]"
    return body


@st.composite
def texts(draw: st.DrawFn) -> str:
    """A record-like YAML text with LF line ends and the three characters in its scalars,
    its keys, its comments and between its tokens; or, half the time, only a LS or PS
    between two other characters, in values whose style keeps it."""
    apart = draw(st.booleans())
    bodies, styles = (APART | WORDS, KEEPING) if apart else (BODY, STYLES)
    lines = ["id: x"]
    for n in range(draw(st.integers(1, 3))):
        key = f"k{n}"
        if not apart and draw(st.booleans()):  # a key is on one line, to YAML 1.1
            body = draw(bodies).replace("\n", "")
            key = _scalar(draw(FLOW_STYLES.filter(lambda style: style != "flow")), body, 0)
        value = _scalar(draw(styles), draw(bodies), 2)
        nested = draw(st.sampled_from(["", "map", "list"]))
        if nested:
            inner = "k: " if nested == "map" else "- "
            lines.append(f"{key}:\n  {inner}{value.replace(chr(10), chr(10) + '  ')}")
        else:
            lines.append(f"{key}: {value}")
        if not apart and draw(st.integers(0, 4)) == 0:
            after = draw(st.sampled_from(["  # note", "", " #"]))
            lines[-1] += after + draw(st.sampled_from(BREAKS))
    lines.append("last: 1")
    return "\n".join(lines) + "\n"


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(texts())
def test_every_style_keeps_the_characters_or_refuses_them_in_place(text: str) -> None:
    assert_kept_or_refused_in_place(text)


# --- What each style does ------------------------------------------------------------------

KEPT = [  # LS and PS between two other characters: PyYAML keeps them as they are
    "k: 'a{c}b'\n",
    'k: "a{c}b"\n',
    'k: "{c}"\n',
    "k: [a{c}b]\n",
    "k: {{x: a{c}b}}\n",
]
REFUSED = [  # every other place: a NEL anywhere, a LS or PS next to a blank or a break
    "k: 'a {c} b'\n",
    "k: 'a{c} b'\n",
    'k: "a\\{c}b"\n',  # an escaped line break, which PyYAML drops
    "k: 'a\n{c}b'\n",
    "k: a {c} b\n",
    "k: a{c}b\n",  # the plain value ends at the break, and b is no key
    "k: a{c}\n",
    "a{c}b: 1\n",
    "'a{c}b': 1\n",
    '"a{c}b": 1\n',
    "{{'a{c}b': 1}}\n",  # a key on one line only, to YAML 1.1
    "k: |\n  a{c}b\n",
    "k: |\n  a{c}  b\n",
    "k: >\n  a{c}  b\n",
    "k: 1  # a comment{c}j: 2\n",
    "k: 1{c}j: 2\n",  # YAML 1.1 reads two keys, YAML 1.2 none
    "k:\n- a{c}- b\n",  # a list of two, or one string
    "k: a{c}#b\n",
    "k: 'a'{c}\n",
    "k: 'a{c}--- b'\n",
    "k: [a{c}#b]\n",
    "k: :{c}\n",
    "k:\n  - x{c}y\n  - z\n",
]


@pytest.mark.parametrize("char", BREAKS, ids=["NEL", "LS", "PS"])
@pytest.mark.parametrize("template", KEPT + REFUSED, ids=repr)
def test_each_place_in_each_style(template: str, char: str) -> None:
    text = "id: x\n" + template.format(c=char)
    outcome = assert_kept_or_refused_in_place(text)
    if template in KEPT and char != "\x85":
        assert not isinstance(outcome, LoadError), outcome
        assert char in json.dumps(outcome, ensure_ascii=False)
    else:
        assert isinstance(outcome, LoadError), f"{text!r} was read as {outcome}"


# --- Files whose lines end with them --------------------------------------------------------


@pytest.mark.parametrize("char", BREAKS, ids=["NEL", "LS", "PS"])
def test_a_file_whose_lines_all_end_with_one_is_read_as_its_lines(char: str) -> None:
    """As YAML 1.1 wrote files: block scalars, comments and line ends all read as lines."""
    text = f"id: x{char}text: |{char}  a{char}  b{char}# note{char}n: 1{char}"
    (document,) = newsevents.loads_all(text.encode("utf-8"), format="yaml")
    assert document.record["id"] == "x"
    assert document.record["n"] == 1
    assert document.record["text"].replace(char, "\n") == "a\nb\n"


@pytest.mark.parametrize("loader", LOADERS)
@pytest.mark.parametrize("char", BREAKS, ids=["NEL", "LS", "PS"])
@pytest.mark.parametrize("text", ["title: Wait{c}", "title: Wait{c}{c}", "title: Wait {c} "])
def test_breaks_only_at_the_end_of_a_one_line_text_are_refused(
    text: str, char: str, loader: str
) -> None:
    """'title: Wait<NEL>' is the line 'title: Wait' to YAML 1.1, but the value 'Wait<NEL>'
    to YAML 1.2: nothing else in the text says it ends its lines so, and a NEL at the end
    of a value is most often a '…' decoded wrongly. Neither reading is taken in silence."""
    text = text.format(c=char)
    with loader_named(loader):
        (found,) = read(text)
    assert isinstance(found, LoadError), found
    assert (found.problem.line, found.problem.column) == (1, text.index(char) + 1)


@pytest.mark.parametrize("char", BREAKS, ids=["NEL", "LS", "PS"])
@pytest.mark.parametrize("template", ["k: 'a{c}b'", "k: 'a {c} b'", 'k: "x{c} y"', "k: a {c} b"])
def test_in_a_flow_value_they_are_still_no_line_end(template: str, char: str) -> None:
    """A one-line file holds no line end: a NEL in its quoted value is a character that
    PyYAML would fold, so it is refused there, even with no LF in the file."""
    text = template.format(c=char)
    found = read(text)
    if char != "\x85" and "a{c}b" in template:
        assert found[0].record == {"k": f"a{char}b"}  # type: ignore[union-attr]
        return
    (error,) = found
    assert isinstance(error, LoadError), found
    assert f"U+{ord(char):04X}" in error.message
    assert (error.line, error.column) == (1, text.index(char) + 1)


# --- fmt -----------------------------------------------------------------------------------

ESCAPED = [
    '"a\\Nb"',
    '"a\\x85b"',
    '"a\\Lb"',
    '"a\\u2028b"',
    '"a\\Pb"',
    '"a \\u2029 b"',
    "'a\u2028b'",
]


def _with_headline(tmp_path: Path, written: str) -> Path:
    path = tmp_path / "record.yaml"
    text = MINIMAL_PATH.read_text(encoding="utf-8")
    path.write_text(text.replace("headline: Premiers meet in Minsk", f"headline: {written}"))
    return path


@pytest.mark.parametrize("written", ESCAPED)
def test_fmt_writes_each_value_so_that_it_reads_back_the_same(written: str, tmp_path: Path) -> None:
    path = _with_headline(tmp_path, written)
    before = newsevents.load(path)["article"]["headline"]
    assert any(char in before for char in BREAKS)
    out, err = io.StringIO(), io.StringIO()
    assert main(["fmt", str(path)], out=out, err=err) == 0, err.getvalue()
    formatted = path.read_text(encoding="utf-8")
    assert not any(char in formatted for char in BREAKS), "written as escapes"
    assert newsevents.load(path)["article"]["headline"] == before
    assert yaml.safe_load(formatted)["article"]["headline"] == before  # by any YAML reader


@pytest.mark.parametrize("char", BREAKS, ids=["NEL", "LS", "PS"])
def test_fmt_leaves_a_value_it_cannot_read_as_written(char: str, tmp_path: Path) -> None:
    path = _with_headline(tmp_path, f"'Premiers {char} meet'")
    before = path.read_bytes()
    out, err = io.StringIO(), io.StringIO()
    assert main(["fmt", str(path)], out=out, err=err) == 1
    assert path.read_bytes() == before
    text = before.decode("utf-8")
    line, column = line_column(text, text.index(char), yaml=True)
    assert f"{path}:{line}:{column}: yaml-syntax: U+{ord(char):04X}" in err.getvalue()
