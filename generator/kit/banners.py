"""Banner snippets for the partner's website: self-contained HTML with inlined CSS, per size."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from ..errors import Problem, key_path
from ..i18n.localize import LocaleContext
from ..loader import load_yaml
from ..models import Banner, BannerSize, Content
from .inline import Inliner, inline_css


@dataclass(frozen=True)
class RenderedBanner:
    banner_id: str
    size: BannerSize
    snippet: str     # the HTML to paste, styles inlined
    page: str        # a whole page showing the snippet (the portal's preview)

    @property
    def name(self) -> str:
        return f"{self.banner_id}-{self.size.width}x{self.size.height}"


def render_banner(banner: Banner, size: BannerSize, loc: LocaleContext, env: jinja2.Environment,
                  css: str, inliner: Inliner, url: str) -> RenderedBanner:
    """One banner at one size; wide sizes lay out in a row, the others stacked."""
    layout = "row" if size.width >= 3 * size.height else "stack"
    text = banner.short if size.text == "short" else banner.long
    raw = env.get_template("banners/banner.html.j2").render(
        banner=banner.model_copy(update={"url": url}), size=size, text=text, layout=layout)
    snippet = inline_css(raw, css, inliner, fragment=True).strip() + "\n"
    page = env.get_template("banners/banner-page.html.j2").render(
        snippet=Markup(snippet),
        title=env.globals["p"].parenthesized(banner.cta, f"{size.width}x{size.height}"))
    return RenderedBanner(banner.id, size, snippet, page)


def banner_length_problems(source: Content, localized: Content, loc: LocaleContext,
                           root: Path) -> list[Problem]:
    """Banner text must keep within the limits of content/banners.yml in every language, measured
    as readers see it (facts filled in): a translation is named by its catalog line, the source
    text (or an untranslated one) by its line in content/banners.yml under `root`."""
    limits = source.banners
    problems = []
    written = None
    pairs = zip(source.banners.banners, localized.banners.banners)
    for i, (english, translated) in enumerate(pairs):
        for name, limit in (("short", limits.short_limit), ("long", limits.long_limit)):
            text = getattr(translated, name)
            if len(text) <= limit:
                continue
            where = loc.translator.where(getattr(english, name))
            if where:
                problems.append(Problem(where[0], where[1], 0, key_path(("banners", i, name)),
                                        f"translation is {len(text)} characters; expected at most "
                                        f"{limit} (limit set in content/banners.yml)"))
                continue
            written = written or load_yaml(root / "content" / "banners.yml", _BANNERS)[0]
            line, column = written.mark(("banners", i, name)) if written else (0, 0)
            problems.append(Problem(_BANNERS, line, column, key_path(("banners", i, name)),
                                    f"too long; expected at most {limit} characters "
                                    f"({name}_limit at the top of the file), found {len(text)}"))
    return problems


_BANNERS = "content/banners.yml"
