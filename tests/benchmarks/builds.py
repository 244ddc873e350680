"""Whole builds as users run them: `portal build` in a fresh process, and the bare site engine."""

from __future__ import annotations

import json
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from generator.build import render_locale, stage_locale
from generator.project import load_project

from .measure import Run, run_process

MKDOCS = Path(sys.executable).with_name("mkdocs")
ENGINE_ENV = {"NO_MKDOCS_2_WARNING": "1"}  # as generator.engine sets it


@dataclass(frozen=True)
class BuildRun:
    run: Run
    timings: dict    # the build's own report: stages, locales, pages, emails, files


def portal_build(root: Path, work: Path, generator_path: Path | None = None) -> BuildRun:
    """One cold `portal build` (new process, no previous site) of the project at `root`.

    `generator_path` runs another copy of the generator package (a folder holding `generator/`),
    to compare a change with what came before it on the same machine in the same run.
    """
    site, report = work / "site", work / "timings.json"
    shutil.rmtree(site, ignore_errors=True)
    report.unlink(missing_ok=True)
    env = {"PYTHONPATH": str(generator_path)} if generator_path else {}
    run = run_process([sys.executable, "-m", "generator", "-q", "build", "--site-dir", site,
                       "--timings", report], cwd=root, env=env)
    shutil.rmtree(site, ignore_errors=True)
    return BuildRun(run, json.loads(report.read_text(encoding="utf-8")))


def stage_trees(root: Path, stage: Path) -> list[Path]:
    """The per-language Markdown trees and engine configs `portal build` hands the engine."""
    shutil.rmtree(stage, ignore_errors=True)
    project = load_project(root)
    inliner = project.content.program.inliner
    return [stage_locale(project, render_locale(project, loc, inliner), stage)
            for loc in project.locales]


def bare_engine(configs: list[Path]) -> Run:
    """The engine on its own: `mkdocs build` of each language's tree, one after another."""
    runs = [run_process([MKDOCS, "build", "--strict", "--quiet", "-f", config],
                        cwd=config.parent, env=ENGINE_ENV) for config in configs]
    return Run(wall=sum(r.wall for r in runs), cpu=sum(r.cpu for r in runs),
               max_rss_mb=max(r.max_rss_mb for r in runs),
               peak_pss_mb=max(r.peak_pss_mb for r in runs), returncode=0, stderr="")
