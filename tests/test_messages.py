"""Messages that say what to write, for the mistakes a first record makes: one problem for
one mistake, at the site of the model where it is made, with the hint that fixes it."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newsevents
from newsevents._errors import brief, json_pointer, suggest
from newsevents._rules.semantic import check, mismatch
from newsevents._rules.sites import SITES, gather
from newsevents._schema.explain import moment_form

from .conftest import CANONICAL, MINIMAL_PATH, ROOT
from .test_every_site import _enriched, _node

ENRICHED = _enriched()


def _small() -> dict[str, Any]:
    """The minimal record with a moment at every moment site (checked in a test below):
    a small record is explained in milliseconds, the canonical one in a tenth of a second."""
    record: dict[str, Any] = newsevents.load(MINIMAL_PATH)
    day = {"value": "2024-08-22", "precision": "day"}
    record["provenance"]["created"] = dict(day)
    record["article"]["views"] = {"count": 5, "as_of": dict(day)}
    claim = copy.deepcopy(record["claims"][0])
    claim.update(id="cl-when", value={"kind": "moment", "moment": dict(day)})
    claim["time"] = {"start": {"value": "2021", "precision": "year"}, "end": dict(day)}
    record["claims"].append(claim)
    event = copy.deepcopy(record["events"][0])
    event.update(id="ev-then", date={"start": dict(day), "end": dict(day)})
    record["events"].append(event)
    return record


SMALL = _small()


def _problems(record: Any) -> list[newsevents.Problem]:
    return list(newsevents.iter_problems(record))


def _set(record: Any, path: tuple[Any, ...], value: Any) -> None:
    _node(record, path[:-1])[path[-1]] = value


def _moments() -> list[tuple[Any, ...]]:
    return [path for moment, path in gather(SMALL).moments if "value" in moment]


def test_the_small_record_is_valid_and_has_a_moment_at_every_moment_site() -> None:
    assert newsevents.is_valid(SMALL)
    sites = {site.path for site in SITES if site.role == "moment"}
    assert {tuple("*" if isinstance(s, int) else s for s in path) for path in _moments()} == sites


# -- a date string where a moment belongs -------------------------------------------------


@pytest.mark.parametrize("path", _moments(), ids=json_pointer)
def test_a_date_string_where_a_moment_belongs_is_shown_the_moment_to_write(
    path: tuple[Any, ...],
) -> None:
    record = copy.deepcopy(SMALL)
    moment = _node(record, path)
    _set(record, path, moment["value"])
    (problem,) = _problems(record)
    assert problem.pointer == json_pointer(path)
    form = f"{{value: '{moment['value']}', precision: {moment['precision']}"
    assert form in problem.message, problem.message
    assert "a moment is a mapping" in problem.message


@pytest.mark.parametrize(
    ("written", "form"),
    [
        ("2024-08-22", "{value: '2024-08-22', precision: day}"),
        ("2024-08", "{value: '2024-08', precision: month}"),
        (2023, "{value: '2023', precision: year}"),
        ("2024-08-23T02:34", "{value: '2024-08-23T02:34', precision: minute, zone: unstated}"),
        ("2024-08-23 02:34+0300", "{value: '2024-08-23T02:34', precision: minute, zone: '+03:00'}"),
        ("2024-08-23T02:34:05Z", "{value: '2024-08-23T02:34:05', precision: second, zone: 'Z'}"),
        ("August 22, 2024", "{value: '2024-08-22', precision: day, text: 'August 22, 2024'}"),
    ],
)
def test_the_moment_shown_is_the_one_the_string_says(written: Any, form: str) -> None:
    record = newsevents.load(MINIMAL_PATH)
    record["events"][0]["date"] = written
    (problem,) = _problems(record)
    assert form in problem.message


# -- an offset inside a moment's value ----------------------------------------------------


@pytest.mark.parametrize("path", _moments(), ids=json_pointer)
@pytest.mark.parametrize("offset", ["+03:00", "Z", "-05:30"])
def test_an_offset_in_a_moments_value_is_said_to_belong_in_zone(
    path: tuple[Any, ...], offset: str
) -> None:
    record = copy.deepcopy(SMALL)
    moment = _node(record, path)
    moment.update(value=f"2024-08-23T02:34{offset}", precision="minute", zone="unstated")
    (problem,) = _problems(record)
    assert problem.identity == ("schema.pattern", json_pointer((*path, "value")))
    assert "belongs in zone" in problem.message
    assert f"value: '2024-08-23T02:34' and zone: '{offset}'" in problem.message


def test_an_offset_on_a_date_is_said_to_have_no_place() -> None:
    record = newsevents.load(MINIMAL_PATH)
    record["events"][0]["date"]["value"] = "2024-08-22+03:00"
    (problem,) = _problems(record)
    assert "a date has no zone" in problem.message
    assert "value: '2024-08-22'" in problem.message


# -- unknown units, codes and kinds -------------------------------------------------------


@pytest.mark.parametrize(
    ("where", "written", "meant"),
    [
        (("claims", 0, "value", "quantity", "unit"), "dollars", "USD"),
        (("claims", 0, "value", "quantity", "unit"), "usd", "USD"),
        (("claims", 0, "value", "quantity", "unit"), "kilometres", "km"),
        (("claims", 0, "value", "quantity", "unit"), "persons", "person"),
        (("claims", 0, "value", "quantity", "unit"), "percentage", "percent"),
        (("claims", 0, "value", "quantity", "qualifier"), "more_than", "more-than"),
        (("entities", 3, "identifiers", 0, "value"), "cn", "CN"),
        (("entities", 2, "kind"), "City", "city"),
        (("entities", 2, "kind"), "organisation", "organization"),
        (("topics", 0, "sector"), "trades", "trade"),
    ],
)
def test_an_unknown_code_or_unit_is_given_the_nearest(
    where: tuple[Any, ...], written: str, meant: str
) -> None:
    record = newsevents.load(MINIMAL_PATH)
    _set(record, where, written)
    (problem,) = _problems(record)
    assert problem.pointer == json_pointer(where)
    assert f"did you mean {meant!r}?" in problem.message


def _codes() -> list[str]:
    codes = json.loads((ROOT / "schemas" / "1.0" / "codes.schema.json").read_text("utf-8"))
    return [code for part in codes["$defs"].values() for code in part["enum"]]


def test_every_code_in_the_wrong_letter_case_is_told_its_case() -> None:
    codes = _codes()
    for code in codes:
        assert suggest(code.lower(), codes) == f"did you mean {code!r}? (letter case matters)"


def test_a_word_like_no_code_is_offered_none() -> None:
    # difflib alone would offer 'ARS' (the Argentine peso) for "dollars": offer only
    # near misses, never a stranger.
    assert suggest("dollars", [c for c in _codes() if c != "USD"]) == ""
    assert suggest("town", ["city", "region", "country"]) == ""


def test_a_claim_value_of_no_kind_is_one_problem_naming_the_kinds() -> None:
    kinds: dict[str, int] = {}
    for i, claim in enumerate(ENRICHED["claims"]):
        kinds.setdefault(claim["value"]["kind"], i)
    assert len(kinds) >= 4
    for kind, i in kinds.items():
        record = copy.deepcopy(SMALL)
        record["claims"][0] = copy.deepcopy(ENRICHED["claims"][i])
        record["claims"][0]["value"]["kind"] = kind[:-1] + kind[-1] * 2
        problems = [p for p in _problems(record) if p.rule.startswith("schema.")]
        (problem,) = problems
        assert problem.identity == ("schema.oneOf", "/claims/0/value/kind")
        assert f"did you mean {kind!r}?" in problem.message
        assert "use one of: quantity, rank, entity, boolean, moment, text" in problem.message


def test_a_value_wrong_inside_its_form_is_told_by_that_form_only() -> None:
    record = newsevents.load(MINIMAL_PATH)
    record["claims"][0]["time"]["value"] = 2023
    (problem,) = _problems(record)
    assert problem.identity == ("schema.type", "/claims/0/time/value")
    assert "quote it ('2023')" in problem.message
    record = newsevents.load(MINIMAL_PATH)
    record["claims"][0]["time"] = {"anchor": "publicaton"}
    (problem,) = _problems(record)
    assert problem.pointer == "/claims/0/time/anchor"
    assert "not an anchor" in problem.message
    assert "did you mean 'publication'?" in problem.message


def _keys(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], str]]:
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            found.append((path, key))
            found += _keys(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += _keys(item, (*path, i))
    return found


def test_a_misspelt_key_is_one_problem_naming_the_key_meant() -> None:
    minimal = newsevents.load(MINIMAL_PATH)
    for path, key in _keys(minimal):
        record = copy.deepcopy(minimal)
        holder = _node(record, path)
        misspelt = key + key[-1]
        holder[misspelt] = holder.pop(key)
        problems = _problems(record)
        assert len(problems) == 1, (path, key, [str(p) for p in problems])
        assert f"did you mean {key!r}" in problems[0].message


# -- references ---------------------------------------------------------------------------


def test_a_misspelt_reference_names_the_id_meant() -> None:
    seen = set()
    for value, path, site in gather(ENRICHED).references:
        if site.pattern in seen:
            continue
        seen.add(site.pattern)
        record = copy.deepcopy(ENRICHED)
        _set(record, path, value + "2")
        (problem,) = _problems(record)
        assert problem.identity == ("unresolved-reference", json_pointer(path))
        assert f"did you mean {value!r}" in problem.message


# -- spans --------------------------------------------------------------------------------


def _evidence() -> list[tuple[tuple[Any, ...], dict[str, Any]]]:
    return [
        ((*path, j), span)
        for spans, path in gather(ENRICHED).evidence
        for j, span in enumerate(spans)
    ]


def test_a_span_one_code_point_short_or_long_says_so_and_shows_the_difference() -> None:
    text = ENRICHED["article"]["text"]
    for path, span in _evidence():
        if span["end"] >= len(text) or span["end"] - span["start"] < 2:
            continue
        for by, said in ((-1, "the span ends 1 code point before its text does"),
                         (1, "the span's text stops 1 code point early")):  # fmt: skip
            record = copy.deepcopy(ENRICHED)
            _node(record, path)["end"] += by
            (problem,) = check(record)
            assert problem.identity == ("span-text-mismatch", json_pointer((*path, "text")))
            assert said in problem.message
            tail = span["text"][-1] if by < 0 else text[span["end"]]
            assert f"goes on with {tail!r}" in problem.message


@settings(max_examples=300, deadline=None)
@given(data=st.data(), text=st.text(alphabet="ab \u00a0", min_size=2, max_size=200))
def test_a_mismatch_never_shows_two_texts_that_look_alike(data: st.DataObject, text: str) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    quoted = data.draw(st.text(alphabet="ab \u00a0", min_size=1, max_size=200))
    piece = text[start:end]
    if piece == quoted:
        return
    message = mismatch(text, quoted, start, end)
    same = next(
        (i for i, (a, b) in enumerate(zip(quoted, piece, strict=False)) if a != b),
        min(len(quoted), len(piece)),
    )
    if brief(quoted) == repr(quoted) and brief(piece) == repr(piece):  # both shown whole
        assert message.startswith(f"span text {quoted!r} differs from")
        assert f"= {piece!r}" in message
    else:  # not shown whole: what is shown is where they differ, and differs
        assert brief(quoted) not in message
        shown = re.findall(r"'(?:[^'\\]|\\.)*'", message.split(": ", 1)[1])
        assert shown
        assert len(shown) == len(set(shown)), message
    if same < min(len(quoted), len(piece)):
        assert f"differ from code point {same} of the span on" in message
    elif len(quoted) > len(piece):
        assert f"ends {len(quoted) - len(piece):,} code point" in message
    else:
        assert f"stops {len(piece) - len(quoted):,} code point" in message


# -- grammar ------------------------------------------------------------------------------

_BAD_ARTICLE = re.compile(r"\ba (?!uni|use|usu|one|utf)[aeiou]", re.IGNORECASE)


def test_references_of_the_wrong_kind_are_named_with_their_article() -> None:
    ids: dict[tuple[str, Any], str] = {}
    for ident, _path, site, holder in gather(ENRICHED).ids:
        ids.setdefault((site.targets[0], holder.get("kind")), ident)
    seen = set()
    messages = []
    for _value, path, site in gather(ENRICHED).references:
        if site.pattern in seen:
            continue
        seen.add(site.pattern)
        for ident in ids.values():
            record = copy.deepcopy(ENRICHED)
            _set(record, path, ident)
            messages += [p.message for p in check(record) if p.rule == "reference-kind"]
    assert any("names an event" in message for message in messages)
    assert any("must name an entity" in message for message in messages)
    for message in messages:
        assert not _BAD_ARTICLE.search(message), message


def test_no_message_of_the_examples_misuses_a_or_an() -> None:
    messages = []
    for path in sorted((ROOT / "tests" / "examples" / "invalid").glob("*.yaml")):
        try:
            documents = newsevents.load_all(path)
        except newsevents.LoadError as error:
            messages.append(error.message)
            continue
        messages += [p.message for d in documents for p in newsevents.iter_problems(d)]
    assert messages
    for message in messages:
        assert not _BAD_ARTICLE.search(message), message


def test_moment_form_reads_only_iso_8601() -> None:
    assert moment_form("22 August 2024") is None
    assert moment_form("2024-8-22") is None
    assert newsevents.is_valid(newsevents.load_fixture(CANONICAL))


# -- order ----------------------------------------------------------------------------------


def _broken_twice() -> str:
    """The minimal record with a span off its text near the top (a semantic problem) and
    a sector no list has near the bottom (a schema problem)."""
    text = MINIMAL_PATH.read_text(encoding="utf-8")
    text = text.replace("{start: 34, end: 39, text: Minsk}", "{start: 35, end: 40, text: Minsk}")
    return text.replace("sector: trade", "sector: trading")


def test_a_documents_problems_come_in_file_order_a_records_schema_first() -> None:
    (document,) = newsevents.loads_all(_broken_twice(), name="two.yaml")
    in_file = list(newsevents.iter_problems(document))
    assert [p.rule for p in in_file] == ["span-text-mismatch", "schema.enum"]
    assert [p.line for p in in_file] == sorted(p.line or 0 for p in in_file)
    plain = [p.rule for p in newsevents.iter_problems(document.record)]
    assert plain == ["schema.enum", "span-text-mismatch"]
    assert [r.problems for r in newsevents.validate_stream([document])] == [tuple(in_file)]


def test_extra_rules_take_their_place_in_the_file_too() -> None:
    text = _broken_twice().replace("sector: trading", "sector: trade")

    def shout(record: dict[str, Any]) -> Any:
        yield "/topics/0/words/0", "no"
        yield "/article/headline", "no"

    validator = newsevents.Validator(extra_rules={"shout": shout})
    (document,) = newsevents.loads_all(text, name="one.yaml")
    found = [(p.rule, p.pointer) for p in validator.iter_problems(document)]
    assert found == [
        ("shout", "/article/headline"),
        ("span-text-mismatch", "/entities/2/evidence/0/text"),
        ("shout", "/topics/0/words/0"),
    ]
