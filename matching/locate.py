"""Find the typed value among a document's OCR lines and confirm its role by position.

Verification is not blind extraction: the claimant typed a name or a number, and the question
is whether the document prints it *as that field*. A value is in its role when it is the value
of the field's label (same row right of a label such as Nama / NIK / No. Rekening / KPJ, or the
line under it, or the column under a table header), or, on a resignation letter, in the worker's
block rather than the signer's; on a card, a name printed without a label right above or below
the card number.

The labels come from the extractors' own :class:`~ocr.text.LabelSet` lists, so a new layout
needs no new wording here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from matching.compare import compare_digits
from matching.names import modern_spelling, name_score
from ocr.extract import bpjs_card, ktp, passbook, resignation_letter, sim
from ocr.extract.geometry import caption_under_value
from ocr.extract.validate import is_label, plausible
from ocr.records import Box, PageLine, TextLine
from ocr.text import (
    LabelSet,
    Row,
    clean_name,
    column_starts,
    digit_field,
    fold,
    group_rows,
    shifted_hit,
    union_box,
)

Kind = Literal["name", "digits"]
T = TypeVar("T")

ROLE_LABELS: dict[tuple[str, str], tuple[LabelSet, str]] = {
    ("ktp", "nik"): (ktp.LABELS, "nik"),
    ("ktp", "full_name"): (ktp.LABELS, "full_name"),
    ("sim", "full_name"): (sim.LABELS, "full_name"),
    ("bpjs_card", "kpj"): (bpjs_card.LABELS, "kpj"),
    ("bpjs_card", "full_name"): (bpjs_card.LABELS, "full_name"),
    ("resignation_letter", "full_name"): (resignation_letter.LABELS, "full_name"),
    ("passbook", "account_number"): (passbook.LABELS, "account_number"),
    ("passbook", "account_holder"): (passbook.LABELS, "account_holder"),
    ("kk", "nik"): (LabelSet({"nik": ["NIK", "No. KTP", "Nomor Induk Kependudukan"],
                              "other": ["No. KK", "Nomor KK", "No", "Nama Lengkap", "Jenis Kelamin"]}), "nik"),
}
"""Per (document type, field): the label set of that document and the key of the field's label."""

CONFIRM_ONLY = "near_account_number"
"""Role of lines that may confirm a typed value but are never taken as the field's value."""

LETTER_BODY = "letter_body"
"""Role of a letter's rows outside the signer's block: confirm a typed name of 2+ words only."""

PASSBOOK_BODY = "passbook_body"
"""Role of every row of a passbook: it names one person, its holder, so the typed name of 2+
words printed anywhere on it confirms the holder (a bank, branch or product word never
matches a person's name)."""

BODY_ROLES = (LETTER_BODY, PASSBOOK_BODY)
"""Roles that confirm a typed name of two or more words and never stand against it."""

COLUMN_ROWS = 12
"""How many rows under a table header a column value may lie."""


@dataclass(frozen=True)
class Located:
    """A value found on a document's lines, with the evidence of its role."""

    text: str
    """The value text (label and separators removed)."""
    box: Box
    """Where it was read, page pixels."""
    page: int
    """1-based page number."""
    confidence: float
    """Lowest recogniser score of its lines."""
    role: str = ""
    """How its role was confirmed: ``label_right``, ``label_below``, ``label_above`` (a caption under its value), ``column``, ``near_number``,
    ``worker_block``; empty when found but not in the field's role."""
    label: str | None = None
    """The label text that gave it its role, when there is one."""


@dataclass
class LocateResult:
    """Where the typed value was found, and what the field's role holds."""

    in_role: Located | None = None
    """The typed value found in the field's role."""
    elsewhere: Located | None = None
    """The typed value found on the document, but not in the field's role."""
    role_values: list[Located] = field(default_factory=list)
    """Plausible values in the field's role (whatever they say)."""


