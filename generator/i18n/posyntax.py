"""The .po syntax `msgfmt --check` insists on, checked in Python before Babel reads a catalog.

Babel's reader is lenient where GNU msgfmt is not: it accepts a string with no closing quote, an
unknown escape, a msgstr with no msgid, or the same message twice, and builds on with whatever it
made of them. The build must refuse such a catalog on machines without gettext too, so the rules are
checked here, each problem with the line a translator opens in the editor.
"""

from __future__ import annotations

import re

_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)(?:\s+(.*))?$")
_ESCAPES = set("ntrabfv\\\"'?") | set("01234567x")
_HEADER_KEYS = ("Content-Type", "Content-Transfer-Encoding")


def syntax_problems(text: str) -> list[tuple[int, str]]:
    """(line, what is wrong) for every line `msgfmt --check` would reject, counted from 1."""
    problems: list[tuple[int, str]] = []
    entries: list[dict] = []
    entry: dict | None = None
    last: str | None = None            # the keyword the next continuation line belongs to
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if line.startswith("#~"):  # obsolete entries: msgfmt still reads their strings
            rest = line[2:].strip()
            quoted = rest if rest.startswith('"') else (rest.split(None, 1) + [""])[1]
            problem = quoted and _string(quoted)[1]
            if problem:
                problems.append((number, problem))
            continue
        if not line or line.startswith("#"):
            last = None if not line else last
            continue
        if line.startswith('"'):
            if last is None:
                problems.append((number, "a string that belongs to no msgid or msgstr"))
                continue
            value, problem = _string(line)
            if problem:
                problems.append((number, problem))
            entry[last] += value  # type: ignore[index]
            continue
        match = _KEYWORD.match(line)
        if not match:
            problems.append((number, f"not a .po line: {line[:40]!r}; expected msgid, msgstr, "
                                     "a quoted string or a # comment"))
            last = None
            continue
        keyword, rest = match.group(1), match.group(3) or ""
        if keyword in ("msgctxt", "msgid") and (entry is None or "msgstr" in _kinds(entry)
                                                 or (keyword == "msgid" and "msgid" in entry)):
            if entry is not None:
                entries.append(entry)
            entry = {"line": number}
        elif entry is None or ("msgid" not in entry and keyword != "msgid"):
            problems.append((number, f"{keyword} without a msgid before it"))
            entry = entry or {"line": number}
        value, problem = _string(rest) if rest else ("", f"{keyword} without a quoted string")
        if problem:
            problems.append((number, problem))
        entry.setdefault("lines", {})[keyword] = number
        entry[keyword] = value
        last = keyword
    if entry is not None:
        entries.append(entry)
    problems += _entry_problems(entries)
    return sorted(problems)


def _string(text: str) -> tuple[str, str | None]:
    """The value of one quoted string, or why msgfmt refuses it."""
    if not text.startswith('"'):
        return "", f"expected a quoted string, found {text[:30]!r}"
    i, out = 1, []
    while i < len(text):
        char = text[i]
        if char == "\\":
            if i + 1 >= len(text):
                break
            if text[i + 1] not in _ESCAPES:
                return "", f"unknown escape \\{text[i + 1]} in a string"
            out.append(text[i:i + 2])
            i += 2
            continue
        if char == '"':
            if text[i + 1:].strip():
                return "", f"text after the closing quote: {text[i + 1:].strip()[:30]!r}"
            return "".join(out), None
        out.append(char)
        i += 1
    return "", "the string has no closing quote"


def _kinds(entry: dict) -> set[str]:
    return {"msgstr" if key.startswith("msgstr") else key for key in entry if key.startswith("msg")}


def _entry_problems(entries: list[dict]) -> list[tuple[int, str]]:
    problems: list[tuple[int, str]] = []
    seen: dict[tuple[str, str], int] = {}
    for entry in entries:
        line = entry["line"]
        if "msgid" not in entry:
            continue  # reported where the stray keyword is
        strs = {k: v for k, v in entry.items() if k.startswith("msgstr")}
        if not strs:
            problems.append((line, "msgid without a msgstr"))
            continue
        plural = "msgid_plural" in entry
        if plural and "msgstr" in strs:
            problems.append((entry["lines"]["msgstr"], "a plural message needs msgstr[0], "
                                                       "msgstr[1], ... not msgstr"))
        if not plural and any(k != "msgstr" for k in strs):
            problems.append((line, "msgstr[N] without a msgid_plural"))
        key = (entry.get("msgctxt", "\x00"), entry["msgid"])
        if key in seen:
            problems.append((line, f"duplicate message definition (first at line {seen[key]})"))
        seen.setdefault(key, line)
        problems += _newline_problems(entry, strs)
    return problems


def _newline_problems(entry: dict, strs: dict[str, str]) -> list[tuple[int, str]]:
    """msgfmt: msgid and msgstr must both begin, and both end, with \\n or neither."""
    if not entry["msgid"]:
        return []  # the header
    problems = []
    for key, value in strs.items():
        if not value:
            continue
        for where, test in (("begin", str.startswith), ("end", str.endswith)):
            if test(entry["msgid"], "\\n") != test(value, "\\n"):
                problems.append((entry["lines"][key], f"msgid and {key} do not both {where} with "
                                                      "a line break (\\n)"))
    return problems
