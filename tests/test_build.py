"""End to end: `portal build` and `portal check` as users run them, and the English portal they make.

The shipped project is built once per session (the `built_site` fixture); tests that need options or
broken input build their own copy into tmp_path.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest

from tests.conftest import replace_in, run_portal
from tests.support import file_digests, leftovers

PHONE_TEXT = "(866) 675-6552"
PHONE_LINK = "tel:+1-866-675-6552"
CONTENT_PAGES = [
    "index.html", "notification-process/index.html", "grace-period/index.html",
    "grace-period/faq/index.html", "grace-period/notice/index.html", "maintenance/index.html",
    "customer-content/index.html", "customer-content/call-15/index.html", "contact/index.html",
]
SUMMARY = re.compile(r"^Built 7 locales \(en, de, fr, es, ja, pt_BR, ar\): \d+ pages, .* in \d+\.\d s$")


def page(site: Path, path: str) -> lxml.html.HtmlElement:
    return lxml.html.parse(str(site / "en" / path)).getroot()


def article_text(site: Path, path: str) -> str:
    """The text of a page's main article (not its navigation), with whitespace collapsed."""
    article = page(site, path).cssselect("article")[0]
    return " ".join(article.text_content().split())


def portal_pages(site: Path) -> list[str]:
    """Every HTML page of the English portal (the kit's downloads are not portal pages)."""
    english = site / "en"
    return sorted(p.relative_to(english).as_posix() for p in english.rglob("*.html")
                  if p.relative_to(english).parts[0] != "downloads")


# --- the command line ----------------------------------------------------------------------------

def test_build_writes_the_site_where_the_options_say(project: Path, tmp_path: Path):
    # given a project and an output folder elsewhere, run from a third folder
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    output = tmp_path / "published"
    # when
    result = run_portal("build", "--root", str(project), "--site-dir", str(output), cwd=elsewhere)
    # then
    assert result.returncode == 0, result.stderr
    assert SUMMARY.match(result.stdout.strip()), result.stdout
    assert len(result.stdout.strip().splitlines()) == 1
    # progress, not being on a terminal, is plain log lines on stderr: one per language and stage
    assert "Rendered de and wrote its kit: " in result.stderr
    assert "Site engine finished " in result.stderr and " (7 of 7)" in result.stderr
    assert "\x1b" not in result.stdout + result.stderr
    assert (output / "index.html").is_file() and (output / "en" / "index.html").is_file()
    assert not (project / "site").exists() and list(elsewhere.iterdir()) == []
    assert leftovers(tmp_path, "published") == []


