"""The pre-commit hooks, run by the real ``pre-commit`` tool on a user's repository.

The user's configuration names this repository (as a checkout without symlinks, with its
uncommitted changes committed there) at a fixed revision, so pre-commit builds the hooks'
environment once for the module, as it does once for a user.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import EXAMPLES, MINIMAL_PATH
from .installs import run

pytestmark = pytest.mark.packaging

PRE_COMMIT = [sys.executable, "-m", "pre_commit"]


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture(scope="module")
def environment(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """pre-commit's cache in a temporary place, and nothing of this test run's own paths."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["PRE_COMMIT_HOME"] = str(tmp_path_factory.mktemp("pre-commit-home"))
    env.setdefault("GIT_AUTHOR_NAME", "test")
    env.setdefault("GIT_AUTHOR_EMAIL", "test@example.invalid")
    env.setdefault("GIT_COMMITTER_NAME", "test")
    env.setdefault("GIT_COMMITTER_EMAIL", "test@example.invalid")
    return env


@pytest.fixture(scope="module")
def hooks_revision(checkout: Path) -> str:
    """The tree under test, committed in the checkout: the revision a user's config names."""
    identity = ["-c", "user.name=test", "-c", "user.email=test@example.invalid"]
    identity += ["-c", "commit.gpgsign=false"]
    run("git", "add", "--all", cwd=checkout)
    run(
        "git",
        *identity,
        "commit",
        "--quiet",
        "--allow-empty",
        "--no-verify",
        "-m",
        "tested",
        cwd=checkout,
    )
    return run("git", "rev-parse", "HEAD", cwd=checkout).strip()


@pytest.fixture
def user_repo(tmp_path: Path, checkout: Path, hooks_revision: str) -> Path:
    """A user's repository with a valid and an invalid record under records/, and a
    pre-commit configuration that runs both hooks on them, as the README shows."""
    repo = tmp_path / "user"
    (repo / "records").mkdir(parents=True)
    _git(repo, "init", "-q")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n"
        f"  - repo: {checkout}\n"
        f"    rev: {hooks_revision}\n"
        f"    hooks:\n"
        f"      - id: newsevents-validate\n"
        f"        files: ^records/\n"
        f"      - id: newsevents-fmt\n"
        f"        files: ^records/\n",
        encoding="utf-8",
    )
    shutil.copy(MINIMAL_PATH, repo / "records" / "good.yaml")
    shutil.copy(EXAMPLES / "invalid" / "unresolved-reference.yaml", repo / "records" / "bad.yaml")
    _git(repo, "add", ".")
    return repo


def run_hook(
    repo: Path, hook: str, env: dict[str, str], *files: str
) -> subprocess.CompletedProcess[str]:
    selection = ["--files", *files] if files else ["--all-files"]
    return subprocess.run(
        [*PRE_COMMIT, "run", hook, *selection],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def test_validate_hook_fails_on_an_invalid_record_and_passes_on_a_valid_one(
    user_repo: Path, environment: dict[str, str]
) -> None:
    failed = run_hook(user_repo, "newsevents-validate", environment)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "records/bad.yaml:" in failed.stdout
    assert "unresolved-reference" in failed.stdout
    assert "records/good.yaml" not in failed.stdout.replace("records/bad.yaml", "")

    passed = run_hook(user_repo, "newsevents-validate", environment, "records/good.yaml")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout


def test_fmt_hook_rewrites_a_record_and_then_passes(
    user_repo: Path, environment: dict[str, str]
) -> None:
    good = user_repo / "records" / "good.yaml"
    canonical = good.read_text(encoding="utf-8")
    good.write_text(canonical.replace("  language: en\n", '  language: "en"\n'), encoding="utf-8")
    _git(user_repo, "add", ".")
    changed = run_hook(user_repo, "newsevents-fmt", environment, "records/good.yaml")
    assert changed.returncode == 1, changed.stdout + changed.stderr
    assert "files were modified by this hook" in changed.stdout
    assert good.read_text(encoding="utf-8") == canonical
    _git(user_repo, "add", ".")
    clean = run_hook(user_repo, "newsevents-fmt", environment, "records/good.yaml")
    assert clean.returncode == 0, clean.stdout + clean.stderr
