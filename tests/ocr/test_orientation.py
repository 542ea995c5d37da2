"""Tests of ``ocr.orientation``: quarter turns detected with and without a recogniser."""

from __future__ import annotations

import numpy as np
import pytest

from ocr.orientation import apply_rotation, detect_orientation
from tests.ocr import imaging as im

TURNS = (0, 90, 180, 270)


@pytest.fixture(scope="module")
def card() -> np.ndarray:
    return im.render_card(1000)


@pytest.fixture(scope="module")
def text() -> np.ndarray:
    return im.render_text(("NIK : 3204110508900002", "Nama : BUDI SANTOSO"))


def test_apply_rotation_is_clockwise() -> None:
    img = np.zeros((2, 3), np.uint8)
    img[0, 0] = 1
    turned = apply_rotation(img, 90)
    assert turned.shape == (3, 2)
    assert turned[0, 1] == 1  # top-left goes to top-right
    assert np.array_equal(apply_rotation(apply_rotation(img, 90), 270), img)
    assert np.array_equal(apply_rotation(img, -90), apply_rotation(img, 270))
    with pytest.raises(ValueError):
        apply_rotation(img, 45)


@pytest.mark.ocr
@pytest.mark.parametrize("turn", TURNS)
def test_detects_all_turns_with_rapidocr(card: np.ndarray, text: np.ndarray, turn: int) -> None:
    for upright in (card, text):
        turned = apply_rotation(upright, -turn)  # turned counter-clockwise by `turn`
        assert detect_orientation(turned, im.rapidocr_recognise) == turn
        assert np.array_equal(apply_rotation(turned, turn), upright)


@pytest.mark.parametrize("turn", TURNS)
def test_detects_turns_by_layout_without_ocr(card: np.ndarray, turn: int) -> None:
    assert detect_orientation(apply_rotation(card, -turn)) == turn
    page = im.render_page(100)
    assert detect_orientation(apply_rotation(page, -turn)) == turn


@pytest.mark.ocr
def test_recogniser_called_once_on_small_image(card: np.ndarray) -> None:
    calls: list[tuple[int, int]] = []

    def spy(image: np.ndarray) -> list:
        calls.append(image.shape[:2])
        return im.rapidocr_recognise(image)

    assert detect_orientation(apply_rotation(card, 180), spy) == 180
    assert len(calls) == 1
    h, w = calls[0]
    assert h * w < card.shape[0] * card.shape[1]


def test_blank_image_is_left_alone() -> None:
    blank = np.full((300, 500, 3), 240, np.uint8)
    assert detect_orientation(blank) == 0
    assert detect_orientation(blank, lambda image: []) == 0


def test_a_read_pages_widest_lines_tell_upright_from_turned(card: np.ndarray) -> None:
    """The pipeline's check before a second, turned, reading of a poor page: the widest lines
    read as they are score far better than turned when the page is upright, and far worse when
    it is upside down (real recogniser, no automatic line rotation)."""
    from ocr.orientation import crops_of_lines, upright_margin

    lines = im.rapidocr_recognise(card)
    crops = crops_of_lines(card, lines)
    assert 0 < len(crops) <= 4 and all(c.shape[0] == 40 for c in crops)
    upright = upright_margin(crops, im.rapidocr_recognise)
    assert upright is not None and upright >= 2.0
    turned = apply_rotation(card, 180)
    flipped = upright_margin(crops_of_lines(turned, im.rapidocr_recognise(turned)), im.rapidocr_recognise)
    assert flipped is not None and flipped < 1.0
    assert upright_margin([], im.rapidocr_recognise) is None
