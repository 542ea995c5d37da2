"""The verification report: the 13 contract checks, the verdict and the claimant messages.

Rule of the contract: a check whose document is not ``accepted`` is ``unreadable`` (the
document is unreadable) or ``missing`` (missing, rejected or wrong type), never ``mismatch``.
A field that an accepted document does not yield is ``unreadable`` (code ``field_not_read``).

The claim reason (``intake.reasons``) decides which checks apply: a check the reason does not
use is ``not_applicable`` and never changes the verdict; a slot the reason does not require
(the letter of a ``pensiun`` claim) changes the verdict only through its checks when uploaded
and accepted; ``meninggal`` / ``cacat`` / ``wna`` claims end ``needs_review`` with report code
``reason_needs_branch``; on a reason paid to an heir (``meninggal``) a bank account holder who is
not the worker is ``review`` (code ``heir_account``), never ``mismatch``.

With a SIM in the ID slot, every message about that slot and its checks names the SIM
(:func:`matching.messages.doc_key`); check ids stay ``ktp.*``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from intake.errors import Message
from intake.reasons import PENSION_AGE, rule_for, slot_required
from intake.records import DOC_TYPES, ClaimForm, Problem
from matching.compare import (
    LOW_CONFIDENCE,
    REGION_DIGITS,
    DigitResult,
    compare_dates,
    compare_digits,
    nik_birth_date,
    normalise_digits,
    parse_iso,
    region_as_kk_number,
    resolve_ddmmyy,
)
from matching.locate import (
    Located,
    LocateResult,
    letter_last_days,
    letter_months_without_day,
    locate,
    name_in,
    names_a_worker,
    respace,
)
from matching.messages import ID_SLOT, doc_key, message, reason_docs_code
from matching.names import NameScore, name_score, normalise_name
from matching.records import CHECK_NAMES, Check, Report, Verdict
from matching.rules import RULES_VERSION, pension_age, waiting_period
from matching.sim import check_nik_via_kk, is_sim
from ocr.extract.validate import plausible
from ocr.records import DocumentResult, FieldValue, Signal
from ocr.text import clean_name, find_dates, without_salutation

SPOUSE_RELATIONSHIPS: frozenset[str] = frozenset({"ISTRI", "SUAMI", "SUAMI/ISTRI", "ISTERI", "WIFE", "HUSBAND"})
"""KK relationship values (``Status Hubungan Dalam Keluarga``) that mean spouse."""

NAME_OCR_DOWNGRADE_MIN = 50.0
"""A name mismatch read with low OCR confidence and scoring at least this is ``review``."""


def _doc(documents: dict[str, DocumentResult], slot: str) -> DocumentResult:
    """The slot's result; an absent slot is a ``missing`` document."""
    doc = documents.get(slot)
    return doc if doc is not None else DocumentResult(slot=slot, status="missing", reason="missing")


def _named(doc: DocumentResult) -> str:
    """How messages name the document: ``sim`` for a SIM in the ID slot, else its slot."""
    return doc_key(doc.slot, doc.detected_type)


def _id_doc(docs: dict[str, DocumentResult]) -> str:
    """The claimant's ID document as messages name it (``ktp`` or ``sim``)."""
    return _named(_doc(docs, ID_SLOT))


def _not_accepted(name: str, doc: DocumentResult, typed: str | None) -> Check:
    """The check of a document that cannot be used: ``unreadable`` or ``missing``."""
    if doc.status == "unreadable":
        return Check(name, "unreadable", typed, None, None, message("doc_not_readable", doc=_named(doc)),
                     "document_unreadable")
    return Check(name, "missing", typed, None, None, message("doc_not_available", doc=_named(doc)),
                 f"document_{doc.status}")


def _field(doc: DocumentResult, key: str, today: date | None = None) -> FieldValue | None:
    """A non-empty field of an accepted document whose value is plausible for the field, or None.

    A "value" that is a printed label or has an implausible shape (a name with digits, a KPJ
    that is not 11 digits, a date out of range) is a misread: it is never reported as found.
    """
    fv = doc.fields.get(key)
    if fv is None or fv.value in (None, "", []):
        return None
    if not plausible(key, fv.value, today=today):
        return None
    return fv


def _doc_type(doc: DocumentResult) -> str:
    """The document type whose labels give the fields' roles."""
    return doc.detected_type or doc.slot


def _locate(typed: str, doc: DocumentResult, key: str, kind: str) -> LocateResult | None:
    """The typed value looked for on the document's lines (None when the lines did not travel)."""
    if not doc.lines or not typed:
        return None
    return locate(typed, _doc_type(doc), key, doc.lines, "name" if kind == "name" else "digits")


def _evidence(loc: Located, value: str) -> FieldValue:
    """The field a located value makes: ``value`` read where ``loc`` was."""
    return FieldValue(value=value, confidence=loc.confidence, page=loc.page, box=loc.box)


def _shown_name(found: str) -> str:
    """A found name as its document's field shows it: the name's own characters, no salutation."""
    return without_salutation(clean_name(found))


def _best_role_value(loc: LocateResult | None) -> Located | None:
    """The most confident plausible value that the field's role holds."""
    if loc is None or not loc.role_values:
        return None
    return max(loc.role_values, key=lambda v: v.confidence)


def _field_not_read(name: str, doc: DocumentResult, key: str, typed: str | None) -> Check:
    """The check when an accepted document does not yield the needed field."""
    return Check(name, "unreadable", typed, None, None, message("field_not_read", doc=_named(doc), field=key),
                 "field_not_read")


