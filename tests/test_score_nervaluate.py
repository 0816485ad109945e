"""The entity-mention layer agrees with nervaluate, the SemEval-2013 scorer, on the same spans.

nervaluate counts ``end`` inclusively (the last character), the record model exclusively
(one past it), so each span goes to it as ``end - 1``: spans that only touch, ``[0, 5)``
and ``[5, 8)``, share no character for either. The spans are drawn so that each overlaps
one span of the other side at most, and each is under 100 characters: nervaluate pairs
spans greedily in list order and wants an overlap of 1% of the gold span. Where a span
overlaps several, nervaluate's answer depends on the order of the lists and can miss the
best pairing, which the scorer finds (the last test shows one such case).

nervaluate needs Python 3.11; on 3.10 this module is not collected (tests/conftest.py).
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from nervaluate import Evaluator

import newsevents

KINDS = ("person", "city", "organization")
SCHEMES = {"strict": "strict", "exact": "exact", "partial": "partial", "type": "ent_type"}
TEXT = "".join(chr(ord("a") + i % 26) for i in range(600))

Span = tuple[int, int, str]


@st.composite
def pairs(draw: st.DrawFn) -> tuple[list[Span], list[Span]]:
    """Gold spans, none overlapping another (some touching), and predicted spans each
    overlapping one gold span at most, as each gold span overlaps one predicted span at
    most: exact, shifted, shorter, longer, of the same kind or another, or in a gap."""
    gold: list[Span] = []
    at = draw(st.integers(0, 10))
    for _ in range(draw(st.integers(1, 8))):
        length = draw(st.integers(1, 40))
        gold.append((at, at + length, draw(st.sampled_from(KINDS))))
        at += length + draw(st.sampled_from([0, 0, 1, 3, 20]))  # 0: the next one touches
    predicted: list[Span] = []
    for i, (start, end, kind) in enumerate(gold):
        low = gold[i - 1][1] if i else 0  # a prediction stays clear of the neighbours
        high = gold[i + 1][0] if i + 1 < len(gold) else len(TEXT)
        if draw(st.booleans()):
            first = draw(st.integers(max(low, start - 5), end - 1))
            last = draw(st.integers(max(first + 1, start + 1), min(high, end + 5)))
            other = draw(st.sampled_from([kind, kind, *KINDS]))
            predicted.append((first, last, other))
        if high - end >= 2 and draw(st.booleans()):  # a spurious one in the gap after
            predicted.append((end + 1, high - 1 if high - 1 > end + 1 else end + 2, kind))
    predicted = [(a, b, k) for a, b, k in predicted if b <= len(TEXT) and a < b]
    return gold, draw(st.permutations(predicted))


def record(spans: list[Span]) -> dict[str, Any]:
    found: dict[str, Any] = dict(newsevents.load_fixture("minimal"))
    found["article"]["text"] = TEXT
    for section in ("events", "claims", "quotes", "topics"):
        found[section] = []
    found["entities"] = [
        {"id": f"e{i}", "kind": kind, "name": TEXT[start:end],
         "evidence": [{"start": start, "end": end, "text": TEXT[start:end]}]}
        for i, (start, end, kind) in enumerate(spans)
    ]  # fmt: skip
    return found


def inclusive(spans: list[Span]) -> list[list[dict[str, Any]]]:
    return [[{"label": kind, "start": start, "end": end - 1} for start, end, kind in spans]]


@settings(max_examples=150, deadline=None)
@given(spans=pairs())
def test_the_mention_layer_agrees_with_nervaluate(spans: tuple[list[Span], list[Span]]) -> None:
    gold, predicted = spans
    ours = newsevents.score(record(gold), record(predicted))
    theirs = Evaluator(inclusive(gold), inclusive(predicted), tags=list(KINDS), loader="dict")
    overall = theirs.evaluate()["overall"]
    for scheme, name in SCHEMES.items():
        layer, peer = ours[f"mentions.{scheme}"], overall[name]
        assert (layer.possible, layer.actual) == (peer.possible, peer.actual), scheme
        assert layer.counts() == {
            "correct": peer.correct, "incorrect": peer.incorrect, "partial": peer.partial,
            "missed": peer.missed, "spurious": peer.spurious,
        }, scheme  # fmt: skip
        assert abs(layer.precision - peer.precision) < 1e-9, scheme
        assert abs(layer.recall - peer.recall) < 1e-9, scheme
        assert abs(layer.f1 - peer.f1) < 1e-9, scheme


def test_touching_spans_share_no_character_for_either_scorer() -> None:
    gold, predicted = [(0, 5, "city")], [(5, 8, "city")]
    ours = newsevents.score(record(gold), record(predicted))["mentions.partial"]
    theirs = Evaluator(inclusive(gold), inclusive(predicted), tags=list(KINDS), loader="dict")
    peer = theirs.evaluate()["overall"]["partial"]
    assert (ours.missed, ours.spurious, ours.partial) == (1, 1, 0)
    assert (peer.missed, peer.spurious, peer.partial) == (1, 1, 0)


def test_where_spans_overlap_several_the_scorer_takes_the_best_pairing() -> None:
    # The city overlaps the gold person first; nervaluate, pairing in list order, calls it
    # incorrect and has no gold span left for the predicted person, which is right.
    gold, predicted = [(0, 2, "person")], [(0, 1, "city"), (1, 2, "person")]
    ours = newsevents.score(record(gold), record(predicted))["mentions.type"]
    theirs = Evaluator(inclusive(gold), inclusive(predicted), tags=list(KINDS), loader="dict")
    peer = theirs.evaluate()["overall"]["ent_type"]
    assert (ours.correct, ours.spurious) == (1, 1)
    assert (peer.correct, peer.incorrect, peer.spurious) == (0, 1, 1)
