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
from markupsafe import Markup, escape
from pydantic import BaseModel

from ..models import Contact, Content, Text
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

    def tel_uri(self, contact: Contact) -> str:
        number = phonenumbers.parse(contact.phone, contact.region)
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.RFC3966)


def localize(content: Content, translator: Translator) -> Content:
    """The content with every translatable text replaced by its translation (the Sphinx way)."""
    return _translate(content, translator)


def _translate(value: Any, translator: Translator) -> Any:
    if isinstance(value, Text):
        return type(value)(translator.gettext(value))
    if isinstance(value, BaseModel):
        changes = {name: _translate(getattr(value, name), translator) for name in type(value).model_fields}
        return value.model_copy(update=changes)
    if isinstance(value, list):
        return [_translate(item, translator) for item in value]
    return value
