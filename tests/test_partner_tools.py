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
    assert "partner.yml:6:1: colour: unknown key; expected one of:" in result.output
    assert not (tmp_path / "drafts").exists()


def test_merge_refuses_a_folder_with_other_files_and_partner_syntax(tmp_path):
    (tmp_path / "contracts.csv").write_text(CSV, encoding="utf-8")
    (tmp_path / "partner.yml").write_text(PARTNER_YML.replace("Fox & Hound IT", '"*|UNSUB|*"'))
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
