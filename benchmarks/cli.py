"""Whole-process benchmarks of the ``newsevents`` command against its peers, in one run.

    python benchmarks/cli.py            # full: best of 3, about 7 minutes
    python benchmarks/cli.py --quick    # one run each, smaller inputs, about a minute
    python benchmarks/cli.py --memory   # also checks the memory bound on a 1 GB file (slow)
    python benchmarks/cli.py --only jsonl  # one part: dir, jsonl or startup (repeatable)

Measures side by side, on copies of the canonical fixture with varied ids:

1. 1,000 YAML record files in a directory: ``newsevents validate DIR`` (default jobs
   policy) and ``newsevents validate --jobs 1 DIR`` against ``check-jsonschema
   --schemafile BUNDLE FILE...`` on the output of ``newsevents schema --bundle``. Target:
   newsevents at least 15x faster. check-jsonschema spends most of a second on each file,
   so it runs on a sample (``--peer-files``) and on one file, and its time for all the
   files is extrapolated along the line through those two points, as the output says.
2. Records per second on a large JSON Lines file of full-size records (the canonical
   fixture and the worked example, alternating, each copy with an id of its own and its
   lists rotated), written in the two layouts producers write: Python's ``json.dumps``
   with its defaults (``", "`` and ``": "`` between items, every non-ASCII character
   escaped), the most common producer, and orjson's compact bytes. For each layout,
   ``newsevents validate --jobs 1 FILE`` and ``newsevents validate FILE`` (the default
   jobs, which give a file this large a worker per CPU) against the floor measured in
   this process on the same file, in turn: read a line (through the same 1 MiB buffer
   newsevents reads with), ``orjson.loads``, jsonschema-rs ``is_valid`` on the bundled
   schema, nothing else. The library path,
   ``newsevents.validate_stream(newsevents.load_all(FILE))`` in this process, is measured
   beside the floor on the first records of each file (load_all holds them all), for
   context.
   Targets: each layout at least 0.5x the floor's rate with every rule checked, as users
   run it (the default jobs; ``--jobs 1`` is reported beside it); peak RSS under 200 MB.
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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema_rs
import orjson
from _records import CANONICAL, LAYOUTS, write_jsonl

import newsevents

YAML_FILES = 1000
MB = 1_000_000
RSS_BOUND = 200 * MB
# The buffer newsevents reads JSON Lines with; the floor reads through one as large, so that
# the two differ only in what they do with each line.
READ_BUFFER = 1 << 20
_ID_LINE = re.compile(r"^id: .*$", re.MULTILINE)
_TIME_RSS = re.compile(r"Maximum resident set size \(kbytes\): (\d+)")


# Records of the library path per layout: load_all holds every record of its file.
LIBRARY_RECORDS = 300
#: The parts of the run, which ``--only`` chooses from.
PARTS = ("dir", "jsonl", "startup")


class BenchmarkError(Exception):
    """A contender could not be run, or disagreed that the records are valid."""


@dataclass(frozen=True)
class Settings:
    """What this run was asked to do."""

    quick: bool
    memory: bool
    peer_files: int
    parts: tuple[str, ...] = PARTS

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
    return newsevents.fixture_path(CANONICAL).read_text(encoding="utf-8")


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


def head(path: Path, target: Path, lines: int) -> int:
    """Copy the first ``lines`` lines of ``path`` to ``target``; return how many there were."""
    count = 0
    with path.open("rb") as source, target.open("wb") as out:
        for text in source:
            if count == lines:
                break
            out.write(text)
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


def library_seconds(path: Path, records: int) -> float:
    """Wall time of the library path: ``load_all``, then ``validate_stream`` over it."""
    start = time.perf_counter()
    valid = sum(report.valid for report in newsevents.validate_stream(newsevents.load_all(path)))
    seconds = time.perf_counter() - start
    if valid != records:
        raise BenchmarkError(f"validate_stream found {records - valid} of {records} invalid")
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


def rss_target(size: int, peak: int, layout: str) -> Target:
    name = f"JSONL ({layout}): peak RSS on {size / MB:,.0f} MB"
    return Target(name, peak / MB, " MB", RSS_BOUND / MB, at_least=False)


@dataclass
class Layout:
    """One layout's files and the best time of each contender on them."""

    name: str
    path: Path
    records: int
    sample: Path
    sample_records: int
    ours: float = float("inf")
    default: float = float("inf")
    floor: float = float("inf")
    library: float = float("inf")
    sample_floor: float = float("inf")
    peak: int = 0
    ratios: list[float] = field(default_factory=list)


