"""Helpers for the translation tests: locales switched on in a project copy, catalogs edited in
place, and the real msgfmt.

Tests that need a language with no shipped catalog use Italian (it), which the program does not
ship; tests that write their own catalog may use any language."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

MSGFMT = "/usr/bin/msgfmt"


def enable_locales(project: Path, *codes: str) -> None:
    """Build exactly English and `codes` in a project copy, whatever the shipped list holds."""
    path = project / "content" / "program.yml"
    text = path.read_text(encoding="utf-8")
    line = re.search(r"^locales: \[[^\]\n]*\]$", text, re.M)
    assert line, f"no one-line `locales: [...]` in {path}"
    path.write_text(text.replace(line.group(0), f"locales: [{', '.join(('en', *codes))}]"),
                    encoding="utf-8")


def po_file(project: Path, code: str) -> Path:
    return project / "locales" / code / "LC_MESSAGES" / "messages.po"


def read_catalog(path: Path, code: str | None = None) -> Catalog:
    with path.open("rb") as fp:
        return read_po(fp, locale=code)


def save_catalog(path: Path, catalog: Catalog) -> None:
    with path.open("wb") as fp:
        write_po(fp, catalog, width=79)


def translate(path: Path, code: str, translations: dict, fuzzy: tuple = ()) -> None:
    """Fill in msgstrs of an existing catalog, as a translator's editor would."""
    catalog = read_catalog(path, code)
    for msgid, string in translations.items():
        message = catalog.get(msgid)
        assert message is not None, f"{msgid!r} is not in {path}"
        message.string = string
        if msgid in fuzzy:
            message.flags.add("fuzzy")
        else:
            message.flags.discard("fuzzy")
    save_catalog(path, catalog)


def msgfmt() -> str:
    """The real msgfmt; skipped when absent, unless PORTAL_REQUIRE_BROWSER=1 (CI) makes it a failure."""
    found = MSGFMT if os.access(MSGFMT, os.X_OK) else shutil.which("msgfmt")
    if found:
        return found
    reason = "msgfmt (GNU gettext) is not installed: apt-get install gettext"
    if os.environ.get("PORTAL_REQUIRE_BROWSER") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def msgfmt_check(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([msgfmt(), "--check", "-o", os.devnull, str(path)],
                          capture_output=True, text=True)
