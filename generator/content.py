"""Load content/: every YAML file into its model, every problem collected, then one Content or one error."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import InputError, Problem, key_path
from .errors import did_you_mean as _did_you_mean
from .facts import reference_problems
from .loader import Document, Loc, load_yaml
from .markup import link_problem, linked_pages
from .merge_fields import FOOTER_FIELDS
from .models import CONTENT_FILES, Content
from .sitemap import all_pages
from .validation_errors import validation_problems
from .values import Text

PLACEHOLDER = re.compile(r"\{([^{}\s]*)\}")


def load_content(root: Path) -> Content:
    """Read and validate content/ under `root`; raise InputError listing every problem."""
    problems: list[Problem] = []
    docs: dict[str, Document] = {}
    sections: dict[str, BaseModel] = {}
    content_dir = root / "content"
    for name, model in CONTENT_FILES.items():
        shown = f"content/{name}.yml"
        path = content_dir / f"{name}.yml"
        if not path.is_file():
            problems.append(Problem(shown, 0, 0, "", "the file is missing; every content file is "
                                    f"required ({', '.join(f'{n}.yml' for n in CONTENT_FILES)})"))
            continue
        doc, found = load_yaml(path, shown)
        problems += found
        if doc is None:
            continue
        docs[name] = doc
        try:
            sections[name] = model.model_validate(doc.data)
        except ValidationError as exc:
            problems += validation_problems(doc, model, exc)
    problems += _stray_files(content_dir)
    if not problems:
        content = Content.model_validate(sections)
        problems += cross_check(content, docs)
        problems += _check_logo(content, content_dir, docs["program"])
    if problems:
        raise InputError(problems)
    return content


def _check_logo(content: Content, content_dir: Path, doc: Document) -> list[Problem]:
    """The brand logo is a regular file in content/ itself (never a link to elsewhere)."""
    logo = content.program.brand.logo
    path = content_dir / logo if logo else None
    if path is None or (path.is_file() and not path.is_symlink()):
        return []
    loc = ("brand", "logo")
    line, col = doc.mark(loc)
    return [Problem(doc.path, line, col, key_path(loc), f"expected a file content/{logo} (an .svg "
                    "or .png beside the content files), found none")]


def _stray_files(content_dir: Path) -> list[Problem]:
    problems = []
    for path in sorted(content_dir.glob("*.y*ml")):
        if path.stem not in CONTENT_FILES or path.suffix != ".yml":
            near = difflib.get_close_matches(path.stem, CONTENT_FILES, n=1)
            hint = f"did you mean {near[0]}.yml? " if near else ""
            problems.append(Problem(f"content/{path.name}", 0, 0, "",
                                    f"unknown content file; {hint}expected one of: "
                                    f"{', '.join(f'{n}.yml' for n in CONTENT_FILES)}"))
    return problems


# --- checks across files: references, unique ids, placeholders, limits ----------------------

def cross_check(content: Content, docs: dict[str, Document]) -> list[Problem]:
    """Problems no single file shows: ids that clash or point nowhere, unknown merge fields."""
    def at(section: str, loc: Loc, message: str) -> Problem:
        doc = docs[section]
        line, col = doc.mark(loc)
        return Problem(doc.path, line, col, key_path(loc), message)

    problems: list[Problem] = []
    for section, field in [("contacts", "contacts"), ("schedule", "touchpoints"), ("emails", "emails"),
                           ("emails", "call_scripts"), ("banners", "banners"),
                           ("merge_fields", "fields"), ("merge_fields", "dialects")]:
        seen: dict[str, int] = {}
        for i, item in enumerate(getattr(getattr(content, section), field)):
            if item.id in seen:
                first = docs[section].mark((field, seen[item.id], "id"))[0]
                problems.append(at(section, (field, i, "id"),
                                   f"duplicate id {item.id!r}, first used at line {first}; "
                                   "expected each id once"))
            seen.setdefault(item.id, i)
    contact_ids = [c.id for c in content.contacts.contacts]
    if content.contacts.primary not in contact_ids:
        problems.append(at("contacts", ("primary",), _unknown("contact", content.contacts.primary,
                                                                contact_ids)))
    problems += _check_references(content, at)
    problems += _check_facts(content, at)
    problems += _check_merge_fields(content, at)
    problems += _check_link_fields(content, at)
    problems += _check_page_links(content, at)
    return problems


def _check_page_links(content: Content, at) -> list[Problem]:
    """Every page:<id> link in content names a page of the portal."""
    known = [page.id for page in all_pages(content)]
    problems = []
    for section in type(content).model_fields:
        for loc, text in iter_strings(getattr(content, section)):
            if "page:" not in text:
                continue
            for page_id in linked_pages(text):
                if page_id not in known:
                    problems.append(at(section, loc, _unknown("page", page_id, known)))
    return problems


def _unknown(kind: str, value: str, known: list[str]) -> str:
    hint = _did_you_mean(value, known, after=" ")
    listed = ", ".join(dict.fromkeys(known)) or "(none)"
    return f"no {kind} has id {value!r}; {hint}expected one of: {listed}"


def _check_references(content: Content, at) -> list[Problem]:
    problems = []
    email_ids = [e.id for e in content.emails.emails]
    script_ids = [s.id for s in content.emails.call_scripts]
    used: set[str] = set()
    for i, tp in enumerate(content.schedule.touchpoints):
        if tp.email is not None and tp.email not in email_ids:
            problems.append(at("schedule", ("touchpoints", i, "email"),
                               _unknown("email in content/emails.yml", tp.email, email_ids)))
        if tp.call_script is not None and tp.call_script not in script_ids:
            problems.append(at("schedule", ("touchpoints", i, "call_script"),
                               _unknown("call script in content/emails.yml", tp.call_script,
                                        script_ids)))
        used.update(filter(None, (tp.email, tp.call_script)))
    for field, ids in (("emails", email_ids), ("call_scripts", script_ids)):
        for i, item_id in enumerate(ids):
            if item_id not in used:
                problems.append(at("emails", (field, i, "id"), f"{item_id!r} is not used by any "
                                   "touchpoint in content/schedule.yml; add a touchpoint or remove it"))
    return problems


def _check_facts(content: Content, at) -> list[Problem]:
    """Every [[fact]] reference names a fact known where it is used; counts have plural forms."""
    problems = []
    for section in CONTENT_FILES:
        for loc, text in iter_texts(getattr(content, section)):
            for where, message in reference_problems(content, (section, *loc), text):
                problems.append(at(section, where[1:], message))
    return problems


def _check_merge_fields(content: Content, at) -> list[Problem]:
    known = [f.id for f in content.merge_fields.fields]
    problems = []
    for section in ("emails", "banners"):
        allowed = known + list(FOOTER_FIELDS) if section == "emails" else known
        for loc, text in iter_strings(getattr(content, section)):
            for name in PLACEHOLDER.findall(text):
                if name not in allowed:
                    problems.append(at(section, loc, _unknown("merge field", name, allowed)))
    for i, dialect in enumerate(content.merge_fields.dialects):
        missing = [f for f in known if f not in dialect.tokens]
        extra = [t for t in dialect.tokens if t not in known]
        if missing:
            problems.append(at("merge_fields", ("dialects", i, "tokens"),
                               f"expected a token for every merge field, found none for "
                               f"{', '.join(missing)}"))
        for name in extra:
            problems.append(at("merge_fields", ("dialects", i, "tokens", name),
                               _unknown("merge field", name, known)))
        fields = dialect.setup.fields
        if [f for f in known if f not in fields]:
            problems.append(at("merge_fields", ("dialects", i, "setup", "fields"),
                               "expected the setup guide to name the field of every merge field, "
                               f"found none for {', '.join(f for f in known if f not in fields)}"))
        for name in (f for f in fields if f not in known):
            problems.append(at("merge_fields", ("dialects", i, "setup", "fields", name),
                               _unknown("merge field", name, known)))
    return problems


def _check_link_fields(content: Content, at) -> list[Problem]:
    """A merge field that starts a link (a button's URL, a Markdown link target) is filled in
    with its sample in previews and with each dialect's token in downloads: both must keep the
    link an https:, mailto: or tel: link (a token with no scheme is the email system's to fill)."""
    urls = [*(e.cta.url for e in content.emails.emails), *(b.url for b in content.banners.banners),
            *(target for _, text in iter_strings(content) for target in _LINK_TARGET.findall(text))]
    starting = {match.group(1) for url in urls if (match := PLACEHOLDER.match(url.strip()))}
    problems = []
    for i, field in enumerate(content.merge_fields.fields):
        if field.id not in starting:
            continue
        problem = link_problem(field.sample)
        if problem:
            problems.append(at("merge_fields", ("fields", i, "sample"),
                               f"{field.id} starts a link, and previews show its sample there: "
                               f"{problem}"))
        for j, dialect in enumerate(content.merge_fields.dialects):
            token = dialect.tokens.get(field.id, "")
            problem = link_problem(token)
            scheme_relative = token.lstrip().startswith(("/", "\\"))
            if problem and ("is not absolute" not in problem or scheme_relative):
                problems.append(at("merge_fields", ("dialects", j, "tokens", field.id),
                                   f"{field.id} starts a link, and this token is written there: "
                                   f"{problem}"))
    return problems


_LINK_TARGET = re.compile(r"\]\(\s*([^)\s]*)")


def iter_strings(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Every string in a model, with its location: for placeholder and markup checks."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from iter_strings(getattr(value, name), (*loc, name))
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from iter_strings(item, (*loc, i))
    elif isinstance(value, str):
        yield loc, value


def iter_texts(value: Any, loc: Loc = ()) -> Iterable[tuple[Loc, Text]]:
    """Every translatable string in a model, with its location."""
    return ((l, s) for l, s in iter_strings(value, loc) if isinstance(s, Text))
