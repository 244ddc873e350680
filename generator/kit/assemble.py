"""Build one language's kit: every email x dialect, call scripts, banners, README and zip, in memory.

Work per language: each email is rendered and inlined once; each dialect is then a token
substitution (HTML, text, subject) and an .eml assembly, which is why adding a dialect is cheap.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import jinja2

from ..brand import Palette, apply, palette
from ..errors import InputError, Problem
from ..i18n.localize import LocaleContext
from ..i18n.patterns import Patterns
from ..merge_fields import Dialect, MergeFields
from ..models import Content, Touchpoint
from ..render.templating import environment
from .banners import RenderedBanner, render_banner
from .bundle import build_zip
from .checks import (MarkedLinks, check_filled_links, check_footer_tokens, check_header,
                     check_html, link_prefixes)
from .describe import DESCRIPTION, describe_kit
from .emails import EmailStyles, RenderedEmail, render_call_script, render_email
from .eml import EmlSkeleton
from .wrapping import wrap_text
from .inline import Inliner
from .merge import Marked, MergeTokens, TextWrapper
from .slots import drop_slots

FORMATS = ("html", "txt", "eml")


@dataclass(frozen=True)
class KitEmail:
    touchpoint: Touchpoint
    subject: str                                  # neutral merge fields, for the portal page
    preheader: str
    preview: str                                  # path of the preview (sample values filled in)
    downloads: dict[str, dict[str, str]]          # dialect id -> format -> path
    inbox: dict[str, str]                         # sender, subject, preheader with sample values
    rendered: RenderedEmail                       # with sentinels and slot regions (kit.json)


@dataclass(frozen=True)
class KitCallScript:
    touchpoint: Touchpoint
    title: str
    path: str
    text: str
    marked: str                                   # the text with merge sentinels (kit.json)


@dataclass(frozen=True)
class KitBanner:
    banner_id: str
    short: str
    long: str
    text_path: str
    url: str                                      # the banner link, neutral merge fields
    sizes: list[tuple[RenderedBanner, str, str]]  # (banner, snippet path, preview path)
    marked: dict[str, str] = field(default_factory=dict)  # path -> text with sentinels (kit.json)


@dataclass
class Kit:
    locale: str
    emails: list[KitEmail] = field(default_factory=list)
    call_scripts: list[KitCallScript] = field(default_factory=list)
    banners: list[KitBanner] = field(default_factory=list)
    dialects: list[Dialect] = field(default_factory=list)
    zip_path: str = ""
    files: dict[str, str | bytes] = field(default_factory=dict)  # path under downloads/ -> data
    samples: dict[str, str] = field(default_factory=dict)        # merge field id -> preview value
    csv_headers: dict[str, str] = field(default_factory=dict)    # dialect id -> contacts CSV header

    def page_data(self, base: str, labels: dict[str, str]) -> dict:
        """What the kit page's scripts (and tools that plug into the page) read: the email systems
        and, per email, the URL of each system's files, `base` being the downloads' URL; `labels`
        are the scripts' messages in the page's language."""
        return {
            "locale": self.locale,
            "labels": labels,
            "systems": [{"id": d.id, "name": d.name} for d in self.dialects],
            "emails": [{"id": e.touchpoint.email, "title": e.touchpoint.title,
                        "day": e.touchpoint.day, "preview": base + e.preview,
                        "files": {system: {fmt: base + path for fmt, path in files.items()}
                                  for system, files in e.downloads.items()}}
                       for e in self.emails],
        }


def build_kit(content: Content, loc: LocaleContext, templates: Path, inliner: Inliner) -> Kit:
    """The whole kit of one language; raises InputError when the quality gate finds a problem."""
    language = Language.of(content, loc, templates, inliner)
    merge = language.merge
    kit = Kit(loc.code, dialects=list(content.merge_fields.dialects), samples=merge.samples,
              csv_headers={d.id: csv_header(d, content.merge_fields) for d in
                           content.merge_fields.dialects})
    problems: list[Problem] = []
    for touchpoint in sorted(content.schedule.touchpoints, key=lambda tp: tp.day):
        if touchpoint.email:
            problems += add_email(kit, language, touchpoint)
        else:
            script = content.call_script(touchpoint.call_script or "")
            path = f"call-scripts/{script.id}.txt"
            text = render_call_script(content, script, str(language.when(touchpoint.day)),
                                      language.text_env)
            kit.files[path] = text
            kit.call_scripts.append(KitCallScript(touchpoint, script.title, path, text,
                                                  merge.mark(text)))
    colours = palette(content.program.brand)
    problems += _add_banners(kit, content, loc, language.html_env,
                             _stylesheet(templates, "banners/banner.css", colours), inliner, merge)
    if problems:
        raise InputError(problems)
    kit.files["README.txt"] = wrap_text(language.text_env.get_template(
        "email/kit-readme.txt.j2").render(kit=kit, c=content, fields=content.merge_fields.fields,
                                          samples=merge.samples))
    folder = f"{content.program.kit_name}-{loc.code}"
    kit.zip_path = f"{folder}.zip"
    kit.files[kit.zip_path] = build_zip(kit.files, folder)
    kit.files[DESCRIPTION] = describe_kit(kit, content, loc, language.when, merge)
    return kit


@dataclass(frozen=True)
class _SystemValues:
    """One email system's tokens by sentinel number, as `Marked.fill` takes them."""
    html: list[str | None]      # HTML-escaped
    text: list[str | None]      # glued for line wrapping
    plain: list[str | None]     # as written (subjects)
    links: list[str]            # what a link may start with (check_filled_links)


