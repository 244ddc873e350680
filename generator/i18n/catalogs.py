"""Read translations from locales/<locale>/LC_MESSAGES/messages.po, with checks and English fallback.

The .po files are read directly (compiled .mo files are build products for other tools), so a fuzzy
entry is known as fuzzy: it falls back to English with a warning, and `--strict` makes it an error.
A msgstr may not add markup, links or placeholders that its msgid lacks: Jinja marks translations
as safe markup, so without this check a .po file would be trusted HTML.
"""

from __future__ import annotations

import gettext
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po

from ..errors import Problem
from ..output import safe_join

log = logging.getLogger(__name__)

# Merge fields {name}, fact references [[name]] and Python's %-formats: a translation keeps them all.
_PLACEHOLDERS = re.compile(r"\{[a-z_]+\}|\[\[[^\[\]]*\]\]|%\([a-z_]+\)[sd]|%[sd]")
_TAGS = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9-]*)[^>]*>")
_URLS = re.compile(r"(?:https?|mailto|tel|javascript|data|vbscript|file)\s*:[^\s)\"'<>]*", re.I)
_ATTRS = re.compile(r"\s([a-zA-Z-]+)\s*=")


def po_path(locales_dir: Path, locale: str) -> Path:
    """A language's catalog; never a path outside `locales_dir`, whatever the code."""
    return safe_join(locales_dir, f"{locale}/LC_MESSAGES/messages.po")


@dataclass
class Translator(gettext.NullTranslations):
    """gettext for one locale from a checked catalog; misses fall back to English and are recorded."""

    locale: str
    messages: dict[str | tuple[str, str], str | tuple[str, ...]] = field(default_factory=dict)
    plural: object = staticmethod(lambda n: int(n != 1))
    tracks_misses: bool = True
    misses: set[str] = field(default_factory=set)
    path: str = ""                                            # the catalog, as shown in messages
    lines: dict[str, int] = field(default_factory=dict)       # msgid -> its line in the catalog

    def __post_init__(self) -> None:
        gettext.NullTranslations.__init__(self)

    def gettext(self, message: str) -> str:
        found = self.messages.get(message)
        if isinstance(found, str) and found:
            return found
        self._miss(message)
        return message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        forms = self.messages.get((singular, plural))
        if isinstance(forms, tuple) and all(forms):
            return forms[min(self.plural(n), len(forms) - 1)]
        self._miss(singular)
        return singular if n == 1 else plural

    def where(self, message: str) -> tuple[str, int] | None:
        """The catalog and line that translate `message`, if a catalog does."""
        line = self.lines.get(message)
        return (self.path, line) if self.path and line else None

    def _miss(self, message: str) -> None:
        if self.tracks_misses and message not in self.misses:
            self.misses.add(message)
            log.warning("%s: no translation for %r; using English", self.locale, message[:80])


def source_translator(locale: str) -> Translator:
    """The source language: every message is its own translation."""
    return Translator(locale, tracks_misses=False)


def load_translator(locales_dir: Path, locale: str, root: Path) -> tuple[Translator, list[Problem]]:
    """The checked translations of one locale, and the problems found in its catalog."""
    path = po_path(locales_dir, locale)
    shown = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
    if not path.is_file():
        return Translator(locale), [Problem(shown, 0, 0, "", "catalog is missing; run "
                                            f"`portal i18n update` to create it for {locale}")]
    try:
        with path.open("rb") as fp:
            catalog: Catalog = read_po(fp, locale=locale, abort_invalid=True)
    except PoFileError as exc:  # Babel counts lines from 0 and appends " on N" to the message
        message = str(exc).rsplit(" on ", 1)[0]
        return Translator(locale), [Problem(shown, exc.lineno + 1, 0, "",
                                            f"cannot read catalog: {message}")]
    except LookupError as exc:  # an unknown charset in the Content-Type header
        return Translator(locale), [Problem(shown, _header_line(path, "Content-Type"), 0, "",
                                            f"cannot read catalog: {exc}; expected "
                                            "Content-Type: text/plain; charset=UTF-8")]
    except (ValueError, UnicodeDecodeError) as exc:
        return Translator(locale), [Problem(shown, 0, 0, "", f"cannot read catalog: {exc}")]
    try:
        plural = gettext.c2py(catalog.plural_expr)
    except (ValueError, SyntaxError) as exc:
        return Translator(locale), [Problem(shown, _header_line(path, "Plural-Forms"), 0, "",
                                            f"the Plural-Forms header is not valid ({exc}); "
                                            "expected the form for this language, such as "
                                            "nplurals=2; plural=(n != 1);")]
    problems: list[Problem] = []
    messages: dict = {}
    lines: dict[str, int] = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        bad = message_problems(message.id, message.string)
        if bad:
            problems += [Problem(shown, message.lineno, 0, "msgstr", m) for m in bad]
            continue
        messages[message.id] = message.string
        lines[message.id if isinstance(message.id, str) else message.id[0]] = message.lineno
    translator = Translator(locale, messages, plural, path=shown,
                            lines=lines)
    return translator, problems


def _header_line(path: Path, name: str) -> int:
    """The line of a catalog's header field, for messages about it (0 if it is not there)."""
    for number, line in enumerate(path.read_bytes().splitlines(), 1):
        if line.lstrip(b'"').startswith(name.encode() + b":"):
            return number
    return 0


def message_problems(msgid: str | tuple, msgstr: str | tuple) -> list[str]:
    """Why a translation may not be used: placeholders, tags or links that differ from the msgid.

    A singular msgstr keeps exactly the msgid's; a plural form may drop some (languages whose
    singular names no number) but never add one.
    """
    ids = tuple(msgid) if isinstance(msgid, (tuple, list)) else (msgid,)
    strs = tuple(msgstr) if isinstance(msgstr, (tuple, list)) else (msgstr,)
    problems = []
    for string in filter(None, strs):
        for what, pattern in (("placeholders", _PLACEHOLDERS), ("HTML tags", _TAGS), ("links", _URLS)):
            expected = sorted(set().union(*(_items(pattern, i) for i in ids)))
            found = sorted(set(_items(pattern, string)))
            if found != expected if len(ids) == 1 else not set(found) <= set(expected):
                problems.append(f"{what} differ from the msgid; expected {expected or 'none'}, "
                                f"found {found or 'none'}")
    return list(dict.fromkeys(problems))


def _items(pattern: re.Pattern, text: str) -> list[str]:
    """Comparable spellings: tags with their attribute names, links and placeholders verbatim."""
    if pattern is _TAGS:
        return [f"<{m.group(1)}{m.group(2).lower()}{''.join(' ' + a for a in sorted(_ATTRS.findall(m.group(0))))}>"
                for m in pattern.finditer(text)]
    return [re.sub(r"\s", "", m.group(0)) for m in pattern.finditer(text)]
