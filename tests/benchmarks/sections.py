"""The five measurements of issue 6, each returning plain figures for the report and the JSON file."""

from __future__ import annotations

import statistics
from pathlib import Path

from tests.conftest import copy_project

from . import emails
from .builds import bare_engine, portal_build, stage_trees
from .fit import linear_fit
from .measure import median_runs
from .synth import make_project


class Workspace:
    """Projects made once per benchmark run under one scratch folder (never inside the repository)."""

    def __init__(self, scratch: Path):
        self.scratch = scratch
        self._made: dict[tuple[int, int], Path] = {}

    def shipped(self) -> Path:
        """A copy of the shipped project."""
        if (0, 0) not in self._made:
            self._made[0, 0] = copy_project(self.scratch / "shipped")
        return self._made[0, 0]

    def synthetic(self, languages: int, touchpoints: int) -> Path:
        if (languages, touchpoints) not in self._made:
            self._made[languages, touchpoints] = make_project(
                self.scratch / f"synth-{languages}x{touchpoints}", languages, touchpoints)
        return self._made[languages, touchpoints]


def builds_against_engine(root: Path, scratch: Path, runs: int, before: Path | None) -> dict:
    """(1)+(4): cold `portal build` and the bare engine on the same trees, alternating run by run;
    with `before`, that generator's build too, in the same rotation."""
    configs = stage_trees(root, scratch / "stage")
    portal, engine, older, ratios = [], [], [], []
    for _ in range(runs):
        portal.append(portal_build(root, scratch / "portal"))
        engine.append(bare_engine(configs))
        if before:
            older.append(portal_build(root, scratch / "before", generator_path=before))
        ratios.append(portal[-1].run.wall / engine[-1].wall)
    result = {
        "languages": len(configs), "runs": runs,
        "portal_build": {**median_runs([b.run for b in portal]), **_stages(portal)},
        "bare_engine_sequential": median_runs(engine),
        "portal_over_engine": round(statistics.median(ratios), 3),
        "portal_over_engine_runs": [round(r, 3) for r in ratios],
    }
    if before:
        result["before"] = {**median_runs([b.run for b in older]), **_stages(older)}
        result["after_over_before"] = round(statistics.median(
            p.run.wall / o.run.wall for p, o in zip(portal, older)), 3)
    return result


def scale(space: Workspace, grid: list[tuple[int, int]], runs: int, before: Path | None) -> dict:
    """(2): synthetic languages x touchpoints, every dialect: build cost, emails per second, growth."""
    points = []
    for languages, touchpoints in grid:
        root = space.synthetic(languages, touchpoints)
        work = space.scratch / "scale"
        builds = [portal_build(root, work) for _ in range(runs)]
        point = {"languages": languages, "touchpoints": touchpoints,
                 **median_runs([b.run for b in builds]), **_stages(builds),
                 **{key: builds[0].timings[key] for key in ("emails", "pages", "files")}}
        point["emails_per_s"] = round(point["emails"] / point["wall"], 1)
        point["kit_emails_per_s"] = round(point["emails"] / point["stages"]["kit"], 1)
        if before:
            older = [portal_build(root, work, generator_path=before) for _ in range(runs)]
            point["before"] = median_runs([b.run for b in older])
        points.append(point)
    return {"runs": runs, "points": points, "growth": _growth(points)}


def _growth(points: list[dict]) -> dict:
    """Least squares, for wall and for CPU seconds: a + b*languages + c*emails (emails = L x T)."""
    if len(points) < 3:
        return {}
    rows = [(1, p["languages"], p["emails"]) for p in points]
    growth = {}
    for figure in ("wall", "cpu"):
        fit = linear_fit(rows, [p[figure] for p in points])
        growth[f"{figure}_s"] = {"fixed": round(fit.coefficients[0], 3),
                                 "per_language": round(fit.coefficients[1], 4),
                                 "per_email": round(fit.coefficients[2], 5), "r2": round(fit.r2, 4)}
    return growth


def kit_emails(space: Workspace, codes: list[str], runs: int, touchpoints: tuple[int, int]) -> dict:
    """(3) and the per-email target: inliners side by side, cost per email, cost per dialect."""
    small, large = (space.synthetic(7, t) for t in touchpoints)
    result: dict = {"inliners": {}, "per_email": [], "per_dialect": []}
    for code in codes:
        project, loc, content = emails.localized(space.shipped() if code == "en" else small, code)
        result["inliners"][code] = emails.inliners(emails.email_sources(project, loc, content), runs)
        result["per_email"].append(emails.per_email(space.shipped(), small, large, code, runs))
        result["per_dialect"].append(emails.per_dialect(small, code, runs))
    return result


def _stages(builds: list) -> dict:
    """Median seconds per stage of the build's own timing report."""
    names = builds[0].timings["timings"].keys()
    return {"stages": {name: round(statistics.median(b.timings["timings"][name] for b in builds), 4)
                       for name in names}}
