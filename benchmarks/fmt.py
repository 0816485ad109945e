"""Benchmark of ``newsevents fmt``'s formatter against a PyYAML round trip, in one run.

    python benchmarks/fmt.py            # about 30 seconds
    python benchmarks/fmt.py --quick    # shorter timing windows

Times one format of the canonical fixture (about 47 kB of YAML, 1,300 lines) by
``format_yaml``, which reads the text with the package's safe loader, keeps every comment and
writes the canonical layout, beside the nearest peer: PyYAML's ``safe_load`` then
``safe_dump``, a round trip that keeps no comments and no layout, once through libyaml and
once in pure Python. The target is a ratio taken side by side, so it holds on any machine:

- a format costs at most 2x PyYAML's round trip of the same text through libyaml (where
  PyYAML has libyaml; else at most 0.5x its pure-Python round trip).

Seconds per format are printed for context. Nothing here runs in the test suite.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from newsevents._layout.format import format_yaml

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "china-belarus-2024-08-23.yaml"
#: The most a format may cost, as a multiple of the peer's round trip.
TARGETS = {"PyYAML round trip, libyaml": 2.0, "PyYAML round trip, pure": 0.5}


def seconds_per_call(calls: dict[str, Callable[[], object]], window: float) -> dict[str, float]:
    """Seconds per call of each contender: the best of five windows of about ``window``
    seconds, taken in turn so that a noisy neighbour slows every contender alike."""
    batches = {}
    for name, call in calls.items():
        start = time.perf_counter()
        call()
        batches[name] = max(1, int(window / max(time.perf_counter() - start, 1e-9)))
    best = dict.fromkeys(calls, float("inf"))
    for _ in range(5):
        for name, call in calls.items():
            start = time.perf_counter()
            for _ in range(batches[name]):
                call()
            best[name] = min(best[name], (time.perf_counter() - start) / batches[name])
    return best


def round_trip(loader: Any, dumper: Any, text: str) -> str:
    """PyYAML's safe load and safe dump of ``text``, keys in their order, Unicode kept."""
    data = yaml.load(text, Loader=loader)  # the caller passes a safe loader
    dumped: str = yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True)
    return dumped


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="shorter timing windows")
    args = parser.parse_args()
    window = 0.5 if args.quick else 2.0

    text = FIXTURE.read_text(encoding="utf-8")
    assert format_yaml(text) == text, "the canonical fixture is not in the canonical layout"
    calls: dict[str, Callable[[], object]] = {
        "newsevents format_yaml": lambda: format_yaml(text),
        "PyYAML round trip, pure": lambda: round_trip(yaml.SafeLoader, yaml.SafeDumper, text),
    }
    if yaml.__with_libyaml__:
        calls["PyYAML round trip, libyaml"] = lambda: round_trip(
            yaml.CSafeLoader, yaml.CSafeDumper, text
        )
    print(
        f"Python {sys.version.split()[0]}, PyYAML {yaml.__version__}; the canonical fixture, "
        f"{len(text.encode()):,} bytes; best of 5 windows of {window}s"
    )
    measured = seconds_per_call(calls, window)
    for name, seconds in measured.items():
        print(f"  {name:28} {seconds * 1000:8.1f} ms per format")

    ours = measured["newsevents format_yaml"]
    peer = next(name for name in TARGETS if name in measured)
    ratio = ours / measured[peer]
    ok = ratio <= TARGETS[peer]
    print("\nratio (target in brackets):")
    print(f"  format_yaml vs {peer}: {ratio:.2f}x [<= {TARGETS[peer]:g}]")
    print("all targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
