"""The brand colour of content/program.yml, turned into the shades the portal, emails and banners use.

One colour is written in content; the others are derived from it, so a vendor changes one value:
a darker shade for headings and links that must read on white, light tints for dark mode, and the
text colour on the brand (white or black, whichever has more contrast, as WCAG measures it).
Stylesheets name the shades as `{{ brand.NAME }}`; nothing else of Jinja is read in them.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from .errors import InputError, Problem
from .models import Brand

_TOKEN = re.compile(r"\{\{\s*brand\.([a-z_]+)\s*\}\}")


@dataclass(frozen=True)
class Palette:
    color: str       # the brand colour: header, buttons, banners
    on: str          # text on the brand colour
    ink: str         # the brand colour darkened until it reads on white (links, headings)
    dark: str        # a darker shade (headings, banner button text)
    bright: str      # a slightly lighter shade (buttons in dark mode)
    light: str       # a light tint (links in dark mode)
    tint: str        # a lighter tint (headings in dark mode)


def palette(brand: Brand) -> Palette:
    rgb = _rgb(brand.color)
    white, black = (255, 255, 255), (0, 0, 0)
    on = "#ffffff" if _contrast(rgb, white) >= _contrast(rgb, black) else "#000000"
    ink = rgb
    while _contrast(ink, white) < 4.5:
        ink = _mix(ink, black, 0.1)
    return Palette(color=_hex(rgb), on=on, ink=_hex(ink), dark=_hex(_mix(ink, black, 0.34)),
                   bright=_hex(_mix(rgb, white, 0.12)), light=_hex(_mix(rgb, white, 0.55)),
                   tint=_hex(_mix(rgb, white, 0.75)))


def apply(css: str, colours: Palette, shown: str) -> str:
    """`css` with each `{{ brand.NAME }}` replaced by that shade; an unknown name is an error."""
    values = asdict(colours)
    unknown = sorted({name for name in _TOKEN.findall(css) if name not in values})
    if unknown:
        raise InputError([Problem(shown, 0, 0, "", f"unknown brand shade {{{{ brand.{name} }}}}; "
                                  f"expected one of: {', '.join(values)}") for name in unknown])
    return _TOKEN.sub(lambda m: values[m.group(1)], css)


def portal_css(colours: Palette) -> str:
    """Material's custom palette, from the brand (its `primary: custom` and `accent: custom`)."""
    return (
        "/* Written by the build from content/program.yml brand.color. */\n"
        '[data-md-color-primary="custom"] {\n'
        f"  --md-primary-fg-color: {colours.color};\n"
        f"  --md-primary-fg-color--light: {colours.bright};\n"
        f"  --md-primary-fg-color--dark: {colours.dark};\n"
        f"  --md-primary-bg-color: {colours.on};\n"
        f"  --md-primary-bg-color--light: {colours.on}b3;\n"
        "}\n"
        '[data-md-color-scheme="default"][data-md-color-primary="custom"] {\n'
        f"  --md-typeset-a-color: {colours.ink};\n"
        "}\n"
        '[data-md-color-scheme="slate"][data-md-color-primary="custom"] {\n'
        f"  --md-typeset-a-color: {colours.light};\n"
        "}\n"
        '[data-md-color-accent="custom"] {\n'
        f"  --md-accent-fg-color: {colours.bright};\n"
        f"  --md-accent-fg-color--transparent: {colours.bright}1a;\n"
        f"  --md-accent-bg-color: {colours.on};\n"
        f"  --md-accent-bg-color--light: {colours.on}b3;\n"
        "}\n"
    )


def _rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def _hex(rgb: tuple[int, ...]) -> str:
    return "#" + "".join(f"{round(c):02x}" for c in rgb)


def _mix(rgb: tuple[int, ...], other: tuple[int, ...], share: float) -> tuple[int, int, int]:
    return tuple(round(a + (b - a) * share) for a, b in zip(rgb, other))  # type: ignore[return-value]


def _luminance(rgb: tuple[int, ...]) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
