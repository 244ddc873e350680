"""Facts that copy refers to as `[[name]]`: which names exist where, their values, their checks.

A fact lives once in content/ (the vendor in program.yml, a touchpoint's day in schedule.yml, ...);
copy that restates it writes a reference instead, which the build fills in after translation, in the
reader's formats. Merge fields (`{first_name}`) are the other kind of placeholder: the partner's
email system fills those in.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from .errors import did_you_mean
from .loader import Loc
from .models import Content
from .values import Text

REFERENCE = re.compile(r"\[\[([^\[\]]*)\]\]")
_NAME = re.compile(r"[a-z][a-z_]*(?:\.[a-z0-9][a-z0-9-]*)?")
_STRAY = re.compile(r"\[\[|\]\]")

Kind = Literal["text", "count", "date", "phone"]


@dataclass(frozen=True)
class Fact:
    kind: Kind
    value: Any          # str, int, date, or a Contact


@dataclass(frozen=True)
class Reader:
    """Whose copy it is: facts such as the effective date or the phone number depend on it."""

    language: str
    region: str


def facts_at(content: Content, loc: Loc, reader: Reader | None = None) -> dict[str, Fact]:
    """The facts copy may refer to at `loc` (section first, e.g. ("schedule", "touchpoints", 0,
    "title")), with their values for `reader` (without one: the program's defaults)."""
    found = _global_facts(content, reader)
    days = own_days(content, loc)
    if days is not None:
        found["days"] = Fact("count", days)
    return found


def _global_facts(content: Content, reader: Reader | None) -> dict[str, Fact]:
    program, grace = content.program, content.policies.grace_period
    contacts = content.contacts
    found: dict[str, Fact] = {
        "vendor": Fact("text", program.vendor),
        "segment": Fact("text", program.segment),
        "grace_days": Fact("count", grace.grace_days),
        "new_grace_days": Fact("count", grace.new_grace_days),
        "effective_date": Fact("date", effective_date(content, reader.region if reader else None)),
        "phone": Fact("phone", contacts.for_reader(reader.language, reader.region) if reader
                      else content.primary_contact),
    }
    for tp in content.schedule.touchpoints:
        found[f"days.{tp.id}"] = Fact("count", abs(tp.day))
    for entry in grace.effective:
        if entry.id:
            found[f"effective_date.{entry.id}"] = Fact("date", entry.date)
    for contact in contacts.contacts:
        found[f"phone.{contact.id}"] = Fact("phone", contact)
    return found


def effective_date(content: Content, region: str | None) -> dt.date:
    """The date of the reader's region, else of the entry that names no country, else the first."""
    dates = content.policies.grace_period.effective
    return (next((e.date for e in dates if region and e.region_code == region), None)
            or next((e.date for e in dates if e.region_code is None), None) or dates[0].date)


def own_days(content: Content, loc: Loc) -> int | None:
    """The day count of the touchpoint whose copy `loc` is in, if it is in one (and only one day)."""
    days = _own_days_all(content, loc)
    return days[0] if len(set(days)) == 1 else None


def _own_days_all(content: Content, loc: Loc) -> list[int]:
    if loc[:2] == ("schedule", "touchpoints") and len(loc) > 2:
        return [abs(content.schedule.touchpoints[loc[2]].day)]  # type: ignore[index]
    if loc[:1] == ("emails",) and len(loc) > 2 and loc[1] in ("emails", "call_scripts"):
        item = getattr(content.emails, str(loc[1]))[loc[2]]
        return [abs(tp.day) for tp in content.touchpoints_of(item.id)]
    return []


# --- checking ------------------------------------------------------------------------------------

def reference_problems(content: Content, loc: Loc, text: Text) -> Iterator[tuple[Loc, str]]:
    """What is wrong with the references in `text` at `loc`: (where, message) for each problem."""
    known = facts_at(content, loc)
    forms = {"one": text.one, "other": str(text)} if text.one is not None else {"": str(text)}
    counts: list[str] = []
    for key, form in forms.items():
        where = (*loc, key) if key else loc
        for name in REFERENCE.findall(form):
            if name not in known:
                yield where, _unknown(name, content, loc, known)
            elif known[name].kind == "count":
                counts.append(name)
        if _STRAY.search(REFERENCE.sub("", form)):
            yield where, ("expected a fact reference written [[name]] with a name of lower-case "
                          "letters and underscores (and .ID), found an unmatched [[ or ]]")
    yield from ((loc, message) for message in _plural_problems(text, known, counts))


def _unknown(name: str, content: Content, loc: Loc, known: dict[str, Fact]) -> str:
    if name == "days":
        why = "[[days]] is the day count of the touchpoint whose copy this is"
        if len(set(_own_days_all(content, loc))) > 1:
            return f"{why}, and touchpoints with different days send this copy; write [[days.ID]]"
        ids = ", ".join(f"[[days.{tp.id}]]" for tp in content.schedule.touchpoints)
        return (f"{why} (a touchpoint in schedule.yml, its email or call script); this text is "
                f"not one, so name the touchpoint: one of {ids}")
    if not _NAME.fullmatch(name):
        return (f"expected a fact reference written [[name]] with a name of lower-case letters and "
                f"underscores (and .ID), found [[{name}]]")
    hint = did_you_mean(name, list(known), after=" ")
    return f"unknown fact [[{name}]]; {hint}expected one of: {', '.join(sorted(known))}"


def _plural_problems(text: Text, known: dict[str, Fact], counts: list[str]) -> list[str]:
    distinct = list(dict.fromkeys(counts))
    if text.one is None:
        if distinct:
            return [f"[[{distinct[0]}]] is a count: write this text as plural forms (one: ..., "
                    "other: ...) so it stays grammatical when the count is 1"]
        return []
    if text.count is not None:
        if text.count not in known or known[text.count].kind != "count":
            listed = ", ".join(n for n, f in sorted(known.items()) if f.kind == "count")
            return [f"count: {text.count!r} is not a count fact; expected one of: {listed}"]
        return []
    if len(distinct) != 1:
        found = ", ".join(f"[[{n}]]" for n in distinct) or "none"
        return [f"expected plural forms to count exactly one fact, found {found}; name it with "
                "count: NAME"]
    return []


def count_of(text: Text, facts: dict[str, Fact]) -> int:
    """The number that picks the plural form of `text` (a checked text with forms)."""
    name = text.count or next(n for n in REFERENCE.findall(str(text)) if facts[n].kind == "count")
    return int(facts[name].value)


def substitute(text: str, facts: dict[str, Fact], show: Callable[[Fact], str]) -> str:
    """`text` with each reference replaced by `show(fact)` (the caller escapes for its markup)."""
    return REFERENCE.sub(lambda m: show(facts[m.group(1)]) if m.group(1) in facts else m.group(0),
                         text)
