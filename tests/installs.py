"""The packaging tests' tools: a checkout made without symlinks, fresh environments, installs.

Everything runs offline: a fresh environment borrows this one's installed distributions
(the runtime dependencies, hatchling) through a path entry, so pip needs neither an index
nor build isolation.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path
from typing import Any

from .conftest import CANONICAL, ROOT

#: The environment for tools run in a subprocess: nothing of this test run's own paths.
CLEAN_ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}

# Run by the installed package: where it was imported from, where it found its data, and
# that the data is whole and the canonical fixture valid.
_REPORT = f"""
import json
from importlib.resources import files

import newsevents
from newsevents import _resources

record = newsevents.load_fixture({CANONICAL!r})
newsevents.validate(record)
print(json.dumps({{
    "module": newsevents.__file__,
    "schemas": str(_resources._folder("schemas")),
    "fixtures": str(_resources._folder("fixtures")),
    "in_package": files("newsevents").joinpath("schemas").is_dir(),
    "ids": sorted(_resources.schema_documents()),
    "fixture_names": _resources.fixture_names(),
    "entities": len(record["entities"]),
}}))
"""


def run(*command: str | Path, cwd: Path | None = None) -> str:
    """Run a command; its output is the failure message when it fails."""
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=CLEAN_ENV,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, (
        f"{' '.join(map(str, command))} exited {result.returncode}\n"
        f"{result.stdout}\n{result.stderr}"
    )
    return result.stdout


def _working_tree_files() -> set[str]:
    """Every path git has in HEAD or sees in the working tree (tracked or not ignored)."""
    listed = run("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT)
    committed = run("git", "ls-tree", "-r", "-z", "--name-only", "HEAD", cwd=ROOT)
    return {name for name in (listed + committed).split("\0") if name}


def checkout_without_symlinks(target: Path) -> Path:
    """This repository as ``git -c core.symlinks=false clone`` writes it (as on Windows):
    a symbolic link becomes a plain file holding the link's target. The working tree's
    uncommitted changes are laid over the clone in the same way, so that the tests judge
    the tree they run from."""
    run("git", "-c", "core.symlinks=false", "clone", "--quiet", ROOT, target)
    for name in _working_tree_files():
        source, copy = ROOT / name, target / name
        if not os.path.lexists(source):
            copy.unlink(missing_ok=True)
            continue
        copy.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            copy.write_text(os.readlink(source), encoding="utf-8")
        else:
            copy.write_bytes(source.read_bytes())
    return target


def fresh_environment(path: Path) -> Path:
    """A new virtual environment, without newsevents, that sees this one's installed
    distributions; returns its interpreter. A path entry is added, but this environment's
    own .pth files (and so an editable install of newsevents) are not read."""
    venv.EnvBuilder(with_pip=False).create(path)
    python = path / ("Scripts" if os.name == "nt" else "bin") / "python"
    site = run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])")
    Path(site.strip(), "zz_test_dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8"
    )
    return python


def pip_install(python: Path, *arguments: str | Path) -> None:
    """Install into the environment of ``python`` with this environment's pip, offline."""
    run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        python,
        "install",
        "--quiet",
        "--no-index",
        "--no-deps",
        "--no-build-isolation",
        *arguments,
    )


def report(python: Path, cwd: Path, path_first: Path | None = None) -> dict[str, Any]:
    """What the newsevents that ``python`` imports says about itself and its data; with
    ``path_first``, the one found there (a directory or a zip) before any installed one."""
    prefix = f"import sys; sys.path.insert(0, {str(path_first)!r})\n" if path_first else ""
    found: dict[str, Any] = json.loads(run(python, "-c", prefix + _REPORT, cwd=cwd))
    return found


def schema_ids(checkout: Path) -> list[str]:
    """The ``$id`` of every schema file in a checkout, sorted."""
    return sorted(
        json.loads(path.read_text(encoding="utf-8"))["$id"]
        for path in (checkout / "schemas").glob("*/*.schema.json")
    )
