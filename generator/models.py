"""Typed, frozen models of the content: what each YAML file may hold, documented per field.

`Text` and `MarkdownText` mark the strings translators translate (by their English text); every other
string (ids, URLs, phone numbers, dialect tokens) is the same in every language.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

import phonenumbers
from babel import Locale, UnknownLocaleError
from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, GetCoreSchemaHandler,
                      field_validator, model_validator)
from pydantic_core import core_schema

from .errors import FieldProblem
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


def _no_line_breaks(value: str) -> str:
    forms = value.forms if isinstance(value, Text) else (value,)
    if any(len(form.splitlines()) > 1 for form in forms):  # \n, \r, and the other breaks mail headers refuse (\x85, ...)
        raise ValueError("expected one line (this text becomes an email header), found a line break")
    return value


def _safe_link(value: str) -> str:
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


def _plain_value(value: str) -> str:
    """A value that copy quotes as a fact: it may not carry merge fields or fact references."""
    if _FACT_SYNTAX.search(value) or len(value.splitlines()) > 1:
        raise ValueError(f"expected one line without braces or [[ ]], found {value!r}")
    return value


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


# --- program.yml ---------------------------------------------------------------------------------

class Brand(Model):
    """What makes the portal, the emails and the banners look like the vendor's."""

    color: HexColor = Field(description="The brand colour: portal header, links, email header and "
                                        "buttons, banners. Text on it is white or black, whichever "
                                        "reads better.")
    logo: str | None = Field(None, pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*\.(svg|png)$",
                             description="An .svg or .png file in content/ shown in the portal "
                                         "header instead of the default logo.")


class Program(Model):
    """Program and portal settings."""

    vendor: Annotated[str, AfterValidator(_plain_value)] = Field(
        description="The vendor's name, as written in every language; copy writes [[vendor]].")
    segment: Text = Field(description="The customer segment the program serves; copy writes "
                                      "[[segment]].")
    title: ThemeText = Field(description="The portal's title.")
    tagline: ThemeText = Field(description="One line under the title on the home page.")
    site_url: HttpsUrl = Field(description="Where the portal is published; links in emails start here.")
    default_locale: str = Field("en", description="The language of content/ (source language).")
    locales: list[LocaleCode] = Field(min_length=1, description="Languages to build, e.g. [en, de, ja].")
    home_region: str = Field(pattern=r"^[A-Z]{2}$", description="ISO 3166 region of the vendor.")
    intro: MarkdownText = Field(description="What the renewals program is (Markdown).")
    renew_online_url: HttpsUrl = Field(description="Where customers renew online.")
    how_to_renew_url: HttpsUrl = Field(description="How-to-renew page for customers.")
    brand: Brand = Field(description="The brand colour (and logo) of the portal, emails and banners.")
    kit_name: Slug = Field("notification-kit", description="The kit's zip file name, before the "
                                                           "language code: renewals-kit -> "
                                                           "renewals-kit-de.zip.")
    copyright: Text = Field(description="Copyright line in page and email footers.")
    inliner: Literal["css-inline", "premailer"] = Field(
        "css-inline", description="CSS inliner for the kit's emails and banners.")

    @field_validator("locales")
    @classmethod
    def _known_locales(cls, value: list[str]) -> list[str]:
        twice = [code for i, code in enumerate(value) if code in value[:i]]
        if twice:
            raise ValueError(f"expected each locale once, found {twice[0]!r} twice")
        return value

    @model_validator(mode="after")
    def _default_is_built(self) -> "Program":
        if self.default_locale not in self.locales:
            raise FieldProblem("default_locale", f"expected one of the locales ({', '.join(self.locales)}), "
                               f"found {self.default_locale!r}")
        return self


# --- contacts.yml --------------------------------------------------------------------------------

