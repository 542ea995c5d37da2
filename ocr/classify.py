"""Document-type classification from recognised text and page layout.

``classify(pages)`` scores each contract type by weighted keywords found in the compacted
text (upper-case letters and digits only, so dropped spaces do not matter), plus a few layout
hints (page shape, number of lines, 16-digit numbers), and answers the best type with a
confidence, or None when nothing is convincing. The caller turns a confident other type into
``wrong_type`` with reason ``looks_like_<type>``.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from ocr.extract.passbook import BANKS, PRODUCTS
from ocr.extract.passbook import LABELS as PASSBOOK_LABELS
from ocr.records import OcrPage
from ocr.text import compact, digit_field, fold, group_rows

DOC_TYPES = ("ktp", "kk", "bpjs_card", "resignation_letter", "passbook", "sim")
"""The contract's document types, plus ``sim`` (a driving licence, accepted in the ``ktp`` slot)."""

KEYWORDS: dict[str, list[tuple[str, float]]] = {
    "ktp": [("PROVINSI", 1.0), ("BERLAKUHINGGA", 3.0), ("GOLDARAH", 2.0), ("TEMPATTGLLAHIR", 2.0),
            ("KELDESA", 1.5), ("SEUMURHIDUP", 1.5), ("NIK", 1.0), ("KEWARGANEGARAAN", 0.5),
            ("STATUSPERKAWINAN", 0.5), ("RTRW", 0.5), ("KECAMATAN", 0.5)],
    "kk": [("KARTUKELUARGA", 4.0), ("STATUSHUBUNGANDALAMKELUARGA", 3.0), ("NAMAKEPALAKELUARGA", 3.0),
           ("HUBUNGANDALAMKELUARGA", 1.0), ("NAMALENGKAP", 1.0), ("NAMAAYAH", 1.0), ("NAMAIBU", 1.0),
           ("JENISPEKERJAAN", 1.0), ("PENDIDIKAN", 1.0), ("KEPALAKELUARGA", 1.0), ("NOKK", 1.5),
           ("TANGGALPERKAWINAN", 1.0), ("DOKUMENIMIGRASI", 1.0)],
    "bpjs_card": [("BPJSKETENAGAKERJAAN", 4.0), ("KPJ", 2.0), ("JAMSOSTEK", 2.5), ("KARTUPESERTA", 1.5),
                  ("KEPESERTAAN", 1.0), ("BPJS", 1.0), ("PESERTA", 1.0)],
    "resignation_letter": [("SURATKETERANGAN", 2.0), ("PAKLARING", 3.0), ("PARKLARING", 3.0),
                           ("BERHENTIBEKERJA", 2.5), ("PENGUNDURANDIRI", 2.5), ("MENGUNDURKANDIRI", 2.5),
                           ("MENERANGKAN", 2.0), ("YANGBERTANDATANGAN", 1.5), ("PENGALAMANKERJA", 2.0),
                           ("KETERANGANKERJA", 1.5), ("DEMIKIAN", 1.0), ("TERHITUNG", 1.0),
                           ("JABATAN", 0.5), ("NOMOR", 0.5), ("PEMUTUSANHUBUNGANKERJA", 3.0),
                           ("HUBUNGANKERJA", 1.5), ("REFERENSIKERJA", 2.0), ("KARYAWAN", 0.5),
                           ("CERTIFICATEOFEMPLOYMENT", 3.0), ("TOWHOMITMAYCONCERN", 2.5), ("THISISTOCERTIFY", 2.5),
                           ("EMPLOYMENT", 1.5), ("EMPLOYED", 1.5), ("RESIGN", 2.0)],
    "sim": [("SURATIZINMENGEMUDI", 4.0), ("DRIVINGLICEN", 2.5), ("KEPOLISIAN", 1.5), ("KORLANTAS", 1.5),
            ("POLRI", 1.0), ("BERLAKUSD", 1.0), ("DATEOFBIRTH", 1.0), ("PLACEDATE", 0.5)],
    "passbook": [("TABUNGAN", 2.0), ("BUKUTABUNGAN", 2.0), ("REKENING", 2.0), ("NASABAH", 1.5),
                 ("SALDO", 1.0), ("MUTASI", 1.0), ("CABANG", 0.5), ("BANKRAKYATINDONESIA", 2.0),
                 ("BANKNEGARAINDONESIA", 2.0), ("BANKMANDIRI", 2.0), ("BANKCENTRALASIA", 2.0),
                 ("BANKTABUNGANNEGARA", 2.0), ("BRITAMA", 2.0), ("SIMPEDES", 2.0), ("TAPLUS", 2.0),
                 ("TAHAPAN", 1.5), ("BATARA", 1.5), ("BANKSYARIAHINDONESIA", 2.0)],
}
"""Compacted keywords and their weights per type."""

