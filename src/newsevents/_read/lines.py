"""Line and column of a place in a text, counting line breaks the way each format does.

JSON and editors end a line at LF, CR or CRLF; YAML readers (libyaml and PyYAML alike)
also at NEL (U+0085), LINE SEPARATOR (U+2028) and PARAGRAPH SEPARATOR (U+2029), so the
positions computed here agree with the parsers' own marks.
"""

from __future__ import annotations

__all__ = ["line_column"]

_YAML_ONLY = "\x85\u2028\u2029"


def line_column(
    text: str, offset: int, first_line: int = 1, *, yaml: bool = False
) -> tuple[int, int]:
    """1-based line and column (in code points) of ``offset`` in ``text``.

    >>> line_column("a\\nb\\r\\nc\\rd", 7), line_column("a\\u2028b", 2, yaml=True)
    ((4, 1), (2, 1))
    """
    line = text.count("\n", 0, offset) + first_line
    start = text.rfind("\n", 0, offset)
    # Most texts have LF line ends only: one search proves it, and the rest is skipped.
    if text.find("\r", 0, offset) >= 0:
        line += text.count("\r", 0, offset) - text.count("\r\n", 0, offset)
        start = max(start, text.rfind("\r", 0, offset))
    if yaml and not text.isascii():
        for char in _YAML_ONLY:
            line += text.count(char, 0, offset)
            start = max(start, text.rfind(char, 0, offset))
    return line, offset - start