def _digits_check(name: str, typed: str, doc: DocumentResult, key: str, codes: tuple[str, str]) -> Check:
    """Typed digits vs one digit field of a document, and vs the field's role on its lines.

    The typed number printed in the field's role is a ``match`` whatever the blind extractor
    picked; printed elsewhere on the document only, a difference is ``review``; a mismatch
    needs the typed number found nowhere while the role holds another confident number.
    """
    differs, review = codes
    loc = _locate(typed, doc, key, "digits")
    if loc is not None and loc.in_role is not None:
        t = normalise_digits(typed)
        return Check(name, "match", t, loc.in_role.text, 100.0, message("matches"), "matches",
                     _evidence(loc.in_role, loc.in_role.text))
    if loc is not None and loc.elsewhere is not None and _whole_number(typed, loc.elsewhere.text):
        # every digit of a long typed number printed as one number on the document, whatever
        # the layout calls it: a label the extractor does not know cannot make it a difference
        t = normalise_digits(typed)
        return Check(name, "match", t, loc.elsewhere.text, 100.0, message("matches"), "matches",
                     _evidence(loc.elsewhere, loc.elsewhere.text))
    fv = _field(doc, key)
    if fv is None:
        rv = _best_role_value(loc)
        if rv is None or loc is None:
            return _field_not_read(name, doc, key, typed)
        fv = FieldValue(value=rv.text, confidence=rv.confidence, page=rv.page, box=rv.box)
    r: DigitResult = compare_digits(typed, fv)
    if r.status == "mismatch" and loc is not None and loc.elsewhere is not None:
        r = DigitResult("review", r.score, r.positions, r.typed, r.found)
    if r.status == "mismatch" and r.positions and max(r.positions) < GLUED_EDGE_DIGITS and _glued_to_word(doc, r.found):
        # the number runs straight on from a label's word ("Nomor Rekeni9814..."): its first
        # digits are where the OCR lost the label's end and the colon, not evidence of another number
        r = DigitResult("review", r.score, r.positions, r.typed, r.found)
    if r.status == "match":
        return Check(name, "match", r.typed, r.found, r.score, message("matches"), "matches")
    if r.status == "review":
        return Check(name, "review", r.typed, r.found, r.score, message(review), review)
    return Check(name, "mismatch", r.typed, r.found, r.score, message(differs), differs)


def _specked(digits: str, *, whole: bool = False) -> re.Pattern[str]:
    """``digits`` as printed with up to two specks or separators between any two of them
    (``whole``: not part of a longer number)."""
    body = r"[^0-9A-Za-z]{0,2}".join(digits)
    return re.compile(rf"(?<![0-9]){body}(?![0-9])" if whole else body)


GLUED_EDGE_DIGITS = 2
"""Differences only in this many first digits of a number glued to a word are ``review``."""


def _glued_to_word(doc: DocumentResult, digits: str) -> bool:
    """A line of ``doc`` prints ``digits`` (separators allowed) straight after a letter."""
    if len(digits) < 6:
        return False
    rx = _specked(digits)
    for pl in doc.lines:
        m = rx.search(pl.text)
        if m is not None and m.start() > 0 and pl.text[m.start() - 1].isalpha():
            return True
    return False


WHOLE_NUMBER_MIN_DIGITS = 10
"""A typed number this long, printed whole on the document, is its own evidence (KPJ, account, NIK)."""


def _whole_number(typed: str, found: str) -> bool:
    """``found`` is exactly the typed number (separators aside) and long enough to be no coincidence."""
    t = normalise_digits(typed)
    return len(t) >= WHOLE_NUMBER_MIN_DIGITS and re.sub(r"\D", "", found) == t


def _name_check(name: str, typed: str, doc: DocumentResult, id_doc: str, key: str = "full_name") -> Check:
    """Typed name vs a document's name field, and vs the field's role on its lines.

    The typed name printed in its role (the worker's Nama row, the holder row, the card's name)
    is a ``match`` even when the blind extractor picked another line; found elsewhere only, a
    difference is ``review``; ``mismatch`` needs the typed name found nowhere while the role
    holds another plausible name. Glued words of the found name are split as typed.
    ``id_doc`` names the claimant's ID in the messages (``ktp`` or ``sim``).
    """
    loc = _locate(typed, doc, key, "name")
    if loc is not None and loc.in_role is not None:
        found = respace(loc.in_role.text, typed)
        return Check(name, "match", typed, found, name_score(typed, found).score, message("matches"), "matches",
                     _evidence(loc.in_role, _shown_name(found)))
    fv = _field(doc, key)
    if _signed_by_claimant(doc, typed, loc, fv):
        assert loc is not None and loc.elsewhere is not None
        found = respace(loc.elsewhere.text, typed)
        return Check(name, "match", typed, found, name_score(typed, found).score, message("matches"), "matches",
                     _evidence(loc.elsewhere, _shown_name(found)))
    if fv is None:
        rv = _best_role_value(loc)
        if rv is None:
            return _field_not_read(name, doc, key, typed)
        fv = FieldValue(value=rv.text, confidence=rv.confidence, page=rv.page, box=rv.box)
    found = respace(str(fv.value), typed)
    ns = name_score(typed, found)
    status, code = _name_status(ns, fv)
    if status == "mismatch" and loc is not None and loc.elsewhere is not None:
        status = "review"
    if status == "match":
        return Check(name, "match", typed, found, ns.score, message("matches"), "matches")
    if status == "review":
        return Check(name, "review", typed, found, ns.score, message("name_review", doc=_named(doc)), "name_review")
    return Check(name, "mismatch", typed, found, ns.score, message("name_differs", doc=_named(doc), id_doc=id_doc),
                 code)


def _signed_by_claimant(doc: DocumentResult, typed: str, loc: LocateResult | None, fv: FieldValue | None) -> bool:
    """A letter with no worker's block (nothing says whom it is about: a worker's own letter
    whose first-person wording was not recognised, all of it read as the signer's) that prints
    the typed name of two or more words, while the extractor names nobody else: the letter is
    the claimant's own. A letter written about a worker is never confirmed by its signer's name."""
    if doc.detected_type != "resignation_letter" or loc is None or loc.elsewhere is None or loc.role_values:
        return False
    if len(typed.split()) < 2 or not (fv is None or fv.confidence < GUESS_CONFIDENCE):
        return False
    return not names_a_worker(doc.lines)


def _name_status(ns: NameScore, fv: FieldValue) -> tuple[str, str]:
    """Band of a name score, a mismatch softened to review when OCR was unsure or the name was
    found by its place alone (no label: :data:`GUESS_CONFIDENCE`)."""
    if ns.band == "mismatch" and fv.confidence < LOW_CONFIDENCE and ns.score >= NAME_OCR_DOWNGRADE_MIN:
        return "review", "name_review"
    if ns.band == "mismatch" and fv.confidence < GUESS_CONFIDENCE:
        return "review", "name_review"
    return ns.band, "name_differs"


