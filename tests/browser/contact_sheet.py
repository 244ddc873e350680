"""One picture per language of every page's screenshots, desktop beside phone, for a person to review
the whole portal at a glance (test-artifacts/screenshots/contact-sheet-<locale>.png)."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

SCALE = 0.25          # of the screenshots' CSS pixels
MAX_HEIGHT = 3200     # of a screenshot, before scaling: long pages are cut at the bottom
GAP, LABEL = 16, 22
BACKGROUND, INK = (236, 238, 242), (40, 40, 40)


def contact_sheet(shots: list[tuple[str, Path, Path]], target: Path) -> Path:
    """`shots` is [(page name, desktop screenshot, phone screenshot)], in reading order."""
    thumbs = [(name, _thumb(desktop), _thumb(phone)) for name, desktop, phone in shots]
    column = max((d.width + GAP + p.width for _, d, p in thumbs), default=0)
    per_row = 3
    rows = [thumbs[i:i + per_row] for i in range(0, len(thumbs), per_row)]
    heights = [LABEL + max(max(d.height, p.height) for _, d, p in row) for row in rows]
    sheet = Image.new("RGB", (GAP + per_row * (column + GAP), GAP + sum(h + GAP for h in heights)),
                      BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    y = GAP
    for row, height in zip(rows, heights):
        for i, (name, desktop, phone) in enumerate(row):
            x = GAP + i * (column + GAP)
            draw.text((x, y + 4), name, fill=INK)
            sheet.paste(desktop, (x, y + LABEL))
            sheet.paste(phone, (x + desktop.width + GAP, y + LABEL))
        y += height + GAP
    sheet.save(target, optimize=True)
    return target


def _thumb(path: Path) -> Image.Image:
    with Image.open(path) as shot:
        shot = shot.convert("RGB").crop((0, 0, shot.width, min(shot.height, MAX_HEIGHT)))
        return shot.resize((max(1, round(shot.width * SCALE)), max(1, round(shot.height * SCALE))),
                           Image.LANCZOS)
