"""Edit-to-preview under `portal serve`: from saving one YAML value to the rebuilt page being served.

Measures what a browser sees: the page's own long poll answers, then the page is fetched again and
must show the new value. Runs `portal serve` on a free loopback port in a copy of the shipped
project, edits the phone number several times and prints the median (and every run) in seconds.
Also the CPU seconds the serve process and its engine worker spent from the save to the page
(Linux /proc): on a busy machine the wall time grows with the load, the CPU time hardly does.

By default each edit is made once every language has been rebuilt after the previous one (the
preview is idle). With --busy the next edit follows one second after its page showed, while the
other languages are still being rebuilt: the previewed one then waits for the language in progress.

    python tests/benchmarks/edit_to_preview.py [--runs 7] [--busy] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script, too
from tests.conftest import copy_project  # noqa: E402

PAGE = "en/contact/"
CONTACTS = Path("content/contacts.yml")
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))
_TOKEN = re.compile(r'seen=" \+ encodeURIComponent\(("[^"]*")\)')


def fetch(url: str, timeout: float = 60) -> str:
    with _OPENER.open(url, timeout=timeout) as response:
        return response.read().decode("utf-8")


def wait_for_page(url: str, seconds: float = 180) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            return fetch(url)
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"no page at {url} after {seconds} s")


def cpu_seconds(pid: int) -> float:
    """User + system time of a process and its reaped children (the engine workers)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def idle_cpu_rate(pid: int, seconds: float = 2.0) -> float:
    """CPU seconds per second the preview spends while nothing changes (polling the sources)."""
    time.sleep(1.0)
    before = cpu_seconds(pid)
    time.sleep(seconds)
    return (cpu_seconds(pid) - before) / seconds


def languages(base: str) -> list[str]:
    """The site's language folders, from the root page's links."""
    return re.findall(r'<link rel="alternate" hreflang="[^"]*" href="([^"/]+)/">', fetch(base))


def versions(base: str, codes: list[str]) -> dict[str, str]:
    """Each language's version token, as its pages carry it for their reload script."""
    return {code: json.loads(_TOKEN.search(fetch(f"{base}{code}/")).group(1)) for code in codes}


def wait_until_rebuilt(base: str, before: dict[str, str]) -> None:
    """Wait (with each language's long poll) until every language changed since `before`."""
    for code, token in before.items():
        while fetch(f"{base}.portal-serve/changes?folder={code}&seen={token}") == token:
            pass


def one_edit(base: str, contacts: Path, old: str, new: str) -> float:
    """Seconds from saving `new` over `old` until the page, reloaded as a browser would, shows it."""
    page = fetch(base + PAGE)
    token = json.loads(_TOKEN.search(page).group(1))
    text = contacts.read_text(encoding="utf-8")
    started = time.perf_counter()
    contacts.write_text(text.replace(old, new), encoding="utf-8")
    while True:
        fetch(f"{base}.portal-serve/changes?folder=en&seen={token}")  # the page's long poll
        page = fetch(base + PAGE)
        if new in page:
            return time.perf_counter() - started
        token = json.loads(_TOKEN.search(page).group(1))


def measure(runs: int, busy: bool = False) -> tuple[list[float], list[float]]:
    with tempfile.TemporaryDirectory(prefix="edit-to-preview-") as scratch:
        root = copy_project(Path(scratch) / "project")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        serve = subprocess.Popen([sys.executable, "-m", "generator", "-q", "serve",
                                  "--dev-addr", f"127.0.0.1:{port}"], cwd=root,
                                 env={**os.environ, "TMPDIR": scratch})
        try:
            base = f"http://127.0.0.1:{port}/"
            wait_for_page(base + PAGE)
            numbers = [f"675-{7000 + run}" for run in range(runs + 1)]
            numbers[0] = "675-6552"
            codes = languages(base)
            wait_until_rebuilt(base, {code: "0.0" for code in codes})
            idle = idle_cpu_rate(serve.pid)
            times, cpu = [], []
            for old, new in zip(numbers, numbers[1:]):
                tokens = versions(base, codes)
                before = cpu_seconds(serve.pid)
                times.append(one_edit(base, root / CONTACTS, old, new))
                time.sleep(0.3)  # its engine worker is reaped just after the swap: count its CPU
                cpu.append(cpu_seconds(serve.pid) - before - idle * (times[-1] + 0.3))
                if busy:
                    time.sleep(1.0)
                else:
                    wait_until_rebuilt(base, tokens)
            return times, cpu
        finally:
            serve.terminate()
            serve.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--busy", action="store_true",
                        help="edit again while the other languages are still being rebuilt")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    times, cpu = measure(args.runs, args.busy)
    figures = {"edit_to_preview_median_s": round(statistics.median(times), 3),
               "runs_s": [round(t, 3) for t in times], "busy": args.busy,
               "rebuild_cpu_median_s": round(statistics.median(cpu), 3),
               "load_average": os.getloadavg()[0], "cpus": os.cpu_count()}
    print(f"edit-to-preview{' (busy)' if args.busy else ''}: median "
          f"{figures['edit_to_preview_median_s']:.2f} s over {len(times)} runs "
          f"({', '.join(f'{t:.2f}' for t in times)}); CPU from save to page: median "
          f"{figures['rebuild_cpu_median_s']:.2f} s; load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} CPUs")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
