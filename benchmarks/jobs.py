"""Parallel checking of one large JSON Lines file: ``validate --jobs 2`` against serial.

    python benchmarks/jobs.py                  # a 1 GB file, best of 3: about 3 minutes
    python benchmarks/jobs.py --size 200M      # a smaller file
    python benchmarks/jobs.py --quick          # 200 MB, one run each
    python benchmarks/jobs.py --break-even     # also: from what size a pool pays
    python benchmarks/jobs.py --tune           # also: range sizes and windows
    python benchmarks/jobs.py --records 1000000 --baseline REV   # memory, before and after

Measures, in one run, whole processes each:

1. Throughput on one JSON Lines file of full-size records, written as most producers
   write them (``json.dumps`` with its default separators): the canonical fixture, the
   worked example and the minimal record in turn, each with an id of its own, one in 500
   with a span one character off so that the report has lines to compare. Contenders:
   ``newsevents validate --jobs 1``, ``--jobs 2`` and the default jobs, taken in turn.
   Targets: ``--jobs 2`` at least 1.7x the serial rate on 1 GB when there are two CPUs
   or more; every contender prints the same report, byte for byte.
2. Peak RSS of the parent process and of the largest worker (``getrusage`` in a driver
   process: ``RUSAGE_SELF`` and ``RUSAGE_CHILDREN``), and their CPU time. Target: each
   under 200 MB, whatever the file's size.
3. With ``--records N`` (a million, say): N valid records of the smallest valid record
   in one file and one more in a second file (before ranges, one file never got a pool),
   ``--jobs 2``, for this tree and, with ``--baseline REV``, for the sources of a git
   revision (``git archive``): the peak RSS of parent and workers; for this tree also
   without the run's table of record ids, which grows with the records however they are
   checked (target: each process under 200 MB then), and serially.
4. The size of a valid record's report, pickled and held once unpickled, as a worker
   sends it (packed) and as a ``Judged``.
5. With ``--break-even``, serial against ``--jobs 2`` on files of 4 to 128 MB: where the
   default jobs should start a pool for one file (``AUTO_POOL_FILE_BYTES``).
6. With ``--tune``, ``--jobs 2`` with ranges of 1 to 64 MiB and 1 to 4 tasks in flight
   per worker (``RANGE_BYTES``, ``WINDOW_PER_WORKER``).

Figures are ratios taken side by side, so they hold on any machine; the development
machine is shared, so run it when ``uptime`` shows a low load. Nothing here runs in the
test suite. Exit code 0 when every target is met, 1 otherwise.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import pickle
import re
import subprocess
import sys
import tarfile
import tempfile
import time
import tracemalloc
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import newsevents
from newsevents._cli.parallel import pack
from newsevents._cli.validate import Judged

ROOT = Path(__file__).resolve().parent.parent
MB = 1_000_000
RSS_BOUND = 200 * MB
RATIO_TARGET = 1.7
DUPLICATE = "duplicate-record-id"
VARIANTS = ("china-belarus-2024-08-23", "china-belarus-2024-08-23-predicted", "minimal")
_ID = "@@ID@@"
_SIZE = re.compile(r"([0-9]+)\s*([kmg]?)b?", re.IGNORECASE)
# Runs the command in a child and reports its own and its workers' resource use after it.
DRIVER = """
import json, os, resource, sys
from newsevents._cli import main
for name, value in json.loads(os.environ.get("JOBS_BENCH_SET", "{}")).items():
    module, _, attribute = name.rpartition(".")
    setattr(sys.modules[module] if module in sys.modules else __import__(module, fromlist=["_"]),
            attribute, value)
code = main(sys.argv[1:])
sys.stdout.flush()
usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
scale = 1 if sys.platform == "darwin" else 1024
print("rusage:", json.dumps({"code": code, "rss": [u.ru_maxrss * scale for u in usage],
      "cpu": [u.ru_utime + u.ru_stime for u in usage]}), file=sys.stderr)
