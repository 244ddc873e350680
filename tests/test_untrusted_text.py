"""Property tests: whatever text marketing or a translator types, the outputs gain no markup.

Arbitrary text goes into plain-text and Markdown fields of the content; every page (rendered to
HTML the way the site engine renders it) and every email and banner must re-parse with no element,
attribute or URL scheme that the shipped content's outputs do not already have. Text the content
checks refuse (raw HTML, unsafe links) is fine too: refusing is the other safe answer.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from urllib.parse import urlsplit

import lxml.html
import markdown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from generator.i18n.catalogs import source_translator
from generator.i18n.localize import LocaleContext
from generator.kit.assemble import build_kit
from generator.models import Content
from generator.project import load_project
from generator.render.pages import render_pages
from tests.conftest import REPO

NASTY = st.sampled_from([
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)",
    "[x](javascript:alert(1))", "<iframe src=https://evil.example>", "\"'><b>", "&lt;b&gt;",
    "*a* _b_ `c` # d", "[x]: https://evil.example", "<style>*{}</style>", "{{ 7*7 }}", "{% raw %}",
    "data:text/html,<b>x</b>", "<a href=\"vbscript:x\">y</a>", "](https://evil.example)", "\\",
    "| a | b |", "<!-- c -->", "<br>", "&amp;", "\u202e", "ZZMERGE1ZZ",
])
TEXT = st.lists(st.one_of(NASTY, st.text(min_size=1, max_size=12)), min_size=1, max_size=4).map(
    lambda parts: " ".join(parts).replace("\r", " ").replace("\n", " ").strip() or "x")


@lru_cache(maxsize=1)
def shipped() -> tuple[dict, object]:
    project = load_project(REPO, ["en"])
    return project.content.model_dump(mode="json"), project


def site_html(markdown_text: str) -> str:
    extensions = ["tables", "attr_list", "md_in_html", "admonition", "toc"]
    return markdown.markdown(markdown_text, extensions=extensions)


def features(html: str) -> set[tuple[str, str]]:
    """Element names, attribute names and URL schemes found in `html`."""
    found: set[tuple[str, str]] = set()
    tree = lxml.html.fromstring(f"<div>{html}</div>") if not html.lstrip().startswith("<!") \
        else lxml.html.document_fromstring(html)
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        found.add(("element", element.tag))
        for name, value in element.attrib.items():
            found.add(("attribute", name))
            if name in ("href", "src", "action", "formaction"):
                scheme = urlsplit(value.strip()).scheme.lower()
                found.add(("scheme", scheme or "relative"))
    return found


def render_all(data: dict, project) -> set[tuple[str, str]]:
    content = Content.model_validate(data)
    loc = LocaleContext("en", source_translator("en"), "US")
    kit = build_kit(content, loc, project.templates, "css-inline")
    found: set[tuple[str, str]] = set()
    for text in render_pages(content, loc, project.templates, kit).values():
        found |= features(site_html(text))
    for path, data_ in kit.files.items():
        if path.endswith(".html"):
            found |= features(data_ if isinstance(data_, str) else data_.decode())
    return found


# What content Markdown may legitimately add (markup.py's allow-list): formatting, never new kinds of
# attributes or links.
MARKDOWN_ALLOWED = {("element", tag) for tag in ("p", "em", "strong", "code", "ul", "ol", "li", "br", "a")}


@lru_cache(maxsize=1)
def baseline() -> frozenset[tuple[str, str]]:
    data, project = shipped()
    return frozenset(render_all(data, project))


FIELDS = [
    ("schedule", "touchpoints", 0, "title"), ("schedule", "touchpoints", 1, "summary"),
    ("emails", "emails", 0, "heading"), ("emails", "emails", 0, "subject"),
    ("emails", "emails", 1, "footer"), ("emails", "emails", 0, "body", 1),
    ("policies", "grace_period", "faq", 0, "question"), ("policies", "grace_period", "faq", 0, "answer"),
    ("maintenance", "benefits", 0, "text"), ("banners", "banners", 0, "cta"),
    ("contacts", "contacts", 0, "label"), ("program", "tagline"),
]


def with_value(data: dict, path: tuple, value: str) -> dict:
    copy = json.loads(json.dumps(data))  # a deep copy of plain data
    target = copy
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return copy


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(FIELDS), value=TEXT)
def test_arbitrary_text_adds_no_markup_to_any_output(field: tuple, value: str) -> None:
    data, project = shipped()
    try:
        found = render_all(with_value(data, field, value), project)
    except ValidationError:
        return  # the content checks refused it, with a message: also safe
    new = found - baseline() - MARKDOWN_ALLOWED
    assert not new, f"{field} = {value!r} added {sorted(new)}"


def test_the_baseline_has_no_unsafe_scheme() -> None:
    schemes = {value for kind, value in baseline() if kind == "scheme"}
    assert schemes <= {"https", "mailto", "tel", "relative"}
    assert not re.search(r"script|data|vbscript", " ".join(schemes))