BANK_ACRONYMS = ("BRI", "BNI", "BCA", "BTN", "BSI", "MANDIRI", "CIMB", "BJB", "DANAMON", "PERMATA")
SIM_WORDS = ("SIM", "PRIA", "WANITA", "POLDA", "POLRES")
"""Short words of a SIM (the licence's own abbreviation, its gender words, the issuing police)."""
SIM_NUMBER_LEN = (12, 14)
"""Digits of a SIM number."""
KPJ_LEN = 11
"""Digits of a KPJ number."""
SLOT_MIN_SCORE = 1.5
"""The slot's own type is taken from this score when no other type scores higher: the claimant
said what the document is, so a layout of that type nobody here has seen (a bank's passbook, a
company's letter) is read rather than refused; another type needs :data:`MIN_SCORE` and to
outscore it."""
MIN_SCORE = 3.0
"""Below this best score the document is not recognised."""
FUZZY_MIN_LEN = 9
"""Keywords at least this long may also match fuzzily (OCR slips)."""
CARD_TYPES = ("ktp", "sim", "bpjs_card")
"""Types printed on a card: a few short rows, never running text."""
PROSE_WORDS = 6
"""Words (two letters or more) of a line of running text."""
PROSE_LINES = 3
"""Lines of running text that make a page a letter rather than a card in the letter's slot."""


def _has(text: str, kw: str) -> bool:
    if kw in text:
        return True
    if len(kw) >= FUZZY_MIN_LEN and len(text) >= len(kw):
        return fuzz.partial_ratio(kw, text) >= 90
    return False


def prose_lines(pages: list[OcrPage]) -> int:
    """Recognised lines of running text (:data:`PROSE_WORDS` words or more) on the pages."""
    return sum(1 for p in pages for ln in p.lines if len(re.findall(r"[^\W\d_]{2,}", ln.text)) >= PROSE_WORDS)


