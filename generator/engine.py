"""The site engine (MkDocs with Material) behind one small function, run once per language.

Kept this small on purpose: the rest of the program writes a plain Markdown tree and a plain
configuration, so the engine can be swapped (Zensical reads the same files) without touching it.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from .render.compiled import CompiledTemplates

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life notice on every build

# The theme's templates, compiled once per worker process and reused for every language it builds
# (compiling them took about half of each language's engine build).
_THEME_TEMPLATES = CompiledTemplates()


@dataclass(frozen=True)
class EngineResult:
    config_file: Path
    ok: bool
    messages: tuple[str, ...]
    compiled: bytes = b""   # theme templates this build compiled, for the process that forks workers


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_site(config_file: Path, strict: bool = True) -> EngineResult:
    """Build one site from a generated config; warnings fail the build when `strict`."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    known = _THEME_TEMPLATES.keys()
    collect = _Collect()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(collect)
    mkdocs_log.setLevel(logging.INFO)
    mkdocs_log.propagate = False
    try:
        config = load_config(str(config_file), strict=strict)
        config.plugins["generator-compiled-templates"] = _SharedTemplates()  # type: ignore[assignment]
        build(config)
    except (MkDocsException, OSError) as exc:
        return EngineResult(config_file, False, (*collect.messages, str(exc)))
    finally:
        mkdocs_log.removeHandler(collect)
    return EngineResult(config_file, not (strict and collect.messages), tuple(collect.messages),
                        _THEME_TEMPLATES.export(leave_out=known))


class _SharedTemplates:
    """Hands the engine's Jinja environment this process's compiled theme templates (an MkDocs
    `env` event handler, registered the way MkDocs registers `hooks:` modules)."""

    @staticmethod
    def on_env(env, /, *, config, files):  # noqa: ANN001, ANN205 - MkDocs' event signature
        env.bytecode_cache = _THEME_TEMPLATES
        return env


def _start_worker(parent: int) -> None:
    """A worker leaves Ctrl-C to its parent (which stops it) and dies with it, even with kill -9."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        _PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)
    warm_up()


def warm_up() -> None:
    """Import the engine, so that the builds that follow don't pay for it."""
    import material  # noqa: F401
    import mkdocs.commands.build  # noqa: F401
    import mkdocs.config  # noqa: F401


class Workers:
    """Engine builds in worker processes, one language each, as many at once as there are CPUs.

    The workers are forked as soon as this is made. In a process's first build they import the
    engine while the caller renders the first language, so that start-up is off the critical path;
    each keeps its compiled theme templates for the languages it builds next, and hands them back.
    A process that builds again (the live preview) imports the engine itself, once, and keeps the
    templates, so its later workers start with both. Leaving the `with` block on an error (or Ctrl-C,
    SIGTERM) kills the workers and waits for them, so none writes into a removed folder; each
    worker also dies with its parent, so not even kill -9 of the build leaves one running.
    """

    def __init__(self, languages: int):
        if len(_THEME_TEMPLATES):  # not this process's first build
            warm_up()
        count = max(1, min(languages, os.cpu_count() or 1))
        self._pool = ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("fork"),
                                         initializer=_start_worker, initargs=(os.getpid(),))
        self._builds: list[Future[EngineResult]] = []
        self._pool.submit(warm_up)  # the first task forks every worker now, not at the first build

    def submit(self, config_file: Path, when_done: Callable[[], None] | None = None) -> None:
        """Build one language's site; call `when_done` (in a thread of the pool) once it finished."""
        future = self._pool.submit(build_site, config_file)
        if when_done is not None:
            future.add_done_callback(lambda done: done.cancelled() or when_done())
        self._builds.append(future)

    def results(self) -> list[EngineResult]:
        results = [build.result() for build in self._builds]
        for result in results:
            _THEME_TEMPLATES.absorb(result.compiled)
        return results

    def __enter__(self) -> "Workers":
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if kind is not None:  # stop the builds in progress: their output is about to be removed
            self.stop()
        self._pool.shutdown(wait=True, cancel_futures=kind is not None)

    def stop(self) -> None:
        """Kill the worker processes (an interrupted or failed build); none outlives the build."""
        processes = dict(getattr(self._pool, "_processes", None) or {})
        for process in processes.values():
            process.kill()
        for process in processes.values():
            process.join()
