"""Field extractor for the e-KTP identity card."""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from intake.wilayah import snap_place_code
from ocr.extract.common import UNSEPARATED_FACTOR, date_without_separators, make_field, merge_best, page_rows, repair_factor
from ocr.extract.validate import plausible_name, register_vocabulary
from ocr.records import FieldValue, OcrPage
from ocr.text import (
    Hit,
    LabelSet,
    Row,
    clean_name,
    clean_value,
    compact,
    continuation,
    digit_field,
    find_dates,
    fold,
    value_right_of,
)

LABELS = LabelSet(
    {
        "nik": ["NIK"],
        "full_name": ["Nama"],
        "birth": ["Tempat/Tgl Lahir", "Tempat/Tanggal Lahir", "Tempat Lahir"],
        "gender": ["Jenis Kelamin", "Jenis Kel"],
        "blood": ["Gol. Darah", "Gol Darah", "Golongan Darah"],
        "address": ["Alamat"],
        "rt_rw": ["RT/RW"],
        "village": ["Kel/Desa", "Kelurahan/Desa", "Desa/Kelurahan", "Kel./Desa"],
        "district": ["Kecamatan"],
        "religion": ["Agama"],
        "marital_status": ["Status Perkawinan"],
        "occupation": ["Pekerjaan"],
        "nationality": ["Kewarganegaraan"],
        "valid_until": ["Berlaku Hingga", "Berlaku Hinga"],
    }
)
"""The printed KTP labels by field key."""

RELIGIONS = ["ISLAM", "KRISTEN", "KATOLIK", "KATHOLIK", "HINDU", "BUDDHA", "BUDHA", "KONGHUCU",
             "KEPERCAYAAN TERHADAP TUHAN YME"]
MARITAL = ["BELUM KAWIN", "KAWIN", "CERAI HIDUP", "CERAI MATI"]
NATIONALITY = ["WNI", "WNA"]

UNSNAPPED = 0.7
"""Confidence factor for a province/regency name the gazetteer does not know."""

MIN_SNAP = 80
"""rapidfuzz ratio above which a value is snapped to a known printed term."""


def snap(value: str, choices: list[str]) -> tuple[str, float]:
    """Snap an OCR'd term to the closest known one; returns (value, confidence factor)."""
    v = fold(value)
    if not v:
        return v, 0.0
    best = process.extractOne(compact(v), {c: compact(c) for c in choices}, scorer=fuzz.ratio)
    if best and best[1] >= MIN_SNAP:
        return best[2], 1.0 if best[1] >= 99 else 0.9
    return v, 0.6


def fix_address(value: str) -> str:
    """Restore the usual spacing of ``JL.``/``GG.``/``NO.``/``BLOK`` that OCR drops, and ``JI.`` -> ``JL.``."""
    v = re.sub(r"^J[I1l|]\.", "JL.", value.upper())
    v = re.sub(r"\b(JL|JLN|GG|KOMP|PERUM)\.(?=\S)", r"\1. ", v)
    v = re.sub(r"(?<=[A-Z])(NO|BLOK)\.?\s?(?=\d)", r" \1. ", v)
    v = re.sub(r"\bNO\.(?=\d)", "NO. ", v)
    return re.sub(r"\s+", " ", v).strip()


def parse_gender(value: str) -> str | None:
    """``LAKI-LAKI`` / ``PEREMPUAN`` from an OCR'd gender value, or None."""
    c = compact(value)
    if not c:
        return None
    if c.startswith("LAKI") or fuzz.ratio(c[:8], "LAKILAKI") >= 75:
        return "LAKI-LAKI"
    if c.startswith("PEREM") or fuzz.ratio(c[:9], "PEREMPUAN") >= 75:
        return "PEREMPUAN"
    return None


def nik_plausible(nik: str) -> bool:
    """A NIK's structure: 16 digits, day 1-31 or 41-71, month 1-12, province code 11-99."""
    if not re.fullmatch(r"\d{16}", nik):
        return False
    day, month = int(nik[6:8]), int(nik[8:10])
    return int(nik[:2]) >= 11 and (1 <= day <= 31 or 41 <= day <= 71) and 1 <= month <= 12


