"""The customer notification kit: golden emails, .eml round trips, dialects, zip, quality gate.

Regenerate the golden emails after an intended change:
    PORTAL_REGEN_GOLDEN=1 python -m pytest tests/test_kit.py -k golden
"""

from __future__ import annotations

import email
import email.policy
import io
import json
import os
import re
import zipfile
from pathlib import Path

import lxml.html
import pytest

from generator.kit.checks import check_html
from tests.conftest import REPO, replace_in, run_portal
from tests.kit_support import shipped_output

GOLDEN = Path(__file__).parent / "golden" / "kit" / "en"
EMAIL_IDS = [tp.email for tp in shipped_output().content.schedule.touchpoints if tp.email]


def _text(data: str | bytes) -> str:
    return data.decode("utf-8") if isinstance(data, bytes) else data


@pytest.mark.parametrize("email_id", EMAIL_IDS)
@pytest.mark.parametrize("fmt", ["html", "txt"])
def test_golden_email(email_id: str, fmt: str) -> None:
    # Given the shipped content, when the English kit is rendered,
    actual = _text(shipped_output().kit.files[f"emails/{email_id}/neutral.{fmt}"])
    golden = GOLDEN / f"{email_id}.{fmt}"
    if os.environ.get("PORTAL_REGEN_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    # then each email is exactly the reviewed golden file.
    assert actual == golden.read_text(encoding="utf-8")


TRANSLATED = ["de", "fr", "es", "ja", "pt_BR", "ar"]


@pytest.fixture(scope="module")
def translated_kits() -> dict:
    return {code: shipped_output(locale=code).kit for code in TRANSLATED}


@pytest.mark.parametrize("locale", TRANSLATED)
@pytest.mark.parametrize("fmt", ["html", "txt"])
def test_golden_translated_email(locale: str, fmt: str, translated_kits: dict) -> None:
    # Given the shipped content and catalogs, when a language's kit is rendered, then its first
    # email is the reviewed golden file: greeting, punctuation, line breaks and direction as a
    # reader of that language expects them (tests/golden/kit/<locale>/).
    actual = _text(translated_kits[locale].files[f"emails/{EMAIL_IDS[0]}/neutral.{fmt}"])
    golden = GOLDEN.parent / locale / f"{EMAIL_IDS[0]}.{fmt}"
    if os.environ.get("PORTAL_REGEN_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8")


def test_one_email_per_email_touchpoint_and_a_call_script_per_call() -> None:
    out = shipped_output()
    touchpoints = out.content.schedule.touchpoints
    assert [e.touchpoint.email for e in out.kit.emails] == \
        [tp.email for tp in sorted(touchpoints, key=lambda t: t.day) if tp.channel == "email"]
    assert [s.touchpoint.day for s in out.kit.call_scripts] == [15]
    script = _text(out.kit.files["call-scripts/call-15.txt"])
    assert "15 days after expiration" in script and "(866) 675-6552" in script


@pytest.mark.parametrize("email_id", EMAIL_IDS)
def test_email_html_is_built_for_email_clients(email_id: str) -> None:
    html = _text(shipped_output().kit.files[f"emails/{email_id}/neutral.html"])
    tree = lxml.html.document_fromstring(html)
    assert html.startswith("<!DOCTYPE html>")
    assert tree.get("lang") == "en" and tree.get("dir") == "ltr"
    head_css = " ".join(s.text_content() for s in tree.iter("style"))
    assert "@media only screen and (max-width: 620px)" in head_css
    assert "prefers-color-scheme: dark" in head_css and "!important" in head_css
    assert "u + #body a" in head_css and "[data-ogsc]" in head_css   # client hacks kept, not inlined
    assert tree.cssselect("table.container")[0].get("width") == "600"
    assert "max-width: 600px" in tree.cssselect("table.container")[0].get("style")
    assert tree.cssselect(".preheader")[0].text_content().strip()
    button = tree.cssselect("td.button-cell a.button-link")[0]
    assert "background-color: #283593" in button.get("style")
    assert button.get("href") == "{{renewal_link}}"
    assert not tree.cssselect("script, form, iframe")
    assert all(img.get("alt") is not None for img in tree.iter("img"))
    for link in tree.iter("a"):
        assert re.match(r"^(https://|mailto:|tel:|\{\{)", link.get("href", ""))
    assert len(html.encode()) < 80 * 1024


@pytest.mark.parametrize("email_id", EMAIL_IDS)
def test_text_part_is_wrapped_and_writes_links_out(email_id: str) -> None:
    text = _text(shipped_output().kit.files[f"emails/{email_id}/hubspot.txt"])
    assert max(len(line) for line in text.splitlines()) <= 78
    assert "{{ contact.renewal_link }}" in text      # the button's link, written out
    assert "<" not in text and "**" not in text      # no markup leaks into the text version


@pytest.mark.parametrize("email_id", EMAIL_IDS)
def test_eml_parses_back_to_the_same_subject_and_bodies(email_id: str) -> None:
    files = shipped_output().kit.files
    for dialect in ("neutral", "mailchimp", "salesforce-mc"):
        raw = files[f"emails/{email_id}/{dialect}.eml"]
        message = email.message_from_bytes(raw, policy=email.policy.default)
        assert message.get_content_type() == "multipart/alternative"
        text_part = message.get_body(("plain",))
        html_part = message.get_body(("html",))
        assert text_part.get_content_charset() == html_part.get_content_charset() == "utf-8"
        assert text_part.get_content().replace("\r\n", "\n") == _text(files[f"emails/{email_id}/{dialect}.txt"])
        assert html_part.get_content().replace("\r\n", "\n") == _text(files[f"emails/{email_id}/{dialect}.html"])
        email_model = next(e for e in shipped_output().kit.emails if e.touchpoint.email == email_id)
        assert "\n" not in message["subject"]
        assert message["Content-Language"] == "en"
        if dialect == "neutral":
            assert str(message["subject"]) == email_model.subject


def test_non_ascii_subject_is_rfc2047_encoded(project: Path) -> None:
    # Given a subject with characters outside ASCII,
    replace_in(project / "content" / "emails.yml", "Renew {product} by",
               "Wartung für {product} läuft ab am")
    # when the kit is built,
    assert run_portal("build", cwd=project).returncode == 0
    raw = (project / "site/en/downloads/emails/notice-60/neutral.eml").read_bytes()
    # then the header is an encoded-word, and it parses back to the same text.
    subject_line = raw.split(b"\r\n", 1)[0]
    assert subject_line.startswith(b"Subject: ") and b"=?utf-8?" in subject_line
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert "Wartung für {{product}} läuft ab am" in parsed["subject"]


def test_every_dialect_uses_its_own_tokens_and_no_neutral_token_leaks() -> None:
    out = shipped_output()
    neutral = out.content.merge_fields.dialects[0]
    for dialect in out.content.merge_fields.dialects[1:]:
        for email_id in EMAIL_IDS:
            for fmt in ("html", "txt", "eml"):
                data = _text(out.kit.files[f"emails/{email_id}/{dialect.id}.{fmt}"]) if fmt != "eml" \
                    else email.message_from_bytes(out.kit.files[f"emails/{email_id}/{dialect.id}.eml"],
                                                  policy=email.policy.default).as_string()
                assert "ZZMERGE" not in data
                for field_id, token in neutral.tokens.items():
                    assert token not in data, (dialect.id, email_id, fmt, token)
            html = _text(out.kit.files[f"emails/{email_id}/{dialect.id}.html"])
            text = _text(out.kit.files[f"emails/{email_id}/{dialect.id}.txt"])
            for field_id in ("first_name", "product", "expiry_date", "renewal_link", "partner_name"):
                assert dialect.tokens[field_id] in text, (dialect.id, field_id)
            href = lxml.html.document_fromstring(html).cssselect("a.button-link")[0].get("href")
            assert href == dialect.tokens["renewal_link"]   # intact in attributes after inlining


def test_preview_fills_in_the_sample_values() -> None:
    out = shipped_output()
    preview = _text(out.kit.files["emails/notice-60/preview.html"])
    assert "Alex" in preview and "Example Reseller" in preview
    assert "{{" not in preview and "ZZMERGE" not in preview


def test_zip_holds_what_its_readme_lists() -> None:
    out = shipped_output()
    archive = zipfile.ZipFile(io.BytesIO(out.kit.files[out.kit.zip_path]))
    names = archive.namelist()
    assert names == sorted(names)
    inside = {name.split("/", 1)[1] for name in names}
    assert inside == set(out.kit.files) - {out.kit.zip_path}
    readme = archive.read("renewals-kit-en/README.txt").decode()
    listed = set(re.findall(r"(?:emails|call-scripts|banners)/[\w./-]+", readme))
    for path in listed:
        assert path.endswith("/") and any(n.startswith(path) for n in inside) or path in inside, path
    for email_id in EMAIL_IDS:
        assert f"emails/{email_id}/" in readme
    for name in inside:
        if name.startswith(("banners/", "call-scripts/")):
            assert name in readme, name
    for dialect in out.content.merge_fields.dialects:
        assert dialect.tokens["first_name"] in readme
    assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in archive.infolist())


