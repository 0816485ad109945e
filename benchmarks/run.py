"""Benchmarks of newsevents against the engines it builds on, measured in one run.

    python benchmarks/run.py            # everything, about a minute
    python benchmarks/run.py --quick    # shorter timing windows

Prints records per second for each contender on the canonical record (valid) and on two
broken copies (a schema problem, a semantic problem), then the ratios the project targets:

- full validation (schema + semantic rules) at least 100x jsonschema's ``is_valid``;
- full validation at least 0.3x jsonschema-rs's bare ``is_valid`` on the same schema;
- ``import newsevents`` at most 0.6x the cost of ``import jsonschema``.

Figures are ratios measured side by side, so they hold on any machine; absolute rates are
printed for context only. Nothing here runs in the test suite.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import functools
import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

import jsonschema
import jsonschema_rs
import referencing

import newsevents
from newsevents._resources import ROOT_SCHEMA_ID, schema_documents

CANONICAL = "china-belarus-2024-08-23"


def batch_size(call: Callable[[], object], window: float) -> int:
    """How many calls take about ``window`` seconds."""
    count = 1
    while True:
        start = time.perf_counter()
        for _ in range(count):
            call()
        elapsed = time.perf_counter() - start
        if elapsed > window / 10:
            return max(1, int(count * window / max(elapsed, 1e-9)))
        count *= 2


def rates(
    calls: dict[tuple[str, str], Callable[[], object]], window: float, repeats: int = 5
) -> dict[tuple[str, str], float]:
    """Calls per second of each call: the best of ``repeats`` windows of about ``window``
    seconds, taken in turn so that a noisy neighbour slows every contender alike."""
    batches = {key: batch_size(call, window) for key, call in calls.items()}
    best = dict.fromkeys(calls, 0.0)
    for _ in range(repeats):
        for key, call in calls.items():
            batch = batches[key]
            start = time.perf_counter()
            for _ in range(batch):
                call()
            best[key] = max(best[key], batch / (time.perf_counter() - start))
    return best


def peers() -> tuple[Any, Any]:
    """jsonschema and jsonschema-rs validators for the same packaged schema, by default."""
    documents = schema_documents()
    registry: referencing.Registry[Any] = referencing.Registry().with_resources(
        (uri, referencing.Resource.from_contents(doc)) for uri, doc in documents.items()
    )
    reference = jsonschema.Draft202012Validator(documents[ROOT_SCHEMA_ID], registry=registry)
    fast = jsonschema_rs.validator_for(
        documents[ROOT_SCHEMA_ID], registry=jsonschema_rs.Registry(list(documents.items()))
    )
    return reference, fast


def records() -> dict[str, Any]:
    """The canonical record, and copies broken in the schema and in a semantic rule."""
    valid = newsevents.load_fixture(CANONICAL)
    schema_broken = copy.deepcopy(valid)
    schema_broken["events"][0]["status"] = "happened"  # type: ignore[typeddict-item]
    rule_broken = copy.deepcopy(valid)
    rule_broken["entities"][0]["evidence"][0]["start"] += 1
    return {"valid": valid, "schema-invalid": schema_broken, "rule-invalid": rule_broken}


def _validate(record: Any) -> None:
    with contextlib.suppress(newsevents.InvalidRecord):
        newsevents.validate(record)


def import_cost(module: str, runs: int) -> float:
    """Median cumulative import time of ``module`` in microseconds, in fresh interpreters,
    with the bytecode cache on as after a normal install (the first run writes it)."""
    pattern = re.compile(rf"^import time:\s+\d+ \|\s+(\d+) \| {re.escape(module)}$", re.MULTILINE)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    samples = []
    for _ in range(runs + 1):
        result = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", f"import {module}"],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        match = pattern.search(result.stderr)
        assert match, f"no import time reported for {module}"
        samples.append(int(match.group(1)))
    return statistics.median(samples[1:])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="shorter timing windows")
    args = parser.parse_args()
    window = 0.2 if args.quick else 1.0

    reference, fast = peers()
    newsevents.is_valid(newsevents.load_fixture(CANONICAL))  # build the engines once
    contenders: dict[str, Callable[[Any], object]] = {
        "newsevents.is_valid": newsevents.is_valid,
        "newsevents.validate": _validate,
        "jsonschema is_valid": reference.is_valid,
        "jsonschema-rs is_valid": fast.is_valid,
    }
    cases = records()
    calls: dict[tuple[str, str], Callable[[], object]] = {
        (name, case): functools.partial(call, record)
        for name, call in contenders.items()
        for case, record in cases.items()
    }
    print(f"Python {sys.version.split()[0]}; records/second, best of 5 windows of {window}s")
    print(f"{'':24}" + "".join(f"{name:>16}" for name in cases))
    measured = rates(calls, window)
    for name in contenders:
        print(f"{name:24}" + "".join(f"{measured[name, case]:>16,.0f}" for case in cases))

    print("\nratios (target in brackets):")
    ok = True
    for case in cases:
        ours = measured["newsevents.is_valid", case]
        vs_js = ours / measured["jsonschema is_valid", case]
        vs_rs = ours / measured["jsonschema-rs is_valid", case]
        ok &= vs_js >= 100 and vs_rs >= 0.3
        print(
            f"  {case:15} is_valid vs jsonschema {vs_js:8.1f}x [>= 100]   "
            f"vs jsonschema-rs {vs_rs:5.2f}x [>= 0.3]"
        )

    runs = 3 if args.quick else 9
    ours_import = import_cost("newsevents", runs)
    theirs_import = import_cost("jsonschema", runs)
    ratio = ours_import / theirs_import
    ok &= ratio <= 0.6
    print(
        f"  import newsevents {ours_import / 1000:.1f} ms vs import jsonschema "
        f"{theirs_import / 1000:.1f} ms: {ratio:.2f}x [<= 0.6]"
    )
    print("all targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
