"""What any content, however damaged, must get from the library: the fuzzers' oracle.

Reading bytes as YAML, JSON or JSON Lines either gives Documents or raises a ``LoadError``
under a rule of the catalogue; judging a Document gives ``Problem`` objects under rules of
the catalogue, never an internal rule (those report bugs), and ``is_valid`` agrees with
them. Anything else (another exception, a problem with no place in the catalogue, a
verdict that contradicts the account) is a finding. The test suite's fuzz tests and the
coverage-guided harnesses in ``fuzz/`` share this one oracle.
"""

from __future__ import annotations

import json
import os
import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import FrameType
from typing import Any, Literal

import newsevents
from newsevents import Document, LoadError, Problem
from newsevents._read.messages import LOAD_RULES

__all__ = [
    "CASE_SECONDS",
    "FMT_RULES",
    "FORMATS",
    "Hang",
    "Verdict",
    "check_content",
    "check_document",
    "check_format",
    "examples",
    "json_for_yaml",
    "strict",
    "time_limit",
]

#: How long one case may run before it counts as a hang: far more than any case needs
#: (a few milliseconds), so that only a loop that does not end trips it.
CASE_SECONDS = 20.0


class Hang(BaseException):
    """A case ran past its time limit. A BaseException, so no ``except Exception`` in the
    code under test can swallow it."""


