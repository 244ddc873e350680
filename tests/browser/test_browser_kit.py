"""The customer notification kit as partners get it: the emails in a browser at 600 and 375 px, the
previews on the kit page, and every download link of the kit page answering with its file.

Written against what a build produces (site/<locale>/downloads/), so the tests skip, saying why,
when a build has no kit, and cover every language and email system once it has.
"""

from __future__ import annotations

import email
import email.policy
import io
import urllib.error
import urllib.request
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from generator.project import load_project
from tests.browser.support import (
    EMAIL_WIDTH, PHONE, PageProblems, Site, horizontal_overflow, open_page, phrase_breaks,
)
from tests.conftest import REPO

pytestmark = pytest.mark.browser

# The call to action of an email: templates/email/email.html.j2 renders it as <a class="button-link">
# inside a bulletproof table cell; the other spellings keep the test honest if the template changes.
CTA = "a.button-link, a[role=button], a.button, a.btn, a.cta"
MIN_BUTTON_HEIGHT = 32  # CSS px: a comfortable tap target on a phone
DOWNLOAD_TYPES = {
    ".zip": "application/zip",
    ".eml": "message/rfc822",
    ".txt": "text/plain",
    ".html": "text/html",
}


def _report(failures: list[str]) -> str:
    return f"{len(failures)} problem(s):\n  " + "\n  ".join(failures)


def _emails(site: Site) -> list[Path]:
    emails = site.emails()
    if not emails:
        pytest.skip(f"the build has no kit emails (site/<locale>/downloads/emails/**.html) in "
                    f"{', '.join(site.locales)}")
    return emails


def _button_problem(page, width: int) -> str | None:
    buttons = page.locator(CTA)
    if not buttons.count():
        return f"no call-to-action button ({CTA})"
    button = buttons.first
    box = button.bounding_box()
    label = button.inner_text().strip()
    if not (button.is_visible() and box and label):
        return f"the button is not visible at {width}px"
    if box["x"] < 0 or box["x"] + box["width"] > width + 1:
        return (f"the button {label!r} is cut off at {width}px "
                f"(x {box['x']:.0f} to {box['x'] + box['width']:.0f})")
    if box["height"] < MIN_BUTTON_HEIGHT:
        return f"the button is {box['height']:.0f}px high at {width}px"
    return None


def test_every_email_fits_at_600_and_375_px_and_shows_its_button(site: Site, base_url, browser,
                                                                   screenshots):
    """Each email of every language and email system, laid out at the width of a desktop mail
    client's reading pane (600px) and of a phone (375px): nothing sideways, the button in view.
    One tab for all: an email has no script, so a resize re-lays it out like a fresh load."""
    failures = []
    context = browser.new_context(viewport={"width": EMAIL_WIDTH, "height": 900})
    page = context.new_page()
    problems = PageProblems(page, web_page=False)
    for path in _emails(site):
        shown = site.url_path(path)
        problems.items.clear()
        page.set_viewport_size({"width": EMAIL_WIDTH, "height": 900})
        page.goto(base_url + shown, wait_until="load")
        for width in (EMAIL_WIDTH, PHONE):
            page.set_viewport_size({"width": width, "height": 900})
            overflow = horizontal_overflow(page, width)
            if overflow:
                failures.append(f"{shown} scrolls sideways at {width}px: {overflow}")
            problem = _button_problem(page, width)
            if problem:
                failures.append(f"{shown}: {problem}")
            if path.name == "preview.html":  # en/downloads/emails/notice-60/preview.html
                name = f"email-{path.relative_to(site.root).parts[0]}-{path.parent.name}-{width}.png"
                page.screenshot(path=screenshots / name, full_page=True)
        failures += [f"{shown}: {item}" for item in problems.items]
    context.close()
    assert not failures, _report(failures)


