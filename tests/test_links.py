"""Every link of the built site, every language, checked without a browser or a network.

Internal href/src must name a file that exists (a folder means its index.html) and every #fragment
an id in the target page. External links (https:, mailto:, tel:) are listed in
test-artifacts/external-links.txt, never fetched. Merge fields in the kit's emails ({{renewal_link}},
*|RENEWURL|*, %%RenewalLink%%) are the partner's email system's to fill in, so they are skipped.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.conftest import REPO

EXTERNAL_SCHEMES = {"http", "https", "mailto", "tel"}
# Attributes that point at something: href (a, link, area, base, SVG), src, and SVG's xlink:href.
LINK_ATTRIBUTES = {"href", "src", "xlink:href", "poster", "data"}
MERGE_FIELD = re.compile(r"\{\{.*?\}\}|\*\|.*?\|\*|%%.*?%%|\[\[.*?\]\]")
ARTIFACT = REPO / "test-artifacts" / "external-links.txt"


@dataclass
class _Document(HTMLParser):
    """The ids and the links of one HTML file."""

    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        HTMLParser.__init__(self, convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)
            elif name in LINK_ATTRIBUTES:
                self.links.append(value.strip())
            elif name == "srcset":
                self.links += [part.split()[0] for part in value.split(",") if part.strip()]

    handle_startendtag = handle_starttag


@cache
def _parse(path: Path) -> _Document:
    document = _Document()
    document.feed(path.read_text(encoding="utf-8", errors="replace"))
    return document


def _site_prefix(site: Path) -> str:
    """The URL path the site is published under (/renewals/ for https://host/renewals/en/), which
    root-relative links such as those of 404.html start with."""
    for sitemap in sorted(site.glob("*/sitemap.xml")):
        locs = [el.text.strip() for el in ET.parse(sitemap).iter()
                if el.tag.endswith("loc") and el.text]
        if locs:
            home = urlsplit(min(locs, key=len)).path  # /renewals/en/
            return posixpath.dirname(home.rstrip("/")).rstrip("/") + "/"
    return "/"


def _target(site: Path, page: Path, path: str, prefix: str) -> Path | None:
    """The file an internal link's path names, or None when it names nothing inside the site."""
    if path.startswith("/"):
        if not path.startswith(prefix):
            return None
        resolved = posixpath.normpath(path[len(prefix):]) if path != prefix else "."
    else:
        base = page.parent.relative_to(site).as_posix()
        resolved = posixpath.normpath(posixpath.join(base, path))
    if resolved.startswith(".."):
        return None
    target = site / resolved
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def check_links(site: Path) -> dict:
    """Every link of every HTML file of a built site, sorted into broken and external."""
    prefix = _site_prefix(site)
    broken: list[str] = []
    external: dict[str, set[str]] = defaultdict(set)
    checked = 0
    for page in sorted(site.rglob("*.html")):
        shown = page.relative_to(site).as_posix()
        for link in _parse(page).links:
            if not link or MERGE_FIELD.search(link):
                continue
            parts = urlsplit(link)
            if parts.scheme:
                if parts.scheme.lower() in EXTERNAL_SCHEMES:
                    external[link].add(shown)
                elif parts.scheme.lower() not in {"data", "javascript"}:
                    broken.append(f"{shown}: {link}: unexpected link scheme {parts.scheme}:")
                continue
            if parts.netloc:  # //host/path
                external[link].add(shown)
                continue
            checked += 1
            target = page if not parts.path else _target(site, page, unquote(parts.path), prefix)
            if target is None:
                broken.append(f"{shown}: {link}: no such file in the site")
            elif parts.fragment and target.suffix == ".html" and \
                    unquote(parts.fragment) not in _parse(target).ids:
                broken.append(f"{shown}: {link}: no id {parts.fragment!r} in "
                              f"{target.relative_to(site).as_posix()}")
    return {"broken": broken, "external": external, "checked": checked,
            "locales": sorted(p.parent.name for p in site.glob("*/sitemap.xml"))}


@pytest.fixture(scope="module")
def link_report(built_site: Path) -> dict:
    return check_links(built_site)


def test_every_internal_link_of_every_language_resolves(link_report: dict):
    assert link_report["locales"], "no language site found in the build"
    assert link_report["checked"] > 50 * len(link_report["locales"]), "suspiciously few links"
    broken = link_report["broken"]
    assert not broken, f"{len(broken)} broken link(s):\n  " + "\n  ".join(broken)


def test_external_links_are_listed_not_fetched(link_report: dict):
    external = link_report["external"]
    ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"{link}\t{len(pages)} page(s), e.g. {min(pages)}"
             for link, pages in sorted(external.items())]
    ARTIFACT.write_text("# External links of the built site (not fetched): link, where\n"
                        + "\n".join(lines) + "\n", encoding="utf-8")
    by_kind: dict[str, int] = defaultdict(int)
    for link in external:
        parts = urlsplit(link)
        by_kind[f"{parts.scheme}:{'//' + parts.netloc if parts.netloc else ''}"] += 1
    print(f"\n{len(external)} external links (not fetched), listed in "
          f"{ARTIFACT.relative_to(REPO)}: " + ", ".join(f"{n} {k}" for k, n in sorted(by_kind.items())))
    schemes = {urlsplit(link).scheme for link in external}
    assert schemes <= EXTERNAL_SCHEMES, f"unexpected kinds of external link: {schemes}"
    assert not any(link.startswith("http:") for link in external), "plain http: links; use https:"
    assert any(link.startswith("tel:") for link in external), "the contact phone link is missing"


def test_the_checker_finds_each_kind_of_broken_link(tmp_path: Path):
    # given a tiny site published under /renewals/, with one link of each kind
    site = tmp_path / "site"
    (site / "en" / "faq").mkdir(parents=True)
    (site / "en" / "sitemap.xml").write_text(
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url>'
        "<loc>https://example.com/renewals/en/</loc></url></urlset>")
    (site / "en" / "faq" / "index.html").write_text('<h2 id="grace">Grace</h2>')
    (site / "en" / "index.html").write_text(
        '<a href="faq/">ok</a> <a href="faq/#grace">ok</a> <a href="#top" id="top">ok</a>'
        '<a href="/renewals/en/faq/">ok</a> <a href="{{renewal_link}}">merge field</a>'
        '<a href="https://example.com/">external</a> <a href="tel:+18666756552">external</a>'
        '<a href="missing/">broken</a> <a href="faq/#nowhere">broken</a>'
        '<a href="/elsewhere/en/faq/">broken</a> <img src="logo\\_en.svg">'
        '<a href="../../outside.html">broken</a> <a href="ftp://example.com/">broken</a>')
    # when its links are checked
    report = check_links(site)
    # then exactly the broken ones are reported, and the external ones listed
    assert [line.split(": ")[1] for line in report["broken"]] == [
        "missing/", "faq/#nowhere", "/elsewhere/en/faq/", "logo\\_en.svg", "../../outside.html",
        "ftp://example.com/"]
    assert set(report["external"]) == {"https://example.com/", "tel:+18666756552"}