GUESS_CONFIDENCE = 0.6
"""A name read below this confidence was found by its place on the page, not by a label: it can
confirm the typed name but never stands against it (never accuse on a guess)."""


def _check_ktp_nik(form: ClaimForm, docs: dict[str, DocumentResult]) -> Check:
    doc = _doc(docs, "ktp")
    if doc.status != "accepted":
        return _not_accepted("ktp.nik", doc, form.nik)
    if is_sim(doc):  # a SIM prints no NIK: the KK's NIK of the SIM's holder (contract v2)
        return check_nik_via_kk(form, doc, _doc(docs, "kk"))
    return _digits_check("ktp.nik", form.nik, doc, "nik", ("nik_differs", "nik_review"))


def _check_ktp_name(form: ClaimForm, docs: dict[str, DocumentResult]) -> Check:
    doc = _doc(docs, "ktp")
    if doc.status != "accepted":
        return _not_accepted("ktp.full_name", doc, form.full_name)
    return _name_check("ktp.full_name", form.full_name, doc, _named(doc))


def _check_ktp_birth_date(form: ClaimForm, docs: dict[str, DocumentResult]) -> Check:
    name = "ktp.birth_date"
    typed = form.birth_date_typed
    doc = _doc(docs, "ktp")
    if doc.status != "accepted":
        return _not_accepted(name, doc, typed)
    fv = _field(doc, "birth_date", form.submitted_on)
    printed = _typed_date_on(doc, typed, form.submitted_on)
    if fv is None:
        if printed is not None:  # the field was not read, but the ID prints the typed date
            return Check(name, "match", typed, str(printed.value), 100.0, message("matches"), "matches", printed)
        return _field_not_read(name, doc, "birth_date", typed)
    r = compare_dates(typed, fv, today=form.submitted_on)
    found = r.found.isoformat() if r.found else str(fv.value)
    if r.status == "match":
        return Check(name, "match", typed, found, 100.0, message("matches"), "matches")
    if r.status == "mismatch" and printed is not None:
        # another date was read as the birth date while the ID prints the typed one: a misread
        # is never an accusation
        r = replace(r, status="review")
    if r.status == "review":
        return Check(name, "review", typed, found, None, message("birth_date_review", id_doc=_named(doc)),
                     "birth_date_review")
    if "invalid" in r.differs:
        code = "birth_date_invalid"
    elif "day_month_swapped" in r.differs:
        code = "birth_date_day_month_swapped"
    else:
        code = "birth_date_differs"
    return Check(name, "mismatch", typed, found, None, message(code, id_doc=_named(doc)), code)


def _typed_date_on(doc: DocumentResult, typed: str | None, today: date) -> FieldValue | None:
    """The typed DDMMYY birth date as the ID prints it on one of its lines (any spelling the date
    reader knows), with where; None when no line prints it. An ID's other dates (its validity,
    its issue) are never a person's birth date, so a line printing the typed date is evidence."""
    want = resolve_ddmmyy(typed, today=today) if typed and doc.lines else None
    if want is None:
        return None
    # (or its eight digits with specks or separators between any two: "CIMAHI,07-1.1-2000")
    specked = _specked(want.strftime("%d%m%Y"), whole=True)
    for pl in doc.lines:
        for d in find_dates(pl.text):
            if d.iso == want.isoformat():
                return FieldValue(value=d.iso, confidence=pl.confidence, page=pl.page, box=pl.box)
    for pl in doc.lines:
        if specked.search(pl.text):
            return FieldValue(value=want.isoformat(), confidence=pl.confidence, page=pl.page, box=pl.box)
    return None


def _check_nik_birth_date(form: ClaimForm, docs: dict[str, DocumentResult]) -> Check:
    name = "nik.birth_date"
    typed = normalise_digits(form.birth_date_typed)
    decoded = nik_birth_date(form.nik)
    if decoded is None:
        return Check(name, "mismatch", typed, None, None, message("nik_invalid"), "nik_invalid")
    found = decoded.ddmmyy
    if len(typed) != 6:
        return Check(name, "mismatch", typed, found, None, message("birth_date_invalid"), "birth_date_invalid")
    if typed == found:
        return Check(name, "match", typed, found, 100.0, message("matches"), "matches")
    raw = normalise_digits(form.nik)[6:12]
    if decoded.gender == "PEREMPUAN" and typed == raw:
        code = "nik_birth_date_female_offset"
    else:
        code = "nik_birth_date_differs"
    return Check(name, "mismatch", typed, found, None, message(code), code)


def _member_field(member: Any, fv: FieldValue, key: str) -> FieldValue | None:
    """One member's field as a FieldValue (member confidences win over the list's)."""
    if not isinstance(member, dict) or not member.get(key):
        return None
    return FieldValue(
        value=str(member[key]),
        confidence=float(member.get("confidence", fv.confidence)),
        page=fv.page,
        char_confidences=member.get(f"{key}_char_confidences"),
    )


def _nik_fits_birth_date(member: dict[str, Any]) -> bool:
    """The member's NIK encodes the birth date printed on the same KK row (True when either is
    unknown: nothing to hold against it)."""
    nd = nik_birth_date(str(member.get("nik") or ""))
    born = parse_iso(str(member.get("birth_date") or ""))
    if born is None:
        return True
    if nd is None:
        return False
    return (nd.day, nd.month, nd.year2) == (born.day, born.month, born.year % 100)