class Contact(Model):
    id: Slug
    label: Text = Field(description="Who answers, e.g. Renewals team.")
    purpose: Text = Field(description="When to call.")
    phone: str = Field(description="The phone number, in any usual format, e.g. (866) 675-6552.")
    region: RegionCode = Field(description="ISO 3166 region the number is dialled in.")
    serves_languages: tuple[LocaleCode, ...] = Field(
        default_factory=tuple, description="The portal languages whose readers call this number first.")
    serves_regions: tuple[RegionCode, ...] = Field(
        default_factory=tuple, description="The regions (ISO 3166) whose readers call this number "
                                          "first, for languages no contact names.")
    hours: Text | None = Field(None, description="When the line is open, e.g. Monday to Friday, "
                                                 "9:00-18:00 CET.")
    email: str | None = Field(None, pattern=r"^[^@\s<>()\[\]\\,;:\"]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$",
                              description="An email address for the same team.")

    @model_validator(mode="after")
    def _valid_phone(self) -> "Contact":
        try:
            number = phonenumbers.parse(self.phone, self.region)
        except phonenumbers.NumberParseException as exc:
            raise FieldProblem("phone", f"expected a phone number, found {self.phone!r}") from None
        if not phonenumbers.is_valid_number(number):
            raise FieldProblem("phone", f"expected a phone number that is valid in region {self.region}, "
                               f"found {self.phone!r}")
        return self


class Contacts(Model):
    contacts: list[Contact] = Field(min_length=1)
    primary: Slug = Field(description="The id of the global contact: shown on every page and email "
                                      "of a language that no regional contact serves.")

    def for_reader(self, language: str, region: str) -> Contact:
        """The number a reader of `language` in `region` dials first: a contact serving the
        language, else one serving the region, else the global one."""
        return (next((c for c in self.contacts if language in c.serves_languages), None)
                or next((c for c in self.contacts if region in c.serves_regions), None)
                or self.primary_contact)

    @property
    def primary_contact(self) -> Contact:
        """The global contact (the first one while `primary` names none: that is reported)."""
        return next((c for c in self.contacts if c.id == self.primary), self.contacts[0])


# --- schedule.yml --------------------------------------------------------------------------------

class PartnerNotice(Model):
    channel: Literal["phone", "email"]
    cadence: Text
    who: Text
    summary: Text
    offered: Text = Field(description="What partners are offered or told.")


class PartnerAction(Model):
    """What the partner does ahead of a touchpoint: shown in the renewal calendar and its .ics."""

    days_before: int = Field(ge=0, le=365, description="How many days before the touchpoint.")
    text: Text = Field(description="The suggested action, e.g. call the customer and send a quote.")


class Touchpoint(Model):
    id: Slug
    day: int = Field(ge=-365, le=365, description="Days from expiration: negative before, positive after.")
    channel: Literal["email", "phone"]
    who: Text = Field(description="Who acts.")
    title: Text
    summary: Text = Field(description="What the touchpoint does.")
    offered: Text = Field(description="What the customer is offered.")
    email: Slug | None = Field(None, description="For channel email: the id of the email in emails.yml.")
    call_script: Slug | None = Field(None, description="For channel phone: the id of the call script.")
    partner_action: PartnerAction | None = Field(
        None, description="The partner's own suggested action before this touchpoint.")

    @model_validator(mode="after")
    def _channel_has_its_copy(self) -> "Touchpoint":
        mine, other = ("email", "call_script") if self.channel == "email" else ("call_script", "email")
        if getattr(self, other) is not None:
            raise FieldProblem(other, f"this {self.channel} touchpoint names only its {mine}; "
                                      f"expected {mine}: ID, found {other}: {getattr(self, other)}")
        if getattr(self, mine) is None:
            raise FieldProblem(mine, f"this {self.channel} touchpoint names its {mine}; expected "
                                     f"{mine}: ID, found none")
        return self


class Schedule(Model):
    intro: Text
    outro: Text | None = Field(None, description="A closing paragraph under the schedule.")
    partner_notice: PartnerNotice
    touchpoints: list[Touchpoint] = Field(min_length=1)


# --- policies.yml --------------------------------------------------------------------------------

class EffectiveDate(Model):
    id: Slug | None = Field(None, description="Names the date for copy: [[effective_date.ID]].")
    region: Text = Field(description="Region name as readers know it.")
    region_code: str | None = Field(None, pattern=r"^[A-Z]{2}$",
                                    description="ISO 3166 code when the date is for one country.")
    date: IsoDate = Field(description="ISO 8601 date, e.g. 2016-05-09.")


class Faq(Model):
    question: Text
    answer: MarkdownText


class Notice(Model):
    title: Text
    audience: Text
    subject: Text
    body: list[MarkdownText] = Field(min_length=1)


