"""Replacing a file's text safely: all or nothing, keeping its permissions."""

from __future__ import annotations

import os
import stat
import tempfile

__all__ = ["replace_text"]


def replace_text(path: str, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file renamed over it.

    A crash or a full disk leaves the old file whole, never a half-written one; the file's
    permission bits are kept.
    """
    directory = os.path.dirname(os.path.abspath(path))
    mode = stat.S_IMODE(os.stat(path).st_mode)
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".newsevents-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
