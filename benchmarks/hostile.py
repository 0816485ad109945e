"""Hostile inputs on the command line: each finishes in bounded time and memory.

    python benchmarks/hostile.py               # everything, with a 1 GB stream: ~2 minutes
    python benchmarks/hostile.py --size 200M   # smaller streams
    python benchmarks/hostile.py --no-peers    # newsevents alone

Each input is written to a temporary directory (deleted afterwards) and checked by
``newsevents validate FILE`` in a fresh process of its own, so that no two peaks of memory
mix: wall time, peak RSS (the child's own, from ``wait4``), exit code, the rule reported
and how many bytes the process read beyond what starting it reads (``rchar`` of
``/proc/self/io`` where there is one). The inputs:

- a YAML alias bomb (billion laughs: nine levels of nine aliases, under 1 KB that expand to
  9**9 strings), and a YAML file of a million aliases of one anchor;
- 100,000 levels of nesting in YAML flow style, YAML block style, JSON and JSON Lines;
- a JSON Lines stream of full-size records (``--size``, default 1 GB), every one valid;
- a single JSON file of the same size (at least just over the 256 MiB limit), which the
  size limit refuses without reading it.

Beside each, where it makes sense, a peer shows what users would otherwise meet: PyYAML
``safe_load`` and then ``json.dumps`` of the result (a writer or validator walks it the same
way), the stdlib ``json`` reader, and for the stream the floor of ``orjson.loads`` +
jsonschema-rs ``is_valid`` line by line. A peer runs with a timeout and a cap on its
address space (``--peer-timeout``, ``--peer-memory``) so that it cannot take the machine.

Targets: every hostile input gives its rule (yaml-alias, too-deep, too-large) and exit 1,
within 10 s and 200 MB; the stream exits 0 in under 200 MB; the refused file is not read
(under 1 MiB read beyond start-up). Exit code 0 when every target is met, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from _records import write_jsonl

import newsevents
from newsevents._read.limits import MAX_SOURCE_BYTES

MB = 1_000_000
MIB = 1 << 20
DEEP = 100_000
RSS_BOUND = 200 * MB
SECONDS_BOUND = 10.0
UNREAD_BOUND = MIB
ALIASES = 1_000_000
_SIZE = re.compile(r"(\d+)([KMG]?)", re.IGNORECASE)
# `path:LINE:COL: rule: ...`, `path:LINE: rule: ...` or `path: rule: ...`
_PROBLEM = re.compile(r":(?:\d+:)?(?:\d+:)? (?P<rule>[a-z][\w.-]*): ")
_SUMMARY = re.compile(r"\d+ files?, .*")

# The command, run through its entry point, then the bytes it read written to a file.
_PROBE = """
import atexit, sys
report = sys.argv.pop(1)

def _read():
    try:
        with open("/proc/self/io") as io:
            fields = dict(line.split(": ", 1) for line in io.read().splitlines())
    except OSError:
        return
    with open(report, "w") as out:
        out.write(fields["rchar"])

atexit.register(_read)
from newsevents._cli import main
raise SystemExit(main(sys.argv[1:]))
"""
_PEER_YAML = """
import json, sys, yaml
loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
with open(sys.argv[1], encoding="utf-8") as text:
    data = yaml.load(text, Loader=loader)
print(len(json.dumps(data)))
"""
_PEER_JSON = """
import json, sys
with open(sys.argv[1], encoding="utf-8") as text:
    print(type(json.load(text)).__name__)
"""
_PEER_JSONL = """
import json, sys
with open(sys.argv[1], encoding="utf-8") as lines:
    print(sum(1 for line in lines if json.loads(line) is not None))
"""
_FLOOR = """
import json, sys, orjson, jsonschema_rs
with open(sys.argv[2], "rb") as schema:
    validator = jsonschema_rs.validator_for(json.load(schema), validate_formats=True)
with open(sys.argv[1], "rb", buffering=1 << 20) as lines:
    valid = sum(validator.is_valid(orjson.loads(line)) for line in lines)
