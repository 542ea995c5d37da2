"""The document pipeline's boundary: bad input is a status; unexpected errors propagate."""

from __future__ import annotations

import io
import json
import shutil
from dataclasses import replace
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


class _Scripted(NullEngine):
    """Reads the same passbook lines (no holder or number rows) with a given confidence."""

    def __init__(self, confidence: float) -> None:
        self.confidence = confidence

    def recognise(self, image: object) -> list:  # type: ignore[override]
        from ocr.records import TextLine

        texts = ["BANK RAKYAT INDONESIA", "BUKU TABUNGAN BRITAMA", "KCP BOGOR SUKASARI", "Tanggal Buka 01-02-2020"]
        return [TextLine(t, self.confidence, [[20, 40 + 40 * i], [400, 40 + 40 * i], [400, 64 + 40 * i], [20, 64 + 40 * i]])
                for i, t in enumerate(texts)]


@pytest.mark.parametrize(("confidence", "status"), [(0.97, "accepted"), (0.6, "unreadable")])
def test_a_photo_that_read_well_is_not_sent_back_for_a_field_its_layout_lacks(
        monkeypatch: pytest.MonkeyPatch, confidence: float, status: str) -> None:
    # the image figures say "glare", but the page was read with high confidence: the missing
    # fields are the layout's, the claimant is not asked for a new photo (a poor read still is)
    monkeypatch.setattr("ocr.quality.quality_gate", lambda *_a, **_k: ("glare", None))
    res = process_document("passbook", _png(), PipelineContext(settings=Settings(), engine=_Scripted(confidence))).result
    assert res.status == status


class _Sticker(NullEngine):
    """Reads a cover sticker that names no bank and prints no label: the holder and a number."""

    def recognise(self, image: object) -> list:  # type: ignore[override]
        from ocr.records import TextLine

        texts = ["TUTI HANDAYANI", "1234 0100 0567 509", "KCP BOGOR SUKASARI", "Simpan buku ini baik-baik"]
        return [TextLine(t, 0.97, [[20, 40 + 40 * i], [400, 40 + 40 * i], [400, 64 + 40 * i], [20, 64 + 40 * i]])
                for i, t in enumerate(texts)]


def test_an_unknown_layout_keeps_its_lines_for_the_typed_values(monkeypatch: pytest.MonkeyPatch) -> None:
    from matching.recognise import recognised_by_typed
    from matching.verdict import build_report
    from tests.matching.test_locate import form

    monkeypatch.setattr("ocr.quality.quality_gate", lambda *_a, **_k: None)
    res = process_document("passbook", _png(), PipelineContext(settings=Settings(), engine=_Sticker())).result
    assert (res.status, res.reason) == ("wrong_type", "unknown_document")
    assert [ln.text for ln in res.lines][:2] == ["TUTI HANDAYANI", "1234 0100 0567 509"]
    assert "lines" not in res.as_contract()
    report = build_report("c1", form(), recognised_by_typed(form(), {"passbook": res})).as_contract()
    assert report["documents"]["passbook"]["status"] == "accepted"
    checks = {c["check"]: c["status"] for c in report["checks"]}
    assert checks["passbook.account_number"] == checks["passbook.account_holder"] == "match"


class _GlaredSticker(_Sticker):
    """The sticker read poorly (a highlight over part of it)."""

    def recognise(self, image: object) -> list:  # type: ignore[override]
        return [replace(ln, confidence=0.6) for ln in super().recognise(image)]


@pytest.mark.parametrize(("gate", "usable"), [("glare", True), ("too_blurry", False)])
def test_a_glared_photo_that_prints_the_typed_values_is_usable(monkeypatch: pytest.MonkeyPatch, gate: str,
                                                              usable: bool) -> None:
    from matching.recognise import recognised_by_typed
    from tests.matching.test_locate import form

    monkeypatch.setattr("ocr.quality.quality_gate", lambda *_a, **_k: (gate, None))
    res = process_document("passbook", _png(), PipelineContext(settings=Settings(), engine=_GlaredSticker())).result
    assert (res.status, res.reason) == ("unreadable", gate)
    assert "lines" not in res.as_contract()
    doc = recognised_by_typed(form(), {"passbook": res})["passbook"]
    assert (doc.status == "accepted") is usable
    # a glared photo that prints neither the typed number nor the typed names is still sent back
    typed = form(account_number="9988776655", full_name="Budi Santoso", account_holder="BUDI SANTOSO")
    other = recognised_by_typed(typed, {"passbook": res})["passbook"]
    assert other.status == "unreadable"


