"""Every pattern of the schema is in the subset of syntax that every engine reads alike."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings

from newsevents._resources import schema_documents
from newsevents._schema.formats import pattern_check

from .conftest import ROOT
from .portability.patterns import nonportable, portable_patterns, schema_patterns

FOUND = [
    (uri.rsplit("/", 2)[-2] + "/" + uri.rsplit("/", 1)[-1] + "#" + pointer, pattern)
    for uri, document in sorted(schema_documents().items())
    for pointer, pattern in schema_patterns(document)
]


def test_every_pattern_of_the_schema_files_is_found() -> None:
    # A cross-check of the walk: the files hold as many "pattern" keywords as it finds.
    files = sorted((ROOT / "schemas").glob("*/*.schema.json"))
    written = sum(path.read_text(encoding="utf-8").count('"pattern": "') for path in files)
    assert len(FOUND) == written
    assert "1.0/common.schema.json#/$defs/text" in dict(FOUND)


@pytest.mark.parametrize(("where", "pattern"), FOUND, ids=[where for where, _ in FOUND])
def test_every_schema_pattern_is_portable(where: str, pattern: str) -> None:
    assert nonportable(pattern) == [], f"{where}: {pattern!r}"


NONPORTABLE = {
    # Classes whose meaning differs: ASCII-only in RE2, Unicode in ECMA-262 or Python.
    r"\S": "\\S",
    r"\s": "\\s",
    r"\d": "\\d",
    r"\w+": "\\w",
    r"\bword\b": "\\b",
    r"\p{L}": "\\p",
    # Escapes that some engines lack or read otherwise.
    r"\u00a0": "\\u",
    r"\x41": "\\x",
    r"(a)\1": "\\1",
    r"a\Z": "\\Z",
    r"\Aa": "\\A",
    r"a\z": "\\z",
    r"\n": "\\n",
    r"\-": "\\-",
    r"\/": "\\/",
    # Groups beyond plain ones: lookarounds, named and non-capturing groups, flags.
    "(?=a)": "(?",
    "(?!a)": "(?",
    "(?<=a)b": "(?",
    "(?<!a)b": "(?",
    "(?:a)": "(?",
    "(?<name>a)": "(?",
    "(?P<name>a)": "(?",
    "(?i)a": "(?",
    # Lazy, possessive and doubled quantifiers, unbounded repeats, nothing to repeat.
    "a*?": "after a quantifier",
    "a+?": "after a quantifier",
    "a??": "after a quantifier",
    "a*+": "after a quantifier",
    "a{2}?": "after a quantifier",
    "a{2}{3}": "after a quantifier",
    "a{1001}": "at most 1000",
    "a{3,2}": "ascending",
    "a{,3}": "starts no",
    "a{": "starts no",
    "*a": "repeats nothing",
    "(+a)": "repeats nothing",
    # Anchors inside, or binding to one alternative only.
    "a$b": "anchors only",
    "a^b": "anchors only",
    "^a|b$": "one alternative",
    "^a|b": "one alternative",
    "a|b$": "one alternative",
    # The any-character dot stops at different line terminators.
    "a.b": "'.'",
    # Classes: nesting and set operations (Java, Python), empty classes, ranges.
    "[a[b]]": "'['",
    "[a&&b]": "'&&'",
    "[a--b]": "'--'",
    "[a~~b]": "'~~'",
    "[a||b]": "'||'",
    "[]": "empty",
    "[^]": "empty",
    "[z-a]": "downwards",
    "[a-c-e]": "ranges go",
    "[a": "not closed",
    # Unescaped closers, which ECMA-262's Unicode mode refuses.
    "a}": "'}'",
    "a]": "']'",
    "(a": "not closed",
    "a)": "unmatched",
    "a\\": "ends the pattern",
    # Characters that UTF-16 engines read as two units, or cannot read.
    "\U0001f600": "beyond U+FFFF",
    "[\U0001f600]": "beyond U+FFFF",
    "\ud800": "surrogate",
}


@pytest.mark.parametrize(("pattern", "complaint"), NONPORTABLE.items(), ids=list(NONPORTABLE))
def test_each_nonportable_construct_is_named(pattern: str, complaint: str) -> None:
    problems = nonportable(pattern)
    assert problems, pattern
    assert any(complaint in problem for problem in problems), problems


PORTABLE = [
    "",
    "^$",
    "abc",
    "[-a]",
    "[a-]",
    "[^-a]",
    "[\\]\\-\\[]",
    "\\.\\$\\^\\(\\)\\[\\]\\{\\}\\|\\*\\+\\?\\\\",
    "^(a|b)$",
    "(|a)",
    "a{2}b{2,}c{0,1000}",
    "[\t\n\u000b\f\r \u00a0\u2000-\u200a\u3000\ufeff]",
    "^[0-9A-WY-Za-wy-z]$",
]


@pytest.mark.parametrize("pattern", PORTABLE)
def test_portable_patterns_pass(pattern: str) -> None:
    assert nonportable(pattern) == []


@settings(max_examples=100, deadline=None)
@given(portable_patterns())
def test_the_generated_subset_is_the_documented_one(pattern: str) -> None:
    assert nonportable(pattern) == [], pattern
    re.compile(pattern)
    pattern_check(pattern)("")  # jsonschema-rs compiles it as ECMA-262


def test_dollar_is_the_one_difference_left_and_newsevents_reads_it_as_ecma_does() -> None:
    # Python's re (like Java's java.util.regex) lets '$' match before a final line break;
    # ECMA-262 and RE2 do not, and neither does the validator.
    assert re.search("^[a-z]+$", "en\n") is not None
    assert not pattern_check("^[a-z]+$")("en\n")
