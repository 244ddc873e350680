"""A fact lives in one place: change each kind of fact in content/ (the vendor, a day offset, the
grace-period length, an effective date, the brand colour, the global and a regional phone number)
and every output changes with it (every language's pages, search index, emails in every dialect,
.eml, banners, call scripts, README, zips) with the old values left nowhere, in any spelling.
All the facts change in one rebuild, so the test costs one build of the shipped project.
"""

from __future__ import annotations

import html
import datetime as dt
import re
from pathlib import Path

import lxml.html
import pytest
from babel.dates import format_date

from generator.brand import palette
from generator.models import Brand
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
    # The regional number of Japan's readers (the ja pages, emails, call script and README).
    "03-4578-2100": "03-5321-7700",
    "+81 3-4578-2100": "+81 3-5321-7700",
    "+81-3-4578-2100": "+81-3-5321-7700",
    "+81345782100": "+81353217700",
    # The vendor.
    "Symantec": "Norvane",
    # The brand colour (and the shades derived from it) in emails, banners and the portal's palette.
    "#283593": "#0b6e4f",
    # The first touchpoint's day (-60 -> -75), as each language writes it.
    "60-day": "75-day", "60 days": "75 days", "60 Tage": "75 Tage", "60\u00a0jours": "75\u00a0jours",
    "J-60": "J-75", "60 días": "75 días", "60 dias": "75 dias", "60日": "75日", "60 يومًا": "75 يومًا",
    # The grace period's length (30 -> 45), where it is the grace period's (30 is also a day).
    "30-day late-renewal": "45-day late-renewal", "30-tägige": "45-tägige",
    "grâce de 30\u00a0jours": "grâce de 45\u00a0jours", "gracia de 30 días": "gracia de 45 días",
    "30日間の更新猶予": "45日間の更新猶予", "carência de 30 dias": "carência de 45 dias",
    "البالغة 30 يومًا": "البالغة 45 يومًا",
}
# ... and the Japan date as every shipped language writes it ("3. Oktober 2016", "2016年10月3日", ...).
for _locale in ("de", "fr", "es", "ja", "pt_BR", "ar"):
    RESPELLED[format_date(dt.date(2016, 10, 3), "long", locale=_locale)] = \
        format_date(dt.date(2016, 11, 14), "long", locale=_locale)
# ... and the shades derived from the brand colour.
_OLD, _NEW = palette(Brand(color="#283593")), palette(Brand(color="#0b6e4f"))
for _shade in ("dark", "bright", "light", "tint"):
    RESPELLED[getattr(_OLD, _shade)] = getattr(_NEW, _shade)
# The bare area code, wherever it is not part of a longer number; Material's own scripts are
# vendored code that contains 866 as unrelated numbers (e.g. in lunr's Japanese segmenter).
AREA_CODE = re.compile(r"(?<![\w.-])866(?![\w-])")
VENDORED = re.compile(r"^[^/]+/assets/javascripts/")  # Material's scripts, in every language


def reader_texts(site: Path) -> dict[str, str]:
    """Every text of the site as a reader sees it (character references decoded)."""
    return {name: html.unescape(text) for name, text in site_texts(site)}


@pytest.fixture(scope="module")
def changed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped project with every kind of fact changed in content/ only, built."""
    project = copy_project(tmp_path_factory.mktemp("changed") / "project")
    content = project / "content"
    replace_in(content / "contacts.yml", "phone: (866) 675-6552", "phone: (415) 555-0134")
    replace_in(content / "contacts.yml", "phone: 03-4578-2100", "phone: 03-5321-7700")
    replace_in(content / "policies.yml", "date: 2016-10-03", "date: 2016-11-14")
    replace_in(content / "policies.yml", "grace_days: 30", "grace_days: 45")
    replace_in(content / "program.yml", "vendor: Symantec", "vendor: Norvane")
    replace_in(content / "program.yml", 'color: "#283593"', 'color: "#0b6e4f"')
    replace_in(content / "schedule.yml", "day: -60", "day: -75")
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
    shown = {old for _, old in showed}
    assert {"October 3, 2016", "(866) 675-6552", "+1-866-675-6552", "03-4578-2100", "Symantec",
            "#283593", "60-day", "60 days", "30-day late-renewal"} <= shown
    # ... in every language (each has its own spelling of the day and the grace length)
    assert {"60 Tage", "J-60", "60 días", "60 dias", "60日", "60 يومًا", "30-tägige",
            "30日間の更新猶予", "البالغة 30 يومًا"} <= shown
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


def test_no_reference_is_left_unfilled(built_site: Path):
    left = sorted(name for name, text in reader_texts(built_site).items()
                  if not VENDORED.match(name) and re.search(r"\[\[[a-z_.-]+\]\]", text))
    assert left == []
