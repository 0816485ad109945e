"""Damaged record files are read or refused through the library's own types, never a crash.

Generated valid records are written as YAML (the canonical layout) and JSON (default and
compact separators, indented, JSON Lines), then damaged (``tests/mutations.py``): lines
deleted, duplicated or swapped, indentation changed, tags, anchors, aliases and merge keys
put in, quotes removed, other encodings and line ends, bytes flipped. Reading and judging
each case meets the oracle of ``tests/fuzzcheck.py`` within a time limit, and the command
line run on a directory of such files exits 0 or 1 and never shows a traceback.

A long run (see fuzz/README.md)::

    NEWSEVENTS_FUZZ_EXAMPLES=100000 python -m pytest -q tests/test_fuzz_text.py
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

import newsevents
from newsevents import LoadError
from newsevents._cli import main
from newsevents._layout.format import format_yaml
from newsevents.strategies import records
from newsevents.strategies._records import Sizes, build_from

from . import mutations
from .fuzzcheck import Verdict, check_content, check_format, examples, time_limit

Format = Literal["yaml", "json", "jsonl"]
Layout = Callable[[list[dict[str, Any]]], str]

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"


def _yaml(records: list[dict[str, Any]]) -> str:
    # Through JSON, as `newsevents sample` writes YAML: a YAML 1.1 dumper (yaml.safe_dump)
    # leaves strings such as 0179 plain, which YAML 1.2 reads as numbers.
    return "---\n".join(format_yaml(json.dumps(r, ensure_ascii=False)) for r in records)


#: How each record file is first written, before it is damaged: its format and its text.
LAYOUTS: dict[str, tuple[Format, Layout]] = {
    "yaml": ("yaml", _yaml),
    "json": ("json", lambda rs: json.dumps(rs[0])),
    "json-compact": ("json", lambda rs: json.dumps(rs[0], separators=(",", ":"))),
    "json-indented": ("json", lambda rs: json.dumps(rs[0], ensure_ascii=False, indent=2)),
    "jsonl": ("jsonl", lambda rs: "".join(json.dumps(r) + "\n" for r in rs)),
}
SUFFIXES = {"yaml": ".yaml", "json": ".json", "jsonl": ".jsonl"}
# Some layouts hold two records, so that a separator or a line may be lost between them.
SMALL = records(max_entities=4, max_events=2, max_claims=3, max_quotes=2)
_SETTINGS = settings(
    max_examples=examples(500),
    deadline=None,
    database=None,
    derandomize="NEWSEVENTS_FUZZ_SEED" not in os.environ,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
_SEED = int(os.environ.get("NEWSEVENTS_FUZZ_SEED", "0"))


def _read_as(format: Format) -> tuple[Format | None, ...]:
    # Its own format, told from the content, and JSON as JSON Lines (a .ndjson of one line).
    return (format, None, "jsonl") if format == "json" else (format, None)


def _judge(data: bytes, format: Format) -> list[Verdict]:
    verdicts = []
    for each in _read_as(format):
        with time_limit():
            verdicts.append(check_content(data, each))
    return verdicts


def _tally(seen: Counter[str], verdicts: list[Verdict]) -> None:
    for verdict in verdicts:
        if verdict.load_rule is not None:
            seen["refused"] += 1
        seen.update("valid" if not rules else "invalid" for rules in verdict.records)


def test_damaged_text_is_read_or_refused_in_the_library_s_own_terms() -> None:
    seen: Counter[str] = Counter()

    @_SETTINGS
    @seed(_SEED)
    @given(
        first=SMALL,
        second=SMALL,
        layout=st.sampled_from(sorted(LAYOUTS)),
        rng=st.randoms(use_true_random=False),
    )
    def case(
        first: dict[str, Any], second: dict[str, Any], layout: str, rng: random.Random
    ) -> None:
        format, write = LAYOUTS[layout]
        data = mutations.mutate(write([first, second]), rng)
        _tally(seen, _judge(data, format))

    case()
    assert not mutations.RAN.exists(), "a command named in a YAML tag ran"
    # The damage is neither too mild nor too harsh: every outcome is met many times.
    assert min(seen["refused"], seen["valid"], seen["invalid"]) >= 20, seen


@pytest.mark.parametrize("mutation", mutations.TEXT_MUTATIONS, ids=lambda m: m.__name__)
def test_each_kind_of_damage_alone(mutation: Callable[[str, random.Random], str]) -> None:
    """Each mutation on its own, in every layout and encoding, so none hides behind another."""
    rng = random.Random(mutation.__name__)
    record = build_from(rng, Sizes(entities=(1, 4), events=(0, 2), claims=(0, 3)))
    for _ in range(examples(12)):
        format, write = LAYOUTS[rng.choice(sorted(LAYOUTS))]
        text = mutation(write([record]), rng)
        encoding = rng.choice(("utf-8", *mutations.ENCODINGS))
        data = mutations.encode(mutations.without_surrogates(text), encoding)
        _judge(data, format)


@pytest.mark.parametrize("encoding", mutations.ENCODINGS)
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_other_encodings_are_read_or_refused(encoding: str, layout: str) -> None:
    format, write = LAYOUTS[layout]
    record = dict(newsevents.load_fixture("minimal"))
    data = mutations.encode(write([record]), encoding)
    for read_as, verdict in zip(_read_as(format), _judge(data, format), strict=True):
        if encoding in ("utf-16", "utf-32"):  # with a byte-order mark: named for what it is
            assert verdict.load_rule == "encoding", (encoding, verdict)
        elif encoding == "utf-8-sig" and not (layout == "json-indented" and read_as == "jsonl"):
            assert verdict.valid, verdict  # UTF-8's own mark is dropped


@pytest.mark.parametrize("end", mutations.LINE_ENDS, ids=repr)
@pytest.mark.parametrize("layout", ["yaml", "json-indented", "jsonl"])
def test_every_line_end_reads_the_same_record(end: str, layout: str) -> None:
    format, write = LAYOUTS[layout]
    record = dict(newsevents.load_fixture("minimal"))
    text = write([record]).replace("\n", end)
    data = text.encode("utf-8")
    if format == "yaml" or end in ("\r\n", "\r"):  # YAML's line breaks; JSON's whitespace
        with time_limit():
            read = newsevents.loads_all(data, format=format)
        assert [document.record for document in read] == [record]
    else:
        # NEL, U+2028 and U+2029 are no JSON whitespace: the text is refused, by name.
        with pytest.raises(LoadError, match="json-syntax"), time_limit():
            newsevents.loads_all(data, format=format)


@pytest.mark.parametrize("path", sorted(CORPUS.iterdir()), ids=lambda p: p.name)
def test_the_seed_corpus_meets_the_oracle(path: Path) -> None:
    """The coverage-guided fuzzers' seeds (what they found is in ``tests/regressions/``)."""
    data = path.read_bytes()
    for format in ("yaml", "json", "jsonl", None):
        with time_limit():
            check_content(data, format)
    with time_limit():
        check_format(data.decode("utf-8"))


