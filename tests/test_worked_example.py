"""The scorer's worked example: an imperfect extractor's record of the canonical article.

The predicted fixture is built from the gold one by ``tools/worked_example.py``, and its
score is committed in ``tests/data/worked-example.txt``. When the gold record or the
scorer changes, run ``python tools/worked_example.py`` and read the change in git.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import newsevents

from .conftest import CANONICAL, ROOT

PREDICTED = f"{CANONICAL}-predicted"
EXPECTED = ROOT / "tests" / "data" / "worked-example.txt"
REGENERATE = "the worked example is stale: run `python tools/worked_example.py`"


def tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "worked_example", ROOT / "tools" / "worked_example.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def score() -> newsevents.Score:
    gold, predicted = newsevents.load_fixture(CANONICAL), newsevents.load_fixture(PREDICTED)
    return newsevents.score(gold, predicted)


def test_the_predicted_record_is_a_bundled_valid_fixture() -> None:
    assert PREDICTED in newsevents.fixture_names()
    record = newsevents.load_fixture(PREDICTED)
    assert newsevents.is_valid(record)
    assert record["provenance"]["method"] == "machine-extracted"


def test_the_files_are_what_the_tool_makes_of_the_gold_record(capsys: Any) -> None:
    assert tool().main(["--check"]) == 0, f"{REGENERATE}\n{capsys.readouterr().out}"


def test_the_score_is_the_committed_one(score: newsevents.Score) -> None:
    from newsevents._score.report import differences

    assert f"{score.table()}\n{differences(score.differences)}" == EXPECTED.read_text("utf-8"), (
        REGENERATE
    )


def test_the_extractor_gets_wrong_what_the_readme_says(score: newsevents.Score) -> None:
    gold, predicted = newsevents.load_fixture(CANONICAL), newsevents.load_fixture(PREDICTED)
    # No id in common: the matching works on what the records say.
    ids = {item["id"] for section in ("entities", "events", "claims", "quotes")
           for item in gold[section]}  # fmt: skip
    assert not ids & {item["id"] for section in ("entities", "events", "claims", "quotes")
                      for item in predicted[section]}  # fmt: skip
    wrong = {layer.name: [(d.category, d.detail) for d in layer.differences] for layer in score}
    assert wrong["events.classification"] == [
        ("incorrect", "type: gold joint-statement, predicted statement")
    ]
    assert wrong["quotes.speaker"] == [
        ("incorrect", "speaker: gold Li Qiang, predicted Roman Golovchenko")
    ]
    assert wrong["claims.value"] == [("incorrect", "qualifier: gold more-than, predicted none")]
    assert wrong["entities"] == [("spurious", "")]
    mentions = score["mentions.strict"]
    assert mentions.missed > 10
    assert (mentions.incorrect, mentions.spurious) == (1, 1)
    assert score["mentions.partial"].partial == 1
    assert score["mentions.type"].incorrect == 0
    for layer in ("events.identification", "arguments.classification", "claims.identification",
                  "quotes.identification", "quotes.mode", "moments"):  # fmt: skip
        assert score[layer].f1 == 1.0, layer
    # The quote given to another speaker no longer carries the 32-year claim.
    assert (score["links"].correct, score["links"].missed) == (score["links"].correct, 1)


def test_the_tool_fails_clearly_when_the_gold_record_lacks_what_it_changes() -> None:
    gold: dict[str, Any] = dict(newsevents.load_fixture(CANONICAL))
    for event in gold["events"]:
        if event["type"] == "joint-statement":
            event["type"] = "statement"
    with pytest.raises(SystemExit, match="no joint statement any more; adapt me"):
        tool().predicted(gold)


def test_the_tool_writes_stale_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    module = tool()
    for name in ("PREDICTED", "EXPECTED"):
        monkeypatch.setattr(module, name, tmp_path / getattr(module, name).name)
    monkeypatch.setattr(module, "ROOT", tmp_path)
    readme = tmp_path / "README.md"
    readme.write_text("x\n<!-- worked-example-score -->\n\n```text\nold\n```\n", "utf-8")
    monkeypatch.setattr(module, "README", readme)
    assert module.main(["--check"]) == 1
    assert module.main([]) == 0
    assert module.main(["--check"]) == 0
    assert (tmp_path / "worked-example.txt").read_text("utf-8") == EXPECTED.read_text("utf-8")
