"""Dates as the partner tools show them: Babel with the kit's own date pattern (the browser uses
the same pattern and names from kit.json), and day arithmetic from an expiration date."""

from __future__ import annotations

import datetime as dt
import re

from babel.dates import format_date

from .kitdata import KitData

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_iso(text: str) -> dt.date | None:
    """A YYYY-MM-DD date, or None when `text` is not one (2026-02-30 is not)."""
    if not _ISO.match(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def shown(kit: KitData, day: dt.date) -> str:
    """`day` in the language of the kit, exactly as the kit page writes it."""
    return format_date(day, kit["dates"]["pattern"], locale=kit["locale"])


def offset(day: dt.date, days: int) -> dt.date:
    return day + dt.timedelta(days=days)
