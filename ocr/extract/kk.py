"""Field extractor for the Kartu Keluarga (family card).

The KK prints its members in two tables: the first (No, Nama Lengkap, NIK, Jenis Kelamin,
Tempat Lahir, Tanggal Lahir, ...) and the second (No, Status Perkawinan, ..., Status Hubungan
Dalam Keluarga, ...). Rows are joined by their row number, else by order.
"""

from __future__ import annotations

import re
from typing import Any

from rapidfuzz import fuzz, process

from ocr.extract.common import make_field, page_rows, repair_factor
from ocr.extract.ktp import nik_plausible, parse_gender
from ocr.extract.validate import register_vocabulary
from ocr.records import FieldValue, OcrPage, TextLine
from ocr.text import Row, clean_name, compact, digit_field, find_dates, line_height, union_box

RELATIONSHIPS = ["KEPALA KELUARGA", "SUAMI", "ISTRI", "ANAK", "MENANTU", "CUCU", "ORANG TUA",
                 "MERTUA", "FAMILI LAIN", "PEMBANTU", "LAINNYA"]
"""Printed values of Status Hubungan Dalam Keluarga."""


HEADER1_WORDS = ("NAMALENGKAP", "JENISKELAMIN", "TEMPATLAHIR", "TANGGALLAHIR", "AGAMA", "PENDIDIKAN",
                 "JENISPEKERJAAN")
"""Column titles of the first table (compacted)."""
HEADER2_WORDS = ("STATUSPERKAWINAN", "STATUSHUBUNGANDALAMKELUARGA", "KEWARGANEGARAAN", "NOPASPOR", "NOKITAP",
                 "NAMAAYAH", "NAMAIBU")
"""Column titles of the second table (compacted)."""


def _header_hits(row: Row, words: tuple[str, ...]) -> int:
    """How many column titles appear in the row, each tolerating a few OCR slips."""
    cells = [compact(l.text) for l in row.lines]
    hits = 0
    for w in words:
        if any(w in c or (len(c) >= 4 and fuzz.partial_ratio(w, c) >= 80 and abs(len(c) - len(w)) <= 4) for c in cells):
            hits += 1
    return hits


def _is_header1(row: Row) -> bool:
    c = compact(row.text)
    return "NAMALENGKAP" in c or ("NIK" in c and "JENISKELAMIN" in c) or _header_hits(row, HEADER1_WORDS) >= 3


def _is_header2(row: Row) -> bool:
    c = compact(row.text)
    return ("HUBUNGAN" in c or ("STATUSPERKAWINAN" in c and "KEWARGANEGARAAN" in c)
            or _header_hits(row, HEADER2_WORDS) >= 3)


def _row_number(row: Row) -> int | None:
    m = re.match(r"^\s*(\d{1,2})(?:\s|[.)]|$)", row.text)
    return int(m.group(1)) if m else None


def _header_x(row: Row, word: str) -> tuple[float, float] | None:
    for l in row.lines:
        if word in compact(l.text):
            return l.x0, l.x1
    return None


def _nik_line(row: Row, row_no: int | None = None) -> tuple[TextLine, str, int] | None:
    """The row's 16-digit NIK cell; a row number fused in front of it by OCR is dropped."""
    for l in row.lines:
        digits, n = digit_field(l.text)
        if len(digits) == 16:
            return l, digits, n
        if len(digits) in (17, 18):
            # a row number or a table rule read as a digit, fused in front of the NIK
            tail = digits[-16:]
            if row_no is not None and digits[:-16] == str(row_no):
                return l, tail, n + 1
            if nik_plausible(tail):
                # not the row number: a digit read twice or a rule read as one, anywhere in
                # the number; the tail is a guess, so it counts as several repairs (unsure)
                return l, tail, n + 3
    return None


def _relationship(text: str) -> tuple[str, float] | None:
    c = compact(text)
    if not c:
        return None
    best = process.extractOne(c, {r: compact(r) for r in RELATIONSHIPS}, scorer=fuzz.ratio)
    if best and best[1] >= 80:
        return best[2], (1.0 if best[1] >= 99 else 0.9)
    return None


