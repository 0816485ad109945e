"""The canonical fixture says what the article says: the facts a reviewer checks by eye."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

import newsevents

from .conftest import CANONICAL, ROOT

# SHA-256 of the article as captured (the seed text 000_0dea7d22c1778032, UTF-8).
SEED_SHA256 = "376fbbb60ece34746c326d4ce70865feb6f3a07f8b6e677edb4e687c410a4557"
SEED = ROOT.parent / "shared" / "seeds" / "000_0dea7d22c1778032.txt"


@pytest.fixture(scope="module")
def record() -> dict[str, Any]:
    return dict(newsevents.load_fixture(CANONICAL))


def by_id(record: dict[str, Any], section: str, ident: str) -> dict[str, Any]:
    (item,) = [item for item in record[section] if item["id"] == ident]
    return dict(item)


def claim_by_predicate(record: dict[str, Any], predicate: str) -> dict[str, Any]:
    (claim,) = [c for c in record["claims"] if c["predicate"] == predicate]
    return dict(claim)


def test_article_text_is_the_seed_verbatim(record: dict[str, Any]) -> None:
    text = record["article"]["text"]
    assert hashlib.sha256(text.encode("utf-8")).hexdigest() == SEED_SHA256
    assert len(text) == 3641
    assert text.count("\u00a0") == 5
    assert text.count("\u2022") == 6
    if SEED.is_file():  # beside a checkout of the project's shared material
        assert text == SEED.read_text(encoding="utf-8")


def test_the_record_is_named_like_its_file(record: dict[str, Any]) -> None:
    assert record["id"] == CANONICAL


def test_nothing_the_page_does_not_give_is_invented(record: dict[str, Any]) -> None:
    article = record["article"]
    assert not {"publisher", "url", "authors"} & set(article)
    assert article["published"] == {
        "value": "2024-08-23T02:34",
        "precision": "minute",
        "zone": "unstated",
        "text": "August 23 2024 , 02:34 AM",
        "evidence": [{"start": 292, "end": 317, "text": "August 23 2024 , 02:34 AM"}],
    }
    assert article["views"] == {
        "count": 877,
        "text": "877\u00a0views",
        "evidence": [{"start": 322, "end": 331, "text": "877\u00a0views"}],
    }
    assert article["media"] == [
        {"kind": "image", "evidence": [{"start": 1405, "end": 1410, "text": "Image"}]}
    ]


def test_identifiers_are_only_the_certain_ones(record: dict[str, Any]) -> None:
    identifiers = {
        (entity["id"], ident["scheme"], ident["value"])
        for entity in record["entities"]
        for ident in entity.get("identifiers", [])
    }
    assert identifiers == {
        ("china", "iso3166-1-alpha2", "CN"),
        ("china", "wikidata", "Q148"),
        ("belarus", "iso3166-1-alpha2", "BY"),
        ("belarus", "wikidata", "Q184"),
        ("russia", "iso3166-1-alpha2", "RU"),
        ("russia", "wikidata", "Q159"),
        ("soviet-union", "iso3166-3", "SUHH"),
        ("soviet-union", "wikidata", "Q15180"),
        ("asia", "wikidata", "Q48"),
        ("xi-jinping", "wikidata", "Q15031"),
        ("minsk", "wikidata", "Q2280"),
        ("shenzhen", "wikidata", "Q15174"),
        ("guangzhou", "wikidata", "Q16572"),
    }


@pytest.mark.parametrize(
    ("predicate", "value", "unit", "qualifier", "written", "year"),
    [
        ("bilateral_trade_value", 8_400_000_000, "USD", "more-than", "$8.4 billion", "2023"),
        ("gdp", 17_000_000_000_000, "USD", "more-than", "$17 trillion", "2021"),
        ("population", 9_400_000, "person", "about", "approximately 9.4 million", None),
        ("area", 56_000, "km2", "exact", "56,000 square kilometers", None),
    ],
)
def test_figures_are_normalised_with_their_words(
    record: dict[str, Any],
    predicate: str,
    value: int,
    unit: str,
    qualifier: str,
    written: str,
    year: str | None,
) -> None:
    claim = claim_by_predicate(record, predicate)
    quantity = claim["value"]["quantity"]
    assert (quantity["value"], quantity["unit"], quantity["qualifier"]) == (value, unit, qualifier)
    assert quantity["text"] == written
    assert written in record["article"]["text"]
    assert claim.get("time", {}).get("value") == year


def test_the_meeting_and_the_joint_statement(record: dict[str, Any]) -> None:
    meeting = by_id(record, "events", "ev-meeting-minsk")
    assert meeting["date"] == {"value": "2024-08-22", "precision": "day", "text": "August 22, 2024"}
    assert meeting["place"] == "minsk"
    assert {p["entity"] for p in meeting["participants"]} == {"li-qiang", "roman-golovchenko"}
    statement = by_id(record, "events", "ev-joint-statement")
    assert statement["date"]["value"] == "2024-08-23"
    assert statement["sectors"] == [
        "trade",
        "security",
        "energy",
        "finance",
        "industrial-supply-chains",
    ]
    assert {"type": "preceded-by", "event": "ev-meeting-minsk"}.items() <= statement["relations"][
        0
    ].items()


def test_dates_keep_their_precision_and_qualifiers(record: dict[str, Any]) -> None:
    sanctions = by_id(record, "events", "ev-western-sanctions")
    assert sanctions["date"] == {
        "value": "2020",
        "precision": "year",
        "qualifier": "since",
        "text": "since 2020",
    }
    assert sanctions["status"] == "ongoing"
    years = {
        event["id"]: event["date"]["value"]
        for event in record["events"]
        if event.get("date", {}).get("precision") == "year"
    }
    assert years == {
        "ev-belarus-independence": "1991",
        "ev-relations-established": "1992",
        "ev-bri-announcement": "2013",
        "ev-western-sanctions": "2020",
        "ev-partnership-established": "2013",
    }


def test_quotes_are_verbatim_and_attributed(record: dict[str, Any]) -> None:
    text = record["article"]["text"]
    direct = by_id(record, "quotes", "q-li-qiang-direct")
    assert direct["mode"] == "direct"
    assert direct["speaker"] == "li-qiang"
    assert f'"{direct["text"]}"' in text
    indirect = by_id(record, "quotes", "q-li-qiang-indirect")
    assert indirect["mode"] == "indirect"
    assert f"Li Qiang noted that {indirect['text']}" in text
    vibrant = by_id(record, "claims", "cl-relations-vibrant-32-years")
    assert vibrant["attribution"] == {
        "source": "entity",
        "entity": "li-qiang",
        "quotes": ["q-li-qiang-direct"],
    }


def test_positions_are_as_written(record: dict[str, Any]) -> None:
    positions = {
        entity["id"]: [(p["title"], p.get("of"), p["text"]) for p in entity["positions"]]
        for entity in record["entities"]
        if entity.get("positions")
    }
    assert positions == {
        "li-qiang": [("Premier", "china", "Chinese Premier")],
        "roman-golovchenko": [("Prime Minister", "belarus", "Belarusian Prime Minister")],
        "xi-jinping": [("President", "china", "Chinese President")],
    }


def test_every_entity_is_named_as_written(record: dict[str, Any]) -> None:
    text = record["article"]["text"]
    for entity in record["entities"]:
        assert entity["name"] in text, entity["id"]
        for alias in entity.get("aliases", []):
            assert alias in text, entity["id"]


def test_the_bullet_list_sectors_are_topics(record: dict[str, Any]) -> None:
    sectors = {topic["sector"] for topic in record["topics"]}
    assert {"trade", "security", "energy", "finance", "industrial-supply-chains"} <= sectors
