"""The translators' tooling: the content extractor, `portal i18n extract | update | compile | status`.

The extractor is tested on the shipped content (every Text, on the line it is written) and on a
hand-written file (exact lines and comments); the commands run as users run them, on a copy of the
shipped project, with msgfmt --check on what they write.
"""

from __future__ import annotations

import gettext
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.plurals import get_plural

from generator.content import iter_texts, load_content
from generator.i18n.extract import extract_content
from generator.i18n.usage import CONTENT_USES, PAGE_NAMES, content_uses
from generator.models import CONTENT_FILES
from generator.render.pages import PAGES
from tests.conftest import REPO, replace_in, run_portal
from tests.support import file_digests
from tests.i18n_support import (enable_locales, msgfmt_check, po_file, read_catalog, save_catalog,
                                translate)

BLOCK_SCALAR_ENDS = (">-", ">", "|", "|-")


def extracted(path: Path) -> list[tuple[int, str, list[str]]]:
    with path.open("rb") as fp:
        return [(line, message, comments)
                for line, _, message, comments in extract_content(fp, (), (), {})]


def comments_of(catalog, msgid: str) -> list[str]:
    message = catalog.get(msgid)
    assert message is not None, f"{msgid!r} is not in the catalog"
    return message.auto_comments


# --- the content extractor -------------------------------------------------------------------------

@pytest.mark.parametrize("section", list(CONTENT_FILES))
def test_extractor_yields_every_text_on_its_line(project: Path, section: str) -> None:
    path = project / "content" / f"{section}.yml"
    model = getattr(load_content(project), section)
    found = extracted(path)
    # a text with plural forms is one plural entry: (singular, plural)
    assert [m for _, m, _ in found] == [text.forms if text.one is not None else str(text)
                                        for _, text in iter_texts(model)]
    lines = path.read_text(encoding="utf-8").splitlines()
    for line, message, _ in found:
        first = message[0] if isinstance(message, tuple) else message
        start = " ".join(first.split()[:3])
        written = lines[line - 1]
        on_next_line = written.rstrip().endswith(BLOCK_SCALAR_ENDS) and start in lines[line]
        assert start in written or on_next_line, f"{section}.yml:{line} does not hold {message!r}"


def test_extractor_lines_and_comments_in_a_hand_written_file(project: Path) -> None:
    (project / "content" / "banners.yml").write_text(
        "short_limit: 40\n"
        "long_limit: 100\n"
        "banners:\n"
        "  - id: renew-soon\n"
        "    short: Renew {product} now.\n"
        "    long: >-\n"
        "      Renew before {expiry_date}\n"
        "      to stay protected.\n"
        "    cta: Renew\n"
        "    url: \"{renewal_link}\"\n"
        "sizes:\n"
        "  - name: Leaderboard\n"
        "    width: 728\n"
        "    height: 90\n"
        "    text: short\n", encoding="utf-8")
    assert extracted(project / "content" / "banners.yml") == [
        (5, "Renew {product} now.", [
            "content/banners.yml banners, item 1, short — banner: renew-soon (short)",
            "Keep the placeholders {product} unchanged: the partner's email system fills them in.",
            "At most 40 characters (checked in every language).",
        ]),
        (6, "Renew before {expiry_date} to stay protected.", [
            "content/banners.yml banners, item 1, long — banner: renew-soon (long)",
            "Keep the placeholders {expiry_date} unchanged: the partner's email system fills them "
            "in.",
            "At most 100 characters (checked in every language).",
        ]),
        (9, "Renew", ["content/banners.yml banners, item 1, cta — banner: renew-soon (cta)"]),
        (12, "Leaderboard", ["content/banners.yml sizes, item 1, name — banners (size names)"]),
    ]


