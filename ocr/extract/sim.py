"""Field extractor for the SIM (Surat Izin Mengemudi, driving licence), accepted as the ID.

Both designs number their fields ``1.`` to ``6.`` (name, place and date of birth, blood group
and gender, address, occupation, validity); some printings put a label after the number (in
Bahasa Indonesia, or bilingual ``Nama/Name``), some only the number (the labels are on the
back), some stack the label above its value. Values are paired with labels by geometry (same
row right of the label, else under it), then by the field number, and the typed values decide
the rest: the 12-14 digit number line, the latest date on the card (validity), the tallest
short line that is a licence class (``A``, ``B1``, ``C``, ...).

Fields: ``sim_number``, ``full_name``, ``birth_place``, ``birth_date``, ``gender`` (normalised
to ``LAKI-LAKI``/``PEREMPUAN``, where printed), ``address``, ``valid_until`` (ISO date),
``sim_class``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from statistics import median

from ocr.extract.common import UNSEPARATED_FACTOR, date_without_separators, make_field, merge_best, page_rows, repair_factor
from ocr.extract.ktp import fix_address
from ocr.extract.validate import plausible_name, register_vocabulary
from ocr.records import FieldValue, OcrPage, TextLine
from ocr.text import (
    Hit,
    LabelSet,
    Row,
    _cut_at_gap,
    clean_name,
    clean_value,
    compact,
    continuation,
    digit_field,
    find_dates,
    fold,
    line_height,
)

LABELS = LabelSet(
    {
        "sim_number": ["No. SIM", "Nomor SIM", "No SIM", "Nomor SIM/Number", "No. SIM/License No", "License No"],
        "full_name": ["Nama", "Nama/Name", "Nama Lengkap", "Nama Lengkap/Full Name", "Name"],
        "birth": ["Tempat & Tgl. Lahir", "Tempat, Tgl. Lahir", "Tempat/Tgl Lahir", "Tempat, Tanggal Lahir",
                  "Tempat & Tanggal Lahir", "Tempat Tgl Lahir/Place Date of Birth", "Tempat Tanggal Lahir/Place Date of Birth",
                  "Place, Date of Birth", "Place and Date of Birth"],
        "gender": ["Jenis Kelamin", "Kelamin", "Sex", "Jenis Kelamin/Sex", "Gol. Darah - Kelamin",
                   "Gol. Darah/Jenis Kelamin", "Gol. Darah - Jenis Kelamin", "Gol Darah/Kelamin/Blood Type/Sex",
                   "Jenis Kelamin/Gender", "Gender"],
        "blood": ["Gol. Darah", "Golongan Darah", "Blood Type", "Gol. Darah/Blood Type"],
        "address": ["Alamat", "Alamat/Address", "Address"],
        "occupation": ["Pekerjaan", "Pekerjaan/Occupation", "Occupation"],
        "valid_until": ["Berlaku s/d", "Berlaku s.d", "Berlaku Sampai", "Berlaku Hingga", "Berlaku s.d/Expiry",
                        "Berlaku s/d/Expiry", "Berlaku Sampai/Valid Until", "Masa Berlaku", "Valid Until", "Expiry",
                        "Expiry Date", "Berlaku Sampai Dengan"],
        "sim_class": ["Golongan SIM", "Gol. SIM", "Jenis SIM", "Gol. SIM/Class", "Class"],
        "other": ["Diterbitkan Oleh", "Diterbitkan", "Tanggal Terbit", "Tgl. Terbit", "Issued"],
    }
)
"""Printed SIM labels by field key (``blood``, ``occupation`` and ``other`` only stop values)."""

HEADINGS: tuple[str, ...] = (
    "SURAT IZIN MENGEMUDI", "DRIVING LICENSE", "DRIVING LICENCE", "KEPOLISIAN NEGARA REPUBLIK INDONESIA",
    "KORLANTAS POLRI", "POLRI", "POLDA", "SIM",
)
"""Printed headings (never a value)."""

NUMBER_LEN = (12, 14)
"""Inclusive digit count of a SIM number (12 on the older card, 14 on the 2022+ card)."""

CLASSES: dict[str, str] = {
    "A": "A", "AUMUM": "A UMUM", "B1": "B1", "BI": "B1", "B1UMUM": "B1 UMUM", "BIUMUM": "B1 UMUM",
    "B2": "B2", "BII": "B2", "B2UMUM": "B2 UMUM", "BIIUMUM": "B2 UMUM", "C": "C", "C1": "C1", "CI": "C1",
    "C2": "C2", "CII": "C2", "D": "D", "D1": "D1", "DI": "D1",
}
"""Compacted OCR text of a licence class -> the class (``I``/``II`` as printed on older cards)."""

NUMBERED_KEYS: dict[int, str] = {1: "full_name", 2: "birth", 3: "gender", 4: "address", 5: "occupation", 6: "valid_until"}
"""The SIM's field numbers (both designs): what an unlabelled ``n.`` row holds."""

