"""Right to left in a real browser: an Arabic email, filled with the sample values, shows phone
numbers in their own order ("+1 555 0100", never "0100 555 1+").

Only Arabic is rendered (in memory, not the whole site); chromium lays the email out and reports
where each group of digits is drawn (Range.getClientRects), so the order is measured, not guessed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import render_locale
from generator.project import load_project
from tests.conftest import REPO

pytestmark = pytest.mark.browser

# The left edge of each space-separated group of `number` where it is drawn, in text order.
_GROUP_LEFTS = """([number]) => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const found = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    let at = node.data.indexOf(number);
    while (at >= 0) {
      const lefts = [];
      let offset = at;
      for (const group of number.split(" ")) {
        const range = document.createRange();
        range.setStart(node, offset);
        range.setEnd(node, offset + group.length);
        const rects = range.getClientRects();
        if (rects.length) lefts.push(rects[0].left);
        offset += group.length + 1;
      }
      found.push(lefts);
      at = node.data.indexOf(number, at + 1);
    }
  }
  return found;
}"""


@pytest.fixture(scope="module")
def arabic_kit():
    project = load_project(REPO, ["ar"])
    loc = next(loc for loc in project.locales if loc.code == "ar")
    return render_locale(project, loc, project.content.program.inliner).kit


def _lefts(browser, html: str, number: str, shot: Path | None = None) -> list[list[float]]:
    page = browser.new_page(viewport={"width": 600, "height": 900})
    try:
        page.set_content(html, wait_until="load")
        if shot:
            page.screenshot(path=shot, full_page=True)
        return page.evaluate(_GROUP_LEFTS, [number])
    finally:
        page.close()


def test_phone_numbers_keep_their_digit_order_in_an_arabic_email(arabic_kit, browser, screenshots):
    preview = arabic_kit.files["emails/notice-60/preview.html"]
    partner = "+1 555 0100"  # the partner_phone sample in content/merge_fields.yml
    assert partner in preview
    placed = _lefts(browser, preview, partner, screenshots / "email-ar-notice-60-sample-values.png")
    assert placed, f"{partner} is not drawn as text in the Arabic email"
    for lefts in placed:
        assert len(lefts) == 3 and lefts == sorted(lefts), \
            f"{partner} is drawn out of order (left edges of its groups: {lefts})"


def test_an_unisolated_number_in_arabic_text_is_drawn_reversed(browser):
    """The check above can fail: without its isolate, a number in Arabic text is drawn reversed."""
    html = ('<html lang="ar" dir="rtl"><body><p>اتصلوا بنا على +1 555 0100 أو اكتبوا إلينا.</p>'
            "</body></html>")
    lefts = _lefts(browser, html, "+1 555 0100")[0]
    assert lefts != sorted(lefts)
