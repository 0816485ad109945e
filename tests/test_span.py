"""``newsevents.span``: spans found by their text, counted in code points."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newsevents
from newsevents.exceptions import SpanNotFound

from .conftest import MINIMAL_PATH

TEXT = newsevents.load(MINIMAL_PATH)["article"]["text"]


def _places(text: str, needle: str, after: int = 0) -> list[int]:
    """Every place ``needle`` begins, overlapping ones too, the slow and obvious way."""
    return [i for i in range(after, len(text)) if text[i : i + len(needle)] == needle]


def test_the_span_of_a_name_is_its_slice() -> None:
    assert newsevents.span(TEXT, "Minsk") == {"start": 34, "end": 39, "text": "Minsk"}
    assert newsevents.span(TEXT, "Li Qiang", occurrence=2) == {
        "start": 159,
        "end": 167,
        "text": "Li Qiang",
    }
    assert newsevents.span(TEXT, "Li Qiang", after=1)["start"] == 159
    assert newsevents.span(TEXT, "Li Qiang", -1) == newsevents.span(TEXT, "Li Qiang", 2)


def test_offsets_count_code_points_not_bytes_or_utf16_units() -> None:
    text = "\U0001f600 Минск\u00a0and Minsk"
    found = newsevents.span(text, "Minsk")
    assert found == {"start": 12, "end": 17, "text": "Minsk"}
    assert text[found["start"] : found["end"]] == "Minsk"


def test_fewer_places_than_asked_says_how_many_there_are() -> None:
    with pytest.raises(SpanNotFound) as raised:
        newsevents.span(TEXT, "Li Qiang", occurrence=3)
    error = raised.value
    assert isinstance(error, LookupError)
    assert isinstance(error, newsevents.NewsEventsError)
    assert (error.needle, error.occurrence, error.count, error.after) == ("Li Qiang", 3, 2, 0)
    assert "written 2 times" in str(error)
    assert "no occurrence 3" in str(error)
    with pytest.raises(SpanNotFound, match="written once in the text from code point 100"):
        newsevents.span(TEXT, "Li Qiang", 2, after=100)


def test_a_text_not_written_says_so_and_offers_another_letter_case() -> None:
    with pytest.raises(SpanNotFound) as raised:
        newsevents.span(TEXT, "minsk")
    assert raised.value.count == 0
    assert "'minsk' is not written in the text" in str(raised.value)
    assert "'Minsk' at 34" in str(raised.value)
    with pytest.raises(SpanNotFound, match="written before, at 34"):
        newsevents.span(TEXT, "Minsk", after=50)


def test_the_error_survives_pickling() -> None:
    with pytest.raises(SpanNotFound) as raised:
        newsevents.span(TEXT, "Minks")
    copied = pickle.loads(pickle.dumps(raised.value))
    assert str(copied) == str(raised.value)
    assert vars(copied) == vars(raised.value)


@pytest.mark.parametrize(
    ("args", "kwargs", "error"),
    [
        ((TEXT, ""), {}, ValueError),
        ((TEXT, "Minsk", 0), {}, ValueError),
        ((TEXT, "Minsk", True), {}, ValueError),
        ((TEXT, "Minsk"), {"after": -1}, ValueError),
        ((TEXT, "Minsk"), {"after": len(TEXT) + 1}, ValueError),
        ((TEXT.encode(), "Minsk"), {}, TypeError),
        ((TEXT, 5), {}, TypeError),
    ],
)
def test_wrong_arguments_are_refused_with_what_to_give(
    args: tuple[object, ...], kwargs: dict[str, object], error: type[Exception]
) -> None:
    with pytest.raises(error):
        newsevents.span(*args, **kwargs)  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(data=st.data(), text=st.text(alphabet="ab\u00a0\U0001f600", min_size=1, max_size=30))
def test_every_place_is_found_in_order_and_one_more_is_refused(
    data: st.DataObject, text: str
) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    needle = text[start : data.draw(st.integers(start + 1, len(text)))]
    after = data.draw(st.integers(0, len(text)))
    places = _places(text, needle, after)
    for k, at in enumerate(places, 1):
        expected = {"start": at, "end": at + len(needle), "text": needle}
        assert newsevents.span(text, needle, k, after=after) == expected
        assert newsevents.span(text, needle, k - len(places) - 1, after=after) == expected
    for beyond in (len(places) + 1, -len(places) - 1):
        with pytest.raises(SpanNotFound) as raised:
            newsevents.span(text, needle, beyond, after=after)
        assert raised.value.count == len(places)
