"""Tests of ``ocr.quality``: figures and the gate calibrated on synthetic images."""

from __future__ import annotations

import numpy as np
import pytest

from ocr.normalise import normalise_page
from ocr.quality import MESSAGES, measure_quality, quality_gate
from ocr.records import PageImage, Quality
from tests.ocr import imaging as im


def _gate(image: np.ndarray, hint: str | None = "ktp") -> str | None:
    norm = normalise_page(PageImage(page=1, image=image), None)
    result = quality_gate(norm.quality, hint)
    return None if result is None else result[0]


@pytest.fixture(scope="module")
def card() -> np.ndarray:
    return im.render_card(1000)


@pytest.fixture(scope="module")
def photo(card: np.ndarray) -> np.ndarray:
    return im.photo_of(card)


def test_figures_of_clean_card(card: np.ndarray) -> None:
    q = measure_quality(card)
    assert (q.width, q.height) == (card.shape[1], card.shape[0])
    assert q.blur > 1000
    assert 150 < q.brightness < 240
    assert q.contrast > 20
    assert q.glare == 0.0
    assert set(q.as_dict()) >= {"width", "height", "blur", "brightness", "contrast", "glare"}


def test_blur_does_not_depend_on_resolution(card: np.ndarray) -> None:
    big = measure_quality(np.ascontiguousarray(np.repeat(np.repeat(card, 2, 0), 2, 1))).blur
    small = measure_quality(card).blur
    assert 0.5 < big / small < 2.0


@pytest.mark.parametrize(
    "name",
    ["clean", "scan", "photo", "mild_photo_blur", "mild_dark", "low_res", "page", "page_scan"],
)
def test_gate_passes_readable_images(name: str, card: np.ndarray, photo: np.ndarray) -> None:
    image, hint = {
        "clean": (card, "ktp"),
        "scan": (im.add_noise(im.render_card(1200), 3), "ktp"),
        "photo": (photo, "ktp"),
        "mild_photo_blur": (im.blur(photo, 1.5), "bpjs_card"),
        "mild_dark": (im.darken(photo, 0.5), "ktp"),
        "low_res": (im.shrink(card, 500), "ktp"),
        "page": (im.render_page(200), "resignation_letter"),
        "page_scan": (im.add_noise(im.blur(im.render_page(150), 0.8), 3), None),
    }[name]
    assert _gate(image, hint) is None


def test_gate_fails_heavy_blur(card: np.ndarray, photo: np.ndarray) -> None:
    assert _gate(im.blur(card, 5)) == "too_blurry"
    assert _gate(im.blur(photo, 6)) == "too_blurry"
    assert _gate(im.blur(im.render_page(200), 7), "resignation_letter") == "too_blurry"


def test_gate_fails_dark(photo: np.ndarray, card: np.ndarray) -> None:
    assert _gate(im.darken(photo, 0.1)) == "too_dark"
    assert _gate(im.darken(card, 0.15)) == "too_dark"
    noisy = np.clip(photo.astype(np.float32) * 0.08 + np.random.default_rng(0).normal(0, 2.5, photo.shape[:2])[..., None],
                    0, 255).astype(np.uint8)
    assert _gate(noisy) == "too_dark"


def test_dim_photo_with_crisp_print_is_not_too_dark(photo: np.ndarray) -> None:
    """x0.2 is dim (brightness ~41) but its print still reads line for line: no retake."""
    assert _gate(im.darken(photo, 0.2)) is None


def test_gate_fails_glare(photo: np.ndarray) -> None:
    assert _gate(im.add_glare(photo, (0.5, 0.45), 0.15)) == "glare"


def test_white_page_is_not_glare() -> None:
    q = measure_quality(im.render_page(150))
    assert q.glare == 0.0
    assert quality_gate(q, "resignation_letter") is None


def test_gate_fails_too_small(card: np.ndarray) -> None:
    assert _gate(im.shrink(card, 320)) == "too_small"
    assert _gate(im.shrink(im.render_page(200), 450), "kk") == "too_small"


def test_gate_fails_washed_out() -> None:
    q = Quality(width=1000, height=630, blur=500.0, brightness=245.0, contrast=6.0, glare=0.0)
    assert quality_gate(q) is not None and quality_gate(q)[0] == "too_bright"


def test_messages_are_bilingual_and_ask_for_new_photo() -> None:
    for code in ("too_blurry", "too_dark", "too_bright", "glare", "too_small"):
        m = MESSAGES[code]
        assert "baru" in m.id and "new photo" in m.en
    q = Quality(width=1000, height=630, blur=5.0, brightness=200.0, contrast=40.0, glare=0.0)
    reason, message = quality_gate(q, "ktp")  # type: ignore[misc]
    assert reason == "too_blurry" and message is MESSAGES["too_blurry"]


def test_light_print_on_a_dark_card_is_not_too_dark(card: np.ndarray) -> None:
    inverted = (255 - card).astype(np.uint8)  # white text on a dark card (the app's digital card)
    q = measure_quality(inverted)
    assert q.brightness < 70 and q.contrast >= 25
    assert _gate(inverted) != "too_dark"


def test_legible_print_on_a_dark_design_with_little_text_is_not_too_dark(card: np.ndarray) -> None:
    """A dark card design whose print covers a small part of it: the whole image's spread is
    low (the old rule called it too dark), the print's own contrast is not."""
    inverted = (255 - card).astype(np.uint8)
    h, w = inverted.shape[:2]
    design = np.full((h * 2, w * 2, 3), 12, np.uint8)  # plain dark background around the print
    design[:h, :w] = (inverted.astype(np.float32) * 0.6).astype(np.uint8)
    q = measure_quality(design)
    assert q.brightness < 45 and q.contrast < 25  # what the whole-image figures say
    assert q.ink_contrast is not None and q.ink_contrast > q.contrast
    assert quality_gate(q, "bpjs_card") is None


def test_gate_without_ink_contrast_keeps_the_whole_image_rule() -> None:
    """Figures stored before ``ink_contrast`` existed are judged as before."""
    q = Quality(width=1000, height=630, blur=500.0, brightness=40.0, contrast=8.0, glare=0.0)
    assert quality_gate(q, "ktp") is not None and quality_gate(q, "ktp")[0] == "too_dark"  # type: ignore[index]


def test_glare_at_the_edge_of_the_photo_is_measured_like_glare_inside_it(photo: np.ndarray) -> None:
    """The halo ring is looked at only around each blob: a highlight cut by the photo's edge
    (its ring clipped by the border) is still glare, and so is the same highlight inside."""
    from ocr.quality import glare_score

    inside = glare_score(im.add_glare(photo, (0.5, 0.45), 0.15))
    edge = glare_score(im.add_glare(photo, (0.02, 0.5), 0.15))
    assert inside > 0.01 and edge > 0.005
    assert glare_score(photo) == 0.0
