"""The live preview's web server: serves the built site, reloads browsers, shows build problems.

Not mkdocs' LiveReloadServer: it runs one build step and holds every request until that step
succeeds, so after a content error the browser would hang instead of showing the last good site
with the problem on top, and it cannot reload the previewed language before the others are built.
Here the builder publishes per-language versions to a `PreviewState`; each page long-polls for its
own language and reloads when that language, or the problem notice, changes.
"""

from __future__ import annotations

import html
import io
import json
import logging
import socket
import socketserver
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

log = logging.getLogger(__name__)

CHANGES_PATH = "/.portal-serve/changes"
POLL_SECONDS = 25.0        # a long poll is answered at the latest after this, then renewed
SWAP_WAIT_SECONDS = 10.0   # how long a request for a missing file waits for a running build


class PreviewState:
    """What the builder tells the server: which site folders changed, and the problem to show."""

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self._changed = threading.Condition()
        self._versions: dict[str, int] = {}   # site folder ("" for the root files) -> builds
        self._notice = 0                      # bumped whenever the problem appears or goes
        self._problem: str | None = None
        self._building = False
        self._finished = 0
        self._closed = False

    @contextmanager
    def building(self) -> Iterator[None]:
        """Mark a build in progress, so a request that misses a file mid-swap waits for it."""
        with self._changed:
            self._building = True
        try:
            yield
        finally:
            with self._changed:
                self._building = False
                self._finished += 1
                self._changed.notify_all()

    def published(self, folders: Iterable[str]) -> None:
        """These folders of the site were replaced by a good build; the problem, if any, is gone."""
        with self._changed:
            for folder in folders:
                self._versions[folder] = self._versions.get(folder, 0) + 1
            if self._problem is not None:
                self._problem = None
                self._notice += 1
            self._changed.notify_all()

    def failed(self, problem: str) -> None:
        """The last build failed: keep the site, and show `problem` on every page."""
        with self._changed:
            if problem != self._problem:
                self._problem = problem
                self._notice += 1
            self._changed.notify_all()

    def close(self) -> None:
        """Answer every waiting browser now; the server is going away."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()

    @property
    def empty(self) -> bool:
        """Nothing built yet: the first build is running or failed."""
        with self._changed:
            return not self._versions

    def snapshot(self, folder: str) -> tuple[str, str | None]:
        """The version token a page of `folder` was served with, and the problem shown on it."""
        with self._changed:
            return self._token(folder), self._problem

    def wait_for_change(self, folder: str, seen: str, timeout: float) -> str:
        with self._changed:
            self._changed.wait_for(lambda: self._closed or self._token(folder) != seen, timeout)
            return self._token(folder)

    def wait_for_build(self, timeout: float) -> bool:
        """Wait for the running build (if any) to end; False when nothing was building."""
        with self._changed:
            if not self._building:
                return False
            started = self._finished
            self._changed.wait_for(lambda: self._finished != started or self._closed, timeout)
            return True

    def _token(self, folder: str) -> str:
        return f"{self._versions.get(folder, 0)}.{self._notice}"


class PreviewServer(ThreadingHTTPServer):
    """Serves `state.site_dir` on (host, port); one thread per request, none outlives the server."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], state: PreviewState) -> None:
        self.state = state
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, partial(_PreviewHandler, directory=str(state.site_dir)))

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks up the host's full name, which can stall offline.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), self.server_address[1]

    @property
    def url(self) -> str:
        host = self.server_name
        return f"http://[{host}]:{self.server_port}/" if ":" in host else \
            f"http://{host}:{self.server_port}/"

    def handle_error(self, request, client_address) -> None:
        # Browsers drop long polls and reloads mid-answer all the time; that is not news.
        log.debug("Request from %s failed", client_address, exc_info=True)