def _members_table1(rows: list[Row], start: int, stop: int) -> list[dict[str, Any]]:
    header = rows[start]
    nik_col = _header_x(header, "NIK")
    name_col = _header_x(header, "NAMA")
    members: list[dict[str, Any]] = []
    for i in range(start + 1, stop):
        row = rows[i]
        found = _nik_line(row, len(members) + 1)
        if found is None:
            # a wrapped name: a row with text only in the name column, right under a member
            if members and name_col and nik_col and all(l.x1 <= nik_col[0] + 5 and l.x0 >= name_col[0] - 30 for l in row.lines):
                prev = members[-1]
                if row.y0 - prev["_y1"] < 0.9 * row.height and not re.search(r"\d", row.text):
                    prev["full_name"] = f"{prev['full_name']} {clean_name(row.text).upper()}".strip()
                    prev["_lines"].extend(row.lines)
                    prev["_y1"] = row.y1
            continue
        nline, nik, n = found
        left = [l for l in row.lines if l.x1 <= nline.x0 + 2 and l is not nline]
        right = [l for l in row.lines if l.x0 >= nline.x1 - 2 and l is not nline]
        name_lines = [l for l in left if not re.fullmatch(r"\s*\d{1,2}[.)]?\s*", l.text)]
        name_text = " ".join(l.text for l in name_lines)
        # a row number, with or without a space: "1 BUDI", "2ZAHRA" (names never start with digits)
        name_text = re.sub(r"^\s*\d{1,2}[.)]?\s*(?=[^\d\s])", "", name_text)
        conf = min([nline.confidence] + [l.confidence for l in name_lines]) * repair_factor(n)
        if not nik_plausible(nik):
            conf = min(conf, 0.4)
        member: dict[str, Any] = {"nik": nik, "full_name": clean_name(name_text).upper()}
        gender = next((g for g in (parse_gender(l.text) for l in right) if g), None)
        if gender:
            member["gender"] = gender
        for l in right:
            ds = find_dates(l.text)
            if ds:
                member["birth_date"] = ds[0].iso
                break
        member["_no"] = _row_number(row)
        member["_conf"] = conf
        member["_lines"] = [nline, *name_lines]
        member["_y1"] = row.y1
        members.append(member)
    return members


def _relationships(rows: list[Row], start: int) -> list[tuple[int | None, str, float]]:
    header = rows[start]
    col = _header_x(header, "HUBUNGAN")
    out: list[tuple[int | None, str, float]] = []
    for row in rows[start + 1:]:
        if _is_header1(row) or _is_header2(row):
            break
        cands = row.lines
        if col:
            h = line_height(row.lines[0])
            cands = [l for l in row.lines if l.x0 >= col[0] - 3 * h and l.x0 <= col[1]]
        for group in (cands, [l for l in row.lines if l not in cands]):
            rel = next(((l, r) for l in group if (r := _relationship(l.text))), None)
            if rel:
                out.append((_row_number(row), rel[1][0], rel[0].confidence * rel[1][1]))
                break
    return out


def extract_page(page: OcrPage) -> dict[str, FieldValue]:
    """Fields of one KK page."""
    rows = page_rows(page)
    out: dict[str, FieldValue] = {}
    p = page.page
    h1 = next((i for i, r in enumerate(rows) if _is_header1(r)), None)
    h2 = next((i for i, r in enumerate(rows) if _is_header2(r) and (h1 is None or i > h1)), None)

    # KK number: the first 16-digit number above the member table (``No. 3204...``)
    for row in rows[: h1 if h1 is not None else len(rows)]:
        c = compact(row.text)
        digits, n = digit_field(row.text)
        if len(digits) == 16:
            factor = repair_factor(n) * (1.0 if ("NO" in c[:6] or "KK" in c) else 0.85)
            out["kk_number"] = make_field(digits, row.lines, p, factor, None if nik_plausible(digits) else 0.4)
            break

    if h1 is None:
        return out
    members = _members_table1(rows, h1, h2 if h2 is not None else len(rows))
    if not members:
        return out
    if h2 is not None:
        rels = _relationships(rows, h2)
        by_no = {no: (rel, c) for no, rel, c in rels if no is not None}
        for idx, m in enumerate(members):
            got = by_no.get(m["_no"]) if m["_no"] is not None and by_no else None
            if got is None and len(rels) == len(members):
                got = (rels[idx][1], rels[idx][2])
            if got:
                m["relationship"] = got[0]
    lines: list[TextLine] = []
    clean: list[dict[str, Any]] = []
    for m in members:
        lines.extend(m["_lines"])
        c = round(m["_conf"], 4)
        clean.append({k: v for k, v in m.items() if not k.startswith("_")} | {"confidence": c})
    conf = min(m["_conf"] for m in members)
    out["members"] = FieldValue(value=clean, confidence=round(conf, 4), page=p, box=union_box(lines))
    return out


def extract(pages: list[OcrPage]) -> dict[str, FieldValue]:
    """Extract ``kk_number`` and ``members`` from the OCR'd pages.

    Members of all pages are concatenated (a KK rarely spans pages); the KK number is the
    most confident one found.
    """
    out: dict[str, FieldValue] = {}
    for pg in pages:
        res = extract_page(pg)
        if "kk_number" in res and ("kk_number" not in out or res["kk_number"].confidence > out["kk_number"].confidence):
            out["kk_number"] = res["kk_number"]
        if "members" in res:
            if "members" not in out:
                out["members"] = res["members"]
            else:
                prev = out["members"]
                prev.value = list(prev.value) + list(res["members"].value)
                prev.confidence = min(prev.confidence, res["members"].confidence)
    return out


register_vocabulary(phrases=tuple(RELATIONSHIPS), compacted=HEADER1_WORDS + HEADER2_WORDS)
