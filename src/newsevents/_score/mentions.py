"""The entity-mention layer: every evidence span of an entity, under four schemes.

A mention is a span of the article text naming an entity, with the entity's kind. The
schemes are those of SemEval-2013 task 9.1 (and of nervaluate): for each a one-to-one
matching of gold and predicted mentions that overlap (share a code point), then

============  ==========================  ===============================
scheme        correct                      otherwise, when they overlap
============  ==========================  ===============================
``strict``    same boundaries and kind     incorrect
``exact``     same boundaries              incorrect
``partial``   same boundaries              partial (half credit)
``type``      same kind                    incorrect
============  ==========================  ===============================

The matching is the one with the most correct pairs, then the most pairs, then the
closest boundaries: so no pairing of overlaps can cost a correct match.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal

from newsevents._score.assign import assign, components, overlapping
from newsevents._score.result import LayerScore, Tally
from newsevents._score.view import Item, View

__all__ = ["Mention", "mentions", "overlaps", "score_mentions"]


class Mention:
    """One evidence span of an entity: the ``number``-th of ``entity``, of its ``kind``."""

    __slots__ = ("_pointer", "end", "entity", "kind", "number", "start", "text")

    def __init__(
        self, start: int, end: int, text: str, kind: str, entity: Item, number: int
    ) -> None:
        self.start, self.end, self.text, self.kind = start, end, text, kind
        self.entity, self.number = entity, number
        self._pointer: str | None = None

    @property
    def pointer(self) -> str:
        """The mention's JSON Pointer in its record."""
        if self._pointer is None:
            self._pointer = self.entity.at(self.entity.span_path(self.number))
        return self._pointer


def mentions(view: View) -> list[Mention]:
    """Every mention of the record, in order of position, then kind."""
    found = [
        Mention(start, end, text, entity.data["kind"], entity, number)
        for entity in view["entities"]
        for number, (start, end, text) in enumerate(entity.spans)
    ]
    found.sort(key=lambda m: (m.start, m.end, m.kind, m.text, m.entity.position))
    return found


_Rule = Callable[[Mention, Mention], bool]
# Whether a pair of overlapping mentions is correct under each scheme.
_CORRECT: dict[str, _Rule] = {
    "strict": lambda g, p: (g.start, g.end, g.kind) == (p.start, p.end, p.kind),
    "exact": lambda g, p: (g.start, g.end) == (p.start, p.end),
    "partial": lambda g, p: (g.start, g.end) == (p.start, p.end),
    "type": lambda g, p: g.kind == p.kind,
}


def overlaps(gold: Sequence[Mention], predicted: Sequence[Mention]) -> set[tuple[int, int]]:
    """The pairs of positions of gold and predicted mentions that overlap."""
    return overlapping(
        [(m.start, m.end, i) for i, m in enumerate(gold)],
        [(m.start, m.end, i) for i, m in enumerate(predicted)],
    )


def score_mentions(
    gold: Sequence[Mention],
    predicted: Sequence[Mention],
    pairs: set[tuple[int, int]],
    schemes: Sequence[str],
    text_length: int,
) -> list[LayerScore]:
    """One layer per scheme, ``mentions.<scheme>``; ``pairs`` are the :func:`overlaps`."""
    # Weights rank the criteria one above another: any correct pair outweighs every other
    # pair together, any pair outweighs all boundary distances together.
    span = 2 * text_length + 1
    pair_weight = span * (len(pairs) + 1)
    correct_weight = pair_weight * (len(pairs) + 1)
    parts = components(pairs)
    # A pair alone in its component is matched under every scheme; only the others need
    # weighing, scheme by scheme.
    single = {part[0][0]: part[0][1] for part in parts if len(part) == 1}
    shared = [part for part in parts if len(part) > 1]
    layers = []
    for scheme in schemes:
        correct = _CORRECT[scheme]
        edges = {}
        for part in shared:
            for g, p in part:
                a, b = gold[g], predicted[p]
                closeness = span - abs(a.start - b.start) - abs(a.end - b.end)
                edges[(g, p)] = correct_weight * correct(a, b) + pair_weight + closeness
        matched = {**single, **assign(edges, shared)}
        tally = Tally(f"mentions.{scheme}")
        for g, mention in enumerate(gold):
            if g not in matched:
                tally.missed(mention.text, mention.pointer)
                continue
            other = predicted[matched[g]]
            if correct(mention, other):
                tally.correct()
            else:
                category: Literal["partial", "incorrect"] = (
                    "partial" if scheme == "partial" else "incorrect"
                )
                detail = (
                    f"gold {mention.kind} {mention.start}-{mention.end}, predicted "
                    f"{other.kind} {other.start}-{other.end} {other.text!r}"
                )
                tally.wrong(category, mention.text, mention.pointer, other.pointer, detail)
        for p in sorted(set(range(len(predicted))) - set(matched.values())):
            tally.spurious(predicted[p].text, predicted[p].pointer)
        layers.append(tally.done())
    return layers
