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
from .posyntax import syntax_problems

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

    def pgettext(self, context: str, message: str) -> str:
        """`message` in the role `context` (msgctxt): one English word may need two translations."""
        found = self.messages.get(context_key(context, message))
        if isinstance(found, str) and found:
            return found
        self._miss(context_key(context, message))
        return message

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        forms = self.messages.get((context_key(context, singular), plural))
        if isinstance(forms, tuple) and all(forms):
            return forms[min(self.plural(n), len(forms) - 1)]
        self._miss(context_key(context, singular))
        return singular if n == 1 else plural

    def where(self, message: str) -> tuple[str, int] | None:
        """The catalog and line that translate `message`, if a catalog does."""
        line = self.lines.get(message)
        return (self.path, line) if self.path and line else None

    def _miss(self, message: str) -> None:
        if self.tracks_misses and message not in self.misses:
            self.misses.add(message)
            log.warning("%s: no translation for %s; using English", self.locale, shown_key(message))


def context_key(context: str | None, message: str) -> str:
    """How gettext keys a message with a context: "context\x04message"."""
    return f"{context}\x04{message}" if context else message


def shown_key(key: str) -> str:
    """A message key as people read it: 'Renew online' (label)."""
    context, _, message = key.rpartition("\x04")
    return f"{message[:80]!r} ({context})" if context else repr(key[:80])


def source_translator(locale: str) -> Translator:
    """The source language: every message is its own translation."""
    return Translator(locale, tracks_misses=False)


def message_key(message) -> str | tuple[str, str]:
    """A catalog message's key in Translator.messages: its msgid (singular, plural), with context."""
    if isinstance(message.id, str):
        return context_key(message.context, message.id)
    return (context_key(message.context, message.id[0]), message.id[1])


def load_translator(locales_dir: Path, locale: str, root: Path, rules: "PlaceholderRules | None" = None
                    ) -> tuple[Translator, list[Problem]]:
    """The checked translations of one locale, and the problems found in its catalog."""
    path = po_path(locales_dir, locale)
    shown = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
    if not path.is_file():
        return Translator(locale), [Problem(shown, 0, 0, "", "catalog is missing; run "
                                            f"`portal i18n update` to create it for {locale}")]
    try:
        broken = syntax_problems(path.read_bytes().decode("utf-8"))
        if broken:
            return Translator(locale), [Problem(shown, line, 0, "", f"cannot read catalog: {text} "
                                                "(msgfmt --check refuses it)")
                                        for line, text in broken]
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
        bad = message_problems(message.id, message.string, rules)
        if bad:
            problems += [Problem(shown, message.lineno, 0, "msgstr", m) for m in bad]
            continue
        key = message_key(message)
        messages[key] = message.string
        lines[key if isinstance(key, str) else key[0]] = message.lineno
    translator = Translator(locale, messages, plural, path=shown,
                            lines=lines)
    return translator, problems


def _header_line(path: Path, name: str) -> int:
    """The line of a catalog's header field, for messages about it (0 if it is not there)."""
    for number, line in enumerate(path.read_bytes().splitlines(), 1):
        if line.lstrip(b'"').startswith(name.encode() + b":"):
            return number
    return 0


@dataclass(frozen=True)
class PlaceholderRules:
    """What a translation may do with merge fields beyond keeping the msgid's.

    A greeting or a subject is written anew in each language: "{company}\n{last_name}様" greets by
    company and surname where the English says "Hello {first_name},", and a short subject may
    leave a field out. Those msgids (`free`) may use any declared merge field and drop any; every
    other msgid keeps exactly its placeholders.
    """

    merge_fields: tuple[str, ...] = ()
    free: frozenset[str] = frozenset()


def placeholder_rules(content) -> PlaceholderRules:
    """The rules for a project: its declared merge fields; its emails' subjects and greetings."""
    free = {form for email in content.emails.emails
            for text in (email.subject, email.preheader, email.greeting) if text
            for form in (str(text), text.one) if form}
    return PlaceholderRules(tuple(f.id for f in content.merge_fields.fields), frozenset(free))


def message_problems(msgid: str | tuple, msgstr: str | tuple,
                     rules: PlaceholderRules | None = None) -> list[str]:
    """Why a translation may not be used: placeholders, tags or links that differ from the msgid.

    A singular msgstr keeps exactly the msgid's; a plural form may drop some (languages whose
    singular names no number) but never add one. A greeting or subject (see PlaceholderRules) may
    use any declared merge field.
    """
    ids = tuple(msgid) if isinstance(msgid, (tuple, list)) else (msgid,)
    strs = tuple(msgstr) if isinstance(msgstr, (tuple, list)) else (msgstr,)
    problems = []
    free = rules is not None and ids[0] in rules.free
    for string in filter(None, strs):
        for what, pattern in (("placeholders", _PLACEHOLDERS), ("HTML tags", _TAGS), ("links", _URLS)):
            if free and pattern is _PLACEHOLDERS:
                problems += _free_placeholder_problems(ids, string, rules)  # type: ignore[arg-type]
                continue
            expected = sorted(set().union(*(_items(pattern, i) for i in ids)))
            found = sorted(set(_items(pattern, string)))
            if found != expected if len(ids) == 1 else not set(found) <= set(expected):
                problems.append(f"{what} differ from the msgid; expected {expected or 'none'}, "
                                f"found {found or 'none'}")
    return list(dict.fromkeys(problems))


def _free_placeholder_problems(ids: tuple, string: str, rules: PlaceholderRules) -> list[str]:
    """Any declared merge field, and none of the msgid's other placeholders (facts) but some."""
    known = [f"{{{name}}}" for name in rules.merge_fields]
    expected = set().union(*(_items(_PLACEHOLDERS, i) for i in ids))
    problems = []
    for name in dict.fromkeys(_items(_PLACEHOLDERS, string)):
        if name.startswith("{") and name not in known:
            problems.append(f"unknown merge field {name}; expected any of {', '.join(known)} "
                            "(content/merge_fields.yml)")
        elif not name.startswith("{") and name not in expected:
            problems.append(f"placeholders differ from the msgid; {name} is not in the msgid")
    return problems


def _items(pattern: re.Pattern, text: str) -> list[str]:
    """Comparable spellings: tags with their attribute names, links and placeholders verbatim."""
    if pattern is _TAGS:
        return [f"<{m.group(1)}{m.group(2).lower()}{''.join(' ' + a for a in sorted(_ATTRS.findall(m.group(0))))}>"
                for m in pattern.finditer(text)]
    return [re.sub(r"\s", "", m.group(0)) for m in pattern.finditer(text)]
