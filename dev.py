#!/usr/bin/env python3
"""Set up and run the project on a fresh machine: `python3 dev.py build | test | bench | serve | lock`.

Creates .venv/ (once, and again when pyproject.toml or constraints.txt changes, or when the folder
was moved or copied), installs the project into it with the versions pinned in constraints.txt, and
runs the step. For the tests it also installs what the browser tests need when it can (Debian's
chromium and fonts with apt-get when run as root, axe-core from the npm registry).
`python3 dev.py lock` pins what the venv holds now into constraints.txt.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / "bin"
CONSTRAINTS = ROOT / "constraints.txt"
CONSTRAINTS_HEADER = """\
# The versions every setup installs (dev.py passes this file to pip with -c), so that a fresh clone
# builds the same bytes as the golden files. Written by `python3 dev.py lock` (pip freeze of the
# venv); after adding or upgrading a dependency, run it and commit this file with the change.
"""
BROWSER_PACKAGES = ["chromium", "fonts-noto-core", "fonts-noto-cjk", "gettext"]
JAVA_PACKAGES = ["default-jre-headless"]  # for the Nu HTML Checker (vnu.jar)


def run(*cmd: str | Path, **kw) -> None:
    print("+", " ".join(map(str, cmd)), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, **kw)


def ensure_venv() -> None:
    """Create .venv and install the project with its test extras, unless already current."""
    stamp = VENV / ".installed"
    want = install_stamp(ROOT)
    if stamp.exists() and stamp.read_text() == want and not version_mismatches(VENV):
        return
    owner = venv_owner(VENV)
    if owner is not None and owner.resolve() != ROOT:
        # A copied venv runs the other folder's code (editable install, script paths): start over.
        print(f"note: {VENV} was made for {owner}; making a new one for {ROOT}", file=sys.stderr)
        shutil.rmtree(VENV)
    if not (BIN / "python").exists():
        try:
            venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
        except (subprocess.CalledProcessError, OSError) as exc:
            sys.exit(f"cannot create {VENV}: {exc}\nOn Debian/Ubuntu: apt-get install python3-venv")
    run(BIN / "python", "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    install = [BIN / "python", "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[test]"]
    try:
        run(*install, *(["-c", CONSTRAINTS] if CONSTRAINTS.is_file() else []))
    except subprocess.CalledProcessError:
        if not CONSTRAINTS.is_file():
            raise
        # A dependency added since the last lock may need a newer version of a pinned package.
        print("note: pyproject.toml's dependencies do not fit the versions pinned in "
              "constraints.txt; installing without them. Run `python3 dev.py lock` and commit "
              "constraints.txt", file=sys.stderr)
        run(*install)
    unpinned = unpinned_dependencies(ROOT)
    if unpinned:
        print(f"note: not pinned in constraints.txt yet: {', '.join(unpinned)}; run "
              "`python3 dev.py lock` and commit constraints.txt", file=sys.stderr)
    stamp.write_text(want)


def install_stamp(root: Path) -> str:
    """What an installed venv was made from: the folder, pyproject.toml and constraints.txt."""
    digest = {name: hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
              for name, path in (("pyproject", root / "pyproject.toml"),
                                 ("constraints", root / "constraints.txt"))}
    return json.dumps({"root": str(root), **digest}, sort_keys=True)


def venv_owner(venv_dir: Path) -> Path | None:
    """The project folder a venv was made for: recorded in its stamp, and in the first line of its
    scripts (`#!/that/folder/.venv/bin/python`). None when it does not exist or tells nothing."""
    try:
        return Path(json.loads((venv_dir / ".installed").read_text())["root"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    try:
        with (venv_dir / "bin" / "pip").open("rb") as script:
            first = script.readline().decode("utf-8", "replace").strip()
    except OSError:
        return None
    interpreter = Path(first.removeprefix("#!").split()[0]) if first.startswith("#!/") else None
    if interpreter is None or interpreter.parent.name != "bin":
        return None
    return interpreter.parent.parent.parent


def pinned_versions(constraints: Path | None = None) -> dict[str, str]:
    """{normalized name: version} of every `name==version` line in constraints.txt."""
    constraints = constraints or CONSTRAINTS
    pins = {}
    text = constraints.read_text(encoding="utf-8") if constraints.is_file() else ""
    for line in text.splitlines():
        match = re.fullmatch(r"\s*([A-Za-z0-9._-]+)\s*==\s*([^\s;#]+).*", line)
        if match:
            pins[normalize(match[1])] = match[2]
    return pins


def version_mismatches(venv_dir: Path) -> list[str]:
    """Pinned packages installed in `venv_dir` at another version (as `name installed pinned`):
    read from the names of its *.dist-info folders, which is quick enough to check on every run."""
    installed = {}
    for info in venv_dir.glob("lib/python3*/site-packages/*.dist-info"):
        name, _, version = info.name.removesuffix(".dist-info").rpartition("-")
        installed[normalize(name)] = version
    return [f"{name} {installed[name]} {pinned}" for name, pinned in pinned_versions().items()
            if installed.get(name, pinned) != pinned]


def unpinned_dependencies(root: Path) -> list[str]:
    """The project's own dependencies (with the test extras) that constraints.txt does not pin."""
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [*project.get("dependencies", []),
              *project.get("optional-dependencies", {}).get("test", [])]
    pins = pinned_versions(root / "constraints.txt")
    names = [normalize(re.match(r"[A-Za-z0-9._-]+", spec)[0]) for spec in wanted]
    return [name for name in names if name not in pins]


