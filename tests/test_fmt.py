"""The record formatter: canonical layout, every value and every comment kept, idempotent."""

from __future__ import annotations

import random
import re
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsevents._read import yamlread as _yaml
from newsevents._errors import LoadError
from newsevents._layout.format import format_yaml
from newsevents._layout.emit import literal, scalar
from newsevents._read.loader import load_documents

from .conftest import CANONICAL_PATH, example_id, expectation, invalid_examples, valid_examples

MINIMAL = Path(__file__).parent / "examples" / "valid" / "minimal.yaml"


def records(text: str) -> list[dict[str, Any]]:
    """Every record of a YAML text, read by the package's loader."""
    return [document.record for document in load_documents(text.encode(), format="yaml")]


def same(a: object, b: object) -> bool:
    """Equal and of the same types all the way down (1 == 1.0 == True is not enough here)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[key], b[key]) for key in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(map(same, a, b))
    return a == b


def assert_canonical(source: str) -> str:
    """Format ``source`` and check every promise the formatter makes about the result."""
    formatted = format_yaml(source)
    assert same(records(formatted), records(source))
    assert format_yaml(formatted) == formatted
    assert formatted.endswith("\n")
    assert not formatted.endswith("\n\n")
    assert not re.search(r"[ \t]$", formatted, re.MULTILINE)
    return formatted


# --- The bundled files are already canonical -----------------------------------------------


def _readable(path: Path) -> bool:
    return path in valid_examples() or expectation(path)[1] is not None


@pytest.mark.parametrize(
    "path", [p for p in valid_examples() + invalid_examples() if _readable(p)], ids=example_id
)
def test_fixture_and_examples_are_fixed_points(path: Path, parser: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert format_yaml(text, name=str(path)) == text


@pytest.mark.parametrize(
    "path", [p for p in invalid_examples() if not _readable(p)], ids=example_id
)
def test_an_example_the_loader_refuses_is_refused_with_its_rule(path: Path) -> None:
    with pytest.raises(LoadError) as raised:
        format_yaml(path.read_text(encoding="utf-8"), name=str(path))
    assert (raised.value.rule, raised.value.file) == (expectation(path)[0], str(path))
    assert raised.value.line is not None


def test_formatting_the_fixture_is_fast() -> None:
    text = CANONICAL_PATH.read_text(encoding="utf-8")
    format_yaml(text)  # the schemas are read once, on first use
    start = time.perf_counter()
    for _ in range(5):
        format_yaml(text)
    assert (time.perf_counter() - start) / 5 < 0.25  # about 45 ms here; generous for slow CI


def test_the_article_text_is_a_literal_block_that_round_trips() -> None:
    text = CANONICAL_PATH.read_text(encoding="utf-8")
    article = records(text)[0]["article"]["text"]
    assert "\u00a0" in article
    assert "\u2022" in article
    assert "  text: |-\n    China and Belarus" in format_yaml(text)
    assert records(format_yaml(text))[0]["article"]["text"] == article


# --- Comments -------------------------------------------------------------------------------

MESSY = """\
# Header: stays on top,
# even though the first key moves.
id: messy-1   # the record's id
schema: https://newsevents.dev/schemas/1.0/record.schema.json
article:
    # Said of the text.
    text: |
        Line one.
        # Not a comment: part of the text.
        Line two.
    headline: "Premiers meet"      # end of line
    published: {value: '2024-08-23', precision: day}  # was a flow mapping
entities:
# About China, written at the wrong indentation.
- evidence:
  - {text: China, start: 0, end: 5}  # a span
  name: China
  kind: country
  id: china
  aliases: [Zhongguo, 'yes', "no", 1:20, 0755, ~]
  notes: {}   # unknown to the schema: kept, after the known keys
topics: []
# At the end, stays at the end.
"""

MESSY_FORMATTED = """\
# Header: stays on top,
# even though the first key moves.
schema: https://newsevents.dev/schemas/1.0/record.schema.json
id: messy-1  # the record's id
article:
  headline: Premiers meet  # end of line
  published:  # was a flow mapping
    value: '2024-08-23'
    precision: day
  # Said of the text.
  text: |
    Line one.
    # Not a comment: part of the text.
    Line two.
entities:
  # About China, written at the wrong indentation.
  - id: china
    kind: country
    name: China
    aliases:
      - Zhongguo
      - 'yes'
      - 'no'
      - '1:20'
      - 755
      - null
    evidence:
      - {start: 0, end: 5, text: China}  # a span
    notes: {}  # unknown to the schema: kept, after the known keys
