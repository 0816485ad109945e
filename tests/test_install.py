"""The package installs and finds its data from any checkout, symlinks or none."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsevents import _resources

from .conftest import CANONICAL, ROOT
from .installs import fresh_environment, pip_install, report, run, schema_ids


def test_the_repository_holds_no_symlinks() -> None:
    # A checkout without symlinks (the Windows default) turns each into a small text file.
    entries = run("git", "ls-files", "--stage", "-z", cwd=ROOT).split("\0")
    links = [entry.split("\t", 1)[1] for entry in entries if entry.startswith("120000 ")]
    assert links == []


def test_a_missing_data_folder_is_an_error_that_says_where_it_looked() -> None:
    with pytest.raises(FileNotFoundError) as raised:
        _resources._folder.__wrapped__("no-such-folder")
    message = str(raised.value)
    assert "installed without its no-such-folder/ folder" in message
    assert "newsevents/no-such-folder" in message  # the place inside the package
    assert "reinstall" in message


@pytest.mark.packaging
def test_an_editable_install_reads_the_checkouts_own_data_folders_live(
    checkout: Path, tmp_path: Path
) -> None:
    python = fresh_environment(tmp_path / "venv")
    pip_install(python, "--editable", checkout)
    found = report(python, cwd=tmp_path)
    assert Path(found["module"]).is_relative_to(checkout / "src" / "newsevents")
    assert Path(found["schemas"]) == checkout / "schemas"
    assert Path(found["fixtures"]) == checkout / "fixtures"
    assert found["ids"] == schema_ids(checkout)
    assert CANONICAL in found["fixture_names"]

    # No copy was made at install time: a file added to the checkout is seen at once.
    added = checkout / "fixtures" / "added-after-install.yaml"
    added.write_bytes((checkout / "fixtures" / f"{CANONICAL}.yaml").read_bytes())
    try:
        assert "added-after-install" in report(python, cwd=tmp_path)["fixture_names"]
    finally:
        added.unlink()
