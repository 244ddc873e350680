"""The one place that reads YAML: safe, strict and with line/column marks for every value.

Every scalar is kept as the string the author wrote; the models decide what it means. That is how
`NO`, `02142` and `10:30` stay text where text is expected (YAML 1.1 would turn them into False, 1122
and 630), while `-60` still becomes a number and `2016-05-09` a date where the schema says so.
Tags, anchors and aliases are rejected, never constructed, so no `!!python/...` object and no alias
bomb can get through. PyYAML's error messages are translated into words marketing can act on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import Problem, key_path

Loc = tuple[str | int, ...]
_PLAIN_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
# Control characters (other than tab and line breaks) and lone surrogates only get in through
# escapes such as "\x00" or "\ud800"; no text needs them and some outputs cannot even encode them.
_UNWANTED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
QUOTE_HINT = "put text that contains ': ' in quotes"


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


class _Refused(yaml.MarkedYAMLError):
    """A YAML feature we refuse on purpose (not a syntax error)."""


class _StrictLoader(yaml.BaseLoader):
    """Composes nodes (BaseResolver: every plain scalar is a str) and refuses anchors and aliases."""

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        event = self.peek_event()
        if isinstance(event, AliasEvent) or (
            isinstance(event, (ScalarEvent, CollectionStartEvent)) and event.anchor is not None
        ):
            raise _Refused(problem="anchors and aliases (&name, *name) are not allowed; "
                                   "write the value out in full", problem_mark=event.start_mark)
        return super().compose_node(parent, index)


class _Reject(Exception):
    def __init__(self, node: Node, message: str, loc: Loc):
        self.node, self.message, self.loc = node, message, loc


def load_yaml(path: Path, shown_as: str) -> tuple[Document | None, list[Problem]]:
    """Read one YAML file into a Document, or report why it cannot be read."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [_unreadable(exc, shown_as)]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [not_utf8(raw, exc.start, shown_as)]
    try:
        node = yaml.compose(text, Loader=_StrictLoader)
    except yaml.MarkedYAMLError as exc:
        return None, [_open_quote(text, exc, shown_as) or _unclosed_flow(text, exc, shown_as)
                      or _syntax_problem(exc, shown_as)]
    except yaml.reader.ReaderError as exc:
        line, col = _position(text, exc.position)
        return None, [Problem(shown_as, line, col, "", f"character U+{exc.character:04X} is not "
                              "allowed in YAML; remove it")]
    except RecursionError:
        return None, [_too_deep(shown_as)]
    if node is None or (isinstance(node, ScalarNode) and node.value == "" and not node.style):
        return None, [Problem(shown_as, 1, 1, "", "the file is empty; expected a mapping of keys")]
    try:
        return _document(node, shown_as)
    except RecursionError:
        return None, [_too_deep(shown_as)]


def _document(node: Node, shown_as: str) -> tuple[Document | None, list[Problem]]:
    doc = Document(shown_as, None)
    try:
        data = _to_python(node, (), doc)
    except _Reject as exc:
        mark = exc.node.start_mark
        return None, [Problem(shown_as, mark.line + 1, mark.column + 1, key_path(exc.loc),
                              exc.message)]
    if not isinstance(data, dict):
        found = "a list" if isinstance(data, list) else f"the text {data!r}"
        return None, [Problem(shown_as, 1, 1, "", "expected a mapping of keys (key: value) at the "
                              f"top of the file, found {found}")]
    return Document(shown_as, data, doc.value_marks, doc.key_marks), []


def not_utf8(raw: bytes, start: int, shown_as: str) -> Problem:
    line_start = raw.rfind(b"\n", 0, start) + 1
    line = raw[:start].count(b"\n") + 1
    column = len(raw[line_start:start].decode("utf-8", errors="replace")) + 1
    return Problem(shown_as, line, column, "", f"expected UTF-8 text, found byte "
                   f"0x{raw[start]:02x}; save the file with the UTF-8 encoding")


def _unreadable(exc: OSError, shown_as: str) -> Problem:
    return Problem(shown_as, 0, 0, "", f"cannot read the file ({exc.strerror or exc}); expected a "
                   "readable text file")


def _too_deep(shown_as: str) -> Problem:
    return Problem(shown_as, 1, 1, "", "lists or mappings are nested too deeply; expected at most "
                   "a few levels")


