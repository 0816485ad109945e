"""Regenerate ``schemas/1.0/codes.schema.json`` from pycountry's copy of the ISO code lists.

The code lists are embedded in the schema so that validators in any language check them;
``tests/test_schemas.py`` fails when they drift from the installed pycountry. Run it with
``python tools/generate_codes.py`` after upgrading pycountry, and note the change in
CHANGELOG.md.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pycountry

SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / "1.0" / "codes.schema.json"
BASE = "https://newsevents.dev/schemas/1.0/"


def build() -> dict[str, Any]:
    """The codes schema as a JSON-ready dict, code lists sorted."""
    alpha2 = sorted(c.alpha_2 for c in pycountry.countries)
    former = sorted(c.alpha_4 for c in pycountry.historic_countries)
    currencies = sorted(c.alpha_3 for c in pycountry.currencies)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": BASE + "codes.schema.json",
        "title": "newsevents code lists",
        "description": (
            "ISO code lists embedded so that every validator checks real codes, not only "
            f"their shape. Generated from pycountry {pycountry_version()} by "
            "tools/generate_codes.py; do not edit by hand."
        ),
        "$defs": {
            "iso3166-1-alpha2": {
                "description": "An officially assigned ISO 3166-1 alpha-2 country code.",
                "examples": ["CN", "BY"],
                "enum": alpha2,
            },
            "iso3166-3": {
                "description": (
                    "An ISO 3166-3 four-letter code for a country name removed from "
                    "ISO 3166-1, such as a state that no longer exists."
                ),
                "examples": ["SUHH"],
                "enum": former,
            },
            "iso4217": {
                "description": "An active ISO 4217 alphabetic currency code.",
                "examples": ["USD", "CNY", "BYN"],
                "enum": currencies,
            },
        },
    }


def pycountry_version() -> str:
    """The installed pycountry's version, recorded in the schema's description."""
    from importlib.metadata import version

    return version("pycountry")


def render(schema: dict[str, Any]) -> str:
    """Serialise the way every schema file in ``schemas/`` is written."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    SCHEMA.write_text(render(build()), encoding="utf-8")
    print(f"wrote {SCHEMA}")
