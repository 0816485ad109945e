"""The public catalogue of rules: every name a problem can carry, what it requires, an example.

Five kinds: ``load`` rules are broken by a source before any record is judged (bad YAML, a
duplicate key), ``schema`` rules by a record the JSON Schema rejects (``schema.<keyword>``),
or by a document that names no schema the package knows, ``semantic`` rules by what JSON
Schema cannot say (a dangling reference), ``run`` rules by records checked together (two
with one id), and ``internal`` ones report a disagreement inside the validator, which is a
bug. Tests hold the
catalogue to the readers, the schema files and the README.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from newsevents._read.messages import LOAD_RULES
from newsevents._rules.semantic import RULES as SEMANTIC_RULES

__all__ = ["RULES", "Rule"]

RuleKind = Literal["load", "schema", "semantic", "run", "internal"]


@dataclass(frozen=True)
class Rule:
    """One rule of the catalogue.

    >>> from newsevents import RULES
    >>> rule = RULES["unresolved-reference"]
    >>> rule.kind
    'semantic'
    """

    name: str
    kind: RuleKind
    requires: str
    example: str


# The JSON Schema keywords of the record schema that a record can break.
_SCHEMA_RULES = {
    "schema.type": ("a value has the JSON type the schema gives", "count: 'many'"),
    "schema.required": ("every required property is present", "a record without article"),
    "schema.additionalProperties": (
        "no property the schema does not describe",
        "headlines: where headline is meant",
    ),
    "schema.enum": ("a value is one of the listed ones", "kind: town"),
    "schema.const": ("a value is the one the schema fixes", "a claim value of another kind"),
    "schema.pattern": ("a string has the form the schema gives", "id: 'Li Qiang'"),
    "schema.format": ("a string is a valid value of its format", "url: 'not a url'"),
    "schema.minLength": ("a string is not empty", "headline: ''"),
    "schema.maxLength": ("a string is not longer than the schema allows", "a 200-character id"),
    "schema.minItems": ("a list has at least the items the schema asks for", "evidence: []"),
    "schema.uniqueItems": ("a list holds no item twice", "sectors: [trade, trade]"),
    "schema.minimum": ("a number is not below the schema's minimum", "start: -1"),
    "schema.not": ("a property that must be absent is absent", "an entity on an article claim"),
    "schema.anyOf": ("a value matches one of the allowed forms", "unit: 'dollars'"),
    "schema.oneOf": (
        "a value matches exactly one of the allowed forms",
        "time: {value: '2023'} without its precision",
    ),
    "schema.maximum": ("a number is not above the schema's maximum", "confidence: 1.5"),
    "schema.propertyNames": (
        "every key of a mapping has the form the schema gives",
        "extensions: {mine: 1} where 'org.example' is the form",
    ),
    "schema.false": ("nothing is written where the schema allows nothing", "an extra branch"),
    "unknown-schema-version": (
        "a record names a schema version the package knows",
        "schema: https://newsevents.dev/schemas/9.0/record.schema.json",
    ),
    "not-a-record": (
        "a document names a news-event schema in schema, or holds at least half of the "
        "other properties a record requires",
        "a CI workflow (name, on, jobs) given to validate",
    ),
}

# Judged over every record of one run, not record by record.
_RUN_RULES = {
    "duplicate-record-id": (
        "no two records checked together (one validate run, or validate_stream with "
        "unique_ids) have the same id",
        "id: r1 in a.yaml and again in b.jsonl",
    ),
}

_SEMANTIC_EXAMPLES = {
    "duplicate-id": "two entities both with id minsk",
    "unresolved-reference": "speaker: li-qiang with no entity li-qiang",
    "reference-kind": "place: names a person",
    "span-out-of-range": "start: 5000 in a 4,000-character text",
    "span-text-mismatch": "text: 'Minsk' over the slice 'Minsk,'",
    "date-precision-mismatch": "value: '2024-08' with precision: day",
    "invalid-date": "value: '2023-02-29'",
    "bounds-exclude-value": "value: 10 with lower: 20",
    "non-finite-number": "value: .nan",
    "occurred-after-publication": "status: occurred, dated after the article",
    "quote-text-mismatch": "a direct quote whose words are not in its evidence",
    "attributed-quote-speaker": "a claim attributed to Li Qiang carried by Lukashenko's quote",
    "interval-reversed": "start: 2023, end: 2021",
}

_INTERNAL = {
    "engine-disagreement": "the two schema engines agree on every record",
    "rule-disagreement": "the rules' fast verdict agrees with their full account",
}

_LOAD_EXAMPLES = {
    "unreadable": "a file without read permission",
    "unknown-format": "records.txt",
    "encoding": "a Latin-1 byte such as 0xE9",
    "yaml-syntax": "a tab where indentation is expected",
    "json-syntax": "a trailing comma",
    "duplicate-key": "id: a and id: b in one mapping",
    "yaml-alias": "*anchor",
    "yaml-tag": "!!python/object",
    "non-string-key": "1: one",
    "non-finite-number": ".inf",
    "number-too-large": "an integer of 5,000 digits",
    "empty-document": "an empty file",
    "not-a-mapping": "a list at the top level",
    "too-deep": "lists nested thousands deep",
    "too-many-documents": "a generated stream of millions of tiny documents",
    "string-too-long": "a base64 image pasted into a field",
    "multiple-records": "two YAML documents given to load()",
}


def _catalogue() -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for name, requires in LOAD_RULES.items():
        rules[name] = Rule(name, "load", requires, _LOAD_EXAMPLES.get(name, "-"))
    for name, (requires, example) in _SCHEMA_RULES.items():
        rules[name] = Rule(name, "schema", requires, example)
    for name, requires in SEMANTIC_RULES.items():
        # non-finite-number is both: the readers refuse it in a file, the rules in data
        # built in Python; it is listed once, as the rule a Validator can select.
        rules[name] = Rule(name, "semantic", requires, _SEMANTIC_EXAMPLES[name])
    for name, (requires, example) in _RUN_RULES.items():
        rules[name] = Rule(name, "run", requires, example)
    for name, requires in _INTERNAL.items():
        rules[name] = Rule(name, "internal", requires, "none: it reports a bug; please report it")
    return rules


#: Every rule, by name: read-only.
RULES: Mapping[str, Rule] = MappingProxyType(_catalogue())
