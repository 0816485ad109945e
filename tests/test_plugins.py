"""The pytest and Hypothesis plugins, as a user's project meets them."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newsevents
from newsevents import types

pytest_plugins = ["pytester"]


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.from_type(types.NewsEventRecord))
def test_from_type_draws_valid_records(record: types.NewsEventRecord) -> None:
    assert newsevents.is_valid(record)


@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.from_type(types.Entity),
    st.from_type(types.Event),
    st.from_type(types.Claim),
    st.from_type(types.Quote),
    st.from_type(types.Moment),
    st.from_type(types.Quantity),
)
def test_from_type_draws_every_part(
    entity: object, event: object, claim: object, quote: object, moment: object, quantity: object
) -> None:
    assert isinstance(entity, dict)
    assert "kind" in entity
    assert isinstance(event, dict)
    assert "status" in event
    assert isinstance(claim, dict)
    assert "predicate" in claim
    assert isinstance(quote, dict)
    assert "speaker" in quote
    assert isinstance(moment, dict)
    assert "value" in moment
    assert isinstance(quantity, dict)
    assert "unit" in quantity


def _import_cost(code: str, env: dict[str, str] | None = None) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys; print(' '.join(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return set(result.stdout.split())


def test_the_hypothesis_plugin_imports_no_strategies_until_used() -> None:
    loaded = _import_cost("import hypothesis")
    assert "newsevents._hypothesis" in loaded  # registered through the entry point
    assert "newsevents.strategies" not in loaded
    assert "newsevents._rules.catalogue" not in loaded
    assert "yaml" not in loaded


def test_hypothesis_no_plugins_is_honoured() -> None:
    import os

    env = {**os.environ, "HYPOTHESIS_NO_PLUGINS": "1"}
    assert "newsevents._hypothesis" not in _import_cost("import hypothesis", env)


def test_the_pytest_plugin_imports_little(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import sys

        def test_nothing_heavy():
            assert "newsevents.pytest_plugin" in sys.modules
            assert "newsevents.strategies" not in sys.modules
            assert "newsevents._schema.engines" not in sys.modules
            assert "yaml" not in sys.modules
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


def test_the_fixtures_as_a_users_project_uses_them(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest
        from newsevents.testing import assert_problems, assert_valid

        def test_canonical(news_event_record, news_event_text, news_event_validator):
            assert news_event_record["article"]["text"] == news_event_text
            assert news_event_validator.is_valid(news_event_record)
            news_event_record["entities"].clear()  # a fresh copy: the next test is unharmed

        def test_fresh_copy(news_event_record):
            assert news_event_record["entities"]

        def test_factory(news_event_fixture):
            assert news_event_fixture("minimal")["id"] == "example-minimal"

        def test_sample(news_event_sample):
            for record in news_event_sample(3, claims=(1, 2)):
                assert_valid(record)
                assert 1 <= len(record["claims"]) <= 2

        def test_expected_problems(news_event_fixture):
            record = news_event_fixture("minimal")
            record["events"][0]["place"] = "gomel"
            assert_problems(record, [("unresolved-reference", "/events/0/place")])

        def test_assert_valid_lists_every_problem(news_event_fixture):
            record = news_event_fixture("minimal")
            record["events"][0]["place"] = "gomel"
            record["claims"][0]["evidence"][0]["text"] = "typo"
            assert_valid(record)
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--newsevents-seed", "7")
    result.assert_outcomes(passed=5, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*newsevents *: sample seed 7 (repeat with --newsevents-seed)*",
            "*the record is not valid (2 problems):*",
            "*unresolved-reference*/events/0/place*",
            "*span-text-mismatch*/claims/0/evidence/0/text*",
        ]
    )


def test_the_sample_fixture_repeats_with_its_seed(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import json

        def test_print(news_event_sample):
            print("SAMPLE", json.dumps(news_event_sample(2), sort_keys=True))
        """
    )
    outputs = []
    for _ in range(2):
        result = pytester.runpytest_subprocess(
            "-p", "no:cacheprovider", "-s", "--newsevents-seed=11"
        )
        result.assert_outcomes(passed=1)
        outputs.append(
            [line[line.index("SAMPLE") :] for line in result.outlines if "SAMPLE" in line]
        )
    assert outputs[0] == outputs[1]
    assert outputs[0]


def test_the_gold_fixture_scores_an_extractors_record(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        def test_good(news_event_gold, news_event_fixture):
            predicted = news_event_fixture("china-belarus-2024-08-23-predicted")
            score = news_event_gold(predicted, min_f1=0.5)
            assert score["quotes.speaker"].f1 == 0.5

        def test_short(news_event_gold, news_event_fixture):
            news_event_gold(news_event_fixture("china-belarus-2024-08-23-predicted"), min_f1=0.99)
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*falls short of the gold record*", "*quotes.speaker*"])
