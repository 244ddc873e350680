"""What the browser tests need to know about a built site, and how they look at a page.

Everything is discovered from the built site itself (languages from its folders, pages from each
language's sitemap.xml, kit files from downloads/), so the tests cover whatever a build produced:
one language today, seven tomorrow.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import accumulate
from pathlib import Path
from urllib.parse import urlsplit

import budoux

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
RTL_LANGUAGES = {"ar", "fa", "he", "ur", "yi", "ps", "sd", "ug", "dv", "ckb"}
PHONE, DESKTOP, EMAIL_WIDTH = 375, 1280, 600


@dataclass(frozen=True)
class Page:
    locale: str
    path: str  # inside the language's site: "" for its home page, "grace-period/faq/"

    @property
    def url_path(self) -> str:
        return f"{self.locale}/{self.path}"

    @property
    def slug(self) -> str:
        return (f"{self.locale}-{self.path.strip('/').replace('/', '-') or 'home'}")

    def __str__(self) -> str:
        return f"/{self.url_path}"


@dataclass
class Site:
    root: Path
    _pages: dict[str, list[Page]] = field(default_factory=dict)

    @cached_property
    def locales(self) -> list[str]:
        """Every language folder with a built site in it (one with a sitemap.xml)."""
        return sorted(p.name for p in self.root.iterdir()
                      if p.is_dir() and (p / "sitemap.xml").is_file())

    def pages(self, locale: str) -> list[Page]:
        """The language's pages, from its sitemap.xml (so 404.html and kit files are not in it)."""
        if locale not in self._pages:
            tree = ET.parse(self.root / locale / "sitemap.xml")
            urls = [el.text.strip() for el in tree.iter(f"{SITEMAP_NS}loc") if el.text]
            home = min(urls, key=len)  # the site_url, a prefix of every other page's URL
            assert all(u.startswith(home) for u in urls), f"odd sitemap for {locale}: {urls}"
            self._pages[locale] = [Page(locale, u[len(home):]) for u in urls]
        return self._pages[locale]

    def all_pages(self) -> list[Page]:
        return [page for locale in self.locales for page in self.pages(locale)]

    @staticmethod
    def is_rtl(locale: str) -> bool:
        return locale.split("_")[0].split("-")[0] in RTL_LANGUAGES

    def emails(self) -> list[Path]:
        """The kit's HTML emails (downloads/emails/**.html), every language."""
        return sorted(p for locale in self.locales
                      for p in (self.root / locale / "downloads").glob("emails/**/*.html"))

    def url_path(self, file: Path) -> str:
        return file.relative_to(self.root).as_posix()


def site_path(url: str, base_url: str) -> str:
    """The path of `url` inside the served site: 'en/grace-period/faq/'."""
    path = urlsplit(url).path
    base = urlsplit(base_url).path
    return path[len(base):] if path.startswith(base) else path


class PageProblems:
    """Console errors, failed requests and HTTP errors of one browser page, as they happen; and
    the requests still in flight, to know when the page has settled."""

    def __init__(self, page, *, web_page: bool = True) -> None:
        # Chrome asks for /favicon.ico when a document names no icon; a web page must name one,
        # a downloaded email (opened in a mail client, not a browser tab) has no use for one.
        self.web_page = web_page
        self.items: list[str] = []
        self.in_flight: set = set()
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.items.append(f"uncaught exception: {exc}"))
        page.on("request", lambda request: self.in_flight.add(request))
        page.on("requestfinished", lambda request: self.in_flight.discard(request))
        page.on("requestfailed", self._failed)
        page.on("response", self._response)

    def _console(self, message) -> None:
        url = (message.location or {}).get("url", "")
        if message.type == "error" and (self.web_page or not url.endswith("/favicon.ico")):
            self.items.append(f"console error: {message.text} ({url})")

    def _failed(self, request) -> None:
        self.in_flight.discard(request)
        self.items.append(f"request failed: {request.url} ({request.failure})")

    def _response(self, response) -> None:
        if response.status >= 400:
            self.items.append(f"HTTP {response.status}: {response.url}")

    def settle(self, page, quiet_ms: int = 200, timeout_ms: int = 15_000) -> None:
        """Wait until no request has been in flight for `quiet_ms` (Playwright's networkidle
        waits 500 ms: too long for hundreds of page loads). Late requests, such as the search
        index and the other languages' sitemaps Material fetches after load, are counted."""
        quiet = waited = 0
        while quiet < quiet_ms and waited < timeout_ms:
            page.wait_for_timeout(50)
            waited += 50
            quiet = quiet + 50 if not self.in_flight else 0


