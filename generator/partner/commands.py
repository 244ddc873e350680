"""`portal calendar` and `portal merge`: read the kit, check the input, print, write."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import click

from ..errors import PortalError
from ..output import staging, swap_into_place, write_tree
from .contracts import read_contracts
from .dates import parse_iso, shown
from .details import load_details, missing_footer
from .drafts import CALENDAR_FILE, drafts
from .ics import calendar, renewal_events
from .kitdata import KitData, load_kit, phrase
from .plan import grace_rule, plan


def run_calendar(root: Path, site: Path | None, locale: str | None, expiry_text: str,
                 region: str | None, out: Path | None) -> None:
    expiry = parse_iso(expiry_text)
    if expiry is None:
        raise PortalError(f"--expiry: expected a date written YYYY-MM-DD, found {expiry_text!r}")
    kit = load_kit(root, locale, site)
    click.echo(f"Renewal calendar ({kit['locale']}) for an expiration on {expiry:%Y-%m-%d} "
               f"({shown(kit, expiry)}):")
    for step in plan(kit, expiry):
        tp, action = step.touchpoint, step.touchpoint["partner_action"]
        if step.action_date:
            click.echo(f"  {step.action_date:%Y-%m-%d}  {shown(kit, step.action_date)}: "
                       + phrase(kit["phrases"]["partner_action"], days=action["days_before"],
                                action=action["text"]))
        click.echo(f"  {step.date:%Y-%m-%d}  {shown(kit, step.date)}: {tp['title']} "
                   f"({tp['who']}; {tp['when']})")
    click.echo(grace_rule(kit, expiry, region))
    target = out or Path(f"renewal-{expiry:%Y-%m-%d}.ics")
    events = renewal_events(kit, expiry)
    _write_file(target, calendar(kit, events))
    click.echo(f"Wrote {target} ({len(events)} events).")


def run_merge(root: Path, site: Path | None, locale: str | None, contracts_csv: Path, out: Path,
              partner_file: Path | None) -> None:
    kit = load_kit(root, locale, site)
    partner = load_details(partner_file, kit) if partner_file else {}
    contracts, problems = read_contracts(contracts_csv, kit)
    _check_partner(kit, partner, contracts, partner_file)
    for problem in problems:
        click.echo(f"{contracts_csv}:{problem.line}: skipped: {problem.message}", err=True)
    if not contracts:
        raise PortalError(f"{contracts_csv}: no usable row; nothing was written")
    found = drafts(kit, contracts, partner)
    _replace_folder(out, {d.path: d.data for d in found})
    click.echo(f"Wrote {len(found) - 1} drafts for {len(contracts)} customers and {CALENDAR_FILE} "
               f"to {out}" + (f"; skipped {len(problems)} bad rows." if problems else "."))


def _check_partner(kit: KitData, partner: dict[str, str], contracts, partner_file) -> None:
    """Every partner merge field needs a value, from partner.yml or a column of every row."""
    missing = [i for i in kit.ids("partner")
               if i not in partner and not all(i in c.values for c in contracts)]
    if missing:
        where = partner_file or "--partner partner.yml"
        raise PortalError(f"no value for {', '.join(missing)}; expected it in {where} (or a column "
                          "of the CSV); nothing was written")
    footer = missing_footer(kit, partner)
    if footer:
        raise PortalError(f"{partner_file or '--partner partner.yml'}: no {', no '.join(footer)}; the "
                          "drafts' footer needs the partner's postal address (sender_address) and an "
                          "unsubscribe link (unsubscribe_link: an https:// link or mailto: and an "
                          "email address); nothing was written")


def _write_file(target: Path, data: bytes) -> None:
    """Write `target` through a temporary file beside it, so a failure leaves no half file."""
    if target.is_dir():
        raise PortalError(f"--out {target}: is a folder; expected a file name such as renewal.ics")
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, target)
    except OSError as exc:
        raise PortalError(f"cannot write {target}: {exc.strerror or exc}") from None


def _replace_folder(out: Path, files: dict[str, bytes]) -> None:
    """Write the drafts into `out`: a new or empty folder, or one an earlier merge wrote (it is
    replaced whole); never a folder that holds anything else."""
    if out.exists() and (not out.is_dir() or (any(out.iterdir())
                                              and not (out / CALENDAR_FILE).is_file())):
        raise PortalError(f"--out {out}: exists and holds other files; expected a new or empty "
                          "folder, or the folder of an earlier merge")
    try:
        with staging(out) as stage:
            write_tree(stage / "out", files)  # type: ignore[arg-type]
            swap_into_place(stage / "out", out)
    except OSError as exc:
        raise PortalError(f"cannot write the drafts to {out}: {exc.strerror or exc}") from None
