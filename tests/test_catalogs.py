"""Translations at build time: unsafe msgstrs are errors naming the .po line, missing or fuzzy ones
fall back to English with a warning (an error with --strict), and plural forms follow the language.

Each test writes a small .po by hand into a copy of the shipped project with `de` switched on, and
runs the real `portal build`, as a translator would.
"""

from __future__ import annotations

import email
import email.policy
import re
import subprocess
from pathlib import Path

import pytest


from generator.i18n.catalogs import PlaceholderRules, load_translator, message_problems
from generator.i18n.patterns import Patterns
from tests.conftest import replace_in, run_portal
from tests.i18n_support import MSGFMT, enable_locales, po_file

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


# --- catalog syntax: what msgfmt --check refuses is a build error, with or without gettext ------

@pytest.mark.parametrize(("entries", "bad_line", "problem"), [
    ('msgid "Contact"\nmsgstr "Kontakt\n', 'msgstr "Kontakt', "the string has no closing quote"),
    ('msgid "Contact"\nmsgstr "Kon\\qtakt"\n', 'msgstr "Kon\\qtakt"', "unknown escape \\q"),
    ('msgid "Contact"\nmsgstr "Kontakt"\n\nmsgid "Contact"\nmsgstr "Ansprechpartner"\n',
     'msgstr "Ansprechpartner"', "duplicate message definition"),
], ids=["unterminated", "escape", "duplicate"])
def test_a_catalog_msgfmt_refuses_is_a_build_error_naming_its_line(project: Path, entries: str,
                                                                  bad_line: str, problem: str):
    enable_locales(project, "de")
    po = write_po(project, "de", entries)
    result = run_portal("build", cwd=project)
    assert result.returncode == 2
    line = line_of(po, bad_line) - (1 if problem.startswith("duplicate") else 0)
    assert f"locales/de/LC_MESSAGES/messages.po:{line}: cannot read catalog: {problem}" \
        in result.stderr
    assert not (project / "site").exists()
    if Path(MSGFMT).exists():  # the real tool agrees that the catalog is broken
        assert subprocess.run([MSGFMT, "--check", "-o", "/dev/null", str(po)],
                              capture_output=True).returncode != 0


# --- greetings and subjects are written anew in each language ----------------------------------

def test_a_greeting_may_use_other_declared_merge_fields_and_drop_some(project: Path):
    enable_locales(project, "de")
    write_po(project, "de", 'msgid "Hello {first_name},"\nmsgstr "{salutation} {last_name},"\n\n'
                            'msgid "Renew {product} by {expiry_date}"\n'
                            'msgstr "{product} verlängern"\n')
    result = run_portal("build", "--locale", "de", cwd=project)
    assert result.returncode == 0, result.stderr
    text = (project / "site" / "de" / "downloads" / "emails" / "notice-60" / "mailchimp.txt")
    assert "*|SALUTATION|* *|LNAME|*," in text.read_text(encoding="utf-8")
    eml = (project / "site" / "de" / "downloads" / "emails" / "notice-60" / "neutral.eml")
    parsed = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert parsed["Subject"] == "{{product}} verlängern"


def test_an_unknown_merge_field_in_a_greeting_is_an_error_naming_the_po_line(project: Path):
    enable_locales(project, "de")
    po = write_po(project, "de", 'msgid "Hello {first_name},"\nmsgstr "Hallo {vorname},"\n')
    result = run_portal("build", cwd=project)
    assert result.returncode == 2
    line = line_of(po, 'msgid "Hello {first_name},"')
    assert (f"locales/de/LC_MESSAGES/messages.po:{line}: msgstr: unknown merge field {{vorname}}; "
            "expected any of {first_name}, {last_name}, {salutation}") in result.stderr


def test_a_body_paragraph_still_keeps_exactly_its_merge_fields() -> None:
    rules = PlaceholderRules(("first_name", "last_name"), frozenset({"Hello {first_name},"}))
    assert message_problems("Hello {first_name},", "Guten Tag {last_name},", rules) == []
    assert message_problems("Call {first_name}", "Rufen Sie {last_name} an", rules) == [
        "placeholders differ from the msgid; expected ['{first_name}'], found ['{last_name}']"]


# --- message contexts and punctuation patterns ------------------------------------------------

def test_one_english_word_in_two_roles_has_two_translations(project: Path) -> None:
    write_po(project, "ar", 'msgid "Renew online"\nmsgstr "جددوا عبر الإنترنت"\n\n'
                            'msgctxt "label"\nmsgid "Renew online"\nmsgstr "التجديد عبر الإنترنت"\n')
    translator, problems = load_translator(project / "locales", "ar", project)
    assert problems == []
    assert translator.gettext("Renew online") == "جددوا عبر الإنترنت"
    assert translator.pgettext("label", "Renew online") == "التجديد عبر الإنترنت"


@pytest.mark.parametrize(("code", "pattern", "expected"), [
    ("fr", "{label}\u00a0: {value}", "Téléphone\u00a0: +33 1 23"),
    ("ja", "{label}：{value}", "電話：+33 1 23"),
])
def test_label_value_pairs_use_the_language_punctuation(project: Path, code, pattern, expected):
    po = po_file(project, code)
    po.parent.mkdir(parents=True, exist_ok=True)
    po.write_text(HEADER.format(code=code, plural="nplurals=2; plural=(n != 1);")
                  + f'msgctxt "pattern"\nmsgid "{{label}}: {{value}}"\nmsgstr "{pattern}"\n',
                  encoding="utf-8")
    translator, problems = load_translator(project / "locales", code, project)
    assert problems == []
    label = {"fr": "Téléphone", "ja": "電話"}[code]
    assert Patterns(translator, code).label_value(label, "+33 1 23") == expected
    assert Patterns(translator, code).join(["A", "B", "C"]) == \
        {"fr": "A, B et C", "ja": "A、B、C"}[code]


def test_french_puts_a_no_break_space_before_its_double_punctuation() -> None:
    """French typography: a no-break space before : ; ? and ! (an ordinary one lets the mark start
    a line of its own), in every shipped French translation."""
    from babel.messages.pofile import read_po

    from tests.conftest import REPO

    with (REPO / "locales/fr/LC_MESSAGES/messages.po").open("rb") as handle:
        catalog = read_po(handle)
    found = [text for message in catalog if message.id
             for text in (message.string if isinstance(message.string, tuple) else [message.string])
             if re.search(r" [:;?!](\s|$)", text)]
    assert found == []


def test_the_heading_link_title_is_translated_in_each_language_config(tmp_path: Path) -> None:
    from generator.project import load_project
    from generator.site_config import locale_config
    from tests.conftest import REPO

    project = load_project(REPO, ["en", "ja", "fr"])
    titles = {}
    for loc in project.locales:
        config = locale_config(project.base_config, project.localized(loc), loc,
                               list(project.locales), tmp_path, tmp_path)
        toc = next(e["toc"] for e in config["markdown_extensions"]
                   if isinstance(e, dict) and "toc" in e)
        titles[loc.code] = (toc["permalink"], toc["permalink_title"])
    assert titles == {"en": (True, "Permanent link"), "ja": (True, "固定リンク"),
                      "fr": (True, "Lien permanent")}
