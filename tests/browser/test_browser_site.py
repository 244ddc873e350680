"""The portal in a real browser, as partners use it: every page of every language, on a desktop and
on a phone; search; the language selector; right-to-left languages; the root redirect."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser.support import DESKTOP, PHONE, Page, Site, open_page, phrase_breaks, site_path
from tests.browser.survey import LOGO_JS

pytestmark = pytest.mark.browser

# A preferred language the portal will not be built in, to see the fallback.
UNBUILT_LANGUAGES = ("sw-KE", "is-IS", "cy-GB", "fi-FI")
# A regional variant per language, to see that de-AT readers get the German site.
REGIONAL_VARIANTS = {"en": "en-GB", "de": "de-AT", "fr": "fr-CA", "es": "es-MX", "ja": "ja-JP",
                     "ar": "ar-EG", "pt_BR": "pt-PT"}
MIN_TIMELINE_TEXT_PX = 10


@pytest.fixture(scope="module")
def desktop(browser):
    context = browser.new_context(viewport={"width": DESKTOP, "height": 900})
    yield context
    context.close()


def _report(failures: list[str]) -> str:
    return f"{len(failures)} problem(s):\n  " + "\n  ".join(failures)


def test_every_page_of_every_language_loads_cleanly(site: Site, survey):
    """No console error, no failed request, no HTTP error, on any page, on a desktop or a phone."""
    assert site.all_pages(), "the built site lists no pages in its sitemaps"
    failures = [f"{v.page} ({v.device}): {item}"
                for visits in survey.values() for v in visits for item in v.problems]
    assert not failures, _report(failures)


def test_home_page_of_every_language_loads_without_console_errors(site: Site, survey):
    homes = [v for v in survey["desktop"] if v.page.path == ""]
    assert sorted(v.page.locale for v in homes) == site.locales
    failures = [f"{v.page}: {item}" for v in homes for item in v.problems]
    failures += [f"{v.page}: {v.layout['h1']} <h1> elements" for v in homes if v.layout["h1"] != 1]
    assert not failures, _report(failures)


def _search(page, query: str) -> list[str]:
    """Type into Material's search box like a reader; the result links once results show."""
    # Desktop shows the search box; a phone shows a button that opens it.
    page.locator(".md-search__input:visible, label.md-header__button[for=__search]:visible"
                 ).first.click()
    box = page.locator(".md-search__input")
    results = page.locator(".md-search-result__item").first
    # A query typed while the search worker is still loading its language (lunr.ja and its
    # segmenter take a moment) is dropped, so type again until results show, for 15 s at most.
    # Material reads the box on key-up: text entered as through an input method (Japanese) sends
    # none, so a key press follows, as a reader's Enter after conversion would.
    for _ in range(5):
        box.fill("")
        box.press_sequentially(query, delay=40)
        box.press("End")
        try:
            results.wait_for(state="visible", timeout=3_000)
            break
        except PlaywrightTimeoutError:
            continue
    results.wait_for(state="visible", timeout=1_000)
    return page.locator(".md-search-result__link").evaluate_all("els => els.map(e => e.href)")


# Each language's search finds the grace-period FAQ by that language's own word: lunr's stemmer for
# English and German, and for Japanese its segmenter (TinySegmenter), which Material loads for `ja`.
SEARCHES = [("en", "grace"), ("de", "Kulanzfrist"), ("ja", "猶予期間")]


@pytest.mark.parametrize(("locale", "query"), SEARCHES)
def test_search_finds_the_grace_period_faq(site: Site, base_url, desktop, locale: str, query: str):
    if locale not in site.locales:
        pytest.skip(f"the {locale} site is not built")
    page, problems = open_page(desktop, f"{base_url}{locale}/")
    links = _search(page, query)
    faq = [link for link in links
           if site_path(link, base_url).startswith(f"{locale}/grace-period/faq/")]
    assert faq, f"searching {query!r} found no link to grace-period/faq/; results: {links}"
    with page.expect_navigation():  # and the result takes the reader there
        page.locator('.md-search-result__link[href*="grace-period/faq/"]').first.click()
    assert site_path(page.url, base_url).startswith(f"{locale}/grace-period/faq/")
    assert not problems.items, _report(problems.items)
    page.close()


