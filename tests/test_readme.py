"""The README's examples run and say what the README says they say."""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
import sys

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_library_example_runs_as_shown() -> None:
    block = re.search(r"## Using the library\n\n```python\n(.*?)```", README, re.DOTALL)
    assert block is not None
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(block.group(1), "README.md", "exec"), {})
    assert out.getvalue() == "unresolved-reference /events/0/place\n"


def test_the_quick_start_validates_the_bundled_fixtures() -> None:
    command = re.search(r"python -m pip install \. && (newsevents validate \S+)", README)
    assert command is not None
    _, *arguments = command.group(1).split()
    result = subprocess.run(
        [sys.executable, "-m", "newsevents", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.endswith("0 invalid, 0 problems\n")