def test_japanese_email_headings_and_banners_break_between_phrases(site: Site, base_url, browser):
    """A Japanese reader sees an email's heading (on a phone) and a banner's text broken between
    phrases (BudouX's, as Chromium's word-break: auto-phrase finds them), not inside a word."""
    if "ja" not in site.locales:
        pytest.skip(f"Japanese is not built ({', '.join(site.locales)})")
    downloads = site.root / "ja" / "downloads"
    shown = [(path, "h1") for path in sorted(downloads.glob("emails/*/preview.html"))] + \
        [(path, ".banner-text") for path in sorted(downloads.glob("banners/*.preview.html"))]
    page = browser.new_page(viewport={"width": PHONE, "height": 900})
    failures, breaks = [], {"h1": 0, ".banner-text": 0}
    for path, selector in shown:
        page.goto(base_url + site.url_path(path), wait_until="load")
        found, problems = phrase_breaks(page.locator(selector).first)
        failures += [f"{site.url_path(path)}: {problem}" for problem in problems]
        breaks[selector] += found
    page.close()
    assert all(breaks.values()), f"nothing takes two lines, the test sees nothing: {breaks}"
    assert not failures, _report(failures)


def test_email_previews_on_the_kit_page_render_at_the_email_width(site: Site, base_url, browser):
    _emails(site)
    failures = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    for locale in site.locales:
        page, problems = open_page(context, f"{base_url}{locale}/customer-content/")
        previews = page.locator("iframe[src*='downloads/emails/']")
        if not previews.count():
            failures.append(f"/{locale}/customer-content/ shows no email preview")
        for i in range(previews.count()):
            frame_element = previews.nth(i)
            frame_element.scroll_into_view_if_needed()  # previews load lazily
            frame = frame_element.element_handle().content_frame()
            frame.wait_for_load_state("load")
            src = frame_element.get_attribute("src")
            inner = frame.evaluate("innerWidth")
            if inner < EMAIL_WIDTH:
                failures.append(f"/{locale}/customer-content/: the preview of {src} lays the email "
                                f"out {inner}px wide, not {EMAIL_WIDTH}px (its phone layout)")
            if not frame.locator(CTA).count():
                failures.append(f"/{locale}/customer-content/: the preview of {src} has no button")
        failures += [f"/{locale}/customer-content/: {item}" for item in problems.items]
        page.close()
    context.close()
    assert not failures, _report(failures)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.downloads: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        href = found.get("href") or ""
        if tag == "a" and href and ("download" in found or "/downloads/" in f"/{href}"):
            self.downloads.append(href)


def _check_download(url: str, body: bytes, locale: str) -> list[str]:
    """What is wrong with the file a download link answered with, judged by its kind."""
    name = urlsplit(url).path.rsplit("/", 1)[-1]
    suffix = Path(name).suffix
    problems = []
    if not body:
        return [f"{url}: empty file"]
    if suffix == ".zip":
        with zipfile.ZipFile(io.BytesIO(body)) as bundle:
            bad = bundle.testzip()
            if bad:
                problems.append(f"{url}: {bad} is corrupt in the zip")
            if not any(n.endswith("README.txt") for n in bundle.namelist()):
                problems.append(f"{url}: the zip has no README.txt")
    elif suffix == ".eml":
        message = email.message_from_bytes(body, policy=email.policy.default)
        if not message["Subject"] or message.get_content_type() != "multipart/alternative":
            problems.append(f"{url}: not a multipart/alternative message with a subject")
        elif {p.get_content_type() for p in message.iter_parts()} != {"text/plain", "text/html"}:
            problems.append(f"{url}: the message lacks its text or HTML part")
    elif suffix in (".txt", ".html"):
        text = body.decode("utf-8")  # raises, and fails the test, when not UTF-8
        if suffix == ".html" and "<html" in text and f'lang="{locale.replace("_", "-")}"' not in text:
            problems.append(f"{url}: the HTML is not marked as {locale}")
    return problems


def test_every_download_link_answers_with_its_file_and_type(site: Site, base_url):
    failures = []
    links = 0
    for locale in site.locales:
        page_file = site.root / locale / "customer-content" / "index.html"
        parser = _Links()
        parser.feed(page_file.read_text(encoding="utf-8"))
        page_url = f"{base_url}{locale}/customer-content/"
        for href in dict.fromkeys(parser.downloads):
            links += 1
            url = urljoin(page_url, href)
            if not urlsplit(url).path.startswith(f"/{locale}/downloads/"):
                failures.append(f"/{locale}/customer-content/ offers {href}, outside its own "
                                "language's downloads")
                continue
            try:
                with urllib.request.urlopen(url) as response:
                    body = response.read()
                    content_type = response.headers.get_content_type()
            except urllib.error.HTTPError as exc:
                failures.append(f"/{locale}/customer-content/ links to {href}: HTTP {exc.code}")
                continue
            suffix = Path(urlsplit(url).path).suffix
            expected = DOWNLOAD_TYPES.get(suffix)
            on_disk = site.root / urlsplit(url).path.lstrip("/")
            if expected is None:
                failures.append(f"{url}: unexpected kind of download ({suffix})")
            elif content_type != expected:
                failures.append(f"{url}: served as {content_type}, expected {expected}")
            if body != on_disk.read_bytes():
                failures.append(f"{url}: the answer is not the file {on_disk.name}")
            failures += _check_download(url, body, locale)
    if not links:
        pytest.skip("the customer-content pages offer no downloads yet (no kit in this build)")
    assert not failures, _report(failures)