def _rows_by_page(lines: Sequence[PageLine]) -> dict[int, list[Row]]:
    pages: dict[int, list[TextLine]] = {}
    for pl in lines:
        pages.setdefault(pl.page, []).append(pl.as_text_line())
    return {p: group_rows(ls) for p, ls in sorted(pages.items())}


def _mk(text: str, ls: Sequence[TextLine], page: int, role: str, label: str | None) -> Located:
    return Located(text=text.strip(" :;"), box=union_box(ls), page=page,
                   confidence=min((l.confidence for l in ls), default=0.0), role=role, label=label)


def _below(rows: list[Row], ri: int, x0: float, x1: float, h: float, labels: LabelSet) -> tuple[str, list[TextLine]] | None:
    """The first line under a label (within two line heights), overlapping its column."""
    if ri + 1 >= len(rows):
        return None
    r = rows[ri + 1]
    if r.y0 - rows[ri].y1 > 2.0 * h:
        return None
    for l in r.lines:
        if l.x1 >= x0 - 2 * h and l.x0 <= x1 + 6 * h and not labels.match_start(l.text, fuzzy=False):
            return l.text, [l]
    return None


def _above(rows: list[Row], ri: int, x0: float, x1: float, h: float, labels: LabelSet) -> tuple[str, list[TextLine]] | None:
    """The line right above a caption printed under its value, overlapping its column."""
    if ri == 0:
        return None
    for l in rows[ri - 1].lines:
        if l.x1 >= x0 - 2 * h and l.x0 <= x1 + 6 * h and not labels.match_start(l.text, fuzzy=False):
            return l.text, [l]
    return None


def _column(rows: list[Row], ri: int, x0: float, x1: float, labels: LabelSet) -> list[tuple[str, list[TextLine]]]:
    """Lines under a table header cell: overlapping the header's x-span, in the next rows."""
    out: list[tuple[str, list[TextLine]]] = []
    for r in rows[ri + 1: ri + 1 + COLUMN_ROWS]:
        for l in r.lines:
            overlap = min(l.x1, x1) - max(l.x0, x0)
            if overlap > 0.3 * min(l.x1 - l.x0, x1 - x0) and not labels.match_start(l.text, fuzzy=False):
                out.append((l.text, [l]))
    return out


