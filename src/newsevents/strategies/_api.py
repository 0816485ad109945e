"""The public strategies: options checked at once, records built by ``_records``."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar, cast

from hypothesis import reject
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from newsevents.strategies import _parts
from newsevents.strategies._invalid import BREAKS, Expected, NotHere, plant
from newsevents.strategies._records import Sizes, build_record
from newsevents.strategies._tape import Tape
from newsevents.strategies._variants import variant_of
from newsevents.types import Moment, NewsEventRecord, Quantity, Span

T = TypeVar("T")

__all__ = [
    "RULES_BROKEN",
    "Expected",
    "article_texts",
    "fixture_variants",
    "invalid_records",
    "moments",
    "quantities",
    "records",
    "spans",
]


def _bounds(name: str, low: int, high: int, floor: int = 0) -> tuple[int, int]:
    for which, value in ((f"min_{name}", low), (f"max_{name}", high)):
        if not isinstance(value, int) or isinstance(value, bool) or value < floor:
            raise InvalidArgument(f"{which}={value!r}, but it must be a whole number >= {floor}")
    if low > high:
        raise InvalidArgument(f"min_{name}={low!r} and max_{name}={high!r}, but min > max")
    return (low, high)


def records(
    *,
    min_entities: int = 1,
    max_entities: int = 8,
    min_events: int = 0,
    max_events: int = 5,
    min_claims: int = 0,
    max_claims: int = 8,
    min_quotes: int = 0,
    max_quotes: int = 3,
    min_text_length: int = 1,
    max_text_length: int = 600,
    text: str | None = None,
    entities: Sequence[dict[str, Any]] | None = None,
    language: str | None = None,
) -> st.SearchStrategy[NewsEventRecord]:
    """Records that pass the schema and every semantic rule, built, never filtered.

    The article text is drawn first (words and the hazards real text carries: no-break
    spaces, bullets, curly quotes, combining marks, right-to-left words, characters beyond
    the Basic Multilingual Plane, CRLF), then spans into it, then entities, events, quotes
    and claims whose every reference names something of a kind allowed there. Sizes bound
    each list; ``text`` pins the article text, ``entities`` pins the entities (their
    spans must lie in ``text``), ``language`` the BCP 47 tag.

    >>> from hypothesis import given
    >>> import newsevents
    >>> @given(records(max_claims=2, text="Minsk, August 22."))
    ... def test(record):
    ...     assert newsevents.is_valid(record)
    >>> test()
    """
    sizes = Sizes(
        entities=_bounds("entities", min_entities, max_entities),
        events=_bounds("events", min_events, max_events),
        claims=_bounds("claims", min_claims, max_claims),
        quotes=_bounds("quotes", min_quotes, max_quotes),
        text=_bounds("text_length", min_text_length, max_text_length, floor=1),
    )
    if min_quotes and not max_entities and entities is None:
        raise InvalidArgument(f"{min_quotes=}, but with {max_entities=} there is no speaker")
    if min_claims and not max_entities and not max_events and entities is None:
        raise InvalidArgument(f"{min_claims=}, but a claim needs an entity or event to be about")
    if text is not None and (not isinstance(text, str) or not text.strip()):
        raise InvalidArgument(f"text={text!r}, but it must be a string with a visible character")
    pinned = None if entities is None else _pinned_entities(entities, text)
    if language is not None:
        import newsevents

        probe: Any = {"language": language}
        if not isinstance(language, str) or not _valid_language(newsevents, probe):
            raise InvalidArgument(f"language={language!r}, but it must be a BCP 47 tag")
    return cast("st.SearchStrategy[NewsEventRecord]", build_record(sizes, text, pinned, language))


def _valid_language(newsevents: Any, probe: dict[str, Any]) -> bool:
    from newsevents._schema.formats import pattern_check
    from newsevents.strategies._vocab import _node

    pattern: str = _node("common.schema.json", "/$defs/language/pattern")
    return bool(pattern_check(pattern)(probe["language"]))


def _pinned_entities(entities: Iterable[dict[str, Any]], text: str | None) -> list[dict[str, Any]]:
    listed = [copy.deepcopy(dict(entity)) for entity in entities]
    if text is None:
        raise InvalidArgument("entities=[...] needs text=...: their spans point into it")
    ids = [entity.get("id") for entity in listed]
    if len(set(ids)) != len(ids):
        raise InvalidArgument(f"entities={ids!r}, but their ids must be unique")
    for entity in listed:
        for span in entity.get("evidence", ()):
            start, end = span.get("start"), span.get("end")
            if not (isinstance(start, int) and isinstance(end, int)) or (
                text[start:end] != span.get("text") or not 0 <= start < end <= len(text)
            ):
                raise InvalidArgument(
                    f"entities: the span {span!r} of {entity.get('id')!r} is not a slice of text"
                )
    return listed


def invalid_records(
    *, rules: Iterable[str] | None = None
) -> st.SearchStrategy[tuple[dict[str, Any], Expected]]:
    """Pairs ``(record, expected)``: a record broken in exactly one way, and the problem
    the validator reports for it (``expected.rule``, ``expected.pointer``) with what was
    changed (``changed``, ``original``, ``new``). Every pair is checked against the
    validator before it is returned. ``rules`` limits the rules broken (default: all of
    ``RULES_BROKEN``).

    >>> from hypothesis import given
    >>> import newsevents
    >>> @given(invalid_records(rules=["span-text-mismatch"]))
    ... def test(pair):
    ...     record, expected = pair
    ...     assert [p.identity for p in newsevents.iter_problems(record)] == [expected.identity]
    >>> test()
    """
    names = tuple(BREAKS) if rules is None else tuple(rules)
    if isinstance(rules, str):
        raise InvalidArgument(f"rules={rules!r}, but it must be a list of rule names")
    unknown = [name for name in names if name not in BREAKS]
    if unknown or not names:
        raise InvalidArgument(
            f"rules={list(names)!r}, but {unknown or 'none'} can be broken here; "
            f"the rules are {sorted(BREAKS)}"
        )

    @st.composite
    def broken(draw: st.DrawFn) -> tuple[dict[str, Any], Expected]:
        rule = draw(st.sampled_from(names), label="rule")
        record: dict[str, Any] = dict(
            draw(records(min_entities=2, min_events=1, min_claims=1, min_quotes=1))
        )
        try:
            return record, plant(lambda choices: draw(st.sampled_from(choices)), record, rule)
        except NotHere:
            reject()

    return broken()


#: The rules :func:`invalid_records` can break.
RULES_BROKEN = tuple(BREAKS)


def fixture_variants(*, names: Sequence[str] | None = None) -> st.SearchStrategy[NewsEventRecord]:
    """Valid records derived from the bundled fixtures: ids renamed, lists reordered,
    optional parts dropped; for tests that want realistic text.

    >>> from hypothesis import given
    >>> import newsevents
    >>> @given(fixture_variants())
    ... def test(record):
    ...     assert newsevents.is_valid(record)
    >>> test()
    """
    import newsevents

    available = newsevents.fixture_names()
    chosen = list(available if names is None else names)
    missing = [name for name in chosen if name not in available]
    if missing or not chosen:
        raise InvalidArgument(f"names={chosen!r}, but the bundled fixtures are {available}")
    fixtures = [newsevents.load_fixture(name) for name in chosen]
    return cast("st.SearchStrategy[NewsEventRecord]", st.sampled_from(fixtures).flatmap(variant_of))


def _built(size: int, build: Callable[[Tape], T]) -> st.SearchStrategy[T]:
    return st.binary(min_size=size, max_size=size).map(lambda data: build(Tape(data)))


def article_texts(*, min_size: int = 1, max_size: int = 2000) -> st.SearchStrategy[str]:
    """Article texts with the hazards of real ones (see :func:`records`)."""
    _bounds("size", min_size, max_size, floor=1)
    return _built(16 + max_size, lambda tape: _parts.article_text(tape, min_size, max_size))


def spans(text: str) -> st.SearchStrategy[Span]:
    """Evidence spans over ``text``: offsets in code points, end exclusive, and the slice."""
    if not isinstance(text, str) or not text:
        raise InvalidArgument(f"text={text!r}, but it must be a non-empty string")
    return cast("st.SearchStrategy[Span]", _built(16, lambda tape: _parts.span(tape, text)))


def moments() -> st.SearchStrategy[Moment]:
    """Moments of every precision: real calendar dates, zones only on clock times."""
    return cast("st.SearchStrategy[Moment]", _built(24, _parts.moment))


def quantities() -> st.SearchStrategy[Quantity]:
    """Quantities with every qualifier or none, every kind of unit, bounds that hold."""
    return cast("st.SearchStrategy[Quantity]", _built(24, _parts.quantity))
