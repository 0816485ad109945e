"""Matching the items of two records one to one: entities, events, claims, quotes.

Ids mean nothing across two records, so items are matched by what they say:

- an **entity** by its mentions (the same span counts twice what an overlapping one does),
  its identifiers and its names: so an entity found under another id or name is found;
- an **event** by the overlap of its evidence with a gold event's;
- a **claim** by the overlap of its evidence, and only with a gold claim about the matched
  subject (the entity or event the gold claim is about);
- a **quote** by the overlap of its evidence.

Among the pairs that qualify, the matching prefers those that agree on what the layer
judges (an event's type; a claim's value, then predicate; a quote's speaker, then mode),
then the most overlap (Dice's coefficient of the evidence), so the prediction is read as
favourably as the gold record allows, and a sentence stating three claims pairs each
with its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from newsevents._score.assign import assign, overlap, overlapping
from newsevents._score.mentions import Mention
from newsevents._score.result import LayerScore, Tally
from newsevents._score.values import differs_value, normal_text
from newsevents._score.view import CLAIM_SUBJECT, QUOTE_SPEAKER, Item, View

__all__ = ["Pairs", "item_layers", "match_entities", "match_evidence", "subjects", "text_of"]

# Dice's coefficient is scaled to an integer, so that weights add up exactly.
_SCALE = 1_000_000


class Pairs:
    """The matched items of the two records, each way, for every section."""

    def __init__(self, gold: View, predicted: View) -> None:
        self.gold = gold
        self.predicted = predicted
        self._forward: dict[int, Item] = {}
        self._backward: dict[int, Item] = {}

    def add(self, gold: Item, predicted: Item) -> None:
        """Record that two items are matched."""
        self._forward[id(gold)] = predicted
        self._backward[id(predicted)] = gold

    def of(self, gold: Item) -> Item | None:
        """The predicted item matched to a gold one."""
        return self._forward.get(id(gold))

    def has(self, predicted: Item) -> bool:
        """Whether a predicted item is matched."""
        return id(predicted) in self._backward

    def names(self, gold_id: str | None, predicted_id: str | None) -> tuple[str, str]:
        """What a gold and a predicted id name, as a person reads them."""
        gold = self.gold.by_id.get(gold_id) if gold_id is not None else None
        predicted = self.predicted.by_id.get(predicted_id) if predicted_id is not None else None
        return (
            text_of(gold) if gold is not None else str(gold_id),
            text_of(predicted) if predicted is not None else str(predicted_id),
        )

    def same(self, gold_id: str, predicted_id: str) -> bool:
        """Whether a predicted id names the match of what a gold id names."""
        gold = self.gold.by_id.get(gold_id)
        found = self.of(gold) if gold is not None else None
        return found is not None and found is self.predicted.by_id.get(predicted_id)


def text_of(item: Item) -> str:
    """An item as a person reads it: an entity's name, an event's title, a claim's
    statement (or its evidence), a quote's words."""
    data = item.data
    for key in ("name", "title", "statement"):
        if isinstance(data.get(key), str):
            return str(data[key])
    if item.section == "quotes":
        return str(data["text"])
    return item.spans[0][2] if item.spans else str(data["id"])


def _dice(gold: Item, predicted: Item, shared: int) -> int:
    return 2 * shared * _SCALE // (gold.size + predicted.size)


def match_entities(
    gold: Sequence[Mention],
    predicted: Sequence[Mention],
    spans: set[tuple[int, int]],
    pairs: Pairs,
) -> None:
    """Match the entities by their mentions (``spans`` are the pairs of positions of
    overlapping ones), identifiers and names."""
    weights: dict[tuple[int, int], int] = {}

    def add(g: Item, p: Item, weight: int) -> None:
        key = (g.position, p.position)
        weights[key] = weights.get(key, 0) + weight

    for g, p in spans:
        a, b = gold[g], predicted[p]
        add(a.entity, b.entity, 4 if (a.start, a.end) == (b.start, b.end) else 2)
    theirs = pairs.predicted["entities"]
    named: dict[Any, list[Item]] = {}
    for item in theirs:
        for sign in _signs(item.data):
            named.setdefault(sign, []).append(item)
    ours = pairs.gold["entities"]
    for item in ours:
        for sign in _signs(item.data):
            for other in named.get(sign, ()):
                add(item, other, 4)
    # The same kind only breaks ties between entities alike in every other way.
    edges = {
        (g, p): 2 * weight + (ours[g].data["kind"] == theirs[p].data["kind"])
        for (g, p), weight in weights.items()
    }
    for g, p in assign(edges).items():
        pairs.add(ours[g], theirs[p])


def _signs(data: dict[str, Any]) -> set[Any]:
    """What names an entity outside its mentions: its identifiers, its names."""
    signs: set[Any] = {("name", normal_text(data["name"]))}
    signs |= {("name", normal_text(alias)) for alias in data.get("aliases", ())}
    signs |= {(i["scheme"], i["value"]) for i in data.get("identifiers", ())}
    return signs