print(valid, "valid")
"""


@dataclass(frozen=True)
class Outcome:
    """How one process ended."""

    seconds: float
    peak: int  # bytes
    code: int | None  # None: killed at the timeout
    output: str  # stdout, then stderr
    read: int | None = None  # bytes read beyond start-up, where known

    def cells(self, said: str) -> str:
        code = "timeout" if self.code is None else str(self.code)
        read = "" if self.read is None else f"{self.read / MB:,.1f}"
        return f"{self.seconds:8.2f} {self.peak / MB:9,.0f} {code:>7} {read:>9}  {said[:70]}"

    @property
    def last_line(self) -> str:
        return next((line for line in reversed(self.output.splitlines()) if line.strip()), "")

    @property
    def rule(self) -> str:
        """The rule of the first problem newsevents reported, else its summary."""
        lines = self.output.splitlines()
        for line in lines:
            match = _PROBLEM.search(line)
            if match and not _SUMMARY.match(line):
                return match["rule"]
        return next((line for line in reversed(lines) if _SUMMARY.match(line)), self.last_line)


@dataclass(frozen=True)
class Case:
    """One hostile input: its file, what newsevents must say, and a peer to run beside it."""

    name: str
    file: str
    write: Callable[[Path], object]
    rule: str | None  # None: every record valid, exit 0
    peer: str | None = None  # a peer's program, given the file


def peak_bytes(usage: resource.struct_rusage) -> int:
    # Linux counts ru_maxrss in KiB, macOS in bytes.
    return usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)


def _cap(memory: int | None) -> Callable[[], None] | None:
    if memory is None:
        return None

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    return limit


def measure(argv: Sequence[str], timeout: float, memory: int | None = None) -> Outcome:
    """Run ``argv`` in a fresh process: its wall time, its own peak RSS, exit code and
    output."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(argv, stdout=out, stderr=err, preexec_fn=_cap(memory))
        code: int | None
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                code = os.waitstatus_to_exitcode(status)
                break
            if time.perf_counter() - start > timeout:
                child.kill()
                _, _, usage = os.wait4(child.pid, 0)
                code = None
                break
            time.sleep(0.005)
        seconds = time.perf_counter() - start
        child.returncode = -9 if code is None else code  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        output = (out.read() + err.read()).decode("utf-8", "replace")
    return Outcome(seconds, peak_bytes(usage), code, output)


def ours(path: Path, timeout: float, probe: Path, baseline: int = 0) -> Outcome:
    """``newsevents validate FILE`` through the command's entry point, with the bytes the
    process read beyond ``baseline``."""
    probe.unlink(missing_ok=True)
    argv = [sys.executable, "-c", _PROBE, str(probe), "validate", "--jobs", "1", str(path)]
    outcome = measure(argv, timeout)
    if not probe.exists():
        return outcome
    read = max(0, int(probe.read_text()) - baseline)
    return Outcome(outcome.seconds, outcome.peak, outcome.code, outcome.output, read)


# --- the inputs --------------------------------------------------------------------------


def alias_bomb(path: Path) -> None:
    rows = ["lol1: &lol1 [" + ", ".join(['"lol"'] * 9) + "]"]
    for level in range(2, 10):
        rows.append(f"lol{level}: &lol{level} [" + ", ".join([f"*lol{level - 1}"] * 9) + "]")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def many_aliases(path: Path) -> None:
    items = ", ".join(["*a"] * ALIASES)
    path.write_text(f"a: &a [1, 2, 3]\nb: [{items}]\n", encoding="utf-8")


def deep_flow(path: Path) -> None:
    path.write_text("a: " + "[" * DEEP + "]" * DEEP + "\n", encoding="utf-8")


def deep_block(path: Path) -> None:
    path.write_text("- " * DEEP + "x\n", encoding="utf-8")


def deep_json(path: Path) -> None:
    path.write_text('{"a": ' + "[" * DEEP + "]" * DEEP + "}\n", encoding="utf-8")


def big_json(size: int) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        record = json.dumps(dict(newsevents.load_fixture("china-belarus-2024-08-23")))
        with path.open("w", encoding="utf-8") as out:
            written = out.write("[" + record)
            while written < size:
                written += out.write(",\n" + record)
            out.write("]\n")

    return write


def stream(size: int) -> Callable[[Path], object]:
    return lambda path: write_jsonl(path, size)


def cases(size: int) -> list[Case]:
    shown = f"{size / MB:,.0f} MB"
    # Just over the limit at least, however small the stream asked for.
    big = max(size, MAX_SOURCE_BYTES + 1)
    return [
        Case("alias bomb (billion laughs)", "bomb.yaml", alias_bomb, "yaml-alias", _PEER_YAML),
        Case(f"{ALIASES:,} aliases", "aliases.yaml", many_aliases, "yaml-alias", _PEER_YAML),
        Case(f"{DEEP:,} deep, YAML flow", "flow.yaml", deep_flow, "too-deep", _PEER_YAML),
        Case(f"{DEEP:,} deep, YAML block", "block.yaml", deep_block, "too-deep", _PEER_YAML),
        Case(f"{DEEP:,} deep, JSON", "deep.json", deep_json, "too-deep", _PEER_JSON),
        Case(f"{DEEP:,} deep, JSON Lines", "deep.jsonl", deep_json, "too-deep", _PEER_JSONL),
        Case(f"{shown} JSON Lines stream", "stream.jsonl", stream(size), None, _FLOOR),
        Case(
            f"{big / MB:,.0f} MB single JSON file",
            "big.json",
            big_json(big),
            "too-large",
            _PEER_JSON,
        ),
    ]


# --- the run -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    size: int
    peers: bool
    timeout: float
    peer_timeout: float
    peer_memory: int


