"""The schedule as a picture: an SVG timeline laid out from the touchpoints (and mirrored for RTL).

Points are spaced evenly in day order, with the expiration date between the last notice before it and
the first after it: an even spacing keeps every label readable, and the day labels carry the scale.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from ..models import Schedule

WIDTH = 720
MARGIN = 60
AXIS_Y = 70


@dataclass(frozen=True)
class Point:
    x: int
    day: int
    channel: str  # "email", "phone" or "expiry"
    lines: tuple[str, ...]


def layout(schedule: Schedule, expiry_label: str, rtl: bool) -> list[Point]:
    """Where each touchpoint and the expiration marker go, left to right (right to left for RTL)."""
    items = sorted(((tp.day, tp.channel, tp.title) for tp in schedule.touchpoints), key=lambda t: t[0])
    at = next((i for i, item in enumerate(items) if item[0] >= 0), len(items))
    items.insert(at, (0, "expiry", expiry_label))
    step = (WIDTH - 2 * MARGIN) / max(len(items) - 1, 1)
    points = []
    for i, (day, channel, title) in enumerate(items):
        x = round(MARGIN + i * step)
        lines = tuple(textwrap.wrap(title, width=16, break_long_words=True)[:3])
        points.append(Point(WIDTH - x if rtl else x, day, channel, lines))
    return points
