"""CSS inlining behind one small function, with two backends that give the same inline styles.

css-inline (Rust core, ~0.4 ms per email) is the default; premailer (the owner's original choice,
~30-100 ms) is selectable. Both only ever see the CSS to inline: the head CSS (@media, dark mode,
client hacks) is already in a <style> they leave alone, which sidesteps premailer's
`strip_important` trap and both inliners' habit of dropping selectors that match nothing yet.
"""

from __future__ import annotations

import logging
import os
import re
from typing import Literal

Inliner = Literal["css-inline", "premailer"]
INLINERS: tuple[str, ...] = ("css-inline", "premailer")
_DOCTYPE = re.compile(r"^\s*<!doctype[^>]*>\s*", re.I)

# premailer keeps a module-wide LRU of parsed stylesheets (128 entries by default); a kit inlines one
# stylesheet into hundreds of emails, so a small cache thrashes and re-parses it every time.
os.environ.setdefault("PREMAILER_CACHE_MAXSIZE", "10000")


def inline_css(html: str, css: str, inliner: Inliner = "css-inline", *, fragment: bool = False) -> str:
    """`html` with `css` applied as style attributes; <style> blocks in `html` are left as they are."""
    if inliner == "css-inline":
        return _css_inline(html, css, fragment)
    if inliner == "premailer":
        return _premailer(html, css, fragment)
    raise ValueError(f"unknown inliner {inliner!r}; expected one of {', '.join(INLINERS)}")


def _css_inline(html: str, css: str, fragment: bool) -> str:
    import css_inline

    if fragment:
        return css_inline.inline_fragment(html, css)
    inliner = css_inline.CSSInliner(inline_style_tags=False, keep_style_tags=True,
                                    load_remote_stylesheets=False, extra_css=css)
    return "<!DOCTYPE html>\n" + _DOCTYPE.sub("", inliner.inline(html))


def _premailer(html: str, css: str, fragment: bool) -> str:
    logging.getLogger("CSSUTILS").setLevel(logging.CRITICAL)  # ~20 warnings per email for mso-*
    from premailer import Premailer

    document = f"<html><body>{html}</body></html>" if fragment else html
    result = Premailer(
        document, css_text=css, strip_important=False, keep_style_tags=False, allow_network=False,
        disable_validation=True, remove_classes=False, disable_link_rewrites=True,
        cssutils_logging_level=logging.CRITICAL,
    ).transform()
    if fragment:
        body = re.search(r"<body[^>]*>(.*)</body>", result, re.S)
        return body.group(1).strip() if body else result
    return "<!DOCTYPE html>\n" + _DOCTYPE.sub("", result)
