"""`.eml` files: multipart/alternative (text + HTML), UTF-8, built with Python's `email` package.

The message is built with 76-character lines, so the quoted-printable bodies keep RFC 2045's
limit, and written out under a policy that folds headers only past RFC 5322's 998:
Python's folder otherwise breaks a subject that starts with a merge token before its first word,
which parses back with a leading space. A non-ASCII subject becomes RFC 2047 encoded-words.
"""

from __future__ import annotations

import hashlib
from email.message import EmailMessage
from email.policy import SMTP

_BUILD_POLICY = SMTP.clone(max_line_length=76)   # quoted-printable lines the RFC 2045 length
_WRITE_POLICY = SMTP.clone(max_line_length=998)


def build_eml(subject: str, text: str, html: str, language: str, to: str | None = None) -> bytes:
    """A draft message a mail client opens as-is; the same input always gives the same bytes."""
    message = EmailMessage(policy=_BUILD_POLICY)
    if to:
        message["To"] = to
    message["Subject"] = subject
    message["X-Unsent"] = "1"     # Outlook opens the file as a draft to send
    message.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    message["Content-Language"] = language  # after set_content, which clears Content-* headers
    digest = hashlib.sha256(f"{subject}\0{text}\0{html}".encode()).hexdigest()[:32]
    message.set_boundary(f"=_renewals_{digest}")  # deterministic, unlike the default random one
    return message.as_bytes(policy=_WRITE_POLICY)
