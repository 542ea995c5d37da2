"""Field extractor for the first page of a bank passbook (buku tabungan)."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from ocr.extract.common import make_field, merge_best, page_rows, repair_factor, unknown_label_tail
from ocr.extract.geometry import caption_tail_value, value_stacked
from ocr.extract.validate import plausible_name, register_vocabulary
from ocr.records import FieldValue, OcrPage
from ocr.text import Hit, LabelSet, Row, clean_name, compact, continuation, digit_field, fold, value_right_of

LABELS = LabelSet(
    {
        "account_number": ["No. Rekening", "Nomor Rekening", "No Rek", "No. Rek", "Nomor Rek", "Rekening",
                           "Account No", "Account Number", "No. Tabungan", "Nomor Tabungan", "A/C No", "A/C No.",
                           "No. Account", "Rek. No", "Nomor Akun", "No. Rek. Tabungan"],
        "account_holder": ["Nama Pemilik Rekening", "Pemilik Rekening", "Nama Nasabah", "Nama Pemilik",
                           "Atas Nama", "Nama", "Name", "Nasabah", "Kepada Yth", "Kepada Yth.", "Account Name",
                           "Account Holder", "Customer Name", "Nama Rekening", "Pemegang Rekening", "Pemilik",
                           "Nama Penabung", "Penabung", "Nama Pemegang Buku", "Pemegang Buku", "Nama Lengkap"],
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


def _stands_alone(word: str, text: str) -> bool:
    """``word`` (compacted) is printed in ``text`` as a name of its own, its letters possibly
    spaced ("BANK RAKYAT INDONESIA"), not inside a longer word: "PERMATA" in a holder's name
    "SRIAYUPERMATASARI" is not the bank. "BANK", "TABUNGAN" or "PT" glued before it, or "BANK",
"SYARIAH" or "TBK" after it, are the bank's own words."""
    up = fold(text)
    spaced = r"[\s.]?".join(re.escape(ch) for ch in word)
    return re.search(rf"(?:(?<![A-Z])|(?<=BANK)|(?<=TABUNGAN)|(?<=PT)){spaced}(?:(?![A-Z])|(?=BANK|SYARIAH|TBK))",
                     up) is not None


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
                    elif w in c and _stands_alone(w, r.text):
                        return short, r
    # OCR slips in a full name on a photo ("BANKRAKYATINDONESLA"): long names only, so an
    # acronym is never guessed from noise
    for short, words in BANKS + PRODUCTS:
        for w in (w for w in words if len(w) >= 10):
            for r, c in compacted:
                if len(c) >= len(w) - 2 and fuzz.partial_ratio(w, c) >= 90:
                    return short, r
    return None


UNLABELLED_FACTOR = 0.7
"""Confidence factor of a number found by its shape and place, without a label."""
UNLABELLED_NAME_FACTOR = 0.55
"""Confidence factor of a holder found only by its place beside the number: below
``matching.verdict.GUESS_CONFIDENCE``, so it confirms the typed holder but never accuses."""

AMOUNT = re.compile(r"\d{1,3}(?:[.,]\d{3})+(?:[.,]\d{2})?\b|RP\.?\s*\d|IDR")
"""A money amount ("1.250.000,00", "Rp 50.000"): never an account number."""
DATE_LIKE = re.compile(r"(?<!\d)\d{1,2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*(?:\d{4}|\d{2})(?!\d)")
"""A printed date ("12-05-2026"), not the dash groups of an account number ("0123-01-000567-50-9")."""


