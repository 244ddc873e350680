"""The kit's emails in one process: inliners side by side, cost per email, cost per dialect.

Timed as CPU time of this process (single-threaded work), the fastest of several samples: on a
machine other people share, wall time measures their load as much as ours, and even CPU time
swings by a third from one sample to the next (caches and cores shared); the fastest sample is the
one least disturbed, as the standard library's timeit advises.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import css_inline

import generator.kit.emails as kit_emails
from generator.kit import assemble
from generator.kit.assemble import build_kit
from generator.kit.inline import inline_css
from generator.models import Content
from generator.project import load_project


def cpu_ms(runs: int, function: Callable[[], object]) -> float:
    """CPU milliseconds per call in the fastest of `runs` samples, each of enough calls to last
    about 20 ms (sub-millisecond calls are otherwise mostly timer noise), after one warm-up call."""
    start = time.process_time()
    function()
    calls = max(1, int(0.02 / max(time.process_time() - start, 1e-6)))
    samples = []
    for _ in range(runs):
        start = time.process_time()
        for _ in range(calls):
            function()
        samples.append((time.process_time() - start) / calls)
    return min(samples) * 1000


def localized(root: Path, code: str):
    """The project at `root` loaded for one language, that language, and the content in it."""
    project = load_project(root, [code])
    return project, project.locales[0], project.localized(project.locales[0])


def email_sources(project, loc, content: Content) -> list[tuple[str, str]]:
    """(HTML before inlining, CSS) of every email of one language, as the kit hands the inliner."""
    seen: list[tuple[str, str]] = []
    real = kit_emails.inline_css

    def recording(html: str, css: str, inliner, **options):
        seen.append((html, css))
        return real(html, css, inliner, **options)

    kit_emails.inline_css = recording
    try:
        build_kit(content, loc, project.templates, "css-inline")
    finally:
        kit_emails.inline_css = real
    return seen


def inliners(sources: list[tuple[str, str]], runs: int) -> dict:
    """Per email: css-inline and premailer through the kit's inline_css; one bare css-inline call."""
    fast = [cpu_ms(runs, lambda s=s: inline_css(*s, "css-inline")) for s in sources]
    slow = [cpu_ms(max(2, runs // 2), lambda s=s: inline_css(*s, "premailer")) for s in sources]
    bare = [cpu_ms(runs, lambda s=s: _bare_css_inline(*s)) for s in sources]
    size = statistics.mean(len(html) for html, _ in sources) / 1024
    return {"emails": len(sources), "html_kb": round(size, 1), "css_inline_ms": _mean(fast),
            "premailer_ms": _mean(slow), "bare_css_inline_ms": _mean(bare),
            "premailer_over_css_inline": round(_mean(slow) / _mean(fast), 1)}


def _bare_css_inline(html: str, css: str) -> str:
    return css_inline.CSSInliner(inline_style_tags=False, keep_style_tags=True,
                                 load_remote_stylesheets=False, extra_css=css).inline(html)


def per_email(shipped: Path, small: Path, large: Path, code: str, runs: int) -> dict:
    """All of one email's outputs, measured two ways. Directly, on the shipped content and its
    translations (real Japanese, not a pseudo-translation): the email rendered and inlined
    once, its text, every email system's .html, .txt and .eml and the preview, with the quality
    gate, as build_kit makes them (add_email). And as the kit's growth per touchpoint,
    from two projects that differ only in their number of touchpoints: that adds each email's
    share of the README, kit.json and, in one figure, the zip."""
    project, loc, content = localized(shipped, code)
    direct = one_email_ms(content, loc, project.templates, runs)
    kits, unzipped = [], []
    for root in (small, large):
        project, loc, content = localized(root, code)
        emails = sum(1 for tp in content.schedule.touchpoints if tp.email)
        kit = lambda: build_kit(content, loc, project.templates, "css-inline")  # noqa: E731
        kits.append((emails, cpu_ms(runs, kit)))
        with _without_zip():
            unzipped.append(cpu_ms(runs, kit))
    (few, few_ms), (many, many_ms) = kits
    return {"locale": code, "dialects": len(content.merge_fields.dialects),
            "per_email_ms": round(direct, 3),
            "kit_ms": {few: round(few_ms, 1), many: round(many_ms, 1)},
            "kit_growth_per_email_ms": round((unzipped[1] - unzipped[0]) / (many - few), 3),
            "kit_growth_per_email_with_zip_ms": round((many_ms - few_ms) / (many - few), 3),
            "per_email_amortized_ms": round(many_ms / many, 3)}


def one_email_ms(content: Content, loc, templates: Path, runs: int) -> float:
    """Mean over a language's emails of the CPU milliseconds all of one email's outputs take."""
    language = assemble.Language.of(content, loc, templates, "css-inline")

    def outputs(touchpoint) -> None:
        assemble.add_email(assemble.Kit(loc.code), language, touchpoint)

    return statistics.mean(cpu_ms(runs, lambda tp=tp: outputs(tp))
                           for tp in content.schedule.touchpoints if tp.email)


@contextmanager
def _without_zip():
    """The kit with its zip left empty: to tell the emails' own cost from the bundle's."""
    real = assemble.build_zip
    assemble.build_zip = lambda files, folder: b""
    try:
        yield
    finally:
        assemble.build_zip = real


def per_dialect(root: Path, code: str, runs: int, counts: tuple[int, ...] = (1, 5, 10)) -> dict:
    """All of one email's outputs with 1, 5 and 10 email systems: what one more system costs."""
    project, loc, content = localized(root, code)
    email_ms = {count: one_email_ms(with_dialects(content, count), loc, project.templates, runs)
                for count in counts}
    slope = (email_ms[counts[-1]] - email_ms[counts[0]]) / (counts[-1] - counts[0])
    return {"locale": code, "email_ms": {k: round(v, 3) for k, v in email_ms.items()},
            "per_email_per_dialect_ms": round(slope, 3)}


def with_dialects(content: Content, count: int) -> Content:
    """`content` with `count` dialects: the shipped ones, then copies writing [[field_N]] tokens."""
    shipped = list(content.merge_fields.dialects)
    extra = [shipped[0].model_copy(update={
        "id": f"bench-{n}", "name": f"Benchmark {n}",
        "tokens": {field: f"[[{field}_{n}]]" for field in shipped[0].tokens}})
        for n in range(max(0, count - len(shipped)))]
    dialects = (shipped + extra)[:count]
    return content.model_copy(update={
        "merge_fields": content.merge_fields.model_copy(update={"dialects": dialects})})


def _mean(values: list[float]) -> float:
    return round(statistics.mean(values), 3)