class GracePeriod(Model):
    """A change to the late-renewal grace period: removed (new_grace_days 0) or shortened."""

    title: Text
    grace_days: int = Field(ge=1, le=365, description="The grace period before the change, in days.")
    new_grace_days: int = Field(0, ge=0, le=364, description="The grace period after the change, "
                                                              "in days; 0 when it is removed.")
    summary: MarkdownText
    reasons_heading: Text = Field(description="The heading above the reasons.")
    reasons: list[Text] = Field(min_length=1)
    consequences_heading: Text = Field(description="The heading above the consequences.")
    consequences: list[Text] = Field(min_length=1)
    effective: list[EffectiveDate] = Field(min_length=1)
    faq: list[Faq] = Field(min_length=1)
    notice: Notice

    @model_validator(mode="after")
    def _shorter(self) -> "GracePeriod":
        if self.new_grace_days >= self.grace_days:
            raise FieldProblem("new_grace_days", f"expected fewer days than grace_days "
                               f"({self.grace_days}): the change removes or shortens the grace "
                               f"period; found {self.new_grace_days}")
        return self


class Policies(Model):
    grace_period: GracePeriod


# --- maintenance.yml -----------------------------------------------------------------------------

class Benefit(Model):
    title: Text
    text: Text


class Maintenance(Model):
    title: Text
    intro: MarkdownText
    benefits_intro: Text
    benefits: list[Benefit] = Field(min_length=1)
    how_to_renew: list[MarkdownText] = Field(min_length=1)


# --- emails.yml ----------------------------------------------------------------------------------

class Cta(Model):
    label: Text
    url: str = Field(description="https URL or a merge field such as {renewal_link}.")

    @field_validator("url")
    @classmethod
    def _safe_url(cls, value: str) -> str:
        return _safe_link(value)


class Email(Model):
    id: Slug
    subject: Text
    preheader: Text
    heading: Text
    greeting: Text | None = Field(None, description="The salutation line(s) above the body, plain "
                                  "text; each language writes its own (a line break starts a new "
                                  "line).")
    body: list[MarkdownText] = Field(min_length=1)
    cta: Cta
    footer: Text

    @field_validator("subject", "preheader")
    @classmethod
    def _one_line(cls, value: str) -> str:
        return _no_line_breaks(value)


class CallScript(Model):
    id: Slug
    title: Text
    goal: Text
    talking_points: list[Text] = Field(min_length=1)


class ComplianceFooter(Model):
    """The footer wording every email carries for the email system's required tokens."""

    unsubscribe: Text = Field(description="Label of the unsubscribe link.")
    preferences: Text = Field(description="Label of the email preferences link.")
    address: Text = Field(description="The sender's address line; keep {sender_address} in it.")


class SubjectBudget(Model):
    """How long a subject may be, with sample values, before a phone cuts it off."""

    characters: int | None = Field(None, ge=10, le=200, description="Characters of any width.")
    full_width: int | None = Field(None, ge=5, le=100, description="Full-width characters (CJK): "
                                   "a wide character counts one, a narrow one (Latin) half.")

    @model_validator(mode="after")
    def _one_unit(self) -> "SubjectBudget":
        if (self.characters is None) == (self.full_width is None):
            raise ValueError("expected exactly one of characters or full_width")
        return self


def _default_budgets() -> dict[str, SubjectBudget]:
    return {"default": SubjectBudget(characters=50), "ja": SubjectBudget(full_width=25)}


class Emails(Model):
    subject_budget: dict[str, SubjectBudget] = Field(
        default_factory=_default_budgets,
        description="Per language (locale code, or `default`): a longer subject is a build warning.")
    emails: list[Email] = Field(default_factory=list)
    call_scripts: list[CallScript] = Field(default_factory=list)
    compliance_footer: ComplianceFooter


# --- banners.yml ---------------------------------------------------------------------------------

class Banner(Model):
    id: Slug
    short: Text
    long: Text
    cta: Text
    url: str

    @field_validator("url")
    @classmethod
    def _safe_url(cls, value: str) -> str:
        return _safe_link(value)


class BannerSize(Model):
    name: Text
    width: int = Field(ge=50, le=2000)
    height: int = Field(ge=20, le=2000)
    text: Literal["short", "long"]


class Banners(Model):
    short_limit: int = Field(ge=10, le=500)
    long_limit: int = Field(ge=10, le=1000)
    banners: list[Banner] = Field(min_length=1)
    sizes: list[BannerSize] = Field(min_length=1)


# --- merge_fields.yml ----------------------------------------------------------------------------

