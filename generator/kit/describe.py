"""kit.json: one language's kit described for the partner tools (the kit page and `portal calendar`
/ `portal merge`), so the browser and the command line read one description and cannot disagree.

It holds the schedule (day offsets, what happens, the partner's suggested actions), each email as
built (rendered and inlined once, merge sentinels and co-branding slot regions in place), the other
kit files with their sentinels, the merge fields and dialects, the footer's fields a partner fills
for the drafts, the grace rules per region, the language's date pattern and the few translated
phrases the tools print. Nothing in it is a template:
the tools only fill sentinels, count days and package files. Same input, same bytes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ..i18n.localize import LocaleContext
from ..models import Content
from .bundle import zip_timestamp
from .wrapping import wrap_text
from .merge import MergeTokens
from .slots import SENTINELS

if TYPE_CHECKING:
    from .assemble import Kit

DESCRIPTION = "kit.json"
FORMAT = 2  # 2: "footer", the fields of the drafts' footer the partner fills

# What the partner tools accept, checked alike in the browser and by `portal merge`.
PATTERNS = {
    "email": r"^[^\s@<>()\[\],;:\"]+@[^\s@<>()\[\],;:\".]+(\.[^\s@<>()\[\],;:\".]+)+$",
    "phone": r"^\+?\(?([0-9][ ().\-/]*){6,15}[0-9]$",
    "url": r"^https://[^\s/$.?#<>\"'][^\s<>\"']*$",
    "date": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
}
# Where a customer opts out: an https link, or mailto: and an address (the two patterns above).
PATTERNS["optout"] = f"^(?:{PATTERNS['url'][1:-1]}|mailto:{PATTERNS['email'][1:-1]})$"
# The footer's fields the partner fills for the mail merge's drafts, which go out from the
# partner's own mail client where no email system fills its tokens: the kind of value each takes,
# and whether a draft may go without it (the preferences link is an optional part of the footer).
DRAFT_FOOTER = {"unsubscribe_link": ("optout", True), "sender_address": ("text", True),
                 "preferences_link": ("url", False)}
_DELIMITER = re.compile(r"^[^\w\s]{2,}|[^\w\s]{2,}$")


def describe_kit(kit: Kit, content: Content, loc: LocaleContext, when: Callable[[int], Any],
                 merge: MergeTokens) -> bytes:
    """The kit description of one language, as UTF-8 JSON bytes."""
    data = {
        "format": FORMAT,
        "locale": loc.code,
        "lang": loc.tag,
        "dir": loc.direction,
        "title": content.program.title,
        "vendor": content.program.vendor,
        "uid_domain": urlsplit(content.program.site_url).hostname,
        "stamp": "{:04d}{:02d}{:02d}T{:02d}{:02d}{:02d}Z".format(*zip_timestamp()),
        "dates": _date_format(loc),
        "fields": [_field(f, i, merge, _used(kit, merge.sentinel(f.id)))
                   for i, f in enumerate(content.merge_fields.fields)],
        "slots": [{"id": name, "sentinel": sentinel} for name, sentinel in SENTINELS.items()],
        # every sentinel's field id by number: the merge fields, then the footer's required fields
        "ids": merge.ids,
        "footer": [{"id": i, "kind": DRAFT_FOOTER[i][0], "required": DRAFT_FOOTER[i][1],
                    "sample": merge.samples[i]} for i in merge.ids if i in DRAFT_FOOTER],
        "dialects": [{"id": d.id, "name": d.name, "tokens": merge.tokens(d)}
                     for d in content.merge_fields.dialects],
        "checks": {**PATTERNS, "forbidden": _forbidden(content)},
        "touchpoints": [_touchpoint(tp, when) for tp in
                        sorted(content.schedule.touchpoints, key=lambda tp: tp.day)],
        "grace": _grace(content),
        "emails": [{"id": e.rendered.id, "touchpoint": e.touchpoint.id, "subject": e.rendered.subject,
                    "preheader": e.rendered.preheader, "html": e.rendered.html,
                    "text": wrap_text(e.rendered.text)} for e in kit.emails],
        "files": _files(kit),
        "phrases": _phrases(loc),
        "zip": kit.zip_path.removesuffix(".zip"),
    }
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
            + "\n").encode("utf-8")


def _date_format(loc: LocaleContext) -> dict[str, Any]:
    """Babel's long date pattern and the names it uses: the browser formats dates as Babel does."""
    names = loc.locale
    return {
        "pattern": names.date_formats["long"].pattern,
        "months": [names.months["format"]["wide"][m] for m in range(1, 13)],
        "months_short": [names.months["format"]["abbreviated"][m] for m in range(1, 13)],
        "weekdays": [names.days["format"]["wide"][d] for d in range(7)],  # Monday first
    }


