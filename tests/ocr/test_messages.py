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
    assert m.en == "This document looks like a Kartu Keluarga (family card), not a KTP (identity card). " \
                   "Upload the KTP (identity card) in this slot."
