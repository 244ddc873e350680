"""How the command line behaves in a terminal, a pipe and under NO_COLOR, and that plain `pytest` runs."""

from __future__ import annotations

import io
import os
import pty
import re
import select
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from generator import progress
from tests.conftest import REPO, replace_in

ESC = "\x1b["


def run_on_terminal(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[int, str]:
    """Run a command with stdout and stderr on a pseudo-terminal, as in a user's terminal window."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(args, cwd=cwd, stdin=subprocess.DEVNULL, stdout=follower,
                               stderr=follower, env={**os.environ, "TERM": "xterm", **env})
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], 120)
        if not ready:
            process.kill()
            raise AssertionError(f"{args} printed nothing for 120 s")
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal is closed: the command has ended
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    return process.wait(timeout=60), b"".join(chunks).decode("utf-8", "replace")


@pytest.fixture
def broken_project(project: Path) -> Path:
    replace_in(project / "content" / "schedule.yml", "day: -60", "day: sixty")
    return project


PORTAL = [sys.executable, "-m", "generator"]
PROBLEM = "touchpoints, item 1, day: expected a whole number, found 'sixty'"


def test_errors_are_red_on_a_terminal(broken_project: Path):
    code, output = run_on_terminal([*PORTAL, "check"], broken_project, {"NO_COLOR": ""})
    assert code == 2 and PROBLEM in output
    assert f"{ESC}31m" in output  # the baseline: without NO_COLOR a terminal gets colour


def test_no_color_means_no_escape_codes_even_on_a_terminal(broken_project: Path):
    code, output = run_on_terminal([*PORTAL, "check"], broken_project, {"NO_COLOR": "1"})
    assert code == 2 and PROBLEM in output
    assert ESC not in output


def test_a_pipe_gets_no_escape_codes(broken_project: Path):
    result = subprocess.run([*PORTAL, "check"], cwd=broken_project, capture_output=True, text=True,
                            env={k: v for k, v in os.environ.items() if k != "NO_COLOR"})
    assert result.returncode == 2 and PROBLEM in result.stderr
    assert ESC not in result.stdout + result.stderr


def test_the_live_display_counts_languages_engine_runs_and_kit_files(monkeypatch):
    # given a live display drawn on a (recorded) terminal
    shown = Console(file=io.StringIO(), force_terminal=True, width=100, record=True)
    live = progress.LiveProgress()
    live._bars.live.console = shown  # noqa: SLF001 - where rich draws
    # when two languages go through every milestone, the second one's site still being built
    live.start(["en", "de"])
    for code in ("en", "de"):
        live.rendered(code)
        live.kit_written(code, 72)
    live.site_built("en")
    shown.print(live._bars)  # noqa: SLF001 - the bars as they stand
    live.stop()
    # then
    text = shown.export_text()
    assert "Languages rendered" in text and "2/2" in text
    assert "Site engine runs" in text and "1/2" in text
    assert "Kit files written" in text and "144 files" in text


def test_quiet_shows_no_progress_and_a_pipe_gets_log_lines(monkeypatch):
    assert type(progress.progress_for(quiet=True)) is progress.Progress
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert isinstance(progress.progress_for(quiet=False), progress.LogProgress)


def test_plain_pytest_collects_as_python_m_pytest_does():
    # `pytest` (the script) does not put the project folder on sys.path; `python -m pytest` does
    pytest_script = Path(sys.executable).with_name("pytest")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run([str(pytest_script), "--collect-only", "-q", "tests/test_schema.py",
                             "tests/test_terminal.py"], cwd=REPO, capture_output=True, text=True,
                            env=env, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.fullmatch(r"\d+ tests collected in .*", result.stdout.strip().splitlines()[-1])
    assert "test_plain_pytest_collects" in result.stdout
