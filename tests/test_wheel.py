"""The built wheel carries the schemas and fixtures and loads them from the installed package."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from .conftest import ROOT

CHECK = """
import json, sys
import newsevents
from newsevents._resources import schema_documents
assert newsevents.__file__.startswith(sys.prefix), newsevents.__file__
record = newsevents.load_fixture("china-belarus-2024-08-23")
newsevents.validate(record)
print(json.dumps({
    "schemas": len(schema_documents()),
    "root": newsevents.schema()["$id"],
    "entities": len(record["entities"]),
}))
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("newsevents-*.whl")
    return built


def test_wheel_contains_schemas_fixtures_and_marker(wheel: Path) -> None:
    import zipfile

    names = set(zipfile.ZipFile(wheel).namelist())
    assert "newsevents/py.typed" in names
    assert "newsevents/fixtures/china-belarus-2024-08-23.yaml" in names
    for schema in (ROOT / "schemas").glob("*.json"):
        assert f"newsevents/schemas/{schema.name}" in names


def test_installed_wheel_loads_schema_and_fixture(wheel: Path, tmp_path: Path) -> None:
    env = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env)
    python = env / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel)],
        check=True,
        capture_output=True,
    )
    # The fresh environment gets the runtime dependencies from this one without its
    # sys.path: a path entry is added, but this environment's own .pth files (and so the
    # editable install of newsevents) are not read.
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(site, "zz_test_dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8"
    )
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    result = subprocess.run(
        [str(python), "-c", CHECK],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env=clean,
    )
    assert result.returncode == 0, result.stderr
    assert '"schemas": 8' in result.stdout
    assert '"root": "https://newsevents.dev/schemas/1.0/record.schema.json"' in result.stdout
