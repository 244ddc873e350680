"""Merge tokens and the footer each email system requires, as partners paste and send them.

Round trip: every email system's tokens come out of both inliners byte for byte where the neutral
tokens are (in text, in href attributes, in the subject, in the .eml as Python's parser reads it).
"""

from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path

import lxml.html
import pytest
from markupsafe import escape

from generator.kit.checks import check_footer_tokens
from generator.kit.inline import INLINERS, inline_css
from generator.kit.merge import TOKEN_SYNTAX
from tests.conftest import replace_in, run_portal
from tests.kit_support import shipped_output

CONTENT = shipped_output().content
DIALECTS = [d.id for d in CONTENT.merge_fields.dialects]
EMAIL_IDS = [e.touchpoint.email for e in shipped_output().kit.emails]
ENCODED_WORD = re.compile(rb"=\?[^?]+\?[bBqQ]\?[^?]*\?=")


def _all_tokens(dialect) -> dict[str, str]:
    return dialect.tokens | dialect.footer.tokens()


def _as_dialect(neutral_text: str, dialect, *, html: bool) -> str:
    """The neutral file with every neutral token replaced by `dialect`'s: what the dialect's file
    must be, byte for byte (a part for a token the dialect lacks, such as Marketo's preferences
    link, is the only difference, and is cut out of both before comparing)."""
    neutral = _all_tokens(CONTENT.merge_fields.dialects[0])
    tokens = _all_tokens(dialect)
    pattern = re.compile("|".join(re.escape(str(escape(t)) if html else t) for t in neutral.values()))
    by_token = {(str(escape(t)) if html else t): name for name, t in neutral.items()}
    return pattern.sub(lambda m: (str(escape(tokens[by_token[m.group(0)]])) if html
                                  else tokens[by_token[m.group(0)]])
                       if by_token[m.group(0)] in tokens else "\0MISSING\0", neutral_text)


@pytest.mark.parametrize("inliner", INLINERS)
@pytest.mark.parametrize("dialect_id", DIALECTS[1:])
def test_every_token_comes_out_where_it_went_in(inliner: str, dialect_id: str) -> None:
    out = shipped_output(inliner)
    dialect = next(d for d in CONTENT.merge_fields.dialects if d.id == dialect_id)
    for email_id in EMAIL_IDS:
        files = {fmt: out.kit.files[f"emails/{email_id}/{dialect_id}.{fmt}"] for fmt in
                 ("html", "txt", "eml")}
        neutral_html = out.kit.files[f"emails/{email_id}/neutral.html"]
        expected = _as_dialect(neutral_html, dialect, html=True)
        if "preferences_link" not in dialect.footer.tokens():
            expected = re.sub(r" · <a href=\"\0MISSING\0\"[^>]*>[^<]*</a>", "", expected)
        assert files["html"] == expected, (dialect_id, email_id)
        tree = lxml.html.document_fromstring(files["html"])
        hrefs = [a.get("href") for a in tree.iter("a")]
        assert dialect.tokens["renewal_link"] in hrefs                   # the button
        assert dialect.footer.unsubscribe_link in hrefs                  # the footer links
        # the text part: every token whole (a line of several may wrap between them), of each
        # field the email uses (the neutral file shows which)
        neutral_txt = out.kit.files[f"emails/{email_id}/neutral.txt"]
        neutral = _all_tokens(CONTENT.merge_fields.dialects[0])
        for name, value in _all_tokens(dialect).items():
            if neutral[name] not in neutral_txt:
                continue
            for token in TOKEN_SYNTAX.findall(value) or [value]:
                assert token in files["txt"], (dialect_id, email_id, token)
        # the .eml, read by Python's email parser: the same subject, text and HTML
        message = email.message_from_bytes(files["eml"], policy=email.policy.default)
        assert message.get_body(("plain",)).get_content().replace("\r\n", "\n") == files["txt"]
        assert message.get_body(("html",)).get_content().replace("\r\n", "\n") == files["html"]
        assert str(message["subject"]) == tree.findtext(".//title")
        subject_tokens = TOKEN_SYNTAX.findall(str(message["subject"]))
        assert subject_tokens and all(t in dialect.tokens.values() for t in subject_tokens)


