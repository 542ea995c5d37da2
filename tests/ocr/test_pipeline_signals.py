"""The pipeline attaches per-document signals and page hashes (real OCR engine)."""

from __future__ import annotations

from intake.settings import Settings
from ocr.engine import OcrEngine
from ocr.pipeline import PipelineContext, process_document
from ocr.records import DocumentResult
from samples.generator.claims import generate_document


def test_photocopied_ktp_has_the_signal_and_page_hashes(default_ocr_engine: OcrEngine) -> None:
    ctx = PipelineContext(settings=Settings(), engine=default_ocr_engine)
    data, _truth, _ = generate_document("ktp", 61, "photocopy", "jpeg")
    res = process_document("ktp", data, ctx).result
    codes = {s.signal for s in res.signals}
    assert "photocopy" in codes and "screen_capture" not in codes
    assert [set(h) for h in res.page_hashes] == [{"p64", "p64r", "p256"}]
    stored = res.to_json()
    assert "page_hashes" not in res.as_contract()
    assert DocumentResult.from_json(stored, "ktp").page_hashes == res.page_hashes


def test_honest_scanned_ktp_has_no_signal(default_ocr_engine: OcrEngine) -> None:
    ctx = PipelineContext(settings=Settings(), engine=default_ocr_engine)
    res = process_document("ktp", generate_document("ktp", 62, "scan", "jpeg")[0], ctx).result
    assert res.status == "accepted"
    assert res.signals == []
