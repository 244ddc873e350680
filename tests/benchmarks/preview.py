"""(5) Edit-to-preview, through the serve engineer's probe (tests/benchmarks/edit_to_preview.py)."""

from __future__ import annotations

import statistics


def edit_to_preview(runs: int) -> dict:
    """Seconds from saving one YAML value to the rebuilt page served by `portal serve`; when the
    preview cannot be measured here, the reason instead."""
    try:
        from . import edit_to_preview as probe
        measured = probe.measure(runs)
    except (Exception, SystemExit) as exc:  # noqa: BLE001 - report why, and measure the rest
        return {"measured": False, "why": f"{type(exc).__name__}: {exc}"[:500]}
    times, cpu = measured if isinstance(measured, tuple) else (measured, [])
    result = {"measured": True, "runs": len(times), "median_s": round(statistics.median(times), 3),
              "runs_s": [round(t, 3) for t in times]}
    if cpu:
        result["rebuild_cpu_median_s"] = round(statistics.median(cpu), 3)
    return result