def role_slots(doc_type: str, field_key: str, lines: Sequence[PageLine]) -> list[Located]:
    """Every value the document prints in the role of ``field_key`` (label right/below/column).

    Resignation letters keep only values in the worker's block (not the signer's); BPJS cards
    add the unlabelled lines right above and below an 11-digit card number.
    """
    spec = ROLE_LABELS.get((doc_type, field_key))
    if spec is None:
        return []
    labels, key = spec
    out: list[Located] = []
    for page, rows in _rows_by_page(lines).items():
        blocks = resignation_letter.row_blocks(rows) if doc_type == "resignation_letter" else [""] * len(rows)
        for ri, row in enumerate(rows):
            if doc_type == "resignation_letter" and blocks[ri] == "signer":
                continue
            role_word = "worker_block" if blocks[ri] == "worker" else ""
            text = row.text
            lh = labels.match_start(text)
            if lh is None:  # a label starting a later column of the row ("No | Nama | Jabatan")
                starts = column_starts(row)[1:]
                lh = next((shifted_hit(m, c) for c in starts if (m := labels.match_start(text[c:], fuzzy=False))), None)
            n_labels = 0
            found_here: list[tuple[int, int, int]] = []  # (label start, label end, value start)
            pos = 0
            while lh is not None:
                n_labels += 1
                found_here.append((lh.start, lh.end, lh.value_start)) if lh.key == key else None
                nxt = labels.search(text, lh.value_start)
                pos = lh.value_start
                lh = nxt if nxt and nxt.start >= pos else None
            if not found_here:
                continue
            h = row.height
            for start, end, vstart in found_here:
                nxt = labels.search(text, vstart)
                vend = nxt.start if nxt else len(text)
                value = text[vstart:vend].strip(" :;")
                label = text[start:end]
                lx0, lx1 = row.x_at(start), row.x_at(max(start, end - 1))
                if value and ":" not in text and not any(ch.isdigit() for ch in value) \
                        and caption_under_value(rows, ri, labels):
                    value = ""  # the rest of a caption under its value ("Nama Sesuai Identitas")
                if value:
                    out.append(_mk(value, row.lines_in(vstart, vend), page, role_word or "label_right", label))
                    continue
                if n_labels >= 2:  # a table header: the column under this cell
                    for t, ls in _column(rows, ri, lx0, max(lx1, lx0 + 4 * h), labels):
                        out.append(_mk(t, ls, page, role_word or "column", label))
                    continue
                if caption_under_value(rows, ri, labels):
                    got = _above(rows, ri, lx0, lx1, h, labels)
                    if got:
                        out.append(_mk(got[0], got[1], page, role_word or "label_above", label))
                    continue
                got = _below(rows, ri, lx0, lx1, h, labels)
                if got:
                    out.append(_mk(got[0], got[1], page, role_word or "label_below", label))
        if doc_type == "bpjs_card" and field_key == "full_name":
            for ri, row in enumerate(rows):
                digits, _n = digit_field(row.text)
                if len(digits) != bpjs_card.KPJ_LEN or sum(ch.isalpha() for ch in row.text) > 8:
                    continue
                for j in (ri - 1, ri + 1, ri - 2):
                    if 0 <= j < len(rows) and not labels.match_start(rows[j].text, fuzzy=False):
                        out.append(_mk(rows[j].text, rows[j].lines, page, "near_number", None))
        if doc_type == "passbook" and field_key == "account_holder":
            # the holder's name printed right above or below the account number, whatever its
            # label says (a layout the extractor does not know); confirms a typed name only
            for ri, row in enumerate(rows):
                digits, _n = digit_field(row.text)
                if not 8 <= len(digits) <= 20 or sum(ch.isalpha() for ch in row.text) > 12:
                    continue
                for j in (ri - 1, ri + 1, ri - 2, ri + 2):
                    if 0 <= j < len(rows) and not labels.match_start(rows[j].text, fuzzy=False):
                        out.append(_mk(rows[j].text, rows[j].lines, page, CONFIRM_ONLY, None))
            for row in rows:
                out.append(_mk(row.text, row.lines, page, PASSBOOK_BODY, None))
        if doc_type == "resignation_letter" and field_key == "full_name":
            inline = resignation_letter.inline_worker_name(rows)
            if inline:
                out.append(_mk(inline[0], inline[1].lines, page, "worker_block", "Sdr."))
            # the letter is about the worker: their whole name anywhere outside the signer's
            # block confirms a typed name of two or more words (whatever words introduce it)
            for ri, row in enumerate(rows):
                if blocks[ri] != "signer":
                    out.append(_mk(row.text, row.lines, page, LETTER_BODY, None))
    return out


def names_a_worker(lines: Sequence[PageLine]) -> bool:
    """The letter opens a worker's block ("menerangkan bahwa", "Sdr.", "certify that", "diberikan
    kepada"; not a "Kepada Yth." addressee, which a worker's own letter has too): it is written
    about a worker, not only signed by one."""
    for pl in lines:
        up = resignation_letter.heal_cues(fold(pl.text))
        if any(not m.group(0).lstrip().startswith("KEPADA") for m in resignation_letter.WORKER_INTRO.finditer(up)):
            return True
    return False


def _each_page(lines: Sequence[PageLine], read: Callable[[list[Row]], list[T]]) -> list[T]:
    """``read`` applied to the rows of each page, results in page order."""
    return [x for rows in _rows_by_page(lines).values() for x in read(rows)]


def letter_last_days(lines: Sequence[PageLine]) -> list[tuple[str, bool]]:
    """Every date of a letter's pages that may be its last day of work (see
    :func:`ocr.extract.resignation_letter.last_day_candidates`)."""
    return _each_page(lines, resignation_letter.last_day_candidates)


