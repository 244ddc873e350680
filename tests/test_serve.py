"""`portal serve`: the live preview as marketing uses it, and the pieces it is made of.

The end-to-end tests start the real command on a free loopback port in a copy of the project, fetch
pages over HTTP, edit YAML and poll (bounded) until the served page changes.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator.build import build
from generator.errors import PortalError
from generator.output import STAMP, swap_parts_into_place
from generator.preview_server import CHANGES_PATH, PreviewServer, PreviewState
from generator.serve import is_source, parse_address, touched_locales
from tests.conftest import replace_in

PHONE = "(866) 675-6552"
START_SECONDS = 120.0   # the first build of every language, on a busy 2-core machine
EDIT_SECONDS = 20.0     # from a saved edit to the page that shows it
NOTICE = 'id="portal-serve-problem"'
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback, never a proxy


def fetch(url: str) -> tuple[int, str]:
    """(status, body) of a GET; status 0 when nothing answers yet."""
    try:
        with _OPENER.open(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RunningPreview:
    """A `portal serve` process on a free loopback port, with its own temporary folder."""

    def __init__(self, root: Path, scratch: Path, *args: str) -> None:
        self.url = f"http://127.0.0.1:{free_port()}"
        self.tmp = scratch / "serve-tmp"
        self.tmp.mkdir(parents=True)
        self.log = scratch / "serve.log"
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "generator", "serve", "--dev-addr", self.url[7:], *args],
                cwd=root, stdout=log, stderr=subprocess.STDOUT,
                env={**os.environ, "TMPDIR": str(self.tmp)})

    @property
    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_for(self, path: str, check: Callable[[int, str], bool], seconds: float) -> str:
        """Poll `path` until `check(status, body)` holds; fail after `seconds`."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"portal serve exited early:\n{self.output}"
            status, body = fetch(self.url + path)
            if check(status, body):
                return body
            time.sleep(0.1)
        pytest.fail(f"{path} did not show the expected page within {seconds} s; "
                    f"last status {status}; output:\n{self.output}")

    def wait_for_output(self, text: str, seconds: float, after: int = 0) -> str:
        """The output from character `after` on, once it holds `text`; fail after `seconds`."""
        deadline = time.monotonic() + seconds
        while text not in self.output[after:]:
            assert time.monotonic() < deadline, f"{text!r} not printed; output:\n{self.output}"
            time.sleep(0.1)
        return self.output[after:]

    def stop(self, how: int) -> int:
        self.process.send_signal(how)
        return self.process.wait(timeout=30)


@pytest.fixture
def start_preview(tmp_path: Path) -> Iterator[Callable[..., RunningPreview]]:
    started: list[RunningPreview] = []

    def start(root: Path, *args: str) -> RunningPreview:
        started.append(RunningPreview(root, tmp_path / f"run{len(started)}", *args))
        return started[-1]

    yield start
    for preview in started:
        if preview.process.poll() is None:
            preview.process.kill()
            preview.process.wait(timeout=30)


def shows(text: str) -> Callable[[int, str], bool]:
    return lambda status, body: status == 200 and text in body and NOTICE not in body


# End to end: the real command, as marketing runs it ---------------------------------------------

def test_edit_shows_up_then_a_mistake_is_reported_and_the_last_good_page_kept(project, start_preview):
    contacts = project / "content" / "contacts.yml"
    preview = start_preview(project)
    page = preview.wait_for("/en/contact/", shows(PHONE), START_SECONDS)
    assert CHANGES_PATH in page, "the page reloads itself after a rebuild"

    replace_in(contacts, "675-6552", "675-7000")
    page = preview.wait_for("/en/contact/", shows("(866) 675-7000"), EDIT_SECONDS)
    assert PHONE not in page

    replace_in(contacts, "phone: (866) 675-7000", "phone: [(866) 675-7001")
    page = preview.wait_for("/en/contact/", lambda status, body: NOTICE in body, EDIT_SECONDS)
    assert "(866) 675-7000" in page, "the last good page is still served under the notice"
    assert "content/contacts.yml:11:" in page.split(NOTICE, 1)[1], "the notice says where"
    assert "content/contacts.yml:11:" in preview.output
    assert "Traceback" not in preview.output

    replace_in(contacts, "phone: [(866) 675-7001", "phone: (866) 675-7002")
    preview.wait_for("/en/contact/", shows("(866) 675-7002"), EDIT_SECONDS)

    assert preview.stop(signal.SIGTERM) == 0
    assert "Traceback" not in preview.output
    assert "Internal error" not in preview.output, "a newer edit stops a build quietly"
    assert list(preview.tmp.iterdir()) == [], "the preview's temporary files are removed"


