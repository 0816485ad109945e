"""Full-size records written as JSON Lines, the way producers write them: shared by the
benchmarks that need a large stream (``cli.py``, ``hostile.py``)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

import newsevents

CANONICAL = "china-belarus-2024-08-23"

#: How each layout writes one record as a JSON Lines line (without its line end).
LAYOUTS: dict[str, Callable[[Any], bytes]] = {
    "json.dumps defaults": lambda record: json.dumps(record).encode("ascii"),
    "orjson compact": orjson.dumps,
}


def variations() -> list[dict[str, Any]]:
    """Full-size valid records to copy: the canonical fixture and the worked example."""
    names = (CANONICAL, f"{CANONICAL}-predicted")
    return [dict(newsevents.load_fixture(name)) for name in names]


def varied(records: list[dict[str, Any]], count: int) -> dict[str, Any]:
    """Copy ``count``: one of ``records`` with an id of its own and its lists rotated
    (order is free in every list of a record: items refer to each other by id)."""
    record = dict(records[count % len(records)])
    record["id"] = f"{CANONICAL}-copy-{count:06d}"
    for key in ("entities", "events", "claims", "quotes", "topics"):
        items = record.get(key)
        if isinstance(items, list) and items:
            turn = count % len(items)
            record[key] = items[turn:] + items[:turn]
    return record


def write_jsonl(path: Path, size: int, layout: str = "orjson compact") -> int:
    """Write varied full-size records, one line each in ``layout``, until ``path`` holds
    ``size`` bytes; return how many records it holds."""
    write, records = LAYOUTS[layout], variations()
    count = written = 0
    with path.open("wb") as out:
        while written < size:
            written += out.write(write(varied(records, count)) + b"\n")
            count += 1
    return count
