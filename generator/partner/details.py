"""partner.yml: the partner's own details for `portal merge`, read with the project's YAML loader and
checked like content (file:line:col: key: what was expected). The same keys as the kit page's
co-branding form: every partner merge field, partner_website and partner_logo_url, and the footer's
fields of the drafts (sender_address and unsubscribe_link, required; preferences_link)."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError, Problem
from ..kit.slots import SLOTS
from ..loader import load_yaml
from .checks import clean, value_problem
from .kitdata import KitData

SLOT_KINDS = {"partner_website": "url", "partner_logo_url": "url"}


def partner_kinds(kit: KitData) -> dict[str, str]:
    """Each co-branding key and the kind of value it takes."""
    return {**{i: kit.fields[i]["kind"] for i in kit.ids("partner")}, **{s: SLOT_KINDS[s] for s in SLOTS},
            **{f["id"]: f["kind"] for f in kit["footer"]}}


def missing_footer(kit: KitData, details: dict[str, str]) -> list[str]:
    """The footer's required fields without a value: a draft may not go out without them."""
    return [f["id"] for f in kit["footer"] if f["required"] and not details.get(f["id"])]


def load_details(path: Path, kit: KitData) -> dict[str, str]:
    shown = path.as_posix()
    doc, problems = load_yaml(path, shown)
    if doc is None:
        raise InputError(problems)
    kinds = partner_kinds(kit)
    details: dict[str, str] = {}
    for key, value in doc.data.items():
        line, col = doc.mark((key,), key=True)
        if key not in kinds:
            problems.append(Problem(shown, line, col, key, f"unknown key; expected one of: "
                                    f"{', '.join(kinds)}"))
            continue
        line, col = doc.mark((key,))
        if not isinstance(value, str):
            problems.append(Problem(shown, line, col, key, "expected one line of text, found a "
                                    f"{'list' if isinstance(value, list) else 'mapping'}"))
            continue
        value = clean(value)
        problem = value_problem(kit, kinds[key], value) if value else None
        if problem:
            problems.append(Problem(shown, line, col, key, problem))
        elif value:
            details[key] = value
    if problems:
        raise InputError(problems)
    return details
