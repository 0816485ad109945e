"""One verdict from the engines and the rules, with problems placed in their file.

Fast verdicts first, explanations only when needed: jsonschema-rs and ``sound`` say
whether a record is valid; the reference engine and ``check`` say what is wrong with one
that is not.
"""

from __future__ import annotations

from typing import Any

from newsevents._read.document import Document
from newsevents._schema.engines import engines
from newsevents._errors import Problem
from newsevents._rules.semantic import check
from newsevents._sound import sound

__all__ = ["is_valid", "problems_of"]


def problems_of(item: Any) -> list[Problem]:
    """Every problem of a record or Document: schema problems first, then semantic ones.

    Problems of a Document carry its file, index, line and column.
    """
    document = item if isinstance(item, Document) else None
    record = item.record if document is not None else item
    engine = engines()
    found: list[Problem] = []
    if engine.is_valid(record):
        if sound(record) is True:  # the common case: fast verdicts, nothing to explain
            return found
    else:
        found = engine.problems(record)
        if not found:
            found = [
                Problem(
                    "engine-disagreement",
                    "the fast engine rejects this record but the reference engine finds no "
                    "problem; please report this with the record attached",
                )
            ]
    found.extend(check(record))
    if document is None:
        return found
    placed = []
    for problem in found:
        line, column = document.locate(problem.pointer)
        placed.append(
            problem.located(file=document.file, line=line, column=column, index=document.index)
        )
    return placed


def is_valid(item: Any) -> bool:
    """True when the record (or the Document's record) meets the schema and every rule."""
    record = item.record if isinstance(item, Document) else item
    if not engines().is_valid(record):
        return False
    verdict = sound(record)
    return verdict if verdict is not None else not check(record)
