"""Tests of ``ocr.normalise``: document crop, deskew, scaling, orientation, no-op on scans."""

from __future__ import annotations

import math

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ocr.normalise import (
    CARD_ASPECT,
    NormaliseContext,
    _edge_turn,
    cuts_text,
    cuts_through,
    despeckle,
    estimate_skew,
    find_document,
    is_grey,
    normalise_page,
    rectangle_like,
)
from ocr.orientation import apply_rotation
from ocr.records import PageImage
from tests.ocr import imaging as im

CARD_BG = (214, 230, 244)


@pytest.fixture(scope="module")
def card() -> np.ndarray:
    return im.render_card(1000)


def _norm(image: np.ndarray, ctx: object = None, **kw: object):
    return normalise_page(PageImage(page=1, image=image, **kw), ctx)  # type: ignore[arg-type]


def test_clean_card_is_unchanged(card: np.ndarray) -> None:
    n = _norm(card)
    assert n.image.shape == card.shape
    assert np.array_equal(n.image, card)
    assert n.transform.quad is None and n.transform.skew == 0 and n.transform.rotation == 0
    assert n.quality.perspective_corrected is False and n.quality.upscaled == 1.0


def test_rendered_a4_page_is_not_cropped() -> None:
    page = im.render_page(200)
    n = _norm(page, dpi=200.0)
    assert n.image.shape == page.shape
    assert n.transform.quad is None and n.transform.skew == 0 and n.transform.rotation == 0


def test_page_with_table_is_not_cropped_to_the_table() -> None:
    img = Image.fromarray(im.render_page(150))
    d = ImageDraw.Draw(img)
    d.rectangle([150, 800, 1100, 1500], outline=(0, 0, 0), width=3)
    for y in range(870, 1500, 70):
        d.line([(150, y), (1100, y)], fill=(0, 0, 0), width=2)
    d.line([(500, 800), (500, 1500)], fill=(0, 0, 0), width=2)
    page = np.asarray(img).copy()
    n = _norm(page)
    assert n.image.shape == page.shape
    assert n.transform.quad is None


def _two_tone_page(w: int = 1200, h: int = 850) -> np.ndarray:
    """A passbook page whose upper half is a dark brand panel with white print."""
    img = Image.new("RGB", (w, h), (248, 248, 244))
    d = ImageDraw.Draw(img)
    d.rectangle([0, 0, w, 460], fill=(0, 95, 106))
    d.rectangle([0, 460, w, 470], fill=(241, 90, 34))
    for i, y in enumerate(range(60, 420, 70)):
        d.rectangle([60, y, 60 + 420 - 40 * i, y + 30], fill=(255, 255, 255))  # white print
    for y in range(520, 760, 60):
        d.rectangle([60, y, 700, y + 24], fill=(30, 30, 30))
    return np.asarray(img).copy()


def test_page_filling_the_frame_is_not_cropped_to_its_white_part() -> None:
    # a scan of a two-tone page: the white area under the panel reaches three sides of the
    # frame; cropping to it would cut the holder and the number away
    page = _two_tone_page()
    n = _norm(page)
    assert n.transform.quad is None
    assert n.image.shape == page.shape


def test_two_tone_document_on_a_dark_background_is_cropped_whole() -> None:
    # the colour mask alone catches only the white lower part (the panel is close to the dark
    # background); the document's own outline holds it and wins
    page = _two_tone_page()
    h, w = 1200, 1600
    bg = np.full((h, w, 3), 28, np.uint8)
    y0, x0 = 170, 200
    bg[y0:y0 + page.shape[0], x0:x0 + page.shape[1]] = page
    n = _norm(bg)
    assert n.transform.quad is not None
    xs = [p[0] for p in n.transform.quad]
    ys = [p[1] for p in n.transform.quad]
    assert min(ys) == pytest.approx(y0, abs=15) and max(ys) == pytest.approx(y0 + page.shape[0], abs=15)
    assert min(xs) == pytest.approx(x0, abs=15) and max(xs) == pytest.approx(x0 + page.shape[1], abs=15)


@pytest.mark.ocr
def test_card_photo_is_recovered(card: np.ndarray) -> None:
    photo = im.photo_of(card)
    n = _norm(photo)
    assert n.quality.perspective_corrected
    h, w = n.image.shape[:2]
    assert w / h == pytest.approx(CARD_ASPECT, abs=0.03)
    assert im.correlation(n.image, card) > 0.85
    assert im.CARD_NUMBER in im.read_text(n.image).replace(" ", "")


