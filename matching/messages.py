"""Claimant-facing texts of the matching stage (Bahasa Indonesia + English), by code.

Texts never contain anyone's NIK, name or account number; placeholders are limited to
document names (``{doc_id}``/``{doc_en}``; the claimant's ID document ``{id_id}``/``{id_en}``),
field names and dates (``{date_id}``/``{date_en}``).

The ID slot (``ktp``) takes an e-KTP or a SIM: every text about that slot or its checks names
the ID the claimant uploaded (:func:`doc_key`), "SIM" for a SIM, never "KTP".
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from intake.errors import Message
from intake.messages import Catalogue
from intake.reasons import REASON_RULES

MONTHS_ID: tuple[str, ...] = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)
MONTHS_EN: tuple[str, ...] = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)

DOC_NAMES: dict[str, tuple[str, str]] = {
    "ktp": ("KTP", "ID card (KTP)"),
    "kk": ("Kartu Keluarga (KK)", "family card (KK)"),
    "bpjs_card": ("kartu BPJS Ketenagakerjaan", "BPJS Ketenagakerjaan card"),
    "resignation_letter": ("surat keterangan berhenti bekerja (paklaring)", "resignation letter (paklaring)"),
    "passbook": ("buku tabungan", "bank passbook"),
    "sim": ("SIM", "driving licence (SIM)"),
}
"""Slot (or ``sim``, the ID slot's other document) -> (Indonesian, English) document name."""

ID_SLOT = "ktp"
"""The slot of the claimant's identity document (an e-KTP or a SIM)."""


def doc_key(slot: str, detected_type: str | None = None) -> str:
    """The :data:`DOC_NAMES` key that names a document: ``sim`` for a SIM in the ID slot, else the slot.

    Args:
        slot: The document's slot.
        detected_type: What the classifier found in it (None when nothing was read).
    """
    return "sim" if slot == ID_SLOT and detected_type == "sim" else slot


FIELD_NAMES: dict[str, tuple[str, str]] = {
    "nik": ("NIK", "NIK"),
    "full_name": ("nama", "name"),
    "birth_date": ("tanggal lahir", "birth date"),
    "members": ("daftar anggota keluarga", "list of family members"),
    "kpj": ("nomor KPJ", "KPJ number"),
    "resignation_date": ("tanggal berhenti bekerja", "resignation date"),
    "account_number": ("nomor rekening", "account number"),
    "account_holder": ("nama pemilik rekening", "account holder name"),
}
"""Field -> (Indonesian, English) name."""


def format_date_id(d: date) -> str:
    """Indonesian long date: ``15 November 2026``."""
    return f"{d.day} {MONTHS_ID[d.month - 1]} {d.year}"


def format_date_en(d: date) -> str:
    """English long date: ``15 November 2026``."""
    return f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}"