"""


class BenchmarkError(Exception):
    """A contender failed, or two contenders reported differently."""


@dataclass(frozen=True)
class Run:
    """One whole run of the command: wall time, report, and resource use."""

    seconds: float
    report: str
    parent_rss: int
    worker_rss: int
    parent_cpu: float
    worker_cpu: float


def size(text: str) -> int:
    """Bytes, with a K, M or G suffix (powers of 1000, as the figures are printed)."""
    match = _SIZE.fullmatch(text.strip())
    if match is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size such as 200M or 1G")
    scale: int = 1000 ** " kmg".index(match[2].lower() or " ")
    return int(match[1]) * scale


def _template(record: Any) -> str:
    record = copy.deepcopy(record)
    record["id"] = _ID
    return json.dumps(record)


def templates() -> list[tuple[str, str]]:
    """Each variant's JSON line with a placeholder id, valid and with a span off by one."""
    found = []
    for name in VARIANTS:
        record: dict[str, Any] = copy.deepcopy(dict(newsevents.load_fixture(name)))
        valid = _template(record)
        record["entities"][0]["evidence"][0]["start"] += 1
        found.append((valid, _template(record)))
    return found


def smallest_record() -> str:
    """The minimal record cut to what the schema requires: one entity, empty lists."""
    record: dict[str, Any] = copy.deepcopy(dict(newsevents.load_fixture("minimal")))
    for key in ("events", "claims", "quotes", "topics"):
        record[key] = []
    entity = record["entities"][0]
    record["entities"] = [entity]
    record["article"]["text"] = entity["name"]
    entity["evidence"] = entity["evidence"][:1]
    if not newsevents.is_valid(record):
        raise BenchmarkError("the smallest record is no longer valid; update smallest_record")
    return _template(record)


def write_jsonl(path: Path, target: int) -> int:
    """Full-size records, one JSON line each, until ``path`` holds ``target`` bytes."""
    lines = templates()
    count = written = 0
    with path.open("wb", buffering=1 << 20) as out:
        while written < target:
            valid, broken = lines[count % len(lines)]
            text = broken if count % 500 == 499 else valid
            line = text.replace(_ID, f"record-{count:08d}", 1) + "\n"
            written += out.write(line.encode())
            count += 1
    return count


def write_small(path: Path, count: int, first: int = 0) -> None:
    """``count`` valid records of the smallest kind."""
    text = smallest_record()
    with path.open("wb", buffering=1 << 20) as out:
        for number in range(first, first + count):
            out.write((text.replace(_ID, f"small-{number:08d}", 1) + "\n").encode())


