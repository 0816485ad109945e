"""Ways to damage a record file, for the fuzz tests and the coverage-guided harnesses.

Each mutation takes the file's text (or, once encoded, its bytes) and a seeded random
generator, and returns the damaged copy: what a careless editor, a bad merge, a wrong
encoding or a hostile author makes of a record. The text mutations keep to what YAML and
JSON authors really get wrong (a line gone or twice, indentation off by one, a quote lost,
a tag or an alias where a value stood); the byte mutations are blind.
"""

from __future__ import annotations

import codecs
import random
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

__all__ = [
    "BYTE_MUTATIONS",
    "ENCODINGS",
    "HOSTILE",
    "LINE_ENDS",
    "RAN",
    "TEXT_MUTATIONS",
    "encode",
    "mutate",
    "without_surrogates",
]

TextMutation = Callable[[str, random.Random], str]
ByteMutation = Callable[[bytes, random.Random], bytes]

#: The file the command in a hostile tag would create: it must never appear.
RAN = Path(tempfile.gettempdir()) / "newsevents-fuzz-tag-ran"
#: What a hostile or confused author puts where a value stood: tags that would build
#: Python objects or binary data, tags of their own, anchors, aliases and merge keys.
HOSTILE = (
    f"!!python/object/apply:os.system ['touch {RAN}']",
    "!!python/object:collections.OrderedDict {}",
    "!!python/name:os.system",
    "!!binary aGVsbG8=",
    "!custom x",
    "!<tag:yaml.org,2002:python/object/apply:os.getcwd> []",
    "!!str 12",
    "!!int '12'",
    "!!float x",
    "!!map []",
    "!!seq {}",
    "!!set {a: null}",
    "!!timestamp 2024-08-22",
    "&a x",
    "*a",
    "*undefined",
    "&a [*a]",
    "{<<: *a}",
    ".nan",
    "-.inf",
    "0x1F",
    "0o17",
    "1e400",
    "9" * 5000,
    "? complex\n: key",
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
)
#: The characters that change what YAML or JSON means, and some that no file should hold.
_SPECIAL = "{}[]:,#&*!|>'\"%@`-?\\\t\0\x07\x85\xa0\u2028\u2029\ufeff\ufffe\U0001f600\ud800 \n"
#: YAML's line breaks, and what Windows and old Macs write.
LINE_ENDS = ("\r\n", "\r", "\x85", "\u2028", "\u2029")
#: Encodings a record file may come in by mistake, with and without a byte-order mark.
ENCODINGS = (
    "utf-8-sig",
    "utf-16",
    "utf-16-le",
    "utf-16-be",
    "utf-32",
    "utf-32-le",
    "utf-32-be",
    "latin-1",
    "cp1252",
)


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True) or [""]


