"""Records broken in exactly one known way, each break planted at a site of the table.

A valid record is built, one break is planted, and the validator is asked: only a pair
whose record gives exactly the expected problem, at the expected pointer, is returned. A
"broken" record that is secretly valid, or broken twice, cannot escape.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from newsevents._errors import json_pointer
from newsevents._rules.sites import SECTIONS, Path, gather

__all__ = ["BREAKS", "Expected", "NotHere", "Pick", "plant"]


@dataclass(frozen=True)
class Expected:
    """The one problem a broken record gives, and what was changed to break it.

    ``rule`` and ``pointer`` are the problem's identity, as ``Problem.identity`` gives it;
    ``changed`` is the JSON Pointer of the value that was changed, ``original`` what it was
    (``None`` for a value that was added) and ``new`` what it became (``None`` for one that
    was removed).
    """

    rule: str
    pointer: str
    changed: str
    original: Any
    new: Any

    @property
    def identity(self) -> tuple[str, str]:
        """``(rule, pointer)``, to compare with ``Problem.identity``."""
        return (self.rule, self.pointer)

    def as_dict(self) -> dict[str, Any]:
        """The expectation as plain data (for JSON Lines)."""
        return {
            "rule": self.rule,
            "pointer": self.pointer,
            "changed": self.changed,
            "original": self.original,
            "new": self.new,
        }


#: Picks one of a list of choices: Hypothesis' draw in strategies, a seeded random
#: generator in ``newsevents sample``.
Pick = Callable[[Sequence[Any]], Any]
Planter = Callable[[Pick, dict[str, Any]], "Expected | None"]


class NotHere(Exception):
    """This record has no place for this break: build another."""


def _require(condition: object) -> None:
    if not condition:
        raise NotHere


def _node(record: Any, path: Path) -> Any:
    for step in path:
        record = record[step]
    return record


def _set(record: Any, path: Path, value: Any) -> Any:
    holder = _node(record, path[:-1])
    original = holder.get(path[-1]) if isinstance(holder, dict) else holder[path[-1]]
    holder[path[-1]] = value
    return original


def _pick(pick: Pick, choices: Sequence[Any]) -> Any:
    _require(choices)
    return pick(choices)


def _duplicate_id(pick: Pick, record: dict[str, Any]) -> Expected | None:
    # A copy of a section's first item, under an entity's id: every reference resolves as
    # before, and only the copy's id is a second use.
    sections = [s for s in SECTIONS if record[s] and (s != "entities" or len(record[s]) > 1)]
    section = _pick(pick, sections)
    _require(record["entities"])
    twin = copy.deepcopy(record[section][0])
    twin["id"] = record["entities"][1 if section == "entities" else 0]["id"]
    record[section].append(twin)
    where = json_pointer((section, len(record[section]) - 1))
    return Expected("duplicate-id", where + "/id", where, None, twin)


def _references(record: dict[str, Any]) -> list[tuple[Any, Path, Any]]:
    return [(v, p, s) for v, p, s in gather(record).references if type(v) is str]


def _dangling(pick: Pick, record: dict[str, Any]) -> Expected | None:
    _, path, _ = _pick(pick, _references(record))
    taken = {i for i, *_ in gather(record).ids}
    new = next(f"missing-{n}" for n in range(len(taken) + 1) if f"missing-{n}" not in taken)
    original = _set(record, path, new)
    where = json_pointer(path)
    return Expected("unresolved-reference", where, where, original, new)


def _wrong_kind(pick: Pick, record: dict[str, Any]) -> Expected | None:
    found = gather(record)
    named = [(i, site.targets[0], holder.get("kind")) for i, _, site, holder in found.ids]
    options = []
    for _, path, site in _references(record):
        for ident, noun, kind in named:
            wrong = noun not in site.targets or (
                noun == "entity" and bool(site.kinds) and kind not in site.kinds
            )
            if wrong:
                options.append((path, ident))
    path, ident = _pick(pick, options)
    original = _set(record, path, ident)
    where = json_pointer(path)
    return Expected("reference-kind", where, where, original, ident)


def _evidence(record: dict[str, Any]) -> list[Path]:
    return [path for spans, path in gather(record).evidence if spans]


def _out_of_range(pick: Pick, record: dict[str, Any]) -> Expected | None:
    path = (*_pick(pick, _evidence(record)), 0)
    span = _node(record, path)
    size = len(record["article"]["text"])
    original = dict(span)
    span.update(start=size + 1, end=size + 2)
    where = json_pointer(path)
    return Expected("span-out-of-range", where, where, original, dict(span))


def _text_differs(pick: Pick, record: dict[str, Any]) -> Expected | None:
    path = (*_pick(pick, _evidence(record)), 0, "text")
    original = _node(record, path[:-1])["text"]
    _set(record, path, original + "\u2603")
    where = json_pointer(path)
    return Expected("span-text-mismatch", where, where, original, original + "\u2603")


def _dated(record: dict[str, Any]) -> list[Path]:
    return [path for moment, path in gather(record).moments if "value" in moment]


def _redate(pick: Pick, record: dict[str, Any], rule: str, value: str) -> Expected:
    path = _pick(pick, _dated(record))
    moment = _node(record, path)
    original = copy.deepcopy(moment)
    moment.pop("zone", None)  # a date has no zone
    moment.update(value=value, precision="day")
    where = json_pointer((*path, "value"))
    return Expected(rule, where, json_pointer(path), original, copy.deepcopy(moment))


def _impossible_date(pick: Pick, record: dict[str, Any]) -> Expected | None:
    return _redate(pick, record, "invalid-date", "2023-02-29")


def _precision_mismatch(pick: Pick, record: dict[str, Any]) -> Expected | None:
    return _redate(pick, record, "date-precision-mismatch", "2024-08")


def _quantity_paths(record: dict[str, Any]) -> list[Path]:
    return [path for _, path in gather(record).quantities]


def _bounds_exclude(pick: Pick, record: dict[str, Any]) -> Expected | None:
    path = _pick(pick, _quantity_paths(record))
    quantity = _node(record, path)
    original = copy.deepcopy(quantity)
    quantity.pop("upper", None)
    quantity["lower"] = quantity["value"] + 1
    _require(quantity["lower"] > quantity["value"])  # a float beyond 2**53 absorbs the 1
    where = json_pointer((*path, "value"))
    return Expected("bounds-exclude-value", where, json_pointer(path), original, dict(quantity))


def _not_finite(pick: Pick, record: dict[str, Any]) -> Expected | None:
    path = (*_pick(pick, _quantity_paths(record)), "value")
    original = _set(record, path, pick((math.nan, math.inf, -math.inf)))
    where = json_pointer(path)
    return Expected("non-finite-number", where, where, original, _node(record, path))


def _after_publication(pick: Pick, record: dict[str, Any]) -> Expected | None:
    index = _pick(pick, list(range(len(record["events"]))))
    event = record["events"][index]
    original = copy.deepcopy(event.get("date"))
    year = int(record["article"]["published"]["value"][:4]) + 1
    _require(year < 10000)
    event["status"] = pick(("occurred", "ongoing"))
    event["date"] = {"value": f"{year:04d}", "precision": "year"}
    where = json_pointer(("events", index, "date"))
    return Expected("occurred-after-publication", where + "/value", where, original, event["date"])


def _reversed(pick: Pick, record: dict[str, Any]) -> Expected | None:
    index = _pick(pick, list(range(len(record["claims"]))))
    claim = record["claims"][index]
    original = copy.deepcopy(claim.get("time"))
    claim["time"] = {
        "start": {"value": "2021", "precision": "year"},
        "end": {"value": "2020", "precision": "year"},
    }
    where = json_pointer(("claims", index, "time"))
    return Expected("interval-reversed", where + "/start/value", where, original, claim["time"])


def _misquoted(pick: Pick, record: dict[str, Any]) -> Expected | None:
    direct = [i for i, quote in enumerate(record["quotes"]) if quote["mode"] == "direct"]
    index = _pick(pick, direct)
    where = json_pointer(("quotes", index, "text"))
    new = "\u2603 words never said"
    original = _set(record, ("quotes", index, "text"), new)
    return Expected("quote-text-mismatch", where, where, original, new)


def _wrong_speaker(pick: Pick, record: dict[str, Any]) -> Expected | None:
    speakers = {
        entity["id"]
        for entity in record["entities"]
        if entity["kind"] in ("person", "organization", "government", "country", "group")
    }
    options = [
        (c, q["id"], other)
        for c in range(len(record["claims"]))
        for q in record["quotes"]
        for other in sorted(speakers - {q["speaker"]})
    ]
    index, quote, entity = _pick(pick, options)
    claim = record["claims"][index]
    original = copy.deepcopy(claim["attribution"])
    claim["attribution"] = {"source": "entity", "entity": entity, "quotes": [quote]}
    where = json_pointer(("claims", index, "attribution"))
    return Expected(
        "attributed-quote-speaker", where + "/quotes/0", where, original, claim["attribution"]
    )


# -- schema rules: a change whose one problem is certain ------------------------------------


def _remove(pick: Pick, record: dict[str, Any]) -> Expected | None:
    options = [("article", "headline")] + [
        (section, i, key)
        for section, key in (("entities", "name"), ("events", "title"), ("claims", "predicate"))
        for i in range(len(record[section]))
    ]
    path = _pick(pick, options)
    original = _node(record, path[:-1]).pop(path[-1])
    return Expected("schema.required", json_pointer(path[:-1]), json_pointer(path), original, None)


def _unexpected(pick: Pick, record: dict[str, Any]) -> Expected | None:
    containers: list[Path] = [("article",), ("provenance",)]
    containers += [(s, i) for s in SECTIONS for i in range(len(record[s]))]
    path = (*_pick(pick, containers), "unexpected_property")
    _set(record, path, True)
    where = json_pointer(path)
    return Expected("schema.additionalProperties", where, where, None, True)


def _off_vocabulary(pick: Pick, record: dict[str, Any]) -> Expected | None:
    options = [(s, i, key) for s, key in (("entities", "kind"), ("events", "type"))
               for i in range(len(record[s]))]  # fmt: skip
    path = _pick(pick, options)
    original = _set(record, path, "not-in-the-vocabulary")
    where = json_pointer(path)
    return Expected("schema.enum", where, where, original, "not-in-the-vocabulary")


def _wrong_type(pick: Pick, record: dict[str, Any]) -> Expected | None:
    options: list[Path] = [("article", "headline")]
    options += [("entities", i, "name") for i in range(len(record["entities"]))]
    path = _pick(pick, options)
    original = _set(record, path, 42)
    where = json_pointer(path)
    return Expected("schema.type", where, where, original, 42)


def _no_evidence(pick: Pick, record: dict[str, Any]) -> Expected | None:
    options = [(s, i, "evidence") for s in SECTIONS for i in range(len(record[s]))]
    path = _pick(pick, options)
    original = _set(record, path, [])
    where = json_pointer(path)
    return Expected("schema.minItems", where, where, original, [])


def _overconfident(pick: Pick, record: dict[str, Any]) -> Expected | None:
    options = [(s, i, "confidence") for s in SECTIONS for i in range(len(record[s]))]
    path = _pick(pick, options)
    original = _set(record, path, 1.5)
    where = json_pointer(path)
    return Expected("schema.maximum", where, where, original, 1.5)


def _bad_language(pick: Pick, record: dict[str, Any]) -> Expected | None:
    original = _set(record, ("article", "language"), "English")
    return Expected("schema.pattern", "/article/language", "/article/language", original, "English")


def _bad_url(pick: Pick, record: dict[str, Any]) -> Expected | None:
    original = _set(record, ("article", "url"), "not a url")
    return Expected("schema.format", "/article/url", "/article/url", original, "not a url")


def _unknown_version(pick: Pick, record: dict[str, Any]) -> Expected | None:
    new = "https://newsevents.dev/schemas/9.9/record.schema.json"
    original = _set(record, ("schema",), new)
    return Expected("unknown-schema-version", "/schema", "/schema", original, new)


#: Every rule a broken record can be drawn for, and how it is broken.
BREAKS: dict[str, Planter] = {
    "duplicate-id": _duplicate_id,
    "unresolved-reference": _dangling,
    "reference-kind": _wrong_kind,
    "span-out-of-range": _out_of_range,
    "span-text-mismatch": _text_differs,
    "invalid-date": _impossible_date,
    "date-precision-mismatch": _precision_mismatch,
    "bounds-exclude-value": _bounds_exclude,
    "non-finite-number": _not_finite,
    "occurred-after-publication": _after_publication,
    "interval-reversed": _reversed,
    "quote-text-mismatch": _misquoted,
    "attributed-quote-speaker": _wrong_speaker,
    "schema.required": _remove,
    "schema.additionalProperties": _unexpected,
    "schema.enum": _off_vocabulary,
    "schema.type": _wrong_type,
    "schema.minItems": _no_evidence,
    "schema.maximum": _overconfident,
    "schema.pattern": _bad_language,
    "schema.format": _bad_url,
    "unknown-schema-version": _unknown_version,
}


def plant(pick: Pick, record: dict[str, Any], rule: str) -> Expected:
    """Break ``record`` (in place) for ``rule``, and check that exactly that one problem is
    what the validator finds; raises :class:`NotHere` when the record offers no place for
    the break, or when the break does not give exactly that problem."""
    import newsevents

    expected = BREAKS[rule](pick, record)
    _require(expected is not None)
    assert expected is not None
    found = [problem.identity for problem in newsevents.iter_problems(record)]
    _require(found == [expected.identity])
    return expected
