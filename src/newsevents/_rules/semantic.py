"""Rules that JSON Schema cannot express, each with a stable name.

The rules read a record defensively: a record that also breaks the schema still gets every
semantic problem that can be found in it, and nothing here raises on odd shapes. One walk,
compiled from the table of sites (``sites``), gathers ids, references, spans, moments and
quantities; then each concern takes one pass over what it needs, because the rules run on
every validation and must stay a small part of its cost. The rules on moments live in
``dates``. ``check`` and the fast ``verdict`` run the same rules; only their walks differ.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from newsevents._errors import Problem, an, brief, json_pointer, suggest
from newsevents._rules.dates import check_intervals, check_moments, check_publication_order
from newsevents._rules.sites import (
    ENTITY_KINDS,
    SPEAKERS,
    Gathered,
    Path,
    dicts,
    gather,
    gather_fast,
)

__all__ = [
    "HINT_WINDOW",
    "RULES",
    "check",
    "check_attribution",
    "check_quantities",
    "check_quotes",
    "mismatch",
    "span_message",
    "verdict",
    "where_else",
]

#: Every semantic rule: stable name -> what it requires. Schema problems are named
#: ``schema.<keyword>`` and loader problems have names of their own.
RULES: dict[str, str] = {
    "duplicate-id": "ids are unique across entities, events, claims and quotes",
    "unresolved-reference": "every reference names an entity, event or quote of the record",
    "reference-kind": "every reference names something of a kind allowed where it is used",
    "span-out-of-range": "evidence spans lie inside article.text, with start before end",
    "span-text-mismatch": "an evidence span's text equals article.text[start:end]",
    "date-precision-mismatch": "a moment's value is exactly as precise as its precision says",
    "invalid-date": "a moment's value is a real calendar date and time, its zone a real offset",
    "bounds-exclude-value": "a quantity's lower and upper bounds enclose its value",
    "non-finite-number": "numbers are finite: NaN and infinities are never valid",
    "occurred-after-publication": "an event that occurred or is ongoing is not dated after "
    "the article's publication",
    "quote-text-mismatch": "a direct quote's text stands verbatim in one of its evidence spans",
    "attributed-quote-speaker": "a quote that carries an attributed claim is spoken by the "
    "entity the claim is attributed to",
    "interval-reversed": "an interval's start is not after its end",
}


def check(record: Any) -> list[Problem]:
    """Every semantic problem of ``record``, in record order within each rule."""
    if type(record) is not dict:
        return []
    return _problems(record, gather(record))


def verdict(record: Any) -> bool | None:
    """Whether ``check(record)`` finds nothing, for a record the schema accepts; None when
    the record holds a shape the fast gatherer does not read, and ``check`` must decide.

    The rules are the same as ``check``'s; only the walk differs: it keeps no paths and
    trusts the shapes the schema has already checked.

    >>> from newsevents import load_fixture
    >>> record = dict(load_fixture("china-belarus-2024-08-23"))
    >>> verdict(record)
    True
    >>> record["events"] = record["events"] + [record["events"][0]]
    >>> verdict(record)
    False
    >>> verdict({"article": "a text"}) is None
    True
    """
    if type(record) is not dict:
        return None
    try:
        return not _problems(record, gather_fast(record))
    except (LookupError, TypeError, AttributeError):
        return None


def _problems(record: dict[str, Any], found: Gathered) -> list[Problem]:
    problems: list[Problem] = []
    kinds = _ids(found, problems)
    _references(found, kinds, problems)
    _spans(record, found, problems)
    instants = check_moments(found.moments, problems)
    check_intervals(found.moments, instants, problems)
    check_quantities(found.quantities, problems)
    check_publication_order(record, instants, problems)
    check_quotes(record, problems)
    check_attribution(record, kinds, problems)
    return problems


# -- ids and references -------------------------------------------------------------------


def _ids(found: Gathered, problems: list[Problem]) -> dict[str, tuple[str, Any]]:
    """Map each id to what it names: (section noun, entity kind or None)."""
    kinds: dict[str, tuple[str, Any]] = {}
    first: dict[str, Path] = {}
    for ident, path, site, holder in found.ids:
        if type(ident) is not str:
            continue
        if ident in kinds:
            problems.append(
                Problem(
                    "duplicate-id",
                    f"id {ident!r} is already used at {json_pointer(first[ident])}; ids are "
                    "unique across entities, events, claims and quotes, so rename one of "
                    "them and update the references to it",
                    json_pointer(path),
                )
            )
            continue
        noun = site.targets[0]
        kind = holder.get("kind") if noun == "entity" else None
        # A kind that is not a string is the schema's business; it names no kind here.
        kinds[ident] = (noun, kind if type(kind) is str else None)
        first[ident] = path
    return kinds


def _references(
    found: Gathered, kinds: dict[str, tuple[str, Any]], problems: list[Problem]
) -> None:
    for value, path, site in found.references:
        if type(value) is not str:
            continue
        nouns, entity_kinds = site.targets, site.kinds
        target = kinds.get(value)
        if target is None:
            hint = suggest(value, _fitting(kinds, nouns, entity_kinds)) or suggest(
                value, list(kinds)
            )
            problems.append(
                Problem(
                    "unresolved-reference",
                    f"{value!r} is not the id of any {_describe(nouns, entity_kinds)} in this "
                    f"record; {hint + ' Otherwise a' if hint else 'a'}dd it, or correct the "
                    "reference",
                    json_pointer(path),
                )
            )
            continue
        noun, kind = target
        if noun in nouns and (
            noun != "entity" or not entity_kinds or kind in entity_kinds or kind not in ENTITY_KINDS
        ):
            continue
        what = an(f"{kind} entity" if noun == "entity" else noun)
        problems.append(
            Problem(
                "reference-kind",
                f"{value!r} names {what}, but this reference must name "
                f"{_describe(nouns, entity_kinds, articles=True)}",
                json_pointer(path),
            )
        )


def _fitting(
    kinds: dict[str, tuple[str, Any]], nouns: tuple[str, ...], entity_kinds: frozenset[str]
) -> list[str]:
    """The ids a reference could name: of the nouns and entity kinds it allows."""
    return [
        ident
        for ident, (noun, kind) in kinds.items()
        if noun in nouns and (noun != "entity" or not entity_kinds or kind in entity_kinds)
    ]


def _describe(
    nouns: tuple[str, ...], entity_kinds: frozenset[str], *, articles: bool = False
) -> str:
    words = []
    for noun in nouns:
        if noun == "entity" and entity_kinds:
            words.append("entity of kind " + "/".join(sorted(entity_kinds)))
        else:
            words.append(noun)
    return " or ".join(an(word) if articles else word for word in words)


# -- evidence spans -----------------------------------------------------------------------


def _spans(record: dict[str, Any], found: Gathered, problems: list[Problem]) -> None:
    article = record.get("article")
    text = article.get("text") if type(article) is dict else None
    if type(text) is not str:
        return
    size = len(text)
    for spans, path in found.evidence:
        try:  # the common case, every span right, kept as tight as it can be
            for span in spans:
                start, end = span["start"], span["end"]
                if text[start:end] != span["text"] or not 0 <= start < end <= size:
                    break
            else:
                continue
        except (TypeError, KeyError, AttributeError):
            pass  # an odd shape: the loop below says what, if anything, is wrong
        for j, span in enumerate(spans):
            # The hot loop of validation: plain lookups first, checks only on the odd shape.
            try:
                start, end, quoted = span["start"], span["end"], span.get("text")
            except (TypeError, KeyError, AttributeError):
                continue
            start, end = _offset(start), _offset(end)
            if start is None or end is None:
                continue
            # Lengths first: a short text claimed for a long span costs no copy of the span.
            if 0 <= start < end <= size and (
                quoted is None
                or (
                    type(quoted) is str
                    and len(quoted) == end - start
                    and text.startswith(quoted, start)
                )
            ):
                continue
            where = json_pointer((*path, j))
            if not 0 <= start < end <= size:
                problems.append(
                    Problem(
                        "span-out-of-range",
                        f"span [{start}, {end}) does not lie inside article.text, which has "
                        f"{size} code points; start must be less than end, and end at most "
                        f"{size}",
                        where,
                    )
                )
                continue
            if type(quoted) is str:
                problems.append(
                    Problem(
                        "span-text-mismatch",
                        span_message(text, quoted, start, end),
                        f"{where}/text",
                    )
                )


#: ``brief`` shows at most 60 characters of a text: longer ones are shown around where
#: they differ, so that two texts never look the same in a message.
_SHOWN = 60
#: Code points shown before and after the first that differs.
_BEFORE, _AFTER = 12, 24


def span_message(text: str, quoted: str, start: int, end: int) -> str:
    """The message of a span whose text is not its slice: what differs, and where its
    text is. A span of the right length whose text is found nearby was only moved: where
    it is says all."""
    hint = where_else(text, quoted, start)
    moved = end - start == len(quoted) and hint.startswith("; that text is found at")
    return mismatch(text, quoted, start, end, detail=not moved) + hint


def mismatch(text: str, quoted: str, start: int, end: int, *, detail: bool = True) -> str:
    """What differs between a span's text and the slice its offsets give.

    >>> print(mismatch("in Minsk, Belarus", "Minsk,", 3, 8))  # doctest: +NORMALIZE_WHITESPACE
    span text 'Minsk,' differs from article.text[3:8] = 'Minsk': the span ends 1 code point
    before its text does, which goes on with ','
    >>> print(mismatch("in Minsk, Belarus", "Minsk", 3, 9))  # doctest: +NORMALIZE_WHITESPACE
    span text 'Minsk' differs from article.text[3:9] = 'Minsk,': the span's text stops 1
    code point early; the slice goes on with ','
    """
    # No more of the text than the comparison needs: a span may claim a megabyte.
    # One code point more than is shown, so that '…' says where the slice goes on.
    shown = text[start : min(end, start + len(quoted) + _AFTER + 1)]
    pairs = enumerate(zip(quoted, shown, strict=False))
    same = next((i for i, (a, b) in pairs if a != b), min(len(quoted), len(shown)))
    size = end - start
    piece = text[start:end] if size <= _SHOWN else None
    whole = piece is not None and _whole(quoted) and _whole(piece)
    if piece is not None and whole:
        head = f"span text {brief(quoted)} differs from article.text[{start}:{end}] = "
        head += brief(piece)
    else:  # cut short, the two would look alike: only where they differ is shown
        head = f"span text of {_points(len(quoted))} differs from article.text[{start}:{end}]"
    if not detail:
        return head
    if same == size < len(quoted):
        return (
            f"{head}: the span ends {_points(len(quoted) - size)} before its text does, which "
            f"goes on with {_around(quoted, same, 0)}"
        )
    if same == len(quoted) < size:
        return (
            f"{head}: the span's text stops {_points(size - len(quoted))} early; the slice "
            f"goes on with {_around(shown, same, 0)}"
        )
    if whole:
        return f"{head}: they differ from code point {same} of the span on"
    return (
        f"{head}: they differ from code point {same} of the span on, where the text has "
        f"{_around(quoted, same)} and the slice {_around(shown, same)}"
    )


def _whole(text: str) -> bool:
    """Whether ``brief`` shows the text whole."""
    return len(text) <= _SHOWN and brief(text) == repr(text)


def _points(count: int) -> str:
    return f"{count:,} code point{'s' if count != 1 else ''}"


def _around(text: str, at: int, before: int = _BEFORE) -> str:
    """``text`` from a little before ``at`` to a little after, quoted, '…' where cut."""
    low = max(0, at - before)
    piece = text[low : at + _AFTER]
    return repr(("…" if before and low else "") + piece + ("…" if at + _AFTER < len(text) else ""))


#: How far from a mismatched span its text is looked for, in code points either way. Spans
#: are most often off by a few characters; searching the whole text for each of thousands
#: of bad spans in a long article would take minutes.
HINT_WINDOW = 10_000


def where_else(text: str, quoted: str, start: int, window: int = HINT_WINDOW) -> str:
    """The hint of a mismatched span: where its text is written nearest to ``start``,
    looking no farther than ``window`` code points either way."""
    copy = "copy the slice verbatim, counting code points, not bytes"
    if not quoted:
        return f"; {copy}"
    low, high = max(0, start - window), min(len(text), start + len(quoted) + window)
    after = text.find(quoted, start, high)
    before = text.rfind(quoted, low, start - 1 + len(quoted))
    found = min(
        (at for at in (before, after) if at >= 0), key=lambda at: abs(at - start), default=-1
    )
    if found >= 0:
        return f"; that text is found at [{found}, {found + len(quoted)})"
    if low == 0 and high == len(text):
        return f"; {copy}"
    return f"; that text is not within {window:,} code points of the span; {copy}"


def _offset(value: Any) -> int | None:
    """A span offset as an int: JSON Schema counts 12.0 as the integer 12; a bool is none."""
    if type(value) is int:
        return value
    if type(value) is float and value.is_integer():
        return int(value)
    return None


# -- quantities ---------------------------------------------------------------------------


def check_quantities(
    quantities: Iterable[tuple[dict[str, Any], Path]], problems: list[Problem]
) -> None:
    """Quantities' numbers are finite, and their bounds enclose their values."""
    for quantity, path in quantities:
        numbers = {}
        for key in ("value", "lower", "upper"):
            number = quantity.get(key)
            if isinstance(number, float) and not math.isfinite(number):
                problems.append(
                    Problem(
                        "non-finite-number",
                        f"{key} is {number!r}; NaN and infinities are not valid numbers in "
                        "records, write the number the source gives",
                        json_pointer((*path, key)),
                    )
                )
            elif isinstance(number, (int, float)) and not isinstance(number, bool):
                numbers[key] = number
        lower, upper, number = numbers.get("lower"), numbers.get("upper"), numbers.get("value")
        if lower is not None and upper is not None and lower > upper:
            problems.append(
                Problem(
                    "bounds-exclude-value",
                    f"lower bound {lower} is above upper bound {upper}; swap or correct them",
                    json_pointer((*path, "lower")),
                )
            )
        elif number is not None and lower is not None and number < lower:
            problems.append(
                Problem(
                    "bounds-exclude-value",
                    f"value {number} is below its lower bound {lower}; correct the value "
                    "or the bound",
                    json_pointer((*path, "value")),
                )
            )
        elif number is not None and upper is not None and number > upper:
            problems.append(
                Problem(
                    "bounds-exclude-value",
                    f"value {number} is above its upper bound {upper}; correct the value "
                    "or the bound",
                    json_pointer((*path, "value")),
                )
            )


