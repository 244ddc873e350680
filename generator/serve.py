"""`portal serve`: marketing's live preview; every saved edit is rebuilt and shown in the browser.

Builds run in this process, so the engine stays imported and a rebuild pays no start-up. The
previewed language is rebuilt first and browsers showing it reload at once; the other languages
follow one at a time, and a newer edit stops the one in progress (its engine workers are killed;
they only ever write to that build's staging folder) so the previewed language never waits for it.
An edit to one language's catalog rebuilds only that language. Each language is swapped into the
served folder whole, so nobody sees a half-written site; a build that fails is printed and shown
on top of the last good pages, which keep being served.
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import click
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers.polling import PollingObserver

from .build import build
from .errors import PortalError
from .preview_server import PreviewServer, PreviewState
from .project import load_project
from .terminal import wants_color

log = logging.getLogger(__name__)

WATCHED_FOLDERS = ("content", "templates", "locales")
WATCHED_FILES = ("mkdocs.yml",)
# Polling, as mkdocs serve does: native file events go missing on some editors and mounts.
POLL_INTERVAL_SECONDS = 0.1
QUIET_SECONDS = 0.05       # a burst of saves (save all, a git checkout) ends after this much calm
IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".tmp", ".mo")


def serve(root: Path, dev_addr: str, first_locale: str | None = None) -> None:
    """Serve a live preview of the project at `root` on `dev_addr` until Ctrl-C (or SIGTERM)."""
    address = parse_address(dev_addr)
    root = root.resolve()
    with ExitStack() as stack:
        work = stack.enter_context(tempfile.TemporaryDirectory(prefix="portal-serve-",
                                                               ignore_cleanup_errors=True))
        state = PreviewState(Path(work) / "site")
        server = _open_server(address, state)
        stack.callback(server.server_close)
        stack.callback(state.close)
        rebuilder = Rebuilder(root, state, server.url, first_locale)
        stack.callback(_watch(root, rebuilder.edited))
        stack.enter_context(_sigterm_as_interrupt())
        threading.Thread(target=server.serve_forever, args=(0.2,), daemon=True).start()
        stack.callback(server.shutdown)
        log.info("Preview server on %s (Ctrl-C to stop); building the site...", server.url)
        try:
            rebuilder.run()
        except KeyboardInterrupt:
            log.info("Stopping the preview.")


def parse_address(dev_addr: str) -> tuple[str, int]:
    """'127.0.0.1:8000' or '[::1]:8000' -> (host, port)."""
    host, colon, port = dev_addr.rpartition(":")
    host = host.removeprefix("[").removesuffix("]")
    if not colon or not host or not port.isdigit() or int(port) > 65535:
        raise PortalError(f"--dev-addr {dev_addr!r}: expected HOST:PORT, such as 127.0.0.1:8000")
    return host, int(port)


class Rebuilder:
    """Turns saved edits into rebuilt languages, the previewed language first."""

    def __init__(self, root: Path, state: PreviewState, url: str, first_locale: str | None):
        self.root, self.state, self.url, self.first_locale = root, state, url, first_locale
        self.codes: list[str] | None = None   # the program's languages, default first
        self.stale: set[str] = set()          # languages owed a rebuild
        self._edits: set[Path] = set()
        self._last_edit = 0.0
        self._edited = threading.Condition()
        self._background = False   # building a language other than the previewed one
        self._cancelled = False    # ... and a newer edit stopped it

    def edited(self, path: Path) -> None:
        """Called by the watcher's thread for every saved, created, moved or deleted file."""
        with self._edited:
            self._edits.add(path)
            self._last_edit = time.monotonic()
            if self._background and not self._cancelled:
                self._cancelled = True
                _stop_engine_workers()  # the previewed language should not wait for it
            self._edited.notify_all()

    def run(self) -> None:
        """Build everything, then rebuild after each burst of edits; returns only by exception."""
        self.rebuild(None)
        while True:
            self.rebuild(self._next_edits())

    def rebuild(self, edits: set[Path] | None) -> None:
        """Rebuild what `edits` touch (everything when None), stopping at the first failure."""
        if edits:
            shown = ", ".join(sorted(p.relative_to(self.root).as_posix() for p in edits))
            log.info("Changed: %s", shown)
        plan = self._plan(edits)
        for position, code in enumerate(plan):
            if position and self._edits_waiting():
                return  # a newer edit: start again from the previewed language
            if not self._build(code, background=position > 0):
                return
            if code == self._previewed():
                log.info("Preview updated: %s%s/", self.url, code)

    def _plan(self, edits: set[Path] | None) -> list[str]:
        """The languages to rebuild now, the previewed one first."""
        if self.codes is None or edits is None or self.root / "content" / "program.yml" in edits:
            self.codes = self._guard(lambda: [loc.code for loc in load_project(self.root).locales])
            if self.codes is None:
                return []
            self.stale &= set(self.codes)
        previewed = self._previewed()
        if previewed not in self.codes:
            return [previewed]  # its build says it is not one of the program's languages
        touched = touched_locales(self.root, edits) if edits else None
        self.stale |= set(self.codes) if touched is None else touched & set(self.codes)
        return sorted(self.stale, key=lambda code: (code != previewed, self.codes.index(code)))

    def _previewed(self) -> str:
        return self.first_locale or (self.codes[0] if self.codes else "")

    def _build(self, code: str, background: bool = False) -> bool:
        with self._edited:
            self._background, self._cancelled = background, False
        try:
            with self.state.building():
                report = self._guard(lambda: build(self.root, self.state.site_dir, locales=[code],
                                                   keep_others=True))
        finally:
            with self._edited:
                self._background = False
        if report is None:
            return False
        log.info(report.summary())
        self.stale.discard(code)
        self.state.published([code, ""])
        return True

    def _guard(self, step: Callable):
        """Run a build step; on failure say why (terminal and browser) and return None."""
        try:
            return step()
        except PortalError as exc:
            problem = exc.format_message()
        except Exception as exc:  # noqa: BLE001 - the preview outlives a bug; `portal build --debug` shows it
            log.debug("The rebuild failed", exc_info=True)
            problem = (f"Internal error: {type(exc).__name__}: {exc}\nThis is a bug in the "
                       "generator; `portal build --debug` shows a traceback.")
        if self._cancelled:
            log.info("Stopped rebuilding a language for a newer edit; it follows later.")
            return None
        click.secho(f"Error: {problem}", err=True, fg="red", color=wants_color(sys.stderr))
        log.warning("Fix the problem and save: the preview updates by itself%s.",
                    "" if self.state.empty else "; until then it shows the last version that worked")
        self.state.failed(problem)
        return None

    def _next_edits(self) -> set[Path]:
        """Wait for edits, then for a moment without any (one rebuild per burst of saves)."""
        with self._edited:
            while not self._edits:
                self._edited.wait(1.0)
            while (calm := time.monotonic() - self._last_edit) < QUIET_SECONDS:
                self._edited.wait(QUIET_SECONDS - calm)
            edits, self._edits = self._edits, set()
        return edits

    def _edits_waiting(self) -> bool:
        with self._edited:
            return bool(self._edits)


