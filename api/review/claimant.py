"""The claimant's phone page (``/status/{claim_id}?t=...``): what the page says, built from the
claim, its current documents, the report and the last decision (no I/O, no personal values).

Rules the page keeps (issue 16):

* one status line in words, both languages, that never contradicts the advice below it: an
  approved or rejected claim lists nothing to fix, a draft is not "being checked", a claim
  an officer reviews asks nothing of the claimant;
* the things to fix come from the report, each message once, in the report's own order
  (``report["messages"]``), each with *what* to do, *where* (which slot, or the typed form)
  and, when the waiting period is the issue, *by when* (the first date the claim may be filed);
* one re-upload button per slot that is open (a draft: all; a correction: the slots asked for).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from intake.models import Claim, Document
from intake.reasons import normalise_claim_reason, slot_required
from intake.records import DOC_TYPES

SLOT_WORDS: dict[str, tuple[str, str]] = {
    "ktp": ("KTP / SIM", "ID card (KTP / SIM)"),
    "kk": ("Kartu Keluarga (KK)", "Family card (KK)"),
    "bpjs_card": ("Kartu BPJS Ketenagakerjaan", "BPJS Ketenagakerjaan card"),
    "resignation_letter": ("Surat keterangan berhenti bekerja", "Resignation letter / paklaring"),
    "passbook": ("Buku tabungan (halaman pertama)", "Bank passbook (first page)"),
}
"""Each slot in words, Bahasa Indonesia and English."""

DOC_STATUS_WORDS: dict[str, tuple[str, str]] = {
    "accepted": ("Diterima", "Accepted"),
    "rejected": ("Berkas tidak dapat diterima", "File not accepted"),
    "unreadable": ("Tidak terbaca", "Cannot be read"),
    "wrong_type": ("Dokumen tidak sesuai", "Wrong document"),
    "missing": ("Belum diunggah", "Not uploaded yet"),
    "reading": ("Sedang dibaca", "Being read"),
    "failed": ("Belum dapat dibaca, petugas akan memeriksa", "Could not be read yet; an officer will look"),
    "not_required": ("Tidak diperlukan untuk alasan klaim ini", "Not needed for this claim reason"),
}
"""Each document status (and the processing states) in words."""

FORM_WORDS = ("Data formulir", "Typed form")


@dataclass
class FixItem:
    """One thing the claimant must do."""

    what: dict[str, str]
    """The report's message (``id``/``en``)."""
    where: tuple[str, str] | None = None
    """The slot (or the typed form) in words."""
    slot: str | None = None
    """The slot to re-upload (its button is linked)."""
    by_when: date | None = None
    """The first date the claim may be filed (the waiting period)."""


@dataclass
class SlotView:
    """One document slot on the page."""

    slot: str
    words: tuple[str, str]
    status: str
    """A key of :data:`DOC_STATUS_WORDS`."""
    status_words: tuple[str, str]
    message: dict[str, str] | None
    open: bool
    """Whether the claimant may upload here now."""
    asked: bool = False
    """Whether this slot is asked for (a correction, or needed and missing)."""


@dataclass
class ClaimantView:
    """What the claimant page shows."""

    tone: str
    """``ok``, ``bad``, ``warn`` or ``info``: the colour of the status line."""
    headline: tuple[str, str]
    detail: tuple[str, str] | None
    reason: str | None
    """The officer's reason (a correction request or a rejection)."""
    fixes: list[FixItem] = field(default_factory=list)
    slots: list[SlotView] = field(default_factory=list)
    can_submit: bool = False
    revision: int = 1


def _slot_status(doc: Document | None, report_doc: dict[str, Any], fresh: bool) -> tuple[str, dict[str, str] | None]:
    """The slot's status key and message: the current document's own reading when it is newer
    than the report (a re-upload), else the report's."""
    if doc is None:
        return "missing", None
    if doc.state in ("queued", "processing"):
        return "reading", None
    if doc.state == "failed":
        return "failed", None
    result = (doc.result or {}) if fresh else report_doc
    status = str(result.get("status") or "reading")
    if status not in DOC_STATUS_WORDS:
        status = "reading"
    message = result.get("message") if status != "accepted" else None
    return status, message if isinstance(message, dict) else None


