"""The canonical fixture uses the means schema 1.0 gives for what the article says: headline
and standfirst evidence, the time of publication, scope entities, modality, and the links
between facts (restates, supports, conflicts_with)."""

from __future__ import annotations

from typing import Any

import pytest

import newsevents

from .conftest import CANONICAL
from .test_fixture import by_id, spans_of


@pytest.fixture(scope="module")
def record() -> dict[str, Any]:
    return dict(newsevents.load_fixture(CANONICAL))


def test_the_headline_and_the_standfirst_stand_where_they_are_printed(
    record: dict[str, Any],
) -> None:
    article = record["article"]
    text = article["text"]
    headline, standfirst = article["headline"], article["standfirst"]
    # The page prints the headline twice: above the standfirst and above the body.
    assert text.count(headline) == 2
    first = text.index(headline)
    second = text.index(headline, first + 1)
    assert spans_of(article | {"evidence": article["headline_evidence"]}) == [
        (first, first + len(headline), headline),
        (second, second + len(headline), headline),
    ]
    start = text.index(standfirst)
    assert article["standfirst_evidence"] == [
        {"start": start, "end": start + len(standfirst), "text": standfirst}
    ]


def test_currently_is_the_time_of_publication(record: dict[str, Any]) -> None:
    ranks = [c for c in record["claims"] if c["predicate"] == "trading_partner_rank"]
    assert len(ranks) == 2
    for claim in ranks:
        # No invented date: "currently" is the article's own moment.
        assert claim["time"] == {"anchor": "publication", "text": "currently"}
        assert any("currently" in text for _, _, text in spans_of(claim))


def test_asia_is_the_scope_entity_of_the_primary_partner_claim(record: dict[str, Any]) -> None:
    asia = by_id(record, "entities", "asia")
    assert asia["kind"] == "region"
    assert asia["identifiers"] == [{"scheme": "wikidata", "value": "Q48"}]
    assert [text for _, _, text in spans_of(asia)] == ["Asia"]
    scopes = {c["id"]: c["scope"] for c in record["claims"] if "scope" in c}
    assert scopes == {
        "cl-china-trading-partner-rank-global": {"text": "globally"},
        "cl-china-trading-partner-rank-asia": {"text": "in Asia", "entity": "asia"},
        "cl-park-largest-overseas": {"text": "overseas industrial park built by China"},
        "cl-visit-first": {"text": "as Chinese Premier"},
    }
    for ident, scope in scopes.items():
        claim = by_id(record, "claims", ident)
        assert any(scope["text"] in text for _, _, text in spans_of(claim)), ident


MODALITIES = {"asserted", "assessed", "expected", "aimed", "intended", "possible"}


def test_every_claim_says_how_the_article_puts_it(record: dict[str, Any]) -> None:
    assert all(claim.get("modality") in MODALITIES for claim in record["claims"])
    # Every claim not stated as plain fact, with the words that make it so.
    marked = {c["id"]: c["modality"] for c in record["claims"] if c["modality"] != "asserted"}
    assert marked == {
        "cl-agreement-significance": "assessed",
        "cl-trade-facilitation-aim": "aimed",
        "cl-trade-facilitation-expected-effect": "expected",
        "cl-economic-relationship-robust": "assessed",
        "cl-gba-initiative-city-count": "aimed",
        "cl-gba-initiative-aim": "aimed",
        "cl-gba-initiative-opportunities": "assessed",
        "cl-relations-vibrant-32-years": "assessed",
        "cl-meeting-underscores-focus": "assessed",
        "cl-partnerships-role-in-strategy": "assessed",
        "cl-partnership-foundation": "assessed",
        "cl-agreement-continuation": "assessed",
        "cl-agreement-signals-potential": "possible",
    }
    cue = {"expected": "expected", "aimed": "aim", "possible": "potential"}
    for ident, modality in marked.items():
        if modality in cue:
            claim = by_id(record, "claims", ident)
            assert any(cue[modality] in text for _, _, text in spans_of(claim)), ident


def test_one_fact_told_twice_is_linked_not_counted_twice(record: dict[str, Any]) -> None:
    restated = {c["id"]: c["restates"] for c in record["claims"] if "restates" in c}
    assert restated == {
        "cl-relations-date-back-to-1992": "ev-relations-established",
        "cl-belarus-early-bri-responder": "ev-belarus-bri-endorsement",
    }
    claim = by_id(record, "claims", "cl-relations-date-back-to-1992")
    event = by_id(record, "events", "ev-relations-established")
    assert claim["value"]["moment"]["value"] == event["date"]["value"] == "1992"


def test_the_nine_and_eleven_cities_are_a_stated_conflict(record: dict[str, Any]) -> None:
    conflicts = {c["id"]: c["conflicts_with"] for c in record["claims"] if "conflicts_with" in c}
    assert conflicts == {
        "cl-gba-major-city-count": ["cl-gba-initiative-city-count"],
        "cl-gba-initiative-city-count": ["cl-gba-major-city-count"],
    }
    counts = [by_id(record, "claims", ident)["value"]["quantity"]["value"] for ident in conflicts]
    assert counts == [9, 11]


def test_highlighting_is_support(record: dict[str, Any]) -> None:
    supports = {c["id"]: c["supports"] for c in record["claims"] if "supports" in c}
    assert supports == {"cl-bilateral-trade-2023": ["cl-economic-relationship-robust"]}


def test_only_a_clock_time_has_a_zone_and_nothing_claims_confidence(
    record: dict[str, Any],
) -> None:
    found: dict[str, list[str]] = {"zone": [], "confidence": []}

    def walk(node: Any, pointer: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in found:
                    found[key].append(pointer)
                walk(value, f"{pointer}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{pointer}/{index}")

    walk(record, "")
    assert found == {"zone": ["/article/published"], "confidence": []}
