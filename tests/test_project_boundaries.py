"""What crosses into the build besides content text: links in the project, merge-field values after
substitution, phone numbers with extensions, and how long a quoted value may make an error line."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import escape

from generator.errors import InputError, Problem
from generator.i18n.catalogs import source_translator
from generator.i18n.localize import LocaleContext
from generator.kit.assemble import build_kit
from generator.kit.checks import MarkedLinks, check_filled_links, link_prefixes
from generator.kit.merge import Marked
from generator.project import load_project
from tests.conftest import replace_in


def problems_of(project: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_project(project, ["en"])
    return [str(problem) for problem in caught.value.problems]


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:the secret\n" * 50, encoding="utf-8")
    return secret


def test_a_content_file_linked_out_of_the_project_is_refused_unread(project: Path, outside: Path):
    (project / "content/banners.yml").unlink()
    (project / "content/banners.yml").symlink_to(outside)
    problems = problems_of(project)
    assert problems == ["content/banners.yml: is a symbolic link to a file outside the project; "
                        "expected a file inside it (copy the file in rather than linking to it)"]
    assert "secret" not in "\n".join(problems)


def test_an_asset_linked_out_of_the_project_is_not_published(project: Path, outside: Path):
    (project / "templates/site/assets/extra.txt").symlink_to(outside)
    (project / "locales/de/LC_MESSAGES").rename(project / "de-messages")
    (project / "locales/de/LC_MESSAGES").symlink_to(outside.parent, target_is_directory=True)
    assert problems_of(project) == [
        "locales/de/LC_MESSAGES: is a symbolic link to a file outside the project; expected a file "
        "inside it (copy the file in rather than linking to it)",
        "templates/site/assets/extra.txt: is a symbolic link to a file outside the project; "
        "expected a file inside it (copy the file in rather than linking to it)"]


def test_a_link_inside_the_project_is_fine(project: Path):
    (project / "templates/site/assets/logo-copy.svg").symlink_to(
        project / "templates/site/assets/logo.svg")
    assert load_project(project, ["en"]).content.program.title


def test_a_huge_value_gives_a_short_error_line(project: Path):
    replace_in(project / "content/program.yml", "intro: >-\n", "intro: >-\n  [x](" +
               "x" * 1_000_000 + ")\n")
    [line] = problems_of(project)
    assert len(line) < 300 and "'" + "x" * 80 + "…'" in line


def test_quoted_values_are_capped_but_apostrophes_are_not_quotes():
    assert str(Problem("a.yml", 1, 0, "k", f"found {'v' * 500!r}")) == \
        f"a.yml:1: k: found '{'v' * 80}…'"
    text = "partners' systems " + "x" * 100 + " it's fine"
    assert str(Problem("a.yml", 0, 0, "", text)) == f"a.yml: {text}"


def test_links_are_checked_after_the_merge_fields_are_filled_in():
    html = ('<p title="x href=javascript:no">&lt;a href="javascript:text"&gt;</p>'
            '<a href="{{ contact.renewal_link }}">a</a><a href="tel:+1-866-675-6552;ext=12">b</a>')
    assert check_filled_links("ok.html", html, ["{{ contact.renewal_link }}"]) == []
    for bad in ("javascript:alert(1)", "jav&#x61;script:alert(1)", "//evil.example/x",
                "data:text/html,x"):
        [problem] = check_filled_links("bad.html", f'<a href="{bad}">x</a>', [bad])
        assert "after filling in the merge fields" in problem.message


_LINK_PIECES = st.sampled_from(["https://x.example/", "javascript:", "//evil.example", "tel:+1",
                                 "ZZMERGE0ZZ", "ZZMERGE1ZZ", "&amp;", "&#x61;", "/p", " ", "?a=b"])
_VALUES = st.sampled_from(["https://ok.example/r", "javascript:alert(1)", "{{ contact.link }}",
                           "*|URL|*", "//evil.example/x", 'a"b<c>', "java&#x73;cript:x", None])


@settings(max_examples=200, deadline=None)
@given(links=st.lists(st.lists(_LINK_PIECES, max_size=4).map("".join), max_size=3),
       values=st.lists(_VALUES, min_size=2, max_size=2))
def test_checking_the_links_alone_is_checking_the_filled_file(links, values):
    """The kit checks each email system's links by filling in the links alone (MarkedLinks): the
    same verdict as scanning the whole filled file, since filled values are HTML-escaped."""
    html = '<p title="ZZMERGE0ZZ">ZZMERGE1ZZ</p>' + "".join(
        f'<a class="b" href="{link}">x</a><img alt="" src=\'{link}\'>' for link in links)
    escaped = [None if v is None else str(escape(v)) for v in values]
    tokens = [v for v in values if v is not None]
    assert MarkedLinks(html).check("f.html", escaped, link_prefixes(tokens)) == \
        check_filled_links("f.html", Marked(html).fill(escaped), tokens)


def test_a_phone_number_with_an_extension_is_dialled_with_it(project: Path):
    replace_in(project / "content/contacts.yml", "phone: (866) 675-6552",
               "phone: (866) 675-6552 ext. 123")
    loaded = load_project(project, ["en"])
    loc = LocaleContext("en", source_translator("en"), "US")
    kit = build_kit(loaded.content, loc, loaded.templates, "css-inline")
    email = next(data for path, data in kit.files.items() if path.endswith("/neutral.html"))
    assert 'href="tel:+1-866-675-6552;ext=123"' in email and "ext. 123" in email
