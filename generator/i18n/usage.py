"""Where each translatable string is used (a page, an email, a banner), in words translators know.

Two consumers share it: the extractors write it into the catalog as a translator comment
("content/schedule.yml touchpoints[2].summary — page: Renewal notification process"), and
`portal i18n status` reads those comments back to list what an unfinished catalog affects.
The tables below are the only place that knows which content section ends up where; a test checks
that every translatable field of the shipped content and every page is covered.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta

from ..errors import key_path
from ..loader import Loc
from ..render.pages import PAGES

SEPARATOR = " — "  # between "where in the source" and "where it is used", in a translator comment

# Page names as readers see them in the English site, keyed by the page's template under templates/
# (render.pages.PAGES lists the pages; the call-script page exists once per call script).
PAGE_NAMES: dict[str, str] = {
    "site/home.md.j2": "Home",
    "site/notification-process.md.j2": "Renewal notification process",
    "site/grace-period.md.j2": "Grace period",
    "site/grace-period-faq.md.j2": "Grace period FAQ",
    "site/grace-period-notice.md.j2": "Grace period notice",
    "site/maintenance.md.j2": "Maintenance",
    "site/customer-content.md.j2": "Customer-facing content",
    "site/call-script.md.j2": "Call script",
    "site/contact.md.j2": "Contact",
}

EVERY_PAGE = "every page"
HOME = "site/home.md.j2"
KIT_PAGE = "site/customer-content.md.j2"


def page(template: str) -> str:
    return f"page: {PAGE_NAMES.get(template, template)}"


# Content field path (list indexes left out) -> uses; the longest matching prefix wins. In the uses,
# {id} is the id of the list item the string belongs to and {field} the rest of its path.
CONTENT_USES: dict[tuple[str, ...], tuple[str, ...]] = {
    ("program",): (page(HOME),),
    ("program", "title"): (page(HOME), f"{EVERY_PAGE} (site title)"),
    ("program", "tagline"): (page(HOME), f"{EVERY_PAGE} (site description)"),
    ("program", "copyright"): (f"{EVERY_PAGE} (footer)", "every email (footer)"),
    ("contacts",): (page("site/contact.md.j2"),),
    ("contacts", "contacts", "label"): (page("site/contact.md.j2"), page(HOME),
                                        f"{EVERY_PAGE} (footer)", "every email"),
    ("schedule",): (page("site/notification-process.md.j2"),),
    ("schedule", "touchpoints", "title"): (page("site/notification-process.md.j2"),
                                           page(KIT_PAGE)),
    ("policies",): (page("site/grace-period.md.j2"),),
    ("policies", "grace_period", "title"): (page("site/grace-period.md.j2"), page(HOME),
                                            page("site/grace-period-faq.md.j2"), "navigation"),
    ("policies", "grace_period", "effective"): (page("site/grace-period.md.j2"), page(HOME),
                                                page("site/grace-period-faq.md.j2"),
                                                page("site/grace-period-notice.md.j2")),
    ("policies", "grace_period", "faq"): (page("site/grace-period-faq.md.j2"),),
    ("policies", "grace_period", "notice"): (page("site/grace-period-notice.md.j2"),),
    ("policies", "grace_period", "notice", "title"): (page("site/grace-period-notice.md.j2"),
                                                      page("site/grace-period.md.j2")),
    ("maintenance",): (page("site/maintenance.md.j2"),),
    ("maintenance", "title"): (page("site/maintenance.md.j2"), page(HOME)),
    ("emails", "emails"): ("email: {id} ({field})",),
    ("emails", "call_scripts"): ("call script: {id} ({field})",),
    ("emails", "compliance_footer"): ("every email (footer: unsubscribe, preferences, address)",),
    ("banners", "banners"): ("banner: {id} ({field})",),
    ("banners", "sizes"): ("banners (size names)",),
    ("merge_fields",): (page(KIT_PAGE) + " (merge fields)", "kit: README.txt"),
    ("merge_fields", "dialects"): (page(KIT_PAGE) + " (setup guide of each email system)",
                                   "kit: README.txt"),
}

# Templates that are not pages of the site, by name under templates/. Page templates, and the
# templates they import or include, are found from render.pages.PAGES.
TEMPLATE_USES: dict[str, tuple[str, ...]] = {
    "email/email.html.j2": ("every email (HTML)",),
    "email/email.txt.j2": ("every email (plain text)",),
    "email/call-script.txt.j2": ("every call script",),
    "email/kit-readme.txt.j2": ("kit: README.txt",),
    "email/_setup_words.j2": ("kit: README.txt", "kit page (setup guides)"),
    "banners/banner.html.j2": ("every banner",),
    "banners/banner-page.html.j2": ("every banner (preview page)",),
    "site/root-index.html.j2": ("site root (language chooser)",),
}


def content_uses(section: str, loc: Loc, model: Any) -> tuple[str, ...]:
    """Where the string at `loc` of one content file (validated as `model`) is used."""
    names = (section, *(p for p in loc if isinstance(p, str)))
    prefix = max((k for k in CONTENT_USES if names[: len(k)] == k), key=len, default=None)
    if prefix is None:
        return (f"content/{section}.yml",)
    item_id, field = _owning_item(loc, model)
    return tuple(use.format(id=item_id, field=field) for use in CONTENT_USES[prefix])


def _owning_item(loc: Loc, model: Any) -> tuple[str, str]:
    """The id of the innermost list item with an id on the way to `loc`, and the path after it."""
    item_id, rest_from = "", 0
    value = model
    for i, part in enumerate(loc):
        value = value[part] if isinstance(part, int) else getattr(value, part)
        if isinstance(part, int) and isinstance(getattr(value, "id", None), str):
            item_id, rest_from = value.id, i + 1
    return item_id, key_path(loc[rest_from:])


def template_uses(templates_dir: Path, name: str) -> tuple[str, ...]:
    """The pages (or kit parts) that render template `name`, directly or through import/include."""
    stamp = tuple((p.as_posix(), p.stat().st_mtime_ns) for p in sorted(templates_dir.rglob("*.j2")))
    pages = tuple(page(t) for t, used in _page_templates(templates_dir, stamp) if name in used)
    return pages or TEMPLATE_USES.get(name, (f"template: {name}",))


@lru_cache(maxsize=8)
def _page_templates(templates_dir: Path, stamp: tuple) -> tuple[tuple[str, frozenset[str]], ...]:
    """Each page template with every template it uses; cached while no template file changes."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(templates_dir),
                             extensions=["jinja2.ext.i18n"])
    page_templates = dict.fromkeys([*(p.template for p in PAGES), *PAGE_NAMES])
    return tuple((t, frozenset(_templates_used_by(env, t))) for t in page_templates)


def _templates_used_by(env: jinja2.Environment, name: str, seen: set[str] | None = None) -> set[str]:
    seen = set() if seen is None else seen
    if name in seen:
        return seen
    seen.add(name)
    try:
        source = env.loader.get_source(env, name)[0]  # type: ignore[union-attr]
        referenced = meta.find_referenced_templates(env.parse(source))
    except (jinja2.TemplateNotFound, jinja2.TemplateSyntaxError):
        return seen  # the build reports these; here they only mean "no further templates"
    for other in referenced:
        if other is not None:
            _templates_used_by(env, other, seen)
    return seen


def uses_in_comments(comments: list[str]) -> Iterator[str]:
    """The uses written into translator comments by the extractors (see SEPARATOR)."""
    for comment in comments:
        if SEPARATOR in comment:
            yield from (use.strip() for use in comment.split(SEPARATOR, 1)[1].split(";"))
