"""newsevents in a repository full of other files, as pre-commit and CI hand them over.

Documents that are no news-event record (CI workflows, pre-commit settings, package
manifests) get one `not-a-record` problem, or are skipped when asked, and `fmt` never
rewrites them; `--exclude` applies to the paths named on the command line; two records
with one id are `duplicate-record-id` wherever they are.
"""

from __future__ import annotations

import io
import json
import re
import sys
import tempfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import newsevents
from newsevents import Validator
from newsevents._cli import main
from newsevents._cli.inputs import expand
from newsevents._schema.recordness import record_keys

from .conftest import MINIMAL_PATH, ROOT, minimal_text

WORKFLOW = """\
name: ci
on:
  push:
    branches: [main]
  pull_request:
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: python -m pytest   # the whole suite
"""
PRE_COMMIT_CONFIG = """\
repos:
  - repo: https://github.com/pre-commit/pre-commit-hooks
    rev: v4.6.0
    hooks:
      - id: trailing-whitespace
      - id: check-yaml
        args: ["--unsafe"]
"""
PACKAGE_JSON = '{"name": "site", "version": "1.0.0", "scripts": {"test": "jest"}}\n'
FOREIGN_SCHEMA = "https://json.schemastore.org/github-workflow.json"
SCHEMA = newsevents.SCHEMA_ID


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def others() -> list[Any]:
    """What other tools keep in a repository, as plain data."""
    return [yaml.safe_load(WORKFLOW), yaml.safe_load(PRE_COMMIT_CONFIG), json.loads(PACKAGE_JSON)]


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with a record and the files other tools keep, as the working directory."""
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "ci.yml").write_text(WORKFLOW, encoding="utf-8")
    (tmp_path / ".pre-commit-config.yaml").write_text(PRE_COMMIT_CONFIG, encoding="utf-8")
    (tmp_path / "package.json").write_text(PACKAGE_JSON, encoding="utf-8")
    (tmp_path / "records").mkdir()
    (tmp_path / "records" / "a.yaml").write_text(minimal_text("a"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


OTHERS = [".github/workflows/ci.yml", ".pre-commit-config.yaml", "package.json"]

# --- The library: one problem for what is no record ----------------------------------------


@pytest.mark.parametrize("data", others(), ids=["workflow", "pre-commit", "package.json"])
def test_a_document_that_is_no_record_is_one_problem(data: Any) -> None:
    assert not newsevents.is_valid(data)
    (problem,) = newsevents.iter_problems(data)
    assert problem.identity == ("not-a-record", "")
    assert "names no news-event schema in 'schema'" in problem.message
    assert f"add 'schema: {SCHEMA}'" in problem.message
    assert "--skip-non-records" in problem.message
    with pytest.raises(newsevents.InvalidRecord) as raised:
        newsevents.validate(data)
    assert raised.value.problems == (problem,)


def test_a_foreign_schema_is_named_and_placed() -> None:
    text = f"name: ci\non: push\nschema: {FOREIGN_SCHEMA}\njobs: {{}}\n"
    (document,) = newsevents.loads_all(text, format="yaml")
    (problem,) = newsevents.iter_problems(document)
    assert (problem.rule, problem.pointer, problem.line, problem.column) == (
        "not-a-record",
        "/schema",
        3,
        1,
    )
    assert repr(FOREIGN_SCHEMA) in problem.message
    assert "make it 'schema:" in problem.message


def test_the_rules_are_in_the_catalogue() -> None:
    assert newsevents.RULES["not-a-record"].kind == "schema"
    assert newsevents.RULES["duplicate-record-id"].kind == "run"
    assert Validator(ignore=["not-a-record"]).is_valid(json.loads(PACKAGE_JSON))
    selected = Validator(select=["not-a-record"]).iter_problems(json.loads(PACKAGE_JSON))
    assert [p.rule for p in selected] == ["not-a-record"]


_KEYS = record_keys()
_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=8,
)
_foreign = st.one_of(
    _values.filter(lambda v: not isinstance(v, str)),
    st.text(max_size=40).filter(lambda s: not s.startswith("https://newsevents.dev/schemas/")),
)


@settings(max_examples=150, deadline=None)
@given(
    other=st.dictionaries(
        st.text(max_size=10).filter(lambda k: k not in (*_KEYS, "schema")), _values, max_size=6
    ),
    few=st.lists(st.sampled_from(_KEYS), unique=True, max_size=(len(_KEYS) - 1) // 2),
    schema=st.none() | _foreign,
    data=st.data(),
)
def test_every_mapping_with_few_record_keys_and_no_news_event_schema_is_no_record(
    other: dict[str, Any], few: list[str], schema: Any, data: st.DataObject
) -> None:
    document = {**other, **{key: data.draw(_values) for key in few}}
    if schema is not None:
        document["schema"] = schema
    problems = list(newsevents.iter_problems(document))
    assert [p.identity for p in problems] == [("not-a-record", "" if schema is None else "/schema")]
    assert not newsevents.is_valid(document)


@settings(max_examples=60, deadline=None)
@given(
    dropped=st.lists(st.sampled_from(_KEYS), unique=True, max_size=len(_KEYS) // 2),
    schema=st.none() | _foreign,
)
def test_a_record_shaped_mapping_is_never_waved_through_as_no_record(
    dropped: list[str], schema: Any
) -> None:
    """A record that forgot or misspelt ``schema`` keeps most of a record's properties:
    it is judged as a record and fails, and --skip-non-records would not skip it."""
    record = newsevents.load(MINIMAL_PATH)
    for key in dropped:
        del record[key]
    if schema is None:
        del record["schema"]
    else:
        record["schema"] = schema
    rules = [p.rule for p in newsevents.iter_problems(record)]
    assert rules
    assert "not-a-record" not in rules
    if schema is None:
        assert "schema.required" in rules
    elif isinstance(schema, str):
        assert rules == ["unknown-schema-version"]


# --- validate: not-a-record, or skipped and counted ----------------------------------------


def test_validate_gives_each_other_file_one_problem(repository: Path) -> None:
    code, out, _ = run("validate", *OTHERS)
    assert code == 1
    *lines, summary = out.splitlines()
    assert [line.split(": ")[0:2] for line in lines] == [
        [f"{name}:1:1", "not-a-record"] for name in OTHERS
    ]
    assert summary == "3 files, 3 records: 0 valid, 3 invalid, 3 problems"


def test_skip_non_records_skips_them_and_counts_them(repository: Path) -> None:
    code, out, _ = run("validate", "--skip-non-records", *OTHERS, "records/a.yaml")
    assert (code, out) == (
        0,
        "4 files, 1 record: 1 valid, 0 invalid, 3 skipped (not records), 0 problems\n",
    )
    code, out, _ = run("validate", "--skip-non-records", "--format", "json", *OTHERS)
    document = json.loads(out)
    assert (code, document["problems"], document["summary"]["skipped"]) == (0, [], 3)
    code, out, _ = run("validate", "--skip-non-records", "--format", "junit", *OTHERS)
    root = ElementTree.fromstring(out)
    assert (code, root.get("skipped"), root.get("failures")) == (0, "3", "0")
    assert len(root.findall("testsuite/testcase/skipped")) == 3


def test_skip_non_records_never_skips_a_record_that_forgot_its_schema(repository: Path) -> None:
    forgot = repository / "records" / "forgot.yaml"
    forgot.write_text(minimal_text("forgot").replace(f"schema: {SCHEMA}\n", ""), "utf-8")
    code, out, _ = run("validate", "--skip-non-records", str(forgot))
    assert code == 1
    assert f"{forgot}:3:1: schema.required: missing required property 'schema'" in out
    assert "skipped" not in out


def test_a_json_lines_line_that_is_no_record(repository: Path) -> None:
    record = json.dumps(newsevents.load(MINIMAL_PATH))
    lines = repository / "mixed.jsonl"
    lines.write_text(f'{record}\n{{"event": "click", "at": 3}}\n', encoding="utf-8")
    code, out, _ = run("validate", str(lines))
    assert code == 1
    assert out.startswith(f"{lines}:2:1: not-a-record: ")
    code, out, _ = run("validate", "--skip-non-records", str(lines))
    assert (code, out) == (
        0,
        "1 file, 1 record: 1 valid, 0 invalid, 1 skipped (not records), 0 problems\n",
    )


# --- fmt: what is no record is never rewritten ---------------------------------------------


def test_fmt_leaves_other_files_byte_for_byte(repository: Path) -> None:
    yamls = OTHERS[:2]
    before = {name: Path(name).read_bytes() for name in yamls}
    messy = repository / "records" / "a.yaml"
    messy.write_text(messy.read_text("utf-8").replace("language: en", 'language: "en"'), "utf-8")
    code, out, err = run("fmt", *yamls, str(messy))
    assert (code, out) == (0, "")
    assert err.splitlines() == [
        *(f"left alone {name}: not a news-event record" for name in yamls),
        f"reformatted {messy}",
        "1 file reformatted, 0 unchanged, 2 left alone (not records)",
    ]
    assert {name: Path(name).read_bytes() for name in yamls} == before
    code, _, err = run("fmt", "--check", *yamls)
    assert code == 0
    assert err.endswith("0 files would be reformatted, 0 unchanged, 2 left alone (not records)\n")
    assert {name: Path(name).read_bytes() for name in yamls} == before


def test_fmt_passes_standard_input_that_is_no_record_through(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(WORKFLOW.encode())))
    assert run("fmt", "-") == (0, WORKFLOW, "left alone <stdin>: not a news-event record\n")


def test_fmt_leaves_a_file_mixing_records_and_others_as_it_was(repository: Path) -> None:
    mixed = repository / "records" / "mixed.yaml"
    text = minimal_text("a") + "---\n" + WORKFLOW
    mixed.write_text(text, encoding="utf-8")
    code, _, err = run("fmt", str(mixed))
    assert code == 1
    line = minimal_text("a").count("\n") + 2
    assert err.startswith(f"{mixed}:{line}:1: not-a-record: document 2 of this file")
    assert mixed.read_text(encoding="utf-8") == text


_yaml_key = st.from_regex(r"[a-z][a-z_-]{0,9}", fullmatch=True).filter(
    lambda k: k not in (*_KEYS, "schema")
)
_yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_yaml_key, inner, max_size=3),
    max_leaves=10,
)


@settings(max_examples=40, deadline=None)
@given(
    st.dictionaries(_yaml_key, _yaml_values, min_size=1, max_size=6),
    st.booleans(),
    st.sampled_from(["", "# settings\n", "---\n"]),
)
def test_fmt_never_rewrites_yaml_that_is_no_record(
    data: dict[str, Any], flow: bool, head: str
) -> None:
    text = head + yaml.safe_dump(data, default_flow_style=flow, sort_keys=False, indent=4)
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory, "settings.yaml")
        path.write_text(text, encoding="utf-8")
        code, _, err = run("fmt", str(path))
        assert path.read_text(encoding="utf-8") == text
    assert code == 0, err
    assert f"left alone {path}: not a news-event record" in err


# --- --exclude on the paths named, as pre-commit names them ---------------------------------


@pytest.fixture
def drafts(repository: Path) -> Path:
    """records/drafts/wip.yaml: a record with a dangling reference, and out of layout."""
    path = repository / "records" / "drafts" / "wip.yaml"
    path.parent.mkdir()
    text = minimal_text("wip").replace("    place: minsk", "    place: gomel")
    path.write_text(text.replace("language: en", 'language: "en"'), encoding="utf-8")
    return path


PATTERNS = ["drafts", "drafts/*", "records/drafts", "wip.yaml", "*/wip.yaml", "*/drafts/*"]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_exclude_skips_a_file_named_on_the_command_line(drafts: Path, pattern: str) -> None:
    named = ("records/a.yaml", "records/drafts/wip.yaml")
    assert run("validate", *named)[0] == 1
    code, out, _ = run("validate", *named, "--exclude", pattern)
    assert (code, out) == (0, "1 file, 1 record: 1 valid, 0 invalid, 0 problems\n")
    before = drafts.read_bytes()
    code, _, err = run("fmt", *named, "--exclude", pattern)
    assert (code, err) == (0, "0 files reformatted, 1 unchanged\n")
    assert drafts.read_bytes() == before
    assert run("fmt", "--check", *named)[0] == 1  # without it, the draft would change


def test_exclude_matches_an_absolute_path_and_a_directory_named(drafts: Path) -> None:
    code, out, _ = run("validate", str(drafts), "--exclude", f"{drafts.parent}/*")
    assert (code, out) == (0, "0 files, 0 records: 0 valid, 0 invalid, 0 problems\n")
    code, out, _ = run("validate", "records/drafts", "--exclude", "drafts")
    assert (code, out) == (0, "0 files, 0 records: 0 valid, 0 invalid, 0 problems\n")


_segment = st.from_regex(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,7}", fullmatch=True).filter(
    lambda s: s not in (".", "..")
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_segment, min_size=1, max_size=5), st.data())
def test_every_trailing_part_of_a_named_path_excludes_it(
    parts: list[str], data: st.DataObject
) -> None:
    path = "/".join(parts)
    start = data.draw(st.integers(0, len(parts) - 1))
    tail = "/".join(parts[start:])
    assert expand([path], exclude=[tail]) == []
    assert expand([f"./{path}"], exclude=[tail]) == []
    # A pattern that matches no trailing part leaves the path in (reported as missing).
    assert [item.name for item in expand([path], exclude=[f"{tail}~"])] == [path]


# --- duplicate-record-id ---------------------------------------------------------------------


def _problem_lines(out: str) -> list[str]:
    return out.splitlines()[:-1]


def test_the_same_id_in_two_files_names_both_places(repository: Path) -> None:
    (repository / "records" / "b.yaml").write_text(minimal_text("a"), encoding="utf-8")
    code, out, _ = run("validate", "records")
    assert code == 1
    (line,) = _problem_lines(out)
    assert line.startswith(
        "records/b.yaml:3:1: duplicate-record-id: the record id 'a' is already the id of "
        "the record at records/a.yaml:3; "
    )
    assert line.endswith("(at /id)")
    assert out.splitlines()[-1] == "2 files, 2 records: 1 valid, 1 invalid, 1 problem"


def test_the_same_id_twice_in_one_json_lines_file(repository: Path) -> None:
    record = newsevents.load(MINIMAL_PATH)
    lines = repository / "dump.jsonl"
    rows = [{**record, "id": ident} for ident in ("x", "y", "x", "x")]
    lines.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    code, out, _ = run("validate", "dump.jsonl")
    assert code == 1
    assert [line.split(": ")[0] for line in _problem_lines(out)] == [
        "dump.jsonl:3:1",
        "dump.jsonl:4:1",
    ]
    assert all("the record at dump.jsonl:1;" in line for line in _problem_lines(out))


def test_a_file_named_twice_is_no_duplicate_of_itself(repository: Path) -> None:
    assert run("validate", "records/a.yaml", "records/a.yaml", "records")[0] == 0


def test_select_and_ignore_apply_to_the_run_rule(repository: Path) -> None:
    (repository / "records" / "b.yaml").write_text(minimal_text("a"), encoding="utf-8")
    code, out, _ = run("validate", "records", "--ignore", "duplicate-record-id")
    assert (code, _problem_lines(out)) == (0, [])
    code, out, _ = run("validate", "records", "--select", "duplicate-record-id")
    assert code == 1
    assert [line.split(": ")[1] for line in _problem_lines(out)] == ["duplicate-record-id"]
    code, out, _ = run("validate", "records", "--select", "schema")
    assert (code, _problem_lines(out)) == (0, [])


def test_documents_that_are_no_record_have_no_record_id(repository: Path) -> None:
    for name in ("one.json", "two.json"):
        (repository / name).write_text('{"id": "same", "name": "x"}\n', encoding="utf-8")
    code, out, _ = run("validate", "one.json", "two.json")
    assert code == 1
    assert [line.split(": ")[1] for line in _problem_lines(out)] == ["not-a-record"] * 2
    assert run("validate", "--skip-non-records", "one.json", "two.json")[0] == 0


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from("abcd"), min_size=1, max_size=4), min_size=1, max_size=3),
    st.sampled_from(["1", "2"]),
)
def test_every_later_use_of_an_id_is_reported_once_at_its_record(
    files: list[list[str]], jobs: str
) -> None:
    record = newsevents.load(MINIMAL_PATH)
    seen: set[str] = set()
    expected = []
    with tempfile.TemporaryDirectory() as directory:
        paths = []
        for n, ids in enumerate(files):
            path = Path(directory, f"f{n}.jsonl")
            rows = [{**record, "id": ident} for ident in ids]
            path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
            paths.append(str(path))
            for line, ident in enumerate(ids, 1):
                if ident in seen:
                    expected.append(f"{path}:{line}:1")
                seen.add(ident)
        code, out, _ = run("validate", "--jobs", jobs, *paths)
    reported = [line.split(": ")[0] for line in _problem_lines(out)]
    assert reported == expected
    assert code == (1 if expected else 0)


def test_jobs_give_the_same_report(repository: Path) -> None:
    for name in "bcd":
        (repository / "records" / f"{name}.yaml").write_text(minimal_text("a"), "utf-8")
    serial = run("validate", "--jobs", "1", "records", *OTHERS)
    assert serial[0] == 1
    assert run("validate", "--jobs", "2", "records", *OTHERS) == serial
    skipping = run("validate", "--jobs", "1", "--skip-non-records", "records", *OTHERS)
    assert run("validate", "--jobs", "2", "--skip-non-records", "records", *OTHERS) == skipping


def test_validate_stream_reports_duplicates_only_when_asked(repository: Path) -> None:
    record = newsevents.load(MINIMAL_PATH)
    assert all(report.valid for report in newsevents.validate_stream([record, record]))
    first, second = newsevents.validate_stream([record, dict(record)], unique_ids=True)
    assert first.valid
    (problem,) = second.problems
    assert (problem.rule, problem.pointer, problem.index) == ("duplicate-record-id", "/id", 1)
    assert "the record at index 0 of the stream" in problem.message
    multi = repository / "multi.yaml"
    multi.write_text(minimal_text("m") + "---\n" + minimal_text("m"), encoding="utf-8")
    reports = list(newsevents.validate_stream(newsevents.load_all(multi), unique_ids=True))
    (problem,) = reports[1].problems
    assert f"the record at {multi}:3;" in problem.message
    assert (problem.file, problem.line) == (str(multi), reports[1].line)
    ignoring = Validator(ignore=["duplicate-record-id"])
    assert all(r.valid for r in ignoring.validate_stream([record, record], unique_ids=True))


def test_sample_writes_records_with_ids_of_their_own(tmp_path: Path) -> None:
    # Seed 0 draws the id 'V' twice within 120 records.
    path = tmp_path / "sample.jsonl"
    assert run("sample", "--count", "120", "--seed", "0", "--output", str(path))[0] == 0
    ids = [json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(set(ids)) == len(ids) == 120
    assert run("validate", str(path)) == (
        0,
        "1 file, 120 records: 120 valid, 0 invalid, 0 problems\n",
        "",
    )


# --- The README's install lines ----------------------------------------------------------------


README = (ROOT / "README.md").read_text(encoding="utf-8")
GIT_INSTALL = re.compile(r'python -m pip install "(newsevents @ git\+(\S+)@(\S+))"')


def test_the_readme_installs_from_the_repository_at_a_commit() -> None:
    from packaging.requirements import Requirement

    lines = GIT_INSTALL.findall(README)
    assert len(lines) == 2  # the quick start and the CI example
    for requirement, url, rev in lines:
        assert (url, rev) == ("https://github.com/<owner>/newsevents", "<commit>")
        real = requirement.replace("<owner>", "owner").replace("<commit>", "0" * 40)
        assert Requirement(real).url == f"git+https://github.com/owner/newsevents@{'0' * 40}"
    # Nothing tells a user to install from the package index, where it is not yet.
    for page in (README, (ROOT / "docs" / "first-record.md").read_text(encoding="utf-8")):
        assert not re.search(r"pip install (-U )?newsevents\b(?! @)", page)
    assert "rev: <commit>" in README
