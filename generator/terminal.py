"""What the command line may print where: escape codes only on a terminal, colour never under NO_COLOR."""

from __future__ import annotations

import os
from typing import TextIO


def is_terminal(stream: TextIO) -> bool:
    """Someone watches `stream` on a terminal that understands escape codes."""
    return stream.isatty() and os.environ.get("TERM") != "dumb"


def wants_color(stream: TextIO) -> bool:
    """Colour on a terminal, unless NO_COLOR is set to anything but nothing (no-color.org)."""
    return not os.environ.get("NO_COLOR") and is_terminal(stream)
