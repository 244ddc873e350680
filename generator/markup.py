"""Content Markdown: the one checker and the one renderer, shared by pages, emails and banners.

Content may use Markdown (emphasis, links, lists, line breaks). A link to another page of the portal
names the page's id: `[the renewal notification process](page:notification-process)` (the ids are in
sitemap.py); the renderer writes the right address for each page and language, and the loader checks
the id. Raw HTML beyond `<br>`, images, and
links other than https:, mailto:, tel:, page: or a merge field are errors found before anything is written;
the renderer then turns the checked text into HTML and sanitizes it once more (nh3), so nothing from
content or translations reaches a page or an email as live markup.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup
from wcwidth import wcswidth, wcwidth

ALLOWED_TAGS = {"br"}
ALLOWED_SCHEMES = {"https", "mailto", "tel"}
_RENDER_TAGS = {"p", "strong", "em", "a", "ul", "ol", "li", "br", "code"}
_MERGE_FIELD = re.compile(r"^\{[a-z_]+\}$")
PAGE_SCHEME = "page:"
_PAGE_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
# A page id to the address of that page, or None for an id no page has.
PageLinks = Callable[[str], "str | None"]
_TAG = re.compile(r"<\s*/?\s*([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>?")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028-\u202f\ufeff]")
# Only characters the site engine (Python-Markdown with the site's extensions: tables adds `|`)
# unescapes after a backslash; CommonMark (markdown-it) unescapes every ASCII punctuation mark, so
# these round-trip through both. A backslash before any other character (`~`, `:`) stays visible.
# `-`, `+` and `1.` start a list only at the start of a line, so they are escaped only there: the
# same text also fills link targets and raw-HTML attributes, where no engine unescapes.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()>#!|])")
_MD_LINE_START = re.compile(r"^( ?)([-+]|\d+(?=\.(?: |$)))")
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
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


def link_problem(url: str, *, pages: bool = False) -> str | None:
    """Why `url` may not be used as a link in content, or None if it may. Links in Markdown text
    (`pages`) may also name a page of the portal; a bare URL field (a button's) may not."""
    if _MERGE_FIELD.match(url.strip()):
        return None
    if pages and url.startswith(PAGE_SCHEME):
        if _PAGE_ID.fullmatch(url[len(PAGE_SCHEME):]):
            return None
        return (f"page link {url!r} is malformed; expected page: and a page id such as "
                "page:notification-process")
    bare = _INVISIBLE.sub("", html.unescape(url)).lower()
    scheme, colon, _ = bare.partition(":")
    also = ", or page:<id> for a page of this portal" if pages else ""
    if not colon or not re.fullmatch(r"[a-z][a-z0-9+.-]*", scheme):
        return f"link {url!r} is not absolute; expected an https:, mailto: or tel: link{also}"
    if scheme not in ALLOWED_SCHEMES:
        return f"link scheme {scheme + ':'!r} is not allowed; expected https:, mailto: or tel:{also}"
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
            problem = link_problem(str(token.attrs.get("href", "")), pages=True)
            if problem:
                problems.append(problem)
    return list(dict.fromkeys(problems))


def linked_pages(text: str) -> list[str]:
    """The page ids `text` links to with page:<id>, in order."""
    return [href[len(PAGE_SCHEME):] for token in _walk(_checker().parse(text))
            if token.type == "link_open"
            and (href := str(token.attrs.get("href", ""))).startswith(PAGE_SCHEME)]


def _resolve_pages(tokens, links: PageLinks | None):
    """Page links given their address; a link whose page is unknown keeps only its text."""
    for token in _walk(tokens):
        if token.children:
            kept, dropping = [], []
            for child in token.children:
                href = str(child.attrs.get("href", "")) if child.type == "link_open" else ""
                if href.startswith(PAGE_SCHEME):
                    target = links(href[len(PAGE_SCHEME):]) if links else None
                    if target is None:
                        dropping.append(True)
                        continue
                    child.attrs["href"] = target
                    dropping.append(False)
                elif child.type == "link_open":
                    dropping.append(False)
                elif child.type == "link_close" and dropping and dropping.pop():
                    continue
                kept.append(child)
            token.children = kept
    return tokens


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


def render_markdown(text: str, *, inline: bool = False, links: PageLinks | None = None) -> Markup:
    """Checked content Markdown as sanitized HTML (one paragraph's inner HTML when `inline`);
    `links` gives page:<id> links their address (without it, such a link keeps only its text)."""
    md = _renderer()
    tokens = md.parseInline(text) if inline else md.parse(text)
    return _sanitized(md.renderer.render(_resolve_pages(tokens, links), md.options, {}))


def markdown_to_html_and_text(text: str, links: PageLinks | None = None) -> tuple[Markup, str]:
    """`render_markdown(text, links=links)` and `markdown_to_text(text, links)` from one parse (an
    email needs both)."""
    md = _renderer()
    tokens = _resolve_pages(md.parse(text), links)
    return _sanitized(md.renderer.render(tokens, md.options, {})), _tokens_to_text(tokens)


def _sanitized(raw: str) -> Markup:
    # Braces as character references: the site engine's Markdown (attr_list) reads `{: ...}` after
    # an element as attributes to add, and merge fields are sentinels by now.
    return Markup(_cleaner().clean(raw).strip().replace("{", "&#123;").replace("}", "&#125;"))


@lru_cache(maxsize=1)
def _cleaner() -> nh3.Cleaner:
    """nh3's cleaner, configured once (configuring it was most of each call's time)."""
    return nh3.Cleaner(tags=_RENDER_TAGS, attributes={"a": {"href"}}, url_schemes=ALLOWED_SCHEMES,
                       link_rel=None)


def escape_markdown(text: str) -> str:
    """Plain text made safe to place inside a generated Markdown page: no markup, no HTML.

    Runs of white space become one space (as HTML shows them anyway): a line break or leading spaces
    could otherwise start a code block, a list or a hard line break.
    """
    escaped = _MD_SPECIAL.sub(r"\\\1", html.escape(_HTML_SPACE.sub(" ", text), quote=False))
    return _MD_LINE_START.sub(_escape_list_marker, escaped, count=1)


def _escape_list_marker(found: re.Match) -> str:
    space, marker = found.groups()
    return f"{space}\\{marker}" if marker in "-+" else f"{space}{marker}\\"


def markdown_to_text(text: str, links: PageLinks | None = None) -> str:
    """Checked content Markdown as plain text for .txt outputs: emphasis dropped, links written out."""
    return _tokens_to_text(_resolve_pages(_renderer().parse(text), links))


def _tokens_to_text(blocks) -> str:
    parts: list[str] = []
    for block in blocks:
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
    """Columns `text` takes in a plain-text mail client (wcwidth): two for a wide (CJK) character
    or an emoji, none for a combining mark or a bidi control, one for the rest."""
    width = wcswidth(text)
    if width >= 0:
        return width
    return sum(max(wcwidth(char), 0) for char in text)  # control characters count as nothing