def test_a_project_broken_from_the_start_shows_the_problem_until_fixed(project, start_preview):
    contacts = project / "content" / "contacts.yml"
    replace_in(contacts, "phone: (866) 675-6552", "phone: [(866) 675-6552")
    preview = start_preview(project)

    page = preview.wait_for("/", lambda status, body: status == 503 and NOTICE in body,
                            START_SECONDS)
    assert "content/contacts.yml:11:" in page and "There is no preview yet" in page

    replace_in(contacts, "phone: [(866) 675-6552", "phone: (866) 675-6552")
    preview.wait_for("/en/contact/", shows(PHONE), START_SECONDS)

    assert preview.stop(signal.SIGINT) == 0, "Ctrl-C is the normal way to stop"
    assert list(preview.tmp.iterdir()) == []


def test_the_previewed_language_is_rebuilt_first_and_the_others_kept_whole(project, start_preview):
    add_language(project, "fr")
    preview = start_preview(project, "--locale", "fr")
    preview.wait_for("/fr/contact/", shows("tel:+1-866-675-6552"), START_SECONDS)
    preview.wait_for("/en/contact/", shows("tel:+1-866-675-6552"), START_SECONDS)
    already = len(preview.output)

    replace_in(project / "content" / "contacts.yml", "675-6552", "675-7000")
    preview.wait_for("/fr/contact/", shows("tel:+1-866-675-7000"), EDIT_SECONDS)
    english = preview.wait_for("/en/contact/", shows("tel:+1-866-675-7000"), EDIT_SECONDS)

    # A language's files are in place a moment before its build logs that it is done.
    rebuilt = preview.wait_for_output("Built 1 locale (en)", EDIT_SECONDS, after=already)
    assert rebuilt.index("Built 1 locale (fr)") < rebuilt.index("Built 1 locale (en)")
    assert 'hreflang="fr"' in english, "a language rebuilt alone still links to the others"
    assert preview.stop(signal.SIGTERM) == 0


def add_language(root: Path, code: str) -> None:
    """Make sure the program speaks `code`; an empty catalog (English fallback) if it has none."""
    program = root / "content" / "program.yml"
    listed = re.search(r"^locales: \[(.*)\]$", program.read_text(encoding="utf-8"), re.M)
    codes = [c.strip() for c in listed.group(1).split(",")]
    if code not in codes:
        replace_in(program, listed.group(0), f"locales: [{', '.join([*codes, code])}]")
    catalog = root / "locales" / code / "LC_MESSAGES" / "messages.po"
    if not catalog.exists():
        catalog.parent.mkdir(parents=True)
        catalog.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
                           f'"Language: {code}\\n"\n', encoding="utf-8")


def test_a_taken_port_is_a_clear_error(project):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "generator", "serve", "--root", str(project),
                                 "--dev-addr", f"127.0.0.1:{port}"],
                                capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert f"cannot serve on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr


# The build path the preview uses -----------------------------------------------------------------

