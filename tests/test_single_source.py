"""A fact lives in one place: change the phone number and the Japan date in content/, and every
output changes with it (pages, search index, emails, .eml, banners, downloads, zips) with the old
values left nowhere, in any of their spellings.
"""

from __future__ import annotations

import html
import datetime as dt
import re
from pathlib import Path

import lxml.html
import pytest
from babel.dates import format_date

from tests.conftest import copy_project, replace_in, run_portal
from tests.support import site_texts

# Each old spelling and what it must have become (phonenumbers' national, RFC 3966, international
# and E.164 forms; Babel's long, medium and short dates; ISO).
RESPELLED = {
    "(866) 675-6552": "(415) 555-0134",
    "+1-866-675-6552": "+1-415-555-0134",
    "+1 866-675-6552": "+1 415-555-0134",
    "866-675-6552": "415-555-0134",
    "+18666756552": "+14155550134",
    "8666756552": "4155550134",
    "675-6552": "555-0134",
    "October 3, 2016": "November 14, 2016",
    "Oct 3, 2016": "Nov 14, 2016",
    "10/3/16": "11/14/16",
    "2016-10-03": "2016-11-14",
    "3 October 2016": "14 November 2016",
}
# ... and the Japan date as every shipped language writes it ("3. Oktober 2016", "2016年10月3日", ...).
for _locale in ("de", "fr", "es", "ja", "pt_BR", "ar"):
    RESPELLED[format_date(dt.date(2016, 10, 3), "long", locale=_locale)] = \
        format_date(dt.date(2016, 11, 14), "long", locale=_locale)
# The bare area code, wherever it is not part of a longer number; Material's own scripts are
# vendored code that contains 866 as unrelated numbers (e.g. in lunr's Japanese segmenter).
AREA_CODE = re.compile(r"(?<![\w.-])866(?![\w-])")
VENDORED = re.compile(r"^[^/]+/assets/javascripts/")  # Material's scripts, in every language


def reader_texts(site: Path) -> dict[str, str]:
    """Every text of the site as a reader sees it (character references decoded)."""
    return {name: html.unescape(text) for name, text in site_texts(site)}


@pytest.fixture(scope="module")
def changed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped project with a new phone number and a new Japan date, built."""
    project = copy_project(tmp_path_factory.mktemp("changed") / "project")
    replace_in(project / "content" / "contacts.yml", "phone: (866) 675-6552", "phone: (415) 555-0134")
    replace_in(project / "content" / "policies.yml", "date: 2016-10-03", "date: 2016-11-14")
    result = run_portal("build", cwd=project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def test_the_old_values_appear_nowhere(changed_site: Path):
    texts = reader_texts(changed_site)
    assert any(".zip!" in name for name in texts), "the kit's zip was not scanned"
    found = [(name, old) for name, text in texts.items() for old in RESPELLED if old in text]
    found += [(name, "866") for name, text in texts.items()
              if not VENDORED.match(name) and AREA_CODE.search(text)]
    assert found == []


def test_every_output_that_showed_an_old_value_shows_the_new_one(built_site: Path,
                                                               changed_site: Path):
    # given the outputs of the shipped content, and of the changed content
    before, after = reader_texts(built_site), reader_texts(changed_site)
    showed = {(name, old) for name, text in before.items() for old in RESPELLED if old in text}
    # then the old values were shown widely (pages, emails, zip, ...) and each output changed
    assert len({name for name, _ in showed}) > 50
    assert {"October 3, 2016", "(866) 675-6552", "+1-866-675-6552"} <= {old for _, old in showed}
    missed = sorted((name, RESPELLED[old]) for name, old in showed
                    if RESPELLED[old] not in after.get(name, ""))
    assert missed == []


def test_every_page_footer_shows_the_new_number(changed_site: Path):
    english = changed_site / "en"
    pages = [p for p in english.rglob("*.html") if p.relative_to(english).parts[0] != "downloads"]
    assert len(pages) >= 10
    for path in pages:
        links = lxml.html.parse(str(path)).getroot().cssselect('footer a[href^="tel:"]')
        assert [(a.get("href"), a.text_content()) for a in links] == [
            ("tel:+1-415-555-0134", "(415) 555-0134")], path


def test_the_new_japan_date_is_on_the_grace_period_page(changed_site: Path):
    page = (changed_site / "en" / "grace-period" / "index.html").read_text(encoding="utf-8")
    assert "November 14, 2016" in page and "May 9, 2016" in page
