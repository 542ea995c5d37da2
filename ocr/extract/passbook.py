"""Field extractor for the first page of a bank passbook (buku tabungan)."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from ocr.extract.common import make_field, merge_best, page_rows, repair_factor
from ocr.extract.geometry import value_under
from ocr.extract.validate import register_vocabulary
from ocr.records import FieldValue, OcrPage
from ocr.text import LabelSet, Row, clean_name, compact, continuation, digit_field, value_right_of

LABELS = LabelSet(
    {
        "account_number": ["No. Rekening", "Nomor Rekening", "No Rek", "No. Rek", "Nomor Rek", "Rekening",
                           "Account No", "Account Number", "No. Tabungan", "Nomor Tabungan"],
        "account_holder": ["Nama Pemilik Rekening", "Pemilik Rekening", "Nama Nasabah", "Nama Pemilik",
                           "Atas Nama", "Nama", "Name", "Nasabah"],
        "other": ["Cabang", "Kantor Cabang", "Alamat", "Tanggal", "Tgl. Buka", "No. CIF", "CIF",
                  "Kode Cabang", "Unit", "Jenis Tabungan", "Produk", "NIK", "Telp"],
    }
)
"""Printed passbook labels (``other`` only stops values)."""

BANKS: list[tuple[str, tuple[str, ...]]] = [
    ("BRI", ("BANKRAKYATINDONESIA", "BANKBRI", "BRI")),
    ("BNI", ("BANKNEGARAINDONESIA", "BANKBNI", "BNI")),
    ("MANDIRI", ("BANKMANDIRI", "MANDIRI")),
    ("BCA", ("BANKCENTRALASIA", "BANKBCA", "BCA")),
    ("BTN", ("BANKTABUNGANNEGARA", "BANKBTN", "BTN")),
    ("BSI", ("BANKSYARIAHINDONESIA", "BSI")),
    ("CIMB NIAGA", ("CIMBNIAGA", "CIMB")),
    ("DANAMON", ("DANAMON",)),
    ("PERMATA", ("PERMATABANK", "PERMATA")),
    ("BJB", ("BANKBJB", "BJB")),
    ("BANK JATIM", ("BANKJATIM",)),
    ("BANK DKI", ("BANKDKI",)),
]
"""Short bank names and the compacted words that identify them (strong names first)."""

PRODUCTS: list[tuple[str, tuple[str, ...]]] = [
    ("BRI", ("BRITAMA", "SIMPEDES")), ("BNI", ("TAPLUS",)), ("BCA", ("TAHAPANBCA",)), ("BTN", ("BATARA",)),
]
"""Savings products that name their bank: weaker than the bank's own name on the page (a
product word can be generic print; the bank's name or logo decides)."""

ACCOUNT_LENGTHS: dict[str, tuple[int, ...]] = {
    "BRI": (15,), "BNI": (10,), "MANDIRI": (13,), "BCA": (10,), "BTN": (16,), "BSI": (10,),
}
"""Usual account-number lengths; a number of another length gets a lower confidence."""

OFF_LENGTH_CAP = 0.5


def detect_bank(rows: list[Row]) -> tuple[str, Row] | None:
    """The bank's short name from the page text (full names beat acronyms)."""
    compacted = [(r, compact(r.text)) for r in rows]
    for min_len, table in ((6, BANKS), (0, BANKS), (0, PRODUCTS)):
        for short, words in table:
            for w in words:
                if len(w) < min_len:
                    continue
                for r, c in compacted:
                    # short acronyms must stand alone as a word
                    if len(w) <= 4:
                        if re.search(rf"(?<![A-Z]){w}(?![A-Z])", r.text.upper()):
                            return short, r
                    elif w in c:
                        return short, r
    # OCR slips in a full name on a photo ("BANKRAKYATINDONESLA"): long names only, so an
    # acronym is never guessed from noise
    for short, words in BANKS + PRODUCTS:
        for w in (w for w in words if len(w) >= 10):
            for r, c in compacted:
                if len(c) >= len(w) - 2 and fuzz.partial_ratio(w, c) >= 90:
                    return short, r
    return None


def extract_page(page: OcrPage) -> dict[str, FieldValue]:
    """Fields of one passbook page."""
    rows = page_rows(page)
    hits = value_right_of(rows, LABELS)
    out: dict[str, FieldValue] = {}
    p = page.page

    bank = detect_bank(rows)
    if bank:
        out["bank"] = make_field(bank[0], bank[1].lines, p)

    stacked: set[str] = set()
    for key in ("account_number", "account_holder"):
        h0 = hits.get(key)
        if h0 is not None and not h0.value:  # stacked card or table header: the value is under it
            under = value_under(rows, h0, LABELS)
            if under is not None:
                hits[key] = under
                stacked.add(key)
    h = hits.get("account_number")
    if h and h.value:
        digits, n = digit_field(h.value)
        if len(digits) >= 6:
            f = repair_factor(n) * (1.0 if h.exact_label else 0.9)
            cap = None
            if bank and bank[0] in ACCOUNT_LENGTHS and len(digits) not in ACCOUNT_LENGTHS[bank[0]]:
                cap = OFF_LENGTH_CAP
            out["account_number"] = make_field(digits, h.lines, p, f, cap)

    h = hits.get("account_holder")
    if h and h.value:
        if "account_holder" not in stacked:  # under a stacked label, the next row is another field
            h = continuation(rows, h, LABELS)
        name = clean_name(h.value).upper()
        if len(name.replace(" ", "")) >= 2:
            out["account_holder"] = make_field(name, h.lines, p, 1.0 if h.exact_label else 0.9)
    return out


def extract(pages: list[OcrPage]) -> dict[str, FieldValue]:
    """Extract ``bank``, ``account_number`` and ``account_holder`` from the OCR'd pages."""
    return merge_best(extract_page(pg) for pg in pages)


register_vocabulary(label_sets=(LABELS,))
