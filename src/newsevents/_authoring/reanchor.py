"""Re-anchoring: after ``article.text`` was edited, move each span back onto its text.

A span whose text still stands at its offsets is never moved. The others are looked for
near where they were. Edits shift everything after them by the same amount, so the spans
are taken in the order of their old offsets, and a span's new place is the one whose shift
also puts the most of the spans after it back onto their texts; among equals, the place
nearest to where the span before it was shifted (for the first, nearest to its old place).
That keeps a short, common text ("China") from landing on a nearer copy of itself when a
whole paragraph moved.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from newsevents._errors import brief, json_pointer
from newsevents._rules.sites import Path, gather

__all__ = ["WINDOW", "Anchor", "SpanMove", "plan", "reanchor"]

#: How far a span is looked for, in code points either way from its old place, by default:
#: far enough for any edit short of rewriting the article, near enough that thousands of
#: spans over a long text cost little.
WINDOW = 10_000
#: How many places of one text are weighed, nearest first, before the best so far is taken.
_CANDIDATES = 1_000


@dataclass(frozen=True)
class SpanMove:
    """What re-anchoring did to one evidence span.

    ``pointer`` is the span's JSON Pointer, ``text`` its text, ``old`` its offsets before
    and ``new`` after, or None when its text was not found near its old place (the span
    is then left as it was).

    >>> str(SpanMove("/entities/0/evidence/1", "Minsk", (34, 39), (36, 41)))
    'moved /entities/0/evidence/1 from [34, 39) to [36, 41)'
    """

    pointer: str
    text: str
    old: tuple[int, int]
    new: tuple[int, int] | None
    window: int = WINDOW

    @property
    def moved(self) -> bool:
        """Whether the span was placed anew (False: its text was not found)."""
        return self.new is not None

    def __str__(self) -> str:
        old = f"[{self.old[0]}, {self.old[1]})"
        if self.new is not None:
            return f"moved {self.pointer} from {old} to [{self.new[0]}, {self.new[1]})"
        return (
            f"could not place {self.pointer}: {brief(self.text)} is not written within "
            f"{self.window:,} code points of {old}; left unchanged"
        )


@dataclass(frozen=True)
class Anchor:
    """A span that needs a new place: the span itself, where it is, and the move."""

    span: dict[str, Any]
    path: Path
    move: SpanMove


def reanchor(record: Any, *, window: int = WINDOW) -> list[SpanMove]:
    """Move every evidence span whose text no longer stands at its offsets back onto that
    text, in ``record`` itself, and say what was done, span by span, in record order.

    For records whose ``article.text`` was edited after the spans were written: each
    span's text is looked for within ``window`` code points of its old place (see the
    module's account of which place is taken). A span whose text is not found is left as
    it was, with a :class:`SpanMove` whose ``new`` is None. Spans of every site of the
    model are re-anchored: entities, events, claims, quotes, topics, moments, the
    headline's. Spans of odd shapes (no text, offsets that are not integers) are left to
    the validator.

    >>> record = {"article": {"text": "Li Qiang met Roman Golovchenko in Minsk."},
    ...           "topics": [{"evidence": [{"start": 30, "end": 35, "text": "Minsk"}]}]}
    >>> [str(move) for move in reanchor(record)]
    ['moved /topics/0/evidence/0 from [30, 35) to [34, 39)']
    >>> record["topics"][0]["evidence"][0]
    {'start': 34, 'end': 39, 'text': 'Minsk'}
    >>> reanchor(record)
    []
    """
    anchors = plan(record, window=window)
    for anchor in anchors:
        if anchor.move.new is not None:
            anchor.span["start"], anchor.span["end"] = anchor.move.new
    return [anchor.move for anchor in anchors]


def plan(record: Any, *, window: int = WINDOW) -> list[Anchor]:
    """The spans of ``record`` that are not on their text, each with its move; nothing
    is changed."""
    if isinstance(window, bool) or not isinstance(window, int) or window < 0:
        raise ValueError(f"window={window!r}: give a number of code points, 0 or more")
    article = record.get("article") if type(record) is dict else None
    text = article.get("text") if type(article) is dict else None
    if type(text) is not str:
        return []
    spans = list(_spans(record))
    # Old places in text order; ties keep record order.
    order = sorted(range(len(spans)), key=lambda i: (spans[i][0]["start"], spans[i][0]["end"], i))
    placed = _placements(text, [spans[i][0] for i in order], window)
    found = {order[k]: new for k, new in placed.items()}
    anchors = []
    for i, (span, path) in enumerate(spans):
        if i not in found:
            continue
        old = (span["start"], span["end"])
        move = SpanMove(json_pointer(path), span["text"], old, found[i], window)
        anchors.append(Anchor(span, path, move))
    return anchors


def _spans(record: Any) -> Iterator[tuple[dict[str, Any], Path]]:
    """Every span that can be re-anchored, with its path, in record order."""
    for spans, path in gather(record).evidence:
        for j, span in enumerate(spans):
            if type(span) is not dict:
                continue
            start, end, text = span.get("start"), span.get("end"), span.get("text")
            if type(start) is int and type(end) is int and type(text) is str and text:
                yield span, (*path, j)


def _placements(
    text: str, spans: list[dict[str, Any]], window: int
) -> dict[int, tuple[int, int] | None]:
    """For each span (in old-offset order) not on its text, its new offsets or None."""
    result: dict[int, tuple[int, int] | None] = {}
    shift = 0  # how far the span before was moved
    i = 0
    while i < len(spans):
        if _fits(text, spans[i], 0):
            shift = 0
            i += 1
            continue
        run = i + 1  # the spans off their text from i on
        while run < len(spans) and not _fits(text, spans[run], 0):
            run += 1
        best: tuple[int, int] | None = None  # (how many spans it places, shift)
        span = spans[i]
        for at in _nearest(text, span, span["start"] + shift, window):
            by = at - span["start"]
            count = 1
            while i + count < run and _fits(text, spans[i + count], by, window):
                count += 1
            if best is None or count > best[0]:
                best = (count, by)
            if count == run - i:  # nothing further can place more of them
                break
        if best is None:
            result[i] = None
            i += 1
            continue
        count, shift = best
        for k in range(i, i + count):
            # By its text's length: the first may have been a code point short or long.
            start = spans[k]["start"] + shift
            result[k] = (start, start + len(spans[k]["text"]))
        i += count
    return result


def _fits(text: str, span: dict[str, Any], by: int, window: int = 0) -> bool:
    """Whether the span's text stands at its offsets moved ``by``, and within reach."""
    start, end, quoted = span["start"] + by, span["end"] + by, span["text"]
    if by and abs(by) > window:
        return False
    return start >= 0 and end - start == len(quoted) and text.startswith(quoted, start)


def _nearest(text: str, span: dict[str, Any], target: int, window: int) -> Iterator[int]:
    """Where the span's text begins within ``window`` of its old start, nearest to
    ``target`` first, at most ``_CANDIDATES`` places."""
    quoted = span["text"]
    low = max(0, span["start"] - window)
    high = min(len(text), span["start"] + window + len(quoted))
    target = min(max(target, low), high)
    forward = text.find(quoted, target, high)
    backward = text.rfind(quoted, low, min(high, target - 1 + len(quoted)))
    for _ in range(_CANDIDATES):
        if forward < 0 and backward < 0:
            return
        if backward < 0 or (forward >= 0 and forward - target <= target - backward):
            yield forward
            forward = text.find(quoted, forward + 1, high)
        else:
            yield backward
            backward = text.rfind(quoted, low, backward - 1 + len(quoted))