def scores(pages: list[OcrPage]) -> dict[str, float]:
    """Keyword and layout score of every type (higher is more likely)."""
    lines = [l for p in pages for l in p.lines]
    text = compact(" ".join(l.text for l in lines))
    words = set(re.findall(r"[A-Z0-9]+", fold(" ".join(l.text for l in lines))))
    out = {t: sum(w for kw, w in kws if _has(text, kw)) for t, kws in KEYWORDS.items()}

    if any(b in words for b in BANK_ACRONYMS):
        out["passbook"] += 1.5
    elif any(len(w) >= 6 and w in text for _short, ws in BANKS + PRODUCTS for w in ws):
        out["passbook"] += 1.5  # a bank's name (BANKJATIM, CIMBNIAGA, PERMATABANK, ...)
    # an account number's own label ("No. Rek", "A/C No", "Account Number") in front of a number:
    # a passbook's, slip's or statement's cue whatever else its owner printed
    rows = [r.text for p in pages for r in group_rows(p.lines)]
    if any((h := PASSBOOK_LABELS.match_start(t, fuzzy=False)) is not None and h.key == "account_number"
           and len(digit_field(t[h.value_start:])[0]) >= 8 for t in rows):
        out["passbook"] += 1.5
    n16 = sum(1 for l in lines if len(digit_field(l.text)[0]) == 16)
    # SIM: several independent cues (its short words, a 12-14 digit number line, numbered rows)
    out["sim"] += 0.75 * min(2, sum(1 for w in SIM_WORDS if w in words))
    n_sim = sum(1 for l in lines if SIM_NUMBER_LEN[0] <= len(digit_field(l.text)[0]) <= SIM_NUMBER_LEN[1]
                and not re.search(r"\d[-./]\d{1,2}[-./]\d", l.text))
    if n_sim == 1 and n16 == 0:
        out["sim"] += 1.0
    numbered = {m.group(1) for l in lines if (m := re.match(r"^\s*([1-6])\s*[.)]\s*\S", l.text))}
    if len(numbered) >= 4:
        out["sim"] += 1.0
    # BPJS card: one 11-digit number (the KPJ's shape) and no NIK-shaped one
    n11 = sum(1 for l in lines if len(digit_field(l.text)[0]) == KPJ_LEN and not re.search(r"\d[-./]\d{1,2}[-./]\d", l.text))
    if n11 == 1 and n16 == 0:
        out["bpjs_card"] += 1.0
    if n16 >= 3:
        out["kk"] += 2.0
    elif n16 == 1:
        out["ktp"] += 0.5
    if pages:
        p = pages[0]
        aspect = p.width / max(1, p.height)
        n = len(p.lines)
        if aspect < 0.9 and n >= 12:
            out["resignation_letter"] += 1.5
        if 1.3 <= aspect <= 1.9 and n <= 30:
            out["ktp"] += 0.5
            out["bpjs_card"] += 0.5
            out["sim"] += 0.5
        if n16 == 0:
            out["ktp"] -= 1.0
    return out


def classify(pages: list[OcrPage]) -> tuple[str | None, float]:
    """The document type of the pages and a confidence 0..1.

    Returns:
        ``(doc_type, confidence)`` with ``doc_type`` one of ``ktp``, ``kk``, ``bpjs_card``,
        ``resignation_letter``, ``passbook``, ``sim``, or ``(None, confidence)`` when no type scores at
        least :data:`MIN_SCORE` (confidence then says how sure the "unknown" is).
    """
    sc = scores(pages)
    ranked = sorted(sc.items(), key=lambda kv: kv[1], reverse=True)
    (best, top), (_second, runner) = ranked[0], ranked[1]
    if top < MIN_SCORE:
        return None, round(1.0 - max(0.0, top) / MIN_SCORE * 0.5, 3)
    margin = (top - max(0.0, runner)) / top
    strength = min(1.0, top / 8.0)
    conf = 0.5 + 0.5 * margin * (0.5 + 0.5 * strength)
    return best, round(conf, 3)


def classify_for_slot(pages: list[OcrPage], accepted: tuple[str, ...]) -> tuple[str | None, float]:
    """The document type of pages uploaded for a slot whose types are ``accepted``.

    Like :func:`classify`, but the slot's own types win from :data:`SLOT_MIN_SCORE` as long as
    no other type scores higher: weak evidence of the expected type beats no evidence of
    another. A confident other type is still answered (the caller makes it ``wrong_type``),
    with one exception by layout: a page of running text (:data:`PROSE_LINES` lines or more)
    with the letter's own cues is the letter in the letter's slot even when a card's words
    score higher (a company's statement that names BPJS Ketenagakerjaan and the KPJ in every
    row is still a letter; a card prints a few short rows).
    """
    detected, conf = classify(pages)
    if detected in accepted:
        return detected, conf
    sc = scores(pages)
    letter = "resignation_letter"
    if (detected in CARD_TYPES and letter in accepted and sc[letter] >= MIN_SCORE
            and prose_lines(pages) >= PROSE_LINES):
        return letter, round(0.5 + 0.25 * min(1.0, sc[letter] / (2 * MIN_SCORE)), 3)
    own = max(accepted, key=lambda t: sc.get(t, 0.0))
    others = max((v for t, v in sc.items() if t not in accepted), default=0.0)
    if sc.get(own, 0.0) >= SLOT_MIN_SCORE and sc.get(own, 0.0) > others:
        return own, round(0.5 + 0.25 * min(1.0, sc[own] / MIN_SCORE), 3)
    return detected, conf
