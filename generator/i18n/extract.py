"""Babel extractors: the translatable text of content/*.yml, of the templates and of mkdocs.yml.

Content is translated by gettext lookup of its English text, so the catalog must hold exactly the
strings the models hold: each content file is read with the project's loader and validated with its
model, and every `Text` in it is extracted (never a guess from the raw YAML). Each message carries a
translator comment saying where it is used, written by `usage`. Registered for Babel as the entry
point `portal_content`; the other two are named in locales/babel.cfg ([extractors]), so they need no
installation step.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import jinja2
import yaml
from jinja2.ext import babel_extract
from pydantic import BaseModel, ValidationError

from ..content import PLACEHOLDER, iter_texts, load_content
from ..errors import InputError, Problem, key_path
from ..facts import REFERENCE
from ..loader import Loc, load_yaml
from ..models import CONTENT_FILES
from ..values import MarkdownText, Text
from .pofiles import FREE_NOTE
from .usage import SEPARATOR, content_uses, template_uses

Extracted = tuple[int, str | None, str, list[str]]

# What site_config.locale_config translates in mkdocs.yml ("*" is any list index), and where it shows.
SITE_CONFIG_TEXTS: dict[tuple[str | int, ...], str] = {
    ("theme", "palette", "*", "toggle", "name"): "every page (light/dark mode switch)",
    ("markdown_extensions", "*", "toc", "permalink_title"): "every page (the link beside each heading)",
}
_MARKDOWN_MARKS = re.compile(r"[*_`\[\]<]")
# An email's greeting, subject and preheader are written anew in each language (see
# catalogs.PlaceholderRules); the note also tells `pofiles.render_catalog` to flag them
# no-python-brace-format, so msgfmt --check does not ask for the English merge fields.
FREE_FIELDS = ("greeting", "subject", "preheader")


def extract_content(fileobj: IO[bytes], keywords: Any, comment_tags: Any,
                    options: dict[str, Any]) -> Iterator[Extracted]:
    """Every translatable string of one content file (content/<section>.yml), with its line."""
    path = Path(fileobj.name)
    shown = f"content/{path.name}"
    model = CONTENT_FILES.get(path.stem)
    if model is None or path.suffix != ".yml":
        raise InputError([Problem(shown, 0, 0, "", "not a content file; expected one of: "
                                  + ", ".join(f"{name}.yml" for name in CONTENT_FILES))])
    value, doc = _validated(path, shown, model)
    for loc, text in iter_texts(value):
        comments = content_comments(shown, path.stem, loc, text, value)
        if text.one is not None:  # a plural entry: msgid the singular, msgid_plural the other form
            yield doc.mark(loc)[0], "ngettext", (text.one, str(text)), comments
        else:
            yield doc.mark(loc)[0], None, str(text), comments


def _validated(path: Path, shown: str, model: type[BaseModel]):
    doc, problems = load_yaml(path, shown)
    if doc is None:
        raise InputError(problems)
    try:
        return model.model_validate(doc.data), doc
    except ValidationError:
        # Report it exactly as `portal check` does, with every problem located.
        load_content(path.parent.parent)
        raise InputError([Problem(shown, 0, 0, "", "content is not valid; run `portal check`")])


def content_comments(shown: str, section: str, loc: Loc, text: Text, model: Any) -> list[str]:
    """Where the string is used, and what a translator must keep as it is."""
    comments = [f"{shown} {key_path(loc)}{SEPARATOR}{'; '.join(content_uses(section, loc, model))}"]
    names = list(dict.fromkeys(name for form in text.forms for name in PLACEHOLDER.findall(form)))
    if section == "emails" and loc[0] == "emails" and loc[-1] in FREE_FIELDS:
        comments.append(FREE_NOTE)
    elif names:
        comments.append(f"Keep the placeholders {', '.join(f'{{{n}}}' for n in names)} unchanged: "
                        "the partner's email system fills them in.")
    facts = list(dict.fromkeys(name for form in text.forms for name in REFERENCE.findall(form)))
    if facts:
        comments.append(f"Keep the fact references {', '.join(f'[[{n}]]' for n in facts)} unchanged: "
                        "the build fills them in.")
    if text.one is not None:
        counted = text.count or next((n for n in facts if n.split(".")[0].endswith("days")), "")
        comments.append(f"Plural forms: the form is chosen by the number [[{counted}]].")
    if isinstance(text, MarkdownText) and _MARKDOWN_MARKS.search(text):
        comments.append("Markdown: keep **bold**, *emphasis* and link addresses as they are.")
    limit = _length_limit(section, loc, model)
    if limit:
        comments.append(f"At most {limit} characters (checked in every language).")
    return comments


def _length_limit(section: str, loc: Loc, model: Any) -> int | None:
    """Banner texts have a length limit set in content/banners.yml (short_limit, long_limit)."""
    if section == "banners" and loc[0] == "banners" and loc[-1] in ("short", "long"):
        return getattr(model, f"{loc[-1]}_limit")
    return None


def extract_templates(fileobj: IO[bytes], keywords: Any, comment_tags: Any,
                      options: dict[str, Any]) -> Iterator[Extracted]:
    """Jinja's own extractor (options as in locales/babel.cfg), plus where the template is used."""
    path = Path(fileobj.name)
    templates_dir = next((p for p in path.parents if p.name == "templates"), None)
    name = path.relative_to(templates_dir).as_posix() if templates_dir else path.name
    where = f"templates/{name}{SEPARATOR}{'; '.join(template_uses(templates_dir, name))}" \
        if templates_dir else None
    try:
        for lineno, funcname, message, comments in babel_extract(fileobj, keywords, comment_tags,
                                                                 options):
            yield lineno, funcname, message, [*comments, where] if where else comments
    except jinja2.TemplateSyntaxError as exc:
        raise InputError([Problem(f"templates/{name}", exc.lineno, 0, "",
                                  f"template syntax error: {exc.message}")]) from None


