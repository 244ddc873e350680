"""What one value in content/ may be: translatable text (`Text`, `MarkdownText`), dates, locale
codes, links and the like, each checked where it is read; and `Model`, the base of every content model.

`Text` and `MarkdownText` mark the strings translators translate (by their English text); every other
string (ids, URLs, phone numbers, dialect tokens) is the same in every language.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from babel import Locale, UnknownLocaleError
from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field,
                      GetCoreSchemaHandler)
from pydantic_core import core_schema

from .markup import link_problem, markdown_problems, raw_html_problem, template_code_problem


class Text(str):
    """Plain, translatable text (escaped wherever it is shown). No line breaks in one-line fields.

    A text that counts something ("[[days]] days left") may be written as a mapping of English
    plural forms, `{one: ..., other: ...}` (and `count: NAME` when it names several counts): the
    value is then its `other` form, `one` holds the singular, and translators get a plural entry.
    """

    one: str | None = None     # the singular English form, for a text with plural forms
    count: str | None = None   # the count fact that picks the form, when the content names it

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler):
        return core_schema.no_info_wrap_validator_function(
            cls._forms, core_schema.str_schema(min_length=1, strip_whitespace=True))

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: Any, handler: Any) -> dict[str, Any]:
        # One schema for both shapes (not anyOf), so an editor says what is wrong with either.
        form = {"type": "string", "minLength": 1}
        return {"type": ["string", "object"], "minLength": 1,
                "properties": {"one": form, "other": form, "count": {"type": "string"}},
                "required": ["one", "other"], "additionalProperties": False}

    @classmethod
    def _forms(cls, value: Any, handler: Any) -> "Text":
        if isinstance(value, Text):
            return value
        if not isinstance(value, dict) or not {"one", "other"} & set(value):
            return cls._validate(handler(value))  # a mapping of other keys: "expected text"
        unknown = sorted(set(value) - {"one", "other", "count"})
        if unknown or not {"one", "other"} <= set(value):
            raise ValueError("expected plural forms written as keys one and other (and count: NAME "
                             f"of the fact that counts), found keys {', '.join(map(str, value))}")
        if value.get("count") is not None and not isinstance(value["count"], str):
            raise ValueError(f"expected count: the name of a count fact, found {value['count']!r}")
        text = cls._validate(handler(value["other"]))
        text.one = str(cls._validate(handler(value["one"])))
        text.count = value.get("count")
        return text

    @property
    def forms(self) -> tuple[str, ...]:
        """The English forms: (one, other) for a text with plural forms, else (text,)."""
        return (self.one, str(self)) if self.one is not None else (str(self),)

    @classmethod
    def _validate(cls, value: str) -> "Text":
        problems = cls.problems(value)
        if problems:
            raise ValueError("; ".join(problems))
        return cls(value)

    @classmethod
    def problems(cls, value: str) -> list[str]:
        """Why `value` may not be this kind of text (an English text or its translation)."""
        return [p for p in (template_code_problem(value),) if p]


class MarkdownText(Text):
    """Translatable text that may use Markdown: emphasis, https/mailto/tel links, lists, <br>."""

    @classmethod
    def problems(cls, value: str) -> list[str]:
        return [*super().problems(value), *markdown_problems(value)]


class SyntaxLabel(Text):
    """Translatable name of an email system, which may quote its syntax ("Neutral ({{field}})"):
    shown escaped on pages and in the kit's README, never inside an email."""

    @classmethod
    def problems(cls, value: str) -> list[str]:
        return []


class ThemeText(Text):
    """Translatable plain text that the site's theme prints as HTML (site title, tagline)."""

    @classmethod
    def problems(cls, value: str) -> list[str]:
        return [p for p in (*super().problems(value), raw_html_problem(value)) if p]


def no_line_breaks(value: str) -> str:
    forms = value.forms if isinstance(value, Text) else (value,)
    if any(len(form.splitlines()) > 1 for form in forms):  # \n, \r, and the other breaks mail headers refuse (\x85, ...)
        raise ValueError("expected one line (this text becomes an email header), found a line break")
    return value


def safe_link(value: str) -> str:
    problem = link_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _iso_date(value: Any) -> Any:
    """Only YYYY-MM-DD: pydantic alone would also read `86400` as 1970-01-02."""
    if not isinstance(value, str):
        return value
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(f"expected a date written YYYY-MM-DD, found {value!r}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"expected a real date written YYYY-MM-DD, found {value!r} ({exc})") from None


# language[_Territory or _Script[_Territory]][@modifier]: the code names folders and files.
_LOCALE_SHAPE = re.compile(r"[a-z]{2,3}(_[A-Za-z0-9]{2,4}){0,2}(@[a-z0-9_]{1,32})?")
# Names Windows reserves for devices, with or without an extension: a kit file or folder named so
# cannot be extracted there.
_RESERVED_NAMES = re.compile(r"(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?", re.I)


def _known_locale(code: str) -> str:
    hint = f"; did you mean {code.replace('-', '_')!r}?" if "-" in code else ""
    try:
        if not _LOCALE_SHAPE.fullmatch(code):  # the code names folders: nothing else gets in
            raise ValueError
        Locale.parse(code)
    except (ValueError, UnknownLocaleError):
        raise ValueError(f"expected a locale code such as en, de or pt_BR, found {code[:80]!r}"
                         f"{hint}") from None
    return code


def _not_reserved(value: str) -> str:
    if _RESERVED_NAMES.fullmatch(value):
        raise ValueError(f"{value!r} is a name Windows reserves for a device, and ids name files in "
                         "the kit; expected another id, such as notice-60")
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
LocaleCode = Annotated[str, AfterValidator(_known_locale)]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$",
                            description="An id: lower-case letters, digits and hyphens."),
                 AfterValidator(_not_reserved)]
# A host, then a path, query and fragment of URL characters: no quotes, spaces, < > or backslashes
# (the URL is printed into HTML attributes and Markdown links).
HTTPS_URL_PATTERN = (r"^https://[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:[0-9]{1,5})?"
                     r"([/?#][A-Za-z0-9._~!$&()*+,;=:@%/?#-]*)?$")
HttpsUrl = Annotated[str, Field(pattern=HTTPS_URL_PATTERN, description="An https:// URL.")]
RegionCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$", description="An ISO 3166 region code, e.g. JP.")]
HexColor = Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$", description="A colour written #rrggbb.")]
_FACT_SYNTAX = re.compile(r"[{}]|\[\[|\]\]")


def plain_value(value: str) -> str:
    """A value that copy quotes as a fact: it may not carry merge fields or fact references."""
    if _FACT_SYNTAX.search(value) or len(value.splitlines()) > 1:
        raise ValueError(f"expected one line without braces or [[ ]], found {value!r}")
    return value


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)
