"""Optional co-branding slots in the emails: parts that exist only when a partner gives a value.

A slot region is written in the email templates as `<!--slot:NAME-->...<!--/slot:NAME-->` (in the
HTML and the text alike) and holds the slot's sentinel where the value goes. The kit's own files
drop every region; the kit description (kit.json) keeps them, so the kit page and `portal merge`
keep a region, filled, when the partner gave its value (a website, a logo), and drop it otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from markupsafe import escape

SLOTS = ("partner_website", "partner_logo_url")
SENTINELS = {name: f"ZZSLOT{i}ZZ" for i, name in enumerate(SLOTS)}
REGION = re.compile(r"<!--slot:([a-z_]+)-->(.*?)<!--/slot:\1-->", re.S)


def drop_slots(text: str) -> str:
    """The text without any slot region: what a kit without partner details holds."""
    return REGION.sub("", text)


def fill_slots(text: str, values: Mapping[str, str], *, html: bool) -> str:
    """Each region kept and filled when its slot has a value, dropped when it has none."""
    def region(match: re.Match) -> str:
        value = values.get(match.group(1), "")
        if not value:
            return ""
        return match.group(2).replace(SENTINELS[match.group(1)], str(escape(value)) if html else value)
    return REGION.sub(region, text)