topics: []
# At the end, stays at the end.
"""


def test_comments_are_kept_in_place(parser: str) -> None:
    assert assert_canonical(MESSY) == MESSY_FORMATTED


def test_comments_stay_in_their_document_and_separators_are_kept(parser: str) -> None:
    source = "# one\nid: a\nschema: s  # eol\n# end of one\n---\n# two\nid: b\n...\n# tail\n"
    expected = "# one\nschema: s  # eol\nid: a\n# end of one\n---\n# two\nid: b\n# tail\n"
    assert assert_canonical(source) == expected


def test_a_comment_before_a_later_key_moves_with_it() -> None:
    source = "provenance:\n  # who\n  by: me\n  method: generated\n"
    assert format_yaml(source) == "provenance:\n  method: generated\n  # who\n  by: me\n"


def test_a_comment_above_a_nested_first_key_goes_above_the_item() -> None:
    source = "entities:\n  -\n    # the kind\n    kind: city\n    id: minsk\n"
    assert format_yaml(source) == "entities:\n  # the kind\n  - id: minsk\n    kind: city\n"


@pytest.mark.parametrize(
    ("source", "line"),
    [
        ("a: {b: 1,  # inside a flow mapping\n  c: 2}\n", 1),
        ("a: [1,\n  # inside a flow sequence\n  2]\n", 2),
        ("evidence:\n  - start: 1  # inside a span\n    end: 2\n    text: x\n", 2),
        ("evidence:\n  - start: 1\n    # inside a span\n    end: 2\n    text: x\n", 3),
        ("a:  # one\n  b  # two: both would end the line 'a: b'\n", 2),
    ],
)
def test_a_comment_that_cannot_be_placed_is_an_error_not_a_loss(source: str, line: int) -> None:
    with pytest.raises(LoadError) as raised:
        format_yaml(source, name="messy.yaml")
    assert raised.value.rule == "fmt-comment"
    assert (raised.value.file, raised.value.line) == ("messy.yaml", line)
    assert "move it" in raised.value.message


# --- Key order -----------------------------------------------------------------------------


def _reversed(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _reversed(value[key]) for key in reversed(value)}
    if isinstance(value, list):
        return [_reversed(item) for item in value]
    return value


def test_keys_come_in_schema_order() -> None:
    canonical = MINIMAL.read_text(encoding="utf-8")
    (record,) = records(canonical)
    shuffled = yaml.safe_dump(_reversed(record), sort_keys=False, allow_unicode=True)
    header = canonical[: canonical.index("schema:")]
    assert format_yaml(header + shuffled) == canonical


def test_claim_values_put_kind_first_then_their_branch() -> None:
    source = "claims:\n  - value:\n      text: second\n      rank: 2\n      kind: rank\n"
    expected = "claims:\n  - value:\n      kind: rank\n      rank: 2\n      text: second\n"
    assert format_yaml(source) == expected


def test_unknown_keys_follow_the_known_ones_in_their_own_order() -> None:
    source = "zeta: 1\nid: x\nalpha: 2\nschema: s\nprovenance: {mu: 1, by: me, method: generated}\n"
    expected = (
        "schema: s\nid: x\nprovenance:\n  method: generated\n  by: me\n  mu: 1\nzeta: 1\nalpha: 2\n"
    )
    assert format_yaml(source) == expected


# --- Scalars -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("China", "China"),
        ("2024", "'2024'"),
        ("2024-08-22", "'2024-08-22'"),
        ("2024-08-23T02:34", "'2024-08-23T02:34'"),
        ("2024-08-23 02:34:00", "'2024-08-23 02:34:00'"),
        ("12:30", "'12:30'"),
        ("1:20", "'1:20'"),
        ("0755", "'0755'"),
        ("1_000", "'1_000'"),
        ("1e3", "'1e3'"),
        ("0x1F", "'0x1F'"),
        (".inf", "'.inf'"),
        ("-.NaN", "'-.NaN'"),
        ("yes", "'yes'"),
        ("NO", "'NO'"),
        ("Off", "'Off'"),
        ("y", "'y'"),
        ("true", "'true'"),
        ("null", "'null'"),
        ("~", "'~'"),
        ("", "''"),
        ("<<", "'<<'"),
        ("=", "'='"),
        (" leading", "' leading'"),
        ("trailing ", "'trailing '"),
        ("a: b", "'a: b'"),
        ("ends:", "'ends:'"),
        ("a #b", "'a #b'"),
        ("a#b", "a#b"),
        ("-dash", "'-dash'"),
        ("- item", "'- item'"),
        ("...", "'...'"),
        ("it's", "it's"),
        ("'quoted'", "'''quoted'''"),
        ('"Relations," he said', "'\"Relations,\" he said'"),
        ("56,000 square kilometers", "56,000 square kilometers"),
        ("877\u00a0views", '"877\\u00a0views"'),
        ("tab\there", '"tab\\there"'),
        ("two\nlines", '"two\\nlines"'),
        ("back\\slash\x07", '"back\\\\slash\\u0007"'),
        ("zero\u200bwidth", '"zero\\u200bwidth"'),
        ("\u2022 bullet", "\u2022 bullet"),
        ("\U0001f600", "\U0001f600"),
        (0, "0"),
        (-12, "-12"),
        (8400000000, "8400000000"),
        (0.5, "0.5"),
        (1.0, "1.0"),
        (1e16, "1.0e+16"),
        (-2.5e-07, "-2.5e-07"),
        (True, "true"),
        (False, "false"),
        (None, "null"),
    ],
)
def test_scalar_styles(value: object, written: str) -> None:
    assert scalar(value) == written
    assert same(records(f"v: {written}\n")[0]["v"], value)
    if isinstance(value, str):
        assert yaml.safe_load(f"v: {written}\n")["v"] == value  # a YAML 1.1 reader agrees


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("a, b", "'a, b'"),
        ("{x}", "'{x}'"),
        ("[x]", "'[x]'"),
        ("stated:", "'stated:'"),
        ("12:30 pm", "'12:30 pm'"),
        ("a:b", "'a:b'"),
        ("0?", "'0?'"),
        ("countries' ministers", "countries' ministers"),
    ],
)
def test_scalar_styles_in_a_span(value: str, written: str) -> None:
    assert scalar(value, flow=True) == written


@pytest.mark.parametrize(
    ("value", "header"),
    [("a\nb", "|-"), ("a\nb\n", "|"), ("a\nb\n\n", "|+"), ("\n\na\n  b", "|-")],
)
def test_multi_line_strings_are_literal_blocks(value: str, header: str) -> None:
    written = format_yaml(f"v: {scalar(value)}\nw: 1\n")
    assert written.startswith(f"v: {header}\n")
    assert records(written)[0]["v"] == value


@pytest.mark.parametrize(
    "value", ["trailing \nspace", " leading\nspace", "line\u2028separator\n", "cr\r\nlf", "\n\n"]
)
def test_multi_line_strings_a_literal_cannot_hold_are_double_quoted(value: str) -> None:
    written = format_yaml(f"v: {scalar(value)}\n")
    assert written.startswith('v: "')
    assert records(written)[0]["v"] == value
    assert literal(value) is None


def test_a_kept_literal_never_ends_the_file_with_blank_lines() -> None:
    assert format_yaml('a: "x\\n\\n"\nb: "y\\n\\n"\n') == 'a: |+\n  x\n\nb: "y\\n\\n"\n'


# --- Errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "rule", "line"),
    [
        ("a: [1, 2\nb: 3\n", "yaml-syntax", 2),
        ("a: 1\na: 2\n", "duplicate-key", 2),
        ("a: &x 1\nb: *x\n", "yaml-alias", 2),
        ("a: !!python/object:os.system 1\n", "yaml-tag", 1),
        ("a: .nan\n", "non-finite-number", 1),
        ("- 1\n", "not-a-mapping", 1),
        (f'? "{"k" * 1100}"\n: 1\n', "fmt-key", 1),
    ],
)
def test_unreadable_input_raises_a_load_error_with_rule_and_line(
    source: str, rule: str, line: int
) -> None:
    with pytest.raises(LoadError) as raised:
        format_yaml(source, name="bad.yaml")
    assert (raised.value.rule, raised.value.file, raised.value.line) == (rule, "bad.yaml", line)


def test_a_short_text_is_never_taken_for_a_path() -> None:
    assert format_yaml("a: 1") == "a: 1\n"


# --- Properties ----------------------------------------------------------------------------

TRICKY = st.sampled_from(
    ["yes", "No", "0755", "1e3", "2024-08-22", "~", "", " ", "a: b", "#", "- x", "\u00a0",
     "'", '"', "\\", "\t", "\n", " x\n", "x \ny", "|", ">", "{a}", "1:20", "null", "@x", "%"]
)  # fmt: skip
STRINGS = st.one_of(
    st.text(),
    TRICKY,
    st.text(alphabet=" \n\t:#'\"-,{}[]\u00a0\u2022\u2028\x85ay0", max_size=12),
)


def _double_quoted(text: str) -> str:
    """An independent writer for test inputs: every character but printable ASCII escaped."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif " " <= char <= "~":
            out.append(char)
        else:
            code = ord(char)
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_double_quoted(k)}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(map(_flow, value)) + "]"
    return _double_quoted(value) if isinstance(value, str) else scalar(value)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    headline=STRINGS,
    name=STRINGS,
    word=STRINGS,
    text=STRINGS,
    span=STRINGS.filter(bool),
    key=st.text(max_size=40).filter(lambda key: key not in ("id", "name")),
    extra=STRINGS,
)
def test_any_string_in_any_place_round_trips(
    headline: str, name: str, word: str, text: str, span: str, key: str, extra: str
) -> None:
    # The parts of the minimal example where strings stand in different contexts: a block
    # value, a literal block, a list item, a span in flow style, an unknown key and value.
    record: dict[str, Any] = {
        "id": "example-minimal",
        "article": {"headline": headline, "language": "en", "text": text},
        "entities": [{"id": "li-qiang", "name": name, key: extra}],
        "topics": [
            {"words": ["Trade", word], "evidence": [{"start": 60, "end": 65, "text": span}]}
        ],
    }
    formatted = assert_canonical(_flow(record) + "\n")
    assert same(records(formatted), [record])
    assert yaml.safe_load(formatted) == record  # and a YAML 1.1 reader reads the same


