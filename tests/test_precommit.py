"""The pre-commit hooks, run by the real ``pre-commit`` tool on a user's repository.

The user's configuration names this repository (as a checkout without symlinks, with its
uncommitted changes committed there) at a fixed revision, so pre-commit builds the hooks'
environment once for the module, as it does once for a user.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import EXAMPLES, MINIMAL_PATH, ROOT, renamed
from .installs import CLEAN_ENV, fresh_environment, run
from .test_repository import PACKAGE_JSON, WORKFLOW

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


README = (ROOT / "README.md").read_text(encoding="utf-8")
REPOSITORY = "https://github.com/<owner>/newsevents"


def readme_config(checkout: Path, revision: str) -> str:
    """The README's pre-commit configuration, naming this checkout at ``revision``."""
    found = re.search(r"```yaml\n# \.pre-commit-config\.yaml\n(.*?)```", README, re.DOTALL)
    assert found is not None
    text = found.group(1)
    assert REPOSITORY in text
    assert "rev: <commit>" in text
    return text.replace(REPOSITORY, str(checkout)).replace("<commit>", revision)


@pytest.fixture
def user_repo(tmp_path: Path, checkout: Path, hooks_revision: str) -> Path:
    """A user's repository with a valid and an invalid record under records/, and the
    README's pre-commit configuration, which runs both hooks with their default files."""
    repo = tmp_path / "user"
    (repo / "records").mkdir(parents=True)
    _git(repo, "init", "-q")
    config = readme_config(checkout, hooks_revision)
    (repo / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    shutil.copy(MINIMAL_PATH, repo / "records" / "good.yaml")
    bad = (EXAMPLES / "invalid" / "unresolved-reference.yaml").read_text(encoding="utf-8")
    (repo / "records" / "bad.yaml").write_text(renamed(bad, "bad"), encoding="utf-8")
    _git(repo, "add", ".")
    return repo


def run_hook(
    repo: Path, hook: str, env: dict[str, str], *files: str, verbose: bool = False
) -> subprocess.CompletedProcess[str]:
    selection = ["--files", *files] if files else ["--all-files"]
    return subprocess.run(
        [*PRE_COMMIT, "run", hook, *selection, *(["--verbose"] if verbose else [])],
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


def _others(repo: Path) -> dict[str, bytes]:
    """Other tools' files, written into ``repo``: name -> bytes."""
    (repo / ".github" / "workflows").mkdir(parents=True)
    (repo / ".github" / "workflows" / "ci.yml").write_text(WORKFLOW, encoding="utf-8")
    (repo / "package.json").write_text(PACKAGE_JSON, encoding="utf-8")
    (repo / "config").mkdir()
    (repo / "config" / "settings.yaml").write_text(WORKFLOW, encoding="utf-8")
    (repo / "records" / "bad.yaml").unlink()
    names = [".pre-commit-config.yaml", ".github/workflows/ci.yml", "package.json"]
    return {name: (repo / name).read_bytes() for name in [*names, "config/settings.yaml"]}


def test_the_default_hooks_check_records_and_leave_other_files_alone(
    user_repo: Path, environment: dict[str, str]
) -> None:
    before = _others(user_repo)
    _git(user_repo, "add", "--all")
    for hook in ("newsevents-validate", "newsevents-fmt"):
        done = run_hook(user_repo, hook, environment, verbose=True)
        assert done.returncode == 0, done.stdout + done.stderr
        assert {name: (user_repo / name).read_bytes() for name in before} == before
    validated = run_hook(user_repo, "newsevents-validate", environment, verbose=True)
    # Only the record was handed over: the workflow, the settings and package.json were not.
    assert "1 file, 1 record: 1 valid, 0 invalid, 0 problems" in validated.stdout


def test_widened_hooks_skip_and_leave_alone_what_is_no_record(
    user_repo: Path, environment: dict[str, str], checkout: Path, hooks_revision: str
) -> None:
    before = _others(user_repo)
    widened = re.search(r"Records kept elsewhere\?.*?```yaml\n(.*?)```", README, re.DOTALL)
    assert widened is not None
    hooks = widened.group(1).replace("^data/", "")  # every YAML and JSON file of the repo
    config = readme_config(checkout, hooks_revision)
    config = config[: config.index("      - id: newsevents-validate")] + hooks
    (user_repo / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    before[".pre-commit-config.yaml"] = config.encode()
    _git(user_repo, "add", "--all")
    validated = run_hook(user_repo, "newsevents-validate", environment, verbose=True)
    assert validated.returncode == 0, validated.stdout + validated.stderr
    # The settings file is handed over and skipped; the hidden files never reach the hook.
    assert "2 files, 1 record: 1 valid, 0 invalid, 1 skipped (not records)" in validated.stdout
    formatted = run_hook(user_repo, "newsevents-fmt", environment, verbose=True)
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr
    assert "left alone config/settings.yaml: not a news-event record" in formatted.stdout
    assert {name: (user_repo / name).read_bytes() for name in before} == before


def test_the_readme_install_line_installs_from_the_repository(
    checkout: Path, hooks_revision: str, tmp_path: Path
) -> None:
    line = re.search(r'python -m pip install "(newsevents @ git\+\S+)"', README)
    assert line is not None
    # With a host: pip 23 reads no file URL with an empty one in a requirement.
    requirement = line.group(1).replace(REPOSITORY, f"file://localhost{checkout.as_posix()}")
    requirement = requirement.replace("<commit>", hooks_revision)
    python = fresh_environment(tmp_path / "env")
    run(
        sys.executable,
        *("-m", "pip", "--python", python, "install", "--quiet", "--no-index", "--no-deps"),
        "--no-build-isolation",
        requirement,
    )
    done = subprocess.run(
        [python, "-m", "newsevents", "validate", str(MINIMAL_PATH)],
        cwd=tmp_path,
        env=CLEAN_ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout) == (
        0,
        "1 file, 1 record: 1 valid, 0 invalid, 0 problems\n",
    )