def normalize(name: str) -> str:
    """A distribution name as pip compares them (PEP 503): `PyYAML` is `pyyaml`, `a_b` is `a-b`."""
    return re.sub(r"[-_.]+", "-", name).lower()


def lock() -> int:
    """Write constraints.txt from what the venv holds (after a dependency was added or upgraded)."""
    frozen = subprocess.run([BIN / "python", "-m", "pip", "freeze", "--exclude-editable"],
                            check=True, capture_output=True, text=True).stdout
    pins = sorted((line for line in frozen.splitlines() if "==" in line), key=str.lower)
    CONSTRAINTS.write_text(CONSTRAINTS_HEADER + "\n".join(pins) + "\n", encoding="utf-8")
    (VENV / ".installed").write_text(install_stamp(ROOT))  # the venv already matches it
    print(f"Wrote {CONSTRAINTS.name}: {len(pins)} packages pinned")
    return 0


def ensure_browser_deps() -> None:
    """Debian's chromium, fonts and a JRE (as root), axe-core and the Nu HTML Checker, for the
    browser and HTML validity tests."""
    missing = [] if Path("/usr/bin/chromium").exists() and shutil.which("msgfmt") else BROWSER_PACKAGES
    missing += [] if shutil.which("java") else JAVA_PACKAGES
    if missing:
        if os.geteuid() == 0 and shutil.which("apt-get"):
            run("apt-get", "update", "-qq")
            run("apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing,
                env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
        else:
            print(f"note: install {' '.join(missing)} (apt-get, as root) for the browser, "
                  "catalog and HTML validity tests; they are skipped until then", file=sys.stderr)
    modules = ROOT / "tests" / "browser" / "node_modules"
    wanted = {"axe-core@4": modules / "axe-core" / "axe.min.js",
              "vnu-jar": modules / "vnu-jar" / "build" / "dist" / "vnu.jar"}
    absent = [name for name, path in wanted.items() if not path.exists()]
    if absent and shutil.which("npm"):
        run("npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix",
            ROOT / "tests" / "browser", *absent)


def main(argv: list[str]) -> int:
    step, rest = (argv[0], argv[1:]) if argv else ("build", [])
    ensure_venv()
    os.chdir(ROOT)
    if step == "build":
        return subprocess.call([BIN / "portal", "build", *rest])
    if step == "serve":
        return subprocess.call([BIN / "portal", "serve", *rest])
    if step == "test":
        ensure_browser_deps()
        code = subprocess.call([BIN / "python", "-m", "pytest", *rest])
        return 1 if code == 5 else code  # no test collected is a failure, not a pass
    if step == "lock":
        return lock()
    if step == "bench":
        return subprocess.call([BIN / "python", "-m", "tests.benchmarks", *rest])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
