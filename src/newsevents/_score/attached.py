"""The layers of what hangs on matched items: arguments, moments, links; and facts the
gold record states twice.

These are judged only through the items they hang on: an argument of a gold event that
was not found is missed, an argument of a spurious event is spurious.
"""

from __future__ import annotations

from typing import Any

from newsevents._score.assign import assign
from newsevents._score.items import Pairs, text_of
from newsevents._score.result import LayerScore, Tally
from newsevents._score.values import differs_time
from newsevents._score.view import (
    ARGUMENT_SITES,
    LINK_SITES,
    RESTATES,
    TIME_SITES,
    Item,
    Reference,
    View,
)

__all__ = ["argument_layers", "excuse_restated", "link_layer", "moment_layer"]

# Each section's link sites, with the words that name them (``relations/event``).
_LINKS_OF = {
    section: [
        (site, "/".join(step for step in site.path[2:] if step != "*"))
        for site in LINK_SITES
        if site.path[0] == section
    ]
    for section in ("entities", "events", "claims", "quotes")
}


def excuse_restated(pairs: Pairs) -> None:
    """Count a fact the gold record states twice once.

    A claim that ``restates`` an event or a claim is one fact with it. When the prediction
    has any of the group, the others are excused (neither missed nor counted); when it has
    none, the fact is missed once, as the item the others restate.
    """
    gold = pairs.gold
    parent: dict[int, Item] = {}
    members: dict[int, Item] = {}

    def root(item: Item) -> Item:
        while id(parent[id(item)]) != id(item):
            item = parent[id(item)]
        return item

    for claim in gold["claims"]:
        for reference in claim.references(RESTATES):
            target = gold.by_id.get(reference.target)
            if target is None or target is claim:
                continue
            for item in (claim, target):
                parent.setdefault(id(item), item)
                members[id(item)] = item
            a, b = root(claim), root(target)
            if a is not b:
                parent[id(a)] = b
    groups: dict[int, list[Item]] = {}
    for item in members.values():
        groups.setdefault(id(root(item)), []).append(item)
    for group in groups.values():
        if any(pairs.of(item) is not None for item in group):
            kept = [item for item in group if pairs.of(item) is not None]
        else:
            # The item the others restate, or (in a circle of restatements) the first.
            first = [item for item in group if not item.references(RESTATES)]
            kept = [min(first or group, key=lambda item: (item.section, item.position))]
        for item in group:
            item.excused = item not in kept


def _arguments(event: Item) -> list[tuple[Reference, str]]:
    """An event's arguments, each with its role: a participant's ``role``, or the name of
    the site (``place``)."""
    found = []
    for site in ARGUMENT_SITES:
        for reference in event.references(site):
            holder = reference.holder
            role = holder.get("role") if holder is not event.data else None
            found.append((reference, role if isinstance(role, str) else str(site.path[-1])))
    return found


def argument_layers(pairs: Pairs) -> list[LayerScore]:
    """``arguments.identification`` (the matched entity) and ``.classification`` (in the
    same role), over the arguments of every event."""
    found, typed = Tally("arguments.identification"), Tally("arguments.classification")

    def name(view: View, reference: Reference, role: str) -> str:
        return f"{role} {_named(view.by_id.get(reference.target), reference)}"

    for event in pairs.gold["events"]:
        if event.excused:
            continue
        ours = _arguments(event)
        other = pairs.of(event)
        theirs = _arguments(other) if other is not None else []
        edges = {
            (g, p): 2 + (ours[g][1] == theirs[p][1])
            for g in range(len(ours))
            for p in range(len(theirs))
            if pairs.same(ours[g][0].target, theirs[p][0].target)
        }
        matched = assign(edges)
        for g, (reference, role) in enumerate(ours):
            p = matched.get(g)
            if p is None or other is None:
                text, pointer = name(pairs.gold, reference, role), event.at(reference.path)
                found.missed(text, pointer)
                typed.missed(text, pointer)
                continue
            found.correct()
            their_reference, their_role = theirs[p]
            if their_role == role:
                typed.correct()
            else:
                text, pointer = name(pairs.gold, reference, role), event.at(reference.path)
                detail = f"role: gold {role}, predicted {their_role}"
                typed.wrong("incorrect", text, pointer, other.at(their_reference.path), detail)
        if other is not None:
            for p in sorted(set(range(len(theirs))) - set(matched.values())):
                reference, role = theirs[p]
                text = name(pairs.predicted, reference, role)
                found.spurious(text, other.at(reference.path))
                typed.spurious(text, other.at(reference.path))
    for event in pairs.predicted["events"]:
        if not pairs.has(event):
            for reference, role in _arguments(event):
                text = name(pairs.predicted, reference, role)
                found.spurious(text, event.at(reference.path))
                typed.spurious(text, event.at(reference.path))
    return [found.done(), typed.done()]


