"""The kit's quality gate, run on every build and by `portal check`: what an email must never be."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from functools import lru_cache
from html import unescape

import lxml.etree
import lxml.html

from markupsafe import escape

from ..content import PLACEHOLDER
from ..errors import Problem
from ..i18n.localize import LocaleContext
from ..markup import display_width
from ..merge_fields import Dialect
from ..models import Content
from .merge import TOKEN_SYNTAX, Marked, MergeTokens

log = logging.getLogger(__name__)

WARN_BYTES = 80 * 1024
GMAIL_CLIP_BYTES = 102 * 1024
FORBIDDEN_TAGS = {"script", "form", "iframe", "object", "embed", "frame", "frameset", "base",
                  "input", "textarea", "select", "button", "link"}
_SAFE_LINK = re.compile(r"^(https://[^\s]+|mailto:[^\s]+|tel:[+\d\-().]+(;ext=\d+)?|ZZMERGE\d+ZZ)$")
_START_TAG = re.compile(r"""<([a-zA-Z][^\s/>]*)(?:\s*[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*\s*/?>""")
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""")
_LINK_ATTRIBUTES = {"href", "src", "action", "formaction", "background", "poster"}
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028-\u202f\ufeff]")


def check_html(path: str, html: str, *, sizes: dict[str, int] | None = None) -> list[Problem]:
    """Problems of one email or banner (with merge sentinels); `sizes` are its dialects' byte sizes."""
    problems: list[Problem] = []
    for variant, size in (sizes or {path: len(html.encode())}).items():
        if size > GMAIL_CLIP_BYTES:
            problems.append(Problem(variant, 0, 0, "", f"{size // 1024} KB; Gmail clips emails above "
                                    f"{GMAIL_CLIP_BYTES // 1024} KB (shorten the copy)"))
        elif size > WARN_BYTES:
            log.warning("%s: %d KB, close to Gmail's %d KB clipping limit", variant, size // 1024,
                        GMAIL_CLIP_BYTES // 1024)
    tree = lxml.html.document_fromstring(html)
    problems += [Problem(path, 0, 0, "", message) for message in _document_problems(tree)]
    return problems


# What _document_problems looks for, found by libxml2 (in C: a filtered iteration, XPath) rather
# than by a walk over every element and attribute in Python, which cost as much as the parse.
_IMAGES_WITHOUT_ALT = lxml.etree.XPath("//img[not(@alt)]")
_HANDLERS = lxml.etree.XPath("//@*[starts-with(name(), 'on')]")  # the parser lower-cases names
_LINKS = lxml.etree.XPath("//@href|//@src")


def _document_problems(tree) -> list[str]:
    problems = []
    root = tree.getroottree().getroot()
    if root.tag == "html" and not root.get("lang"):
        problems.append("<html> has no lang attribute")
    problems += [f"forbidden element <{element.tag}>"
                 for element in tree.iter(*FORBIDDEN_TAGS, "meta")
                 if element.tag != "meta" or (element.get("http-equiv") or "").lower() == "refresh"]
    problems += [f"image {element.get('src', '')!r} has no alt text"
                 for element in _IMAGES_WITHOUT_ALT(tree)]
    problems += [f"event-handler attribute {attribute.attrname}= on <{attribute.getparent().tag}>"
                 for attribute in _HANDLERS(tree)]
    problems += [f"link {str(value)!r} on <{value.getparent().tag}> is not an absolute https:, "
                 "mailto: or tel: link or a merge field"
                 for value in _LINKS(tree) if not _SAFE_LINK.match(value.strip())]
    return problems


def check_filled_links(path: str, html: str, values: Iterable[str]) -> list[Problem]:
    """Links of a kit file after its merge fields were filled in with `values` (a dialect's
    tokens or the preview samples): each must still be https:, mailto: or tel:, or start with a
    token that is no link of its own, not even a scheme-relative //host one (the partner's system
    puts the link there)."""
    return _link_problems(path, _link_values(html), link_prefixes(values))


def link_prefixes(values: Iterable[str]) -> list[str]:
    """The values a link may start with (check_filled_links), worked out once per email system."""
    return [value for value in values
            if value and not _SCHEME.match(_bare(value)) and not _bare(value).startswith(("/", "\\"))]


class MarkedLinks:
    """The links of a kit file written with merge sentinels, found once; each email system's
    version is then checked by filling in the links alone. That is the same as scanning the filled
    file (what check_filled_links does): filled values are HTML-escaped, so they can neither open
    a tag nor end an attribute."""

    def __init__(self, html: str):
        self._links = [Marked(value) for value in _link_values(html)]

    def check(self, path: str, filling: list[str | None], prefixes: list[str]) -> list[Problem]:
        """`filling` as Marked.fill takes it (HTML-escaped), `prefixes` from link_prefixes."""
        return _link_problems(path, [link.fill(filling) for link in self._links], prefixes)


def _link_values(html: str) -> list[str]:
    """Every link attribute's value in `html`, as written (quotes off, references not resolved)."""
    return [value.strip("\"'") for tag in _START_TAG.finditer(html)
            for name, value in _ATTRIBUTE.findall(tag.group(), 1 + len(tag.group(1)))
            if name.lower() in _LINK_ATTRIBUTES]


def _link_problems(path: str, links: Iterable[str], prefixes: list[str]) -> list[Problem]:
    problems = []
    for value in links:
        link = unescape(value).strip()
        if not _SAFE_LINK.match(link) and not any(link.startswith(p) for p in prefixes):
            shown = link if len(link) <= 80 else link[:79] + "…"
            problems.append(Problem(path, 0, 0, "", f"link {shown!r} after filling in the "
                                    "merge fields; expected an https:, mailto: or tel: link "
                                    "(check the samples and dialect tokens in "
                                    "content/merge_fields.yml)"))
    return list(dict.fromkeys(problems))


def _bare(value: str) -> str:
    return _INVISIBLE.sub("", unescape(value)).lower()


def check_header(path: str, name: str, value: str) -> list[Problem]:
    if len(value.splitlines()) > 1:
        return [Problem(path, 0, 0, "", f"{name} contains a line break")]
    return []


_FOOTER_NAMES = {"unsubscribe_link": "unsubscribe link", "preferences_link": "preferences link",
                 "sender_address": "postal address"}


def check_footer_tokens(path: str, data: str, dialect: Dialect, *, html: bool) -> list[Problem]:
    """An email system refuses (or rewrites) an email without the footer tokens it requires."""
    return [Problem(path, 0, 0, "", f"lacks {dialect.name}'s required {_FOOTER_NAMES[name]} "
                    f"{token}; {dialect.name} refuses or changes an email without it (the footer "
                    "wording is compliance_footer in content/emails.yml; keep {sender_address} in "
                    "its address line and in every translation)")
            for name, token, needle in _needles(tuple(dialect.footer.tokens().items()), html)
            if needle not in data]


@lru_cache(maxsize=None)
def _needles(footer: tuple[tuple[str, str], ...], html: bool) -> list[tuple[str, str, str]]:
    """(footer field, token, as written in the file) for each token of each footer field: a line
    of several tokens, such as HubSpot's address (name, street, city, state), is checked token by
    token, since the text part may wrap it between them."""
    return [(name, token, str(escape(token)) if html else token)
            for name, value in footer for token in TOKEN_SYNTAX.findall(value) or [value]]


def subject_budget_warnings(source: Content, localized: Content, loc: LocaleContext) -> list[str]:
    """Subjects longer, with the sample values, than a phone shows (content/emails.yml
    subject_budget): a warning naming the catalog line that translates it, or the content."""
    budgets = source.emails.subject_budget
    budget = budgets.get(loc.code) or budgets.get(loc.locale.language) or budgets.get("default")
    if budget is None:
        return []
    samples = MergeTokens(localized.merge_fields, loc.date, loc.code).samples
    warnings = []
    for english, email in zip(source.emails.emails, localized.emails.emails):
        filled = PLACEHOLDER.sub(lambda m: samples.get(m.group(1), m.group(0)), email.subject)
        columns = display_width(filled)
        if budget.full_width is not None:
            length, limit, unit = (columns + 1) // 2, budget.full_width, "full-width characters"
        else:
            length, limit, unit = columns, budget.characters, "characters"
        if length > limit:  # type: ignore[operator]
            where = loc.translator.where(english.subject.one or english.subject)
            place = f"{where[0]}:{where[1]}" if where else "content/emails.yml"
            warnings.append(f"{place}: the subject of {email.id} is {length} {unit} with sample "
                            f"values ({filled!r}); a phone shows about {limit} (subject_budget in "
                            "content/emails.yml)")
    return warnings
