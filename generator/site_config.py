"""One site configuration per language, derived from the base mkdocs.yml."""

from __future__ import annotations

import copy
import html
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from .i18n.localize import LocaleContext
from .i18n.patterns import Patterns
from .models import Content
from .render.pages import nav

# MkDocs hooks every language's site is built with (an absolute path: configs are generated).
THEME_HOOKS = Path(__file__).with_name("theme_hooks.py")
BRAND_CSS = "assets/brand.css"   # written by the build from the brand colour (render_locale)


def locale_config(base: dict[str, Any], content: Content, loc: LocaleContext,
                  all_locales: list[LocaleContext], docs_dir: Path, site_dir: Path) -> dict[str, Any]:
    """The base configuration with everything that differs by language filled in."""
    config = copy.deepcopy(base)
    theme = config.setdefault("theme", {})
    theme["language"] = loc.material_language
    theme["direction"] = loc.direction
    for scheme in theme.get("palette", []):
        toggle = scheme.get("toggle", {})
        if "name" in toggle:
            toggle["name"] = html.escape(loc.gettext(toggle["name"]))
        if "primary" in scheme:  # the brand's colours, in assets/brand.css (generator/brand.py)
            scheme["primary"] = scheme["accent"] = "custom"
    if content.program.brand.logo:
        theme["logo"] = f"assets/{content.program.brand.logo}"
    config.update(
        site_name=content.program.title,
        site_description=content.program.tagline,
        site_url=f"{content.program.site_url.rstrip('/')}/{loc.code}/",
        docs_dir=str(docs_dir),
        site_dir=str(site_dir),
        nav=_escaped_titles(nav(content, loc)),
        copyright=str(_footer(content, loc)),
    )
    _permalink_title(config, loc)
    config["extra_css"] = [BRAND_CSS, *config.get("extra_css", [])]
    config["plugins"] = [_search(p, loc) for p in config.get("plugins", ["search"])]
    config["hooks"] = [*config.get("hooks", []), str(THEME_HOOKS)]
    config.setdefault("extra", {})["alternate"] = [
        {"name": other.display_name, "link": f"../{other.code}/", "lang": other.tag}
        for other in all_locales
    ] if len(all_locales) > 1 else []
    return _plain(config)


def _escaped_titles(items: list) -> list:
    """Section titles as HTML: the theme prints them as it prints the page titles it takes from
    each page's heading (HTML, escaped), so a title is text, never markup."""
    return [{html.escape(str(title)): _escaped_titles(children) if isinstance(children, list)
             else children for title, children in item.items()}
            if isinstance(item, dict) else item for item in items]
def _permalink_title(config: dict[str, Any], loc: LocaleContext) -> None:
    """The toc extension's heading anchor title (Python-Markdown's default is English only)."""
    for i, extension in enumerate(config.get("markdown_extensions") or []):
        if extension == "toc" or (isinstance(extension, dict) and "toc" in extension):
            options = dict(extension["toc"] or {}) if isinstance(extension, dict) else {}
            if options.get("permalink"):
                options["permalink_title"] = loc.gettext(options.get("permalink_title")
                                                         or "Permanent link")
            config["markdown_extensions"][i] = {"toc": options}


def _plain(value: Any) -> Any:
    """Plain dicts, lists and str (not Text or Markup) so the config serializes as plain YAML."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return str(value) if isinstance(value, str) else value


def _search(plugin: Any, loc: LocaleContext) -> Any:
    if plugin == "search" or (isinstance(plugin, dict) and "search" in plugin):
        options = dict(plugin.get("search") or {}) if isinstance(plugin, dict) else {}
        options["lang"] = loc.search_language
        return {"search": options}
    return plugin


def _footer(content: Content, loc: LocaleContext) -> Markup:
    contact = loc.contact(content)
    patterns = Patterns(loc.translator, loc.code, escape)
    question = patterns.question_answer(loc.gettext("Questions?"),
                                        patterns.label_value(contact.label, loc.phone_link(contact)))
    return Markup("{}<br>{}").format(question, content.program.copyright)
