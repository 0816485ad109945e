"""``newsevents.score``: what each layer judges, how items are matched, and its errors."""

from __future__ import annotations

import copy
import json
import math
import pickle
import types
from typing import Any

import pytest

import newsevents
from newsevents.exceptions import InvalidOption, TextMismatch, UnscorableRecord

from .conftest import CANONICAL, CANONICAL_PATH


def gold() -> dict[str, Any]:
    found: dict[str, Any] = dict(newsevents.load_fixture(CANONICAL))
    return found


def minimal() -> dict[str, Any]:
    found: dict[str, Any] = dict(newsevents.load_fixture("minimal"))
    return found


def by_id(record: dict[str, Any], section: str, ident: str) -> dict[str, Any]:
    (item,) = [item for item in record[section] if item["id"] == ident]
    found: dict[str, Any] = item
    return found


def only(result: newsevents.Score) -> dict[str, tuple[int, int, int, int]]:
    """(missed, spurious, incorrect, partial) of every layer that is not all correct."""
    return {
        layer.name: (layer.missed, layer.spurious, layer.incorrect, layer.partial)
        for layer in result
        if layer.differences
    }


# -- errors ---------------------------------------------------------------------------------


def test_records_of_different_texts_are_an_error_saying_where_they_differ() -> None:
    other = minimal()
    other["article"]["text"] = other["article"]["text"].replace("met", "saw", 1)
    with pytest.raises(UnscorableRecord):  # the event's span no longer holds its text
        newsevents.score(minimal(), other)
    other = minimal()
    other["article"]["text"] += " More."
    with pytest.raises(TextMismatch) as caught:
        newsevents.score(minimal(), other)
    error = caught.value
    length = len(minimal()["article"]["text"])
    assert (error.offset, error.gold_length, error.predicted_length) == (length, length, length + 6)
    assert error.predicted.endswith(" More.")
    assert "different articles" in str(error)
    assert "code point" in str(error)
    assert isinstance(error, newsevents.NewsEventsError)
    assert isinstance(error, ValueError)


def test_an_invalid_record_cannot_be_scored_and_says_which_and_why() -> None:
    broken = minimal()
    broken["events"][0]["place"] = "gomel"
    with pytest.raises(UnscorableRecord) as caught:
        newsevents.score(minimal(), broken)
    assert caught.value.side == "predicted"
    assert [p.identity for p in caught.value.problems] == [
        ("unresolved-reference", "/events/0/place")
    ]
    assert str(caught.value).startswith("the predicted record cannot be scored")
    assert isinstance(caught.value, newsevents.InvalidRecord)
    with pytest.raises(UnscorableRecord) as caught:
        newsevents.score([], minimal())  # type: ignore[arg-type]
    assert caught.value.side == "gold"


@pytest.mark.parametrize(
    "error",
    [
        TextMismatch.between("abc", "abd"),
        UnscorableRecord("gold", (newsevents.Problem("duplicate-id", "twice", "/entities/1/id"),)),
        InvalidOption("schemes", "strikt", "is no scheme", ["strict"]),
    ],
    ids=type,
)
def test_the_errors_of_scoring_survive_pickling(error: Exception) -> None:
    copied = pickle.loads(pickle.dumps(error))
    assert (type(copied), str(copied), copied.__dict__) == (type(error), str(error), error.__dict__)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"tolerance": -0.1}, "tolerance=-0.1: must be a finite number of 0 or more"),
        ({"tolerance": math.nan}, "tolerance=nan: must be a finite number"),
        ({"tolerance": "1%"}, "tolerance='1%': must be a number"),
        ({"tolerance": True}, "tolerance=True: must be a number"),
        ({"schemes": "strict"}, "schemes='strict': must be a list of schemes"),
        ({"schemes": ["strikt"]}, "schemes='strikt': is no scheme; .* did you mean 'strict'"),
    ],
)
def test_options_that_mean_nothing_are_refused_clearly(
    options: dict[str, Any], message: str
) -> None:
    with pytest.raises(InvalidOption, match=message):
        newsevents.score(minimal(), minimal(), **options)


def test_options_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        newsevents.score(minimal(), minimal(), 0.1)  # type: ignore[call-arg]


def test_schemes_choose_the_mention_layers() -> None:
    result = newsevents.score(minimal(), minimal(), schemes=["type", "strict"])
    names = [name for name in result.layers if name.startswith("mentions.")]
    assert names == ["mentions.strict", "mentions.type"]
    assert result.options == {"tolerance": 0.0, "schemes": ("strict", "type")}


# -- what each layer judges -----------------------------------------------------------------


