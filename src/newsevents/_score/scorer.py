"""``score(gold, predicted)``: an extractor's record against the gold record, layer by layer.

The order of the work is the order of dependence: mentions and entities first (events'
arguments, claims' subjects and quotes' speakers are judged through the entity matching),
then events (claims may be about an event), claims and quotes; then what hangs on them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from numbers import Real
from typing import Any

from newsevents._read.document import Document
from newsevents._score import attached, items
from newsevents._score.errors import InvalidOption, Side, TextMismatch, UnscorableRecord
from newsevents._score.layers import SCHEMES
from newsevents._score.mentions import mentions, overlaps, score_mentions
from newsevents._score.result import LayerScore, Score
from newsevents._score.view import View

__all__ = ["run"]


def run(
    gold: Mapping[str, Any] | Document,
    predicted: Mapping[str, Any] | Document,
    *,
    tolerance: float = 0.0,
    schemes: Iterable[str] = SCHEMES,
) -> Score:
    """Score ``predicted`` against ``gold``: :func:`newsevents.score` (see there)."""
    chosen, within = _schemes(schemes), _tolerance(tolerance)
    options = {"tolerance": within, "schemes": chosen}
    ours, theirs = _record("gold", gold), _record("predicted", predicted)
    text, other = ours["article"]["text"], theirs["article"]["text"]
    if text != other:
        raise TextMismatch.between(text, other)
    gold_view, predicted_view = View(ours), View(theirs)
    pairs = items.Pairs(gold_view, predicted_view)
    gold_mentions, predicted_mentions = mentions(gold_view), mentions(predicted_view)
    spans = overlaps(gold_mentions, predicted_mentions)
    layers: list[LayerScore] = score_mentions(
        gold_mentions, predicted_mentions, spans, chosen, len(text)
    )
    items.match_entities(gold_mentions, predicted_mentions, spans, pairs)
    items.match_evidence("events", pairs, lambda g, p: g.data["type"] == p.data["type"])
    value = items.claim_value(pairs, within)
    items.match_evidence(
        "claims",
        pairs,
        lambda g, p: 2 * (not value(g, p)) + (g.data["predicate"] == p.data["predicate"]),
        items.subjects(pairs),
    )
    speaker = items.quote_speaker(pairs)
    items.match_evidence(
        "quotes", pairs, lambda g, p: 2 * (not speaker(g, p)) + (not items.quote_mode(g, p))
    )
    attached.excuse_restated(pairs)
    layers += items.item_layers("entities", pairs, [("entities", None)])
    layers += items.item_layers(
        "events",
        pairs,
        [("events.identification", None), ("events.classification", items.event_type)],
    )
    layers += attached.argument_layers(pairs)
    layers += items.item_layers(
        "claims", pairs, [("claims.identification", None), ("claims.value", value)]
    )
    layers += items.item_layers(
        "quotes",
        pairs,
        [
            ("quotes.identification", None),
            ("quotes.speaker", speaker),
            ("quotes.mode", items.quote_mode),
        ],
    )
    layers.append(attached.moment_layer(pairs))
    layers.append(attached.link_layer(pairs))
    return Score(
        {layer.name: layer for layer in layers},
        gold_id=str(ours["id"]),
        predicted_id=str(theirs["id"]),
        options=options,
    )


def _record(side: Side, item: object) -> dict[str, Any]:
    from newsevents._api import _default

    """The record of a record or Document, once it is known to be valid."""
    if isinstance(item, Mapping) and not isinstance(item, dict):
        item = dict(item)  # a read-only view of a record is a record too
    record = item.record if isinstance(item, Document) else item
    validator = _default()
    if not validator.is_valid(item):
        raise UnscorableRecord(side, tuple(validator.iter_problems(item)))
    assert isinstance(record, dict)
    return record


def _tolerance(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, Real):
        raise InvalidOption("tolerance", value, "must be a number, such as 0.01 for 1%")
    number = float(value)
    if not math.isfinite(number) or number < 0:
        raise InvalidOption("tolerance", value, "must be a finite number of 0 or more")
    return number


def _schemes(value: object) -> tuple[str, ...]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise InvalidOption(
            "schemes", value, f"must be a list of schemes, some of {', '.join(SCHEMES)}"
        )
    chosen = list(value)
    for scheme in chosen:
        if scheme not in SCHEMES:
            raise InvalidOption(
                "schemes", scheme, f"is no scheme; the schemes are {', '.join(SCHEMES)}", SCHEMES
            )
    return tuple(scheme for scheme in SCHEMES if scheme in chosen)
