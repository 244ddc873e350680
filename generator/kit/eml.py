"""`.eml` files: multipart/alternative (text + HTML), UTF-8, quoted-printable, RFC 2047 subject.

A kit writes one .eml per email and dialect, and building each as an `EmailMessage` cost 3-15 ms:
parsing and re-folding the same fixed headers, escaping the bodies a character at a time, and,
slowest, folding a non-ASCII subject. So the fixed part of the message is written out here in the
layout `EmailMessage` gives it, and only what varies is encoded:

- the bodies as `EmailMessage.set_content(..., cte="quoted-printable")` encodes them: the same
  lines and soft breaks as `email.quoprimime.body_encode`, line by line, with each encoded line
  remembered, since an email's dialects differ only in the lines that hold a merge token;
- an ASCII subject exactly as the policy folds it; any other subject as RFC 2047 base64
  encoded-words covering the whole subject (the policy's folder took 2-4 ms per subject), which
  mail clients read back as the same text.

tests/test_build_speed_design.py holds these to the `email` package on generated input: the same
bytes for ASCII subjects, the same parsed subject for the others.
"""

from __future__ import annotations

import base64
import hashlib
import re
from email.policy import SMTP
from functools import lru_cache

# Unfolded headers up to RFC 5322's 998 characters: Python's folder otherwise breaks a subject that
# starts with a merge token before its first word, which parses back with a leading space.
_POLICY = SMTP.clone(max_line_length=998)
_CRLF = _POLICY.linesep
_MAX_LINE = _POLICY.max_line_length
# UTF-8 bytes per encoded-word: 39 make 64 characters, so "Subject: " and a word fit in 78.
_WORD_BYTES = 39
# Printable ASCII words with single spaces, no encoded-word look-alike: the folder keeps these as is.
_PLAIN_SUBJECT = re.compile(r"[!-~]+(?: [!-~]+)*")
# What quoted-printable must escape in a body besides "=": all but printable ASCII, space, tab, LF.
_QP_UNSAFE = re.compile(r"[^\t\n -~]+")


def build_eml(subject: str, text: str, html: str, language: str) -> bytes:
    """A draft message a mail client opens as-is; the same input always gives the same bytes."""
    digest = hashlib.sha256(f"{subject}\0{text}\0{html}".encode()).hexdigest()[:32]
    boundary = f"=_renewals_{digest}"  # deterministic, unlike the default random one
    return "".join((
        _subject_header(subject),
        f"X-Unsent: 1{_CRLF}",                  # Outlook opens the file as a draft to send
        f"MIME-Version: 1.0{_CRLF}",
        f'Content-Type: multipart/alternative; boundary="{boundary}"{_CRLF}',
        _language_header(language),
        _CRLF,
        f"--{boundary}{_CRLF}",
        _text_part("plain", text, ""),
        f"{_CRLF}--{boundary}{_CRLF}",
        _text_part("html", html, f"MIME-Version: 1.0{_CRLF}"),
        f"{_CRLF}--{boundary}--{_CRLF}",
    )).encode("ascii", "surrogateescape")


def _subject_header(subject: str) -> str:
    if len(subject.splitlines()) > 1:  # as EmailMessage refuses it
        raise ValueError("Header values may not contain linefeed or carriage return characters")
    if not subject.isascii():
        return f"Subject: {_encoded_words(subject)}{_CRLF}"
    if "=?" not in subject and len(subject) < _MAX_LINE - 9 and _PLAIN_SUBJECT.fullmatch(subject):
        return f"Subject: {subject}{_CRLF}"
    return _header("Subject", subject)


def _encoded_words(text: str) -> str:
    """`text` as RFC 2047 "B" encoded-words of whole characters, one per folded line; readers join
    adjacent encoded-words without the folding space between them, so the text reads back as is."""
    data, words, start = text.encode("utf-8"), [], 0
    while start < len(data):
        end = min(start + _WORD_BYTES, len(data))
        while end < len(data) and data[end] & 0xC0 == 0x80:  # never split a UTF-8 sequence
            end -= 1
        words.append(f"=?utf-8?b?{base64.b64encode(data[start:end]).decode('ascii')}?=")
        start = end
    return f"{_CRLF} ".join(words)


@lru_cache(maxsize=None)
def _language_header(language: str) -> str:
    return _header("Content-Language", language)


def _header(name: str, value: str) -> str:
    """One header line as the policy stores and folds it."""
    return _POLICY.header_store_parse(name, value)[1].fold(policy=_POLICY)


def _text_part(subtype: str, body: str, extra_headers: str) -> str:
    """A UTF-8 quoted-printable part, as `EmailMessage.set_content(..., cte=...)` writes it."""
    return (f'Content-Type: text/{subtype}; charset="utf-8"{_CRLF}'
            f"Content-Transfer-Encoding: quoted-printable{_CRLF}{extra_headers}{_CRLF}"
            f"{quoted_printable(body)}")


def quoted_printable(body: str) -> str:
    """`body` as `set_content` encodes it: UTF-8, its lines ended by CRLF, then quoted-printable
    with the lines and soft breaks of `email.quoprimime.body_encode` at the policy's line limit."""
    return "".join(map(_encoded_line, body.encode("utf-8").splitlines() or [b""]))


@lru_cache(maxsize=4096)
def _encoded_line(line: bytes) -> str:
    """One line, encoded. Cached: an email's dialects differ in a few lines, they share the rest."""
    # "=" first, as plain text: HTML has hundreds, and the runs escaped next contain only "=XX".
    escaped = _QP_UNSAFE.sub(_escape, line.decode("latin-1").replace("=", "=3D"))
    return _CRLF.join(_soft_breaks(escaped)) + _CRLF


def _escape(match: re.Match) -> str:
    return "=" + match.group().encode("latin-1").hex("=").upper()


def _soft_breaks(line: str) -> list[str]:
    """One encoded line cut below the line limit, never inside an escape, as quoprimime does."""
    if len(line) <= _MAX_LINE and not line.endswith((" ", "\t")):
        return [line]
    pieces, start, last_start = [], 0, len(line) - 1 - _MAX_LINE
    while start <= last_start:
        stop = start + _MAX_LINE - 1
        if line[stop - 2] == "=":
            pieces.append(line[start:stop - 1])
            start = stop - 2
        elif line[stop - 1] == "=":
            pieces.append(line[start:stop])
            start = stop - 1
        else:
            pieces.append(line[start:stop] + "=")
            start = stop
    if not line or line[-1] not in " \t":
        pieces.append(line[start:])
        return pieces
    # Whitespace at the end of a line is escaped where there is room, else moved past a soft break.
    room, quoted = start - last_start, f"={ord(line[-1]):02X}"
    if room >= 3:
        pieces.append(line[start:-1] + quoted)
    elif room == 2:
        pieces.append(line[start:] + "=" + _CRLF)
    else:
        pieces.append(line[start:-1] + "=" + _CRLF + quoted)
    return pieces
