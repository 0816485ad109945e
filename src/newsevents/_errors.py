"""Problems and exceptions: what went wrong, where, under which rule, and what to do.

Library code raises these; only the command line turns them into text and exit codes.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

__all__ = [
    "InvalidRecord",
    "LoadError",
    "NewsEventsError",
    "Problem",
    "UnknownRule",
    "an",
    "brief",
    "json_pointer",
    "json_type",
    "suggest",
]


def json_type(value: object) -> str:
    """The JSON type of a value as JSON Schema names it, or what it is when it is none.

    >>> json_type(True), json_type(3), json_type(2.5), json_type({}), json_type({1})
    ('boolean', 'integer', 'number', 'object', 'Python set (not a JSON value)')
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, (list, tuple)):
        return "array"
    if isinstance(value, dict):
        return "object"
    return f"Python {type(value).__name__} (not a JSON value)"


def json_pointer(path: Iterable[object]) -> str:
    """The JSON Pointer (RFC 6901) of a path of keys and indexes.

    >>> json_pointer(["entities", 0, "a/b~c"])
    '/entities/0/a~1b~0c'
    """
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def an(phrase: str) -> str:
    """The phrase with its indefinite article: 'an event', 'an organization entity',
    'a city entity'.

    >>> an("event"), an("economic-zone entity"), an("person entity")
    ('an event', 'an economic-zone entity', 'a person entity')
    """
    return f"{'an' if phrase[:1].lower() in 'aeiou' else 'a'} {phrase}"


def brief(value: object, limit: int = 60) -> str:
    """``repr(value)`` cut to about ``limit`` characters, for quoting values in messages.

    >>> brief("x" * 100)[:12], len(brief("x" * 100))
    ("'xxxxxxxxxxx", 62)
    """
    if isinstance(value, str) and len(value) > limit:
        return repr(value[: limit - 3] + "...")
    try:
        text = repr(value)
    except RecursionError:
        return f"<{an(type(value).__name__)} nested too deeply to show>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


# Words for money that no code list spells out, for the currencies news most often cites.
_MONEY = {
    "dollar": "USD", "us dollar": "USD", "$": "USD", "euro": "EUR", "€": "EUR",
    "yuan": "CNY", "renminbi": "CNY", "rmb": "CNY", "pound": "GBP", "sterling": "GBP",
    "£": "GBP", "yen": "JPY", "rouble": "RUB", "ruble": "RUB", "rupee": "INR",
}  # fmt: skip


