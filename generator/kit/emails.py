"""One customer email in one language: HTML (inlined once, with merge sentinels) and plain text."""

from __future__ import annotations

from dataclasses import dataclass

import jinja2
from markupsafe import Markup

from ..brand import Palette
from ..i18n.localize import LocaleContext
from ..markup import markdown_to_html_and_text
from ..sitemap import page_links
from ..models import CallScript, Content, Email
from .inline import Inliner, inline_css
from .merge import MergeTokens
from .wrapping import wrap_text

_RLM = "\u200f"
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
    brand: Palette   # the colours, for the few attributes that name one (bgcolor)


def render_email(content: Content, email: Email, loc: LocaleContext, html_env: jinja2.Environment,
                 text_env: jinja2.Environment, merge: MergeTokens, styles: EmailStyles,
                 inliner: Inliner) -> RenderedEmail:
    """Render `email` (already localized) for `loc`, inlining its CSS once."""
    isolate = loc.direction == "rtl"
    marked = _marked_email(email, merge, isolate)
    links = page_links(content, None, loc.code)  # an email links to the portal by its full address
    common = {
        "email": marked,
        "contact": loc.contact(content),
        "vendor": content.program.vendor,
        "copyright": content.program.copyright,
        "brand": styles.brand,
        "compliance": _compliance_footer(content, merge, isolate),
    }
    greeting = [merge.mark(line, isolate=isolate) for line in (email.greeting or "").splitlines()]
    body = [markdown_to_html_and_text(merge.mark(p, isolate=isolate), links) for p in email.body]
    html = html_env.get_template("email/email.html.j2").render(
        common,
        greeting=Markup("<br>").join(greeting),
        body=[html for html, _ in body],
        head_css=Markup(styles.head),
        preheader_padding=_PREHEADER_PADDING,
        start="right" if loc.direction == "rtl" else "left",
    )
    text = text_env.get_template("email/email.txt.j2").render(
        common, greeting="\n".join(greeting), body=[text for _, text in body])
    inlined = inline_css(html, styles.inline, inliner).rstrip() + "\n"
    # A right-to-left subject or text part opens with a right-to-left mark: a mail client lays out
    # a line by its first strong letter, and in Arabic that may be a Latin merge value.
    start = _RLM if isolate else ""
    return RenderedEmail(email.id, start + marked.subject, marked.preheader, inlined, start + text)


def _marked_email(email: Email, merge: MergeTokens, isolate: bool) -> Email:
    """The email's one-line fields with merge sentinels (body paragraphs are marked as rendered)."""
    def mark(text: str) -> str:
        return merge.mark(text, isolate=isolate)
    return email.model_copy(update={
        "subject": mark(email.subject),
        "preheader": mark(email.preheader),
        "heading": mark(email.heading),
        "footer": mark(email.footer),
        "cta": email.cta.model_copy(update={"label": mark(email.cta.label),
                                            "url": merge.mark(email.cta.url)}),
    })


def _compliance_footer(content: Content, merge: MergeTokens, isolate: bool) -> dict[str, object]:
    """The footer an email system requires: link labels, address line, and the links' sentinels (the
    preferences link between optional markers: not every system has one)."""
    wording = content.emails.compliance_footer
    links = {name: merge.sentinel(name) for name in ("unsubscribe_link", "preferences_link")}
    return {
        "unsubscribe": wording.unsubscribe,
        "preferences": wording.preferences,
        "address": merge.mark(wording.address, isolate=isolate),
        "links": links,
        # in the text part a link is written out; in right-to-left text it is isolated (FSI ... PDI)
        "written": {name: f"\u2068{s}\u2069" if isolate else s for name, s in links.items()},
        "optional_preferences": merge.optional("preferences_link"),
    }


def render_call_script(content: Content, script: CallScript, when: str,
                       text_env: jinja2.Environment) -> str:
    """The talking points for a phone touchpoint, as plain text (merge fields left as {field})."""
    loc = text_env.globals["loc"]
    return wrap_text(text_env.get_template("email/call-script.txt.j2").render(
        script=script, when=when, contact=loc.contact(content),
        renew_online_url=content.program.renew_online_url))
