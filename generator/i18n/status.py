"""`portal i18n status`: how far each language is, and which pages and emails still show English.

Counted against a fresh extraction of the project, not only against the .po file: a string that was
added to content since the last `portal i18n update` is untranslated for the build too, so it is
counted (and the report says to run the update).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from rich.console import Console
from rich.table import Table

from .catalogs import po_path
from .commands import extract_catalog, translated_locales
from .pofiles import read_catalog, shown_path
from .usage import uses_in_comments


@dataclass
class LocaleStatus:
    locale: str
    catalog: str                      # the .po path as shown to the user
    exists: bool = True
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    not_in_catalog: int = 0           # in the project, not yet merged into the .po
    affected: dict[str, Counter] = field(default_factory=dict)  # use -> {"untranslated": n, ...}

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def project_status(root: Path) -> list[LocaleStatus]:
    """The status of every language in content/program.yml `locales` but the source language."""
    codes = translated_locales(root)
    messages = [m for m in extract_catalog(root) if m.id]
    return [locale_status(root, code, messages) for code in codes]


def locale_status(root: Path, code: str, messages: list[Message]) -> LocaleStatus:
    path = po_path(root / "locales", code)
    status = LocaleStatus(code, shown_path(path, root), exists=path.is_file())
    catalog = read_catalog(path, status.catalog, code) if status.exists else Catalog(locale=code)
    for message in messages:
        state = _state(catalog.get(message.id, message.context))
        if state == "translated":
            status.translated += 1
            continue
        if state == "not in catalog":
            status.not_in_catalog += 1
        if state == "fuzzy":
            status.fuzzy += 1
        else:
            status.untranslated += 1
        for use in _uses(message):
            status.affected.setdefault(use, Counter())[state if state == "fuzzy" else "untranslated"] += 1
    return status


def _state(entry: Message | None) -> str:
    if entry is None:
        return "not in catalog"
    forms = [entry.string] if isinstance(entry.string, str) else list(entry.string or [""])
    if entry.fuzzy and any(forms):
        return "fuzzy"
    return "translated" if forms and all(forms) else "untranslated"


def _uses(message: Message) -> list[str]:
    """Where the message shows: the extractors' comments, else the files it comes from."""
    uses = list(dict.fromkeys(uses_in_comments(message.auto_comments)))
    return uses or list(dict.fromkeys(f"file: {name}" for name, _ in message.locations))


# --- printing --------------------------------------------------------------------------------------

def print_status(statuses: list[LocaleStatus], console: Console) -> None:
    if not statuses:
        console.print("No language to report: content/program.yml `locales` lists only the source "
                      "language. Add a locale code there, then run `portal i18n update`.")
        return
    console.print(_summary_table(statuses))
    for status in statuses:
        if not status.exists:
            console.print(f"{status.locale}: {status.catalog} is missing; run `portal i18n update`.")
        elif status.not_in_catalog:
            console.print(f"{status.locale}: {status.not_in_catalog} message(s) are not in "
                          f"{status.catalog} yet; run `portal i18n update`.")
        if status.affected:
            console.print(_affected_table(status))


def _summary_table(statuses: list[LocaleStatus]) -> Table:
    table = Table(title="Translations")
    for name in ("Locale", "Translated", "Fuzzy", "Untranslated", "Total", "Done"):
        table.add_column(name, justify="left" if name == "Locale" else "right")
    for s in statuses:
        table.add_row(s.locale, str(s.translated), str(s.fuzzy), str(s.untranslated), str(s.total),
                      f"{s.percent:.0f}%")
    return table


def _affected_table(status: LocaleStatus) -> Table:
    table = Table(title=f"{status.locale}: still shown in English (untranslated) or falling back "
                        "(fuzzy)")
    for name in ("Where", "Untranslated", "Fuzzy"):
        table.add_column(name, justify="left" if name == "Where" else "right")
    for use, counts in sorted(status.affected.items()):
        table.add_row(use, str(counts["untranslated"]), str(counts["fuzzy"]))
    return table