def test_rebuilding_one_language_keeps_the_others(project, tmp_path):
    site = tmp_path / "site"
    (site / "fr").mkdir(parents=True)
    (site / "fr" / "index.html").write_text("kept", encoding="utf-8")
    (site / STAMP).write_text("an earlier build wrote this folder", encoding="utf-8")

    report = build(project, site, locales=["en"], keep_others=True)

    assert report.locales == ["en"]
    assert (site / "fr" / "index.html").read_text(encoding="utf-8") == "kept"
    assert PHONE in (site / "en" / "contact" / "index.html").read_text(encoding="utf-8")
    assert (site / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"], "no staging left"


def test_swap_parts_replaces_only_what_was_built(tmp_path):
    site, new = tmp_path / "site", tmp_path / "new"
    for folder, text in ((site / "en", "old en"), (site / "fr", "old fr"), (new / "en", "new en")):
        folder.mkdir(parents=True)
        (folder / "index.html").write_text(text, encoding="utf-8")
    (new / "index.html").write_text("new root", encoding="utf-8")

    swap_parts_into_place(new, site)

    assert (site / "en" / "index.html").read_text(encoding="utf-8") == "new en"
    assert (site / "fr" / "index.html").read_text(encoding="utf-8") == "old fr"
    assert (site / "index.html").read_text(encoding="utf-8") == "new root"
    assert sorted(p.name for p in site.iterdir()) == [STAMP, "en", "fr", "index.html"]


# What the watcher reacts to ----------------------------------------------------------------------

@pytest.mark.parametrize(("relative", "expected"), [
    ("content/contacts.yml", True),
    ("templates/site/home.md.j2", True),
    ("locales/fr/LC_MESSAGES/messages.po", True),
    ("mkdocs.yml", True),
    ("content/.contacts.yml.swp", False),
    ("content/contacts.yml~", False),
    ("locales/fr/LC_MESSAGES/messages.mo", False),
    ("site/en/index.html", False),
    ("README.md", False),
])
def test_which_files_trigger_a_rebuild(tmp_path, relative, expected):
    assert is_source(tmp_path, tmp_path / relative) is expected


def test_a_catalog_edit_rebuilds_only_its_language(tmp_path):
    po = "locales/{}/LC_MESSAGES/messages.po"
    assert touched_locales(tmp_path, {tmp_path / po.format("fr")}) == {"fr"}
    assert touched_locales(tmp_path, {tmp_path / po.format("fr"), tmp_path / po.format("de")}) \
        == {"fr", "de"}
    assert touched_locales(tmp_path, {tmp_path / po.format("fr"),
                                      tmp_path / "content/contacts.yml"}) is None
    assert touched_locales(tmp_path, {tmp_path / "locales/messages.pot"}) is None


def test_dev_addr_is_host_and_port():
    assert parse_address("127.0.0.1:8000") == ("127.0.0.1", 8000)
    assert parse_address("[::1]:8001") == ("::1", 8001)
    for wrong in ("8000", "localhost", "127.0.0.1:http", "127.0.0.1:99999"):
        with pytest.raises(PortalError, match="expected HOST:PORT"):
            parse_address(wrong)


# The preview's web server, without a build -------------------------------------------------------

@pytest.fixture
def unbuilt(tmp_path: Path) -> Iterator[PreviewServer]:
    """The preview's server while its first build runs (its site folder has files already)."""
    site = tmp_path / "site"
    (site / "en" / "contact").mkdir(parents=True)
    (site / "en" / "contact" / "index.html").write_text(
        "<html><body class='md'><p>Call us</p></body></html>", encoding="utf-8")
    (site / "en" / "style.css").write_text("p{}", encoding="utf-8")
    running = PreviewServer(("127.0.0.1", 0), PreviewState(site))
    thread = threading.Thread(target=running.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield running
    running.state.close()
    running.shutdown()
    running.server_close()


@pytest.fixture
def server(unbuilt: PreviewServer) -> PreviewServer:
    """The preview's server after a good build."""
    unbuilt.state.published(["en", ""])
    return unbuilt


def test_pages_get_the_reload_script_and_files_come_as_they_are(server):
    status, page = fetch(server.url + "en/contact/")
    assert status == 200
    assert page.startswith("<html><body class='md'><p>Call us</p><script>")
    assert CHANGES_PATH in page and NOTICE not in page
    assert fetch(server.url + "en/style.css") == (200, "p{}")
    assert fetch(server.url + "en/missing/")[0] == 404
    assert fetch(server.url + "../../etc/passwd")[0] == 404


def test_a_folder_without_its_slash_is_redirected(server):
    connection = socket.create_connection((server.server_name, server.server_port), timeout=10)
    with connection:
        connection.sendall(b"GET /en/contact HTTP/1.0\r\n\r\n")
        answer = connection.makefile("rb").read().decode()
    assert answer.startswith("HTTP/1.0 301")
    assert "Location: /en/contact/\r\n" in answer


def test_a_page_asked_for_before_the_first_build_waits_for_it(unbuilt):
    status, page = fetch(unbuilt.url + "en/not-built-yet/")
    assert status == 503 and "Building the preview" in page and CHANGES_PATH in page

    unbuilt.state.published(["en", ""])
    assert fetch(unbuilt.url + "en/not-built-yet/")[0] == 404


def test_a_failed_build_is_shown_on_every_page_until_the_next_good_one(server):
    server.state.failed("content/contacts.yml:8:10: contact.phone: <b>not a number</b>")
    page = fetch(server.url + "en/contact/")[1]
    notice = page.split(NOTICE, 1)[1]
    assert page.index(NOTICE) < page.index("Call us"), "the notice comes first"
    assert "content/contacts.yml:8:10: contact.phone: &lt;b&gt;not a number&lt;/b&gt;" in notice
    assert "still shows the last version that worked" in notice

    server.state.published(["en", ""])
    assert NOTICE not in fetch(server.url + "en/contact/")[1]


def test_a_page_waiting_for_changes_hears_of_its_own_language_at_once(server):
    seen = server.state.snapshot("en")[0]
    answers: list[tuple[int, str]] = []
    poll = threading.Thread(target=lambda: answers.append(
        fetch(f"{server.url}{CHANGES_PATH[1:]}?folder=en&seen={seen}")))
    poll.start()
    time.sleep(0.3)
    server.state.published(["fr", ""])
    time.sleep(0.3)
    assert answers == [], "another language's rebuild does not reload this page"

    started = time.monotonic()
    server.state.published(["en", ""])
    poll.join(timeout=10)
    assert answers and answers[0][0] == 200 and answers[0][1] != seen
    assert time.monotonic() - started < 2
