"""The bad-input corpus: every case in tests/corpus/ breaks a copy of the shipped project in one way.

Each case folder holds `case.yml` (why, and the edits to apply) and `expected.txt` (the exact problem
lines `portal build` must print, one per line). For every case the real CLI must exit 2, print exactly
those problems and no traceback, and leave the previously built site byte-identical with no staging
folder behind. See tests/corpus/README.md for the case format.

When a message is changed on purpose, rewrite the expected files and review the diff:
    PORTAL_REGEN_CORPUS=1 /tmp/venv/bin/python -m pytest tests/test_content_errors.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from tests.conftest import copy_project, run_portal
from tests.support import file_digests, leftovers

CORPUS = Path(__file__).parent / "corpus"
CASE_NAMES = sorted(p.name for p in CORPUS.iterdir() if (p / "case.yml").is_file())
REGENERATE = os.environ.get("PORTAL_REGEN_CORPUS") == "1"


@dataclass(frozen=True)
class Case:
    folder: Path
    edits: list[dict]
    expected: list[str]
    must_not_exist: list[str]

    @classmethod
    def load(cls, name: str) -> Case:
        folder = CORPUS / name
        spec = yaml.safe_load((folder / "case.yml").read_text(encoding="utf-8"))
        expected_file = folder / "expected.txt"
        expected = expected_file.read_text(encoding="utf-8").splitlines() \
            if expected_file.exists() else []
        return cls(folder, spec["edits"], expected, spec.get("must_not_exist", []))

    def apply(self, project: Path) -> None:
        for edit in self.edits:
            _apply_edit(project, edit)


def _apply_edit(project: Path, edit: dict) -> None:
    """One edit: replace text (exactly once), write a whole file, rename or delete a file."""
    path = project / edit["file"]
    encoding = edit.get("encoding", "utf-8")
    if "replace" in edit:
        text = path.read_text(encoding="utf-8")
        assert text.count(edit["replace"]) == 1, f"{edit['replace']!r} is not once in {path}"
        path.write_bytes(text.replace(edit["replace"], edit["with"]).encode(encoding))
    elif "write" in edit:
        path.write_bytes(edit["write"].encode(encoding))
    elif "rename_to" in edit:
        path.rename(project / edit["rename_to"])
    elif edit.get("delete"):
        path.unlink()
    else:
        raise AssertionError(f"unknown edit {edit}")


def reported_problems(stderr: str) -> list[str]:
    """The problem lines of a failed run: from `Error: ` up to the summary line."""
    lines = stderr.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Error: "))
    lines[start] = lines[start].removeprefix("Error: ")
    *problems, summary = lines[start:]
    count = len(problems)
    assert summary == f"{count} problem{'s' if count != 1 else ''} found; nothing was written."
    return problems


@dataclass(frozen=True)
class Run:
    project: Path
    site_before: dict[str, str]
    result: subprocess.CompletedProcess


# A good site costs about a second to build and a case about a second to run (the CLI's start-up).
# So the good site is built once per module and copied into each case (a copy takes ~30 ms), which
# lets every case, not a sample, prove that the previous site survives byte for byte; and the cases,
# independent subprocesses, run side by side, one per CPU.
@pytest.fixture(scope="module")
def previous_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the shipped project with its site built: the "last good site" every case must keep."""
    root = copy_project(tmp_path_factory.mktemp("previous") / "project")
    result = run_portal("build", cwd=root)
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture(scope="module")
def runs(request: pytest.FixtureRequest, previous_build: Path,
         tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    """For each selected case: a copy of the built project, the bad edit applied, `portal build` run."""
    selected = sorted({item.callspec.params["name"] for item in request.session.items
                       if getattr(item, "originalname", "") == _CASE_TEST})

    def run(name: str) -> Run:
        project = tmp_path_factory.mktemp(name) / "project"
        shutil.copytree(previous_build, project)
        site_before = file_digests(project / "site")
        Case.load(name).apply(project)
        return Run(project, site_before, run_portal("build", cwd=project))

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        return dict(zip(selected, pool.map(run, selected)))


def test_the_corpus_has_enough_cases_each_with_its_expected_lines():
    assert len(CASE_NAMES) >= 30
    missing = [name for name in CASE_NAMES if not (CORPUS / name / "expected.txt").is_file()]
    assert REGENERATE or not missing, f"cases without expected.txt: {missing}"


@pytest.mark.parametrize("name", CASE_NAMES)
def test_bad_input_is_reported_and_the_previous_site_is_kept(name: str, runs: dict[str, Run]):
    # given: a built project, then one bad edit to its content (see the case's case.yml)
    case = Case.load(name)
    # when: `portal build` ran on it (in the `runs` fixture, side by side with the other cases)
    run = runs[name]
    # then: exit 2, exactly the expected problems, no traceback, the old site untouched
    output = run.result.stdout + run.result.stderr
    assert "Traceback" not in output
    assert run.result.returncode == 2, output
    problems = reported_problems(run.result.stderr)
    if REGENERATE:
        (case.folder / "expected.txt").write_text("\n".join(problems) + "\n", encoding="utf-8")
    else:
        assert problems == case.expected
    assert file_digests(run.project / "site") == run.site_before
    assert leftovers(run.project) == []
    for created in case.must_not_exist:
        assert not (run.project / created).exists(), f"{created} was created: a tag was constructed"


_CASE_TEST = test_bad_input_is_reported_and_the_previous_site_is_kept.__name__
