"""Transformations of valid records for the scorer's properties, through the table of sites.

Each returns a new record (the input is never changed) that is still valid: every id
renamed consistently, every list reordered, one item dropped, one spurious item added. A
drop or an addition says, per layer, how many items it takes away or brings, so that a
test can require exactly that change of the score.
"""

from __future__ import annotations

import copy
import random
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from newsevents._rules.sites import SECTIONS, gather
from newsevents._score.view import ARGUMENT_SITES, LINK_SITES, RESTATES, TIME_SITES

Record = dict[str, Any]
Path = tuple[Any, ...]

MENTION_LAYERS = ("mentions.strict", "mentions.exact", "mentions.partial", "mentions.type")
LEVELS = {
    "entities": ("entities",),
    "events": ("events.identification", "events.classification"),
    "claims": ("claims.identification", "claims.value"),
    "quotes": ("quotes.identification", "quotes.speaker", "quotes.mode"),
}
ARGUMENTS = ("arguments.identification", "arguments.classification")


def _set(record: Record, path: Path, value: Any) -> None:
    node: Any = record
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value


def _get(record: Record, path: Path) -> Any:
    node: Any = record
    for step in path:
        node = node[step]
    return node


def rename_ids(record: Record, rename: Callable[[str], str]) -> Record:
    """Every id and every reference to it renamed by ``rename`` (one to one)."""
    out = copy.deepcopy(record)
    found = gather(out)
    for value, path, _site, _holder in found.ids:
        _set(out, path, rename(value))
    for value, path, _site in found.references:
        _set(out, path, rename(value))
    return out


def reorder(record: Record, rng: random.Random) -> Record:
    """Every list in the record (items, evidence, participants, words ...) shuffled."""
    out = copy.deepcopy(record)

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            rng.shuffle(node)
            for value in node:
                walk(value)

    walk(out)
    return out


@dataclass(frozen=True)
class Change:
    """A record changed in one way, and how many items of each layer the change moves."""

    what: str
    record: Record
    counts: Counter[str]


def _referenced(record: Record) -> Counter[str]:
    return Counter(value for value, _, _ in gather(record).references)


def _restated(record: Record) -> set[str]:
    """The ids in a fact the record states twice (a claim that restates, and what it does)."""
    found: set[str] = set()
    for claim in record["claims"]:
        if RESTATES.path[2] in claim:
            found |= {claim["id"], claim[RESTATES.path[2]]}
    return found


def _arguments(event: dict[str, Any]) -> int:
    count = 0
    for site in ARGUMENT_SITES:
        key = site.path[2]
        value = event.get(key)
        count += len(value) if isinstance(value, list) else value is not None
    return count


def _links(section: str, item: dict[str, Any]) -> int:
    found = gather({section: [item]}).references
    return sum(1 for _, _, site in found if site in LINK_SITES)


def _times(section: str, item: dict[str, Any]) -> int:
    return sum(1 for site in TIME_SITES if site.path[0] == section and site.path[2] in item)


def drops(record: Record) -> Iterator[Change]:
    """Each way of dropping one item whose loss moves exactly its own counts."""
    referenced, restated = _referenced(record), _restated(record)
    for i, entity in enumerate(record["entities"]):
        spans = entity["evidence"]
        if len(spans) > 1:
            out = copy.deepcopy(record)
            del out["entities"][i]["evidence"][-1]
            yield Change(f"mention {spans[-1]['text']!r}", out, Counter(MENTION_LAYERS))
        if not referenced[entity["id"]]:
            out = copy.deepcopy(record)
            del out["entities"][i]
            counts = Counter({layer: len(spans) for layer in MENTION_LAYERS})
            counts["entities"] = 1
            yield Change(f"entity {entity['id']}", out, counts)
    for section in ("events", "claims", "quotes"):
        for i, item in enumerate(record[section]):
            if referenced[item["id"]] or item["id"] in restated:
                continue
            out = copy.deepcopy(record)
            del out[section][i]
            counts = Counter(LEVELS[section])
            counts["links"] = _links(section, item)
            counts["moments"] = _times(section, item)
            if section == "events":
                counts.update({layer: _arguments(item) for layer in ARGUMENTS})
            yield Change(f"{section[:-1]} {item['id']}", out, +counts)
    for i, event in enumerate(record["events"]):
        if event["participants"]:
            out = copy.deepcopy(record)
            out["events"][i]["participants"].pop()
            yield Change(f"participant of {event['id']}", out, Counter(ARGUMENTS))
    for section in ("events", "claims"):
        for i, item in enumerate(record[section]):
            for site in TIME_SITES:
                if site.path[0] == section and site.path[2] in item:
                    out = copy.deepcopy(record)
                    del out[section][i][site.path[2]]
                    yield Change(f"time of {item['id']}", out, Counter(["moments"]))
    for value, path, site in gather(record).references:
        if site in LINK_SITES and site is not RESTATES:
            out = copy.deepcopy(record)
            holder = _get(out, path[:-1])
            if isinstance(holder, list) and len(holder) > 1:
                holder.remove(value)  # one of several supports, quotes ...
            elif isinstance(holder, list):
                del _get(out, path[:-2])[path[-2]]  # the only one: the whole list
            elif len(path) > 3 and type(path[-2]) is int:
                del _get(out, path[:-2])[path[-2]]  # a relation: the whole object
            else:
                del holder[path[-1]]
            yield Change(f"link at {path}", out, Counter(["links"]))


