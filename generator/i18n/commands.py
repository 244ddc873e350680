"""`portal i18n extract | update | compile`: Babel's own steps, run with the project's settings.

extract: locales/babel.cfg -> locales/messages.pot (rewritten only when a message changed)
update:  extract, then merge messages.pot into locales/<locale>/LC_MESSAGES/messages.po for every
         language in content/program.yml `locales` (creating missing catalogs, as `pybabel init`)
compile: check every catalog, then write messages.mo beside it (for other gettext tools; the build
         reads the .po files directly)
"""

from __future__ import annotations

import configparser
import importlib.metadata
import logging
import os
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

import generator

from ..content import load_content
from ..errors import InputError, PortalError, Problem
from .catalogs import PlaceholderRules, message_problems, placeholder_rules, po_path
from .pofiles import now, read_catalog, render_catalog, shown_path, write_if_changed

log = logging.getLogger(__name__)

MAPPING = "locales/babel.cfg"
TEMPLATE = "locales/messages.pot"
# Mapping patterns under this folder name are the program's own strings: they are read from the
# installed package, so a project elsewhere (--root) gets them too.
PROGRAM_DIR = Path(generator.__file__).resolve().parent
TEMPLATE_HEADER = ("# Translations template for the {title}.\n"
                   "# Written by `portal i18n extract` from content/, templates/ and mkdocs.yml:\n"
                   "# change the English text there, not here.\n#")
CATALOG_HEADER = ("# Translations template for the {title}.\n"
                  "# Translate with any PO editor (Poedit, Weblate, ...). `portal i18n update`\n"
                  "# merges new English text in; `portal build --strict` fails on what is missing.\n#")


@dataclass(frozen=True)
class Mapping:
    """locales/babel.cfg, split by where its patterns are looked for."""

    project: list[tuple[str, str]]   # (pattern, method) looked for under the project folder
    program: list[tuple[str, str]]   # ... under the folder that holds the installed package
    options: dict[str, dict]


# --- extract ---------------------------------------------------------------------------------------

def extract(root: Path) -> str:
    """Write locales/messages.pot from the project; say whether it changed."""
    catalog = extract_catalog(root)
    written = write_template(catalog, root / TEMPLATE)
    return f"{'Wrote' if written else 'Up to date:'} {TEMPLATE} ({len(catalog)} messages)"


def extract_catalog(root: Path) -> Catalog:
    """Every translatable string of the project, in one catalog (in memory)."""
    _require_folders(root)
    program = load_content(root).program  # every content problem at once, before extracting
    mapping = read_mapping(root)
    catalog = Catalog(project=program.title, version=_version(), copyright_holder=program.vendor,
                      charset="utf-8",
                      header_comment=TEMPLATE_HEADER.format(title=program.title))
    walks = ((root, mapping.project, None), (PROGRAM_DIR.parent, mapping.program, _in_program))
    for base, methods, directory_filter in walks:
        for filename, lineno, message, comments, context in _extract(base, methods, mapping.options,
                                                                     directory_filter):
            catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def _extract(base: Path, methods: list[tuple[str, str]], options: dict, directory_filter):
    if all(method == "ignore" for _, method in methods):
        return
    try:
        yield from extract_from_dir(
            str(base), methods, options, keywords=DEFAULT_KEYWORDS, comment_tags=(),
            callback=lambda name, method, _options: log.debug("Extracting %s (%s)", name, method),
            directory_filter=directory_filter and directory_filter(base))
    except ValueError as exc:  # Babel: "Unknown extraction method ..."
        raise PortalError(f"{MAPPING}: {exc}; expected an extractor Babel knows or one named "
                          "in [extractors]") from None


def _in_program(base: Path):
    """Walk only the package folder (its parent may be site-packages), skipping __pycache__."""
    def directory_filter(dirpath: str) -> bool:
        rel = Path(os.path.relpath(dirpath, base))
        return rel.parts[0] == PROGRAM_DIR.name and not rel.name.startswith((".", "_"))
    return directory_filter


def read_mapping(root: Path) -> Mapping:
    path = root / MAPPING
    try:
        with path.open(encoding="utf-8") as fp:
            method_map, options = parse_mapping_cfg(fp, MAPPING)
    except FileNotFoundError:
        raise PortalError(f"{MAPPING}: the extraction mapping is missing; restore it from the "
                          "shipped project") from None
    except configparser.Error as exc:
        line = getattr(exc, "lineno", None) or next(iter(getattr(exc, "errors", [])), (0,))[0]
        raise PortalError(f"{MAPPING}:{line}: not a valid mapping: {exc.message.splitlines()[0]}"
                          ) from None
    ignored = [(p, m) for p, m in method_map if m == "ignore"]
    program = [(p, m) for p, m in method_map if p.split("/", 1)[0] == PROGRAM_DIR.name]
    project = [(p, m) for p, m in method_map if (p, m) not in program]
    return Mapping(project, [*program, *ignored], options)


def write_template(catalog: Catalog, path: Path) -> bool:
    """Write messages.pot, keeping its creation date (and bytes) when no message changed."""
    if path.is_file():
        try:
            catalog.creation_date = read_catalog(path, TEMPLATE).creation_date
        except PortalError:
            pass  # a generated file that got damaged: simply written anew
        if render_catalog(catalog) == path.read_bytes():
            return False
    catalog.creation_date = now()
    return write_if_changed(path, render_catalog(catalog))


