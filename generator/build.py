"""`portal build`: content in, partner portal out. Reads like the pipeline's table of contents."""

from __future__ import annotations

import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import engine
from .errors import BuildError, InputError, Problem
from .i18n.catalogs import po_path
from .i18n.localize import LocaleContext
from .output import staging, swap_into_place, write_tree
from .project import Project, load_project
from .render.pages import render_pages
from .render.templating import environment
from .site_config import locale_config
from .timing import Timings

log = logging.getLogger(__name__)


@dataclass
class BuildReport:
    locales: list[str]
    pages: int
    timings: Timings
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"Built {len(self.locales)} locale{'s' if len(self.locales) != 1 else ''} "
                f"({', '.join(self.locales)}), {self.pages} pages in {self.timings.total:.1f} s")


def build(root: Path, site_dir: Path, *, strict: bool = False,
          locales: list[str] | None = None) -> BuildReport:
    """Build the portal of the project at `root` into `site_dir`; keep the old site on any failure."""
    timings = Timings()
    # 1. Read and check every input; nothing is written unless this succeeds.
    with timings("load"):
        project = load_project(root, locales)
    log.info("Loaded content for %s", ", ".join(loc.code for loc in project.locales))

    # 2. Render every language in memory.
    with timings("render"):
        sources = {loc.code: render_locale(project, loc) for loc in project.locales}
    check_translations(project, strict)

    # 3. Stage the Markdown trees, run the site engine per language, then swap into place.
    with staging(site_dir) as stage:
        with timings("write"):
            configs = _stage_sources(project, sources, stage)
        with timings("engine"):
            _run_engine(configs)
        with timings("write"):
            write_tree(stage / "site", {"index.html": _root_page(project)})
        swap_into_place(stage / "site", site_dir)
    pages = sum(path.endswith(".md") for files in sources.values() for path in files)
    return BuildReport([loc.code for loc in project.locales], pages, timings)


def render_locale(project: Project, loc: LocaleContext) -> dict[str, str | bytes]:
    log.debug("Rendering %s", loc.code)
    content = project.localized(loc)
    files: dict[str, str | bytes] = dict(render_pages(content, loc, project.templates))
    assets = project.templates / "site" / "assets"
    for asset in sorted(assets.rglob("*")):
        if asset.is_file():
            files[f"assets/{asset.relative_to(assets).as_posix()}"] = asset.read_bytes()
    return files


def check_translations(project: Project, strict: bool) -> None:
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


def _stage_sources(project: Project, sources: dict[str, dict[str, str | bytes]],
                   stage: Path) -> list[Path]:
    configs = []
    for loc in project.locales:
        docs = stage / "docs" / loc.code
        write_tree(docs, sources[loc.code])
        # Paths relative to the config file, so the staged tree is self-contained.
        config = locale_config(project.base_config, project.localized(loc), loc,
                               list(project.locales), Path("../docs", loc.code),
                               Path("../site", loc.code))
        config_file = stage / "configs" / f"{loc.code}.yml"
        config_file.parent.mkdir(parents=True, exist_ok=True)
        config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=True),
                               encoding="utf-8")
        configs.append(config_file)
    return configs


def _run_engine(configs: list[Path]) -> None:
    """One engine build per language: in parallel processes when there are several."""
    engine.warm_up()
    if len(configs) == 1:
        results = [engine.build_site(configs[0])]
    else:
        context = multiprocessing.get_context("fork")
        workers = min(len(configs), os.cpu_count() or 1)
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            results = list(pool.map(engine.build_site, configs))
    failed = [r for r in results if not r.ok]
    if failed:
        lines = [f"{r.config_file.stem}: {m}" for r in failed for m in r.messages]
        raise BuildError("the site engine reported problems; the previous site is kept:\n  "
                         + "\n  ".join(lines))


def _root_page(project: Project) -> str:
    """site/index.html: sends readers to their preferred language, with plain links as fallback."""
    default = project.locales[0]
    env = environment(project.templates, default, "html")
    return env.get_template("site/root-index.html.j2").render(
        locales=project.locales, default=default, title=project.content.program.title)
