"""The site as a Markdown tree: which pages exist, and rendering each for one locale."""

from __future__ import annotations

from pathlib import Path

from ..i18n.localize import LocaleContext
from ..models import Content
from ..kit.assemble import Kit
from ..sitemap import PAGES, Page, call_script_pages, page_links
from . import timeline
from .templating import environment


def render_pages(content: Content, loc: LocaleContext, templates: Path, kit: Kit | None = None
                 ) -> dict[str, str]:
    """Every page of one locale's site, as {path: Markdown}."""
    env = environment(templates, loc, "markdown")
    expiry = loc.gettext("Expiration")
    context = {
        "c": content,
        "contact": loc.contact(content),
        # The reader's own contact first, then the global one, then the others as listed.
        "contacts": sorted(content.contacts.contacts, key=lambda c: (
            c != loc.contact(content), c != content.primary_contact)),
        "timeline": timeline.layout(content.schedule, expiry),
        "timeline_rows": timeline,
        "effective": effective_dates(content, loc),
        "kit": kit,
    }

    def links(page: Page) -> dict:
        return {"page_links": page_links(content, page.path, loc.code)}

    pages = {page.path: env.get_template(page.template).render(context, **links(page))
             for page in PAGES}
    for page, script in zip(call_script_pages(content), content.emails.call_scripts):
        touchpoint = next(tp for tp in content.schedule.touchpoints if tp.call_script == script.id)
        pages[page.path] = env.get_template(page.template).render(
            context, **links(page), script=script, touchpoint=touchpoint,
            download=next((s.path for s in kit.call_scripts if s.touchpoint == touchpoint), None)
            if kit else None)
    return pages


def effective_dates(content: Content, loc: LocaleContext) -> list:
    """The grace-period dates, the reader's own region first (Japan leads on the Japanese site)."""
    return sorted(content.policies.grace_period.effective, key=lambda e: e.region_code != loc.region)


def nav(content: Content, loc: LocaleContext) -> list:
    """The site navigation, one entry per part of the portal: a page, or a section whose title is
    its overview page (navigation.indexes) with the pages that belong to it. Titles come from each
    page's first heading, except the home page's: the site's name is the header's already."""
    grace = [p.path for p in PAGES if p.path.startswith("grace-period/")]
    kit = ["customer-content/index.md", *(p.path for p in call_script_pages(content))]
    return [
        {loc.gettext("Home"): "index.md"},
        "notification-process.md",
        {str(content.policies.grace_period.title): grace},
        "maintenance.md",
        {loc.gettext("Customer-facing content"): kit},
        "contact.md",
    ]
