"""A second program, written from scratch (tests/fixtures/second-program): another vendor, segment,
schedule, regions, brand and languages, with a grace period that is shortened rather than removed.
Built with the shipped templates, it must build cleanly and show none of our program's words: the
templates hold structure and generic labels, never program copy.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO, run_portal
from tests.support import site_texts

FIXTURE = Path(__file__).parent / "fixtures" / "second-program"
# Words only our (the shipped) program uses: its vendor, segment, days, grace period, contacts,
# brand, kit name and regions.
OURS = ["Symantec", "Enterprise", "60-day", "30-day", "60 days", "30 days", "15 days", "late-renewal",
        "grace period is removed", "Renewals team", "866", "6552", "renewals-kit", "#283593",
        "#1a237e", "Renewals Partner Portal", "reseller of record", "2016", "Japan", "Endpoint"]
VENDORED = re.compile(r"^[^/]+/assets/javascripts/")  # Material's own scripts


@pytest.fixture(scope="module")
def second_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("second") / "project"
    shutil.copytree(FIXTURE / "content", root / "content")
    for part in ("templates", "locales"):
        shutil.copytree(REPO / part, root / part, ignore=shutil.ignore_patterns("*.mo"))
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    # The merge fields are generic (the partner's email systems); their samples and wording are ours.
    fields = (REPO / "content" / "merge_fields.yml").read_text(encoding="utf-8")
    for ours, theirs in (("Endpoint Protection", "Ledger Cloud"), ("2016-06-30", "2025-06-30"),
                         (" (reseller of record)", "")):
        fields = fields.replace(ours, theirs)
    (root / "content" / "merge_fields.yml").write_text(fields, encoding="utf-8")
    result = run_portal("build", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_it_shows_none_of_our_words(second_site: Path):
    texts = {name: text for name, text in site_texts(second_site) if not VENDORED.match(name)}
    assert any(".zip!" in name for name in texts) and any(".eml" in name for name in texts)
    found = sorted({(name, word) for name, text in texts.items() for word in OURS
                    if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text, re.I)})
    assert found == []


def test_its_own_facts_are_everywhere(second_site: Path):
    english = second_site / "en"
    home = (english / "index.html").read_text(encoding="utf-8")
    assert "Small Business resellers of Quillstone" in home
    assert (english / "downloads" / "quillstone-reminders-en.zip").is_file()
    assert (english / "assets" / "quill.svg").read_bytes() == \
        (FIXTURE / "content" / "quill.svg").read_bytes()
    assert 'src="assets/quill.svg"' in home or "quill.svg" in home
    process = (english / "notification-process" / "index.html").read_text(encoding="utf-8")
    assert "Reminder 1 day ahead" in process and "Heads-up 45 days ahead" in process
    assert not re.search(r"(?<!\d)1 days", process)
    email = (english / "downloads" / "emails" / "last-day" / "neutral.html").read_text(encoding="utf-8")
    assert "1 day left" in email and "#0b6e4f" in email
    grace = (english / "grace-period" / "index.html").read_text(encoding="utf-8")
    assert "Restore window shortened to 7 days" in grace
    assert "for 7 days instead of 21 days" in grace
    assert "Why the restore window is shorter" in grace


def test_each_language_shows_its_readers_number(second_site: Path):
    english = (second_site / "en" / "contact" / "index.html").read_text(encoding="utf-8")
    french = (second_site / "fr" / "index.html").read_text(encoding="utf-8")
    assert 'href="tel:+44-20-7946-0321"' in (second_site / "en" / "index.html").read_text("utf-8")
    assert "01 45 67 89 10" in french and "+44" not in french.split("<footer")[-1]
    assert "Weekdays, 8:30 to 17:00 UK time" in english and "hub@quillstone.example" in english
