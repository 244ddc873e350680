"""The Jinja environments: strict, autoescaped for HTML and Markdown, gettext installed per locale.

Content is data, never a template: it reaches templates as values, escaped on output. In Markdown
pages every plain string is escaped for Markdown and HTML alike; content Markdown arrives already
rendered and sanitized by `markup.render_markdown`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import jinja2
from markupsafe import Markup, escape

from ..i18n.localize import LocaleContext
from ..markup import escape_markdown, render_markdown

Kind = Literal["markdown", "html", "text"]


def _finalize_markdown(value: Any) -> Any:
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return Markup(escape_markdown(value))


def environment(templates: Path, loc: LocaleContext, kind: Kind) -> jinja2.Environment:
    """A Jinja environment for one locale and one kind of output."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        undefined=jinja2.StrictUndefined,
        autoescape=kind != "text",
        finalize=_finalize_markdown if kind == "markdown" else None,
        extensions=["jinja2.ext.i18n"],
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(loc.gettext, loc.ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(
        h=lambda value: Markup(escape(value)),  # inside raw HTML in a Markdown page: HTML-escape only
        md=render_markdown,
        md_inline=lambda text: render_markdown(text, inline=True),
        date=loc.date,
        phone=loc.phone,
        phone_link=loc.phone_link,
        tel=loc.tel_uri,
    )
    env.globals.update(loc=loc)
    return env
