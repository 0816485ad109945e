"""Schema problems explained: one problem for one mistake, saying what to write.

jsonschema reports a value that fits none of a ``oneOf``'s forms as one error holding every
branch's errors. Read as they come, that is either a sentence that says nothing ("matches
none of the allowed forms") or six problems for one mistyped ``kind``. So the branch the
value meant is found (the one whose constant ``kind`` it names, else the one it fits
best) and only that branch's errors are explained; a ``kind`` no branch has is one problem
naming the kinds there are. Where a first record often goes wrong, the message shows what
to write: a moment for a date string, the zone apart from a moment's value, the code
nearest to an unknown one.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from newsevents._errors import Problem, an, brief, json_pointer, json_type, suggest

# The sites table depends on nothing else of the package, so explanations may read it.
from newsevents._rules.sites import SITES

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

__all__ = ["Rename", "explain", "moment_form"]


#: A key written where another was meant: the path of the mapping, the key written, the
#: key it stands for.
Rename = tuple[tuple[Any, ...], str, str]


def explain(errors: Iterable[ValidationError]) -> tuple[list[Problem], list[Rename]]:
    """The problems a record's jsonschema errors stand for, each with its keyword
    location, in the order of the errors, none said twice; and the keys that are
    misspellings of a key the schema has there (which the problems name), so that the
    rules can judge the record as it was meant."""
    leaves: list[ValidationError | Problem] = []
    for error in errors:
        leaves += _leaves(error)
    errors_only = [leaf for leaf in leaves if not isinstance(leaf, Problem)]
    typos = _typos(errors_only)
    misspelt = {at for at, _key in typos}
    found: list[Problem] = []
    seen: set[tuple[str, str, str]] = set()
    for leaf in leaves:
        if not isinstance(leaf, Problem) and _after_typo(leaf, misspelt):
            continue
        for problem in [leaf] if isinstance(leaf, Problem) else _problems(leaf, typos):
            key = (problem.rule, problem.pointer, problem.message)
            if key not in seen:
                seen.add(key)
                found.append(problem)
    return found, _renames(errors_only, typos)


def _renames(errors: list[ValidationError], typos: _Typos) -> list[Rename]:
    renames: list[Rename] = []
    for error in errors:
        if error.validator != "additionalProperties" or not isinstance(error.instance, dict):
            continue
        known = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
        absent = [name for name in known if name not in error.instance]
        where = json_pointer(error.absolute_path)
        for key in error.instance:
            if key in known or not isinstance(key, str):
                continue
            meant = typos.get((where, key)) or _nearest(key, absent)
            if meant is not None:
                renames.append((tuple(error.absolute_path), key, meant))
                absent.remove(meant)
    return renames


def _nearest(key: str, names: list[str]) -> str | None:
    close = difflib.get_close_matches(key, names, n=1, cutoff=0.75)
    return close[0] if close else None


def _where(error: ValidationError) -> str:
    return "#" + json_pointer(error.absolute_schema_path)


def _leaves(error: ValidationError) -> list[ValidationError | Problem]:
    """The errors that say what is wrong: of a oneOf or anyOf, those of the branch the
    value meant, or one problem said for the whole."""
    instance = error.instance
    pointer = json_pointer(error.absolute_path)
    rule = f"schema.{error.validator}" if isinstance(error.validator, str) else "schema.false"
    if _is_moment(error.absolute_path) and not isinstance(instance, dict):
        return [Problem(rule, _not_a_moment(instance), pointer, schema_path=_where(error))]
    if error.validator in ("oneOf", "anyOf") and error.context:
        chosen = _alternatives(error, rule, pointer)
        if chosen is not None:
            leaves: list[ValidationError | Problem] = []
            for sub in chosen:
                leaves += [sub] if isinstance(sub, Problem) else _leaves(sub)
            return leaves
    return [error]


#: Misspelt keys: (the object's pointer, the key written) -> the required key it stands for.
_Typos = dict[tuple[str, str], str]


def _typos(errors: list[ValidationError]) -> _Typos:
    """Keys that are a required key misspelt: said once, as the misspelling, not twice
    (as a key not allowed and a key missing)."""
    missing: dict[str, list[str]] = {}
    for error in errors:
        if error.validator == "required" and isinstance(error.instance, dict):
            required: Any = error.validator_value
            names = [n for n in required if n not in error.instance]
            missing.setdefault(json_pointer(error.absolute_path), []).extend(names)
    typos: _Typos = {}
    for error in errors:
        where = json_pointer(error.absolute_path)
        if error.validator != "additionalProperties" or where not in missing:
            continue
        known = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
        for key in error.instance if isinstance(error.instance, dict) else ():
            if key in known or not isinstance(key, str):
                continue
            close = difflib.get_close_matches(key, missing[where], n=1, cutoff=0.75)
            if close and close[0] not in typos.values():
                typos[(where, key)] = close[0]
    return typos


def _after_typo(error: ValidationError, misspelt: set[str]) -> bool:
    """Whether the error comes of an ``else`` taken only because a key was misspelt: a
    moment whose ``precision`` is written ``precison`` is not told that a date has no zone.
    """
    if "else" not in error.absolute_schema_path:
        return False
    where = json_pointer(error.absolute_path)
    return any(where == at or where.startswith(at + "/") for at in misspelt)


def _problems(error: ValidationError, typos: _Typos) -> list[Problem]:
    keyword = error.validator
    value: Any = error.validator_value
    instance: Any = error.instance
    schema = error.schema
    pointer = json_pointer(error.absolute_path)
    rule = f"schema.{keyword}" if isinstance(keyword, str) else "schema.false"
    where = _where(error)

    if keyword == "additionalProperties" and isinstance(instance, dict):
        allowed = sorted(schema.get("properties", {})) if isinstance(schema, dict) else []
        extras = [key for key in instance if key not in allowed]
        found = []
        for key in extras:
            meant = typos.get((pointer, key))
            hint = (
                f"; did you mean {meant!r}, which is required here?"
                if meant
                else _then(suggest(key, allowed))
            )
            listed = f"allowed here: {', '.join(allowed)}" if allowed else "none is allowed"
            message = f"unexpected property {key!r}; remove it or correct its spelling{hint} "
            found.append(
                Problem(rule, message + f"({listed})", f"{pointer}/{json_pointer([key])[1:]}")
            )
        return [replace(p, schema_path=where) for p in found] or [
            Problem(rule, error.message, pointer, schema_path=where)
        ]
    if keyword == "required" and isinstance(schema, dict):
        misspelt = {name for (at, _key), name in typos.items() if at == pointer}
        missing = [name for name in value if isinstance(instance, dict) and name not in instance]
        properties = schema.get("properties", {})
        return [
            Problem(
                rule,
                f"missing required property {name!r}; add it"
                + _described(properties.get(name) if isinstance(properties, dict) else None),
                pointer,
                schema_path=where,
            )
            for name in missing
            if name not in misspelt
        ] or ([] if missing else [Problem(rule, error.message, pointer, schema_path=where)])
    if keyword == "pattern" and _is_moment_value(error.absolute_path, instance):
        return [Problem(rule, _zone_in_value(instance), pointer, schema_path=where)]
    message = _message(keyword, value, instance, schema, error.message)
    return [Problem(rule, message, pointer, schema_path=where)]


def _described(schema: Any) -> str:
    if isinstance(schema, dict) and isinstance(schema.get("description"), str):
        return f" ({schema['description']})"
    return ""


def _message(keyword: Any, value: Any, instance: Any, schema: Any, default: str) -> str:
    if keyword is None or (keyword == "not" and value == {}):
        return f"this property is not allowed here; remove it{_described(schema)}"
    if keyword == "enum":
        hint = _then(suggest(instance, value, _glossary(schema, value)))
        if len(value) <= 20:
            choices = ", ".join(str(v) for v in value)
            return f"{brief(instance)} is not an allowed value{hint}; use one of: {choices}"
        return (
            f"{brief(instance)} is not one of the {len(value)} allowed values"
            f"{_described(schema)}{hint}"
        )
    if keyword == "const":
        return f"{brief(instance)} must be exactly {value!r}"
    if keyword == "type":
        wanted = value if isinstance(value, str) else " or ".join(value)
        found = f"expected {wanted}, found {json_type(instance)} {brief(instance)}"
        if wanted == "string" and json_type(instance) in ("integer", "number", "boolean"):
            # YAML reads 2023, 1.0 and true as numbers and booleans unless they are quoted.
            return f"{found}; quote it ('{instance}') so that it is read as text"
        return found
    if keyword == "pattern":
        return (
            f"{brief(instance)} is not in the required form"
            f"{_described(schema) or f' (pattern {value})'}"
        )
    if keyword == "format":
        return f"{brief(instance)} is not a valid {value}{_described(schema)}"
    if keyword in ("anyOf", "oneOf"):
        return f"{brief(instance)} matches none of the allowed forms{_described(schema)}"
    if keyword == "minItems" and value == 1:
        return "this list must not be empty; give at least one item"
    if keyword == "minLength" and value == 1:
        return "this text must not be empty"
    return f"{default}; correct the value"


# -- oneOf and anyOf: the branch the value meant --------------------------------------------

# Errors that say a value is not of a branch's shape at all, rather than wrong inside it.
_SHAPE = frozenset(("type", "required", "additionalProperties", "const", "not"))


def _alternatives(
    error: ValidationError, rule: str, pointer: str
) -> list[ValidationError | Problem] | None:
    """The errors of the branch the value meant, or one problem for them all; None to say
    that the value as a whole matches no form (it fits several branches equally badly,
    or several well)."""
    count = len(error.validator_value) if isinstance(error.validator_value, list) else 0
    branches: dict[int, list[ValidationError]] = {}
    for sub in error.context or ():
        branches.setdefault(int(sub.relative_schema_path[0]), []).append(sub)
    if len(branches) < count:  # a branch holds: a oneOf matched twice, said as a whole
        return None
    depth = len(error.absolute_path)
    instance = error.instance
    candidates = list(branches)
    if isinstance(instance, dict):
        for key, expected in _discriminators(branches, depth).items():
            if key not in instance:
                continue
            lacking = {i for i in candidates if key in _unknown_keys(branches[i], depth)}
            matching = [i for i in candidates if i not in expected and i not in lacking]
            if not matching:  # a kind no branch has: one problem, at the kind
                choices = [expected[i] for i in sorted(expected)]
                hint = _then(suggest(instance[key], choices))
                message = (
                    f"{brief(instance[key])} is not {an(key)} this value can have{hint}; use "
                    f"one of: {', '.join(map(str, choices))}{_described(error.schema)}"
                )
                at = f"{pointer}/{json_pointer([key])[1:]}"
                return [Problem(rule, message, at, schema_path=_where(error))]
            candidates = matching
    if isinstance(instance, str) and _choices_alike(branches, candidates, depth):
        message = _no_choice(error, [branches[i] for i in candidates])
        return [Problem(rule, message, pointer, schema_path=_where(error))]

    def score(index: int) -> tuple[int, int, int]:
        errors = branches[index]
        shape = sum(1 for e in errors if len(e.absolute_path) == depth and e.validator in _SHAPE)
        return (len(_unknown_keys(errors, depth)), shape, len(errors))

    ranked = sorted(candidates, key=score)
    if len(ranked) > 1 and score(ranked[0]) == score(ranked[1]) and score(ranked[0])[1]:
        return None  # no branch is nearer than another
    return list(branches[ranked[0]])


def _unknown_keys(errors: list[ValidationError], depth: int) -> set[str]:
    """The keys of the value that a branch does not have."""
    unknown: set[str] = set()
    for sub in errors:
        if sub.validator == "additionalProperties" and len(sub.absolute_path) == depth:
            known = sub.schema.get("properties", {}) if isinstance(sub.schema, dict) else {}
            if isinstance(sub.instance, dict):
                unknown |= {str(key) for key in sub.instance if key not in known}
    return unknown


def _then(hint: str) -> str:
    return f"; {hint}" if hint else ""


def _discriminators(
    branches: dict[int, list[ValidationError]], depth: int
) -> dict[str, dict[int, Any]]:
    """For each property some branch holds constant, the constant of each branch whose
    constant the value does not have."""
    kinds: dict[str, dict[int, Any]] = {}
    for index, errors in branches.items():
        for sub in errors:
            steps = list(sub.relative_schema_path)
            if (
                sub.validator == "const"
                and len(sub.absolute_path) == depth + 1
                and (steps[1:2] == ["properties"] and steps[-1] == "const")
            ):
                kinds.setdefault(str(sub.absolute_path[-1]), {})[index] = sub.validator_value
    return kinds


def _choices_alike(
    branches: dict[int, list[ValidationError]], candidates: list[int], depth: int
) -> bool:
    """Whether each branch is one list or form the value is not in: a code, a unit."""
    return all(
        len(branches[i]) == 1
        and len(branches[i][0].absolute_path) == depth
        and branches[i][0].validator in ("enum", "const", "pattern")
        for i in candidates
    )


def _no_choice(error: ValidationError, branches: list[list[ValidationError]]) -> str:
    values: list[Any] = []
    glossary: dict[str, str] = {}
    for (sub,) in branches:
        listed: Any = sub.validator_value
        if sub.validator == "enum":
            values += listed
            glossary |= _glossary(sub.schema, listed)
        elif sub.validator == "const":
            values.append(sub.validator_value)
    hint = _then(suggest(error.instance, values, glossary))
    return f"{brief(error.instance)} is none of the allowed values{_described(error.schema)}{hint}"


# -- suggestions ----------------------------------------------------------------------------


def _glossary(schema: Any, values: Sequence[Any]) -> dict[str, str]:
    """The words a schema's description gives for its values: 'km (kilometres)'."""
    text = schema.get("description") if isinstance(schema, dict) else None
    if not isinstance(text, str):
        return {}
    words: dict[str, str] = {}
    for value in values:
        if isinstance(value, str):
            match = re.search(rf"(?<![\w-]){re.escape(value)} \(([^()]+)", text)
            if match:
                words[match[1].strip().casefold()] = value
    return words


