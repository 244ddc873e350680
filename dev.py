#!/usr/bin/env python3
"""Set up and run the project on a fresh machine: `python3 dev.py build | test | bench | serve`.

Creates .venv/ (once, and again when pyproject.toml changes), installs the project into it, and runs
the step. For the tests it also installs what the browser tests need when it can (Debian's chromium
and fonts with apt-get when run as root, axe-core from the npm registry).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / "bin"
BROWSER_PACKAGES = ["chromium", "fonts-noto-core", "fonts-noto-cjk", "gettext"]
JAVA_PACKAGES = ["default-jre-headless"]  # for the Nu HTML Checker (vnu.jar)


def run(*cmd: str | Path, **kw) -> None:
    print("+", " ".join(map(str, cmd)), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, **kw)


def ensure_venv() -> None:
    """Create .venv and install the project with its test extras, unless already current."""
    stamp = VENV / ".installed"
    want = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == want:
        return
    if not (BIN / "python").exists():
        try:
            venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
        except (subprocess.CalledProcessError, OSError) as exc:
            sys.exit(f"cannot create {VENV}: {exc}\nOn Debian/Ubuntu: apt-get install python3-venv")
    run(BIN / "python", "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(BIN / "python", "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[test]")
    stamp.write_text(want)


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
    if step == "bench":
        return subprocess.call([BIN / "python", "-m", "tests.benchmarks", *rest])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
