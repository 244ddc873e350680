"""The kit page's partner tools in chromium: co-branding, the renewal calendar and the mail merge.

Each test records every request the page makes and fails if one leaves the site's origin; the
downloads are read back with the real parsers (zipfile, Python's email package, icalendar), and the
calendar and drafts are compared with what `portal calendar` / `portal merge` write from the same
kit.json.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import io
import json
import zipfile
from pathlib import Path

import pytest

from generator.partner.contracts import parse_contracts
from generator.partner.dates import shown
from generator.partner.drafts import drafts
from generator.partner.ics import calendar, renewal_events
from generator.partner.kitdata import KitData
from generator.partner.plan import plan
from tests.browser.support import PHONE, Site, horizontal_overflow

pytestmark = pytest.mark.browser

PARTNER = {
    "partner_name": "<b>A&B</b> Renewals",
    "partner_phone": "+1 555 0199",
    "partner_email": "sales@ab-renewals.example",
    "renewal_link": "https://ab-renewals.example/renew?x=1&y=2",
    "partner_website": "https://ab-renewals.example/",
    "partner_logo_url": "https://ab-renewals.example/logo.png",
    "sender_address": "<b>A&B</b> Renewals, 1 Main Street, Springfield",
    "unsubscribe_link": "mailto:optout@ab-renewals.example",
}
FOOTER = ("sender_address", "unsubscribe_link", "preferences_link")
CSV = (
    "first_name,company,product,expiry_date,email\n"
    "Ana,Rio Ltd,Endpoint Protection,2026-12-31,ana@rio.example\n"
    "Ben,,Endpoint Protection,2026-11-30,ben@berg.example\n"           # line 3: company missing
    "Chen,\"Chen, Wu & Co\",Mail Security,2027-01-15,chen@wu.example\n"
    "Dora,Delta,Endpoint Protection,31/12/2026,dora@delta.example\n"   # line 5: date
    "Eve,Echo,\"Endpoint\nProtection\",2027-02-01,eve@echo.example\n"  # lines 6-7, a quoted break
)


def kit_of(site: Site, locale: str) -> KitData:
    return KitData(json.loads((site.root / locale / "downloads" / "kit.json").read_text("utf-8")))


class Tools:
    """The kit page of one language in a fresh context, with every request recorded."""

    def __init__(self, browser, base_url: str, locale: str, width: int = 1280):
        self.base_url = base_url
        self.context = browser.new_context(accept_downloads=True,
                                           viewport={"width": width, "height": 900})
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.goto(f"{base_url}{locale}/customer-content/")
        self.page.wait_for_selector("html[data-kit-tools=ready]", state="attached", timeout=15000)

    def fill(self, values: dict[str, str]) -> None:
        for name, value in values.items():
            field = self.page.locator(f"input[name={name}]")
            field.fill(value)
            field.dispatch_event("change")

    def download(self, selector: str) -> bytes:
        with self.page.expect_download() as info:
            self.page.click(selector)
        return Path(info.value.path()).read_bytes()

    def close(self) -> None:
        outside = [url for url in self.requests
                   if not url.startswith(self.base_url) and not url.startswith(("blob:", "data:"))]
        self.context.close()
        assert not outside, f"requests left the site: {outside}"
        assert not self.errors, f"script errors: {self.errors}"


@pytest.fixture
def tools(browser, base_url):
    opened: list[Tools] = []

    def open_tools(locale: str, width: int = 1280) -> Tools:
        opened.append(Tools(browser, base_url, locale, width))
        return opened[-1]
    yield open_tools
    for item in opened:
        item.close()


def _text_of_html(html: str) -> str:
    from html.parser import HTMLParser

    class Text(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.bold = 0

        def handle_starttag(self, tag, attrs):
            self.bold += tag == "b"

        def handle_data(self, data):
            self.parts.append(data)
    parser = Text()
    parser.feed(html)
    assert parser.bold == 0, "a partner's <b> became markup"
    return "".join(parser.parts)


def _eml_parts(data: bytes) -> tuple[email.message.EmailMessage, str, str]:
    message = email.message_from_bytes(data, policy=email.policy.default)
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    return message, text, html


def test_cobranded_zip_carries_the_partner_in_every_email_and_format(site: Site, tools):
    """Fill the form, download the zip: every email of every email system and format names the
    partner (the HTML-special name as text), no partner token is left, customer tokens stay."""
    kit = kit_of(site, "en")
    page = tools("en")
    page.fill(PARTNER)
    archive = zipfile.ZipFile(io.BytesIO(page.download("[data-kit-tool=cobrand] [data-action=zip]")))
    names = [n for n in archive.namelist() if "/emails/" in n and not n.endswith("preview.html")]
    assert len(names) == len(kit["emails"]) * len(kit["dialects"]) * 3
    failures = []
    for name in names:
        dialect = next(d for d in kit["dialects"] if name.rsplit("/", 1)[1].startswith(d["id"] + "."))
        data = archive.read(name)
        if name.endswith(".eml"):
            message, text, html = _eml_parts(data)
            bodies = {"text": text, "html": _text_of_html(html), "subject": str(message["subject"])}
            bodies["raw html"] = html
        elif name.endswith(".html"):
            bodies = {"html": _text_of_html(data.decode()), "raw html": data.decode()}
        else:
            bodies = {"text": data.decode()}
        everything = "\n".join(bodies.values())
        for key in ("partner_name", "partner_phone", "partner_email"):
            if PARTNER[key] not in everything:
                failures.append(f"{name}: no {key}")
        if "raw html" in bodies:
            for needed in ('href="https://ab-renewals.example/renew?x=1&amp;y=2"',
                           'src="https://ab-renewals.example/logo.png"', "&lt;b&gt;A&amp;B&lt;/b&gt;"):
                if needed not in bodies["raw html"]:
                    failures.append(f"{name}: no {needed}")
        if "text" in bodies and PARTNER["partner_website"] not in bodies["text"]:
            failures.append(f"{name}: no website in the text")
        for token in (dialect["tokens"][i] for i in kit.ids("partner")):
            if token in everything:
                failures.append(f"{name}: partner token {token} left")
        # The footer: the partner's in the neutral files, each email system's own tokens elsewhere.
        if dialect["id"] == kit["dialects"][0]["id"]:
            if PARTNER["sender_address"] not in everything or "{{sender_address}}" in everything:
                failures.append(f"{name}: not the partner's postal address")
            if "{{unsubscribe_link}}" in everything or PARTNER["unsubscribe_link"] not in everything:
                failures.append(f"{name}: not the partner's unsubscribe link")
        elif PARTNER["sender_address"] in everything or dialect["tokens"]["sender_address"] not in everything:
            failures.append(f"{name}: the system's own address token is gone")
        if dialect["tokens"]["first_name"] not in everything:
            failures.append(f"{name}: the customer token {dialect['tokens']['first_name']} is gone")
        if "ZZMERGE" in everything or "ZZSLOT" in everything or "<!--slot" in everything:
            failures.append(f"{name}: a build sentinel is left")
    assert not failures, "\n".join(failures)
    scripts = [n for n in archive.namelist() if "/call-scripts/" in n or "/banners/" in n]
    assert scripts and all(PARTNER["renewal_link"] in archive.read(n).decode().replace("&amp;", "&")
                           or PARTNER["partner_name"] in archive.read(n).decode()
                           or "/call-scripts/" in n for n in scripts)


def test_html_special_name_stays_text_in_previews_and_details_are_kept_and_cleared(site: Site, tools):
    page = tools("en")
    page.fill({"partner_name": PARTNER["partner_name"]})
    frame = page.page.frame_locator(".kit-preview__frame iframe").first
    assert PARTNER["partner_name"] in frame.locator("body").inner_text()
    assert frame.locator("b").count() == 0
    assert "ZZ" not in frame.locator("body").inner_text(), "a merge sentinel shows in the preview"
    assert "partner.example.com/unsubscribe" in frame.locator("body").inner_html()  # the sample footer
    assert PARTNER["partner_name"] in page.page.locator(".kit-inbox").first.inner_text()
    # Bad values get a message next to their field; data: images are refused.
    page.fill({"partner_logo_url": "data:image/png;base64,AAAA", "partner_email": "not-an-address"})
    for name in ("partner_logo_url", "partner_email"):
        assert page.page.locator(f"input[name={name}]").get_attribute("aria-invalid") == "true"
        assert page.page.locator(f"#kit-{name}-problem").inner_text().strip()
    # Kept in the browser: a new page of another language starts filled in; one button clears.
    page.page.goto(page.base_url + "de/customer-content/")
    page.page.wait_for_selector("html[data-kit-tools=ready]", state="attached")
    assert page.page.input_value("input[name=partner_name]") == PARTNER["partner_name"]
    page.page.click("[data-action=clear]")
    assert page.page.input_value("input[name=partner_name]") == ""
    assert page.page.evaluate("localStorage.getItem('renewals-portal:partner-details')") is None


@pytest.mark.parametrize("locale", ["en", "ja"])
def test_calendar_lists_the_dates_and_its_ics_matches_the_command_line(site: Site, tools, locale):
    from icalendar import Calendar

    kit = kit_of(site, locale)
    expiry = dt.date(2026, 12, 31)
    page = tools(locale)
    page.fill({"expiry_date": expiry.isoformat()})
    rows = page.page.locator("[data-kit-tool=calendar] tbody tr")
    steps = plan(kit, expiry)
    assert rows.count() == len(steps)
    for row, step in zip(rows.all(), steps):
        assert shown(kit, step.date) in row.inner_text()
        assert row.locator("time").first.get_attribute("datetime") == step.date.isoformat()
    ics = page.download("[data-action=ics]")
    assert ics == calendar(kit, renewal_events(kit, expiry)), "the page and the CLI disagree"
    events = Calendar.from_ical(ics).walk("VEVENT")
    assert [e.decoded("dtstart") for e in events] == [s.date for s in steps]
    assert len({str(e["uid"]) for e in events}) == len(steps)


def test_mail_merge_gives_drafts_for_good_rows_and_lists_bad_rows(site: Site, tools, tmp_path):
    from icalendar import Calendar

    kit = kit_of(site, "en")
    page = tools("en")
    page.fill({k: v for k, v in PARTNER.items()})
    csv_file = tmp_path / "contracts.csv"
    csv_file.write_text(CSV, encoding="utf-8")
    page.page.set_input_files("input[name=contracts_csv]", str(csv_file))
    page.page.wait_for_function("document.querySelector('[data-kit-tool=merge] [data-summary]')"
                                ".textContent !== ''")  # the file is read asynchronously
    problems = page.page.locator("[data-problems] li").all_inner_texts()
    assert [p.split(":")[0] for p in problems] == ["Line 3", "Line 5"], problems
    assert page.page.locator("[data-kit-tool=merge] tbody tr").count() == 3
    archive = zipfile.ZipFile(io.BytesIO(page.download("[data-action=drafts]")))
    files = {n.split("/", 1)[1]: archive.read(n) for n in archive.namelist()}
    # The command line, from the same kit.json and CSV, writes the same files and calendar.
    contracts, bad = parse_contracts(CSV, kit)
    assert [p.line for p in bad] == [3, 5]
    expected = {d.path: d.data for d in drafts(kit, contracts, PARTNER)}
    assert sorted(files) == sorted(expected)
    assert files["renewals.ics"] == expected["renewals.ics"]
    assert len(Calendar.from_ical(files["renewals.ics"]).walk("VEVENT")) == 3 * len(kit["touchpoints"])
    customers = {path.split("/")[0] for path in files if "/" in path}
    assert len(customers) == 3
    for path, data in files.items():
        if not path.endswith(".eml"):
            continue
        message, text, html = _eml_parts(data)
        _, cli_text, cli_html = _eml_parts(expected[path])
        assert (text, html) == (cli_text, cli_html), path
        assert str(message["subject"]) == str(email.message_from_bytes(
            expected[path], policy=email.policy.default)["subject"])
        assert str(message["to"]) == next(c.email for c in contracts if path.startswith(f"{c.line:04d}-"))
        assert "ZZMERGE" not in text + html and PARTNER["partner_name"] in _text_of_html(html)
    # An invalid address is a bad row too, in the browser as on the command line.
    bad_email = "first_name,company,product,expiry_date,email\nFinn,Fox,EP,2027-03-01,finn-at-fox\n"
    found = page.page.evaluate("""async (csv) => {
        const merge = await import(new URL("../assets/kit/mailmerge.js", location.href).href);
        const kit = await (await fetch("../downloads/kit.json")).json();
        return merge.readContracts(kit, csv).problems; }""", bad_email)
    assert [(p["line"], p["code"]) for p in found] == [(2, "row_email")]
    assert [(p.line, p.message.split(":")[0]) for p in parse_contracts(bad_email, kit)[1]] == [(2, "email")]


def _many_contracts(rows: int) -> str:
    lines = ["first_name,company,product,expiry_date,email,partner_name"]
    lines += [f"Name{i},Company {i},Endpoint Protection,2027-{1 + i % 12:02d}-{1 + i % 28:02d},c{i}@example.com,"
              for i in range(rows)]
    lines += ["Zoë,Société Générale ✓,Endpoint Protection,2027-03-04,zoe@example.com,",
              f"{'x' * 1200},Long Co,Endpoint Protection,2027-03-05,long@example.com,",  # base64 body
              "Ann,\"A<b>&\"\"co\"\"\",Endpoint Protection,2027-03-06,ann@example.com,Own Partner"]
    return "\n".join(lines) + "\n"


def test_mail_merge_of_many_rows_is_made_by_workers_and_every_draft_parses(site: Site, tools, tmp_path):
    """The button's zip is made off the page's thread, in more than one worker; each draft is
    byte for byte the message eml.js writes whole, and reads as `portal merge`'s draft does."""
    kit = kit_of(site, "en")
    page = tools("en")
    workers: list[str] = []
    page.page.on("worker", lambda worker: workers.append(worker.url))
    page.fill(PARTNER)
    csv = _many_contracts(300)
    csv_file = tmp_path / "contracts.csv"
    csv_file.write_text(csv, encoding="utf-8")
    page.page.set_input_files("input[name=contracts_csv]", str(csv_file))
    page.page.wait_for_function("document.querySelector('[data-kit-tool=merge] [data-summary]')"
                                ".textContent !== ''")
    archive = zipfile.ZipFile(io.BytesIO(page.download("[data-action=drafts]")))
    assert archive.testzip() is None
    files = {n.split("/", 1)[1]: archive.read(n) for n in archive.namelist()}
    assert len(workers) >= 2 and all(w.endswith("/assets/kit/mergeworker.js") for w in workers), workers
    assert page.page.locator("[data-kit-tool=merge] [data-progress]").is_hidden()
    assert page.page.get_attribute("[data-action=drafts]", "aria-disabled") is None
    contracts, bad = parse_contracts(csv, kit)
    assert not bad
    expected = {d.path: d.data for d in drafts(kit, contracts, PARTNER)}
    assert list(files) == list(expected)  # the command line's order: customer by customer, then the calendar
    assert files["renewals.ics"] == expected["renewals.ics"]
    for path, data in files.items():
        if path.endswith(".eml"):
            message, text, html = _eml_parts(data)
            assert (text, html) == _eml_parts(expected[path])[1:], path
            assert str(message["subject"]) == str(_eml_parts(expected[path])[0]["subject"])
    assert "Own Partner" in _eml_parts(next(d for p, d in files.items() if "ann@" in p))[1]
    # The skeleton's bytes are those of the whole-message path (buildEml), long lines and all.
    differing = page.page.evaluate("""async ([csv, partner]) => {
        const load = (name) => import(new URL(`../assets/kit/${name}`, location.href).href);
        const [merge, made, eml, fill, dates, plan] = await Promise.all(
          ["mailmerge.js", "drafts.js", "eml.js", "fill.js", "dates.js", "plan.js"].map(load));
        const kit = await (await fetch("../downloads/kit.json")).json();
        const contracts = merge.readContracts(kit, csv).contracts;
        const files = made.drafts(kit, contracts, partner);
        const tokens = {};  // a draft leaves no token: the partner's footer, no preferences part
        const differing = [];
        for (const c of contracts) {
          const values = { ...partner, ...c.values };
          values.expiry_date = dates.formatDate(kit, c.expiry);
          for (const step of plan.plan(kit, c.expiry)) {
            const email = kit.emails.find((e) => e.id === step.touchpoint.email);
            if (!email) continue;  // a touchpoint without an email (a call)
            const path = `${made.customerFolder(c)}/${dates.iso(step.date)}-${email.id}.eml`;
            const whole = eml.buildEml({ subject: fill.fill(kit, email.subject, values, { tokens }),
              text: fill.fill(kit, email.text, values, { tokens }),
              html: fill.fill(kit, email.html, values, { html: true, tokens }), lang: kit.lang, to: c.email });
            if (new TextDecoder().decode(files[path]) !== whole) differing.push(path);
          }
        }
        return differing; }""", [csv, PARTNER])
    assert differing == []
    assert b"base64" in next(d for p, d in files.items() if "long@" in p)


