"""The one place that reads YAML: safe, strict and with line/column marks for every value.

Every scalar is kept as the string the author wrote; the models decide what it means. That is how
`NO`, `02142` and `10:30` stay text where text is expected (YAML 1.1 would turn them into False, 1122
and 630), while `-60` still becomes a number and `2016-05-09` a date where the schema says so.
Tags, anchors and aliases are rejected, never constructed, so no `!!python/...` object and no alias
bomb can get through.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import Problem

Loc = tuple[str | int, ...]
_PLAIN_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


@dataclass(frozen=True)
class Document:
    """The data of one YAML file, plus where each value and key was written."""

    path: str
    data: Any
    value_marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)

    def mark(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """The line and column of `loc`, or of its nearest written ancestor."""
        marks = (self.key_marks, self.value_marks) if key else (self.value_marks, self.key_marks)
        for end in range(len(loc), -1, -1):
            for table in marks:
                if loc[:end] in table:
                    return table[loc[:end]]
        return (1, 1)


class _StrictLoader(yaml.BaseLoader):
    """Composes nodes (BaseResolver: every plain scalar is a str) and refuses anchors and aliases."""

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        event = self.peek_event()
        if isinstance(event, AliasEvent) or (
            isinstance(event, (ScalarEvent, CollectionStartEvent)) and event.anchor is not None
        ):
            raise yaml.MarkedYAMLError(
                problem="anchors and aliases (&name, *name) are not allowed; write the value out",
                problem_mark=event.start_mark,
            )
        return super().compose_node(parent, index)


class _Reject(Exception):
    def __init__(self, node: Node, message: str, loc: Loc):
        self.node, self.message, self.loc = node, message, loc


def load_yaml(path: Path, shown_as: str) -> tuple[Document | None, list[Problem]]:
    """Read one YAML file into a Document, or report why it cannot be read."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(shown_as, line, 0, "", f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} "
                              "at this line); save the file as UTF-8")]
    try:
        node = yaml.compose(text, Loader=_StrictLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or str(exc)
        if exc.context and "expected a single document" in exc.context:
            message = "several YAML documents (---) in one file; keep one document per file"
        elif "\t" in message or "'\\t'" in message:
            message = "a tab character; indent YAML with spaces"
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        return None, [Problem(shown_as, line, col, "", f"YAML syntax error: {message}")]
    if node is None:
        return None, [Problem(shown_as, 1, 1, "", "the file is empty; expected a mapping of keys")]
    doc = Document(shown_as, None)
    try:
        data = _to_python(node, (), doc)
    except _Reject as exc:
        mark = exc.node.start_mark
        key = ".".join(map(str, exc.loc))
        return None, [Problem(shown_as, mark.line + 1, mark.column + 1, key, exc.message)]
    if not isinstance(data, dict):
        return None, [Problem(shown_as, 1, 1, "", "expected a mapping of keys at the top of the file")]
    return Document(shown_as, data, doc.value_marks, doc.key_marks), []


def _to_python(node: Node, loc: Loc, doc: Document) -> Any:
    if node.tag not in _PLAIN_TAGS:
        raise _Reject(node, f"YAML tag {node.tag!r} is not allowed; remove the tag", loc)
    doc.value_marks[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, ScalarNode):
        return node.value
    if isinstance(node, SequenceNode):
        return [_to_python(item, (*loc, i), doc) for i, item in enumerate(node.value)]
    assert isinstance(node, MappingNode)
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode) or key_node.tag not in _PLAIN_TAGS:
            raise _Reject(key_node, "keys must be plain words", loc)
        key = key_node.value
        if key == "<<":
            raise _Reject(key_node, "merge keys (<<) are not allowed; write the keys out", loc)
        if key in result:
            first = doc.key_marks[(*loc, key)][0]
            raise _Reject(key_node, f"duplicate key {key!r} (first written at line {first})",
                          (*loc, key))
        doc.key_marks[(*loc, key)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        result[key] = _to_python(value_node, (*loc, key), doc)
    return result


def load_config_yaml(path: Path, shown_as: str) -> tuple[dict | None, list[Problem]]:
    """Read the base site configuration (mkdocs.yml): plain safe YAML, typed as YAML 1.1 types it."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        return None, [Problem(shown_as, 0, 0, "", "the base site configuration is missing")]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        return None, [Problem(shown_as, line, col, "", f"YAML error: {exc.problem}")]
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        return None, [Problem(shown_as, 0, 0, "", f"cannot read: {exc}")]
    if not isinstance(data, dict):
        return None, [Problem(shown_as, 1, 1, "", "expected a mapping of settings")]
    return data, []
