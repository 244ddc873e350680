"""How a build shows how far it is: a live display on a terminal, plain log lines elsewhere.

The orchestrator (build.py) reports its milestones to a `Progress`; the stages never see it. Engine
runs finish in worker processes, so `site_built` may be called from another thread.
"""

from __future__ import annotations

import logging
import sys
import threading

from .terminal import is_terminal, wants_color

log = logging.getLogger(__name__)


class Progress:
    """A build's milestones, shown nowhere (the live preview and library callers)."""

    def start(self, codes: list[str]) -> None:
        """The build renders these languages, in this order."""

    def rendered(self, code: str) -> None:
        """One language's pages and kit are rendered in memory."""

    def kit_written(self, code: str, files: int) -> None:
        """One language's kit files are written to the staging folder."""

    def site_built(self, code: str) -> None:
        """The engine finished one language's site (called from a worker's thread)."""

    def stop(self) -> None:
        """The build is over, whether it succeeded or not."""


class LogProgress(Progress):
    """Log lines (info, so -q silences them) for pipes, files and CI logs: one when a language is
    rendered and its kit written, one when the engine finished its site."""

    def __init__(self) -> None:
        self._total = 0
        self._done: dict[str, int] = {}
        self._lock = threading.Lock()

    def start(self, codes: list[str]) -> None:
        self._total = len(codes)

    def kit_written(self, code: str, files: int) -> None:  # right after it was rendered
        log.info("Rendered %s and wrote its kit: %d files (%d of %d)", code, files,
                 self._count("kits"), self._total)

    def site_built(self, code: str) -> None:
        log.info("Site engine finished %s (%d of %d)", code, self._count("sites"), self._total)

    def _count(self, what: str) -> int:
        with self._lock:
            self._done[what] = self._done.get(what, 0) + 1
            return self._done[what]


class LiveProgress(Progress):
    """Three bars on the terminal (rich): languages rendered, engine runs finished, kits written.

    While it shows, log lines are printed above the bars (rich redirects stderr); it disappears
    when the build is over, leaving the summary line.
    """

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as Bars

        console = Console(stderr=True, no_color=not wants_color(sys.stderr))
        self._bars = Bars(TextColumn("{task.description:<22}"), BarColumn(), MofNCompleteColumn(),
                          TextColumn("{task.fields[detail]}"), TimeElapsedColumn(),
                          console=console, transient=True, refresh_per_second=2)
        self._tasks: dict[str, int] = {}
        self._files = 0

    def start(self, codes: list[str]) -> None:
        for name, label in (("render", "Languages rendered"), ("engine", "Site engine runs"),
                            ("kit", "Kit files written")):
            self._tasks[name] = self._bars.add_task(label, total=len(codes), detail="")
        self._bars.start()

    def rendered(self, code: str) -> None:
        self._bars.advance(self._tasks["render"])
        self._bars.update(self._tasks["render"], detail=code)

    def kit_written(self, code: str, files: int) -> None:
        self._files += files
        self._bars.update(self._tasks["kit"], advance=1, detail=f"{self._files} files")

    def site_built(self, code: str) -> None:
        self._bars.update(self._tasks["engine"], advance=1, detail=code)

    def stop(self) -> None:
        self._bars.stop()


def progress_for(quiet: bool) -> Progress:
    """The display that suits where stderr goes: live bars on a terminal, log lines otherwise."""
    if quiet:
        return Progress()
    return LiveProgress() if is_terminal(sys.stderr) else LogProgress()