# -- moments --------------------------------------------------------------------------------


@functools.cache
def _moment_paths() -> frozenset[tuple[str, ...]]:
    return frozenset(site.path for site in SITES if site.role == "moment")


def _pattern(path: Sequence[Any]) -> tuple[str, ...]:
    return tuple("*" if isinstance(step, int) else str(step) for step in path)


def _is_moment(path: Sequence[Any]) -> bool:
    """Whether a moment (or a time, which may be one) belongs at ``path``."""
    return _pattern(path) in _moment_paths()


def _is_moment_value(path: Sequence[Any], instance: Any) -> bool:
    steps = list(path)
    return (
        bool(steps)
        and steps[-1] == "value"
        and _is_moment(steps[:-1])
        and (isinstance(instance, str))
    )


_WRITTEN = re.compile(
    r"(?P<value>[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2}(?:[T ][0-9]{2}(?::[0-9]{2}(?::[0-9]{2})?)?)?)?)?)"
    r"(?P<fraction>[.,][0-9]+)?(?P<zone>Z|[+-][0-9]{2}:?[0-9]{2})?"
)
_PRECISIONS = {4: "year", 7: "month", 10: "day", 13: "hour", 16: "minute", 19: "second"}


def moment_form(written: str) -> str | None:
    """The moment to write for an ISO 8601 date or time written as one string.

    >>> moment_form("2024-08-22")
    "{value: '2024-08-22', precision: day}"
    >>> moment_form("2024-08-23T02:34+03:00")
    "{value: '2024-08-23T02:34', precision: minute, zone: '+03:00'}"
    >>> moment_form("August 22, 2024") is None
    True
    """
    match = _WRITTEN.fullmatch(written.strip())
    if match is None:
        return None
    value = match["value"].replace(" ", "T")
    precision = _PRECISIONS[len(value)]
    zone = match["zone"]
    if zone is not None and zone != "Z" and ":" not in zone:
        zone = f"{zone[:3]}:{zone[3:]}"
    parts = [f"value: '{value}'", f"precision: {precision}"]
    if len(value) > 10:
        parts.append(f"zone: '{zone}'" if zone else "zone: unstated")
    return "{" + ", ".join(parts) + "}"