class MatchingCode(StrEnum):
    """Every code the ``matching`` package reports with a message (check codes and the
    claimant messages of documents and checks)."""

    DOC_MISSING = "doc_missing"
    DOC_REJECTED = "doc_rejected"
    DOC_UNREADABLE = "doc_unreadable"
    DOC_WRONG_TYPE = "doc_wrong_type"
    DOC_NOT_AVAILABLE = "doc_not_available"
    DOC_NOT_READABLE = "doc_not_readable"
    FIELD_NOT_READ = "field_not_read"
    MATCHES = "matches"
    NIK_DIFFERS = "nik_differs"
    NIK_REVIEW = "nik_review"
    NAME_DIFFERS = "name_differs"
    NAME_REVIEW = "name_review"
    BIRTH_DATE_DIFFERS = "birth_date_differs"
    BIRTH_DATE_DAY_MONTH_SWAPPED = "birth_date_day_month_swapped"
    BIRTH_DATE_INVALID = "birth_date_invalid"
    BIRTH_DATE_REVIEW = "birth_date_review"
    NIK_BIRTH_DATE_DIFFERS = "nik_birth_date_differs"
    NIK_BIRTH_DATE_FEMALE_OFFSET = "nik_birth_date_female_offset"
    NIK_INVALID = "nik_invalid"
    NIK_NOT_ON_KK = "nik_not_on_kk"
    KK_NIK_REVIEW = "kk_nik_review"
    NIK_VIA_KK_MATCHES = "nik_via_kk_matches"
    NIK_VIA_KK_DIFFERS = "nik_via_kk_differs"
    NIK_VIA_KK_REVIEW = "nik_via_kk_review"
    SIM_HOLDER_NOT_ON_KK = "sim_holder_not_on_kk"
    KPJ_DIFFERS = "kpj_differs"
    KPJ_REVIEW = "kpj_review"
    WAITING_PERIOD_NOT_OVER = "waiting_period_not_over"
    WAITING_PERIOD_REVIEW = "waiting_period_review"
    WAITING_PERIOD_OK = "waiting_period_ok"
    ACCOUNT_NUMBER_DIFFERS = "account_number_differs"
    ACCOUNT_NUMBER_REVIEW = "account_number_review"
    HOLDER_NOT_CLAIMANT = "holder_not_claimant"
    HOLDER_IS_SPOUSE = "holder_is_spouse"
    HOLDER_IS_FAMILY_MEMBER = "holder_is_family_member"
    HOLDER_REVIEW = "holder_review"
    REVIEW_PENDING = "review_pending"
    # --- contract version 2: claim reasons, claim.age, form.account_holder
    NOT_APPLICABLE = "not_applicable"
    LETTER_NOT_REQUIRED = "letter_not_required"
    AGE_REACHED = "age_reached"
    AGE_NOT_REACHED = "age_not_reached"
    AGE_REVIEW = "age_review"
    AGE_UNKNOWN = "age_unknown"
    ACCOUNT_HOLDER_TYPED_DIFFERS = "account_holder_typed_differs"
    ACCOUNT_HOLDER_TYPED_SPOUSE = "account_holder_typed_spouse"
    ACCOUNT_HOLDER_TYPED_REVIEW = "account_holder_typed_review"
    ACCOUNT_HOLDER_NOT_TYPED = "account_holder_not_typed"
    REASON_NEEDS_BRANCH = "reason_needs_branch"
    HEIR_ACCOUNT = "heir_account"
    REASON_DOCS_RESIGN = "reason_docs_resign"
    REASON_DOCS_PHK = "reason_docs_phk"
    REASON_DOCS_PENSIUN = "reason_docs_pensiun"
    REASON_DOCS_MENINGGAL = "reason_docs_meninggal"
    REASON_DOCS_CACAT = "reason_docs_cacat"
    REASON_DOCS_WNA = "reason_docs_wna"


