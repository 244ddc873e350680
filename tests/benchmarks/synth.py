"""Synthetic projects for the scale benchmark: the shipped content grown to L languages x T touchpoints.

Each language gets a complete pseudo-translated catalog (accented letters between ⟦ ⟧, with
placeholders, tags and links kept as they are, so the catalog checks pass), made the way
translators' catalogs are made: `portal i18n extract`, then one .po per language. Touchpoints are
the shipped emails cloned with their own ids, days and wording, so each is its own email and its
own messages. Nothing here is written inside the repository.
"""

from __future__ import annotations

import copy
import re
from io import BytesIO
from pathlib import Path
from typing import Any

import yaml
from babel.messages.pofile import read_po, write_po

from generator.i18n.catalogs import po_path
from generator.i18n.commands import extract
from tests.conftest import copy_project

# Real Babel locale codes that Material for MkDocs has a language for; the first seven mix scripts
# and directions (Latin, Japanese, Arabic right-to-left), as a real program's first languages would.
LOCALES = [
    "en", "de", "fr", "es", "ja", "ar", "pt_BR",
    "it", "nl", "sv", "da", "fi", "nb", "pl", "cs", "ko", "zh_CN", "ru", "tr", "he",
    "sk", "hu", "ro", "bg", "el", "uk", "th", "vi", "id", "ms", "hi", "pt_PT", "zh_TW", "hr",
    "sl", "sr", "lt", "lv", "et", "ca", "eu", "gl", "is", "fa", "ta", "bn", "af", "cy", "mk", "ka",
]
assert len(LOCALES) == len(set(LOCALES)) == 50

_KEEP = re.compile(r"(\[\[[a-z0-9_.-]+\]\]|\{[a-z_]+\}|%\([a-z_]+\)[sd]|%[sd]|<[^>]*>|&[a-z]+;|"
                   r"(?:https?|mailto|tel|page):[^\s)\"'<>]*)")
_ACCENTED = str.maketrans("aeiouycnAEIOUYCN", "áéíóúýçñÁÉÍÓÚÝÇÑ")


def pseudo(text: str) -> str:
    """A pseudo-translation that keeps every placeholder, tag, entity and link of `text`."""
    if not text:
        return text
    parts = _KEEP.split(text)
    return "⟦" + "".join(p if i % 2 else p.translate(_ACCENTED) for i, p in enumerate(parts)) + "⟧"


def _append(container, key, suffix: str) -> None:
    """Text in content may be plural forms ({one: ..., other: ...}) since fact references."""
    value = container[key]
    container[key] = {form: text + suffix for form, text in value.items()} \
        if isinstance(value, dict) else value + suffix


def make_project(dest: Path, languages: int, touchpoints: int) -> Path:
    """A copy of the shipped project with `languages` languages and `touchpoints` email touchpoints
    (plus the shipped phone touchpoint), its catalogs pseudo-translated."""
    root = copy_project(dest)
    codes = LOCALES[:languages]
    _edit_yaml(root / "content" / "program.yml", lambda data: data.update(locales=codes))
    emails = _load(root / "content" / "emails.yml")
    schedule = _load(root / "content" / "schedule.yml")
    base_emails = emails["emails"]
    email_tps = [tp for tp in schedule["touchpoints"] if tp["channel"] == "email"]
    phone_tps = [tp for tp in schedule["touchpoints"] if tp["channel"] != "email"]
    new_emails, new_tps = [], []
    for k in range(touchpoints):
        email = copy.deepcopy(base_emails[k % len(base_emails)])
        tp = copy.deepcopy(email_tps[k % len(email_tps)])
        # the first round keeps the shipped ids: content refers to them ([[days.notice-60]])
        if k >= len(base_emails):
            email["id"] = tp["id"] = tp["email"] = f"{email['id']}-{k + 1}"
        _append(email, "heading", f" (reminder {k + 1})")
        _append(email["body"], 1, f" This is reminder {k + 1} of {touchpoints}.")
        tp["day"] = -120 + k * (240 // touchpoints)
        _append(tp, "title", f" (reminder {k + 1})")
        new_emails.append(email)
        new_tps.append(tp)
    emails["emails"] = new_emails
    schedule["touchpoints"] = sorted(new_tps + phone_tps, key=lambda tp: tp["day"])
    _dump(root / "content" / "emails.yml", emails)
    _dump(root / "content" / "schedule.yml", schedule)
    extract(root)
    translate_all(root, codes[1:])
    return root


def translate_all(root: Path, codes: list[str]) -> None:
    """One fully pseudo-translated catalog per language, from locales/messages.pot."""
    template = (root / "locales" / "messages.pot").read_bytes()
    for code in codes:
        catalog = read_po(BytesIO(template))
        catalog.locale = code
        for message in catalog:
            if not message.id:
                continue
            if isinstance(message.id, (tuple, list)):
                singular, plural = message.id
                message.string = tuple(pseudo(singular if n == 0 else plural)
                                       for n in range(catalog.num_plurals))
            else:
                message.string = pseudo(message.id)
            message.flags.discard("fuzzy")
        path = po_path(root / "locales", code)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as fp:
            write_po(fp, catalog, width=79)


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _dump(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100),
                    encoding="utf-8")


def _edit_yaml(path: Path, change) -> None:
    data = _load(path)
    change(data)
    _dump(path, data)