def _check_slot(check: str) -> str | None:
    prefix = check.split(".", 1)[0]
    return prefix if prefix in DOC_TYPES else None


def _first_allowed(check: dict[str, Any]) -> date | None:
    """The first date a claim may be filed: the last day of work + 1 calendar month."""
    from matching.rules import waiting_period

    try:
        resigned = date.fromisoformat(str(check.get("found")))
        submitted = date.fromisoformat(str(check.get("typed")))
    except ValueError:
        return None
    return waiting_period(resigned, submitted).first_allowed


def fix_items(report: dict[str, Any], open_slots: set[str]) -> list[FixItem]:
    """The things to fix: each message once, in the report's own order."""
    docs = report.get("documents") or {}
    items: list[FixItem] = []
    for slot in DOC_TYPES:
        d = docs.get(slot) or {}
        if d.get("status") in (None, "accepted"):
            continue
        if d.get("status") == "missing" and d.get("reason") == "not_required":
            continue
        msg = d.get("message")
        if isinstance(msg, dict) and msg.get("id"):
            items.append(FixItem(what=msg, where=SLOT_WORDS[slot], slot=slot if slot in open_slots else None))
    for check in report.get("checks") or []:
        if check.get("status") != "mismatch" or not isinstance(check.get("message"), dict):
            continue
        check_slot = _check_slot(str(check.get("check")))
        by_when = _first_allowed(check) if check.get("check") == "resignation_letter.waiting_period" else None
        if by_when is not None or check.get("check") == "resignation_letter.waiting_period":
            where: tuple[str, str] = SLOT_WORDS["resignation_letter"]
        elif check_slot:  # typed value vs document: either may be the wrong one
            where = (f"{FORM_WORDS[0]} atau {SLOT_WORDS[check_slot][0]}",
                     f"{FORM_WORDS[1]} or {SLOT_WORDS[check_slot][1]}")
        else:
            where = FORM_WORDS
        items.append(FixItem(what=check["message"], where=where,
                             slot=check_slot if check_slot in open_slots and by_when is None else None,
                             by_when=by_when))
    # Each message once (the first keeps its place), then in the report's order.
    seen: set[str] = set()
    unique = []
    for item in items:
        if item.what["id"] in seen:
            continue
        seen.add(item.what["id"])
        unique.append(item)
    order = {str(m.get("id")): i for i, m in enumerate(report.get("messages") or []) if isinstance(m, dict)}
    return sorted(unique, key=lambda it: order.get(it.what["id"], len(order)))


