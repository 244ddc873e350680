"""One locale's view of the content: translated text, and dates and phone numbers in its formats."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import phonenumbers
from babel import Locale
from babel.core import get_global
from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal
from markupsafe import Markup, escape
from pydantic import BaseModel

from ..facts import Fact, Reader, count_of, facts_at, substitute
from ..markup import escape_markdown
from ..models import Contact, Content
from ..values import MarkdownText, Text
from .catalogs import Translator

# Material's theme.language and lunr's search language for each locale we build, where they differ
# from the locale code.
_MATERIAL_LANGUAGE = {"pt_BR": "pt-BR", "zh_TW": "zh-TW", "zh_CN": "zh", "pt_PT": "pt"}
_SEARCH_LANGUAGES = {"ar", "da", "de", "du", "en", "es", "fi", "fr", "hi", "hu", "hy", "it", "ja",
                     "kn", "ko", "nl", "no", "pt", "ro", "ru", "sa", "sv", "ta", "te", "th", "tr",
                     "vi", "zh"}


@dataclass(frozen=True)
class LocaleContext:
    """Everything that differs by locale, apart from the translated text itself."""

    code: str
    translator: Translator
    home_region: str

    @cached_property
    def locale(self) -> Locale:
        return Locale.parse(self.code)

    @property
    def tag(self) -> str:
        """BCP 47 language tag for lang attributes: pt-BR."""
        return self.code.replace("_", "-")

    @property
    def direction(self) -> str:
        return "rtl" if self.locale.character_order == "right-to-left" else "ltr"

    @property
    def material_language(self) -> str:
        return _MATERIAL_LANGUAGE.get(self.code, self.locale.language)

    @property
    def search_language(self) -> str:
        language = self.locale.language
        return language if language in _SEARCH_LANGUAGES else "en"

    @cached_property
    def region(self) -> str:
        """The reader's region: the locale's territory, or the likeliest one for its language."""
        if self.locale.territory:
            return self.locale.territory
        likely = get_global("likely_subtags").get(self.locale.language, "")
        return likely.rsplit("_", 1)[-1] if "_" in likely else self.home_region

    @property
    def display_name(self) -> str:
        name = self.locale.get_display_name(self.locale) or self.code
        return name[:1].upper() + name[1:]  # "Português (Brasil)", not "Português (brasil)"

    def gettext(self, message: str) -> str:
        return self.translator.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.translator.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return self.translator.pgettext(context, message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return self.translator.npgettext(context, singular, plural, n)

    def date(self, value: dt.date, form: str = "long") -> str:
        return format_date(value, format=form, locale=self.locale)

    def regions(self, codes: tuple[str, ...]) -> str:
        """ISO 3166 region codes as this locale names them, as a list ("Germany, Austria and ...")."""
        names = [self.locale.territories.get(code, code) for code in codes]
        return format_list(names, locale=self.locale) if names else ""

    def phone(self, contact: Contact) -> str:
        """The number as a reader in this locale's region dials it."""
        number = phonenumbers.parse(contact.phone, contact.region)
        form = phonenumbers.PhoneNumberFormat.NATIONAL \
            if phonenumbers.region_code_for_number(number) == self.region \
            else phonenumbers.PhoneNumberFormat.INTERNATIONAL
        text = phonenumbers.format_number(number, form)
        # In right-to-left text a number is isolated left to right (LRI ... PDI), or it reads
        # "6552-675-866 1+".
        return f"\u2066{text}\u2069" if self.direction == "rtl" else text

    def phone_link(self, contact: Contact) -> Markup:
        number = phonenumbers.parse(contact.phone, contact.region)
        uri = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.RFC3966)
        return Markup('<a href="{}">{}</a>').format(uri, escape(self.phone(contact)))

    def contact(self, content: Content) -> Contact:
        """The contact this locale's readers call first (a regional one, else the global one)."""
        return content.contacts.for_reader(self.code, self.region)

    def tel_uri(self, contact: Contact) -> str:
        number = phonenumbers.parse(contact.phone, contact.region)
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.RFC3966)


def localize(content: Content, loc: LocaleContext) -> Content:
    """The content in `loc`'s language: every text translated (the Sphinx way: looked up by its
    English text; texts with plural forms by the count they name), then its [[fact]] references
    filled in with the values in the reader's formats, escaped for the text's markup."""
    reader = Reader(loc.code, loc.region)
    source_facts = _FactsAt(content, None)
    translated = _map_texts(content, (), lambda text, at: _translate(text, at, loc.translator,
                                                                      source_facts))
    reader_facts = _FactsAt(translated, reader)
    return _map_texts(translated, (), lambda text, at: _fill(text, reader_facts(at), loc))


class _FactsAt:
    """facts_at for one content and reader, computed once per touchpoint rather than per text."""

    def __init__(self, content: Content, reader: Reader | None):
        self.content, self.reader = content, reader
        self._cache: dict[tuple, dict[str, Fact]] = {}

    def __call__(self, at: tuple) -> dict[str, Fact]:
        key = tuple(at[:3])
        if key not in self._cache:
            self._cache[key] = facts_at(self.content, at, self.reader)
        return self._cache[key]


def _translate(text: Text, at: tuple, translator: Translator, facts: _FactsAt) -> str:
    if text.one is None:
        return translator.gettext(text)
    return translator.ngettext(text.one, str(text), count_of(text, facts(at)))


def _fill(text: Text, facts: dict[str, Fact], loc: LocaleContext) -> str:
    markdown = isinstance(text, MarkdownText)

    def show(fact: Fact) -> str:
        value = _formatted(fact, loc)
        return escape_markdown(value) if markdown else value
    return substitute(text, facts, show) if "[[" in text else text


def _formatted(fact: Fact, loc: LocaleContext) -> str:
    if fact.kind == "count":
        return format_decimal(fact.value, locale=loc.locale)
    if fact.kind == "date":
        return loc.date(fact.value)
    if fact.kind == "phone":
        return loc.phone(fact.value)
    return str(fact.value)


def _map_texts(value: Any, at: tuple, change) -> Any:
    """`value` with every Text replaced by `change(text, location)`, kept as its own kind of Text."""
    if isinstance(value, Text):
        return type(value)(change(value, at))
    if isinstance(value, BaseModel):
        changes = {name: _map_texts(getattr(value, name), (*at, name), change)
                   for name in type(value).model_fields}
        return value.model_copy(update=changes)
    if isinstance(value, list):
        return [_map_texts(item, (*at, i), change) for i, item in enumerate(value)]
    return value
