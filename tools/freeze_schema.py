"""Write ``schemas/manifest.json``: the SHA-256 of every file of every released version.

A released schema version never changes; the suite holds its files to these hashes. Run
this once, when a version is released: ``python tools/freeze_schema.py 1.0``.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
MANIFEST = SCHEMAS / "manifest.json"
DESCRIPTION = (
    "The SHA-256 of every file of every released schema version. A released version never "
    "changes: a test holds its files to these hashes, so a change must be a new version."
)


def hashes(version: str) -> dict[str, str]:
    """The SHA-256 of each schema file of ``version``, by file name."""
    folder = SCHEMAS / version
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.glob("*.schema.json"))
    }


def main(versions: list[str]) -> int:
    released: dict[str, dict[str, str]] = {}
    if MANIFEST.exists():
        released = json.loads(MANIFEST.read_text(encoding="utf-8"))["released"]
    for version in versions:
        if not (SCHEMAS / version).is_dir():
            print(f"no schemas/{version}/ folder", file=sys.stderr)
            return 2
        released[version] = hashes(version)
    document = {"description": DESCRIPTION, "released": dict(sorted(released.items()))}
    MANIFEST.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
