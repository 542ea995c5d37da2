"""The document pipeline's boundary: bad input is a status, never a crash."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from intake.settings import Settings
from ocr import pipeline
from ocr.engine import NullEngine
from ocr.pipeline import PipelineContext, process_document


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (640, 400), (240, 240, 240)).save(buf, "PNG")
    return buf.getvalue()


def test_bad_bytes_are_rejected_with_the_intake_code() -> None:
    ctx = PipelineContext(settings=Settings(), engine=NullEngine())
    res = process_document("ktp", b"<html>not a photo</html>", ctx).result
    assert (res.status, res.reason) == ("rejected", "not_an_allowed_format")
    assert res.message is not None and res.message.id and res.message.en


def test_an_unexpected_stage_error_makes_one_document_unreadable(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_a: object, **_k: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(pipeline, "normalise_page", broken)
    ctx = PipelineContext(settings=Settings(), engine=NullEngine())
    res = process_document("ktp", _png(), ctx).result
    assert (res.status, res.reason) == ("unreadable", "processing_failed")
    assert "officer" in res.message.en and res.message.id