def test_strong_perspective_photo_is_recovered(card: np.ndarray) -> None:
    corners = [(300, 250), (1350, 330), (1250, 1000), (200, 880)]
    n = _norm(im.photo_of(card, corners=corners, seed=3))
    assert n.quality.perspective_corrected
    assert n.image.shape[1] / n.image.shape[0] == pytest.approx(CARD_ASPECT, abs=0.03)
    assert im.correlation(n.image, card) > 0.8


def test_card_filling_the_frame_is_left_alone(card: np.ndarray) -> None:
    n = _norm(im.add_noise(card, 3))
    assert n.transform.quad is None


@pytest.mark.parametrize("angle", [3.0, -3.0, 8.0])
def test_deskew_restores_small_angles(card: np.ndarray, angle: float) -> None:
    n = _norm(im.rotate(card, angle, CARD_BG))
    # The card was turned counter-clockwise by `angle`; the fix turns it back.
    assert abs(n.transform.skew + angle) < 0.7
    assert n.quality.skew == n.transform.skew


def test_deskew_of_a_page() -> None:
    n = _norm(im.rotate(im.render_page(150), 3.0))
    assert abs(n.transform.skew + 3.0) < 0.7
    assert n.transform.rotation == 0


def test_deskew_leaves_straight_text(card: np.ndarray) -> None:
    assert _norm(im.render_page(150)).transform.skew == 0.0


def test_small_image_is_upscaled(card: np.ndarray) -> None:
    n = _norm(im.shrink(card, 480))
    assert n.image.shape[1] >= 1000
    assert n.quality.upscaled == pytest.approx(n.image.shape[1] / 480, rel=0.01)


def test_large_image_is_capped() -> None:
    big = np.ascontiguousarray(np.repeat(np.repeat(im.render_card(1000), 3, 0), 3, 1))
    n = _norm(big)
    assert max(n.image.shape[:2]) <= 2400
    assert n.quality.upscaled < 1.0


def test_text_layer_page_skips_ocr_steps() -> None:
    page = apply_rotation(im.render_page(100), 90)
    calls: list[int] = []
    ctx = NormaliseContext(recognise=lambda image: calls.append(1) or [])
    n = _norm(page, ctx, dpi=100.0, text_layer="text " * 20)
    assert n.image.shape == page.shape and n.text_layer
    assert calls == []


@pytest.mark.ocr
def test_upside_down_sideways_photo_is_turned_upright(card: np.ndarray) -> None:
    photo = im.photo_of(apply_rotation(card, 90), corners=[(500, 150), (1100, 170), (1120, 1100), (480, 1080)])
    n = _norm(photo, NormaliseContext(recognise=im.rapidocr_recognise))
    assert n.transform.rotation == 270
    assert n.quality.perspective_corrected
    assert n.image.shape[1] > n.image.shape[0]
    assert im.correlation(n.image, card) > 0.8


def test_despeckle_clears_toner_specks_and_keeps_strokes() -> None:
    page = np.full((200, 300, 3), 235, np.uint8)
    page[50:80, 40:44] = 20  # a stroke of a letter
    page[100:103, 150:153] = 30  # a 3x3 mark (a full stop at this size): larger than a speck
    rng = np.random.default_rng(1)
    ys, xs = rng.integers(5, 195, 60), rng.integers(5, 295, 60)
    page[ys, xs] = 25  # single-pixel toner specks
    assert is_grey(page)
    out = despeckle(page)
    assert (out[50:80, 40:44] == 20).all()
    assert (out[100:103, 150:153] == 30).all()
    specks_left = sum(int(out[y, x, 0] < 100) for y, x in zip(ys, xs, strict=True)
                      if not (50 <= y < 80 and 40 <= x < 44))
    assert specks_left == 0
    colour = page.copy()
    colour[..., 0] = 250
    assert not is_grey(colour)


@pytest.mark.parametrize(("quad", "expected"), [
    ([[100, 100], [700, 130], [680, 520], [90, 480]], True),  # a page seen in perspective
    ([[0, 0], [800, 0], [800, 500], [0, 500]], True),
    # the colour mask's outline of a photo whose document runs off the frame: a sliver
    ([[702, 294], [740, 482], [76, 599], [352, 199]], False),
    ([[100, 100], [700, 100], [690, 160], [110, 480]], False),  # opposite sides far apart in length
])
def test_only_rectangle_like_outlines_are_documents(quad: list[list[float]], expected: bool) -> None:
    assert rectangle_like(np.array(quad, np.float32)) is expected


