"""Every rule proven at every site of the model, driven by the table of sites.

For each site of ``SITES`` a break is planted in a copy of the canonical record (enriched
first with the few sites the article gives no occasion for): a duplicate id, a dangling
reference, a reference of the wrong kind, a span out of range, a span whose text differs,
an impossible date, a precision mismatch, bounds that exclude the value. Each must make
``is_valid`` say False through the fast verdict, make ``iter_problems`` report exactly the
expected ``(rule, pointer)``, and make ``validate`` raise an ``InvalidRecord`` carrying it.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import newsevents
from newsevents._errors import json_pointer
from newsevents._rules.semantic import verdict
from newsevents._rules.sites import ROLE_LISTS, SECTIONS, SITES, Path, Site, gather
from newsevents._schema.engines import engines

from .conftest import CANONICAL

Break = Callable[[dict[str, Any], Path], tuple[str, str]]


def _pattern(path: Path) -> tuple[str, ...]:
    return tuple("*" if type(step) is int else step for step in path)


def _node(record: Any, path: Path) -> Any:
    for step in path:
        record = record[step]
    return record


def _enriched() -> dict[str, Any]:
    """The canonical record with an instance of every site."""
    record: dict[str, Any] = dict(copy.deepcopy(newsevents.load_fixture(CANONICAL)))
    article = record["article"]
    article["views"]["as_of"] = copy.deepcopy(article["published"])
    span = copy.deepcopy(record["entities"][0]["evidence"][0])
    article.setdefault("headline_evidence", [copy.deepcopy(span)])
    article.setdefault("standfirst_evidence", [copy.deepcopy(span)])
    claims, events = record["claims"], record["events"]
    claims[0].setdefault("scope", {"text": "in Asia"})["entity"] = record["entities"][0]["id"]
    claims[0]["restates"] = events[0]["id"]
    claims[0]["supports"] = [claims[1]["id"]]
    claims[0]["conflicts_with"] = [claims[2]["id"]]
    # The last dated claim and event take an interval (of one year or day, so that nothing
    # moves), leaving the first ones plain moments for the breaks at a moment site.
    for items, key in ((claims, "time"), (events, "date")):
        last = [item for item in items if "value" in item.get(key, {})][-1]
        last[key] = {"start": last[key], "end": copy.deepcopy(last[key]), "text": "then"}
    for moment, _ in gather(record).moments:
        moment.setdefault("evidence", [copy.deepcopy(span)])
    return record


ENRICHED: dict[str, Any] = _enriched()


def _first(record: dict[str, Any], site: Site) -> Path:
    """The path of the first value at ``site`` (for evidence, a non-empty list; for a moment,
    a moment itself, not an interval or the time of publication gathered where it stands)."""
    found = gather(record)
    entries: list[Any] = getattr(found, ROLE_LISTS[site.role])
    for entry in entries:
        value, path = entry[0], entry[1]
        if _pattern(path) != site.path:
            continue
        if site.role == "evidence" and not value:
            continue
        if site.role == "moment" and "value" not in value:
            continue
        return tuple(path)
    raise AssertionError(f"the enriched record has nothing at {site.pattern}")


# -- the breaks, by role -------------------------------------------------------------------


def _duplicate_id(record: dict[str, Any], path: Path) -> tuple[str, str]:
    section = path[0]
    items = record[section]
    twin = copy.deepcopy(items[0])
    # A copy of the section's first item, under an id that an entity already has (another
    # entity's, for the entities), so that every reference still resolves as before.
    twin["id"] = record["entities"][1 if section == "entities" else 0]["id"]
    items.append(twin)
    return "duplicate-id", json_pointer((section, len(items) - 1, "id"))


def _dangling(record: dict[str, Any], path: Path) -> tuple[str, str]:
    _node(record, path[:-1])[path[-1]] = "no-such-id"
    return "unresolved-reference", json_pointer(path)


def _wrong_kind(site: Site) -> Break:
    def plant(record: dict[str, Any], path: Path) -> tuple[str, str]:
        for ident, _, id_site, holder in gather(record).ids:
            noun = id_site.targets[0]
            allowed = noun in site.targets and (
                noun != "entity" or not site.kinds or holder["kind"] in site.kinds
            )
            if not allowed:
                _node(record, path[:-1])[path[-1]] = ident
                return "reference-kind", json_pointer(path)
        raise AssertionError(f"no id of a kind {site.pattern} must not name")

    return plant


def _out_of_range(record: dict[str, Any], path: Path) -> tuple[str, str]:
    size = len(record["article"]["text"])
    _node(record, path)[0].update(start=size + 1, end=size + 2)
    return "span-out-of-range", json_pointer((*path, 0))


def _text_differs(record: dict[str, Any], path: Path) -> tuple[str, str]:
    _node(record, path)[0]["text"] += "~"
    return "span-text-mismatch", json_pointer((*path, 0, "text"))


def _impossible_date(record: dict[str, Any], path: Path) -> tuple[str, str]:
    _node(record, path).pop("zone", None)  # a date has no zone
    _node(record, path).update(value="2023-02-29", precision="day")
    return "invalid-date", json_pointer((*path, "value"))


def _precision_mismatch(record: dict[str, Any], path: Path) -> tuple[str, str]:
    _node(record, path).pop("zone", None)
    _node(record, path).update(value="2024-08", precision="day")
    return "date-precision-mismatch", json_pointer((*path, "value"))


def _bounds_exclude(record: dict[str, Any], path: Path) -> tuple[str, str]:
    quantity = _node(record, path)
    quantity.pop("upper", None)
    quantity["lower"] = quantity["value"] + 1
    return "bounds-exclude-value", json_pointer((*path, "value"))


def _breaks(site: Site) -> Iterator[tuple[str, Break]]:
    if site.role == "id":
        yield "duplicate", _duplicate_id
    elif site.role == "reference":
        yield "dangling", _dangling
        yield "wrong-kind", _wrong_kind(site)
    elif site.role == "evidence":
        yield "out-of-range", _out_of_range
        yield "text-differs", _text_differs
    elif site.role == "moment":
        yield "impossible-date", _impossible_date
        yield "precision-mismatch", _precision_mismatch
    else:
        yield "bounds-exclude", _bounds_exclude


BREAKS = [(site, name, plant) for site in SITES for name, plant in _breaks(site)]
CASES = [pytest.param(site, plant, id=f"{site.pattern}:{name}") for site, name, plant in BREAKS]


def test_the_enriched_record_is_valid_and_has_every_site() -> None:
    assert not list(newsevents.iter_problems(ENRICHED))
    for site in SITES:
        _first(ENRICHED, site)


@pytest.mark.parametrize(("site", "plant"), CASES)
def test_a_break_at_every_site_is_found_by_every_path(site: Site, plant: Break) -> None:
    record = copy.deepcopy(ENRICHED)
    expected = plant(record, _first(record, site))
    assert engines().is_valid(record), "the break must leave the record schema-valid"
    assert verdict(record) is False, "the fast verdict passes the break"
    assert newsevents.is_valid(record) is False
    assert [(p.rule, p.pointer) for p in newsevents.iter_problems(record)] == [expected]
    with pytest.raises(newsevents.InvalidRecord) as raised:
        newsevents.validate(record)
    assert [(p.rule, p.pointer) for p in raised.value.problems] == [expected]


def test_every_role_and_section_is_broken() -> None:
    broken = {(site.role, site.path[0]) for site, _, _ in BREAKS}
    assert {("id", section) for section in SECTIONS} <= broken
    assert {role for role, _ in broken} == {"id", "reference", "evidence", "moment", "quantity"}