# -- quotes -------------------------------------------------------------------------------


def check_quotes(record: dict[str, Any], problems: list[Problem]) -> None:
    """A direct quote's text stands verbatim in one of its evidence spans."""
    for i, quote in enumerate(dicts(record, "quotes")):
        if type(quote) is not dict:
            continue
        text, spans = quote.get("text"), quote.get("evidence")
        if quote.get("mode") != "direct" or not isinstance(text, str) or not text:
            continue
        if not isinstance(spans, list):
            continue
        quoted = [s.get("text") for s in spans if isinstance(s, dict)]
        if not any(isinstance(q, str) and text in q for q in quoted):
            problems.append(
                Problem(
                    "quote-text-mismatch",
                    f"direct quote {brief(text)} is not found verbatim in any of its "
                    "evidence spans; quote the speaker's words exactly, or make it indirect",
                    f"/quotes/{i}/text",
                )
            )


def check_attribution(
    record: dict[str, Any], kinds: dict[str, tuple[str, Any]], problems: list[Problem]
) -> None:
    """The quotes that carry an attributed claim are spoken by the attributed entity."""
    speakers = {
        quote.get("id"): quote.get("speaker")
        for quote in dicts(record, "quotes")
        # An id of another type is a schema problem; as a key it could not even be hashed.
        if type(quote) is dict and type(quote.get("id")) is str
    }

    def speaks(value: Any) -> bool:
        # Only a reference that resolves to a speaker: any other is reported as such.
        noun, kind = kinds.get(value, ("", None)) if type(value) is str else ("", None)
        return noun == "entity" and (kind in SPEAKERS or kind not in ENTITY_KINDS)

    for i, claim in enumerate(dicts(record, "claims")):
        attribution = claim.get("attribution") if type(claim) is dict else None
        if type(attribution) is not dict or not speaks(attribution.get("entity")):
            continue
        entity = attribution["entity"]
        for j, quote in enumerate(dicts(attribution, "quotes")):
            if type(quote) is not str or kinds.get(quote, ("",))[0] != "quote":
                continue
            speaker = speakers.get(quote)
            if speaks(speaker) and speaker != entity:
                problems.append(
                    Problem(
                        "attributed-quote-speaker",
                        f"quote {quote!r} is spoken by {speaker!r}, but the claim is "
                        f"attributed to {entity!r}; attribute the claim to {speaker!r}, or "
                        "name only quotes of the attributed entity",
                        f"/claims/{i}/attribution/quotes/{j}",
                    )
                )
