"""The kit description a partner tool works from: read from a built site, or built in memory."""

from __future__ import annotations

import json
import re
import logging
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from ..errors import PortalError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class KitData:
    """kit.json of one language, with the look-ups the tools need."""

    data: dict[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    @cached_property
    def fields(self) -> dict[str, dict[str, Any]]:
        return {f["id"]: f for f in self.data["fields"]}

    def ids(self, filled_by: str) -> list[str]:
        return [f["id"] for f in self.data["fields"] if f["filled_by"] == filled_by]

    @cached_property
    def emails(self) -> dict[str, dict[str, Any]]:
        return {e["id"]: e for e in self.data["emails"]}


def load_kit(root: Path, locale: str | None, site: Path | None) -> KitData:
    """The kit of `locale` (default: the program's default language): from `site` when given (a
    built site folder), else rendered in memory from the project at `root` (never stale)."""
    if site is not None:
        return _from_site(site, locale)
    from ..build import render_kit_description

    return KitData(json.loads(render_kit_description(root, locale)))


def _from_site(site: Path, locale: str | None) -> KitData:
    if locale is None:
        built = sorted(p.parent.parent.name for p in site.glob("*/downloads/kit.json"))
        if not built:
            raise PortalError(f"{site}: no built kit (*/downloads/kit.json); run `portal build` "
                              "first, or leave out --site to use the content directly")
        locale = "en" if "en" in built else built[0]
    path = site / locale / "downloads" / "kit.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PortalError(f"{path}: missing; expected a site built by `portal build` with the "
                          f"locale {locale}") from None
    except (OSError, ValueError) as exc:
        raise PortalError(f"{path}: cannot read the kit description ({exc}); rebuild the site") from None
    from ..kit.describe import FORMAT

    if data.get("format") != FORMAT:
        raise PortalError(f"{path}: written by another version of the portal (format "
                          f"{data.get('format')!r}, expected {FORMAT}); rebuild the site")
    log.debug("Read %s", path)
    return KitData(data)


_NAME = re.compile(r"\{(\w+)\}")


def phrase(template: str, **values: object) -> str:
    """A translated phrase with its {names} filled; only plain names, never str.format's attribute
    or index look-ups (a catalog is untrusted input)."""
    return _NAME.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0),
                     template)