Agree = Callable[[Item, Item], int]


Key = Callable[[Item], object]


def match_evidence(
    section: str, pairs: Pairs, agree: Agree, group: tuple[Key, Key] | None = None
) -> None:
    """Match a section's items by the overlap of their evidence, preferring the pairs
    ``agree`` scores highest; with ``group``, a gold and a predicted item are a pair only
    when the two keys it gives them are equal and not None (claims about one subject)."""
    ours, theirs = pairs.gold[section], pairs.predicted[section]
    buckets: dict[object, tuple[list[Item], list[Item]]] = {}
    if group is None:
        buckets[None] = (ours, theirs)
    else:
        for side, items, key in ((0, ours, group[0]), (1, theirs, group[1])):
            for item in items:
                value = key(item)
                if value is not None:
                    buckets.setdefault(value, ([], []))[side].append(item)
    edges = {}
    for gold, predicted in buckets.values():
        candidates = overlapping(
            [(start, end, item.position) for item in gold for start, end in item.cover],
            [(start, end, item.position) for item in predicted for start, end in item.cover],
        )
        for g, p in candidates:
            a, b = ours[g], theirs[p]
            edges[(g, p)] = agree(a, b) * (_SCALE + 1) + _dice(a, b, overlap(a.cover, b.cover))
    for g, p in assign(edges).items():
        pairs.add(ours[g], theirs[p])


Judge = Callable[[Item, Item], str]


def item_layers(
    section: str, pairs: Pairs, levels: Sequence[tuple[str, Judge | None]]
) -> list[LayerScore]:
    """A section's layers: the first level counts the matched items as correct, each
    further one also asks its judge, which says what differs (``""``: nothing)."""
    tallies = [Tally(name) for name, _ in levels]
    for item in pairs.gold[section]:
        if item.excused:
            continue
        other = pairs.of(item)
        for tally, (_, judge) in zip(tallies, levels, strict=True):
            if other is None:
                tally.missed(text_of(item), item.pointer)
                continue
            detail = judge(item, other) if judge is not None else ""
            if detail:
                tally.wrong("incorrect", text_of(item), item.pointer, other.pointer, detail)
            else:
                tally.correct()
    for item in pairs.predicted[section]:
        if not pairs.has(item):
            for tally in tallies:
                tally.spurious(text_of(item), item.pointer)
    return [tally.done() for tally in tallies]


def _reference(item: Item, site: Any) -> str | None:
    found = item.references(site)
    return found[0].target if found else None


def event_type(gold: Item, predicted: Item) -> str:
    """What differs between the types of two events."""
    ours, theirs = gold.data["type"], predicted.data["type"]
    return "" if ours == theirs else f"type: gold {ours}, predicted {theirs}"


def claim_value(pairs: Pairs, tolerance: float) -> Judge:
    """The judge of claims' values (once per pair: the matching asks, then the layer)."""
    known: dict[tuple[int, int], str] = {}

    def judge(gold: Item, predicted: Item) -> str:
        key = (id(gold), id(predicted))
        if key not in known:
            found = differs_value(
                gold.data["value"],
                predicted.data["value"],
                tolerance=tolerance,
                same_entity=pairs.same,
                names=pairs.names,
            )
            known[key] = found
        return known[key]

    return judge


def subjects(pairs: Pairs) -> tuple[Key, Key]:
    """The keys grouping claims by subject: a gold claim's is the predicted item matched to
    its subject, a predicted claim's its own subject."""

    def gold(claim: Item) -> object:
        subject = _reference(claim, CLAIM_SUBJECT)
        item = pairs.gold.by_id.get(subject) if subject is not None else None
        found = pairs.of(item) if item is not None else None
        return id(found) if found is not None else None

    def predicted(claim: Item) -> object:
        subject = _reference(claim, CLAIM_SUBJECT)
        item = pairs.predicted.by_id.get(subject) if subject is not None else None
        return id(item) if item is not None else None

    return gold, predicted


def quote_speaker(pairs: Pairs) -> Judge:
    """The judge of quotes' speakers."""

    def judge(gold: Item, predicted: Item) -> str:
        ours, theirs = _reference(gold, QUOTE_SPEAKER), _reference(predicted, QUOTE_SPEAKER)
        if ours is not None and theirs is not None and pairs.same(ours, theirs):
            return ""
        gold_name, predicted_name = pairs.names(ours, theirs)
        return f"speaker: gold {gold_name}, predicted {predicted_name}"

    return judge


def quote_mode(gold: Item, predicted: Item) -> str:
    """What differs between the modes of two quotes."""
    ours, theirs = gold.data["mode"], predicted.data["mode"]
    return "" if ours == theirs else f"mode: gold {ours}, predicted {theirs}"