def delete_line(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    del lines[rng.randrange(len(lines))]
    return "".join(lines)


def duplicate_line(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    at = rng.randrange(len(lines))
    lines.insert(at, lines[at])
    return "".join(lines)


def swap_lines(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[a], lines[b] = lines[b], lines[a]
    return "".join(lines)


def reindent(text: str, rng: random.Random) -> str:
    """One line, or a run of lines, moved in or out by a space, two, or a tab."""
    lines = _lines(text)
    start = rng.randrange(len(lines))
    stop = min(len(lines), start + rng.choice((1, 1, 2, 5, 20)))
    change = rng.choice((" ", "  ", "\t", "-1", "-2"))
    for i in range(start, stop):
        if change.startswith("-"):
            cut = int(change[1:])
            lines[i] = lines[i][cut:] if lines[i][:cut].isspace() else lines[i]
        else:
            lines[i] = change + lines[i]
    return "".join(lines)


def insert_hostile(text: str, rng: random.Random) -> str:
    """A tag, anchor, alias or odd scalar put where a value starts (after ``: `` or ``- ``)."""
    starts = [i + 2 for i in range(len(text) - 1) if text[i : i + 2] in (": ", "- ")]
    at = rng.choice(starts) if starts else 0
    return text[:at] + rng.choice(HOSTILE) + " " + text[at:]


def anchor_and_alias(text: str, rng: random.Random) -> str:
    """An anchor on one value and an alias, or a merge key, naming it further down."""
    lines = _lines(text)
    keyed = [i for i, line in enumerate(lines) if ": " in line]
    if len(keyed) < 2:
        return insert_hostile(text, rng)
    first, second = sorted(rng.sample(keyed, 2))
    key, _, value = lines[first].partition(": ")
    lines[first] = f"{key}: &a {value}"
    indent = lines[second][: len(lines[second]) - len(lines[second].lstrip(" "))]
    if rng.random() < 0.5:
        lines.insert(second, f"{indent}<<: *a\n")
    else:
        key, _, _value = lines[second].partition(": ")
        lines[second] = f"{key}: *a\n"
    return "".join(lines)


def remove_quotes(text: str, rng: random.Random) -> str:
    quotes = [i for i, char in enumerate(text) if char in "'\""]
    if not quotes:
        return text
    if rng.random() < 0.3:  # every quote of one line
        line = rng.choice(_lines(text))
        return text.replace(line, line.replace('"', "").replace("'", ""), 1)
    at = rng.choice(quotes)
    return text[:at] + text[at + 1 :]


def insert_special(text: str, rng: random.Random) -> str:
    at = rng.randrange(len(text) + 1)
    return text[:at] + "".join(rng.choices(_SPECIAL, k=rng.randint(1, 3))) + text[at:]


def delete_span(text: str, rng: random.Random) -> str:
    at = rng.randrange(len(text) + 1)
    return text[:at] + text[at + rng.randint(1, 40) :]


def truncate(text: str, rng: random.Random) -> str:
    return text[: rng.randrange(len(text) + 1)]


def change_line_ends(text: str, rng: random.Random) -> str:
    """Every line end, or one, written as CRLF, CR, NEL, U+2028 or U+2029."""
    end = rng.choice(LINE_ENDS)
    if rng.random() < 0.5:
        return text.replace("\n", end)
    lines = _lines(text)
    at = rng.randrange(len(lines))
    lines[at] = lines[at].replace("\n", end)
    return "".join(lines)


def new_document(text: str, rng: random.Random) -> str:
    """A document separator, a directive or an end marker where a line starts."""
    lines = _lines(text)
    lines.insert(
        rng.randrange(len(lines) + 1),
        rng.choice(("---\n", "...\n", "%YAML 1.1\n---\n", "%TAG ! tag:x,2024:\n---\n", "--- |\n")),
    )
    return "".join(lines)


TEXT_MUTATIONS: tuple[TextMutation, ...] = (
    delete_line,
    duplicate_line,
    swap_lines,
    reindent,
    insert_hostile,
    anchor_and_alias,
    remove_quotes,
    insert_special,
    delete_span,
    truncate,
    change_line_ends,
    new_document,
)


def flip_bit(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return b"\x80"
    at = rng.randrange(len(data))
    return data[:at] + bytes([data[at] ^ (1 << rng.randrange(8))]) + data[at + 1 :]


def random_bytes(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.randbytes(rng.randint(1, 8)) + data[at:]


def drop_bytes(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + data[at + rng.randint(1, 4) :]


def foreign_bom(data: bytes, rng: random.Random) -> bytes:
    """A byte-order mark of another encoding in front of UTF-8 bytes."""
    return (
        rng.choice((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, b"\xef\xbb"))
        + data
    )


BYTE_MUTATIONS: tuple[ByteMutation, ...] = (flip_bit, random_bytes, drop_bytes, foreign_bom)


def without_surrogates(text: str) -> str:
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def encode(text: str, encoding: str) -> bytes:
    """The text in ``encoding``; what Latin-1 or cp1252 lack becomes ``?``, as editors do."""
    return text.encode(encoding, "replace" if encoding in ("latin-1", "cp1252") else "strict")


def mutate(
    text: str,
    rng: random.Random,
    text_mutations: Sequence[TextMutation] = TEXT_MUTATIONS,
    rounds: int = 3,
) -> bytes:
    """``text`` damaged by up to ``rounds`` text mutations, then encoded (UTF-8 mostly),
    then perhaps damaged byte by byte."""
    for _ in range(rng.randint(1, rounds)):
        text = rng.choice(text_mutations)(text, rng)
    # Lone surrogates from the special characters are kept as the bytes a broken
    # producer writes, for the reader to refuse.
    data = (
        text.encode("utf-8", "surrogatepass")
        if rng.random() < 0.75
        else encode(without_surrogates(text), rng.choice(ENCODINGS))
    )
    if rng.random() < 0.3:
        data = rng.choice(BYTE_MUTATIONS)(data, rng)
    return data