def bench_jsonl(tmp: Path, settings: Settings, bundle: Path) -> list[Target]:
    layouts = []
    for index, name in enumerate(LAYOUTS):
        path = tmp / f"records-{index}.jsonl"
        records = write_jsonl(path, settings.jsonl_bytes, name)
        sample = tmp / f"sample-{index}.jsonl"
        layouts.append(Layout(name, path, records, sample, head(path, sample, LIBRARY_RECORDS)))
    sizes = ", ".join(f"{item.path.stat().st_size / MB:,.0f} MB" for item in layouts)
    print(
        f"\n2. JSON Lines of full-size records, {sizes}, best of {settings.repeats}",
        flush=True,
    )
    validator = jsonschema_rs.validator_for(json.loads(bundle.read_bytes()), validate_formats=True)
    commands = {
        item.name: [script("newsevents"), "validate", "--jobs", "1", str(item.path)]
        for item in layouts
    }
    # As users run it: the default jobs give one large JSON Lines file a pool of one
    # worker per CPU.
    defaults = {item.name: [script("newsevents"), "validate", str(item.path)] for item in layouts}
    for item in layouts:
        run_with_peak(commands[item.name])  # warms the page cache for both contenders
    for _ in range(settings.repeats):  # each layout's contenders in turn, as in best_of
        for item in layouts:
            seconds, rss = run_with_peak(commands[item.name])
            floor = floor_seconds(item.path, validator, item.records)
            item.ours, item.floor = min(item.ours, seconds), min(item.floor, floor)
            item.peak = max(item.peak, rss)
            item.ratios.append(floor / seconds)
            item.default = min(item.default, run_with_peak(defaults[item.name])[0])
            item.library = min(item.library, library_seconds(item.sample, item.sample_records))
            item.sample_floor = min(
                item.sample_floor, floor_seconds(item.sample, validator, item.sample_records)
            )
    print(
        f"  {'layout':22}{'records':>9}{'newsevents/s':>14}{'floor/s':>10}{'ratio':>8}"
        f"{'median':>8}{'peak RSS':>10}{'library/s':>12}{'ratio':>8}"
        f"{'default jobs/s':>16}{'ratio':>8}"
    )
    targets = []
    for item in layouts:
        ratio = item.floor / item.ours
        library = item.sample_floor / item.library
        default = item.floor / item.default
        print(
            f"  {item.name:22}{item.records:9,}{item.records / item.ours:14,.0f}"
            f"{item.records / item.floor:10,.0f}{ratio:8.2f}"
            f"{statistics.median(item.ratios):8.2f}{item.peak / MB:7,.0f} MB"
            f"{item.sample_records / item.library:12,.0f}{library:8.2f}"
            f"{item.records / item.default:16,.0f}{default:8.2f}"
        )
        targets += [
            Target(f"JSONL ({item.name}): --jobs 1 records/s / the floor's", ratio, "x"),
            Target(
                f"JSONL ({item.name}): default jobs, {os.cpu_count()} CPUs, / the floor's",
                default,
                "x",
                0.5,
            ),
            rss_target(item.path.stat().st_size, item.peak, item.name),
            Target(
                f"JSONL ({item.name}): library path / the floor's",
                library,
                "x",
            ),
        ]
    if settings.memory:
        path = layouts[-1].path
        for item in layouts:
            item.path.unlink()
        records = write_jsonl(path, 1000 * MB)
        seconds, peak = run_with_peak(commands[layouts[-1].name])
        size = path.stat().st_size
        line(
            f"--memory: {size / MB:,.0f} MB, {records:,} records",
            f"{records / seconds:9,.0f} records/s, peak RSS {peak / MB:,.0f} MB",
        )
        targets.append(rss_target(size, peak, layouts[-1].name))
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
    parser.add_argument(
        "--only",
        action="append",
        choices=PARTS,
        help="run only this part: the YAML directory, JSON Lines, start-up (repeatable)",
    )
    args = parser.parse_args(argv)
    peer_files = args.peer_files or (20 if args.quick else 100)
    if not 2 <= peer_files <= YAML_FILES:
        parser.error(f"--peer-files {peer_files}, but it must be from 2 to {YAML_FILES}")
    parts = tuple(args.only or PARTS)
    return Settings(args.quick, args.memory, peer_files, parts)


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
            run([script("newsevents"), "validate", str(newsevents.fixture_path(CANONICAL).parent)])
            if "dir" in settings.parts:
                targets += bench_directory(tmp, settings, bundle)
            if "jsonl" in settings.parts:
                targets += bench_jsonl(tmp, settings, bundle)
            if "startup" in settings.parts:
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