class _PreviewHandler(SimpleHTTPRequestHandler):
    server: PreviewServer

    def do_GET(self) -> None:
        if urlsplit(self.path).path == CHANGES_PATH:
            self._answer_poll()
        else:
            super().do_GET()

    def send_head(self) -> io.BytesIO | None:
        url_path = urlsplit(self.path).path
        target = self._locate(url_path)
        # A language folder is missing for an instant while a build swaps it: wait, look again.
        if target is None and self.server.state.wait_for_build(SWAP_WAIT_SECONDS):
            target = self._locate(url_path)
        if target is None:
            return self._send_missing(url_path)
        if target.is_dir():
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", url_path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        try:
            data = target.read_bytes()
        except OSError:
            return self._send_missing(url_path)
        if target.suffix == ".html":
            return self._send(self._with_preview(data, url_path), "text/html; charset=utf-8")
        return self._send(data, self.guess_type(str(target)))

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        log.debug("%s %s", self.address_string(), format % args)

    def _locate(self, url_path: str) -> Path | None:
        """The file a URL names (a folder when it needs a trailing slash), or None."""
        target = Path(self.translate_path(url_path))
        if url_path.endswith("/"):
            target = target / "index.html"
        elif target.is_dir():
            return target
        return target if target.is_file() else None

    def _with_preview(self, page: bytes, url_path: str) -> bytes:
        """The page with the reload script, and the problem notice when the last build failed."""
        folder = _folder_of(url_path)
        token, problem = self.server.state.snapshot(folder)
        if problem is not None:
            page = _after_body_tag(page, _notice_html(problem).encode())
        return _before_body_end(page, _reload_script(folder, token).encode())

    def _send_missing(self, url_path: str) -> io.BytesIO | None:
        """404; but a page asked for before the first good build says why, and waits for it."""
        folder = _folder_of(url_path)
        token, problem = self.server.state.snapshot(folder)
        if not _is_page(url_path) or not (problem or self.server.state.empty):
            self.send_error(HTTPStatus.NOT_FOUND)
            return None
        notice = _notice_html(problem, site_kept=False) if problem else _BUILDING
        page = _stand_in_page(notice, _reload_script(folder, token))
        return self._send(page.encode(), "text/html; charset=utf-8", HTTPStatus.SERVICE_UNAVAILABLE)

    def _send(self, data: bytes, content_type: str,
              status: HTTPStatus = HTTPStatus.OK) -> io.BytesIO:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        return io.BytesIO(data)

    def _answer_poll(self) -> None:
        query = parse_qs(urlsplit(self.path).query)
        folder, seen = query.get("folder", [""])[0], query.get("seen", [""])[0]
        token = self.server.state.wait_for_change(folder, seen, POLL_SECONDS)
        self.copyfile(self._send(token.encode(), "text/plain; charset=utf-8"), self.wfile)


def _folder_of(url_path: str) -> str:
    """The top-level site folder (a language) a URL belongs to; "" for the root files."""
    head, slash, _ = url_path.lstrip("/").partition("/")
    return head if slash else ""


def _is_page(url_path: str) -> bool:
    last = url_path.rsplit("/", 1)[-1]
    return not last or last.endswith(".html") or "." not in last


def _after_body_tag(page: bytes, insert: bytes) -> bytes:
    start = page.find(b"<body")
    end = page.find(b">", start) + 1 if start != -1 else 0
    return page[:end] + insert + page[end:]


def _before_body_end(page: bytes, insert: bytes) -> bytes:
    end = page.rfind(b"</body>")
    return page + insert if end == -1 else page[:end] + insert + page[end:]


_RELOAD_SCRIPT = """<script>
(function () {
  var url = "%(path)s?folder=" + encodeURIComponent(%(folder)s) + "&seen=" + encodeURIComponent(%(token)s);
  var request = null;
  function poll() {
    if (request || document.visibilityState !== "visible") return;
    request = new XMLHttpRequest();
    request.onloadend = function () {
      var answer = this.status === 200 ? this.responseText : null;
      request = null;
      if (answer !== null && answer !== %(token)s) { location.reload(); return; }
      setTimeout(poll, answer === null ? 1000 : 0);
    };
    request.open("GET", url);
    request.send();
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState !== "visible" && request) { request.abort(); }
    else { poll(); }
  });
  poll();
})();
</script>"""


def _reload_script(folder: str, token: str) -> str:
    # Hidden tabs stop polling, so many open tabs never use up the browser's connections.
    return _RELOAD_SCRIPT % {"path": CHANGES_PATH, "folder": json.dumps(folder),
                             "token": json.dumps(token)}


_NOTICE = """<div id="portal-serve-problem" role="alert" style="position:fixed;z-index:2147483647;\
top:0;left:0;right:0;max-height:70vh;overflow:auto;box-sizing:border-box;padding:1rem 1.5rem;\
background:#b71c1c;color:#fff;font:16px/1.5 system-ui,sans-serif;box-shadow:0 4px 12px rgba(0,0,0,.4)">
<p style="margin:0 0 .5rem;font-size:1.25rem;font-weight:700">Your last change could not be \
published</p>
<p style="margin:0 0 .75rem">%s Fix the problem below and save the file: this page updates by \
itself.</p>
<pre style="margin:0;padding:.75rem;white-space:pre-wrap;background:rgba(0,0,0,.3);color:#fff;\
font:14px/1.4 ui-monospace,monospace">%s</pre>
</div>"""


def _notice_html(problem: str, site_kept: bool = True) -> str:
    kept = ("This preview still shows the last version that worked." if site_kept
            else "There is no preview yet.")
    return _NOTICE % (kept, html.escape(problem))


_BUILDING = ('<p style="font:1.25rem/1.5 system-ui,sans-serif;margin:3rem">Building the preview; '
             "this page appears by itself when it is ready.</p>")


def _stand_in_page(notice: str, script: str) -> str:
    """What a page shows while there is no good site to serve."""
    return ('<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8">'
            "<title>Portal preview</title></head>\n"
            f"<body>{notice}\n{script}\n</body>\n</html>\n")