def letter_months_without_day(lines: Sequence[PageLine]) -> list[tuple[int, int]]:
    """Months a letter's pages name without a day (see
    :func:`ocr.extract.resignation_letter.months_without_day`)."""
    return _each_page(lines, resignation_letter.months_without_day)


def _name_windows(text: str, n_words: int) -> list[str]:
    """The text, and its runs of 1..n_words+1 consecutive words (a name inside a longer line)."""
    cleaned = clean_name(text)
    # a comma or an abbreviation's dot glued to the next word ends a word ("SUSANTO,telah",
    # "Sdr.JOKOSUSANTO"): the name may start or end there
    words = re.sub(r"([.,])(?=[A-Za-z])", r"\1 ", cleaned).split()
    out = [cleaned]
    for size in range(1, n_words + 2):
        for i in range(max(0, len(words) - size) + 1):
            out.append(" ".join(words[i:i + size]))
    return [w for w in dict.fromkeys(out) if w]


def name_in(typed: str, text: str) -> str | None:
    """The part of ``text`` that is ``typed`` name (OCR-aware name comparison), or None."""
    n = max(1, len(typed.split()))
    best: tuple[float, str] | None = None
    for w in _name_windows(text, n):
        ns = name_score(typed, w)
        if ns.band == "match" and (best is None or ns.score > best[0]):
            best = (ns.score, w)
    return best[1].strip(" ,") if best else None


def digits_in(typed: str, text: str) -> str | None:
    """``typed`` digits when ``text`` prints them (separators, look-alike letters tolerated)."""
    digits, _n = digit_field(text)
    if digits and compare_digits(typed, digits).status == "match":
        return digits
    for m in re.finditer(r"[0-9OoIlSBZ][0-9OoIlSBZ .\-/]{4,}[0-9OoIlSBZ]", text):
        run = m.group(0)
        # a number glued to the word before it may start with that word's last letter read as
        # a digit ("Rekenin9" + "233..."): the number without it counts too
        glued = m.start() > 0 and text[m.start() - 1].isalpha()
        for cand in (run, run[1:]) if glued else (run,):
            d, _ = digit_field(cand)
            if d and compare_digits(typed, d).status == "match":
                return d
    return None


def locate(typed: str, doc_type: str, field_key: str, lines: Sequence[PageLine], kind: Kind) -> LocateResult:
    """Look for ``typed`` on the document, in the role of ``field_key`` first, then anywhere.

    Args:
        typed: The value the claimant typed.
        doc_type: The document type (``ktp``, ``kk``, ``bpjs_card``, ``resignation_letter``, ``passbook``).
        field_key: The contract field (``full_name``, ``nik``, ``kpj``, ``account_number``, ``account_holder``).
        lines: The document's OCR lines (:attr:`ocr.records.DocumentResult.lines`).
        kind: ``name`` (OCR-aware name comparison) or ``digits``.

    Returns:
        The typed value found in its role, found elsewhere, and the plausible values the role
        holds (labels and misshapen values are never among them).
    """
    res = LocateResult()
    if not typed or not lines:
        return res
    match = name_in if kind == "name" else digits_in
    check_key = "full_name" if kind == "name" else field_key
    for loc in role_slots(doc_type, field_key, lines):
        if loc.role in BODY_ROLES and len(typed.split()) < 2:
            continue  # one word may be part of anything (a street, a company)
        hit = match(typed, loc.text)
        if hit is not None:
            if res.in_role is None:
                res.in_role = Located(hit, loc.box, loc.page, loc.confidence, loc.role, loc.label)
            continue
        if loc.role in (CONFIRM_ONLY, *BODY_ROLES):
            continue  # may confirm the typed value, never stands against it
        value = clean_name(loc.text).upper() if kind == "name" else digit_field(loc.text)[0]
        if value and not is_label(loc.text) and plausible(check_key, value):
            res.role_values.append(Located(value, loc.box, loc.page, loc.confidence, loc.role, loc.label))
    if res.in_role is None:
        for pl in lines:
            hit = match(typed, pl.text)
            if hit is not None:
                res.elsewhere = Located(hit, pl.box, pl.page, pl.confidence, "", None)
                break
    if res.in_role is None and res.elsewhere is None and kind == "name" and doc_type == "resignation_letter" \
            and len(typed.split()) >= 2:  # running text wraps
        res.elsewhere = _wrapped_name(typed, lines)
    return res


