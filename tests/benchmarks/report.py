"""The benchmark's table on the terminal, and its figures with the machine they came from as JSON."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

from tests.conftest import REPO


def machine() -> dict:
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")),
                 platform.processor())
    memory = next((int(line.split()[1]) // 1024 for line in meminfo if line.startswith("MemTotal")),
                  None)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                            text=True).stdout.strip()
    dirty = bool(subprocess.run(["git", "status", "--porcelain", "generator"], cwd=REPO,
                                capture_output=True, text=True).stdout.strip())
    return {"cpus": os.cpu_count(), "cpus_usable": len(os.sched_getaffinity(0)), "cpu_model": model,
            "memory_mb": memory, "python": sys.version.split()[0], "platform": platform.platform(),
            "load_average_start": [round(x, 2) for x in os.getloadavg()],
            "commit": commit + ("+uncommitted generator changes" if dirty else ""),
            "versions": {name: version(name) for name in
                         ("mkdocs", "mkdocs-material", "css-inline", "premailer", "Jinja2")}}


def write_json(results: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def table(results: dict) -> str:
    """The figures that answer issue 6's targets, one line each."""
    rows: list[tuple[str, str]] = []
    for name in ("shipped", "synthetic_7x5"):
        part = results.get("builds", {}).get(name)
        if part:
            rows += _build_rows(name, part)
    scale = results.get("scale")
    if scale:
        rows += _scale_rows(scale)
    kit = results.get("emails")
    if kit:
        rows += _email_rows(kit)
    preview = results.get("preview")
    if preview:
        rows.append(("edit-to-preview (portal serve)",
                     f"median {preview['median_s']:.2f} s over {preview['runs']} edits "
                     f"({', '.join(f'{t:.2f}' for t in preview['runs_s'])})" if preview["measured"]
                     else f"not measured: {preview['why']}"))
    width = max(len(label) for label, _ in rows)
    lines = [f"{label:<{width}}  {value}" for label, value in rows]
    m = results["machine"]
    head = (f"{m['cpus']} CPUs ({m['cpu_model']}), Python {m['python']}, load average at start "
            f"{m['load_average_start'][0]}, at end {results.get('load_average_end', ['?'])[0]}")
    return "\n".join([head, "-" * len(head), *lines])


def _build_rows(name: str, part: dict) -> list[tuple[str, str]]:
    build, engine = part["portal_build"], part["bare_engine_sequential"]
    stages = ", ".join(f"{k} {v:.2f}" for k, v in build["stages"].items() if k != "total")
    rows = [
        (f"{name}: portal build, cold ({part['languages']} lang)",
         f"wall {build['wall']:.2f} s, CPU {build['cpu']:.2f} s, peak RSS {build['max_rss_mb']:.0f} MB, "
         f"peak PSS (tree) {build['peak_pss_mb']:.0f} MB"),
        (f"{name}: stages (s)", stages),
        (f"{name}: bare engine, one after another",
         f"wall {engine['wall']:.2f} s, CPU {engine['cpu']:.2f} s"),
        (f"{name}: portal build / bare engine", f"{part['portal_over_engine']:.2f}x (target <= 1.0x; "
         f"runs {', '.join(f'{r:.2f}' for r in part['portal_over_engine_runs'])})"),
    ]
    if "before" in part:
        rows.append((f"{name}: this build / before", f"{part['after_over_before']:.2f}x "
                     f"(before: wall {part['before']['wall']:.2f} s, CPU {part['before']['cpu']:.2f} s)"))
    return rows


def _scale_rows(scale: dict) -> list[tuple[str, str]]:
    rows = []
    for p in scale["points"]:
        before = f"; before {p['before']['wall']:.1f} s" if "before" in p else ""
        rows.append((f"scale {p['languages']} lang x {p['touchpoints']} tp ({p['emails']} emails)",
                     f"wall {p['wall']:.1f} s, CPU {p['cpu']:.1f} s, peak RSS {p['max_rss_mb']:.0f} MB, "
                     f"PSS {p['peak_pss_mb']:.0f} MB, {p['emails_per_s']:.0f} emails/s "
                     f"(kit stage {p['kit_emails_per_s']:.0f}/s){before}"))
    for figure, fit in scale.get("growth", {}).items():
        rows.append((f"scale: {figure[:-2]} = a + b*lang + c*emails",
                     f"a {fit['fixed']:.2f} s, b {fit['per_language']:.3f} s/lang, "
                     f"c {fit['per_email'] * 1000:.1f} ms/email (R2 {fit['r2']:.3f})"))
    return rows


def _email_rows(kit: dict) -> list[tuple[str, str]]:
    rows = []
    for code, inl in kit["inliners"].items():
        rows.append((f"inliners ({code}, {inl['emails']} emails, {inl['html_kb']} KB)",
                     f"css-inline {inl['css_inline_ms']:.2f} ms, premailer {inl['premailer_ms']:.1f} ms: "
                     f"premailer {inl['premailer_over_css_inline']:.0f}x slower"))
    for per in kit["per_email"]:
        bare = kit["inliners"][per["locale"]]["bare_css_inline_ms"]
        alone = per["per_email_ms"]
        rows.append((f"per email, all outputs ({per['locale']}, {per['dialects']} dialects)",
                     f"{alone:.2f} ms CPU = {alone / bare:.1f}x one bare css-inline call "
                     f"({bare:.2f} ms) (targets <= 2 ms, <= 4x)"))
        rows.append((f"kit growth per email ({per['locale']})",
                     f"{per['kit_growth_per_email_ms']:.2f} ms (with README, kit.json); with the "
                     f"zip {per['kit_growth_per_email_with_zip_ms']:.2f} ms; whole kit / emails "
                     f"{per['per_email_amortized_ms']:.2f} ms"))
    for per in kit["per_dialect"]:
        rows.append((f"one more dialect, per email ({per['locale']})",
                     f"{per['per_email_per_dialect_ms']:.3f} ms CPU (one email with "
                     + ", ".join(f"{k}: {v:.2f} ms" for k, v in per["email_ms"].items()) + ")"))
    return rows
