"""Claimant-facing texts of the ``ocr`` package (Bahasa Indonesia + English), by code.

One catalogue (:data:`OCR_MESSAGES`, the mechanism of :mod:`intake.messages`) keyed by the
closed set :class:`OcrCode`: quality-gate reasons (``ocr.quality``), page-loading errors
(``ocr.pages``), engine errors (``ocr.engine``) and the document messages of the pipeline
(``ocr.pipeline``). Placeholders are document names only: ``{expected_id}``/``{expected_en}``
(the slot's document) and ``{found_id}``/``{found_en}`` (what was found), see
:func:`document_names`.
"""

from __future__ import annotations

from enum import StrEnum

from intake.errors import Message
from intake.messages import Catalogue

DOC_LABELS: dict[str, tuple[str, str]] = {
    "ktp": ("KTP", "KTP (identity card)"),
    "kk": ("Kartu Keluarga", "Kartu Keluarga (family card)"),
    "bpjs_card": ("kartu BPJS Ketenagakerjaan", "BPJS Ketenagakerjaan card"),
    "resignation_letter": ("surat keterangan berhenti bekerja (paklaring)", "resignation letter (paklaring)"),
    "passbook": ("buku tabungan", "bank passbook"),
    "sim": ("SIM (Surat Izin Mengemudi)", "SIM (driving licence)"),
}
"""Document type -> (Indonesian, English) document name used in the pipeline's messages."""

SLOT_EXPECTS: dict[str, tuple[str, str]] = {
    "ktp": ("KTP atau SIM", "KTP (identity card) or SIM (driving licence)"),
}
"""A slot that takes more than one document type -> how a message names what it expects
(the ID slot takes an e-KTP or a SIM); other slots are named by :data:`DOC_LABELS`."""


class OcrCode(StrEnum):
    """Every code the ``ocr`` package reports with a message."""

    # --- quality gate (ocr.quality): also the document's reason code
    TOO_BLURRY = "too_blurry"
    TOO_DARK = "too_dark"
    TOO_BRIGHT = "too_bright"
    GLARE = "glare"
    TOO_SMALL = "too_small"
    # --- page images (ocr.pages)
    IMAGE_DECODE_FAILED = "image_decode_failed"
    IMAGE_TOO_LARGE = "image_too_large"
    PDF_RENDER_FAILED = "pdf_render_failed"
    PDF_RENDER_TIMEOUT = "pdf_render_timeout"
    TOO_MANY_PAGES = "too_many_pages"
    TOO_MUCH_MEMORY = "too_much_memory"
    # --- OCR engine errors (ocr.engine, OcrEngineError)
    OCR_MODELS_MISSING = "ocr_models_missing"
    OCR_MODELS_CORRUPT = "ocr_models_corrupt"
    OCR_FAILED = "ocr_failed"
    # --- document results (ocr.pipeline)
    NO_TEXT_FOUND = "no_text_found"
    KEY_FIELDS_UNREADABLE = "key_fields_unreadable"
    UNKNOWN_DOCUMENT = "unknown_document"
    WRONG_TYPE = "wrong_type"
    """Message of a ``looks_like_<type>`` result."""
    PROCESSING_FAILED = "processing_failed"
    DOCUMENT_OCR_FAILED = "document_ocr_failed"
    """Message of a document whose OCR raised (its reason stays the engine's code, e.g.
    ``ocr_failed``); the claimant text differs from the engine error's operator-facing one."""
    DOCUMENT_MISSING = "document_missing"
    # --- reviewer signals (ocr.pipeline)
    PDF_EDITED = "pdf_edited"
    """The PDF's text layer disagrees with what its pages show (OCR was used)."""
    PDF_STRUCTURE = "pdf_structure"
    """``pdf_edited`` for incremental updates or a producer/creator pair that do not belong together."""
    KTP_NIK_INCONSISTENT = "ktp_nik_inconsistent"
    PHOTOCOPY = "photocopy"
    SCREEN_CAPTURE = "screen_capture"
    LAYOUT_UNKNOWN = "layout_unknown"
    ACCOUNT_SHARED = "account_shared"
    DOCUMENT_REUSED = "document_reused"
    DOCUMENT_REUSED_IN_CLAIM = "document_reused_in_claim"
    NIK_OPEN_CLAIMS = "nik_open_claims"


_C = OcrCode
_NEW_PHOTO_ID = "Silakan unggah foto atau pindaian baru"
_NEW_PHOTO_EN = "Please upload a new photo or scan"