def test_an_outline_through_the_paper_cuts_it() -> None:
    # a white page on a grey table: its own outline has the table outside every edge; an
    # outline that lost a corner of the page (glare, a light table) has paper outside an edge
    photo = np.full((800, 600, 3), 120, np.uint8)
    photo[100:700, 100:500] = 250
    whole = np.array([[100, 100], [499, 100], [499, 699], [100, 699]], np.float32)
    lost_corner = np.array([[100, 100], [499, 300], [499, 699], [100, 699]], np.float32)
    assert cuts_through(photo, whole) is False
    assert cuts_through(photo, lost_corner) is True


def _printed_page(w: int = 800, h: int = 560, left: int = 8) -> np.ndarray:
    """A form whose text runs close to the page's left edge (a KK), its borders shaded darker
    than its middle as a photocopier leaves them."""
    img = Image.new("RGB", (w, h), (245, 245, 245))
    draw = ImageDraw.Draw(img)
    font = ImageFont.load_default(size=24)
    for i in range(12):
        draw.text((left, 30 + 40 * i), f"MANAMA Kepala Keluarga {i}: BUDI", fill=(20, 20, 20), font=font)
    page = np.asarray(img).astype(np.float32)
    yy, xx = np.mgrid[0:h, 0:w]
    edge = np.minimum(np.minimum(xx, w - 1 - xx) / w, np.minimum(yy, h - 1 - yy) / h)
    shade = np.clip(1.0 - 0.25 * np.clip(1 - edge / 0.06, 0, 1), 0, 1)  # darker within 6% of the border
    return (page * shade[..., None]).astype(np.uint8)


def test_an_outline_through_the_text_cuts_it() -> None:
    page = _printed_page()
    inside = np.array([[20, 20], [780, 20], [780, 540], [20, 540]], np.float32)  # through the first letters
    margin = np.array([[3, 3], [796, 3], [796, 556], [3, 556]], np.float32)
    assert cuts_text(page, inside) is True
    assert cuts_text(page, margin) is False
    # the same page lying on a dark table: its own outline cuts nothing
    table = np.full((700, 1000, 3), 60, np.uint8)
    table[70:630, 100:900] = page
    assert cuts_text(table, np.array([[100, 70], [899, 70], [899, 629], [100, 629]], np.float32)) is False


def test_a_photocopied_form_filling_the_frame_is_not_cropped_into_its_text() -> None:
    # a photocopied KK (generated, training family) whose shaded borders gave a colour outline
    # 3-5% inside the page, cutting off the first letters of the members' names
    import io

    from samples.generator import generate_document

    data, _truth, _ext = generate_document("kk", "q:standard:0", "photocopy", "png", family="standard")
    assert find_document(np.array(Image.open(io.BytesIO(data)).convert("RGB"))) is None
    data, _truth, _ext = generate_document("kk", "q:standard:0", "photo", "jpeg", family="standard")
    assert find_document(np.array(Image.open(io.BytesIO(data)).convert("RGB"))) is not None


def _banded_page(w: int = 1200, h: int = 850, band: int = 170) -> np.ndarray:
    """A passbook page with a brand-coloured band across its top (the bank's name in it)."""
    img = Image.new("RGB", (w, h), (246, 246, 242))
    d = ImageDraw.Draw(img)
    d.rectangle([0, 0, w, band], fill=(0, 110, 120))
    d.rectangle([60, 60, 300, 110], fill=(255, 255, 255))
    for y in range(260, 520, 60):
        d.rectangle([60, y, 300, y + 24], fill=(60, 60, 60))
        d.rectangle([420, y, 900, y + 24], fill=(30, 30, 30))
    return np.asarray(img).copy()


def _placed(doc: np.ndarray, bg: np.ndarray, corners: list[tuple[int, int]]) -> np.ndarray:
    h, w = bg.shape[:2]
    dh, dw = doc.shape[:2]
    src = np.float32([[0, 0], [dw - 1, 0], [dw - 1, dh - 1], [0, dh - 1]])
    m = cv2.getPerspectiveTransform(src, np.float32(corners))
    warped = cv2.warpPerspective(doc, m, (w, h))
    a = (cv2.warpPerspective(np.full((dh, dw), 255, np.uint8), m, (w, h)) / 255.0)[..., None]
    return (warped * a + bg * (1 - a)).astype(np.uint8)


