"""dev.py's setup: the pinned versions are the installed ones, and a moved or copied venv is noticed."""

from __future__ import annotations

import importlib.metadata
import json
import shutil
import warnings
from pathlib import Path

import dev
from tests.conftest import REPO

FIX = "run `python3 dev.py test` (it reinstalls from constraints.txt when they differ)"


def version_mismatches(pins: dict[str, str]) -> list[str]:
    """One line per pinned package whose installed version differs from its pin."""
    lines = []
    for name, pinned in sorted(pins.items()):
        try:
            installed = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue  # pinned, but no longer a dependency: the pin is unused
        if installed != pinned:
            lines.append(f"{name}: installed {installed}, pinned {pinned} in constraints.txt")
    return lines


def test_installed_versions_are_the_pinned_ones():
    # the golden files were made with these versions; others may write other bytes
    pins = dev.pinned_versions(REPO / "constraints.txt")
    assert {"css-inline", "mkdocs", "mkdocs-material", "markdown-it-py", "babel", "nh3",
            "premailer", "pymdown-extensions", "markdown", "phonenumbers"} <= set(pins)
    mismatches = version_mismatches(pins)
    assert not mismatches, "\n".join([*mismatches, FIX])
    unpinned = dev.unpinned_dependencies(REPO)
    if unpinned:  # a dependency added since the last lock: it works, but is not reproducible yet
        warnings.warn(f"not pinned in constraints.txt: {', '.join(unpinned)}; run "
                      "`python3 dev.py lock` and commit constraints.txt", stacklevel=1)


def test_a_version_mismatch_names_package_installed_and_pinned_version(tmp_path: Path):
    # given a constraints file that pins another version of an installed package
    installed = importlib.metadata.version("babel")
    constraints = tmp_path / "constraints.txt"
    constraints.write_text(f"# comment\nBabel==0.0.1\nnot-installed-anywhere==1.0\n")
    # when / then
    assert version_mismatches(dev.pinned_versions(constraints)) == [
        f"babel: installed {installed}, pinned 0.0.1 in constraints.txt"]


def test_a_dependency_not_pinned_yet_is_listed_not_fatal(tmp_path: Path):
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    pins = (REPO / "constraints.txt").read_text().splitlines()
    (tmp_path / "constraints.txt").write_text("\n".join(p for p in pins
                                                        if not p.lower().startswith("nh3==")))
    assert dev.unpinned_dependencies(tmp_path) == ["nh3"]
    (tmp_path / "constraints.txt").unlink()  # no constraints at all: everything is unpinned
    assert "nh3" in dev.unpinned_dependencies(tmp_path)


def fake_venv(folder: Path, made_for: Path, *, stamp: bool) -> Path:
    """The files of a venv that tell where it was made: its scripts' first line and dev.py's stamp."""
    venv = folder / ".venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "pip").write_text(f"#!{made_for}/.venv/bin/python\nimport pip\n")
    if stamp:
        (venv / ".installed").write_text(dev.install_stamp(made_for))
    return venv


def test_a_copied_project_notices_its_venv_belongs_to_the_original(tmp_path: Path):
    # given a project with its venv, copied (cp -a) to another folder
    original, copy = tmp_path / "original", tmp_path / "copy"
    fake_venv(original, original, stamp=True)
    shutil.copytree(original, copy, symlinks=True)
    # then the copy's venv names the original folder, so dev.py makes a new one
    assert dev.venv_owner(copy / ".venv") == original
    assert dev.venv_owner(original / ".venv") == original
    assert json.loads(dev.install_stamp(copy))["root"] == str(copy)


def test_a_venv_made_before_the_stamp_recorded_its_folder_is_told_by_its_scripts(tmp_path: Path):
    venv = fake_venv(tmp_path / "copy", tmp_path / "original", stamp=False)
    (venv / ".installed").write_text("0123abcd")  # the old stamp: a hash of pyproject.toml only
    assert dev.venv_owner(venv) == tmp_path / "original"
    assert dev.venv_owner(tmp_path / "nothing-here") is None