def _rows_misread(form: ClaimForm, member: dict[str, Any], r: DigitResult, kk_number: str,
                  confirmed: bool) -> bool:
    """Other documents explain every digit by which a KK row's NIK differs from the typed NIK
    (one or two digits), so the row was misread rather than another person's:

    - a region-code digit (first six) where the typed NIK has the KK number's digit and the row
      does not, when the claimant's KTP prints the typed NIK digit for digit, or when the row is
      the claimant's by its date (its NIK encodes its own printed birth date, which is the typed
      one): another person's NIK differs in its birth date and serial digits, not in the
      family's region code;
    - a birth-date digit where the row's NIK does not encode the row's own printed birth date,
      that date is the typed birth date and the typed NIK encodes it (another member's NIK
      encodes their own birth date, which is not the claimant's).
    """
    if r.status == "match" or not r.positions or len(r.positions) > 2:
        return False
    region = [p for p in r.positions if p < REGION_DIGITS]
    dates = [p for p in r.positions if 6 <= p < 12]
    if len(region) + len(dates) != len(r.positions):
        return False
    born = parse_iso(str(member.get("birth_date") or ""))
    by_date = not dates and born == form.birth_date and _nik_fits_birth_date(member)
    if region and not ((confirmed or by_date) and region_as_kk_number(
            DigitResult(r.status, r.score, tuple(region), r.typed, r.found), kk_number)):
        return False
    if dates:
        if _nik_fits_birth_date(member) or born is None or born != form.birth_date:
            return False
        return _nik_fits_birth_date({"nik": form.nik, "birth_date": born.isoformat()})
    return True


def _id_prints_nik(form: ClaimForm, docs: dict[str, DocumentResult]) -> bool:
    """The claimant's KTP was read and its NIK is the typed NIK, digit for digit."""
    ktp = docs.get("ktp")
    if ktp is None or ktp.status != "accepted" or is_sim(ktp):
        return False
    fv = _field(ktp, "nik")
    return fv is not None and normalise_digits(str(fv.value)) == normalise_digits(form.nik)


def _check_kk_nik(form: ClaimForm, docs: dict[str, DocumentResult]) -> Check:
    name = "kk.nik"
    doc = _doc(docs, "kk")
    if doc.status != "accepted":
        return _not_accepted(name, doc, form.nik)
    fv = _field(doc, "members")
    kk_fv = _field(doc, "kk_number")
    kk_number = normalise_digits(str(kk_fv.value)) if kk_fv is not None else ""
    results: list[DigitResult] = []
    confirmed = _id_prints_nik(form, docs)
    if fv is not None and isinstance(fv.value, list):
        for m in fv.value:
            mf = _member_field(m, fv, "nik")
            if mf is not None:
                r = compare_digits(form.nik, mf)
                if _rows_misread(form, m, r, kk_number, confirmed):
                    # the other documents say the row was misread (see ``_rows_misread``)
                    r = DigitResult("match", r.score, r.positions, r.typed, r.found)
                elif r.status == "mismatch" and len(r.positions) <= 2 and (
                        confirmed or not _nik_fits_birth_date(m) or region_as_kk_number(r, kk_number)):
                    # the KTP prints the typed NIK, the row's NIK does not encode the row's own
                    # birth date, or it differs from the typed NIK only where the typed one agrees
                    # with the KK number's region code: a misread more likely than a different
                    # person (one or two digits from the typed NIK); a person looks
                    r = DigitResult("review", r.score, r.positions, r.typed, r.found)
                results.append(r)
    loc = _locate(form.nik, doc, "nik", "digits")
    if loc is not None and loc.in_role is not None:
        t = normalise_digits(form.nik)
        return Check(name, "match", t, loc.in_role.text, 100.0, message("matches"), "matches")
    if not results:
        return _field_not_read(name, doc, "members", form.nik)
    for r in results:
        if r.status == "match":
            return Check(name, "match", r.typed, r.found, 100.0, message("matches"), "matches")
    if loc is not None and loc.elsewhere is not None:  # printed on the card, but not read as a member's NIK
        results.append(DigitResult("review", 100.0, (), normalise_digits(form.nik), loc.elsewhere.text))
    reviews = [r for r in results if r.status == "review"]
    if reviews:
        best = max(reviews, key=lambda r: r.score)
        return Check(name, "review", best.typed, best.found, best.score, message("kk_nik_review"), "kk_nik_review")
    best_score = max(r.score for r in results)
    if _claimant_row_unread(form, docs, doc, fv):
        # the KK prints the claimant's name (as its head, or in a row) but no member read has it:
        # the claimant's own row was lost to the OCR, not absent from the card; a person looks
        return Check(name, "review", normalise_digits(form.nik), None, best_score, message("kk_nik_review"),
                     "kk_nik_review")
    # other members' NIKs are not echoed in ``found``
    return Check(name, "mismatch", normalise_digits(form.nik), None, best_score, message("nik_not_on_kk"),
                 "nik_not_on_kk")


def _claimant_row_unread(form: ClaimForm, docs: dict[str, DocumentResult], kk: DocumentResult,
                         members: FieldValue | None) -> bool:
    """No member read from the KK has the claimant's name (typed, or the ID's), yet the KK's lines
    print it (the "Nama Kepala Keluarga" row, or a member row whose cells were not read)."""
    names = [n for n in _claimant_names(form, docs) if n]
    read = [str(m.get("full_name") or "") for m in (members.value if members is not None and isinstance(members.value, list)
                                                     else []) if isinstance(m, dict)]
    if any(r and name_score(n, r).band == "match" for n in names for r in read):
        return False
    return any(name_in(n, pl.text) is not None for n in names for pl in kk.lines)


def _check_kpj(form: ClaimForm, docs: dict[str, DocumentResult]) -> Check:
    doc = _doc(docs, "bpjs_card")
    if doc.status != "accepted":
        return _not_accepted("bpjs_card.kpj", doc, form.kpj)
    return _digits_check("bpjs_card.kpj", form.kpj, doc, "kpj", ("kpj_differs", "kpj_review"))


def _check_bpjs_name(form: ClaimForm, docs: dict[str, DocumentResult]) -> Check:
    doc = _doc(docs, "bpjs_card")
    if doc.status != "accepted":
        return _not_accepted("bpjs_card.full_name", doc, form.full_name)
    return _name_check("bpjs_card.full_name", form.full_name, doc, _id_doc(docs))


REASON_NEEDS_BRANCH = "reason_needs_branch"
"""Report ``code`` of a claim whose reason needs documents beyond this service's five."""