def start_page(context, url: str):
    """A new page in `context` navigating to `url` (not waiting for it to load), and its problems."""
    page = context.new_page()
    problems = PageProblems(page)
    response = page.goto(url, wait_until="commit")
    if response is None or not response.ok:
        problems.items.append(f"HTTP {response.status if response else 'no response'}: {url}")
    return page, problems


def finish_page(page, problems: PageProblems) -> None:
    """Wait until a started page has loaded and settled."""
    page.wait_for_load_state("load")
    problems.settle(page)


def open_page(context, url: str):
    """A new page in `context` at `url`, loaded and settled, and its problems."""
    page, problems = start_page(context, url)
    finish_page(page, problems)
    return page, problems


# Horizontal overflow of the whole document, and what sticks out past the screen's end edge
# (the right in left-to-right pages, the left in right-to-left ones), to say what to fix.
OVERFLOW_JS = """(limit) => {
  const root = document.documentElement;
  const width = root.scrollWidth;
  if (width <= limit) return {width, culprits: []};
  const rtl = getComputedStyle(root).direction === "rtl";
  const page = root.getBoundingClientRect();
  const sticksOut = box => rtl ? box.left < page.right - limit - 1 : box.right > page.left + limit + 1;
  const clipped = el => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(p).overflowX)) return true;
    }
    return false;
  };
  const culprits = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width && sticksOut(box) && !clipped(el) && !(el.parentElement && culprits.some(
        c => c.el.contains(el)))) {
      culprits.push({el, name: el.tagName.toLowerCase() + (typeof el.className === "string" &&
        el.className.trim() ? "." + el.className.trim().split(/\\s+/).join(".") : "")});
    }
    if (culprits.length >= 5) break;
  }
  return {width, culprits: culprits.map(c => c.name)};
}"""


def horizontal_overflow(page, limit: int) -> str | None:
    """None when the document fits `limit` CSS px; else what scrolls sideways."""
    found = page.evaluate(OVERFLOW_JS, limit)
    if found["width"] <= limit:
        return None
    return f"scrollWidth {found['width']} > {limit}; sticking out: {found['culprits']}"


# Where each line of an element's text starts: the offsets in its text of the first character of
# every line but the first (a heading's permalink, shown on hover, left out).
LINE_STARTS_JS = """(element) => {
  const shown = {acceptNode: (node) => node.parentElement.closest(".headerlink")
    ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT};
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT, shown);
  let text = "", top = null;
  const starts = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.data.length; i++) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const box = range.getClientRects()[0];
      if (box && top !== null && box.top > top + 1) starts.push(text.length + i);
      if (box) top = box.top;
    }
    text += node.data;
  }
  return [text, starts];
}"""


def phrase_breaks(element) -> tuple[int, list[str]]:
    """How many times a Japanese element's text goes to a new line, and each break inside a
    BudouX phrase that did not have to be there (the phrase began its line and still did not fit:
    "契約更新パートナーポータル" is one phrase to BudouX)."""
    text, starts = element.evaluate(LINE_STARTS_JS)
    ends = list(accumulate(map(len, _japanese().parse(text))))
    problems = []
    for start in starts:
        if start in ends:
            continue
        phrase_start = max([0] + [end for end in ends if end < start])
        if phrase_start not in [0, *starts]:
            problems.append(f"{text[:start]} | {text[start:]}")
    return len(starts), problems


@lru_cache(maxsize=1)
def _japanese() -> budoux.Parser:
    return budoux.load_default_japanese_parser()