class MergeField(Model):
    id: Annotated[str, Field(pattern=r"^[a-z][a-z_]{0,31}$")]
    description: Text
    kind: Literal["text", "date", "email", "phone", "url"] = Field(
        "text", description="date: the sample is a YYYY-MM-DD date, shown in each language's format; "
                            "phone: a number, kept left to right in right-to-left text; email, phone "
                            "and url: what the partner tools accept for the field.")
    filled_by: Literal["customer", "partner"] = Field(
        "customer", description="partner: the partner's own details, which the co-branding form "
                                "and partner.yml fill in; customer: one value per customer.")
    sample: str = Field(description="A sample value used in previews.")
    samples: dict[str, str] = Field(default_factory=dict, description="Sample values for some "
                                    "languages (locale code -> value), e.g. a salutation.")

    @model_validator(mode="after")
    def _date_sample(self) -> "MergeField":
        if self.kind == "date":
            try:
                dt.date.fromisoformat(self.sample)
            except ValueError:
                raise ValueError(f"expected a sample date written YYYY-MM-DD, found {self.sample!r}") \
                    from None
        return self


def _one_line_token(value: str) -> str:
    if not value or len(value.splitlines()) > 1:
        raise ValueError("a token must be one non-empty line")
    return value


Token = Annotated[str, AfterValidator(_one_line_token)]
FOOTER_FIELDS = ("unsubscribe_link", "preferences_link", "sender_address")


class FooterTokens(Model):
    """What an email system requires in every email's footer, written its way (or sample values)."""

    unsubscribe_link: Token = Field(description="The link to unsubscribe (required by every system).")
    sender_address: Token = Field(description="The sender's name and postal address (required).")
    preferences_link: Token | None = Field(
        None, description="The link to manage email preferences, where the system has one.")

    def tokens(self) -> dict[str, str]:
        return {name: value for name, value in self.model_dump().items() if value is not None}


class SetupField(Model):
    """A field the partner has (or creates) in the email system for one merge field."""

    name: str = Field(description="The field's name in the email system (also its CSV column).")
    type: Literal["text", "date", "url", "phone", "email"] = "text"
    source: Literal["contact", "built_in", "setting"] = Field(
        "contact", description="contact: a contact field to create and import; built_in: the system "
        "has it already (import it); setting: set once in the system, not per contact.")


class DialectSetup(Model):
    """The setup guide for one email system, in the partner's words."""

    email_column: str = Field("Email Address", description="The CSV column of the email address.")
    fields: dict[str, SetupField] = Field(description="Merge field id -> the field in the system.")
    paste_html: Text = Field(description="Where to paste the HTML.")
    paste_text: Text = Field(description="Where to paste the plain text.")
    footer_note: Text = Field(description="Where the system takes the footer's address from.")


class Dialect(Model):
    id: Slug
    name: SyntaxLabel = Field(description="The email system's name as partners read it (translated).")
    tokens: dict[str, Token] = Field(description="Merge field id -> how this email system writes it.")
    footer: FooterTokens = Field(description="The footer tokens this email system requires.")
    setup: DialectSetup


class MergeFields(Model):
    fields: list[MergeField] = Field(min_length=1)
    footer_samples: FooterTokens = Field(description="Preview values of the footer tokens.")
    dialects: list[Dialect] = Field(min_length=1)


# --- all of content/ -----------------------------------------------------------------------------

class Content(Model):
    """All of content/, one field per file (content/<field>.yml)."""

    program: Program
    contacts: Contacts
    schedule: Schedule
    policies: Policies
    maintenance: Maintenance
    emails: Emails
    banners: Banners
    merge_fields: MergeFields

    @property
    def primary_contact(self) -> Contact:
        return self.contacts.primary_contact

    def touchpoints_of(self, copy_id: str) -> list[Touchpoint]:
        """The touchpoints that send the email or call script `copy_id`."""
        return [tp for tp in self.schedule.touchpoints if copy_id in (tp.email, tp.call_script)]

    def email(self, email_id: str) -> Email:
        return next(e for e in self.emails.emails if e.id == email_id)

    def call_script(self, script_id: str) -> CallScript:
        return next(s for s in self.emails.call_scripts if s.id == script_id)


CONTENT_FILES: dict[str, type[Model]] = {
    name: info.annotation for name, info in Content.model_fields.items()  # type: ignore[misc]
}
