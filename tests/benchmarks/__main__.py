"""`python -m tests.benchmarks [--quick]`: issue 6's benchmark; prints a table, writes JSON.

    --quick          about two minutes: the shipped build against the bare engine, a 7-language
                     scale pair, the inliners, per email and per dialect costs, three preview edits
    (default)        the full run: adds 7 languages against the engine, and the 7/20/50 languages
                     x 5/10/20 touchpoints grid (about 15 minutes on 2 CPUs)
    --before DIR     also build with the generator package in DIR (a copy of generator/ from before
                     a change), in the same rotation, for before/after ratios
    --grid LxT       scale only these languages x touchpoints, e.g. --grid 50x10 (repeatable)
    --skip SECTION   builds, scale, emails or preview (repeatable)

The JSON file is rewritten after each section, so an interrupted run keeps what it measured.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from . import sections
from .preview import edit_to_preview
from .report import machine, table, write_json

RESULTS = Path(__file__).resolve().parent / "results" / "latest.json"
FULL_GRID = [(languages, touchpoints) for languages in (7, 20, 50) for touchpoints in (5, 10, 20)]
PLANS = {
    "quick": {"build_runs": 3, "languages_7": False, "grid": [(7, 5), (7, 10)], "scale_runs": 1,
              "codes": ["en", "ja"], "email_runs": 7, "touchpoints": (5, 20), "preview_runs": 3},
    "full": {"build_runs": 5, "languages_7": True, "grid": FULL_GRID, "scale_runs": 3,
             "codes": ["en", "de", "ja", "ar"], "email_runs": 11, "touchpoints": (5, 20),
             "preview_runs": 7},
}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the two-minute version")
    parser.add_argument("--out", type=Path, default=RESULTS, help=f"JSON file [{RESULTS}]")
    parser.add_argument("--before", type=Path, help="folder holding an older generator/ package")
    parser.add_argument("--grid", action="append", type=_grid_point, default=[],
                        help="scale point LANGUAGESxTOUCHPOINTS (repeatable)")
    parser.add_argument("--skip", action="append", default=[],
                        choices=["builds", "scale", "emails", "preview"])
    parser.add_argument("--keep", action="store_true", help="keep the scratch projects")
    args = parser.parse_args(argv)
    plan = {**PLANS["quick" if args.quick else "full"], **({"grid": args.grid} if args.grid else {})}
    scratch = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    started = time.perf_counter()
    results: dict = {"command": " ".join(["python -m tests.benchmarks", *argv]),
                     "mode": "quick" if args.quick else "full", "machine": machine(), "plan": plan}

    def save() -> None:
        results["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
        results["seconds"] = round(time.perf_counter() - started, 1)
        write_json(results, args.out)

    try:
        run(plan, args, sections.Workspace(scratch), results, save)
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
    save()
    print(table(results))
    print(f"\n{results['seconds']:.0f} s; figures in {args.out}")
    return 0


def run(plan: dict, args: argparse.Namespace, space: sections.Workspace, results: dict,
        save: Callable[[], None]) -> None:
    before = args.before.resolve() if args.before else None
    if "builds" not in args.skip:
        _say("shipped content: portal build against the bare engine")
        results["builds"] = {"shipped": sections.builds_against_engine(
            space.shipped(), space.scratch / "shipped-runs", plan["build_runs"], before)}
        if plan["languages_7"]:
            _say("7 languages x 5 touchpoints: portal build against the bare engine")
            results["builds"]["synthetic_7x5"] = sections.builds_against_engine(
                space.synthetic(7, 5), space.scratch / "synth-runs", 3, before)
        save()
    if "scale" not in args.skip:
        _say(f"scale: {len(plan['grid'])} synthetic projects")
        results["scale"] = sections.scale(space, plan["grid"], plan["scale_runs"], before)
        save()
    if "emails" not in args.skip:
        _say("emails: inliners, per email, per dialect")
        results["emails"] = sections.kit_emails(space, plan["codes"], plan["email_runs"],
                                                plan["touchpoints"])
        save()
    if "preview" not in args.skip:
        _say("edit-to-preview under portal serve")
        results["preview"] = edit_to_preview(plan["preview_runs"])


def _grid_point(text: str) -> tuple[int, int]:
    languages, _, touchpoints = text.partition("x")
    return int(languages), int(touchpoints)


def _say(what: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {what}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
