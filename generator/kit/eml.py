"""`.eml` files: multipart/alternative (text + HTML), UTF-8, built with Python's `email` package.

An email's `.eml` differs between email systems only in its subject and its two bodies, so the
message is built once per email by the `email` package, with placeholders, and each system's file
is that skeleton with its subject folded by the same package's policy (RFC 2047 encoded-words of at
most 75 characters, lines of at most 76) and its bodies quoted-printable encoded by `binascii`
(C; the `email` package's own encoder is pure Python and was most of a kit's time). The result
parses back with Python's `email` parser to exactly the text and HTML that went in.
"""

from __future__ import annotations

import binascii
import hashlib
from functools import lru_cache
from email.header import Header
from email.message import EmailMessage
from email.policy import SMTP

from .merge import SENTINEL, Marked

_POLICY = SMTP.clone(max_line_length=76)  # RFC 2045's quoted-printable and RFC 2047's header lines
_SUBJECT, _TEXT, _HTML = "ZZEMLSUBJECTZZ", "ZZEMLTEXTZZ", "ZZEMLHTMLZZ"


class EmlSkeleton:
    """One email's MIME structure; `render` puts in one email system's subject and bodies."""

    def __init__(self, language: str, seed: str):
        # Deterministic, unlike the default random boundary; "=_" never occurs in quoted-printable.
        boundary = f"=_renewals_{hashlib.sha256(seed.encode()).hexdigest()[:32]}".encode()
        self._parts = tuple(part.replace(_BOUNDARY, boundary) for part in _skeleton(language))

    def render(self, subject: str, text: str, html: str | bytes) -> bytes:
        """The message; `html` may come quoted-printable encoded already (MarkedBody)."""
        head, middle, between, tail = self._parts
        return b"".join((head, fold_subject(subject), middle, _quoted_printable(text), between,
                         html if isinstance(html, bytes) else _quoted_printable(html), tail))


class MarkedBody:
    """A body with merge sentinels, quoted-printable encoded once: each email system's version
    then encodes only the lines with a sentinel (an optional part spanning lines goes whole)."""

    def __init__(self, marked: str):
        segments: list[tuple[str, bool]] = []    # (lines, has sentinels), split at line ends
        open_parts: set[str] = set()             # optional parts begun and not yet ended
        for line in marked.split("\n"):
            sentinels = SENTINEL.findall(line)
            changing = bool(open_parts or sentinels)
            if segments and segments[-1][1] == changing and (not changing or open_parts):
                segments[-1] = (segments[-1][0] + "\n" + line, changing)
            else:
                segments.append((line, changing))
            for kind, number in sentinels:
                if kind == "OPEN":
                    open_parts.add(number)
                elif kind == "CLOSE":
                    open_parts.discard(number)
        # every segment but the last ends where a line did
        self._parts: list[bytes | Marked] = []
        for i, (text, changing) in enumerate(segments):
            text += "\n" if i < len(segments) - 1 else ""
            self._parts.append(Marked(text) if changing else _quoted_printable(text))

    def encode(self, values: list[str | None]) -> bytes:
        """Quoted-printable of `Marked(marked).fill(values)`."""
        return b"".join(part if isinstance(part, bytes) else _quoted_printable(part.fill(values))
                        for part in self._parts)


_BOUNDARY = b"=_renewals_" + b"0" * 32


@lru_cache(maxsize=None)
def _skeleton(language: str) -> tuple[bytes, bytes, bytes, bytes]:
    """The message of one language with placeholders, cut around them (built once per language:
    the `email` package takes about a millisecond for it)."""
    message = EmailMessage(policy=_POLICY)
    message["Subject"] = _SUBJECT
    message["X-Unsent"] = "1"     # Outlook opens the file as a draft to send
    message.set_content(_TEXT, subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(_HTML, subtype="html", charset="utf-8", cte="quoted-printable")
    message["Content-Language"] = language  # after set_content, which clears Content-* headers
    message.set_boundary(_BOUNDARY.decode())
    raw = message.as_bytes()
    head, rest = raw.split(f"Subject: {_SUBJECT}\r\n".encode(), 1)
    middle, rest = rest.split(f"{_TEXT}\r\n".encode(), 1)
    between, tail = rest.split(f"{_HTML}\r\n".encode(), 1)
    return head, middle, between, tail


def fold_subject(subject: str) -> bytes:
    """The Subject header, folded into lines of at most 76 characters.

    ASCII is folded at its spaces. Anything else becomes RFC 2047 encoded-words of at most 75
    characters each (the `email` package's Header, which splits between characters, never inside
    one); a mail reader joins adjacent encoded-words without the folding space. (The policy's own
    folder breaks before the first word when a subject starts with a merge token, which a reader
    unfolds to a leading space.)
    """
    if any(char in subject for char in "\r\n"):  # a header injection; content checks refuse it first
        raise ValueError("Header values may not contain linefeed or carriage return characters")
    if subject.isascii() and "=?" not in subject and subject == subject.strip():
        return _fold_ascii(subject)
    encoded = Header(subject, "utf-8", header_name="Subject").encode(linesep="\r\n", maxlinelen=76)
    return f"Subject: {encoded}\r\n".encode("ascii")


def _fold_ascii(subject: str) -> bytes:
    lines, line = [], "Subject:"
    for word in subject.split(" "):
        if len(line) + 1 + len(word) > 76 and line.strip() not in ("", "Subject:"):
            lines.append(line)
            line = ""
        line += " " + word
    lines.append(line)
    return ("\r\n".join(lines) + "\r\n").encode("ascii")


def _quoted_printable(body: str) -> bytes:
    """`body` as quoted-printable lines of at most 76 characters, CRLF line ends, ending in one.
    Encoded line by line (quoted-printable is line by line): the lines without a merge token are
    the same in every email system's version and are encoded once (cached). A carriage return
    ends a line too: left in a line, it would pass into the file as a bare CR, which breaks it."""
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines[-1] == "":
        lines.pop()
    return b"".join(map(_quoted_printable_line, lines))


@lru_cache(maxsize=16384)
def _quoted_printable_line(line: str) -> bytes:
    return binascii.b2a_qp(f"{line}\n".encode("utf-8"), istext=True).replace(b"\n", b"\r\n")


def build_eml(subject: str, text: str, html: str, language: str, to: str | None = None) -> bytes:
    """A draft message a mail client opens as-is; the same input always gives the same bytes."""
    data = EmlSkeleton(language, f"{subject}\0{text}\0{html}").render(subject, text, html)
    return _to_header(to) + data if to else data


def _to_header(to: str) -> bytes:
    """A To header (a merge draft's recipient), encoded and folded by the `email` package."""
    message = EmailMessage(policy=_POLICY)
    message["To"] = to
    return message.as_bytes().split(b"\r\n\r\n", 1)[0] + b"\r\n"
