"""The schedule as a picture: touchpoints placed to scale on a line of days, labels in lanes.

Each point sits at its day's share of the schedule's span (to scale: -60 to -30 is six times as wide
as 0 to +5). Labels are a fixed width (LABEL_REM) and go into the first lane where they overlap no
other label, lanes alternating below and above the line, so close points never collide. The lanes
are worked out for the narrowest line the horizontal picture is drawn at (MIN_AXIS_REM); a wider
line only spreads them further. Narrower than that, the stylesheet lays the points out as a
vertical list. Positions are logical (start to end), so right-to-left pages mirror by themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Schedule

MIN_AXIS_REM = 27     # portal.css: the container query's 30rem less the figure's padding
LABEL_REM = 7.5       # portal.css: .renewal-timeline .point width
GAP_REM = 0.5
MINUS = "\u2212"      # a true minus sign, not a hyphen


@dataclass(frozen=True)
class Point:
    day: int
    channel: str      # "email", "phone" or "expiry"
    title: str
    position: float   # 0 at the first day, 1 at the last
    lane: int         # 0 below the line, 1 above, 2 further below, 3 further above, ...
    anchor: str       # "start", "middle" or "end": which side of the label is at the point

    @property
    def day_label(self) -> str:
        return f"{MINUS}{-self.day}" if self.day < 0 else f"+{self.day}" if self.day else "0"


def layout(schedule: Schedule, expiry_label: str) -> list[Point]:
    """Every touchpoint and the expiration date, in day order, placed and given a lane."""
    items = sorted([(tp.day, tp.channel, str(tp.title)) for tp in schedule.touchpoints]
                   + [(0, "expiry", expiry_label)], key=lambda item: (item[0], item[1] != "expiry"))
    first, last = items[0][0], items[-1][0]
    span = (last - first) or 1
    lanes: list[list[tuple[float, float]]] = []
    points = []
    for i, (day, channel, title) in enumerate(items):
        position = (day - first) / span
        anchor = "start" if i == 0 else "end" if i == len(items) - 1 else "middle"
        extent = _extent(position * MIN_AXIS_REM, anchor)
        lane = next((n for n, taken in enumerate(lanes)
                     if all(extent[1] + GAP_REM <= a or b + GAP_REM <= extent[0] for a, b in taken)),
                    len(lanes))
        if lane == len(lanes):
            lanes.append([])
        lanes[lane].append(extent)
        points.append(Point(day, channel, title, round(position, 4), lane, anchor))
    return points


def _extent(x: float, anchor: str) -> tuple[float, float]:
    offset = {"start": 0.0, "middle": LABEL_REM / 2, "end": LABEL_REM}[anchor]
    return x - offset, x - offset + LABEL_REM


def lane_count(points: list[Point]) -> int:
    return max((p.lane for p in points), default=0) + 1


def grid_row(lane: int, lanes: int) -> int:
    """The label's row in the picture's grid: the line is in the middle row, odd lanes above it."""
    axis = lanes // 2 + 1
    return axis - (lane + 1) // 2 if lane % 2 else axis + lane // 2 + 1


def axis_row(lanes: int) -> int:
    return lanes // 2 + 1
