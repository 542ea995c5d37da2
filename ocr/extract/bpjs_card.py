"""Field extractor for the BPJS Ketenagakerjaan membership card."""

from __future__ import annotations

import re

from ocr.extract.common import make_field, merge_best, page_rows, repair_factor
from ocr.extract.geometry import caption_tail_value, caption_under_value, value_over, value_under
from ocr.extract.validate import plausible_name, register_vocabulary
from ocr.records import FieldValue, OcrPage
from ocr.text import Hit, LabelSet, Row, clean_name, compact, digit_field, find_dates, value_below, value_right_of

LABELS = LabelSet(
    {
        "kpj": ["No. KPJ", "Nomor KPJ", "KPJ", "No. Peserta", "Nomor Peserta", "No Kartu", "Nomor Kartu",
                "No. Kartu Peserta"],
        "full_name": ["Nama", "Nama Peserta", "Nama Tenaga Kerja", "Nama Lengkap"],
        "other": ["Tgl. Kepesertaan", "Tanggal Kepesertaan", "Berlaku", "Perusahaan", "NIK",
                  "Tgl Lahir", "Tanggal Lahir"],
    }
)
"""Printed card labels (``other`` only stops values)."""

KPJ_LEN = 11
NOT_NAME = ("BPJS", "KETENAGAKERJAAN", "KARTU", "PESERTA", "JAMSOSTEK", "PROGRAM", "BERLAKU",
            "KEPESERTAAN", "JAMINAN", "SOSIAL", "TENAGAKERJA", "WWW", "KPJ", "NIK", "CABANG")
UNLABELLED = 0.85
"""Confidence factor for a value found without its label."""


def _looks_like_name(row: Row) -> bool:
    t = row.text.strip()
    c = compact(t)
    if len(c) < 3 or any(w in c for w in NOT_NAME) or re.search(r"\d", t):
        return False
    if re.match(r"^(PT|CV|P\.T\.?)\s", t.upper()):
        return False
    # letters plus the punctuation of names and titles ("H. AHMAD FAUZI, S.E.", "NUR'AINI")
    return t.upper() == t and re.fullmatch(r"[A-Z][A-Z .,'\-]*", t) is not None and sum(ch.isalpha() for ch in t) >= 3


def _stacked(rows: list[Row], hit: Hit) -> Hit | None:
    """The value of a label with nothing right of it: over it when the label is a caption under
    its value, else on the line under it (or in its column)."""
    if caption_under_value(rows, hit.row_index, LABELS):
        return value_over(rows, hit, LABELS)
    return value_below(rows, hit, LABELS) or value_under(rows, hit, LABELS)


def extract_page(page: OcrPage) -> dict[str, FieldValue]:
    """Fields of one card side."""
    rows = page_rows(page)
    hits = value_right_of(rows, LABELS)
    out: dict[str, FieldValue] = {}
    p = page.page
    kpj_row: int | None = None

    h = hits.get("kpj")
    if h and not digit_field(h.value)[0]:
        h = _stacked(rows, h)
    if h and h.value:
        digits, n = digit_field(h.value)
        if len(digits) == KPJ_LEN:
            out["kpj"] = make_field(digits, h.lines, p, repair_factor(n) * (1.0 if h.exact_label else 0.9))
            kpj_row = h.row_index
    if "kpj" not in out:
        # an 11-digit number of its own: the whole row, or one line of it (its cell, beside a
        # label the recogniser misread: "Nomor Karto  2457 6233 914")
        for i, row in enumerate(rows):
            for text, lines in ((row.text, row.lines), *((ln.text, [ln]) for ln in row.lines if len(row.lines) > 1)):
                if find_dates(text):
                    continue
                digits, n = digit_field(text)
                letters = sum(ch.isalpha() for ch in text)
                if len(digits) == KPJ_LEN and letters <= 4:
                    out["kpj"] = make_field(digits, lines, p, UNLABELLED * repair_factor(n))
                    kpj_row = i
                    break
            if kpj_row is not None:
                break

    h = hits.get("full_name")
    if h and not h.value:
        h = _stacked(rows, h)
    elif h and not any(ch.isdigit() for ch in h.value):
        h = caption_tail_value(rows, h, LABELS) or h
    if h and h.value:
        name = clean_name(h.value).upper()
        if len(name.replace(" ", "")) >= 2 and plausible_name(name):
            out["full_name"] = make_field(name, h.lines, p, 1.0 if h.exact_label else 0.9)
    if "full_name" not in out and kpj_row is not None:
        # the name is printed just above (or below) the number, without a label
        order = [kpj_row - 1, kpj_row - 2, kpj_row + 1]
        for i in order:
            if (0 <= i < len(rows) and _looks_like_name(rows[i]) and not LABELS.match_start(rows[i].text, fuzzy=False)
                    and plausible_name(rows[i].text)):
                out["full_name"] = make_field(clean_name(rows[i].text).upper(), rows[i].lines, p, UNLABELLED)
                break
    return out


def extract(pages: list[OcrPage]) -> dict[str, FieldValue]:
    """Extract ``kpj`` and ``full_name`` from the OCR'd card."""
    return merge_best(extract_page(pg) for pg in pages)


register_vocabulary(label_sets=(LABELS,), phrases=NOT_NAME)
