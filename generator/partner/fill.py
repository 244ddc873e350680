"""Kit text with its merge sentinels and co-branding slots filled: the one substitution the partner
tools do (the kit page does the same in assets/kit/fill.js)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from markupsafe import escape

from ..kit.slots import SLOTS, fill_slots
from .kitdata import KitData

_SENTINEL = re.compile(r"ZZMERGE(\d+)ZZ")
# A part kept only where the field has a value or a token (the preferences link of the footer).
_OPTIONAL = re.compile(r"ZZOPEN(\d+)ZZ(.*?)ZZCLOSE\1ZZ", re.S)


def fill(kit: KitData, text: str, values: Mapping[str, str], *, html: bool,
         tokens: Mapping[str, str] | None = None) -> str:
    """`text` with each merge field's value (or, without one, its token in `tokens`; or its
    sentinel left for a later pass) and each co-branding slot kept when it has a value."""
    ids = kit["ids"]

    def optional(match: re.Match) -> str:
        field = ids[int(match.group(1))]
        if values.get(field) or (tokens or {}).get(field):
            return match.group(2)
        return "" if tokens is not None else match.group(0)  # undecided until the tokens pass

    def one(match: re.Match) -> str:
        field = ids[int(match.group(1))]
        value = values.get(field) or (tokens or {}).get(field)
        if value is None:
            return match.group(0)
        return str(escape(value)) if html else value

    return fill_slots(_SENTINEL.sub(one, _OPTIONAL.sub(optional, text)), {s: values.get(s, "") for s in SLOTS}, html=html)