def run(
    argv: Sequence[str], source: Path = ROOT / "src", tuned: dict[str, int] | None = None
) -> Run:
    """Run ``newsevents ARGV`` from the sources in ``source``, with its resource use;
    ``tuned`` sets module constants first (``{"newsevents._cli.ranges.RANGE_BYTES": 1}``)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(source)
    env["JOBS_BENCH_SET"] = json.dumps(tuned or {})
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, *argv], capture_output=True, text=True, env=env
    )
    seconds = time.perf_counter() - start
    marker = done.stderr.rpartition("rusage: ")[2]
    try:
        usage = json.loads(marker)
    except json.JSONDecodeError:
        raise BenchmarkError(f"newsevents {' '.join(argv)} failed:\n{done.stderr}") from None
    if usage["code"] not in (0, 1):
        raise BenchmarkError(f"newsevents {' '.join(argv)} exited {usage['code']}")
    return Run(seconds, done.stdout, *usage["rss"], *usage["cpu"])


def best_of(commands: dict[str, list[str]], repeats: int) -> dict[str, Run]:
    """The fastest of ``repeats`` runs of each command, taken in turn, so that a noisy
    neighbour slows every contender alike; each must report what the first one did."""
    best: dict[str, Run] = {}
    for _ in range(repeats):
        for name, argv in commands.items():
            done = run(argv)
            first = next(iter(best.values()), done)
            if done.report != first.report:
                raise BenchmarkError(f"{name} reported differently from the serial run")
            if name not in best or done.seconds < best[name].seconds:
                best[name] = done
    return best


def line(name: str, figure: str) -> None:
    print(f"  {name:44} {figure}", flush=True)


def throughput(tmp: Path, target: int, repeats: int) -> bool:
    path = tmp / "records.jsonl"
    records = write_jsonl(path, target)
    size_mb = path.stat().st_size / MB
    print(f"\n1. one JSON Lines file: {size_mb:,.0f} MB, {records:,} records, best of {repeats}")
    run(["validate", "--jobs", "1", str(path)])  # warms the page cache and bytecode
    best = best_of(
        {
            "--jobs 1": ["validate", "--jobs", "1", str(path)],
            "--jobs 2": ["validate", "--jobs", "2", str(path)],
            "default jobs": ["validate", str(path)],
        },
        repeats,
    )
    for name, done in best.items():
        line(
            f"newsevents validate {name}",
            f"{size_mb / done.seconds:7.1f} MB/s  {done.seconds:6.1f} s  parent "
            f"{done.parent_rss / MB:4.0f} MB {done.parent_cpu:5.1f} s CPU, workers "
            f"{done.worker_rss / MB:4.0f} MB (largest) {done.worker_cpu:5.1f} s CPU (all)",
        )
    ratio = best["--jobs 1"].seconds / best["--jobs 2"].seconds
    default = best["--jobs 1"].seconds / best["default jobs"].seconds
    cpus = os.cpu_count() or 1
    # The target is set for 1 GB: on a small file, starting a pool weighs more.
    judged = cpus >= 2 and target >= 1000 * MB
    bound = f"[>= {RATIO_TARGET} on 2 CPUs]" if judged else "[target: on 1 GB]"
    line(f"--jobs 2 / --jobs 1 ({cpus} CPUs)", f"{ratio:7.2f}x  {bound}")
    line("default jobs / --jobs 1", f"{default:7.2f}x")
    peak = max(max(done.parent_rss, done.worker_rss) for done in best.values())
    line("peak RSS of any process", f"{peak / MB:7.0f} MB  [< {RSS_BOUND // MB} MB]")
    line("the same report from each", "yes")
    return (ratio >= RATIO_TARGET or not judged) and peak < RSS_BOUND


def baseline_source(tmp: Path, revision: str) -> Path:
    """The ``src`` tree of a git revision, unpacked under ``tmp`` beside its schemas."""
    archive = tmp / "baseline.tar"
    subprocess.run(
        ["git", "-C", str(ROOT), "archive", "-o", str(archive), revision, "src", "schemas"],
        check=True,
    )
    with tarfile.open(archive) as tar:
        tar.extractall(tmp / "baseline", filter="data")
    return tmp / "baseline" / "src"


def memory(tmp: Path, count: int, baseline: str | None) -> bool:
    big, other = tmp / "many.jsonl", tmp / "other.jsonl"
    write_small(big, count)
    write_small(other, 1, first=count)
    size_mb = big.stat().st_size / MB
    print(f"\n3. {count:,} valid records ({size_mb:,.0f} MB) and one more file")
    files = [str(big), str(other)]
    this = ROOT / "src"
    # The run keeps every record id it has seen, with its place, to find two records with
    # one id (duplicate-record-id): that table grows with the records, serial or not.
    parallel = ["--jobs", "2"]
    contenders = {
        "this tree, --jobs 2": (parallel, this),
        "this tree, --jobs 2, no id table": ([*parallel, "--ignore", DUPLICATE], this),
        "this tree, --jobs 1": (["--jobs", "1"], this),
    }
    if baseline is not None:
        contenders[f"{baseline}, --jobs 2"] = (parallel, baseline_source(tmp, baseline))
    ok = True
    for name, (options, source) in contenders.items():
        done = run(["validate", *options, *files], source)
        line(
            name,
            f"parent {done.parent_rss / MB:5.0f} MB, largest worker "
            f"{done.worker_rss / MB:5.0f} MB, {done.seconds:6.1f} s",
        )
        if "no id table" in name:
            ok = max(done.parent_rss, done.worker_rss) < RSS_BOUND
    return ok


def pickled_sizes() -> None:
    reports = [
        Judged(100_000 + n, "records/2024/dump.jsonl", 100_000 + n, 1, (), f"record-{n:08d}")
        for n in range(10_000)
    ]
    print("\n4. a valid record's report, per record: pickled, and held once unpickled")
    for name, items in (("as a Judged", reports), ("packed", [pack(r) for r in reports])):
        data = pickle.dumps(items, pickle.HIGHEST_PROTOCOL)
        tracemalloc.start()
        held = pickle.loads(data)
        memory = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        del held
        count = len(items)
        line(name, f"{len(data) / count:6.1f} bytes pickled, {memory / count:6.1f} bytes held")


def break_even(tmp: Path, repeats: int) -> None:
    print(f"\n5. serial against --jobs 2 by file size, best of {repeats}")
    path = tmp / "sized.jsonl"
    for megabytes in (4, 8, 16, 32, 64, 128):
        write_jsonl(path, megabytes * MB)
        best = best_of(
            {
                "serial": ["validate", "--jobs", "1", str(path)],
                "jobs": ["validate", "--jobs", "2", str(path)],
            },
            repeats,
        )
        serial, jobs = best["serial"].seconds, best["jobs"].seconds
        line(
            f"{megabytes:4d} MB",
            f"serial {serial:6.2f} s, --jobs 2 {jobs:6.2f} s: {serial / jobs:5.2f}x",
        )


def tune(tmp: Path, repeats: int) -> None:
    path = tmp / "records.jsonl"
    size_mb = path.stat().st_size / MB
    print(f"\n6. --jobs 2 on {size_mb:,.0f} MB by range size and window, best of {repeats}")
    ranges, parallel = "newsevents._cli.ranges.RANGE_BYTES", "newsevents._cli.parallel"
    settings = [
        {ranges: mib << 20, f"{parallel}.WINDOW_PER_WORKER": window}
        for mib, window in ((1, 2), (4, 2), (16, 2), (64, 2), (16, 1), (16, 4))
    ]
    best = [float("inf")] * len(settings)
    for _ in range(repeats):  # in turn, as in best_of
        for number, tuned in enumerate(settings):
            done = run(["validate", "--jobs", "2", str(path)], tuned=tuned)
            best[number] = min(best[number], done.seconds)
    for tuned, seconds in zip(settings, best, strict=True):
        mib, window = tuned[ranges] >> 20, tuned[f"{parallel}.WINDOW_PER_WORKER"]
        line(f"ranges of {mib} MiB, {window} per worker", f"{size_mb / seconds:7.1f} MB/s")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--size", type=size, default=1000 * MB, help="the file (default 1G)")
    parser.add_argument("--quick", action="store_true", help="200 MB, one run each")
    parser.add_argument("--records", type=int, metavar="N", help="also the memory of N records")
    parser.add_argument("--baseline", metavar="REV", help="with --records: also at git REV")
    parser.add_argument("--break-even", action="store_true", help="also 4 to 128 MB files")
    parser.add_argument("--tune", action="store_true", help="also range sizes and windows")
    args = parser.parse_args(argv)
    repeats = 1 if args.quick else 3
    target = min(args.size, 200 * MB) if args.quick else args.size
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}")
    try:
        with tempfile.TemporaryDirectory(prefix="newsevents-jobs-") as name:
            tmp = Path(name)
            ok = throughput(tmp, target, repeats)
            if args.records:
                ok &= memory(tmp, args.records, args.baseline)
            pickled_sizes()
            if args.tune:
                tune(tmp, repeats)
            if args.break_even:
                break_even(tmp, repeats)
    except (BenchmarkError, subprocess.CalledProcessError) as error:
        print(f"\nbenchmark failed: {error}", file=sys.stderr)
        return 1
    print("all targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