def _dark_checker(h: int, w: int, cell: int = 40) -> np.ndarray:
    yy, xx = np.mgrid[0:h, 0:w]
    v = np.where(((yy // cell) + (xx // cell)) % 2 == 0, 40, 55).astype(np.uint8)
    return np.repeat(v[..., None], 3, axis=2)


@pytest.mark.parametrize(("background", "band"), [("dark_checker", 170), ("wood", 170), ("dark_checker", 520)])
def test_a_photographed_page_keeps_its_coloured_band(background: str, band: int) -> None:
    # the two-tone split catches only the white part; every pixel unlike the table top holds
    # it, and the band (where the bank's name is printed) stays on the page
    bg = _dark_checker(1200, 1600) if background == "dark_checker" else im.textured_background(1200, 1600)
    corners = [(220, 180), (1380, 260), (1340, 1060), (180, 980)]
    quad = find_document(_placed(_banded_page(band=band), bg, corners))
    assert quad is not None
    for got, want in zip(quad.tolist(), corners, strict=True):
        assert got == pytest.approx(want, abs=12)


def test_a_highlight_beside_the_page_does_not_bend_its_outline() -> None:
    # glare on the table next to the page is unlike the table top too; the page's outline
    # stays a rectangle with the page's own sides (never a quad pulled towards the highlight)
    corners = [(220, 180), (1380, 260), (1340, 1060), (180, 980)]
    photo = im.add_glare(_placed(_banded_page(), _dark_checker(1200, 1600), corners), centre=(0.06, 0.4), radius=0.06)
    quad = find_document(photo)
    assert quad is not None
    assert _edge_turn(quad, np.float32(corners)) <= 4.0


def test_a_highlight_beside_the_page_does_not_cost_it_its_band() -> None:
    # the highlight joins the region unlike the table top, so that region is no document
    # outline; grown along the page's own sides only, the outline still takes the band in
    corners = [(220, 180), (1380, 260), (1340, 1060), (180, 980)]
    for centre in ((0.06, 0.4), (0.95, 0.5)):
        photo = im.add_glare(_placed(_banded_page(), _dark_checker(1200, 1600), corners), centre=centre, radius=0.06)
        quad = find_document(photo)
        assert quad is not None
        for got, want in zip(quad.tolist(), corners, strict=True):
            assert got == pytest.approx(want, abs=15), centre


def test_a_banded_page_running_off_the_frame_is_read_whole() -> None:
    # photographed close, the page runs off three sides of the frame: cropping to its white
    # part would cut the band (the bank's name) away, so the frame is read as it is
    corners = [(200, -150), (1700, 60), (1450, 1300), (60, 1050)]
    assert find_document(_placed(_banded_page(), _dark_checker(1200, 1600), corners)) is None


def _striped(h: int, w: int) -> np.ndarray:
    """A table top of dark horizontal grain (long level stripes: they vote for no skew)."""
    yy = np.mgrid[0:h, 0:w][0]
    v = np.where((yy // 9) % 3 == 0, 70, 110).astype(np.uint8)
    return np.repeat(v[..., None], 3, axis=2)


def test_a_page_held_askew_on_a_grained_table_is_levelled() -> None:
    # the page runs off the frame (no outline to warp) and is held 16 degrees off; the table's
    # level grain outnumbers its text lines, so only marks on the page vote
    page = np.full((1100, 900, 3), 246, np.uint8)
    img = Image.fromarray(page)
    draw = ImageDraw.Draw(img)
    font = ImageFont.load_default(size=26)
    for i in range(20):
        draw.text((60, 60 + 50 * i), "Nama Peserta : BUDI SANTOSO  No. KPJ 12345678901", fill=(25, 25, 25), font=font)
    a = math.radians(16)
    c, s = math.cos(a), math.sin(a)
    corners = [(300 + x * c - y * s, -120 + x * s + y * c) for x, y in ((0, 0), (900, 0), (900, 1100), (0, 1100))]
    photo = _placed(np.asarray(img), _striped(1200, 1600), corners)
    assert estimate_skew(photo) == pytest.approx(16.0, abs=1.0)  # (it read 0: the grain's level lines won)
