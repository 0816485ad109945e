"""Benchmarks of the strategies and the plugins, measured in one run.

    python benchmarks/strategies.py          # about three minutes, the peer's set-up included
    python benchmarks/strategies.py --quick  # smaller windows, a shorter run of the peer

Prints, with the targets in brackets:

- examples per second (of CPU time) of ``records()`` at default sizes and at full size
  (as large as the canonical fixture: 20 entities, 14 events, 37 claims, 2 quotes, 3,600
  code points), and the share that is valid [100%]; full size at least 150 a second;
- the same for hypothesis-jsonschema's ``from_schema`` on the bundled schema, in its own
  environment (``.bench/hjs``: hypothesis-jsonschema 0.23.1 with Hypothesis 6.98.0, the
  newest release it runs on: on current releases it fails at once), and the ratio
  [at least 30x], with the share of its records that pass every rule;
- ``pytest --co`` on an empty project with the newsevents plugins and without them, side
  by side.

The peer's environment is made on first use with pip, from the package index.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings

import newsevents
from newsevents import strategies

HERE = Path(__file__).resolve().parent
PEER_ENV = HERE.parent / ".bench" / "hjs"
PEER_PINS = ["hypothesis-jsonschema==0.23.1", "hypothesis==6.98.0", "jsonschema>=4.23"]
FULL = {
    "min_entities": 20, "max_entities": 20, "min_events": 14, "max_events": 14,
    "min_claims": 37, "max_claims": 37, "min_quotes": 2, "max_quotes": 2,
    "min_text_length": 3600, "max_text_length": 3600,
}  # fmt: skip


def ours(options: dict[str, Any], count: int) -> tuple[float, float]:
    """(examples per second of CPU time, share valid) of ``records(**options)``: CPU time,
    since on a shared machine wall time mostly measures the neighbours."""
    made: list[Any] = []

    @settings(
        max_examples=count,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategies.records(**options))
    def collect(record: Any) -> None:
        made.append(record)

    started = time.process_time()
    collect()
    rate = len(made) / (time.process_time() - started)
    return rate, sum(map(newsevents.is_valid, made)) / len(made)


def peer(budget: float) -> dict[str, Any]:
    """hypothesis-jsonschema on the bundled schema, in its own environment, for ``budget``
    seconds: examples per second after the first, the seconds to the first, and the share
    of its records that pass every rule."""
    python = PEER_ENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(PEER_ENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", *PEER_PINS], check=True)
    with tempfile.TemporaryDirectory() as tmp:
        schema = Path(tmp) / "bundle.json"
        schema.write_text(json.dumps(newsevents.bundled_schema()), encoding="utf-8")
        examples = Path(tmp) / "examples.jsonl"
        argv = [str(python), str(HERE / "_peer_hjs.py"), str(schema), str(examples), "100000"]
        with subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as run:
            try:
                run.wait(timeout=budget)
            except subprocess.TimeoutExpired:
                run.kill()
        lines = [json.loads(line) for line in examples.read_text(encoding="utf-8").splitlines()]
    error = next((line["error"] for line in lines if "error" in line), None)
    made = [line for line in lines if "record" in line]
    result: dict[str, Any] = {"error": error, "examples": len(made), "first": None, "rate": 0.0}
    if made:
        result["first"] = made[0]["seconds"]
    if len(made) > 1:
        result["rate"] = (len(made) - 1) / (made[-1]["seconds"] - made[0]["seconds"])
    records = [line["record"] for line in made]
    result["valid"] = sum(map(newsevents.is_valid, records)) / len(records) if records else 0.0
    return result


def collect_time(with_plugins: bool, repeats: int) -> float:
    """Median seconds of ``pytest --co`` on an empty project."""
    env = dict(os.environ)
    argv = [sys.executable, "-m", "pytest", "--co", "-q", "-p", "no:cacheprovider"]
    if not with_plugins:
        env["HYPOTHESIS_NO_PLUGINS"] = "1"
        argv += ["-p", "no:newsevents"]
    times = []
    with tempfile.TemporaryDirectory() as empty:
        for _ in range(repeats):
            started = time.perf_counter()
            subprocess.run(argv, cwd=empty, env=env, capture_output=True, check=False)
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller windows")
    args = parser.parse_args()
    count = 200 if args.quick else 1000
    ok = True

    default_rate, default_valid = ours({}, count)
    full_rate, full_valid = ours(FULL, count // 2)
    print(f"records(), default sizes  {default_rate:8.0f}/s   valid {default_valid:.0%} [100%]")
    print(f"records(), full size      {full_rate:8.0f}/s   valid {full_valid:.0%} [100%]"
          f"   [>= 150/s]")  # fmt: skip
    ok &= default_valid == 1 and full_valid == 1 and full_rate >= 150

    result = peer(90 if args.quick else 240)
    if result["error"]:
        print(f"hypothesis-jsonschema     failed: {result['error']}")
    first = "no example" if result["first"] is None else f"the first after {result['first']:.0f} s"
    print(f"hypothesis-jsonschema     {result['rate']:8.2f}/s   valid {result['valid']:.0%}"
          f"   ({result['examples']} examples; {first})")  # fmt: skip
    if result["rate"]:
        ratio = default_rate / result["rate"]
        print(f"ratio, default sizes      {ratio:8.0f}x  [>= 30x]")
        ok &= ratio >= 30

    repeats = 3 if args.quick else 7
    without, with_ = collect_time(False, repeats), collect_time(True, repeats)
    print(f"pytest --co, empty project: {without * 1000:.0f} ms without the plugins, "
          f"{with_ * 1000:.0f} ms with them (+{(with_ - without) * 1000:.0f} ms)")  # fmt: skip
    print("all targets met" if ok else "a target was missed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