def test_banners_are_self_contained_and_within_limits() -> None:
    out = shipped_output()
    banners = out.content.banners
    for banner in out.kit.banners:
        assert len(banner.short) <= banners.short_limit and len(banner.long) <= banners.long_limit
        for item, snippet_path, preview_path in banner.sizes:
            snippet = _text(out.kit.files[snippet_path])
            tree = lxml.html.fragment_fromstring(snippet)
            assert f"width:{item.size.width}px" in tree.get("style").replace(" ", "")
            assert not re.search(r"<(script|link|style)\b", snippet)
            assert "class=\"banner-button\"" in snippet and "style=" in snippet
            assert item.size.width in (728, 300)
    assert {(i.size.width, i.size.height) for b in out.kit.banners for i, _, _ in b.sizes} == \
        {(728, 90), (300, 250)}


def test_quality_gate_names_the_file_and_the_reason() -> None:
    bad = ('<html><body><img src="https://x.example/a.png"><a href="javascript:alert(1)">x</a>'
           '<script>1</script><a href="/relative">y</a></body></html>')
    messages = [str(p) for p in check_html("emails/x/neutral.html", bad)]
    assert "emails/x/neutral.html: <html> has no lang attribute" in messages
    assert "emails/x/neutral.html: image 'https://x.example/a.png' has no alt text" in messages
    assert "emails/x/neutral.html: forbidden element <script>" in messages
    assert ("emails/x/neutral.html: link 'javascript:alert(1)' on <a> is not an absolute https:, "
            "mailto: or tel: link or a merge field") in messages
    assert any("'/relative'" in m for m in messages)
    big = "<html lang='en'><body>" + "<p>x</p>" * 15000 + "</body></html>"
    assert any("Gmail clips emails above 102 KB" in str(p) for p in check_html("e.html", big))


