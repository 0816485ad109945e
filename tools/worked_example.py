"""Regenerate the scorer's worked example from the canonical fixture.

The worked example is the canonical article as an imperfect extractor might record it:
ids of its own, the mentions that are not names missed (``the two nations``, ``This
megalopolis``), one name taken with the title before it (``Chinese Premier Li Qiang``),
Guangdong taken for an entity of its own, the joint statement typed as a plain
statement, the indirect quote given to the wrong speaker and the trade figure without its
qualifier. This script builds it
from the gold record, so that it follows the gold record when that changes, and writes

- ``fixtures/china-belarus-2024-08-23-predicted.yaml`` (in the canonical layout),
- ``tests/data/worked-example.txt``, its score against the gold record (the table and
  the differences), which the test suite compares with a fresh score,
- the table in README.md (the block after ``<!-- worked-example-score -->``).

Run ``python tools/worked_example.py`` after changing the canonical fixture or the scorer,
and read the differences in git before committing them; ``--check`` changes nothing and
exits 1 when a file would change.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import sys
from pathlib import Path
from typing import Any

import newsevents
from newsevents._layout.format import format_yaml
from newsevents._rules.sites import gather

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "fixtures" / "china-belarus-2024-08-23.yaml"
PREDICTED = ROOT / "fixtures" / "china-belarus-2024-08-23-predicted.yaml"
EXPECTED = ROOT / "tests" / "data" / "worked-example.txt"
README = ROOT / "README.md"
MARKER = "<!-- worked-example-score -->"

HEADER = """\
# The scorer's worked example (README, "Scoring an extractor"): the canonical article as an
# imperfect extractor might record it, with ids of its own. It misses mentions that are not
# names, takes a name with its title, takes Guangdong for an entity, types the joint
# statement as a statement, gives the indirect quote to the wrong speaker (so it carries no
# claim of Li Qiang's) and drops the trade figure's qualifier. Generated from
# china-belarus-2024-08-23.yaml by tools/worked_example.py: do not edit it by hand.
"""

# Mentions that describe rather than name: an extractor of names misses them.
_DESCRIPTIVE = re.compile(r"^(?:[a-z]|(?:The|This|Both|These|Its|Their)\b)")
_PREFIXES = {"entities": "e", "events": "v", "claims": "c", "quotes": "q"}


def _one(items: list[dict[str, Any]], what: str, test: Any) -> dict[str, Any]:
    found = [item for item in items if test(item)]
    if not found:
        raise SystemExit(f"worked_example.py: the gold record has no {what} any more; adapt me")
    return found[0]


def predicted(gold: dict[str, Any]) -> dict[str, Any]:
    """The imperfect extractor's record of the gold record's article."""
    record = copy.deepcopy(gold)
    record["id"] = f"{gold['id']}-predicted"
    record["provenance"] = {
        "method": "machine-extracted",
        "by": "an imperfect extractor (the scorer's worked example)",
    }
    for entity in record["entities"]:
        names = {entity["name"], *entity.get("aliases", ())}
        kept = [
            span
            for span in entity["evidence"]
            if span["text"] in names or not _DESCRIPTIVE.match(span["text"])
        ]
        entity["evidence"] = kept or entity["evidence"][:1]
    _widen(record)
    text = record["article"]["text"]
    start = text.find("Guangdong")
    if start < 0:
        raise SystemExit("worked_example.py: the text has no 'Guangdong' any more; adapt me")
    span = {"start": start, "end": start + 9, "text": "Guangdong"}
    record["entities"].append(
        {"id": "guangdong", "kind": "region", "name": "Guangdong", "evidence": [span]}
    )
    statement = _one(record["events"], "joint statement", lambda e: e["type"] == "joint-statement")
    statement["type"] = "statement"
    quote = _one(record["quotes"], "indirect quote", lambda q: q["mode"] == "indirect")
    quote["speaker"] = _one(
        record["entities"], "second person",
        lambda e: e["kind"] == "person" and e["id"] != quote["speaker"],
    )["id"]  # fmt: skip
    # Given to another speaker, the quote no longer carries the claims of its own.
    for claim in record["claims"]:
        carried = claim["attribution"].get("quotes", [])
        if quote["id"] in carried:
            carried.remove(quote["id"])
            if not carried:
                del claim["attribution"]["quotes"]
    figure = _one(
        record["claims"], "figure with a qualifier",
        lambda c: c["value"]["kind"] == "quantity" and "qualifier" in c["value"]["quantity"],
    )  # fmt: skip
    del figure["value"]["quantity"]["qualifier"]
    return _renamed(record)


def _widen(record: dict[str, Any]) -> None:
    """Take the first name written after a title of its person with the title."""
    text = record["article"]["text"]
    for entity in record["entities"]:
        titles = [p["text"] + " " for p in entity.get("positions", ()) if "text" in p]
        for span in entity["evidence"]:
            for title in titles:
                start = span["start"] - len(title)
                if start >= 0 and text[start : span["start"]] == title:
                    span.update(start=start, text=text[start : span["end"]])
                    return
    raise SystemExit("worked_example.py: no name follows its title any more; adapt me")


def _renamed(record: dict[str, Any]) -> dict[str, Any]:
    """Ids of the extractor's own: e1, e2 ... for entities, v1 ... for events."""
    names = {
        item["id"]: f"{prefix}{n}"
        for section, prefix in _PREFIXES.items()
        for n, item in enumerate(record[section], 1)
    }
    found = gather(record)
    places = [(v, p) for v, p, *_ in found.ids] + [(v, p) for v, p, _ in found.references]
    for value, path in places:
        node: Any = record
        for step in path[:-1]:
            node = node[step]
        node[path[-1]] = names[value]
    return record


def expected(gold: dict[str, Any], record: dict[str, Any]) -> str:
    """The score of the worked example as tests/data/worked-example.txt holds it."""
    from newsevents._score.report import differences

    result = newsevents.score(gold, record)
    return f"{result.table()}\n{differences(result.differences)}"


def readme(text: str, table: str) -> str:
    """README.md with the worked example's table after the marker."""
    pattern = re.compile(re.escape(MARKER) + r"\n\n```text\n.*?```", re.DOTALL)
    if not pattern.search(text):
        raise SystemExit(f"worked_example.py: README.md has no {MARKER} followed by a block")
    return pattern.sub(lambda _: f"{MARKER}\n\n```text\n{table}```", text, count=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if stale")
    args = parser.parse_args(argv)
    gold = newsevents.load(GOLD)
    record = predicted(gold)
    if list(newsevents.iter_problems(record)):
        problems = "\n".join(str(p) for p in newsevents.iter_problems(record))
        raise SystemExit(f"worked_example.py: the predicted record is invalid:\n{problems}")
    outputs = {
        PREDICTED: format_yaml(HEADER + json.dumps(record, ensure_ascii=False, indent=1)),
        EXPECTED: expected(gold, record),
        README: readme(README.read_text("utf-8"), newsevents.score(gold, record).table()),
    }
    stale = [path for path, text in outputs.items()
             if not path.exists() or path.read_text("utf-8") != text]  # fmt: skip
    for path in stale:
        print(f"{'would change' if args.check else 'wrote'} {path.relative_to(ROOT)}")
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(outputs[path], "utf-8")
    return 1 if stale and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
