"""`.eml` files: multipart/alternative (text + HTML), UTF-8, the rules of the kit page's eml.js.

A body goes as written, `8bit` (RFC 6152: every mail server and client since the 1990s), while
each of its lines keeps within RFC 5322's 998 octets, which the kit's lines do; otherwise it goes
in base64. A non-ASCII subject becomes RFC 2047 encoded-words of at most 75 characters, in lines
of at most 76. The MIME structure comes from Python's `email` package, built once per language
with placeholders; each file is that skeleton with its subject and bodies put in, so an email
system's file costs a join, not an encoding. The result parses back with Python's `email` parser
to exactly the text and HTML that went in.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from email.message import EmailMessage
from email.policy import SMTP

_POLICY = SMTP.clone(max_line_length=76)  # RFC 2047's header lines
_SUBJECT, _TEXT, _HTML = "ZZEMLSUBJECTZZ", "ZZEMLTEXTZZ", "ZZEMLHTMLZZ"
_MAX_OCTETS = 998        # a line of a message, without its CRLF (RFC 5322 2.1.1)
_WORD_OCTETS = 45        # UTF-8 octets in one encoded-word: "=?utf-8?b?" + 60 + "?=" = 72 characters
_FIRST_WORD_OCTETS = 39  # after "Subject: ": 9 + 12 + 52 = 73 characters


class EmlSkeleton:
    """One email's MIME structure; `render` puts in one email system's subject and bodies."""

    def __init__(self, language: str, seed: str):
        # Deterministic, unlike the default random boundary; "=_" never occurs in base64, and no
        # body line holds a digest of the email it is in.
        self._boundary = f"=_renewals_{hashlib.sha256(seed.encode()).hexdigest()[:32]}".encode()
        self._language = language

    def render(self, subject: str, text: str, html: str) -> bytes:
        (text_encoding, text_data), (html_encoding, html_data) = _body(text), _body(html)
        head, middle, between, tail = (
            part.replace(_BOUNDARY, self._boundary)
            for part in _skeleton(self._language, text_encoding, html_encoding))
        return b"".join((head, fold_subject(subject), middle, text_data, between, html_data,
                         tail))


def _body(text: str) -> tuple[str, bytes]:
    """(transfer encoding, the body's bytes with CRLF line ends, ending in one). A carriage
    return ends a line too: left in one, it would pass into the file as a bare CR."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.endswith("\n"):
        text += "\n"
    data = text.replace("\n", "\r\n").encode("utf-8")
    lines = text.split("\n")
    if "\0" not in text and (max(map(len, lines)) <= _MAX_OCTETS // 4  # UTF-8: 4 octets at most
                             or max(map(len, map(str.encode, lines))) <= _MAX_OCTETS):
        return "8bit", data
    return "base64", base64.encodebytes(data).replace(b"\n", b"\r\n")


_BOUNDARY = b"=_renewals_" + b"0" * 32


@lru_cache(maxsize=None)
def _skeleton(language: str, text_encoding: str, html_encoding: str
              ) -> tuple[bytes, bytes, bytes, bytes]:
    """The message of one language with placeholders, cut around them (built once per language:
    the `email` package takes about a millisecond for it)."""
    message = EmailMessage(policy=_POLICY)
    message["Subject"] = _SUBJECT
    message["X-Unsent"] = "1"     # Outlook opens the file as a draft to send
    message.set_content(_TEXT, subtype="plain", charset="utf-8", cte=text_encoding)
    message.add_alternative(_HTML, subtype="html", charset="utf-8", cte=html_encoding)
    message["Content-Language"] = language  # after set_content, which clears Content-* headers
    message.set_boundary(_BOUNDARY.decode())
    raw = message.as_bytes()
    # the placeholders as each encoding wrote them, with the line end it adds
    text_mark, html_mark = (
        mark.encode() + b"\r\n" if encoding == "8bit" else
        base64.encodebytes(mark.encode() + b"\r\n").replace(b"\n", b"\r\n")
        for mark, encoding in ((_TEXT, text_encoding), (_HTML, html_encoding)))
    head, rest = raw.split(f"Subject: {_SUBJECT}\r\n".encode(), 1)
    middle, rest = rest.split(text_mark, 1)
    between, tail = rest.split(html_mark, 1)
    return head, middle, between, tail


def fold_subject(subject: str) -> bytes:
    """The Subject header, folded into lines of at most 76 characters.

    ASCII is folded at its spaces. Anything else becomes RFC 2047 encoded-words (base64) of at
    most 75 characters each, split between characters, never inside one; a mail reader joins
    adjacent encoded-words without the folding space. (The `email` package's folder breaks
    before the first word when a subject starts with a merge token, which a reader unfolds to a
    leading space; its Header encoder does what this does at twenty times the cost.)
    """
    if any(char in subject for char in "\r\n"):  # a header injection; content checks refuse it first
        raise ValueError("Header values may not contain linefeed or carriage return characters")
    if subject.isascii() and "=?" not in subject and subject == subject.strip():
        return _fold_ascii(subject)
    words, word, budget = [], b"", _FIRST_WORD_OCTETS
    for char in subject:
        octets = char.encode("utf-8")
        if len(word) + len(octets) > budget:
            words.append(word)
            word, budget = b"", _WORD_OCTETS
        word += octets
    words.append(word)
    encoded = b"\r\n ".join(b"=?utf-8?b?" + base64.b64encode(w) + b"?=" for w in words)
    return b"Subject: " + encoded + b"\r\n"


def _fold_ascii(subject: str) -> bytes:
    lines, line = [], "Subject:"
    for word in subject.split(" "):
        if len(line) + 1 + len(word) > 76 and line.strip() not in ("", "Subject:"):
            lines.append(line)
            line = ""
        line += " " + word
    lines.append(line)
    return ("\r\n".join(lines) + "\r\n").encode("ascii")


def build_eml(subject: str, text: str, html: str, language: str, to: str | None = None) -> bytes:
    """A draft message a mail client opens as-is; the same input always gives the same bytes."""
    data = EmlSkeleton(language, f"{subject}\0{text}\0{html}").render(subject, text, html)
    return _to_header(to) + data if to else data


def _to_header(to: str) -> bytes:
    """A To header (a merge draft's recipient), encoded and folded by the `email` package."""
    message = EmailMessage(policy=_POLICY)
    message["To"] = to
    return message.as_bytes().split(b"\r\n\r\n", 1)[0] + b"\r\n"