def _system_values(content: Content, merge: MergeTokens) -> list[_SystemValues]:
    return [_SystemValues(merge.values(tokens, html=True),
                          merge.values(tokens, html=False, glue=True),
                          merge.values(tokens, html=False), link_prefixes(tokens.values()))
            for tokens in map(merge.tokens, content.merge_fields.dialects)]


@dataclass(frozen=True)
class Language:
    """What every email of one language's kit shares: templates, merge fields, styles, and each
    email system's tokens ready to fill in."""
    content: Content
    loc: LocaleContext
    html_env: jinja2.Environment
    text_env: jinja2.Environment
    merge: MergeTokens
    styles: EmailStyles
    systems: list[_SystemValues]
    samples: list[str | None]     # the preview's values, HTML-escaped, by sentinel number
    inliner: Inliner
    when: Callable[[int], object]  # when a touchpoint happens, in words ("60 days before expiry")
    text_wrapper: TextWrapper      # wraps a text part once for every system

    @classmethod
    def of(cls, content: Content, loc: LocaleContext, templates: Path, inliner: Inliner
           ) -> Language:
        merge = MergeTokens(content.merge_fields, loc.date, loc.code)
        colours = palette(content.program.brand)
        styles = EmailStyles(_stylesheet(templates, "email/email.css", colours),
                             _stylesheet(templates, "email/email-head.css", colours), colours)
        html_env = environment(templates, loc, "html")
        systems = _system_values(content, merge)
        return cls(content, loc, html_env, environment(templates, loc, "text"), merge, styles,
                   systems, merge.values(merge.samples, html=True), inliner,
                   html_env.get_template("site/_macros.j2").module.when,  # type: ignore[attr-defined]
                   TextWrapper([system.text for system in systems]))


def csv_header(dialect: Dialect, merge_fields: MergeFields) -> str:
    """The header row of a contacts CSV to import into `dialect`'s system: the email address, then
    every field kept per contact, in the order of content/merge_fields.yml."""
    names = [dialect.setup.email_column] + [
        dialect.setup.fields[f.id].name for f in merge_fields.fields
        if dialect.setup.fields[f.id].source != "setting"]
    line = io.StringIO()
    csv.writer(line, lineterminator="").writerow(names)
    return line.getvalue()


def _stylesheet(templates: Path, name: str, colours: Palette) -> str:
    """A stylesheet in the brand's colours, without its comments: they are for us, not for every
    customer's inbox."""
    css = re.sub(r"/\*.*?\*/\s*", "", (templates / name).read_text(encoding="utf-8"), flags=re.S)
    return apply(css.strip(), colours, f"templates/{name}")


