"""The load errors YAML and JSON share: what is wrong, where, and what to do.

Kept apart from both readers so that ``yamlread`` and ``jsonread`` need nothing from each other
or from ``loader``, which imports them; a message for one format only lives with it.
"""

from __future__ import annotations

import codecs
import re

from newsevents._errors import LoadError, json_type
from newsevents._read.lines import line_column

__all__ = [
    "LOAD_RULES",
    "NO_RECORDS",
    "bad_utf8",
    "duplicate_message",
    "foreign_bom",
    "kind",
    "lone_surrogate_message",
    "non_finite_message",
    "not_a_record",
    "overflow_message",
    "unreadable",
]

#: Every rule a source can break before any record is judged: stable name -> what it means.
LOAD_RULES: dict[str, str] = {
    "unreadable": "the file cannot be opened or read, or is not a regular file",
    "too-large": "a source read whole, or a JSON Lines line, is larger than the size limit",
    "unknown-format": "the file's name does not say YAML, JSON or JSON Lines",
    "encoding": "the bytes are not UTF-8 text",
    "yaml-syntax": "the text is not valid YAML",
    "json-syntax": "the text is not valid JSON",
    "duplicate-key": "a mapping has the same key twice",
    "yaml-alias": "a YAML alias (*name) repeats a node",
    "yaml-tag": "a YAML tag asks for something other than plain data",
    "non-string-key": "a mapping key is not a string",
    "non-finite-number": "a number is NaN or infinite",
    "number-too-large": "an integer has more decimal digits than the limit",
    "empty-document": "a document or source holds no record",
    "not-a-mapping": "a document is not a mapping",
    "too-deep": "lists and mappings are nested deeper than the limit",
    "too-many-documents": "a stream holds more records than the limit; the rest is not read",
    "string-too-long": "a key or string value is longer than the limit",
    "multiple-records": "load() was given a source with more than one record",
}

NO_RECORDS = (
    "there is no record here: the source is empty, or holds only blank lines, comments or "
    "null; write a record (a mapping of field names to values)"
)
_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)
# Without a mark, RFC 4627 (3) and YAML 1.2 (5.2) tell these encodings from the zero bytes
# among the first four: the first two characters of any JSON or YAML record are ASCII. A
# text of one character is two bytes long in UTF-16.
_ZEROS = (
    (re.compile(rb"\x00\x00\x00[^\x00]"), "utf-32-be", "UTF-32BE"),
    (re.compile(rb"[^\x00]\x00\x00\x00"), "utf-32-le", "UTF-32LE"),
    (re.compile(rb"\x00[^\x00](?:\x00[^\x00]|\Z)"), "utf-16-be", "UTF-16BE"),
    (re.compile(rb"[^\x00]\x00(?:[^\x00]\x00|\Z)"), "utf-16-le", "UTF-16LE"),
)
_SAMPLE = 4096  # bytes decoded to confirm the guess: a multiple of every code unit
# What text never holds: the C0 controls but tab, line feed and carriage return.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def unreadable(exc: OSError, path: str, file: str | None) -> LoadError:
    reason = exc.strerror or str(exc)
    return LoadError(
        "unreadable",
        f"cannot read {path!r}: {reason}; check the path, and that it names a file you "
        "are allowed to read",
        file=file,
    )