@st.composite
def mutated_minimal(draw: st.DrawFn) -> str:
    """The minimal example reshuffled, re-dumped with odd settings, and commented."""
    (record,) = records(MINIMAL.read_text(encoding="utf-8"))
    rng = random.Random(draw(st.integers(0, 2**32)))

    def shuffle(value: Any) -> Any:
        if isinstance(value, dict):
            keys = list(value)
            rng.shuffle(keys)
            return {key: shuffle(value[key]) for key in keys}
        return [shuffle(item) for item in value] if isinstance(value, list) else value

    text: str = yaml.safe_dump(
        shuffle(record),
        sort_keys=draw(st.booleans()),
        indent=draw(st.integers(2, 6)),
        width=draw(st.sampled_from([20, 60, 1000])),
        default_flow_style=draw(st.sampled_from([False, None])),
        allow_unicode=draw(st.booleans()),
        explicit_start=draw(st.booleans()),
    )
    return _commented(text, rng) if draw(st.booleans()) else text


def _commented(text: str, rng: random.Random) -> str:
    """Add full-line comments above keys and items, and comments after one-line scalars."""
    lines = text.split("\n")
    above: set[int] = set()
    after: set[int] = set()
    stack = [yaml.compose(text, Loader=_yaml._YAML_LOADER)]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            start, end = node.start_mark, node.end_mark
            if start.line == end.line and end.column == len(lines[end.line]) and not node.style:
                after.add(end.line)
        elif isinstance(node, yaml.MappingNode) and not node.flow_style and not _is_span(node):
            stack.extend(part for pair in node.value for part in pair)
            above.update(key.start_mark.line for key, _value in node.value)
        elif isinstance(node, yaml.SequenceNode) and not node.flow_style:
            stack.extend(node.value)
            above.update(item.start_mark.line for item in node.value)
    out = []
    for number, line in enumerate(lines):
        if number in above and rng.random() < 0.3:
            out.append(" " * rng.randrange(0, 9) + f"# above line {number}")
        if number in after and rng.random() < 0.3:
            line += f"  # after line {number}"
        out.append(line)
    return "\n".join(out)


def _is_span(node: yaml.MappingNode) -> bool:
    """Nothing may be commented inside an evidence span, which is written on one line."""
    return {key.value for key, _value in node.value} == {"start", "end", "text"}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=mutated_minimal())
def test_mutated_minimal_example_formats_back_to_canonical_values(source: str) -> None:
    formatted = assert_canonical(source)
    canonical = MINIMAL.read_text(encoding="utf-8")
    assert same(records(formatted), records(canonical))
    for comment in re.findall(r"# (?:above|after) line \d+", source):
        assert formatted.count(comment + "\n") == 1
    if "# " not in source:
        body = canonical[canonical.index("schema:") :]
        assert formatted == body
