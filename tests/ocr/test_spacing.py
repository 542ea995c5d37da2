"""Spaces the recogniser dropped, restored from the pixels (ocr.spacing)."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ocr.records import TextLine
from ocr.spacing import restore_line, restore_spaces
from tests.ocr.imaging import BOLD_FONT_PATH, FONT_PATH


def _line(printed: str, read: str, *, bold: bool = False, size: int = 30, space: int | None = None,
          invert: bool = False) -> tuple[np.ndarray, TextLine]:
    """``printed`` drawn word by word (``space`` px between words), read back as ``read``."""
    font = ImageFont.truetype(BOLD_FONT_PATH if bold else FONT_PATH, size)
    img = Image.new("RGB", (1400, 120), (20, 20, 25) if invert else (250, 250, 245))
    d = ImageDraw.Draw(img)
    x = 40.0
    gap = space if space is not None else font.getlength(" ")
    for word in printed.split(" "):
        d.text((x, 40), word, font=font, fill=(240, 240, 240) if invert else (20, 20, 25))
        x += font.getlength(word) + gap
    box = [[34.0, 34.0], [x - gap + 6, 34.0], [x - gap + 6, 40.0 + size * 1.25], [34.0, 40.0 + size * 1.25]]
    return np.asarray(img), TextLine(read, 0.95, box)


@pytest.mark.parametrize(("printed", "read", "bold", "space"), [
    ("JOKO SUSANTO", "JOKOSUSANTO", True, 7),
    ("DESMAWATI TANJUNG", "DESMAWATITANJUNG", False, 8),
    (": HADI PRASETYO", ": HADIPRASETYO", False, 8),
    ("Nama : LAMRIA NASUTION", "Nama : LAMRIANASUTION", True, 7),
])
def test_a_narrow_printed_space_comes_back(printed: str, read: str, bold: bool, space: int) -> None:
    image, line = _line(printed, read, bold=bold, space=space)
    assert restore_line(image, line).text == printed


@pytest.mark.parametrize("word", ["CILANGKAHAN", "KARYAWAN SWASTA", "PLASTINDO", "MENGEMUDI", "WIRASWASTA",
                                  "KEBAYORAN BARU", "PARLINDUNGAN"])
def test_whole_words_are_never_split(word: str) -> None:
    image, line = _line(word, word, bold=True)
    assert restore_line(image, line).text == word


def test_light_print_on_a_dark_ground_and_nothing_else_changes() -> None:
    image, line = _line("BUDI SANTOSO", "BUDISANTOSO", bold=True, space=7, invert=True)
    out = restore_spaces(image, [line, TextLine("No. 3204 1105", 0.9, line.box)])
    assert [ln.text for ln in out] == ["BUDI SANTOSO", "No. 3204 1105"]
    assert out[0].box == line.box and out[0].confidence == line.confidence