def _wrapped_name(typed: str, lines: Sequence[PageLine]) -> Located | None:
    """``typed`` name wrapped at a line end: its first words end one line, the rest start the
    line right under it ("... bahwa Sdr. NURUL" / "HIDAYAH NURHAYATI, NIK ...")."""
    ordered = sorted(lines, key=lambda pl: (pl.page, pl.box[0][1], pl.box[0][0]))
    for a in ordered:
        ha = max(1.0, a.box[2][1] - a.box[0][1])
        for b in ordered:
            if b.page != a.page or not 0 < b.box[0][1] - a.box[2][1] < 1.5 * ha or b.box[0][1] <= a.box[0][1]:
                continue
            tail, head = a.text.split()[-3:], b.text.split()[:4]
            hit = name_in(typed, " ".join(tail + head))
            if hit is None or not any(w in hit for w in tail) or not any(w in hit for w in head):
                continue
            box = [[min(a.box[0][0], b.box[0][0]), a.box[0][1]], [max(a.box[1][0], b.box[1][0]), a.box[0][1]],
                   [max(a.box[1][0], b.box[1][0]), b.box[2][1]], [min(a.box[0][0], b.box[0][0]), b.box[2][1]]]
            return Located(hit, box, a.page, min(a.confidence, b.confidence), "", None)
    return None


def respace(found: str, typed: str) -> str:
    """Split words OCR glued together where the typed name shows the split.

    ``respace("TUTIHANDAYANI", "Tuti Handayani")`` -> ``"TUTI HANDAYANI"``. A found word is
    split only when it can be cut into pieces whose letters equal (ignoring case, and old
    spelling against new: ``"DJUANDASOEMARNO"`` for a typed ``"Juanda Sumarno"``) two or more
    consecutive typed words; each piece keeps the document's own spelling.
    """
    t_words = [w for w in re.split(r"\s+", typed.strip()) if w]
    keys = [_spelling_key(w) for w in t_words]
    out: list[str] = []
    for fw in found.split():
        pieces = None
        m = re.fullmatch(r"([A-Za-z]+)([,.;]?)", fw)  # (a name word before the degree's comma)
        if m:
            for i in range(len(keys)):
                for j in range(len(keys), i + 1, -1):
                    pieces = _split_as(m.group(1), keys[i:j])
                    if pieces:
                        pieces[-1] += m.group(2)
                        break
                if pieces:
                    break
        out.extend(pieces or [fw])
    return " ".join(out)


def _spelling_key(word: str) -> str:
    """A word's letters in upper case, old spelling made modern (``DJOKO`` -> ``JOKO``)."""
    return modern_spelling(re.sub(r"[^A-Z]", "", word.upper()))


def _split_as(word: str, keys: list[str]) -> list[str] | None:
    """``word`` cut into ``len(keys)`` pieces whose spelling keys are ``keys`` in order, or None."""
    if not keys or not keys[0]:
        return None
    if len(keys) == 1:
        return [word] if _spelling_key(word) == keys[0] else None
    for cut in range(1, len(word)):
        head = word[:cut]
        if _spelling_key(head) != keys[0]:
            continue
        rest = _split_as(word[cut:], keys[1:])
        if rest is not None:
            return [head, *rest]
    return None


__all__ = ["ROLE_LABELS", "LocateResult", "Located", "digits_in", "letter_last_days", "letter_months_without_day", "locate", "name_in", "names_a_worker", "respace",
           "role_slots"]
