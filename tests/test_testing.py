"""``newsevents.testing``: the assertion users' tests of their extractors call."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

import newsevents
from newsevents.exceptions import InvalidOption, TextMismatch
from newsevents.testing import assert_matches_gold, matches_gold

from .conftest import CANONICAL


def gold() -> Any:
    return newsevents.load_fixture(CANONICAL)


def predicted() -> Any:
    return newsevents.load_fixture(f"{CANONICAL}-predicted")


def test_a_prediction_above_every_threshold_passes_and_returns_its_score() -> None:
    result = assert_matches_gold(predicted(), gold=gold(), min_f1={"events": 0.9, "links": 0.96})
    assert result["quotes.speaker"].f1 == 0.5
    assert matches_gold(predicted(), gold=gold(), min_f1=0.5)[1] == ""


def test_a_failure_shows_the_table_and_what_the_failing_layers_got_wrong() -> None:
    with pytest.raises(AssertionError) as caught:
        assert_matches_gold(predicted(), gold=gold(), min_f1={"quotes": 0.9, "events": 0.95})
    message = str(caught.value)
    first, *rest = message.splitlines()
    assert first == (
        f"the predicted record '{CANONICAL}-predicted' falls short of the gold record "
        f"'{CANONICAL}' on 2 layers:"
    )
    assert rest[:2] == [
        "  events.classification: f1 0.929 is below 0.950",
        "  quotes.speaker: f1 0.500 is below 0.900",
    ]
    table = newsevents.score(gold(), predicted()).table()
    marked = [line for line in message.splitlines() if " < " in line]
    assert [line.split()[0] for line in marked] == ["events.classification", "quotes.speaker"]
    assert len([line for line in message.splitlines() if line.startswith("layer ")]) == 1
    assert table.splitlines()[1] in message  # the layers that pass are shown too
    assert "type: gold joint-statement, predicted statement" in message
    assert "speaker: gold Li Qiang, predicted Roman Golovchenko" in message
    assert "missed 'Both nations'" not in message  # mentions pass: their misses are not listed


def test_a_long_list_of_differences_is_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    empty: dict[str, Any] = dict(newsevents.load_fixture(CANONICAL))
    for section in ("entities", "events", "claims", "quotes", "topics"):
        empty[section] = []
    _, message = matches_gold(empty, gold=gold(), min_f1=0.5)
    assert "... and " in message.splitlines()[-1]
    assert message.count("\n  missed ") == 40


def test_records_that_cannot_be_scored_raise_the_packages_errors_not_an_assertion() -> None:
    with pytest.raises(TextMismatch):
        assert_matches_gold(newsevents.load_fixture("minimal"), gold=gold(), min_f1=0.5)
    with pytest.raises(InvalidOption, match="names no layer"):
        assert_matches_gold(predicted(), gold=gold(), min_f1={"event": 0.5})
    with pytest.raises(InvalidOption, match="must be a number from 0 to 1"):
        assert_matches_gold(predicted(), gold=gold(), min_f1={"events": 1.5})


def test_the_module_imports_neither_pytest_nor_hypothesis() -> None:
    code = (
        "import sys, newsevents.testing; "
        "print(sorted(m for m in ('pytest', 'hypothesis', '_pytest') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout == "[]\n"
