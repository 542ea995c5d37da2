"""Claimant-facing texts of the ``intake`` package, and the catalogue mechanism every package uses.

Each package has one catalogue module (``intake/messages.py``, ``ocr/messages.py``,
``matching/messages.py``) holding:

* a :class:`~enum.StrEnum` of its codes: the closed set of message codes the package may use;
* a :class:`Catalogue` built from that enum and a ``{code: Message}`` table of templates. Building
  it checks the table is complete (every code has a template, no stray keys) and that both
  languages are non-empty, so a gap fails at import, not in front of a claimant;
* :meth:`Catalogue.message`, the lookup: ``str.format`` placeholders filled from keyword
  arguments (a missing parameter is a ``KeyError``, an unknown code a ``ValueError``).

Texts never contain anyone's NIK, name or account number: placeholders are limits, labels,
document names and dates only. The mechanism lives here, at the bottom of the layering
(``api -> workers -> matching -> ocr -> intake``), so every package can use it.
"""

from __future__ import annotations

import string
from collections.abc import Iterator, Mapping
from enum import StrEnum
from typing import Generic, TypeVar

from intake.errors import Message

CodeT = TypeVar("CodeT", bound=StrEnum)


class CatalogueError(Exception):
    """A catalogue's templates do not match its closed set of codes (a programming error)."""


