"""MkDocs hooks for what Material's templates cannot say: the text direction on <html>.

Material puts dir="rtl" on <body> only. The root element's direction is the document's: browsers use
it for the page scrollbar's side and the initial scroll position, and assistive technology and
`document.dir` read it there. Both are set, so the page reads the same with or without JavaScript.
site_config.locale_config registers this file in every language's configuration.
"""

from __future__ import annotations

import re
from typing import Any

_HTML_START = re.compile(r"<html\b(?![^>]*\sdir=)", re.IGNORECASE)


def _with_direction(html: str, config: Any) -> str:
    direction = config.theme.get("direction")
    if direction not in ("ltr", "rtl"):
        return html
    return _HTML_START.sub(f'<html dir="{direction}"', html, count=1)


def on_post_page(output: str, page: Any, config: Any) -> str:
    return _with_direction(output, config)


def on_post_template(output_content: str, template_name: str, config: Any) -> str:
    """Templates built on their own, such as 404.html (not sitemap.xml)."""
    return _with_direction(output_content, config) if template_name.endswith(".html") else output_content
