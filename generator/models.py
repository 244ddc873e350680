"""Typed, frozen models of the content: what each YAML file may hold, documented per field.

What a single value may be (`Text`, `MarkdownText`, dates, links) is in values.py; the merge fields
and email systems (content/merge_fields.yml) are in merge_fields.py.
"""

from __future__ import annotations

from typing import Annotated, Literal

import phonenumbers
from pydantic import AfterValidator, Field, field_validator, model_validator

from .errors import FieldProblem
from .merge_fields import MergeFields
from .values import (HexColor, HttpsUrl, IsoDate, LocaleCode, MarkdownText, Model, RegionCode,
                     Slug, Text, ThemeText, no_line_breaks, plain_value, safe_link)


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

    vendor: Annotated[str, AfterValidator(plain_value)] = Field(
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
        return safe_link(value)


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
        return no_line_breaks(value)


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
        return safe_link(value)


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