def claimant_view(claim: Claim, docs: dict[str, Document], final_decision: Any | None,
                  correction_reason: str | None = None) -> ClaimantView:
    """The page of ``claim`` (``final_decision``: the last approve/reject ``Decision`` or None)."""
    report = claim.report or {}
    correction = claim.correction or None
    report_docs = report.get("documents") or {}
    reason = normalise_claim_reason(str(report.get("claim_reason") or (claim.form or {}).get("claim_reason") or ""))
    if claim.status == "draft":
        open_slots = set(DOC_TYPES)
    elif correction is not None:
        open_slots = set(correction.get("slots") or [])
    else:
        open_slots = set()
    if final_decision is not None:
        open_slots = set()

    slots: list[SlotView] = []
    for slot in DOC_TYPES:
        doc = docs.get(slot)
        fresh = claim.status == "draft" or claim.report is None or (
            doc is not None and claim.report_updated_at is not None and doc.created_at > claim.report_updated_at)
        status, message = _slot_status(doc, report_docs.get(slot) or {}, fresh)
        if status not in ("accepted", "reading") and not slot_required(reason, slot):
            status, message = "not_required", None  # e.g. the letter of a pensiun claim
        asked = slot in open_slots and (claim.status != "draft" or status != "accepted")
        if correction is not None and correction.get("source") == "verdict":
            asked = status not in ("accepted", "reading") and slot in open_slots
        slots.append(SlotView(slot=slot, words=SLOT_WORDS[slot], status=status, status_words=DOC_STATUS_WORDS[status],
                              message=message, open=slot in open_slots, asked=asked))

    view = ClaimantView(tone="info", headline=("", ""), detail=None, reason=None, slots=slots,
                        revision=claim.revision or 1)
    if not open_slots:  # nothing can be changed now: no document advice that could not be followed
        for sv in slots:
            sv.message = None
            sv.asked = False
    if final_decision is not None and final_decision.action == "approve":
        view.tone, view.headline = "ok", ("Klaim Anda disetujui.", "Your claim was approved.")
        view.detail = ("Petugas BPJS Ketenagakerjaan telah menyetujui klaim ini; tidak ada yang perlu Anda lakukan.",
                       "A BPJS Ketenagakerjaan officer approved this claim; you need not do anything.")
        return view
    if final_decision is not None and final_decision.action == "reject":
        view.tone, view.headline = "bad", ("Klaim Anda ditolak.", "Your claim was rejected.")
        view.reason = final_decision.reason
        return view
    if claim.status == "draft":
        uploaded = sum(1 for s in slots if s.status != "missing")
        view.headline = ("Klaim belum diajukan.", "The claim has not been submitted yet.")
        view.detail = ((f"{uploaded} dari 5 dokumen sudah diunggah. Lengkapi lalu ajukan klaim.",
                        f"{uploaded} of 5 documents uploaded. Complete them, then submit the claim.")
                       if uploaded else ("Belum ada dokumen yang diunggah. Unggah dokumen di bawah.",
                                         "No document uploaded yet. Upload the documents below."))
        view.can_submit = uploaded > 0
        return view
    if claim.status in ("submitted", "processing"):
        view.headline = ("Dokumen Anda sedang diperiksa.", "Your documents are being checked.")
        view.detail = ("Halaman ini diperbarui sendiri; tidak perlu mengunggah ulang.",
                       "This page updates by itself; no need to upload again.")
        return view
    if correction is not None:
        view.tone = "warn"
        view.can_submit = True
        if correction.get("source") == "reviewer":
            view.headline = ("Petugas meminta perbaikan.", "An officer asks you to correct your claim.")
            view.reason = correction_reason or correction.get("reason")
            view.fixes = [FixItem(what={"id": f"Unggah ulang {SLOT_WORDS[s][0]}.",
                                        "en": f"Upload the {SLOT_WORDS[s][1]} again."}, where=SLOT_WORDS[s], slot=s)
                          for s in DOC_TYPES if s in open_slots]
            if correction.get("fields"):
                view.fixes.append(FixItem(what={"id": "Periksa dan perbaiki data yang Anda ketik di formulir klaim.",
                                                "en": "Check and correct the details you typed in the claim form."},
                                          where=FORM_WORDS))
        else:
            view.headline = ("Ada yang perlu Anda perbaiki.", "Something needs your correction.")
            view.fixes = fix_items(report, open_slots)
        view.detail = ("Setelah memperbaiki, tekan \u201cKirim perbaikan\u201d.",
                       "When you have fixed it, press \u201cSend correction\u201d.")
        return view
    if claim.verdict == "clear":
        view.tone, view.headline = "ok", ("Dokumen dan data Anda sesuai.", "Your documents and details match.")
        view.detail = ("Klaim diteruskan ke petugas untuk diproses.", "The claim goes on to an officer for payment.")
        return view
    view.headline = ("Klaim Anda sedang ditinjau petugas.", "An officer is reviewing your claim.")
    view.detail = ("Anda tidak perlu melakukan apa pun sekarang. Bila ada yang perlu diperbaiki, petugas akan memintanya di sini.",
                   "You need not do anything now. If something must be fixed, the officer will ask here.")
    return view


__all__ = ["DOC_STATUS_WORDS", "SLOT_WORDS", "ClaimantView", "FixItem", "SlotView", "claimant_view", "fix_items"]
