r"""Showing user data safely: what a report prints of file names, keys, pointers and messages.

A file name or a key is the user's, and it may hold characters that a terminal, a CI log
or an XML parser takes as commands: an ANSI escape recolours or rewrites the screen, a
line break forges another problem line, a bidirectional override reorders what is read,
a lone surrogate cannot be written as UTF-8 at all, and XML 1.0 cannot carry most control
characters even as references. Every reporter passes what it prints through here.

The characters shown escaped (``UNSAFE``) are the C0 controls U+0000-U+001F, DEL and the
C1 controls U+007F-U+009F (U+0085 among them), the line and paragraph separators
U+2028 and U+2029, the bidirectional controls U+061C, U+200E, U+200F, U+202A-U+202E and
U+2066-U+2069, the surrogates U+D800-U+DFFF, and the non-characters U+FFFE and U+FFFF.
"""

from __future__ import annotations

import re

__all__ = ["UNSAFE", "escape_json", "escape_text"]

#: The characters no report prints raw.
UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)

# The JSON encoder escapes C0 controls inside strings itself; outside them it writes only
# the line feeds and spaces of its indentation, which must stay as they are.
_JSON_UNSAFE = re.compile(
    "[\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
# os.fsdecode() turns each byte of a file name that is not UTF-8 into one of these.
_BYTE_SURROGATES = range(0xDC80, 0xDD00)


def _shown(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char in _SHORT:
        return _SHORT[char]
    if code in _BYTE_SURROGATES:
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_text(text: str) -> str:
    r"""``text`` with every unsafe character written as a Python-style escape.

    Tab, line feed and carriage return become ``\t``, ``\n`` and ``\r``; a byte of a file
    name that is not UTF-8 (a surrogate U+DC80-U+DCFF) becomes ``\xff`` as in ``repr`` of
    bytes; any other unsafe character ``\xNN`` or ``\uNNNN``. Backslashes are left as they
    are, so that Windows paths stay readable: the JSON report is the exact one.

    >>> print(escape_text("a\x1b[31m\nb\u202e\udcff.yaml"))
    a\x1b[31m\nb\u202e\xff.yaml
    """
    return UNSAFE.sub(_shown, text) if UNSAFE.search(text) else text


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def escape_json(document: str) -> str:
    r"""A JSON text with every unsafe character inside its strings written as ``\uNNNN``.

    The JSON decoder gives back exactly the same strings, and the text is valid UTF-8
    (a lone surrogate is only ever written as an escape). ``document`` must come from
    ``json.dumps``, which has escaped the C0 controls: the other unsafe characters can
    then only stand inside strings.

    >>> escape_json('{"file": "a\u2028\udcff"}')
    '{"file": "a\\u2028\\udcff"}'
    """
    return _JSON_UNSAFE.sub(_json_escape, document)
