"""What keeps the build fast as languages, touchpoints and dialects grow, checked without a clock.

The timings themselves are the benchmark's business (`python -m tests.benchmarks`); these tests
pin the design that makes them: a dialect is a substitution, not another render or inline; a
template is compiled once per process, not once per language; .eml files come from Python's
`email` package, in the line lengths RFC 2045 allows.
"""

from __future__ import annotations

import email
import email.policy
import shutil

import jinja2
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import generator.kit.emails as kit_emails
from generator import engine
from generator.build import render_locale, stage_locale
from generator.kit.assemble import build_kit
from generator.kit.eml import build_eml
from generator.project import load_project
from tests.benchmarks.emails import with_dialects
from tests.conftest import REPO


@pytest.fixture(scope="module")
def english():
    project = load_project(REPO, ["en"])
    loc = project.locales[0]
    return project, loc, project.localized(loc)


def _count_calls(monkeypatch: pytest.MonkeyPatch, owner, name: str) -> list:
    calls: list = []
    real = getattr(owner, name)

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, counting)
    return calls


@pytest.mark.parametrize("dialects", [1, 12])
def test_a_dialect_is_a_substitution_not_another_render_or_inline(english, dialects, monkeypatch):
    project, loc, content = english
    # Given the shipped English kit, counting every CSS inlining and every Markdown rendering,
    inlined = _count_calls(monkeypatch, kit_emails, "inline_css")
    rendered = _count_calls(monkeypatch, kit_emails, "markdown_to_html_and_text")
    # when it is built with 1 or 12 dialects instead of the shipped 5,
    kit = build_kit(with_dialects(content, dialects), loc, project.templates, "css-inline")
    # then each email is still rendered and inlined exactly once,
    emails = [tp for tp in content.schedule.touchpoints if tp.email]
    assert len(inlined) == len(emails)
    assert len(rendered) == sum(len(content.email(tp.email).body) for tp in emails)
    # and every dialect still gets its three files per email.
    assert sum(name.startswith("emails/") and not name.endswith("preview.html")
               for name in kit.files) == len(emails) * dialects * 3


def test_a_second_language_compiles_no_template(english, monkeypatch):
    project, loc, content = english
    build_kit(content, loc, project.templates, "css-inline")  # the first language compiles them
    compiled = _count_calls(monkeypatch, jinja2.Environment, "compile")
    build_kit(content, loc, project.templates, "css-inline")
    assert compiled == []


def test_a_changed_template_is_compiled_again(english, tmp_path, monkeypatch):
    project, loc, content = english
    templates = tmp_path / "templates"
    shutil.copytree(project.templates, templates)
    build_kit(content, loc, templates, "css-inline")
    readme = templates / "email" / "kit-readme.txt.j2"
    readme.write_text(readme.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
    compiled = _count_calls(monkeypatch, jinja2.Environment, "compile")
    kit = build_kit(content, loc, templates, "css-inline")
    assert len(compiled) == 1 and kit.files["README.txt"].rstrip().endswith("Edited.")


def test_the_engine_compiles_its_theme_once_per_process(english, tmp_path, monkeypatch):
    project, loc, content = english
    # Given one language's staged site, built by the engine once,
    config = stage_locale(project, render_locale(project, loc, "css-inline"), tmp_path)
    assert engine.build_site(config).ok
    # when it is built again in the same process (as a worker builds its next language),
    compiled = _count_calls(monkeypatch, jinja2.Environment, "compile")
    assert engine.build_site(config).ok
    # then no page template is compiled again: only the language partials that Material's search
    # plugin renders in an environment of its own (4 of the first build's 40 compilations).
    names = {args[2] for args in compiled}
    assert names <= {"partials/language.html", f"partials/languages/{loc.material_language}.html"}


# --- the .eml files: the email package, in lines RFC 2045 allows -----------------------------

_BODY = st.text(st.sampled_from("ab =\t\r\n\x0b\x85é日€<>\"'{}|*%") | st.characters(codec="utf-8"),
               max_size=600)
_LONG_LINE = st.integers(0, 1200).map(lambda n: "x" * n)


@settings(max_examples=100, deadline=None)
@given(text=_BODY, html=st.tuples(_BODY, _LONG_LINE, _BODY).map("".join))
@example(text="", html="x" * 76 + "\r")  # a bare CR at the end of a long line
@example(text="日" * 333, html="x" * 998 + "\n" + "é" * 499)  # each line just 998 octets or 999
def test_eml_bodies_are_8bit_in_lines_of_at_most_998_octets_or_base64(text, html):
    raw = build_eml("Renew {{product}}", text, html, "en")
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert parsed["subject"] == "Renew {{product}}"
    for part, written in zip((parsed.get_body(("plain",)), parsed.get_body(("html",))), (text, html)):
        written = written.replace("\r\n", "\n").replace("\r", "\n")
        body = part.get_payload(decode=False).encode("utf-8", "surrogateescape")
        lines = body.split(b"\r\n")
        if part["content-transfer-encoding"] == "8bit":
            assert max(map(len, lines)) <= 998 and b"\r" not in b"".join(lines) \
                and b"\0" not in body
        else:
            assert part["content-transfer-encoding"] == "base64"
            assert max(map(len, lines)) <= 76
            assert any(len(line.encode()) > 998 for line in written.split("\n")) or "\0" in written
        assert part.get_content().replace("\r\n", "\n").rstrip("\n") == written.rstrip("\n")


@settings(max_examples=100, deadline=None)
@given(subject=st.text(min_size=1, max_size=200).filter(
    lambda s: s.strip() == s and len(s.splitlines()) == 1 and s.isprintable()))
def test_a_subject_reads_back_as_written(subject):
    raw = build_eml(subject, "text", "<p>html</p>", "ja")
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert parsed["subject"] == subject


def test_a_subject_that_starts_with_a_merge_token_is_not_folded_before_it():
    raw = build_eml("{{first_name}}, your {{product}} maintenance expires on {{expiry_date}}",
                    "text", "<p>html</p>", "en")
    assert raw.startswith(b"Subject: {{first_name}}, your {{product}} maintenance expires on")


def test_a_subject_with_a_line_break_is_refused():
    with pytest.raises(ValueError, match="linefeed or carriage return"):
        build_eml("one\ntwo", "text", "html", "en")
