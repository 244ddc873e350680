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
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from generator.i18n.catalogs import Translator, message_problems, source_translator
from generator.i18n.localize import localize
from generator.i18n.translated import translation_problems
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
    "*x*{: onmouseover=alert(1)}", "x\n{: .evil }", "[x](jav&#x61;script:alert(1))",
    "[x](//evil.example/x)", "Portal\" autofocus onfocus=\"alert(1)", "%%[ set @x = 1 ]%%",
    "*|FNAME|*", "{#evil}",
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
                parts = urlsplit(value.strip())
                found.add(("scheme", parts.scheme.lower() or
                           (f"//{parts.netloc}" if parts.netloc else "relative")))
    return found


def render_all(data: dict | Content, project, translator=None) -> set[tuple[str, str]]:
    content = data if isinstance(data, Content) else Content.model_validate(data)
    loc = LocaleContext("en", translator or source_translator("en"), "US")
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
    ("contacts", "contacts", 0, "label"), ("program", "tagline"), ("program", "intro"),
    ("maintenance", "how_to_renew", 0), ("policies", "grace_period", "summary"),
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


def value_at(data: dict, path: tuple) -> str:
    for key in path:
        data = data[key]
    return data  # type: ignore[return-value]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(FIELDS), value=TEXT)
@example(field=("program", "intro"), value="[x](//evil.example/x)")
@example(field=("program", "intro"), value="[x](jav&#x61;script:alert(1))")
@example(field=("emails", "emails", 0, "body", 1), value="**x**\n{: onmouseover=alert(1)}")
def test_arbitrary_text_as_a_translation_adds_no_markup(field: tuple, value: str) -> None:
    # Given a catalog that translates one field's English text as `value`,
    data, project = shipped()
    english = value_at(data, field)
    if message_problems(english, value):
        return  # the catalog check refused it (placeholders, tags or links differ): safe
    translator = Translator("de", {english: value}, path="locales/de/LC_MESSAGES/messages.po",
                            lines={english: 7})
    # when the build checks the translation like the English (and otherwise renders it),
    loc = LocaleContext("en", translator, "US")
    if translation_problems(project.content, loc):
        return  # refused with the catalog's place: safe
    found = render_all(localize(project.content, loc), project, translator)
    # then no element, attribute or URL scheme appears that the English allows nowhere.
    new = found - baseline() - MARKDOWN_ALLOWED
    assert not new, f"{field} translated as {value!r} added {sorted(new)}"


def test_the_baseline_has_no_unsafe_scheme() -> None:
    schemes = {value for kind, value in baseline() if kind == "scheme"}
    assert schemes <= {"https", "mailto", "tel", "relative"}
    assert not re.search(r"script|data|vbscript", " ".join(schemes))