def test_an_oversized_email_fails_the_build_and_keeps_the_old_site(project: Path) -> None:
    assert run_portal("build", cwd=project).returncode == 0
    before = (project / "site/en/index.html").read_bytes()
    huge = " ".join(["Renewing on time keeps you protected."] * 3500)
    replace_in(project / "content" / "emails.yml", "    body:\n",
               f"    body:\n      - {huge}\n")
    result = run_portal("build", cwd=project)
    assert result.returncode == 2
    assert "emails/notice-60/neutral.html" in result.stderr and "Gmail clips" in result.stderr
    assert "Traceback" not in result.stderr
    assert (project / "site/en/index.html").read_bytes() == before


def test_adding_a_touchpoint_adds_an_email(project: Path) -> None:
    # Given a new 7-day reminder in the schedule, with its copy,
    replace_in(project / "content" / "schedule.yml", "  - id: expired-5\n", (
        "  - id: notice-7\n    day: -7\n    channel: email\n    who: Vendor, by email\n"
        "    title: 7-day renewal notice\n    summary: A last reminder before expiration.\n"
        "    offered: Renew through the preferred partner.\n    email: notice-7\n"
        "  - id: expired-5\n"))
    replace_in(project / "content" / "emails.yml", "call_scripts:\n", (
        "  - id: notice-7\n    subject: One week left for {product}\n"
        "    preheader: Renew with {partner_name} this week.\n    heading: One week left\n"
        "    body:\n      - Hello {first_name}, renew this week.\n"
        "    cta:\n      label: Renew now\n      url: \"{renewal_link}\"\n"
        "    footer: Sent on behalf of {partner_name}.\ncall_scripts:\n"))
    # when the portal is built,
    result = run_portal("build", cwd=project)
    assert result.returncode == 0, result.stderr
    # then the kit has the fifth email in every form, and the portal page previews it.
    folder = project / "site/en/downloads/emails/notice-7"
    assert {p.name for p in folder.iterdir()} >= {"neutral.html", "mailchimp.eml", "hubspot.txt",
                                                  "preview.html"}
    page = (project / "site/en/customer-content/index.html").read_text()
    assert "7-day renewal notice" in page and "downloads/emails/notice-7/preview.html" in page
    assert "5 emails" in result.stdout


