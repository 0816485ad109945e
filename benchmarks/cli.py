"""Whole-process benchmarks of the ``newsevents`` command against its peers, in one run.

    python benchmarks/cli.py            # full: best of 3, about 7 minutes
    python benchmarks/cli.py --quick    # one run each, smaller inputs, about a minute
    python benchmarks/cli.py --memory   # also checks the memory bound on a 1 GB file (slow)

Measures side by side, on copies of the canonical fixture with varied ids:

1. 1,000 YAML record files in a directory: ``newsevents validate DIR`` (default jobs
   policy) and ``newsevents validate --jobs 1 DIR`` against ``check-jsonschema
   --schemafile BUNDLE FILE...`` on the output of ``newsevents schema --bundle``. Target:
   newsevents at least 15x faster. check-jsonschema spends most of a second on each file,
   so it runs on a sample (``--peer-files``) and on one file, and its time for all the
   files is extrapolated along the line through those two points, as the output says.
2. Records per second on a large JSON Lines file: ``newsevents validate --jobs 1 FILE``
   against the floor measured in this process on the same file: read a line (through the
   same 1 MiB buffer newsevents reads with), ``orjson.loads``, jsonschema-rs ``is_valid``
   on the bundled schema, nothing else.
   Targets: at least 0.5x the floor's rate with every rule checked; peak RSS under 200 MB.
3. Start-up: the median wall time of ``newsevents --version``, under 150 ms, with
   ``python -c pass`` alongside for context.

Every command runs with default settings and must report every record valid, or the run
stops. Commands run with Python's bytecode cache on, as after a normal install, even where
the calling environment sets ``PYTHONDONTWRITEBYTECODE``, and each is run once before it is
timed. Ratios are measured side by side, so they hold on any machine; absolute figures are
for context. Needs the ``bench`` extra (check-jsonschema, orjson). Exit code 0 when every
target is met, 1 otherwise.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema_rs
import orjson

import newsevents

CANONICAL = "china-belarus-2024-08-23"
YAML_FILES = 1000
MB = 1_000_000
RSS_BOUND = 200 * MB
# The buffer newsevents reads JSON Lines with; the floor reads through one as large, so that
# the two differ only in what they do with each line.
READ_BUFFER = 1 << 20
_ID_LINE = re.compile(r"^id: .*$", re.MULTILINE)
_TIME_RSS = re.compile(r"Maximum resident set size \(kbytes\): (\d+)")


class BenchmarkError(Exception):
    """A contender could not be run, or disagreed that the records are valid."""


@dataclass(frozen=True)
class Settings:
    """What this run was asked to do."""

    quick: bool
    memory: bool
    peer_files: int

    @property
    def repeats(self) -> int:
        return 1 if self.quick else 3

    @property
    def jsonl_bytes(self) -> int:
        return (50 if self.quick else 200) * MB


@dataclass(frozen=True)
class Target:
    """One figure the project targets, and whether it is met."""

    name: str
    figure: float
    unit: str
    bound: float | None = None  # None: reported for context, not a target
    at_least: bool = True

    @property
    def met(self) -> bool:
        if self.bound is None:
            return True
        return self.figure >= self.bound if self.at_least else self.figure < self.bound

    def row(self) -> str:
        figure = f"{self.figure:,.2f}{self.unit}"
        if self.bound is None:
            return f"  {self.name:62} {figure:>12}  [no target]"
        target = f"{'>=' if self.at_least else '<'} {self.bound:g}{self.unit}"
        return f"  {self.name:62} {figure:>12}  [{target:>9}]  {'met' if self.met else 'MISSED'}"


def script(name: str) -> str:
    """The console script ``name`` next to this interpreter, else on PATH."""
    found = shutil.which(name, path=os.path.dirname(sys.executable)) or shutil.which(name)
    if found is None:
        raise BenchmarkError(f"{name} is not installed; run: pip install -e '.[bench]'")
    return found


# The contenders' environment: bytecode caches are written and read, as they are after
# ``pip install`` (which compiles them), so that start-up is not spent compiling sources.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run(argv: Sequence[str]) -> float:
    """Run a command to completion and return its wall time; fail unless it exits 0, which
    every contender here does only when it found every record valid."""
    start = time.perf_counter()
    result = subprocess.run(argv, capture_output=True, text=True, check=False, env=CHILD_ENV)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        tail = (result.stdout + result.stderr).strip().splitlines()[-5:]
        shown = " ".join(argv[:5])
        raise BenchmarkError(f"{shown} ... exited {result.returncode}:\n  " + "\n  ".join(tail))
    return seconds


def run_with_peak(argv: Sequence[str]) -> tuple[float, int]:
    """Like ``run``, and the command's peak RSS in bytes: from ``/usr/bin/time -v`` where
    there is one, else ``RUSAGE_CHILDREN``, the high-water mark of every child so far (an
    upper bound)."""
    gnu_time = shutil.which("time", path="/usr/bin:/bin")
    if gnu_time is None:
        seconds = run(argv)
        return seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        seconds = run([gnu_time, "-v", "-o", report.name, *argv])
        match = _TIME_RSS.search(report.read())
    if match is None:
        raise BenchmarkError(f"{gnu_time} -v reported no maximum resident set size")
    return seconds, int(match.group(1)) * 1024


def best_of(commands: dict[str, list[str]], repeats: int) -> dict[str, float]:
    """The best wall time of ``repeats`` runs of each command, taken in turn so that a noisy
    neighbour slows every contender alike rather than one of them."""
    best = dict.fromkeys(commands, float("inf"))
    for _ in range(repeats):
        for name, argv in commands.items():
            best[name] = min(best[name], run(argv))
    return best


def line(name: str, figure: str) -> None:
    print(f"  {name:46} {figure}", flush=True)


def fixture_text() -> str:
    return (files("newsevents") / "fixtures" / f"{CANONICAL}.yaml").read_text(encoding="utf-8")


def with_id(text: str, record_id: str) -> str:
    """The YAML record ``text`` with its top-level ``id:`` line replaced."""
    changed, count = _ID_LINE.subn(lambda _: f"id: {record_id}", text, count=1)
    if count != 1:
        raise BenchmarkError(f"the fixture {CANONICAL} has no top-level 'id:' line")
    return changed


def write_yaml_copies(directory: Path, count: int) -> list[Path]:
    text = fixture_text()
    paths = [directory / f"record-{index:04d}.yaml" for index in range(count)]
    for index, path in enumerate(paths):
        path.write_text(with_id(text, f"{CANONICAL}-copy-{index:04d}"), encoding="utf-8")
    return paths


def write_jsonl(path: Path, size: int) -> int:
    """Write canonical records, one JSON line each, until ``path`` holds ``size`` bytes;
    return how many records it holds."""
    record: dict[str, Any] = dict(newsevents.load_fixture(CANONICAL))
    count = written = 0
    with path.open("wb") as out:
        while written < size:
            record["id"] = f"{CANONICAL}-copy-{count:06d}"
            written += out.write(orjson.dumps(record) + b"\n")
            count += 1
    return count


def floor_seconds(path: Path, validator: Any, records: int) -> float:
    """Wall time of the floor: read each line, ``orjson.loads``, jsonschema-rs ``is_valid``."""
    valid = 0
    start = time.perf_counter()
    with path.open("rb", buffering=READ_BUFFER) as lines:
        for text in lines:
            valid += validator.is_valid(orjson.loads(text))
    seconds = time.perf_counter() - start
    if valid != records:
        raise BenchmarkError(f"jsonschema-rs found {records - valid} of {records} invalid")
    return seconds


def bench_directory(tmp: Path, settings: Settings, bundle: Path) -> list[Target]:
    records = tmp / "records"
    records.mkdir()
    paths = write_yaml_copies(records, YAML_FILES)
    ours = [script("newsevents"), "validate"]
    check = [script("check-jsonschema"), "--schemafile", str(bundle)]
    run([*check, str(paths[0])])  # accepts the bundle, finds the fixture valid, warms caches
    sample = min(settings.peer_files, YAML_FILES)
    commands = {
        "newsevents validate DIR": [*ours, str(records)],
        "newsevents validate --jobs 1 DIR": [*ours, "--jobs", "1", str(records)],
        f"check-jsonschema, {sample} files": [*check, *map(str, paths[:sample])],
    }
    if sample < YAML_FILES:
        commands["check-jsonschema, 1 file"] = [*check, str(paths[0])]
    print(
        f"\n1. {YAML_FILES:,} YAML files of {paths[0].stat().st_size / 1000:.1f} kB, whole "
        f"process, best of {settings.repeats}",
        flush=True,
    )
    best = best_of(commands, settings.repeats)
    for name, seconds in best.items():
        line(name, f"{seconds:9.2f} s")
    peer = best[f"check-jsonschema, {sample} files"]
    if sample < YAML_FILES:
        one = best["check-jsonschema, 1 file"]
        peer = one + (peer - one) * (YAML_FILES - 1) / (sample - 1)
        line(
            f"check-jsonschema, {YAML_FILES:,} files",
            f"{peer:9.2f} s  EXTRAPOLATED: 1-file time + per-file time x {YAML_FILES - 1}, "
            f"from the 1- and {sample}-file runs (--peer-files {YAML_FILES} runs them all)",
        )
    default = best["newsevents validate DIR"]
    serial = best["newsevents validate --jobs 1 DIR"]
    line(f"(newsevents default vs --jobs 1, {os.cpu_count()} CPUs)", f"{serial / default:9.2f}x")
    return [
        Target(
            "YAML dir: newsevents (default), x faster than check-jsonschema",
            peer / default,
            "x",
            15,
        ),
        Target("YAML dir: newsevents --jobs 1, x faster than check-jsonschema", peer / serial, "x"),
    ]


def rss_target(size: int, peak: int) -> Target:
    name = f"JSONL: newsevents peak RSS on {size / MB:,.0f} MB"
    return Target(name, peak / MB, " MB", RSS_BOUND / MB, at_least=False)


def bench_jsonl(tmp: Path, settings: Settings, bundle: Path) -> list[Target]:
    path = tmp / "records.jsonl"
    records = write_jsonl(path, settings.jsonl_bytes)
    size = path.stat().st_size
    print(
        f"\n2. JSON Lines, {size / MB:,.0f} MB, {records:,} records, serial, "
        f"best of {settings.repeats}",
        flush=True,
    )
    validator = jsonschema_rs.validator_for(json.loads(bundle.read_bytes()), validate_formats=True)
    command = [script("newsevents"), "validate", "--jobs", "1", str(path)]
    run_with_peak(command)  # warms the page cache for both contenders
    ours = floor = float("inf")
    peak = 0
    for _ in range(settings.repeats):  # in turn, as in best_of
        seconds, rss = run_with_peak(command)
        ours, peak = min(ours, seconds), max(peak, rss)
        floor = min(floor, floor_seconds(path, validator, records))
    line("newsevents validate --jobs 1 FILE (process)", f"{records / ours:9,.0f} records/s")
    line("floor: orjson.loads + jsonschema-rs is_valid", f"{records / floor:9,.0f} records/s")
    line("newsevents peak RSS", f"{peak / MB:9,.0f} MB")
    targets = [
        Target("JSONL: newsevents records/s / the floor's", floor / ours, "x", 0.5),
        rss_target(size, peak),
    ]
    if settings.memory:
        path.unlink()
        records = write_jsonl(path, 1000 * MB)
        seconds, peak = run_with_peak(command)
        size = path.stat().st_size
        line(
            f"--memory: {size / MB:,.0f} MB, {records:,} records",
            f"{records / seconds:9,.0f} records/s, peak RSS {peak / MB:,.0f} MB",
        )
        targets.append(rss_target(size, peak))
    return targets


def median_seconds(argv: Sequence[str], runs: int) -> float:
    run(argv)  # warm the page cache and the bytecode cache
    return statistics.median(run(argv) for _ in range(runs))


def bench_startup(settings: Settings) -> list[Target]:
    runs = 5 if settings.quick else 20
    ours = median_seconds([script("newsevents"), "--version"], runs)
    bare = median_seconds([sys.executable, "-c", "pass"], runs)
    print(f"\n3. Start-up, median of {runs} runs", flush=True)
    line("newsevents --version", f"{ours * 1000:9.1f} ms")
    line("python -c pass (context)", f"{bare * 1000:9.1f} ms")
    return [Target("start-up: newsevents --version", ours * 1000, " ms", 150, at_least=False)]


def versions() -> str:
    found = [f"Python {sys.version.split()[0]}"]
    for name in ("newsevents", "check-jsonschema", "orjson", "jsonschema-rs"):
        try:
            found.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            found.append(f"{name} (not installed)")
    return ", ".join(found)


def parse(argv: Sequence[str] | None) -> Settings:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="one run each, smaller inputs")
    parser.add_argument("--memory", action="store_true", help="also check peak RSS on a 1 GB file")
    parser.add_argument(
        "--peer-files",
        type=int,
        metavar="N",
        help=f"time check-jsonschema on N of the {YAML_FILES:,} files and extrapolate "
        f"(default 100, --quick 20; {YAML_FILES} runs them all)",
    )
    args = parser.parse_args(argv)
    peer_files = args.peer_files or (20 if args.quick else 100)
    if not 2 <= peer_files <= YAML_FILES:
        parser.error(f"--peer-files {peer_files}, but it must be from 2 to {YAML_FILES}")
    return Settings(quick=args.quick, memory=args.memory, peer_files=peer_files)


def main(argv: Sequence[str] | None = None) -> int:
    settings = parse(argv)
    print(versions())
    mode = "quick" if settings.quick else "full"
    print(f"{os.cpu_count()} CPUs, {mode} mode; every time is wall-clock")
    targets: list[Target] = []
    try:
        with tempfile.TemporaryDirectory(prefix="newsevents-bench-") as name:
            tmp = Path(name)
            bundle = tmp / "bundled.schema.json"
            with bundle.open("w") as out:
                subprocess.run([script("newsevents"), "schema", "--bundle"], stdout=out, check=True)
            # Writes the bytecode caches of everything a validation run imports.
            run([script("newsevents"), "validate", str(files("newsevents") / "fixtures")])
            targets += bench_directory(tmp, settings, bundle)
            targets += bench_jsonl(tmp, settings, bundle)
            targets += bench_startup(settings)
    except (BenchmarkError, subprocess.CalledProcessError) as error:
        print(f"\nbenchmark failed: {error}", file=sys.stderr)
        return 1
    print("\nfigures and targets:")
    for target in targets:
        print(target.row())
    ok = all(target.met for target in targets)
    print("all targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