def test_the_seed_corpus_holds_the_bundled_fixtures_as_they_are() -> None:
    for name in newsevents.fixture_names():
        fixture = newsevents.fixture_path(name).read_bytes()
        copy = CORPUS / f"{name}.yaml"
        assert copy.read_bytes() == fixture, f"{copy} is stale: run python fuzz/make_corpus.py"


# -- the command line on a directory of damaged files ---------------------------------------


def _damaged_directory(directory: Path, count: int, rng: random.Random) -> dict[Path, Format]:
    sizes = Sizes(entities=(1, 4), events=(0, 2), claims=(0, 3), quotes=(0, 2))
    written: dict[Path, Format] = {}
    for n in range(count):
        layout = rng.choice(sorted(LAYOUTS))
        format, write = LAYOUTS[layout]
        text = write([build_from(rng, sizes) for _ in range(2)])
        data = mutations.mutate(text, rng) if n % 5 else text.encode("utf-8")
        suffix = SUFFIXES[format]
        if rng.random() < 0.2:
            suffix = {".yaml": ".YML", ".json": ".Json", ".jsonl": ".ndjson"}[suffix]
        path = directory / f"sub{n % 3}" / f"{n:03}-{layout}{suffix}"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
        written[path] = format
    return written


def _library_says_valid(path: Path, format: Format) -> bool:
    try:
        documents = newsevents.load_all(path, format=format)
    except LoadError:
        return False
    return all(newsevents.is_valid(document) for document in documents)


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with time_limit(120):
        code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_the_command_line_on_a_directory_of_damaged_files(tmp_path: Path) -> None:
    written = _damaged_directory(tmp_path, examples(40, "NEWSEVENTS_FUZZ_FILES"), random.Random(11))
    hashes = {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in written}
    valid = {path: _library_says_valid(path, format) for path, format in written.items()}
    assert 0 < sum(valid.values()) < len(valid)

    code, out, err = _run("validate", str(tmp_path))
    assert code == 1, out
    assert "Traceback" not in out + err, out + err
    assert out.splitlines()[-1].startswith(f"{len(written)} files, "), out.splitlines()[-1]

    code, out, err = _run("validate", str(tmp_path), "--format", "json")
    assert code == 1
    assert "Traceback" not in out + err
    report = json.loads(out)
    # The command line and the library agree on every file.
    named = {problem["file"] for problem in report["problems"]}
    assert named == {str(path) for path, ok in valid.items() if not ok}

    for path, ok in valid.items():  # one at a time: exit 0 exactly for the valid ones
        code, out, err = _run("validate", "-q", str(path))
        assert code == (0 if ok else 1), (path, out)
        assert "Traceback" not in out + err

    code, out, err = _run("fmt", "--check", str(tmp_path))
    assert code in (0, 1)
    assert "Traceback" not in out + err, out + err
    assert {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in written} == hashes
