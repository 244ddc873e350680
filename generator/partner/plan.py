"""A customer's renewal calendar: each touchpoint's date, the partner's action before it, and the
grace rule of the customer's region, computed from the expiration date and kit.json."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .dates import offset, shown
from .kitdata import KitData, phrase


@dataclass(frozen=True)
class Step:
    touchpoint: dict[str, Any]
    date: dt.date
    action_date: dt.date | None       # when the partner's suggested action is due


def plan(kit: KitData, expiry: dt.date) -> list[Step]:
    """Every touchpoint of the schedule, in date order, for a customer expiring on `expiry`."""
    steps = []
    for tp in kit["touchpoints"]:
        day = offset(expiry, tp["day"])
        action = tp["partner_action"]
        steps.append(Step(tp, day, offset(day, -action["days_before"]) if action else None))
    return steps


def next_step(steps: list[Step], today: dt.date) -> Step | None:
    """The first touchpoint on or after `today` (None once the schedule is over)."""
    return next((s for s in steps if s.date >= today), None)


def grace_rule(kit: KitData, expiry: dt.date, region: str | None) -> str:
    """The grace period that applies to `expiry` in `region` (an ISO code; None: the rule for every
    region without its own date): the old length before the region's effective date, the new one
    (none when the change removed it) from then on; as one sentence in the kit's language."""
    rules = kit["grace"]["rules"]
    rule = next((r for r in rules if region and r["region_code"] == region.upper()), None) \
        or next((r for r in rules if not r["region_code"]), rules[0])
    start = dt.date.fromisoformat(rule["date"])
    days = kit["grace"]["new_days"] if expiry >= start else kit["grace"]["days"]
    if not days:
        return phrase(kit["phrases"]["grace_ended"], region=rule["region"], date=shown(kit, start),
                      expiry=shown(kit, expiry))
    return phrase(kit["phrases"]["grace_open"], region=rule["region"], days=days,
                  until=shown(kit, offset(expiry, days)))


def regions(kit: KitData) -> list[str]:
    """The region codes with a rule of their own."""
    return [r["region_code"] for r in kit["grace"]["rules"] if r["region_code"]]
