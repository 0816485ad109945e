"""``newsevents score GOLD PRED...``: each predicted record against the gold record.

Text prints, for each predicted record, the per-layer table (a layer below its threshold
marked ``< min``) and what differs; JSON prints one document (``SCORE_JSON_VERSION``).
The exit code is 1 when a layer of a record falls below its threshold, or a record could
not be read or scored, so that the command can gate CI on an extractor's quality.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TextIO

from newsevents._cli.escape import escape_json, escape_text
from newsevents._cli.inputs import Input, expand, read_input
from newsevents._cli.reporters import problem_json
from newsevents._errors import Problem
from newsevents._read.document import Document
from newsevents._score.errors import TextMismatch, UnscorableRecord
from newsevents._score.report import Shortfall, differences, shortfalls, table
from newsevents._score.result import Score

__all__ = ["SCORE_JSON_VERSION", "ScoreSettings", "Scored", "run_score"]

#: The version of the ``score --format json`` document; it changes only when its shape does.
SCORE_JSON_VERSION = 1


@dataclass(frozen=True)
class ScoreSettings:
    """What ``newsevents score`` was asked to do; ``min_f1`` is resolved per layer."""

    gold: str
    predicted: tuple[str, ...]
    format: str = "text"
    min_f1: tuple[tuple[str, float], ...] = ()
    tolerance: float = 0.0
    schemes: tuple[str, ...] = ("strict", "exact", "partial", "type")
    quiet: bool = False


@dataclass(frozen=True)
class Scored:
    """One predicted record: its score and shortfalls, or the problems that kept it from
    being scored."""

    file: str | None
    index: int | None
    line: int | None = None
    score: Score | None = None
    below: tuple[Shortfall, ...] = ()
    problems: tuple[Problem, ...] = ()

    @property
    def passed(self) -> bool:
        """Scored, and no layer below its threshold."""
        return self.score is not None and not self.below


def _gold(path: str) -> Document | tuple[Problem, ...]:
    """The gold record, or why there is none to score against."""
    found = list(read_input(expand([path])[0]))
    documents = [item for item in found if isinstance(item, Document)]
    problems = tuple(item for item in found if isinstance(item, Problem))
    if problems:
        return problems
    if len(documents) != 1:
        return (
            Problem(
                "multiple-records",
                f"the gold file holds {len(documents)} records; keep the one to score against",
                file=path,
            ),
        )
    return documents[0]


def _mismatch(document: Document, error: TextMismatch) -> Problem:
    line, column = document.locate("/article/text")
    return Problem(
        "text-mismatch", str(error), "/article/text", document.file, line, column, document.index
    )


def _scored(inputs: list[Input], gold: Document, settings: ScoreSettings) -> Iterator[Scored]:
    from newsevents._score.scorer import run

    limits = dict(settings.min_f1)
    for item in inputs:
        for document in read_input(item):
            if isinstance(document, Problem):
                yield Scored(document.file, document.index, problems=(document,))
                continue
            where = (document.file, document.index, document.line)
            try:
                result = run(gold, document, tolerance=settings.tolerance, schemes=settings.schemes)
            except UnscorableRecord as error:
                yield Scored(*where, problems=error.problems)
            except TextMismatch as error:
                yield Scored(*where, problems=(_mismatch(document, error),))
            else:
                yield Scored(*where, score=result, below=tuple(shortfalls(result, limits)))


def run_score(settings: ScoreSettings, out: TextIO, stdin: bytes | None) -> int:
    """Score every predicted record against the gold one and report; the exit code."""
    gold = _gold(settings.gold)
    if isinstance(gold, tuple):
        results: list[Scored] = [Scored(settings.gold, None, problems=gold)]
        gold_id = None
    else:
        inputs = expand(settings.predicted, stdin=stdin)
        results = list(_scored(inputs, gold, settings))
        gold_id = gold.record.get("id")
    if settings.format == "json":
        _json(settings, gold_id, results, out)
    else:
        _text(settings, results, out)
    return 0 if results and all(result.passed for result in results) else 1


def _json(settings: ScoreSettings, gold_id: object, results: list[Scored], out: TextIO) -> None:
    document = {
        "version": SCORE_JSON_VERSION,
        "gold": {"file": settings.gold, "id": gold_id if isinstance(gold_id, str) else None},
        "options": {"tolerance": settings.tolerance, "schemes": list(settings.schemes)},
        "min_f1": dict(settings.min_f1),
        "results": [
            {
                "file": result.file,
                "record": result.index,
                "id": result.score.predicted_id if result.score else None,
                "passed": result.passed,
                "layers": {name: layer.as_dict() for name, layer in result.score.layers.items()}
                if result.score
                else None,
                "below": [{"layer": s.layer, "f1": s.f1, "min_f1": s.min_f1} for s in result.below],
                "differences": [d.as_dict() for d in result.score.differences]
                if result.score
                else [],
                "problems": [problem_json(p) for p in result.problems],
            }
            for result in results
        ],
        "passed": bool(results) and all(result.passed for result in results),
    }
    out.write(escape_json(json.dumps(document, indent=2, ensure_ascii=False)) + "\n")


def _text(settings: ScoreSettings, results: list[Scored], out: TextIO) -> None:
    limits = dict(settings.min_f1)
    for result in results:
        if result.score is None:
            for problem in result.problems:
                out.write(escape_text(str(problem)) + "\n")
            out.write("\n")
            continue
        where = ":".join(str(part) for part in (result.file, result.line) if part is not None)
        head = f"{where}: {result.score.predicted_id} against {settings.gold}:"
        out.write(escape_text(head) + "\n")
        out.write(table(result.score, limits))
        if not settings.quiet and result.score.differences:
            shown = differences(result.score.differences)
            out.write("\n" + "\n".join(escape_text(line) for line in shown.splitlines()) + "\n")
        for shortfall in result.below:
            out.write(f"below threshold: {shortfall}\n")
        out.write("\n")
    scored = [r for r in results if r.score is not None]
    below = sum(1 for r in scored if r.below)
    unscored = len(results) - len(scored)
    noun = "record" if len(scored) == 1 else "records"
    summary = f"{len(scored)} {noun} scored: {below} below a threshold"
    if unscored:
        summary += f", {unscored} not scored"
    out.write(summary + "\n")
