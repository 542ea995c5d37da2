"""The ID slot holds a SIM (driving licence): ``ktp.nik`` through the KK member who is its holder.

A SIM prints no NIK. With a SIM in the ``ktp`` slot (``detected_type`` ``sim``), ``ktp.full_name``
and ``ktp.birth_date`` compare against the SIM as they would against a KTP, and ``ktp.nik``
compares the typed NIK with the NIK that the KK lists for the member whose name (and birth
date, where the KK prints it) matches the SIM (check code ``nik_via_kk``). No usable KK: the
check is ``unreadable``/``missing`` as for any unusable document; no KK member is the SIM's
holder: ``review`` (code ``sim_holder_not_on_kk``), never ``mismatch``.
"""

from __future__ import annotations

from typing import Any

from intake.records import ClaimForm
from matching.compare import (
    DigitResult,
    compare_digits,
    nik_birth_date,
    normalise_digits,
    parse_iso,
    region_as_kk_number,
)
from matching.messages import message
from matching.names import name_score
from matching.records import Check
from ocr.extract.validate import plausible
from ocr.records import DocumentResult, FieldValue

CHECK = "ktp.nik"
"""The check this module decides for a SIM."""


def is_sim(doc: DocumentResult) -> bool:
    """Whether the document is an accepted SIM (in the ``ktp`` slot)."""
    return doc.status == "accepted" and doc.detected_type == "sim"


def _value(doc: DocumentResult, key: str) -> Any:
    """A plausible non-empty field value of the document, or None."""
    fv = doc.fields.get(key)
    if fv is None or fv.value in (None, "", []) or not plausible(key, fv.value):
        return None
    return fv.value


def holder_members(sim: DocumentResult, members: list[Any], *, same_birth_date: bool = True) -> list[dict[str, Any]]:
    """The KK members who are the SIM's holder: the name matches (name rules) and, with
    ``same_birth_date``, the birth date is the same wherever both documents print one; best name
    score first."""
    name = _value(sim, "full_name")
    if not name:
        return []
    born = parse_iso(str(_value(sim, "birth_date") or ""))
    scored: list[tuple[float, dict[str, Any]]] = []
    for m in members:
        if not isinstance(m, dict) or not m.get("full_name"):
            continue
        ns = name_score(str(name), str(m["full_name"]))
        if ns.band != "match":
            continue
        m_born = parse_iso(str(m.get("birth_date") or ""))
        if same_birth_date and born is not None and m_born is not None and m_born != born:
            continue
        scored.append((ns.score, m))
    scored.sort(key=lambda x: x[0], reverse=True)
    return [m for _s, m in scored]


def _misread_birth_date(sim: DocumentResult, member: dict[str, Any]) -> bool:
    """The SIM's birth date and the member's differ in at most two digits, or the member's NIK
    encodes the SIM's birth date: one of them was misread, not another person's."""
    born = parse_iso(str(_value(sim, "birth_date") or ""))
    if born is None:
        return False
    encoded = nik_birth_date(str(member.get("nik") or ""))
    if encoded is not None and (encoded.day, encoded.month, encoded.year2) == (born.day, born.month, born.year % 100):
        return True
    m_born = parse_iso(str(member.get("birth_date") or ""))
    if m_born is None:
        return False
    a, b = born.strftime("%d%m%Y"), m_born.strftime("%d%m%Y")
    return sum(x != y for x, y in zip(a, b, strict=True)) <= 2


def check_nik_via_kk(form: ClaimForm, sim: DocumentResult, kk: DocumentResult) -> Check:
    """``ktp.nik`` when the ID is a SIM: the typed NIK vs the KK's NIK of the SIM's holder.

    Args:
        form: The typed form.
        sim: The accepted SIM (the ``ktp`` slot's document).
        kk: The KK slot's document (any status).
    """
    typed = form.nik
    if kk.status != "accepted":
        if kk.status == "unreadable":
            return Check(CHECK, "unreadable", typed, None, None, message("doc_not_readable", doc="kk"),
                         "document_unreadable")
        return Check(CHECK, "missing", typed, None, None, message("doc_not_available", doc="kk"),
                     f"document_{kk.status}")
    if not _value(sim, "full_name"):
        return Check(CHECK, "unreadable", typed, None, None, message("field_not_read", doc="sim", field="full_name"),
                     "field_not_read")
    kk_members = kk.fields.get("members")
    members = kk_members.value if kk_members is not None and isinstance(kk_members.value, list) else []
    if not members:
        return Check(CHECK, "unreadable", typed, None, None, message("field_not_read", doc="kk", field="members"),
                     "field_not_read")
    holders = [m for m in holder_members(sim, members) if m.get("nik")]
    if not holders:
        # a birth date misread on either document hides the holder: the member named as the SIM
        # whose NIK is the typed one, and whose birth date is one or two digits from the SIM's
        # (or encoded in that NIK), is the holder
        holders = [m for m in holder_members(sim, members, same_birth_date=False)
                   if m.get("nik") and compare_digits(typed, str(m["nik"])).status == "match"
                   and _misread_birth_date(sim, m)]
    if not holders:
        return Check(CHECK, "review", normalise_digits(typed), None, None, message("sim_holder_not_on_kk"),
                     "sim_holder_not_on_kk")
    assert kk_members is not None
    kk_fv = kk.fields.get("kk_number")
    kk_number = normalise_digits(str(kk_fv.value)) if kk_fv is not None else ""
    results = []
    for m in holders:
        fv = FieldValue(value=str(m["nik"]), confidence=float(m.get("confidence", kk_members.confidence)),
                        page=kk_members.page, char_confidences=m.get("nik_char_confidences"))
        r = compare_digits(typed, fv)
        if r.status == "mismatch" and len(r.positions) <= 2 and region_as_kk_number(r, kk_number):
            r = DigitResult("review", r.score, r.positions, r.typed, r.found)  # a region digit misread
        results.append(r)
    for r in results:
        if r.status == "match":
            return Check(CHECK, "match", r.typed, r.found, 100.0, message("nik_via_kk_matches"), "nik_via_kk")
    best = max(results, key=lambda r: r.score)
    if any(r.status == "review" for r in results):
        best = max((r for r in results if r.status == "review"), key=lambda r: r.score)
        return Check(CHECK, "review", best.typed, best.found, best.score, message("nik_via_kk_review"), "nik_via_kk")
    return Check(CHECK, "mismatch", best.typed, best.found, best.score, message("nik_via_kk_differs"), "nik_via_kk")


__all__ = ["CHECK", "check_nik_via_kk", "holder_members", "is_sim"]
