"""Coverage-guided fuzzing of ``newsevents fmt`` (atheris, libFuzzer).

Each input is decoded as UTF-8 (inputs that are not are skipped: the loader's fuzzer
covers them) and formatted. Formatting either refuses with a ``LoadError`` under a rule of
the catalogue, or gives a text that reads back to the same records (same values, same
types, same list order) and is its own format.

    python fuzz/fuzz_fmt.py fuzz/corpus -max_total_time=240

See fuzz/README.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

with atheris.instrument_imports(include=["newsevents", "yaml"]):
    # The package loads its parts on first use: imported here, they are instrumented.
    import newsevents._layout.format
    import newsevents._read.loader  # noqa: F401
    from tests.fuzzcheck import check_format


def test_one_input(data: bytes) -> None:
    """The formatter's oracle for one input."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return
    check_format(text)


def main() -> None:
    """Run libFuzzer over the arguments (a corpus directory and libFuzzer's options)."""
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