def test_build_defaults_to_the_site_folder_of_the_root_and_q_silences_progress(project: Path,
                                                                              tmp_path: Path):
    result = run_portal("-q", "build", "--root", str(project), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "" and SUMMARY.match(result.stdout.strip())
    assert (project / "site" / "en" / "notification-process" / "index.html").is_file()
    assert leftovers(project) == []


def test_check_validates_everything_and_writes_nothing(project: Path):
    # given the shipped project, not built
    before = file_digests(project)
    # when
    result = run_portal("check", cwd=project)
    # then
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Checked 7 locale(s)")
    assert file_digests(project) == before
    assert sorted(p.name for p in project.iterdir()) == ["content", "locales", "mkdocs.yml",
                                                         "templates"]


def test_check_reports_broken_content_like_build_and_writes_nothing(project: Path):
    replace_in(project / "content" / "schedule.yml", "day: -60", "day: sixty")
    before = file_digests(project)
    result = run_portal("check", cwd=project)
    assert result.returncode == 2
    assert "content/schedule.yml:26:10: touchpoints, item 1, day: expected a whole number, found " \
           "'sixty'" in result.stderr
    assert file_digests(project) == before


def test_broken_yaml_prints_file_line_column_and_exits_2_without_traceback(project: Path):
    # given a tab where YAML wants spaces
    replace_in(project / "content" / "contacts.yml", "    label: Renewals team",
               "\tlabel: Renewals team")
    # when
    result = run_portal("build", cwd=project)
    # then
    assert result.returncode == 2
    assert result.stderr.splitlines()[0] == (
        "Error: content/contacts.yml:9:1: YAML syntax error: a tab character; expected spaces "
        "(YAML does not allow tabs for indentation)")
    assert "Traceback" not in result.stdout + result.stderr
    assert not (project / "site").exists() and leftovers(project) == []


@pytest.mark.parametrize("args, message", [
    (["build", "--no-such-option"], "No such option '--no-such-option'"),
    (["biuld"], "No such command 'biuld'"),
])
def test_a_usage_error_exits_2(project: Path, args: list[str], message: str):
    result = run_portal(*args, cwd=project)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_a_folder_that_is_not_a_project_exits_2_naming_what_is_missing(tmp_path: Path):
    result = run_portal("build", cwd=tmp_path)
    assert result.returncode == 2
    assert f"content/: folder is missing under {Path('.')}; run portal from the project folder " \
           "or pass --root" in result.stderr
    assert not (tmp_path / "site").exists()


def test_a_bug_exits_1_with_a_short_message_and_debug_shows_the_traceback(project: Path):
    # given a real bug: program code (not a template or content) that divides by zero; a template
    # that does so is the template author's mistake, reported with its file and line (exit 2)
    bug = ("import sys, generator.markup as m, generator.cli as cli\n"
           "m.escape_markdown = lambda text: 1 // 0\n"
           "sys.argv[0] = 'portal'\n"
           "cli.main()\n")

    def run(*args: str):
        return subprocess.run([sys.executable, "-c", bug, *args], cwd=project, capture_output=True,
                              text=True, timeout=600)
    # when
    result, debug = run("build"), run("--debug", "build")
    # then the user sees one line that says it is a bug, and --debug shows where
    assert result.returncode == 1, result.stderr
    assert "Internal error: ZeroDivisionError" in result.stderr
    assert "rerun with --debug" in result.stderr and "Traceback" not in result.stderr
    assert debug.returncode == 1 and "Traceback" in debug.stderr
    assert not (project / "site").exists() and leftovers(project) == []


# --- the English portal: every fact of issue 2, from content -----------------------------------

def test_every_portal_page_exists(built_site: Path):
    assert set(CONTENT_PAGES) <= set(portal_pages(built_site))
    assert (built_site / "index.html").is_file()  # the language chooser at the root


def test_every_page_shows_the_phone_in_its_footer_as_a_tel_link(built_site: Path):
    pages = portal_pages(built_site)
    assert "404.html" in pages and len(pages) >= len(CONTENT_PAGES) + 1
    for path in pages:
        links = page(built_site, path).cssselect(f'footer a[href="{PHONE_LINK}"]')
        assert [link.text_content() for link in links] == [PHONE_TEXT], path


def test_the_home_page_explains_the_program_and_links_every_section(built_site: Path):
    home = page(built_site, "index.html")
    text = article_text(built_site, "index.html")
    assert "drive customer license renewal efficiency" in text
    links = {a.get("href") for a in home.cssselect("article a")}
    assert {"notification-process/", "grace-period/", "maintenance/", "customer-content/",
            "contact/", PHONE_LINK} <= links


def test_the_schedule_page_shows_every_touchpoint_as_a_table_and_a_timeline(built_site: Path):
    text = article_text(built_site, "notification-process/index.html")
    rows = page(built_site, "notification-process/index.html").cssselect("article table tbody tr")
    assert [" ".join(row.cssselect("th, td")[0].text_content().split()) for row in rows] == [
        "Quarterly", "60 days before expiration", "30 days before expiration",
        "5 days after expiration", "15 days after expiration", "30 days after expiration"]
    assert "reseller of record" in text and "renew online" in text and "call center" in text
    timeline = page(built_site, "notification-process/index.html").cssselect(
        "article figure.renewal-timeline")
    assert len(timeline) == 1
    assert [t.text for t in timeline[0].cssselect(".point__day")] == [
        "\u221260", "\u221230", "0", "+5", "+15", "+30"]  # true minus signs


def test_a_screen_reader_hears_each_timeline_point_with_its_channel_in_the_language(built_site):
    """The channel after a point's title is the translated parenthesis pattern (Japanese full-width
    brackets), and the title is heard once."""
    heard = {}
    for code in ("en", "ja"):
        tree = lxml.html.parse(str(built_site / code / "notification-process/index.html"))
        first = tree.getroot().cssselect(".renewal-timeline__points li")[0]
        hidden = first.cssselect(".point__title")[0].get("aria-hidden")
        heard[code] = (hidden, first.cssselect(".portal-sr-only")[0].text_content())
    assert heard["en"] == ("true", "60-day renewal notice (Email)")
    assert heard["ja"][0] == "true" and heard["ja"][1].endswith("（メール）")


def test_the_grace_period_pages_give_the_dates_reasons_faq_and_notice(built_site: Path):
    overview = article_text(built_site, "grace-period/index.html")
    for fact in ["May 9, 2016", "October 3, 2016", "Japan", "security strategy",
                 "on-time renewals", "predictable", "higher renewal costs"]:
        assert fact in overview, fact
    assert "What is changing?" in article_text(built_site, "grace-period/faq/index.html")
    assert "notice of discontinuation" in article_text(built_site, "grace-period/notice/index.html")


def test_the_maintenance_page_lists_every_benefit(built_site: Path):
    text = article_text(built_site, "maintenance/index.html")
    for benefit in ["Critical security content updates", "Product updates", "Version upgrades",
                    "24/7 technical support", "Self-help and learning resources"]:
        assert benefit in text, benefit


def test_the_contact_page_gives_the_number_as_a_tel_link(built_site: Path):
    links = page(built_site, "contact/index.html").cssselect(f'article a[href="{PHONE_LINK}"]')
    assert [link.text_content() for link in links] == [PHONE_TEXT]


def test_search_finds_the_faq(built_site: Path):
    index = (built_site / "en" / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "grace-period/faq/" in index and "What is changing?" in index


# --- --keep-stage: the engine's own tools on what the build gave it ------------------------------

def test_keep_stage_leaves_a_tree_the_engine_builds_by_itself(project: Path, tmp_path: Path):
    # given a build that keeps its stage
    result = run_portal("-q", "build", "--locale", "en", "--keep-stage", "stage", cwd=project)
    assert result.returncode == 0, result.stderr
    stage = project / "stage"
    assert (stage / "configs" / "en.yml").is_file() and (stage / "docs" / "en" / "index.md").is_file()
    assert any((stage / "docs" / "en" / "downloads").glob("*.zip"))  # the kit, served as built
    # when MkDocs itself builds it, as `mkdocs serve -f stage/configs/en.yml` would
    mkdocs = Path(sys.executable).with_name("mkdocs")
    engine = subprocess.run([str(mkdocs), "build", "-q", "-f", "stage/configs/en.yml", "-d",
                             str(tmp_path / "by-mkdocs")], cwd=project, capture_output=True,
                            text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=300)
    # then it builds the same pages as the portal did
    assert engine.returncode == 0, engine.stderr
    built = sorted(p.relative_to(tmp_path / "by-mkdocs").as_posix()
                   for p in (tmp_path / "by-mkdocs").rglob("index.html"))
    assert built == sorted(p.relative_to(project / "site" / "en").as_posix()
                           for p in (project / "site" / "en").rglob("index.html"))


@pytest.mark.parametrize("target, message", [
    ("site", "overlaps the site folder"),
    ("content/stage", "inside the project's sources"),
    ("templates", "inside the project's sources"),
    (".", "overlaps the site folder"),
])
def test_keep_stage_never_writes_over_the_site_the_sources_or_other_files(project: Path,
                                                                        target: str, message: str):
    before = file_digests(project)
    result = run_portal("build", "--keep-stage", target, cwd=project)
    assert result.returncode == 2 and message in result.stderr, result.stderr
    assert file_digests(project) == before


def test_keep_stage_replaces_only_a_folder_it_wrote(tmp_path: Path):
    from generator.errors import PortalError
    from generator.output import KEPT_MARK, check_keep_stage

    root, site = tmp_path / "project", tmp_path / "project" / "site"
    mine = tmp_path / "notes"
    mine.mkdir()
    (mine / "todo.txt").write_text("mine")
    with pytest.raises(PortalError, match="holds other files"):
        check_keep_stage(mine, root, site)
    kept = tmp_path / "kept"
    kept.mkdir()
    (kept / KEPT_MARK).write_text("")
    (kept / "configs").mkdir()
    check_keep_stage(kept, root, site)  # written by an earlier --keep-stage: may be replaced
    check_keep_stage(tmp_path / "new", root, site)
