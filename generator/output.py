"""Build into a staging folder beside the site, and swap it into place only when all succeeded."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import PortalError

KEPT_MARK = ".portal-kept-stage"  # in a folder `portal build --keep-stage` wrote, so it may replace it


@contextmanager
def staging(site_dir: Path) -> Iterator[Path]:
    """A fresh folder beside `site_dir`, removed afterwards whatever happens."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.staging-", dir=site_dir.parent))
    try:
        yield stage
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def swap_into_place(new_site: Path, site_dir: Path) -> None:
    """Replace `site_dir` by `new_site` with two renames; the old site is removed last."""
    old = None
    if site_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.old-", dir=site_dir.parent))
        os.replace(site_dir, old / "site")
    try:
        os.replace(new_site, site_dir)
    except OSError:
        if old is not None:
            os.replace(old / "site", site_dir)
        raise
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def swap_parts_into_place(new_site: Path, site_dir: Path) -> None:
    """Swap each folder and file of `new_site` into `site_dir`, keeping what `new_site` lacks.

    Rebuilding some languages replaces just their folders (each as `swap_into_place` does for a
    whole site) and the root files; the other languages stay exactly as they were. Folders go
    first, so a new root page never links to a language that is not there yet.
    """
    site_dir.mkdir(parents=True, exist_ok=True)
    entries = sorted(new_site.iterdir(), key=lambda entry: (not entry.is_dir(), entry.name))
    for entry in entries:
        if entry.is_dir():
            swap_into_place(entry, site_dir / entry.name)
        else:
            os.replace(entry, site_dir / entry.name)


def write_tree(root: Path, files: dict[str, str | bytes]) -> None:
    """Write {relative path: text or bytes} under `root`, each file once."""
    for relative, data in sorted(files.items()):
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8", newline="\n")


def check_keep_stage(dest: Path, root: Path, site_dir: Path) -> None:
    """`--keep-stage DIR` may only write a new or empty folder, or replace one it wrote before:
    never the site, the project's sources, or a folder of someone's files."""
    where, site = dest.resolve(), site_dir.resolve()
    sources = [(root / part).resolve() for part in ("content", "templates", "locales")]
    if where == site or where.is_relative_to(site) or site.is_relative_to(where):
        raise PortalError(f"--keep-stage {dest}: overlaps the site folder {site_dir}; "
                          "expected a folder of its own, such as stage/")
    if any(where.is_relative_to(source) for source in sources):
        raise PortalError(f"--keep-stage {dest}: inside the project's sources; expected a folder "
                          "of its own, such as stage/")
    if where.is_dir() and any(where.iterdir()) and not (where / KEPT_MARK).is_file():
        raise PortalError(f"--keep-stage {dest}: the folder holds other files; expected a new or "
                          "empty folder, or one that --keep-stage wrote before")
    if where.exists() and not where.is_dir():
        raise PortalError(f"--keep-stage {dest}: is a file; expected a folder")


def keep_staged_tree(stage: Path, dest: Path, codes: list[str]) -> None:
    """Keep each language's Markdown tree and engine config (`mkdocs serve -f DEST/configs/en.yml`),
    with the language's kit in its docs as downloads/, so the engine serves what the build built."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    kept = Path(tempfile.mkdtemp(prefix=f".{dest.name}.staging-", dir=dest.parent))
    try:
        shutil.copytree(stage / "configs", kept / "configs")
        shutil.copytree(stage / "docs", kept / "docs")
        for code in codes:
            shutil.copytree(stage / "site" / code / "downloads", kept / "docs" / code / "downloads")
        (kept / KEPT_MARK).write_text("Written by `portal build --keep-stage`; the next such build "
                                      "replaces this folder.\n", encoding="utf-8")
        swap_into_place(kept, dest)
    finally:
        shutil.rmtree(kept, ignore_errors=True)