def _not_a_moment(instance: Any) -> str:
    plain = isinstance(instance, (str, int)) and not isinstance(instance, bool)
    form = moment_form(str(instance)) if plain else None
    found = "null" if instance is None else f"{json_type(instance)} {brief(instance)}"
    if form is not None:
        return (
            f"a moment is a mapping, not {found}: write {form}, and text: with the words as "
            "the article writes them"
        )
    example = "{value: '2024-08-22', precision: day, text: 'August 22, 2024'}"
    return (
        f"a moment is a mapping, not {found}: write its ISO 8601 value, its precision and "
        f"the words as written, such as {example}"
    )


def _zone_in_value(written: str) -> str:
    match = _WRITTEN.fullmatch(written.strip())
    if match is not None and match["zone"] is not None and len(match["value"]) > 10:
        zone = match["zone"]
        value = match["value"].replace(" ", "T")
        return (
            f"{brief(written)} holds its UTC offset, which belongs in zone: write value: "
            f"'{value}' and zone: '{zone}'"
        )
    if match is not None and match["zone"] is not None:
        return (
            f"{brief(written)} holds a UTC offset, but a date has no zone: write value: "
            f"'{match['value']}' and leave the zone out"
        )
    if match is not None and (match["fraction"] or " " in match["value"]):
        form = moment_form(written)
        return f"{brief(written)} is not in the required form: write {form}"
    return (
        f"{brief(written)} is not in the required form: write YYYY, YYYY-MM, YYYY-MM-DD, "
        "YYYY-MM-DDThh, YYYY-MM-DDThh:mm or YYYY-MM-DDThh:mm:ss, with the zone apart in zone"
    )
