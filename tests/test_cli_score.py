"""``newsevents score GOLD PRED...``: tables, the JSON document, thresholds, exit codes."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

import newsevents
from newsevents._cli import main

from .conftest import CANONICAL, CANONICAL_PATH, FIXTURES, MINIMAL_PATH

PREDICTED_PATH = FIXTURES / f"{CANONICAL}-predicted.yaml"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["score", *argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def worked() -> newsevents.Score:
    return newsevents.score(newsevents.load(CANONICAL_PATH), newsevents.load(PREDICTED_PATH))


def write(path: Path, *records: Any) -> Path:
    path.write_text(yaml.safe_dump_all(records, allow_unicode=True), "utf-8")
    return path


def test_the_text_report_is_the_table_and_what_differs() -> None:
    code, out, err = run(str(CANONICAL_PATH), str(PREDICTED_PATH))
    assert (code, err) == (0, "")
    head, rest = out.split("\n", 1)
    assert head == f"{PREDICTED_PATH}:7: {CANONICAL}-predicted against {CANONICAL_PATH}:"
    assert rest.startswith(worked().table())
    assert "incorrect 'A joint statement on strengthening collaboration is released'" in out
    assert "  missed 'Both nations' (gold /entities/0/evidence/6)\n" in out
    assert out.endswith("\n1 record scored: 0 below a threshold\n")


def test_quiet_prints_the_tables_only() -> None:
    code, out, _ = run(str(CANONICAL_PATH), str(PREDICTED_PATH), "-q")
    assert code == 0
    assert "missed" not in out.replace("missed spurious", "")
    assert worked().table() in out


@pytest.mark.parametrize(
    ("thresholds", "code", "below"),
    [
        (["quotes=0.9"], 1, ["quotes.speaker"]),
        (["quotes=0.9", "quotes.speaker=0.5"], 0, []),
        (["events.classification=0.93"], 1, ["events.classification"]),
        (["events.classification=0.92"], 0, []),
        (["mentions=0.835"], 1, ["mentions.strict", "mentions.exact", "mentions.partial"]),
        (["links=0.96", "moments=1.0"], 0, []),
    ],
)
def test_a_layer_below_its_threshold_fails_the_run(
    thresholds: list[str], code: int, below: list[str]
) -> None:
    options = [part for t in thresholds for part in ("--min-f1", t)]
    got, out, _ = run(str(CANONICAL_PATH), str(PREDICTED_PATH), "-q", *options)
    assert got == code
    marked = [line.split()[0] for line in out.splitlines() if line.endswith(tuple("0123456789"))
              and " < " in line]  # fmt: skip
    assert marked == below
    assert [line.split()[2].rstrip(":") for line in out.splitlines()
            if line.startswith("below threshold:")] == below  # fmt: skip


def test_the_json_document_is_the_library_score() -> None:
    code, out, err = run(
        str(CANONICAL_PATH), str(PREDICTED_PATH), "--format", "json", "--min-f1", "quotes=0.9"
    )
    assert (code, err) == (1, "")
    document = json.loads(out)
    assert document["version"] == 1
    assert document["gold"] == {"file": str(CANONICAL_PATH), "id": CANONICAL}
    assert document["options"] == {
        "tolerance": 0.0,
        "schemes": ["strict", "exact", "partial", "type"],
    }
    assert document["min_f1"] == {
        "quotes.identification": 0.9,
        "quotes.speaker": 0.9,
        "quotes.mode": 0.9,
    }
    assert document["passed"] is False
    (result,) = document["results"]
    expected = worked().as_dict()
    assert result["layers"] == expected["layers"]
    assert result["differences"] == expected["differences"]
    assert result["below"] == [{"layer": "quotes.speaker", "f1": 0.5, "min_f1": 0.9}]
    assert (result["file"], result["record"], result["id"], result["passed"]) == (
        str(PREDICTED_PATH), 0, f"{CANONICAL}-predicted", False
    )  # fmt: skip
    assert result["problems"] == []


def test_every_record_of_every_predicted_file_is_scored(tmp_path: Path) -> None:
    gold = newsevents.load(MINIMAL_PATH)
    wrong = json.loads(json.dumps(gold))
    wrong["events"][0]["type"] = "visit"
    runs = tmp_path / "runs"
    runs.mkdir()
    lines = "".join(json.dumps(record) + "\n" for record in (gold, wrong))
    (runs / "a.jsonl").write_text(lines, "utf-8")
    write(runs / "b.yaml", wrong)
    code, out, _ = run(str(MINIMAL_PATH), str(runs), "--format", "json", "--min-f1", "events=1")
    assert code == 1
    results = json.loads(out)["results"]
    assert [(Path(r["file"]).name, r["record"], r["passed"]) for r in results] == [
        ("a.jsonl", 0, True), ("a.jsonl", 1, False), ("b.yaml", 0, False)
    ]  # fmt: skip


def test_records_that_cannot_be_scored_are_reported_and_the_rest_scored(tmp_path: Path) -> None:
    gold = newsevents.load(MINIMAL_PATH)
    invalid = json.loads(json.dumps(gold))
    invalid["events"][0]["place"] = "gomel"
    other = newsevents.load(CANONICAL_PATH)
    paths = [
        write(tmp_path / "invalid.yaml", invalid),
        write(tmp_path / "other.yaml", other),
        tmp_path / "missing.yaml",
        MINIMAL_PATH,
    ]
    code, out, err = run(str(MINIMAL_PATH), *map(str, paths))
    assert (code, err) == (1, "")
    lines = out.splitlines()
    assert any(line.startswith(f"{paths[0]}:") and "unresolved-reference" in line for line in lines)
    assert any(line.startswith(f"{paths[1]}:") and " text-mismatch: " in line for line in lines)
    assert any(line.startswith(f"{paths[2]}: unreadable: ") for line in lines)
    assert lines[-1] == "1 record scored: 0 below a threshold, 3 not scored"
    code, out, _ = run(str(MINIMAL_PATH), *map(str, paths), "--format", "json")
    problems = [r["problems"][0]["rule"] for r in json.loads(out)["results"] if r["problems"]]
    assert problems == ["unresolved-reference", "text-mismatch", "unreadable"]


@pytest.mark.parametrize("content", ["", "a: [1\n", "id: x\n---\nid: y\n"])
def test_a_gold_file_without_one_valid_record_scores_nothing(tmp_path: Path, content: str) -> None:
    gold = tmp_path / "gold.yaml"
    gold.write_text(content, "utf-8")
    code, out, err = run(str(gold), str(MINIMAL_PATH))
    assert (code, err) == (1, "")
    assert out.startswith(f"{gold}")
    assert out.endswith("0 records scored: 0 below a threshold, 1 not scored\n")


def test_an_invalid_gold_record_is_reported(tmp_path: Path) -> None:
    gold = json.loads(json.dumps(newsevents.load(MINIMAL_PATH)))
    gold["entities"][0]["evidence"][0]["text"] = "Li Qiong"
    path = write(tmp_path / "gold.yaml", gold)
    code, out, _ = run(str(path), str(MINIMAL_PATH))
    assert code == 1
    assert "span-text-mismatch" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--min-f1", "events"], "is not LAYER=VALUE"),
        (["--min-f1", "events=high"], "'high' is not a number from 0 to 1"),
        (["--min-f1", "events=1.5"], "'1.5' is not a number from 0 to 1"),
        (["--min-f1", "evnts=0.5"], "--min-f1 evnts=...: names no layer; .* did you mean 'events'"),
        (["--scheme", "type", "--min-f1", "mentions.strict=0.5"], "the mention schemes chosen"),
        (["--tolerance", "-1"], "'-1' is not a finite number of 0 or more"),
        (["--tolerance", "nan"], "'nan' is not a finite number of 0 or more"),
        (["--scheme", "strikt"], "invalid choice: 'strikt'"),
    ],
)
def test_a_wrong_command_line_exits_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(str(MINIMAL_PATH), str(MINIMAL_PATH), *argv)
    assert (code, out) == (2, "")
    import re

    assert re.search(message, err + capsys.readouterr().err)


def test_the_gold_record_cannot_come_from_standard_input() -> None:
    code, _, err = run("-", str(MINIMAL_PATH))
    assert code == 2
    assert "GOLD must be a file" in err


def test_schemes_and_tolerance_reach_the_scorer(tmp_path: Path) -> None:
    gold = newsevents.load(MINIMAL_PATH)
    close = json.loads(json.dumps(gold))
    close["claims"][0]["value"]["quantity"]["value"] = 8.45e9
    path = write(tmp_path / "close.yaml", close)
    code, out, _ = run(str(MINIMAL_PATH), str(path), "--format", "json", "--scheme", "exact",
                       "--tolerance", "0.01", "--min-f1", "claims=1")  # fmt: skip
    assert code == 0
    (result,) = json.loads(out)["results"]
    assert [name for name in result["layers"] if name.startswith("mentions")] == ["mentions.exact"]
    code, out, _ = run(str(MINIMAL_PATH), str(path), "--min-f1", "claims=1", "-q")
    assert code == 1


def test_what_a_record_says_cannot_drive_the_terminal(tmp_path: Path) -> None:
    gold = newsevents.load(MINIMAL_PATH)
    predicted = json.loads(json.dumps(gold))
    predicted["quotes"][0].update(mode="indirect", text="Relations\x1b[31m\nforged line")
    path = write(tmp_path / "pred.yaml", predicted)
    code, out, _ = run(str(MINIMAL_PATH), str(path))
    assert code == 0
    assert "\x1b" not in out
    assert "Relations\\x1b[31m\\nforged line" not in out  # the gold quote is what is shown
    predicted["quotes"][0]["evidence"] = [{"start": 60, "end": 65, "text": "Trade"}]
    path = write(tmp_path / "pred.yaml", predicted)
    code, out, _ = run(str(MINIMAL_PATH), str(path))
    assert "\x1b" not in out
    assert "spurious 'Relations\\x1b[31m\\nforged line'" in out
    code, out, _ = run(str(MINIMAL_PATH), str(path), "--format", "json")
    texts = [d["text"] for d in json.loads(out)["results"][0]["differences"]]
    assert "Relations\x1b[31m\nforged line" in texts
    assert "\x1b" not in out


def test_standard_input_is_a_predicted_record() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "newsevents", "score", str(CANONICAL_PATH), "-", "-q"],
        input=PREDICTED_PATH.read_bytes(),
        capture_output=True,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, b"")
    assert result.stdout.decode().startswith(f"<stdin>:7: {CANONICAL}-predicted against")
