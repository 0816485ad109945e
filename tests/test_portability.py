"""The schema in JavaScript: ajv in strict mode compiles the bundle and judges as we do.

ajv and ajv-formats are installed by ``.ci/run`` into ``.ci/node/node_modules`` (or the
folder ``NEWSEVENTS_NODE_MODULES`` names), at the versions its npm command pins. Without
node or that folder these tests fail, saying how to install them: a skipped portability
test would let a schema that no JavaScript project can compile pass unnoticed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from hypothesis import Phase, given, settings
from hypothesis import strategies as st

import newsevents
from newsevents._resources import schema_documents
from newsevents._schema.engines import engines
from newsevents._schema.formats import format_check, pattern_check

from .conftest import (
    ROOT,
    example_id,
    expectation,
    invalid_examples,
    judged_by_schema,
    valid_examples,
)
from .portability.damage import TRICKY, damaged
from .portability.patterns import nonportable, portable_patterns, schema_patterns

NODE_MODULES = Path(
    os.environ.get("NEWSEVENTS_NODE_MODULES", ROOT / ".ci" / "node" / "node_modules")
)
SCRIPT = Path(__file__).parent / "portability" / "ajv_check.mjs"


def npm_command() -> str:
    """The npm command with which ``.ci/run`` installs ajv, on one line."""
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8").replace("\\\n", " ")
    match = re.search(r"^npm install .*$", script, re.MULTILINE)
    assert match, ".ci/run has no 'npm install' line"
    return " ".join(match.group(0).split())


def npm_pins() -> dict[str, str]:
    """Each package the npm command names, with its pinned version."""
    return dict(re.findall(r" ([a-z][\w.-]*)@(\d[\w.-]*)", npm_command()))


def _installation_missing() -> str | None:
    """What is missing to run ajv, and how to install it; None when nothing is."""
    how = f"run `bash .ci/run`, or `{npm_command()}` in the checkout"
    if shutil.which("node") is None:
        return f"node is not on PATH: install Node.js, then {how}"
    if not (NODE_MODULES / "ajv" / "package.json").is_file():
        return (
            f"ajv is not installed in {NODE_MODULES}: {how} "
            "(or set NEWSEVENTS_NODE_MODULES to a node_modules folder that holds it)"
        )
    return None


def ajv(job: dict[str, Any]) -> dict[str, Any]:
    """Run the ajv script on ``job`` and return its verdicts."""
    missing = _installation_missing()
    assert missing is None, missing
    result = subprocess.run(
        ["node", str(SCRIPT), str(NODE_MODULES)],
        input=json.dumps(job, allow_nan=False),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=300,  # a hang (a pattern backtracking without end) fails instead
    )
    assert result.returncode == 0, result.stderr
    verdicts: dict[str, Any] = json.loads(result.stdout)
    return verdicts


def test_ajv_is_installed_at_the_pinned_versions_with_all_it_brings() -> None:
    missing = _installation_missing()
    assert missing is None, missing
    installed = {}
    for manifest in NODE_MODULES.glob("*/package.json"):
        package = json.loads(manifest.read_text(encoding="utf-8"))
        installed[package["name"]] = package["version"]
    assert installed == npm_pins(), f"reinstall with `{npm_command()}`"
    assert {"ajv", "ajv-formats"} <= set(installed)


def test_the_readme_gives_the_install_command_of_ci() -> None:
    assert npm_command() in (ROOT / "README.md").read_text(encoding="utf-8")


def _loadable_examples() -> list[Path]:
    return [
        p
        for p in valid_examples() + invalid_examples()
        if p in valid_examples() or expectation(p)[1] is not None
    ]


def test_the_bundle_compiles_in_strict_mode_and_judges_every_example_as_we_do() -> None:
    paths = _loadable_examples()
    records = [newsevents.load(path) for path in paths]
    verdicts = ajv({"schema": newsevents.bundled_schema(), "records": records})
    # What the schema alone decides fails in ajv too; semantic rules are ours alone.
    expected = {
        example_id(p): p in valid_examples() or not judged_by_schema(expectation(p)[0])
        for p in paths
    }
    found = {example_id(p): v["valid"] for p, v in zip(paths, verdicts["records"], strict=True)}
    errors = {example_id(p): v["errors"] for p, v in zip(paths, verdicts["records"], strict=True)}
    assert found == expected, errors
    assert any(found.values())
    assert not all(found.values())


_EXAMPLES = [newsevents.load(path) for path in valid_examples()]


# Each example is a batch that one node process judges: shrinking one would start node
# thousands of times, and the failing record is named in the assertion anyway.
_NO_SHRINKING = tuple(phase for phase in Phase if phase is not Phase.shrink)


@settings(max_examples=3, deadline=None, phases=_NO_SHRINKING)
@given(st.lists(damaged(_EXAMPLES), min_size=60, max_size=60))
def test_ajv_and_jsonschema_rs_agree_on_damaged_records(records: list[dict[str, Any]]) -> None:
    verdicts = ajv({"schema": newsevents.bundled_schema(), "records": records})
    fast = engines().fast
    for record, verdict in zip(records, verdicts["records"], strict=True):
        assert verdict["valid"] is bool(fast.is_valid(record)), (verdict["errors"], record)
    assert [newsevents.load(path) for path in valid_examples()] == _EXAMPLES  # not damaged


def _anchored_at_end(pattern: str) -> bool:
    """Whether a pattern ends in a ``$`` that is an anchor, not an escaped dollar."""
    return re.search(r"(?<!\\)(\\\\)*\$$", pattern) is not None


def python_matches(pattern: str, text: str) -> bool:
    """Python's ``re`` on a pattern of the subset, with ``$`` read as ECMA-262 reads it."""
    if _anchored_at_end(pattern):
        pattern = pattern[:-1] + r"\Z"
    return re.search(pattern, text) is not None


