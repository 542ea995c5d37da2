"""The document pipeline's boundary: bad input is a status; unexpected errors propagate."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from PIL import Image

from intake.settings import Settings
from ocr.engine import NullEngine
from ocr.pipeline import PipelineContext, process_document

REPO = Path(__file__).resolve().parents[2]


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (640, 400), (240, 240, 240)).save(buf, "PNG")
    return buf.getvalue()


def _boom(*_a: object, **_k: object) -> None:
    raise RuntimeError("boom")


def test_bad_bytes_are_rejected_with_the_intake_code() -> None:
    ctx = PipelineContext(settings=Settings(), engine=NullEngine())
    res = process_document("ktp", b"<html>not a photo</html>", ctx).result
    assert (res.status, res.reason) == ("rejected", "not_an_allowed_format")
    assert res.message is not None and res.message.id and res.message.en


def test_an_unexpected_error_propagates_for_the_worker_to_retry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ocr.normalise.normalise_page", _boom)  # imported where a document is read
    with pytest.raises(RuntimeError):
        process_document("ktp", _png(), PipelineContext(settings=Settings(), engine=NullEngine()))


def test_the_folder_runner_makes_that_one_document_unreadable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from workers.claim_dir import verify_claim_dir

    folder = tmp_path / "claim"
    folder.mkdir()
    shutil.copy(REPO / "samples" / "claims" / "clear-01" / "claim.json", folder / "claim.json")
    (folder / "ktp.png").write_bytes(_png())
    monkeypatch.setattr("ocr.normalise.normalise_page", _boom)  # imported where a document is read
    report = verify_claim_dir(folder, PipelineContext(settings=Settings(), engine=NullEngine())).as_contract()
    ktp = report["documents"]["ktp"]
    assert (ktp["status"], ktp["reason"]) == ("unreadable", "processing_failed")
    assert report["documents"]["kk"]["status"] == "missing"
    assert report["verdict"] == "needs_correction"
    json.dumps(report)