CLASS_MIN_HEIGHT = 1.4
"""A licence class is printed at least this many times the card's median text height..."""
CLASS_MAX_HEIGHT = 6.0
"""...and at most this many (a taller "letter" is the photo or a logo read as one)."""
CLASS_MIN_CONFIDENCE = 0.8
"""Recogniser score below which a lone big letter is not trusted as the class."""

_NUM_PREFIX = re.compile(r"^\s*([1-9])\s*[.,)]\s*(?=\S|$)")
_GENDER_WORDS = {"PRIA": "LAKI-LAKI", "LAKILAKI": "LAKI-LAKI", "LAKI": "LAKI-LAKI", "MALE": "LAKI-LAKI",
                 "WANITA": "PEREMPUAN", "PEREMPUAN": "PEREMPUAN", "FEMALE": "PEREMPUAN"}


@dataclass
class _Value:
    """A value found for one key, with where it came from."""

    text: str
    lines: list[TextLine]
    row: int
    x0: float
    labelled: bool


def parse_gender(value: str) -> str | None:
    """``LAKI-LAKI``/``PEREMPUAN`` from a SIM's gender value (``PRIA``, ``WANITA``, ``O - PRIA``)."""
    for w in re.split(r"[^A-Z]+", fold(value).replace("LAKI-LAKI", "LAKILAKI")):
        if w in _GENDER_WORDS:
            return _GENDER_WORDS[w]
    return None


def parse_class(text: str) -> str | None:
    """A licence class from a short printed text (``C1``, ``B II``, ``A UMUM``), or None."""
    c = compact(text)
    if not c or len(c) > 7:
        return None
    if c in CLASSES:
        return CLASSES[c]
    # a trailing l/| read for 1
    c2 = c[0] + c[1:].replace("L", "1")
    return CLASSES.get(c2)


def _strip_number(text: str) -> tuple[int | None, int]:
    """The field number that begins a row (``4. Alamat``), and the offset after it."""
    m = _NUM_PREFIX.match(text)
    if not m:
        return None, 0
    return int(m.group(1)), m.end()


def _read_rows(rows: list[Row]) -> tuple[dict[str, _Value], dict[int, _Value], list[tuple[str, int, float, float]]]:
    """Labelled values (same row right of the label), numbered values, and labels with no value
    on their row (key, row index, x-span) to look under."""
    labelled: dict[str, _Value] = {}
    numbered: dict[int, _Value] = {}
    empty: list[tuple[str, int, float, float]] = []
    for ri, row in enumerate(rows):
        text = row.text
        num, off = _strip_number(text)
        lh = LABELS.match_start(text[off:], fuzzy=True)
        if lh is None:
            if num is not None:
                end = _cut_at_gap(row, off, len(text))
                v = text[off:end].strip(" :;")
                if v:
                    numbered.setdefault(num, _Value(v, row.lines_in(off, end), ri, row.x_at(off), False))
            continue
        pos = off
        first = True
        while lh is not None:
            start = pos + lh.value_start
            nxt = LABELS.search(text, start)
            end = nxt.start if nxt else len(text)
            end = _cut_at_gap(row, start, end)
            v = text[start:end].strip(" :;")
            if v:
                val = _Value(v, row.lines_in(start, end), ri, row.x_at(start), True)
                labelled.setdefault(lh.key, val)
                if first and num is not None:
                    numbered.setdefault(num, val)
            else:
                empty.append((lh.key, ri, row.x_at(pos + lh.start), row.x_at(pos + lh.end)))
            first = False
            pos, lh = 0, nxt  # later labels come with offsets in the whole row text
    return labelled, numbered, empty


def _under(rows: list[Row], ri: int, x0: float, x1: float) -> tuple[str, list[TextLine], int, float] | None:
    """The value printed under a label (a stacked card): the first line of the next row (within
    two line heights) overlapping the label's column, not itself a label."""
    if ri + 1 >= len(rows):
        return None
    h = rows[ri].height
    r = rows[ri + 1]
    if r.y0 - rows[ri].y1 > 2.0 * h:
        return None
    for i, line in enumerate(r.lines):
        if line.x1 < x0 - h or line.x0 > x1 + 2 * h or line.x0 < x0 - 2 * h:
            continue
        if LABELS.match_start(line.text, fuzzy=False):
            return None
        a, b = r.spans[i]
        end = _cut_at_gap(r, a, b)
        v = r.text[a:end].strip(" :;")
        if v:
            return v, r.lines_in(a, end), ri + 1, line.x0
    return None