def test_kit_page_previews_and_links_every_download(built_site: Path) -> None:
    page = (built_site / "en/customer-content/index.html").read_text()
    assert "ZZMERGE" not in page   # snippets to copy show the neutral merge fields
    tree = lxml.html.document_fromstring(page)
    frames = [f.get("src") for f in tree.iter("iframe")]
    for email_id in EMAIL_IDS:
        assert f"../downloads/emails/{email_id}/preview.html" in frames
    links = {a.get("href") for a in tree.iter("a")}
    assert "../downloads/renewals-kit-en.zip" in links
    data = json.loads(tree.get_element_by_id("kit-data").text)
    dialects = [d.id for d in shipped_output().content.merge_fields.dialects]
    assert [s["id"] for s in data["systems"]] == dialects
    for email_id in EMAIL_IDS:
        files = next(e for e in data["emails"] if e["id"] == email_id)["files"]
        for dialect in dialects:
            for fmt in ("html", "txt", "eml"):
                href = f"../downloads/emails/{email_id}/{dialect}.{fmt}"
                assert href in links and files[dialect][fmt] == href
                assert (built_site / "en/customer-content" / href).resolve().is_file()
    # the inbox line reads as the customer sees it: sample values, not tokens
    assert "Alex, your Endpoint Protection maintenance expires on June 30, 2016" in \
        tree.text_content()
    # one choice of email system, one setup guide and one row of actions per email per system
    assert [i.get("value") for i in tree.cssselect("input[name=kit-system]")] == dialects
    assert [s.get("data-kit-system") for s in tree.cssselect("section.kit-setup")] == dialects
    assert len(tree.cssselect(".kit-actions")) == len(EMAIL_IDS) * len(dialects)


def test_setup_guide_names_fields_csv_header_and_footer_per_system(built_site: Path) -> None:
    tree = lxml.html.document_fromstring((built_site / "en/customer-content/index.html").read_text())
    mailchimp = tree.cssselect("section.kit-setup[data-kit-system=mailchimp]")[0]
    text = mailchimp.text_content()
    assert "Email Address,FNAME,COMPANY,PRODUCT,EXPIRY,RENEWURL,PARTNER,PPHONE,PEMAIL" in text
    assert "*|UNSUB|*" in text and "*|LIST:ADDRESSLINE|*" in text and "Code your own" in text
    marketo = tree.cssselect("section.kit-setup[data-kit-system=marketo]")[0].text_content()
    assert "Email Address,First Name,Company Name,Product,Expiry Date,Renewal Link" in marketo
    assert "Partner Name" not in marketo.split("Email Address,")[1].split("\n")[0]  # program token
    # a token never breaks inside: each sits in its own no-wrap span
    hubspot = tree.cssselect("section.kit-setup[data-kit-system=hubspot]")[0]
    spans = [s.text for s in hubspot.cssselect("span.kit-nobr")]
    assert "{{ site_settings.company_street_address_1 }}" in spans


def test_a_translated_banner_over_the_limit_names_the_catalog_line(project: Path) -> None:
    # Given a German short banner text longer than the 60-character limit,
    catalog = project / "locales/de/LC_MESSAGES/messages.po"
    text = catalog.read_text(encoding="utf-8")
    line = text[:text.index('msgid "Renew maintenance before it expires."')].count("\n") + 1
    replace_in(catalog, 'msgstr "Verlängern Sie Ihre Wartung vor dem Ablauf."',
               'msgstr "Bitte verlängern Sie Ihren Wartungsvertrag unbedingt noch vor dem Ablaufdatum."')
    # when the portal is built,
    result = run_portal("build", "--locale", "de", cwd=project)
    # then the build stops and names the catalog line and the limit.
    assert result.returncode == 2
    assert (f"locales/de/LC_MESSAGES/messages.po:{line}: banners, item 1, short: translation is 78 "
            "characters; expected at most 60 (limit set in content/banners.yml)") in result.stderr


