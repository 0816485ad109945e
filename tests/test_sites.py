"""The table of sites is the schema's structure: nothing missing, nothing invented.

The schema files are walked from the record schema through every ``$ref``, property, list
item and conditional branch; wherever a subschema is one of the shared value objects the
rules look at (an id, a reference, evidence, a moment, a quantity), that path is a site.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin

from newsevents._resources import ROOT_SCHEMA_ID, SCHEMA_BASE, schema_documents
from newsevents._rules.sites import ROLE_LISTS, SECTIONS, SITES, gather, gather_fast

_COMMON = SCHEMA_BASE + "common.schema.json#/$defs/"
_ROLES = {
    _COMMON + "id": "id",
    _COMMON + "ref": "reference",
    _COMMON + "evidence": "evidence",
    _COMMON + "moment": "moment",
    _COMMON + "quantity": "quantity",
}
Found = tuple[str, tuple[str, ...], tuple[str, str] | None]


def _resolve(base: str, reference: str) -> tuple[str, dict[str, Any]]:
    target = urljoin(base, reference)
    document_id, _, fragment = target.partition("#")
    node: Any = schema_documents()[document_id]
    for token in filter(None, fragment.split("/")):
        node = node[token]
    return target, node


def _walk(
    schema: Any, base: str, path: tuple[str, ...], when: tuple[str, str] | None
) -> Iterator[Found]:
    if not isinstance(schema, dict):
        return
    base = schema.get("$id", base)
    if "$ref" in schema:
        target, node = _resolve(base, schema["$ref"])
        role = _ROLES.get(target)
        if role is not None:
            yield role, path, when
        if role in (None, "moment", "quantity"):  # the objects that hold further sites
            yield from _walk(node, target.partition("#")[0], path, when)
    for key, sub in schema.get("properties", {}).items():
        yield from _walk(sub, base, (*path, key), when)
    if "items" in schema:
        yield from _walk(schema["items"], base, (*path, "*"), when)
    for keyword in ("allOf", "anyOf", "oneOf"):
        subs = schema.get(keyword, ())
        tags = _tags(subs) if keyword == "oneOf" else {}
        for index, sub in enumerate(subs):
            branch = tags.get(index, when)
            condition = sub.get("if", {}).get("properties", {})
            if len(condition) == 1:
                ((key, rule),) = condition.items()
                if "const" in rule:
                    branch = (key, rule["const"])
            yield from _walk(sub, base, path, branch)
    for keyword in ("then", "else"):
        yield from _walk(schema.get(keyword), base, path, when)


def _tags(branches: list[Any]) -> dict[int, tuple[str, str]]:
    """For a tagged union (every branch fixes one key to a constant, the same key in all),
    the (key, value) that selects each branch; else nothing."""
    tags = {}
    for index, branch in enumerate(branches):
        consts = {
            key: rule["const"]
            for key, rule in branch.get("properties", {}).items()
            if isinstance(rule, dict) and "const" in rule
        }
        if len(consts) != 1:
            return {}
        tags[index] = next(iter(consts.items()))
    return tags if len({key for key, _ in tags.values()}) == 1 else {}


def _schema_sites() -> set[Found]:
    found = set(_walk(schema_documents()[ROOT_SCHEMA_ID], ROOT_SCHEMA_ID, (), None))
    # The record's own id names the record, not an item a reference can point to.
    found.discard(("id", ("id",), None))
    return found


def test_the_table_lists_every_site_of_the_schema_and_no_other() -> None:
    table = {(site.role, site.path, site.when) for site in SITES}
    schema = _schema_sites()
    assert schema - table == set(), "sites of the schema missing from the table"
    assert table - schema == set(), "sites in the table that the schema does not have"
    assert len(table) == len(SITES), "a site is listed twice"


def test_the_model_has_the_sites_it_is_known_for() -> None:
    """Fifteen references, 21 evidence sites, ten moments, one quantity, four ids."""
    counts: dict[str, int] = {}
    for site in SITES:
        counts[site.role] = counts.get(site.role, 0) + 1
    assert counts == {"reference": 15, "evidence": 21, "moment": 10, "quantity": 1, "id": 4}


def test_ids_are_the_sections_and_references_name_sections() -> None:
    nouns = set(SECTIONS.values())
    ids = {site.path[0]: site.targets for site in SITES if site.role == "id"}
    assert ids == {section: (noun,) for section, noun in SECTIONS.items()}
    for site in SITES:
        if site.role == "reference":
            assert site.targets, site.pattern
            assert set(site.targets) <= nouns, site.pattern
        else:
            assert not site.kinds, site.pattern


def test_both_gatherers_find_the_same_values(canonical_record: dict[str, Any]) -> None:
    checked, fast = gather(canonical_record), gather_fast(canonical_record)
    for name in ROLE_LISTS.values():
        values = [id(entry[0]) for entry in getattr(checked, name)]
        assert values == [id(entry[0]) for entry in getattr(fast, name)], name
    assert all(entry[1] == () for entry in fast.evidence)
