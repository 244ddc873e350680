"""Everything a build reads, read and checked up front: content, base config, catalogs, templates."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .content import load_content
from .errors import InputError, Problem
from .i18n.catalogs import load_translator, placeholder_rules, source_translator
from .i18n.localize import LocaleContext, localize
from .i18n.translated import translation_problems
from .loader import load_config_yaml
from .models import Content
from .sources import source_problems


@dataclass(frozen=True)
class Project:
    root: Path
    content: Content                      # in the source language
    base_config: dict[str, Any]           # mkdocs.yml
    locales: tuple[LocaleContext, ...]    # default locale first

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def locales_dir(self) -> Path:
        return self.root / "locales"

    def localized(self, loc: LocaleContext) -> Content:
        """The content as `loc`'s readers see it: translated, facts filled in (the source language
        too: its copy refers to facts as well)."""
        return localize(self.content, loc)


def load_project(root: Path, only: list[str] | None = None) -> Project:
    """Read and check every input under `root`; raise InputError listing all problems."""
    problems: list[Problem] = []
    for folder in ("content", "templates", "locales"):
        if not (root / folder).is_dir():
            problems.append(Problem(f"{folder}/", 0, 0, "", f"folder is missing under {root}; "
                                    "run portal from the project folder or pass --root"))
    if problems:
        raise InputError(problems)
    problems += source_problems(root)
    if problems:  # before reading anything a link might point to
        raise InputError(problems)
    try:
        content = load_content(root)
    except InputError as exc:
        problems += exc.problems
        content = None
    base, found = load_config_yaml(root / "mkdocs.yml", "mkdocs.yml")
    problems += found
    if content is None or base is None:
        raise InputError(problems)
    program = content.program
    codes = [program.default_locale, *(c for c in program.locales if c != program.default_locale)]
    if only:
        unknown = [c for c in only if c not in codes]
        if unknown:
            raise InputError([Problem("content/program.yml", 0, 0, "locales",
                                      f"--locale {', '.join(unknown)} is not built; expected one "
                                      f"of: {', '.join(codes)}")])
        codes = [c for c in codes if c in only]
    locales = []
    rules = placeholder_rules(content)
    for code in codes:
        if code == program.default_locale:
            translator = source_translator(code)
        else:
            translator, found = load_translator(root / "locales", code, root, rules)
            problems += found
        loc = LocaleContext(code, translator, program.home_region)
        if code != program.default_locale:
            problems += translation_problems(content, loc)
        locales.append(loc)
    if problems:
        raise InputError(problems)
    return Project(root, content, _project_paths(base, root), tuple(locales))


def _project_paths(base: dict[str, Any], root: Path) -> dict[str, Any]:
    """mkdocs.yml's theme.custom_dir made absolute: it is written relative to the project, as MkDocs
    reads it relative to the config file, but the generated per-language configs live elsewhere."""
    theme = base.get("theme")
    if isinstance(theme, dict) and isinstance(theme.get("custom_dir"), str):
        base = {**base, "theme": {**theme, "custom_dir": str((root / theme["custom_dir"]).resolve())}}
    return base
