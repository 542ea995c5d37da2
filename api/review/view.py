"""What the review pages show, built from the stored claim, documents and report (no I/O)."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from typing import Any

from intake.models import Claim, Document
from intake.records import DOC_TYPES
from matching.messages import doc_key

CHECK_ORDER = {"mismatch": 0, "unreadable": 1, "missing": 2, "match": 3, "not_applicable": 10}
"""Mismatches first, then what could not be read, then what is missing, then matches; checks the
claim's reason does not use (``not_applicable``) last."""

CHECK_FIELD: dict[str, tuple[str, str]] = {
    "ktp.nik": ("ktp", "nik"),
    "ktp.full_name": ("ktp", "full_name"),
    "ktp.birth_date": ("ktp", "birth_date"),
    "kk.nik": ("kk", "members"),
    "bpjs_card.kpj": ("bpjs_card", "kpj"),
    "bpjs_card.full_name": ("bpjs_card", "full_name"),
    "resignation_letter.full_name": ("resignation_letter", "full_name"),
    "resignation_letter.waiting_period": ("resignation_letter", "resignation_date"),
    "passbook.account_number": ("passbook", "account_number"),
    "passbook.account_holder": ("passbook", "account_holder"),
    "claim.age": ("ktp", "birth_date"),
}
"""Which document field a check compares (for the box colour and the highlight link);
``form.account_holder`` compares two typed values and has none."""

REPORT_CODE_LABELS = {
    "reason_needs_branch": "Perlu dokumen di kantor cabang / Needs documents at a branch",
}
"""Report ``code`` -> what the claim page says about it."""

SLOT_LABELS = {
    "ktp": "KTP",
    "kk": "Kartu Keluarga",
    "bpjs_card": "Kartu BPJS Ketenagakerjaan",
    "resignation_letter": "Surat keterangan berhenti bekerja",
    "passbook": "Buku tabungan",
}

OTHER_TYPE_LABELS = {"sim": "SIM (Surat Izin Mengemudi) sebagai identitas / driving licence as the ID"}
"""Label of a document of another accepted type in a slot (a SIM in the ``ktp`` slot)."""


def _document_label(slot: str, result: dict[str, Any]) -> str:
    """The slot's label, or the label of the other type its document is (a SIM in the ``ktp`` slot,
    whether accepted or not: the page names the ID the claimant uploaded)."""
    key = doc_key(slot, result.get("detected_type"))
    return OTHER_TYPE_LABELS.get(key, SLOT_LABELS.get(slot, slot)) if key != slot else SLOT_LABELS.get(slot, slot)


@dataclass
class Box:
    """One field box drawn over a page image (in stored-image pixels)."""

    field: str
    points: str
    """SVG ``points`` attribute."""
    status: str
    """Check status colouring the box (``match``/``mismatch``/``unreadable``/``missing``/``none``)."""
    label_x: float
    label_y: float


@dataclass
class PageView:
    """One page image of a document, with its boxes."""

    page: int
    width: int
    height: int
    url: str
    boxes: list[Box] = field(default_factory=list)


@dataclass
class DocumentView:
    """One document slot on the claim page."""

    slot: str
    label: str
    doc_id: str | None
    state: str
    status: str | None
    reason: str | None
    message: dict[str, str] | None
    quality: dict[str, Any]
    fields: list[dict[str, Any]]
    pages: list[PageView]
    download_url: str | None