def nik_field(hit_value: str, hit: Hit, page: int, factor: float = 1.0) -> FieldValue | None:
    """The NIK field from a label hit: 16 digits after repair, else nothing."""
    digits, n = digit_field(hit_value)
    if len(digits) != 16:
        return None
    f = factor * repair_factor(n)
    cap = None if nik_plausible(digits) else 0.4
    return make_field(digits, hit.lines, page, f, cap)


def _header(rows: list[Row], words: tuple[str, ...], limit: int) -> tuple[str, Row] | None:
    """A header row (``PROVINSI JAWA BARAT``, ``KABUPATEN BANDUNG``) among the top rows."""
    for row in rows[:limit]:
        t = fold(row.text)
        for w in words:
            m = re.match(rf"^[\s.]*({w})[\s.:]*(.*)$", t)
            if m and m.group(2).strip():
                return m.group(1), row
    return None


MISREAD_LABEL = 0.85
"""Confidence factor of a value found by the card's row order under a label that was misread."""


def _nik_agrees(nik: FieldValue | None, iso: str) -> float:
    """1.0 when the card's NIK encodes the date (day + 40 for a woman), else :data:`UNSEPARATED_FACTOR`."""
    if nik is None or not isinstance(nik.value, str) or len(nik.value) != 16:
        return UNSEPARATED_FACTOR
    day, month, yy = int(nik.value[6:8]) % 40, nik.value[8:10], nik.value[10:12]
    return 1.0 if (f"{day:02d}", month, yy) == (iso[8:10], iso[5:7], iso[2:4]) else UNSEPARATED_FACTOR


