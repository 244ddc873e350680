"""The Nu HTML Checker (vnu.jar, the W3C validator) over every page of every language, every kit email
and every banner: errors in the project's own markup fail; the theme's are listed, with a reason each,
in tests/vnu-allowlist.yml.

All files go to one java invocation (the checker takes seconds to start). Banner snippets are
fragments meant to be pasted into a partner's page, so each is checked inside a minimal document.
vnu.jar comes from the npm registry (`python3 dev.py test` installs it under tests/browser/).
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO

VNU = REPO / "tests" / "browser" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ALLOWLIST = REPO / "tests" / "vnu-allowlist.yml"
SNIPPET_PAGE = ('<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>Banner</title>'
                "</head><body>\n{snippet}\n</body></html>\n")


def _unavailable(reason: str) -> None:
    if os.environ.get("PORTAL_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (PORTAL_REQUIRE_BROWSER=1, so this is a failure)", pytrace=False)
    pytest.skip(reason)


def _files(site: Path, snippets: Path) -> dict[Path, str]:
    """{file to check: its name in the site}: pages, emails, banner previews, wrapped snippets."""
    files = {}
    for path in sorted(site.rglob("*.html")):
        shown = path.relative_to(site).as_posix()
        if "/downloads/banners/" in shown and not path.name.endswith(".preview.html"):
            wrapped = snippets / shown
            wrapped.parent.mkdir(parents=True, exist_ok=True)
            wrapped.write_text(SNIPPET_PAGE.format(lang=shown.split("/")[0].replace("_", "-"),
                                                   snippet=path.read_text(encoding="utf-8")),
                               encoding="utf-8")
            files[wrapped] = shown
        else:
            files[path] = shown
    return files


def _allowed(shown: str, message: str, allowlist: list[dict]) -> bool:
    return any(fnmatch.fnmatch(shown, entry["files"]) and re.match(entry["message"], message)
               for entry in allowlist)


@pytest.fixture(scope="module")
def vnu_report(built_site: Path, tmp_path_factory) -> tuple[list[tuple[str, dict]], int]:
    if not shutil.which("java"):
        _unavailable("java is missing (apt-get install default-jre-headless)")
    if not VNU.is_file():
        _unavailable(f"vnu.jar is missing ({VNU}); run `npm install --prefix tests/browser vnu-jar`")
    files = _files(built_site, tmp_path_factory.mktemp("snippets"))
    result = subprocess.run(["java", "-Xss1024k", "-jar", str(VNU), "--errors-only", "--format", "json",
                             *map(str, files)], capture_output=True, text=True, timeout=900)
    names = {path.resolve().as_uri(): shown for path, shown in files.items()}
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [(names.get(m.get("url", ""), m.get("url", "?")), m) for m in messages], len(files)


def test_every_page_email_and_banner_is_valid_html(vnu_report):
    found, checked = vnu_report
    allowlist = yaml.safe_load(ALLOWLIST.read_text(encoding="utf-8"))
    own = [f"{shown}:{m.get('lastLine', '?')}: {m['message']} | {m.get('extract', '').strip()[:120]}"
           for shown, m in found if not _allowed(shown, m["message"], allowlist)]
    assert checked > 50, f"only {checked} files checked"
    assert not own, f"{len(own)} error(s) in our own markup:\n  " + "\n  ".join(own)


def test_every_allowlist_entry_has_a_reason_and_is_still_needed(vnu_report):
    found, _ = vnu_report
    allowlist = yaml.safe_load(ALLOWLIST.read_text(encoding="utf-8"))
    for entry in allowlist:
        assert set(entry) == {"message", "files", "reason"} and len(entry["reason"]) > 40, entry
        used = any(fnmatch.fnmatch(shown, entry["files"]) and re.match(entry["message"], m["message"])
                   for shown, m in found)
        assert used, f"allow-list entry no longer needed (remove it): {entry['message']}"