def test_a_mention_with_other_boundaries_or_kind_counts_by_scheme() -> None:
    predicted = gold()
    minsk = by_id(predicted, "entities", "minsk")
    minsk["evidence"][0] = {"start": 230, "end": 238, "text": "in Minsk"}  # was "Minsk"
    result = newsevents.score(gold(), predicted)
    assert {name: moves for name, moves in only(result).items() if "mentions" in name} == {
        "mentions.strict": (0, 0, 1, 0),
        "mentions.exact": (0, 0, 1, 0),
        "mentions.partial": (0, 0, 0, 1),
    }
    partial = result["mentions.partial"]
    assert partial.tp == partial.correct + 0.5
    assert partial.precision == partial.tp / partial.actual
    (difference,) = partial.differences
    assert (difference.gold, difference.predicted) == (
        "/entities/4/evidence/0",
        "/entities/4/evidence/0",
    )
    assert difference.detail == "gold city 233-238, predicted city 230-238 'in Minsk'"

    predicted = gold()
    by_id(predicted, "entities", "minsk")["kind"] = "region"
    result = newsevents.score(gold(), predicted)
    mentions = {name: moves for name, moves in only(result).items() if "mentions" in name}
    assert mentions == {"mentions.strict": (0, 0, 3, 0), "mentions.type": (0, 0, 3, 0)}


def test_an_entity_found_under_another_id_and_name_is_found() -> None:
    predicted = minimal()
    predicted["entities"][2].update(id="place-1", name="the Belarusian capital")
    predicted["events"][0]["place"] = "place-1"
    result = newsevents.score(minimal(), predicted)
    assert result.perfect


@pytest.mark.parametrize("sign", ["name", "identifier"])
def test_an_entity_with_no_mention_in_common_is_found_by_its_identifier_or_name(
    sign: str,
) -> None:
    predicted = minimal()
    china = predicted["entities"][3]
    china["evidence"] = [{"start": 60, "end": 65, "text": "Trade"}]  # a wrong span
    if sign == "name":
        del china["identifiers"]
    else:
        china["name"] = "the People's Republic"
    result = newsevents.score(minimal(), predicted)
    assert result["entities"].f1 == 1.0
    assert result["claims.identification"].f1 == 1.0  # its subject is China
    assert result["mentions.strict"].missed == 1


def test_an_event_typed_wrongly_is_identified_but_not_classified() -> None:
    predicted = gold()
    by_id(predicted, "events", "ev-li-qiang-visit-russia")["type"] = "meeting"
    result = newsevents.score(gold(), predicted)
    assert only(result) == {"events.classification": (0, 0, 1, 0)}
    (difference,) = result["events.classification"].differences
    assert difference.detail == "type: gold visit, predicted meeting"
    assert difference.text == "Li Qiang's first visit to Russia as Chinese Premier"


def test_arguments_are_judged_through_the_entity_matching() -> None:
    predicted = minimal()
    predicted["events"][0]["participants"][0]["role"] = "host"
    predicted["events"][0]["participants"][1]["entity"] = "china"
    result = newsevents.score(minimal(), predicted)
    assert only(result) == {
        "arguments.identification": (1, 1, 0, 0),
        "arguments.classification": (1, 1, 1, 0),
    }
    texts = {(d.category, d.text) for d in result["arguments.classification"].differences}
    assert texts == {
        ("incorrect", "participant Li Qiang"),
        ("missed", "participant Roman Golovchenko"),
        ("spurious", "participant China"),
    }


@pytest.mark.parametrize(
    ("change", "tolerance", "detail"),
    [
        ({"value": 8.5e9}, 0.0, "value: gold 8400000000, predicted 8500000000"),
        ({"value": 8.5e9}, 0.02, ""),
        ({"value": 8.5e9}, 0.01, "value: gold 8400000000, predicted 8500000000"),
        ({"unit": "EUR"}, 0.5, "unit: gold USD, predicted EUR"),
        ({"qualifier": None}, 0.0, "qualifier: gold more-than, predicted none"),
        ({"qualifier": "about"}, 0.0, "qualifier: gold more-than, predicted about"),
    ],
)
def test_a_quantity_is_judged_by_value_within_tolerance_unit_and_qualifier(
    change: dict[str, Any], tolerance: float, detail: str
) -> None:
    predicted = minimal()
    quantity = predicted["claims"][0]["value"]["quantity"]
    quantity.update(change)
    if quantity.get("qualifier") is None:
        del quantity["qualifier"]
    result = newsevents.score(minimal(), predicted, tolerance=tolerance)
    assert [d.detail for d in result["claims.value"].differences] == ([detail] if detail else [])
    assert result["claims.identification"].f1 == 1.0


