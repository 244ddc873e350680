"""Content Markdown: the one checker and the one renderer, shared by pages, emails and banners.

Content may use Markdown (emphasis, links, lists, line breaks). Raw HTML beyond `<br>`, images, and
links other than https:, mailto:, tel: or a merge field are errors found before anything is written;
the renderer then turns the checked text into HTML and sanitizes it once more (nh3), so nothing from
content or translations reaches a page or an email as live markup.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = {"br"}
ALLOWED_SCHEMES = {"https", "mailto", "tel"}
_RENDER_TAGS = {"p", "strong", "em", "a", "ul", "ol", "li", "br", "code"}
_MERGE_FIELD = re.compile(r"^\{[a-z_]+\}$")
_TAG = re.compile(r"<\s*/?\s*([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>?")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028-\u202f\ufeff]")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}()#+!|<>~])")
# The active syntax of the email systems partners send with (HubSpot HubL and Marketo {{ }} {% %}
# {# #}, Salesforce AMPscript %%[ ]%% %%= =%% %%Name%%, Mailchimp *|NAME|*, Velocity ${ }): outside
# the declared merge fields, text that contains any of these would run in the partner's system.
TEMPLATE_CODE = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}|%%|\*\||\|\*|\$\{")
# What a theme prints without escaping (site title, tagline) may not hold markup or break out of
# an attribute.
_RAW_HTML = re.compile(r"[<>\"]|&(#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);", re.I)


@lru_cache(maxsize=1)
def _checker() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True})
    md.validateLink = lambda url: True  # see every link, so unsafe ones become errors, not text
    md.normalizeLink = lambda url: url
    return md


@lru_cache(maxsize=1)
def _renderer() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True, "breaks": False})


def link_problem(url: str) -> str | None:
    """Why `url` may not be used as a link in content, or None if it may."""
    if _MERGE_FIELD.match(url.strip()):
        return None
    bare = _INVISIBLE.sub("", html.unescape(url)).lower()
    scheme, colon, _ = bare.partition(":")
    if not colon or not re.fullmatch(r"[a-z][a-z0-9+.-]*", scheme):
        return f"link {url!r} is not absolute; expected an https:, mailto: or tel: link"
    if scheme not in ALLOWED_SCHEMES:
        return f"link scheme {scheme + ':'!r} is not allowed; expected https:, mailto: or tel:"
    return None


def template_code_problem(text: str) -> str | None:
    """Why `text` would run as template code in a partner's email system, or None."""
    found = TEMPLATE_CODE.search(text)
    if found is None:
        return None
    return (f"{found.group()!r} is template code in partners' email systems (HubSpot, Salesforce, "
            "Mailchimp, ...), which would run it; write merge fields as {name} (see "
            "content/merge_fields.yml) and no other braces, %% or *| |*")


def raw_html_problem(text: str) -> str | None:
    """Why `text` may not be printed as HTML by the theme, or None."""
    found = _RAW_HTML.search(text)
    if found is None:
        return None
    return (f"{found.group()!r} is not allowed here: the site's theme prints this text as HTML; "
            "expected no <, >, \" or character references (use “ ” for quotes)")


def markdown_problems(text: str) -> list[str]:
    """Everything in `text` that content Markdown may not contain."""
    problems: list[str] = []
    if "{:" in text or re.search(r"\{\s*[.#:]", text):
        problems.append("attribute lists ({: ...}, { .class }) are not allowed in content text")
    for token in _walk(_checker().parse(text)):
        if token.type in ("html_inline", "html_block"):
            problems.extend(_html_problems(token.content))
        elif token.type == "image":
            problems.append("images are not allowed in content text")
        elif token.type == "link_open":
            problem = link_problem(str(token.attrs.get("href", "")))
            if problem:
                problems.append(problem)
    return list(dict.fromkeys(problems))


def _walk(tokens):
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


def _html_problems(fragment: str) -> list[str]:
    problems = []
    for match in _TAG.finditer(fragment):
        tag, attrs = match.group(1).lower(), match.group(2).strip(" /")
        if tag not in ALLOWED_TAGS:
            problems.append(f"raw HTML <{tag}> is not allowed; use Markdown (allowed: <br>)")
        elif attrs:
            problems.append(f"attributes on <{tag}> are not allowed ({attrs[:40]!r})")
    if not problems and "<!--" in fragment:
        problems.append("HTML comments are not allowed")
    return problems


def render_markdown(text: str, *, inline: bool = False) -> Markup:
    """Checked content Markdown as sanitized HTML (one paragraph's inner HTML when `inline`)."""
    md = _renderer()
    raw = md.renderInline(text) if inline else md.render(text)
    clean = nh3.clean(
        raw,
        tags=_RENDER_TAGS,
        attributes={"a": {"href"}},
        url_schemes=ALLOWED_SCHEMES,
        link_rel=None,
    )
    # Braces as character references: the site engine's Markdown (attr_list) reads `{: ...}` after
    # an element as attributes to add, and merge fields are sentinels by now.
    return Markup(clean.strip().replace("{", "&#123;").replace("}", "&#125;"))


def escape_markdown(text: str) -> str:
    """Plain text made safe to place inside a generated Markdown page: no markup, no HTML."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False)).replace("\n", " ")


def markdown_to_text(text: str) -> str:
    """Checked content Markdown as plain text for .txt outputs: emphasis dropped, links written out."""
    parts: list[str] = []
    for block in _renderer().parse(text):
        if block.type == "inline":
            parts.append(_inline_text(block.children or []))
        elif block.type == "list_item_open":
            parts.append("\n- " if parts else "- ")
        elif block.type == "paragraph_close" and not block.hidden:
            parts.append("\n\n")
    return "".join(parts).strip()


def _inline_text(tokens) -> str:
    out: list[str] = []
    href = None
    start = 0
    for token in tokens:
        if token.type in ("text", "code_inline"):
            out.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            out.append(" " if token.type == "softbreak" else "\n")
        elif token.type == "html_inline" and token.content.lower().startswith("<br"):
            out.append("\n")
        elif token.type == "link_open":
            href, start = str(token.attrs.get("href", "")), len(out)
        elif token.type == "link_close" and href is not None:
            label = "".join(out[start:])
            shown = href.removeprefix("mailto:").removeprefix("tel:")
            if shown != label:
                out.append(f" ({href if href.startswith('https:') else shown})")
            href = None
    return "".join(out)


def display_width(text: str) -> int:
    """Columns `text` takes in a plain-text mail client: two for each wide (CJK) character."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
