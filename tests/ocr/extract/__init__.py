"""Helpers for extractor tests: hand-written TextLine pages and cached real-OCR fixtures."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ocr.records import OcrPage, TextLine

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

Segment = tuple[float, str] | tuple[float, str, float]
"""``(x, text)`` or ``(x, text, confidence)``: one recognised line on a row."""


def make_page(rows: Sequence[Sequence[Segment] | str], *, width: int = 1000, height: int = 630,
              row_gap: float = 40.0, char_w: float = 12.0, line_h: float = 24.0,
              page: int = 1, top: float = 20.0) -> OcrPage:
    """Build an OcrPage from rows of segments (a bare string is one segment at x=20).

    Rows are ``row_gap`` apart; a segment's box is ``len(text) * char_w`` wide.
    """
    lines: list[TextLine] = []
    y = top
    for row in rows:
        segs = [(20.0, row)] if isinstance(row, str) else row
        for seg in segs:
            x, text = float(seg[0]), str(seg[1])
            conf = float(seg[2]) if len(seg) > 2 else 0.98  # type: ignore[misc]
            w = max(char_w, len(text) * char_w)
            box = [[x, y], [x + w, y], [x + w, y + line_h], [x, y + line_h]]
            lines.append(TextLine(text, conf, box))
        y += row_gap
    return OcrPage(page=page, width=width, height=height, lines=lines)


def placed_page(items: Sequence[tuple[float, float, float, str]], *, char_w: float = 12.0,
                width: int = 1000, height: int = 700) -> OcrPage:
    """An OcrPage from ``(x, y, line_height, text)`` lines: rows of unequal size and spacing
    (small captions under large values)."""
    lines = [TextLine(text, 0.98, [[x, y], [x + len(text) * char_w * h / 24, y],
                                   [x + len(text) * char_w * h / 24, y + h], [x, y + h]])
             for x, y, h, text in items]
    return OcrPage(page=1, width=width, height=height, lines=lines)


def load_fixture(name: str) -> tuple[str, dict[str, Any], list[OcrPage]]:
    """A cached OCR fixture: (doc_type, truth, pages)."""
    data = json.loads((FIXTURES / f"{name}.json").read_text())
    pages = [
        OcrPage(p["page"], p["width"], p["height"],
                [TextLine(l["text"], l["confidence"], l["box"]) for l in p["lines"]])
        for p in data["pages"]
    ]
    return data["doc_type"], data["truth"], pages


def fixture_names() -> list[str]:
    """Names of all cached OCR fixtures."""
    return sorted(p.stem for p in FIXTURES.glob("*.json"))