def _switch_language(desktop, base_url: str, source: Page, target: str) -> str:
    """Open `source`, choose `target` in the header's language selector; where the reader lands."""
    page, problems = open_page(desktop, base_url + source.url_path)
    # The page has settled: Material has fetched the other languages' sitemaps, so its own click
    # handling for alternate languages is armed, as it is for a reader.
    page.locator(".md-header .md-select button").click()
    link = page.locator(f'.md-select__link[hreflang="{target.replace("_", "-")}"]')
    with page.expect_navigation():
        link.click()
    problems.settle(page)
    landed = site_path(page.url, base_url)
    assert not problems.items, f"{source} -> {target}: {problems.items}"
    page.close()
    return landed


def test_language_selector_keeps_the_reader_on_the_same_page(site: Site, base_url, desktop):
    if len(site.locales) < 2:
        pytest.skip(f"only one language is built ({', '.join(site.locales)}); the selector "
                    "appears with two or more")
    first, *others = site.locales
    deepest = max(site.pages(first), key=lambda p: (p.path.count("/"), p.path)).path
    trips = [(Page(first, p.path), others[i % len(others)])            # every page, one way
             for i, p in enumerate(site.pages(first))]
    trips += [(Page(first, deepest), other) for other in others]        # every language from one
    trips += [(Page(loc, deepest), site.locales[(i + 1) % len(site.locales)])  # and back round
              for i, loc in enumerate(site.locales)]
    failures = []
    for source, target in dict.fromkeys(trips):
        landed = _switch_language(desktop, base_url, source, target)
        if landed.removesuffix("index.html") != f"{target}/{source.path}":
            failures.append(f"{source} -> {target}: landed on /{landed}, "
                            f"expected /{target}/{source.path}")
    assert not failures, _report(failures)


def test_on_a_phone_no_page_scrolls_sideways(site: Site, survey):
    failures = [f"{v.page} scrolls sideways at {PHONE}px: {v.overflow}"
                for v in survey["phone"] if v.overflow]
    assert not failures, _report(failures)


def test_japanese_headings_break_between_phrases_on_a_phone(site: Site, browser, base_url):
    """A Japanese reader sees a page's headings broken between phrases (word-break: auto-phrase),
    not inside a word ("30日間の更新猶予期間 | の廃止"), on a phone."""
    if "ja" not in site.locales:
        pytest.skip(f"Japanese is not built ({', '.join(site.locales)})")
    context = browser.new_context(viewport={"width": PHONE, "height": 900})
    failures, breaks = [], 0
    for page_info in site.pages("ja"):
        page, _ = open_page(context, base_url + page_info.url_path)
        headings = page.locator(".md-content :is(h1, h2, h3)")
        for i in range(headings.count()):
            found, problems = phrase_breaks(headings.nth(i))
            failures += [f"{page_info}: {problem}" for problem in problems]
            breaks += found
        page.close()
    context.close()
    assert breaks, "no Japanese heading takes two lines on a phone: the test sees nothing"
    assert not failures, _report(failures)


def _overlaps(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] - 0.5 and b["left"] < a["right"] - 0.5 and \
        a["top"] < b["bottom"] - 0.5 and b["top"] < a["bottom"] - 0.5


def test_timeline_labels_never_overlap_and_stay_readable(site: Site, survey):
    """In every language, on a desktop (labels in lanes along the line) and a phone (a list)."""
    failures = []
    for device, visits in survey.items():
        for v in visits:
            for timeline in v.timelines:
                labels = timeline["labels"]
                if device == "phone" and not timeline["vertical"]:
                    failures.append(f"{v.page}: the timeline is not laid out vertically on a phone")
                for i, a in enumerate(labels):
                    if a["size"] < MIN_TIMELINE_TEXT_PX:
                        failures.append(f"{v.page} ({device}): {a['text']!r} is {a['size']}px")
                    if a["left"] < timeline["left"] - 1 or a["right"] > timeline["right"] + 1:
                        failures.append(f"{v.page} ({device}): {a['text']!r} sticks out of the figure")
                    for b in labels[i + 1:]:
                        if any(_overlaps(x, y) for x in a["inked"] for y in b["inked"]):
                            failures.append(f"{v.page} ({device}): {a['text']!r} overlaps {b['text']!r}")
    timelines = [v.page.locale for v in survey["desktop"] if v.timelines]
    assert sorted(timelines) == site.locales, "a language's site has no timeline"
    assert not failures, _report(failures)


def test_the_schedule_reads_at_body_size_and_stacks_on_a_phone(site: Site, survey):
    failures = []
    for device, visits in survey.items():
        for v in visits:
            for table in v.schedules:
                if table["smallest"] < table["body"]:
                    failures.append(f"{v.page} ({device}): schedule text {table['smallest']}px, "
                                    f"smaller than the body's {table['body']}px")
                if device == "phone" and not table["stacked"]:
                    failures.append(f"{v.page}: the schedule is a squeezed table on a phone "
                                    f"(narrowest cell {table['narrowest']:.0f}px)")
                if device == "desktop" and table["stacked"]:
                    failures.append(f"{v.page}: the schedule is stacked on a desktop")
    assert sorted(v.page.locale for v in survey["phone"] if v.schedules) == site.locales
    assert not failures, _report(failures)