def _not_applicable(name: str, reason: str, typed: str | None, code: str = "not_applicable") -> Check:
    """A check the claim's reason does not use (``not_applicable``, never changes the verdict)."""
    return Check(name, "not_applicable", typed, None, None, message(code, reason=reason), code)


def _optional_absent(form: ClaimForm, doc: DocumentResult) -> bool:
    """True when the reason does not require the slot and its document cannot be used."""
    return doc.status != "accepted" and not slot_required(form.claim_reason, doc.slot)


def _check_letter_name(form: ClaimForm, docs: dict[str, DocumentResult]) -> Check:
    doc = _doc(docs, "resignation_letter")
    if _optional_absent(form, doc):
        return _not_applicable("resignation_letter.full_name", form.claim_reason, form.full_name, "letter_not_required")
    if doc.status != "accepted":
        return _not_accepted("resignation_letter.full_name", doc, form.full_name)
    return _name_check("resignation_letter.full_name", form.full_name, doc, _id_doc(docs))


def _check_waiting_period(form: ClaimForm, docs: dict[str, DocumentResult]) -> Check:
    name = "resignation_letter.waiting_period"
    typed = form.submitted_on.isoformat()
    if not rule_for(form.claim_reason).waiting_period:
        return _not_applicable(name, form.claim_reason, typed)
    doc = _doc(docs, "resignation_letter")
    if doc.status != "accepted":
        return _not_accepted(name, doc, typed)
    fv = _field(doc, "resignation_date", form.submitted_on)
    resigned: date | None = parse_iso(str(fv.value)) if fv is not None else None
    if fv is None or resigned is None:
        latest = _every_date_over(doc, form.submitted_on)
        if latest is not None:
            # which date is the last day was not read, but whichever it is, the period is over
            return Check(name, "match", typed, latest.isoformat(), None, message("waiting_period_ok"), "waiting_period_ok")
        return _field_not_read(name, doc, "resignation_date", typed)
    wp = waiting_period(resigned, form.submitted_on)
    found = resigned.isoformat()
    if wp.ok and fv.confidence < LOW_CONFIDENCE and _later_date_not_over(doc, resigned, form.submitted_on):
        # the last day was picked on weak evidence and the letter prints a later date for which
        # the period would not be over: a person reads it (never clear on a guess)
        return Check(name, "review", typed, found, None, message("waiting_period_review"), "waiting_period_review")
    if wp.ok:
        return Check(name, "match", typed, found, None, message("waiting_period_ok"), "waiting_period_ok")
    if fv.confidence < LOW_CONFIDENCE and not _no_date_over(doc, form.submitted_on):
        return Check(name, "review", typed, found, None, message("waiting_period_review"), "waiting_period_review")
    return Check(name, "mismatch", typed, found, None, message("waiting_period_not_over", on=wp.first_allowed),
                 "waiting_period_not_over")


def _no_date_over(doc: DocumentResult, submitted_on: date) -> bool:
    """Whichever of the letter's dates is its last day of work, the waiting period is not over:
    every date that may be the last day (all but starts of employment, birth dates and cited
    documents' dates; the letter's own date included) is within it, and at least one of them is
    not the letter's own date (a letter that prints only its own date says nothing of the last
    day), and no month or year the letter names without a day may be it. A date printed with a
    two-digit year is never sure enough to accuse."""
    own = _field(doc, "letter_date")
    own_iso = str(own.value) if own is not None else None
    dates = letter_last_days(doc.lines)
    if not dates or any(short for _iso, short in dates) or all(iso == own_iso for iso, _s in dates):
        return False
    for iso, _short in dates:
        d = parse_iso(iso)
        if d is None or waiting_period(d, submitted_on).ok:
            return False
    # a last day given only to the month or the year ("sampai Juni 2026") may be long ago
    return not any(waiting_period(date(y, m, 1), submitted_on).ok for y, m in letter_months_without_day(doc.lines))


def _every_date_over(doc: DocumentResult, submitted_on: date) -> date | None:
    """The latest date the letter prints when, whichever of its dates is the last day of work,
    the waiting period is over on ``submitted_on``: the letter's own date was read, every date
    on it (its own and any other, announced or not) is more than the period before submission,
    and no month or year it names without a day may be later. None otherwise (a two-digit year,
    a recent date, nothing read): the check stays ``unreadable``."""
    own = _field(doc, "letter_date")
    if own is None or parse_iso(str(own.value)) is None:
        return None
    found = [d for ln in doc.lines for d in find_dates(ln.text, short_years=True)]
    if any(d.short_year for d in found):
        return None
    dates = [x for d in found if (x := parse_iso(d.iso)) is not None]
    if not dates or not all(waiting_period(d, submitted_on).ok for d in dates):
        return None
    if any(not waiting_period(date(y, m, 1), submitted_on).ok for y, m in letter_months_without_day(doc.lines)):
        return None
    return max(dates)


def _later_date_not_over(doc: DocumentResult, resigned: date, submitted_on: date) -> bool:
    """The letter prints a date after ``resigned`` (other than its own date) for which the
    waiting period would not be over on ``submitted_on``."""
    own = _field(doc, "letter_date")
    own_iso = str(own.value) if own is not None else None
    for ln in doc.lines:
        for d in find_dates(ln.text, short_years=True):
            if d.iso == own_iso or d.iso <= resigned.isoformat():
                continue
            later = parse_iso(d.iso)
            if later is not None and not waiting_period(later, submitted_on).ok:
                return True
    return False


def _check_account_number(form: ClaimForm, docs: dict[str, DocumentResult]) -> Check:
    doc = _doc(docs, "passbook")
    if doc.status != "accepted":
        return _not_accepted("passbook.account_number", doc, form.account_number)
    return _digits_check("passbook.account_number", form.account_number, doc, "account_number",
                         ("account_number_differs", "account_number_review"))


FAMILY_CLOSER_BY = 15.0
"""How much closer (name score points) a holder read with a slip must be to a KK member's name
than to the claimant's, when the claimant's is a plain mismatch, to be taken as that member."""


