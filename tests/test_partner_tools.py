"""The kit description (kit.json) and the partner tools on the command line: `portal calendar` and
`portal merge`. The same rules in the browser are tested in tests/browser/test_browser_partner_tools.py."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.build import render_kit_description
from generator.cli import cli
from generator.partner.kitdata import KitData
from tests.conftest import REPO, replace_in

icalendar = pytest.importorskip("icalendar")

PARTNER_YML = """\
partner_name: Fox & Hound IT
partner_phone: +44 20 7946 0000
partner_email: renewals@foxhound.example
renewal_link: https://foxhound.example/renew
partner_website: https://foxhound.example/
sender_address: Fox & Hound IT, 1 Kennel Lane, London E1 6AN, UK
unsubscribe_link: mailto:optout@foxhound.example
"""
CSV = """\
first_name,company,product,expiry_date,email
Ana,Rio Ltd,Endpoint Protection,2026-12-31,ana@rio.example
Ben,,Endpoint Protection,2026-11-30,ben@berg.example
Chen,"Chen, Wu",Mail Security,2027-01-15,chen@wu.example
Dora,Delta,Endpoint Protection,31/12/2026,dora@delta.example
Finn,Fox,Endpoint Protection,2027-03-01,finn-at-fox.example
"""


@pytest.fixture(scope="module")
def kit_bytes() -> bytes:
    return render_kit_description(REPO, "en")


def _invoke(args: list[str], cwd: Path):
    """`portal ARGS --root REPO` run from `cwd` (relative paths are the user's)."""
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(cli, [args[0], "--root", str(REPO), *args[1:]])
    finally:
        os.chdir(old)


def test_kit_json_describes_the_kit_with_sentinels_and_is_reproducible(kit_bytes):
    kit = json.loads(kit_bytes)
    assert kit_bytes == render_kit_description(REPO, "en")
    assert [tp["day"] for tp in kit["touchpoints"]] == sorted(tp["day"] for tp in kit["touchpoints"])
    assert {f["id"]: f["filled_by"] for f in kit["fields"]}["partner_name"] == "partner"
    first = kit["emails"][0]
    assert "ZZMERGE" in first["html"] and "ZZMERGE" in first["text"] and "ZZMERGE" in first["subject"]
    assert "<!--slot:partner_logo_url-->" in first["html"]
    assert {"{{", "*|", "%%"} <= set(kit["checks"]["forbidden"])
    assert kit["dates"]["pattern"] and len(kit["dates"]["months"]) == 12


def test_kit_files_keep_no_slot_markers(built_site):
    emails = list((built_site / "en" / "downloads" / "emails").rglob("*.*"))
    assert emails and not [p for p in emails if b"<!--slot" in p.read_bytes() or b"ZZSLOT" in p.read_bytes()]


def test_calendar_prints_the_dates_and_writes_an_ics(tmp_path):
    result = _invoke(["calendar", "--expiry", "2026-12-31", "--region", "JP", "--out", "r.ics"], tmp_path)
    assert result.exit_code == 0, result.output
    assert "2026-11-01  November 1, 2026: 60-day renewal notice" in result.output
    assert "Japan: no grace period for expirations from October 3, 2016" in result.output
    events = icalendar.Calendar.from_ical((tmp_path / "r.ics").read_bytes()).walk("VEVENT")
    assert [e.decoded("dtstart") for e in events] == [dt.date(2026, 11, 1), dt.date(2026, 12, 1),
                                                      dt.date(2027, 1, 5), dt.date(2027, 1, 15),
                                                      dt.date(2027, 1, 30)]
    assert str(events[0]["uid"]) == "notice-60-20261231@partners.example.com"
    assert events[0].walk("VALARM")[0]["trigger"].to_ical() == b"-P14D"


def test_calendar_grace_period_before_the_policy_change_and_in_japanese(tmp_path):
    result = _invoke(["calendar", "--expiry", "2016-06-30", "--region", "JP", "--locale", "ja",
                      "--out", "r.ics"], tmp_path)
    assert result.exit_code == 0, result.output
    assert "2016年7月30日" in result.output  # grace open: 30 days after a June 2016 expiry in Japan
    assert b"SUMMARY;LANGUAGE=ja:" in (tmp_path / "r.ics").read_bytes()


def test_calendar_refuses_a_bad_date(tmp_path):
    result = _invoke(["calendar", "--expiry", "31/12/2026"], tmp_path)
    assert result.exit_code == 2
    assert "--expiry: expected a date written YYYY-MM-DD, found '31/12/2026'" in result.output
    assert not list(tmp_path.iterdir())


def test_merge_writes_drafts_for_good_rows_and_lists_bad_ones(tmp_path):
    (tmp_path / "contracts.csv").write_text(CSV, encoding="utf-8")
    (tmp_path / "partner.yml").write_text(PARTNER_YML, encoding="utf-8")
    result = _invoke(["merge", "contracts.csv", "--out", "drafts", "--partner", "partner.yml"], tmp_path)
    assert result.exit_code == 0, result.output
    for line, what in ((3, "missing company"), (5, "expiry_date: expected a date written YYYY-MM-DD"),
                       (6, "email: expected an email address")):
        assert f"contracts.csv:{line}: skipped: {what}" in result.output
    out = tmp_path / "drafts"
    drafts = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.eml"))
    assert len(drafts) == 2 * 4 and drafts[0] == "0002-ana@rio.example/2026-11-01-notice-60.eml"
    message = email.message_from_bytes((out / drafts[0]).read_bytes(), policy=email.policy.default)
    assert message["to"] == "ana@rio.example"
    assert message["subject"] == "Renew Endpoint Protection by December 31, 2026"
    html = message.get_body(("html",)).get_content()
    assert "Fox &amp; Hound IT" in html and 'href="https://foxhound.example/"' in html
    assert "<!--slot" not in html and "ZZ" not in html
    events = icalendar.Calendar.from_ical((out / "renewals.ics").read_bytes()).walk("VEVENT")
    assert len(events) == 2 * 5 and str(events[0]["summary"]) == "60-day renewal notice: Rio Ltd"


def test_merge_checks_partner_yml_like_content(tmp_path):
    (tmp_path / "contracts.csv").write_text(CSV, encoding="utf-8")
    (tmp_path / "partner.yml").write_text(PARTNER_YML.replace("https://foxhound.example/renew",
                                                              "http://x") + "colour: red\n")
    result = _invoke(["merge", "contracts.csv", "--out", "drafts", "--partner", "partner.yml"], tmp_path)
    assert result.exit_code == 2
    assert "partner.yml:4:15: renewal_link: expected an https:// link, found 'http://x'" in result.output
    assert "partner.yml:8:1: colour: unknown key; expected one of:" in result.output
    assert not (tmp_path / "drafts").exists()


def test_merge_refuses_a_folder_with_other_files_and_partner_syntax(tmp_path):
    (tmp_path / "contracts.csv").write_text(CSV, encoding="utf-8")
    (tmp_path / "partner.yml").write_text(PARTNER_YML.replace("Fox & Hound IT", '"*|UNSUB|*"', 1))
    result = _invoke(["merge", "contracts.csv", "--out", ".", "--partner", "partner.yml"], tmp_path)
    assert result.exit_code == 2 and "'*|'" in result.output
    (tmp_path / "partner.yml").write_text(PARTNER_YML)
    result = _invoke(["merge", "contracts.csv", "--out", ".", "--partner", "partner.yml"], tmp_path)
    assert result.exit_code == 2 and "exists and holds other files" in result.output
    assert (tmp_path / "contracts.csv").read_text() == CSV


def test_a_schedule_change_moves_the_calendar(project):
    replace_in(project / "content" / "schedule.yml", "day: -60", "day: -45")
    kit = KitData(json.loads(render_kit_description(project, "en")))
    assert kit["touchpoints"][0]["day"] == -45


def test_calendar_from_a_built_site_reads_its_kit_json(built_site, tmp_path):
    """`--site` reads the kit description the kit page reads: the same .ics bytes."""
    from generator.partner.ics import calendar, renewal_events

    result = _invoke(["calendar", "--site", str(built_site), "--locale", "ar", "--expiry", "2027-02-28",
                      "--out", "r.ics"], tmp_path)
    assert result.exit_code == 0, result.output
    kit = KitData(json.loads((built_site / "ar" / "downloads" / "kit.json").read_text("utf-8")))
    assert (tmp_path / "r.ics").read_bytes() == calendar(kit, renewal_events(kit, dt.date(2027, 2, 28)))
    missing = _invoke(["calendar", "--site", str(tmp_path), "--expiry", "2027-02-28"], tmp_path)
    assert missing.exit_code == 2 and "no built kit" in missing.output


def _merge(tmp_path: Path, partner_yml: str):
    (tmp_path / "contracts.csv").write_text(CSV, encoding="utf-8")
    (tmp_path / "partner.yml").write_text(partner_yml, encoding="utf-8")
    return _invoke(["merge", "contracts.csv", "--out", "drafts", "--partner", "partner.yml"], tmp_path)


def test_merge_drafts_carry_the_partners_footer_and_no_token(tmp_path):
    """A draft goes out from the partner's own mail client: nothing fills tokens there, so the
    footer is the partner's address and opt-out link; without a preferences link its line is gone."""
    result = _merge(tmp_path, PARTNER_YML)
    assert result.exit_code == 0, result.output
    for path in (tmp_path / "drafts").rglob("*.eml"):
        message, text, html = _eml(path.read_bytes())
        assert "{{" not in text + html + str(message["subject"]) and "ZZ" not in text + html, path
        assert "Our postal address: Fox & Hound IT, 1 Kennel Lane, London E1 6AN, UK" in text
        assert "Our postal address: Fox &amp; Hound IT, 1 Kennel Lane" in html
        assert "Unsubscribe: mailto:optout@foxhound.example" in text
        assert 'href="mailto:optout@foxhound.example"' in html
        assert "preferences" not in text + html


def test_merge_fills_the_optional_preferences_link_and_escapes_the_address(tmp_path):
    result = _merge(tmp_path, PARTNER_YML.replace("Fox & Hound IT, 1", '"<b>A&B</b>, 1')
                    .replace(", UK\n", ', UK"\n') + "preferences_link: https://foxhound.example/prefs\n")
    assert result.exit_code == 0, result.output
    message, text, html = _eml(next((tmp_path / "drafts").rglob("*.eml")).read_bytes())
    assert "Manage your email preferences: https://foxhound.example/prefs" in text
    assert 'href="https://foxhound.example/prefs"' in html
    assert "Our postal address: &lt;b&gt;A&amp;B&lt;/b&gt;, 1 Kennel Lane" in html
    assert "Our postal address: <b>A&B</b>, 1 Kennel Lane" in text


@pytest.mark.parametrize("line, found", [
    ("unsubscribe_link: javascript:alert(1)", "partner.yml:7:19: unsubscribe_link: expected an "
     "https:// link or mailto: and an email address, found 'javascript:alert(1)'"),
    ("unsubscribe_link: mailto:nobody", "partner.yml:7:19: unsubscribe_link: expected an https:// "
     "link or mailto: and an email address, found 'mailto:nobody'"),
    ("unsubscribe_link: http://foxhound.example/out", "found 'http://foxhound.example/out'"),
    ("unsubscribe_link: '{{unsubscribe_link}}'", "unsubscribe_link: must not contain '{{'"),
    ("sender_address: '*|LIST:ADDRESSLINE|*'", "sender_address: must not contain '*|'"),
])
def test_partner_yml_footer_values_are_checked_like_the_other_links(tmp_path, line, found):
    key = line.split(":")[0]
    kept = [x for x in PARTNER_YML.splitlines() if not x.startswith(key)]
    result = _merge(tmp_path, "\n".join(kept[:6] + [line] + kept[6:]) + "\n")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert found in result.output, result.output
    assert not (tmp_path / "drafts").exists()


@pytest.mark.parametrize("key", ["sender_address", "unsubscribe_link"])
def test_merge_refuses_drafts_without_the_address_or_opt_out_link(tmp_path, key):
    kept = "".join(x for x in PARTNER_YML.splitlines(keepends=True) if not x.startswith(key))
    result = _merge(tmp_path, kept)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert (f"partner.yml: no {key}; the drafts' footer needs the partner's postal address "
            "(sender_address) and an unsubscribe link (unsubscribe_link: an https:// link or "
            "mailto: and an email address); nothing was written") in result.output
    assert not (tmp_path / "drafts").exists()


def test_drafts_fill_the_footer_from_the_partner_and_drop_an_empty_optional_part(kit_bytes):
    from generator.partner.contracts import parse_contracts
    from generator.partner.drafts import drafts

    kit = KitData(json.loads(kit_bytes))
    contracts, _ = parse_contracts(CSV, kit)
    partner = {"partner_name": "P", "partner_phone": "+1 555 0100", "partner_email": "p@p.example",
               "renewal_link": "https://p.example/r", "sender_address": "1 Road <X>",
               "unsubscribe_link": "https://p.example/out"}
    made = drafts(kit, contracts[:1], partner)
    _, text, html = _eml(made[0].data)
    assert "Unsubscribe: https://p.example/out" in text and "1 Road &lt;X&gt;" in html
    assert "ZZ" not in text + html and "{{" not in text + html and "preferences" not in text
    _, text, _ = _eml(drafts(kit, contracts[:1], {**partner, "preferences_link": "https://p.example/p"})[0].data)
    assert "Manage your email preferences: https://p.example/p" in text


def _eml(data: bytes):
    message = email.message_from_bytes(data, policy=email.policy.default)
    return (message, message.get_body(("plain",)).get_content(),
            message.get_body(("html",)).get_content())