def test_header_logo_takes_the_header_text_colour(site: Site, survey, browser, base_url):
    failures = [f"{v.page} ({v.device}): logo {v.logo}" for visits in survey.values() for v in visits
                if v.logo["img"] or not v.logo["logo"] or v.logo["logo"] != v.logo["text"]]
    # and in the dark palette, as a reader whose system prefers it gets it
    context = browser.new_context(color_scheme="dark", viewport={"width": DESKTOP, "height": 600})
    page, _ = open_page(context, base_url + site.pages(site.locales[0])[0].url_path)
    dark = page.evaluate(LOGO_JS)
    scheme = page.evaluate("() => document.body.dataset.mdColorScheme")
    context.close()
    assert scheme == "slate", f"the dark palette was not chosen ({scheme})"
    if dark["logo"] != dark["text"]:
        failures.append(f"dark palette: logo {dark}")
    assert not failures, _report(failures)


def test_right_to_left_languages_lay_out_right_to_left(site: Site, survey):
    rtl = [loc for loc in site.locales if site.is_rtl(loc)]
    if not rtl:
        pytest.skip(f"no right-to-left language is built ({', '.join(site.locales)})")
    failures = []
    for v in survey["desktop"]:
        if v.page.locale not in rtl:
            continue
        if v.layout["dir"] != "rtl":
            failures.append(f"{v.page}: <html dir={v.layout['dir']!r}>, expected 'rtl'")
        if v.layout["direction"] != "rtl":
            failures.append(f"{v.page}: the text direction is {v.layout['direction']}")
        if not (v.layout["nav"] or 0) > (v.layout["content"] or 0):
            failures.append(f"{v.page}: the navigation is not on the right of the content")
    assert not failures, _report(failures)


def _root_default(site: Site) -> str:
    """The language the root page falls back to: its meta refresh target."""
    html = (site.root / "index.html").read_text(encoding="utf-8")
    found = re.search(r'http-equiv="refresh"\s+content="\d+;\s*url=([^"/]+)/"', html)
    assert found, "site/index.html has no meta refresh fallback"
    return found.group(1)


def test_root_page_sends_readers_to_their_language(site: Site, base_url, browser):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout  # present: `browser` ran

    default = _root_default(site)
    if "en" in site.locales:
        assert default == "en", f"the root page falls back to {default!r}, not English"
    unbuilt = next(tag for tag in UNBUILT_LANGUAGES
                   if tag.split("-")[0] not in {loc.split("_")[0] for loc in site.locales})
    wanted = {loc.replace("_", "-"): loc for loc in site.locales}
    wanted |= {REGIONAL_VARIANTS[loc]: loc for loc in site.locales if loc in REGIONAL_VARIANTS}
    wanted[unbuilt] = default
    failures = []
    for preferred, expected in wanted.items():
        context = browser.new_context(locale=preferred)
        page = context.new_page()
        page.goto(base_url, wait_until="commit")
        # The script redirects at once; the page's meta refresh only after 3 s, and only to the
        # default language, so landing within 2.8 s is the script's doing.
        try:
            page.wait_for_url(re.compile(r"/[^/]+/$"), timeout=2_800)
        except PlaywrightTimeout:
            failures.append(f"a reader preferring {preferred} was not redirected by the script")
        else:
            landed = site_path(page.url, base_url)
            if landed != f"{expected}/":
                failures.append(f"a reader preferring {preferred} landed on /{landed}, "
                                f"expected /{expected}/")
        context.close()
    assert not failures, _report(failures)


def test_root_page_works_without_javascript(site: Site, base_url, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url, wait_until="domcontentloaded")
    assert site_path(page.url, base_url) == "", "without JavaScript the root page still shows"
    for locale in site.locales:
        link = page.locator(f'main a[href="{locale}/"]')
        assert link.count() == 1 and link.is_visible(), f"no visible link to /{locale}/"
        assert link.get_attribute("hreflang") == locale.replace("_", "-")
    with page.expect_navigation():
        page.locator(f'main a[href="{site.locales[-1]}/"]').click()
    assert site_path(page.url, base_url) == f"{site.locales[-1]}/"
    assert page.locator("h1").count() == 1
    context.close()