def _upload(page: Tools, tmp_path: Path, csv: str) -> None:
    csv_file = tmp_path / "contracts.csv"
    csv_file.write_text(csv, encoding="utf-8")
    page.page.set_input_files("input[name=contracts_csv]", str(csv_file))
    page.page.wait_for_function("document.querySelector('[data-kit-tool=merge] [data-summary]')"
                                ".textContent !== ''")


def test_mail_merge_drafts_carry_the_partners_footer_and_wait_for_it(site: Site, tools, tmp_path):
    """A draft is sendable as downloaded: the partner's postal address and opt-out link in both
    parts, no footer token left; without the address (or with a javascript: link) no drafts."""
    kit = kit_of(site, "en")
    page = tools("en")
    downloads: list[str] = []
    page.page.on("download", lambda download: downloads.append(download.suggested_filename))
    page.fill({k: v for k, v in PARTNER.items() if k != "sender_address"})
    page.fill({"unsubscribe_link": "javascript:alert(1)"})
    assert page.page.locator("input[name=unsubscribe_link]").get_attribute("aria-invalid") == "true"
    assert page.page.locator("#kit-unsubscribe_link-problem").inner_text() == (
        "Enter a link that starts with https, or mailto: and an email address.")
    _upload(page, tmp_path, CSV)
    page.page.click("[data-action=drafts]")
    summary = page.page.locator("[data-kit-tool=merge] [data-summary]")
    assert summary.inner_text() == ("Fill in your details above first: Unsubscribe link (https, or "
                                    "mailto: and an email address), Your postal address (one line).")
    page.fill({"unsubscribe_link": "https://ab-renewals.example/optout?u=1&v=2"})
    page.page.click("[data-action=drafts]")
    assert summary.inner_text() == "Fill in your details above first: Your postal address (one line)."
    page.page.wait_for_timeout(300)
    assert downloads == []
    page.fill({"sender_address": PARTNER["sender_address"]})
    archive = zipfile.ZipFile(io.BytesIO(page.download("[data-action=drafts]")))
    emls = [n for n in archive.namelist() if n.endswith(".eml")]
    assert len(emls) == 3 * len(kit["emails"])
    for name in emls:
        message, text, html = _eml_parts(archive.read(name))
        assert "{{" not in text + html + str(message["subject"]) and "ZZ" not in text + html, name
        assert f"Our postal address: {PARTNER['sender_address']}" in text
        assert f"Our postal address: {PARTNER['sender_address']}" in _text_of_html(html)
        assert "Unsubscribe: https://ab-renewals.example/optout?u=1&v=2" in text
        assert 'href="https://ab-renewals.example/optout?u=1&amp;v=2"' in html
        assert "preferences" not in text + html
    # The optional preferences link, once given, is in every draft, as `portal merge` writes it.
    page.fill({"preferences_link": "https://ab-renewals.example/prefs"})
    archive = zipfile.ZipFile(io.BytesIO(page.download("[data-action=drafts]")))
    contracts, _ = parse_contracts(CSV, kit)
    partner = {**PARTNER, "unsubscribe_link": "https://ab-renewals.example/optout?u=1&v=2",
               "preferences_link": "https://ab-renewals.example/prefs"}
    expected = {d.path: d.data for d in drafts(kit, contracts, partner)}
    for name in archive.namelist():
        path = name.split("/", 1)[1]
        if path.endswith(".eml"):
            _, text, html = _eml_parts(archive.read(name))
            assert "Manage your email preferences: https://ab-renewals.example/prefs" in text
            assert (text, html) == _eml_parts(expected[path])[1:], path


@pytest.mark.parametrize("locale", ["ar", "en"])
def test_tools_fit_a_phone_and_work_from_the_keyboard(site: Site, tools, locale, screenshots):
    """At 375 px, left to right and right to left: nothing sideways; the form is filled and its
    buttons used from the keyboard alone."""
    page = tools(locale, width=PHONE)
    keys = page.page.keyboard
    page.page.focus("input[name=renewal_link]")
    keys.type("https://keys.example/renew")
    for _ in range(3):
        keys.press("Tab")
    assert page.page.evaluate("document.activeElement.name") == "partner_email"
    page.page.fill("input[name=expiry_date]", "2026-12-31")
    assert page.page.locator("[data-kit-tool=calendar] tbody tr").count() > 0
    overflow = horizontal_overflow(page.page, PHONE)
    for part in ("cobrand", "calendar"):
        page.page.locator(f"[data-kit-tool={part}]").screenshot(
            path=str(screenshots / f"{locale}-tools-{part}-{PHONE}.png"))
    assert overflow is None, overflow
    page.page.focus("[data-action=clear]")
    keys.press("Enter")
    assert page.page.input_value("input[name=renewal_link]") == ""
