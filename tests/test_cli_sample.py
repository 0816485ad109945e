"""`newsevents sample`: generated records for other languages, the same bytes for a seed."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import newsevents
from newsevents._cli import main
from newsevents.strategies import RULES_BROKEN


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def test_valid_jsonl_validates_as_it_is(tmp_path: Path) -> None:
    code, out = run("sample", "--count", "20", "--seed", "3")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 20
    path = tmp_path / "sample.jsonl"
    path.write_text(out, encoding="utf-8")
    for document in newsevents.load_all(path):
        assert newsevents.is_valid(document)
        provenance = document.record["provenance"]
        assert provenance["method"] == "generated"
        assert provenance["by"] == f"newsevents {newsevents.__version__} sample"
        assert provenance["notes"].startswith("seed 3, record ")


def test_the_same_seed_gives_the_same_bytes_and_another_seed_others() -> None:
    assert run("sample", "--count", "5", "--seed", "9") == run(
        "sample", "--count", "5", "--seed", "9"
    )
    assert run("sample", "--count", "5", "--seed", "9") != run(
        "sample", "--count", "5", "--seed", "8"
    )


def test_invalid_jsonl_pairs_each_record_with_its_one_problem() -> None:
    count = 2 * len(RULES_BROKEN)
    code, out = run("sample", "--count", str(count), "--invalid", "--seed", "1")
    assert code == 0
    header, *lines = out.splitlines()
    assert json.loads(header)["invalid"] is True
    seen = set()
    for line in lines:
        item = json.loads(line)
        expected = item["expected"]
        assert set(expected) == {"rule", "pointer", "changed", "original", "new"}
        problems = [p.identity for p in newsevents.iter_problems(item["record"])]
        assert problems == [(expected["rule"], expected["pointer"])]
        seen.add(expected["rule"])
    assert seen == set(RULES_BROKEN)


def test_yaml_comes_out_in_the_canonical_layout(tmp_path: Path) -> None:
    code, out = run("sample", "--count", "3", "--format", "yaml", "--seed", "5")
    assert code == 0
    assert out.startswith("# {")
    path = tmp_path / "sample.yaml"
    path.write_text(out, encoding="utf-8")
    assert run("fmt", "--check", str(path))[0] == 0
    assert run("validate", str(path))[0] == 0


def test_output_file(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    assert run("sample", "--count", "2", "--output", str(target)) == (0, "")
    assert len(target.read_text(encoding="utf-8").splitlines()) == 2


@pytest.mark.parametrize("argv", [["--count", "0"], ["--seed", "-1"], ["--format", "xml"]])
def test_bad_options_are_usage_errors(argv: list[str]) -> None:
    assert run("sample", *argv)[0] == 2