def _unlabelled_number(rows: list[Row], bank: str | None) -> tuple[str, Row] | None:
    """The account number by shape where no label names it: a row that is one 8-16 digit number
    (printed separators allowed), not an amount, a date or a phone number; the bank's usual
    length first, then the largest print, then the highest on the page."""
    cands: list[tuple[int, float, float, str, Row]] = []
    for r in rows:
        if AMOUNT.search(fold(r.text)) or DATE_LIKE.search(r.text):
            continue
        for line in r.lines:  # the number's own box: a button ("Salin") or a label may share the row
            text = line.text.strip()
            if sum(ch.isalpha() for ch in text) > 3:
                # the number glued to its label whose last letters the OCR lost ("Nomor
                # Rekenin2545-46-970337-10-1"): the digits after the label's words
                glued = re.fullmatch(r"(.*[A-Za-z])\s*:?\s*([0-9][0-9 .\-]{7,})", text)
                if glued is None or not re.search(r"REK|ACC|NOMOR|\bNO\b", fold(glued.group(1))):
                    continue
                text = glued.group(2)
            digits, _n = digit_field(text)
            if not 8 <= len(digits) <= 16 or re.match(r"(?:\+?62|0)8\d{8,11}$", digits):
                continue
            usual = bank is not None and len(digits) in ACCOUNT_LENGTHS.get(bank, ())
            cands.append((0 if usual else 1, -r.height, r.y0, digits, Row([line])))
    if not cands:
        return None
    cands.sort(key=lambda c: c[:3])
    return cands[0][3], cands[0][4]


def _name_by_number(rows: list[Row], number: FieldValue) -> tuple[str, Row] | None:
    """The holder printed without a label right above or below the account number: a row that is
    only a person's name (two or more words, no label, bank or office word), left-aligned with it."""
    ys = [pt[1] for pt in (number.box or [])]
    if not ys:
        return None
    idx = min(range(len(rows)), key=lambda i: abs((rows[i].y0 + rows[i].y1) / 2 - sum(ys) / len(ys)))
    num_row = rows[idx]
    for j in (idx + 1, idx - 1):
        if not 0 <= j < len(rows):
            continue
        r = rows[j]
        if abs(r.lines[0].x0 - num_row.lines[0].x0) > 3 * num_row.height or LABELS.match_start(r.text, fuzzy=False):
            continue
        if abs(r.y0 - num_row.y0) > 4 * max(r.height, num_row.height):
            continue
        name = clean_name(r.text).upper()
        if len(name.split()) >= 2 and plausible_name(name) and detect_bank([r]) is None:
            return name, r
    return None


def _holder_past_other_labels(rows: list[Row], h: Hit) -> Hit | None:
    """The holder's hit once a name label the list does not know is read whole ("Nama Lengkap :
    NAME", "Nama Pemilik Rek : NAME": the words before the colon are the label's); a row that
    names another person ("Nama Ibu Kandung : ...") is passed over for the next holder row."""
    skipped: set[int] = set()
    while True:
        tail = unknown_label_tail(rows[h.row_index].text, h.value)
        if tail is None:
            return h
        if not tail[1]:
            return Hit(h.key, tail[0], h.lines, h.row_index, False, h.value_x0)
        skipped.add(h.row_index)
        kept = [i for i in range(len(rows)) if i not in skipped]
        nxt = value_right_of([rows[i] for i in kept], LABELS).get("account_holder")
        if nxt is None or not nxt.value:
            return None
        h = Hit(nxt.key, nxt.value, nxt.lines, kept[nxt.row_index], nxt.exact_label, nxt.value_x0)


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
        if h0 is not None and not h0.value:  # stacked card, table header or caption: the value is under or over it
            under = value_stacked(rows, h0, LABELS)
            if under is not None:
                hits[key] = under
                stacked.add(key)
        elif h0 is not None and not any(ch.isdigit() for ch in h0.value):
            over = caption_tail_value(rows, h0, LABELS)
            if over is not None:
                hits[key] = over
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

    if "account_number" not in out:
        unlabelled = _unlabelled_number(rows, bank[0] if bank else None)
        if unlabelled is not None:
            digits, row = unlabelled
            out["account_number"] = make_field(digits, row.lines, p, UNLABELLED_FACTOR)
    h = hits.get("account_holder")
    if h is not None and h.value and "account_holder" not in stacked:
        h = _holder_past_other_labels(rows, h)
    if (h is None or not h.value) and "account_number" in out:
        near = _name_by_number(rows, out["account_number"])
        if near is not None:
            out["account_holder"] = make_field(near[0], near[1].lines, p, UNLABELLED_NAME_FACTOR)
            return out
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