def foreign_bom(data: bytes, file: str | None) -> LoadError | None:
    """An ``encoding`` error if ``data`` is UTF-16 or UTF-32 text, told by its byte-order
    mark or, without one, by where the zero bytes of its first characters fall."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            message = (
                f"the file is {encoding} (it starts with a {encoding} byte-order mark); "
                "save it as UTF-8"
            )
            return LoadError("encoding", message, file=file, line=1, column=1)
    head = data[:4]
    if b"\x00" not in head:  # every UTF-8 record, at the cost of one short search
        return None
    for pattern, codec, encoding in _ZEROS:
        if pattern.match(head) and _reads_as(data, codec):
            message = (
                f"the file is {encoding} text without a byte-order mark (its first "
                "characters are ASCII with zero bytes between them); save it as UTF-8"
            )
            return LoadError("encoding", message, file=file, line=1, column=1)
    return None


def _reads_as(data: bytes, codec: str) -> bool:
    """Whether the start of ``data`` is text in ``codec``: zero bytes where that encoding
    puts them, in a binary file, must not send its owner to re-encode it."""
    decoder = codecs.getincrementaldecoder(codec)("strict")
    try:
        # Not final: a JSON Lines first line ends inside the code unit of its line feed.
        sample = decoder.decode(data[:_SAMPLE], final=False)
    except UnicodeDecodeError:
        return False
    return _CONTROL.search(sample) is None


def bad_utf8(
    data: bytes,
    base: int,
    at: int,
    file: str | None,
    first_line: int,
    index: int | None = None,
    *,
    yaml: bool = False,
) -> LoadError:
    """Place the first byte that is not UTF-8; ``data[base:at]`` is known to be valid.

    Lines end where the format says they do: at LF, CR or CRLF, and in YAML also at NEL,
    LS and PS.
    """
    before = data[base:at].decode("utf-8")
    line, column = line_column(before, len(before), first_line, yaml=yaml)
    return LoadError(
        "encoding",
        f"byte 0x{data[at]:02X} is not valid UTF-8 (is the file in Latin-1 or Windows-1252?); "
        "save the file as UTF-8",
        file=file,
        line=line,
        column=column,
        index=index,
    )


def lone_surrogate_message(escape: str, *, yaml: bool, pair: str | None = None) -> str:
    """The message for an escape such as ``\\ud800``, which names half a surrogate pair."""
    if yaml:
        instead = f"the one escape {pair}" if pair else "its code point as \\U and 8 hex digits"
        return (
            f"the escape {escape} names a UTF-16 surrogate, which is not a character: YAML "
            f"cannot hold it (libyaml refuses it outright); write the character itself, or "
            f"{instead}"
        )
    return (
        f"the escape {escape} is half of a UTF-16 surrogate pair without its other half, "
        "so it stands for no character and no UTF-8 file can hold it; write the character "
        "itself, or both halves of its pair (such as \\ud83d\\ude00 for U+1F600)"
    )


_NAMES = {
    "null": "null",
    "boolean": "a boolean",
    "integer": "an integer",
    "number": "a number",
    "string": "a string",
    "array": "a list",
    "object": "a mapping",
}


def kind(value: object) -> str:
    """How a message names the type of a value that has been read ("a list", "null")."""
    return _NAMES[json_type(value)]


def duplicate_message(key: str, first: tuple[int, int]) -> str:
    return (
        f"key {key!r} appears twice in this mapping (first at line {first[0]}, column "
        f"{first[1]}); remove or rename one of them"
    )


def non_finite_message(written: str) -> str:
    return (
        f"{written} is not a finite number: NaN and infinities are not valid numbers in "
        "records; write a finite number, or null if the value is unknown"
    )


def overflow_message(written: str) -> str:
    return (
        f"{written} is too large for a number and would read as infinity: NaN and "
        "infinities are not valid numbers in records; write a smaller number, or quote it "
        "to keep it as text"
    )


def not_a_record(
    value: object, what: str, file: str | None, index: int, line: int, column: int
) -> LoadError:
    """The error for a document (or JSON Lines line) that holds something but a mapping."""
    if value is None:
        message = (
            f"this {what} is empty (it holds only null); write a record in it, or remove "
            "it (in YAML, look for a stray '---')"
            if what == "document"
            else "this line holds null; write a record (a JSON object) on it, or remove it"
        )
        return LoadError(
            "empty-document", message, file=file, line=line, column=column, index=index
        )
    message = (
        f"this {what} holds {kind(value)}, but a record must be a mapping of field names "
        "to values; to keep several records in one file, use one YAML document each "
        "(separated by '---') or JSON Lines (one object per line)"
    )
    return LoadError("not-a-mapping", message, file=file, line=line, column=column, index=index)
