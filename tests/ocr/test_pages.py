"""Tests of ``ocr.pages``: image decoding with EXIF, PDF text layers, rasterising, limits."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from intake.settings import Settings
from ocr import pages
from ocr.pages import PageError, load_pages
from tests.ocr import imaging as im


def _settings(**kw: object) -> Settings:
    base: dict[str, object] = {"pdf_render_dpi": 72, "max_pdf_pages": 5, "pdf_render_timeout_s": 30.0}
    base.update(kw)
    return Settings(**base)  # type: ignore[arg-type]


def _marked(h: int = 60, w: int = 100) -> np.ndarray:
    """White image with a red block in its top-left corner."""
    img = np.full((h, w, 3), 255, np.uint8)
    img[:20, :20] = (255, 0, 0)
    return img


def test_exif_orientation_is_applied() -> None:
    # Orientation 6: the viewer turns the stored pixels 90 degrees clockwise.
    data = im.to_jpeg(_marked(), exif_orientation=6, quality=95)
    [page] = load_pages(data, "jpeg", _settings())
    assert page.image.shape == (100, 60, 3)
    assert page.image.dtype == np.uint8
    # The stored top-left corner is now the top-right one.
    assert page.image[5, -5, 0] > 200 and page.image[5, -5, 1] < 60
    assert page.image[5, 5].min() > 200
    assert page.page == 1 and page.text_layer is None


def test_plain_png_is_rgb_uint8() -> None:
    [page] = load_pages(im.to_png(_marked()), "png", _settings())
    assert page.image.shape == (60, 100, 3)
    assert tuple(page.image[0, 0]) == (255, 0, 0)


def test_transparent_png_is_flattened_on_white() -> None:
    rgba = Image.new("RGBA", (40, 30), (0, 0, 0, 0))
    buf = io.BytesIO()
    rgba.save(buf, "PNG")
    [page] = load_pages(buf.getvalue(), "png", _settings())
    assert page.image.shape == (30, 40, 3)
    assert page.image.min() == 255


def test_undecodable_image_raises_code() -> None:
    with pytest.raises(PageError) as exc:
        load_pages(b"\xff\xd8\xff\xe0" + b"\x00" * 64, "jpeg", _settings())
    assert exc.value.code == "image_decode_failed"
    assert exc.value.message.id and exc.value.message.en


def test_image_pixel_limit() -> None:
    with pytest.raises(PageError) as exc:
        load_pages(im.to_png(_marked(200, 200)), "png", _settings(max_image_pixels=10_000))
    assert exc.value.code == "image_too_large"


def test_pdf_text_layer_page_returns_text_and_an_ocr_resolution_image() -> None:
    data = im.text_pdf([list(im.PAGE_LINES)])
    [page] = load_pages(data, "pdf", _settings(pdf_render_dpi=200))
    assert page.text_layer is not None
    assert "3204110508900002" in page.text_layer
    assert "SURAT KETERANGAN" in page.text_layer
    # Rasterised at the OCR resolution: the text layer is used only where OCR of this image
    # agrees with it (issue 12 item 3), so the page must be readable.
    assert page.dpi == 200
    assert abs(page.image.shape[1] - 1654) <= 2 and abs(page.image.shape[0] - 2339) <= 2


def test_pdf_mixed_pages_text_and_ocr() -> None:
    data = im.text_pdf([["short"], list(im.PAGE_LINES)])
    result = load_pages(data, "pdf", _settings(pdf_render_dpi=150))
    assert [p.page for p in result] == [1, 2]
    assert result[0].text_layer is None and result[0].dpi == 150
    assert abs(result[0].image.shape[1] - 1240) <= 2
    assert result[1].text_layer is not None and result[1].dpi == 150


def test_image_only_pdf_is_rasterised() -> None:
    card = im.render_card(600)
    data = im.image_pdf([card, im.darken(card, 0.8), card], dpi=100)
    result = load_pages(data, "pdf", _settings(pdf_render_dpi=100))
    assert len(result) == 3
    assert [p.page for p in result] == [1, 2, 3]
    for p in result:
        assert p.text_layer is None
        assert p.image.dtype == np.uint8 and p.image.ndim == 3
        assert abs(p.image.shape[1] - 600) <= 2
    assert im.correlation(result[0].image, card) > 0.95


def test_pdf_page_limit() -> None:
    data = im.text_pdf([[] for _ in range(6)])
    with pytest.raises(PageError) as exc:
        load_pages(data, "pdf", _settings(max_pdf_pages=5))
    assert exc.value.code == "too_many_pages"
    assert len(load_pages(data, "pdf", _settings(max_pdf_pages=6))) == 6


def test_broken_pdf_raises_render_failed() -> None:
    with pytest.raises(PageError) as exc:
        load_pages(b"%PDF-1.4\n garbage without objects\n%%EOF", "pdf", _settings())
    assert exc.value.code == "pdf_render_failed"


def test_pdf_timeout_maps_to_code(monkeypatch: pytest.MonkeyPatch) -> None:
    import pdf2image
    from pdf2image.exceptions import PDFPopplerTimeoutError

    def slow(*args: object, **kwargs: object) -> list[Image.Image]:
        assert kwargs["thread_count"] == 1 and kwargs["timeout"] >= 1
        raise PDFPopplerTimeoutError("Run poppler timeout.")

    monkeypatch.setattr(pdf2image, "convert_from_bytes", slow)
    with pytest.raises(PageError) as exc:
        load_pages(im.text_pdf([[]]), "pdf", _settings())
    assert exc.value.code == "pdf_render_timeout"


def test_oversized_pdf_page_resolution_is_capped() -> None:
    assert pages._safe_dpi(200, (595, 842), 40_000_000) == 200
    dpi = pages._safe_dpi(200, (595 * 10, 842 * 10), 40_000_000)
    assert (595 * 10 / 72 * dpi) * (842 * 10 / 72 * dpi) <= 40_000_000


def test_image_pdf_keeps_the_embedded_images_own_resolution() -> None:
    # A scanner app's PDF: a 520 px card on a page sized as if printed at 300 dpi. Rendering
    # at the default 200 dpi would shrink it to ~350 px and make it "too small" to read.
    card = Image.new("RGB", (520, 328), (230, 240, 250))
    buf = io.BytesIO()
    card.save(buf, "PDF", resolution=300)
    [page] = load_pages(buf.getvalue(), "pdf", Settings())
    assert page.image.shape[1] >= 520
    assert page.dpi is not None and page.dpi >= 300


def test_image_pdf_native_resolution_is_capped() -> None:
    big = Image.new("RGB", (3000, 1890), (255, 255, 255))
    buf = io.BytesIO()
    big.save(buf, "PDF", resolution=1200)  # a 2.5 in page: native 1200 dpi
    [page] = load_pages(buf.getvalue(), "pdf", Settings())
    assert page.dpi == pages.MAX_NATIVE_DPI


def test_the_one_text_layer_rule_is_shared_with_intake() -> None:
    from intake.files import check_file
    from intake.pdfprobe import MIN_TEXT_LAYER_CHARS

    # 20..39 letters: intake said "text layer", the page loader said "none" (issue 10 item 4).
    line = "A" * MIN_TEXT_LAYER_CHARS
    data = im.text_pdf([[line]])
    assert check_file(data, settings=Settings()).has_text_layer is True
    [page] = load_pages(data, "pdf", _settings())
    assert page.text_layer is not None and line in page.text_layer
    short = im.text_pdf([["A" * (MIN_TEXT_LAYER_CHARS - 1)]])
    assert check_file(short, settings=Settings()).has_text_layer is False
    assert load_pages(short, "pdf", _settings())[0].text_layer is None


_NO_PYPDF = """
import sys
sys.path.insert(0, sys.argv[1])
from ocr.pages import load_pages
from tests.ocr import imaging as im
[page] = load_pages(im.text_pdf([list(im.PAGE_LINES)]), "pdf")
assert page.text_layer is not None
print("pypdf" in sys.modules)
"""


def test_pdf_pages_are_never_parsed_in_process() -> None:
    import subprocess
    import sys
    from pathlib import Path

    root = str(Path(__file__).resolve().parents[2])
    done = subprocess.run([sys.executable, "-c", _NO_PYPDF, root], capture_output=True, text=True, timeout=120,
                          check=True)
    assert done.stdout.strip() == "False"


def test_the_intake_probe_is_passed_along_and_not_parsed_again(monkeypatch: pytest.MonkeyPatch) -> None:
    from intake.files import check_file

    data = im.text_pdf([list(im.PAGE_LINES)])
    checked = check_file(data, settings=Settings())
    assert checked.pdf is not None

    def no_second_parse(*_a: object, **_k: object) -> None:
        raise AssertionError("parsed twice")

    monkeypatch.setattr(pages, "probe_pdf", no_second_parse)
    [page] = load_pages(data, "pdf", _settings(), checked.pdf)
    assert page.text_layer == checked.pdf.pages[0].text_layer


def test_memory_budget_6300px_png_is_refused_by_the_worker_before_decode() -> None:
    from tests.intake.badfiles import png_rgb

    with pytest.raises(PageError) as exc:
        load_pages(png_rgb(6300, 6300), "png", Settings())
    assert exc.value.code == "too_much_memory"
    assert exc.value.message.id and exc.value.message.en


def test_memory_budget_tiny_5_page_pdf_with_huge_pages_is_refused_by_the_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.intake.badfiles import HUGE_PAGE, pdf_with_pages

    def no_render(*_a: object, **_k: object) -> None:
        raise AssertionError("rendered before the budget check")

    monkeypatch.setattr(pages, "_render", no_render)
    with pytest.raises(PageError) as exc:
        load_pages(pdf_with_pages(HUGE_PAGE, 5), "pdf", Settings())
    assert exc.value.code == "too_much_memory"


def test_render_plan_falls_back_to_the_plain_resolution_within_the_budget() -> None:
    from intake.files import pdf_memory_bytes
    from intake.pdfprobe import PdfPage, PdfProbe

    # Two scanned A4 pages whose embedded images are 400 dpi: 2 x 15.5 Mpx x 9 bytes = 279 MB.
    scan = PdfPage(width_pt=595, height_pt=842, text="", native_dpi=400)
    probe = PdfProbe(pages=(scan, scan))
    assert pages.render_plan(probe, Settings(max_document_memory_mb=512)) == [400, 400]
    plan = pages.render_plan(probe, Settings(max_document_memory_mb=256))
    assert plan == [200, 200] and pdf_memory_bytes(probe, plan) <= 256 * 1024 * 1024
    with pytest.raises(PageError) as exc:
        pages.render_plan(probe, Settings(max_document_memory_mb=16))
    assert exc.value.code == "too_much_memory"
