"""`.eml` files: multipart/alternative (text + HTML), UTF-8, built with Python's `email` package."""

from __future__ import annotations

import hashlib
from email.message import EmailMessage
from email.policy import SMTP


# Unfolded headers up to RFC 5322's 998 characters: Python's folder otherwise breaks a subject that
# starts with a merge token before its first word, which parses back with a leading space.
_POLICY = SMTP.clone(max_line_length=998)


def build_eml(subject: str, text: str, html: str, language: str) -> bytes:
    """A draft message a mail client opens as-is; the same input always gives the same bytes."""
    message = EmailMessage(policy=_POLICY)
    message["Subject"] = subject  # the policy writes non-ASCII as an RFC 2047 encoded-word
    message["X-Unsent"] = "1"     # Outlook opens the file as a draft to send
    message.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    message["Content-Language"] = language  # after set_content, which clears Content-* headers
    digest = hashlib.sha256(f"{subject}\0{text}\0{html}".encode()).hexdigest()[:32]
    message.set_boundary(f"=_renewals_{digest}")  # deterministic, unlike the default random one
    return message.as_bytes()