def _on_a_table(data: bytes, scale: float, angle: float) -> bytes:
    """A card image photographed small on a brown table, in a 4:3 frame."""
    card = Image.open(io.BytesIO(data)).convert("RGB").rotate(angle, expand=True, fillcolor=(120, 90, 60))
    w = int(card.width * scale)
    frame = Image.new("RGB", (w, w * 3 // 4), (120, 90, 60))
    frame.paste(card, ((frame.width - card.width) // 2 + 40, (frame.height - card.height) // 2 - 30))
    buf = io.BytesIO()
    frame.save(buf, "JPEG", quality=88)
    return buf.getvalue()


@pytest.mark.parametrize("scale", [3.0, 3.5])
def test_a_ktp_photographed_small_on_a_table_is_read(default_ocr_engine: object, scale: float) -> None:
    # the card covers 8-11 % of the frame, under the share a document outline must cover: the
    # frame is read whole, at the page's detector cap (at the card's its print is too small)
    from bench.ocr_accuracy import compare_fields
    from samples.generator import generate_document

    data, truth, _ext = generate_document("ktp", "table:0", "clean", "png")
    ctx = PipelineContext(settings=Settings(), engine=default_ocr_engine)  # type: ignore[arg-type]
    res = process_document("ktp", _on_a_table(data, scale, -4.0), ctx).result
    got = compare_fields("ktp", truth, {k: {"value": v.value} for k, v in res.fields.items()})
    assert res.status == "accepted"
    assert all(got[k] for k in ("nik", "full_name", "birth_date")), got


def test_the_card_cap_is_for_a_page_that_is_the_card() -> None:
    from ocr.pipeline import det_max_side

    s = Settings(ocr_det_max_side=1280, ocr_det_max_side_cards=800)
    assert det_max_side("ktp", s) == 800
    assert det_max_side("ktp", s, card_fills_page=False) is None  # the engine's page cap
    assert det_max_side("resignation_letter", s) is None


class _ReadsWhole(NullEngine):
    """Reads a KK only from the whole page; a strip cut out of it reads as a footer."""

    def __init__(self) -> None:
        self.calls = 0

    def recognise(self, image: object) -> list:  # type: ignore[override]
        from ocr.records import TextLine

        self.calls += 1
        h, w = image.shape[:2]  # type: ignore[attr-defined]
        texts = (["Dikeluarkan Tanggal : 19-11-2017", "KEPALA DINAS KEPENDUDUKAN DAN", "DJOKO SOEMARNO"] if w > 3 * h
                 else ["KARTU KELUARGA", "No. 3204110101100001", "Nama Lengkap NIK Jenis Kelamin",
                       "1 TUTI HANDAYANI 3204114508900002 PEREMPUAN"])
        return [TextLine(t, 0.97, [[20, 40 + 40 * i], [600, 40 + 40 * i], [600, 64 + 40 * i], [20, 64 + 40 * i]])
                for i, t in enumerate(texts)]


def test_a_crop_that_lost_the_document_is_read_again_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """The outline found was a strip of the page (a light page on a light background): what it
    reads is no KK, so the page is read again uncropped, and that reading wins."""
    import numpy as np

    monkeypatch.setattr("ocr.quality.quality_gate", lambda *_a, **_k: None)
    monkeypatch.setattr("ocr.normalise.find_document",
                        lambda *_a, **_k: np.array([[0, 300], [640, 300], [640, 400], [0, 400]], np.float32))
    engine = _ReadsWhole()
    res = process_document("kk", _png(), PipelineContext(settings=Settings(), engine=engine)).result
    assert res.status == "accepted"
    assert engine.calls == 2
    assert res.quality is not None and not res.quality.get("perspective_corrected")
