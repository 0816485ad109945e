"""constraints/dev.txt pins every development tool exactly, and nothing users install."""

from __future__ import annotations

from importlib import metadata

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from .conftest import ROOT

CONSTRAINTS = ROOT / "constraints" / "dev.txt"


def pins() -> list[Requirement]:
    """Every requirement line of the constraints file, in order."""
    lines = (line.split("#", 1)[0].strip() for line in CONSTRAINTS.read_text("utf-8").splitlines())
    return [Requirement(line) for line in lines if line]


def pinned() -> dict[str, str]:
    """The pinned version of each name."""
    return {canonicalize_name(pin.name): str(pin.specifier)[2:] for pin in pins()}


def requirements(distribution: str, extra: str = "") -> list[Requirement]:
    """An installed distribution's requirements that apply here, with ``extra`` chosen."""
    found = [Requirement(line) for line in metadata.requires(distribution) or []]
    return [r for r in found if r.marker is None or r.marker.evaluate({"extra": extra})]


def runtime_closure() -> set[str]:
    """newsevents' run-time dependencies and theirs, as installed here."""
    seen: set[str] = set()
    todo = [r.name for r in requirements("newsevents")]
    while todo:
        name = canonicalize_name(todo.pop())
        if name not in seen:
            seen.add(name)
            todo += [r.name for r in requirements(name)]
    return seen


def test_each_pin_is_exact_and_names_its_distribution_once() -> None:
    names = [canonicalize_name(pin.name) for pin in pins()]
    assert len(names) == len(set(names))
    for pin in pins():
        (specifier,) = pin.specifier
        assert (specifier.operator, pin.extras, pin.url) == ("==", set(), None), pin


def test_every_tool_of_the_test_extra_is_pinned_within_its_declared_range() -> None:
    versions = pinned()
    base = {str(r) for r in requirements("newsevents")}
    tools = [r for r in requirements("newsevents", "test") if str(r) not in base]
    assert tools
    for tool in tools:
        name = canonicalize_name(tool.name)
        assert name in versions, f"{tool.name} is in the test extra but not pinned"
        assert tool.specifier.contains(versions[name]), (tool, versions[name])


def test_no_runtime_dependency_is_pinned() -> None:
    # Users get the newest releases of these, so CI must see them too.
    assert set(pinned()) & runtime_closure() == set()


def test_what_a_pinned_tool_needs_is_pinned_or_a_runtime_dependency() -> None:
    # Read from the installed metadata, so only for the tools installed at their pinned
    # version: all of them in CI, which installs with the constraints.
    versions = pinned()
    allowed = set(versions) | runtime_closure()
    for name, version in versions.items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue  # not needed on this Python
        if installed == version:
            missing = {canonicalize_name(r.name) for r in requirements(name)} - allowed
            assert not missing, f"{name} {version} needs {sorted(missing)}, which are not pinned"
