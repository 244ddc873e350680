"""Translations of content checked exactly as the English is: the same models validate both.

A translation is untrusted text, like the content itself: Markdown with an unsafe link, an
attribute list, template code of an email system, a line break in a subject or markup in the site
title is refused with the catalog's file and line, whatever the English was.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import Problem, key_path
from ..models import Content
from ..validation_errors import error_location, error_message
from .localize import LocaleContext, localize


def translation_problems(source: Content, loc: LocaleContext) -> list[Problem]:
    """Problems of `source` in `loc`'s language (translated, its facts filled in)."""
    translator = loc.translator
    translated = localize(source, loc)
    try:
        Content.model_validate(_plain(translated))
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            loc = error_location(error)
            english = _value_at(source, loc)
            path, line = translator.where(english) if isinstance(english, str) and \
                translator.where(english) else (translator.path, 0)
            message = error_message(Content, loc, error)
            problems.append(Problem(path, line, 0, "msgstr",
                                    f"{message} (this translates content/{loc[0]}.yml "
                                    f"{key_path(loc[1:])})"))
        return problems
    return []


def _plain(value: Any) -> Any:
    """A model as plain data (str, not Text), to be validated from scratch."""
    if isinstance(value, BaseModel):
        return {name: _plain(getattr(value, name)) for name in type(value).model_fields}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return str(value) if isinstance(value, str) else value


def _value_at(model: Any, loc: tuple) -> Any:
    value = model
    for part in loc:
        try:
            value = value[part] if isinstance(part, int) or isinstance(value, dict) \
                else getattr(value, part)
        except (AttributeError, IndexError, KeyError, TypeError):
            return None
    return value
