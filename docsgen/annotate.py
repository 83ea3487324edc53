"""Annotations drawn onto the captured image, never into the page: outline, badge, callout, crop.

Everything is computed from the element's box in page pixels, so the same call gives the same
pixels every time.
"""

import io
from dataclasses import dataclass

from PIL import Image, ImageDraw

from .theme import THEME, Theme


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float

    def padded(self, padding: float) -> "Box":
        return Box(self.x - padding, self.y - padding, self.width + 2 * padding, self.height + 2 * padding)


def annotate(
    png: bytes,
    target: Box | None,
    number: int,
    *,
    callout: str = "",
    crop: bool = False,
    theme: Theme = THEME,
) -> bytes:
    """The screenshot with the target outlined and numbered (and a callout), cropped if asked."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    if target is not None:
        draw = ImageDraw.Draw(image)
        ring = target.padded(theme.outline_padding)
        draw.rounded_rectangle(
            (ring.x, ring.y, ring.x + ring.width, ring.y + ring.height),
            radius=theme.outline_radius,
            outline=theme.outline,
            width=theme.outline_width,
        )
        _badge(draw, ring, number, image.size, theme)
        if callout:
            _callout(draw, ring, callout, image.size, theme)
        if crop:
            image = image.crop(_crop_area(ring, image.size, theme.crop_padding))
    out = io.BytesIO()
    # No metadata, fixed settings: the same pixels always give the same bytes.
    image.save(out, format="PNG", optimize=False, compress_level=6)
    return out.getvalue()


def _badge(draw: ImageDraw.ImageDraw, ring: Box, number: int, size, theme: Theme) -> None:
    radius = theme.badge_radius
    # Top-left corner of the outline, pulled inside the picture when the element touches an edge.
    cx = min(max(ring.x, radius + 2), size[0] - radius - 2)
    cy = min(max(ring.y, radius + 2), size[1] - radius - 2)
    draw.ellipse(
        (cx - radius, cy - radius, cx + radius, cy + radius), fill=theme.badge_fill, outline=(255, 255, 255), width=2
    )
    draw.text((cx, cy), str(number), fill=theme.badge_text, font=theme.font(), anchor="mm")


def _callout(draw: ImageDraw.ImageDraw, ring: Box, text: str, size, theme: Theme) -> None:
    font = theme.font(theme.font_size - 4)
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    width, height = right - left + 20, bottom - top + 14
    # To the right of the element if there is room, otherwise below it.
    x = ring.x + ring.width + 16
    y = ring.y + ring.height / 2 - height / 2
    if x + width > size[0] - 4:
        x = max(4, min(ring.x, size[0] - width - 4))
        y = ring.y + ring.height + 12
    y = min(max(4, y), size[1] - height - 4)
    draw.rounded_rectangle(
        (x, y, x + width, y + height), radius=6, fill=theme.callout_fill, outline=theme.callout_border, width=2
    )
    draw.text((x + 10, y + 7 - top), text, fill=theme.callout_text, font=font)


def _crop_area(ring: Box, size, padding: int) -> tuple[int, int, int, int]:
    left = max(0, int(ring.x - padding))
    top = max(0, int(ring.y - padding))
    right = min(size[0], int(ring.x + ring.width + padding))
    bottom = min(size[1], int(ring.y + ring.height + padding))
    return left, top, right, bottom