def suggest(value: Any, choices: Sequence[Any], glossary: dict[str, str] | None = None) -> str:
    """``did you mean 'KE'?`` for the choice nearest to ``value``, or ``""``.

    Letter case is ignored ('ke' is the code 'KE'), the schema's own words for a choice
    count ('kilometres' is 'km'), and the near misses of spelling are offered.

    >>> suggest("ke", ["KE", "KG"])
    "did you mean 'KE'? (letter case matters)"
    >>> suggest("dollars", ["USD", "EUR"])
    "did you mean 'USD'?"
    >>> suggest("li-qiang2", ["li-qiang", "minsk"])
    "did you mean 'li-qiang'?"
    """
    if not isinstance(value, str) or not value:
        return ""
    strings = [choice for choice in choices if isinstance(choice, str)]
    folded = {choice.casefold(): choice for choice in strings}
    wanted = value.casefold().strip()
    if wanted in folded:
        return f"did you mean {folded[wanted]!r}? (letter case matters)"
    words = dict(glossary or {})
    words |= {word: code for word, code in _MONEY.items() if code in strings}
    for form in (wanted, wanted.removesuffix("s"), wanted.removesuffix("es")):
        if form in words:
            return f"did you mean {words[form]!r}?"
    # A high cutoff: "dollars" is not "ARS" just because it ends in its letters.
    close = difflib.get_close_matches(wanted, list(folded), n=3, cutoff=0.75)
    if not close:
        return ""
    named = " or ".join(repr(folded[match]) for match in close)
    return f"did you mean {named}?"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a record, or with the file that should hold one.

    ``rule`` is a stable name (``span-text-mismatch``, ``schema.required``,
    ``duplicate-key`` ...) that tests and CI filters may rely on; ``message`` says what is
    wrong and what to do; ``pointer`` is the JSON Pointer of the offending value inside the
    record (``""`` for the whole record). ``file``, ``line`` and ``column`` (1-based) are set
    when the record came from a file, and ``index`` is the record's 0-based position in it.
    A schema problem's ``schema_path`` is the keyword location that failed, such as
    ``#/properties/entities/items/$ref/properties/kind/enum``.

    A problem's identity for tests is ``(rule, pointer)`` (:attr:`identity`): messages may
    be reworded from one release to the next, rule names and pointers are not.

    >>> str(Problem("duplicate-id", "id 'x' is used twice", "/entities/1/id"))
    "duplicate-id: id 'x' is used twice (at /entities/1/id)"
    """

    rule: str
    message: str
    pointer: str = ""
    file: str | None = None
    line: int | None = None
    column: int | None = None
    index: int | None = None
    schema_path: str | None = field(default=None, compare=False)

    @property
    def identity(self) -> tuple[str, str]:
        """``(rule, pointer)``: what a test should compare."""
        return (self.rule, self.pointer)

    def located(
        self,
        *,
        file: str | None,
        line: int | None,
        column: int | None,
        index: int | None = None,
    ) -> Problem:
        """Return a copy of this problem placed at a file, line and column."""
        return replace(self, file=file, line=line, column=column, index=index)

    @property
    def location(self) -> str:
        """``file:line:column`` as far as it is known, or ``""``."""
        parts = [p for p in (self.file, self.line, self.column) if p is not None]
        return ":".join(str(p) for p in parts)

    def __str__(self) -> str:
        where = f" (at {self.pointer})" if self.pointer else ""
        head = f"{self.location}: " if self.location else ""
        return f"{head}{self.rule}: {self.message}{where}"


class NewsEventsError(Exception):
    """Base class of every error this package raises on purpose."""


class LoadError(NewsEventsError):
    """A source could not be read as records: bad encoding, bad syntax, or a hazard.

    The fields say where (``file``, ``line``, ``column``, all optional) and under which
    ``rule``; the message says what to do.
    """

    def __init__(
        self,
        rule: str,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        index: int | None = None,
    ) -> None:
        self.problem = Problem(rule, message, "", file, line, column, index)
        super().__init__(str(self.problem))

    def __reduce__(self) -> tuple[Any, ...]:
        problem = self.problem
        fields = {"file": problem.file, "line": problem.line, "column": problem.column}
        return (_load_error, (problem.rule, problem.message, fields, problem.index))

    @property
    def rule(self) -> str:
        """The stable name of what went wrong (``duplicate-key``, ``yaml-alias`` ...)."""
        return self.problem.rule

    @property
    def message(self) -> str:
        """What is wrong and what to do, without the location."""
        return self.problem.message

    @property
    def file(self) -> str | None:
        """The file name, or the name given for text, when known."""
        return self.problem.file

    @property
    def line(self) -> int | None:
        """The 1-based line, when known."""
        return self.problem.line

    @property
    def column(self) -> int | None:
        """The 1-based column, when known."""
        return self.problem.column


def _load_error(rule: str, message: str, fields: dict[str, Any], index: int | None) -> LoadError:
    """Rebuild a pickled LoadError (its fields are keyword-only)."""
    return LoadError(rule, message, index=index, **fields)


class UnknownRule(NewsEventsError, ValueError):
    """A rule name that the catalogue does not hold; ``known`` lists those it does.

    >>> UnknownRule("span-txt-mismatch", "select names no rule", ["span-text-mismatch"]).name
    'span-txt-mismatch'
    """

    def __init__(self, name: str, reason: str, known: list[str]) -> None:
        self.name = name
        self.reason = reason
        self.known = known
        close = difflib.get_close_matches(str(name), known, n=1)
        hint = f"did you mean {close[0]!r}?" if close else "`newsevents rules` lists them all"
        super().__init__(f"{name!r}: {reason}; {hint}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.name, self.reason, self.known))


class InvalidRecord(NewsEventsError):
    """A record broke one or more rules; ``problems`` holds every one of them.

    >>> err = InvalidRecord((Problem("duplicate-id", "id 'x' is used twice"),))
    >>> [p.rule for p in err.problems]
    ['duplicate-id']
    """

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        self.problems = problems
        count = len(problems)
        lines = "\n".join(f"  {p}" for p in problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"the record is invalid ({count} {noun}):\n{lines}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.problems,))