def _number(rows: list[Row], labelled: dict[str, _Value], p: int) -> FieldValue | None:
    """The SIM number: the labelled value, else a line of 12-14 digits with few letters and no date."""
    lo, hi = NUMBER_LEN
    v = labelled.get("sim_number")
    if v is not None:
        digits, n = digit_field(v.text)
        if lo <= len(digits) <= hi:
            return make_field(digits, v.lines, p, repair_factor(n))
    best: tuple[float, FieldValue] | None = None
    for row in rows:
        for line in row.lines:
            if find_dates(line.text):
                continue
            digits, n = digit_field(line.text)
            letters = sum(ch.isalpha() for ch in line.text)
            if lo <= len(digits) <= hi and letters <= 3 + n:
                fv = make_field(digits, [line], p, 0.9 * repair_factor(n))
                h = line_height(line)
                if best is None or h > best[0]:
                    best = (h, fv)
    return best[1] if best else None


def _class(page: OcrPage, labelled: dict[str, _Value], p: int) -> FieldValue | None:
    """The licence class: the labelled value, else the tallest short line that is a class."""
    v = labelled.get("sim_class")
    if v is not None:
        c = parse_class(v.text)
        if c:
            return make_field(c, v.lines, p)
    lines = [l for l in page.lines if l.text.strip()]
    if not lines:
        return None
    med = float(median(line_height(l) for l in lines))
    best: tuple[float, str, TextLine] | None = None
    for line in lines:
        c = parse_class(line.text)
        h = line_height(line)
        if (c and CLASS_MIN_HEIGHT * med <= h <= CLASS_MAX_HEIGHT * med and line.confidence >= CLASS_MIN_CONFIDENCE
                and (best is None or h > best[0])):
            best = (h, c, line)
    if best is None:
        return None
    return make_field(best[1], [best[2]], p, 0.95)


def _without_giants(page: OcrPage) -> OcrPage:
    """The page without "lines" far taller than text (the photo or a logo read as a glyph): one
    such box would swallow the rows it spans."""
    hs = [line_height(l) for l in page.lines if l.text.strip()]
    if not hs:
        return page
    med = float(median(hs))
    return replace(page, lines=[l for l in page.lines if line_height(l) <= CLASS_MAX_HEIGHT * med])


def _infer_numbers(rows: list[Row], numbered: dict[int, _Value], labelled: dict[str, _Value]) -> None:
    """Fill field numbers OCR missed (a lone ``1.`` is easily dropped): the row right above the
    value of field ``n + 1``, in the same value column, a full row step away from its own upper
    neighbour (not a wrapped continuation), unnumbered and unlabelled, is field ``n``."""
    used = {v.row for v in numbered.values()} | {v.row for v in labelled.values()}
    pitches = [rows[numbered[k + 1].row].y0 - rows[numbered[k].row].y0 for k in numbered if k + 1 in numbered]
    step = float(median(pitches)) if pitches else 0.0

    def new_field(ri: int) -> bool:
        """Row ``ri`` starts a field (is not a wrapped line of the row above)."""
        if ri < 1:
            return True
        pitch = rows[ri].y0 - rows[ri - 1].y0
        return pitch >= 0.75 * step if step else rows[ri].y0 - rows[ri - 1].y1 >= 0.6 * rows[ri].height

    for n in range(5, 0, -1):
        nxt = numbered.get(n + 1)
        if n in numbered or nxt is None or nxt.row < 1:
            continue
        ri = nxt.row - 1
        row = rows[ri]
        h = row.height
        if ri in used or abs(row.lines[0].x0 - nxt.x0) > 1.5 * h or LABELS.match_start(row.text, fuzzy=False):
            continue
        if not new_field(ri):
            continue
        end = _cut_at_gap(row, 0, len(row.text))
        v = row.text[:end].strip(" :;")
        if v:
            numbered[n] = _Value(v, row.lines_in(0, end), ri, row.lines[0].x0, False)
            used.add(ri)
    # forward from the last numbered row: each later row of the value column a full step below
    # the previous one is the next field (a row closer than that continues the previous value)
    if not numbered or max(numbered) >= 6:
        return
    n = max(numbered)
    last = numbered[n]
    for ri in range(last.row + 1, len(rows)):
        row = rows[ri]
        h = row.height
        if abs(row.lines[0].x0 - last.x0) > 1.5 * h or LABELS.match_start(row.text, fuzzy=False) or ri in used:
            break
        if new_field(ri):
            n += 1
            if n > 6:
                break
            end = _cut_at_gap(row, 0, len(row.text))
            v = row.text[:end].strip(" :;")
            if v and n not in numbered:
                numbered[n] = _Value(v, row.lines_in(0, end), ri, row.lines[0].x0, False)


