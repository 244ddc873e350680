"""`portal check`: everything a build checks, nothing written."""

from __future__ import annotations

from pathlib import Path

from .build import check_translations, render_locale
from .project import load_project


def check_project(root: Path, *, strict: bool = False) -> str:
    project = load_project(root)
    for loc in project.locales:
        render_locale(project, loc)
    check_translations(project, strict)
    return f"Checked {len(project.locales)} locale(s): no problems found."
