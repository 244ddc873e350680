"""`portal build`: content in, partner portal and kit out. Reads like the pipeline's table of contents."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import engine
from .brand import palette, portal_css
from .errors import BuildError, InputError, Problem
from .i18n.catalogs import po_path
from .i18n.localize import LocaleContext
from .kit.assemble import Kit, build_kit
from .kit.describe import DESCRIPTION
from .kit.banners import banner_length_problems
from .kit.checks import subject_budget_warnings
from .kit.inline import Inliner
from .models import Content
from .output import (check_keep_stage, check_site_dir, keep_staged_tree, staging, swap_into_place,
                     swap_parts_into_place, write_tree)
from .progress import Progress
from .project import Project, load_project
from .render.pages import render_pages
from .render.templating import environment, template_errors
from .site_config import BRAND_CSS, locale_config
from .timing import Timings

log = logging.getLogger(__name__)
# libyaml's emitter when PyYAML has it: the same text as safe_dump's, several times faster (each
# language's config lists every language for the language selector).
_YAML_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@dataclass(frozen=True)
class LocaleOutput:
    """One language, rendered in memory: its content, site pages and kit."""

    loc: LocaleContext
    content: Content
    pages: dict[str, str | bytes]
    kit: Kit


@dataclass
class BuildReport:
    locales: list[str]
    pages: int
    emails: int
    files: int
    timings: Timings
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        count = len(self.locales)
        return (f"Built {count} locale{'s' if count != 1 else ''} ({', '.join(self.locales)}): "
                f"{self.pages} pages, {self.emails} emails, {self.files} kit files "
                f"in {self.timings.total:.1f} s")


def build(root: Path, site_dir: Path, *, strict: bool = False, locales: list[str] | None = None,
          inliner: Inliner | None = None, keep_others: bool = False,
          progress: Progress | None = None, keep_stage: Path | None = None) -> BuildReport:
    """Build the portal of the project at `root` into `site_dir`; keep the old site on any failure.

    `locales` builds only those languages: a site of just them, or with `keep_others`, each swapped
    into the existing site in place of its old version, the other languages kept as they are (the
    live preview rebuilds the language being previewed first). `progress` is told each milestone.
    `keep_stage` also keeps each language's Markdown tree and engine config there (for the engine's
    own tools: `mkdocs serve -f KEEP_STAGE/configs/en.yml`).
    """
    timings = Timings()
    progress = progress or Progress()
    # 1. Read and check every input, and where the output goes; nothing is written unless this
    #    succeeds.
    site_dir = check_site_dir(root, site_dir)
    if keep_stage:
        check_keep_stage(keep_stage, root, site_dir)
    with timings("load"):
        project = load_project(root, None if keep_others else locales)
        targets = _targets(project, locales)
    log.info("Loaded content for %s", ", ".join(loc.code for loc in project.locales))

    # 2. Render each language (its kit first: the kit page previews it) and stage it. The engine
    #    builds each staged language in worker processes, started now, while the next one renders.
    chosen = inliner or project.content.program.inliner
    progress.start([loc.code for loc in targets])
    with _disk_errors(site_dir), staging(site_dir) as stage, engine.Workers(len(targets)) as workers:
        built = [_render_and_stage(project, loc, chosen, stage, workers, timings, progress)
                 for loc in targets]
        check_translations(project, strict)

        # 3. Once every language's site is built, add the kits and swap the site into place.
        with timings("engine"):
            _check_engine(workers.results())
        with timings("write"):
            for code, _ in built:
                os.replace(stage / "kit" / code, stage / "site" / code / "downloads")
            write_tree(stage / "site", {"index.html": _root_page(project)})
            if keep_stage:
                keep_staged_tree(stage, keep_stage, [code for code, _ in built])
            (swap_parts_into_place if keep_others else swap_into_place)(stage / "site", site_dir)
    return BuildReport(
        locales=[code for code, _ in built],
        pages=sum(counts["pages"] for _, counts in built),
        emails=sum(counts["emails"] for _, counts in built),
        files=sum(counts["files"] for _, counts in built),
        timings=timings,
    )


def _render_and_stage(project: Project, loc: LocaleContext, inliner: Inliner, stage: Path,
                      workers: engine.Workers, timings: Timings,
                      progress: Progress) -> tuple[str, dict[str, int]]:
    """Render one language, hand its site to the engine, write its kit; keep only the counts, so
    memory holds one language at a time however many the program has."""
    out = render_locale(project, loc, inliner, timings)
    progress.rendered(loc.code)
    with timings("write"):
        workers.submit(stage_locale(project, out, stage), lambda: progress.site_built(loc.code))
        write_tree(stage / "kit" / loc.code, out.kit.files)  # while the engine builds its site
    progress.kit_written(loc.code, len(out.kit.files))
    return loc.code, {"pages": sum(path.endswith(".md") for path in out.pages),
                      "emails": len(out.kit.emails), "files": len(out.kit.files)}


@contextmanager
def _disk_errors(site_dir: Path) -> Iterator[None]:
    """A full disk or a folder we may not write is reported as such, with the old site kept."""
    try:
        yield
    except OSError as exc:
        raise BuildError(f"cannot write the site next to {site_dir}: {exc.strerror or exc}; "
                         "the previous site is kept") from None


def _targets(project: Project, only: list[str] | None) -> list[LocaleContext]:
    """The languages to build now: `only` (checked against the program's), or all of them."""
    codes = [loc.code for loc in project.locales]
    unknown = [code for code in only or [] if code not in codes]
    if unknown:
        raise InputError([Problem("content/program.yml", 0, 0, "locales",
                                  f"--locale {', '.join(unknown)} is not built; expected one of: "
                                  f"{', '.join(codes)}")])
    return [loc for loc in project.locales if not only or loc.code in only]


def render_locale(project: Project, loc: LocaleContext, inliner: Inliner,
                  timings: Timings | None = None) -> LocaleOutput:
    """Localize, then render the kit and the pages of one language."""
    timings = timings or Timings()
    log.debug("Rendering %s", loc.code)
    with timings("localize"):
        content = project.localized(loc)
        problems = banner_length_problems(project.content, content, loc, project.root)
        if problems:
            raise InputError(problems)
        for warning in subject_budget_warnings(project.content, content, loc):
            log.warning("%s", warning)
    with timings("kit"), template_errors(project.templates):
        kit = build_kit(content, loc, project.templates, inliner)
    with timings("pages"), template_errors(project.templates):
        pages: dict[str, str | bytes] = dict(render_pages(content, loc, project.templates, kit))
        assets = project.templates / "site" / "assets"
        for asset in sorted(assets.rglob("*")):
            if asset.is_file():
                pages[f"assets/{asset.relative_to(assets).as_posix()}"] = asset.read_bytes()
        pages.update(brand_assets(project))
    return LocaleOutput(loc, content, pages, kit)


def brand_assets(project: Project) -> dict[str, str | bytes]:
    """The portal's brand: its palette as CSS, and the vendor's logo when content names one."""
    brand = project.content.program.brand
    files: dict[str, str | bytes] = {BRAND_CSS: portal_css(palette(brand))}
    if brand.logo:
        files[f"assets/{brand.logo}"] = (project.root / "content" / brand.logo).read_bytes()
    return files


def render_kit_description(root: Path, locale: str | None = None) -> bytes:
    """kit.json of one language (default: the program's source language), rendered in memory: what
    `portal calendar` and `portal merge` read when no built site is given."""
    project = load_project(root, [locale] if locale else None)
    loc = project.locales[0]
    with template_errors(project.templates):
        kit = build_kit(project.localized(loc), loc, project.templates,
                        project.content.program.inliner)
    return kit.files[DESCRIPTION]  # type: ignore[return-value]


def check_translations(project: Project, strict: bool) -> None:
    """With --strict, a missing or fuzzy translation is an error instead of an English fallback."""
    if not strict:
        return
    problems = []
    for loc in project.locales:
        shown = po_path(Path("locales"), loc.code).as_posix()
        problems += [Problem(shown, 0, 0, "msgid", f"no translation for {msgid!r} "
                             "(missing or fuzzy); translate it or build without --strict")
                     for msgid in sorted(loc.translator.misses)]
    if problems:
        raise InputError(problems)


def stage_locale(project: Project, out: LocaleOutput, stage: Path) -> Path:
    """Write one language's Markdown tree and engine config under `stage`; return the config."""
    code = out.loc.code
    write_tree(stage / "docs" / code, out.pages)
    # Paths relative to the config file, so the staged tree is self-contained.
    config = locale_config(project.base_config, out.content, out.loc, list(project.locales),
                           Path("../docs", code), Path("../site", code))
    config_file = stage / "configs" / f"{code}.yml"
    config_file.parent.mkdir(parents=True, exist_ok=True)
    config_file.write_text(yaml.dump(config, Dumper=_YAML_DUMPER, allow_unicode=True,
                                     sort_keys=True), encoding="utf-8")
    return config_file


def _check_engine(results: list[engine.EngineResult]) -> None:
    failed = [r for r in results if not r.ok]
    if failed:
        lines = [f"{r.config_file.stem}: {m}" for r in failed for m in r.messages]
        raise BuildError("the site engine reported problems; the previous site is kept:\n  "
                         + "\n  ".join(lines))


def _root_page(project: Project) -> str:
    """site/index.html: sends readers to their preferred language, with plain links as fallback."""
    default = project.locales[0]
    env = environment(project.templates, default, "html")
    program = project.content.program
    localized = project.localized(default)  # its facts filled in ([[segment]] in the tagline)
    return env.get_template("site/root-index.html.j2").render(
        locales=project.locales, default=default, title=localized.program.title,
        tagline=localized.program.tagline, brand=palette(program.brand), logo=program.brand.logo)
