"""Translations at build time: unsafe msgstrs are errors naming the .po line, missing or fuzzy ones
fall back to English with a warning (an error with --strict), and plural forms follow the language.

Each test writes a small .po by hand into a copy of the shipped project with `de` switched on, and
runs the real `portal build`, as a translator would.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.i18n.catalogs import load_translator, message_problems
from tests.conftest import replace_in, run_portal
from tests.i18n_support import enable_locales, po_file

HEADER = '''msgid ""
msgstr ""
"Language: {code}\\n"
"Content-Type: text/plain; charset=utf-8\\n"
"Plural-Forms: {plural}\\n"

'''
PLURALS = {
    "de": "nplurals=2; plural=(n != 1);",
    "ar": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
          "n%100>=11 ? 4 : 5);",
}


def write_po(project: Path, code: str, entries: str) -> Path:
    """A hand-written catalog: the header, then `entries` as a translator typed them."""
    path = po_file(project, code)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER.format(code=code, plural=PLURALS[code]) + entries, encoding="utf-8")
    return path


def line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if line == text)


def html(site: Path, page: str) -> str:
    return (site / page / "index.html" if page else site / "index.html").read_text(encoding="utf-8")


# --- unsafe translations are build errors ---------------------------------------------------------

@pytest.mark.parametrize(("msgid", "msgstr", "problem"), [
    ("Renew with {partner_name}", "Jetzt verlängern",
     "placeholders differ from the msgid; expected ['{partner_name}'], found none"),
    ("Customer-facing content", "<b onclick=x>Inhalte für Kunden</b>",
     "HTML tags differ from the msgid; expected none, found ['</b>', '<b onclick>']"),
    ("Renew now", "Jetzt verlängern: https://evil.example/",
     "links differ from the msgid; expected none, found ['https://evil.example/']"),
], ids=["placeholder", "tag", "link"])
def test_an_unsafe_msgstr_is_a_build_error_naming_its_line(project: Path, msgid: str, msgstr: str,
                                                            problem: str) -> None:
    enable_locales(project, "de")
    po = write_po(project, "de", f'msgid "Contact"\nmsgstr "Kontakt"\n\n'
                                 f'msgid "{msgid}"\nmsgstr "{msgstr}"\n')
    result = run_portal("build", cwd=project)
    assert result.returncode == 2
    line = line_of(po, f'msgid "{msgid}"')
    assert f"locales/de/LC_MESSAGES/messages.po:{line}: msgstr: {problem}" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "site").exists()


def test_a_plural_msgstr_may_drop_the_number_but_not_add_a_placeholder() -> None:
    msgid = ("%(num)s day before expiration", "%(num)s days before expiration")
    assert message_problems(msgid, ("einen Tag vor Ablauf", "%(num)s Tage vor Ablauf")) == []
    assert message_problems(msgid, ("%(num)s Tag", "%(count)s Tage")) == [
        "placeholders differ from the msgid; expected ['%(num)s'], found ['%(count)s']"]


def test_an_unreadable_catalog_is_a_build_error_naming_its_line(project: Path) -> None:
    enable_locales(project, "de")
    po = write_po(project, "de", 'msgid "Contact"\nmsgstr "Kontakt"\nKontakt bitte\n')
    result = run_portal("build", cwd=project)
    assert result.returncode == 2
    line = line_of(po, "Kontakt bitte")
    assert f"locales/de/LC_MESSAGES/messages.po:{line}: cannot read catalog: " in result.stderr


# --- missing and fuzzy translations ---------------------------------------------------------------

FALLBACK_PO = '''msgid "Contact"
msgstr "Kontakt"

msgid "Switch to dark mode"
msgstr "Zum dunklen Modus wechseln"

#, fuzzy
msgid "Maintenance benefits"
msgstr "Wartungsvorteile"
'''


def test_missing_and_fuzzy_translations_fall_back_to_english_with_a_warning(project: Path) -> None:
    enable_locales(project, "de")
    write_po(project, "de", FALLBACK_PO)
    result = run_portal("build", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "de: no translation for 'Maintenance benefits'; using English" in result.stderr
    assert "de: no translation for 'Frequently asked questions'; using English" in result.stderr
    site = project / "site" / "de"
    assert "Kontakt" in html(site, "contact")
    maintenance = html(site, "maintenance")
    assert "Maintenance benefits" in maintenance and "Wartungsvorteile" not in maintenance
    assert "Zum dunklen Modus wechseln" in html(site, "")  # the palette label from mkdocs.yml


def test_strict_build_fails_naming_each_missing_or_fuzzy_message(project: Path) -> None:
    enable_locales(project, "de")
    write_po(project, "de", FALLBACK_PO)
    result = run_portal("build", "--strict", cwd=project)
    assert result.returncode == 2
    assert ("locales/de/LC_MESSAGES/messages.po: msgid: no translation for 'Maintenance benefits' "
            "(missing or fuzzy); translate it or build without --strict") in result.stderr
    assert "no translation for 'Frequently asked questions'" in result.stderr
    assert "no translation for 'Contact'" not in result.stderr
    assert not (project / "site").exists()


# --- plural forms ---------------------------------------------------------------------------------

PLURAL_PO = '''msgid "%(num)s day before expiration"
msgid_plural "%(num)s days before expiration"
msgstr[0] "%(num)s Tag vor Ablauf"
msgstr[1] "%(num)s Tage vor Ablauf"

msgid "%(num)s day after expiration"
msgid_plural "%(num)s days after expiration"
msgstr[0] "%(num)s Tag nach Ablauf"
msgstr[1] "%(num)s Tage nach Ablauf"
'''


def test_plural_forms_follow_the_count(project: Path) -> None:
    enable_locales(project, "de")
    write_po(project, "de", PLURAL_PO)
    replace_in(project / "content" / "schedule.yml", "day: 15", "day: 1")
    result = run_portal("build", "--locale", "de", cwd=project)
    assert result.returncode == 0, result.stderr
    page = html(project / "site" / "de", "notification-process")
    assert "60 Tage vor Ablauf" in page and "30 Tage nach Ablauf" in page
    assert "1 Tag nach Ablauf" in page and "1 Tage" not in page
    assert "days before expiration" not in page


def test_a_language_with_six_plural_forms_picks_each(project: Path) -> None:
    write_po(project, "ar", '''msgid "%(num)s day before expiration"
msgid_plural "%(num)s days before expiration"
msgstr[0] "zero %(num)s"
msgstr[1] "one"
msgstr[2] "two"
msgstr[3] "few %(num)s"
msgstr[4] "many %(num)s"
msgstr[5] "other %(num)s"
''')
    translator, problems = load_translator(project / "locales", "ar", project)
    assert problems == []
    forms = {n: translator.ngettext("%(num)s day before expiration",
                                    "%(num)s days before expiration", n) for n in (0, 1, 2, 5, 11, 100)}
    assert forms == {0: "zero %(num)s", 1: "one", 2: "two", 5: "few %(num)s", 11: "many %(num)s",
                     100: "other %(num)s"}
