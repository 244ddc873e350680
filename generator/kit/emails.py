"""One customer email in one language: HTML (inlined once, with merge sentinels) and plain text."""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from functools import lru_cache

import jinja2
from markupsafe import Markup

from ..brand import Palette
from ..i18n.localize import LocaleContext
from ..markup import display_width, markdown_to_html_and_text
from ..sitemap import page_links
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
    body = [markdown_to_html_and_text(merge.mark(p, isolate=isolate), links) for p in email.body]
    html = html_env.get_template("email/email.html.j2").render(
        common,
        body=[html for html, _ in body],
        head_css=Markup(styles.head),
        preheader_padding=_PREHEADER_PADDING,
        start="right" if loc.direction == "rtl" else "left",
    )
    text = text_env.get_template("email/email.txt.j2").render(common, body=[text for _, text in body])
    inlined = inline_css(html, styles.inline, inliner).rstrip() + "\n"
    return RenderedEmail(email.id, marked.subject, marked.preheader, inlined, text)


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


def wrap_text(text: str, width: int = TEXT_WIDTH) -> str:
    """Wrap each long line at `width`, keeping list indents and never breaking a URL or token."""
    out = [line if _fits(line, width) else _wrap_line(line, width) for line in text.splitlines()]
    return "\n".join(out) + ("\n" if text.endswith("\n") else "")


@lru_cache(maxsize=4096)
def _fits(line: str, width: int) -> bool:
    # A character is at most two columns wide, and one in ASCII: most lines need no counting; the
    # other lines repeat in every email system's version (cached).
    return (len(line) * 2 <= width or (line.isascii() and len(line) <= width)
            or display_width(line) <= width)


_PHONE = re.compile(r"\+?\(?\d[\d ()-]{6,}\d")


@lru_cache(maxsize=1024)
def _wrap_line(line: str, width: int) -> str:
    """One long line, wrapped. Cached: an email's dialects share every line without a merge token."""
    stripped = line.lstrip()
    bullet = stripped.split(" ", 1)[0] + " " if stripped[:2] == "- " or \
        stripped.split(" ", 1)[0].rstrip(".").isdigit() else ""
    indent = " " * (len(line) - len(stripped) + len(bullet))
    glued = _PHONE.sub(lambda m: m.group(0).replace(" ", "\x00"), line)  # keep numbers whole
    if any(display_width(char) == 2 for char in line):
        return _wrap_wide(glued, width, indent).replace("\x00", " ")
    return textwrap.fill(glued, width, subsequent_indent=indent, break_long_words=False,
                         break_on_hyphens=False).replace("\x00", " ")


# Chinese, Japanese and Korean text has no spaces to break at, and each character fills two
# columns; a line may break between any two wide characters, but not before closing punctuation.
_ATOM = re.compile(r"[^\s\u1100-\uffff]+|\s+|.", re.S)
_NO_LINE_START = set("、。，．・：；？！）」』】〕〉》”’ー々ゝゞぁぃぅぇぉっゃゅょァィゥェォッャュョ%)]}")


def _wrap_wide(line: str, width: int, indent: str) -> str:
    lines, current = [], ""
    for atom in _ATOM.findall(line):
        if atom.isspace():
            current += "" if current == indent else atom
            continue
        if current.strip() and display_width(current + atom) > width:
            carried = ""
            if atom[0] in _NO_LINE_START and display_width(current[-1:]) == 2:
                current, carried = current[:-1], current[-1]  # closing marks never start a line
            lines.append(current.rstrip())
            current = indent + carried
        current += atom
    lines.append(current.rstrip())
    return "\n".join(lines)
