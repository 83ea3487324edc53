"""The one visual theme of every annotated screenshot; change the look here and nowhere else."""

from dataclasses import dataclass
from pathlib import Path

from PIL import ImageFont

_FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/TTF", "/Library/Fonts", "C:/Windows/Fonts")


@dataclass(frozen=True)
class Theme:
    outline: tuple[int, int, int] = (229, 57, 53)  # the element to use
    outline_width: int = 4
    outline_padding: int = 6
    outline_radius: int = 8
    badge_fill: tuple[int, int, int] = (229, 57, 53)
    badge_text: tuple[int, int, int] = (255, 255, 255)
    badge_radius: int = 17
    callout_fill: tuple[int, int, int] = (255, 248, 225)
    callout_border: tuple[int, int, int] = (229, 57, 53)
    callout_text: tuple[int, int, int] = (33, 33, 33)
    font_size: int = 20
    crop_padding: int = 24  # around the element, for steps shown as a crop

    def font(self, size: int | None = None) -> ImageFont.FreeTypeFont:
        size = size or self.font_size
        for folder in _FONT_DIRS:
            candidate = Path(folder) / "DejaVuSans-Bold.ttf"
            if candidate.exists():
                return ImageFont.truetype(str(candidate), size)
        return ImageFont.load_default(size)


THEME = Theme()
