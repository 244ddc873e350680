// iCalendar (RFC 5545) files of renewal dates; byte for byte what generator/partner/ics.py writes.
import { addDays, compact } from "./dates.js";
import { phrase } from "./phrase.js";
import { plan } from "./plan.js";

const PRODID = "-//renewals-portal//Renewal calendar//EN";
export const escapeText = (text) => text.replace(/\\/g, "\\\\").replace(/;/g, "\\;")
  .replace(/,/g, "\\,").replace(/\r\n|\n/g, "\\n");

// UTF-8 octets of one code point, without encoding it (this runs for every character of a calendar).
const octets = (code) => (code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4);

// At most 75 octets a line, continued with a space, never splitting a character.
export function fold(line) {
  if (line.length <= 75 && /^[\x00-\x7f]*$/.test(line)) return line;
  const out = [];
  let start = 0, size = 0, i = 0;
  while (i < line.length) {
    const code = line.codePointAt(i);
    const width = code > 0xffff ? 2 : 1;
    if (size + octets(code) > (out.length ? 74 : 75)) {
      out.push(line.slice(start, i));
      start = i;
      size = 0;
    }
    size += octets(code);
    i += width;
  }
  out.push(line.slice(start));
  return out.join("\r\n ");
}

export function uid(kit, touchpointId, expiry, customer = "") {
  const who = customer ? `-${customer.toLowerCase()}` : "";
  return `${touchpointId}-${compact(expiry)}${who}@${kit.uid_domain}`;
}

export function renewalEvents(kit, expiry, customer = "", label = "") {
  return plan(kit, expiry).map(({ touchpoint: tp, date }) => {
    const action = tp.partner_action;
    return {
      uid: uid(kit, tp.id, expiry, customer),
      date,
      summary: label ? phrase(kit.phrases.event_for, { title: tp.title, customer: label }) : tp.title,
      description: `${tp.when}: ${tp.summary}\n${tp.offered}`,
      alarmDays: action ? action.days_before : null,
      alarmText: action ? phrase(kit.phrases.partner_action, { days: action.days_before, action: action.text }) : "",
    };
  });
}

export function calendar(kit, events) {
  const lang = kit.lang;
  const lines = ["BEGIN:VCALENDAR", "VERSION:2.0", `PRODID:${PRODID}`, "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH", `X-WR-CALNAME:${escapeText(kit.phrases.calendar_name)}`];
  for (const event of events) {
    lines.push("BEGIN:VEVENT", `UID:${event.uid}`, `DTSTAMP:${kit.stamp}`,
      `DTSTART;VALUE=DATE:${compact(event.date)}`, `DTEND;VALUE=DATE:${compact(addDays(event.date, 1))}`,
      `SUMMARY;LANGUAGE=${lang}:${escapeText(event.summary)}`,
      `DESCRIPTION;LANGUAGE=${lang}:${escapeText(event.description)}`, "TRANSP:TRANSPARENT");
    if (event.alarmDays !== null) {
      lines.push("BEGIN:VALARM", "ACTION:DISPLAY", `TRIGGER:-P${event.alarmDays}D`,
        `DESCRIPTION;LANGUAGE=${lang}:${escapeText(event.alarmText)}`, "END:VALARM");
    }
    lines.push("END:VEVENT");
  }
  lines.push("END:VCALENDAR");
  return lines.map((line) => fold(line) + "\r\n").join("");
}