MATCHING_MESSAGES: Catalogue[MatchingCode] = Catalogue(MatchingCode, {
    # --- documents (used when the document result carries no message of its own)
    MatchingCode.DOC_MISSING: Message(
        "{doc_id} belum diunggah. Silakan unggah {doc_id}.",
        "The {doc_en} has not been uploaded. Please upload it.",
    ),
    MatchingCode.DOC_REJECTED: Message(
        "Berkas {doc_id} tidak dapat diterima. Unggah ulang sebagai foto JPG/PNG atau PDF yang valid.",
        "The {doc_en} file cannot be accepted. Please upload it again as a valid JPG/PNG photo or PDF.",
    ),
    MatchingCode.DOC_UNREADABLE: Message(
        "Foto {doc_id} tidak terbaca dengan jelas. Unggah foto baru yang tajam, cukup terang dan tidak silau.",
        "The photo of the {doc_en} cannot be read clearly. Please upload a new sharp, well-lit photo without glare.",
    ),
    MatchingCode.DOC_WRONG_TYPE: Message(
        "Berkas yang diunggah sebagai {doc_id} adalah dokumen lain. Unggah {doc_id} yang benar.",
        "The file uploaded as the {doc_en} is a different document. Please upload the {doc_en}.",
    ),
    # --- checks that could not run
    MatchingCode.DOC_NOT_AVAILABLE: Message(
        "Tidak dapat diperiksa karena {doc_id} belum ada atau tidak valid.",
        "Could not be checked because the {doc_en} is missing or not valid.",
    ),
    MatchingCode.DOC_NOT_READABLE: Message(
        "Tidak dapat diperiksa karena {doc_id} tidak terbaca.",
        "Could not be checked because the {doc_en} cannot be read.",
    ),
    MatchingCode.FIELD_NOT_READ: Message(
        "{field_id} pada {doc_id} tidak terbaca; petugas akan memeriksanya.",
        "The {field_en} on the {doc_en} could not be read; an officer will check it.",
    ),
    # --- results
    MatchingCode.MATCHES: Message("Sesuai.", "Matches."),
    MatchingCode.NIK_DIFFERS: Message(
        "NIK yang Anda ketik berbeda dengan NIK pada KTP. Periksa kembali 16 digit NIK yang Anda ketik.",
        "The NIK you typed differs from the NIK on your KTP. Please check the 16-digit NIK you typed.",
    ),
    MatchingCode.NIK_REVIEW: Message(
        "NIK pada KTP kurang jelas terbaca; petugas akan mencocokkannya dengan NIK yang Anda ketik.",
        "The NIK on the KTP is not clearly legible; an officer will compare it with the NIK you typed.",
    ),
    MatchingCode.NAME_DIFFERS: Message(
        "Nama yang Anda ketik berbeda dengan nama pada {doc_id}. Ketik nama lengkap persis seperti pada {id_id}, "
        "atau unggah {doc_id} atas nama Anda.",
        "The name you typed differs from the name on the {doc_en}. Type your full name exactly as on your "
        "{id_en}, or upload a {doc_en} in your own name.",
    ),
    MatchingCode.NAME_REVIEW: Message(
        "Nama pada {doc_id} sedikit berbeda dengan nama yang Anda ketik; petugas akan memeriksanya.",
        "The name on the {doc_en} differs slightly from the name you typed; an officer will check it.",
    ),
    MatchingCode.BIRTH_DATE_DIFFERS: Message(
        "Tanggal lahir yang Anda ketik berbeda dengan tanggal lahir pada {id_id}. Periksa kembali tanggal lahir "
        "(format DDMMYY, misalnya 050890 untuk 5 Agustus 1990).",
        "The birth date you typed differs from the birth date on your {id_en}. Please check it "
        "(format DDMMYY, e.g. 050890 for 5 August 1990).",
    ),
    MatchingCode.BIRTH_DATE_DAY_MONTH_SWAPPED: Message(
        "Tanggal dan bulan lahir yang Anda ketik tampaknya tertukar. Ketik dengan format DDMMYY "
        "(tanggal, bulan, tahun).",
        "The day and month of the birth date you typed seem to be swapped. Type it as DDMMYY (day, month, year).",
    ),
    MatchingCode.BIRTH_DATE_INVALID: Message(
        "Tanggal lahir yang Anda ketik tidak valid. Ketik dengan format DDMMYY, misalnya 050890.",
        "The birth date you typed is not a valid date. Type it as DDMMYY, e.g. 050890.",
    ),
    MatchingCode.BIRTH_DATE_REVIEW: Message(
        "Tanggal lahir pada {id_id} kurang jelas terbaca; petugas akan memeriksanya.",
        "The birth date on the {id_en} is not clearly legible; an officer will check it.",
    ),
    MatchingCode.NIK_BIRTH_DATE_DIFFERS: Message(
        "Tanggal lahir yang Anda ketik tidak sesuai dengan tanggal lahir di dalam NIK (digit ke-7 sampai ke-12). "
        "Periksa kembali NIK dan tanggal lahir yang Anda ketik.",
        "The birth date you typed does not match the birth date inside the NIK (digits 7 to 12). "
        "Please check both the NIK and the birth date you typed.",
    ),
    MatchingCode.NIK_BIRTH_DATE_FEMALE_OFFSET: Message(
        "Pada NIK perempuan, tanggal lahir ditambah 40. Ketik tanggal lahir Anda yang sebenarnya "
        "(format DDMMYY), bukan angka dari NIK.",
        "In a woman's NIK the day of birth has 40 added. Type your real birth date (DDMMYY), "
        "not the digits from the NIK.",
    ),
    MatchingCode.NIK_INVALID: Message(
        "NIK yang Anda ketik tidak valid (harus 16 digit dan memuat tanggal lahir yang benar). Periksa kembali NIK Anda.",
        "The NIK you typed is not valid (it must have 16 digits with a valid birth date). Please check your NIK.",
    ),
    MatchingCode.NIK_NOT_ON_KK: Message(
        "NIK yang Anda ketik tidak tercantum pada Kartu Keluarga. Periksa NIK yang Anda ketik, atau unggah "
        "Kartu Keluarga terbaru yang mencantumkan Anda.",
        "The NIK you typed is not listed on the family card. Please check the NIK you typed, or upload the "
        "latest family card that lists you.",
    ),
    MatchingCode.KK_NIK_REVIEW: Message(
        "NIK anggota keluarga pada Kartu Keluarga kurang jelas terbaca; petugas akan memeriksanya.",
        "The members' NIKs on the family card are not clearly legible; an officer will check them.",
    ),
    MatchingCode.NIK_VIA_KK_MATCHES: Message(
        "Sesuai: NIK Anda pada Kartu Keluarga sama dengan NIK yang Anda ketik (identitas: SIM).",
        "Matches: your NIK on the family card is the NIK you typed (ID: driving licence).",
    ),
    MatchingCode.NIK_VIA_KK_DIFFERS: Message(
        "NIK yang Anda ketik berbeda dengan NIK Anda pada Kartu Keluarga (SIM tidak memuat NIK). "
        "Periksa kembali 16 digit NIK yang Anda ketik.",
        "The NIK you typed differs from your NIK on the family card (a driving licence shows no NIK). "
        "Please check the 16-digit NIK you typed.",
    ),
    MatchingCode.NIK_VIA_KK_REVIEW: Message(
        "NIK Anda pada Kartu Keluarga kurang jelas terbaca; petugas akan mencocokkannya dengan NIK yang Anda ketik.",
        "Your NIK on the family card is not clearly legible; an officer will compare it with the NIK you typed.",
    ),
    MatchingCode.SIM_HOLDER_NOT_ON_KK: Message(
        "Pemilik SIM tidak ditemukan pada Kartu Keluarga, sehingga NIK belum dapat dicocokkan; petugas akan "
        "memeriksanya. Anda juga dapat mengunggah KTP sebagai pengganti SIM.",
        "The driving licence holder was not found on the family card, so the NIK could not be matched yet; "
        "an officer will check it. You may also upload your KTP instead of the driving licence.",
    ),
    MatchingCode.KPJ_DIFFERS: Message(
        "Nomor KPJ yang Anda ketik berbeda dengan nomor pada kartu BPJS Ketenagakerjaan. "
        "Periksa kembali 11 digit nomor KPJ.",
        "The KPJ number you typed differs from the number on the BPJS Ketenagakerjaan card. "
        "Please check the 11-digit KPJ number.",
    ),
    MatchingCode.KPJ_REVIEW: Message(
        "Nomor KPJ pada kartu kurang jelas terbaca; petugas akan memeriksanya.",
        "The KPJ number on the card is not clearly legible; an officer will check it.",
    ),
    MatchingCode.WAITING_PERIOD_NOT_OVER: Message(
        "Klaim JHT karena berhenti bekerja baru dapat diajukan 1 bulan setelah tanggal berhenti bekerja. "
        "Anda dapat mengajukan klaim mulai {date_id}.",
        "A JHT claim after resignation can only be filed 1 month after the resignation date. "
        "You can file the claim from {date_en}.",
    ),
    MatchingCode.WAITING_PERIOD_REVIEW: Message(
        "Tanggal berhenti bekerja pada surat keterangan kurang jelas terbaca; petugas akan memeriksanya.",
        "The resignation date on the letter is not clearly legible; an officer will check it.",
    ),
    MatchingCode.WAITING_PERIOD_OK: Message(
        "Masa tunggu 1 bulan setelah berhenti bekerja sudah terpenuhi.",
        "The 1-month waiting period after resignation is over.",
    ),
    MatchingCode.ACCOUNT_NUMBER_DIFFERS: Message(
        "Nomor rekening yang Anda ketik berbeda dengan nomor pada buku tabungan. Periksa kembali nomor rekening.",
        "The account number you typed differs from the number in the passbook. Please check the account number.",
    ),
    MatchingCode.ACCOUNT_NUMBER_REVIEW: Message(
        "Nomor rekening pada buku tabungan kurang jelas terbaca; petugas akan memeriksanya.",
        "The account number in the passbook is not clearly legible; an officer will check it.",
    ),
    MatchingCode.HOLDER_NOT_CLAIMANT: Message(
        "Rekening pada buku tabungan bukan atas nama Anda. Dana JHT hanya dapat dibayarkan ke rekening atas nama "
        "Anda sendiri (sesuai {id_id}). Unggah buku tabungan rekening atas nama Anda.",
        "The passbook account is not in your name. JHT can only be paid into an account in your own name "
        "(as on your {id_en}). Please upload the passbook of an account in your name.",
    ),
    MatchingCode.HOLDER_IS_SPOUSE: Message(
        "Rekening pada buku tabungan tampaknya atas nama suami/istri Anda. Dana JHT hanya dapat dibayarkan ke "
        "rekening atas nama Anda sendiri. Unggah buku tabungan rekening atas nama Anda.",
        "The passbook account appears to be in your spouse's name. JHT can only be paid into an account in your "
        "own name. Please upload the passbook of an account in your name.",
    ),
    MatchingCode.HOLDER_IS_FAMILY_MEMBER: Message(
        "Rekening pada buku tabungan tampaknya atas nama anggota keluarga Anda. Dana JHT hanya dapat dibayarkan "
        "ke rekening atas nama Anda sendiri. Unggah buku tabungan rekening atas nama Anda.",
        "The passbook account appears to be in a family member's name. JHT can only be paid into an account in "
        "your own name. Please upload the passbook of an account in your name.",
    ),
    MatchingCode.HOLDER_REVIEW: Message(
        "Nama pemilik rekening sedikit berbeda dengan nama Anda; petugas akan memeriksanya.",
        "The account holder's name differs slightly from your name; an officer will check it.",
    ),
    MatchingCode.REVIEW_PENDING: Message(
        "Sebagian data akan diperiksa oleh petugas. Anda akan diberi tahu bila ada yang perlu diperbaiki.",
        "Some details will be checked by an officer. You will be told if anything needs to be corrected.",
    ),
    # --- contract version 2
    MatchingCode.NOT_APPLICABLE: Message(
        "Tidak berlaku untuk klaim dengan alasan {reason_id}.",
        "Does not apply to a claim for {reason_en}.",
    ),
    MatchingCode.LETTER_NOT_REQUIRED: Message(
        "Surat keterangan berhenti bekerja tidak diperlukan untuk klaim dengan alasan {reason_id}.",
        "A resignation letter is not needed for a claim for {reason_en}.",
    ),
    MatchingCode.AGE_REACHED: Message(
        "Usia pensiun 56 tahun sudah tercapai.",
        "The retirement age of 56 has been reached.",
    ),
    MatchingCode.AGE_NOT_REACHED: Message(
        "Klaim JHT karena usia pensiun baru dapat diajukan setelah Anda berusia 56 tahun; menurut tanggal lahir "
        "Anda, usia 56 tahun belum tercapai. Anda dapat mengajukan klaim pensiun mulai {date_id}.",
        "A JHT claim for retirement can only be filed once you are 56; by your birth date you are not 56 yet. "
        "You can file the retirement claim from {date_en}.",
    ),
    MatchingCode.AGE_REVIEW: Message(
        "Tanggal lahir pada {id_id} kurang jelas terbaca untuk memastikan usia pensiun; petugas akan memeriksanya.",
        "The birth date on the {id_en} is not clearly legible to confirm the retirement age; an officer will "
        "check it.",
    ),
    MatchingCode.AGE_UNKNOWN: Message(
        "Usia pensiun tidak dapat diperiksa karena tanggal lahir tidak diketahui; petugas akan memeriksanya.",
        "The retirement age could not be checked because the birth date is not known; an officer will check it.",
    ),
    MatchingCode.ACCOUNT_HOLDER_TYPED_DIFFERS: Message(
        "Nama pemilik rekening yang Anda ketik bukan nama Anda. Dana JHT hanya dapat dibayarkan ke rekening atas "
        "nama Anda sendiri: isi nama pemilik rekening dengan nama Anda (sesuai {id_id}) dan gunakan rekening atas "
        "nama Anda.",
        "The account holder you typed is not you. JHT can only be paid into an account in your own name: type your "
        "own name (as on your {id_en}) as the account holder and use an account in your name.",
    ),
    MatchingCode.ACCOUNT_HOLDER_TYPED_SPOUSE: Message(
        "Nama pemilik rekening yang Anda ketik adalah nama suami/istri Anda. Dana JHT hanya dapat dibayarkan ke "
        "rekening atas nama Anda sendiri: gunakan rekening atas nama Anda.",
        "The account holder you typed is your spouse. JHT can only be paid into an account in your own name: "
        "please use an account in your name.",
    ),
    MatchingCode.ACCOUNT_HOLDER_TYPED_REVIEW: Message(
        "Nama pemilik rekening yang Anda ketik sedikit berbeda dengan nama Anda; petugas akan memeriksanya.",
        "The account holder you typed differs slightly from your name; an officer will check it.",
    ),
    MatchingCode.ACCOUNT_HOLDER_NOT_TYPED: Message(
        "Nama pemilik rekening belum diisi dengan benar. Isi dengan nama Anda sesuai buku tabungan.",
        "The account holder name is missing or not valid. Type your name as in the passbook.",
    ),
    MatchingCode.REASON_NEEDS_BRANCH: Message(
        "Klaim dengan alasan {reason_id} memerlukan dokumen tambahan yang diperiksa oleh petugas kantor cabang.",
        "A claim for {reason_en} needs further documents that a branch officer checks.",
    ),
    MatchingCode.HEIR_ACCOUNT: Message(
        "Rekening ini tidak atas nama peserta. Untuk klaim karena peserta meninggal dunia, dana JHT dibayarkan "
        "kepada ahli waris: petugas kantor cabang akan memeriksa bahwa pemilik rekening adalah ahli waris yang sah "
        "(surat keterangan ahli waris dan KTP ahli waris).",
        "This account is not in the member's name. For a claim after the member's death, JHT is paid to the heirs: "
        "a branch officer will check that the account holder is a lawful heir (statement of heirs and the heir's "
        "KTP).",
    ),
    MatchingCode.REASON_DOCS_RESIGN: Message(
        "Untuk klaim karena mengundurkan diri, unggah KTP (atau SIM), Kartu Keluarga, kartu BPJS Ketenagakerjaan, "
        "surat keterangan berhenti bekerja atau paklaring dari perusahaan, dan buku tabungan atas nama Anda.",
        "For a resignation claim, upload your KTP (or SIM), family card, BPJS Ketenagakerjaan card, the "
        "resignation letter or your employer's statement (paklaring), and the passbook of an account in your name.",
    ),
    MatchingCode.REASON_DOCS_PHK: Message(
        "Untuk klaim karena PHK, unggah KTP (atau SIM), Kartu Keluarga, kartu BPJS Ketenagakerjaan, surat PHK "
        "atau paklaring dari perusahaan, dan buku tabungan atas nama Anda.",
        "For a termination (PHK) claim, upload your KTP (or SIM), family card, BPJS Ketenagakerjaan card, the "
        "termination (PHK) letter or your employer's statement (paklaring), and the passbook of an account in "
        "your name.",
    ),
    MatchingCode.REASON_DOCS_PENSIUN: Message(
        "Untuk klaim karena usia pensiun, unggah KTP (atau SIM), Kartu Keluarga, kartu BPJS Ketenagakerjaan dan "
        "buku tabungan atas nama Anda; surat keterangan berhenti bekerja tidak diperlukan.",
        "For a retirement claim, upload your KTP (or SIM), family card, BPJS Ketenagakerjaan card and the passbook "
        "of an account in your name; a resignation letter is not needed.",
    ),
    MatchingCode.REASON_DOCS_MENINGGAL: Message(
        "Untuk klaim karena peserta meninggal dunia, selain {id_id}, Kartu Keluarga, kartu BPJS Ketenagakerjaan dan "
        "buku tabungan, ahli waris perlu membawa surat keterangan kematian, surat keterangan ahli waris serta KTP "
        "ahli waris ke kantor cabang; petugas akan menghubungi Anda.",
        "For a claim after the member's death, besides the {id_en}, family card, BPJS Ketenagakerjaan card and "
        "passbook, the heirs need to bring the death certificate, the statement of heirs and the heirs' KTPs to a "
        "branch office; an officer will contact you.",
    ),
    MatchingCode.REASON_DOCS_CACAT: Message(
        "Untuk klaim karena cacat total tetap, selain {id_id}, Kartu Keluarga, kartu BPJS Ketenagakerjaan dan buku "
        "tabungan, diperlukan surat keterangan dokter tentang cacat total tetap yang diperiksa di kantor cabang; "
        "petugas akan menghubungi Anda.",
        "For a permanent total disability claim, besides the {id_en}, family card, BPJS Ketenagakerjaan card and "
        "passbook, a doctor's statement of permanent total disability is needed and is checked at a branch office; "
        "an officer will contact you.",
    ),
    MatchingCode.REASON_DOCS_WNA: Message(
        "Untuk klaim karena meninggalkan Indonesia untuk selamanya, selain kartu identitas, kartu BPJS "
        "Ketenagakerjaan dan buku tabungan, diperlukan paspor serta surat pernyataan tidak akan kembali bekerja di "
        "Indonesia yang diperiksa di kantor cabang; petugas akan menghubungi Anda.",
        "For a claim on leaving Indonesia for good, besides the ID, BPJS Ketenagakerjaan card and passbook, your "
        "passport and a statement that you will not return to work in Indonesia are needed and are checked at a "
        "branch office; an officer will contact you.",
    ),
})
"""The one catalogue of the ``matching`` package: code -> template with ``str.format``
placeholders (checked complete at import)."""


