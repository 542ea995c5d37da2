"""Fixtures for the OCR engine tests: rendered images with known text, provisioned models,
and one engine per backend per test session (loading a model is the slow part).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from intake.settings import Settings
from ocr.engine import OcrEngine, get_engine
from ocr.provision import provision_models

FONT_PATH = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

CARD_TEXT: tuple[str, ...] = ("NIK : 3204110508900002", "NAMA : SITI AMINAH")
"""The known lines printed on :func:`card_image`, top to bottom."""

BACKENDS = ("paddleocr", "rapidocr")


def render_lines(
    lines: Sequence[str],
    *,
    size: tuple[int, int] = (860, 540),
    font_size: int = 34,
    origin: tuple[int, int] = (40, 60),
    line_gap: int = 80,
) -> np.ndarray:
    """Render ``lines`` black on white with DejaVu Sans; return an RGB ``HxWx3`` uint8 array."""
    img = Image.new("RGB", size, (255, 255, 255))
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT_PATH, font_size)
    x, y = origin
    for i, text in enumerate(lines):
        draw.text((x, y + i * line_gap), text, font=font, fill=(0, 0, 0))
    return np.asarray(img, dtype=np.uint8).copy()


@pytest.fixture(scope="session")
def render() -> Callable[..., np.ndarray]:
    """The :func:`render_lines` helper, for tests that need their own image."""
    return render_lines


@pytest.fixture(scope="session")
def card_image() -> np.ndarray:
    """A card-sized (860x540) RGB image with :data:`CARD_TEXT` printed on it."""
    return render_lines(CARD_TEXT)


@pytest.fixture(scope="session")
def card_text() -> tuple[str, ...]:
    """The lines printed on ``card_image``."""
    return CARD_TEXT


@pytest.fixture(scope="session")
def ocr_models_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Model folders provisioned once per session from the installed rapidocr wheel."""
    dest = tmp_path_factory.mktemp("ocr-models") / "models"
    provision_models(dest)
    return dest


def _engine_settings(backend: str, models_dir: Path) -> Settings:
    return Settings(
        ocr_backend=backend,  # type: ignore[arg-type]
        ocr_threads=2,
        models_dir=models_dir,
        environment="test",
    )


@pytest.fixture(scope="session")
def ocr_engine_settings(ocr_models_dir: Path) -> Callable[[str], Settings]:
    """``ocr_engine_settings(backend)``: settings pointing at the session's models dir."""
    return lambda backend: _engine_settings(backend, ocr_models_dir)


@pytest.fixture(scope="session", params=BACKENDS)
def ocr_engine(request: pytest.FixtureRequest, ocr_models_dir: Path) -> OcrEngine:
    """Each real backend in turn, loaded once per session through :func:`get_engine`."""
    return get_engine(_engine_settings(request.param, ocr_models_dir))


@pytest.fixture(scope="session")
def default_ocr_engine(ocr_models_dir: Path) -> OcrEngine:
    """The default backend (PaddleOCR) only, for tests that need one real engine."""
    return get_engine(_engine_settings("paddleocr", ocr_models_dir))


@pytest.fixture(scope="session", params=BACKENDS)
def engine(request: pytest.FixtureRequest, ocr_models_dir: Path) -> OcrEngine:
    """Same as ``ocr_engine`` (each real backend in turn; the name other OCR tests use)."""
    return get_engine(_engine_settings(request.param, ocr_models_dir))
