"""`portal check`: everything a build checks (content, catalogs, templates, the kit's quality gate),
with nothing written."""

from __future__ import annotations

from pathlib import Path

from .build import check_translations, render_locale
from .project import load_project


def check_project(root: Path, *, strict: bool = False) -> str:
    project = load_project(root)
    outputs = [render_locale(project, loc, project.content.program.inliner)
               for loc in project.locales]
    check_translations(project, strict)
    emails = sum(len(out.kit.emails) for out in outputs)
    return (f"Checked {len(outputs)} locale(s), {emails} emails and their banners: "
            "no problems found.")
