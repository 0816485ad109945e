"""A score as a person reads it, and thresholds: the least F1 each layer must reach.

A threshold names a layer (``events.classification``) or a part (``events``: each of its
layers). The table and the differences are what the command line prints and what a
failing ``assert_matches_gold`` shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from numbers import Real

from newsevents._score.errors import InvalidOption
from newsevents._score.layers import LAYERS
from newsevents._score.result import Difference, Score

__all__ = ["Shortfall", "below", "differences", "shortfalls", "table", "thresholds"]

_COLUMNS = ("correct", "incorrect", "partial", "missed", "spurious")


def table(score: Score, marks: Mapping[str, float] | None = None) -> str:
    """One line per layer: the five categories, precision, recall, F1; a layer below its
    threshold in ``marks`` ends in ``< min``."""
    width = max((len(name) for name in score.layers), default=5)
    head = (
        f"{'layer':<{width}}  {'correct':>7} {'incorrect':>9} {'partial':>7} {'missed':>6} "
        f"{'spurious':>8}  {'precision':>9} {'recall':>6} {'f1':>5}"
    )
    lines = [head.rstrip()]
    for name, layer in score.layers.items():
        line = (
            f"{name:<{width}}  {layer.correct:>7} {layer.incorrect:>9} {layer.partial:>7} "
            f"{layer.missed:>6} {layer.spurious:>8}  {layer.precision:>9.3f} "
            f"{layer.recall:>6.3f} {layer.f1:>5.3f}"
        )
        if marks and name in marks and below(layer.f1, marks[name]):
            line += f"  < {marks[name]:.3f}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def differences(items: Iterable[Difference], limit: int | None = None) -> str:
    """The differences under the layers they belong to, at most ``limit`` of them.

    A difference several layers share (a mention missed under every scheme, an event
    missed by identification and classification alike) is shown once, under all of them.
    """
    shared: dict[tuple[object, ...], list[str]] = {}
    first: dict[tuple[object, ...], Difference] = {}
    for item in items:
        key: tuple[object, ...] = (item.category, item.text, item.gold, item.predicted, item.detail)
        shared.setdefault(key, []).append(item.layer)
        first.setdefault(key, item)
    blocks: dict[tuple[str, ...], list[Difference]] = {}
    for key, names in shared.items():
        blocks.setdefault(tuple(names), []).append(first[key])
    lines: list[str] = []
    shown = 0
    for layers, block in blocks.items():
        if limit is not None and shown + len(block) > limit:
            block = block[: limit - shown]
        if block:
            lines.append(", ".join(layers) + ":")
            lines += [f"  {item}" for item in block]
        shown += len(block)
        if limit is not None and shown == limit and shown < len(shared):
            lines.append(f"... and {len(shared) - shown} more")
            break
    return "\n".join(lines) + "\n" if lines else ""


def thresholds(min_f1: float | Mapping[str, float], layers: Iterable[str]) -> dict[str, float]:
    """The least F1 of each layer a threshold names.

    ``min_f1`` is one number for every layer, or a mapping from a layer or a part
    (``events``) to a number; each number lies between 0 and 1. A layer's own threshold
    overrides its part's.
    """
    known = list(layers)
    wanted = dict(min_f1) if isinstance(min_f1, Mapping) else dict.fromkeys(known, min_f1)
    found: dict[str, float] = {}
    parts = sorted({name.split(".")[0] for name in LAYERS} | set(LAYERS))
    # A part's threshold first, so that one for a layer of it overrides it.
    for name, value in sorted(wanted.items(), key=lambda item: str(item[0]) in LAYERS):
        if not isinstance(name, str) or (name not in LAYERS and name not in parts):
            raise InvalidOption(
                "min_f1", name, "names no layer; `newsevents score --help` lists them", parts
            )
        if isinstance(value, bool) or not isinstance(value, Real) or not 0 <= value <= 1:
            raise InvalidOption(f"min_f1[{name!r}]", value, "must be a number from 0 to 1")
        chosen = [layer for layer in known if layer == name or layer.startswith(name + ".")]
        if not chosen:
            raise InvalidOption(
                "min_f1", name, "is not scored: the mention schemes chosen leave it out", known
            )
        for layer in chosen:
            found[layer] = float(value)
    return found


@dataclass(frozen=True)
class Shortfall:
    """A layer whose F1 is below its threshold."""

    layer: str
    f1: float
    min_f1: float

    def __str__(self) -> str:
        return f"{self.layer}: f1 {self.f1:.3f} is below {self.min_f1:.3f}"


def shortfalls(score: Score, limits: Mapping[str, float]) -> list[Shortfall]:
    """The layers of ``score`` below their thresholds, in report order."""
    return [
        Shortfall(name, layer.f1, limits[name])
        for name, layer in score.layers.items()
        if name in limits and below(layer.f1, limits[name])
    ]


def below(f1: float, limit: float) -> bool:
    """Whether an F1 falls short of a threshold, by more than rounding: 9 of 10 is 0.9."""
    return f1 < limit - 1e-9
