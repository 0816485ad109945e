"""The two validation engines: jsonschema-rs decides fast, jsonschema explains.

Both are built once, from the packaged schemas only, with network retrieval refused and
the same format checks, so that they give the same verdict (a test runs both over every
fixture and example).
"""

from __future__ import annotations

import functools
from typing import Any

import jsonschema_rs

from newsevents._errors import Problem, brief
from newsevents._resources import SCHEMA_VERSION, root_schema_id, schema_documents, schema_versions
from newsevents._schema.explain import Rename, explain
from newsevents._schema.formats import FORMATS, format_check, pattern_check

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
        them; a value that fits none of a oneOf's forms is explained by the form it meant
        (see ``explain``)."""
        return self.explained(instance)[0]

    def explained(self, instance: Any) -> tuple[list[Problem], list[Rename]]:
        """The schema problems, and the keys that misspell one the schema has there."""
        try:
            return explain(self.reference.iter_errors(instance))
        except (TypeError, ValueError, RecursionError) as error:
            # Only values built in Python get here (a complex number, a 20,000-deep list):
            # files are read as plain JSON data with bounded nesting.
            problem = Problem(
                "schema.type",
                f"the record holds a value that is not JSON data ({type(error).__name__}: "
                f"{brief(str(error))}); use only dicts, lists, strings, numbers, booleans "
                "and None",
            )
            return [problem], []


def engines(version: str | None = None) -> Engines:
    """The engines for the root schema of ``version`` (the newest by default), built on
    first use and then shared."""
    return _engines(version or SCHEMA_VERSION)


@functools.cache
def _engines(version: str) -> Engines:
    return Engines(schema_documents(), root_schema_id(version))


@functools.cache
def _versions() -> dict[str, str]:
    return {root_schema_id(version): version for version in schema_versions()}


def engines_for(record: Any) -> Engines | Problem:
    """The engines for the schema version a record names in ``schema``, or the
    ``unknown-schema-version`` problem when it names one the package does not know.

    A record that names no schema at all is judged by the newest version, whose schema
    then says that ``schema`` is missing or not a string.
    """
    named = record.get("schema") if type(record) is dict else None
    if type(named) is not str:
        return engines()
    version = _versions().get(named)
    if version is not None:
        return engines(version)
    known = ", ".join(f"{root_schema_id(v)} ({v})" for v in schema_versions())
    return Problem(
        "unknown-schema-version",
        f"{brief(named)} is not a schema version this package knows; the record is not "
        f"checked. Known: {known}. Name one of them, or upgrade newsevents",
        "/schema",
    )
