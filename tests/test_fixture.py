"""The canonical fixture says what the article says: the facts a reviewer checks by eye."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

import newsevents

from .conftest import CANONICAL, CANONICAL_PATH, ROOT

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


def spans_of(item: dict[str, Any]) -> list[tuple[int, int, str]]:
    return [(span["start"], span["end"], span["text"]) for span in item["evidence"]]


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
        # Stated plainly: no qualifier, since a plain figure is not claimed to be exact.
        ("area", 56_000, "km2", None, "56,000 square kilometers", None),
        ("major_city_count", 9, "city", None, "nine major cities", None),
        ("integration_target_city_count", 11, "city", None, "11 cities", None),
        ("remained_vibrant_for", 32, "year", None, "32 years", None),
    ],
)
def test_figures_are_normalised_with_their_words(
    record: dict[str, Any],
    predicate: str,
    value: int,
    unit: str,
    qualifier: str | None,
    written: str,
    year: str | None,
) -> None:
    claim = claim_by_predicate(record, predicate)
    quantity = claim["value"]["quantity"]
    assert (quantity["value"], quantity["unit"]) == (value, unit)
    assert quantity.get("qualifier") == qualifier
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
    # Both the indirect and the direct speech carry the 32-year claim, in article order.
    assert vibrant["attribution"] == {
        "source": "entity",
        "entity": "li-qiang",
        "quotes": ["q-li-qiang-indirect", "q-li-qiang-direct"],
    }
    spans = [span["text"] for span in vibrant["evidence"]]
    assert any(indirect["text"] in span for span in spans)
    assert any(direct["text"].rstrip(".") in span for span in spans)


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


def test_the_sanctions_context_names_the_sanctions(record: dict[str, Any]) -> None:
    claim = by_id(record, "claims", "cl-meeting-context-sanctions")
    assert (claim["subject"], claim["object"]) == ("ev-meeting-minsk", "ev-western-sanctions")
    assert by_id(record, "events", "ev-western-sanctions")["type"] == "sanctions"


def _subject_spans(record: dict[str, Any], ident: str) -> list[tuple[int, int, str]]:
    for section in ("entities", "events"):
        for item in record[section]:
            if item["id"] == ident:
                return spans_of(item)
    raise AssertionError(ident)


def test_every_claim_carries_the_span_of_its_subject(record: dict[str, Any]) -> None:
    # The policy written above the claims: the subject as the sentence writes it is in the
    # evidence, a span beginning where one of the subject's own spans begins or holding one.
    for claim in record["claims"]:
        subject = _subject_spans(record, claim["subject"])
        assert any(
            s_start == c_start or c_start <= s_start < s_end <= c_end
            for c_start, c_end, _ in spans_of(claim)
            for s_start, s_end, _ in subject
        ), claim["id"]


def test_claim_spans_hold_only_their_claim(record: dict[str, Any]) -> None:
    for claim in record["claims"]:
        for _, _, text in spans_of(claim):
            assert text == text.strip(), claim["id"]
            assert not text.endswith((".", ":", ",")), claim["id"]
    # Each of "landlocked" and "in Eastern Europe" is a claim of its own.
    landlocked = [text for _, _, text in spans_of(by_id(record, "claims", "cl-belarus-landlocked"))]
    assert landlocked == ["Belarus", "a landlocked country"]
    located = [text for _, _, text in spans_of(by_id(record, "claims", "cl-belarus-located-in"))]
    assert located == ["Belarus", "in Eastern Europe"]
    # "established in 2013" is the establishment event's, not the foundation claim's.
    foundation = by_id(record, "claims", "cl-partnership-foundation")
    assert not any("2013" in text for _, _, text in spans_of(foundation))


def test_each_included_city_has_a_span_naming_only_it(record: dict[str, Any]) -> None:
    cities = {"guangzhou": "Guangzhou", "shenzhen": "Shenzhen", "zhuhai": "Zhuhai"}
    included = [c for c in record["claims"] if c["predicate"] == "includes_city"]
    assert sorted(c["value"]["entity"] for c in included) == sorted(cities)
    for claim in included:
        own = cities[claim["value"]["entity"]]
        named = {name for _, _, text in spans_of(claim) for name in cities.values() if name in text}
        assert named == {own}, claim["id"]
        city = by_id(record, "entities", claim["value"]["entity"])
        assert set(spans_of(city)) <= set(spans_of(claim)), claim["id"]


def test_the_countries_prime_ministers_is_evidence_of_both_offices(
    record: dict[str, Any],
) -> None:
    for ident in ("li-qiang", "roman-golovchenko"):
        (position,) = by_id(record, "entities", ident)["positions"]
        assert "the countries' prime ministers" in [t for _, _, t in spans_of(position)], ident


def test_the_joint_statement_says_no_more_than_the_article(record: dict[str, Any]) -> None:
    statement = by_id(record, "events", "ev-joint-statement")
    # The article never says who released the statement.
    assert "China" not in statement["title"]
    assert "Belarus" not in statement["title"]
    assert [(p["entity"], p["role"]) for p in statement["participants"]] == [
        ("china", "party"),
        ("belarus", "party"),
    ]


def test_party_is_a_role_of_agreements_and_joint_statements_only(
    record: dict[str, Any],
) -> None:
    for event in record["events"]:
        for participant in event["participants"]:
            if participant["role"] == "party":
                assert event["type"] in {"agreement", "joint-statement"}, event["id"]
    commitment = by_id(record, "events", "ev-trade-facilitation-commitment")
    assert {p["role"] for p in commitment["participants"]} == {"participant"}


def test_belarus_responds_to_the_initiative_not_to_its_announcement(
    record: dict[str, Any],
) -> None:
    endorsement = by_id(record, "events", "ev-belarus-bri-endorsement")
    assert ("belt-and-road-initiative", "theme") in [
        (p["entity"], p["role"]) for p in endorsement["participants"]
    ]
    assert [(r["type"], r["event"]) for r in endorsement["relations"]] == [
        ("contributed-to", "ev-industrial-park-development")
    ]


@pytest.mark.parametrize(
    ("ident", "mention"),
    [
        ("china", "both sides"),
        ("belarus", "both sides"),
        ("china-belarus-industrial-park", "the largest overseas industrial park built by China"),
        ("sino-belarusian-relations", "ties between China and Belarus"),
    ],
)
def test_every_mention_is_evidence(record: dict[str, Any], ident: str, mention: str) -> None:
    text = record["article"]["text"]
    start = text.index(mention)
    assert (start, start + len(mention), mention) in spans_of(by_id(record, "entities", ident))


def _comment_blocks() -> list[tuple[str, str]]:
    """Each run of comment lines of the fixture, joined, with the line that follows it."""
    blocks: list[tuple[str, str]] = []
    run: list[str] = []
    for line in CANONICAL_PATH.read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("#"):
            run.append(line.lstrip()[1:].strip())
        elif run:
            blocks.append((" ".join(run), line))
            run = []
    return blocks


@pytest.mark.parametrize(
    "reading",
    [
        "Chinese Premier Li Qiang stated:",
        '"emphasizing"',
        "dateline",
        "the countries' prime ministers",
        "who released it",
        "responds to",
    ],
)
def test_each_open_reading_names_the_reading_it_rejects(reading: str) -> None:
    assert any(reading in block and "Rejected:" in block for block, _ in _comment_blocks())


def test_the_claims_section_states_its_span_policy() -> None:
    (policy,) = [block for block, line in _comment_blocks() if line == "claims:"]
    assert policy.startswith("A claim's evidence holds the words that state it")
