"""The sdist and the wheel, built from a checkout without symlinks, carry the schemas and
fixtures, and the installed (or zipped) wheel reads them through importlib.resources."""

from __future__ import annotations

import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from .conftest import CANONICAL, ROOT
from .installs import fresh_environment, pip_install, report, run, schema_ids

pytestmark = pytest.mark.packaging

DATA = sorted(
    path.relative_to(ROOT).as_posix()
    for folder in ("schemas", "fixtures")
    for path in (ROOT / folder).rglob("*")
    if path.is_file()
)


@pytest.fixture(scope="module")
def dist(checkout: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist and the wheel, built as a release is: the wheel from the unpacked sdist."""
    out = tmp_path_factory.mktemp("dist")
    run(sys.executable, "-m", "build", "--no-isolation", "--outdir", out, checkout)
    return out


def test_the_wheel_has_the_data_folders_inside_the_package(dist: Path) -> None:
    (wheel,) = dist.glob("newsevents-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "newsevents/py.typed" in names
    assert {f"newsevents/{name}" for name in DATA} <= names
    assert not [name for name in names if name.startswith(("schemas/", "fixtures/", "src/"))]


def test_the_sdist_has_the_data_folders_once_at_the_top(dist: Path) -> None:
    (sdist,) = dist.glob("newsevents-*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert {*DATA, "pyproject.toml", "src/newsevents/__init__.py"} <= names
    assert not [name for name in names if name.startswith("src/newsevents/schemas")]
    assert not [name for name in names if name.startswith("src/newsevents/fixtures")]


def test_the_installed_wheel_reads_its_data_from_the_package(dist: Path, tmp_path: Path) -> None:
    (wheel,) = dist.glob("newsevents-*.whl")
    python = fresh_environment(tmp_path / "venv")
    pip_install(python, wheel)
    found = report(python, cwd=tmp_path)
    installed = Path(found["module"]).parent
    assert installed.is_relative_to(tmp_path / "venv")
    assert (Path(found["schemas"]), Path(found["fixtures"])) == (
        installed / "schemas",
        installed / "fixtures",
    )
    assert found["in_package"] is True
    assert found["ids"] == schema_ids(ROOT)
    assert CANONICAL in found["fixture_names"]


def test_the_wheel_works_zipped_on_the_path(dist: Path, tmp_path: Path) -> None:
    (wheel,) = dist.glob("newsevents-*.whl")
    found = report(Path(sys.executable), cwd=tmp_path, path_first=wheel)
    assert found["module"] == str(wheel / "newsevents" / "__init__.py")
    assert found["schemas"].startswith(str(wheel))
    assert found["in_package"] is True
    assert found["ids"] == schema_ids(ROOT)