def _family_holder(holder: str, form: ClaimForm, docs: dict[str, DocumentResult]) -> str | None:
    """``holder_is_spouse`` / ``holder_is_family_member`` when the holder is on the KK.

    The holder is a member when their names match, or, for a holder whose name is plainly not
    the claimant's, when it is within review distance of the member's name and clearly closer to
    it than to the claimant's (one of the two names read with a slip: "SITI AMINAK" for the
    KK's "SITI AMINAH")."""
    kk = _doc(docs, "kk")
    if kk.status != "accepted":
        return None
    fv = _field(kk, "members")
    if fv is None or not isinstance(fv.value, list):
        return None
    claimant_nik = normalise_digits(form.nik)
    claimant = name_score(form.full_name, holder)
    for m in fv.value:
        if not isinstance(m, dict) or not m.get("full_name"):
            continue
        if m.get("nik") and normalise_digits(str(m["nik"])) == claimant_nik:
            continue  # the claimant's own row
        member = name_score(str(m["full_name"]), holder)
        near = member.band == "review" and claimant.band == "mismatch" \
            and member.score >= claimant.score + FAMILY_CLOSER_BY
        if member.band != "match" and not near:
            continue
        if name_score(form.full_name, str(m["full_name"])).band == "match":
            continue  # same name as the claimant: not evidence of another person
        rel = " ".join(str(m.get("relationship") or "").upper().split())
        return "holder_is_spouse" if rel in SPOUSE_RELATIONSHIPS else "holder_is_family_member"
    return None


HEIR_ACCOUNT = "heir_account"
"""Check ``code`` of a holder who is not the worker on a claim paid to an heir (``meninggal``)."""


def _heir_may_hold(check: Check, reason: str) -> Check:
    """A holder check of a claim whose reason pays an heir (``ReasonRule.heir_account``): a
    holder who is not the worker is ``review`` (code ``heir_account``), never ``mismatch``."""
    if check.status != "mismatch" or not rule_for(reason).heir_account:
        return check
    return replace(check, status="review", message=message(HEIR_ACCOUNT), code=HEIR_ACCOUNT)


def _check_account_holder(form: ClaimForm, docs: dict[str, DocumentResult]) -> Check:
    """``passbook.account_holder`` (an heir's account on a ``meninggal`` claim: ``review``)."""
    return _heir_may_hold(_passbook_holder(form, docs), form.claim_reason)


def _passbook_holder(form: ClaimForm, docs: dict[str, DocumentResult]) -> Check:
    """The passbook's holder vs the claimant (the typed name, and the ID's name when read)."""
    name = "passbook.account_holder"
    typed = form.full_name
    doc = _doc(docs, "passbook")
    if doc.status != "accepted":
        return _not_accepted(name, doc, typed)
    ktp = _doc(docs, "ktp")
    ktp_name = _field(ktp, "full_name") if ktp.status == "accepted" else None
    claimant_names = [typed] if ktp_name is None else [typed, str(ktp_name.value)]
    locs = [(n, _locate(n, doc, "account_holder", "name")) for n in claimant_names]
    for n, loc in locs:
        if loc is not None and loc.in_role is not None:
            found = respace(loc.in_role.text, n)
            return Check(name, "match", typed, found, name_score(n, found).score, message("matches"), "matches",
                         _evidence(loc.in_role, _shown_name(found)))
    fv = _field(doc, "account_holder")
    if fv is None:
        rv = _best_role_value(locs[0][1])
        if rv is None:
            return _field_not_read(name, doc, "account_holder", typed)
        fv = FieldValue(value=rv.text, confidence=rv.confidence, page=rv.page, box=rv.box)
    holder = respace(str(fv.value), typed)
    elsewhere = any(loc is not None and loc.elsewhere is not None for _, loc in locs)
    candidates = [name_score(typed, holder)]
    if ktp_name is not None:  # the claimant is the KTP's person; the typed name may have a typo
        candidates.append(name_score(str(ktp_name.value), holder))
    ns = max(candidates, key=lambda n: ({"match": 2, "review": 1, "mismatch": 0}[n.band], n.score))
    status, _ = _name_status(ns, fv)
    if status == "mismatch" and elsewhere:
        status = "review"
    if status == "match":
        return Check(name, "match", typed, holder, ns.score, message("matches"), "matches")
    family = _family_holder(holder, form, docs)
    if family is not None:
        return Check(name, "mismatch", typed, holder, ns.score, message(family), family)
    if status == "review":
        return Check(name, "review", typed, holder, ns.score, message("holder_review"), "holder_review")
    return Check(name, "mismatch", typed, holder, ns.score, message("holder_not_claimant", id_doc=_id_doc(docs)),
                 "holder_not_claimant")


def _claimant_names(form: ClaimForm, docs: dict[str, DocumentResult]) -> list[str]:
    """The claimant's names: the typed one, and the accepted ID's when read."""
    ktp = _doc(docs, "ktp")
    ktp_name = _field(ktp, "full_name") if ktp.status == "accepted" else None
    names = [form.full_name] if form.full_name else []
    if ktp_name is not None:
        names.append(str(ktp_name.value))
    return names


def _check_form_holder(form: ClaimForm, docs: dict[str, DocumentResult]) -> Check:
    """``form.account_holder`` (an heir typed as the holder on a ``meninggal`` claim: ``review``)."""
    return _heir_may_hold(_typed_holder(form, docs), form.claim_reason)


def _typed_holder(form: ClaimForm, docs: dict[str, DocumentResult]) -> Check:
    """The typed account holder vs the typed full name (and the ID's name when read).

    Titles, abbreviations and old spelling are a ``match`` (the name rules of
    :mod:`matching.names`); anyone else's name, the spouse's included, is a ``mismatch``:
    JHT is paid only into the claimant's own account.
    """
    name = "form.account_holder"
    typed = form.account_holder
    if not typed or not form.full_name:
        return Check(name, "missing", typed or None, form.full_name or None, None,
                     message("account_holder_not_typed"), "account_holder_not_typed")
    scores = [name_score(n, typed) for n in _claimant_names(form, docs)]
    ns = max(scores, key=lambda n: ({"match": 2, "review": 1, "mismatch": 0}[n.band], n.score))
    if ns.band == "match":
        return Check(name, "match", typed, form.full_name, ns.score, message("matches"), "matches")
    family = _family_holder(typed, form, docs)
    if family == "holder_is_spouse":
        return Check(name, "mismatch", typed, form.full_name, ns.score, message("account_holder_typed_spouse"),
                     "account_holder_typed_spouse")
    if ns.band == "review" and family is None:
        return Check(name, "review", typed, form.full_name, ns.score, message("account_holder_typed_review"),
                     "account_holder_typed_review")
    return Check(name, "mismatch", typed, form.full_name, ns.score,
                 message("account_holder_typed_differs", id_doc=_id_doc(docs)), "account_holder_typed_differs")


