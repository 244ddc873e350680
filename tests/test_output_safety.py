"""Where a build writes, and how it survives being stopped: no data lost, no folder or process left.

`--site-dir` may only name a folder an earlier build wrote, an empty one or a new one; the swap into
place is atomic (the site is always the complete old or the complete new one, even after kill -9);
Ctrl-C and SIGTERM stop a build cleanly; the next build removes what a killed one left.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import output
from generator.output import STAMP, safe_join
from generator.errors import BuildError
from tests.conftest import run_portal
from tests.support import file_digests, leftovers

EPOCH = {"SOURCE_DATE_EPOCH": "1462752000"}


def user_files(folder: Path) -> dict[str, str]:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "thesis.txt").write_text("three years of work", encoding="utf-8")
    return file_digests(folder)


# --- --site-dir: only what a build wrote ----------------------------------------------------------

@pytest.mark.parametrize(("site_dir", "expected"), [
    (".", "this is the project folder or a folder that contains it"),
    ("..", "this is the project folder or a folder that contains it"),
    ("content", "this is inside the project's content/ folder"),
    ("templates/out", "this is inside the project's templates/ folder"),
    ("locales", "this is inside the project's locales/ folder"),
    ("mkdocs.yml", "is a file"),
    ("mkdocs.yml/site", "is a file, not a folder; expected the output folder's parent to be a folder"),
])
def test_a_build_refuses_to_replace_the_project_or_its_sources(project: Path, site_dir: str,
                                                                expected: str) -> None:
    before = file_digests(project.parent)
    result = run_portal("build", "--site-dir", site_dir, cwd=project)
    assert result.returncode == 2, result.stderr
    assert expected in result.stderr and "Traceback" not in result.stderr
    assert file_digests(project.parent) == before


def test_a_build_refuses_a_folder_of_the_users_files(project: Path, tmp_path: Path) -> None:
    documents = tmp_path / "Documents"
    before = user_files(documents)
    result = run_portal("build", "--site-dir", str(documents), cwd=project)
    assert result.returncode == 2
    assert f"--site-dir {documents}: this folder holds files that `portal build` did not write " \
           f"(it has no {STAMP} file)" in result.stderr
    assert file_digests(documents) == before


def test_a_build_replaces_an_empty_folder_and_then_its_own_output(project: Path, tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    for _ in range(2):
        result = run_portal("build", "--locale", "en", "--site-dir", str(out), cwd=project)
        assert result.returncode == 0, result.stderr
        assert (out / STAMP).is_file() and (out / "en" / "index.html").is_file()
    assert leftovers(tmp_path, "out") == []


def test_a_read_only_output_folder_is_a_clear_error(project: Path, tmp_path: Path) -> None:
    parent = tmp_path / "readonly"
    parent.mkdir()
    parent.chmod(0o555)
    # root ignores permissions; without the capability that lets it, it meets them like anyone
    drop = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner"] \
        if os.geteuid() == 0 and shutil.which("setpriv") else []
    result = subprocess.run([*drop, sys.executable, "-m", "generator", "build", "--locale", "en",
                             "--site-dir", str(parent / "site")], cwd=project, capture_output=True,
                            text=True, timeout=300)
    parent.chmod(0o755)
    assert result.returncode == 2, result.stderr
    assert f"cannot write into {parent} (read-only)" in result.stderr
    assert list(parent.iterdir()) == []


def test_paths_the_build_writes_stay_inside_their_folder(tmp_path: Path) -> None:
    assert safe_join(tmp_path, "en/downloads/kit.zip") == tmp_path / "en/downloads/kit.zip"
    for bad in ("../x", "en/../../x", "/etc/passwd", "a//b", "./a", "a\\..\\b", ""):
        with pytest.raises(BuildError, match="expected a path inside"):
            safe_join(tmp_path, bad)


def test_without_an_atomic_exchange_a_killed_swap_is_put_back(tmp_path, monkeypatch) -> None:
    # Given a system without renameat2/renamex_np, whose two-rename swap was killed in between
    monkeypatch.setattr(output, "_exchange", lambda first, second: False)
    site, new = tmp_path / "site", tmp_path / "new"
    for folder, text in ((site, "old"), (new, "new")):
        folder.mkdir()
        (folder / "index.html").write_text(text, encoding="utf-8")
    (site / STAMP).write_text("", encoding="utf-8")
    aside = tmp_path / ".site.old-killed"
    aside.mkdir()
    site.rename(aside / "site")
    # when the next build starts, the old site is back before anything else happens,
    with output.staging(site):
        assert (site / "index.html").read_text(encoding="utf-8") == "old"
    assert leftovers(tmp_path) == []
    # and a swap that completes replaces it.
    output.swap_into_place(new, site)
    assert (site / "index.html").read_text(encoding="utf-8") == "new"


# --- interrupted builds -----------------------------------------------------------------------------

def start_build(project: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "generator", "build", *args], cwd=project,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, env={**os.environ, **EPOCH})


def group_members(group: int) -> list[int]:
    """Live (not zombie) processes of a process group: a build and its engine workers."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            members.append(int(stat.parent.name))
    return members


