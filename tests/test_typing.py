"""Users' type checkers understand records: the TypedDicts as ``mypy --strict`` sees them."""

from __future__ import annotations

from pathlib import Path

from mypy import api

GOOD = """
import newsevents
from newsevents import NewsEventRecord

record: NewsEventRecord = newsevents.load_fixture("china-belarus-2024-08-23")
published: str = record["article"]["published"]["value"]
first = record["events"][0]
status: str = first["status"]
for claim in record["claims"]:
    value = claim["value"]
    if value["kind"] == "quantity":
        amount: float = value["quantity"]["value"]
"""

BAD = """
import newsevents

record = newsevents.load_fixture("china-belarus-2024-08-23")
record["article"]["headlin"]
count: str = record["article"]["views"]["count"]
"""


def check(tmp_path: Path, source: str) -> tuple[str, int]:
    module = tmp_path / "user_code.py"
    module.write_text(source, encoding="utf-8")
    out, err, status = api.run(
        ["--strict", "--no-incremental", "--cache-dir", str(tmp_path / "cache"), str(module)]
    )
    return out + err, status


def test_typed_access_passes_strict_mypy(tmp_path: Path) -> None:
    output, status = check(tmp_path, GOOD)
    assert status == 0, output


def test_typos_and_wrong_types_are_caught(tmp_path: Path) -> None:
    output, status = check(tmp_path, BAD)
    assert status == 1
    assert '"Article" has no key "headlin"' in output
    assert (
        'Incompatible types in assignment (expression has type "int", variable has type "str")'
        in output
    )