def _stop_engine_workers() -> None:
    """Make the build in progress fail before it swaps anything in, and soon.

    Its engine runs in worker processes that write only into the build's staging folder; once
    they are gone the build raises, its staging folder is removed and the site stays as it was.
    """
    for worker in multiprocessing.active_children():
        worker.kill()


def touched_locales(root: Path, edits: set[Path]) -> set[str] | None:
    """The languages whose own catalogs are all that changed; None when anything else did."""
    codes = set()
    for path in edits:
        parts = path.relative_to(root).parts
        if len(parts) < 3 or parts[0] != "locales":
            return None
        codes.add(parts[1])
    return codes


def is_source(root: Path, path: Path) -> bool:
    """Does a change to `path` change the site? Editors' swap, backup and lock files do not."""
    if path.name.startswith((".", "#")) or path.name.endswith(IGNORED_SUFFIXES):
        return False
    try:
        relative = path.relative_to(root)
    except ValueError:
        return False
    return relative.parts[0] in WATCHED_FOLDERS or relative.as_posix() in WATCHED_FILES


class _EditHandler(FileSystemEventHandler):
    def __init__(self, root: Path, edited: Callable[[Path], None]) -> None:
        self.root, self.edited = root, edited

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory or event.event_type not in ("created", "deleted", "modified", "moved"):
            return
        for path in {event.src_path, getattr(event, "dest_path", "")} - {""}:
            if is_source(self.root, Path(str(path))):
                self.edited(Path(str(path)))


def _watch(root: Path, edited: Callable[[Path], None]) -> Callable[[], None]:
    """Start watching the project's sources; returns the function that stops watching."""
    handler = _EditHandler(root, edited)
    observer = PollingObserver(timeout=POLL_INTERVAL_SECONDS)
    for folder in WATCHED_FOLDERS:
        if (root / folder).is_dir():
            observer.schedule(handler, str(root / folder), recursive=True)
    observer.schedule(handler, str(root), recursive=False)  # for mkdocs.yml
    observer.start()

    def stop() -> None:
        observer.stop()
        observer.join()
    return stop


def _open_server(address: tuple[str, int], state: PreviewState) -> PreviewServer:
    try:
        return PreviewServer(address, state)
    except OSError as exc:
        host, port = address
        raise PortalError(f"cannot serve on {host}:{port}: {exc.strerror or exc}; is another "
                          "preview running there? Pick another port with --dev-addr") from None


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """`kill` stops the preview as cleanly as Ctrl-C: temporary files removed, exit code 0."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
