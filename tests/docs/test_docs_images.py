"""Annotations drawn onto the picture, and the review that says which pictures changed."""

import io

from PIL import Image, ImageDraw

from docsgen.annotate import Box, annotate
from docsgen.review import Review, compare
from docsgen.theme import THEME


def png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def page_picture(text: str = "Новый платеж") -> bytes:
    image = Image.new("RGB", (400, 300), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((100, 120, 260, 160), fill=(47, 122, 31))
    draw.text((110, 130), text, fill="white", font=THEME.font(14))
    return png(image)


def pixel(data: bytes, x: int, y: int):
    return Image.open(io.BytesIO(data)).convert("RGB").getpixel((x, y))


def test_the_outline_surrounds_the_element_and_the_badge_carries_the_step_number():
    drawn = annotate(page_picture(), Box(100, 120, 160, 40), 4)
    ring_left = 100 - THEME.outline_padding + 1
    assert pixel(drawn, ring_left, 140) == THEME.outline
    assert pixel(drawn, 255, 157) == (47, 122, 31)  # the element itself is left as it was
    badge_centre = (100 - THEME.outline_padding, 120 - THEME.outline_padding)
    assert pixel(drawn, badge_centre[0] - THEME.badge_radius + 5, badge_centre[1]) == THEME.badge_fill


def test_annotating_twice_gives_the_same_bytes():
    assert annotate(page_picture(), Box(100, 120, 160, 40), 1, callout="Сюда") == annotate(
        page_picture(), Box(100, 120, 160, 40), 1, callout="Сюда"
    )


def test_a_crop_keeps_the_element_with_its_padding():
    cropped = Image.open(io.BytesIO(annotate(page_picture(), Box(100, 120, 160, 40), 1, crop=True)))
    margin = THEME.outline_padding + THEME.crop_padding
    assert cropped.size == (160 + 2 * margin, 40 + 2 * margin)


def test_the_callout_is_drawn_beside_the_element():
    drawn = annotate(page_picture(), Box(100, 120, 160, 40), 1, callout="Сюда")
    assert pixel(drawn, 300, 140) != (255, 255, 255)
    assert pixel(annotate(page_picture(), Box(100, 120, 160, 40), 1), 300, 140) == (255, 255, 255)


def test_identical_pictures_are_unchanged_and_a_new_label_is_a_change_shown_in_red():
    before, after = page_picture("Новый платеж"), page_picture("Оплатить")
    assert compare("ru/desktop/04.png", "04-amount", before, before).status == "unchanged"
    change = compare("ru/desktop/04.png", "04-amount", before, after)
    assert change.status == "changed" and change.changed_pixels > 10
    highlight = Image.open(io.BytesIO(change.highlight)).convert("RGB")
    assert any(highlight.getpixel((x, 135)) == (230, 0, 0) for x in range(110, 250))


def test_anti_aliasing_noise_alone_is_not_a_change():
    image = Image.open(io.BytesIO(page_picture())).convert("RGB")
    noisy = image.copy()
    # A one-level shade difference, the kind a font renderer's rounding produces.
    noisy.putpixel((150, 125), tuple(max(0, c - 1) for c in image.getpixel((150, 125))))
    assert compare("x.png", "04-amount", png(image), png(noisy)).status == "unchanged"


def test_added_and_removed_pictures_and_the_one_line_summary():
    review = Review(
        [
            compare("ru/desktop/01-site.png", "01-site", page_picture(), page_picture()),
            compare("ru/desktop/05-confirm.png", "05-confirm", page_picture("А"), page_picture("Б")),
            compare("ru/desktop/11-new.png", "11-new", None, page_picture()),
        ]
    )
    assert review.summary(["01-site", "05-confirm", "11-new"]) == (
        "3 steps: 1 unchanged, 1 changed (05-confirm), 1 added (11-new)"
    )