def extract_page(page: OcrPage) -> dict[str, FieldValue]:
    """Fields of one SIM side."""
    page = _without_giants(page)
    rows = page_rows(page)
    p = page.page
    out: dict[str, FieldValue] = {}
    labelled, numbered, empty = _read_rows(rows)
    _infer_numbers(rows, numbered, labelled)
    for key, ri, x0, x1 in empty:
        if key in labelled:
            continue
        got = _under(rows, ri, x0, x1)
        if got:
            labelled[key] = _Value(got[0], got[1], got[2], got[3], True)

    def value(key: str) -> _Value | None:
        if key in labelled:
            return labelled[key]
        for num, k in NUMBERED_KEYS.items():
            if k == key and num in numbered:
                return numbered[num]
        return None

    num = _number(rows, labelled, p)
    if num:
        out["sim_number"] = num

    v = value("full_name")
    if v is not None:
        name = clean_name(v.text).upper()
        if plausible_name(name) and not any(compact(hd) == compact(name) for hd in HEADINGS):
            out["full_name"] = make_field(name, v.lines, p, 1.0 if v.labelled else 0.95)

    v = value("birth")
    dates_seen: list[tuple[str, list[TextLine]]] = []
    if v is not None:
        ds = find_dates(v.text)
        if ds:
            d = ds[0]
            _fixed, n = digit_field(v.text[d.start:d.end])
            out["birth_date"] = make_field(d.iso, v.lines, p, repair_factor(n) * (1.0 if v.labelled else 0.95))
            place = clean_value(v.text[: d.start]).rstrip(",. ")
            place = re.sub(r"[^A-Za-z .\-]", "", place).strip().upper()
            if place:
                out["birth_place"] = make_field(place, v.lines, p, 1.0 if v.labelled else 0.95)
        elif (run := date_without_separators(v.text)) is not None:  # "05081990": separators lost
            out["birth_date"] = make_field(run[0], v.lines, p, UNSEPARATED_FACTOR)

    v = value("gender")
    if v is not None:
        g = parse_gender(v.text)
        if g:
            out["gender"] = make_field(g, v.lines, p, 1.0 if v.labelled else 0.95)
    if "gender" not in out:  # a gender word anywhere on the card (``O - PRIA``)
        for row in rows:
            g = parse_gender(row.text)
            if g:
                out["gender"] = make_field(g, row.lines, p, 0.85)
                break

    v = value("address")
    if v is not None:
        hit = continuation(rows, Hit("address", v.text, v.lines, v.row, v.labelled, v.x0), LABELS, max_lines=2)
        addr = clean_value(hit.value).upper()
        addr = re.split(r"\s[1-9]\s*[.,)]\s", addr)[0]  # stop at the next numbered field
        addr = fix_address(re.sub(r"^\s*[1-9]\s*[.,)]\s+", "", addr))
        if addr:
            out["address"] = make_field(addr, hit.lines, p, 1.0 if v.labelled else 0.95)

    # validity: the labelled date, else the latest date on the card after the birth date
    v = value("valid_until")
    if v is not None:
        ds = find_dates(v.text)
        if ds:
            out["valid_until"] = make_field(ds[-1].iso, v.lines, p, 1.0 if v.labelled else 0.95)
    if "valid_until" not in out:
        for row in rows:
            for d in find_dates(row.text):
                dates_seen.append((d.iso, row.lines))
        birth = out["birth_date"].value if "birth_date" in out else None
        later = [d for d in dates_seen if birth is None or d[0] > birth]
        if later and (birth is not None or len(dates_seen) >= 2):
            iso, ls = max(later, key=lambda d: d[0])
            out["valid_until"] = make_field(iso, ls, p, 0.85)

    cls = _class(page, labelled, p)
    if cls:
        out["sim_class"] = cls
    return out


def extract(pages: list[OcrPage]) -> dict[str, FieldValue]:
    """Extract the SIM fields (contract names) from the OCR'd pages."""
    return merge_best(extract_page(pg) for pg in pages)


register_vocabulary(label_sets=(LABELS,), phrases=HEADINGS)