@pytest.mark.parametrize("locale", ["ja", "ar", "de"])
def test_text_parts_fit_78_columns_in_every_language(locale: str) -> None:
    from generator.markup import display_width

    out = shipped_output(locale=locale)
    # (banner text is one line on purpose: partners paste it into their own pages)
    texts = [path for path in out.kit.files if path.endswith(".txt") and "banners/" not in path]
    assert len(texts) > 20
    for path in texts:
        for line in _text(out.kit.files[path]).splitlines():
            long_words = [w for w in line.split() if display_width(w) > 60]  # a URL or token alone
            assert display_width(line) <= 78 or long_words, (path, line)


def test_latin_values_keep_their_order_in_arabic_emails() -> None:
    out = shipped_output(locale="ar")
    text = _text(out.kit.files["emails/notice-60/mailchimp.txt"])
    html = _text(out.kit.files["emails/notice-60/mailchimp.html"])
    # merge fields are isolated (FSI ... PDI) in text, a phone number left to right (LRI ... PDI),
    # never inside the link itself,
    assert "\u2068*|LNAME|*\u2069" in html and "\u2068*|PARTNER|*\u2069" in text
    assert "\u2066*|PPHONE|*\u2069" in text and "\u2066*|PPHONE|*\u2069" in html
    assert 'href="*|RENEWURL|*"' in html
    # and the renewals number (the Gulf's, for Arabic readers) reads left to right (LRI ... PDI).
    assert "\u2066+971 4 407 5600\u2069" in text
    # The text part and the subject open with a right-to-left mark: a mail client lays out a line
    # by its first strong letter, which may be a Latin merge value.
    assert text.startswith("\u200f")
    message = email.message_from_bytes(out.kit.files["emails/notice-60/mailchimp.eml"],
                                       policy=email.policy.default)
    assert message["Subject"].startswith("\u200f")
    assert lxml.html.document_fromstring(html).get("dir") == "rtl"


def test_japanese_headings_are_underlined_to_their_width() -> None:
    from generator.markup import display_width

    text = _text(shipped_output(locale="ja").kit.files["emails/notice-60/neutral.txt"])
    heading, rule = text.splitlines()[:2]
    assert set(rule) == {"="} and len(rule) == display_width(heading) > len(heading)


def test_a_subject_past_its_language_budget_is_a_warning_naming_the_catalog_line() -> None:
    from generator.kit.checks import subject_budget_warnings
    from generator.models import SubjectBudget
    from generator.project import load_project

    project = load_project(REPO, ["ja"])
    loc = project.locales[0]
    localized = project.localized(loc)
    # The shipped Japanese subjects keep within 25 full-width characters with the sample values,
    assert subject_budget_warnings(project.content, localized, loc) == []
    # and a tighter budget names each subject's line in the Japanese catalog.
    emails = project.content.emails.model_copy(
        update={"subject_budget": {"default": SubjectBudget(characters=50),
                                   "ja": SubjectBudget(full_width=12)}})
    tight = project.content.model_copy(update={"emails": emails})
    warnings = subject_budget_warnings(tight, localized, loc)
    assert len(warnings) == len(EMAIL_IDS)
    line = loc.translator.where(str(project.content.emails.emails[0].subject))[1]
    assert warnings[0].startswith(f"locales/ja/LC_MESSAGES/messages.po:{line}: the subject of "
                                  f"{EMAIL_IDS[0]} is ")
    assert "full-width characters with sample values" in warnings[0]
    assert "a phone shows about 12 (subject_budget in content/emails.yml)" in warnings[0]


def test_english_subjects_fit_50_characters_with_sample_values() -> None:
    from generator.kit.checks import subject_budget_warnings
    from generator.project import load_project

    project = load_project(REPO, ["en"])
    english = project.localized(project.locales[0])
    assert subject_budget_warnings(project.content, english, project.locales[0]) == []
