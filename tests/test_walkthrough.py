"""docs/first-record.md, run step by step: every output it shows is what the commands print."""

from __future__ import annotations

from pathlib import Path

import pytest

import newsevents

from .conftest import MINIMAL_PATH, ROOT
from .walkthrough import Outcome, blocks, run

PAGE = ROOT / "docs" / "first-record.md"


@pytest.fixture(scope="module")
def walked(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Outcome], Path]:
    """The page run once, step by step, in a directory of its own."""
    directory = tmp_path_factory.mktemp("walkthrough")
    return run(PAGE.read_text(encoding="utf-8"), directory), directory


def test_every_step_prints_what_the_page_shows(walked: tuple[list[Outcome], Path]) -> None:
    outcomes, directory = walked
    assert len(outcomes) >= 10
    for outcome in outcomes:
        assert outcome.actual == outcome.expected, (
            f"`{outcome.command}` prints otherwise than docs/first-record.md shows; if the "
            "change is meant, run `python -m tests.walkthrough docs/first-record.md`"
        )
    # From an empty file to the bundled minimal record.
    assert newsevents.load(directory / "record.yaml") == newsevents.load(MINIMAL_PATH)


def test_the_page_is_linked_from_the_readme() -> None:
    assert "(docs/first-record.md)" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_runner_notices_an_output_and_a_change_that_do_not_hold(tmp_path: Path) -> None:
    page = "```yaml r.yaml\nid: x\n```\n\n```console\n$ newsevents validate r.yaml\nall fine\n```\n"
    (outcome,) = run(page, tmp_path)
    assert outcome.expected == "all fine\n"
    assert outcome.actual.startswith("r.yaml:1:1: not-a-record: ")
    with pytest.raises(AssertionError, match="does not stand in it once"):
        run(page + "```diff r.yaml\n-id: y\n+id: z\n```\n", tmp_path)
    with pytest.raises(AssertionError, match="Failed example"):
        run("```pycon\n>>> 1 + 1\n3\n```\n", tmp_path)
    assert [block.kind for block in blocks(page)] == ["yaml", "console"]


def test_the_readmes_reanchor_example_is_what_the_walkthrough_prints(
    walked: tuple[list[Outcome], Path],
) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = readme.split("$ newsevents reanchor record.yaml\n", 1)[1].split("```", 1)[0]
    printed = "".join(outcome.actual for outcome in walked[0])
    for line in example.splitlines():
        assert line in printed.splitlines(), line