def add_email(kit: Kit, language: Language, touchpoint: Touchpoint) -> list[Problem]:
    """All of one email's files (every email system's .html, .txt and .eml, and the preview) into
    `kit`; the quality gate's problems with them."""
    content, merge = language.content, language.merge
    email = render_email(content, content.email(touchpoint.email or ""), language.loc,
                         language.html_env, language.text_env, merge, language.styles,
                         language.inliner)
    base = f"emails/{email.id}"
    downloads: dict[str, dict[str, str]] = {}
    sizes: dict[str, int] = {}
    problems: list[Problem] = []
    eml = EmlSkeleton(language.loc.tag,
                      f"{language.loc.tag}\0{email.subject}\0{email.text}\0{email.html}")
    plain_html, plain_text = drop_slots(email.html), drop_slots(email.text)
    marked_html, marked_subject = Marked(plain_html), Marked(email.subject)
    marked_text = language.text_wrapper.wrap(plain_text)
    links = MarkedLinks(plain_html)
    for dialect, values in zip(content.merge_fields.dialects, language.systems):
        html = marked_html.fill(values.html)
        text = marked_text.fill(values.text)
        subject = marked_subject.fill(values.plain)
        paths = {fmt: f"{base}/{dialect.id}.{fmt}" for fmt in FORMATS}
        kit.files[paths["html"]] = html
        problems += links.check(paths["html"], values.html, values.links)
        kit.files[paths["txt"]] = text
        kit.files[paths["eml"]] = eml.render(subject, text, html)
        problems += check_header(paths["eml"], "subject", subject)
        problems += check_footer_tokens(paths["html"], html, dialect, html=True)
        problems += check_footer_tokens(paths["txt"], text, dialect, html=False)
        sizes[paths["html"]] = len(html.encode())
        downloads[dialect.id] = paths
    problems += check_html(f"{base}/{email.id}.html", plain_html, sizes=sizes)
    preview = f"{base}/preview.html"
    kit.files[preview] = marked_html.fill(language.samples)
    problems += links.check(preview, language.samples, [])
    neutral = merge.tokens(content.merge_fields.dialects[0])
    inbox = {"sender": merge.samples.get("partner_name", ""),
             "subject": merge.fill(email.subject, merge.samples, html=False),
             "preheader": merge.fill(email.preheader, merge.samples, html=False)}
    kit.emails.append(KitEmail(touchpoint, merge.fill(email.subject, neutral, html=False),
                               merge.fill(email.preheader, neutral, html=False), preview, downloads,
                               inbox, email))
    return problems


def _add_banners(kit: Kit, content: Content, loc: LocaleContext, env, css: str,
                 inliner: Inliner, merge: MergeTokens) -> list[Problem]:
    neutral = content.merge_fields.dialects[0].tokens
    problems: list[Problem] = []
    for banner in content.banners.banners:
        url = merge.fill(merge.mark(banner.url), neutral, html=False)
        rendered, marked = [], {}
        for size in content.banners.sizes:
            item = render_banner(banner, size, loc, env, css, inliner, merge.mark(banner.url))
            snippet_path = f"banners/{item.name}.html"
            preview_path = f"banners/{item.name}.preview.html"
            problems += check_html(preview_path, item.page)
            marked[snippet_path] = item.snippet
            # What partners copy: the neutral merge fields, never the build's sentinels.
            item = replace(item, snippet=merge.fill(item.snippet, neutral, html=True))
            kit.files[snippet_path] = item.snippet
            kit.files[preview_path] = merge.fill(item.page, merge.samples, html=True)
            problems += check_filled_links(snippet_path, item.snippet, neutral.values())
            problems += check_filled_links(preview_path, kit.files[preview_path], ())
            rendered.append((item, snippet_path, preview_path))
        text_path = f"banners/{banner.id}.txt"
        call = Patterns(loc.translator, loc.code).label_value(banner.cta, merge.mark(banner.url))
        marked[text_path] = f"{banner.short}\n\n{banner.long}\n\n{call}\n"
        kit.files[text_path] = merge.fill(marked[text_path], neutral, html=False)
        kit.banners.append(KitBanner(banner.id, banner.short, banner.long, text_path, url, rendered,
                                     marked))
    return problems

