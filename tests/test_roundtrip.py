"""Nothing is lost: load, ``newsevents fmt``, load again gives the same record.

The same values of the same types (an integer stays an integer, ``1.0`` a float, ``-0.0``
its sign), lists in their order, every character of every string (no-break spaces,
combining marks, right-to-left words, characters beyond the Basic Multilingual Plane,
line separators, control characters): for generated records, fixture variants, any JSON
value a producer keeps in ``extensions``, and every bundled fixture and example, through
the formatter and through the command itself.
"""

from __future__ import annotations

import io
import random
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newsevents
from newsevents._cli import main
from newsevents._layout.format import format_yaml
from newsevents.strategies import fixture_variants, records
from newsevents.strategies._records import Sizes, build_from

from .conftest import example_id, invalid_examples, valid_examples
from .fuzzcheck import json_for_yaml, strict

_SETTINGS = settings(
    max_examples=100,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _formatted(record: Any) -> dict[str, Any]:
    """The record written as JSON, formatted as fmt does, and read back as YAML."""
    text = format_yaml(json_for_yaml(record))
    assert format_yaml(text) == text  # the layout is a fixed point
    return newsevents.loads(text.encode("utf-8"), format="yaml")


@_SETTINGS
@given(records())
def test_generated_records_survive_fmt(record: dict[str, Any]) -> None:
    again = _formatted(record)
    assert strict(again) == strict(record)
    assert newsevents.is_valid(again)


@settings(_SETTINGS, max_examples=20)  # the canonical fixture is large: 0.1 s a variant
@given(fixture_variants())
def test_fixture_variants_survive_fmt(record: dict[str, Any]) -> None:
    again = _formatted(record)
    assert strict(again) == strict(record)
    assert newsevents.is_valid(again)


#: Scalars that YAML writers get wrong: strings that read as other types in YAML 1.1 or
#: 1.2, characters that break lines or quoting, numbers at the edges of their type.
AWKWARD: list[Any] = [
    "0179", "1e3", "0x1F", "0o17", ".5", "+1", "1_000", "no", "Yes", "off", "null", "~", "",
    "true", "2024-08-22", "12:30", "1:20:03", "<<", "=", "- x", "? x", "a: b", "a #b", "#",
    "&a", "*a", "!t", "|", ">", "%", "@", "`", "'", '"', "\\", " lead", "trail ", "\t",
    "\u00a0", "\u00a0x\u00a0", "•", "\u2028", "\u2029", "\x85", "\ufeff", "\u200b", "\x00",
    "\x07", "\x1b[31m", "\x7f", "a\r\nb", "a\rb", "a\n", "\n", "\n\n", "a\n\n\n", " \n x",
    "é", "e\u0301", "שלום", "\u202eevil", "😀", "\U0001d400", "\ufffd", "…", "—", "“x”",
    0, -1, 2**53 + 1, -(2**63), 10**100, 0.0, -0.0, 1.0, 1.5, 1e16, 1e-7, 5e-324,
    1.7976931348623157e308, 0.1, 100.0, True, False, None,
    [], {}, [[]], [{}], {"": ""}, {"a": {"b": [1, "1", 1.0]}},
]  # fmt: skip

_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
    | st.sampled_from(AWKWARD[:-6]),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=8) | st.sampled_from(AWKWARD[:30]), children, max_size=4)
    ),
    max_leaves=12,
)


def _extended(value: Any) -> dict[str, Any]:
    record: dict[str, Any] = dict(newsevents.load_fixture("minimal"))
    record["article"]["extensions"] = {"org.example.fuzz": value}
    return record


@pytest.mark.parametrize("value", AWKWARD, ids=repr)
def test_awkward_values_survive_fmt(value: Any) -> None:
    record = _extended({"value": value, "list": [value, value]})
    assert strict(_formatted(record)) == strict(record)


@settings(_SETTINGS, max_examples=200)
@given(_json)
def test_any_json_a_producer_keeps_in_extensions_survives_fmt(value: Any) -> None:
    record = _extended(value)
    assert strict(_formatted(record)) == strict(record)


def _fmt_command(path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(["fmt", str(path)], out=out, err=err) == 0, err.getvalue()
    assert main(["fmt", "--check", str(path)], out=out, err=err) == 0, err.getvalue()


@pytest.mark.parametrize("path", [*valid_examples(), *invalid_examples()], ids=example_id)
def test_every_fixture_and_example_survives_the_fmt_command(path: Path, tmp_path: Path) -> None:
    copy = tmp_path / path.name
    shutil.copyfile(path, copy)
    try:
        before = newsevents.load_all(path)
    except newsevents.LoadError:  # what the loader refuses, fmt leaves as it is
        out, err = io.StringIO(), io.StringIO()
        assert main(["fmt", str(copy)], out=out, err=err) == 1
        assert copy.read_bytes() == path.read_bytes()
        return
    _fmt_command(copy)
    after = newsevents.load_all(copy)
    assert [strict(d.record) for d in after] == [strict(d.record) for d in before]


def test_generated_records_survive_the_fmt_command(tmp_path: Path) -> None:
    rng = random.Random(3)
    for n in range(10):
        record = build_from(rng, Sizes())
        path = tmp_path / f"{n}.yaml"
        path.write_text(json_for_yaml(record), encoding="utf-8")
        _fmt_command(path)
        assert strict(newsevents.load(path)) == strict(record)
