"""Helpers for the kit tests: the shipped project's kit rendered in memory, and style comparison."""

from __future__ import annotations

import re
from functools import lru_cache

import lxml.html

from generator.build import LocaleOutput, render_locale
from generator.project import load_project
from tests.conftest import REPO


@lru_cache(maxsize=None)
def shipped_output(inliner: str = "css-inline", locale: str = "en") -> LocaleOutput:
    project = load_project(REPO, [locale])
    return render_locale(project, project.locales[0], inliner)  # type: ignore[arg-type]


def _normalize_declaration(declaration: str) -> str:
    name, _, value = declaration.partition(":")
    value = re.sub(r"\s+", " ", value.strip().lower())
    value = re.sub(r"#([0-9a-f])([0-9a-f])([0-9a-f])\b", r"#\1\1\2\2\3\3", value)  # #fff -> #ffffff
    value = re.sub(r"(?<![\d.])0(px|em|rem|%)", "0", value)                          # 0px -> 0
    value = re.sub(r"\s*!\s*important", " !important", value)
    return f"{name.strip().lower()}: {value}"


def inline_styles(html: str) -> list[tuple[str, tuple[str, ...]]]:
    """(element path, sorted normalized declarations) for every element with a style attribute."""
    tree = lxml.html.document_fromstring(html)
    result = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        style = element.get("style")
        if style:
            declarations = tuple(sorted(_normalize_declaration(d) for d in style.split(";") if d.strip()))
            classes = element.get("class", "")
            result.append((f"{element.tag}.{classes}", declarations))
    return result
