"""Build into a staging folder beside the site, and swap it into place only when all succeeded."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


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


def write_tree(root: Path, files: dict[str, str | bytes]) -> None:
    """Write {relative path: text or bytes} under `root`, each file once."""
    for relative, data in sorted(files.items()):
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8", newline="\n")