def test_premailer_would_break_a_token_in_a_link_so_the_inliners_only_see_sentinels() -> None:
    # premailer URL-encodes the spaces of {{ contact.renewal_link }} inside href (premailer
    # issue 248); the kit inlines with plain-letter sentinels and puts tokens in afterwards.
    raw = '<html lang="en"><body><a class="b" href="{{ contact.renewal_link }}">x</a></body></html>'
    assert "{{%20contact.renewal_link%20}}" in inline_css(raw, "a.b { color: red; }", "premailer")
    hubspot = shipped_output("premailer").kit.files["emails/notice-60/hubspot.html"]
    assert 'href="{{ contact.renewal_link }}"' in hubspot and "%20" not in hubspot


@pytest.mark.parametrize("dialect_id", DIALECTS)
def test_every_email_carries_its_systems_required_footer_in_both_parts(dialect_id: str) -> None:
    out = shipped_output()
    dialect = next(d for d in CONTENT.merge_fields.dialects if d.id == dialect_id)
    for email_id in EMAIL_IDS:
        for fmt in ("html", "txt"):
            data = out.kit.files[f"emails/{email_id}/{dialect_id}.{fmt}"]
            assert not check_footer_tokens("x", data, dialect, html=fmt == "html")
    mailchimp = out.kit.files["emails/notice-60/mailchimp.txt"]
    assert "Unsubscribe: *|UNSUB|*" in mailchimp
    assert "Our postal address: *|LIST:ADDRESSLINE|*" in mailchimp
    marketo = out.kit.files["emails/notice-60/marketo.html"]
    assert "preferences" not in marketo and "ZZ" not in marketo  # Marketo has no such link


def test_the_quality_gate_names_a_missing_footer_token() -> None:
    mailchimp = next(d for d in CONTENT.merge_fields.dialects if d.id == "mailchimp")
    text = "Unsubscribe: *|UNSUB|*\nManage: *|UPDATE_PROFILE|*\n"
    [problem] = check_footer_tokens("emails/x/mailchimp.txt", text, mailchimp, html=False)
    assert str(problem).startswith("emails/x/mailchimp.txt: lacks Mailchimp's required postal "
                                   "address *|LIST:ADDRESSLINE|*; Mailchimp refuses")


def test_a_footer_without_the_address_fails_the_build(project: Path) -> None:
    # Given footer wording that drops the address placeholder,
    replace_in(project / "content" / "emails.yml", 'address: "Our postal address: {sender_address}"',
               'address: "Our postal address"')
    # when the portal is built,
    result = run_portal("build", "--locale", "en", cwd=project)
    # then every email system's emails fail the gate, each naming its own token.
    assert result.returncode == 2, result.stderr
    assert ("emails/notice-60/mailchimp.html: lacks Mailchimp's required postal address "
            "*|LIST:ADDRESSLINE|*") in result.stderr
    assert "emails/notice-60/hubspot.txt: lacks HubSpot's required postal address " \
        "{{ site_settings.company_name }}" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("locale", ["en", "de", "fr", "es", "ja", "pt_BR", "ar"])
def test_every_subject_is_folded_encoded_words_of_at_most_75(locale: str) -> None:
    out = shipped_output(locale=locale)
    emls = [path for path in out.kit.files if path.endswith(".eml")]
    assert len(emls) == len(EMAIL_IDS) * len(DIALECTS)
    for path in emls:
        raw = out.kit.files[path]
        header = raw.split(b"\r\nX-Unsent:", 1)[0]
        assert header.startswith(b"Subject: ")
        for line in header.split(b"\r\n"):
            assert len(line) <= 76, (path, line)
            assert all(len(word) <= 75 for word in ENCODED_WORD.findall(line)), (path, line)
        subject = email.message_from_bytes(raw, policy=email.policy.default)["subject"]
        html = out.kit.files[path.replace(".eml", ".html")]
        title = lxml.html.document_fromstring(html).findtext(".//title")
        rlm = "\u200f" if locale == "ar" else ""  # a right-to-left subject opens with an RLM
        assert str(subject) == rlm + title, path