@pytest.mark.parametrize(
    ("date", "right"),
    [
        ({"value": "2024-08", "precision": "month"}, True),
        ({"value": "2024", "precision": "year"}, True),
        ({"value": "2023-08", "precision": "month"}, False),
        ({"value": "2024-08-21", "precision": "day"}, False),
        ({"value": "2024-08-22", "precision": "day", "qualifier": "before"}, False),
        ({"start": {"value": "2024-08-22", "precision": "day"},
          "end": {"value": "2024-08-23", "precision": "day"}}, False),
    ],
)  # fmt: skip
def test_a_moment_is_judged_at_the_coarser_precision(date: dict[str, Any], right: bool) -> None:
    predicted = minimal()
    predicted["events"][0]["date"] = date
    result = newsevents.score(minimal(), predicted)
    assert result["moments"].correct == 1 + right


def test_a_quote_given_to_another_speaker_is_found_but_misattributed() -> None:
    predicted = gold()
    by_id(predicted, "quotes", "q-li-qiang-indirect").update(speaker="xi-jinping", mode="direct")
    by_id(predicted, "quotes", "q-li-qiang-indirect")["text"] = "Li Qiang noted"
    for claim in predicted["claims"]:  # spoken by another, it carries Li Qiang's claim no more
        carried = claim["attribution"].get("quotes", [])
        if "q-li-qiang-indirect" in carried:
            carried.remove("q-li-qiang-indirect")
    result = newsevents.score(gold(), predicted)
    assert only(result) == {
        "quotes.speaker": (0, 0, 1, 0),
        "quotes.mode": (0, 0, 1, 0),
        "links": (1, 0, 0, 0),  # the claim it no longer carries
    }
    assert [d.detail for d in result["quotes.speaker"].differences] == [
        "speaker: gold Li Qiang, predicted Xi Jinping"
    ]


def test_a_claim_is_matched_only_about_the_matched_subject() -> None:
    predicted = minimal()
    predicted["claims"][0]["subject"] = "belarus"
    predicted["claims"][0]["object"] = "china"
    result = newsevents.score(minimal(), predicted)
    assert only(result)["claims.identification"] == (1, 1, 0, 0)


def test_claims_of_one_sentence_each_find_their_own() -> None:
    # Three claims share their evidence and subject; they differ only by the city.
    predicted = gold()
    for claim in predicted["claims"]:
        if claim["predicate"] == "includes_city":
            claim["statement"] = "The area includes a city."
    predicted["claims"].reverse()
    assert newsevents.score(gold(), predicted).perfect


def test_links_are_judged_between_matched_items() -> None:
    predicted = gold()
    meeting = by_id(predicted, "events", "ev-meeting-minsk")
    meeting["relations"][0]["type"] = "part-of"
    result = newsevents.score(gold(), predicted)
    assert only(result) == {"links": (1, 1, 0, 0)}
    missed, spurious = result["links"].differences
    assert missed.text == (
        "Li Qiang and Roman Golovchenko meet in Minsk preceded-by "
        "Li Qiang's first visit to Russia as Chinese Premier"
    )
    assert (missed.gold, spurious.predicted) == (
        "/events/0/relations/0/event",
        "/events/0/relations/0/event",
    )


# -- matching -------------------------------------------------------------------------------


def test_matching_is_one_to_one() -> None:
    predicted = minimal()
    twin = copy.deepcopy(predicted["events"][0])
    twin["id"] = "ev-twin"
    predicted["events"].append(twin)
    result = newsevents.score(minimal(), predicted)
    assert only(result)["events.identification"] == (0, 1, 0, 0)
    assert result["events.identification"].precision == 0.5
    assert result["events.identification"].recall == 1.0


def test_the_matching_is_the_best_one_to_one_not_the_first_overlap() -> None:
    # The predicted joint statement's evidence covers the meeting's first span too; a
    # greedy pass in record order would give it the meeting and leave the statement.
    predicted = gold()
    statement = by_id(predicted, "events", "ev-joint-statement")
    meeting = by_id(predicted, "events", "ev-meeting-minsk")
    predicted["events"] = [statement, meeting] + [
        e for e in predicted["events"] if e not in (statement, meeting)
    ]
    meeting["evidence"] = meeting["evidence"][:1]
    result = newsevents.score(gold(), predicted)
    assert result["events.classification"].f1 == 1.0