def _position(text: str, offset: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


# --- PyYAML's complaints, in words people can act on ---------------------------------------------

def _syntax_problem(exc: yaml.MarkedYAMLError, shown_as: str) -> Problem:
    if isinstance(exc, _Refused):
        use_context, message = False, str(exc.problem)
    else:
        use_context, message = _explain(exc.problem or "", exc.context or "")
        message = f"YAML syntax error: {message}"
    mark = (exc.context_mark if use_context else None) or exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    return Problem(shown_as, line, col, "", message)


def _open_quote(text: str, exc: yaml.MarkedYAMLError, shown_as: str) -> Problem | None:
    """A quoted value that runs over several lines just before a syntax error: almost always a
    missing closing quote, which PyYAML reports far below, where the next quote happens to be."""
    end = exc.problem_mark.index if exc.problem_mark else len(text)
    last = None
    try:
        for token in yaml.scan(text, Loader=yaml.BaseLoader):
            if token.start_mark.index >= end:
                break
            last = token if isinstance(token, yaml.ScalarToken) else last
    except yaml.YAMLError:
        pass
    if last is None or last.style not in ('"', "'") or last.end_mark.line == last.start_mark.line:
        return None
    return Problem(shown_as, last.start_mark.line + 1, last.start_mark.column + 1, "",
                   f"YAML syntax error: the quoted text that starts here runs on to line "
                   f"{last.end_mark.line + 1}; expected a closing {last.style} on this line")


def _unclosed_flow(text: str, exc: yaml.MarkedYAMLError, shown_as: str) -> Problem | None:
    """A [ or { still open when the file ends: PyYAML points at the end of the file; point at
    where the list or mapping opens instead."""
    if "<stream end>" not in (exc.problem or "") and "end of stream" not in (exc.problem or ""):
        return None
    openers: list[yaml.Token] = []
    try:
        for token in yaml.scan(text, Loader=yaml.BaseLoader):
            if isinstance(token, (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken)):
                openers.append(token)
            elif isinstance(token, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)) and openers:
                openers.pop()
    except yaml.YAMLError:
        pass
    if not openers:
        return None
    opener = openers[-1]
    kind, closing = ("list", "]") if isinstance(opener, yaml.FlowSequenceStartToken) else ("mapping", "}")
    return Problem(shown_as, opener.start_mark.line + 1, opener.start_mark.column + 1, "",
                   f"YAML syntax error: the {kind} that starts here is never closed; expected "
                   f"'{closing}' before the end of the file")


def _explain(problem: str, context: str) -> tuple[bool, str]:
    """(point at the context mark rather than the problem mark?, a message with a hint)."""
    if "'\\t'" in problem:
        return False, "a tab character; expected spaces (YAML does not allow tabs for indentation)"
    if "quoted scalar" in context and "end of stream" in problem:
        return True, "the quoted text that starts here is never closed; expected a closing quote"
    if "unknown escape character" in problem:
        return False, (f"{problem} in double quotes; write \\\\ for a backslash, or use "
                       "single quotes")
    if "mapping values are not allowed" in problem:
        return False, f"unexpected ':' here; {QUOTE_HINT}, or start the key on its own line"
    if "could not find expected ':'" in problem:
        return True, "expected 'key: value' on this line, found no ':' after the key"
    if "expected a single document" in context or "<document start>" in problem:
        return False, "several YAML documents (---) in one file; expected one document per file"
    if "while parsing a flow" in context:
        closing = "]" if "sequence" in context else "}"
        return True, f"the list or mapping that starts here is not closed; expected '{closing}'"
    if "expected <block end>" in problem:
        return False, ("the indentation does not line up with the lines above; expected the same "
                       "number of spaces as the other keys at this level")
    if "cannot start any token" in problem:
        char = problem.split("'")[1] if "'" in problem else "this character"
        return False, f"a value cannot start with {char!r}; put the value in quotes"
    return False, f"{problem} ({context})" if context else problem


# --- nodes into plain data, with marks ----------------------------------------------------------

def _to_python(node: Node, loc: Loc, doc: Document) -> Any:
    if node.tag not in _PLAIN_TAGS:
        raise _Reject(node, f"YAML tag {_shown_tag(node.tag)!r} is not allowed; remove the tag "
                            "(values are read as plain text)", loc)
    doc.value_marks[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, ScalarNode):
        return _scalar(node, loc)
    if isinstance(node, SequenceNode):
        return [_to_python(item, (*loc, i), doc) for i, item in enumerate(node.value)]
    assert isinstance(node, MappingNode)
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = _key(key_node, loc, result, doc)
        doc.key_marks[(*loc, key)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        result[key] = _to_python(value_node, (*loc, key), doc)
    return result


def _scalar(node: ScalarNode, loc: Loc) -> str:
    unwanted = _UNWANTED.search(node.value)
    if unwanted:
        raise _Reject(node, f"character U+{ord(unwanted.group()):04X} is not allowed in text; "
                            "remove it", loc)
    return node.value


def _key(node: Node, loc: Loc, seen: dict[str, Any], doc: Document) -> str:
    if not isinstance(node, ScalarNode) or node.tag not in _PLAIN_TAGS:
        raise _Reject(node, f"expected a plain key (a word before ':'), found {_kind(node)}", loc)
    key = node.value
    if key == "<<":
        raise _Reject(node, "merge keys (<<) are not allowed; write the keys out in full", loc)
    if key in seen:
        first = doc.key_marks[(*loc, key)][0]
        raise _Reject(node, f"duplicate key {key!r}, first written at line {first}; expected each "
                            "key once", (*loc, key))
    return key


def _kind(node: Node) -> str:
    if isinstance(node, SequenceNode):
        return "a list"
    if isinstance(node, MappingNode):
        return "a mapping"
    return f"the tag {_shown_tag(node.tag)!r}"


def _shown_tag(tag: str) -> str:
    """A tag as the author wrote it: `!!python/object`, not `tag:yaml.org,2002:python/object`."""
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") \
        else tag


def load_config_yaml(path: Path, shown_as: str) -> tuple[dict | None, list[Problem]]:
    """Read the base site configuration (mkdocs.yml): plain safe YAML, typed as YAML 1.1 types it."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        return None, [Problem(shown_as, 0, 0, "", "the base site configuration is missing")]
    except OSError as exc:
        return None, [_unreadable(exc, shown_as)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        return None, [Problem(shown_as, line, col, "", f"YAML error: {exc.problem}")]
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        return None, [Problem(shown_as, 0, 0, "", f"cannot read: {exc}")]
    if not isinstance(data, dict):
        return None, [Problem(shown_as, 1, 1, "", "expected a mapping of settings")]
    return data, []
