"""The Validator: the two engines and the semantic rules, with rules selected, ignored or added.

The module functions (``newsevents.is_valid`` ...) use one default instance. A configured
one keeps every promise of the default: ``is_valid(x)`` is True exactly when
``iter_problems(x)`` yields nothing, and every problem names its rule.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any, overload

from newsevents._errors import InvalidRecord, Problem, UnknownRule
from newsevents._read.document import Document
from newsevents._report import RecordReport

if TYPE_CHECKING:
    from newsevents.types import NewsEventRecord

    if sys.version_info >= (3, 13):
        from typing import TypeIs
    else:
        from typing_extensions import TypeIs

__all__ = ["ExtraRule", "Validator"]

#: An extra rule's check: given a record the schema accepts, yield ``(pointer, message)``
#: pairs or :class:`Problem` objects; each problem is given the rule's name.
ExtraRule = Callable[[dict[str, Any]], Iterable["Problem | tuple[str, str]"]]


def _matches(rule: str, names: frozenset[str]) -> bool:
    """Whether a rule is named, itself or by its family (``schema`` for ``schema.enum``)."""
    return rule in names or rule.split(".", 1)[0] in names


class Validator:
    """Checks records against the schema and the semantic rules.

    ``select`` keeps only the rules named (``None``: all of them), ``ignore`` drops the
    rules named; a name is a rule (``span-text-mismatch``, ``schema.enum``) or the family
    ``schema``. ``extra_rules`` maps a name of your own to a check that yields problems for
    records the schema accepts. Unknown names raise :class:`UnknownRule` at once.

    >>> from newsevents import load_fixture
    >>> record = load_fixture("china-belarus-2024-08-23")
    >>> record["claims"][0]["evidence"][0]["text"] = "a typo"
    >>> Validator().is_valid(record)
    False
    >>> Validator(ignore=["span-text-mismatch"]).is_valid(record)
    True
    >>> def headline_short(record):
    ...     if len(record["article"]["headline"]) > 60:
    ...         yield "/article/headline", "keep headlines to 60 characters"
    >>> strict = Validator(extra_rules={"headline-length": headline_short})
    >>> [p.rule for p in strict.iter_problems(load_fixture("china-belarus-2024-08-23"))]
    ['headline-length']
    """

    def __init__(
        self,
        *,
        select: Iterable[str] | None = None,
        ignore: Iterable[str] = (),
        extra_rules: Mapping[str, ExtraRule] | None = None,
    ) -> None:
        from newsevents._rules.catalogue import RULES

        extra = dict(extra_rules or {})
        for name, check in extra.items():
            if not isinstance(name, str) or not name or name in RULES:
                raise UnknownRule(name, "an extra rule needs a name of its own", sorted(RULES))
            if not callable(check):
                raise TypeError(f"extra_rules[{name!r}] = {check!r}, but it must be callable")
        known = {*RULES, *extra, "schema"}
        for argument, names in (("select", select or ()), ("ignore", ignore)):
            if isinstance(names, str):
                raise TypeError(f"{argument}={names!r}, but it must be a list of rule names")
            for name in names:
                if name not in known:
                    raise UnknownRule(name, f"{argument} names no rule", sorted(known))
        self._select = None if select is None else frozenset(select)
        self._ignore = frozenset(ignore)
        self._extra = extra
        self._default = self._select is None and not self._ignore and not extra

    def __repr__(self) -> str:
        parts = []
        if self._select is not None:
            parts.append(f"select={sorted(self._select)!r}")
        if self._ignore:
            parts.append(f"ignore={sorted(self._ignore)!r}")
        if self._extra:
            parts.append(f"extra_rules={sorted(self._extra)!r}")
        return f"Validator({', '.join(parts)})"

    def _kept(self, rule: str) -> bool:
        if self._select is not None and not _matches(rule, self._select):
            return False
        return not _matches(rule, self._ignore)

    def iter_problems(self, item: object) -> Iterator[Problem]:
        """Yield every problem of a record or :class:`Document`. A record's come schema
        problems first, then semantic ones, then those of the extra rules; a Document's
        carry its file, line and column, and come in the order they stand in the file."""
        from newsevents._rules.verdict import in_file_order, problems_of

        found = problems_of(item)
        schema_valid = not any(p.rule.startswith("schema.") for p in found)
        kept = [p for p in found if self._default or self._kept(p.rule)]
        if not (self._extra and schema_valid):
            yield from kept
        elif isinstance(item, Document):
            yield from sorted([*kept, *self._extra_problems(item)], key=in_file_order)
        else:
            yield from kept
            yield from self._extra_problems(item)

    def _extra_problems(self, item: object) -> Iterator[Problem]:
        document = item if isinstance(item, Document) else None
        record: Any = document.record if document is not None else item
        for name, check in self._extra.items():
            if not self._kept(name):
                continue
            for found in check(record):
                if isinstance(found, Problem):
                    problem = replace(found, rule=name)
                else:
                    pointer, message = found
                    problem = Problem(name, message, pointer)
                if document is not None:
                    line, column = document.locate(problem.pointer)
                    problem = problem.located(
                        file=document.file, line=line, column=column, index=document.index
                    )
                yield problem

    @overload
    def is_valid(self, item: Document) -> bool: ...
    @overload
    def is_valid(self, item: object) -> TypeIs[NewsEventRecord]: ...
    def is_valid(self, item: object) -> bool:
        """True when the record breaks none of the rules this validator applies.

        The default validator takes the fast path: jsonschema-rs, then the rules' fast
        verdict. For a type checker, True narrows plain data to ``NewsEventRecord``.
        """
        if self._default:
            from newsevents._rules.verdict import is_valid

            return is_valid(item)
        return next(self.iter_problems(item), None) is None

    def validate(self, item: object) -> NewsEventRecord:
        """Return the record, typed, when it is valid; else raise :class:`InvalidRecord`
        carrying every problem. A :class:`Document` gives its record."""
        if self.is_valid(item):
            record: NewsEventRecord = item.record if isinstance(item, Document) else item
            return record
        raise InvalidRecord(tuple(self.iter_problems(item)))

    def validate_stream(
        self, items: Iterable[object], *, unique_ids: bool = False
    ) -> Iterator[RecordReport]:
        """Check records one by one as they come, yielding a :class:`RecordReport` for each.

        Nothing is held beyond the current record, so a stream of millions runs in flat
        memory. Documents keep their file, line and column. With ``unique_ids``, a record
        whose ``id`` an earlier record of the stream had also gets a
        ``duplicate-record-id`` problem naming where that one is; then each id is kept
        with its place (some 150 bytes a record), but never the records.
        """
        from newsevents._rules.recordids import DUPLICATE_RECORD_ID, RecordIds, record_id
        from newsevents._schema.recordness import is_record

        ids = RecordIds() if unique_ids and self._kept(DUPLICATE_RECORD_ID) else None
        for index, item in enumerate(items):
            problems = tuple(self.iter_problems(item))
            if isinstance(item, Document):
                report = RecordReport(item.index, item.file, item.line, item.column, problems)
            else:
                report = RecordReport(index, problems=problems)
            if ids is not None:
                record = item.record if isinstance(item, Document) else item
                if is_record(record):
                    report = ids.check(report, record_id(record))
            yield report


@functools.cache
def default() -> Validator:
    """The validator behind the module functions, made on first use."""
    return Validator()
