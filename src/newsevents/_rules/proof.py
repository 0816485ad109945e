"""A proof that a record breaks no semantic rule, for the common case: a valid record.

The fast ``verdict`` gathers every site into lists and runs the rules over them; on a
full-size record most of its time goes to building and unpacking what it gathers. This
walk does the same checks where the sites stand, with no paths kept and nothing to
explain: each id is checked unique as it is met, and filed in a set by what references
may name it; each reference is kept in the list of references that may name the same
things, and each list is checked against its set at the end, at C speed; then every span
is compared with its slice in one tight loop. The rules on moments, quantities, quotes and
attribution run as they are (``dates``, ``semantic``), attribution on only the claims
attributed to an entity, and each moment is judged once per value, precision and zone
(judging is a pure function of them, and dates repeat).

It proves, refutes, or declines: ``proven(record)`` is True only when every check holds,
False only when one fails where the rules would report a problem too (a second record of
an id, a reference naming nothing it may, a span of whole-number offsets and a text that
is not its slice, a problem of the rules on moments, quantities, quotes or attribution),
and None on any other shape (an id or offset of another type, a value where a list
belongs). The caller then asks the rules' own ``verdict``, which decides. So a record is
never passed here that the rules would fault, nor faulted that they would pass, and the
rules' account stays the single statement of what is wrong.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from newsevents._errors import Problem
from newsevents._rules.dates import check_intervals, check_moments, check_publication_order
from newsevents._rules.semantic import check_attribution, check_quantities, check_quotes
from newsevents._rules.sites import ENTITY_KINDS, SECTIONS, SITES, Site, _source

__all__ = ["proven"]

#: The site of the entity a claim is attributed to: the attribution rule looks at the
#: claims that have one (a test holds it to the table and to the rule).
ATTRIBUTED = ("claims", "*", "attribution", "entity")

# The moments judged so far: (value, precision, zone) -> their fields when sound and
# readable, None when sound but not read (a precision of another name), False when faulty.
# Threads may share it: each entry is written whole, and a lost one is judged again.
_MOMENTS: dict[tuple[Any, Any, Any], tuple[int, ...] | bool | None] = {}
# Enough for the dates of many records; beyond it the memo starts again.
_MOMENTS_KEPT = 4096
_UNJUDGED = object()


def proven(record: Any) -> bool | None:
    """True when ``record`` provably breaks no semantic rule, False when it provably breaks
    one, None when neither is shown (the rules' ``verdict`` must then decide).

    >>> from newsevents import load_fixture
    >>> record = dict(load_fixture("china-belarus-2024-08-23"))
    >>> proven(record)
    True
    >>> record["events"] = record["events"] + [record["events"][0]]
    >>> proven(record)
    False
    >>> proven({"article": "a text"}), proven(None)
    (None, None)
    """
    if type(record) is not dict:
        return None
    try:
        return _walk()(record)
    except (LookupError, TypeError, AttributeError, ValueError):
        return None


def spans_hold(text: Any, lists: list[Any]) -> bool | None:
    """Whether every span of ``lists`` lies in ``text`` and quotes its slice exactly; None
    when one that does not has offsets or a text of another type, which the rules judge
    otherwise (a whole-number float is an offset; a span without a text has none to
    compare)."""
    if type(text) is not str:
        return None
    size = len(text)
    for spans in lists:
        for span in spans:
            start, end = span["start"], span["end"]
            if text[start:end] != span["text"] or not 0 <= start < end <= size:
                quoted = span["text"]
                return False if type(start) is type(end) is int and type(quoted) is str else None
    return True


def named(values: list[Any], allowed: set[str]) -> bool | None:
    """For references not all in ``allowed``: False when one is an id that is not there,
    None when the others are values of another type (which the rules leave to the
    schema)."""
    return None if all(type(v) is not str or v in allowed for v in values) else False


def rest_holds(
    record: dict[str, Any],
    kinds: dict[str, tuple[str, Any]],
    moments: list[tuple[Any, tuple[()]]],
    quantities: list[tuple[Any, tuple[()]]],
    attributions: list[Any],
) -> bool:
    """Whether the rules on moments, quantities, quotes and attribution find nothing.

    ``attributions`` are the claims' attributions that name an entity: the attribution
    rule looks at no other claim, so it is given only those."""
    instants: dict[int, tuple[int, ...]] = {}
    for moment, _ in moments:
        key = (moment.get("value"), moment.get("precision"), moment.get("zone"))
        fields = _MOMENTS.get(key, _UNJUDGED)
        if fields is _UNJUDGED:
            fields = _judge(moment, key)
        if fields is False:
            return False
        if fields is not None:
            instants[id(moment)] = fields  # type: ignore[assignment]
    problems: list[Problem] = []
    check_intervals(moments, instants, problems)
    check_quantities(quantities, problems)
    check_publication_order(record, instants, problems)
    check_quotes(record, problems)
    if attributions:
        claims = [{"attribution": attribution} for attribution in attributions]
        check_attribution({"quotes": record.get("quotes"), "claims": claims}, kinds, problems)
    return not problems


def _judge(moment: dict[str, Any], key: tuple[Any, Any, Any]) -> tuple[int, ...] | bool | None:
    problems: list[Problem] = []
    fields = check_moments([(moment, ())], problems).get(id(moment))
    judged = False if problems else fields
    if len(_MOMENTS) >= _MOMENTS_KEPT:
        _MOMENTS.clear()
    _MOMENTS[key] = judged
    return judged


# -- the walk, compiled from the table of sites --------------------------------------------


#: What references of a site may name: the nouns, and for entities the kinds (none: any).
Signature = tuple[tuple[str, ...], frozenset[str]]


def _signature(site: Site) -> Signature:
    return site.targets, site.kinds


def _entity_classes() -> list[frozenset[str]]:
    """The kinds references to entities may be limited to, each once."""
    found = {site.kinds for site in SITES if site.role == "reference" and site.kinds}
    return sorted(found, key=sorted)


def _allowed(signature: Signature, classes: list[frozenset[str]]) -> str:
    """The expression for the set of ids that references of ``signature`` may name."""
    nouns, kinds = signature
    parts = [
        f"class_{classes.index(kinds)}" if noun == "entity" and kinds else f"of_{noun}"
        for noun in nouns
    ]
    return parts[0] if len(parts) == 1 else "(" + " | ".join(parts) + ")"


def _code() -> str:
    classes = _entity_classes()
    signatures = sorted(
        {_signature(site) for site in SITES if site.role == "reference"},
        key=lambda sig: (sig[0], sorted(sig[1])),
    )
    nouns = sorted(set(SECTIONS.values()))

    def site_code(site: Site, index: int, holder: str, value: str) -> list[str]:
        if site.role == "id":
            noun = site.targets[0]
            lines = [
                f"if type({value}) is not str: return None",
                f"if {value} in kinds: return False",
            ]
            if noun != "entity":
                return [*lines, f"kinds[{value}] = ({noun!r}, None)", f"of_{noun}.add({value})"]
            lines += [
                f"kind = {holder}.get('kind')",
                "kind = kind if type(kind) is str else None",
                f"kinds[{value}] = ('entity', kind)",
                f"of_entity.add({value})",
                "unknown = kind not in ENTITY_KINDS",
            ]
            for number in range(len(classes)):
                lines.append(f"if unknown or kind in KINDS_{number}: class_{number}.add({value})")
            return lines
        if site.role == "reference":
            list_name = f"refs_{signatures.index(_signature(site))}"
            lines = [f"if {value} is not _ABSENT: {list_name}({value})"]
            if site.path == ATTRIBUTED:
                lines.append(f"if {value} is not _ABSENT: attributed({holder})")
            return lines
        store = {"evidence": "evidence", "moment": "moments", "quantity": "quantities"}[site.role]
        entry = value if site.role == "evidence" else f"({value}, ())"
        return [f"if {value} is not _ABSENT: {store}({entry})"]

    head = [
        "kinds = {}",
        *(f"of_{noun} = set()" for noun in nouns),
        *(f"class_{number} = set()" for number in range(len(classes))),
        *(f"refs_{number}_list = []" for number in range(len(signatures))),
        *(f"refs_{number} = refs_{number}_list.append" for number in range(len(signatures))),
        "evidence_lists, moments_list, quantities_list, attributed_list = [], [], [], []",
        "attributed = attributed_list.append",
        "evidence = evidence_lists.append",
        "moments = moments_list.append",
        "quantities = quantities_list.append",
    ]
    tail = [
        *(
            f"if not {allowed}.issuperset(refs_{number}_list): "
            f"return named(refs_{number}_list, {allowed})"
            for number, allowed in enumerate(_allowed(sig, classes) for sig in signatures)
        ),
        "held = spans_hold(record['article']['text'], evidence_lists)",
        "if held is not True: return held",
        "return rest_holds(record, kinds, moments_list, quantities_list, attributed_list)",
    ]
    return _source(SITES, fast=True, site_code=site_code, head=tuple(head), tail=tuple(tail))


@functools.cache
def _walk() -> Callable[[dict[str, Any]], bool | None]:
    # Compiled on first use, as the gatherers are.
    from newsevents._rules.sites import _ABSENT

    namespace: dict[str, Any] = {
        "_ABSENT": _ABSENT,
        "ENTITY_KINDS": ENTITY_KINDS,
        **{f"KINDS_{number}": kinds for number, kinds in enumerate(_entity_classes())},
        "spans_hold": spans_hold,
        "named": named,
        "rest_holds": rest_holds,
    }
    exec(compile(_code(), "<newsevents proof>", "exec"), namespace)
    walk: Callable[[dict[str, Any]], bool | None] = namespace["gather"]
    return walk
