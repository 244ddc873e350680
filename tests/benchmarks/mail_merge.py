"""The kit page's mail merge at 1,000 rows, in chromium: `python -m tests.benchmarks.mail_merge [SITE]`.

Times, in the page, reading and checking the CSV, then what the download button waits for: every
.eml draft and the .ics built and zipped by the page's worker (and, for reading the figure, the
two stages again on the page's own thread), a few rounds each; and, side by side in the same run, `portal merge`'s Python for the same
rows, so the figure can be read as a ratio on a shared machine. Builds the English site into a
temporary folder unless SITE (a built site) is given.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from generator.partner.contracts import parse_contracts
from generator.partner.drafts import drafts
from generator.partner.kitdata import KitData
from tests.conftest import REPO, run_portal

ROWS = 1000
ROUNDS = 3
PARTNER = {"partner_name": "Partner", "partner_phone": "+1 555 0100",
           "partner_email": "renewals@partner.example", "renewal_link": "https://partner.example/"}
IN_PAGE = """async ([csv, partner]) => {
  const load = (name) => import(new URL(`../assets/kit/${name}`, location.href).href);
  const merge = await load("mailmerge.js"), build = await load("drafts.js"), zip = await load("zip.js");
  const kit = await (await fetch("../downloads/kit.json")).json();
  const t0 = performance.now();
  const read = merge.readContracts(kit, csv);
  const t1 = performance.now();
  const bytes = (await merge.draftsZip(kit, read.contracts, partner)).length;  // what the button does
  const t2 = performance.now();
  const drafts = build.drafts(kit, read.contracts, partner);  // the same two stages in the page
  const t3 = performance.now();
  await zip.zipDrafts(drafts, "renewal-drafts");
  const t4 = performance.now();
  return {read: t1 - t0, worker: t2 - t1, drafts: t3 - t2, zip: t4 - t3, bytes};
}"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


def contracts_csv(rows: int = ROWS) -> str:
    lines = ["first_name,company,product,expiry_date,email"]
    lines += [f"Name{i},Company {i},Endpoint Protection,2027-{1 + i % 12:02d}-{1 + i % 28:02d},"
              f"c{i}@example.com" for i in range(rows)]
    return "\n".join(lines) + "\n"


def main(site: Path) -> None:
    from playwright.sync_api import sync_playwright

    csv = contracts_csv()
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    kit = KitData(json.loads((site / "en" / "downloads" / "kit.json").read_text("utf-8")))
    browser_runs, python_runs = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=os.environ.get(
            "PORTAL_CHROMIUM", "/usr/bin/chromium"), args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{server.server_port}/en/customer-content/")
        for _ in range(ROUNDS):
            browser_runs.append(page.evaluate(IN_PAGE, [csv, PARTNER]))
            start = time.perf_counter()
            drafts(kit, parse_contracts(csv, kit)[0], PARTNER)
            python_runs.append((time.perf_counter() - start) * 1000)
        browser.close()
    server.shutdown()
    total = [r["read"] + r["worker"] for r in browser_runs]
    print(f"{ROWS} rows, {ROUNDS} rounds, load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    for key, what in (("read", "read + check the CSV"), ("worker", "drafts + zip in the worker"),
                      ("drafts", "  of which drafts (timed again in the page)"),
                      ("zip", "  of which zip (timed again in the page)")):
        print(f"  browser {what:45} median {statistics.median(r[key] for r in browser_runs):6.0f} ms")
    print(f"  browser total (read + worker) {'':23} median {statistics.median(total):6.0f} ms "
          f"(zip {browser_runs[-1]['bytes'] / 1e6:.1f} MB)")
    print(f"  python drafts (portal merge, no zip) {'':16} median {statistics.median(python_runs):6.0f} ms")
    print(f"  browser total / python drafts: {statistics.median(total) / statistics.median(python_runs):.2f}")

if __name__ == "__main__":
    if len(sys.argv) > 1:
        main(Path(sys.argv[1]))
    else:
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / "site"
            result = run_portal("build", "--locale", "en", "--site-dir", str(out), cwd=REPO)
            assert result.returncode == 0, result.stderr
            main(out)