def sorted_checks(report: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The report's checks, mismatches first (stable otherwise)."""
    checks = list((report or {}).get("checks") or [])
    out = []
    for i, c in enumerate(checks):
        slot_field = CHECK_FIELD.get(str(c.get("check")))
        out.append({**c, "_i": i, "anchor": f"{slot_field[0]}-{slot_field[1]}" if slot_field else None})
    out.sort(key=lambda c: (CHECK_ORDER.get(str(c.get("status")), 9), c["_i"]))
    return out


def _field_status(checks: list[dict[str, Any]]) -> dict[tuple[str, str], str]:
    worst: dict[tuple[str, str], str] = {}
    for c in checks:
        key = CHECK_FIELD.get(str(c.get("check")))
        if key is None:
            continue
        status = str(c.get("status"))
        if key not in worst or CHECK_ORDER.get(status, 9) < CHECK_ORDER.get(worst[key], 9):
            worst[key] = status
    return worst


def _display_value(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(
            " ".join(str(m.get(k, "")) for k in ("nik", "full_name", "relationship") if m.get(k))
            if isinstance(m, dict) else str(m)
            for m in value
        )
    return "" if value is None else str(value)


def document_view(claim: Claim, slot: str, doc: Document | None, checks: list[dict[str, Any]]) -> DocumentView:
    """The view of one slot: status, message, quality, fields and the page images with boxes."""
    report_doc = ((claim.report or {}).get("documents") or {}).get(slot) or {}
    result = (doc.result if doc is not None else None) or report_doc
    statuses = _field_status(checks)
    reported = report_doc.get("fields") or {}  # the report's values: glued name words split as typed
    fields = []
    for name, fv in (result.get("fields") or {}).items():
        if not isinstance(fv, dict):
            continue
        value = _display_value(fv.get("value"))
        rv = reported.get(name)
        if isinstance(rv, dict) and _display_value(rv.get("value")).replace(" ", "") == value.replace(" ", ""):
            value = _display_value(rv.get("value"))  # same letters (a report older than a new upload is ignored)
        fields.append({"name": name, "value": value, "confidence": fv.get("confidence"),
                       "page": fv.get("page", 1), "status": statuses.get((slot, name), "none"),
                       "anchor": f"{slot}-{name}"})
    pages: list[PageView] = []
    if doc is not None:
        for entry in doc.page_images or []:
            if not isinstance(entry, dict):
                continue
            n = int(entry.get("page", 1))
            scale = float(entry.get("scale") or 1.0)
            pv = PageView(page=n, width=int(entry["width"]), height=int(entry["height"]),
                          url=f"/review/claims/{claim.id}/documents/{doc.id}/pages/{n}")
            for name, fv in (result.get("fields") or {}).items():
                if not isinstance(fv, dict) or int(fv.get("page", 1)) != n or not fv.get("box"):
                    continue
                try:
                    pts = [(float(x) * scale, float(y) * scale) for x, y in fv["box"]]
                except (TypeError, ValueError):
                    continue
                pv.boxes.append(Box(field=name, points=" ".join(f"{x:.1f},{y:.1f}" for x, y in pts),
                                    status=statuses.get((slot, name), "none"),
                                    label_x=min(x for x, _ in pts), label_y=max(min(y for _, y in pts) - 4, 10)))
            pages.append(pv)
    return DocumentView(
        slot=slot, doc_id=doc.id if doc else None,
        label=_document_label(slot, result),
        state=doc.state if doc else "missing", status=result.get("status") or (None if doc else "missing"),
        reason=result.get("reason"), message=result.get("message"), quality=dict(result.get("quality") or {}),
        fields=fields, pages=pages,
        download_url=f"/review/claims/{claim.id}/documents/{doc.id}/file" if doc else None,
    )


def claim_view(claim: Claim, docs: dict[str, Document]) -> dict[str, Any]:
    """Everything the claim page shows."""
    checks = sorted_checks(claim.report)
    documents = [document_view(claim, slot, docs.get(slot), checks) for slot in DOC_TYPES]
    report = claim.report or {}
    return {
        "claim": claim,
        "form": claim.form or {},
        "checks": checks,
        "mismatches": sum(1 for c in checks if c.get("status") == "mismatch"),
        "documents": documents,
        "problems": report.get("form_problems") or report.get("problems") or [],
        "claim_reason": report.get("claim_reason") or (claim.form or {}).get("claim_reason"),
        "report_code": report.get("code"),
        "report_code_label": REPORT_CODE_LABELS.get(str(report.get("code")), report.get("code")),
        "contract": report.get("contract", 1) if report else None,
    }


def status_token(secret: bytes, claim_id: str) -> str:
    """The claimant's status-page token of ``claim_id`` (HMAC-SHA256, 128 bits, hex)."""
    return hmac.new(secret, b"eklaim.status:" + claim_id.encode(), hashlib.sha256).hexdigest()[:32]


def status_token_ok(secret: bytes, claim_id: str, token: str) -> bool:
    """Constant-time check of a status-page token."""
    return hmac.compare_digest(status_token(secret, claim_id).encode(), (token or "").encode()[:64])


# Workbench (issue 17) ---------------------------------------------------------------------


def diff_segments(typed: str, found: str) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """Character-level difference of ``typed`` and ``found``: each side as ``(text, differs)``
    segments, so the page can mark exactly the characters that differ (a NIK off by one digit)."""
    import difflib

    sm = difflib.SequenceMatcher(a=typed, b=found, autojunk=False)
    left: list[tuple[str, bool]] = []
    right: list[tuple[str, bool]] = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if typed[i1:i2]:
            left.append((typed[i1:i2], op != "equal"))
        if found[j1:j2]:
            right.append((found[j1:j2], op != "equal"))
    return left, right


def sla_class(age_hours: float, sla_hours: float) -> str:
    """``sla-ok`` below half the SLA, ``sla-warn`` below it, ``sla-late`` from it on."""
    if age_hours >= sla_hours:
        return "sla-late"
    if age_hours >= sla_hours / 2:
        return "sla-warn"
    return "sla-ok"


def age_text(age_hours: float) -> str:
    """``"5 j"`` / ``"3 h 4 j"`` (hari/jam): days and hours since submission."""
    hours = int(age_hours)
    days, rest = divmod(hours, 24)
    return f"{days} h {rest} j" if days else f"{rest} j"


def first_reason(report: dict[str, Any] | None) -> dict[str, str] | None:
    """Why the claim has its verdict, in one message: the report's first message, else the
    first check that is not a match, else the first signal."""
    report = report or {}
    for m in report.get("messages") or []:
        if isinstance(m, dict) and m.get("en"):
            return {"id": str(m.get("id") or ""), "en": str(m["en"])}
    for c in sorted_checks(report):
        if c.get("status") not in ("match", "not_applicable") and isinstance(c.get("message"), dict):
            return {"id": str(c["message"].get("id") or ""), "en": str(c["message"].get("en") or "")}
    for s in report.get("signals") or []:
        if isinstance(s, dict) and isinstance(s.get("message"), dict):
            return {"id": str(s["message"].get("id") or ""), "en": str(s["message"].get("en") or "")}
    return None


def why_summary(claim: Claim, documents: list[DocumentView]) -> dict[str, Any]:
    """The top of the claim page: why the claim is here.

    ``messages``: the report's first messages (up to 5); ``documents``: every slot whose
    document is not accepted, with what was found there (a KK in the KTP slot says so, it is
    not "missing"); ``signals``: the report's signals, warnings first; ``mismatches``: count.
    """
    report = claim.report or {}
    messages = [m for m in (report.get("messages") or []) if isinstance(m, dict)][:5]
    if not messages:
        first = first_reason(report)
        messages = [first] if first else []
    docs = []
    for d in documents:
        if d.status in (None, "accepted"):
            continue
        detected = None
        if d.status == "wrong_type":
            r = ((report.get("documents") or {}).get(d.slot) or {})
            detected = r.get("detected_type")
        docs.append({"slot": d.slot, "label": d.label, "status": d.status, "reason": d.reason,
                     "detected_type": detected, "message": d.message})
    signals = sorted([s for s in (report.get("signals") or []) if isinstance(s, dict)],
                     key=lambda s: 0 if s.get("severity") == "warn" else 1)
    return {"messages": messages, "documents": docs, "signals": signals,
            "mismatches": sum(1 for c in (report.get("checks") or []) if c.get("status") == "mismatch")}


def field_crops(documents: list[DocumentView]) -> dict[str, dict[str, Any]]:
    """``"slot-field"`` -> the page image and the ``viewBox`` of the field's box (with a margin),
    for a crop drawn as an SVG ``<image>`` next to the typed/found row (no inline styles, no
    second image request: the browser reuses the page image it already has)."""
    crops: dict[str, dict[str, Any]] = {}
    for d in documents:
        for p in d.pages:
            for b in p.boxes:
                pts = [tuple(map(float, xy.split(","))) for xy in b.points.split()]
                xs, ys = [x for x, _ in pts], [y for _, y in pts]
                pad = max(8.0, (max(ys) - min(ys)) * 0.25)
                x0, y0 = max(0.0, min(xs) - pad), max(0.0, min(ys) - pad)
                x1, y1 = min(float(p.width), max(xs) + pad), min(float(p.height), max(ys) + pad)
                crops[f"{d.slot}-{b.field}"] = {"url": p.url, "width": p.width, "height": p.height,
                                                "view_box": f"{x0:.0f} {y0:.0f} {x1 - x0:.0f} {y1 - y0:.0f}",
                                                "w": round(x1 - x0), "h": round(y1 - y0)}
    return crops
