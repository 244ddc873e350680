"""One visit per page and device, measuring everything the browser tests check.

A page load costs about a second on our two-core machines, and seven languages make about sixty pages,
so each page is loaded once on a desktop and once on a phone; every test then asserts on what
those visits found. Accessibility (axe-core) runs in the same visits, in the light and dark palettes.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from tests.browser.support import (
    DESKTOP, PHONE, Page, PageProblems, Site, finish_page, horizontal_overflow,
    start_page,
)

# Serious or critical axe findings we accept, each for one rule on one selector, with the reason.
# Keep this empty unless the markup is Material's own and neither configuration nor a small theme
# override can fix it; a blanket exclusion (a whole rule, or a whole page) is never acceptable.
# Form: {"rule": "<axe rule id>", "selector": "<CSS selector of the one element>", "reason": "..."}.
# Fixed instead of excepted so far, in templates/site/assets/portal.css and portal.js: Material's
# unnamed search dialog, its table scrollers without a tab stop, and four of its colours.
AXE_EXCEPTIONS: list[dict[str, str]] = []

DEVICES = {
    "desktop": dict(viewport={"width": DESKTOP, "height": 900}),
    "phone": dict(viewport={"width": PHONE, "height": 740}, is_mobile=True, has_touch=True),
}

# Material's dark palette, applied the way its toggle applies it (the attributes on <body>), but
# without the toggle's saved preference, which would leak into the pages loading alongside.
DARK_PALETTE_JS = """() => {
  const dark = document.querySelector("[data-md-component=palette] input[data-md-color-scheme=slate]");
  if (!dark) return false;
  const background = () => getComputedStyle(document.body).getPropertyValue("--md-default-bg-color");
  const light = background();
  // Material animates colour changes; axe must see the final colours, not ones half-way there.
  const still = document.createElement("style");
  still.textContent = "*, *::before, *::after { transition: none !important; animation: none !important; }";
  document.head.append(still);
  for (const key of ["mdColorScheme", "mdColorPrimary", "mdColorAccent"])
    document.body.dataset[key] = dark.dataset[key];
  if (background() === light) throw new Error("the dark palette did not change the page");
  return true;
}"""

# The timeline's labels on screen (their boxes, to find overlaps; their text size), and what holds it.
TIMELINE_JS = """() => [...document.querySelectorAll(".md-content .renewal-timeline")].map(figure => {
    const labels = [...figure.querySelectorAll(".point")].map(li => {
      const box = li.getBoundingClientRect();
      const text = [...li.querySelectorAll(".point__day, .point__title")].map(s => s.getBoundingClientRect());
      return {text: li.textContent.trim().replace(/\\s+/g, " "), left: box.left, right: box.right,
              top: box.top, bottom: box.bottom, size: parseFloat(getComputedStyle(li).fontSize),
              inked: text.map(r => ({left: r.left, right: r.right, top: r.top, bottom: r.bottom}))};
    });
    const box = figure.getBoundingClientRect();
    return {labels, left: box.left, right: box.right,
            vertical: getComputedStyle(figure.querySelector(".renewal-timeline__axis")).display === "none"};
  })"""

# The schedule table: its text size against the body text's, and whether its rows are laid out as
# a table (columns side by side) or stacked, one block per row.
SCHEDULE_JS = """() => [...document.querySelectorAll(".md-content table.portal-schedule")].map(table => {
    const body = parseFloat(getComputedStyle(document.querySelector(".md-content .md-typeset")).fontSize);
    const cells = [...table.querySelectorAll("tbody td, tbody th")];
    return {body, smallest: Math.min(...cells.map(c => parseFloat(getComputedStyle(c).fontSize))),
            stacked: getComputedStyle(table.querySelector("tbody tr")).display === "block",
            narrowest: Math.min(...cells.map(c => c.getBoundingClientRect().width))};
  })"""

# The header logo's colour and the header's text colour (the logo must follow it).
LOGO_JS = """() => {
  const svg = document.querySelector(".md-header__button.md-logo svg");
  const title = document.querySelector(".md-header__title");
  return {logo: svg ? getComputedStyle(svg).fill : null, img: !!document.querySelector(".md-header .md-logo img"),
          text: title ? getComputedStyle(title).color : null};
}"""

LAYOUT_JS = """() => {
  const left = sel => { const el = document.querySelector(sel);
                        return el ? el.getBoundingClientRect().left : null; };
  return {
    dir: document.documentElement.getAttribute("dir"),
    lang: document.documentElement.getAttribute("lang"),
    direction: getComputedStyle(document.body).direction,
    h1: document.querySelectorAll("h1").length,
    nav: left(".md-sidebar--primary"), content: left(".md-content"),
  };
}"""

# The rules whose outcome depends on the colour palette: the only ones run again in the dark one.
PALETTE_RULES = ["color-contrast", "link-in-text-block"]

# Serious and critical violations; nodes matching an accepted exception are left out.
AXE_JS = """async ([exceptions, rules]) => {
  const options = {iframes: false, resultTypes: ["violations"]};
  if (rules) options.runOnly = {type: "rule", values: rules};
  const result = await axe.run(document, options);
  const accepted = (rule, target) => exceptions.some(e => e.rule === rule && (() => {
    const el = target.length === 1 ? document.querySelector(target[0]) : null;
    return el !== null && el.matches(e.selector);
  })());
  return result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes
      .filter(n => !accepted(v.id, n.target))
      .map(n => ({target: n.target.join(" "), summary: (n.failureSummary || "").trim()}))}))
    .filter(v => v.nodes.length);
}"""


@dataclass
class Visit:
    page: Page
    device: str
    problems: list[str]
    overflow: str | None
    timelines: list[dict]
    layout: dict
    logo: dict
    schedules: list[dict] = field(default_factory=list)
    axe: dict[str, list[dict]] = field(default_factory=dict)  # palette -> violations


def visit_all(site: Site, base_url: str, browser, axe: str | None, screenshots: Path,
              ahead: int = 3) -> dict[str, list[Visit]]:
    """{device: [Visit for every page of every language]}; `axe` is axe.min.js's URL, if any.

    Pages load `ahead` at a time: while one is measured, chromium is already loading the next ones
    (each page has its own renderer process), which roughly halves the time of the survey."""
    found: dict[str, list[Visit]] = {}
    for device, options in DEVICES.items():
        context = browser.new_context(**options)
        try:
            found[device] = []
            loading: deque = deque()
            for page_ in [*site.all_pages(), *[None] * ahead]:
                if page_ is not None:
                    loading.append(start_page(context, base_url + page_.url_path) + (page_,))
                if loading and (page_ is None or len(loading) > ahead):
                    page, problems, current = loading.popleft()
                    found[device].append(_visit(page, problems, current, device, axe, screenshots))
        finally:
            context.close()
    return found


def _visit(page, problems: PageProblems, page_: Page, device: str, axe: str | None,
           screenshots: Path) -> Visit:
    try:
        finish_page(page, problems)
        visit = Visit(page_, device, problems.items,
                      horizontal_overflow(page, PHONE) if device == "phone" else None,
                      page.evaluate(TIMELINE_JS), page.evaluate(LAYOUT_JS), page.evaluate(LOGO_JS),
                      page.evaluate(SCHEDULE_JS))
        page.screenshot(path=screenshots / f"{page_.slug}-{device}.png", full_page=True,
                        animations="disabled")
        if axe is not None:
            page.add_script_tag(url=axe)
            visit.axe["light"] = page.evaluate(AXE_JS, [AXE_EXCEPTIONS, None])
            if device == "desktop" and page.evaluate(DARK_PALETTE_JS):
                visit.axe["dark"] = page.evaluate(AXE_JS, [AXE_EXCEPTIONS, PALETTE_RULES])
        return visit
    finally:
        page.close()