def extract_page(page: OcrPage) -> dict[str, FieldValue]:
    """Fields of one KTP page."""
    rows = page_rows(page)
    out: dict[str, FieldValue] = {}
    hits = value_right_of(rows, LABELS)
    p = page.page

    def lab(h: Hit) -> float:
        return 1.0 if h.exact_label else 0.9

    # NIK
    h = hits.get("nik")
    nik = nik_field(h.value, h, p, lab(h)) if h else None
    if nik is None:
        # fallback: a lone 16-digit run in the upper half of the card
        for row in rows:
            digits, n = digit_field(row.text)
            if len(digits) == 16 and row.y1 < page.height * 0.6:
                nik = make_field(digits, row.lines, p, 0.8 * repair_factor(n),
                                 None if nik_plausible(digits) else 0.4)
                break
    if nik:
        out["nik"] = nik

    # name (may wrap onto a second line)
    h = hits.get("full_name")
    if h and h.value:
        h = continuation(rows, h, LABELS)
        name = clean_name(h.value).upper()
        if len(name.replace(" ", "")) >= 2:
            out["full_name"] = make_field(name, h.lines, p, lab(h))
    elif h is None and "nik" in hits and "birth" in hits and hits["birth"].row_index - hits["nik"].row_index == 2:
        # the card's fixed order: the one row between the NIK and the birth rows is the name's,
        # whatever its label was read as ("Namia"): the label cell, then the value cells
        row = rows[hits["nik"].row_index + 1]
        first = row.lines[0].text.strip(" :")
        if len(row.lines) >= 2 and first.isalpha() and len(first) <= 6:
            name = clean_name(" ".join(l.text for l in row.lines[1:])).upper()
            if len(name.replace(" ", "")) >= 3 and plausible_name(name):
                out["full_name"] = make_field(name, row.lines[1:], p, MISREAD_LABEL)

    # birth place and date
    h = hits.get("birth")
    if h and h.value:
        dates = find_dates(h.value)
        if dates:
            d = dates[-1]
            _fixed, n = digit_field(h.value[d.start:d.end])
            out["birth_date"] = make_field(d.iso, h.lines, p, lab(h) * repair_factor(n))
            place = clean_value(h.value[: d.start]).rstrip(",. ")
        elif (run := date_without_separators(h.value)) is not None:
            iso, start = run
            out["birth_date"] = make_field(iso, h.lines, p, lab(h) * _nik_agrees(nik, iso))
            place = clean_value(h.value[:start]).rstrip(",. ")
        else:
            place = clean_value(h.value.split(",")[0])
        place = re.sub(r"[^A-Za-z .\-]", "", place).strip().upper()
        if place:
            out["birth_place"] = make_field(place, h.lines, p, lab(h))

    # gender, cross-checked with the NIK's day (+40 for women)
    h = hits.get("gender")
    if h and h.value:
        g = parse_gender(h.value)
        if g:
            f = lab(h)
            if nik is not None and nik.confidence > 0.5:
                female = int(nik.value[6:8]) > 40
                if female != (g == "PEREMPUAN"):
                    f *= 0.5
            out["gender"] = make_field(g, h.lines, p, f)

    # plain text values
    for key in ("address", "village", "district", "occupation"):
        h = hits.get(key)
        if h and h.value:
            if key == "address":
                h = continuation(rows, h, LABELS)
            v = clean_value(h.value).upper()
            if key == "address":
                v = fix_address(v)
            if v:
                out[key] = make_field(v, h.lines, p, lab(h))

    h = hits.get("rt_rw")
    if h and h.value:
        parts = re.split(r"\s*[/\\|]\s*|\s+", clean_value(h.value))
        nums = [digit_field(x) for x in parts if x]
        nums = [x for x in nums if x[0]]
        if len(nums) >= 2:
            v = f"{nums[0][0].zfill(3)}/{nums[1][0].zfill(3)}"
            out["rt_rw"] = make_field(v, h.lines, p, lab(h) * repair_factor(nums[0][1] + nums[1][1]))

    for key, choices in (("religion", RELIGIONS), ("marital_status", MARITAL), ("nationality", NATIONALITY)):
        h = hits.get(key)
        if h and h.value:
            v, f = snap(clean_value(h.value), choices)
            if v:
                out[key] = make_field(v, h.lines, p, lab(h) * f)

    h = hits.get("valid_until")
    if h and h.value:
        v = clean_value(h.value).upper()
        if fuzz.ratio(compact(v), "SEUMURHIDUP") >= 75:
            out["valid_until"] = make_field("SEUMUR HIDUP", h.lines, p, lab(h))
        else:
            ds = find_dates(v)
            if ds:
                out["valid_until"] = make_field(ds[0].iso, h.lines, p, lab(h))

    # header rows: province and regency/city, snapped to the official gazetteer names
    top = hits["nik"].row_index if "nik" in hits else 4
    prov_code = reg_code = None
    prov = _header(rows, ("PROVINSI",), max(top, 1))
    if prov:
        raw = re.sub(r"[^A-Z .\-]", "", re.sub(r"^PROVINSI[\s.:]*", "", fold(prov[1].text))).strip()
        m = snap_place_code(raw, "province") if raw else None
        if m:
            prov_code = m.code
            out["province"] = make_field(m.name, prov[1].lines, p, 1.0 if m.score >= 95 else 0.9)
        elif raw:
            out["province"] = make_field(raw, prov[1].lines, p, UNSNAPPED)
    reg = _header(rows, ("KABUPATEN", "KAB", "KOTA"), max(top, 2))
    if reg:
        raw = re.sub(r"[^A-Z .\-]", "", fold(reg[1].text)).strip()
        raw = re.sub(r"^KAB\.?\s", "KABUPATEN ", raw)
        m = snap_place_code(raw, "regency", within=prov_code) if raw else None
        if m:
            reg_code = m.code
            out["regency"] = make_field(m.name, reg[1].lines, p, 1.0 if m.score >= 95 else 0.9)
        elif raw:
            out["regency"] = make_field(raw, reg[1].lines, p, UNSNAPPED)
    if "district" in out and reg_code:
        m = snap_place_code(out["district"].value, "district", within=reg_code, min_score=88)
        if m:
            out["district"].value = m.name
    return out


def extract(pages: list[OcrPage]) -> dict[str, FieldValue]:
    """Extract the KTP fields (contract names) from the OCR'd pages."""
    return merge_best(extract_page(pg) for pg in pages)


register_vocabulary(label_sets=(LABELS,))