def test_items_alike_in_what_is_matched_pair_by_their_content_not_their_order() -> None:
    # Two events of one type told by the same words: the matching cannot tell them apart,
    # so it pairs them in an order of their content (the title), whatever the order of
    # the lists, and their arguments are compared with their own.
    ours = minimal()
    twin = copy.deepcopy(ours["events"][0])
    twin.update(id="ev-twin", title="China and Belarus meet")
    twin["participants"] = [{"entity": "china", "role": "party"}]
    del twin["place"]
    ours["events"].append(twin)
    predicted = copy.deepcopy(ours)
    predicted["events"].reverse()
    assert newsevents.score(ours, predicted).perfect
    assert newsevents.score(predicted, ours).perfect
    # Nor do their ids order them: renamed the other way round, they still pair.
    renamed = copy.deepcopy(ours)
    renamed["events"][0]["id"], renamed["events"][1]["id"] = "z-meeting", "a-twin"
    assert newsevents.score(ours, renamed).perfect


def test_a_fact_the_gold_record_states_twice_is_counted_once() -> None:
    ours = gold()
    claim = by_id(ours, "claims", "cl-relations-date-back-to-1992")
    claim["restates"] = "ev-relations-established"
    assert not list(newsevents.iter_problems(ours))

    without_claim = copy.deepcopy(ours)
    without_claim["claims"].remove(by_id(without_claim, "claims", claim["id"]))
    assert newsevents.score(ours, without_claim).perfect

    without_event = copy.deepcopy(ours)
    without_event["events"].remove(by_id(without_event, "events", "ev-relations-established"))
    del by_id(without_event, "claims", claim["id"])["restates"]
    assert newsevents.score(ours, without_event).perfect

    without_both = copy.deepcopy(without_event)
    without_both["claims"].remove(by_id(without_both, "claims", claim["id"]))
    result = newsevents.score(ours, without_both)
    assert only(result) == {
        "events.identification": (1, 0, 0, 0),
        "events.classification": (1, 0, 0, 0),
        "arguments.identification": (3, 0, 0, 0),
        "arguments.classification": (3, 0, 0, 0),
        "moments": (1, 0, 0, 0),
        "links": (1, 0, 0, 0),
    }
    event = by_id(ours, "events", "ev-relations-established")
    assert result.missed[0].gold == f"/events/{ours['events'].index(event)}"


def test_a_prediction_of_hundreds_of_overlapping_mentions_is_scored_without_delay() -> None:
    # Every predicted mention overlaps every gold one: one component of 300 by 300, which
    # the exact method would take minutes over; it is matched heaviest pair first.
    from newsevents._score.assign import assign

    edges = {(g, p): 1 + (g * 7 + p * 13) % 11 for g in range(300) for p in range(300)}
    matched = assign(edges)
    assert len(matched) == 300
    assert len(set(matched.values())) == 300
    small = {(g, p): 1 + (g * 7 + p * 13) % 11 for g in range(30) for p in range(30)}
    assert len(assign(small)) == 30


# -- the result -----------------------------------------------------------------------------


def test_differences_point_into_each_record_with_the_text() -> None:
    predicted = minimal()
    del predicted["entities"][0]["evidence"][1]
    predicted["quotes"] = []
    predicted["claims"][0]["attribution"] = {"source": "article"}
    result = newsevents.score(minimal(), predicted)
    assert [(d.layer, d.category, d.gold, d.text) for d in result.missed][:2] == [
        ("mentions.strict", "missed", "/entities/0/evidence/1", "Li Qiang"),
        ("mentions.exact", "missed", "/entities/0/evidence/1", "Li Qiang"),
    ]
    assert ("quotes.identification", "/quotes/0", "Relations have remained vibrant") in {
        (d.layer, d.gold, d.text) for d in result.missed
    }
    assert not result.spurious
    assert not result.incorrect


def test_a_document_is_scored_like_its_record() -> None:
    (document,) = newsevents.load_all(CANONICAL_PATH)
    assert newsevents.score(document, gold()).perfect
    assert newsevents.score(types.MappingProxyType(gold()), document).perfect


def test_a_score_is_json_data() -> None:
    predicted = minimal()
    predicted["events"][0]["type"] = "visit"
    data = newsevents.score(minimal(), predicted).as_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["layers"]["events.classification"] == {
        "correct": 0, "incorrect": 1, "partial": 0, "missed": 0, "spurious": 0,
        "tp": 0, "fp": 1, "fn": 1, "precision": 0.0, "recall": 0.0, "f1": 0.0,
    }  # fmt: skip
    assert data["differences"][0]["detail"] == "type: gold meeting, predicted visit"


def test_an_empty_prediction_scores_nothing_and_misses_everything() -> None:
    predicted = minimal()
    for section in ("entities", "events", "claims", "quotes", "topics"):
        predicted[section] = []
    result = newsevents.score(minimal(), predicted)
    for layer in result:
        if layer.possible:
            assert (layer.precision, layer.recall, layer.f1) == (0.0, 0.0, 0.0), layer.name
            assert layer.missed == layer.possible
        else:
            assert layer.f1 == 1.0  # nothing in either record: nothing to get wrong
