"""The ocr message catalogue: a closed set of codes, each with both languages."""

from __future__ import annotations

from ocr.messages import DOC_LABELS, OCR_MESSAGES, OcrCode, document_names, ocr_message
from ocr.quality import MESSAGES as QUALITY_MESSAGES
from tests.catalogue_checks import both_languages_problems, codes_used, unknown_codes


def test_every_ocr_code_has_both_languages() -> None:
    assert len(OCR_MESSAGES) == len(OcrCode) > 15
    assert both_languages_problems(OCR_MESSAGES) == []
    for slot in (*DOC_LABELS, "other"):
        for code in OcrCode:
            m = ocr_message(code, **document_names(slot, "kk"))
            assert m.id.strip() and m.en.strip() and "{" not in m.id + m.en, code


def test_every_ocr_code_used_in_the_code_is_in_the_closed_set() -> None:
    used = codes_used("ocr", "OcrCode", {"page_error": 0, "OcrEngineError": 0, "PageError": 0,
                                         "ocr_message": 0, "_format": 0})
    assert len(used) > 20
    assert unknown_codes(used, OcrCode) == []


def test_views_and_document_names() -> None:
    assert set(QUALITY_MESSAGES) == {"too_blurry", "too_dark", "too_bright", "glare", "too_small"}
    m = ocr_message(OcrCode.WRONG_TYPE, **document_names("ktp", "kk"))
    assert m.en == "This document looks like a Kartu Keluarga (family card), not a KTP (identity card) or " \
                   "SIM (driving licence). Upload the KTP (identity card) or SIM (driving licence) in this slot."
    assert "KTP atau SIM" in m.id


def test_the_id_slot_expects_a_ktp_or_a_sim_and_a_found_ktp_is_a_ktp() -> None:
    m = ocr_message(OcrCode.UNKNOWN_DOCUMENT, **document_names("ktp"))
    assert "KTP atau SIM" in m.id and "KTP (identity card) or SIM (driving licence)" in m.en
    found = ocr_message(OcrCode.WRONG_TYPE, **document_names("kk", "ktp"))
    assert "tampaknya KTP, bukan Kartu Keluarga" in found.id
    sim = ocr_message(OcrCode.WRONG_TYPE, **document_names("kk", "sim"))
    assert "SIM (driving licence)" in sim.en and "KTP" not in sim.en
