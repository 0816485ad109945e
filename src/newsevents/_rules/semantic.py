"""Rules that JSON Schema cannot express, each with a stable name.

The rules read a record defensively: a record that also breaks the schema still gets every
semantic problem that can be found in it, and nothing here raises on odd shapes. One walk
(``_collect``) gathers ids, references, spans, moments and quantities; then each concern
takes one pass over what it needs, because the rules run on every validation and must stay
a small part of its cost. The rules on moments live in ``_dates``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from newsevents._collect import ENTITY_KINDS, Collected, Path, dicts
from newsevents._rules.dates import check_moments, check_publication_order
from newsevents._errors import Problem, brief, json_pointer

__all__ = ["RULES", "check", "check_quantities", "check_quotes"]

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
}


def check(record: Any) -> list[Problem]:
    """Every semantic problem of ``record``, in record order within each rule."""
    if type(record) is not dict:
        return []
    problems: list[Problem] = []
    found = Collected(record)
    kinds = _ids(found, problems)
    _references(found, kinds, problems)
    _spans(record, found, problems)
    instants = check_moments(found.moments, problems)
    check_quantities(found.quantities, problems)
    check_publication_order(record, instants, problems)
    check_quotes(record, problems)
    return problems


# -- ids and references -------------------------------------------------------------------


def _ids(found: Collected, problems: list[Problem]) -> dict[str, tuple[str, Any]]:
    """Map each id to what it names: (section noun, entity kind or None)."""
    kinds: dict[str, tuple[str, Any]] = {}
    first: dict[str, Path] = {}
    for ident, path, noun, kind in found.ids:
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
        kinds[ident] = (noun, kind)
        first[ident] = path
    return kinds


def _references(
    found: Collected, kinds: dict[str, tuple[str, Any]], problems: list[Problem]
) -> None:
    for value, path, nouns, entity_kinds in found.references:
        if type(value) is not str:
            continue
        target = kinds.get(value)
        if target is None:
            problems.append(
                Problem(
                    "unresolved-reference",
                    f"{value!r} is not the id of any {_describe(nouns, entity_kinds)} in this "
                    "record; add it, or correct the reference",
                    json_pointer(path),
                )
            )
            continue
        noun, kind = target
        if noun in nouns and (
            noun != "entity" or not entity_kinds or kind in entity_kinds or kind not in ENTITY_KINDS
        ):
            continue
        what = f"a {kind} entity" if noun == "entity" else f"a {noun}"
        problems.append(
            Problem(
                "reference-kind",
                f"{value!r} names {what}, but this reference must name "
                f"{_describe(nouns, entity_kinds)}",
                json_pointer(path),
            )
        )


def _describe(nouns: tuple[str, ...], entity_kinds: frozenset[str]) -> str:
    words = []
    for noun in nouns:
        if noun == "entity" and entity_kinds:
            words.append("entity of kind " + "/".join(sorted(entity_kinds)))
        else:
            words.append(noun)
    return " or ".join(words)


# -- evidence spans -----------------------------------------------------------------------


def _spans(record: dict[str, Any], found: Collected, problems: list[Problem]) -> None:
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
            if 0 <= start < end <= size and (quoted is None or text[start:end] == quoted):
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
                found_at = text.find(quoted) if quoted else -1
                hint = (
                    f"; that text is found at [{found_at}, {found_at + len(quoted)})"
                    if found_at >= 0
                    else "; copy the slice verbatim, counting code points, not bytes"
                )
                problems.append(
                    Problem(
                        "span-text-mismatch",
                        f"span text {brief(quoted)} differs from article.text[{start}:{end}] "
                        f"= {brief(text[start:end])}{hint}",
                        f"{where}/text",
                    )
                )


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
