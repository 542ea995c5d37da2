"""Per-document signals: severities, page hashes, capture cues, KTP NIK consistency, PDF structure."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image
from pydantic import ValidationError

from intake.pdfprobe import PdfPage, PdfProbe
from intake.settings import Settings
from ocr.pages import decode_image
from ocr.records import FieldValue, Signal
from ocr.signals import (
    DEFAULT_SEVERITY,
    hamming_hex,
    is_photocopy,
    is_screen_capture,
    ktp_nik_inconsistencies,
    ktp_nik_signal,
    measure_cues,
    page_hash,
    pdf_structure_signal,
    producer_mismatch,
    severity_of,
    with_severity,
)
from samples.generator.claims import generate_document


def test_severities_default_and_configurable() -> None:
    assert severity_of("account_shared") == "warn"
    assert severity_of("photocopy") == "info"
    s = Settings(signal_severity="photocopy=warn, account_shared=info")
    assert severity_of("photocopy", s) == "warn"
    assert severity_of("account_shared", s) == "info"
    assert severity_of("screen_capture", s) == DEFAULT_SEVERITY["screen_capture"]
    sig = Signal("photocopy", "info", {"pages": [1]}, Message_en("x"))
    assert with_severity(sig, s).severity == "warn"
    assert with_severity(sig, s).detail == {"pages": [1]}


def Message_en(text: str):
    from intake.errors import Message

    return Message(id=text, en=text)


@pytest.mark.parametrize("value", ["photocopy=high", "photocopy", "=warn"])
def test_bad_severity_setting_is_refused(value: str) -> None:
    with pytest.raises(ValidationError, match="EKLAIM_SIGNAL_SEVERITY"):
        Settings(signal_severity=value)


def _png_to_array(data: bytes) -> np.ndarray:
    return decode_image(data)


def test_page_hash_survives_rescale_and_reencode_but_tells_documents_apart() -> None:
    data, _, _ = generate_document("ktp", 31, "scan", "jpeg")
    img = Image.open(io.BytesIO(data)).convert("RGB")
    small = img.resize((int(img.width * 0.8), int(img.height * 0.8)))
    buf = io.BytesIO()
    small.save(buf, "JPEG", quality=45)
    a = page_hash(_png_to_array(data))
    b = page_hash(_png_to_array(buf.getvalue()))
    assert hamming_hex(a["p64"], b["p64"]) <= 3
    assert hamming_hex(a["p256"], b["p256"]) <= 24
    other = page_hash(_png_to_array(generate_document("ktp", 32, "scan", "jpeg")[0]))
    assert hamming_hex(a["p256"], other["p256"]) > 24
    turned = page_hash(np.ascontiguousarray(_png_to_array(data)[::-1, ::-1]))
    assert hamming_hex(a["p64r"], turned["p64"]) <= 3


@pytest.mark.parametrize("slot", ["ktp", "resignation_letter"])
def test_photocopy_cue(slot: str) -> None:
    copy = measure_cues(decode_image(generate_document(slot, 40, "photocopy", "jpeg")[0]))
    assert is_photocopy(copy)
    for cond in ("clean", "scan"):
        honest = measure_cues(decode_image(generate_document(slot, 40, cond, "jpeg")[0]))
        assert not is_photocopy(honest), cond


def test_screen_capture_cue() -> None:
    screen = measure_cues(decode_image(generate_document("bpjs_card", 41, "screen", "jpeg")[0]))
    assert is_screen_capture(screen)
    for cond in ("clean", "scan", "photocopy"):
        honest = measure_cues(decode_image(generate_document("bpjs_card", 41, cond, "jpeg")[0]))
        assert not is_screen_capture(honest), cond


def _fv(value: str, conf: float = 0.98) -> FieldValue:
    return FieldValue(value=value, confidence=conf)


# 32 04 = Jawa Barat / Kabupaten Bandung; born 1990-08-05 (+40 for a woman: 45)
_NIK_M = "3204110508900002"
_NIK_F = "3204114508900002"


def test_ktp_nik_consistent_card_has_no_signal() -> None:
    fields = {"nik": _fv(_NIK_F), "birth_date": _fv("1990-08-05"), "gender": _fv("PEREMPUAN"),
              "province": _fv("JAWA BARAT"), "regency": _fv("KABUPATEN BANDUNG")}
    assert ktp_nik_inconsistencies(fields) == []
    assert ktp_nik_signal(fields) is None


def test_ktp_nik_inconsistencies_each_part() -> None:
    base = {"nik": _fv(_NIK_M), "birth_date": _fv("1990-08-05"), "gender": _fv("LAKI-LAKI"),
            "province": _fv("JAWA BARAT"), "regency": _fv("KABUPATEN BANDUNG")}
    assert ktp_nik_inconsistencies({**base, "birth_date": _fv("1990-08-06")}) == ["birth_date"]
    assert ktp_nik_inconsistencies({**base, "birth_date": _fv("1991-08-05")}) == ["birth_date"]
    assert ktp_nik_inconsistencies({**base, "gender": _fv("PEREMPUAN")}) == ["gender"]
    # the extractor halves a gender that disagrees with the NIK's day: still compared
    assert ktp_nik_inconsistencies({**base, "gender": _fv("PEREMPUAN", 0.45)}) == ["gender"]
    assert ktp_nik_inconsistencies({**base, "province": _fv("JAWA TENGAH")}) == ["region"]
    sig = ktp_nik_signal({**base, "gender": _fv("PEREMPUAN"), "regency": _fv("KOTA BANDUNG")})
    assert sig is not None and sig.signal == "ktp_nik_inconsistent" and sig.severity == "warn"
    assert sig.detail == {"parts": ["gender", "region"]}
    assert _NIK_M not in str(sig.as_dict())


def test_ktp_nik_uncertain_reads_are_not_compared() -> None:
    fields = {"nik": _fv(_NIK_M, 0.5), "birth_date": _fv("1990-08-06")}
    assert ktp_nik_inconsistencies(fields) == []
    fields = {"nik": _fv(_NIK_M), "birth_date": _fv("1990-08-06", 0.6), "gender": _fv("PEREMPUAN", 0.3)}
    assert ktp_nik_inconsistencies(fields) == []


def test_producer_mismatch() -> None:
    assert producer_mismatch("Microsoft Word 2019", "iLovePDF")
    assert producer_mismatch("Canon ScanGear", "PDFescape Editor")
    assert not producer_mismatch("Microsoft Word 2019", "Microsoft Word 2019")
    assert not producer_mismatch("Microsoft Word", "Adobe PDF Library 15.0")
    assert not producer_mismatch(None, "iLovePDF")


def _probe(**kw: object) -> PdfProbe:
    return PdfProbe(pages=(PdfPage(width_pt=595, height_pt=842, text=""),), **kw)  # type: ignore[arg-type]


def test_pdf_structure_signal() -> None:
    assert pdf_structure_signal(_probe()) is None
    assert pdf_structure_signal(None) is None
    sig = pdf_structure_signal(_probe(incremental_updates=2, creator="Microsoft Word", producer="iLovePDF"))
    assert sig is not None and sig.signal == "pdf_edited" and sig.severity == "warn"
    assert sig.detail["reasons"] == ["incremental_updates", "producer_creator_mismatch"]
    assert sig.detail["incremental_updates"] == 2
