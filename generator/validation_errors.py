"""Pydantic's validation errors as messages people can act on: where (file, line, column, key),
what was expected and what was found."""

from __future__ import annotations

import difflib
import re
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import Problem, key_path
from .errors import did_you_mean as _did_you_mean
from .loader import QUOTE_HINT, Document, Loc
from .values import HTTPS_URL_PATTERN


def validation_problems(doc: Document, model: type[BaseModel], exc: ValidationError
                        ) -> list[Problem]:
    """Every mistake `exc` found in `doc`, one problem each."""
    return [_problem(doc, model, error) for error in _one_per_typo(exc.errors(), model)]


_DATE = "a date written YYYY-MM-DD"
_EXPECTED = {
    "int_parsing": "a whole number", "int_type": "a whole number",
    "int_from_float": "a whole number", "bool_parsing": "true or false", "string_type": "text",
    "list_type": "a list (one '- ' item per line)", "dict_type": "a mapping of keys",
    "model_type": "a mapping of keys", "model_attributes_type": "a mapping of keys",
    "date_from_datetime_parsing": _DATE, "date_parsing": _DATE, "date_type": _DATE,
    "string_too_short": "non-empty text",
}
# What a pattern-checked value looks like, in words (keyed by the pattern in models.py, values.py
# or merge_fields.py).
_PATTERNS = {
    r"^[a-z0-9][a-z0-9-]{0,63}$":
        "an id of lower-case letters, digits and hyphens, such as notice-60",
    HTTPS_URL_PATTERN: "an https:// URL with no spaces, quotes or < >",
    r"^[A-Z]{2}$": "a two-letter ISO 3166 region code in capitals, such as US or JP",
    r"^[a-z][a-z_]{0,31}$": "a name of lower-case letters and underscores, such as first_name",
    r"^#[0-9a-fA-F]{6}$": "a colour written #rrggbb, such as #283593",
    r"^[A-Za-z0-9][A-Za-z0-9_-]*\.(svg|png)$": "the name of an .svg or .png file in content/",
}


def _one_per_typo(errors: list[Any], model: type[BaseModel]) -> list[Any]:
    """A misspelled key is one mistake: reported as the unknown key with its suggestion, not also as
    the required key it was meant to be."""
    meant = set()
    for error in errors:
        loc = tuple(error["loc"])
        if error["type"] == "extra_forbidden":
            near = difflib.get_close_matches(str(loc[-1]), _fields_at(model, loc[:-1]), n=1)
            meant.update((*loc[:-1], name) for name in near)
    return [e for e in errors if not (e["type"] == "missing" and tuple(e["loc"]) in meant)]


def _problem(doc: Document, model: type[BaseModel], error: dict[str, Any]) -> Problem:
    loc = error_location(error)
    line, col = _mark(doc, loc, error["type"])
    return Problem(doc.path, line, col, key_path(loc), error_message(model, loc, error))


def error_location(error: dict[str, Any]) -> Loc:
    """Where a pydantic error is: its location, or the field a model's own check blames."""
    loc: Loc = tuple(error["loc"])
    field = getattr(error.get("ctx", {}).get("error"), "field", None)
    if error["type"] == "value_error" and field:
        loc = (*loc, field)  # a model's own check that blames one of its fields
    return loc


def _mark(doc: Document, loc: Loc, kind: str) -> tuple[int, int]:
    if kind == "missing":
        return doc.mark(loc[:-1])
    return doc.mark(loc, key=kind == "extra_forbidden")


def error_message(model: type[BaseModel], loc: Loc, error: dict[str, Any]) -> str:
    """A pydantic error in words people can act on (what was expected, what was found)."""
    kind, ctx = error["type"], error.get("ctx", {})
    found = _describe(error.get("input"))
    if kind == "missing":
        return f"required key {loc[-1]!r} is missing"
    if kind == "extra_forbidden":
        allowed = _fields_at(model, loc[:-1])
        hint = _did_you_mean(str(loc[-1]), allowed, after=" ")
        return f"unknown key {loc[-1]!r}; {hint}expected one of: {', '.join(allowed)}"
    if kind in _EXPECTED:
        return f"expected {_EXPECTED[kind]}, found {found}{_reason(kind, error)}"
    if kind == "value_error":
        return error["msg"].removeprefix("Value error, ")
    if kind == "literal_error":
        hint = _did_you_mean(str(error["input"]), re.findall(r"'([^']*)'", ctx["expected"]), "; ")
        return f"expected {ctx['expected']}, found {found}{hint}"
    if kind == "string_pattern_mismatch":
        shape = _PATTERNS.get(ctx["pattern"], f"text matching {ctx['pattern']}")
        return f"expected {shape}, found {found}"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return f"expected a whole number {_bounds(model, loc)}, found {found}"
    if kind == "too_short":
        return f"expected at least {ctx['min_length']} item(s), found {ctx['actual_length']}"
    return f"{error['msg'][0].lower()}{error['msg'][1:]}; found {found}"


def _reason(kind: str, error: dict[str, Any]) -> str:
    detail = error.get("ctx", {}).get("error")
    if kind.startswith("date") and detail:
        return f" ({detail})"
    if kind == "string_type" and isinstance(error.get("input"), dict):
        return f" (YAML reads text with ': ' as a key and its value); {QUOTE_HINT}"
    return ""


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return _as_written(value) or "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None or value == "":
        return "an empty value"
    text = str(value)
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _as_written(mapping: dict) -> str | None:
    """A one-key mapping as its YAML line (`Note: text`), which is how the author wrote it."""
    if len(mapping) != 1:
        return None
    (key, value), = mapping.items()
    if not isinstance(value, (str, type(None))):
        return None
    line = f"{key}: {value or ''}".rstrip()
    return f"`{line if len(line) <= 60 else line[:57] + '...'}`"


def _bounds(model: type[BaseModel], loc: Loc) -> str:
    info = _field_at(model, loc)
    metadata = info.metadata if info else []
    low = next((m.ge for m in metadata if getattr(m, "ge", None) is not None), None)
    high = next((m.le for m in metadata if getattr(m, "le", None) is not None), None)
    if low is not None and high is not None:
        return f"from {low} to {high}"
    return f"of at least {low}" if low is not None else f"of at most {high}"


def _field_at(model: type[BaseModel], loc: Loc):
    info = None
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", {})
        if part not in fields:
            return info
        info = fields[part]
        current = _model_in(info.annotation)
    return info


def _fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        current = _model_in(current.model_fields[part].annotation)
    return list(current.model_fields)


def _model_in(annotation: Any) -> Any:
    """The model class inside an annotation such as `list[Touchpoint]` or `Notice | None`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
