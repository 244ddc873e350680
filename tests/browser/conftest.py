"""Real-browser fixtures: the shipped project built once, served on 127.0.0.1, driven by chromium.

Debian's chromium is driven through Playwright (`playwright install` cannot download browsers on our
machines). Without chromium, or without axe-core for the accessibility test, the browser tests are
skipped with the reason, unless PORTAL_REQUIRE_BROWSER=1 (set by .ci/run): then they fail.

PORTAL_TEST_SITE=/path/to/site runs the suite against an already built site folder instead of
building the shipped project; PORTAL_CHROMIUM=/path/to/chromium uses another chromium binary.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.contact_sheet import contact_sheet
from tests.browser.support import Site
from tests.browser.survey import Visit, visit_all
from tests.conftest import REPO

CHROMIUM = Path(os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium"))
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

# What a static host sends for the kit's files; Python's defaults guess .eml and .txt differently.
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".eml": "message/rfc822",
    ".zip": "application/zip",
    ".xml": "application/xml",
    ".json": "application/json",
    ".js": "text/javascript",
    ".css": "text/css",
    ".svg": "image/svg+xml",
}


def unavailable(reason: str) -> None:
    """Skip, or fail when the environment says the browser suite must run (CI)."""
    if os.environ.get("PORTAL_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (PORTAL_REQUIRE_BROWSER=1, so this is a failure)", pytrace=False)
    pytest.skip(reason)


AXE_URL_PATH = "/__tests__/axe.min.js"  # served beside the site, so chromium caches it compiled


class _StaticHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **CONTENT_TYPES}

    def translate_path(self, path: str) -> str:
        if path.split("?", 1)[0] == AXE_URL_PATH:
            return str(AXE)
        return super().translate_path(path)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass  # failed requests are reported by the browser, with the page that made them


@pytest.fixture(scope="session")
def site(request: pytest.FixtureRequest) -> Site:
    """The built site under test: PORTAL_TEST_SITE, or the shipped project built once."""
    given = os.environ.get("PORTAL_TEST_SITE")
    root = Path(given).resolve() if given else request.getfixturevalue("built_site")
    assert (root / "index.html").is_file(), f"{root} holds no built portal (no index.html)"
    return Site(root)


@pytest.fixture(scope="session")
def base_url(site: Site) -> Iterator[str]:
    """site/ served by a static file server on 127.0.0.1, on a free port."""
    handler = functools.partial(_StaticHandler, directory=str(site.root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless chromium for the whole session; each test opens its own contexts."""
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is missing; install Debian's chromium "
                    "(apt-get install chromium fonts-noto-core fonts-noto-cjk)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright Python package is missing; pip install -e '.[test]'")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                              args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def axe_installed() -> Path:
    if not AXE.is_file():
        unavailable(f"axe-core is missing ({AXE}); run "
                    "`npm install --prefix tests/browser axe-core@4`")
    return AXE


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """test-artifacts/screenshots/ (git-ignored), emptied once per session: every page of every
    language on a desktop and a phone, and a contact sheet per language."""
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    return folder


@pytest.fixture(scope="session")
def survey(site: Site, base_url: str, browser, screenshots: Path) -> dict[str, list[Visit]]:
    """Every page of every language visited once on a desktop and once on a phone."""
    axe_url = base_url + AXE_URL_PATH.lstrip("/") if AXE.is_file() else None
    visits = visit_all(site, base_url, browser, axe_url, screenshots)
    for locale in site.locales:
        shots = [(str(page), screenshots / f"{page.slug}-desktop.png", screenshots / f"{page.slug}-phone.png")
                 for page in site.pages(locale)]
        contact_sheet(shots, screenshots / f"contact-sheet-{locale}.png")
    return visits
