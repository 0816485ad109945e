"""Read records from YAML with the 1.2 core schema: plain data only, every hazard a LoadError.

PyYAML's parser (libyaml's when it is installed) reads each document, composed into nodes
without recursion (``yamlcompose``) unless libyaml bounds the nesting itself, and
``yamlbuild`` makes plain data of them. Whatever either refuses, and whatever the parser
cannot read, becomes a ``LoadError`` with a stable rule, its place and a message that says
what to do. NEL, LS and PS, which both parsers take for line breaks as YAML 1.1 did, are
kept only where a value holds them as written (``yamlbreaks``). Positions inside a valid
record are found lazily, by ``yamlpos``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TypeAlias

import yaml
from yaml.composer import ComposerError
from yaml.error import MarkedYAMLError
from yaml.events import AliasEvent, DocumentStartEvent, StreamEndEvent
from yaml.nodes import Node
from yaml.reader import ReaderError

from newsevents._errors import LoadError
from newsevents._read.document import Document
from newsevents._read.limits import (
    DEFAULT_LIMITS,
    Limits,
    string_limit,
    too_deep,
    too_many_documents,
)
from newsevents._read.lines import line_column
from newsevents._read.messages import NO_RECORDS, lone_surrogate_message, not_a_record
from newsevents._read.yamlbreaks import Breaks
from newsevents._read.yamlbuild import Hazard, PlainData, construct_document
from newsevents._read.yamlcompose import (
    EventComposer,
    Refused,
    native_compose_is_bounded,
    surrogate_escape,
)
from newsevents._read.yamlpos import Mark, YamlLocator

__all__ = ["iter_yaml"]

_UNPRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class _PureLoader(EventComposer, PlainData, yaml.SafeLoader):
    """PyYAML's pure-Python parser, reading the YAML 1.2 core schema into plain data only."""


# The loader class every YAML read uses: libyaml's when it is installed. Tests swap in the
# others to run the same cases through every parser.
if yaml.__with_libyaml__:

    class _CEventLoader(EventComposer, PlainData, yaml.CSafeLoader):
        """libyaml's parser, with the composer that never recurses."""

    if native_compose_is_bounded():

        class _CLoader(PlainData, yaml.CSafeLoader):
            """libyaml's parser and its binding's composer, which recurses in C, but no
            deeper than libyaml now allows (1000 levels)."""

    else:  # libyaml before 0.2.6 lets its binding's composer recurse until the stack ends

        class _CLoader(_CEventLoader):  # type: ignore[no-redef]
            """libyaml's parser, with the composer that never recurses."""

    _YAML_LOADER: type[_PureLoader] | type[_CLoader] | type[_CEventLoader] = _CLoader
else:
    _YAML_LOADER = _PureLoader

_Loader: TypeAlias = "_PureLoader | _CLoader | _CEventLoader"


def iter_yaml(
    text: str, file: str | None, limits: Limits = DEFAULT_LIMITS
) -> Iterator[Document | LoadError]:
    """Each document's record or error, in order; nothing more after a syntax error."""
    depth = limits.max_depth
    try:
        loader = _YAML_LOADER(text)
        loader.max_depth = depth
    except UnicodeEncodeError as exc:  # a lone surrogate in text given as str
        line, column = line_column(text, exc.start, yaml=True)
        yield LoadError("encoding", _SURROGATE, file=file, line=line, column=column)
        return
    except yaml.YAMLError as exc:  # the pure-Python reader checks every character first
        yield _yaml_error(exc, text, file, None, depth)
        return
    index = 0
    # NEL, LS and PS, which PyYAML reads as YAML 1.1 does: None in almost every text.
    breaks = Breaks.of(text)
    try:
        while True:
            try:
                more = loader.check_node()
                if more and index == limits.max_documents:
                    # Placed where the document's record starts, as a Document is, and
                    # nothing more of it is read.
                    if isinstance(loader.peek_event(), DocumentStartEvent):
                        loader.get_event()
                    event = loader.peek_event()
                    start: tuple[int | None, int | None] = (None, None)
                    if event is not None and event.start_mark is not None:
                        start = (event.start_mark.line + 1, event.start_mark.column + 1)
                    yield too_many_documents(limits.max_documents, file, index, *start)
                    return
                node = loader.get_node() if more else None
            except (yaml.YAMLError, RecursionError, ValueError) as exc:
                blamed = None if breaks is None else breaks.blame(exc, type(loader), file, index)
                yield _yaml_error(exc, text, file, index, depth) if blamed is None else blamed
                return
            if node is None:
                break
            refused = None if breaks is None else breaks.document(node, file, index)
            if refused is not None:
                yield refused
            else:
                size = node.end_mark.index - node.start_mark.index
                document = _yaml_document(loader, node, text, file, index, depth)
                yield string_limit(document, size, limits.max_string_length)
            index += 1
    finally:
        loader.dispose()
    refused = None if breaks is None else breaks.rest(file, index - 1 if index else None)
    if refused is not None:
        yield refused
    if index == 0:
        yield LoadError("empty-document", NO_RECORDS, file=file)


