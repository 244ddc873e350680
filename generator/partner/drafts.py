"""`portal merge`: a personalized .eml draft per customer and email touchpoint, and one .ics of every
customer's dates; the same files, under the same names, as the kit page's mail merge zip."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..kit.eml import build_eml
from .contracts import Contract
from .dates import parse_iso, shown
from .fill import fill
from .ics import calendar, renewal_events
from .kitdata import KitData
from .plan import plan

CALENDAR_FILE = "renewals.ics"
_UNSAFE = re.compile(r"[^A-Za-z0-9._@+-]+")


@dataclass(frozen=True)
class Draft:
    path: str       # inside the output folder
    data: bytes


def customer_folder(contract: Contract) -> str:
    """A folder name per customer, unique by line number, safe on every file system."""
    return f"{contract.line:04d}-{_UNSAFE.sub('_', contract.email).strip('._') or 'customer'}"


def customer_values(kit: KitData, contract: Contract, partner: dict[str, str]) -> dict[str, str]:
    """Every merge field's value for this customer, dates as the kit's language writes them."""
    values = {**partner, **contract.values}
    for field_id, value in values.items():
        if field_id in kit.fields and kit.fields[field_id]["kind"] == "date":
            values[field_id] = shown(kit, parse_iso(value))  # type: ignore[arg-type]
    return values


# A draft goes out from the partner's mail client, where no email system fills tokens: every field,
# the footer's too, is the partner's or the customer's value (`portal merge` checks the required
# ones first), and an optional part without a value (the preferences link) is dropped.
NO_TOKENS: dict[str, str] = {}


def drafts(kit: KitData, contracts: list[Contract], partner: dict[str, str]) -> list[Draft]:
    out, events = [], []
    for contract in contracts:
        values = customer_values(kit, contract, partner)
        folder = customer_folder(contract)
        for step in plan(kit, contract.expiry):
            email_id = step.touchpoint["email"]
            if not email_id:
                continue
            email = kit.emails[email_id]
            message = build_eml(fill(kit, email["subject"], values, html=False, tokens=NO_TOKENS),
                                fill(kit, email["text"], values, html=False, tokens=NO_TOKENS),
                                fill(kit, email["html"], values, html=True, tokens=NO_TOKENS),
                                kit["lang"],
                                to=contract.email)
            out.append(Draft(f"{folder}/{step.date:%Y-%m-%d}-{email_id}.eml", message))
        label = contract.values.get("company") or contract.email
        events += renewal_events(kit, contract.expiry, contract.email, label)
    out.append(Draft(CALENDAR_FILE, calendar(kit, events)))
    return out


def write_drafts(found: list[Draft], folder: Path) -> None:
    for draft in found:
        path = folder / draft.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(draft.data)
