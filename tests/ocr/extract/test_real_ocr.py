"""End-to-end checks on real OCR output: render a document, recognise it with each backend,
classify it and extract its fields (slow: loads the models)."""

from __future__ import annotations

import numpy as np
import pytest

from ocr.classify import classify
from ocr.engine import OcrEngine
from ocr.extract import extract
from ocr.records import OcrPage
from tests.ocr.fixtures.make_fixtures import render_ktp, render_letter

pytestmark = pytest.mark.ocr


@pytest.mark.parametrize("render", [lambda: render_ktp(wrapped=True), render_letter], ids=["ktp_wrapped", "letter"])
def test_render_recognise_classify_extract(engine: OcrEngine, render) -> None:  # type: ignore[no-untyped-def]
    img, truth = render()
    page = OcrPage(page=1, width=img.width, height=img.height, lines=engine.recognise(np.asarray(img)))
    doc_type, conf = classify([page])
    assert doc_type == ("ktp" if "nik" in truth else "resignation_letter") and conf > 0.7
    got = extract(doc_type, [page])
    assert {k: got[k].value for k in truth if k in got} == truth
