"""The checks a value a partner types or uploads must pass, from kit.json (the browser checks the
same patterns): email addresses, phone numbers, https links, dates, and no email-system syntax."""

from __future__ import annotations

import re

from .kitdata import KitData

EXPECTED = {
    "email": "an email address such as renewals@partner.example.com",
    "phone": "a phone number such as +1 555 0100",
    "url": "an https:// link",
    "optout": "an https:// link or mailto: and an email address",
    "date": "a date written YYYY-MM-DD",
}


def clean(value: str) -> str:
    """One line, single spaces: a value becomes part of a mail header and of text lines."""
    return " ".join(value.split())


def value_problem(kit: KitData, kind: str, value: str) -> str | None:
    """Why `value` is not acceptable as a `kind` value, or None."""
    for delimiter in kit["checks"]["forbidden"]:
        if delimiter in value:
            return f"must not contain {delimiter!r} (merge-field syntax of an email system)"
    pattern = kit["checks"].get(kind)
    if pattern and not re.match(pattern, value):
        return f"expected {EXPECTED[kind]}, found {value!r}"
    if kind == "date":
        from .dates import parse_iso

        if parse_iso(value) is None:
            return f"expected a real date written YYYY-MM-DD, found {value!r}"
    return None
