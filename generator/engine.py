"""The site engine (MkDocs with Material) behind one small function, run once per language.

Kept this small on purpose: the rest of the program writes a plain Markdown tree and a plain
configuration, so the engine can be swapped (Zensical reads the same files) without touching it.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life notice on every build


@dataclass(frozen=True)
class EngineResult:
    config_file: Path
    ok: bool
    messages: tuple[str, ...]


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

    collect = _Collect()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(collect)
    mkdocs_log.setLevel(logging.INFO)
    mkdocs_log.propagate = False
    try:
        config = load_config(str(config_file), strict=strict)
        build(config)
    except (MkDocsException, OSError) as exc:
        return EngineResult(config_file, False, (*collect.messages, str(exc)))
    finally:
        mkdocs_log.removeHandler(collect)
    return EngineResult(config_file, not (strict and collect.messages), tuple(collect.messages))


def warm_up() -> None:
    """Import the engine before forking workers, so each worker starts with it loaded."""
    import material  # noqa: F401
    import mkdocs.commands.build  # noqa: F401
    import mkdocs.config  # noqa: F401