@contextmanager
def time_limit(seconds: float = CASE_SECONDS) -> Iterator[None]:
    """Raise :class:`Hang` in the main thread if the block runs longer than ``seconds``.

    A timer signal interrupts Python code; C code (libyaml) is interrupted when it
    returns to Python, so a hang inside it still ends as soon as it yields.
    """

    def expire(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"the case ran longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def examples(default: int, variable: str = "NEWSEVENTS_FUZZ_EXAMPLES") -> int:
    """How many cases a fuzz test runs: ``default`` in CI, or as many as ``variable`` asks
    for a long run (``NEWSEVENTS_FUZZ_EXAMPLES=100000 pytest tests/test_fuzz_text.py``)."""
    asked = os.environ.get(variable, "").strip()
    return int(asked) if asked else default


#: The formats a content is read as: each named, and told from the content.
FORMATS: tuple[Literal["yaml", "json", "jsonl"] | None, ...] = ("yaml", "json", "jsonl", None)


@dataclass
class Verdict:
    """What reading and judging one content gave: the load rule, or each record's rules."""

    load_rule: str | None = None
    records: list[list[str]] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        """Whether every record was read and none has a problem."""
        return self.load_rule is None and all(not rules for rules in self.records)


def _rules() -> Any:
    return newsevents.RULES


def _check_problem(problem: object, where: str) -> str:
    assert isinstance(problem, Problem), f"{where}: {problem!r} is not a Problem"
    rule = _rules().get(problem.rule)
    assert rule is not None, f"{where}: {problem.rule!r} is not in the catalogue: {problem}"
    assert rule.kind != "internal", f"{where}: an internal rule reports a bug: {problem}"
    assert isinstance(problem.message, str), f"{where}: {problem.message!r} is no message"
    assert problem.message, f"{where}: no message"
    for name in ("line", "column"):
        value = getattr(problem, name)
        assert value is None or (isinstance(value, int) and value >= 1), (
            f"{where}: {name} {value!r} in {problem}"
        )
    str(problem)  # every problem can be shown
    return problem.rule


def check_document(document: Document, validator: Any = None) -> list[str]:
    """The rules a Document breaks, checked against the oracle."""
    judge = validator or newsevents
    problems = list(judge.iter_problems(document))
    rules = [_check_problem(p, f"record {document.index}") for p in problems]
    assert judge.is_valid(document) == (not problems), (
        f"is_valid says {not problems!r} is wrong: {problems}"
    )
    return rules


def check_content(data: bytes, format: Literal["yaml", "json", "jsonl"] | None) -> Verdict:
    """Read ``data`` as ``format`` and judge every record, asserting the oracle."""
    try:
        documents = newsevents.loads_all(data, format=format)
    except LoadError as error:
        refused: LoadError | None = error
    else:
        refused = None
    if refused is not None:
        rule = _check_problem(refused.problem, "loading")
        assert rule in LOAD_RULES, f"{rule} is not a rule of reading: {refused}"
        assert str(refused) == str(refused.problem)
        _check_one(data, format, None)
        return Verdict(load_rule=rule)
    assert documents, "loads_all() gave no Document and no LoadError"
    verdict = Verdict(records=[check_document(document) for document in documents])
    _check_one(data, format, documents)
    return verdict


def _check_one(
    data: bytes,
    format: Literal["yaml", "json", "jsonl"] | None,
    documents: list[Document] | None,
) -> None:
    """``loads`` agrees with ``loads_all``: the record when there is exactly one."""
    try:
        record = newsevents.loads(data, format=format)
    except LoadError as error:
        refused: LoadError | None = error
    else:
        refused = None
    if refused is not None:
        _check_problem(refused.problem, "loads")
        assert documents is None or len(documents) != 1, f"loads() refused one record: {refused}"
        return
    assert documents is not None, "loads() read what loads_all() refused"
    assert len(documents) == 1, f"loads() read one of {len(documents)} records"
    assert record == documents[0].record


#: The rules of formatting, besides those of reading: a comment with no place to go, a
#: value or key that cannot be written back.
FMT_RULES = frozenset({"fmt-comment", "fmt-unplaceable", "fmt-key"})


def strict(value: object) -> object:
    """A form of plain data in which only equal data are equal: ``1``, ``1.0`` and ``True``
    differ, and so do a list and its reverse; the order of a mapping's keys does not count
    (``fmt`` puts them in the schema's order)."""
    if isinstance(value, dict):
        return ("mapping", sorted((key, strict(item)) for key, item in value.items()))
    if isinstance(value, list):
        return ("list", [strict(item) for item in value])
    return (type(value).__name__, repr(value))


def _yaml_documents(data: bytes) -> list[Document]:
    return newsevents.loads_all(data, format="yaml")


def check_format(text: str) -> str | None:
    """Format ``text`` as ``newsevents fmt`` does, asserting the formatter's oracle; the
    formatted text, or None when formatting refused by a rule."""
    from newsevents._layout.format import format_yaml

    try:
        formatted = format_yaml(text)
    except LoadError as error:
        refused: LoadError | None = error
    else:
        refused = None
    if refused is not None:
        rule = refused.problem.rule
        assert rule in LOAD_RULES or rule in FMT_RULES, f"fmt refused under {rule}: {refused}"
        assert "please report" not in refused.problem.message, f"a bug: {refused}"
        return None
    data = text.encode("utf-8", "surrogatepass")
    try:
        before = [strict(d.record) for d in _yaml_documents(data)]
    except LoadError:
        # A JSON text that the YAML reader refuses (tests/regressions/test_findings.py):
        # its records are what JSON reads.
        before = [strict(d.record) for d in newsevents.loads_all(data, format="json")]
    after = [strict(d.record) for d in _yaml_documents(formatted.encode("utf-8"))]
    assert after == before, "formatting changed the records"
    assert format_yaml(formatted) == formatted, "the formatted text is not its own format"
    return formatted


_NOT_FOR_YAML = re.compile("[\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def json_for_yaml(value: object) -> str:
    """``value`` as JSON text that the YAML reader reads as JSON does.

    YAML 1.2 reads any JSON as JSON does, but the reader (PyYAML) refuses DEL and the C1
    controls in quoted scalars, reads a raw NEL, U+2028 or U+2029 as a line break (which
    folds, or eats the spaces before it) and refuses escaped surrogate pairs: those
    characters are escaped (as ``\\u007f``), the rest written as themselves.
    tests/regressions/test_findings.py holds the reader to plain ``json.dumps`` output.
    """
    text = json.dumps(value, ensure_ascii=False)
    return _NOT_FOR_YAML.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
