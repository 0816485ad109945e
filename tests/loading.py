"""Helpers the loader's tests share."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from newsevents._errors import LoadError
from newsevents._read.loader import Format, load_document, load_documents
from newsevents._read.messages import LOAD_RULES

RULES = set(LOAD_RULES) - {"multiple-records"}


def error_of(source: str | bytes | Path, *, format: Format | None = None) -> LoadError:
    with pytest.raises(LoadError) as caught:
        load_documents(source, format=format)
    return caught.value


def value_of(yaml_value: str) -> Any:
    return load_document(f"v: {yaml_value}\n").record["v"]


def assert_plain(value: object) -> None:
    """Only the JSON data model, built fresh: no subclasses, no dates, no bytes."""
    if type(value) is dict:
        for key, item in value.items():
            assert type(key) is str
            assert_plain(item)
    elif type(value) is list:
        for item in value:
            assert_plain(item)
    else:
        assert value is None or type(value) in (str, int, float, bool), repr(value)
