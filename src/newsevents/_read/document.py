"""A record as read from a source, with where it came from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Document", "Locator"]

#: Maps a JSON Pointer inside the record to the 1-based (line, column) where it is written,
#: or to None when it cannot be placed. The loader computes it lazily, so valid records pay
#: nothing for it.
Locator = Callable[[str], "tuple[int, int] | None"]


@dataclass(frozen=True)
class Document:
    """One record read from a file or text.

    ``file`` names the source (a path, ``<stdin>``, or the name given with text),
    ``index`` is the 0-based position of the record in it (YAML document or JSON Lines
    line), and ``line``/``column`` (1-based) are where the record starts.
    ``locate(pointer)`` gives the line and column of any value inside the record.
    """

    record: dict[str, Any]
    file: str | None
    index: int
    line: int
    column: int
    _locator: Locator | None = field(default=None, repr=False, compare=False)

    def locate(self, pointer: str) -> tuple[int, int]:
        """Line and column of the value at ``pointer``, or of its nearest written ancestor.

        Falls back to where the record starts when nothing closer is known.
        """
        if self._locator is not None:
            found = self._locator(pointer)
            if found is not None:
                return found
        return (self.line, self.column)
