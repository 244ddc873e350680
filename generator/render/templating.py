"""The Jinja environments: strict, autoescaped for HTML and Markdown, gettext installed per locale.

Content is data, never a template: it reaches templates as values, escaped on output. In Markdown
pages every plain string is escaped for Markdown and HTML alike; content Markdown arrives already
rendered and sanitized by `markup.render_markdown`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal, get_args

import jinja2
from markupsafe import Markup, escape

from ..errors import InputError, Problem
from ..i18n.localize import LocaleContext
from ..kit.merge import TOKEN_SYNTAX
from ..i18n.patterns import Patterns
from ..markup import display_width, escape_markdown, render_markdown
from .compiled import CompiledTemplates

Kind = Literal["markdown", "html", "text"]
# Environments of one kind are configured alike whatever their locale: they share compiled templates.
_COMPILED = {kind: CompiledTemplates() for kind in get_args(Kind)}
_TAG_OR_QUOTE = re.compile(r'(<[^<>]*>)|"')  # templates quote attributes with " only
_ICON_NAME = re.compile(r"[a-z0-9-]+/[a-z0-9-]+")


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
        bytecode_cache=_COMPILED[kind],
    )
    if kind == "text":
        env.install_gettext_callables(loc.gettext, loc.ngettext, newstyle=True,  # type: ignore[attr-defined]
                                      pgettext=loc.pgettext, npgettext=loc.npgettext)
    else:  # Jinja takes a translation as markup: quotes in its text must not end an attribute
        quoted = _quotes_as_references
        env.install_gettext_callables(  # type: ignore[attr-defined]
            lambda message: quoted(loc.gettext(message)),
            lambda singular, plural, n: quoted(loc.ngettext(singular, plural, n)),
            newstyle=True,
            pgettext=lambda context, message: quoted(loc.pgettext(context, message)),
            npgettext=lambda context, singular, plural, n: quoted(
                loc.npgettext(context, singular, plural, n)))
    filters = dict(
        h=lambda value: Markup(escape(value)),  # inside raw HTML in a Markdown page: HTML-escape only
        date=loc.date,
        regions=loc.regions,
        # A contact's number is formatted once per environment, not per email (phonenumbers is slow).
        phone=lru_cache(maxsize=None)(loc.phone),
        phone_link=lru_cache(maxsize=None)(loc.phone_link),
        tel=lru_cache(maxsize=None)(loc.tel_uri),
        underline=lambda text, char="=": char * display_width(str(text)),  # plain-text headings
        token=token_html,
        # Text that reads left to right in any language (a file name, an extension): isolated left
        # to right (LRI ... PDI) in right-to-left pages, or ".html" shows as "html.".
        ltr=lambda text: f"\u2066{text}\u2069" if loc.direction == "rtl" else text,
        strong=lambda text: Markup("**") + _markdown_value(text) + Markup("**"),  # Markdown pages
        md_link=lambda text, href: Markup("[{}]({})").format(_markdown_value(text), href),
    )
    env.filters.update({name: _strict(function) for name, function in filters.items()})
    env.filters.update(md=_markdown_filter(inline=False), md_inline=_markdown_filter(inline=True))
    # Label/value pairs, lists and parentheses in the language's punctuation (i18n.patterns): `p`
    # escapes as the output kind needs, `p_html` for raw HTML inside a Markdown page.
    env.globals.update(loc=loc, icon=theme_icon, p=Patterns(loc.translator, loc.code, _ESCAPES[kind]),
                       p_html=Patterns(loc.translator, loc.code, escape))
    return env


def _quotes_as_references(translation: str) -> str:
    """Double quotes outside the tags of a translation (checked to be the msgid's tags) as
    character references, which read the same in text and cannot close an attribute value."""
    return _TAG_OR_QUOTE.sub(lambda m: m.group(1) or "&#34;", translation)
def token_html(value: str) -> Markup:
    """A merge token (or a line of them) for a web page: each token in a span that never breaks."""
    parts = TOKEN_SYNTAX.split(value) if TOKEN_SYNTAX.search(value) else ["", value]
    return Markup("").join(Markup('<span class="kit-nobr">{}</span>').format(part) if i % 2
                           else escape(part) for i, part in enumerate(parts))


@lru_cache(maxsize=None)
def theme_icon(name: str, classes: str = "") -> Markup:
    """One of the theme's icons (`material/phone-outline`), inline and marked up as Material marks
    up the icons of its Markdown (a `twemoji` span: its size and colour rules apply); decorative."""
    if not _ICON_NAME.fullmatch(name):
        raise ValueError(f"not an icon name: {name!r}")
    svg = (resources.files("material") / "templates" / ".icons" / f"{name}.svg").read_text("utf-8")
    return Markup('<span class="twemoji {}" aria-hidden="true">{}</span>').format(
        classes, Markup(svg.strip()))


def _markdown_filter(inline: bool) -> Any:
    """Content Markdown as HTML; page:<id> links resolve through the template's `page_links`."""
    @jinja2.pass_context
    def markdown_filter(context: jinja2.runtime.Context, value: Any) -> Markup:
        if isinstance(value, jinja2.Undefined):
            value._fail_with_undefined_error()
        return render_markdown(value, inline=inline, links=context.get("page_links"))
    return markdown_filter


def _markdown_value(value: Any) -> Markup:
    return value if isinstance(value, Markup) else Markup(escape_markdown(str(value)))


_ESCAPES = {"text": str, "html": escape, "markdown": _markdown_value}


def _strict(function: Any) -> Any:
    """A filter that fails as StrictUndefined does when handed an undefined value."""
    def strict_filter(value: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(value, jinja2.Undefined):
            value._fail_with_undefined_error()
        return function(value, *args, **kwargs)
    return strict_filter


@contextmanager
def template_errors(templates: Path) -> Iterator[None]:
    """Turn a mistake in a template into a problem naming the template and line, not a traceback."""
    try:
        yield
    except jinja2.TemplateError as exc:
        raise InputError([_template_problem(exc, templates)]) from None
    except (ArithmeticError, LookupError, TypeError, ValueError) as exc:
        # An expression in a template that fails when it runs ({{ 1/0 }}): a mistake in the
        # template if a template's frame raised it, else a bug of ours, reported as such.
        problem = _template_problem(exc, templates)
        if problem.path == "templates/?":
            raise
        raise InputError([problem]) from None


def _template_problem(exc: Exception, templates: Path) -> Problem:
    name, line = getattr(exc, "name", None), getattr(exc, "lineno", None)
    if name is None:  # a runtime error: the innermost template frame of the traceback tells where
        tb = exc.__traceback__
        while tb is not None:
            filename = tb.tb_frame.f_code.co_filename
            if filename.startswith(str(templates)):
                name, line = Path(filename).relative_to(templates).as_posix(), tb.tb_lineno
            tb = tb.tb_next
    kind = "syntax error" if isinstance(exc, jinja2.TemplateSyntaxError) else "error"
    message = exc.message if isinstance(exc, jinja2.TemplateError) else f"{type(exc).__name__}: {exc}"
    return Problem(f"templates/{name or '?'}", line or 0, 0, "", f"template {kind}: {message}")