def test_comments_name_the_page_or_email_and_the_placeholders(project: Path) -> None:
    schedule = extracted(project / "content" / "schedule.yml")
    summary = load_content(project).schedule.touchpoints[2].summary
    assert (summary, ["content/schedule.yml touchpoints, item 3, summary — page: Renewal notification "
                      "process"]) in [(m, c) for _, m, c in schedule]
    emails = extracted(project / "content" / "emails.yml")
    line, subject, comments = emails[0]
    assert subject == "Renew {product} by {expiry_date}"
    assert comments == [  # a subject is written anew in each language
        "content/emails.yml emails, item 1, subject — email: notice-60 (subject)",
        "Write it your language's way: any merge field may be used or left out.",
    ]
    first = lambda m: m if isinstance(m, str) else m[0]  # noqa: E731 - plural entries are tuples
    footer = next(c for _, m, c in emails if first(m).startswith("You receive this notice"))
    assert "Keep the placeholders {partner_name} unchanged: the partner's email system fills them " \
           "in." in footer
    body = next(c for _, m, c in emails if first(m).startswith("Maintenance for **{product}**"))
    assert "Markdown: keep **bold**, *emphasis* and link addresses as they are." in body


def test_every_translatable_field_and_page_has_a_named_use() -> None:
    content = load_content(REPO)
    for section in CONTENT_FILES:
        model = getattr(content, section)
        for loc, _ in iter_texts(model):
            names = (section, *(p for p in loc if isinstance(p, str)))
            assert any(names[: len(k)] == k for k in CONTENT_USES), f"no use for {section} {loc}"
            assert not any("{" in use for use in content_uses(section, loc, model))
    assert {page.template for page in PAGES} <= set(PAGE_NAMES)


def test_invalid_content_stops_extraction_with_located_problems(project: Path) -> None:
    pot = project / "locales" / "messages.pot"
    before = pot.read_bytes()
    replace_in(project / "content" / "schedule.yml", "day: -60", "day: soon")
    result = run_portal("i18n", "extract", cwd=project)
    assert result.returncode == 2
    assert "content/schedule.yml:24:" in result.stderr and "touchpoints, item 1, day" in result.stderr
    assert "Traceback" not in result.stderr
    assert pot.read_bytes() == before


# --- portal i18n extract ---------------------------------------------------------------------------

