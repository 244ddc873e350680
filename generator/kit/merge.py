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
from functools import partial
from typing import NamedTuple

from markupsafe import escape

from ..content import PLACEHOLDER
from ..merge_fields import FOOTER_FIELDS, Dialect, MergeFields
from ..markup import display_width
from .wrapping import GLUE, wrap_text

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


# While a text part is wrapped, each sentinel is one private-use character (a merge field's is
# followed by fillers up to its width): one column each, narrow, so never broken; none is in any
# text of ours (GLUE is U+E000). Room for 2,048 merge fields.
_STAND_IN = {"MERGE": 0xE100, "OPEN": 0xE900, "CLOSE": 0xF100}
_FILLER = "\ue0ff"
_STANDING_IN = re.compile("([\ue100-\uf8ff])\ue0ff*")
_PRIVATE = re.compile("[\ue0ff-\uf8ff]")  # in copy (U+F8FF: Apple's logo): wrapped per system


class TextWrapper:
    """Wraps a language's text parts once for every email system (WrappedText).

    While a text is wrapped, each merge field stands in for as many columns as the widest of the
    systems' values for it (`values(..., glue=True)`), so that no system's line passes the width
    once its values are in; a system with shorter values gets a line a little shorter. (The
    customer reads neither: each token becomes a value whose width nobody knows yet.) An
    optional part's markers take one column each. A line with a value a line may break inside
    (HubSpot's address: four tokens and commas) or an optional part some system drops is
    wrapped per system, with the optional part it is in, and so is a line of copy that holds a
    character of the stand-ins' range.
    """

    def __init__(self, systems: list[list[str | None]]):
        count = max(map(len, systems), default=0)
        self._stand_ins: dict[str, str] = {}
        self._per_system: set[str] = set()
        for number in range(count):
            merge = f"ZZMERGE{number}ZZ"
            column = [values[number] for values in systems]
            columns = max(len(merge) if value is None else display_width(value)  # kept as written
                          for value in column)
            self._stand_ins[merge] = chr(_STAND_IN["MERGE"] + number) + _FILLER * (columns - 1)
            for kind in ("OPEN", "CLOSE"):
                self._stand_ins[f"ZZ{kind}{number}ZZ"] = chr(_STAND_IN[kind] + number)
            if any(value is not None and " " in value for value in column):
                self._per_system.add(merge)
            if None in column:  # dropping it joins what was before and after it
                self._per_system.add(f"ZZOPEN{number}ZZ")
        self._sentinels = {stand_in[0]: sentinel for sentinel, stand_in in self._stand_ins.items()}

    def wrap(self, text: str) -> WrappedText:
        parts: list[_Part] = []
        once: list[str] = []
        for segment in _segments(text):
            if once and _is_underline(segment, once[-1]):
                heading = once.pop()
                parts += self._wrapped_once(once)
                parts.append(_Part(Marked(heading), "underline", segment[0]))
                once = []
            elif _PRIVATE.search(segment) or any(
                    found.group(0) in self._per_system for found in SENTINEL.finditer(segment)):
                parts += self._wrapped_once(once)
                parts.append(_Part(Marked(segment), "wrap"))
                once = []
            else:
                once.append(segment)
        return WrappedText(parts + self._wrapped_once(once))

    def _wrapped_once(self, segments: list[str]) -> list[_Part]:
        if not segments:
            return []
        standing = SENTINEL.sub(lambda m: self._stand_ins.get(m.group(0), m.group(0)),
                                "".join(segments))
        wrapped = _STANDING_IN.sub(lambda m: self._sentinels[m.group(1)], wrap_text(standing))
        return [_Part(Marked(wrapped), "once")]


class _Part(NamedTuple):
    text: Marked
    how: str              # "once": wrapped already; "wrap": per system; "underline": a heading
    underline: str = ""   # the heading's underline character


def _is_underline(line: str, above: str) -> bool:
    """`line` underlines a heading with a merge field (as the template wrote it, sentinel and
    all): the underline is redrawn to the width of each system's heading."""
    mark = line.rstrip("\n")
    return (mark[:1] in ("=", "-") and mark == mark[0] * len(mark) and "ZZMERGE" in above
            and "\n" not in above.rstrip("\n") and display_width(above.rstrip("\n")) == len(mark))


class WrappedText:
    """An email's text part, wrapped once for every email system (TextWrapper.wrap)."""

    def __init__(self, parts: list[_Part]):
        self._parts = parts

    def fill(self, values: list[str | None]) -> str:
        """One system's text, from `values(tokens, html=False, glue=True)`."""
        return "".join(map(partial(_filled, values), self._parts)).replace(GLUE, " ")


def _filled(values: list[str | None], part: _Part) -> str:
    if part.how == "once":
        return part.text.fill(values)
    text = wrap_text(part.text.fill(values))
    if part.how == "wrap":
        return text
    heading = text.rstrip("\n")
    width = max(display_width(line.replace(GLUE, " ")) for line in heading.splitlines())
    return f"{heading}\n{part.underline * width}\n"


def _segments(text: str) -> list[str]:
    """`text` in runs of whole lines (each with its line end), an optional part in one run."""
    segments: list[str] = []
    open_parts: set[str] = set()
    for line in text.splitlines(keepends=True):
        if open_parts:
            segments[-1] += line
        else:
            segments.append(line)
        for kind, number in SENTINEL.findall(line):
            if kind == "OPEN":
                open_parts.add(number)
            elif kind == "CLOSE":
                open_parts.discard(number)
    return segments
