"""Punctuation that differs by language, as translatable patterns: "Label: value", notes in
parentheses, lists.

Templates never glue a label to its value with ": " or a list with ", ": French puts a no-break
space before the colon, Japanese writes "：", "、" and "（）", Arabic "،" and "؛". Each pattern is one
message with the context "pattern" (so it never collides with a sentence) and a translator comment
that shows an example; lists use Babel's list patterns of the locale (CLDR).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from babel.lists import format_list
from markupsafe import Markup

from .catalogs import Translator

_FIELD = re.compile(r"\{([a-z_]+)\}")


def pgettext(context: str, message: str) -> str:
    """Marks a pattern for extraction (with its context) without translating it yet."""
    return message


# Translators: a label and its value, e.g. "Phone: +1 800 555 0100" or "Subject: Your maintenance
# expires". Keep {label} and {value}; French: "{label} : {value}" (with a no-break space), Japanese:
# "{label}：{value}".
LABEL_VALUE = pgettext("pattern", "{label}: {value}")
# Translators: a label that introduces what follows on the next lines, e.g. "Talking points:".
LABEL_BEFORE = pgettext("pattern", "{label}:")
# Translators: a note in parentheses after a name, e.g. "Effective (Japan)" or "Banner (300x250)".
# Japanese: "{text}（{note}）".
PARENTHESIZED = pgettext("pattern", "{text} ({note})")
# Translators: items that contain commas themselves, one after another, e.g. "Worldwide: May 9,
# 2016; Japan: October 3, 2016". Japanese: "{list}、{item}"; Arabic: "{list}؛ {item}".
SERIES = pgettext("pattern", "{list}; {item}")
# Translators: a question, then whom to ask, e.g. "Questions? Renewals team: +1 800 555 0100".
# Japanese writes no space after "？": "{question}{answer}".
QUESTION_ANSWER = pgettext("pattern", "{question} {answer}")

CONTEXT = "pattern"


@dataclass(frozen=True)
class Patterns:
    """The patterns of one locale, filled with values escaped by `escape` (HTML, Markdown, none)."""

    translator: Translator
    locale: str
    escape: Callable[[str], str] = str

    def fill(self, pattern: str, **values: str) -> str:
        """`pattern` translated, its literal text and values escaped, its {fields} filled in."""
        translated = self.translator.pgettext(CONTEXT, pattern)
        out, end = [], 0
        for match in _FIELD.finditer(translated):
            out.append(self.escape(translated[end:match.start()]))
            out.append(self.escape(values.get(match.group(1), match.group(0))))
            end = match.end()
        out.append(self.escape(translated[end:]))
        return self._joined(out)

    def _joined(self, parts: list[str]) -> str:
        """Escaped parts as one value of the same kind (Markup stays Markup, unescaped again)."""
        return Markup("").join(parts) if isinstance(self.escape(""), Markup) else "".join(parts)

    def label_value(self, label: str, value: str) -> str:
        return self.fill(LABEL_VALUE, label=label, value=value)

    def label_before(self, label: str) -> str:
        return self.fill(LABEL_BEFORE, label=label)

    def parenthesized(self, text: str, note: str) -> str:
        return self.fill(PARENTHESIZED, text=text, note=note)

    def question_answer(self, question: str, answer: str) -> str:
        return self.fill(QUESTION_ANSWER, question=question, answer=answer)

    def series(self, items: Sequence[str]) -> str:
        """Items joined by the language's separator for items with commas of their own."""
        joined = self._joined([self.escape(items[0])] if items else [])
        for item in items[1:]:
            joined = self.fill(SERIES, list=joined, item=item)
        return joined

    def join(self, items: Sequence[str], style: str = "standard") -> str:
        """A list in the language's words: "A, B and C", "A、B、C", "A و B" (CLDR list patterns)."""
        escaped = [str(self.escape(item)) for item in items]
        if not escaped:
            return self._joined([])
        # CLDR's patterns hold only punctuation, spaces and words: nothing to escape.
        joined = format_list(escaped, style=style, locale=self.locale)
        return Markup(joined) if isinstance(self.escape(""), Markup) else joined
