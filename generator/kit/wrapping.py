"""Plain-text lines for every script: wrapped by display width, at phrase boundaries in CJK text.

Latin, Arabic and other spaced scripts break at spaces. Chinese and Japanese have no spaces: a line
breaks there only when it would pass the width, and then between two phrases (BudouX finds them),
never before a closing mark or after an opening one (kinsoku shori). Widths come from wcwidth: a
CJK character takes two columns, a combining mark or a bidi isolate none, "’" one. A URL, a phone
number or a merge token is never broken (a line may pass the width for one of them alone).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import budoux
from wcwidth import list_versions
from wcwidth.table_wide import WIDE_EASTASIAN

from ..markup import display_width

TEXT_WIDTH = 78
# A space that must not break (inside a phone number or a merge token): a private-use character,
# one column wide like the space it stands for, and in no text of ours.
GLUE = "\ue000"

# Kinsoku: marks that never start a line, and marks that never end one (JIS X 4051, simplified).
NO_LINE_START = frozenset("、。，．・：；？！）」』】〕〉》〙〗｝］”’ー々ゝゞぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
                          "…‥％｠,.:;?!)]}%")
NO_LINE_END = frozenset("（「『【〔〈《〘〖｛［“‘｟([{")
_PHONE = re.compile(r"\+?\(?\d[\d ()-]{6,}\d")
_KANA = re.compile(r"[\u3040-\u30ff]")
# The characters wcwidth gives two columns (CJK, full-width forms, emoji), from its own table, as
# character classes: a text is searched in C rather than measured character by character. Those
# above U+FFFF have a class of their own, searched only when such a character is there (a class
# of ranges up there is tested range by range; one below it is a bitmap).
_WIDE_RANGES = WIDE_EASTASIAN[list_versions()[-1]]
_WIDE_BMP, _WIDE_ASTRAL = (re.compile("[" + "".join(
    re.escape(chr(first)) + ("-" + re.escape(chr(last)) if last != first else "")
    for first, last in ranges) + "]") for ranges in (
        [(first, min(last, 0xFFFF)) for first, last in _WIDE_RANGES if first <= 0xFFFF],
        [(max(first, 0x10000), last) for first, last in _WIDE_RANGES if last > 0xFFFF]))
# Words are separated by ordinary spaces only: a no-break space (French "24 h/24", "Téléphone :")
# is part of its word.
_WORD = re.compile(r"([ \t]*)([^ \t]+)")


def wrap_text(text: str, width: int = TEXT_WIDTH) -> str:
    """Wrap each long line at `width`, keeping list indents and never breaking a URL or token."""
    out = []
    for line in text.splitlines():
        out.append(line if display_width(line) <= width else _wrap_line(line, width))
    return "\n".join(out) + ("\n" if text.endswith("\n") else "")


def _wrap_line(line: str, width: int) -> str:
    """One long line, wrapped."""
    stripped = line.lstrip()
    first = stripped.split(" ", 1)[0]
    bullet = first + " " if first == "-" or first.rstrip(".").isdigit() else ""
    indent = " " * (len(line) - len(stripped) + display_width(bullet))
    glued = _PHONE.sub(lambda m: m.group(0).replace(" ", GLUE), line)  # keep numbers whole
    wrapped = _fill(glued, width, indent)
    return wrapped.replace(GLUE, " ")


def _fill(line: str, width: int, indent: str) -> str:
    """Greedy filling by display width over the line's break opportunities (a piece never splits
    a character from its combining marks, so widths add up piece by piece)."""
    # one column per ASCII character, and per glued space
    measure = len if line.replace(GLUE, " ").isascii() else display_width
    lines: list[str] = []
    current, columns = "", 0
    for space, piece in _pieces(line, width - display_width(indent)):
        added = measure(space + piece)
        if current.strip() and columns + added > width:
            lines.append(current.rstrip())
            current, columns = indent + piece, len(indent) + measure(piece)
        else:
            current, columns = current + space + piece, columns + added
    lines.append(current.rstrip())
    return "\n".join(lines)


def _pieces(line: str, width: int) -> list[tuple[str, str]]:
    """(the spaces before it, an unbreakable piece) in order: words, and CJK phrases within them."""
    if not _has_wide(line):
        return _WORD.findall(line)  # no phrases and no kinsoku to keep
    pieces: list[tuple[str, str]] = []
    for match in _WORD.finditer(line):
        space, word = match.group(1), match.group(2)
        parts = _phrases(word, width) if _has_wide(word) else [word]
        if pieces and (_held(parts[0][0], NO_LINE_START) or _held(pieces[-1][1][-1], NO_LINE_END)):
            if display_width(pieces[-1][1] + space + parts[0]) > width:  # join as little as may be
                parts = _split(word, _cuts(word, range(1, len(word))))
            pieces[-1] = (pieces[-1][0], pieces[-1][1] + space + parts[0])  # kinsoku across a space
        else:
            pieces.append((space, parts[0]))
        pieces += [("", part) for part in parts[1:]]
    return pieces


def _held(mark: str, marks: frozenset[str]) -> bool:
    """A full-width mark that kinsoku keeps on its line even across a space (a narrow one, such
    as "’" or ")" in Latin text, may begin a word and is no reason to join words)."""
    return mark in marks and _is_wide(mark)


def _phrases(word: str, width: int) -> list[str]:
    """A run of CJK text cut where a line may break: phrase boundaries, obeying kinsoku, never
    inside a run of narrow characters (a Latin word, a number, a merge token). A phrase wider
    than a whole line is cut between characters, under the same rules."""
    parts = []
    for part in _split(word, _cuts(word, _phrase_boundaries(word))):
        if display_width(part) > width:
            parts += _split(part, _cuts(part, range(1, len(part))))
        else:
            parts.append(part)
    return parts


def _cuts(word: str, boundaries: Iterable[int]) -> list[int]:
    """The phrase boundaries inside `word` where kinsoku lets a line break."""
    return [i for i in boundaries if 0 < i < len(word) and _may_break(word, i)]


def _split(word: str, cuts: list[int]) -> list[str]:
    bounds = [0, *cuts, len(word)]
    return [word[a:b] for a, b in zip(bounds, bounds[1:]) if b > a]


def _may_break(word: str, i: int) -> bool:
    before, after = word[i - 1], word[i]
    if after in NO_LINE_START or before in NO_LINE_END:
        return False
    if not _is_wide(before) and not _is_wide(after):
        return False  # inside a Latin word, a number or a token
    # A combining mark stays on its base character; an isolate (LRI, RLI, FSI ... PDI) with its text.
    if unicodedata.category(after) in ("Mn", "Me") or after == "\u2069":
        return False
    return before not in "\u2066\u2067\u2068"


def _phrase_boundaries(word: str) -> list[int]:
    """Where BudouX ends each phrase of `word` (offsets, the last being its length)."""
    return _Phrases.of(japanese=not _han_only(word)).boundaries(word)


def _han_only(word: str) -> bool:
    return not _KANA.search(word) and bool(re.search(r"[\u4e00-\u9fff]", word))


class _Phrases:
    """BudouX's model, scored as its Parser.parse scores it, in a third of the time.

    Parser.parse looks up thirteen features at each position: the six characters around it
    (UW1-UW6), three bigrams (BW1-BW3) and four trigrams (TW1-TW4). Here each character, bigram
    and trigram is looked up once, in tables that give all of its features together. A phrase
    ends where the sum passes zero, as there; tests/test_wrapping.py proves the two equal.
    """

    def __init__(self, model: dict[str, dict[str, int]]):
        def table(names: list[str]) -> dict[str, tuple[int, ...]]:
            keys = set().union(*(model.get(name, {}) for name in names))
            return {key: tuple(model.get(name, {}).get(key, 0) for name in names) for key in keys}
        self._base = -sum(sum(group.values()) for group in model.values()) * 0.5
        self._unigrams = table(["UW1", "UW2", "UW3", "UW4", "UW5", "UW6"])
        self._bigrams = table(["BW1", "BW2", "BW3"])
        self._trigrams = table(["TW1", "TW2", "TW3", "TW4"])

    @staticmethod
    @lru_cache(maxsize=2)
    def of(japanese: bool) -> _Phrases:
        parser = budoux.load_default_japanese_parser() if japanese \
            else budoux.load_default_simplified_chinese_parser()
        return _Phrases(parser.model)

    def boundaries(self, word: str) -> list[int]:
        n = len(word)
        if n < 2:
            return [n] if n else []
        none1, none2, none3 = (0,) * 6, (0,) * 3, (0,) * 4
        # the features of the k-th character, bigram and trigram at k + 3; zeros around them,
        # where parse looks at none
        u = [none1] * 3 + [self._unigrams.get(c, none1) for c in word] + [none1] * 3
        b = [none2] * 3 + [self._bigrams.get(word[k:k + 2], none2) for k in range(n - 1)] \
            + [none2] * 4
        t = [none3] * 3 + [self._trigrams.get(word[k:k + 3], none3) for k in range(n - 2)] \
            + [none3] * 5
        base, ends = self._base, []
        for i in range(1, n):
            j = i + 3
            if (base + u[j - 3][0] + u[j - 2][1] + u[j - 1][2] + u[j][3] + u[j + 1][4]
                    + u[j + 2][5] + b[j - 2][0] + b[j - 1][1] + b[j][2] + t[j - 3][0]
                    + t[j - 2][1] + t[j - 1][2] + t[j][3]) > 0:
                ends.append(i)
        ends.append(n)
        return ends


def _has_wide(text: str) -> bool:
    return _WIDE_BMP.search(text) is not None or (
        not text.isascii() and max(text) > "\uffff" and _WIDE_ASTRAL.search(text) is not None)


_is_wide = _has_wide  # of one character