def _check_age(form: ClaimForm, docs: dict[str, DocumentResult]) -> Check:
    """``pensiun`` only: the claimant is :data:`~intake.reasons.PENSION_AGE` or older on ``submitted_on``.

    The birth date is the accepted ID's (KTP or SIM) when read, else the typed one.
    """
    name = "claim.age"
    typed = form.submitted_on.isoformat()
    if not rule_for(form.claim_reason).age_check:
        return _not_applicable(name, form.claim_reason, typed)
    ktp = _doc(docs, "ktp")
    fv = _field(ktp, "birth_date", form.submitted_on) if ktp.status == "accepted" else None
    printed = parse_iso(str(fv.value)) if fv is not None else None
    birth = printed or form.birth_date
    if birth is None:
        return Check(name, "unreadable", typed, None, None, message("age_unknown"), "age_unknown")
    rule = pension_age(birth, form.submitted_on, PENSION_AGE)
    found = birth.isoformat()
    if rule.ok:
        return Check(name, "match", typed, found, None, message("age_reached"), "age_reached")
    if (fv is not None and printed is not None and fv.confidence < LOW_CONFIDENCE and form.birth_date is not None
            and pension_age(form.birth_date, form.submitted_on, PENSION_AGE).ok):
        return Check(name, "review", typed, found, None, message("age_review", id_doc=_named(ktp)), "age_review")
    return Check(name, "mismatch", typed, found, None, message("age_not_reached", on=rule.first_allowed),
                 "age_not_reached")


_CHECKS: dict[str, Callable[[ClaimForm, dict[str, DocumentResult]], Check]] = {
    "ktp.nik": _check_ktp_nik,
    "ktp.full_name": _check_ktp_name,
    "ktp.birth_date": _check_ktp_birth_date,
    "nik.birth_date": _check_nik_birth_date,
    "kk.nik": _check_kk_nik,
    "bpjs_card.kpj": _check_kpj,
    "bpjs_card.full_name": _check_bpjs_name,
    "resignation_letter.full_name": _check_letter_name,
    "resignation_letter.waiting_period": _check_waiting_period,
    "passbook.account_number": _check_account_number,
    "passbook.account_holder": _check_account_holder,
    "form.account_holder": _check_form_holder,
    "claim.age": _check_age,
}
assert tuple(_CHECKS) == CHECK_NAMES


def run_checks(form: ClaimForm, documents: dict[str, DocumentResult]) -> list[Check]:
    """All contract checks, in :data:`CHECK_NAMES` order."""
    return [_CHECKS[name](form, documents) for name in CHECK_NAMES]


def _document_message(doc: DocumentResult) -> Message:
    """The document's own message, or the default text for its status."""
    if doc.message is not None:
        return doc.message
    return message(f"doc_{doc.status}", doc=_named(doc))


def _dedupe(messages: Iterable[Message]) -> list[Message]:
    """Drop repeated messages, keeping the first."""
    seen: set[tuple[str, str]] = set()
    out: list[Message] = []
    for m in messages:
        if (m.id, m.en) not in seen:
            seen.add((m.id, m.en))
            out.append(m)
    return out


NO_TEXT = "no_text_found"
"""Reason of a document on which no text was read."""

RETAKE_REASONS = frozenset({"too_blurry", "too_dark", "too_bright", "glare", "too_small", "image_too_small"})
"""Reasons of an ``unreadable`` document that the claimant fixes by uploading a new photo.

``no_text_found`` (not three lines read on a photo the quality figures did not refuse: a blur
or shake they underrate; its message asks for a new photo) is one too when another document of
the claim was read: when none was, the reader is the likelier fault, and a person looks.

Any other unreadable document (good image, fields still not read reliably: a worn or damaged
card) needs a person to look: ``needs_review``.
"""


def _counted(docs: dict[str, DocumentResult], reason: str | None) -> list[DocumentResult]:
    """The documents whose status counts for the verdict: every required slot, and an optional
    slot's document only when accepted (a missing or unusable optional document is no problem)."""
    if reason is None:
        return list(docs.values())
    return [d for d in docs.values() if d.status == "accepted" or slot_required(reason, d.slot)]


def decide(
    docs: dict[str, DocumentResult],
    checks: Sequence[Check],
    form_problems: Sequence[Problem] = (),
    reason: str | None = None,
    signals: Sequence[Signal] = (),
) -> Verdict:
    """The verdict from document statuses, checks, blocking form problems and the claim reason.

    Args:
        docs: Slot -> document result.
        checks: The checks; ``not_applicable`` ones never count.
        form_problems: Problems of the typed form.
        reason: The normalised claim reason (None: every slot required, as in version 1).
            A reason that needs a branch (``meninggal``, ``cacat``, ``wna``) is ``needs_review``
            unless the form itself must be corrected.
        signals: Claim-level signals; a ``warn`` one makes a ``clear`` claim ``needs_review``.
    """
    if any(not p.soft for p in form_problems):
        return "needs_correction"
    if reason is not None and rule_for(reason).needs_branch:
        return "needs_review"
    counted = _counted(docs, reason)
    applied = [c for c in checks if c.status != "not_applicable"]
    if any(c.status == "mismatch" for c in applied):
        return "needs_correction"
    if any(d.status in ("rejected", "missing", "wrong_type") for d in counted):
        return "needs_correction"
    read_some = any(d.status == "accepted" for d in counted)
    if any(d.status == "unreadable" and (d.reason in RETAKE_REASONS or (d.reason == NO_TEXT and read_some))
           for d in counted):
        # A blurred, dark, glared or tiny photo: the claimant can simply take a new one.
        return "needs_correction"
    if any(d.status != "accepted" for d in counted) or any(c.status != "match" for c in applied):
        return "needs_review"
    if any(s.severity == "warn" for d in docs.values() for s in d.signals) or any(s.severity == "warn" for s in signals):
        return "needs_review"  # a warn signal: a person looks (never needs_correction)
    return "clear"