def _lower_first(text: str) -> str:
    """``text`` with its first letter in lower case (a label inside a sentence)."""
    return text[:1].lower() + text[1:]


def reason_docs_code(reason: str) -> MatchingCode | None:
    """The "what to upload" message code of a claim reason (None for an unknown reason)."""
    try:
        return MatchingCode(f"reason_docs_{reason}")
    except ValueError:
        return None


def message(
    code: MatchingCode | str,
    *,
    doc: str | None = None,
    field: str | None = None,
    on: date | None = None,
    reason: str | None = None,
    id_doc: str = ID_SLOT,
) -> Message:
    """The message for ``code`` with document/field names and a date filled in.

    Args:
        code: a :class:`MatchingCode` (``ValueError`` for any other string).
        doc: Document slot, fills ``{doc_id}``/``{doc_en}``.
        field: Field name, fills ``{field_id}``/``{field_en}``.
        on: A date, fills ``{date_id}``/``{date_en}`` (``15 November 2026``).
        reason: A claim reason, fills ``{reason_id}``/``{reason_en}`` with its lower-case label.
        id_doc: The claimant's ID document (:func:`doc_key` of the ID slot: ``ktp`` or ``sim``),
            fills ``{id_id}``/``{id_en}``.
    """
    doc_id, doc_en = DOC_NAMES.get(doc or "", (doc or "", doc or ""))
    field_id, field_en = FIELD_NAMES.get(field or "", (field or "", field or ""))
    id_id, id_en = DOC_NAMES.get(id_doc, DOC_NAMES[ID_SLOT])
    values = {
        "id_id": id_id,
        "id_en": id_en,
        "doc_id": doc_id,
        "doc_en": doc_en,
        "field_id": field_id,
        "field_en": field_en,
        "date_id": format_date_id(on) if on else "",
        "date_en": format_date_en(on) if on else "",
        "reason_id": _lower_first(REASON_RULES[reason].label.id) if reason in REASON_RULES else (reason or ""),
        "reason_en": _lower_first(REASON_RULES[reason].label.en) if reason in REASON_RULES else (reason or ""),
    }
    filled = MATCHING_MESSAGES.message(code, **values)
    return Message(filled.id[:1].upper() + filled.id[1:], filled.en)
