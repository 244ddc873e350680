"""The project's own files checked before a build reads them: none is a link out of the project,
every template is UTF-8, and the theme overrides (which the site engine compiles) parse."""

from __future__ import annotations

import os
from pathlib import Path

import jinja2

from .errors import Problem
from .loader import not_utf8

# Folders whose files the build reads (and, for templates/site/assets, publishes).
SOURCE_FOLDERS = ("content", "templates", "locales")
_TEXT_SUFFIXES = {".j2", ".html", ".css", ".js", ".svg", ".md", ".txt", ".xml", ".json"}


def source_problems(root: Path) -> list[Problem]:
    """Symbolic links that leave the project, templates that are not UTF-8 or do not parse."""
    project = root.resolve()
    problems = []
    for folder in SOURCE_FOLDERS:
        for path in _files(root / folder, project):
            shown = path.relative_to(root).as_posix()
            if not path.resolve().is_relative_to(project):
                problems.append(Problem(shown, 0, 0, "", "is a symbolic link to a file outside the "
                                        "project; expected a file inside it (copy the file in "
                                        "rather than linking to it)"))
            elif folder == "templates" and path.suffix in _TEXT_SUFFIXES and path.is_file():
                problems += _template_problems(path, shown)
    return problems


def _files(folder: Path, project: Path):
    """Every file under `folder`, and every link (to a file or a folder) as itself: links are
    not followed, so a link out of the project is seen, and a link loop is harmless."""
    if folder.is_symlink():
        yield folder
        if not folder.resolve().is_relative_to(project):
            return
    for base, dirs, files in os.walk(folder, followlinks=False):
        links = [d for d in dirs if os.path.islink(os.path.join(base, d))]
        for name in sorted([*files, *links]):
            yield Path(base, name)


def _template_problems(path: Path, shown: str) -> list[Problem]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return [not_utf8(raw, exc.start, shown)]
    if shown.startswith("templates/theme/") and path.suffix == ".html":
        try:  # the engine compiles these itself: check them here, with the file and line
            _THEME_SYNTAX.parse(text, path.name, shown)
        except jinja2.TemplateSyntaxError as exc:
            return [Problem(shown, exc.lineno or 0, 0, "", f"template syntax error: {exc.message}")]
    return []


_THEME_SYNTAX = jinja2.Environment(extensions=["jinja2.ext.i18n", "jinja2.ext.loopcontrols"])
