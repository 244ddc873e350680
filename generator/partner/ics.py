"""iCalendar (RFC 5545) files of renewal dates: all-day events with stable UIDs, the partner's
action as an alarm before each, in the kit's language.

Written by hand, line by line, because the kit page writes the same bytes in JavaScript
(templates/site/assets/kit/ics.js) and a test holds the two to identical output; the tests read
every file back with the `icalendar` package.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .kitdata import KitData, phrase
from .plan import plan

PRODID = "-//renewals-portal//Renewal calendar//EN"


@dataclass(frozen=True)
class Event:
    uid: str
    date: dt.date
    summary: str
    description: str
    alarm_days: int | None = None     # the partner's action, this many days before
    alarm_text: str = ""


def calendar(kit: KitData, events: list[Event]) -> bytes:
    lang = kit["lang"]
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{escape(kit['phrases']['calendar_name'])}"]
    for event in events:
        lines += ["BEGIN:VEVENT", f"UID:{event.uid}", f"DTSTAMP:{kit['stamp']}",
                  f"DTSTART;VALUE=DATE:{event.date:%Y%m%d}",
                  f"DTEND;VALUE=DATE:{event.date + dt.timedelta(days=1):%Y%m%d}",
                  f"SUMMARY;LANGUAGE={lang}:{escape(event.summary)}",
                  f"DESCRIPTION;LANGUAGE={lang}:{escape(event.description)}",
                  "TRANSP:TRANSPARENT"]
        if event.alarm_days is not None:
            lines += ["BEGIN:VALARM", "ACTION:DISPLAY", f"TRIGGER:-P{event.alarm_days}D",
                      f"DESCRIPTION;LANGUAGE={lang}:{escape(event.alarm_text)}", "END:VALARM"]
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return b"".join(fold(line) + b"\r\n" for line in lines)


def escape(text: str) -> str:
    """A TEXT value (RFC 5545 3.3.11)."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def fold(line: str) -> bytes:
    """Lines of at most 75 octets, continued with a space, never splitting a character."""
    out, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current)
            current = b""
        current += encoded
    out.append(current)
    return b"\r\n ".join(out)


def uid(kit: KitData, touchpoint_id: str, expiry: dt.date, customer: str = "") -> str:
    """Stable: the same customer, expiration and touchpoint always give the same UID, so importing
    the calendar again updates the events instead of doubling them."""
    who = f"-{customer.lower()}" if customer else ""
    return f"{touchpoint_id}-{expiry:%Y%m%d}{who}@{kit['uid_domain']}"


def renewal_events(kit: KitData, expiry: dt.date, customer: str = "", label: str = "") -> list[Event]:
    """One event per touchpoint for a customer expiring on `expiry`; `customer` (an email address)
    keeps UIDs apart between customers, `label` (a company) names them in each summary."""
    phrases, events = kit["phrases"], []
    for step in plan(kit, expiry):
        tp, action = step.touchpoint, step.touchpoint["partner_action"]
        summary = phrase(phrases["event_for"], title=tp["title"], customer=label) if label \
            else tp["title"]
        events.append(Event(
            uid(kit, tp["id"], expiry, customer), step.date, summary,
            f"{tp['when']}: {tp['summary']}\n{tp['offered']}",
            action["days_before"] if action else None,
            phrase(phrases["partner_action"], days=action["days_before"], action=action["text"])
            if action else ""))
    return events
