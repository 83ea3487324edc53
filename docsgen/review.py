"""What changed since the images in docs/: per step unchanged, changed, added or removed.

Identical bytes are unchanged at once. Otherwise pixelmatch, which ignores anti-aliasing noise,
counts the pixels that really differ, on the region where the images differ at all (so a
one-word change in a tall page costs little). The report shows each changed image before, after,
and with its changed pixels highlighted.
"""

import base64
import html
import io
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageChops
from pixelmatch.contrib.PIL import pixelmatch

# Pixels that differ beyond pixelmatch's colour threshold, ignoring anti-aliasing, before an
# image counts as changed.
CHANGED_PIXELS = 1


@dataclass
class ImageChange:
    name: str  # e.g. ru/desktop/05-confirm.png
    step_id: str
    status: str  # unchanged, changed, added, removed
    changed_pixels: int = 0
    before: bytes | None = None
    after: bytes | None = None
    highlight: bytes | None = None


@dataclass
class Review:
    changes: list[ImageChange] = field(default_factory=list)

    def steps_with(self, status: str) -> list[str]:
        return sorted({c.step_id for c in self.changes if c.status == status})

    def summary(self, step_ids: list[str]) -> str:
        changed = [s for s in step_ids if s in self.steps_with("changed")]
        added = [s for s in step_ids if s in self.steps_with("added") and s not in changed]
        removed = self.steps_with("removed")
        unchanged = [s for s in step_ids if s not in changed and s not in added]
        parts = [f"{len(unchanged)} unchanged"]
        if changed:
            parts.append(f"{len(changed)} changed ({', '.join(changed)})")
        if added:
            parts.append(f"{len(added)} added ({', '.join(added)})")
        if removed:
            parts.append(f"{len(removed)} removed ({', '.join(removed)})")
        return f"{len(step_ids)} steps: " + ", ".join(parts)


def compare(name: str, step_id: str, before: bytes | None, after: bytes | None) -> ImageChange:
    if before is None:
        return ImageChange(name, step_id, "added", after=after)
    if after is None:
        return ImageChange(name, step_id, "removed", before=before)
    if before == after:
        return ImageChange(name, step_id, "unchanged")
    old, new = _rgba(before), _rgba(after)
    if old.size != new.size:
        return ImageChange(name, step_id, "changed", old.size[0] * old.size[1], before, after, _highlight_all(new))
    region = ImageChops.difference(old.convert("RGB"), new.convert("RGB")).getbbox()
    if region is None:
        return ImageChange(name, step_id, "unchanged")
    diff = Image.new("RGBA", (region[2] - region[0], region[3] - region[1]))
    count = pixelmatch(old.crop(region), new.crop(region), diff, threshold=0.1, includeAA=False)
    if count < CHANGED_PIXELS:
        return ImageChange(name, step_id, "unchanged")
    return ImageChange(name, step_id, "changed", count, before, after, _highlight(new, diff, region))


def _rgba(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png)).convert("RGBA")


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _highlight(new: Image.Image, diff: Image.Image, region) -> bytes:
    """The new image dimmed, with the changed pixels in red and the changed region framed."""
    base = Image.blend(new.convert("RGB"), Image.new("RGB", new.size, "white"), 0.6)
    red = Image.new("RGB", diff.size, (230, 0, 0))
    # pixelmatch paints real differences red (255, 0, 0): use that as the mask.
    r, g, _b, _a = diff.split()
    mask = Image.eval(ImageChops.subtract(r, g), lambda v: 255 if v > 200 else 0)
    base.paste(red, region[:2], mask)
    return _png(base)


def _highlight_all(new: Image.Image) -> bytes:
    return _png(Image.blend(new.convert("RGB"), Image.new("RGB", new.size, (230, 0, 0)), 0.3))


def report_html(review: Review, summary: str) -> str:
    def img(data: bytes | None, caption: str) -> str:
        if not data:
            return f"<figure><figcaption>{caption}</figcaption><p>—</p></figure>"
        encoded = base64.b64encode(data).decode("ascii")
        return f'<figure><figcaption>{caption}</figcaption><img src="data:image/png;base64,{encoded}"></figure>'

    rows = []
    for change in sorted(review.changes, key=lambda c: (c.status == "unchanged", c.name)):
        head = f"<h2>{html.escape(change.name)} — {change.status}"
        if change.status == "changed":
            head += f" ({change.changed_pixels} px)"
        head += "</h2>"
        if change.status == "unchanged":
            rows.append(f'<section class="unchanged">{head}</section>')
            continue
        figures = img(change.before, "before") + img(change.after, "after")
        if change.highlight:
            figures += img(change.highlight, "changed pixels")
        rows.append(f'<section class="{change.status}">{head}<div class="figs">{figures}</div></section>')
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Instruction images: changes</title>'
        "<style>body{font-family:sans-serif;margin:1.5rem}.figs{display:flex;gap:1rem;align-items:flex-start}"
        "figure{margin:0;flex:1}img{max-width:100%;border:1px solid #bbb}h2{font-size:1rem}"
        ".changed h2{color:#b3261e}.added h2{color:#1e6bb8}.removed h2{color:#7b1fa2}.unchanged h2{color:#777}"
        "</style></head><body>"
        f"<h1>Instruction images: {html.escape(summary)}</h1>" + "".join(rows) + "</body></html>"
    )


def existing_images(folder: Path) -> dict[str, bytes]:
    if not folder.exists():
        return {}
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*.png"))}
