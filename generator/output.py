"""Where a build may write, and how its output replaces the previous site without ever losing it.

A build stages everything in a folder beside the site and swaps it in with one atomic exchange of
the two folders (Linux `renameat2(RENAME_EXCHANGE)`, macOS `renamex_np(RENAME_SWAP)`): at every
instant, even if the process is killed, `site/` is the complete old or the complete new site, and
it stays a plain folder (any web server, `cp -r`, `rsync` and zip tools see files, not a link).
The replaced site ends up inside the staging folder and goes with it. Whatever a killed build left
beside the site (`.site.staging-*`, `.site.old-*`) is removed by the next build, which holds a lock
on the parent folder meanwhile, so two builds never clean up each other's work.

A build only replaces a folder that an earlier build wrote (it carries the `STAMP` file) or an
empty one, and never the project, a folder that contains it, or one of its source folders.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path, PurePosixPath

from .errors import BuildError

log = logging.getLogger(__name__)

STAMP = ".portal-site"
STAMP_TEXT = ("This folder is written by `portal build` and replaced whole on every build; "
              "edit content/, not these files.\n")
# Folders of a project that hold its sources: a build never writes into, or replaces, any of them.
SOURCE_FOLDERS = ("content", "templates", "locales", "generator", "tests", ".git", ".venv", "docs")


class UnsafePath(BuildError):
    """A path the build was asked to write that it must not touch."""


def check_site_dir(root: Path, site_dir: Path) -> Path:
    """`site_dir` made absolute (symlinks resolved) if a build may replace it; else UnsafePath."""
    site, project = Path(os.path.abspath(site_dir)).resolve(), root.resolve()
    shown = str(site_dir)
    if site == project or project.is_relative_to(site):
        raise UnsafePath(f"--site-dir {shown}: this is the project folder or a folder that contains "
                         "it; a build replaces its output folder whole. Expected a folder of its "
                         "own, such as site/")
    for name in SOURCE_FOLDERS:
        if site.is_relative_to(project / name):
            raise UnsafePath(f"--site-dir {shown}: this is inside the project's {name}/ folder; "
                             "expected a folder of its own, such as site/")
    if site.exists() and not site.is_dir():
        raise UnsafePath(f"--site-dir {shown}: this is a file, not a folder; expected a folder "
                         "that an earlier build wrote, an empty folder or a new name")
    if site.is_dir() and not is_build_output(site):
        raise UnsafePath(f"--site-dir {shown}: this folder holds files that `portal build` did not "
                         f"write (it has no {STAMP} file), and a build replaces the whole folder; "
                         "expected a folder an earlier build wrote, an empty folder or a new name")
    if site.is_dir() and not os.access(site, os.W_OK | os.X_OK):
        raise UnsafePath(f"--site-dir {shown}: the folder is read-only; expected a folder the "
                         "build may replace (check its permissions)")
    parent = next(p for p in site.parents if p.exists())
    if not parent.is_dir():
        raise UnsafePath(f"--site-dir {shown}: {parent} is a file, not a folder; expected the "
                         "output folder's parent to be a folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise UnsafePath(f"--site-dir {shown}: cannot write into {parent} (read-only); expected a "
                         "folder the build may write into (check its permissions)")
    return site


def is_build_output(folder: Path) -> bool:
    """Written by a build (its stamp, or the layout of builds made before the stamp), or empty."""
    names = {entry.name for entry in folder.iterdir()}
    if not names or STAMP in names:
        return True
    # Sites built before the stamp existed: the root page plus language folders with downloads.
    return "index.html" in names and any((folder / name / "downloads").is_dir() and
                                         (folder / name / "sitemap.xml").is_file() for name in names)

from .errors import PortalError

KEPT_MARK = ".portal-kept-stage"  # in a folder `portal build --keep-stage` wrote, so it may replace it


@contextmanager
def staging(site_dir: Path) -> Iterator[Path]:
    """A fresh folder beside `site_dir`, removed afterwards whatever happens.

    Holds a lock on the parent folder for as long as it exists, and first removes what killed
    builds left beside `site_dir`.
    """
    parent = site_dir.parent
    parent.mkdir(parents=True, exist_ok=True)
    with _locked(parent):
        remove_leftovers(site_dir)
        stage = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.staging-", dir=parent))
        try:
            yield stage
        finally:
            shutil.rmtree(stage, ignore_errors=True)


def leftovers(site_dir: Path) -> list[Path]:
    """Staging and old-site folders of builds that did not finish (killed, power cut)."""
    prefixes = (f".{site_dir.name}.staging-", f".{site_dir.name}.old-")
    return sorted(p for p in site_dir.parent.iterdir() if p.name.startswith(prefixes))


def remove_leftovers(site_dir: Path) -> None:
    """Remove what unfinished builds left; first put back a site that a two-rename swap (on a
    system without an atomic exchange) had moved aside when it was killed."""
    for folder in leftovers(site_dir):
        kept = folder / "site"
        if folder.name.startswith(f".{site_dir.name}.old-") and not site_dir.exists() \
                and (kept / STAMP).is_file():
            log.info("Putting back the site an interrupted build had moved aside")
            os.replace(kept, site_dir)
        log.debug("Removing %s, left by an interrupted build", folder)
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks on folders; builds must not overlap there
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.warning("Waiting for another build that is writing into %s ...", folder)
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def swap_into_place(new_site: Path, site_dir: Path) -> None:
    """Put `new_site` (stamped first) at `site_dir` in one atomic step; the old site, if any, ends
    up at `new_site`'s path, for the caller to remove."""
    (new_site / STAMP).write_text(STAMP_TEXT, encoding="utf-8")
    _replace_folder(new_site, site_dir)