def wait_until(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def no_survivors(group: int) -> bool:
    try:
        wait_until(lambda: not group_members(group), timeout=5)
    except AssertionError:
        return False
    return True


@pytest.fixture
def built_en(project: Path) -> tuple[Path, dict[str, str]]:
    result = run_portal("build", "--locale", "en", cwd=project, env=EPOCH)
    assert result.returncode == 0, result.stderr
    return project, file_digests(project / "site")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_stopped_build_exits_cleanly(built_en, signum: int, code: int) -> None:
    project, before = built_en
    build = start_build(project, "--locale", "en")
    # once the engine workers run (forked when staging begins), stop the build
    wait_until(lambda: leftovers(project) and len(group_members(build.pid)) > 1)
    build.send_signal(signum)
    _, stderr = build.communicate(timeout=60)
    assert build.returncode == code, stderr
    assert "Traceback" not in stderr
    assert no_survivors(build.pid), "engine workers outlived the build"
    assert leftovers(project) == []
    assert file_digests(project / "site") == before


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_kill_9_at_random_points_never_leaves_a_partial_site(built_en) -> None:
    # Given two versions of the content, A (built) and B, and the site of each,
    project, site_a = built_en
    program = project / "content/program.yml"
    version_a = program.read_text(encoding="utf-8")
    title = "title: Renewals Partner Portal"
    assert title in version_a
    version_b = version_a.replace(title, title + " B")
    program.write_text(version_b, encoding="utf-8")
    started = time.monotonic()
    assert start_build(project, "--locale", "en").wait(timeout=300) == 0
    duration = time.monotonic() - started
    site_b = file_digests(project / "site")
    assert site_b != site_a
    # when builds of A and B in turn are killed at random points (seeded: PORTAL_CRASH_SEED),
    rng = random.Random(int(os.environ.get("PORTAL_CRASH_SEED", "11")))
    for run in range(20):
        program.write_text(version_a if run % 2 == 0 else version_b, encoding="utf-8")
        build = start_build(project, "--locale", "en")
        time.sleep(rng.uniform(0.05, duration * 1.1))
        os.kill(build.pid, signal.SIGKILL)
        build.communicate(timeout=60)
        # then no process of the build survives, and site/ is all of A or all of B;
        assert no_survivors(build.pid), f"run {run}: processes outlived kill -9 of the build"
        assert file_digests(project / "site") in (site_a, site_b), f"run {run}: a partial site"
    # and the next build leaves nothing of the killed ones behind.
    result = run_portal("build", "--locale", "en", cwd=project, env=EPOCH)
    assert result.returncode == 0, result.stderr
    assert file_digests(project / "site") == site_b and leftovers(project) == []
