"""What a score is: per layer the SemEval categories, precision, recall and F1, and the
differences behind them (what was missed, what is spurious, what was matched but wrong).

Every layer counts in the same five categories (SemEval-2013 / MUC): **correct** (matched
and right), **incorrect** (matched but wrong on what the layer judges: an event's type, a
claim's value), **partial** (the partial scheme of mentions only: overlapping, not the
same boundaries, half credit), **missed** (gold, not found) and **spurious** (predicted,
not in the gold). From them::

    possible  = correct + incorrect + partial + missed      (the gold items)
    actual    = correct + incorrect + partial + spurious    (the predicted items)
    tp        = correct + partial / 2
    precision = tp / actual,  recall = tp / possible,  f1 = their harmonic mean

so an incorrect item costs one false positive and one false negative, as in ACE scoring.
A layer with nothing in either record is perfect: there was nothing to get wrong.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = ["Category", "Difference", "LayerScore", "Score", "Tally"]

Category = Literal["correct", "incorrect", "partial", "missed", "spurious"]


@dataclass(frozen=True)
class Difference:
    """One thing the predicted record got other than the gold: ``category`` is
    ``missed`` (``gold`` points to it), ``spurious`` (``predicted`` points to it),
    ``incorrect`` or ``partial`` (both point, ``detail`` says what differs).

    ``text`` is the item as the record writes it: a mention's words, an event's title,
    a quote's words.
    """

    layer: str
    category: Category
    text: str
    gold: str | None = None
    predicted: str | None = None
    detail: str = ""

    def __str__(self) -> str:
        where = " ".join(
            part
            for part in (
                f"gold {self.gold}" if self.gold is not None else "",
                f"predicted {self.predicted}" if self.predicted is not None else "",
            )
            if part
        )
        detail = f": {self.detail}" if self.detail else ""
        return f"{self.category} {self.text!r} ({where}){detail}"

    def as_dict(self) -> dict[str, Any]:
        """The difference as JSON data."""
        return {
            "layer": self.layer,
            "category": self.category,
            "text": self.text,
            "gold": self.gold,
            "predicted": self.predicted,
            "detail": self.detail,
        }


def _ratio(part: float, whole: int) -> float:
    return part / whole if whole else 1.0


@dataclass(frozen=True)
class LayerScore:
    """One layer's counts in the five categories, the rates from them, and its
    differences (every item not ``correct``)."""

    name: str
    correct: int = 0
    incorrect: int = 0
    partial: int = 0
    missed: int = 0
    spurious: int = 0
    differences: tuple[Difference, ...] = field(default=(), repr=False)

    @property
    def possible(self) -> int:
        """How many gold items the layer counts."""
        return self.correct + self.incorrect + self.partial + self.missed

    @property
    def actual(self) -> int:
        """How many predicted items the layer counts."""
        return self.correct + self.incorrect + self.partial + self.spurious

    @property
    def tp(self) -> float:
        """True positives: the correct items, and half of each partial one."""
        return self.correct + self.partial / 2

    @property
    def fp(self) -> float:
        """False positives: predicted items not (wholly) right."""
        return self.actual - self.tp

    @property
    def fn(self) -> float:
        """False negatives: gold items not (wholly) found."""
        return self.possible - self.tp

    @property
    def precision(self) -> float:
        """``tp / actual``; 1 when the predicted record has nothing for this layer."""
        if not self.actual and self.possible:
            return 0.0
        return _ratio(self.tp, self.actual)

    @property
    def recall(self) -> float:
        """``tp / possible``; 1 when the gold record has nothing for this layer."""
        if not self.possible and self.actual:
            return 0.0
        return _ratio(self.tp, self.possible)

    @property
    def f1(self) -> float:
        """The harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def counts(self) -> dict[str, int]:
        """The five categories by name."""
        return {
            "correct": self.correct,
            "incorrect": self.incorrect,
            "partial": self.partial,
            "missed": self.missed,
            "spurious": self.spurious,
        }

    def as_dict(self) -> dict[str, Any]:
        """The layer as JSON data: the categories, tp, fp, fn and the three rates."""
        return {
            **self.counts(),
            "tp": _number(self.tp),
            "fp": _number(self.fp),
            "fn": _number(self.fn),
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


def _number(value: float) -> float | int:
    return int(value) if value == int(value) else value


@dataclass(frozen=True)
class Score:
    """An extractor's record scored against the gold record, layer by layer.

    ``score["events.classification"].f1`` reads one layer; ``layers`` holds them all in
    report order; ``missed``, ``spurious`` and ``incorrect`` list the differences of
    every layer; ``table()`` is the per-layer table the command line prints.
    """

    layers: Mapping[str, LayerScore]
    gold_id: str = ""
    predicted_id: str = ""
    options: Mapping[str, Any] = field(default_factory=dict)

    def __getitem__(self, layer: str) -> LayerScore:
        return self.layers[layer]

    def __iter__(self) -> Iterator[LayerScore]:
        return iter(self.layers.values())

    def _all(self, category: Category) -> tuple[Difference, ...]:
        return tuple(d for layer in self for d in layer.differences if d.category == category)

    @property
    def differences(self) -> tuple[Difference, ...]:
        """Every difference of every layer."""
        return tuple(d for layer in self for d in layer.differences)

    @property
    def missed(self) -> tuple[Difference, ...]:
        """Gold items the predicted record lacks, with their gold pointers."""
        return self._all("missed")

    @property
    def spurious(self) -> tuple[Difference, ...]:
        """Predicted items the gold record lacks, with their predicted pointers."""
        return self._all("spurious")

    @property
    def incorrect(self) -> tuple[Difference, ...]:
        """Items matched but wrong on what their layer judges."""
        return self._all("incorrect")

    @property
    def perfect(self) -> bool:
        """Whether every layer is all correct."""
        return all(not layer.differences for layer in self)

    def table(self) -> str:
        """The per-layer table: categories, precision, recall and F1, one line a layer."""
        from newsevents._score.report import table

        return table(self)

    def as_dict(self) -> dict[str, Any]:
        """The score as JSON data: the ids, the options, each layer, every difference."""
        return {
            "gold": self.gold_id,
            "predicted": self.predicted_id,
            "options": {
                key: list(value) if isinstance(value, tuple) else value
                for key, value in self.options.items()
            },
            "layers": {name: layer.as_dict() for name, layer in self.layers.items()},
            "differences": [d.as_dict() for d in self.differences],
        }


class Tally:
    """A layer being counted: each call adds one item to a category."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.counts = dict.fromkeys(("correct", "incorrect", "partial", "missed", "spurious"), 0)
        self.differences: list[Difference] = []

    def correct(self) -> None:
        """A gold item found and right."""
        self.counts["correct"] += 1

    def missed(self, text: str, gold: str) -> None:
        """A gold item not found."""
        self.counts["missed"] += 1
        self.differences.append(Difference(self.name, "missed", text, gold=gold))

    def spurious(self, text: str, predicted: str) -> None:
        """A predicted item the gold record lacks."""
        self.counts["spurious"] += 1
        self.differences.append(Difference(self.name, "spurious", text, predicted=predicted))

    def wrong(
        self, category: Literal["incorrect", "partial"], text: str, gold: str, predicted: str,
        detail: str,
    ) -> None:  # fmt: skip
        """A gold item found, but wrong on what the layer judges (or only in part)."""
        self.counts[category] += 1
        self.differences.append(Difference(self.name, category, text, gold, predicted, detail))

    def done(self) -> LayerScore:
        """The layer's score."""
        return LayerScore(self.name, **self.counts, differences=tuple(self.differences))