def placeholders(template: str) -> frozenset[str]:
    """The ``str.format`` field names used in ``template``."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)


class Catalogue(Generic[CodeT]):
    """A closed set of codes (a ``StrEnum``) with one bilingual template per code.

    Args:
        codes: the enum of codes; the catalogue covers exactly its members.
        templates: code -> template; ``str.format`` placeholders allowed in both languages.

    Raises:
        CatalogueError: a code without a template, a key that is not a code, or an empty text.
    """

    def __init__(self, codes: type[CodeT], templates: Mapping[CodeT, Message]) -> None:
        self.codes = codes
        missing = [c.value for c in codes if c not in templates]
        stray = [str(k) for k in templates if not isinstance(k, codes)]
        empty = [str(k) for k, m in templates.items() if not m.id.strip() or not m.en.strip()]
        if missing or stray or empty:
            raise CatalogueError(
                f"{codes.__name__}: missing {missing}, not codes {stray}, empty texts {empty}"
            )
        self._templates: dict[CodeT, Message] = {codes(k): m for k, m in templates.items()}

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self.codes.__members__.values()

    def __iter__(self) -> Iterator[CodeT]:
        return iter(self.codes)

    def __len__(self) -> int:
        return len(self.codes)

    def code(self, code: CodeT | str) -> CodeT:
        """``code`` as a member of the closed set (``ValueError`` for an unknown code)."""
        return self.codes(code)

    def template(self, code: CodeT | str) -> Message:
        """The unformatted template of ``code`` (placeholders left as they are)."""
        return self._templates[self.codes(code)]

    def message(self, code: CodeT | str, **params: object) -> Message:
        """The message of ``code`` with its ``str.format`` placeholders filled from ``params``.

        Extra parameters are ignored, so a caller may pass the same parameters for every code.

        Raises:
            ValueError: ``code`` is not in the closed set.
            KeyError: a placeholder of the template has no parameter.
        """
        t = self.template(code)
        return Message(id=t.id.format(**params), en=t.en.format(**params))


# --------------------------------------------------------------------------------------------
# The intake catalogue
# --------------------------------------------------------------------------------------------

FIELD_LABELS: dict[str, Message] = {
    "nik": Message(id="NIK", en="NIK (national identity number)"),
    "full_name": Message(id="Nama lengkap", en="Full name"),
    "birth_date": Message(id="Tanggal lahir", en="Date of birth"),
    "kpj": Message(id="Nomor KPJ", en="KPJ number"),
    "claim_reason": Message(id="Alasan klaim", en="Claim reason"),
    "phone": Message(id="Nomor HP", en="Mobile phone number"),
    "email": Message(id="Alamat e-mail", en="E-mail address"),
    "bank": Message(id="Nama bank", en="Bank name"),
    "account_number": Message(id="Nomor rekening", en="Account number"),
    "account_holder": Message(id="Nama pemilik rekening", en="Account holder name"),
    "branch": Message(id="Kantor cabang", en="Branch office"),
    "submitted_on": Message(id="Tanggal pengajuan", en="Submission date"),
}
"""Every key of ``claim.json`` (contract order) with its bilingual label
(``intake.fields.CLAIM_KEYS``)."""


class IntakeCode(StrEnum):
    """Every code the ``intake`` package reports with a message."""

    # --- file intake (intake.files), {max_mb} {max_mp} {min_side} {max_pages} from the settings
    EMPTY_FILE = "empty_file"
    FILE_TOO_LARGE = "file_too_large"
    NOT_AN_ALLOWED_FORMAT = "not_an_allowed_format"
    TRUNCATED_IMAGE = "truncated_image"
    CORRUPT_IMAGE = "corrupt_image"
    IMAGE_TOO_MANY_PIXELS = "image_too_many_pixels"
    IMAGE_TOO_SMALL = "image_too_small"
    PDF_ENCRYPTED = "pdf_encrypted"
    PDF_TOO_MANY_PAGES = "pdf_too_many_pages"
    PDF_CORRUPT = "pdf_corrupt"
    PDF_NO_PAGES = "pdf_no_pages"
    PDF_TIMEOUT = "pdf_timeout"
    PDF_TOO_MANY_PIXELS = "pdf_too_many_pixels"
    TOO_MUCH_MEMORY = "too_much_memory"
    # --- form fields (intake.fields)
    NIK_NOT_16_DIGITS = "nik_not_16_digits"
    NIK_BAD_PROVINCE = "nik_bad_province"
    NIK_BAD_BIRTH_DATE = "nik_bad_birth_date"
    NIK_ZERO_SERIAL = "nik_zero_serial"
    NIK_UNKNOWN_REGION = "nik_unknown_region"
    BIRTH_DATE_INVALID = "birth_date_invalid"
    BIRTH_DATE_IN_FUTURE = "birth_date_in_future"
    BIRTH_DATE_NIK_MISMATCH = "birth_date_nik_mismatch"
    FULL_NAME_INVALID = "full_name_invalid"
    ACCOUNT_HOLDER_INVALID = "account_holder_invalid"
    KPJ_NOT_11_DIGITS = "kpj_not_11_digits"
    CLAIM_REASON_UNKNOWN = "claim_reason_unknown"
    PHONE_INVALID = "phone_invalid"
    EMAIL_INVALID = "email_invalid"
    ACCOUNT_NUMBER_INVALID = "account_number_invalid"
    ACCOUNT_NUMBER_UNUSUAL_LENGTH = "account_number_unusual_length"
    SUBMITTED_ON_INVALID = "submitted_on_invalid"
    SUBMITTED_ON_IN_FUTURE = "submitted_on_in_future"
    CLAIM_NOT_OBJECT = "claim_not_object"
    # --- per form field: <key>_required, <key>_too_long ({max_length}), <key>_not_text
    NIK_REQUIRED = "nik_required"
    NIK_TOO_LONG = "nik_too_long"
    NIK_NOT_TEXT = "nik_not_text"
    FULL_NAME_REQUIRED = "full_name_required"
    FULL_NAME_TOO_LONG = "full_name_too_long"
    FULL_NAME_NOT_TEXT = "full_name_not_text"
    BIRTH_DATE_REQUIRED = "birth_date_required"
    BIRTH_DATE_TOO_LONG = "birth_date_too_long"
    BIRTH_DATE_NOT_TEXT = "birth_date_not_text"
    KPJ_REQUIRED = "kpj_required"
    KPJ_TOO_LONG = "kpj_too_long"
    KPJ_NOT_TEXT = "kpj_not_text"
    CLAIM_REASON_REQUIRED = "claim_reason_required"
    CLAIM_REASON_TOO_LONG = "claim_reason_too_long"
    CLAIM_REASON_NOT_TEXT = "claim_reason_not_text"
    PHONE_REQUIRED = "phone_required"
    PHONE_TOO_LONG = "phone_too_long"
    PHONE_NOT_TEXT = "phone_not_text"
    EMAIL_REQUIRED = "email_required"
    EMAIL_TOO_LONG = "email_too_long"
    EMAIL_NOT_TEXT = "email_not_text"
    BANK_REQUIRED = "bank_required"
    BANK_TOO_LONG = "bank_too_long"
    BANK_NOT_TEXT = "bank_not_text"
    ACCOUNT_NUMBER_REQUIRED = "account_number_required"
    ACCOUNT_NUMBER_TOO_LONG = "account_number_too_long"
    ACCOUNT_NUMBER_NOT_TEXT = "account_number_not_text"
    ACCOUNT_HOLDER_REQUIRED = "account_holder_required"
    ACCOUNT_HOLDER_TOO_LONG = "account_holder_too_long"
    ACCOUNT_HOLDER_NOT_TEXT = "account_holder_not_text"
    BRANCH_REQUIRED = "branch_required"
    BRANCH_TOO_LONG = "branch_too_long"
    BRANCH_NOT_TEXT = "branch_not_text"
    SUBMITTED_ON_REQUIRED = "submitted_on_required"
    SUBMITTED_ON_TOO_LONG = "submitted_on_too_long"
    SUBMITTED_ON_NOT_TEXT = "submitted_on_not_text"
    # --- stored files (intake.storage)
    BLOB_ID_INVALID = "blob_id_invalid"
    BLOB_NOT_FOUND = "blob_not_found"
    # --- encryption and secrets (intake.crypto); operator-facing, the English names the fix
    DECRYPTION_FAILED = "decryption_failed"
    ENCRYPTION_KEY_UNKNOWN = "encryption_key_unknown"
    NOT_ENCRYPTED = "not_encrypted"
    BLOB_INTEGRITY = "blob_integrity"
    ENCRYPTION_KEY_INVALID = "encryption_key_invalid"
    ENCRYPTION_KEY_FILE_UNREADABLE = "encryption_key_file_unreadable"
    ENCRYPTION_KEY_FILE_EMPTY = "encryption_key_file_empty"
    ENCRYPTION_KEY_MISSING = "encryption_key_missing"
    SECRET_KEY_TOO_SHORT = "secret_key_too_short"
    SECRET_KEY_MISSING = "secret_key_missing"
    # --- local files read by the CLI (intake.localfiles), {name} is the file's name
    NOT_A_REGULAR_FILE = "not_a_regular_file"
    OUTSIDE_FOLDER = "outside_folder"


_C = IntakeCode

_FILE_TEXTS: dict[IntakeCode, Message] = {
    _C.EMPTY_FILE: Message(
        id="Berkas kosong. Silakan unggah ulang dokumen.",
        en="The file is empty. Please upload the document again.",
    ),
    _C.FILE_TOO_LARGE: Message(
        id="Ukuran berkas melebihi batas {max_mb} MB. Perkecil ukuran foto atau pindai ulang dengan "
        "resolusi lebih rendah.",
        en="The file is larger than the {max_mb} MB limit. Please reduce the photo size or scan again "
        "at a lower resolution.",
    ),
    _C.NOT_AN_ALLOWED_FORMAT: Message(
        id="Format berkas tidak diizinkan. Unggah foto JPEG, PNG, atau BMP, atau dokumen PDF.",
        en="This file format is not allowed. Please upload a JPEG, PNG or BMP photo, or a PDF.",
    ),
    _C.TRUNCATED_IMAGE: Message(
        id="Gambar tidak lengkap (terpotong). Silakan unggah ulang.",
        en="The image is incomplete (cut short). Please upload it again.",
    ),
    _C.CORRUPT_IMAGE: Message(
        id="Gambar rusak dan tidak dapat dibuka. Silakan unggah ulang atau ambil foto baru.",
        en="The image is damaged and cannot be opened. Please upload it again or take a new photo.",
    ),
    _C.IMAGE_TOO_MANY_PIXELS: Message(
        id="Resolusi gambar terlalu besar (maksimum {max_mp} megapiksel). Perkecil ukuran foto.",
        en="The image resolution is too large (at most {max_mp} megapixels). Please reduce the photo "
        "size.",
    ),
    _C.IMAGE_TOO_SMALL: Message(
        id="Gambar terlalu kecil (sisi terpendek minimal {min_side} piksel). Ambil foto dengan "
        "resolusi lebih tinggi.",
        en="The image is too small (the short side must be at least {min_side} pixels). Please take a "
        "photo at a higher resolution.",
    ),
    _C.PDF_ENCRYPTED: Message(
        id="PDF dilindungi kata sandi atau terenkripsi. Unggah PDF tanpa kata sandi.",
        en="The PDF is password-protected or encrypted. Please upload a PDF without a password.",
    ),
    _C.PDF_TOO_MANY_PAGES: Message(
        id="PDF memiliki terlalu banyak halaman (maksimum {max_pages} halaman).",
        en="The PDF has too many pages (at most {max_pages}).",
    ),
    _C.PDF_CORRUPT: Message(
        id="PDF rusak dan tidak dapat dibaca. Simpan ulang atau pindai ulang dokumen.",
        en="The PDF is damaged and cannot be read. Please save or scan the document again.",
    ),
    _C.PDF_NO_PAGES: Message(
        id="PDF tidak memiliki halaman.",
        en="The PDF has no pages.",
    ),
    _C.PDF_TIMEOUT: Message(
        id="PDF terlalu rumit untuk diperiksa dalam batas waktu. Simpan ulang atau pindai ulang "
        "dokumen.",
        en="The PDF took too long to check. Please save or scan the document again.",
    ),
    _C.PDF_TOO_MANY_PIXELS: Message(
        id="Ukuran halaman PDF terlalu besar. Simpan ulang dokumen dengan ukuran kertas biasa (A4).",
        en="A page of the PDF is far too large. Please save the document again at a normal paper "
        "size (A4).",
    ),
    _C.TOO_MUCH_MEMORY: Message(
        id="Resolusi dokumen terlalu tinggi untuk diproses. Unggah foto atau PDF dengan resolusi "
        "lebih kecil atau halaman lebih sedikit.",
        en="The document's resolution is too high to process. Please upload a photo or PDF with a "
        "lower resolution or fewer pages.",
    ),
}

FILE_CODES: frozenset[IntakeCode] = frozenset(_FILE_TEXTS)
"""The file-intake refusal codes (``intake.files.REASONS``)."""

_FIELD_TEXTS: dict[IntakeCode, Message] = {
    _C.NIK_NOT_16_DIGITS: Message(
        id="NIK harus terdiri dari 16 angka.",
        en="The NIK must be exactly 16 digits.",
    ),
    _C.NIK_BAD_PROVINCE: Message(
        id="Dua angka pertama NIK bukan kode provinsi yang berlaku. Periksa kembali NIK Anda.",
        en="The first two digits of the NIK are not a valid province code. Please check your NIK.",
    ),
    _C.NIK_BAD_BIRTH_DATE: Message(
        id="Angka ke-7 sampai ke-12 NIK bukan tanggal lahir yang valid. Periksa kembali NIK Anda.",
        en="Digits 7 to 12 of the NIK are not a valid date of birth. Please check your NIK.",
    ),
    _C.NIK_ZERO_SERIAL: Message(
        id="Empat angka terakhir NIK tidak boleh 0000. Periksa kembali NIK Anda.",
        en="The last four digits of the NIK cannot be 0000. Please check your NIK.",
    ),
    _C.NIK_UNKNOWN_REGION: Message(
        id="Kode wilayah pada NIK tidak ditemukan dalam daftar wilayah terbaru; akan diperiksa petugas.",
        en="The region code in the NIK is not in the current region list; staff will check it.",
    ),
    _C.BIRTH_DATE_INVALID: Message(
        id="Tanggal lahir tidak valid. Tulis dengan format DDMMYY, misalnya 050890.",
        en="The date of birth is not valid. Write it as DDMMYY, for example 050890.",
    ),
    _C.BIRTH_DATE_IN_FUTURE: Message(
        id="Tanggal lahir tidak boleh di masa depan.",
        en="The date of birth cannot be in the future.",
    ),
    _C.BIRTH_DATE_NIK_MISMATCH: Message(
        id="Tanggal lahir tidak sesuai dengan tanggal lahir yang tercantum dalam NIK.",
        en="The date of birth does not match the date of birth encoded in the NIK.",
    ),
    _C.FULL_NAME_INVALID: Message(
        id="Nama lengkap harus berisi huruf dan tidak boleh berisi angka.",
        en="The full name must contain letters and no digits.",
    ),
    _C.ACCOUNT_HOLDER_INVALID: Message(
        id="Nama pemilik rekening harus berisi huruf dan tidak boleh berisi angka.",
        en="The account holder name must contain letters and no digits.",
    ),
    _C.KPJ_NOT_11_DIGITS: Message(
        id="Nomor KPJ harus terdiri dari 11 angka.",
        en="The KPJ number must be exactly 11 digits.",
    ),
    _C.CLAIM_REASON_UNKNOWN: Message(
        id="Alasan klaim tidak dikenal. Pilih salah satu: resign (mengundurkan diri), phk (pemutusan hubungan "
        "kerja), pensiun (mencapai usia pensiun 56 tahun), meninggal (meninggal dunia), cacat (cacat total "
        "tetap), wna (meninggalkan Indonesia untuk selamanya).",
        en="The claim reason is not one of the accepted reasons. Choose one of: resign (resignation), phk "
        "(termination of employment), pensiun (retirement age, 56), meninggal (death), cacat (permanent total "
        "disability), wna (leaving Indonesia for good).",
    ),
    _C.PHONE_INVALID: Message(
        id="Nomor HP tidak valid. Gunakan nomor HP Indonesia, misalnya 081234567890.",
        en="The mobile number is not valid. Use an Indonesian mobile number, e.g. 081234567890.",
    ),
    _C.EMAIL_INVALID: Message(
        id="Alamat e-mail tidak valid.",
        en="The e-mail address is not valid.",
    ),
    _C.ACCOUNT_NUMBER_INVALID: Message(
        id="Nomor rekening hanya boleh berisi angka (6 sampai 20 angka).",
        en="The account number may contain digits only (6 to 20 digits).",
    ),
    _C.ACCOUNT_NUMBER_UNUSUAL_LENGTH: Message(
        id="Panjang nomor rekening tidak biasa untuk bank ini. Periksa kembali nomor rekening Anda.",
        en="The account number length is unusual for this bank. Please check your account number.",
    ),
    _C.SUBMITTED_ON_INVALID: Message(
        id="Tanggal pengajuan tidak valid (format YYYY-MM-DD); tanggal hari ini dipakai.",
        en="The submission date is not valid (format YYYY-MM-DD); today's date is used.",
    ),
    _C.SUBMITTED_ON_IN_FUTURE: Message(
        id="Tanggal pengajuan ada di masa depan.",
        en="The submission date is in the future.",
    ),
    _C.CLAIM_NOT_OBJECT: Message(
        id="Data formulir klaim tidak valid.",
        en="The claim form data is not valid.",
    ),
}


def _per_field_texts() -> dict[IntakeCode, Message]:
    """``<key>_required`` / ``<key>_too_long`` / ``<key>_not_text`` for every claim key."""
    out: dict[IntakeCode, Message] = {}
    for key, label in FIELD_LABELS.items():
        out[IntakeCode(f"{key}_required")] = Message(id=f"{label.id} wajib diisi.", en=f"{label.en} is required.")
        out[IntakeCode(f"{key}_too_long")] = Message(
            id=f"{label.id} terlalu panjang (maksimal {{max_length}} karakter).",
            en=f"{label.en} is too long (at most {{max_length}} characters).",
        )
        out[IntakeCode(f"{key}_not_text")] = Message(id=f"{label.id} harus berupa teks.", en=f"{label.en} must be text.")
    return out


FIELD_CODES: frozenset[IntakeCode] = frozenset(_FIELD_TEXTS) | frozenset(_per_field_texts())
"""The form-field problem codes (``intake.fields.problem_messages``)."""

_BLOB_NOT_FOUND = Message(id="Berkas dokumen tidak ditemukan.", en="The document file was not found.")
_DECRYPT = Message(id="Data terenkripsi tidak dapat dibuka.", en="Encrypted data could not be opened.")
_CONFIG_ID = "Konfigurasi enkripsi tidak lengkap."

_OTHER_TEXTS: dict[IntakeCode, Message] = {
    _C.NOT_A_REGULAR_FILE: Message(
        id="{name} bukan berkas biasa (folder, pipa atau perangkat): tidak dibaca.",
        en="{name} is not a regular file (a folder, pipe or device): not read.",
    ),
    _C.OUTSIDE_FOLDER: Message(
        id="{name} menunjuk ke luar folder klaim (tautan simbolik): tidak dibaca.",
        en="{name} points outside the claim folder (a symbolic link): not read.",
    ),
    _C.BLOB_ID_INVALID: _BLOB_NOT_FOUND,
    _C.BLOB_NOT_FOUND: _BLOB_NOT_FOUND,
    _C.DECRYPTION_FAILED: _DECRYPT,
    _C.ENCRYPTION_KEY_UNKNOWN: _DECRYPT,
    _C.NOT_ENCRYPTED: _DECRYPT,
    _C.BLOB_INTEGRITY: _DECRYPT,
    # {problem}: "is not valid base64" or "must be 32 bytes (AES-256)"
    _C.ENCRYPTION_KEY_INVALID: Message(id=_CONFIG_ID, en="An encryption key {problem}."),
    # {reason}: the OS error text (strerror), never the key
    _C.ENCRYPTION_KEY_FILE_UNREADABLE: Message(id=_CONFIG_ID, en="Cannot read the key file ({reason})."),
    _C.ENCRYPTION_KEY_FILE_EMPTY: Message(id=_CONFIG_ID, en="The encryption key file holds no key."),
    _C.ENCRYPTION_KEY_MISSING: Message(
        id=_CONFIG_ID, en="Set EKLAIM_ENCRYPTION_KEY or EKLAIM_ENCRYPTION_KEY_FILE in production."
    ),
    _C.SECRET_KEY_TOO_SHORT: Message(id=_CONFIG_ID, en="EKLAIM_SECRET_KEY must be at least 32 characters."),
    _C.SECRET_KEY_MISSING: Message(id=_CONFIG_ID, en="Set EKLAIM_SECRET_KEY in production."),
}

INTAKE_MESSAGES: Catalogue[IntakeCode] = Catalogue(
    IntakeCode, {**_FILE_TEXTS, **_FIELD_TEXTS, **_per_field_texts(), **_OTHER_TEXTS}
)
"""The one catalogue of the ``intake`` package (checked complete at import)."""


def intake_message(code: IntakeCode | str, **params: object) -> Message:
    """The bilingual message of an intake ``code`` with ``params`` filled in.

    Raises:
        ValueError: ``code`` is not an :class:`IntakeCode`.
        KeyError: a placeholder of its template has no parameter.
    """
    return INTAKE_MESSAGES.message(code, **params)


__all__ = [
    "FIELD_CODES",
    "FIELD_LABELS",
    "FILE_CODES",
    "INTAKE_MESSAGES",
    "Catalogue",
    "CatalogueError",
    "IntakeCode",
    "intake_message",
    "placeholders",
]
