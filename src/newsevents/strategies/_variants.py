"""Valid variants of a bundled fixture: ids renamed, lists reordered, optional parts dropped.

Renaming follows the table of sites: every id, and every reference wherever the model
keeps one, takes the new name, so the variant means what the fixture means.
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import strategies as st

from newsevents._rules.sites import SECTIONS, Path, gather
from newsevents.strategies._parts import ident
from newsevents.strategies._tape import Tape
from newsevents.strategies._vocab import optional_keys

__all__ = ["variant_of"]

# Where the droppable parts live: the article, and the items of each section, each with
# the schema that says which of its parts are optional.
_SCHEMAS = {
    "entities": ("entity.schema.json", ""),
    "events": ("event.schema.json", ""),
    "claims": ("claim.schema.json", ""),
    "quotes": ("quote.schema.json", ""),
    "topics": ("record.schema.json", "/$defs/topic"),
}


def _set(record: Any, path: Path, value: Any) -> None:
    for step in path[:-1]:
        record = record[step]
    record[path[-1]] = value


@st.composite
def variant_of(draw: st.DrawFn, fixture: Any) -> Any:
    """One variant of ``fixture`` (a valid record)."""
    record = copy.deepcopy(fixture)
    found = gather(record)
    if draw(st.booleans(), label="rename"):
        old = [ident for ident, *_ in found.ids]
        tape = Tape(draw(st.binary(min_size=16 * len(old), max_size=16 * len(old))))
        # Numbered, so that the new names are distinct whatever the tape says.
        names = {name: f"{ident(tape)}-{n}" for n, name in enumerate(old)}
        for _, path, *_ in found.ids:
            _set(record, path, names[_node(record, path)])
        for value, path, _ in found.references:
            if type(value) is str and value in names:
                _set(record, path, names[value])
    for section in (*SECTIONS, "topics"):
        if draw(st.booleans(), label=f"reorder {section}"):
            record[section] = draw(st.permutations(record[section]))
    optional = [(record["article"], optional_keys("article.schema.json"))]
    for section, (document, pointer) in _SCHEMAS.items():
        optional += [(item, optional_keys(document, pointer)) for item in record[section]]
    for container, keys in optional:
        for key in sorted(keys & set(container)):
            if draw(st.booleans()):
                del container[key]
    return record


def _node(record: Any, path: Path) -> Any:
    for step in path:
        record = record[step]
    return record
