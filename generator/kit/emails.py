"""One customer email in one language: HTML (inlined once, with merge sentinels) and plain text."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from functools import lru_cache

import jinja2
from markupsafe import Markup

from ..i18n.localize import LocaleContext
from ..markup import markdown_to_text, render_markdown
from ..models import CallScript, Content, Email
from .inline import Inliner, inline_css
from .merge import MergeTokens

TEXT_WIDTH = 78
# Keeps mail clients from pulling body text into the inbox preview after the preheader.
_PREHEADER_PADDING = Markup("&#847;&zwnj;&nbsp;" * 60)


@dataclass(frozen=True)
class RenderedEmail:
    id: str
    subject: str     # with merge sentinels
    preheader: str
    html: str        # CSS inlined, merge sentinels in place of fields
    text: str        # unwrapped paragraphs; wrap after the dialect's tokens are in


@dataclass(frozen=True)
class EmailStyles:
    inline: str      # inlined on elements
    head: str        # kept in <style> in the head


def render_email(content: Content, email: Email, loc: LocaleContext, html_env: jinja2.Environment,
                 text_env: jinja2.Environment, merge: MergeTokens, styles: EmailStyles,
                 inliner: Inliner) -> RenderedEmail:
    """Render `email` (already localized) for `loc`, inlining its CSS once."""
    marked = _marked_email(email, merge)
    common = {
        "email": marked,
        "contact": content.primary_contact,
        "vendor": content.program.vendor,
        "copyright": content.program.copyright,
    }
    html = html_env.get_template("email/email.html.j2").render(
        common,
        body=[render_markdown(merge.mark(p)) for p in email.body],
        head_css=Markup(styles.head),
        preheader_padding=_PREHEADER_PADDING,
        start="right" if loc.direction == "rtl" else "left",
    )
    text = text_env.get_template("email/email.txt.j2").render(
        common, body=[markdown_to_text(merge.mark(p)) for p in email.body])
    inlined = inline_css(html, styles.inline, inliner).rstrip() + "\n"
    return RenderedEmail(email.id, marked.subject, marked.preheader, inlined, text)


def _marked_email(email: Email, merge: MergeTokens) -> Email:
    """The email's one-line fields with merge sentinels (body paragraphs are marked as rendered)."""
    return email.model_copy(update={
        "subject": merge.mark(email.subject),
        "preheader": merge.mark(email.preheader),
        "heading": merge.mark(email.heading),
        "footer": merge.mark(email.footer),
        "cta": email.cta.model_copy(update={"label": merge.mark(email.cta.label),
                                            "url": merge.mark(email.cta.url)}),
    })


def render_call_script(content: Content, script: CallScript, when: str,
                       text_env: jinja2.Environment) -> str:
    """The talking points for a phone touchpoint, as plain text (merge fields left as {field})."""
    return wrap_text(text_env.get_template("email/call-script.txt.j2").render(
        script=script, when=when, contact=content.primary_contact,
        renew_online_url=content.program.renew_online_url))


def wrap_text(text: str, width: int = TEXT_WIDTH) -> str:
    """Wrap each long line at `width`, keeping list indents and never breaking a URL or token."""
    out = [line if len(line) <= width else _wrap_line(line, width) for line in text.splitlines()]
    return "\n".join(out) + ("\n" if text.endswith("\n") else "")


@lru_cache(maxsize=1024)
def _wrap_line(line: str, width: int) -> str:
    """One long line, wrapped. Cached: an email's dialects share every line without a merge token."""
    stripped = line.lstrip()
    bullet = stripped.split(" ", 1)[0] + " " if stripped[:2] == "- " or \
        stripped.split(" ", 1)[0].rstrip(".").isdigit() else ""
    indent = " " * (len(line) - len(stripped) + len(bullet))
    return textwrap.fill(line, width, subsequent_indent=indent, break_long_words=False,
                         break_on_hyphens=False)
