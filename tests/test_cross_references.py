"""Links between pages written in content as [text](page:<id>): checked at load, written per page."""

from __future__ import annotations

import pytest

from generator.markup import linked_pages, markdown_problems, markdown_to_text, render_markdown
from generator.project import load_project
from generator.render.pages import render_pages
from generator.sitemap import relative_url
from tests.conftest import REPO


@pytest.mark.parametrize(("source", "target", "link"), [
    ("grace-period/faq.md", "notification-process.md", "../../notification-process/"),
    ("index.md", "grace-period/index.md", "grace-period/"),
    ("grace-period/index.md", "index.md", "../"),
    ("customer-content/call-15.md", "customer-content/index.md", "../"),
    ("contact.md", "contact.md", "./"),
])
def test_a_page_link_is_relative_to_the_page_it_is_on(source: str, target: str, link: str):
    assert relative_url(source, target) == link


def test_page_links_render_to_their_address_and_unknown_ones_to_plain_text():
    text = "See the [process](page:notification-process) or [nothing](page:nowhere)."
    links = {"notification-process": "../np/"}.get
    assert render_markdown(text, links=links) == \
        '<p>See the <a href="../np/">process</a> or nothing.</p>'
    assert markdown_to_text(text, lambda page: "https://x.example/en/np/" if page != "nowhere" else None) \
        == "See the process (https://x.example/en/np/) or nothing."
    assert linked_pages(text) == ["notification-process", "nowhere"]


@pytest.mark.parametrize("url", ["page:", "page:Notification", "page:../x", "page:x.md"])
def test_a_malformed_page_link_is_a_content_error(url: str):
    assert markdown_problems(f"[x]({url})") == [
        f"page link {url!r} is malformed; expected page: and a page id such as "
        "page:notification-process"]


@pytest.mark.parametrize("locale", ["en", "ja", "ar"])
def test_the_faq_links_to_the_notification_process_in_every_language(locale: str):
    project = load_project(REPO, [locale])
    loc = project.locales[0]
    pages = render_pages(project.localized(loc), loc, project.templates)
    assert '<a href="../../notification-process/">' in pages["grace-period/faq.md"]
    assert "page:" not in "".join(pages.values())