def _mailchimp_tokens() -> tuple[str, str]:
    """Mailchimp's unsubscribe and address tokens, as content/merge_fields.yml declares them."""
    dialect = next(d for d in load_project(REPO, ["en"]).content.merge_fields.dialects
                   if d.id == "mailchimp")
    return dialect.footer.unsubscribe_link, dialect.footer.sender_address


def test_a_partner_picks_mailchimp_copies_the_html_and_downloads_the_eml(site: Site, base_url,
                                                                         browser):
    """The kit page as a Mailchimp user meets it: choose the system once, copy an email's HTML,
    download its .eml; both parts carry Mailchimp's unsubscribe and address tokens."""
    _emails(site)
    unsubscribe, address = _mailchimp_tokens()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True,
                                  permissions=["clipboard-read", "clipboard-write"])
    page, problems = open_page(context, f"{base_url}en/customer-content/")
    first = page.locator("article.kit-email").first
    page.locator("input[name=kit-system][value=mailchimp]").check()
    actions = first.locator(".kit-actions[data-kit-system=mailchimp]")
    assert actions.is_visible()
    assert not first.locator(".kit-actions[data-kit-system=hubspot]").is_visible()
    assert page.locator("section.kit-setup[data-kit-system=mailchimp]").is_visible()
    # Copy HTML: the clipboard holds exactly the Mailchimp file
    actions.get_by_role("button", name="Copy HTML").click()
    page.wait_for_function("document.querySelector('[data-kit-status]').textContent.length > 0")
    copied = page.evaluate("navigator.clipboard.readText()")
    email_id = first.get_attribute("data-kit-email")
    on_disk = (site.root / f"en/downloads/emails/{email_id}/mailchimp.html").read_text("utf-8")
    assert copied == on_disk
    assert f'href="{unsubscribe}"' in copied and address in copied
    # Download .eml: a message whose text and HTML parts both carry the footer tokens
    with page.expect_download() as download:
        actions.get_by_role("link", name=".eml").click()
    raw = Path(download.value.path()).read_bytes()
    message = email.message_from_bytes(raw, policy=email.policy.default)
    for part in ("plain", "html"):
        body = message.get_body((part,)).get_content()
        assert unsubscribe in body and address in body, part
    assert download.value.suggested_filename == "mailchimp.eml"
    # the choice is remembered, and the preview switches to a phone's width by keyboard
    page.reload(wait_until="load")
    assert page.locator("input[name=kit-system][value=mailchimp]").is_checked()
    phone = page.locator("article.kit-email").first.get_by_role("button", name="Phone")
    phone.focus()
    page.keyboard.press("Enter")
    assert phone.get_attribute("aria-pressed") == "true"
    width = page.locator("article.kit-email").first.locator("iframe").evaluate(
        "frame => frame.getBoundingClientRect().width")
    assert width == 375
    assert not problems.items, problems.items
    context.close()


def test_the_kit_page_fits_a_phone_in_every_direction(site: Site, base_url, browser):
    _emails(site)
    failures = []
    context = browser.new_context(viewport={"width": PHONE, "height": 800})
    for locale in [code for code in ("en", "ja", "ar") if code in site.locales]:
        page, problems = open_page(context, f"{base_url}{locale}/customer-content/")
        overflow = horizontal_overflow(page, PHONE)
        if overflow:
            failures.append(f"/{locale}/customer-content/ at {PHONE}px: {overflow}")
        failures += [f"/{locale}/customer-content/: {item}" for item in problems.items]
        page.close()
    context.close()
    assert not failures, _report(failures)