PATTERNS = sorted({p for doc in schema_documents().values() for _, p in schema_patterns(doc)})


@settings(max_examples=4, deadline=None, phases=_NO_SHRINKING)
@given(st.data())
def test_every_engine_reads_the_schema_patterns_and_the_subset_alike(data: st.DataObject) -> None:
    """ECMA-262 in ajv, Rust's regex in jsonschema-rs, and Python's re give one verdict on
    the schema's patterns and on any pattern of the portable subset."""
    patterns = PATTERNS + data.draw(st.lists(portable_patterns(), min_size=8, max_size=8))
    job: dict[str, list[str]] = {}
    for pattern in patterns:
        assert nonportable(pattern) == [], pattern
        strings = data.draw(st.lists(st.text(TRICKY, max_size=12), min_size=4, max_size=4))
        job[pattern] = strings + data.draw(st.lists(_variants(pattern), min_size=4, max_size=4))
    verdicts = ajv({"patterns": job})["patterns"]
    for pattern, strings in job.items():
        for text, in_js in zip(strings, verdicts[pattern], strict=True):
            in_rust = pattern_check(pattern)(text)
            assert in_js is in_rust is python_matches(pattern, text), (pattern, text)


def _variants(pattern: str) -> st.SearchStrategy[str]:
    """Strings that match ``pattern``, and the same with a tricky character put in."""
    full = pattern.removeprefix("^")[: -1 if _anchored_at_end(pattern) else None]
    matching = st.from_regex(re.compile(full), fullmatch=True)
    # Short, so that a backtracking engine's worst case stays small.
    return st.tuples(matching, st.sampled_from(["", *TRICKY]), st.booleans()).map(
        lambda t: (t[0][:16] + t[1]) if t[2] else (t[1] + t[0][:16])
    )


IRIS = [
    "https://de.wikipedia.org/wiki/Straße", "https://例え.jp/パス", "HTTP://例え.JP/",
    "https://a/?q=ü#ä", "x-foo:bar", "urn:isbn:123", "mailto:a@b.c", "file:///tmp/x", "a:",
    "http://[::1]:80", "http://[V1.a]/", "https://a/?\ue000", "https://a/\U000e1000",
    "https://example.org/a b", "not a url", "relative/path", "//a/b", "https://a/%zz",
    "https://a:8x/", "https://a/\ue000", "https://a/#\ue000", "https://a/\ufffe",
    "https://a/\x85", "https://a/\u3000", "https://[::1é]/", "http://[1::2::3]/",
    "http://[::1", "ht\u00e9tp://a/", "https://a/<", "https://a/{x}", "https://a/\\",
]  # fmt: skip


def test_ajv_and_jsonschema_rs_agree_on_iris() -> None:
    verdicts = ajv({"iris": IRIS})["iris"]
    assert dict(zip(IRIS, verdicts, strict=True)) == {iri: format_check("iri")(iri) for iri in IRIS}
