"""Users' type checkers understand records: the TypedDicts as ``mypy --strict`` sees them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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

# Data read from a file is plain until it is checked; checking narrows it.
data = newsevents.load("record.yaml")
anything: int = data["whatever"]  # plain dict[str, Any]: no complaint yet
if newsevents.is_valid(data):
    language: str = data["article"]["language"]
checked: NewsEventRecord = newsevents.validate(newsevents.load("record.yaml"))
kind: newsevents.types.EntityKind = checked["entities"][0]["kind"]
validator = newsevents.Validator(ignore=["schema"])
if validator.is_valid(data):
    headline: str = data["article"]["headline"]
"""

BAD = """
import newsevents

record = newsevents.load_fixture("china-belarus-2024-08-23")
record["article"]["headlin"]
count: str = record["article"]["views"]["count"]
data = newsevents.load("record.yaml")
if newsevents.is_valid(data):
    data["article"]["headlin"]
record["events"][0]["type"] = "a-party"
"""


def check(tmp_path: Path, source: str) -> tuple[str, int]:
    """mypy's output and exit status on ``source``, as a user's own ``mypy --strict`` run.

    mypy runs in its own process, from a directory without this project's configuration:
    should it crash, the test fails with its traceback, and the rest of the suite runs on."""
    module = tmp_path / "user_code.py"
    module.write_text(source, encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir",
            str(tmp_path / "cache"),
            str(module),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    return result.stdout + result.stderr, result.returncode


def test_typed_access_passes_strict_mypy(tmp_path: Path) -> None:
    output, status = check(tmp_path, GOOD)
    assert status == 0, output


def test_typos_and_wrong_types_are_caught(tmp_path: Path) -> None:
    output, status = check(tmp_path, BAD)
    assert status == 1, output  # 2 would be a crash or a usage error, not findings
    assert output.count('"Article" has no key "headlin"') == 2, output  # narrowed data too
    assert 'Value of "type" has incompatible type "Literal[\'a-party\']"' in output, output
    assert (
        'Incompatible types in assignment (expression has type "int", variable has type "str")'
        in output
    )
