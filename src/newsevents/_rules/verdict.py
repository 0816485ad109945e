"""One verdict from the engines and the rules, with problems placed in their file.

Fast verdicts first, explanations only when needed: jsonschema-rs and the rules' fast
``verdict`` say whether a record is valid (``proof`` first, which proves or refutes most
records in four fifths of the time); the reference engine and ``check`` say what is wrong
with one that is not.
"""

from __future__ import annotations

import copy
import math
from dataclasses import replace
from typing import Any

from newsevents._errors import Problem, json_pointer
from newsevents._read.document import Document
from newsevents._rules.proof import proven
from newsevents._rules.semantic import check, verdict
from newsevents._schema.engines import engines_for
from newsevents._schema.explain import Rename
from newsevents._schema.recordness import not_a_record

__all__ = ["in_file_order", "is_valid", "problems_of"]


def problems_of(item: Any) -> list[Problem]:
    """Every problem of a record or Document. A record's come schema problems first, then
    semantic ones; a Document's carry its file, index, line and column, and come in the
    order they stand in the file, schema and semantic problems together.
    """
    document = item if isinstance(item, Document) else None
    record = item.record if document is not None else item
    # A document that is no record at all gets that one problem, not the schema's dozen.
    engine = not_a_record(record) or engines_for(record)
    found: list[Problem] = []
    renames: list[Rename] = []
    fast: bool | None = None
    if isinstance(engine, Problem):
        found = [engine]  # nothing else can be judged against a schema not known
    elif engine.is_valid(record):
        fast = proven(record)
        if fast is None:
            fast = verdict(record)
        if fast is True:  # the common case: fast verdicts, nothing to explain
            return found
    else:
        found, renames = engine.explained(record)
    if not isinstance(engine, Problem):
        found.extend(_as_meant(record, renames))
        if fast is None and not found:
            # The fast engine rejects NaN and infinities, which the reference engine counts
            # as numbers: that is no disagreement, but non-finite-number where they stand.
            found = non_finite(record) or [
                Problem(
                    "engine-disagreement",
                    "the fast engine rejects this record but the reference engine finds no "
                    "problem; please report this with the record attached",
                )
            ]
        elif fast is None:
            reported = {p.pointer for p in found if p.rule == "non-finite-number"}
            found.extend(p for p in non_finite(record) if p.pointer not in reported)
    if fast is False and not found:  # pragma: no cover - a bug, not an input
        found.append(
            Problem(
                "rule-disagreement",
                "the rules' fast verdict rejects this record but their full account finds no "
                "problem; please report this with the record attached",
            )
        )
    if document is None:
        return found
    placed = []
    for problem in found:
        line, column = document.locate(problem.pointer)
        placed.append(
            problem.located(file=document.file, line=line, column=column, index=document.index)
        )
    return sorted(placed, key=in_file_order)


def in_file_order(problem: Problem) -> tuple[int, int]:
    """Where a Document's problem stands in its file: the order they are reported in, so
    that fixing them top to bottom never skips back. Equal places keep the order found."""
    return (problem.line or 0, problem.column or 0)


def _as_meant(record: Any, renames: list[Rename]) -> list[Problem]:
    """The semantic problems of the record with its misspelt keys read as the keys they
    stand for: an ``entites:`` section is one problem (the schema's), not one more for
    every reference to an entity, which would all seem to name nothing."""
    if not renames:
        return check(record)
    meant = copy.deepcopy(record)
    back = []
    for path, key, name in renames:
        holder = meant
        for step in path:
            holder = holder[step]
        holder[name] = holder.pop(key)
        back.append((json_pointer([*path, name]), json_pointer([*path, key])))
    found = []
    for problem in check(meant):
        pointer = problem.pointer
        for written_as, written in back:
            if pointer == written_as or pointer.startswith(written_as + "/"):
                pointer = written + pointer[len(written_as) :]
        found.append(replace(problem, pointer=pointer) if pointer != problem.pointer else problem)
    return found


def is_valid(item: Any) -> bool:
    """True when the record (or the Document's record) meets the schema and every rule."""
    record = item.record if isinstance(item, Document) else item
    engine = not_a_record(record) or engines_for(record)
    if isinstance(engine, Problem) or not engine.is_valid(record):
        return False
    fast = proven(record)
    if fast is None:
        fast = verdict(record)
    return fast if fast is not None else not check(record)


def non_finite(record: Any) -> list[Problem]:
    """A ``non-finite-number`` problem for every NaN or infinity anywhere in ``record``
    (records built in Python only: the readers refuse them in files)."""
    found: list[Problem] = []
    stack: list[tuple[Any, tuple[Any, ...]]] = [(record, ())]
    while stack:
        value, path = stack.pop()
        if isinstance(value, float) and not math.isfinite(value):
            found.append(
                Problem(
                    "non-finite-number",
                    f"{value!r} is not a finite number; NaN and infinities are not valid "
                    "numbers in records, write the number the source gives",
                    json_pointer(path),
                )
            )
        elif isinstance(value, dict):
            stack.extend((item, (*path, key)) for key, item in reversed(value.items()))
        elif isinstance(value, (list, tuple)):
            stack.extend((item, (*path, i)) for i, item in reversed(list(enumerate(value))))
    return found
