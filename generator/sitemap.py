"""Which pages the portal has: each page's id, its place in the Markdown tree and its template.

The ids are what content links to (`[the process](page:notification-process)`, see markup.py);
`page_url` turns an id into the URL the site engine gives that page.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass

from .models import Content


@dataclass(frozen=True)
class Page:
    id: str         # what content links to: page:<id>
    path: str       # in the Markdown tree, e.g. grace-period/faq.md
    template: str   # under templates/


PAGES: tuple[Page, ...] = (
    Page("home", "index.md", "site/home.md.j2"),
    Page("notification-process", "notification-process.md", "site/notification-process.md.j2"),
    Page("grace-period", "grace-period/index.md", "site/grace-period.md.j2"),
    Page("grace-period-faq", "grace-period/faq.md", "site/grace-period-faq.md.j2"),
    Page("grace-period-notice", "grace-period/notice.md", "site/grace-period-notice.md.j2"),
    Page("maintenance", "maintenance.md", "site/maintenance.md.j2"),
    Page("customer-content", "customer-content/index.md", "site/customer-content.md.j2"),
    Page("contact", "contact.md", "site/contact.md.j2"),
)


def call_script_pages(content: Content) -> tuple[Page, ...]:
    """One page per call script, beside the kit page (its id is the call script's id)."""
    return tuple(Page(script.id, f"customer-content/{script.id}.md", "site/call-script.md.j2")
                 for script in content.emails.call_scripts)


def all_pages(content: Content) -> tuple[Page, ...]:
    return (*PAGES, *call_script_pages(content))


def page_url(path: str) -> str:
    """The URL path the engine gives a Markdown file (directory URLs): grace-period/faq/."""
    stem = path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        stem = stem.removesuffix("index")
    else:
        stem += "/"
    return stem


def relative_url(source: str, target: str) -> str:
    """The link from the page at Markdown path `source` to the one at `target`."""
    here, there = page_url(source), page_url(target)
    link = posixpath.relpath(there or ".", here or ".")
    return "./" if link == "." else link + "/"


def page_links(content: Content, source: str | None, locale: str) -> Callable[[str], str | None]:
    """How content's `page:<id>` links resolve: relative to the page at `source`, or (for emails
    and banners, read outside the portal, `source` None) the page's full address in `locale`'s
    site. None for an id no page has (content is checked at load; a translation may still err)."""
    paths = {page.id: page.path for page in all_pages(content)}
    site = f"{content.program.site_url.rstrip('/')}/{locale}/"

    def link(page_id: str) -> str | None:
        target = paths.get(page_id)
        if target is None:
            return None
        return relative_url(source, target) if source is not None else site + page_url(target)
    return link
