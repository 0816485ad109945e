"""Benchmarks of reporting many problems in one hostile record, measured in one run.

    python benchmarks/positions.py            # best of 3, about half a minute
    python benchmarks/positions.py --quick    # one run each

1. Placing problems: the canonical record with 10,000 evidence spans whose text is off by
   one character, written as JSON (``json.dumps`` with its default separators, compact,
   and ``indent=2``) and as YAML, read with ``newsevents.load_all`` and every problem
   listed with its line and column by ``newsevents.iter_problems``. The spans are added
   in two shapes: spread over every evidence list of the record, and all in one list
   (where a locator that walks each pointer from the start pays most). Target: each JSON
   form within 2x the time of the same record as YAML.
2. Mismatched spans on a long text: a 10 MB article text with 2,000 evidence spans whose
   text is written nowhere in it, so that the hint of each mismatch searches as far as it
   may, and with 2,000 spans that claim a one-letter text for almost the whole article,
   against the same record with the spans' text one character off, where the hint finds
   it at once. Target: each hostile record within 2x the time of the common one.

Figures are ratios measured side by side, so they hold on any machine; absolute times are
for context. Nothing here runs in the test suite. Exit code 0 when every target is met,
1 otherwise.
"""

from __future__ import annotations

import argparse
import copy
import functools
import json
import sys
import time
from collections.abc import Callable
from typing import Any, TypeVar

import yaml

import newsevents
from newsevents._rules.sites import gather

CANONICAL = "china-belarus-2024-08-23"
SPANS = 10_000
LONG_TEXT = 10_000_000
LONG_SPANS = 2_000
T = TypeVar("T")


def with_bad_spans(count: int, shape: str) -> dict[str, Any]:
    """The canonical record with ``count`` more spans, each one character off."""
    record: dict[str, Any] = copy.deepcopy(dict(newsevents.load_fixture(CANONICAL)))
    text = record["article"]["text"]
    lists = [spans for spans, _ in gather(record).evidence]
    if shape == "one list":
        lists = lists[:1]
    for i in range(count):
        start = (i * 7) % (len(text) - 30)
        span = {"start": start, "end": start + 20, "text": text[start + 1 : start + 21]}
        lists[i % len(lists)].append(span)
    return record


def writings(record: dict[str, Any]) -> dict[str, tuple[bytes, str]]:
    """The record as each kind of file: name -> (content, format)."""
    return {
        "JSON default": (json.dumps(record).encode(), "json"),
        "JSON compact": (
            json.dumps(record, separators=(",", ":"), ensure_ascii=False).encode(),
            "json",
        ),
        "JSON indent=2": (json.dumps(record, indent=2, ensure_ascii=False).encode(), "json"),
        "YAML": (
            yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=100).encode(),
            "yaml",
        ),
    }


def report_all(content: bytes, format: str) -> int:
    """Read one record and list every problem with its place; the number of problems."""
    (document,) = newsevents.load_all(content, format=format)  # type: ignore[arg-type]
    problems = list(newsevents.iter_problems(document))
    assert all(problem.line is not None for problem in problems)
    return len(problems)


def all_problems(record: dict[str, Any]) -> list[newsevents.Problem]:
    """Every problem of an in-memory record."""
    return list(newsevents.iter_problems(record))


def best_time(call: Callable[[], T], repeats: int) -> tuple[float, T]:
    """The best wall time of ``repeats`` calls, in seconds, and what the last one gave."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        result = call()
        best = min(best, time.perf_counter() - start)
    return best, result


def placing(repeats: int) -> bool:
    """Case 1: placing 10,000 problems in JSON against YAML; True when on target."""
    ok = True
    print(f"1. load_all + iter_problems, {SPANS:,} mismatched spans (best of {repeats})")
    for shape in ("spread", "one list"):
        times: dict[str, float] = {}
        for name, (content, format) in writings(with_bad_spans(SPANS, shape)).items():
            times[name], found = best_time(functools.partial(report_all, content, format), repeats)
            assert found == SPANS, f"{name}: {found} problems"
            print(f"   {shape:9} {name:14} {len(content) / 1000:7,.0f} kB {times[name]:8.2f} s")
        for name, seconds in times.items():
            if name != "YAML":
                ratio = seconds / times["YAML"]
                ok &= ratio <= 2
                print(f"   {shape:9} {name:14} vs YAML {ratio:6.2f}x [<= 2]")
    return ok


def long_text(case: str) -> dict[str, Any]:
    """A record with a 10 MB text and 2,000 bad spans: one character off, their text
    nowhere in the article, or a short text claimed for a span almost as long as it."""
    record: dict[str, Any] = copy.deepcopy(dict(newsevents.load_fixture(CANONICAL)))
    text = record["article"]["text"]
    text = record["article"]["text"] = (text * (LONG_TEXT // len(text) + 1))[:LONG_TEXT]
    spans = record["entities"][0]["evidence"]
    for i in range(LONG_SPANS):
        start = (i * 4_999) % (LONG_TEXT - 30)
        end = start + 20
        if case == "one off":
            written = text[start + 1 : end + 1]
        elif case == "text nowhere":
            written = f"\u2603 nowhere {i:05}"
        else:
            start, end, written = 1 + i % 7, LONG_TEXT, "x"
        spans.append({"start": start, "end": end, "text": written})
    return record


def hint(repeats: int) -> bool:
    """Case 2: mismatched spans on a long text; True when on target."""
    print(f"2. iter_problems, {LONG_TEXT / 1e6:.0f} MB text, {LONG_SPANS:,} mismatched spans")
    times = {}
    for case in ("one off", "text nowhere", "whole text"):
        record = long_text(case)
        times[case], found = best_time(functools.partial(all_problems, record), repeats)
        assert len(found) == LONG_SPANS, f"{case}: {len(found)} problems"
        print(f"   {case:14} {times[case]:8.2f} s")
    ok = True
    for case in ("text nowhere", "whole text"):
        ratio = times[case] / times["one off"]
        ok &= ratio <= 2
        print(f"   {case:14} vs one off {ratio:6.2f}x [<= 2]")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="one run each")
    args = parser.parse_args()
    repeats = 1 if args.quick else 3
    print(f"Python {sys.version.split()[0]}, newsevents {newsevents.__version__}")
    newsevents.is_valid(newsevents.load_fixture(CANONICAL))  # build the engines once
    ok = placing(repeats)
    ok &= hint(repeats)
    print("all targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