NAME_FIELDS = ("full_name", "account_holder")
"""Document fields that hold a person's name (KK members' ``full_name`` included)."""


def _respaced(doc: dict[str, Any], form: ClaimForm) -> dict[str, Any]:
    """A document's contract object with glued name words split where the typed names show it.

    The recogniser sometimes drops the space between two words in capitals ("TUTIHANDAYANI");
    a name field whose word has exactly the letters of consecutive typed words is shown split
    ("TUTI HANDAYANI"), as the document prints it. Nothing else changes: a word that differs
    by one letter, or any other field, is reported as read.
    """
    typed = [t for t in (form.full_name, form.account_holder) if t]
    if not typed or not doc.get("fields"):
        return doc

    def fix(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        for t in typed:
            value = respace(value, t)
        return value

    fields = dict(doc["fields"])
    for key, fv in fields.items():
        if key in NAME_FIELDS:
            fields[key] = {**fv, "value": fix(fv.get("value"))}
        elif key == "members" and isinstance(fv.get("value"), list):
            fields[key] = {**fv, "value": [{**m, "full_name": fix(m.get("full_name"))} if isinstance(m, dict) else m
                                           for m in fv["value"]]}
    return {**doc, "fields": fields}


def _evidence_by_slot(checks: Sequence[Check]) -> dict[str, dict[str, FieldValue]]:
    """Slot -> field -> where a matching check found the typed value in the field's role."""
    out: dict[str, dict[str, FieldValue]] = {}
    for c in checks:
        if c.status == "match" and c.evidence is not None and c.evidence.value:
            slot, key = c.check.split(".", 1)
            out.setdefault(slot, {})[key] = c.evidence
    return out


def _confirmed(doc: dict[str, Any], evidence: dict[str, FieldValue]) -> dict[str, Any]:
    """A document's contract object whose fields show what the checks confirmed.

    A check that found the typed value in its field's role (the worker's Nama row, the holder
    row, the card's KPJ) matched on that reading, whatever line the blind extractor picked; where
    the extractor picked another value (the signer's name, another number) or none, the reviewer
    sees the confirmed reading and its box beside the image, so the field and the check never
    tell two stories. A field that already agrees with the confirmed reading stays as extracted
    (its whole reading), and so do fields no check confirmed.
    """
    if not evidence or doc.get("status") != "accepted":
        return doc
    fields = dict(doc.get("fields") or {})
    for key, fv in evidence.items():
        have = (fields.get(key) or {}).get("value")
        if isinstance(have, str) and have and _agrees(key, have, str(fv.value)):
            continue
        fields[key] = fv.as_dict()
    return {**doc, "fields": fields}


def _agrees(key: str, extracted: str, confirmed: str) -> bool:
    """The extracted value says what the confirmed reading says (names by the name rules)."""
    if key in NAME_FIELDS:  # (and no word more: a label's rest read into the name is not the name)
        return name_score(confirmed, extracted).band == "match" \
            and len(normalise_name(extracted)) == len(normalise_name(confirmed))
    return normalise_digits(extracted) == normalise_digits(confirmed)


def build_report(
    claim_id: str,
    form: ClaimForm,
    documents: dict[str, DocumentResult],
    *,
    form_problems: Sequence[Problem] = (),
    signals: Sequence[Signal] = (),
) -> Report:
    """Build the claim's verification report.

    Args:
        claim_id: The claim's id.
        form: The normalised typed form.
        documents: Slot -> pipeline result; a slot not present is ``missing``.
        form_problems: Problems of the typed form (blocking ones make ``needs_correction``
            and come first in the messages).
        signals: Claim-level signals (cross-claim ones, ``workers.signals``), reported after
            the documents' own; a ``warn`` makes a ``clear`` claim ``needs_review``.

    Returns:
        The report: every document slot, all 13 checks in contract order, the verdict, the
        claim reason, the report ``code`` (``reason_needs_branch`` or None) and the claimant
        messages (blocking form problems, then document problems, then failing checks; then
        what to upload for the claim's reason when a required document is not usable or the
        reason needs a branch; then one "an officer will check" line when a person must look).
    """
    docs = {slot: _doc(documents, slot) for slot in DOC_TYPES}
    for slot, doc in documents.items():
        docs.setdefault(slot, doc)
    checks = run_checks(form, docs)
    evidence = _evidence_by_slot(checks)
    reason = form.claim_reason
    rule = rule_for(reason)
    verdict = decide(docs, checks, form_problems, reason, signals)
    code = REASON_NEEDS_BRANCH if rule.needs_branch and verdict == "needs_review" else None

    messages: list[Message] = [p.message for p in form_problems if not p.soft]
    counted = _counted(docs, reason)
    messages += [_document_message(d) for d in counted if d.status != "accepted"]
    messages += [c.message for c in checks if c.status == "mismatch" and c.message is not None]
    docs_code = reason_docs_code(reason)
    if docs_code is not None and (rule.needs_branch or any(d.status != "accepted" for d in counted)):
        messages.append(message(docs_code, id_doc=_id_doc(docs)))
    if code is not None:
        messages.append(message(REASON_NEEDS_BRANCH, reason=reason))
    if verdict == "needs_review" or any(c.status in ("review", "unreadable") for c in checks):
        messages.append(message("review_pending"))

    return Report(
        claim_id=claim_id,
        verdict=verdict,
        documents={slot: _respaced(_confirmed(d.as_contract(), evidence.get(slot, {})), form)
                   for slot, d in docs.items()},
        checks=checks,
        messages=_dedupe(messages),
        versions={"rules": RULES_VERSION},
        signals=[{**s.as_dict(), "detail": {"slot": d.slot, **s.detail}} for d in docs.values() for s in d.signals]
        + [s.as_dict() for s in signals],
        claim_reason=reason or None,
        code=code,
    )
