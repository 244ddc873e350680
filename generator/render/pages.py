"""The site as a Markdown tree: which pages exist, and rendering each for one locale."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..i18n.localize import LocaleContext
from ..models import Content
from ..kit.assemble import Kit
from . import timeline
from .templating import environment


@dataclass(frozen=True)
class Page:
    path: str       # in the Markdown tree, e.g. grace-period/faq.md
    template: str   # under templates/


PAGES: tuple[Page, ...] = (
    Page("index.md", "site/home.md.j2"),
    Page("notification-process.md", "site/notification-process.md.j2"),
    Page("grace-period/index.md", "site/grace-period.md.j2"),
    Page("grace-period/faq.md", "site/grace-period-faq.md.j2"),
    Page("grace-period/notice.md", "site/grace-period-notice.md.j2"),
    Page("maintenance.md", "site/maintenance.md.j2"),
    Page("customer-content/index.md", "site/customer-content.md.j2"),
    Page("contact.md", "site/contact.md.j2"),
)


def call_script_pages(content: Content) -> tuple[Page, ...]:
    """One page per call script, beside the kit page."""
    return tuple(Page(f"customer-content/{script.id}.md", "site/call-script.md.j2")
                 for script in content.emails.call_scripts)


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
        "timeline": timeline.layout(content.schedule, expiry, loc.direction == "rtl"),
        "timeline_width": timeline.WIDTH,
        "axis_y": timeline.AXIS_Y,
        "effective": effective_dates(content, loc),
        "kit": kit,
    }
    pages = {page.path: env.get_template(page.template).render(context) for page in PAGES}
    for page, script in zip(call_script_pages(content), content.emails.call_scripts):
        touchpoint = next(tp for tp in content.schedule.touchpoints if tp.call_script == script.id)
        pages[page.path] = env.get_template(page.template).render(
            context, script=script, touchpoint=touchpoint,
            download=next((s.path for s in kit.call_scripts if s.touchpoint == touchpoint), None)
            if kit else None)
    return pages


def effective_dates(content: Content, loc: LocaleContext) -> list:
    """The grace-period dates, the reader's own region first (Japan leads on the Japanese site)."""
    return sorted(content.policies.grace_period.effective, key=lambda e: e.region_code != loc.region)


def nav(content: Content, loc: LocaleContext) -> list:
    """The site navigation (titles come from each page's first heading, except sections')."""
    grace = [p.path for p in PAGES if p.path.startswith("grace-period/")]
    kit = ["customer-content/index.md", *(p.path for p in call_script_pages(content))]
    return [
        "index.md",
        "notification-process.md",
        {str(content.policies.grace_period.title): grace},
        "maintenance.md",
        {loc.gettext("Customer-facing content"): kit},
        "contact.md",
    ]