def _yaml_document(
    loader: _Loader, node: Node, text: str, file: str | None, index: int, depth: int
) -> Document | LoadError:
    try:
        record = construct_document(loader, node)
    except Hazard as hazard:
        if hazard.rule == "yaml-alias":
            hazard = _alias_hazard(text, type(loader), index, hazard.mark)
        elif hazard.rule == "too-deep" and hazard.mark is not None:
            mark = hazard.mark
            return too_deep(file, index, mark.line + 1, mark.column + 1, depth)
        return hazard.error(file, index)
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    if not isinstance(record, dict):
        return not_a_record(record, "document", file, index, line, column)
    return Document(record, file, index, line, column, YamlLocator(text, type(loader), node))


def _alias_hazard(
    text: str, loader_class: type[_Loader], index: int, target: Mark | None
) -> Hazard:
    """Place the first alias of document ``index``: the builder only saw its target twice."""
    alias: AliasEvent | None = None
    loader = loader_class(text)
    try:
        document = -1
        while not loader.check_event(StreamEndEvent):
            event = loader.get_event()
            if isinstance(event, DocumentStartEvent):
                document += 1
            elif document == index and isinstance(event, AliasEvent):
                alias = event
                break
    except (yaml.YAMLError, RecursionError, ValueError):
        pass  # the target's place is still worth giving
    finally:
        loader.dispose()
    name = f"*{alias.anchor} " if alias is not None else ""
    where = f" at line {target.line + 1}, column {target.column + 1}" if target else ""
    message = (
        f"the alias {name}repeats the value anchored{where}; aliases are refused because a "
        "few of them can expand into a huge document; write the value out in full"
    )
    return Hazard("yaml-alias", message, alias.start_mark if alias is not None else target)


def _yaml_error(
    exc: Exception, text: str, file: str | None, index: int | None, depth: int
) -> LoadError:
    if isinstance(exc, Refused):
        mark = exc.mark
        if exc.rule == "too-deep":
            return too_deep(file, index, mark.line + 1, mark.column + 1, depth)
        return _surrogate_error(text, mark.index, file, index)
    if isinstance(exc, RecursionError):  # not expected: nothing here recurses
        return too_deep(file, index, None, None, depth)
    if isinstance(exc, MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        problem = exc.problem or "invalid YAML"
        if "nesting depth" in problem:
            return too_deep(file, index, line, column, depth)
        quote = exc.context_mark.index if exc.context_mark is not None else None
        # libyaml refuses surrogate escapes, among others, in double-quoted scalars.
        if (
            "Unicode character escape" in problem
            and quote is not None
            and surrogate_escape(text, quote) is not None
        ):
            return _surrogate_error(text, quote, file, index)
        if isinstance(exc, ComposerError) and "alias" in problem:
            message = (
                f"{problem}; aliases (*name) are refused in records, as a few of them can "
                "expand into a huge document; write the value out in full"
            )
            return LoadError(
                "yaml-alias", message, file=file, line=line, column=column, index=index
            )
        what = f"{exc.context}: {problem}" if exc.context else problem
        message = _yaml_syntax(what)
        return LoadError("yaml-syntax", message, file=file, line=line, column=column, index=index)
    bad = _UNPRINTABLE.search(text) if isinstance(exc, ReaderError) else None
    if bad is not None:
        line, column = line_column(text, bad.start(), yaml=True)
        if "\ud800" <= bad.group() <= "\udfff":
            return LoadError(
                "encoding", _SURROGATE, file=file, line=line, column=column, index=index
            )
        message = (
            f"the character U+{ord(bad.group()):04X} is not allowed in YAML; remove it "
            "(is this a binary file, or text in another encoding?)"
        )
        return LoadError("yaml-syntax", message, file=file, line=line, column=column, index=index)
    return LoadError("yaml-syntax", _yaml_syntax(str(exc)), file=file, index=index)


def _surrogate_error(text: str, quote: int, file: str | None, index: int | None) -> LoadError:
    """The ``encoding`` error for the first surrogate escape of the scalar at ``quote``."""
    found = surrogate_escape(text, quote)
    # The composer saw a surrogate in the scalar's value, so an escape made it.
    offset, escape, pair = found if found is not None else (quote, "in it", None)
    line, column = line_column(text, offset, yaml=True)
    message = lone_surrogate_message(escape, yaml=True, pair=pair)
    return LoadError("encoding", message, file=file, line=line, column=column, index=index)


# --- Messages for YAML only -------------------------------------------------------------


_SURROGATE = (
    "the text holds a lone surrogate code point, which no UTF-8 file can contain; read the "
    "file as UTF-8 (without errors='surrogateescape') or save it as UTF-8"
)


def _yaml_syntax(what: str) -> str:
    return (
        f"invalid YAML ({what}); fix the syntax here: check the indentation, and quote "
        "values that contain ': ' or ' #' or start with one of [ ] { } & * ! | > ' \" % @ `"
    )