def _used(kit: Kit, sentinel: str) -> bool:
    """Whether an email of this language uses the field (each language writes its own greeting and
    subjects: the Japanese one names the company and surname, the German one the salutation)."""
    return any(sentinel in part for e in kit.emails for part in
               (e.rendered.subject, e.rendered.preheader, e.rendered.html, e.rendered.text))


def _field(field, index: int, merge: MergeTokens, used: bool) -> dict[str, Any]:
    return {"id": field.id, "kind": field.kind, "filled_by": field.filled_by, "used": used,
            "description": field.description, "sample": merge.samples[field.id],
            "sentinel": f"ZZMERGE{index}ZZ"}


def _forbidden(content: Content) -> list[str]:
    """The delimiters of every declared email system's tokens (`*|`, `{{`, `%%`, ...): a value a
    partner types must not carry live syntax of the system that will send it."""
    found = {m.group(0) for d in content.merge_fields.dialects for token in d.tokens.values()
             for m in _DELIMITER.finditer(token)}
    return sorted(found | {"ZZMERGE", "ZZSLOT"})


def _touchpoint(tp, when: Callable[[int], Any]) -> dict[str, Any]:
    action = tp.partner_action
    return {"id": tp.id, "day": tp.day, "channel": tp.channel, "who": tp.who, "title": tp.title,
            "summary": tp.summary, "offered": tp.offered, "when": str(when(tp.day)),
            "email": tp.email, "call_script": tp.call_script,
            "partner_action": {"days_before": action.days_before, "text": action.text}
            if action else None}


def _grace(content: Content) -> dict[str, Any]:
    grace = content.policies.grace_period
    return {"days": grace.grace_days, "new_days": grace.new_grace_days, "title": grace.title,
            "rules": [{"region": e.region, "region_code": e.region_code, "date": e.date.isoformat()}
                      for e in grace.effective]}


def _files(kit: Kit) -> list[dict[str, Any]]:
    """Every file the co-branded zip holds, and where the kit page links it, with its source."""
    files: list[dict[str, Any]] = []
    for email in kit.emails:
        for dialect, paths in email.downloads.items():
            files += [{"path": path, "email": email.rendered.id, "dialect": dialect, "format": fmt}
                      for fmt, path in paths.items()]
        files.append({"path": email.preview, "email": email.rendered.id, "dialect": None,
                      "format": "html", "preview": True})
    for script in kit.call_scripts:
        files.append({"path": script.path, "format": "txt", "text": script.marked})
    for banner in kit.banners:
        files += [{"path": path, "format": path.rsplit(".", 1)[1], "text": text}
                  for path, text in banner.marked.items()]
        files += [{"path": preview, "format": "html", "text": item.page, "preview": True}
                  for item, _, preview in banner.sizes]
    files.append({"path": "README.txt", "format": "txt", "text": kit.files["README.txt"]})
    return files


def _phrases(loc: LocaleContext) -> dict[str, str]:
    """The sentences the tools write around the kit's own text, in this language."""
    _ = loc.gettext
    return {
        "grace_ended": _("{region}: no grace period for expirations from {date}; renew before "
                         "{expiry}."),
        "grace_open": _("{region}: grace period of {days} days after expiration; renewing by "
                        "{until} keeps the on-time terms."),
        "event_for": _("{title}: {customer}"),
        "partner_action": _("Your action, {days} days before: {action}"),
        "calendar_name": _("Renewal calendar"),
    }
