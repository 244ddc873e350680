"""Merge fields: placeholders in content ({first_name}) -> build-time sentinels -> each dialect's tokens.

Emails are rendered and inlined once with sentinels (plain letters and digits, which survive
Markdown, escaping and both inliners, in text and in href attributes alike); each email system's
version is then one substitution pass over the finished text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping

from markupsafe import escape

from ..content import PLACEHOLDER
from ..models import MergeFields
from .wrapping import GLUE

_SENTINEL = re.compile(r"ZZMERGE(\d+)ZZ")
_TEXT_PLACEHOLDER = re.compile(r"(\]\()?" + PLACEHOLDER.pattern)  # with a Markdown link target


class MergeTokens:
    def __init__(self, merge_fields: MergeFields, format_date: Callable[[dt.date], str] = str,
                 locale: str = ""):
        self.ids = [field.id for field in merge_fields.fields]
        self.samples = {  # preview values, dates in the reader's format
            field.id: format_date(dt.date.fromisoformat(field.sample)) if field.kind == "date"
            else field.samples.get(locale, field.sample) for field in merge_fields.fields}
        self._sentinels = {field_id: f"ZZMERGE{i}ZZ" for i, field_id in enumerate(self.ids)}
        # A phone number reads left to right in every script: isolated left to right (LRI), as a
        # first-strong isolate would take the direction of a token such as {{ owner.phone }}
        # correctly but leave "+1 555 0100" (no strong letter) to the Arabic around it.
        self._opening = {f.id: "\u2066" if f.kind == "phone" else "\u2068"
                         for f in merge_fields.fields}

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

    def fill(self, text: str, tokens: Mapping[str, str], *, html: bool) -> str:
        """Sentinels replaced by a dialect's tokens (HTML-escaped when `text` is HTML)."""
        values = [str(escape(tokens[i])) if html else tokens[i] for i in self.ids]
        return _SENTINEL.sub(lambda m: values[int(m.group(1))], text)

    def fill_text(self, text: str, tokens: Mapping[str, str], wrap) -> str:
        """Plain text with a dialect's tokens, wrapped by `wrap` without splitting a token."""
        glued = {key: value.replace(" ", GLUE) for key, value in tokens.items()}
        return wrap(self.fill(text, glued, html=False)).replace(GLUE, " ")