def swap_parts_into_place(new_site: Path, site_dir: Path) -> None:
    """Swap each folder and file of `new_site` into `site_dir`, keeping what `new_site` lacks.

    Rebuilding some languages replaces just their folders (each in one atomic step) and the root
    files; the other languages stay exactly as they were. Folders go first, so a new root page
    never links to a language that is not there yet.
    """
    site_dir.mkdir(parents=True, exist_ok=True)
    (new_site / STAMP).write_text(STAMP_TEXT, encoding="utf-8")
    entries = sorted(new_site.iterdir(), key=lambda entry: (not entry.is_dir(), entry.name))
    for entry in entries:
        if entry.is_dir():
            _replace_folder(entry, site_dir / entry.name)
        else:
            os.replace(entry, site_dir / entry.name)


def _replace_folder(new: Path, target: Path) -> None:
    """`new` moved to `target`; an existing `target` is exchanged with it in one step."""
    if not target.exists():
        os.rename(new, target)
        return
    if _exchange(new, target):
        return
    # No atomic exchange on this system: two renames, the old folder kept aside until the new one
    # is in place (a build killed in between puts it back next time: see remove_leftovers).
    aside = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    os.replace(target, aside / "site")
    try:
        os.replace(new, target)
    except OSError:
        os.replace(aside / "site", target)
        raise
    os.replace(aside / "site", new)
    aside.rmdir()


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically; False when the system or file system cannot."""
    call = _exchange_call()
    if call is None:
        return False
    if call(os.fsencode(first), os.fsencode(second)) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(second))


_AT_FDCWD, _RENAME_EXCHANGE, _RENAME_SWAP = -100, 2, 2


@lru_cache(maxsize=1)
def _exchange_call():
    libc = ctypes.CDLL(ctypes.util.find_library("c") if sys.platform == "darwin" else None,
                       use_errno=True)
    if sys.platform.startswith("linux") and hasattr(libc, "renameat2"):
        function = libc.renameat2
        function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                             ctypes.c_uint]
        return lambda a, b: function(_AT_FDCWD, a, _AT_FDCWD, b, _RENAME_EXCHANGE)
    if sys.platform == "darwin" and hasattr(libc, "renamex_np"):
        function = libc.renamex_np
        function.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint]
        return lambda a, b: function(a, b, _RENAME_SWAP)
    return None


def safe_join(root: Path, relative: str) -> Path:
    """`root / relative` for a relative path made by the build; never a path outside `root`."""
    parts = PurePosixPath(relative).parts
    if (not parts or PurePosixPath(relative).is_absolute() or ".." in parts or "\\" in relative
            or any(part in ("", ".") for part in relative.split("/"))):
        raise BuildError(f"refusing the path {relative[:80]!r}: expected a path inside {root.name}/")
    return root.joinpath(*parts)


def write_tree(root: Path, files: dict[str, str | bytes]) -> None:
    """Write {relative path: text or bytes} under `root`, each file once, none outside it."""
    for relative, data in sorted(files.items()):
        path = safe_join(root, relative)
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
