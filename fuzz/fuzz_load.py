"""Coverage-guided fuzzing of the loader and the validator (atheris, libFuzzer).

Each input is read as YAML, as JSON, as JSON Lines and with the format told from the
content; every record read is judged. The oracle is the test suite's
(``tests/fuzzcheck.py``): a ``LoadError`` or ``Problem`` under a rule of the catalogue,
never another exception. YAML is read by libyaml and by PyYAML's pure-Python parser, which
must agree: libyaml's C code gives libFuzzer no coverage, the pure-Python one does.

    python fuzz/fuzz_load.py fuzz/corpus -max_total_time=240

See fuzz/README.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

with atheris.instrument_imports(include=["newsevents", "yaml"]):
    # The package loads its parts on first use: imported here, they are instrumented.
    import newsevents
    import newsevents._read.jsonread
    import newsevents._read.loader
    import newsevents._rules.verdict
    import newsevents._validator
    from newsevents import LoadError
    from newsevents._read import yamlread
    from tests.fuzzcheck import FORMATS, Verdict, check_content

_PARSERS = (yamlread._CLoader, yamlread._PureLoader) if hasattr(yamlread, "_CLoader") else ()

_PURE_MAX = 8192


def _records(data: bytes) -> list[object] | str:
    try:
        return [document.record for document in newsevents.loads_all(data, format="yaml")]
    except LoadError as error:
        return error.problem.rule


def test_one_input(data: bytes) -> None:
    """The oracle for one input, in every format; libyaml and pure PyYAML agree."""
    verdicts: dict[object, Verdict] = {}
    for format in FORMATS:
        verdicts[format] = check_content(data, format)
    # The pure-Python parser is ten times slower: small inputs only, to keep the pace.
    if _PARSERS and len(data) <= _PURE_MAX:
        default = yamlread._YAML_LOADER
        try:
            yamlread._YAML_LOADER = _PARSERS[1]
            pure = check_content(data, "yaml")
            pure_records = _records(data)
        finally:
            yamlread._YAML_LOADER = default
        fast_records = _records(data)
        # Syntax errors may be worded and placed differently; what is read must agree.
        if pure.load_rule is None and verdicts["yaml"].load_rule is None:
            assert pure_records == fast_records, (pure_records, fast_records)
            assert pure.records == verdicts["yaml"].records


def main() -> None:
    """Run libFuzzer over the arguments (a corpus directory and libFuzzer's options)."""
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
