"""Merge fields: placeholders in content ({first_name}) -> build-time sentinels -> each dialect's tokens.

Emails are rendered and inlined once with sentinels (plain letters and digits, which survive
Markdown, escaping and both inliners, in text and in href attributes alike); each email system's
version is then one substitution pass over the finished text. The footer tokens an email system
requires (unsubscribe link, postal address, preferences link) are merge fields like the others; a
part of the email that only makes sense with a token the system lacks (the preferences link in
Marketo) sits between `optional()` markers and is dropped for that system.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping

from markupsafe import escape

from ..content import PLACEHOLDER
from ..models import FOOTER_FIELDS, Dialect, MergeFields
from ..markup import display_width
from .wrapping import GLUE

# The merge-token syntaxes of the shipped email systems ({{ x }}, %%x%%, *|X|*): a line of several
# tokens may break between them, never inside one. A value of another syntax is kept whole.
TOKEN_SYNTAX = re.compile(r"(\{\{.*?\}\}|%%.*?%%|\*\|.*?\|\*)")
_TEXT_PLACEHOLDER = re.compile(r"(\]\()?" + PLACEHOLDER.pattern)  # with a Markdown link target


class MergeTokens:
    def __init__(self, merge_fields: MergeFields, format_date: Callable[[dt.date], str] = str,
                 locale: str = ""):
        self.ids = [field.id for field in merge_fields.fields] + list(FOOTER_FIELDS)
        self.samples = {  # preview values, dates in the reader's format
            field.id: format_date(dt.date.fromisoformat(field.sample)) if field.kind == "date"
            else field.samples.get(locale, field.sample) for field in merge_fields.fields
        } | merge_fields.footer_samples.tokens()
        self._sentinels = {field_id: f"ZZMERGE{i}ZZ" for i, field_id in enumerate(self.ids)}
        # A phone number reads left to right in every script: isolated left to right (LRI), as a
        # first-strong isolate would take the direction of a token such as {{ contact.partner_phone }}
        # correctly but leave "+1 555 0100" (no strong letter) to the Arabic around it.
        self._opening = {f.id: "\u2066" if f.kind == "phone" else "\u2068"
                         for f in merge_fields.fields} | {f: "\u2068" for f in FOOTER_FIELDS}

    @staticmethod
    def tokens(dialect: Dialect) -> dict[str, str]:
        """Every token of one email system: its merge fields and its required footer tokens."""
        return dialect.tokens | dialect.footer.tokens()

    def sentinel(self, field_id: str) -> str:
        return self._sentinels[field_id]

    def optional(self, field_id: str) -> tuple[str, str]:
        """Markers around a part kept only for email systems that have a token for `field_id`."""
        i = self.ids.index(field_id)
        return f"ZZOPEN{i}ZZ", f"ZZCLOSE{i}ZZ"

    def mark(self, text: str, *, isolate: bool = False) -> str:
        """Content text with its {placeholders} replaced by sentinels.

        `isolate` wraps each in a Unicode isolate (FSI ... PDI; LRI ... PDI for phone numbers), so
        a Latin value such as a name or *|PPHONE|* keeps its order inside right-to-left text; never
        used for URLs, and not inside a Markdown link target.
        """
        if not isolate:
            return PLACEHOLDER.sub(self._sentinel, text)
        def isolated(match: re.Match) -> str:
            link_target, name = match.group(1), match.group(2)
            if name not in self._sentinels:
                return match.group(0)
            sentinel = self._sentinels[name]
            return f"{link_target}{sentinel}" if link_target else \
                f"{self._opening[name]}{sentinel}\u2069"
        return _TEXT_PLACEHOLDER.sub(isolated, text)

    def _sentinel(self, match: re.Match) -> str:
        # Unknown names never get here from a checked project (content.py reports them); braces
        # that name no field are left as written.
        return self._sentinels.get(match.group(1), match.group(0))

    def values(self, tokens: Mapping[str, str], *, html: bool, glue: bool = False
               ) -> list[str | None]:
        """A dialect's tokens by sentinel number (None: the dialect has no such token), HTML-escaped
        for HTML, or `glue`d for plain text: spaces inside a token kept from line wrapping."""
        def prepared(value: str) -> str:
            if html:
                return str(escape(value))
            if glue:
                return TOKEN_SYNTAX.sub(lambda m: m.group(0).replace(" ", GLUE), value) \
                    if TOKEN_SYNTAX.search(value) else value.replace(" ", GLUE)
            return value
        return [prepared(tokens[i]) if i in tokens else None for i in self.ids]

    def fill(self, text: str, tokens: Mapping[str, str], *, html: bool) -> str:
        """Sentinels replaced by a dialect's tokens (HTML-escaped when `text` is HTML); the optional
        parts that need a token the dialect lacks are dropped. A sentinel without a token stays."""
        return Marked(text).fill(self.values(tokens, html=html))

    @staticmethod
    def growth(systems: list[list[str | None]]) -> Callable[[str], int]:
        """How many columns a text line may gain when its sentinels are filled in with any of
        `systems`' values (as `values` gives them)."""
        widest = max((display_width(value) for values in systems for value in values
                      if value is not None), default=0)
        gain = max(0, widest - len("ZZMERGE00ZZ") + 1)
        return lambda line: gain * line.count("ZZMERGE")

    def fill_text(self, text: str | Marked, tokens: Mapping[str, str] | list[str | None], wrap
                  ) -> str:
        """Plain text with a dialect's tokens (or `values(..., glue=True)`), wrapped by `wrap`
        without splitting a token."""
        marked = text if isinstance(text, Marked) else Marked(text)
        values = tokens if isinstance(tokens, list) else self.values(tokens, html=False, glue=True)
        return wrap(marked.fill(values)).replace(GLUE, " ")


# A sentinel: (kind, field number); OPEN and CLOSE mark an optional part.
SENTINEL = re.compile(r"ZZ(MERGE|OPEN|CLOSE)(\d+)ZZ")


class Marked:
    """A text with sentinels, split once; each dialect's version is then a join, not a search
    (an email is filled once per email system)."""

    def __init__(self, text: str):
        parts = SENTINEL.split(text)   # literal, kind, number, literal, kind, number, ..., literal
        self._pieces = [(parts[i], parts[i + 1], int(parts[i + 2])) for i in range(0, len(parts) - 1, 3)]
        self._last = parts[-1]

    def fill(self, values: list[str | None]) -> str:
        out: list[str] = []
        skipping = None
        for literal, kind, number in self._pieces:
            if skipping is None:
                out.append(literal)
            if kind == "MERGE":
                if skipping is None:
                    value = values[number]
                    out.append(value if value is not None else f"ZZMERGE{number}ZZ")
            elif kind == "OPEN":
                if skipping is None and values[number] is None:
                    skipping = number
            elif skipping == number:   # CLOSE of the part being dropped
                skipping = None
        out.append(self._last)
        return "".join(out)
