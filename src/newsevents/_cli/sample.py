"""``newsevents sample``: generated records for projects in other languages.

The same seed and the same package version give the same bytes: records are built from a
seeded random generator through the same builders as the Hypothesis strategies. Each
record says what made it in its provenance (method ``generated``, the newsevents version,
the seed), so a file of valid records validates as it is; broken records come as JSON
Lines pairs after a header line that says the same.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from typing import Any, TextIO

__all__ = ["SampleSettings", "run_sample"]

#: How often a broken record is tried again before the run gives up on a rule.
_TRIES = 200


@dataclass(frozen=True)
class SampleSettings:
    """What ``newsevents sample`` was asked to do."""

    count: int
    seed: int
    invalid: bool = False
    format: str = "jsonl"


def _header(settings: SampleSettings) -> dict[str, Any]:
    from importlib.metadata import version

    from newsevents._resources import SCHEMA_VERSION

    return {
        "newsevents_sample": 1,
        "seed": settings.seed,
        "count": settings.count,
        "invalid": settings.invalid,
        "newsevents": version("newsevents"),
        "schema": SCHEMA_VERSION,
    }


def _records(settings: SampleSettings) -> list[Any]:
    from newsevents.strategies._invalid import BREAKS, NotHere, plant
    from newsevents.strategies._records import Sizes, build_from

    rng = random.Random(settings.seed)
    sizes = Sizes()
    used: set[str] = set()
    if not settings.invalid:
        return [
            _own_id(_stamped(build_from(rng, sizes), settings, n), used, n)
            for n in range(settings.count)
        ]
    broken = Sizes(entities=(2, 8), events=(1, 5), claims=(1, 8), quotes=(1, 3))
    rules = sorted(BREAKS)
    made: list[Any] = []
    for n in range(settings.count):
        rule = rules[n % len(rules)]  # every rule in turn, so a small sample covers them
        for _ in range(_TRIES):
            record = build_from(rng, broken)
            try:
                expected = plant(rng.choice, record, rule)
            except NotHere:
                continue
            if expected.pointer != "/id":
                _own_id(record, used, n)
            made.append({"record": record, "expected": expected.as_dict()})
            break
        else:  # pragma: no cover - every rule finds a place within a few tries
            raise RuntimeError(f"no record could be broken for {rule} in {_TRIES} tries")
    return made


def _own_id(record: dict[str, Any], used: set[str], n: int) -> dict[str, Any]:
    """The record, its id made unlike every earlier one's: records checked together must
    not share an id (``duplicate-record-id``), and a generator draws short ids often."""
    ident = record["id"]
    while ident in used:
        # Within the id pattern and its 128 characters: words joined by single separators.
        ident = f"{ident[:100].rstrip('-_.')}-{n}"
        n += 1
    used.add(ident)
    record["id"] = ident
    return record


def _stamped(record: dict[str, Any], settings: SampleSettings, n: int) -> dict[str, Any]:
    header = _header(settings)
    record["provenance"] = {
        "method": "generated",
        "by": f"newsevents {header['newsevents']} sample",
        "notes": f"seed {settings.seed}, record {n}, schema {header['schema']}",
    }
    return record


def run_sample(settings: SampleSettings, out: TextIO) -> int:
    """Write the sample; return the exit code."""
    header = _header(settings)
    items = _records(settings)
    if settings.format == "jsonl":
        if settings.invalid:
            out.write(json.dumps(header, ensure_ascii=False, sort_keys=True) + "\n")
        for item in items:
            out.write(json.dumps(item, ensure_ascii=False, allow_nan=True) + "\n")
        return 0
    from newsevents._layout.format import format_yaml

    out.write("# " + json.dumps(header, ensure_ascii=False, sort_keys=True) + "\n")
    documents = []
    for item in items:
        if settings.invalid:
            note = "# expect: {rule} at {pointer}\n".format(**item["expected"])
            documents.append(note + _yaml(item["record"], format_yaml))
        else:
            documents.append(_yaml(item, format_yaml))
    out.write("---\n".join(documents))
    return 0


def _yaml(record: Any, format_yaml: Any) -> str:
    # Through JSON, which YAML 1.2 reads as written: a YAML 1.1 dumper would leave strings
    # such as 0179 plain, which YAML 1.2 reads as numbers.
    text: str = format_yaml(json.dumps(record, ensure_ascii=False))
    return text
