"""The validator is safe to share between threads: many at once get the serial results.

A shared default validator (the module functions), a shared ``Validator(ignore=[...])``
and a shared ``Validator(select=[...], extra_rules=...)`` judge records and Documents
(whose lines and columns are found lazily, on first need) from several threads at once,
each thread in its own order; every answer equals the one a single thread gets. Run once
in this process, and once in a fresh one where the threads start together before any
engine, schema or position table is built, so that lazy set-up races too.
"""

from __future__ import annotations

import copy
import functools
import json
import random
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import newsevents
from newsevents import Document, InvalidRecord, Validator
from newsevents._layout.format import format_yaml
from newsevents.strategies._invalid import BREAKS, NotHere, plant
from newsevents.strategies._records import Sizes, build_from

ROOT = Path(__file__).resolve().parent.parent
THREADS = 3

Outcome = list[Any]


def _headline_length(record: dict[str, Any]) -> Iterator[tuple[str, str]]:
    if len(record["article"]["headline"]) > 40:
        yield "/article/headline", "keep headlines to 40 characters"


def validators() -> dict[str, Any]:
    """The shared validators: the module functions, and two configured ones."""
    return {
        "default": newsevents,
        "ignore": Validator(ignore=["span-text-mismatch", "schema.enum"]),
        "select": Validator(
            select=["schema", "unresolved-reference", "headline-length"],
            extra_rules={"headline-length": _headline_length},
        ),
    }


def _broken(name: str, change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    record = copy.deepcopy(dict(newsevents.load_fixture(name)))
    change(record)
    return record


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(record: dict[str, Any]) -> None:
        *parents, last = [int(p) if p.isdigit() else p for p in path.strip("/").split("/")]
        node: Any = record
        for part in parents:
            node = node[part]
        if value is _DELETE:
            del node[last]
        else:
            node[last] = value

    return change


_DELETE = object()


def records() -> list[dict[str, Any]]:
    """Valid records and records broken in known ways: the fixtures changed by hand, and
    generated ones from a fixed seed."""
    made = [
        dict(newsevents.load_fixture("china-belarus-2024-08-23")),
        dict(newsevents.load_fixture("minimal")),
        _broken("china-belarus-2024-08-23", _set("/claims/0/evidence/0/text", "a typo")),
        _broken("china-belarus-2024-08-23", _set("/events/0/place", "gomel")),
        _broken("minimal", _set("/entities/1/id", "li-qiang")),
        _broken("minimal", _set("/entities/0/kind", "planet")),
        _broken("minimal", _set("/colour", "red")),
        _broken("minimal", _set("/article/headline", _DELETE)),
        _broken("minimal", _set("/claims/0/value/quantity/value", float("nan"))),
        _broken(
            "minimal", _set("/schema", "https://newsevents.dev/schemas/9.9/record.schema.json")
        ),
        _broken("minimal", _set("/events/0/date/value", "2024-02-30")),
    ]
    rng = random.Random(7)
    small = Sizes(entities=(2, 3), events=(1, 2), claims=(1, 2), quotes=(1, 1), text=(1, 160))
    for rule in sorted(BREAKS):
        for _ in range(100):
            record = build_from(rng, small)
            try:
                plant(rng.choice, record, rule)
            except NotHere:
                continue
            made.append(record)
            break
    made.extend(build_from(rng, small) for _ in range(4))
    return made


def documents(records: list[dict[str, Any]]) -> list[Document]:
    """The records as Documents read from YAML and JSON text: their problems carry lines
    and columns, found on first need."""
    found = []
    for n, record in enumerate(records):
        if n % 3:
            continue
        try:
            text = json.dumps(record, ensure_ascii=False, allow_nan=False)
        except ValueError:
            continue  # NaN: no file holds it
        if n % 2 == 0:
            text = format_yaml(text)
        found.extend(newsevents.loads_all(text.encode("utf-8"), name=f"record-{n}"))
    return found


def outcome(validator: Any, item: object) -> Outcome:
    """Everything a validator says of one item, as plain data."""
    problems = [
        [p.rule, p.pointer, p.message, p.file, p.line, p.column, p.index]
        for p in validator.iter_problems(item)
    ]
    valid = validator.is_valid(item)
    raised = None
    if validator is newsevents:  # the same account again, raised: once is enough
        try:
            validator.validate(item)
        except InvalidRecord as error:
            raised = [[p.rule, p.pointer, p.line] for p in error.problems]
    return [valid, problems, raised]


@functools.cache
def _work() -> list[tuple[str, object]]:
    chosen = validators()
    made = records()
    items: list[object] = [*made, *documents(made)]
    return [(name, item) for name in chosen for item in items]


@functools.cache
def _serial() -> list[Outcome]:
    chosen = validators()
    return [outcome(chosen[name], item) for name, item in _work()]


def _threaded(work: list[tuple[str, object]]) -> list[list[Outcome]]:
    """Each thread's outcomes, in the work's order, though each ran them in its own."""
    chosen = validators()
    start = threading.Barrier(THREADS)

    def run(seed: int) -> list[Outcome]:
        order = list(range(len(work)))
        random.Random(seed).shuffle(order)
        got: dict[int, Outcome] = {}
        start.wait()  # all at once, so that first uses coincide
        for at in order:
            name, item = work[at]
            got[at] = outcome(chosen[name], item)
        return [got[at] for at in range(len(work))]

    interval = sys.getswitchinterval()
    # Threads hand over the interpreter every few microseconds instead of every 5 ms, so
    # that they interleave inside the validator rather than between whole records.
    sys.setswitchinterval(1e-5)
    try:
        with ThreadPoolExecutor(THREADS) as pool:
            return list(pool.map(run, range(THREADS)))
    finally:
        sys.setswitchinterval(interval)


def main() -> None:
    """In a fresh process: judge the work from all threads at once, print the outcomes."""
    work = _work()
    json.dump(_threaded(work), sys.stdout)


def test_threads_sharing_validators_get_the_serial_results() -> None:
    work = _work()
    serial = _serial()
    assert any(result[0] for result in serial)
    assert not all(result[0] for result in serial)
    for outcomes in _threaded(work):
        for (name, item), got, expected in zip(work, outcomes, serial, strict=True):
            assert got == expected, (name, item)


def test_threads_starting_in_a_fresh_process_get_the_serial_results() -> None:
    # Nothing is built yet in the child: its threads race to build the engines, the
    # reference engine, the rules' tables and each Document's positions.
    code = (
        f"import sys; sys.path.insert(0, {str(ROOT)!r}); import tests.test_threads as t; t.main()"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, done.stderr
    serial = json.loads(json.dumps(_serial()))
    for outcomes in json.loads(done.stdout):
        assert outcomes == serial
