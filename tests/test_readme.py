"""The README's examples run and say what the README says they say."""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
import sys

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _run(source: str, namespace: dict[str, object]) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(source, "<an example of README.md>", "exec"), namespace)
    return out.getvalue()


def test_the_library_example_runs_as_shown() -> None:
    block = re.search(r"## Using the library\n\n```python\n(.*?)```", README, re.DOTALL)
    assert block is not None
    namespace: dict[str, object] = {}
    assert _run(block.group(1), namespace) == "unresolved-reference /events/0/place\n"
    # The Validator example goes on with the same record.
    configured = re.search(r"\n  ```python\n(  def short_headline.*?)  ```", README, re.DOTALL)
    assert configured is not None
    source = "\n".join(line[2:] for line in configured.group(1).splitlines())
    printed = _run(source, namespace)
    assert printed == "['unresolved-reference', 'headline-length']\n"


def test_the_quick_start_validates_the_bundled_fixtures() -> None:
    command = re.search(r"python -m pip install \. && (newsevents validate \S+)", README)
    assert command is not None
    _, *arguments = command.group(1).split()
    result = subprocess.run(
        [sys.executable, "-m", "newsevents", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.endswith("0 invalid, 0 problems\n")


def test_the_strategies_example_runs() -> None:
    block = re.search(r"## Generating test data\n.*?```python\n(.*?)```", README, re.DOTALL)
    assert block is not None
    assert _run(block.group(1), {}) == ""


def test_the_scoring_example_runs_as_shown() -> None:
    block = re.search(r"## Scoring an extractor\n.*?```python\n(.*?)```", README, re.DOTALL)
    assert block is not None
    printed = _run(block.group(1), {})
    assert printed == "0.929\n/quotes/1 speaker: gold Li Qiang, predicted Roman Golovchenko\n"


def test_the_worked_example_table_is_the_score_of_the_two_fixtures() -> None:
    import newsevents

    gold = newsevents.load_fixture("china-belarus-2024-08-23")
    predicted = newsevents.load_fixture("china-belarus-2024-08-23-predicted")
    table = newsevents.score(gold, predicted).table()
    block = re.search(r"<!-- worked-example-score -->\n\n```text\n(.*?)```", README, re.DOTALL)
    assert block is not None
    assert block.group(1) == table, "run `python tools/worked_example.py`"


def test_the_score_json_example_has_the_shape_of_the_document() -> None:
    import json

    from newsevents._cli.score import SCORE_JSON_VERSION

    block = re.search(r"`--format json` prints one document.*?```json\n(.*?)```", README, re.DOTALL)
    assert block is not None
    shown = json.loads(block.group(1))
    assert shown["version"] == SCORE_JSON_VERSION
    code, out = _score_json()
    assert code == 0
    document = json.loads(out)
    assert set(shown) == set(document)
    assert set(shown["results"][0]) == set(document["results"][0])
    layer = next(iter(document["results"][0]["layers"].values()))
    assert set(shown["results"][0]["layers"]["quotes.speaker"]) == set(layer)
    assert set(shown["results"][0]["differences"][0]) == set(
        document["results"][0]["differences"][0]
    )


def _score_json() -> tuple[int, str]:
    from newsevents._cli import main

    out = io.StringIO()
    gold = ROOT / "fixtures" / "china-belarus-2024-08-23.yaml"
    predicted = ROOT / "fixtures" / "china-belarus-2024-08-23-predicted.yaml"
    code = main(["score", str(gold), str(predicted), "--format", "json"], out=out)
    return code, out.getvalue()
