"""A failed build at any stage leaves the previous site byte-identical, and builds are reproducible."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from generator import output
from generator.build import build
from generator.errors import BuildError
from tests.conftest import replace_in, run_portal


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(project: Path) -> list[str]:
    return [p.name for p in project.iterdir() if p.name.startswith(".site.")]


@pytest.fixture
def built(project: Path) -> tuple[Path, dict[str, str]]:
    result = run_portal("build", cwd=project)
    assert result.returncode == 0, result.stderr
    return project, tree_digest(project / "site")


def test_a_template_mistake_names_the_template_and_keeps_the_site(built) -> None:
    project, before = built
    replace_in(project / "templates/site/maintenance.md.j2", "{{ c.maintenance.intro | md }}",
               "{{ c.maintenance.introduction | md }}")
    result = run_portal("build", cwd=project)
    assert result.returncode == 2
    assert ("templates/site/maintenance.md.j2:3: template error: "
            "'generator.models.Maintenance object' has no attribute 'introduction'") in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(project / "site") == before and not leftovers(project)


def test_a_template_syntax_error_names_the_template_and_line(built) -> None:
    project, before = built
    replace_in(project / "templates/email/email.txt.j2", "{% for paragraph in body %}",
               "{% for paragraph in %}")
    result = run_portal("build", cwd=project)
    assert result.returncode == 2
    assert "templates/email/email.txt.j2:8: template syntax error:" in result.stderr
    assert tree_digest(project / "site") == before and not leftovers(project)


def test_a_site_engine_failure_keeps_the_site(built) -> None:
    project, before = built
    replace_in(project / "mkdocs.yml", "  name: material\n", "  name: no-such-theme\n")
    result = run_portal("build", cwd=project)
    assert result.returncode == 2
    assert "the site engine reported problems; the previous site is kept" in result.stderr
    assert "no-such-theme" in result.stderr and "Traceback" not in result.stderr
    assert tree_digest(project / "site") == before and not leftovers(project)


def test_a_full_disk_keeps_the_site(built, monkeypatch: pytest.MonkeyPatch) -> None:
    project, before = built
    real_write = output.write_tree
    calls = {"n": 0}

    def write_then_fail(root: Path, files: dict) -> None:
        calls["n"] += 1
        if calls["n"] == 2:  # the first kit: the engine is running meanwhile
            raise OSError(28, "No space left on device")
        real_write(root, files)

    monkeypatch.setattr("generator.build.write_tree", write_then_fail)
    with pytest.raises(BuildError, match="No space left on device; the previous site is kept"):
        build(project, project / "site")
    assert tree_digest(project / "site") == before and not leftovers(project)


def test_a_content_error_keeps_the_site(built) -> None:
    project, before = built
    replace_in(project / "content/contacts.yml", "phone: (866) 675-6552", "phone: call us")
    result = run_portal("build", cwd=project)
    assert result.returncode == 2 and "contacts, item 1, phone" in result.stderr
    assert tree_digest(project / "site") == before and not leftovers(project)


def test_builds_are_byte_identical_whatever_the_machine_settings(project: Path) -> None:
    # Given the same inputs, built under different hash seeds, time zones and locales,
    first = run_portal("build", "--site-dir", "one", cwd=project, env={
        "PYTHONHASHSEED": "1", "TZ": "UTC", "LC_ALL": "C.UTF-8", "SOURCE_DATE_EPOCH": "1462752000"})
    second = run_portal("build", "--site-dir", "two", cwd=project, env={
        "PYTHONHASHSEED": "2", "TZ": "Asia/Tokyo", "LC_ALL": "C", "SOURCE_DATE_EPOCH": "1462752000"})
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    # then every file of the two sites is the same, byte for byte,
    one, two = tree_digest(project / "one"), tree_digest(project / "two")
    assert one.keys() == two.keys() and len(one) > 100
    assert [name for name in one if one[name] != two[name]] == []
    # and SOURCE_DATE_EPOCH dates the sitemap and the zip entries.
    assert "<lastmod>2016-05-09</lastmod>" in (project / "one/en/sitemap.xml").read_text()
