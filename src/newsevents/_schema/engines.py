"""The two validation engines: jsonschema-rs decides fast, jsonschema explains.

Both are built once, from the packaged schemas only, with network retrieval refused and
the same format checks, so that they give the same verdict (a test runs both over every
fixture and example).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

import jsonschema_rs

from newsevents._errors import Problem, brief, json_pointer, json_type
from newsevents._schema.formats import FORMATS, format_check, pattern_check
from newsevents._resources import ROOT_SCHEMA_ID, schema_documents

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

__all__ = ["Engines", "engines", "fast_validator", "reference_validator"]


def _refuse_rs(uri: str) -> Any:
    raise ValueError(f"{uri} is not one of the packaged schemas; refusing to fetch it")


def reference_validator(documents: dict[str, dict[str, Any]], root_id: str) -> Any:
    """A jsonschema validator for ``root_id``, resolving only within ``documents``.

    jsonschema loads here, not at import: a run whose records are all valid never needs it.
    """
    import jsonschema
    import jsonschema.validators
    import referencing
    import referencing.exceptions
    from referencing.jsonschema import DRAFT202012

    # referencing declares its attrs classes' fields through a dataclass transform that
    # mypy does not read, so their constructors are called through Any.
    registry_type: Any = referencing.Registry
    no_such_resource: Any = referencing.exceptions.NoSuchResource

    def refuse(uri: str) -> referencing.Resource[Any]:
        # jsonschema would otherwise fetch unknown remote $refs over the network.
        raise no_such_resource(ref=uri)

    registry: referencing.Registry[Any] = registry_type(retrieve=refuse)
    # Without "$schema", so that jsonschema keeps the class below for referenced schemas
    # instead of switching to its stock class for the dialect they name.
    registry = registry.with_resources(
        (uri, DRAFT202012.create_resource({k: v for k, v in doc.items() if k != "$schema"}))
        for uri, doc in documents.items()
    )
    checker = jsonschema.FormatChecker(formats=())
    for name in FORMATS:
        checker.checks(name)(format_check(name))

    def pattern(validator: Any, regex: str, instance: Any, schema: Any) -> Any:
        if isinstance(instance, str) and not pattern_check(regex)(instance):
            yield jsonschema.ValidationError(f"{instance!r} does not match {regex!r}")

    base = jsonschema.Draft202012Validator
    # Where the two engines would read a value differently, the reference follows the
    # fast one: ECMA-262 patterns, and a Python tuple taken as an array.
    validator_class: Any = jsonschema.validators.extend(  # type: ignore[no-untyped-call]
        base,
        validators={"pattern": pattern},
        type_checker=base.TYPE_CHECKER.redefine(
            "array", lambda checker, value: isinstance(value, (list, tuple))
        ),
    )
    root = {k: v for k, v in documents[root_id].items() if k != "$schema"}
    return validator_class(root, registry=registry, format_checker=checker)


def fast_validator(documents: dict[str, dict[str, Any]], root_id: str) -> Any:
    """A jsonschema-rs validator for ``root_id``, resolving only within ``documents``."""
    return jsonschema_rs.validator_for(
        documents[root_id],
        registry=jsonschema_rs.Registry(list(documents.items()), retriever=_refuse_rs),
        validate_formats=True,
        retriever=_refuse_rs,
    )


class Engines:
    """The fast engine (``is_valid``) and the reference engine (``problems``)."""

    def __init__(self, documents: dict[str, dict[str, Any]], root_id: str) -> None:
        self._documents = documents
        self._root_id = root_id
        self.fast = fast_validator(documents, root_id)

    @functools.cached_property
    def reference(self) -> Any:
        """The jsonschema validator, built the first time a record needs explaining."""
        return reference_validator(self._documents, self._root_id)

    def is_valid(self, instance: Any) -> bool:
        """The fast verdict; values jsonschema-rs cannot read go to the reference engine."""
        try:
            return bool(self.fast.is_valid(instance))
        except (ValueError, TypeError, OverflowError):
            return not self.problems(instance)

    def problems(self, instance: Any) -> list[Problem]:
        """Every schema problem, explained once, in the order the reference engine finds
        them (it reports a missing property once per property, each naming them all)."""
        found: list[Problem] = []
        seen: set[tuple[str, str, str]] = set()
        try:
            for error in self.reference.iter_errors(instance):
                for problem in _explain(error):
                    key = (problem.rule, problem.pointer, problem.message)
                    if key not in seen:
                        seen.add(key)
                        found.append(problem)
        except (TypeError, ValueError, RecursionError) as error:
            # Only values built in Python get here (a complex number, a 20,000-deep list):
            # files are read as plain JSON data with bounded nesting.
            found.append(
                Problem(
                    "schema.type",
                    f"the record holds a value that is not JSON data ({type(error).__name__}: "
                    f"{brief(str(error))}); use only dicts, lists, strings, numbers, booleans "
                    "and None",
                )
            )
        return found


@functools.cache
def engines() -> Engines:
    """The engines for the packaged root schema, built on first use and then shared."""
    return Engines(schema_documents(), ROOT_SCHEMA_ID)


# -- explanations -------------------------------------------------------------------------


def _described(schema: Any) -> str:
    if isinstance(schema, dict) and isinstance(schema.get("description"), str):
        return f" ({schema['description']})"
    return ""


def _explain(error: ValidationError) -> list[Problem]:
    keyword = error.validator
    value: Any = error.validator_value
    instance = error.instance
    schema = error.schema
    pointer = json_pointer(error.absolute_path)
    rule = f"schema.{keyword}" if isinstance(keyword, str) else "schema.false"

    if keyword == "additionalProperties" and isinstance(instance, dict):
        allowed = sorted(schema.get("properties", {})) if isinstance(schema, dict) else []
        extras = [key for key in instance if key not in allowed]
        hint = f"allowed here: {', '.join(allowed)}" if allowed else "no properties are allowed"
        return [
            Problem(
                rule,
                f"unexpected property {key!r}; remove it or correct its spelling ({hint})",
                f"{pointer}/{json_pointer([key])[1:]}",
            )
            for key in extras
        ] or [Problem(rule, error.message, pointer)]
    if keyword == "required" and isinstance(schema, dict):
        missing = [name for name in value if isinstance(instance, dict) and name not in instance]
        properties = schema.get("properties", {})
        return [
            Problem(
                rule,
                f"missing required property {name!r}; add it"
                + _described(properties.get(name) if isinstance(properties, dict) else None),
                pointer,
            )
            for name in missing
        ] or [Problem(rule, error.message, pointer)]
    return [Problem(rule, _message(keyword, value, instance, schema, error.message), pointer)]


def _message(keyword: Any, value: Any, instance: Any, schema: Any, default: str) -> str:
    if keyword is None or (keyword == "not" and value == {}):
        return f"this property is not allowed here; remove it{_described(schema)}"
    if keyword == "enum":
        if len(value) <= 20:
            choices = ", ".join(str(v) for v in value)
            return f"{brief(instance)} is not an allowed value; use one of: {choices}"
        return (
            f"{brief(instance)} is not one of the {len(value)} allowed values{_described(schema)}"
        )
    if keyword == "const":
        return f"{brief(instance)} must be exactly {value!r}"
    if keyword == "type":
        wanted = value if isinstance(value, str) else " or ".join(value)
        return f"expected {wanted}, found {json_type(instance)} {brief(instance)}"
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