def test_dev_py_makes_a_new_venv_for_a_copy_and_installs_with_the_constraints(tmp_path: Path,
                                                                            monkeypatch):
    # given a copy of a project whose venv was made for the original folder
    original, copy = tmp_path / "original", tmp_path / "copy"
    venv = fake_venv(original, original, stamp=True)
    (venv / "lib-of-the-original").write_text("")
    shutil.copytree(original, copy, symlinks=True)
    for name in ("pyproject.toml", "constraints.txt"):
        shutil.copy(REPO / name, copy / name)
    commands: list[list[str]] = []
    made: list[Path] = []

    def create(builder, where):  # noqa: ANN001 - venv.EnvBuilder.create, without the real venv
        made.append(Path(where))
        (Path(where) / "bin").mkdir(parents=True)
        (Path(where) / "bin" / "python").write_text("")

    monkeypatch.setattr(dev, "ROOT", copy)
    monkeypatch.setattr(dev, "VENV", copy / ".venv")
    monkeypatch.setattr(dev, "BIN", copy / ".venv" / "bin")
    monkeypatch.setattr(dev, "CONSTRAINTS", copy / "constraints.txt")
    monkeypatch.setattr(dev.venv.EnvBuilder, "create", create)
    monkeypatch.setattr(dev, "run", lambda *cmd, **kw: commands.append(list(map(str, cmd))))
    # when
    dev.ensure_venv()
    # then the copy has a venv of its own, installed with the pinned versions, and stamped
    assert made == [copy / ".venv"] and not (copy / ".venv" / "lib-of-the-original").exists()
    install = commands[-1]
    assert install[install.index("-c") + 1] == str(copy / "constraints.txt")
    assert f"{copy}[test]" in install
    assert dev.venv_owner(copy / ".venv") == copy
    # and a second run has nothing to do
    commands.clear()
    dev.ensure_venv()
    assert commands == []


def test_dev_py_reinstalls_when_the_venv_holds_other_versions_than_the_pins(tmp_path: Path,
                                                                         monkeypatch):
    # given a venv where someone installed another babel by hand (the stamp is still current)
    site_packages = tmp_path / ".venv" / "lib" / "python3.11" / "site-packages"
    pinned = dev.pinned_versions(REPO / "constraints.txt")["babel"]
    (site_packages / f"babel-{pinned}.dist-info").mkdir(parents=True)
    (site_packages / "mkdocs_material-0.0.1.dist-info").mkdir()
    (site_packages / "not_pinned-1.0.dist-info").mkdir()
    monkeypatch.setattr(dev, "CONSTRAINTS", REPO / "constraints.txt")
    # then dev.py sees it (and so installs the pinned versions again)
    material = dev.pinned_versions()["mkdocs-material"]
    assert dev.version_mismatches(tmp_path / ".venv") == [f"mkdocs-material 0.0.1 {material}"]


def test_dev_py_installs_without_the_pins_when_a_new_dependency_needs_other_versions(
        tmp_path: Path, monkeypatch, capsys):
    # given pins that pip cannot satisfy together with pyproject.toml (a dependency added since)
    project = tmp_path / "project"
    fake_venv(project, project, stamp=False)
    (project / ".venv" / "bin" / "python").write_text("")
    for name in ("pyproject.toml", "constraints.txt"):
        shutil.copy(REPO / name, project / name)
    commands: list[list[str]] = []

    def run(*cmd, **kw):  # noqa: ANN002, ANN003 - dev.run
        commands.append(list(map(str, cmd)))
        if "-c" in commands[-1]:
            raise dev.subprocess.CalledProcessError(1, cmd)

    for name, value in (("ROOT", project), ("VENV", project / ".venv"),
                        ("BIN", project / ".venv" / "bin"),
                        ("CONSTRAINTS", project / "constraints.txt"), ("run", run)):
        monkeypatch.setattr(dev, name, value)
    # when
    dev.ensure_venv()
    # then it installed anyway, said why, and says how to pin again
    assert "-c" not in commands[-1] and f"{project}[test]" in commands[-1]
    assert "python3 dev.py lock" in capsys.readouterr().err
