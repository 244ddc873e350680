"""Shared test helpers: a copy of the shipped project in tmp_path, and running the real CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("content", "templates", "locales", "mkdocs.yml")


def copy_project(dest: Path) -> Path:
    """The shipped project (content, templates, locales, mkdocs.yml) copied under `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, dest / part, ignore=shutil.ignore_patterns("*.mo"))
        else:
            shutil.copy2(source, dest / part)
    return dest


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    """Edit a file in a test's project copy; fail loudly if `old` is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def run_portal(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the real `portal` command (as users do) and capture what it prints."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True,
        env={**os.environ, **(env or {})}, timeout=600,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A private copy of the shipped project to edit and build."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped project built once per test session (read-only for tests)."""
    root = copy_project(tmp_path_factory.mktemp("shipped") / "project")
    result = run_portal("build", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "site"