def extract_site_config(fileobj: IO[bytes], keywords: Any, comment_tags: Any,
                        options: dict[str, Any]) -> Iterator[Extracted]:
    """The labels of the base site configuration that the build translates (SITE_CONFIG_TEXTS)."""
    shown = Path(fileobj.name).name
    for loc, (value, line) in _config_scalars(fileobj.read(), shown).items():
        for pattern, use in SITE_CONFIG_TEXTS.items():
            if _matches(pattern, loc) and value.strip():
                yield line, None, value, [f"{shown} {key_path(loc)}{SEPARATOR}{use}"]


def _matches(pattern: tuple[str | int, ...], loc: Loc) -> bool:
    return len(pattern) == len(loc) and all(
        p == part or (p == "*" and isinstance(part, int)) for p, part in zip(pattern, loc))


def _config_scalars(raw: bytes, shown: str) -> dict[Loc, tuple[str, int]]:
    """Every scalar of mkdocs.yml by key path, with its line.

    loader.load_config_yaml reads the values for the build but keeps no lines, and the catalog
    wants them. The YAML is only composed into nodes here, never constructed, so tags MkDocs
    configs use (`!!python/name:...`) are inert text and no object is ever created.
    """
    try:
        node = yaml.compose(raw.decode("utf-8-sig"), Loader=yaml.BaseLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise InputError([Problem(shown, mark.line + 1 if mark else 0, 0, "",
                                  f"YAML error: {exc.problem}")]) from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputError([Problem(shown, 0, 0, "", f"cannot read: {exc}")]) from None
    found: dict[Loc, tuple[str, int]] = {}
    try:
        _collect_scalars(node, (), found)
    except RecursionError:  # an alias that contains itself
        raise InputError([Problem(shown, 0, 0, "", "nested too deeply (a recursive alias?)")]) from None
    return found


def _collect_scalars(node: yaml.Node | None, loc: Loc, found: dict[Loc, tuple[str, int]]) -> None:
    if isinstance(node, yaml.ScalarNode):
        found[loc] = (node.value, node.start_mark.line + 1)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _collect_scalars(item, (*loc, i), found)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                _collect_scalars(value, (*loc, key.value), found)
