"""NEL, U+2028 and U+2029: line breaks to YAML 1.1, characters to YAML 1.2.

PyYAML and libyaml read YAML 1.1, which ends a line at NEL (U+0085), LS (U+2028) and PS
(U+2029) as at LF. YAML 1.2, which records are read as, takes the three for characters
like any other. Inside a value the two readings differ: a NEL in a quoted value is folded
to a space, the blanks around a LS are dropped, a block scalar's indentation is cut after
one. Text scraped from Windows-1252 pages carries NEL where "…" was meant, and JavaScript
strings carry LS and PS, so such values are met in practice.

Each of the three is kept only where the value PyYAML builds holds it exactly as written,
or where it is a line end of a file whose lines all end so; anywhere else the text is
refused at the character, with a message that names it and says how to write it. A text
without them costs one look at its kind (an ASCII text cannot hold them) or three scans.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import Any

from yaml import YAMLError
from yaml.error import MarkedYAMLError
from yaml.events import StreamEndEvent
from yaml.nodes import CollectionNode, MappingNode, Node, ScalarNode

from newsevents._errors import LoadError
from newsevents._read.lines import line_column

__all__ = ["Breaks"]

_BREAKS = re.compile("[\x85\u2028\u2029]")
# What the character must not touch to be kept: a blank or a break of either reading
# makes PyYAML fold, strip or end something there.
_TOUCHING = frozenset(" \t\r\n\x85")
_IN_VALUE = "inside a key or value"
_OUTSIDE = "outside the values of a file whose lines end with LF or CR"
_NAMES = {
    "\x85": ("U+0085 (NEL, next line)", "\\N"),
    "\u2028": ("U+2028 (line separator)", "\\L"),
    "\u2029": ("U+2029 (paragraph separator)", "\\P"),
}


class Breaks:
    """The NEL, LS and PS of one YAML text, judged document by document as it is read."""

    @staticmethod
    def of(text: str) -> Breaks | None:
        """The breaks of ``text``, or None when it holds none (the usual case)."""
        if text.isascii() or not ("\x85" in text or "\u2028" in text or "\u2029" in text):
            return None
        return Breaks(text)

    def __init__(self, text: str) -> None:
        self.text = text
        self.places = [match.start() for match in _BREAKS.finditer(text)]
        self.judged = 0  # how many of the places have been judged
        # A text without LF or CR ends its lines with these: a YAML 1.1 file, read as one.
        # Not when they stand only at its very end: 'title: Wait<NEL>' is a line to YAML
        # 1.1, but the value 'Wait<NEL>' to YAML 1.2, and the NEL is more likely a '…'.
        one_line = "\n" not in text and "\r" not in text
        body = len(text.rstrip(" \t\x85\u2028\u2029"))
        self.end_lines = one_line and bool(self.places) and self.places[0] < body
        self.outside = (
            _OUTSIDE if not one_line else "at the end of a text without other line breaks"
        )

    def document(self, root: Node, file: str | None, index: int) -> LoadError | None:
        """Judge the breaks before the end of the document ``root``, which was read whole."""
        stop = bisect_left(self.places, root.end_mark.index, self.judged)
        if stop == self.judged:
            return None
        places, self.judged = self.places[self.judged : stop], stop
        scalars = _scalars(root)
        starts = [node.start_mark.index for node in scalars]
        for place in places:
            at = bisect_right(starts, place) - 1
            node = scalars[at] if at >= 0 and place < scalars[at].end_mark.index else None
            if not self._kept(place, node):
                return self._refused(
                    place, file, index, _IN_VALUE if node is not None else self.outside
                )
        return None

    def rest(self, file: str | None, index: int | None) -> LoadError | None:
        """Judge the breaks after the last document: outside any value."""
        if self.end_lines or self.judged == len(self.places):
            return None
        return self._refused(self.places[self.judged], file, index, self.outside)

    def blame(
        self, exc: Exception, loader_class: type[Any], file: str | None, index: int
    ) -> LoadError | None:
        """The break that a syntax error of the reader's comes from, if one does.

        Where LF or CR end the lines, a NEL, or a LS or PS next to a blank, is refused
        wherever it stands, so the first one before the error is the first problem of the
        text. A LS or PS between two other characters is kept inside a value, and refused
        anywhere else: it caused the error if, read as YAML 1.2 reads it, the text reads
        past the error's place.
        """
        if self.end_lines or not isinstance(exc, MarkedYAMLError):
            return None
        marks = [m.index for m in (exc.context_mark, exc.problem_mark) if m is not None]
        if not marks:
            return None
        # One past the last mark: an indicator (':', '-', '?') is one if a break follows.
        places = self.places[self.judged : bisect_right(self.places, max(marks) + 1)]
        for place in places:
            if self.text[place] == "\x85" or not self._apart(place):
                return self._refused(place, file, index, "here")
        if places and _reads_past(self.text, max(marks), loader_class):
            return self._refused(places[-1], file, index, "here")
        return None

    def _kept(self, place: int, node: ScalarNode | None) -> bool:
        if node is None or node.style in ("|", ">"):  # a line end, or nothing of a value
            return self.end_lines
        char = self.text[place]
        if char == "\x85" or char not in node.value or not self._apart(place):
            return False  # PyYAML folds NEL to a space or drops it, and a LS at a blank
        if node.style == '"':  # after an odd number of backslashes, an escaped line break
            run = 0
            while run < place and self.text[place - run - 1] == "\\":
                run += 1
            return run % 2 == 0
        return True

    def _apart(self, place: int) -> bool:
        """Whether the break stands between two characters that are neither blanks nor
        breaks, where PyYAML keeps it as it is."""
        text = self.text
        return (
            place > 0
            and text[place - 1] not in _TOUCHING
            and place + 1 < len(text)
            and text[place + 1] not in _TOUCHING
        )

    def _refused(self, place: int, file: str | None, index: int | None, where: str) -> LoadError:
        # Placed as every other YAML position is, the three ending lines as for the parsers.
        line, column = line_column(self.text, place, yaml=True)
        char = self.text[place]
        name, escape = _NAMES[char]
        message = (
            f"{name} is written as itself {where}: YAML 1.2 reads it as a character, but "
            "YAML 1.1 readers (PyYAML, libyaml and the tools built on them) read it as a "
            "line break, and so read something else here; to keep it in a value, write it "
            f'as the escape {escape} inside double quotes ("a{escape}b"), or else remove or '
            "replace it"
        )
        if char == "\x85":
            message += " (in text decoded from Windows-1252 as Latin-1, it stands for '…')"
        return LoadError("yaml-syntax", message, file=file, line=line, column=column, index=index)


def _reads_past(text: str, mark: int, loader_class: type[Any]) -> bool:
    """Whether ``text`` parses past ``mark`` once NEL, LS and PS stand for characters that
    PyYAML takes for no break, as YAML 1.2 takes them (a text in error only)."""
    unused = (chr(code) for code in range(0xE000, 0xF900) if chr(code) not in text)
    stand_ins = {ord(char): next(unused) for char in "\x85\u2028\u2029"}
    loader = loader_class(text.translate(stand_ins))
    try:
        while not loader.check_event(StreamEndEvent):
            loader.get_event()
    except MarkedYAMLError as exc:
        marks = [m.index for m in (exc.context_mark, exc.problem_mark) if m is not None]
        return bool(marks) and max(marks) > mark
    except (YAMLError, RecursionError, ValueError):
        return False
    finally:
        loader.dispose()
    return True


def _scalars(root: Node) -> list[ScalarNode]:
    """The scalar nodes of a document in the order they start, keys among them; each once,
    however many aliases name it."""
    found: list[ScalarNode] = []
    seen: set[int] = set()
    stack: list[Any] = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            found.append(node)
        elif isinstance(node, MappingNode):
            stack.extend(child for pair in node.value for child in pair)
        elif isinstance(node, CollectionNode):
            stack.extend(node.value)
    found.sort(key=lambda node: node.start_mark.index)
    return found
