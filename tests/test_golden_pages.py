"""Golden output of the rendered Markdown pages, from the shipped content, in English.

The pages the site engine turns into HTML are compared, byte for byte, with reviewed files under
tests/golden/site/en/. After an intended change to content, templates or rendering, regenerate them
and review the diff:
    PORTAL_REGEN_GOLDEN=1 /tmp/venv/bin/python -m pytest tests/test_golden_pages.py
    git diff tests/golden/site
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.project import load_project
from generator.render.pages import render_pages
from tests.conftest import REPO

GOLDEN = Path(__file__).parent / "golden" / "site" / "en"
GOLDEN_PAGES = ["notification-process.md", "index.md"]


@pytest.fixture(scope="module")
def english_pages() -> dict[str, str]:
    """Every page of the English site, rendered in memory from the shipped content."""
    project = load_project(REPO, ["en"])
    loc = project.locales[0]
    return render_pages(project.localized(loc), loc, project.templates)  # as the build renders them


@pytest.mark.parametrize("page", GOLDEN_PAGES)
def test_page_matches_its_golden_file(page: str, english_pages: dict[str, str]):
    # given the shipped content, when the page is rendered
    actual = english_pages[page]
    golden = GOLDEN / page
    if os.environ.get("PORTAL_REGEN_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8", newline="\n")
    # then it is exactly the reviewed golden file
    assert actual == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("locale", ["de", "fr", "es", "ja", "pt_BR", "ar"])
def test_home_page_of_each_language_matches_its_golden_file(locale: str):
    # given the shipped content and catalogs, when a language's home page is rendered
    project = load_project(REPO, [locale])
    actual = render_pages(project.localized(project.locales[0]),
                          project.locales[0], project.templates)["index.md"]
    golden = GOLDEN.parent / locale / "index.md"
    if os.environ.get("PORTAL_REGEN_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8", newline="\n")
    # then it is exactly the reviewed golden file (its punctuation, lists and dates)
    assert actual == golden.read_text(encoding="utf-8")


def test_the_schedule_golden_holds_the_facts_of_the_schedule():
    # The golden file is reviewed by eye once; this keeps a careless regeneration from blessing a
    # schedule page that lost its facts.
    schedule = (GOLDEN / "notification-process.md").read_text(encoding="utf-8")
    for fact in ["60 days before expiration", "30 days before expiration", "5 days after expiration",
                 "15 days after expiration", "30 days after expiration", "Quarterly",
                 "Renewals call center", "reseller of record", "renew online"]:
        assert fact in schedule, fact
    assert schedule.count('<li class="point point--email') == 4
    assert schedule.count('<li class="point point--phone') == 1
    assert schedule.count('<li class="point point--expiry') == 1
    for day in ("\u221260", "\u221230", ">0<", "+5", "+15", "+30"):  # true minus signs
        assert day in schedule, day
