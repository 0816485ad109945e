"""Write the seed corpus: the bundled fixtures, the invalid examples and generated records.

    python fuzz/make_corpus.py

The generated records come from a fixed seed, so the corpus is the same on every run; a
test holds the committed corpus to what this script writes.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"
SEED = 2024


def corpus() -> dict[str, bytes]:
    """Every seed file of the corpus: its name and its bytes."""
    from newsevents._layout.format import format_yaml
    from newsevents.strategies._records import Sizes, build_from

    files = {path.name: path.read_bytes() for path in sorted((ROOT / "fixtures").glob("*.yaml"))}
    for path in sorted((ROOT / "tests" / "examples" / "invalid").glob("*.yaml")):
        files[f"invalid-{path.name}"] = path.read_bytes()
    rng = random.Random(SEED)
    small = Sizes(entities=(1, 3), events=(0, 2), claims=(0, 2), quotes=(0, 1), text=(1, 200))
    records = [build_from(rng, small) for _ in range(6)]
    for n, record in enumerate(records[:3]):
        # Through JSON, as `newsevents sample` writes YAML: YAML 1.2 reads JSON as written.
        text = format_yaml(json.dumps(record, ensure_ascii=False))
        files[f"generated-{n}.yaml"] = text.encode("utf-8")
    files["generated-3.json"] = json.dumps(records[3]).encode("utf-8")
    files["generated-4.json"] = json.dumps(records[4], separators=(",", ":")).encode("utf-8")
    files["generated.jsonl"] = "".join(json.dumps(r) + "\n" for r in records[3:]).encode("utf-8")
    return files


def main() -> int:
    """Write the corpus; stale files are removed."""
    files = corpus()
    CORPUS.mkdir(parents=True, exist_ok=True)
    for path in CORPUS.iterdir():
        if path.name not in files:
            path.unlink()
    for name, data in files.items():
        (CORPUS / name).write_bytes(data)
    print(f"{len(files)} files in {CORPUS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