def test_extract_writes_one_catalog_of_content_templates_and_site_config(project: Path) -> None:
    (project / "locales" / "messages.pot").unlink()
    result = run_portal("i18n", "extract", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Wrote locales/messages.pot (")
    pot = read_catalog(project / "locales" / "messages.pot")
    tagline = str(load_content(project).program.tagline)
    assert comments_of(pot, tagline) == ["content/program.yml tagline — page: Home; every page "
                                         "(site description)", "Keep the fact references "
                                         "[[segment]] unchanged: the build fills them in."]
    title = pot.get(("[[days]]-day renewal notice", "[[days]]-day renewal notice"))
    assert "Plural forms: the form is chosen by the number [[days]]." in title.auto_comments
    assert ("templates/site/notification-process.md.j2", None) in \
        pot.get("Renewal notification process").locations
    assert " ".join(comments_of(pot, "Switch to dark mode")) == \
        "mkdocs.yml theme, palette, item 1, toggle, name — every page (light/dark mode switch)"
    # The program's own strings come from the installed package: the copy has no generator/.
    assert not (project / "generator").exists()
    assert [f for f, _ in pot.get("Expiration").locations] == ["generator/render/pages.py"]
    assert "generator/site_config.py" in [f for f, _ in pot.get("Questions?").locations]
    plural = pot.get("%(num)s day before expiration")
    assert plural.id == ("%(num)s day before expiration", "%(num)s days before expiration")
    assert "templates/site/_macros.j2 — page: Renewal notification process" in \
        " ".join(plural.auto_comments)
    assert msgfmt_check(project / "locales" / "messages.pot").returncode == 0


def test_extract_rewrites_the_catalog_only_when_a_message_changes(project: Path) -> None:
    pot = project / "locales" / "messages.pot"
    pot.unlink()
    assert run_portal("i18n", "extract", cwd=project).returncode == 0
    first = pot.read_bytes()
    again = run_portal("i18n", "extract", cwd=project, env={"SOURCE_DATE_EPOCH": "2000000000"})
    assert again.stdout.startswith("Up to date: locales/messages.pot")
    assert pot.read_bytes() == first  # no new creation date when nothing changed
    replace_in(project / "content" / "schedule.yml", "cadence: Quarterly", "cadence: Every quarter")
    changed = run_portal("i18n", "extract", cwd=project, env={"SOURCE_DATE_EPOCH": "2000000000"})
    assert changed.stdout.startswith("Wrote"), changed.stderr
    catalog = read_catalog(pot)
    assert catalog.get("Every quarter") is not None and catalog.get("Quarterly") is None
    assert catalog.creation_date.year == 2033  # SOURCE_DATE_EPOCH 2000000000


def test_a_fresh_extract_and_update_leave_every_shipped_catalog_byte_identical(project: Path) -> None:
    # given a fresh copy of the project (as a clone is); when the catalog steps run on it
    before = file_digests(project / "locales")
    result = run_portal("i18n", "update", cwd=project)
    assert result.returncode == 0, result.stderr
    # then no file changes: no line numbers that drift, no dates, the shipped catalogs are current
    after = file_digests(project / "locales")
    changed = sorted(name for name in before.keys() | after.keys()
                     if before.get(name) != after.get(name))
    assert changed == [], (f"out of date: {', '.join(changed)}; run `portal i18n update` and commit "
                           "locales/")
    pot = (project / "locales" / "messages.pot").read_text(encoding="utf-8")
    assert "#: templates/site/contact.md.j2" in pot and not re.search(r"^#: .*:\d", pot, re.M)


def test_pybabel_extract_with_the_project_mapping(tmp_path: Path) -> None:
    out = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).parent / "pybabel"
    result = subprocess.run([str(pybabel), "extract", "-F", "locales/babel.cfg", "-o", str(out), "."],
                            cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    ours = read_catalog(REPO / "locales" / "messages.pot")
    theirs = read_catalog(out)
    assert {m.id for m in theirs} == {m.id for m in ours}
    # pybabel wraps comments at 76 columns, we at 79: the same words either way.
    assert " ".join(comments_of(theirs, "Switch to dark mode")) == \
        " ".join(comments_of(ours, "Switch to dark mode"))


# --- portal i18n update ----------------------------------------------------------------------------

def test_update_creates_a_catalog_for_a_new_language(project: Path) -> None:
    enable_locales(project, "it")
    result = run_portal("i18n", "update", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "it: created locales/it/LC_MESSAGES/messages.po" in result.stdout
    catalog = read_catalog(po_file(project, "it"), "it")
    pot = read_catalog(project / "locales" / "messages.pot")
    assert str(catalog.locale) == "it" and catalog.num_plurals == get_plural("it").num_plurals
    assert [m.id for m in catalog] == [m.id for m in pot]
    assert not any(m.string for m in catalog if m.id and isinstance(m.string, str))
    assert "# Italian translations for the Renewals Partner Portal." in \
        po_file(project, "it").read_text(encoding="utf-8")
    assert msgfmt_check(po_file(project, "it")).returncode == 0


def test_update_keeps_translations_and_marks_changed_english_fuzzy(project: Path) -> None:
    enable_locales(project, "it")
    assert run_portal("i18n", "update", cwd=project).returncode == 0
    po = po_file(project, "it")
    translate(po, "it", {"Quarterly": "Trimestrale", "Contact": "Contatto"})
    replace_in(project / "content" / "schedule.yml", "cadence: Quarterly", "cadence: Quarterly.")
    result = run_portal("i18n", "update", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "it: updated locales/it/LC_MESSAGES/messages.po (0 new, 1 fuzzy, 0 obsolete)" \
        in result.stdout
    catalog = read_catalog(po, "it")
    assert catalog.get("Contact").string == "Contatto"
    changed = catalog.get("Quarterly.")
    assert changed.fuzzy and changed.string == "Trimestrale"
    before = po.read_bytes()
    again = run_portal("i18n", "update", cwd=project)
    assert "it: locales/it/LC_MESSAGES/messages.po is up to date" in again.stdout
    assert po.read_bytes() == before
    assert msgfmt_check(po).returncode == 0


def test_msgfmt_check_passes_on_every_generated_catalog(project: Path) -> None:
    codes = ("de", "fr", "es", "ja", "pt_BR", "ar", "it")
    enable_locales(project, *codes)
    assert run_portal("i18n", "update", cwd=project).returncode == 0
    for code in codes:
        path = po_file(project, code)
        catalog = read_catalog(path, code)
        for message in catalog:  # a "translation" that keeps every placeholder, as translators must
            if message.id and message.pluralizable:
                message.string = tuple(message.id[min(i, 1)] for i in range(catalog.num_plurals))
            elif message.id:
                message.string = message.id
        save_catalog(path, catalog)
        result = msgfmt_check(path)
        assert result.returncode == 0, f"{code}: {result.stderr}"
    compiled = run_portal("i18n", "compile", cwd=project)
    assert compiled.returncode == 0, compiled.stderr
    mo = po_file(project, "ja").with_suffix(".mo")
    with mo.open("rb") as fp:
        assert gettext.GNUTranslations(fp).gettext("Contact") == "Contact"


def test_msgfmt_check_catches_a_broken_placeholder(project: Path) -> None:
    """The check above can fail: a msgstr that loses a python-format placeholder is rejected."""
    enable_locales(project, "it")
    assert run_portal("i18n", "update", cwd=project).returncode == 0
    po = po_file(project, "it")
    translate(po, "it", {"%(num)s day before expiration": ("un giorno prima", "%(n)s giorni")})
    assert msgfmt_check(po).returncode != 0


def test_msgfmt_check_passes_on_every_shipped_catalog() -> None:
    catalogs = [REPO / "locales" / "messages.pot", *sorted(REPO.glob("locales/*/LC_MESSAGES/*.po"))]
    for path in catalogs:
        result = msgfmt_check(path)
        assert result.returncode == 0, f"{path.relative_to(REPO)}: {result.stderr}"


# --- portal i18n compile ---------------------------------------------------------------------------

def test_compile_writes_mo_files_next_to_the_catalogs(project: Path) -> None:
    enable_locales(project, "it")
    assert run_portal("i18n", "update", cwd=project).returncode == 0
    translate(po_file(project, "it"), "it", {"Contact": "Contatto", "Phone": "Telefono"},
              fuzzy=("Phone",))
    result = run_portal("i18n", "compile", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "it: compiled locales/it/LC_MESSAGES/messages.mo (1 of " in result.stdout
    with po_file(project, "it").with_suffix(".mo").open("rb") as fp:
        translations = gettext.GNUTranslations(fp)
    assert translations.gettext("Contact") == "Contatto"
    assert translations.gettext("Phone") == "Phone"  # fuzzy is not compiled in


def test_compile_refuses_a_translation_that_changes_placeholders(project: Path) -> None:
    enable_locales(project, "it")
    assert run_portal("i18n", "update", cwd=project).returncode == 0
    po = po_file(project, "it")
    translate(po, "it", {"Renew with {partner_name}": "Rinnova ora"})
    line = _msgid_line(po, "Renew with {partner_name}")
    result = run_portal("i18n", "compile", cwd=project)
    assert result.returncode == 2
    assert (f"locales/it/LC_MESSAGES/messages.po:{line}: msgstr: placeholders differ from the "
            "msgid; expected ['{partner_name}'], found none") in result.stderr
    assert not po.with_suffix(".mo").exists()


# --- user mistakes are one clear line, exit 2 ------------------------------------------------------

@pytest.mark.parametrize("command", ["update", "compile", "status"])
def test_a_broken_catalog_is_named_with_its_line(project: Path, command: str) -> None:
    enable_locales(project, "it")
    assert run_portal("i18n", "update", cwd=project).returncode == 0
    po = po_file(project, "it")
    lines = po.read_text(encoding="utf-8").splitlines()
    lines.insert(30, "this is not gettext")
    po.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_portal("i18n", command, cwd=project)
    assert result.returncode == 2
    assert result.stderr.startswith("Error: locales/it/LC_MESSAGES/messages.po:31: cannot read "
                                    "catalog: ")
    assert "Traceback" not in result.stderr


def test_missing_project_folders_are_named(tmp_path: Path) -> None:
    result = run_portal("i18n", "extract", "--root", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 2
    assert "content/: folder is missing under" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_mapping_is_named(project: Path) -> None:
    (project / "locales" / "babel.cfg").unlink()
    result = run_portal("i18n", "extract", cwd=project)
    assert result.returncode == 2
    assert result.stderr.startswith("Error: locales/babel.cfg: the extraction mapping is missing")


def test_compile_names_a_missing_catalog(project: Path) -> None:
    enable_locales(project, "it")
    result = run_portal("i18n", "compile", cwd=project)
    assert result.returncode == 2
    assert "locales/it/LC_MESSAGES/messages.po: catalog is missing; run `portal i18n update`" \
        in result.stderr


# --- portal i18n status ----------------------------------------------------------------------------

def test_status_counts_and_names_what_still_shows_english(project: Path) -> None:
    enable_locales(project, "it")
    assert run_portal("i18n", "update", cwd=project).returncode == 0
    content = load_content(project)
    german = {text: f"IT {text}" for _, text in iter_texts(content.emails.emails[0])
              if text.one is None}  # (texts with plural forms stay untranslated)
    translate(po_file(project, "it"), "it", {**german, "Contact": "Contatto"},
              fuzzy=(str(content.emails.emails[0].preheader),))
    replace_in(project / "content" / "schedule.yml", "cadence: Quarterly", "cadence: Each quarter")
    result = run_portal("i18n", "status", cwd=project, env={"COLUMNS": "200"})
    assert result.returncode == 0, result.stderr
    total = len(read_catalog(project / "locales" / "messages.pot"))  # "Quarterly" became "Each quarter"
    translated = len(set(german) - {content.emails.emails[0].preheader}) + 1  # and "Contact"
    row = next(line for line in result.stdout.splitlines() if line.strip("│┃ ").startswith("it "))
    cells = [cell.strip() for cell in row.strip("│").split("│")]
    assert cells == ["it", str(translated), "1", str(total - translated - 1), str(total),
                     f"{100 * translated / total:.0f}%"]
    assert "it: 1 message(s) are not in locales/it/LC_MESSAGES/messages.po yet" in result.stdout
    affected = {line.split("│")[1].strip(): line for line in result.stdout.splitlines()
                if line.count("│") == 4}
    assert "email: notice-60 (preheader)" in affected  # fuzzy
    assert "email: notice-60 (heading)" in affected  # untranslated (plural forms)
    assert "email: notice-60 (subject)" not in affected  # translated
    assert "email: notice-30 (subject)" in affected
    assert "page: Renewal notification process" in affected  # the new "Each quarter"


def test_status_without_other_languages_says_how_to_add_one(project: Path) -> None:
    enable_locales(project)
    result = run_portal("i18n", "status", cwd=project, env={"COLUMNS": "200"})
    assert result.returncode == 0, result.stderr
    assert "`locales` lists only the source language. Add a locale code there" in result.stdout


def _msgid_line(po: Path, msgid: str) -> int:
    lines = po.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line == f'msgid "{msgid}"')


def test_the_mo_files_are_not_committed() -> None:
    ignored = subprocess.run(["git", "check-ignore", "-q", "locales/it/LC_MESSAGES/messages.mo"],
                             cwd=REPO)
    assert ignored.returncode == 0, "compiled catalogs are build products; keep *.mo in .gitignore"


def test_patterns_and_two_role_words_are_extracted_with_their_context_and_example() -> None:
    catalog = read_catalog(REPO / "locales" / "messages.pot")
    pattern = catalog.get("{label}: {value}", "pattern")
    assert pattern is not None and "Phone: +1 800 555 0100" in " ".join(pattern.auto_comments)
    assert catalog.get("{text} ({note})", "pattern") is not None
    label = catalog.get("Renew online", "label")
    assert label is not None and "not a button" in " ".join(label.auto_comments)
    assert catalog.get("Renew online") is not None  # the button, without a context
