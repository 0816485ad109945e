"""Where the comments of a YAML text are: exactly where the YAML scanner skips them.

PyYAML keeps no comments, but its scanner's tokens say where everything else is, and what
lies between two tokens is nothing but white space, line breaks and comments. So a comment
is a ``#`` between tokens (or on the header line of a block scalar, which its token covers),
and it runs to the next line break. Searching the text for `` #`` instead would start a
comment inside a comment (``# see #12``), miss one that follows a quote or a flow indicator
(``"x"#y``, ``[1,#x``), and skip one hidden between a tag and its value.

A line break is any of the five the YAML reader (libyaml's and PyYAML's own alike) counts:
LF, CR, CR LF, NEL (U+0085), U+2028 and U+2029. Lines are counted the same way, so that a
comment's line is the line the parser's marks give, and a comment never holds a break.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from yaml.tokens import (
    DocumentEndToken,
    DocumentStartToken,
    FlowMappingEndToken,
    FlowMappingStartToken,
    FlowSequenceEndToken,
    FlowSequenceStartToken,
    ScalarToken,
)

from newsevents._layout.emit import Comment

__all__ = ["BREAKS", "Found", "Lines", "Scan", "scan"]

BREAKS = "\r\n\x85\u2028\u2029"
_LINE_END = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_BREAK = re.compile("[\r\n\x85\u2028\u2029]")
_OPENS = (FlowSequenceStartToken, FlowMappingStartToken)
_CLOSES = (FlowSequenceEndToken, FlowMappingEndToken)


class Lines:
    """Line starts of a text, by the YAML reader's line breaks."""

    def __init__(self, text: str) -> None:
        self.starts = [0, *(match.end() for match in _LINE_END.finditer(text))]

    def locate(self, index: int) -> tuple[int, int]:
        """The 0-based line and column of a character."""
        line = bisect_right(self.starts, index) - 1
        return line, index - self.starts[line]


@dataclass(frozen=True)
class Found:
    """A comment of the source, with what its placing depends on."""

    comment: Comment  # its line and column are 1-based
    full_line: bool  # nothing but white space or a document marker before it on its line
    in_flow: bool  # inside a flow collection ({...} or [...])


@dataclass
class Scan:
    """What the token stream says about a YAML text's comments and documents."""

    comments: list[Found] = field(default_factory=list)
    markers: list[int] = field(default_factory=list)  # 0-based lines of '---' and '...'
    headers: dict[int, int] = field(default_factory=dict)  # block scalar end -> header line


def scan(text: str, loader_class: Callable[[str], Any]) -> Scan:
    """Every comment of ``text`` in order, read with the same scanner the loader used.

    The text must already have been read by the loader without error.
    """
    found = Scan()
    lines = Lines(text)
    loader = loader_class(text)
    depth = end = 0
    try:
        while loader.check_token():
            token = loader.get_token()
            start = token.start_mark.index
            if start > end:
                _gap(text, end, start, depth > 0, lines, found)
            if isinstance(token, ScalarToken) and token.style in ("|", ">"):
                header = _BREAK.search(text, start)
                stop = header.start() if header is not None else len(text)
                at = text.find("#", start, stop)
                if at >= 0:
                    _add(text, at, stop, False, lines, found)
                found.headers[token.end_mark.index] = token.start_mark.line
            elif isinstance(token, _OPENS):
                depth += 1
            elif isinstance(token, _CLOSES):
                depth -= 1
            elif isinstance(token, (DocumentStartToken, DocumentEndToken)):
                found.markers.append(token.start_mark.line)
            end = max(end, token.end_mark.index)
    finally:
        loader.dispose()
    return found


def _gap(text: str, start: int, stop: int, in_flow: bool, lines: Lines, found: Scan) -> None:
    """The comments in white space the scanner skipped: each from '#' to a line break."""
    at = text.find("#", start, stop)
    while at >= 0:
        limit = _BREAK.search(text, at, stop)
        end = limit.start() if limit is not None else stop
        _add(text, at, end, in_flow, lines, found)
        at = text.find("#", end, stop)


def _add(text: str, at: int, end: int, in_flow: bool, lines: Lines, found: Scan) -> None:
    line, column = lines.locate(at)
    # Trailing blanks are layout, not words: the formatted file has none at line ends.
    comment = Comment(text[at:end].rstrip(" \t"), line + 1, column + 1)
    prefix = text[lines.starts[line] : at].strip(" \t")
    found.comments.append(Found(comment, prefix in ("", "---", "..."), in_flow))
