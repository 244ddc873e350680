"""The errors a user can cause, and how they are reported: a message, never a traceback."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

import click


def key_path(loc: Iterable[str | int]) -> str:
    """Where a value sits in a YAML file, in words and counting list items from 1, as people do:
    ("touchpoints", 0, "day") -> "touchpoints, item 1, day". Every message writes key paths so."""
    return ", ".join(f"item {part + 1}" if isinstance(part, int) else str(part) for part in loc)


def did_you_mean(found: str, known: list[str], before: str = "", after: str = "") -> str:
    """`before`did you mean 'x'?`after` for the nearest of `known`, or nothing."""
    near = difflib.get_close_matches(found, known, n=1)
    return f"{before}did you mean {near[0]!r}?{after}" if near else ""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the user's input, located as precisely as we can."""

    path: str
    line: int = 0
    column: int = 0
    key: str = ""
    message: str = ""

    def __str__(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}:{self.column}" if self.column else f":{self.line}"
        line = f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"
        return capped(line)


# A value quoted in a message is cut after this many characters (a 1 MB value is one line of
# its own in the file, not a 1 MB error line), and a whole line after LINE_LIMIT.
QUOTE_LIMIT, LINE_LIMIT = 80, 1000
# A quoted value opens after a space or bracket and closes before one (so an apostrophe, as in
# "partners' systems", never opens one).
_LONG_QUOTE = re.compile(r"""(?<![^\s(\[=:,])(?P<q>['"])(?P<kept>[^'"\n]{%d})[^'"\n]{2,}(?P=q)"""
                         r"""(?=$|[\s),;.\]:])""" % QUOTE_LIMIT)


def capped(text: str) -> str:
    """`text` with each long quoted value cut to QUOTE_LIMIT characters and an ellipsis."""
    text = _LONG_QUOTE.sub(lambda m: f"{m['q']}{m['kept']}…{m['q']}", text)
    return text if len(text) <= LINE_LIMIT else text[:LINE_LIMIT - 1] + "…"


class FieldProblem(ValueError):
    """Raised by a model's own check to blame one of its fields; the report points at that field."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


class PortalError(click.ClickException):
    """Base of every error we expect: printed as a message, exit code 2."""

    exit_code = 2


class InputError(PortalError):
    """The content, templates or catalogs have one or more problems; all of them are listed."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        count = len(self.problems)
        summary = f"{count} problem{'s' if count != 1 else ''} found; nothing was written."
        super().__init__("\n".join([*map(str, self.problems), summary]))

    def format_message(self) -> str:
        return self.message


class BuildError(PortalError):
    """A later stage (site engine, disk) failed; the previous site is kept."""