def parse_size(text: str) -> int:
    match = _SIZE.fullmatch(text.strip())
    if match is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size (bytes, or with K, M or G)")
    scale = {"": 1, "K": 1000, "M": MB, "G": 1000 * MB}[match[2].upper()]
    return int(match[1]) * scale


def parse(argv: Sequence[str] | None) -> Settings:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--size", type=parse_size, default=1000 * MB, help="the stream's size (default 1G)"
    )
    parser.add_argument("--no-peers", action="store_true", help="run newsevents alone")
    parser.add_argument(
        "--timeout", type=float, default=600, help="seconds newsevents may take (default 600)"
    )
    parser.add_argument(
        "--peer-timeout", type=float, default=60, help="seconds a peer may take (default 60)"
    )
    parser.add_argument(
        "--peer-memory",
        type=parse_size,
        default=4000 * MB,
        help="address space a peer may take (default 4G)",
    )
    args = parser.parse_args(argv)
    return Settings(args.size, not args.no_peers, args.timeout, args.peer_timeout, args.peer_memory)


def targets(case: Case, outcome: Outcome) -> list[str]:
    """What this outcome misses of its targets (empty when all are met)."""
    missed = []
    if case.rule is None:
        if outcome.code != 0:
            missed.append(f"exit {outcome.code}, expected 0")
    else:
        if outcome.code != 1 or outcome.rule != case.rule:
            missed.append(f"said {outcome.rule!r} with exit {outcome.code}, expected {case.rule}")
        if outcome.seconds > SECONDS_BOUND:
            missed.append(f"took {outcome.seconds:.1f} s, more than {SECONDS_BOUND:g} s")
    if outcome.peak > RSS_BOUND:
        missed.append(f"peak RSS {outcome.peak / MB:,.0f} MB, more than {RSS_BOUND / MB:g} MB")
    # Where the bytes read cannot be known (no /proc), the time bound stands in for it.
    if case.rule == "too-large" and outcome.read is not None and outcome.read > UNREAD_BOUND:
        missed.append(f"read {outcome.read / MB:,.1f} MB beyond start-up, of a file it refused")
    return missed


def main(argv: Sequence[str] | None = None) -> int:
    settings = parse(argv)
    print(f"Python {sys.version.split()[0]}, newsevents {newsevents.__version__}, ", end="")
    print(f"{os.cpu_count()} CPUs; every time is wall-clock, RSS the process's own peak")
    header = f"  {'input / contender':44}{'wall s':>8} {'peak MB':>9} {'exit':>7} {'read MB':>9}"
    missed: list[str] = []
    with tempfile.TemporaryDirectory(prefix="newsevents-hostile-") as name:
        tmp = Path(name)
        probe = tmp / "read"
        bundle = tmp / "bundled.schema.json"
        bundle.write_text(json.dumps(newsevents.bundled_schema()), encoding="utf-8")
        tiny = tmp / "tiny.json"
        tiny.write_text('{"a": 1}\n', encoding="utf-8")
        baseline = ours(tiny, settings.timeout, probe).read or 0  # what start-up reads
        print(header + "  said")
        for case in cases(settings.size):
            path = tmp / case.file
            case.write(path)
            print(f"\n  {case.name} ({path.stat().st_size / MB:,.1f} MB)", flush=True)
            outcome = ours(path, settings.timeout, probe, baseline)
            print(f"    {'newsevents validate':42}{outcome.cells(outcome.rule)}", flush=True)
            missed += [f"{case.name}: {what}" for what in targets(case, outcome)]
            if settings.peers and case.peer is not None:
                run_peer(case.peer, path, bundle, outcome, settings)
            path.unlink()
    print()
    for what in missed:
        print(f"MISSED {what}")
    print("all targets met" if not missed else "TARGET MISSED")
    return 1 if missed else 0


def run_peer(program: str, path: Path, bundle: Path, ours: Outcome, settings: Settings) -> None:
    """Run a peer on ``path`` and print its row; the floor's row also gives the rate of
    newsevents against it."""
    floor = program is _FLOOR
    argv = [sys.executable, "-c", program, str(path), *([str(bundle)] if floor else [])]
    found = measure(argv, settings.peer_timeout, None if floor else settings.peer_memory)
    said = found.last_line
    if found.code is None:
        said = f"killed after {settings.peer_timeout:g} s"
    elif found.code and "Error" in found.output:
        said = next(line for line in reversed(found.output.splitlines()) if "Error" in line)
    print(f"    {_peer_name(program):42}{found.cells(said)}", flush=True)
    if floor and found.code == 0:
        print(f"    {'(newsevents rate / the floor rate)':42}{found.seconds / ours.seconds:8.2f}x")


def _peer_name(program: str) -> str:
    return {
        _PEER_YAML: "PyYAML safe_load + json.dumps",
        _PEER_JSON: "json.load (stdlib)",
        _PEER_JSONL: "json.loads per line (stdlib)",
        _FLOOR: "floor: orjson.loads + jsonschema-rs",
    }[program]


if __name__ == "__main__":
    raise SystemExit(main())
