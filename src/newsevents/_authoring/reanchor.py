"""Re-anchoring: after ``article.text`` was edited, move each span back onto its text.

A span whose text still stands at its offsets is never moved. The others are looked for
near where they were. Edits shift everything after them by the same amount, so the spans
are taken in the order of their old offsets, and a span's new place is the one whose shift
also puts the most of the spans after it back onto their texts; among equals, the place
nearest to where the span before it was shifted (for the first, nearest to its old place).
That keeps a short, common text ("China") from landing on a nearer copy of itself when a
whole paragraph moved. A span is never moved to where another span of its own evidence list
points: two equal entries in one list are never what an author meant, so the span is
reported instead.
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
    and ``new`` after; ``new`` is None when no place was found for it, and ``reason`` then
    says why (the span is left as it was).

    >>> str(SpanMove("/entities/0/evidence/1", "Minsk", (34, 39), (36, 41)))
    'moved /entities/0/evidence/1 from [34, 39) to [36, 41)'
    """

    pointer: str
    text: str
    old: tuple[int, int]
    new: tuple[int, int] | None
    reason: str = ""

    @property
    def moved(self) -> bool:
        """Whether the span was placed anew (False: no place was found for it)."""
        return self.new is not None

    def __str__(self) -> str:
        old = f"[{self.old[0]}, {self.old[1]})"
        if self.new is not None:
            return f"moved {self.pointer} from {old} to [{self.new[0]}, {self.new[1]})"
        return f"could not place {self.pointer}: {self.reason}; left unchanged"


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
    module's account of which place is taken), never where another span of the same list
    already points. A span with no such place is left as it was, with a
    :class:`SpanMove` whose ``new`` is None. Spans of every site of the model are
    re-anchored: entities, events, claims, quotes, topics, moments, the headline's. Spans
    of odd shapes (no text, offsets that are not integers) are left to the validator.

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
    entries = list(_entries(record))
    # Old places in text order; ties keep record order.
    order = sorted(range(len(entries)), key=lambda i: (*entries[i].old, i))
    placed = _Placer(text, [entries[i] for i in order], window).run()
    found = {order[k]: new for k, new in placed.items()}
    anchors = []
    for i, entry in enumerate(entries):
        if i not in found:
            continue
        new = found[i]
        reason = "" if new is not None else _reason(text, entry, window)
        move = SpanMove(json_pointer(entry.path), entry.text, entry.old, new, reason)
        anchors.append(Anchor(entry.span, entry.path, move))
    return anchors


@dataclass(frozen=True)
class _Entry:
    """A span that can be re-anchored: its offsets, its text, and the list it is in."""

    span: dict[str, Any]
    path: Path
    group: int  # the evidence list's position among all of them
    old: tuple[int, int]
    text: str


def _entries(record: Any) -> Iterator[_Entry]:
    """Every span that can be re-anchored, in record order."""
    for group, (spans, path) in enumerate(gather(record).evidence):
        for j, span in enumerate(spans):
            if type(span) is not dict:
                continue
            start, end, text = span.get("start"), span.get("end"), span.get("text")
            if type(start) is int and type(end) is int and type(text) is str and text:
                yield _Entry(span, (*path, j), group, (start, end), text)


def _reason(text: str, entry: _Entry, window: int) -> str:
    old = f"[{entry.old[0]}, {entry.old[1]})"
    low = max(0, entry.old[0] - window)
    if text.find(entry.text, low, entry.old[0] + window + len(entry.text)) >= 0:
        return (
            f"{brief(entry.text)} is written near {old} only where another span of "
            f"{json_pointer(entry.path[:-1])} already points"
        )
    return f"{brief(entry.text)} is not written within {window:,} code points of {old}"


class _Placer:
    """Finds new places for the entries, given in the order of their old offsets."""

    def __init__(self, text: str, entries: list[_Entry], window: int) -> None:
        self.text = text
        self.entries = entries
        self.window = window
        # Where each list's spans point: a span is never moved onto a sibling's place.
        self.taken: set[tuple[int, int, int]] = set()
        self.home = [self._fits(entry, 0) for entry in entries]
        for entry, home in zip(entries, self.home, strict=True):
            if home:
                self.taken.add((entry.group, *entry.old))

    def run(self) -> dict[int, tuple[int, int] | None]:
        """For each entry not on its text, its new offsets or None."""
        result: dict[int, tuple[int, int] | None] = {}
        shift = 0  # how far the span before was moved
        i, entries = 0, self.entries
        while i < len(entries):
            if self.home[i]:
                shift = 0
                i += 1
                continue
            run = i + 1  # the spans off their text from i on
            while run < len(entries) and not self.home[run]:
                run += 1
            best: tuple[int, int] | None = None  # (how many spans a shift places, the shift)
            entry = entries[i]
            for at in self._nearest(entry, entry.old[0] + shift):
                if (entry.group, at, at + len(entry.text)) in self.taken:
                    continue
                by = at - entry.old[0]
                count = 1
                while i + count < run and self._fits(entries[i + count], by):
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
                start = entries[k].old[0] + shift
                end = start + len(entries[k].text)
                result[k] = (start, end)
                self.taken.add((entries[k].group, start, end))
            i += count
        return result

    def _fits(self, entry: _Entry, by: int) -> bool:
        """Whether the entry's text stands at its offsets moved ``by``, within reach and
        not where a sibling points."""
        start, end = entry.old[0] + by, entry.old[1] + by
        if by and (abs(by) > self.window or (entry.group, start, end) in self.taken):
            return False
        quoted = entry.text
        return start >= 0 and end - start == len(quoted) and self.text.startswith(quoted, start)

    def _nearest(self, entry: _Entry, target: int) -> Iterator[int]:
        return _nearest(self.text, entry.text, entry.old[0], target, self.window)


def _nearest(text: str, quoted: str, old: int, target: int, window: int) -> Iterator[int]:
    """Where ``quoted`` begins within ``window`` of ``old``, nearest to ``target`` first,
    at most ``_CANDIDATES`` places."""
    low = max(0, old - window)
    high = min(len(text), old + window + len(quoted))
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