def _version() -> str:
    try:
        return importlib.metadata.version("renewals-portal")
    except importlib.metadata.PackageNotFoundError:
        return "0"


def _require_folders(root: Path) -> None:
    missing = [Problem(f"{folder}/", 0, 0, "", f"folder is missing under {root}; run portal from "
                       "the project folder or pass --root")
               for folder in ("content", "templates", "locales") if not (root / folder).is_dir()]
    if missing:
        raise InputError(missing)


# --- update ----------------------------------------------------------------------------------------

def translated_locales(root: Path) -> list[str]:
    """The languages translators work on: content/program.yml `locales` but the source language."""
    _require_folders(root)
    program = load_content(root).program
    return [code for code in program.locales if code != program.default_locale]


def update(root: Path) -> list[str]:
    """Extract, then bring every language's catalog up to date with messages.pot."""
    lines = [extract(root)]
    template = (root / TEMPLATE).read_bytes()
    for code in translated_locales(root):
        path = po_path(root / "locales", code)
        shown = shown_path(path, root)
        if path.is_file():
            lines.append(_update_catalog(path, shown, code, template))
        else:
            lines.append(_init_catalog(path, shown, code, template))
    if len(lines) == 1:
        lines.append("No language to update: content/program.yml `locales` lists only the source "
                     "language.")
    return lines


def _init_catalog(path: Path, shown: str, code: str, template: bytes) -> str:
    """A new catalog for `code`, as `pybabel init` makes it (plural forms from the locale)."""
    catalog = _template_for(code, template)
    catalog.revision_date = now()
    catalog.fuzzy = False
    catalog.header_comment = CATALOG_HEADER.format(title=catalog.project)
    write_if_changed(path, render_catalog(catalog))
    return f"{code}: created {shown} ({len(catalog)} messages to translate)"


def _update_catalog(path: Path, shown: str, code: str, template: bytes) -> str:
    """Merge the template in, as `pybabel update` does: changed English becomes fuzzy, kept
    translations stay, removed messages are kept as obsolete (#~) for reuse."""
    catalog = read_catalog(path, shown, code)
    before = {_key(m) for m in catalog if m.id}
    catalog.update(_template_for(code, template))
    after = [m for m in catalog if m.id]
    if not write_if_changed(path, render_catalog(catalog)):
        return f"{code}: {shown} is up to date"
    new = sum(_key(m) not in before and not m.fuzzy for m in after)
    fuzzy = sum(m.fuzzy for m in after)
    return f"{code}: updated {shown} ({new} new, {fuzzy} fuzzy, {len(catalog.obsolete)} obsolete)"


def _key(message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def _template_for(code: str, template: bytes) -> Catalog:
    """messages.pot as a Catalog for `code`. Read without the locale, then given it: read with it,
    Babel warns about every plural message of a language with one form (ja) before trimming it."""
    catalog = read_po(BytesIO(template))
    catalog.locale = code
    return catalog


# --- compile ---------------------------------------------------------------------------------------

def compile_catalogs(root: Path) -> list[str]:
    """Check every language's catalog, then write its messages.mo; nothing is written on a problem."""
    compiled: list[tuple[Path, Catalog]] = []
    problems: list[Problem] = []
    rules = placeholder_rules(load_content(root))
    for code in translated_locales(root):
        path = po_path(root / "locales", code)
        shown = shown_path(path, root)
        if not path.is_file():
            problems.append(Problem(shown, 0, 0, "", f"catalog is missing; run `portal i18n update` "
                                    f"to create it for {code}"))
            continue
        catalog = read_catalog(path, shown, code)
        problems += catalog_problems(catalog, shown, rules)
        compiled.append((path, catalog))
    if problems:
        raise InputError(problems)
    lines = []
    for path, catalog in compiled:
        buffer = BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        write_if_changed(path.with_suffix(".mo"), buffer.getvalue())
        done = sum(bool(m.id) and not m.fuzzy and _complete(m.string) for m in catalog)
        total = sum(bool(m.id) for m in catalog)
        lines.append(f"{catalog.locale_identifier}: compiled {shown_path(path.with_suffix('.mo'), root)}"
                     f" ({done} of {total} messages translated)")
    return lines or ["No language to compile: content/program.yml `locales` lists only the source "
                     "language."]


def catalog_problems(catalog: Catalog, shown: str, rules: PlaceholderRules | None = None
                     ) -> list[Problem]:
    """Translations the build would refuse (placeholders, tags, links) and Babel's format checks."""
    problems = []
    for message in catalog:
        if not message.id or message.fuzzy or not _complete(message.string, any_form=True):
            continue
        problems += [Problem(shown, message.lineno or 0, 0, "msgstr", text)
                     for text in message_problems(message.id, message.string, rules)]
    for message, errors in catalog.check():
        problems += [Problem(shown, message.lineno or 0, 0, "msgstr", str(error)) for error in errors]
    return problems


def _complete(string: str | tuple | list | None, *, any_form: bool = False) -> bool:
    """A translation is complete when every plural form is filled in."""
    forms = [string] if isinstance(string, str) or string is None else list(string)
    return any(forms) if any_form else all(forms)