def _times(item: Item) -> dict[Any, tuple[dict[str, Any], tuple[Any, ...]]]:
    """An event's or claim's times by site (the value and its path), to take from."""
    return dict(item.times)


# The sections whose items have times, and those whose items have links, as the table says.
_TIMED = tuple(dict.fromkeys(site.path[0] for site in TIME_SITES))
_LINKED = tuple(dict.fromkeys(site.path[0] for site in LINK_SITES))


def _time_text(time: dict[str, Any]) -> str:
    text = time.get("text")
    if isinstance(text, str):
        return text
    if "anchor" in time:
        return "the publication"
    if "start" in time:
        return f"{time['start'].get('value')} to {time['end'].get('value')}"
    return str(time.get("value"))


def moment_layer(pairs: Pairs) -> LayerScore:
    """``moments``: the date of every event and the time of every claim."""
    tally = Tally("moments")
    for section in _TIMED:
        for item in pairs.gold[section]:
            if item.excused:
                continue
            other = pairs.of(item)
            theirs = _times(other) if other is not None else {}
            for site, (time, path) in _times(item).items():
                text = _time_text(time)
                if other is None or site not in theirs:
                    tally.missed(text, item.at(path))
                    continue
                their_time, their_path = theirs.pop(site)
                detail = differs_time(time, their_time)
                if detail:
                    tally.wrong("incorrect", text, item.at(path), other.at(their_path), detail)
                else:
                    tally.correct()
            if other is not None:
                for their_time, their_path in theirs.values():
                    tally.spurious(_time_text(their_time), other.at(their_path))
        for item in pairs.predicted[section]:
            if not pairs.has(item):
                for their_time, their_path in _times(item).values():
                    tally.spurious(_time_text(their_time), item.at(their_path))
    return tally.done()


def _links(item: Item) -> list[tuple[Reference, str]]:
    """An item's links to other items, each with its label: the relation's ``type`` where
    the link has one, else the name of the site (``restates``, ``supports``)."""
    if item.links is not None:
        return list(item.links)
    found = []
    for site, words in _LINKS_OF[item.section]:
        for reference in item.references(site):
            kind = reference.holder.get("type") if reference.holder is not item.data else None
            found.append((reference, f"{words}:{kind}" if isinstance(kind, str) else words))
    item.links = found
    return list(found)


def link_layer(pairs: Pairs) -> LayerScore:
    """``links``: every link between events, claims and quotes, both ends matched."""
    tally = Tally("links")
    for section in _LINKED:
        for item in pairs.gold[section]:
            if item.excused:
                continue
            other = pairs.of(item)
            theirs = _links(other) if other is not None else []
            for reference, label in _links(item):
                target = pairs.gold.by_id.get(reference.target)
                if target is not None and target.excused:
                    continue
                hit = next(
                    (
                        i
                        for i, (their, their_label) in enumerate(theirs)
                        if their_label == label and pairs.same(reference.target, their.target)
                    ),
                    None,
                )
                if hit is None:
                    tally.missed(_link_text(pairs.gold, item, reference, label),
                                 item.at(reference.path))  # fmt: skip
                else:
                    theirs.pop(hit)
                    tally.correct()
            if other is not None:
                for their, label in theirs:
                    text = _link_text(pairs.predicted, other, their, label)
                    tally.spurious(text, other.at(their.path))
        for item in pairs.predicted[section]:
            if not pairs.has(item):
                for their, label in _links(item):
                    text = _link_text(pairs.predicted, item, their, label)
                    tally.spurious(text, item.at(their.path))
    return tally.done()


def _named(target: Item | None, reference: Reference) -> str:
    return text_of(target) if target is not None else reference.target


def _link_text(view: View, item: Item, reference: Reference, label: str) -> str:
    target = view.by_id.get(reference.target)
    return f"{text_of(item)} {label.rsplit(':', 1)[-1]} {_named(target, reference)}"
