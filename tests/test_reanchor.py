"""``newsevents.reanchor``: spans moved back onto their text after the text was edited."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newsevents
from newsevents._rules.sites import SITES, gather

from .conftest import MINIMAL_PATH

EVIDENCE = [site for site in SITES if site.role == "evidence"]
ALPHABET = "ab \u00a0\U0001f600"


def _skeleton(text: str) -> tuple[dict[str, Any], list[list[dict[str, Any]]]]:
    """A record with an empty evidence list at every evidence site of the model, and the
    lists, in the order of ``EVIDENCE``. Only what the sites table says is built: the
    record is nothing the schema would accept, and need not be."""
    record: dict[str, Any] = {"article": {"text": text}}
    lists = []
    for site in EVIDENCE:
        node: Any = record
        for step, following in zip(site.path, [*site.path[1:], None], strict=True):
            if site.when is not None and isinstance(node, dict):
                node.setdefault(*site.when)  # the condition is tested on the holder
            if step == "*":
                if not node:
                    node.append({})
                node = node[0]
                continue
            fresh: Any = [] if following == "*" or following is None else {}
            node = node.setdefault(step, fresh)
        lists.append(node)
    assert len(gather(record).evidence) == len(EVIDENCE)
    return record, lists


def _edited(data: st.DataObject, text: str, alphabet: str) -> tuple[str, int, int, str]:
    at = data.draw(st.integers(0, len(text)), label="at")
    deleted = data.draw(st.integers(0, len(text) - at), label="deleted")
    inserted = data.draw(st.text(alphabet=alphabet, max_size=8), label="inserted")
    return text[:at] + inserted + text[at + deleted :], at, deleted, inserted


def _spans(data: st.DataObject, text: str) -> list[tuple[int, int, int]]:
    """(site, start, end) of a few spans of ``text``."""
    found = []
    for _ in range(data.draw(st.integers(1, 8), label="spans")):
        start = data.draw(st.integers(0, len(text) - 1))
        end = data.draw(st.integers(start + 1, min(len(text), start + 6)))
        found.append((data.draw(st.integers(0, len(EVIDENCE) - 1)), start, end))
    return found


@settings(max_examples=300, deadline=None)
@given(data=st.data(), text=st.text(alphabet=ALPHABET, min_size=1, max_size=40))
def test_after_an_edit_every_span_whose_text_still_occurs_is_restored(
    data: st.DataObject, text: str
) -> None:
    spans = _spans(data, text)
    new, *_ = _edited(data, text, ALPHABET)
    record, lists = _skeleton(new)
    for site, start, end in spans:
        lists[site].append({"start": start, "end": end, "text": text[start:end]})
    moves = {move.pointer: move for move in newsevents.reanchor(record)}
    for site, items in enumerate(lists):
        for j, (span, old) in enumerate(zip(items, _olds(spans, site), strict=True)):
            pointer = f"{EVIDENCE[site].pattern.replace('*', '0')}/{j}"
            where, quoted = (span["start"], span["end"]), span["text"]
            if new[old[0] : old[1]] == quoted:  # still on its text: never moved
                assert where == old
                assert pointer not in moves
            elif quoted in new:
                move = moves[pointer]
                assert move.old == old
                if move.moved:
                    assert new[where[0] : where[1]] == quoted
                    assert move.new == where
                else:  # every place of its text is a sibling's
                    assert where == old
                    assert "only where another span" in move.reason
                    siblings = {(s["start"], s["end"]) for s in items if s is not span}
                    for at in _places(new, quoted):
                        assert (at, at + len(quoted)) in siblings
            else:
                assert where == old
                assert not moves[pointer].moved
                assert "is not written within 10,000 code points" in moves[pointer].reason
    # Idempotent: a second pass moves nothing, and reports the same spans unplaced.
    before = repr(record)
    again = newsevents.reanchor(record)
    assert repr(record) == before
    assert again == [move for move in moves.values() if not move.moved]


def _olds(spans: list[tuple[int, int, int]], site: int) -> list[tuple[int, int]]:
    """The offsets of the spans put at one site, in order."""
    return [(start, end) for group, start, end in spans if group == site]


def _places(text: str, needle: str) -> list[int]:
    return [i for i in range(len(text)) if text.startswith(needle, i)]


DISTINCT = [chr(c) for c in range(0x41, 0x5B)] + ["\u00a0", "\u2022", "\U0001f600", "é"]


@settings(max_examples=300, deadline=None)
@given(data=st.data(), letters=st.lists(st.sampled_from(DISTINCT), min_size=1, unique=True))
def test_spans_before_an_edit_stay_and_spans_after_it_move_by_its_length(
    data: st.DataObject, letters: list[str]
) -> None:
    # Every character of the text is written once, so every span's text has one place.
    text = "".join(letters)
    spans = sorted(set(_spans(data, text)))
    new, at, deleted, inserted = _edited(data, text, "0123456789")
    shift = len(inserted) - deleted
    record, lists = _skeleton(new)
    for site, start, end in spans:
        lists[site].append({"start": start, "end": end, "text": text[start:end]})
    moves = {move.pointer: move.new for move in newsevents.reanchor(record)}
    expected: dict[str, tuple[int, int] | None] = {}
    for site, start, end in spans:
        j = _olds(spans, site).index((start, end))
        pointer = f"{EVIDENCE[site].pattern.replace('*', '0')}/{j}"
        span = lists[site][j]
        if end <= at or (deleted == 0 and not inserted):
            assert (span["start"], span["end"]) == (start, end)
        elif start >= at + deleted:
            assert (span["start"], span["end"]) == (start + shift, end + shift)
            if shift:
                expected[pointer] = (start + shift, end + shift)
        else:  # the edit went through it, and its text is nowhere now
            assert (span["start"], span["end"]) == (start, end)
            expected[pointer] = None
    assert moves == expected


def test_a_common_word_is_not_caught_by_a_nearer_copy_of_itself() -> None:
    # The nearest "China" to the first span's old place is the inserted one; the shift that
    # puts the most spans back is the sentence's length.
    old = "China and Belarus met. China agreed."
    new = "Belarus praised China today. " + old
    assert new.find("China") == 16
    record, lists = _skeleton(new)
    for word, start in (("China", 0), ("Belarus", 10), ("China", 23)):
        lists[0].append({"start": start, "end": start + len(word), "text": word})
    moves = newsevents.reanchor(record)
    assert [span["start"] for span in lists[0]] == [29, 39, 52]
    assert [str(move) for move in moves] == [
        "moved /article/headline_evidence/0 from [0, 5) to [29, 34)",
        "moved /article/headline_evidence/1 from [10, 17) to [39, 46)",
        "moved /article/headline_evidence/2 from [23, 28) to [52, 57)",
    ]


def test_a_span_one_code_point_short_is_given_its_texts_length() -> None:
    record = newsevents.load(MINIMAL_PATH)
    record["entities"][2]["evidence"][0]["end"] = 38  # 'Minsk' over [34, 38)
    (move,) = newsevents.reanchor(record)
    assert str(move) == "moved /entities/2/evidence/0 from [34, 38) to [34, 39)"
    assert newsevents.is_valid(record)


def test_a_span_whose_text_is_out_of_reach_is_left_and_reported() -> None:
    record, lists = _skeleton("x" * 50 + "Minsk")
    lists[0].append({"start": 0, "end": 5, "text": "Minsk"})
    (move,) = newsevents.reanchor(record, window=20)
    assert move.new is None
    assert lists[0][0] == {"start": 0, "end": 5, "text": "Minsk"}
    assert str(move) == (
        "could not place /article/headline_evidence/0: 'Minsk' is not written within 20 "
        "code points of [0, 5); left unchanged"
    )
    (move,) = newsevents.reanchor(record, window=50)
    assert move.new == (50, 55)


def test_odd_shapes_are_left_to_the_validator() -> None:
    assert newsevents.reanchor({}) == []
    assert newsevents.reanchor([]) == []
    assert newsevents.reanchor({"article": {"text": 5}}) == []
    odd = [
        {"start": "0", "end": 5, "text": "Minsk"},
        {"start": 0, "end": 5},
        {"start": 0, "end": 5, "text": ""},
        {"start": True, "end": 5, "text": "Minsk"},
        "Minsk",
    ]
    record = {"article": {"text": "in Minsk", "headline_evidence": odd}}
    assert newsevents.reanchor(record) == []
    with pytest.raises(ValueError, match="window"):
        newsevents.reanchor(record, window=-1)


def test_the_canonical_fixture_needs_no_reanchoring() -> None:
    record = newsevents.load_fixture("china-belarus-2024-08-23")
    assert newsevents.reanchor(record) == []


def test_a_span_is_not_moved_to_where_another_of_its_list_points() -> None:
    # The second "Li Qiang" was edited away; the first place of the name is the first
    # span's, and a list holding one span twice is never what was meant.
    record = newsevents.load(MINIMAL_PATH)
    text = record["article"]["text"]
    record["article"]["text"] = "Premier " + text.replace("Li Qiang said", "Li said")
    moves = {move.pointer: move for move in newsevents.reanchor(record)}
    assert record["entities"][0]["evidence"][0] == {"start": 8, "end": 16, "text": "Li Qiang"}
    unplaced = moves["/entities/0/evidence/1"]
    assert unplaced.new is None
    assert str(unplaced) == (
        "could not place /entities/0/evidence/1: 'Li Qiang' is written near [159, 167) only "
        "where another span of /entities/0/evidence already points; left unchanged"
    )
    assert record["entities"][0]["evidence"][1] == {"start": 159, "end": 167, "text": "Li Qiang"}
