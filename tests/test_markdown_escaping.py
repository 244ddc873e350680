"""Plain text placed in a generated Markdown page reads back as the same text, in both engines.

`escape_markdown` must escape every character that could start markup, and only characters the
engine unescapes again: a backslash before anything else stays on the page ("Roughly \\~40%").
The site engine is Python-Markdown with the extensions mkdocs.yml lists; markdown-it-py (CommonMark)
is the engine content Markdown goes through. Both must give the input text back.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import markdown
import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from generator.markup import escape_markdown
from tests.conftest import REPO

_SPACE = re.compile(r"[ \t\n\r\f]+")


def _site_extensions() -> tuple[list[str], dict]:
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    names, options = [], {}
    for item in config["markdown_extensions"]:
        name, opts = next(iter(item.items())) if isinstance(item, dict) else (item, {})
        names.append(name)
        options[name] = opts or {}
    return names, options


_NAMES, _OPTIONS = _site_extensions()
_SITE = markdown.Markdown(extensions=_NAMES, extension_configs=_OPTIONS)
_COMMONMARK = MarkdownIt("commonmark", {"html": True})


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tags: list[str] = []
        self.in_permalink = False  # the toc extension's "¶" after each heading is not the text

    def handle_starttag(self, tag, attrs):
        if tag == "a" and ("class", "headerlink") in attrs:
            self.in_permalink = True
        else:
            self.tags.append(tag)

    def handle_endtag(self, tag):
        self.in_permalink = self.in_permalink and tag != "a"

    def handle_data(self, data):
        if not self.in_permalink:
            self.parts.append(data)


def _shown(html: str) -> tuple[str, list[str]]:
    """The text a browser shows (white space collapsed as HTML does) and the elements made."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return _SPACE.sub(" ", "".join(parser.parts)).strip(), parser.tags


def _site(source: str) -> str:
    _SITE.reset()
    return _SITE.convert(source)


# Text as content can hold it: YAML allows no control characters but tab and line breaks.
_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")
                | st.sampled_from(list("\\`*_{}[]()<>#+-.!|~&:=\"' \t\n")), max_size=60)
_EVERY_SPECIAL = "\\`*_{}[]()<>#+-.!|~&:=\"'"


@pytest.mark.parametrize("render", [_site, _COMMONMARK.render], ids=["site", "markdown-it"])
@settings(max_examples=300, deadline=None)
@given(text=_TEXT)
@example(text="Roughly ~40% of renewals")
@example(text=_EVERY_SPECIAL)
@example(text="1. not a list")
@example(text="- not a list")
@example(text="    not code")
@example(text="# not a heading")
@example(text="!!! note")
@example(text="a | b")
@example(text="{: .class }")
@example(text="<b>&amp;</b>")
@example(text="***")
def test_escaped_text_reads_back_as_the_same_text(render, text: str):
    # given any text, escaped for a Markdown page, as a paragraph or a heading
    for source, wrapper in ((escape_markdown(text), "p"), ("## " + escape_markdown(text), "h2")):
        # when the engine renders it
        shown, tags = _shown(render(source))
        # then the reader sees exactly the text, and no element but the paragraph or heading
        assert shown == _SPACE.sub(" ", text).strip()  # a block starts and ends with no space
        assert set(tags) <= {wrapper}, (source, tags)


def test_only_characters_the_site_engine_unescapes_are_escaped():
    escapable = set(_SITE.ESCAPED_CHARS)
    escaped = set(re.findall(r"\\(.)", escape_markdown(_EVERY_SPECIAL)))
    assert escaped <= escapable, escaped - escapable
    assert "~" not in escaped and "\\~" not in escape_markdown("~40%")
