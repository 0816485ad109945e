"""The pytest plugin (registered under ``pytest11``): fixtures for tests of code that
handles news-event records.

- ``news_event_record``: the canonical record, a fresh deep copy for each test;
- ``news_event_text``: its article text;
- ``news_event_validator``: a ready :class:`newsevents.Validator`;
- ``news_event_fixture``: a factory, ``news_event_fixture("minimal")``, for any bundled
  fixture;
- ``news_event_sample``: a factory of generated valid records, ``news_event_sample(5)``,
  repeatable: the seed is printed in the report header and set with
  ``--newsevents-seed``;
- ``news_event_gold``: ``news_event_gold(predicted, min_f1=0.8)`` fails, with the
  per-layer table, unless an extractor's record of the canonical article scores at least
  that against the gold record (``gold=`` another).

Importing this module imports nothing of newsevents' own beyond its name, so a test run
that uses none of the fixtures pays nothing for them.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from newsevents import Validator

__all__ = [
    "news_event_fixture",
    "news_event_gold",
    "news_event_record",
    "news_event_sample",
    "news_event_text",
    "news_event_validator",
]

CANONICAL = "china-belarus-2024-08-23"
_SEED_KEY = pytest.StashKey[int]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("newsevents", "news-event records")
    group.addoption(
        "--newsevents-seed",
        type=int,
        default=None,
        metavar="N",
        help="seed of the records news_event_sample generates (default: a new one each "
        "run, printed in the report header)",
    )


def pytest_configure(config: pytest.Config) -> None:
    seed = config.getoption("newsevents_seed", None)
    if seed is None:
        seed = int(os.environ.get("NEWSEVENTS_SEED", random.randrange(2**32)))
    config.stash[_SEED_KEY] = seed


def pytest_report_header(config: pytest.Config) -> str:
    from importlib.metadata import version

    return (
        f"newsevents {version('newsevents')}: sample seed {config.stash[_SEED_KEY]} "
        "(repeat with --newsevents-seed)"
    )


@pytest.fixture
def news_event_fixture() -> Callable[[str], dict[str, Any]]:
    """A factory of bundled fixtures by name: a fresh copy each call."""
    from newsevents import load_fixture

    def load(name: str) -> dict[str, Any]:
        return dict(load_fixture(name))

    return load


@pytest.fixture
def news_event_record(news_event_fixture: Callable[[str], dict[str, Any]]) -> dict[str, Any]:
    """The canonical record (the China-Belarus report), a fresh deep copy for each test."""
    return news_event_fixture(CANONICAL)


@pytest.fixture
def news_event_text(news_event_record: dict[str, Any]) -> str:
    """The canonical record's article text, verbatim."""
    text: str = news_event_record["article"]["text"]
    return text


@pytest.fixture
def news_event_validator() -> Validator:
    """A Validator with every rule."""
    from newsevents import Validator

    return Validator()


@pytest.fixture
def news_event_sample(request: pytest.FixtureRequest) -> Callable[..., list[dict[str, Any]]]:
    """A factory of generated valid records: ``news_event_sample(count, **sizes)``.

    The same seed gives the same records; each test gets its own stream of them."""
    from newsevents.strategies._records import Sizes, build_from

    seed = request.config.stash[_SEED_KEY]
    rng = random.Random(f"{seed}:{request.node.nodeid}")

    def sample(count: int = 1, **sizes: tuple[int, int]) -> list[dict[str, Any]]:
        return [build_from(rng, Sizes(**sizes)) for _ in range(count)]

    return sample


@pytest.fixture
def news_event_gold(
    news_event_record: dict[str, Any],
) -> Callable[..., Any]:
    """``news_event_gold(predicted, min_f1=..., gold=None)``: assert that ``predicted``
    matches the gold record (the canonical one unless ``gold`` is given) by ``min_f1``;
    returns the :class:`newsevents.Score`."""
    from newsevents.testing import assert_matches_gold

    def check(predicted: Any, *, min_f1: Any, gold: Any = None, **options: Any) -> Any:
        __tracebackhide__ = True
        reference = news_event_record if gold is None else gold
        return assert_matches_gold(predicted, gold=reference, min_f1=min_f1, **options)

    return check
