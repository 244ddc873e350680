"""Measuring one child process: wall and CPU time, peak memory of it and everything it starts."""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

SAMPLE_SECONDS = 0.02


@dataclass(frozen=True)
class Run:
    wall: float          # seconds, start of the child to its exit
    cpu: float           # user + system seconds of the child and the workers it waited for
    max_rss_mb: float    # largest resident set of any one process of the tree (wait4's ru_maxrss)
    peak_pss_mb: float   # largest sampled sum of proportional set sizes over the tree (shared pages
                         # of forked workers counted once), sampled every SAMPLE_SECONDS
    returncode: int
    stderr: str

    def figures(self) -> dict[str, float]:
        return {k: v for k, v in asdict(self).items() if k not in ("returncode", "stderr")}


def run_process(cmd: Sequence[str | Path], *, cwd: Path, env: dict[str, str] | None = None,
                check: bool = True) -> Run:
    """Run `cmd` to completion and measure it; stdout is discarded, stderr kept for errors."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen([str(c) for c in cmd], cwd=cwd, stdout=subprocess.DEVNULL,
                                stderr=err, env={**os.environ, **(env or {})})
        sampler = _PssSampler(proc.pid)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, for wait4's rusage
        sampler.stop()
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    run = Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
              sampler.peak_kb / 1024, proc.returncode, stderr)
    if check and run.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed ({run.returncode}):\n{stderr[-3000:]}")
    return run


class _PssSampler(threading.Thread):
    """Polls /proc for the summed PSS of a process and its descendants; keeps the peak."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak_kb = pid, 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            self.peak_kb = max(self.peak_kb, sum(map(_pss_kb, _tree(self.pid))))
            self._done.wait(SAMPLE_SECONDS)

    def stop(self) -> None:
        self._done.set()
        self.join()


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as fp:
                    todo += [int(child) for child in fp.read().split()]
        except OSError:
            continue
    return pids


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fp:
            for line in fp:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def median_runs(runs: Sequence[Run]) -> dict[str, float]:
    """Each figure's median over the runs (each figure separately)."""
    figures = [run.figures() for run in runs]
    return {key: round(statistics.median(f[key] for f in figures), 4) for key in figures[0]}


def interleaved(count: int, *measures: Callable[[], float]) -> list[list[float]]:
    """Run the measures in turn (A B A B ...), so a change in the machine's load hits all alike."""
    results: list[list[float]] = [[] for _ in measures]
    for _ in range(count):
        for result, measure in zip(results, measures):
            result.append(measure())
    return results


def median_seconds(count: int, function: Callable[[], object]) -> float:
    """Median seconds of `count` calls, after one warm-up call."""
    function()
    times = []
    for _ in range(count):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
