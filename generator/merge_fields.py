"""The model of content/merge_fields.yml: the merge fields, and each email system (dialect) with its
tokens, the footer tokens it requires and the setup guide partners follow."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from .values import Model, Slug, SyntaxLabel, Text

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