def _free_span(record: Record, covered: set[int], length: int = 4) -> dict[str, Any] | None:
    """A word of the text that no span of ``covered`` touches, as a span."""
    text = record["article"]["text"]
    for match in re.finditer(rf"\w{{{length},}}", text):
        if not covered & set(range(match.start(), match.end())):
            return {"start": match.start(), "end": match.end(), "text": match.group()}
    return None


def _cover(items: list[dict[str, Any]]) -> set[int]:
    spans = (span for item in items for span in item["evidence"])
    return {i for span in spans for i in range(span["start"], span["end"])}


def additions(record: Record) -> Iterator[Change]:
    """Each way of adding one spurious item the gold record has nothing like."""
    ids = {item["id"] for section in SECTIONS for item in record[section]}
    fresh = next(f"spurious-{n}" for n in range(10**6) if f"spurious-{n}" not in ids)
    span = _free_span(record, _cover(record["entities"]))
    if span is not None:
        out = copy.deepcopy(record)
        out["entities"].append(
            {"id": fresh, "kind": "organization", "name": f"Unheard-of {span['text']}",
             "evidence": [span]}
        )  # fmt: skip
        counts = Counter(MENTION_LAYERS)
        counts["entities"] = 1
        yield Change("an entity", out, counts)
    span = _free_span(record, _cover(record["events"]))
    if span is not None:
        out = copy.deepcopy(record)
        out["events"].append(
            {"id": fresh, "type": "other", "title": "Nothing happens", "participants": [],
             "status": "occurred", "date": {"value": "1900", "precision": "year"},
             "evidence": [span]}
        )  # fmt: skip
        yield Change("an event", out, Counter([*LEVELS["events"], "moments"]))
    span = _free_span(record, _cover(record["claims"]))
    if span is not None and record["entities"]:
        out = copy.deepcopy(record)
        out["claims"].append(
            {"id": fresh, "subject": record["entities"][0]["id"], "predicate": "spurious",
             "value": {"kind": "boolean", "boolean": True}, "attribution": {"source": "article"},
             "time": {"anchor": "publication"}, "evidence": [span]}
        )  # fmt: skip
        yield Change("a claim", out, Counter([*LEVELS["claims"], "moments"]))
    speakers = [e["id"] for e in record["entities"] if e["kind"] == "person"]
    span = _free_span(record, _cover(record["quotes"]))
    if span is not None and speakers:
        out = copy.deepcopy(record)
        out["quotes"].append(
            {"id": fresh, "text": span["text"], "speaker": speakers[0], "mode": "indirect",
             "evidence": [span]}
        )  # fmt: skip
        yield Change("a quote", out, Counter(LEVELS["quotes"]))
    for i, event in enumerate(record["events"]):
        taking = {p["entity"] for p in event["participants"]}
        others = [e["id"] for e in record["entities"] if e["id"] not in taking]
        if others:
            out = copy.deepcopy(record)
            out["events"][i]["participants"].append({"entity": others[0], "role": "participant"})
            yield Change(f"a participant of {event['id']}", out, Counter(ARGUMENTS))
        if "date" not in event:
            out = copy.deepcopy(record)
            out["events"][i]["date"] = {"value": "1900", "precision": "year"}
            yield Change(f"a date of {event['id']}", out, Counter(["moments"]))
        for j, other in enumerate(record["events"]):
            linked = {r["event"] for r in event.get("relations", [])}
            if j != i and other["id"] not in linked:
                out = copy.deepcopy(record)
                relation = {"type": "responds-to", "event": other["id"]}
                out["events"][i].setdefault("relations", []).append(relation)
                yield Change(f"a link from {event['id']}", out, Counter(["links"]))
                break