OCR_MESSAGES: Catalogue[OcrCode] = Catalogue(OcrCode, {
    _C.TOO_BLURRY: Message(
        id=f"Gambar dokumen terlalu buram untuk dibaca. {_NEW_PHOTO_ID}: pegang kamera diam, fokuskan, dan pastikan semua tulisan tajam.",
        en=f"The document image is too blurred to read. {_NEW_PHOTO_EN}: hold the camera still, let it focus and make sure all text is sharp.",
    ),
    _C.TOO_DARK: Message(
        id=f"Gambar dokumen terlalu gelap. {_NEW_PHOTO_ID} di tempat yang terang.",
        en=f"The document image is too dark. {_NEW_PHOTO_EN} in good light.",
    ),
    _C.TOO_BRIGHT: Message(
        id=f"Gambar dokumen terlalu terang sehingga tulisan tidak terbaca. {_NEW_PHOTO_ID} tanpa cahaya berlebih.",
        en=f"The document image is too bright and the text is washed out. {_NEW_PHOTO_EN} without strong light.",
    ),
    _C.GLARE: Message(
        id=f"Ada pantulan cahaya yang menutupi sebagian dokumen. {_NEW_PHOTO_ID} tanpa lampu kilat dan hindari pantulan.",
        en=f"A light reflection covers part of the document. {_NEW_PHOTO_EN} without flash and avoid reflections.",
    ),
    _C.TOO_SMALL: Message(
        id=f"Resolusi gambar dokumen terlalu rendah. {_NEW_PHOTO_ID} dengan dokumen memenuhi bingkai foto.",
        en=f"The document image resolution is too low. {_NEW_PHOTO_EN} with the document filling the frame.",
    ),
    _C.IMAGE_DECODE_FAILED: Message(
        id="Gambar tidak dapat dibuka. Silakan unggah ulang foto dokumen dalam format JPG atau PNG.",
        en="The image could not be opened. Please upload the document photo again as JPG or PNG.",
    ),
    _C.IMAGE_TOO_LARGE: Message(
        id="Ukuran gambar (jumlah piksel) terlalu besar. Silakan unggah foto dengan resolusi lebih kecil.",
        en="The image has too many pixels. Please upload a photo with a lower resolution.",
    ),
    _C.PDF_RENDER_FAILED: Message(
        id="Berkas PDF tidak dapat dibaca. Silakan unggah ulang dokumen, atau unggah fotonya.",
        en="The PDF file could not be read. Please upload the document again, or upload a photo of it.",
    ),
    _C.TOO_MUCH_MEMORY: Message(
        id="Resolusi dokumen terlalu tinggi untuk diproses. Unggah foto atau PDF dengan resolusi "
        "lebih kecil atau halaman lebih sedikit.",
        en="The document's resolution is too high to process. Please upload a photo or PDF with a "
        "lower resolution or fewer pages.",
    ),
    _C.PDF_RENDER_TIMEOUT: Message(
        id="Berkas PDF terlalu lama diproses. Silakan unggah PDF yang lebih sederhana atau foto dokumen.",
        en="The PDF took too long to process. Please upload a simpler PDF or a photo of the document.",
    ),
    _C.TOO_MANY_PAGES: Message(
        id="Berkas PDF memiliki terlalu banyak halaman. Unggah hanya halaman dokumen yang diminta.",
        en="The PDF has too many pages. Upload only the pages of the requested document.",
    ),
    _C.OCR_MODELS_MISSING: Message(
        id="Layanan pembacaan dokumen belum siap. Silakan coba lagi nanti.",
        en="The document reading service is not ready yet. Please try again later.",
    ),
    _C.OCR_MODELS_CORRUPT: Message(
        id="Layanan pembacaan dokumen sedang bermasalah. Silakan coba lagi nanti.",
        en="The document reading service has a problem. Please try again later.",
    ),
    _C.OCR_FAILED: Message(
        id="Dokumen tidak dapat dibaca oleh sistem. Silakan coba lagi nanti.",
        en="The system could not read the document. Please try again later.",
    ),
    _C.NO_TEXT_FOUND: Message(
        "Tulisan pada dokumen tidak terbaca. Unggah foto atau pindaian baru yang jelas dan lurus.",
        "No text could be read on the document. Upload a new, sharp, straight photo or scan.",
    ),
    _C.KEY_FIELDS_UNREADABLE: Message(
        "Data utama pada dokumen tidak terbaca dengan pasti. Unggah foto baru yang jelas, tanpa pantulan cahaya.",
        "The main details on the document could not be read reliably. Upload a new clear photo without glare.",
    ),
    _C.UNKNOWN_DOCUMENT: Message(
        "Dokumen yang diunggah tidak dikenali sebagai {expected_id}. Unggah dokumen yang benar.",
        "The uploaded document was not recognised as a {expected_en}. Upload the right document.",
    ),
    _C.WRONG_TYPE: Message(
        "Dokumen ini tampaknya {found_id}, bukan {expected_id}. Unggah {expected_id} pada kolom ini.",
        "This document looks like a {found_en}, not a {expected_en}. Upload the {expected_en} in this slot.",
    ),
    _C.PROCESSING_FAILED: Message(
        "Dokumen ini belum dapat dibaca. Unggah ulang dokumen, atau petugas akan memeriksanya.",
        "This document could not be read. Upload it again, or an officer will check it.",
    ),
    _C.DOCUMENT_OCR_FAILED: Message(
        "Dokumen belum dapat diproses. Silakan coba unggah ulang.",
        "The document could not be processed. Please try uploading it again.",
    ),
    _C.DOCUMENT_MISSING: Message(
        "Dokumen {expected_id} belum diunggah.",
        "The {expected_en} has not been uploaded.",
    ),
    _C.PDF_EDITED: Message(
        id="Teks tersembunyi pada PDF berbeda dengan isi halaman yang terlihat; isi halaman yang "
        "dibaca. Petugas akan memeriksa dokumen ini.",
        en="The PDF's hidden text differs from what its pages show; the visible page was read. "
        "An officer will check this document.",
    ),
    _C.PDF_STRUCTURE: Message(
        id="PDF ini diubah setelah dibuat (pembaruan bertahap atau aplikasi pembuat yang tidak cocok). "
        "Petugas akan memeriksa dokumen ini.",
        en="This PDF was changed after it was made (incremental updates or a producer that does not match "
        "its creator). An officer will check this document.",
    ),
    _C.KTP_NIK_INCONSISTENT: Message(
        id="NIK pada KTP tidak sesuai dengan data lain yang tercetak pada kartu yang sama. "
        "Petugas akan memeriksa dokumen ini.",
        en="The NIK on the KTP does not agree with other data printed on the same card. "
        "An officer will check this document.",
    ),
    _C.PHOTOCOPY: Message(
        id="Dokumen ini tampaknya fotokopi, bukan dokumen asli. Petugas akan memeriksanya.",
        en="This document looks like a photocopy rather than the original. An officer will check it.",
    ),
    _C.SCREEN_CAPTURE: Message(
        id="Dokumen ini tampaknya difoto dari layar, bukan dari dokumen asli. Petugas akan memeriksanya.",
        en="This document looks like a photo of a screen rather than of the original. An officer will check it.",
    ),
    _C.LAYOUT_UNKNOWN: Message(
        id="Dokumen ini diterima karena memuat data yang Anda isi, meskipun bentuknya belum dikenali atau hanya "
           "sebagian yang terbaca. Petugas akan memeriksanya.",
        en="This document was accepted because it shows the data you typed, although its layout is not yet known "
           "or only part of it could be read. An officer will check it.",
    ),
    _C.ACCOUNT_SHARED: Message(
        id="Nomor rekening bank yang sama juga dipakai pada klaim lain dengan NIK berbeda. Petugas akan memeriksanya.",
        en="The same bank account number is also used on claims of other NIKs. An officer will check this.",
    ),
    _C.DOCUMENT_REUSED: Message(
        id="Gambar dokumen yang hampir sama sudah diunggah pada klaim lain dengan NIK berbeda. Petugas akan memeriksanya.",
        en="A near-identical document image was already uploaded with claims of other NIKs. "
        "An officer will check this.",
    ),
    _C.DOCUMENT_REUSED_IN_CLAIM: Message(
        id="Gambar yang sama diunggah untuk dua dokumen berbeda pada klaim ini. Petugas akan memeriksanya.",
        en="The same image was uploaded for two different documents of this claim. An officer will check this.",
    ),
    _C.NIK_OPEN_CLAIMS: Message(
        id="NIK ini masih memiliki klaim lain yang belum diputuskan.",
        en="This NIK has other claims not yet decided.",
    ),
})
"""The one catalogue of the ``ocr`` package (checked complete at import)."""


def document_names(slot: str, found: str | None = None) -> dict[str, str]:
    """The ``{expected_*}``/``{found_*}`` parameters for a document in ``slot`` (``found``: the
    type it looks like); an unknown slot is named by itself, the ID slot as "KTP or SIM"."""
    exp_id, exp_en = SLOT_EXPECTS.get(slot) or DOC_LABELS.get(slot, (slot, slot))
    f_id, f_en = DOC_LABELS.get(found or "", (found or "", found or ""))
    return {"expected_id": exp_id, "expected_en": exp_en, "found_id": f_id, "found_en": f_en}


def ocr_message(code: OcrCode | str, **params: object) -> Message:
    """The bilingual message of an ocr ``code`` with ``params`` filled in.

    Raises:
        ValueError: ``code`` is not an :class:`OcrCode`.
        KeyError: a placeholder of its template has no parameter.
    """
    return OCR_MESSAGES.message(code, **params)


__all__ = ["DOC_LABELS", "OCR_MESSAGES", "SLOT_EXPECTS", "OcrCode", "document_names", "ocr_message"]
